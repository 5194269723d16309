"""Which claims sentences could reach the threshold, found with the least work.

The claims detector scores a sentence's voice only where its row's margin,
with the voice features at zero and their positive weights added, could
reach the threshold (:func:`may_reach`); about four
sentences in five cannot. Two parts of the row cost more than the rest: the
lexical attribution check (``attributed``, a weight at most zero in the
shipped model) and the three cue patterns (``pattern_cues``: word runs and
regexes, positive weights). So the row is first made without them, and its
margin bounds the sentence's from above:

- a term of weight at most zero only lowers a sum, and rounded addition
  keeps order (``a <= b`` gives ``fl(a + c) <= fl(b + c)``), so the margin
  with ``attributed`` at zero is at least the margin with it at one;
- each matched pattern adds its weight: adding the positive ones to the
  margin without them bounds it, up to the rounding of the two sums, which
  :func:`slack` bounds from the sentence's length and the largest weight.

Where that bound may reach the threshold, only the patterns the sentence
holds the words for (:func:`possible_patterns`, in the kernel where built)
add their weights: a lower bound as sound, since another cannot match.

A sentence whose bound stays below the threshold by the slack is left there
(its exact margin is lower still); the patterns are then found, and the
attribution checked, only for the others, which get the exact row and the
test of the code before. ``tests/test_claims_glue.py`` checks that the
sentences kept and their margins are the exact computation's.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import reduce
from operator import add
from typing import Any

from qualitycheck.detect.models.claim_cues import PATTERN_NAMES, pattern_cues, possible_patterns
from qualitycheck.detect.models.claim_rows import CompiledRows, PureTerms
from qualitycheck.detect.models.claim_rows import features as _features
from qualitycheck.detect.models.linear import LinearModel, sigmoid
from qualitycheck.detect.signals.attribution import attributed

#: The features that need the sentence's voice (set after the bound).
VOICE = ("reported_share", "writer_voice")
#: The features of the cue patterns (:func:`pattern_cues` gives these names).
PATTERNS = PATTERN_NAMES
#: The unit roundoff of a double.
_ROUNDOFF = 2.0**-53


@dataclass(frozen=True)
class Bounds:
    """What bounding a margin needs from one weights dictionary."""

    weights: dict[str, float]
    #: The voice features' positive weights, summed as the detector adds them.
    voice: float
    #: Whether ``attributed`` weighs at most zero (then the row is made lazily).
    lazy: bool
    #: For each set of patterns a sentence holds the words for (a bit each, as
    #: :func:`possible_patterns` gives them), their positive weights summed.
    possible: tuple[float, ...]
    #: The largest weight's size.
    scale: float

    @classmethod
    def of(cls, model: LinearModel) -> Bounds:
        weights = model.weights
        positive = [max(0.0, weights.get(name, 0.0)) for name in PATTERNS]
        return cls(
            weights,
            reduce(add, (max(0.0, weights.get(name, 0.0)) for name in VOICE), 0.0),
            weights.get("attributed", 0.0) <= 0.0,
            tuple(
                reduce(add, (w for bit, w in enumerate(positive) if mask >> bit & 1), 0.0)
                for mask in range(1 << len(PATTERNS))
            ),
            max(map(abs, weights.values()), default=0.0),
        )

    @property
    def patterns(self) -> float:
        """The cue patterns' positive weights summed (every bit of :attr:`possible`)."""
        return self.possible[-1]

    def slack(self, sentence: str, rules: int) -> float:
        """More than the rounding of two margins of ``sentence`` (with
        ``rules`` claim rules fired) can differ by: a row has at most
        ``2 * len(sentence) + rules + 64`` terms (words and pairs, rules, the
        fixed features and cues, the intercept and the bound's additions),
        none above ``scale`` times its value (at most ``log1p(len)``, or 1),
        and a rounded sum of ``T`` terms errs by at most ``T`` roundoffs of
        their total size; with 1e-9 more, far above that and far below any
        difference the model makes."""
        terms = 2.0 * len(sentence) + rules + 64.0
        value = max(1.0, math.log1p(len(sentence)))
        return 1e-9 + 2.0 * terms * terms * _ROUNDOFF * value * self.scale


def may_reach(bounds: Bounds, threshold: float, margin: float) -> bool:
    """Whether a sentence could reach ``threshold`` whatever its voice:
    ``margin`` is its row's with the voice features at zero, so adding their
    positive weights bounds the probability from above. Tagging voice is most
    of the claims model's cost; a sentence far below the threshold needs none."""
    return sigmoid(margin + bounds.voice) >= threshold


def candidate_terms(
    model: LinearModel,
    bounds: Bounds,
    threshold: float,
    compiled: CompiledRows | None,
    sentence: str,
    fired: set[str],
) -> Any:
    """The sentence's exact terms (``margin(share, writer)``) if its margin
    with the voice at zero may reach ``threshold``; else None."""

    def terms(source: bool | None, patterns: tuple[str, ...] | None) -> Any:
        if compiled is None:
            return PureTerms(model, _features(sentence, fired, source, patterns))
        return compiled.terms(sentence, fired, source, patterns)

    if not bounds.lazy:
        exact = terms(None, None)
        return exact if may_reach(bounds, threshold, exact.margin(0.0, 0.0)) else None
    slack = bounds.slack(sentence, len(fired))
    row = terms(False, ())  # no attribution, no pattern: the cheap row
    margin = row.margin(0.0, 0.0)
    if not may_reach(bounds, threshold, margin + bounds.patterns + slack):
        return None
    # the patterns it holds the words for: a bound as sound, often lower
    possible = possible_patterns(sentence) if compiled is None else compiled.pattern_mask(sentence)
    if not may_reach(bounds, threshold, margin + bounds.possible[possible] + slack):
        return None
    patterns = pattern_cues(sentence, possible)
    if patterns:
        row = terms(False, patterns)
        margin = row.margin(0.0, 0.0)
    if not may_reach(bounds, threshold, margin + slack):  # the attribution can only lower it
        return None
    if attributed(sentence):
        row = terms(True, patterns)
    return row if may_reach(bounds, threshold, row.margin(0.0, 0.0)) else None
