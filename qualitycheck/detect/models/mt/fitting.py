"""Fitting the two mt stages: the sentence model, the article model on scaled
features, and the export that folds scaling and calibration into plain
weights.

These are the steps cross-validation repeats per fold and the final fit runs
once; keeping them apart from the fold and threshold logic in
:mod:`~qualitycheck.detect.models.mt.training` keeps each readable. Imported
only at training time (scikit-learn through
:mod:`qualitycheck.detect.models.training`).
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from qualitycheck.detect.models.linear import LinearModel
from qualitycheck.detect.models.mt import SENTENCE_TASK, TASK
from qualitycheck.detect.models.mt.documents import Document
from qualitycheck.detect.models.mt.features import sentence_aggregates
from qualitycheck.detect.models.training import fit_logistic, prune_rare, to_linear_model


@dataclass(frozen=True)
class Settings:
    """Training choices; the defaults are what the shipped models use."""

    folds: int = 5
    #: Each human translation counts this many times (duplicated rows): the
    #: topic-matched negatives teach "machine", originals mostly teach "topic".
    human_weight: int = 4
    sentence_c: float = 0.3
    article_cs: tuple[float, ...] = (3.0, 10.0, 30.0)
    min_docs: int = 3
    #: Standardised style statistics are multiplied by this (a stronger prior
    #: on them: there are few, and each can key on one corpus's habits).
    style_scale: float = 0.3
    #: The same for the sentence aggregates.
    sentence_scale: float = 0.3
    min_sentences: int = 10
    false_alarm_share: float = 0.01
    #: A cap on each model's weights, largest kept (a safety net for the file
    #: size: the rare-feature cut-offs keep both models well below it, and
    #: dropping many small weights costs accuracy).
    max_weights: int = 50000


def _weighted(docs: Sequence[Document], human_weight: int) -> list[Document]:
    """Documents with each human translation repeated (integer sample weights)."""
    out: list[Document] = []
    for doc in docs:
        out.extend([doc] * (human_weight if doc.label == "human_translation" else 1))
    return out


def fit_sentence_model(docs: Sequence[Document], settings: Settings, seed: int) -> LinearModel:
    """Sentences labeled with their article's label (machine or not)."""
    rows, labels = [], []
    for doc in _weighted(docs, settings.human_weight):
        rows.extend(doc.sentences)
        labels.extend([doc.positive] * len(doc.sentences))
    rows = prune_rare(rows, settings.min_sentences)
    vectorizer, classifier = fit_logistic(rows, labels, c=settings.sentence_c, seed=seed)
    model = to_linear_model(SENTENCE_TASK, vectorizer, classifier, 0.5, {})
    model.weights = {k: round(v, 7) for k, v in model.weights.items()}
    model.intercept = round(model.intercept, 7)
    return keep_largest(model, settings.max_weights)


def keep_largest(model: LinearModel, count: int) -> LinearModel:
    """Keep the ``count`` weights of largest magnitude (ties by name)."""
    if len(model.weights) > count:
        ranked = sorted(model.weights.items(), key=lambda kv: (-abs(kv[1]), kv[0]))[:count]
        model.weights = dict(ranked)
    return model


def sentence_margins(docs: Sequence[Document], folds: int, settings: Settings, seed: int) -> None:
    """Out-of-fold sentence margins for every document (what the article model
    is trained on must look like what it will see on unseen text)."""
    for fold in range(folds):
        model = fit_sentence_model([d for d in docs if d.fold != fold], settings, seed)
        for doc in docs:
            if doc.fold == fold:
                doc.margins = [model.margin(row) for row in doc.sentences]


@dataclass
class Scaling:
    """Per-feature scale and shift learned on the training documents.

    A shifted (dense) feature that a row lacks counts as 0 before the shift,
    which is what the folded weights assume."""

    scale: dict[str, float]
    shift: dict[str, float]

    def apply(self, row: dict[str, float]) -> dict[str, float]:
        scaled = {k: v * self.scale[k] for k, v in row.items() if k in self.scale}
        for name, shift in self.shift.items():
            scaled[name] = (row.get(name, 0.0) - shift) * self.scale[name]
        return scaled


def _is_dense(name: str) -> bool:
    return name[:2] in ("s:", "r:", "a:")


def fit_scaling(
    rows: Sequence[dict[str, float]], min_docs: int, style_scale: float, sentence_scale: float
) -> Scaling:
    """idf for the n-gram profile (features in fewer than ``min_docs``
    documents are dropped), mean and spread for the dense statistics."""
    n = len(rows)
    df: Counter[str] = Counter(k for row in rows for k in row)
    scale, shift = {}, {}
    for name, count in sorted(df.items()):
        if _is_dense(name):
            values = [row.get(name, 0.0) for row in rows]
            mean = sum(values) / n
            spread = math.sqrt(sum((v - mean) ** 2 for v in values) / n)
            if spread > 1e-9:
                factor = sentence_scale if name.startswith("a:") else style_scale
                scale[name], shift[name] = factor / spread, mean
        elif count >= min_docs:
            scale[name] = math.log((1 + n) / (1 + count)) + 1.0
    return Scaling(scale, shift)


def article_rows(docs: Sequence[Document]) -> list[dict[str, float]]:
    rows = []
    for doc in docs:
        row = dict(doc.features)
        row.update(sentence_aggregates(doc.margins))
        rows.append(row)
    return rows


def fit_article(
    docs: Sequence[Document], c: float, settings: Settings, seed: int
) -> tuple[Scaling, Any, Any]:
    """The article model on scaled features: ``(scaling, vectorizer, classifier)``."""
    weighted = _weighted(docs, settings.human_weight)
    raw = article_rows(weighted)
    scaling = fit_scaling(
        article_rows(docs), settings.min_docs, settings.style_scale, settings.sentence_scale
    )
    rows = [scaling.apply(r) for r in raw]
    labels = [d.positive for d in weighted]
    # A rule that names an artifact is never evidence against machine
    # translation, however the training corpus happens to use it (in WMT,
    # human translators keep the source's "today, Friday" and decimal commas
    # too): a rule feature whose weight comes out negative is dropped and the
    # model refitted, until none is left.
    while True:
        vectorizer, classifier = fit_logistic(rows, labels, c=c, seed=seed)
        negative = {
            name
            for name, weight in zip(
                vectorizer.get_feature_names_out(), classifier.coef_[0], strict=True
            )
            if name.startswith("r:") and weight < 0
        }
        if not negative:
            return scaling, vectorizer, classifier
        rows = [{k: v for k, v in row.items() if k not in negative} for row in rows]


def _round(value: float, digits: int | None) -> float:
    return value if digits is None else round(value, digits)


def export_article(
    scaling: Scaling,
    vectorizer: Any,
    classifier: Any,
    slope: float,
    offset: float,
    digits: int | None = 7,
) -> LinearModel:
    """Fold scaling and calibration into plain weights on raw features:
    ``slope * (b + sum w (x - shift) scale) + offset``. Weights are rounded to
    ``digits`` decimals (a smaller file; the margin moves by about 1e-6)."""
    model = to_linear_model(TASK, vectorizer, classifier, 0.5, {})
    intercept = model.intercept
    weights = {}
    for name, weight in model.weights.items():
        folded = weight * scaling.scale[name]
        intercept -= folded * scaling.shift.get(name, 0.0)
        weights[name] = _round(slope * folded, digits)
    model.weights = {k: v for k, v in weights.items() if v != 0.0}
    model.intercept = _round(slope * intercept + offset, digits)
    return model
