"""``consistency``: one article, two spellings of the same thing.

An article that writes "Kyiv" in one paragraph and "Kiev" in another (or
"color" and "colour") was stitched from sources with different style books,
or translated segment by segment. The variant the article uses most is taken
as its choice; the others are flagged.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterator
from typing import Any

from qualitycheck.detect.rules.kinds.base import CheckContext, Hit, Rule, in_name
from qualitycheck.detect.rules.literals import Prefilter
from qualitycheck.document.article import Article, Block
from qualitycheck.document.textfold import normalize
from qualitycheck.primitives.lazyre import LazyRegex
from qualitycheck.primitives.options import Option


def _key(text: str) -> str:
    return normalize(text)


def _trie(words: list[str]) -> str:
    """One alternation over ``words`` factored by common prefixes ("k(?:iev|yiv)"),
    which Python's engine tries much faster than a flat list. Spaces match any
    whitespace."""
    root: dict[str, Any] = {}
    for word in words:
        node = root
        for char in word:
            node = node.setdefault(char, {})
        node[""] = {}

    def build(node: dict[str, Any]) -> str:
        ends = "" in node
        branches = [
            (r"\s+" if char == " " else re.escape(char)) + build(child)
            for char, child in sorted(node.items())
            if char
        ]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        if ends:
            return "(?:" + "|".join(branches) + ")?"
        return body

    return build(root)


def _check_groups(value: list[Any]) -> str | None:
    seen: dict[str, int] = {}
    for number, group in enumerate(value, 1):
        if not isinstance(group, list) or not all(isinstance(v, str) for v in group):
            return f"group {number}: expected a list of spellings"
        keys = {_key(v) for v in group if v.strip()}
        if len(keys) < 2:
            return f"group {number}: give at least two different spellings"
        for key in keys:
            if key in seen:
                return f"group {number}: {key!r} is already in group {seen[key]}"
            seen[key] = number
    return None


class ConsistencyRule(Rule):
    kind = "consistency"
    description = (
        "Flags an article that spells one thing two ways. `groups` lists the spellings of "
        "each thing (e.g. `[Kyiv, Kiev]`, `[color, colour]`); matching is case- and "
        "accent-insensitive and word-bounded. When an article uses more than one spelling "
        "of a group, every occurrence of the spellings it uses less often is flagged (on a "
        "tie, the one that appears later). Occurrences covered by the rule's `exceptions` "
        '(e.g. "chicken Kiev") are not counted, nor, with `skip_names`, a spelling '
        'written as part of a name ("the Australian Labor Party", "the Centre Pompidou").'
    )
    options = (
        Option(
            "groups",
            list,
            "Lists of spellings of the same thing, e.g. [[Kyiv, Kiev], [color, colour]].",
            required=True,
            item=list,
            check=_check_groups,
        ),
        Option(
            "skip_names",
            bool,
            "Do not count a spelling written with a capital and then a lower-case letter "
            "after a word of its sentence: part of a name, spelt as its owner spells it "
            '("the Australian Labor Party" beside "the labour market", "the National '
            'Theatre" beside "theater"). A capital opening a sentence still counts; so do '
            "spellings in a title-case line. Off for spellings that are names themselves "
            "(Kyiv, Kiev).",
            default=False,
        ),
    )
    message_fields = ("other",)

    def setup(self, options: dict[str, Any]) -> None:
        #: folded spelling -> (group number, spelling as written in the pack)
        self.variants: dict[str, tuple[int, str]] = {}
        for number, group in enumerate(options["groups"]):
            for spelling in group:
                if spelling.strip():
                    self.variants.setdefault(_key(spelling), (number, " ".join(spelling.split())))
        self.regex = LazyRegex(rf"(?<!\w)(?:{_trie(list(self.variants))})(?!\w)")
        # The first word of each spelling, by group: a cheap test that an article
        # may use two spellings of a group before any regular expression runs.
        self.probes: list[list[str]] = []
        for number in range(len(options["groups"])):
            keys = [k for k, (group, _) in self.variants.items() if group == number]
            self.probes.append([k.split(" ")[0] for k in keys])
        self.exceptions = [_key(e) for e in self.meta.exceptions if e.strip()]
        self.skip_names = bool(options["skip_names"])
        # The probes go into the engine's literal automaton (folded view), which
        # then says which of them occur anywhere in the article.
        self.probe_filter = Prefilter(frozenset(p for ps in self.probes for p in ps), "folded")

    def literal_prefilters(self) -> list[Prefilter]:
        return [self.probe_filter]

    def _two_probes(self, probes_in: Any) -> bool:
        """Whether some group has two of its probes (counted as listed) in the text."""
        return any(sum(map(probes_in, probes)) > 1 for probes in self.probes)

    def _excepted(self, folded: str, start: int, end: int) -> bool:
        for phrase in self.exceptions:
            # Only an occurrence starting in [end - len, start] can hold the span:
            # search there, not from the start of the block for every match.
            stop = start + len(phrase)
            position = folded.find(phrase, max(0, end - len(phrase)), stop)
            while position != -1:
                if position <= start and end <= position + len(phrase):
                    return True
                position = folded.find(phrase, position + 1, stop)
        return False

    def hits(self, article: Article, blocks: list[Block], context: CheckContext) -> Iterator[Hit]:
        # A probe (no whitespace) in the rule's blocks is in the article's folded
        # view: a group without two probes there cannot have two in the blocks.
        present = context.candidates.present("folded") if context.candidates else None
        if present is not None and not self._two_probes(present.__contains__):
            return
        # group -> spelling -> occurrences (block, start, end), in article order
        folded_blocks = [block.folded for block in blocks]
        everything = "\n".join(folded_blocks)
        if not self._two_probes(everything.__contains__):
            return
        found: dict[int, dict[str, list[tuple[Block, int, int]]]] = {}
        for block, folded in zip(blocks, folded_blocks, strict=True):
            starts: list[int] | None = None  # the block's sentence starts, once
            for match in self.regex.finditer(folded):
                start, end = match.span()
                if self.exceptions and self._excepted(folded, start, end):
                    continue
                if self.skip_names:
                    if starts is None:
                        starts = [begin for begin, _ in block.sentences]
                    if _in_a_name(block, starts, start):
                        continue
                group, spelling = self.variants[" ".join(match.group().split())]
                found.setdefault(group, {}).setdefault(spelling, []).append((block, start, end))
        for spellings in found.values():
            if len(spellings) < 2:
                continue
            # Most used wins; on a tie, the one that appeared first (dicts keep order).
            majority = max(spellings, key=lambda s: len(spellings[s]))
            for spelling, places in spellings.items():
                if spelling == majority:
                    continue
                for block, start, end in places:
                    yield Hit(block, start, end, 1.0, {"other": majority})


def _in_a_name(block: Block, starts: list[int], start: int) -> bool:
    """Whether the spelling at ``start`` is written as part of a name, judged in
    its sentence (``starts``: where the block's sentences start) as the claim
    kind's ``skip_names`` judges a cue."""
    index = bisect_right(starts, start) - 1
    sentence = block.sentences[index] if index >= 0 else (0, len(block.text))
    return in_name(block.text, sentence, start)
