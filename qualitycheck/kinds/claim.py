"""``claim``: a certainty, opinion, peacock or weasel cue in a sentence that
does not say who makes the claim.

The same cue is fine in "the minister said the plan was undoubtedly sound"
and a problem in "the plan is undoubtedly sound": the sentence's attribution
decides (see :mod:`qualitycheck.attribution`). Quoted speech is skipped with
the common ``skip_quotes`` field.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from qualitycheck.article import Article, Block
from qualitycheck.attribution import attributed
from qualitycheck.kinds.base import CheckContext, Hit, Rule
from qualitycheck.kinds.phrase import phrase_regex
from qualitycheck.options import Option
from qualitycheck.saferegex import check_pattern, compile_pattern, finditer


class ClaimRule(Rule):
    kind = "claim"
    description = (
        "Flags a cue (a phrase from `cues`, or a match of one of `cue_patterns`) in a sentence "
        'that has no attribution: no reporting verb with a specific source ("the minister '
        'said", "said Peskov"), no "according to" a specific source, no attributed quote. '
        'Vague sources ("many experts say", "according to some") do not count as '
        "attribution. Set `attribution: false` to flag the cue whatever the sentence says."
    )
    options = (
        Option(
            "cues",
            list,
            "Cue words or phrases (matched like `phrase` rules).",
            default=[],
            item=str,
        ),
        Option(
            "cue_patterns",
            list,
            "Cue regular expressions (case-insensitive).",
            default=[],
            item=str,
            check=check_pattern,
        ),
        Option(
            "attribution",
            bool,
            "Skip sentences that attribute the claim to a source.",
            default=True,
        ),
    )
    message_fields = ("sentence",)

    def setup(self, options: dict[str, Any]) -> None:
        self.cues = phrase_regex(options["cues"]) if options["cues"] else None
        self.patterns = [compile_pattern(p, ignore_case=True) for p in options["cue_patterns"]]
        self.check_attribution = options["attribution"]

    @classmethod
    def validate_options(cls, options: dict[str, Any]) -> str | None:
        if not options["cues"] and not options["cue_patterns"]:
            return "give 'cues' or 'cue_patterns' (or both)"
        return None

    def _cues(self, block: Block, folded: str, start: int, end: int) -> list[tuple[int, int]]:
        spans: list[tuple[int, int]] = []
        if self.cues is not None:
            spans += [m.span() for m in self.cues.finditer(folded, start, end)]
        sentence = block.text[start:end]
        for pattern in self.patterns:
            spans += [(start + m.start(), start + m.end()) for m in finditer(pattern, sentence)]
        return sorted(set(spans))

    def hits(self, article: Article, blocks: list[Block], context: CheckContext) -> Iterator[Hit]:
        for block in blocks:
            folded = block.folded
            for start, end in block.sentences:
                cues = self._cues(block, folded, start, end)
                if not cues:
                    continue
                sentence = block.text[start:end]
                if self.check_attribution and attributed(sentence):
                    continue
                for cue_start, cue_end in cues:
                    yield Hit(block, cue_start, cue_end, 1.0, {"sentence": sentence})
