"""The learned sentence voice's compiled word sums give the pure margins to the last bit.

``_voice_sentence_kernel.pyx`` adds the weights of a sentence's ``w:`` and
``b:`` names (each distinct word, then each distinct pair of neighbouring
words) onto a running total; the rest of the row (the tagger's tags, the
context features) continues from it in Python over the weights without those
names. Compared here with ``voice_sentence_words.pure_total`` and with
``LinearModel.margin`` over the whole row of ``paragraph_rows`` (``float.hex``):
on generated text (quotation marks, apostrophes, other scripts, repeated words
and pairs), with the shipped weights and with most words and pairs of the text
weighted (some at -0.0, from a start of -0.0: the words outside the model add
0.0 at every occurrence, which must change nothing); on the paragraphs of
the examples, the seeds and the claims and attribution dev files; and the
``check`` JSON of those, compiled and pure.
"""

from __future__ import annotations

import random
from itertools import pairwise
from typing import NamedTuple

import pytest
from conftest import (
    EXAMPLES,
    SEEDS,
    assert_check_json_same_both_ways,
    dev_sample,
    kernel_corpora,
    paragraphs,
)
from hypothesis import given, settings
from hypothesis import strategies as st

from qualitycheck.detect.models import voice_sentence, voice_sentence_words
from qualitycheck.detect.signals import speech, voice, voice_rows

BUILT = voice_sentence_words.compiled_module()
MODEL = voice_sentence.shipped_sentence_model()
needs_kernel = pytest.mark.skipif(
    BUILT is None or MODEL is None,
    reason="the compiled voice sentence kernel is not built here (or QUALITYCHECK_PURE_PYTHON "
    "is set, or no shipped sentence voice model): run `python hatch_build.py`",
)

_PIECES = (
    "the minister said that The Plan is doomed doomed , . : ; “ ” \" '' `` « » „ "
    "it’s O'Neil don't 1990 ٣٤ ² İstanbul ΟΔΟΣ naïve \u212aelvin \ufb01ne x_y he she told "
    "reporters according to critics say is widely believed"
).split()


def _text() -> st.SearchStrategy[str]:
    pieces = st.one_of(st.sampled_from(_PIECES), st.text(min_size=1, max_size=6))
    return st.lists(st.tuples(pieces, st.sampled_from(["", " ", "  ", "\n"])), max_size=40).map(
        lambda parts: "".join(piece + gap for piece, gap in parts)
    )


def _tokens(text: str) -> list[voice.Token]:
    return voice.pure_tokenize(text)[0]


def _weighted(text: str, seed: int) -> dict[str, float]:
    """Weights for some of the word and pair names of ``text`` (the others are
    outside the model), a few of them -0.0 or 0.0, and names it does not make."""
    rng = random.Random(seed)
    weights = {
        name: rng.choice([rng.uniform(-3, 3), rng.uniform(-3, 3), -0.0, 0.0])
        for name in voice_sentence_words.word_names(_tokens(text))
        if rng.random() < 0.7
    }
    weights.update({"w:unseen": 1.5, "b:unseen pair": -0.5, "b:three word name": 2.0})
    return weights


@needs_kernel
@settings(max_examples=300, deadline=None)
@given(_text(), st.one_of(st.just(-0.0), st.just(0.0), st.floats(-20, 20)), st.integers(0, 2**32))
def test_the_word_sums_are_the_pure_sums(text, start, seed) -> None:
    assert MODEL is not None and BUILT is not None
    tokens = _tokens(text)
    shipped = voice_sentence_words.compiled_sums(MODEL.model.weights)
    assert shipped.total(tokens, start).hex() == (
        voice_sentence_words.pure_total(MODEL.model.weights, tokens, start).hex()
    )
    weighted = _weighted(text, seed)
    some = voice_sentence_words.compiled_sums(weighted)
    assert some.total(tokens, start).hex() == (
        voice_sentence_words.pure_total(weighted, tokens, start).hex()
    )


@needs_kernel
def test_words_either_side_of_the_short_table_limit() -> None:
    """A word of at most 16 bytes finds its id by its characters in C, a
    longer one in the dict: lengths at the limit in each string kind, words
    alike in their first 16 bytes, in and outside the model, met again."""
    words = [
        "abcdefghijklmnop",
        "abcdefghijklmnopq",
        "abcdefghijklmnopr",
        "東京東京東京東京",
        "東京東京東京東京東",
        "\U0001d400\U0001d401\U0001d402\U0001d403",
        "\U0001d400\U0001d401\U0001d402\U0001d403\U0001d404",
        "said",
        "outside",
    ]
    text = " ".join(words) + " " + " ".join(reversed(words))
    names = [
        name for name in voice_sentence_words.word_names(_tokens(text)) if "outside" not in name
    ]
    weights = {name: 0.25 + index / 64 for index, name in enumerate(names) if index % 3}
    sums = voice_sentence_words.compiled_sums(weights)
    for _ in range(2):  # the second time from what the kernel remembered
        for piece in (text, " ".join(words[::2])):
            tokens = _tokens(piece)
            assert sums.total(tokens, 0.5).hex() == (
                voice_sentence_words.pure_total(weights, tokens, 0.5).hex()
            )


@needs_kernel
def test_a_word_outside_the_model_adds_its_zero_where_the_pure_path_does() -> None:
    """From -0.0, the first +0.0 (a word outside the model) makes the total
    +0.0; a repeated one, or a -0.0 weight after it, leaves it there."""
    weights = {"w:a": -0.0, "b:a a": -0.0, "w:b": -0.0}
    sums = voice_sentence_words.compiled_sums(weights)
    for text in ("a a", "x a x a", "a x a x", "a b a", "x", "b x b x", "a a a b"):
        tokens = _tokens(text)
        expected = voice_sentence_words.pure_total(weights, tokens, -0.0).hex()
        assert sums.total(tokens, -0.0).hex() == expected, text


def test_the_word_names_are_the_rows_first_names() -> None:
    """``word_names`` are the names ``voice_rows.word_row`` makes, in order."""
    tokens = _tokens("The plan, the plan is doomed: “the plan” said the the minister.")
    assert voice_sentence_words.word_names(tokens) == list(voice_rows.word_row(tokens))
    words = [t.lower for t in tokens if t.is_word]
    assert len(voice_rows.word_row(tokens)) == len(set(words)) + len(set(pairwise(words)))


def _paragraphs() -> list[tuple[str, tuple[tuple[int, int], ...]]]:
    texts = [p.read_text(encoding="utf-8") for p in sorted(EXAMPLES.glob("*.txt"))]
    if SEEDS.is_dir():
        texts += [p.read_text(encoding="utf-8") for p in sorted(SEEDS.glob("*.txt"))[:40]]
    texts += dev_sample(("claims", "attribution"), 200)
    return [(text, spans) for text, spans in paragraphs(texts) if spans]


def _reference(text: str, spans, tagger_voices=None) -> list[str]:
    """``LinearModel.margin`` over the whole rows (the definition)."""
    assert MODEL is not None
    rows, _ = voice_sentence.paragraph_rows(text, spans, MODEL.tagger, False, tagger_voices)
    return [MODEL.model.margin(row).hex() for row in rows]


@needs_kernel
def test_the_learned_margins_are_the_whole_rows_margins_on_real_paragraphs() -> None:
    assert MODEL is not None
    model = voice_sentence.SentenceVoiceModel(MODEL.tagger, MODEL.model)  # no warm-up
    paragraphs = _paragraphs()
    # ../shared adds hundreds; without it the examples alone hold about twenty.
    assert len(paragraphs) > (50 if SEEDS.is_dir() else 10)
    for text, spans in paragraphs:
        tags = speech.block_tags(text, spans)
        reference = _reference(text, spans)
        assert _reference(text, spans, tags) == reference
        for given_tags in (tags, None):
            margins, _ = model.margins(text, spans, False, given_tags)
            assert [m.hex() for m in margins] == reference
        assert model._sums is not None and model._sums[0] is not None  # compiled, not pure


@needs_kernel
def test_the_voices_are_decided_alike_both_ways() -> None:
    assert MODEL is not None
    compiled = voice_sentence.SentenceVoiceModel(MODEL.tagger, MODEL.model)
    pure = voice_sentence.SentenceVoiceModel(MODEL.tagger, MODEL.model, _pending=10**9)
    for text, spans in _paragraphs()[::3]:
        tags = speech.block_tags(text, spans)
        assert compiled.voices(text, spans, False, tags) == pure.voices(text, spans, False, tags)
    assert pure._sums is None  # never built while warming up


def test_the_warm_up_scores_its_first_sentences_pure() -> None:
    assert MODEL is not None
    model = voice_sentence.SentenceVoiceModel(MODEL.tagger, MODEL.model, _pending=3)
    text = "He said so. The plan is doomed. It is. We know."
    spans = ((0, 11), (12, 31), (32, 38), (39, 47))
    model.margins(text, spans)
    assert model._sums is None and model._pending == -1
    margins, _ = model.margins(text, spans)
    assert [m.hex() for m in margins] == _reference(text, spans)
    assert model._sums is not None  # the warm-up is over: the sums were asked for
    assert (model._sums[0] is not None) == (BUILT is not None)


def test_a_token_type_of_another_layout_takes_the_pure_path(monkeypatch) -> None:
    class Other(NamedTuple):
        lower: str
        is_word: bool

    monkeypatch.setattr(voice_sentence_words, "Token", Other)
    assert voice_sentence_words.compiled_sums({"w:a": 1.0}) is None


@pytest.mark.parametrize("path", kernel_corpora(fast=(), slow=("claims", "attribution")))
def test_check_json_is_the_same_compiled_and_pure(path) -> None:
    assert_check_json_same_both_ways(path)
