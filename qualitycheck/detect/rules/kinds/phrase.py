"""``phrase``: a list of words or phrases, matched case- and
accent-insensitively on word boundaries, with any whitespace between words.

``swap`` maps phrases to what to write instead (Vale's substitution rules):
its keys are flagged like ``phrases``, and each finding carries the
replacement as its ``suggestion`` (in the JSON, as a SARIF fix, under the
source line in the text output; ``{suggestion}`` in the message, which then
needs every phrase in ``swap``: a phrase without one would print the
placeholder as written, so such a pack fails at load)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from qualitycheck.detect.rules.kinds.base import CheckContext, Hit, Rule
from qualitycheck.detect.rules.literals import alternatives, may_match, prefilter
from qualitycheck.document.article import Article, Block
from qualitycheck.document.textfold import normalize
from qualitycheck.primitives.lazyre import LazyRegex
from qualitycheck.primitives.options import Option, described_value


def phrase_regex(phrases: list[str]) -> LazyRegex:
    """One alternation over folded phrases, longest first, word-bounded.

    Phrases of one length are in alphabetical order, so the pattern is the same
    in every process (its facts are remembered by its text,
    :mod:`qualitycheck.primitives.patternfacts`). Their order never changes a
    match: two different folded phrases of one length cannot both match at one
    place (where they first differ, the text would need two different letters,
    or a letter and whitespace, at one offset)."""
    parts = sorted({normalize(p) for p in phrases if p.strip()}, key=lambda p: (-len(p), p))
    body = "|".join(r"\s+".join(map(re.escape, part.split(" "))) for part in parts)
    return LazyRegex(rf"(?<!\w)(?:{body})(?!\w)")  # compiled at its first search


def _key(phrase: str) -> str:
    """A phrase as the folded text spells it, spaces collapsed."""
    return " ".join(normalize(phrase).split())


def _swap_problem(swap: dict[str, Any]) -> str | None:
    for phrase, replacement in swap.items():
        if not isinstance(replacement, str):
            got = described_value(replacement, str)
            return f"{phrase!r}: the replacement must be text, got {got}"
        if not str(phrase).strip():
            return "a phrase to swap is empty"
    return None


class PhraseRule(Rule):
    kind = "phrase"
    description = (
        "Flags any of a list of words or phrases. Matching ignores case and accents, "
        "respects word boundaries and accepts any whitespace between words."
    )
    options = (
        Option("phrases", list, "The words or phrases to flag.", default=[], item=str),
        Option(
            "swap",
            dict,
            "Phrases to flag mapped to what to write instead (`{utilise: use}`); the "
            "replacement is each finding's suggestion.",
            default={},
            check=_swap_problem,
        ),
    )
    message_fields = ("suggestion",)

    def setup(self, options: dict[str, Any]) -> None:
        self.suggestions = {_key(k): str(v) for k, v in options["swap"].items()}
        self.regex = phrase_regex([*options["phrases"], *options["swap"]])
        self.prefilters = alternatives(prefilter([self.regex.pattern], view="folded"))

    @classmethod
    def validate_options(cls, options: dict[str, Any]) -> str | None:
        if not any(p.strip() for p in [*options["phrases"], *options["swap"]]):
            return "phrases: give at least one phrase (in phrases or swap)"
        return None

    @classmethod
    def message_problem(cls, used: set[str], options: dict[str, Any]) -> str | None:
        swapped = {_key(phrase) for phrase in options["swap"]}
        plain = [p for p in options["phrases"] if p.strip() and _key(p) not in swapped]
        if "suggestion" in used and plain:
            return (
                f"{{suggestion}} is known only for phrases in swap; {plain[0]!r} is in phrases "
                "(give it a replacement in swap, or leave {suggestion} out of the message)"
            )
        return None

    def hits(self, article: Article, blocks: list[Block], context: CheckContext) -> Iterator[Hit]:
        candidates = context.candidates
        if not may_match(self.prefilters, article, candidates):
            return
        # The automaton knows which blocks hold one of the phrases' strings.
        wanted = (
            candidates.blocks_with(self.prefilters[0]) if candidates and self.prefilters else None
        )
        for block in blocks:
            if wanted is not None and block.index not in wanted:
                continue
            for match in self.regex.finditer(block.folded):
                suggestion = self.suggestions.get(_key(match.group()))
                fields = {"suggestion": suggestion} if suggestion is not None else None
                yield Hit(block, match.start(), match.end(), fields=fields)
