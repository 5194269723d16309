"""How far a model's probability can be taken at its word: ``evaluate``'s
``calibration`` block.

A model's probability is printed as a finding's ``confidence`` (and scales the
points the finding costs, docs/scoring.md) and as ``mt_probability``; a reader
takes 0.8 to mean "right four times in five". ROC-AUC and F1 say nothing
about that: a model can rank perfectly and still say 0.95 where it is right
0.7 of the time. So ``evaluate`` states, for every task whose model gives a
probability, the reliability table (ten equal-width bins: how many units,
their mean probability and the share actually positive), the expected
calibration error (the bins' mean gap, weighted by size) and the Brier score
(mean squared error of the probability), beside the Brier score of always
saying the base rate: a probability that scores worse than that constant
carries no information a reader can use as a probability.

The units are those the model gives a probability for and ``check`` can
report it on (a boilerplate line, a sentence in the writer's voice, an
article of 50 words or more); units the model does not judge are left out
rather than counted as 0. The mt probability states its prior (one half), so
its figures weigh the classes to it, as ``mt_ece`` does.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from qualitycheck.detect.models.mt.calibration import expected_calibration_error, reliability


def brier_score(
    probabilities: Sequence[float], labels: Sequence[int], weights: Sequence[float]
) -> float:
    """Weighted mean of ``(p - y)²`` (0 is perfect, lower is better)."""
    total = sum(weights)
    squares = sum(w * (p - y) ** 2 for p, y, w in zip(probabilities, labels, weights, strict=True))
    return squares / total if total else 0.0


def calibration_summary(
    unit: str,
    probabilities: Sequence[float],
    labels: Sequence[int],
    weights: Sequence[float] | None = None,
    prior: float | None = None,
) -> dict[str, Any] | None:
    """The ``calibration`` block for ``probabilities`` against 0/1 ``labels``
    (``weights``: per unit, e.g. to a stated ``prior``; equal by default), or
    ``None`` when there is nothing to measure."""
    if not probabilities:
        return None
    weights = list(weights) if weights is not None else [1.0] * len(probabilities)
    total = sum(weights)
    base = sum(w * y for y, w in zip(labels, weights, strict=True)) / total
    mean = sum(w * p for p, w in zip(probabilities, weights, strict=True)) / total
    table = reliability(probabilities, labels, weights)
    return {
        "unit": unit,
        "units": len(probabilities),
        "positives": sum(labels),
        "prior": prior,
        "mean_probability": round(mean, 4),
        "observed_share": round(base, 4),
        "ece": round(expected_calibration_error(table), 4),
        "brier": round(brier_score(probabilities, labels, weights), 4),
        # Always saying the base rate: the score a probability must beat.
        "brier_base_rate": round(base * (1 - base), 4),
        "bins": [
            [b.low, b.high, b.count, round(b.predicted, 4), round(b.observed, 4)] for b in table
        ],
    }


def format_calibration(block: dict[str, Any]) -> list[str]:
    """The block as text lines for ``evaluate``'s text output."""
    weighed = "as measured" if block["prior"] is None else f"weighed to a prior of {block['prior']}"
    lines = [
        f"  calibration ({block['units']} {block['unit']}s the model scored, {weighed}):"
        f" ECE {block['ece']:.3f}  Brier {block['brier']:.3f}"
        f" (base rate alone {block['brier_base_rate']:.3f})"
        f"  mean p {block['mean_probability']:.3f}, observed {block['observed_share']:.3f}"
    ]
    for low, high, count, predicted, observed in block["bins"]:
        lines.append(
            f"    p {low:.1f}-{high:.1f}  {count:>5}"
            f"  mean p {predicted:.3f}  observed {observed:.3f}"
        )
    return lines
