"""``pattern``: a regular expression searched in each block."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from qualitycheck.article import Article, Block
from qualitycheck.kinds.base import CheckContext, Hit, Rule
from qualitycheck.options import Option, is_regex


class PatternRule(Rule):
    kind = "pattern"
    description = (
        "Flags every match of a regular expression (Python syntax) in a block. Use "
        "`group` to report only part of the match."
    )
    options = (
        Option("pattern", str, "The regular expression.", required=True, check=is_regex),
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
        flags = re.IGNORECASE if options["ignore_case"] else 0
        self.regex = re.compile(options["pattern"], flags)
        self.group = options["group"]

    @classmethod
    def validate_options(cls, options: dict[str, Any]) -> str | None:
        groups = re.compile(options["pattern"]).groups
        if options["group"] > groups:
            return f"group: the pattern has {groups} capture group(s)"
        return None

    def hits(self, article: Article, blocks: list[Block], context: CheckContext) -> Iterator[Hit]:
        for block in blocks:
            for match in self.regex.finditer(block.text):
                start, end = match.span(self.group)
                if start < end:
                    yield Hit(block, start, end)
