"""Turning the mt model's margin into a probability, measuring how well that
probability is calibrated, and choosing the gate's operating point.

- :func:`platt` fits ``p = sigmoid(slope * margin + offset)`` on out-of-fold
  margins by weighted maximum likelihood. The weights fix the class prior the
  probability assumes: machine translations weigh ``prior`` in all, the other
  articles ``1 - prior`` (originals and human translations in the proportion
  of the training data). Without them the probability would assume the
  training set's share of machine translations, which is an accident of how
  the corpus was built, not a property of the articles a gate checks.
- :func:`reliability` and :func:`expected_calibration_error` measure it: per
  bin of predicted probability, the (prior-weighted) share of machine
  translations that actually fell there.
- :func:`operating_threshold` is the error threshold: the lowest that at
  most the allowed share of each clean kind (original English, human
  translation) reaches out of fold.

Pure Python (two parameters need no scikit-learn), so tests can check the
fit on synthetic data exactly.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from qualitycheck.detect.models.linear import sigmoid


def prior_weights(labels: Sequence[int], prior: float) -> list[float]:
    """Per-example weights giving positives ``prior`` and negatives ``1 - prior``
    of the total, each class's examples equally."""
    positives = sum(labels)
    negatives = len(labels) - positives
    if not positives or not negatives:
        raise ValueError("calibration needs both classes")
    return [prior / positives if y else (1 - prior) / negatives for y in labels]


def _weighted_nll(
    margins: Sequence[float], labels: Sequence[int], weights: Sequence[float], a: float, b: float
) -> float:
    total = 0.0
    for m, y, w in zip(margins, labels, weights, strict=True):
        z = a * m + b
        # log(1 + e^z) - y z, written so that neither branch overflows
        softplus = z + math.log1p(math.exp(-z)) if z > 0 else math.log1p(math.exp(z))
        total += w * (softplus - y * z)
    return total


def platt(
    margins: Sequence[float], labels: Sequence[int], weights: Sequence[float]
) -> tuple[float, float]:
    """Weighted Platt scaling: ``(slope, offset)`` maximising the weighted
    log-likelihood of ``sigmoid(slope * margin + offset)``.

    Newton's method on the two parameters, each step halved until the
    likelihood improves (a plain Newton step can overshoot far when the
    classes barely overlap), with a tiny ridge on the Hessian; deterministic.
    """
    slope, offset = 1.0, 0.0
    current = _weighted_nll(margins, labels, weights, slope, offset)
    for _ in range(100):
        g_s = g_o = 0.0
        h_ss, h_so, h_oo = 1e-9, 0.0, 1e-9
        for m, y, w in zip(margins, labels, weights, strict=True):
            p = sigmoid(slope * m + offset)
            r = w * (p - y)
            g_s += r * m
            g_o += r
            v = w * p * (1 - p)
            h_ss += v * m * m
            h_so += v * m
            h_oo += v
        det = h_ss * h_oo - h_so * h_so
        if det <= 0:
            break
        step_s = (h_oo * g_s - h_so * g_o) / det
        step_o = (h_ss * g_o - h_so * g_s) / det
        scale = 1.0
        while scale > 1e-6:
            trial = _weighted_nll(
                margins, labels, weights, slope - scale * step_s, offset - scale * step_o
            )
            if trial <= current:
                break
            scale /= 2
        else:
            break
        slope, offset, current = slope - scale * step_s, offset - scale * step_o, trial
        if abs(scale * step_s) < 1e-10 and abs(scale * step_o) < 1e-10:
            break
    return slope, offset


@dataclass(frozen=True)
class Bin:
    """One row of a reliability table."""

    low: float
    high: float
    count: int
    predicted: float
    observed: float
    weight: float


def reliability(
    probabilities: Sequence[float],
    labels: Sequence[int],
    weights: Sequence[float],
    bins: int = 10,
) -> list[Bin]:
    """Equal-width bins of predicted probability: how many articles, the mean
    prediction and the weighted share of positives in each (empty bins left
    out)."""
    table = []
    for index in range(bins):
        low, high = index / bins, (index + 1) / bins
        members = [
            (p, y, w)
            for p, y, w in zip(probabilities, labels, weights, strict=True)
            if low <= p < high or (index == bins - 1 and p == 1.0)
        ]
        if not members:
            continue
        total = sum(w for _, _, w in members)
        table.append(
            Bin(
                low,
                high,
                len(members),
                sum(p * w for p, _, w in members) / total,
                sum(y * w for _, y, w in members) / total,
                total,
            )
        )
    return table


def expected_calibration_error(table: Sequence[Bin]) -> float:
    """The weighted mean gap between prediction and outcome over the bins."""
    total = sum(b.weight for b in table)
    return sum(b.weight * abs(b.predicted - b.observed) for b in table) / total if total else 0.0


def log_loss(
    probabilities: Sequence[float], labels: Sequence[int], weights: Sequence[float]
) -> float:
    """Weighted mean negative log-likelihood (lower is better)."""
    total = 0.0
    for p, y, w in zip(probabilities, labels, weights, strict=True):
        p = min(max(p, 1e-12), 1 - 1e-12)
        total -= w * (math.log(p) if y else math.log(1 - p))
    return total / sum(weights)


def share_threshold(scores: Sequence[float], share: float) -> float:
    """The lowest threshold that at most ``share`` of ``scores`` reach:
    halfway between the last score allowed to reach it and the next."""
    ranked = sorted(scores, reverse=True)
    allowed = int(share * len(ranked) + 1e-9)
    if allowed >= len(ranked):
        return 0.0
    above = ranked[allowed - 1] if allowed else 1.0
    return (above + ranked[allowed]) / 2


def operating_threshold(
    scores: Mapping[str, Sequence[float]], shares: Mapping[str, float]
) -> float:
    """The lowest threshold that keeps every kind of clean article named in
    ``shares`` within its allowed share (each kind's own threshold, the
    strictest wins)."""
    limits = [
        share_threshold(scores[kind], share) for kind, share in shares.items() if scores[kind]
    ]
    return max(limits, default=0.5)


def crossing(scores: Sequence[float], threshold: float) -> float:
    """The share of ``scores`` at or above ``threshold``."""
    return sum(s >= threshold for s in scores) / len(scores) if scores else 0.0
