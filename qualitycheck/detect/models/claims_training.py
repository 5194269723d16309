"""Training the claims model: C, calibration and threshold from cross-validation.

Kept apart from :mod:`qualitycheck.detect.models.claims`, which checks
articles with the shipped model: training needs scikit-learn and the labeled
sentences (:func:`~qualitycheck.detect.models.claims.dataset`), a check needs
neither.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any

from qualitycheck.detect.models.claims import TASK, dataset
from qualitycheck.detect.models.linear import LinearModel
from qualitycheck.detect.models.protocols import RuleSource

#: The claims model reports a sentence only where, in cross-validation, at
#: least this share of what it reports is labeled unsupported; and never
#: below p = 0.5 (a message must not call a coin toss a claim).
MIN_PRECISION = 0.65
MIN_THRESHOLD = 0.5


def precision_threshold(
    scores: Sequence[float], labels: Sequence[int], min_precision: float = MIN_PRECISION
) -> tuple[float, float, float]:
    """``(threshold, precision, recall)``: the best F1 among thresholds of at
    least :data:`MIN_THRESHOLD` whose precision reaches ``min_precision``
    (the highest-precision one when none does)."""
    positives = max(sum(labels), 1)
    best: tuple[float, float, float, float] = (-1.0, MIN_THRESHOLD, 0.0, 0.0)
    fallback: tuple[float, float, float, float] = (-1.0, MIN_THRESHOLD, 0.0, 0.0)
    for step in range(int(MIN_THRESHOLD * 100), 100):
        threshold = step / 100
        predicted = [score >= threshold for score in scores]
        tp = sum(p and y for p, y in zip(predicted, labels, strict=True))
        if not tp:
            break
        precision, recall = tp / sum(predicted), tp / positives
        f1 = 2 * precision * recall / (precision + recall)
        if precision >= min_precision and f1 > best[0]:
            best = (f1, threshold, precision, recall)
        if precision > fallback[0]:
            fallback = (precision, threshold, precision, recall)
    chosen = best if best[0] >= 0 else fallback
    return chosen[1], chosen[2], chosen[3]


def out_of_fold(
    rows: Sequence[dict[str, float]], labels: Sequence[int], c: float, seed: int
) -> list[float]:
    """Each sentence's probability from a model that did not see it (5-fold, stratified)."""
    from sklearn.model_selection import StratifiedKFold

    from qualitycheck.detect.models.training import fit_logistic

    scores = [0.0] * len(rows)
    folds = StratifiedKFold(n_splits=5, shuffle=True, random_state=seed).split(rows, labels)
    for train_index, test_index in folds:
        vectorizer, classifier = fit_logistic(
            [rows[i] for i in train_index], [labels[i] for i in train_index], c=c, seed=seed
        )
        probabilities = classifier.predict_proba(
            vectorizer.transform([rows[i] for i in test_index])
        )
        for position, index in enumerate(test_index):
            scores[index] = float(probabilities[position, 1])
    return scores


def _fold_f1_error(
    scores: Sequence[float], labels: Sequence[int], threshold: float, seed: int
) -> float:
    """The standard error of F1 at ``threshold`` over the folds of :func:`out_of_fold`."""
    from statistics import stdev

    from sklearn.model_selection import StratifiedKFold

    values = []
    folds = StratifiedKFold(n_splits=5, shuffle=True, random_state=seed).split(scores, labels)
    for _, test_index in folds:
        tp = sum(scores[i] >= threshold and labels[i] for i in test_index)
        flagged = sum(scores[i] >= threshold for i in test_index)
        positives = sum(labels[i] for i in test_index)
        values.append(2 * tp / (flagged + positives) if flagged + positives else 0.0)
    return stdev(values) / math.sqrt(len(values))


def _margin(probability: float) -> float:
    """The logit of an out-of-fold probability (kept off 0 and 1)."""
    p = min(max(probability, 1e-12), 1 - 1e-12)
    return math.log(p / (1 - p))


def calibration(
    margins: Sequence[float], labels: Sequence[int], allowed: Sequence[bool]
) -> tuple[float, float]:
    """``(slope, offset)`` of Platt scaling on the out-of-fold margins of the
    sentences the model may judge, unweighted. The fit weighs the classes
    equally (``class_weight="balanced"``), so its own probability assumes that
    half the sentences are unsupported: about a third are, and a shown p of
    0.59 was right 0.45 of the time. Folded into the weights, the model's
    probability is the share of such sentences that are unsupported."""
    from qualitycheck.detect.models.mt.calibration import platt

    kept = [(m, y) for m, y, ok in zip(margins, labels, allowed, strict=True) if ok]
    return platt([m for m, _ in kept], [y for _, y in kept], [1.0] * len(kept))


def train(records: Sequence[dict[str, Any]], rules: RuleSource, seed: int = 0) -> list[LinearModel]:
    """Fit on labeled sentences. C, the calibration and the threshold come
    from stratified CV, scored as the check path decides: a sentence the model
    may not flag (:func:`may_flag`) counts as not flagged; the probability is
    calibrated (:func:`calibration`) before the threshold is chosen for
    precision (:func:`precision_threshold`), so its floor of p = 0.5 is a
    real even chance. C is the smallest whose CV F1 is within one standard
    error (over the folds) of the best: where C values tie, the more
    regularised model is the one that generalises."""
    from qualitycheck.detect.models.linear import sigmoid
    from qualitycheck.detect.models.training import fit_logistic, prune_rare, to_linear_model

    rows, labels, allowed = dataset(records, rules)
    rows = prune_rare(rows, 2)
    measured: list[tuple[float, float, float, float, float, float, tuple[float, float]]] = []
    for c in (0.1, 0.3, 1.0):
        margins = [_margin(p) for p in out_of_fold(rows, labels, c, seed)]
        slope, offset = calibration(margins, labels, allowed)
        scores = [
            sigmoid(slope * m + offset) if ok else 0.0
            for m, ok in zip(margins, allowed, strict=True)
        ]
        threshold, precision, recall = precision_threshold(scores, labels)
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        error = _fold_f1_error(scores, labels, threshold, seed)
        measured.append((c, f1, error, threshold, precision, recall, (slope, offset)))
    top = max(measured, key=lambda m: m[1])
    chosen = next(m for m in measured if m[1] >= top[1] - top[2])
    c, f1, _, threshold, precision, recall, (slope, offset) = chosen
    vectorizer, classifier = fit_logistic(rows, labels, c=c, seed=seed)
    classifier.coef_ = classifier.coef_ * slope  # the calibration, folded into the weights
    classifier.intercept_ = classifier.intercept_ * slope + offset
    threshold_rule = (
        f"best F1 at CV precision >= {MIN_PRECISION} and p >= {MIN_THRESHOLD}, 5-fold "
        "stratified CV, sentences outside the writer's voice counted as not flagged"
    )
    shortfall = None
    if precision < MIN_PRECISION:  # precision_threshold fell back to its most precise
        threshold_rule += "; none reached that precision: the most precise threshold instead"
        shortfall = (
            f"no threshold reached the cross-validated precision of {MIN_PRECISION} the claims "
            f"model is held to (the most precise, p >= {threshold:.2f}, has {precision:.3f}): "
            "its findings would be mostly false alarms; train on more or cleaner labeled data"
        )
    training = {
        "data": "sentences labeled unsupported true/false (WikiWeasel, CheckThat 2023, BABE)",
        "sentences": len(labels),
        "unsupported": sum(labels),
        "cv_f1": round(f1, 4),
        "cv_precision": round(precision, 4),
        "cv_recall": round(recall, 4),
        "c": c,
        "cv_f1_by_c": {str(m[0]): [round(m[1], 4), round(m[2], 4)] for m in measured},
        "c_rule": "smallest C whose CV F1 is within one standard error (over folds) of the best",
        "threshold_rule": threshold_rule,
        "calibration": {
            "method": "Platt scaling of the out-of-fold margins of the sentences the model may "
            "judge, unweighted; folded into the weights and intercept",
            "slope": round(slope, 6),
            "offset": round(offset, 6),
        },
        "seed": seed,
    }
    if shortfall is not None:
        training["shortfall"] = shortfall
    return [to_linear_model(TASK, vectorizer, classifier, threshold, training)]
