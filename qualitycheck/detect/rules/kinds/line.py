"""``line``: the whole line (block) is the match, e.g. "Share This Article",
"7 Min Read", "Photo: …", a date alone. Optionally limited to the first or
last lines of an article, where scrapers leave most of their debris."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from qualitycheck.detect.rules.kinds.base import CheckContext, Hit, Rule
from qualitycheck.detect.rules.literals import prefilter
from qualitycheck.document.article import Article, Block
from qualitycheck.document.textfold import normalize_line
from qualitycheck.primitives.options import Option
from qualitycheck.primitives.saferegex import check_pattern, combine_patterns, fullmatch

#: Compiled pattern subsets a rule keeps (at most 2**patterns ever occur).
SUBSETS_KEPT = 64


class LineRule(Rule):
    kind = "line"
    description = (
        "Flags a whole line that is one of the given lines (compared without case, accents, "
        "extra whitespace or decorative punctuation at the ends) or that fully matches one of "
        "the given regular expressions."
    )
    searches_patterns = True
    options = (
        Option("lines", list, "Exact lines to flag.", default=[], item=str),
        Option(
            "patterns",
            list,
            "Regular expressions a whole line must match.",
            default=[],
            item=str,
            check=check_pattern,
        ),
        Option("ignore_case", bool, "Match the patterns regardless of case.", default=True),
        Option(
            "first_lines",
            int,
            "Only look at the first N lines of an article.",
            nullable=True,
            minimum=1,
        ),
        Option(
            "last_lines",
            int,
            "Only look at the last N lines of an article.",
            nullable=True,
            minimum=1,
        ),
        Option(
            "max_length",
            int,
            "Ignore lines longer than this many characters.",
            default=300,
            minimum=1,
        ),
    )

    def setup(self, options: dict[str, Any]) -> None:
        self.lines = frozenset(normalize_line(line) for line in options["lines"])
        self.sources: list[str] = options["patterns"]
        self.ignore_case = options["ignore_case"]
        self.patterns = combine_patterns(self.sources, self.ignore_case)
        # Each pattern has its own prefilter: an article without a pattern's
        # strings is checked with the others only (compiled per subset, cached).
        self.pattern_filters = [
            prefilter([source], ignore_case=self.ignore_case) for source in self.sources
        ]
        self._subsets: dict[tuple[int, ...], list[Any]] = {}
        self.first = options["first_lines"]
        self.last = options["last_lines"]
        self.max_length = options["max_length"]

    @classmethod
    def validate_options(cls, options: dict[str, Any]) -> str | None:
        if not options["lines"] and not options["patterns"]:
            return "give 'lines' or 'patterns' (or both)"
        return None

    def _patterns_for(self, article: Article) -> list[Any]:
        """The compiled patterns that can match somewhere in ``article``."""
        active = tuple(
            index
            for index, found in enumerate(self.pattern_filters)
            if found is None or found.may_match(article)
        )
        if len(active) == len(self.sources):
            return self.patterns
        if not active:
            return []
        subset = self._subsets.get(active)
        if subset is None:
            subset = combine_patterns([self.sources[i] for i in active], self.ignore_case)
            if len(self._subsets) < SUBSETS_KEPT:
                self._subsets[active] = subset
        return subset

    def _in_position(self, block: Block, count: int) -> bool:
        if self.first is None and self.last is None:
            return True
        in_first = self.first is not None and block.index < self.first
        in_last = self.last is not None and block.index >= count - self.last
        return in_first or in_last

    def hits(self, article: Article, blocks: list[Block], context: CheckContext) -> Iterator[Hit]:
        count = len(article.blocks)
        # Without one of the patterns' strings in the article only `lines` can match.
        patterns = self._patterns_for(article)
        if not patterns and not self.lines:
            return
        for block in blocks:
            text = block.text
            if len(text) > self.max_length or not self._in_position(block, count):
                continue
            if block.line_key in self.lines or any(fullmatch(p, block.stripped) for p in patterns):
                yield Hit(block, 0, len(text))
