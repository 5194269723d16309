"""Fitting and measuring linear models with scikit-learn (imported only
inside these functions, at training or evaluation time).

Features are dictionaries of named values; DictVectorizer maps them to
columns and LogisticRegression fits the weights. The result is exported as a
:class:`LinearModel` whose weights are keyed by feature name, so inference
needs no scikit-learn at all. :func:`roc_auc` is the one ROC-AUC that
training (model selection) and ``qualitycheck evaluate`` report.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from typing import Any

from qualitycheck.detect.models.linear import LinearModel


def prune_rare(rows: Sequence[dict[str, float]], min_count: int) -> list[dict[str, float]]:
    """Drop features seen in fewer than ``min_count`` rows (noise, model size)."""
    counts: Counter[str] = Counter(name for row in rows for name in row)
    keep = {name for name, count in counts.items() if count >= min_count}
    return [{k: v for k, v in row.items() if k in keep} for row in rows]


def fit_logistic(
    rows: Sequence[dict[str, float]],
    labels: Sequence[int],
    *,
    c: float = 1.0,
    class_weight: str | None = "balanced",
    seed: int = 0,
) -> tuple[Any, Any]:
    """Fit and return ``(vectorizer, classifier)``; deterministic for a seed."""
    from sklearn.feature_extraction import DictVectorizer
    from sklearn.linear_model import LogisticRegression

    vectorizer = DictVectorizer(sparse=True, sort=True)
    matrix = vectorizer.fit_transform(rows)
    classifier = LogisticRegression(
        C=c, class_weight=class_weight, max_iter=5000, solver="lbfgs", random_state=seed
    )
    classifier.fit(matrix, list(labels))
    return vectorizer, classifier


def to_linear_model(
    task: str,
    vectorizer: Any,
    classifier: Any,
    threshold: float,
    training: dict[str, Any],
    settings: dict[str, Any] | None = None,
) -> LinearModel:
    """Export a fitted pipeline; zero weights are left out."""
    names = vectorizer.get_feature_names_out()
    weights = {
        str(name): float(weight)
        for name, weight in zip(names, classifier.coef_[0], strict=True)
        if weight != 0.0
    }
    return LinearModel(
        task=task,
        weights=weights,
        intercept=float(classifier.intercept_[0]),
        threshold=threshold,
        training=training,
        settings=settings or {},
    )


def best_threshold(
    scores: Sequence[float], labels: Sequence[int], min_precision: float | None = None
) -> float:
    """The threshold with the best F1 (or the best recall at ``min_precision``)."""
    pairs = sorted(zip(scores, labels, strict=True), reverse=True)
    positives = sum(labels)
    best, best_value = 0.5, -1.0
    true_positives = 0
    for index, (score, label) in enumerate(pairs, start=1):
        true_positives += label
        precision = true_positives / index
        recall = true_positives / positives if positives else 0.0
        if min_precision is not None:
            value = recall if precision >= min_precision else -1.0
        else:
            value = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        next_score = pairs[index][0] if index < len(pairs) else None
        if value > best_value and next_score != score:
            best_value = value
            best = score if next_score is None else (score + next_score) / 2
    return best


def roc_auc(positives: Sequence[float], negatives: Sequence[float]) -> float | None:
    """ROC-AUC: the chance that a random positive scores above a random
    negative, ties counting half; ``None`` when either side is empty."""
    if not positives or not negatives:
        return None
    from sklearn.metrics import roc_auc_score

    labels = [1] * len(positives) + [0] * len(negatives)
    return float(roc_auc_score(labels, [*positives, *negatives]))
