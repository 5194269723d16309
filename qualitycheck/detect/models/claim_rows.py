"""The claims model's sentence row: what :mod:`.claims` scores and trains on.

A sentence is described by its words and word pairs, the claim rules that
fire in it, whether it names a source (the same attribution check the rules
use), quotes, numbers, pronouns, evaluative word shapes, cue lists
(:mod:`.claim_cues`) and its voice. :func:`features` is the definition; the
compiled kernel (:mod:`.claims_kernel`) computes the same row's margin
without building it (:class:`CompiledRows`), and :class:`PureTerms` gives the
pure path the same interface.
"""

from __future__ import annotations

import math
import re
from itertools import pairwise
from operator import methodcaller
from typing import Any

from qualitycheck.detect.models.claim_cues import CUE_LISTS, PATTERN_WORDS, list_cues, pattern_cues
from qualitycheck.detect.models.linear import LinearModel
from qualitycheck.detect.models.voice_sentence import learned_block_voices
from qualitycheck.detect.signals.attribution import attributed
from qualitycheck.detect.signals.speech import writer_sentence
from qualitycheck.detect.signals.voice import SentenceVoice
from qualitycheck.detect.signals.wordruns import FOLDS_TO_ASCII

WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)?|\d+")
FIRST_PERSON = frozenset("i me my mine we us our ours".split())
SECOND_PERSON = frozenset("you your yours".split())
QUOTE_MARKS = '“”"«»'
QUOTE = re.compile(f"[{QUOTE_MARKS}]")


def sentence_voice(sentence: str) -> SentenceVoice | None:
    """The sentence's voice, read from the sentence alone (as in training,
    where the sentences come without their articles)."""
    voices = learned_block_voices(sentence, ((0, len(sentence)),))
    return voices[0] if voices else None


def voice_alone(sentence: str) -> tuple[float, bool]:
    """The voice features of a sentence tagged on its own: its tagged share
    and whether it is the writer's."""
    alone = sentence_voice(sentence)
    return (0.0, False) if alone is None else (alone.share, writer_sentence(alone, sentence))


def sentence_features(
    sentence: str, rules: set[str], voice: tuple[float, bool] | None = None
) -> dict[str, float]:
    """Features of one sentence given the claim rules that fire in it.

    ``voice`` is the sentence's tagged share and whether it is the writer's,
    when the caller has them from the sentence's paragraph (the check path
    tags every paragraph once already); without it the sentence is tagged on
    its own, as in training, where sentences come without their articles."""
    return with_voice(features(sentence, rules), voice_alone(sentence) if voice is None else voice)


def with_voice(row: dict[str, float], voice: tuple[float, bool]) -> dict[str, float]:
    """``row`` with its voice features set (in place; their place in the row,
    and so the order of the model's sum, is fixed by :func:`features`)."""
    row["reported_share"] = voice[0]
    row["writer_voice"] = 1.0 if voice[1] else 0.0
    return row


def features(
    sentence: str,
    rules: set[str],
    source: bool | None = None,
    patterns: tuple[str, ...] | None = None,
) -> dict[str, float]:
    """The features of :func:`sentence_features` with the voice features at
    zero. ``source`` stands for :func:`attributed` of the sentence and
    ``patterns`` for its :func:`pattern_cues` where given (the claims
    detector bounds a margin without them: :mod:`.claim_bounds`)."""
    tokens = WORD.findall(sentence)
    words = [w.lower() for w in tokens]
    count = len(words) or 1
    long_words = [w for w in words if len(w) > 5]
    row: dict[str, float] = {
        "len": math.log1p(len(words)),
        "attributed": 1.0 if (attributed(sentence) if source is None else source) else 0.0,
        "reported_share": 0.0,
        "writer_voice": 0.0,
        "quote": 1.0 if QUOTE.search(sentence) else 0.0,
        "digits": 1.0 if any(map(str.isdigit, words)) else 0.0,
        # counted in C (map over a method), the same integers as counting in Python
        "first_person": sum(map(FIRST_PERSON.__contains__, words)) / count,
        "second_person": sum(map(SECOND_PERSON.__contains__, words)) / count,
        "evaluative": sum(map(EVALUATIVE, long_words)) / count,
        "superlative": sum(map(SUPERLATIVE, long_words)) / count,
        # a token is never empty: its first character is ``t[:1]``
        "capitalised": sum(map(str.isupper, [t[0] for t in tokens[1:]])) / count,
        "question": 1.0 if sentence.rstrip().endswith("?") else 0.0,
        "exclamation": 1.0 if "!" in sentence else 0.0,
    }
    # cue_features(words, sentence), with the patterns given or found
    row.update(list_cues(words))
    row.update(dict.fromkeys(pattern_cues(sentence) if patterns is None else patterns, 1.0))
    for rule in rules:
        row[f"rule:{rule}"] = 1.0
    row.update(dict.fromkeys(["w:" + word for word in words], 1.0))
    row.update(dict.fromkeys([f"b:{first} {second}" for first, second in pairwise(words)], 1.0))
    return row


#: Endings of evaluative adjectives ("useful", "dangerous", "massive"), and
#: of superlatives, tested in C.
EVALUATIVE_ENDINGS = ("ful", "ous", "ive", "ible", "able", "less", "ic", "ish")
SUPERLATIVE_ENDING = "est"
EVALUATIVE = methodcaller("endswith", EVALUATIVE_ENDINGS)
SUPERLATIVE = methodcaller("endswith", SUPERLATIVE_ENDING)


class PureTerms:
    """A row of :func:`features` and its margin for a voice (the pure path of
    the kernel's terms): ``LinearModel.margin`` with the voice set in its place."""

    def __init__(self, model: LinearModel, row: dict[str, float]) -> None:
        self.model = model
        self.row = row

    def margin(self, share: float, writer: float) -> float:
        return self.model.margin(with_voice(self.row, (share, writer == 1.0)))


class CompiledRows:
    """The claims rows in C (``claims_kernel``): each sentence's products in
    the order of :func:`features`, its margin for any voice bit for bit as
    ``LinearModel.margin`` over the row gives it."""

    def __init__(self, module: Any, model: LinearModel, limit: int = 200_000) -> None:
        self.weights = model.weights
        self.intercept = model.intercept
        self._module = module
        self._kernel = module.ClaimRows(
            model.weights,
            model.intercept,
            FIRST_PERSON,
            SECOND_PERSON,
            EVALUATIVE_ENDINGS,
            SUPERLATIVE_ENDING,
            QUOTE_MARKS,
            CUE_LISTS,
            PATTERN_WORDS,
            "".join(sorted(FOLDS_TO_ASCII)),
            limit,  # words outside the model it remembers (to count each once) before forgetting
        )

    def terms(
        self,
        sentence: str,
        rules: set[str],
        source: bool | None = None,
        patterns: tuple[str, ...] | None = None,
    ) -> Any:
        """The sentence's :func:`features` (``source`` and ``patterns`` as
        there) as the kernel's terms (``margin(share, writer)``)."""
        if source is None:
            source = attributed(sentence)
        if patterns is None:
            patterns = pattern_cues(sentence)
        # the kernel reads the words (WORD's matches) and counts the word lists itself
        return self._kernel.terms(sentence, source, patterns, rules)

    def positive_words(self, sentence: str) -> list[tuple[float, str]]:
        """``(weight, name)`` of the sentence's word and word-pair features of
        :func:`features` whose weight is above zero, in the row's order."""
        found: list[tuple[float, str]] = self._module.positive_words(self._kernel, sentence)
        return found

    def pattern_mask(self, sentence: str) -> int:
        """:func:`~.claim_cues.possible_patterns` of ``sentence``, from the kernel."""
        mask: int = self._kernel.pattern_mask(sentence)
        return mask
