"""The compiled text scans give the pure paths' answers exactly: the matches of
``scans.DOUBLED`` (spans and words), the word and function-word counts of
``language.words_of`` and ``function_word_share``, textstat's word list
and sentence count (``readability._words``, ``_sentence_count``) and
``len(text.split())``; the kernel reads every
character as ``re`` does, and the CLI's JSON is byte for byte the same with
and without it.

Without a built kernel (no C compiler at install time) the comparisons skip
and say so; the forced pure path is tested either way.
"""

from __future__ import annotations

import _sre  # type: ignore[import-not-found]
import json
import re

import pytest
from conftest import EXAMPLES, SHARED, assert_check_json_same_both_ways, cleared, kernel_corpora
from hypothesis import given, settings
from hypothesis import strategies as st

import qualitycheck.detect.signals.scans as scans
from qualitycheck.detect.signals import language, readability
from qualitycheck.document.lexicon import STOPWORDS
from qualitycheck.primitives.accelerators import PURE_PYTHON_ENV
from qualitycheck.readers.txt import parse_text

BUILT = scans.compiled_module()
needs_kernel = pytest.mark.skipif(
    BUILT is None,
    reason="the compiled rules scan kernel is not built here (no C compiler or Cython at "
    "install time, or QUALITYCHECK_PURE_PYTHON is set): run `python hatch_build.py` to build it",
)

_LETTER = re.compile(r"[^\W\d_]")
_WORDISH = re.compile(r"[\w'’-]")
_SPACE = re.compile(r"\s")
_WORD = re.compile(r"\w")


def _reading(text: str) -> list[tuple[bool, bool, bool, bool, str]]:
    """How ``re`` reads each character: the patterns' four classes and the
    simple lower case its case-insensitive back-reference compares."""
    return [
        (
            _LETTER.fullmatch(ch) is not None,
            _WORDISH.fullmatch(ch) is not None,
            _SPACE.fullmatch(ch) is not None,
            _WORD.fullmatch(ch) is not None,
            chr(_sre.unicode_tolower(ord(ch))),
        )
        for ch in text
    ]


def test_the_environment_forces_the_pure_path(monkeypatch):
    monkeypatch.setenv(PURE_PYTHON_ENV, "1")
    with cleared(
        scans.compiled_module,
        scans._kernel,
        scans.doubled_scanner,
        scans.word_counter,
        scans.split_counter,
        readability._word_lister,
        readability._sentence_counter,
    ):
        assert scans.compiled_module() is None
        assert scans.doubled_scanner() is scans.pure_doubled_spans
        assert scans.word_counter() is scans.pure_word_counts
        assert scans.split_counter() is scans.pure_split_count
        assert readability._word_lister() is readability._words
        assert readability._sentence_counter() is readability._sentence_count


@needs_kernel
def test_the_kernel_is_used_for_the_patterns_it_was_written_for():
    assert BUILT is not None
    assert scans.DOUBLED.pattern == BUILT.DOUBLED_PATTERN
    assert language.WORD.pattern == BUILT.WORD_PATTERN
    assert scans.doubled_scanner() is BUILT.doubled_spans
    assert scans.word_counter() is not scans.pure_word_counts
    assert readability._NONCONTRACTION_APOSTROPHE.pattern == BUILT.NONCONTRACTION_PATTERN
    assert readability._PUNCTUATION.pattern == BUILT.PUNCTUATION_PATTERN
    assert readability._word_lister() is BUILT.textstat_words
    assert scans.split_counter() is BUILT.split_count
    assert readability._SENTENCE.pattern == BUILT.SENTENCE_PATTERN
    assert readability._WORD_TOKEN.pattern == BUILT.WORD_TOKEN_PATTERN
    assert readability._sentence_counter() is BUILT.textstat_sentences


@needs_kernel
def test_the_back_reference_compares_simple_lower_cases():
    """What the scan takes from ``re``'s reading: a back-reference ignoring
    case matches a character exactly when the simple lower cases agree
    (``İ`` and ``i``: ``İ``'s simple lower case is ``i``; ``K`` and the Kelvin
    sign; ``ſ`` and ``s`` do not)."""
    for first, second in ("İi", "iİ", "K\u212a", "k\u212a", "ſs", "sſ", "ßẞ", "ǅǆ", "ΣΣ", "σς"):
        text = f"{first} {second}"
        expected = _sre.unicode_tolower(ord(first)) == _sre.unicode_tolower(ord(second))
        assert (scans.DOUBLED.search(text) is not None) == expected, text
        assert BUILT is not None
        assert BUILT.doubled_spans(text) == scans.pure_doubled_spans(text)


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


def texts_of(pieces: list[str], *more: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    """Texts to compare the kernel with ``re`` on: up to 40 of ``pieces``
    run together or spaced, any text, and ``more``."""
    runs = st.lists(st.sampled_from(pieces), max_size=40)
    return st.one_of(runs.map("".join), runs.map(" ".join), st.text(max_size=80), *more)


#: Pieces that meet every branch of the doubled-word scan: doubled words in
#: every case, apostrophes (straight, curly, doubled, at a word's end),
#: hyphens, underscores and digits next to words, every kind of whitespace,
#: letters whose simple and full lower cases differ, non-decimal digits
#: (letters for ``[^\W\d_]``), other scripts, a lone surrogate.
PIECES = [
    *"the The THE tHe a A it's it’s it' 'it don't DON'T don’t o'' x'y'z".split(),
    *"İ i I ı K \u212a k ſ s S ß ẞ ǅ ǆ Σ σ ς ² ½ Ⅻ ⅻ ٣ 3 _ - ' ’ . , ( ) \" «".split(),
    *("\u00a0", "\u2028", "\u3000", "\x1c", "\t", "\n", " ", "  ", "\ud800"),
    *"東京 naïve NAÏVE über ÜBER x_y a1 1a".split(),
]


@needs_kernel
@settings(max_examples=600, deadline=None)
@given(texts_of(PIECES, st.text(alphabet="aAİiıK\u212akſs '’-_1²\u00a0", max_size=60)))
def test_kernel_spans_are_res_spans(text):
    assert BUILT is not None
    assert BUILT.doubled_spans(text) == scans.pure_doubled_spans(text)


#: Pieces for the word counts: function words in every case, words joined by
#: apostrophes and hyphens (inner, doubled, at an end), digits and underscores
#: inside words, non-ASCII letters and words whose lower case is longer.
WORD_PIECES = [
    *"the The THE tHe of OF and a A I i it's it’s don't o'' -x x- a-b a--b a'-b re-use".split(),
    *"abcdefghijk thethe the1 _the the_ x2y İS İt is\u0307 ıs Straße STRASSE über Δ δ".split(),
    *("\u00a0", " ", "\n", ".", ",", "’", "'", "-", "\ud800", "²", "٣"),
]


@needs_kernel
@settings(max_examples=600, deadline=None)
@given(
    texts_of(WORD_PIECES),
    st.integers(0, 90),
    st.integers(0, 90),
)
def test_kernel_word_counts_are_the_pure_counts(text, start, end):
    counted = scans.word_counter()(text, start, end)
    words = language.words_of(text[start:end])
    pure = (len(words), sum(word.lower() in STOPWORDS for word in words))
    assert counted == pure == scans.pure_word_counts(text, start, end)


#: Pieces for textstat's words and the split: every apostrophe the first
#: substitution keeps or removes (before t, s, d, ve, ll, re, their capitals,
#: at the end), punctuation, underscores, digits, every kind of whitespace.
SPLIT_PIECES = [
    *"it's don't we'll I'd you're they've 'tis o'clock rock'n'roll x' 'x '' ''t".split(),
    *"IT'S DON'T WE'LL 'T 'S 'Ve 'v 'l 'r e.g. U.S. -- … “ ” ’s ‘ _x_ ² ٣ naïve 東京".split(),
    *("\u00a0", "\u2028", "\u3000", "\x1c", "\x85", "\t", "\n", " ", "  ", "\ud800"),
    *("'", "'t", "'v", "'ve", "'l", "'ll", "'r", "'re", "'d", "'s", "x", "."),
    *(".", "!", "?", "...", "?!", "a b c", "a.b", "1 2 3.", "_ _ _", "é ² x"),
]


@needs_kernel
@settings(max_examples=800, deadline=None)
@given(texts_of(SPLIT_PIECES))
def test_kernel_textstat_words_and_split_counts_are_the_pure_ones(text):
    assert BUILT is not None
    assert BUILT.textstat_words(text) == readability._words(text)
    assert BUILT.split_count(text) == len(text.split()) == scans.pure_split_count(text)
    assert BUILT.textstat_sentences(text) == readability._sentence_count(text) == _sentences(text)


def _sentences(text: str) -> int:
    """textstat's sentence count as it defines it: pieces of two words or fewer
    do not count."""
    if not text:
        return 0
    pieces = readability._SENTENCE.findall(text)
    return max(1, sum(len(readability._WORD_TOKEN.findall(piece)) > 2 for piece in pieces))


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
        assert BUILT.doubled_spans(text) == scans.pure_doubled_spans(text)
    joined = "\n".join(blocks)
    assert BUILT.doubled_spans(joined) == scans.pure_doubled_spans(joined)


@needs_kernel
def test_kernel_textstat_words_and_split_counts_are_the_pure_ones_on_real_text():
    assert BUILT is not None
    for text in _texts():
        assert BUILT.textstat_words(text) == readability._words(text)
        assert BUILT.split_count(text) == len(text.split())
        assert BUILT.textstat_sentences(text) == readability._sentence_count(text)
        for block in parse_text(text, "t", "t").blocks:
            assert BUILT.split_count(block.text) == len(block.text.split())


@needs_kernel
def test_kernel_word_counts_are_the_pure_counts_on_real_sentences():
    count = scans.word_counter()
    sentences = 0
    for text in _texts():
        for block in parse_text(text, "t", "t").blocks:
            for start, end in block.sentences:
                sentences += 1
                assert count(block.text, start, end) == scans.pure_word_counts(
                    block.text, start, end
                )
    assert sentences


@pytest.mark.parametrize("path", kernel_corpora(fast=("mt",)))
def test_check_json_is_byte_identical_with_and_without_the_kernel(path):
    assert_check_json_same_both_ways(path)
