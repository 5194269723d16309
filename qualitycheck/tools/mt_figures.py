"""The mt model's own figures on an evaluated set (``evaluate --task mt``).

Apart from :mod:`.evaluation` because they are arithmetic over the scored
articles alone (no checker, no records): ROC-AUC per source of originals,
shares at the threshold and in the info band, recall per language and system,
precision, and calibration at the prior the probability assumes.
"""

from __future__ import annotations

from typing import Any

from qualitycheck.detect.models.mt import POSITIVE
from qualitycheck.detect.models.mt.calibration import (
    crossing,
    expected_calibration_error,
    prior_weights,
    reliability,
)
from qualitycheck.detect.models.training import roc_auc
from qualitycheck.tools.calibration_figures import calibration_summary

#: One scored article: its kind (:func:`~qualitycheck.detect.models.mt.kind_of`),
#: source language, system and probability. Language and system stay apart
#: (they were once joined with "|" and split again, which a system named
#: ``online|b`` broke).
Scored = tuple[str, str, str, float]


def model_figures(scored: list[Scored], threshold: float, band: float | None) -> dict[str, Any]:
    """The mt model's own figures on the evaluated set: ROC-AUC against each
    source of originals, the share of each kind at or above the error
    threshold, recall per source language and per system there, its
    precision (as the set is mixed, and at the calibration prior of one half:
    machine and other articles weighing equally), and calibration (reliability
    table, expected calibration error, at that same prior)."""
    by_kind: dict[str, list[float]] = {}
    languages: dict[str, list[float]] = {}
    systems: dict[str, list[float]] = {}
    for kind, language, system, probability in scored:
        by_kind.setdefault(kind, []).append(probability)
        if kind == POSITIVE:
            languages.setdefault(language, []).append(probability)
            systems.setdefault(system.casefold(), []).append(probability)
    machine = by_kind.get(POSITIVE, [])
    sources = {k: v for k, v in by_kind.items() if k.startswith("original:")}
    aucs = {f"machine_vs_{k}": roc_auc(machine, v) for k, v in sorted(sources.items())}
    labels = [int(kind == POSITIVE) for kind, _, _, _ in scored]
    probabilities = [p for _, _, _, p in scored]
    flagged = [(p >= threshold, y) for p, y in zip(probabilities, labels, strict=True)]
    hits = sum(1 for f, y in flagged if f and y)
    wrong = sum(1 for f, y in flagged if f and not y)
    result: dict[str, Any] = {
        "mt_threshold": round(threshold, 4),
        "mt_auc_by_source": {k: round(v, 4) for k, v in aucs.items() if v is not None},
        "mt_share_at_threshold": {
            k: round(crossing(v, threshold), 4) for k, v in sorted(by_kind.items())
        },
        "mt_share_at_half": {k: round(crossing(v, 0.5), 4) for k, v in sorted(by_kind.items())},
        "mt_recall_by_language": {
            k: [round(crossing(v, threshold), 4), len(v)] for k, v in sorted(languages.items())
        },
        "mt_recall_by_system": {
            k: [round(crossing(v, threshold), 4), len(v)] for k, v in sorted(systems.items())
        },
        "mt_precision": round(hits / (hits + wrong), 4) if hits + wrong else None,
    }
    if band is not None:
        # The info band [band, threshold): how often each kind lands in it and
        # how often an article in it is machine-translated.
        inside = [(kind, band <= p < threshold) for kind, _, _, p in scored]
        right = sum(1 for kind, hit in inside if hit and kind == POSITIVE)
        total = sum(1 for _, hit in inside if hit)
        result["mt_info_threshold"] = round(band, 4)
        result["mt_share_in_info_band"] = {
            k: round(sum(band <= p < threshold for p in v) / len(v), 4)
            for k, v in sorted(by_kind.items())
        }
        result["mt_info_precision"] = round(right / total, 4) if total else None
    if 0 < sum(labels) < len(labels):
        weights = prior_weights(labels, 0.5)
        negatives = sum(w for (f, y), w in zip(flagged, weights, strict=True) if f and not y)
        positives = sum(w for (f, y), w in zip(flagged, weights, strict=True) if f and y)
        table = reliability(probabilities, labels, weights)
        result["mt_precision_at_prior_half"] = (
            round(positives / (positives + negatives), 4) if positives + negatives else None
        )
        result["mt_ece"] = round(expected_calibration_error(table), 4)
        result["mt_reliability"] = [
            [b.low, b.high, b.count, round(b.predicted, 4), round(b.observed, 4)] for b in table
        ]
        # The same table with the Brier score, in the block every task shares.
        result["calibration"] = calibration_summary(
            "article", probabilities, labels, weights, prior=0.5
        )
    return result
