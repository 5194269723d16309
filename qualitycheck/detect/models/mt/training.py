"""Training the mt model: cross-validation that holds out whole MT systems,
the choice of C, Platt calibration, the false-alarm threshold and the final
fit of both stages with their training metadata.

This is what ``qualitycheck train --task mt`` runs (through the model
registry); it is never imported on the check path.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from typing import Any

from qualitycheck.detect.models.linear import LinearModel, sigmoid
from qualitycheck.detect.models.mt import NEGATIVES, POSITIVE
from qualitycheck.detect.models.mt.documents import Document, assign_folds, documents
from qualitycheck.detect.models.mt.fitting import (
    Settings,
    article_rows,
    export_article,
    fit_article,
    fit_sentence_model,
    keep_largest,
    sentence_margins,
)
from qualitycheck.detect.models.protocols import RuleSource
from qualitycheck.detect.models.training import roc_auc


def _aucs(scores: Sequence[float], docs: Sequence[Document]) -> dict[str, float]:
    """ROC-AUC of machine articles against each kind of negative present."""
    machine = [s for s, d in zip(scores, docs, strict=True) if d.label == POSITIVE]
    result = {}
    for label in NEGATIVES:
        negative = [s for s, d in zip(scores, docs, strict=True) if d.label == label]
        value = roc_auc(machine, negative)
        if value is not None:
            result[f"machine_vs_{label}"] = round(value, 4)
    return result


def calibrate(margins: Sequence[float], labels: Sequence[int], seed: int) -> tuple[float, float]:
    """Platt scaling of out-of-fold margins: ``(slope, offset)``."""
    from sklearn.linear_model import LogisticRegression

    model = LogisticRegression(C=1e6, solver="liblinear", random_state=seed)
    model.fit([[m] for m in margins], list(labels))
    return float(model.coef_[0][0]), float(model.intercept_[0])


def false_alarm_threshold(probabilities: Sequence[float], share: float) -> float:
    """The lowest threshold that at most ``share`` of these (original English)
    articles reach: halfway between the last allowed and the next score."""
    ranked = sorted(probabilities, reverse=True)
    allowed = int(share * len(ranked) + 1e-9)
    if allowed >= len(ranked):
        return 0.0
    above = ranked[allowed - 1] if allowed else 1.0
    return (above + ranked[allowed]) / 2


def cross_validate(
    docs: Sequence[Document], folds: int, settings: Settings, seed: int
) -> dict[float, list[float]]:
    """Out-of-fold article margins for every C of the grid, with the sentence
    stage nested inside (each outer fold trains its own sentence models)."""
    scores = {c: [0.0] * len(docs) for c in settings.article_cs}
    position = {id(d): i for i, d in enumerate(docs)}
    for fold in range(folds):
        inner = [d for d in docs if d.fold != fold]
        held = [d for d in docs if d.fold == fold]
        saved = {id(d): d.fold for d in inner}
        inner_folds = assign_folds(inner, folds, seed)
        sentence_margins(inner, inner_folds, settings, seed)
        for doc in inner:
            doc.fold = saved[id(doc)]
        sentence_model = fit_sentence_model(inner, settings, seed)
        for doc in held:
            doc.margins = [sentence_model.margin(row) for row in doc.sentences]
        for c in settings.article_cs:
            fitted = fit_article(inner, c, settings, seed)
            model = keep_largest(export_article(*fitted, 1.0, 0.0), settings.max_weights)
            margins = [model.margin(row) for row in article_rows(held)]
            for doc, margin in zip(held, margins, strict=True):
                scores[c][position[id(doc)]] = margin
    return scores


def train(
    records: Sequence[dict[str, Any]],
    rules: RuleSource,
    seed: int = 0,
    settings: Settings | None = None,
) -> list[LinearModel]:
    """Fit both stages; returns ``[article model, sentence model]``.

    ``rules`` supplies the machine-translation rule findings the article model
    reads. C is chosen by cross-validation that holds out whole MT systems;
    the threshold lets at most 1% of the original-English articles through
    (their out-of-fold probabilities).
    """
    settings = settings or Settings()
    docs = documents(records, rules)
    folds = assign_folds(docs, settings.folds, seed)
    fold_of = [d.fold for d in docs]
    cv = cross_validate(docs, folds, settings, seed)
    results = {c: _aucs(scores, docs) for c, scores in cv.items()}
    best_c = max(settings.article_cs, key=lambda c: (sum(results[c].values()), -c))
    labels = [d.positive for d in docs]
    slope, offset = calibrate(cv[best_c], labels, seed)
    oof = [sigmoid(slope * m + offset) for m in cv[best_c]]
    originals = [p for p, d in zip(oof, docs, strict=True) if d.label == "original"]
    threshold = false_alarm_threshold(originals, settings.false_alarm_share) if originals else 0.5
    for doc, fold in zip(docs, fold_of, strict=True):
        doc.fold = fold
    sentence_margins(docs, folds, settings, seed)
    sentence_model = fit_sentence_model(docs, settings, seed)
    fitted = fit_article(docs, best_c, settings, seed)
    article_model = keep_largest(export_article(*fitted, slope, offset), settings.max_weights)
    article_model.threshold = threshold
    crossing = {
        label: round(
            sum(p >= threshold for p, d in zip(oof, docs, strict=True) if d.label == label)
            / max(sum(d.label == label for d in docs), 1),
            4,
        )
        for label in (POSITIVE, *NEGATIVES)
    }
    counts = Counter(d.label for d in docs)
    systems = sorted({d.system for d in docs if d.label == POSITIVE})
    description = {
        "data": "articles labeled machine / original / human_translation",
        "counts": dict(sorted(counts.items())),
        "systems": systems,
        "seed": seed,
        "cv": (
            f"{folds}-fold grouped CV: machine articles grouped by MT system (unseen systems "
            "in each fold), human translations with their source document, originals by group"
        ),
    }
    article_model.training = {
        **description,
        "cv_auc_by_c": {str(c): results[c] for c in settings.article_cs},
        "chosen_c": best_c,
        "cv_auc": results[best_c],
        "threshold_rule": f"at most {settings.false_alarm_share:.0%} of original articles "
        "(out-of-fold, calibrated) at or above it",
        "cv_share_at_threshold": crossing,
        "calibration": {"slope": round(slope, 6), "offset": round(offset, 6)},
    }
    article_model.settings = {
        "human_weight": settings.human_weight,
        "min_docs": settings.min_docs,
        "max_weights": settings.max_weights,
        "style_scale": settings.style_scale,
        "sentence_scale": settings.sentence_scale,
        "stage": "article: n-gram profile, style, MT rule findings, mt_sentence aggregates",
    }
    sentence_model.training = {**description, "labels": "sentence takes its article's label"}
    sentence_model.settings = {
        "c": settings.sentence_c,
        "human_weight": settings.human_weight,
        "min_sentences": settings.min_sentences,
        "max_weights": settings.max_weights,
    }
    return [article_model, sentence_model]
