"""The mt detector: what check loads to score an article.

Only this module (with the features it reads) is imported on the check path;
training lives beside it and is imported only by ``qualitycheck train``, so
checking never loads scikit-learn.
"""

from __future__ import annotations

from pathlib import Path

from qualitycheck.detect.models.linear import LinearModel, sigmoid
from qualitycheck.detect.models.mt import SENTENCE_TASK, TASK
from qualitycheck.detect.models.mt.features import (
    article_features,
    article_sentences,
    sentence_aggregates,
    sentence_features,
)
from qualitycheck.document.article import Article, Block
from qualitycheck.document.findings import Finding


class MtDetector:
    """Scores an article with the shipped (or a retrained) pair of models."""

    def __init__(
        self, model: LinearModel, sentence_model: LinearModel, threshold: float | None = None
    ) -> None:
        self.model = model
        self.sentence_model = sentence_model
        self.threshold = model.threshold if threshold is None else threshold
        # The informational band below the error threshold that training
        # measured (docs/accuracy.md); a model file without one has no band.
        band = model.settings.get("info_threshold")
        self.info_threshold = float(band) if isinstance(band, (int, float)) else None

    @classmethod
    def load(cls, folder: Path, threshold: float | None = None) -> MtDetector:
        return cls(
            LinearModel.load(folder / f"{TASK}.json"),
            LinearModel.load(folder / f"{SENTENCE_TASK}.json"),
            threshold,
        )

    def features(
        self, article: Article, findings: list[Finding]
    ) -> tuple[dict[str, float], list[tuple[Block, int, int]], list[float]]:
        """The article model's input, the sentences and each sentence's margin."""
        spans = article_sentences(article)
        margins = [
            self.sentence_model.margin(sentence_features(block.text[start:end]))
            for block, start, end in spans
        ]
        row = article_features(article, findings)
        row.update(sentence_aggregates(margins))
        return row, spans, margins

    def score(
        self, article: Article, findings: list[Finding]
    ) -> tuple[float, list[tuple[Block, int, int, float]]]:
        """The article's probability of being machine-translated and up to three
        sentences that weigh most towards it (sentence probability above one
        half), most machine-like first."""
        row, spans, margins = self.features(article, findings)
        probability = self.model.probability(row)
        ranked = sorted(range(len(spans)), key=lambda i: (-margins[i], i))
        evidence = [
            (*spans[i], round(sigmoid(margins[i]), 4)) for i in ranked[:3] if margins[i] > 0
        ]
        return probability, evidence
