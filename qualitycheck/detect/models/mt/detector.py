"""The mt detector: what check loads to score an article.

Only this module (with the features it reads) is imported on the check path;
training lives beside it and is imported only by ``qualitycheck train``, so
checking never loads scikit-learn. Scoring takes the compiled n-gram kernel
(:mod:`.kernel`) when it is built and the pure path otherwise; both give the
same margins to the last bit.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from qualitycheck.detect.models.linear import LinearModel, load_task, sigmoid
from qualitycheck.detect.models.mt import SENTENCE_TASK, TASK
from qualitycheck.detect.models.mt.features import (
    article_features,
    article_sentences,
    rule_features,
    sentence_aggregates,
    sentence_features,
    style_features,
)
from qualitycheck.detect.models.mt.kernel import CompiledMt, compiled
from qualitycheck.detect.models.mt.text_kernel import TextReader, reader
from qualitycheck.document.article import Article, Block
from qualitycheck.document.findings import Finding

#: Fewer words in the article's body than this and the model gives no verdict
#: (``mt_probability`` is null). Why: 99 % of the original English articles it
#: learned from have at least 50 words (the machine and human translations go
#: down to 15), so below that length shortness itself reads as translation. On
#: the single sentences of ``claims/dev`` (original English) it failed 13.8 %
#: of those up to 10 words, 9.7 % of 11-20 and 3.8 % of 31-50, at its error
#: threshold (docs/accuracy.md, "Too short to judge";
#: ``benchmarks/mt_short_texts.py``).
MIN_WORDS = 50


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
        self.min_words = MIN_WORDS
        # Built at the first score (a detector loaded only for its features
        # never needs it); False until then, None when the pure path runs.
        self._kernel: CompiledMt | bool | None = False
        self._text: TextReader | None = None

    def __getstate__(self) -> dict[str, Any]:
        # The compiled tables stay behind: a worker process builds its own.
        return {**self.__dict__, "_kernel": False, "_text": None}

    def _compiled(self) -> CompiledMt | None:
        if self._kernel is False:
            self._kernel = compiled(self.model, self.sentence_model)
        return self._kernel if isinstance(self._kernel, CompiledMt) else None

    def _reader(self) -> TextReader:
        """Tokens and word counts, in C where the text kernel is built."""
        if self._text is None:
            self._text = reader()
        return self._text

    @classmethod
    def load(cls, folder: Path, threshold: float | None = None) -> MtDetector:
        return cls(
            load_task(folder, TASK),
            load_task(folder, SENTENCE_TASK),
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

    def _margins(
        self, article: Article, findings: list[Finding]
    ) -> tuple[list[tuple[Block, int, int]], list[float], float]:
        """The sentences, their margins and the article's margin: from the
        kernel where there is one (each sentence tokenised once for both
        stages), else from the feature dictionaries of :meth:`features`."""
        kernel = self._compiled()
        if kernel is not None:
            spans = article_sentences(article)
            sentences = [block.text[start:end] for block, start, end in spans]
            sentence_tokens = self._reader().tokenize(sentences)
            try:
                margins, total = kernel.score(sentence_tokens)
            except OverflowError:
                pass
            else:
                # The rest of the article row, in article_features' order (a
                # test fails if article_features gains a part this leaves out);
                # the style statistics' words come from the same tokens.
                words = self._reader().sentence_words(sentences, sentence_tokens)
                counts = self._reader().word_counts(words)
                row = style_features(sentences, words, counts)
                row.update(rule_features(findings))
                row.update(sentence_aggregates(margins))
                return spans, margins, self.model.margin(row, start=total)
        row, spans, margins = self.features(article, findings)
        return spans, margins, self.model.margin(row)

    def score(
        self, article: Article, findings: list[Finding]
    ) -> tuple[float, list[tuple[Block, int, int, float]]]:
        """The article's probability of being machine-translated and up to three
        sentences that weigh most towards it (sentence probability above one
        half), most machine-like first."""
        spans, margins, margin = self._margins(article, findings)
        probability = sigmoid(margin)
        ranked = sorted(range(len(spans)), key=lambda i: (-margins[i], i))
        evidence = [
            (*spans[i], round(sigmoid(margins[i]), 4)) for i in ranked[:3] if margins[i] > 0
        ]
        return probability, evidence
