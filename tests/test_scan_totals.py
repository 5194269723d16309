"""The kernel's ``textstat_totals`` (textstat's words and the sum of their
packed facts in one pass, each word's value kept in a C table) gives what
``textstat_words`` and a sum over the words give, and readability's numbers
are the same with it, without it and with the table emptied."""

from __future__ import annotations

import random

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from test_scan_kernel import BUILT, SPLIT_PIECES, needs_kernel, texts_of

from qualitycheck.detect.signals import readability

#: Pieces beyond the word list's: words of 39 to 41 Latin-1 characters (the
#: longest the table keeps is 40), Latin-1 and other letters, and apostrophes.
LONG_PIECES = [
    "a" * 39,
    "b" * 40,
    "c" * 41,
    "é" * 40,
    "ÿ" * 41,
    "Ā" * 3,
    "x" * 39 + "Ā",
    "d'" + "e" * 38,
    "f" * 38 + "'s",
    "東京",
    "ß",
]


def value_of(word: str) -> int:
    """A value that depends on the whole word (as the packed facts do)."""
    return (len(word) << 32) + sum(map(ord, word)) % 7 + (ord(word[-1]) << 8)


def expected(text: str) -> tuple[int, int]:
    words = BUILT.textstat_words(text)
    return len(words), sum(map(value_of, words))


@needs_kernel
@settings(max_examples=800, deadline=None)
@given(texts_of(SPLIT_PIECES + LONG_PIECES), st.booleans())
def test_the_totals_are_the_words_and_their_sum(text, forget):
    if forget:
        BUILT.textstat_forget()
    assert BUILT.textstat_totals(text, value_of) == expected(text)
    assert BUILT.textstat_totals(text, value_of) == expected(text)  # now from the table


@needs_kernel
def test_the_table_grows_and_starts_afresh_with_the_same_answers():
    """Far more distinct words than the first table holds, and than the
    largest (65,536 words) keeps: each grows or empties it, same answers."""
    BUILT.textstat_forget()
    rng = random.Random(7)
    letters = "abcdefghijklmnopqrstuvwxyzéüß"
    words = ["".join(rng.choices(letters, k=rng.randint(1, 12))) for _ in range(90_000)]
    for start in range(0, len(words), 3_000):
        text = " ".join(words[start : start + 3_000] + words[: start // 10])
        assert BUILT.textstat_totals(text, value_of) == expected(text)


@needs_kernel
def test_the_table_holds_the_values_of_one_function():
    text = "one two three two"
    assert BUILT.textstat_totals(text, value_of) == expected(text)
    assert BUILT.textstat_totals(text, len) == (4, 14)  # not value_of's, kept above
    assert BUILT.textstat_totals(text, value_of) == expected(text)


@needs_kernel
def test_a_sum_past_64_bits_is_refused_and_readability_adds_the_words_itself():
    with pytest.raises(OverflowError):
        BUILT.textstat_totals("one two three", lambda word: 2**63)
    with pytest.raises(OverflowError):
        BUILT.textstat_totals("minus", lambda word: -1)


REAL = (
    "The harbour reopened on Monday after the storm. Officials didn't say when the "
    "extraordinarily complicated refurbishment would finish; they'll report in March. "
    "Naïve café-owners said it's “unprecedented”, and the Straße was closed."
)


@needs_kernel
@settings(max_examples=200, deadline=None)
@given(texts_of(SPLIT_PIECES + LONG_PIECES, st.just(REAL)), st.booleans())
def test_readability_numbers_are_the_same_without_the_totals(text, forget):
    if forget:
        BUILT.textstat_forget()
    readability._textstat_numbers.cache_clear()
    with_totals = readability._textstat_numbers(text)
    readability._textstat_numbers.cache_clear()
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(readability, "_totals_counter", lambda: None)
        without = readability._textstat_numbers(text)
    readability._textstat_numbers.cache_clear()
    assert [x.hex() for x in with_totals] == [x.hex() for x in without]
