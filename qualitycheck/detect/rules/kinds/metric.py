"""``metric``: a readability metric above or below a threshold, per article,
block or sentence."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from qualitycheck.detect.rules.kinds.base import CheckContext, Hit, Rule
from qualitycheck.detect.signals import scans
from qualitycheck.detect.signals.readability import METRICS, metric
from qualitycheck.document.article import Article, Block
from qualitycheck.primitives.options import Option

LEVELS = ("article", "block", "sentence")


class MetricRule(Rule):
    kind = "metric"
    description = (
        "Flags text whose readability metric (textstat) crosses a threshold. At `article` "
        "level the finding covers the first body line (it judges the whole article: the HTML "
        "report shows it as a banner over the text); at `block` or `sentence` level it "
        "covers the block or sentence."
    )
    options = (
        Option("metric", str, "Which metric.", required=True, choices=METRICS),
        Option("above", float, "Flag when the metric is greater than this.", nullable=True),
        Option("below", float, "Flag when the metric is less than this.", nullable=True),
        Option("level", str, "What the metric is measured on.", default="sentence", choices=LEVELS),
        Option("min_words", int, "Skip text shorter than this many words.", default=1, minimum=0),
    )
    message_fields = ("value", "metric")

    def setup(self, options: dict[str, Any]) -> None:
        self.metric = options["metric"]
        self.above = options["above"]
        self.below = options["below"]
        self.level = options["level"]
        self.min_words = options["min_words"]

    @classmethod
    def validate_options(cls, options: dict[str, Any]) -> str | None:
        above, below = options["above"], options["below"]
        if above is None and below is None:
            return "give 'above' or 'below' (or both)"
        if above is not None and below is not None and below > above:
            # Every value is above one or below the other: every text would be flagged.
            return (
                f"'below' ({below:g}) is greater than 'above' ({above:g}): "
                "every value would be flagged"
            )
        return None

    @property
    def article_level(self) -> bool:
        """At ``level: article`` the metric is the whole body's."""
        return self.level == "article"

    def _crosses(self, value: float | int | None) -> bool:
        if value is None:
            return False
        return (self.above is not None and value > self.above) or (
            self.below is not None and value < self.below
        )

    def _pieces(
        self, article: Article, blocks: list[Block]
    ) -> Iterator[tuple[Block, int, int, str, int]]:
        if self.level == "article":
            body = [b for b in blocks if not b.is_title]
            if body:
                sentences = sum(len(b.sentences) for b in body)
                text = "\n".join(b.text for b in body)
                yield body[0], 0, len(body[0].text), text, sentences
        elif self.level == "block":
            for block in blocks:
                yield block, 0, len(block.text), block.text, len(block.sentences)
        else:
            shortest = self._fewest_characters()  # 0 for most rules: every sentence
            for block in blocks:
                if len(block.text) < shortest:
                    continue
                for start, end in block.sentences:
                    if end - start >= shortest:
                        yield block, start, end, block.text[start:end], 1

    def _fewest_characters(self) -> int:
        """Pieces shorter than this cannot be flagged (0: any can). A ``words``
        rule with only ``above`` needs more than ``above`` words, and ``n``
        words take at least ``2n - 1`` characters (one each, one space
        between): :meth:`_pieces` passes shorter sentences over unsplit."""
        if self.metric != "words" or self.below is not None or self.above is None:
            return 0
        return 2 * (int(self.above) + 1) - 1 if self.above >= 0 else 0

    def hits(self, article: Article, blocks: list[Block], context: CheckContext) -> Iterator[Hit]:
        count = scans.split_counter()
        for block, start, end, text, sentences in self._pieces(article, blocks):
            words = count(text)  # len(text.split())
            if words < self.min_words:
                continue
            value = metric(text, sentences, self.metric, words)
            if self._crosses(value):
                yield Hit(block, start, end, 1.0, {"value": str(value), "metric": self.metric})
