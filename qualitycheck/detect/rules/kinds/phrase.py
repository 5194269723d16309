"""``phrase``: a list of words or phrases, matched case- and
accent-insensitively on word boundaries, with any whitespace between words."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from qualitycheck.detect.rules.kinds.base import CheckContext, Hit, Rule
from qualitycheck.detect.rules.literals import alternatives, may_match, prefilter
from qualitycheck.document.article import Article, Block
from qualitycheck.document.textfold import normalize
from qualitycheck.primitives.options import Option


def phrase_regex(phrases: list[str]) -> re.Pattern[str]:
    """One alternation over folded phrases, longest first, word-bounded."""
    parts = sorted({normalize(p) for p in phrases if p.strip()}, key=len, reverse=True)
    body = "|".join(r"\s+".join(map(re.escape, part.split(" "))) for part in parts)
    return re.compile(rf"(?<!\w)(?:{body})(?!\w)")


class PhraseRule(Rule):
    kind = "phrase"
    description = (
        "Flags any of a list of words or phrases. Matching ignores case and accents, "
        "respects word boundaries and accepts any whitespace between words."
    )
    options = (Option("phrases", list, "The words or phrases to flag.", required=True, item=str),)

    def setup(self, options: dict[str, Any]) -> None:
        self.regex = phrase_regex(options["phrases"])
        self.prefilters = alternatives(prefilter([self.regex.pattern], view="folded"))

    @classmethod
    def validate_options(cls, options: dict[str, Any]) -> str | None:
        if not any(p.strip() for p in options["phrases"]):
            return "phrases: give at least one phrase"
        return None

    def hits(self, article: Article, blocks: list[Block], context: CheckContext) -> Iterator[Hit]:
        if not may_match(self.prefilters, article):
            return
        for block in blocks:
            for match in self.regex.finditer(block.folded):
                yield Hit(block, match.start(), match.end())
