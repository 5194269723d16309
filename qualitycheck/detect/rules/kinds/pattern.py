"""``pattern``: a regular expression searched in each block."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from qualitycheck.detect.rules.fastpath import PatternKey
from qualitycheck.detect.rules.kinds.base import CheckContext, Hit, Rule, check_search_pattern
from qualitycheck.detect.rules.literals import alternatives, may_match, prefilter
from qualitycheck.document.article import Article, Block
from qualitycheck.primitives.options import Option
from qualitycheck.primitives.saferegex import (
    finditer,
    lazy_pattern,
    pattern_groups,
)


class PatternRule(Rule):
    kind = "pattern"
    description = (
        "Flags every match of a regular expression (Python syntax) in a block. Use "
        "`group` to report only part of the match. Each search is bounded in time: a "
        "pattern that takes too long is skipped for the article, with a warning."
    )
    searches_patterns = True
    options = (
        Option(
            "pattern", str, "The regular expression.", required=True, check=check_search_pattern
        ),
        Option("ignore_case", bool, "Match regardless of case.", default=True),
        Option(
            "group",
            int,
            "Report this capture group instead of the whole match.",
            default=0,
            minimum=0,
        ),
    )

    def setup(self, options: dict[str, Any]) -> None:
        self.regex = lazy_pattern(options["pattern"], options["ignore_case"])
        self.group = options["group"]
        self.key: PatternKey = (options["pattern"], options["ignore_case"])
        self.prefilters = alternatives(
            prefilter([options["pattern"]], ignore_case=options["ignore_case"])
        )

    @classmethod
    def validate_options(cls, options: dict[str, Any]) -> str | None:
        groups = pattern_groups(options["pattern"])
        if options["group"] > groups:
            return f"group: the pattern has {groups} capture group(s)"
        return None

    def screened_patterns(self) -> tuple[list[PatternKey], list[PatternKey]]:
        return [self.key], []

    def hits(self, article: Article, blocks: list[Block], context: CheckContext) -> Iterator[Hit]:
        candidates = context.candidates
        if not may_match(self.prefilters, article, candidates):
            return
        screened = candidates.search_blocks(self.key) if candidates is not None else None
        if screened is not None:
            # Only the blocks the screen lets through can hold a match.
            blocks = [block for block in blocks if block.index in screened]
        for block in blocks:
            for match in finditer(self.regex, block.text):
                start, end = match.span(self.group)
                if start < end:
                    yield Hit(block, start, end)
