"""The compiled doubled-word scan gives ``re``'s matches of ``doubled.DOUBLED``
exactly (spans and words), reads every character as ``re`` does, and the
CLI's JSON is byte for byte the same with and without it.

Without a built kernel (no C compiler at install time) the comparisons skip
and say so; the forced pure path is tested either way.
"""

from __future__ import annotations

import _sre  # type: ignore[import-not-found]
import json
import re

import pytest
from conftest import EXAMPLES, SHARED, assert_check_json_same_both_ways, kernel_corpora
from hypothesis import given, settings
from hypothesis import strategies as st

import qualitycheck.detect.rules.doubled as doubled
from qualitycheck.primitives.accelerators import PURE_PYTHON_ENV
from qualitycheck.readers.txt import parse_text

BUILT = doubled.compiled_module()
needs_kernel = pytest.mark.skipif(
    BUILT is None,
    reason="the compiled doubled-word kernel is not built here (no C compiler or Cython at "
    "install time, or QUALITYCHECK_PURE_PYTHON is set): run `python hatch_build.py` to build it",
)

_LETTER = re.compile(r"[^\W\d_]")
_WORDISH = re.compile(r"[\w'’-]")
_SPACE = re.compile(r"\s")


def _reading(text: str) -> list[tuple[bool, bool, bool, str]]:
    """How ``re`` reads each character: the pattern's three classes and the
    simple lower case its case-insensitive back-reference compares."""
    return [
        (
            _LETTER.fullmatch(ch) is not None,
            _WORDISH.fullmatch(ch) is not None,
            _SPACE.fullmatch(ch) is not None,
            chr(_sre.unicode_tolower(ord(ch))),
        )
        for ch in text
    ]


def test_the_environment_forces_the_pure_path(monkeypatch):
    monkeypatch.setenv(PURE_PYTHON_ENV, "1")
    doubled.compiled_module.cache_clear()
    doubled.scanner.cache_clear()
    try:
        assert doubled.compiled_module() is None
        assert doubled.scanner() is doubled.pure_spans
    finally:
        doubled.compiled_module.cache_clear()
        doubled.scanner.cache_clear()


@needs_kernel
def test_the_kernel_is_used_for_the_pattern_it_was_written_for():
    assert BUILT is not None
    assert doubled.DOUBLED.pattern == BUILT.DOUBLED_PATTERN
    assert doubled.scanner() is BUILT.spans


@needs_kernel
def test_the_back_reference_compares_simple_lower_cases():
    """What the scan takes from ``re``'s reading: a back-reference ignoring
    case matches a character exactly when the simple lower cases agree
    (``İ`` and ``i``: ``İ``'s simple lower case is ``i``; ``K`` and the Kelvin
    sign; ``ſ`` and ``s`` do not)."""
    for first, second in ("İi", "iİ", "K\u212a", "k\u212a", "ſs", "sſ", "ßẞ", "ǅǆ", "ΣΣ", "σς"):
        text = f"{first} {second}"
        expected = _sre.unicode_tolower(ord(first)) == _sre.unicode_tolower(ord(second))
        assert (doubled.DOUBLED.search(text) is not None) == expected, text
        assert BUILT is not None
        assert BUILT.spans(text) == doubled.pure_spans(text)


@needs_kernel
def test_every_ascii_and_latin_character_is_read_as_re_reads_it():
    text = "".join(map(chr, range(0x800)))
    assert BUILT is not None
    assert BUILT.reading(text) == _reading(text)


@needs_kernel
@pytest.mark.slow
def test_every_character_is_read_as_re_reads_it():
    text = "".join(chr(c) for c in range(0x110000) if not 0xD800 <= c <= 0xDFFF)
    assert BUILT is not None
    assert BUILT.reading(text) == _reading(text)


#: Pieces that meet every branch of the scan: doubled words in every case,
#: apostrophes (straight, curly, doubled, at a word's end), hyphens,
#: underscores and digits next to words, every kind of whitespace, letters
#: whose simple and full lower cases differ, non-decimal digits (letters for
#: ``[^\W\d_]``), other scripts, a lone surrogate.
PIECES = [
    *"the The THE tHe a A it's it’s it' 'it don't DON'T don’t o'' x'y'z".split(),
    *"İ i I ı K \u212a k ſ s S ß ẞ ǅ ǆ Σ σ ς ² ½ Ⅻ ⅻ ٣ 3 _ - ' ’ . , ( ) \" «".split(),
    *("\u00a0", "\u2028", "\u3000", "\x1c", "\t", "\n", " ", "  ", "\ud800"),
    *"東京 naïve NAÏVE über ÜBER x_y a1 1a".split(),
]


@needs_kernel
@settings(max_examples=600, deadline=None)
@given(
    st.one_of(
        st.lists(st.sampled_from(PIECES), max_size=40).map("".join),
        st.lists(st.sampled_from(PIECES), max_size=40).map(" ".join),
        st.text(max_size=80),
        st.text(alphabet="aAİiıK\u212akſs '’-_1²\u00a0", max_size=60),
    )
)
def test_kernel_spans_are_res_spans(text):
    assert BUILT is not None
    assert BUILT.spans(text) == doubled.pure_spans(text)


def _texts() -> list[str]:
    found = [path.read_text(encoding="utf-8") for path in sorted(EXAMPLES.glob("*.*"))]
    for name in ("mt", "claims", "boilerplate"):
        path = SHARED / "corpus" / name / "dev.jsonl"
        if path.is_file():
            for line in path.read_text(encoding="utf-8").splitlines()[:400]:
                text = json.loads(line).get("text") if line.strip() else None
                if isinstance(text, str):
                    found.append(text)
    return found


@needs_kernel
def test_kernel_spans_are_res_spans_on_real_text():
    assert BUILT is not None
    blocks = [block.text for text in _texts() for block in parse_text(text, "t", "t").blocks]
    assert blocks
    for text in blocks:
        assert BUILT.spans(text) == doubled.pure_spans(text)
    joined = "\n".join(blocks)
    assert BUILT.spans(joined) == doubled.pure_spans(joined)


@pytest.mark.parametrize("path", kernel_corpora(fast=("mt",)))
def test_check_json_is_byte_identical_with_and_without_the_kernel(path):
    assert_check_json_same_both_ways(path)
