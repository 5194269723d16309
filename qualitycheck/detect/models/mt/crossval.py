"""Out-of-fold article margins of the two-stage mt model.

The article model reads aggregates of sentence margins, so in every outer
fold the sentence margins it is *trained* on must themselves be out of fold
(on unseen text the sentence model is less sure than on its own training
sentences). The inner folds are the outer folds minus the held-out one: the
training documents of fold ``g`` get their margins from a sentence model
fitted without folds ``f`` and ``g``. Those pair models are fitted once and
shared between the outer folds, which keeps the nested scheme affordable
(``k (k - 1) / 2 + k`` sentence fits instead of ``k (k + 1)``).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from qualitycheck.detect.models.linear import LinearModel
from qualitycheck.detect.models.mt.documents import Document
from qualitycheck.detect.models.mt.fitting import (
    Settings,
    article_rows,
    export_article,
    fit_article,
    fit_sentence_model,
    keep_largest,
    sentence_scores,
)


@dataclass
class OutOfFold:
    """Out-of-fold results of one fold scheme.

    ``margins[c][i]``: document ``i``'s uncalibrated article margin under the
    article model with regularisation ``c`` that never saw its fold;
    ``sentences[i]``: its sentence margins from the sentence model that never
    saw its fold (what the final article model is trained on)."""

    folds: list[int]
    margins: dict[float, list[float]]
    sentences: list[list[float]]


def _fit_without(
    docs: Sequence[Document], folds: Sequence[int], left_out: set[int], settings: Settings
) -> LinearModel:
    kept = [d for d, f in zip(docs, folds, strict=True) if f not in left_out]
    return fit_sentence_model(kept, settings)


def out_of_fold(
    docs: Sequence[Document], folds: Sequence[int], settings: Settings, cs: Sequence[float]
) -> OutOfFold:
    """Out-of-fold article margins for every ``c`` of ``cs`` under the fold
    assignment ``folds`` (one fold number per document)."""
    numbers = sorted(set(folds))
    pairs = {
        (f, g): _fit_without(docs, folds, {f, g}, settings)
        for f in numbers
        for g in numbers
        if f < g
    }
    margins = {c: [0.0] * len(docs) for c in cs}
    sentences: list[list[float]] = [[] for _ in docs]
    for fold in numbers:
        inner = [i for i, f in enumerate(folds) if f != fold]
        held = [i for i, f in enumerate(folds) if f == fold]
        inner_margins = [
            [pairs[min(fold, folds[i]), max(fold, folds[i])].margin(r) for r in docs[i].sentences]
            for i in inner
        ]
        outer_sentences = _fit_without(docs, folds, {fold}, settings)
        held_margins = sentence_scores(outer_sentences, [docs[i] for i in held])
        for i, values in zip(held, held_margins, strict=True):
            sentences[i] = values
        for c in cs:
            fitted = fit_article([docs[i] for i in inner], c, settings, inner_margins)
            model = keep_largest(export_article(*fitted, 1.0, 0.0), settings.max_weights)
            rows = article_rows([docs[i] for i in held], held_margins)
            for i, row in zip(held, rows, strict=True):
                margins[c][i] = model.margin(row)
    return OutOfFold(list(folds), margins, sentences)
