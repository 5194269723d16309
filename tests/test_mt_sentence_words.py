"""The style statistics' words taken from the kernel's tokens are the words
``WORD.findall`` finds (issue 17: same output, less CPU).

``sentence_words`` replaces a second regex pass over every sentence with a
filter over the tokens the kernel was given; these tests pin it against the
pass it replaces, on generated text full of the characters ``tokens``
rewrites, and pin the two facts it rests on.
"""

from __future__ import annotations

import re
import sys

import pytest
from conftest import mt_dev_sentence_lists
from hypothesis import given, settings
from hypothesis import strategies as st

from qualitycheck.detect.models.mt import text_kernel
from qualitycheck.detect.models.mt.features import (
    _APOSTROPHES,
    sentence_words,
    style_features,
)
from qualitycheck.detect.models.mt.tokens import _TYPOGRAPHY, WORD, tokens

#: The reader check uses: its token filter in C where the text kernel is built.
READER = text_kernel.reader()


def test_a_word_character_is_an_alphanumeric_one():
    # The first character of a word token is what ``[^\W_]`` matches; the
    # filter tests it with str.isalnum: the same set over all of Unicode.
    every = "".join(chr(c) for c in range(sys.maxunicode + 1) if not 0xD800 <= c < 0xE000)
    assert re.findall(r"[^\W_]", every) == [c for c in every if c.isalnum()]


def test_the_apostrophes_are_what_tokens_rewrites_to_one():
    rewritten = {chr(key) for key, value in _TYPOGRAPHY.items() if value == "'"}
    assert rewritten == {c for c in map(chr, range(0x3000)) if _APOSTROPHES.fullmatch(c)}


PIECES = (
    "it's it’s it‘s it‚s it‛s it′s ‘quoted’ “quoted” „so‟ «so» 5″ a–b a—b x‐y "
    "wait… so...then don't DON’T rock'n'roll _ __x x_y 3,5 1990 Ünter 東京 ١٢٣ ² Ⅻ "
    "The a is ( ) ; : ! ? . , - ' \" word.Next"
).split()
sentence = st.one_of(
    st.lists(st.sampled_from(PIECES), max_size=30).map(" ".join),
    st.lists(st.sampled_from(PIECES), max_size=15).map("".join),
    st.text(max_size=60),
    st.text(alphabet="ab ’‘'\"“…–-_.1²", max_size=40),
)


def assert_same(sentences: list[str]) -> None:
    found = [tokens(s) for s in sentences]
    words = sentence_words(sentences, found)
    assert words == [WORD.findall(s) for s in sentences]
    assert READER.sentence_words(sentences, found) == words
    with_words = style_features(sentences, words)
    alone = style_features(sentences)
    assert list(with_words) == list(alone)
    assert [float.hex(v) for v in with_words.values()] == [float.hex(v) for v in alone.values()]


@settings(max_examples=500, deadline=None)
@given(st.lists(sentence, max_size=10))
def test_generated_text_gives_the_words_of_a_second_pass(sentences):
    assert_same(sentences)


def test_edge_cases():
    for sentences in ([], [""], ["it‘s"], ["‘"], ["a’"], ["’a’b’"], ["x_y", "…"], ["a\nb"]):
        assert_same(sentences)


def test_the_compiled_filter_is_the_listcomp_to_an_empty_token():
    module = text_kernel.compiled_module()
    if module is None:
        pytest.skip("the compiled mt text kernel is not built here")
    lists = [["The", ",", "1990", "²", "_", "Ünter", "東京", "…", "x"], [], ["'s"]]
    assert module.word_tokens(lists) == [[t for t in found if t[0].isalnum()] for found in lists]
    with pytest.raises(IndexError):
        module.word_tokens([["a", ""]])
    with pytest.raises(ValueError):
        sentence_words(["a", "b"], [["a"]], module.word_tokens)


def test_the_mt_dev_articles_give_the_words_of_a_second_pass():
    for sentences in mt_dev_sentence_lists():
        assert_same(sentences)
