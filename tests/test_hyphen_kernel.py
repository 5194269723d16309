"""The compiled hyphenation count is Pyphen's: ``point_counter(p)(word) ==
len(p.positions(word))`` for CMUdict's words, generated words (non-ASCII,
apostrophes, digits, dots, long ones) and other patterns and margins; a
Pyphen whose code is not the one the kernel reproduces, or whose patterns
are not plain integers, keeps its own count.

Without a built kernel (no C compiler at install time) the comparisons skip
and say so; the pure path is tested either way.
"""

from __future__ import annotations

import pyphen as pyphen_module
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from qualitycheck.detect.signals import hyphen_kernel
from qualitycheck.detect.signals.cmu import PackedTable, syllable_table
from qualitycheck.detect.signals.hyphenation import pyphen

BUILT = hyphen_kernel.compiled_module()
needs_kernel = pytest.mark.skipif(
    BUILT is None,
    reason="the compiled hyphenation kernel is not built here (no C compiler or Cython at "
    "install time, or QUALITYCHECK_PURE_PYTHON is set): run `python hatch_build.py` to build it",
)

HYPHENATOR = pyphen("en_US")
#: Letters of the patterns and some they never hold: accents, a dotted capital
#: I (whose lower case is two characters), digits, an apostrophe, a dot.
ALPHABET = "abcdefghijklmnopqrstuvwxyzAEIOUY'’.0123456789éüßİ_-\u0307😀"
WORDS = st.text(alphabet=ALPHABET, max_size=40) | st.text(max_size=12)


def _fresh() -> pyphen_module.Pyphen:
    """Pyphen on the same patterns, with its per-word memory empty."""
    hyphenator = pyphen_module.Pyphen(lang="en_US")
    hyphenator.hd.cache.clear()
    return hyphenator


def test_pyphens_code_is_the_one_the_kernel_reproduces():
    assert hyphen_kernel.positions_source_digest(pyphen_module) == (
        hyphen_kernel.POSITIONS_SOURCE_SHA256
    )


@needs_kernel
def test_cmudicts_words_and_long_ones_get_pyphens_count():
    count = hyphen_kernel.point_counter(HYPHENATOR)
    assert count.__name__ == "count"  # the kernel's, not the pure one
    reference = _fresh()
    # The packed table (not iterable) until a run has asked 1,024 words, then a dict.
    table = syllable_table()
    known = table.as_dict() if isinstance(table, PackedTable) else table
    words = [*list(known)[::7], "a" * 300, "hyphenation" * 20, "", "ab", "İstanbul"]
    assert [count(word) for word in words] == [len(reference.positions(w)) for w in words]


@needs_kernel
@settings(max_examples=2000, deadline=None)
@given(WORDS)
def test_generated_words_get_pyphens_count(word):
    count = hyphen_kernel.point_counter(HYPHENATOR)
    assert count(word) == len(_fresh().positions(word))


@needs_kernel
@settings(max_examples=200, deadline=None)
@given(
    st.dictionaries(
        st.text(alphabet="abc.é", min_size=1, max_size=5),
        st.tuples(
            st.integers(0, 4), st.lists(st.integers(0, 9), min_size=1, max_size=4).map(tuple)
        ),
        min_size=1,
        max_size=30,
    ),
    st.integers(0, 3),
    st.integers(0, 3),
    st.text(alphabet="abc.é", max_size=15),
)
def test_other_patterns_and_margins_get_pyphens_count(patterns, left, right, word):
    hyphenator = pyphen_module.Pyphen(lang="en_US", left=left, right=right)
    hyphenator.hd = pyphen_module.HyphDict.__new__(pyphen_module.HyphDict)
    hyphenator.hd.patterns = patterns
    hyphenator.hd.cache = {}
    hyphenator.hd.maxlen = max(len(key) for key in patterns)
    assert hyphen_kernel.point_counter(hyphenator)(word) == len(hyphenator.positions(word))


def test_an_unchecked_pyphen_keeps_its_own_count(monkeypatch):
    class Odd(pyphen_module.Pyphen):
        pass

    odd = Odd(lang="en_US")
    assert hyphen_kernel.point_counter(odd).__name__ == "pure"
    nonstandard = pyphen_module.Pyphen(lang="en_US")
    nonstandard.hd = pyphen_module.HyphDict.__new__(pyphen_module.HyphDict)
    nonstandard.hd.patterns = {"ab": (0, (1, pyphen_module.DataInt(3)))}
    nonstandard.hd.cache = {}
    nonstandard.hd.maxlen = 2
    counter = hyphen_kernel.point_counter(nonstandard)
    assert counter.__name__ == "pure"
    assert counter("xabx") == len(nonstandard.positions("xabx"))
    monkeypatch.setattr(hyphen_kernel, "POSITIONS_SOURCE_SHA256", "another pyphen")
    hyphen_kernel.compiled_module.cache_clear()
    try:
        assert hyphen_kernel.compiled_module() is None
        assert hyphen_kernel.point_counter(HYPHENATOR).__name__ == "pure"
    finally:
        hyphen_kernel.compiled_module.cache_clear()


def test_the_first_words_are_counted_by_pyphen_then_by_the_kernel(monkeypatch):
    asked = []
    monkeypatch.setattr(hyphen_kernel, "point_counter", lambda h: asked.append(h) or len)
    counter = hyphen_kernel.PointCounter(HYPHENATOR, warm_up=2)
    counts = [counter.count(word) for word in ("hyphenation", "reopened")]
    assert counts == [len(HYPHENATOR.positions(w)) for w in ("hyphenation", "reopened")]
    assert asked == []  # nothing checked or built yet
    assert counter.count("councillors") == len("councillors")  # the chosen counter from now on
    assert counter.count("extraordinarily") == len("extraordinarily")
    assert asked == [HYPHENATOR]
