"""``line``: the whole line (block) is the match, e.g. "Share This Article",
"7 Min Read", "Photo: …", a date alone. Optionally limited to the first or
last lines of an article, where scrapers leave most of their debris.

A few labels are also the section heads of real copy: an AP game recap ends
with "UP NEXT" over "Rovers: At the Harbour Lions on Saturday.", where a video
player's "Up next" stands over the headline of another story. Listed in
``unless_sentence_follows``, such a line passes when a sentence ending in a
full stop comes right after it: headlines do not end in one.

A date alone on a line is page chrome under a headline but content as the head
of a timeline's entry or the value of a fact box's term, and a player's running
time ("2:31") is furniture where a live blog's entry times ("06:02", "06:10",
... each over its entry) are the blog's own: ``timeline_heads`` and
``definition_terms`` say which (:mod:`qualitycheck.detect.rules.linecontext`).
A share row's counter ("1.2K") is furniture where a data story's stat card sets
the same figure over the words it counts ("1.2M" / "households still cannot buy
fibre."): ``continued_patterns`` names the hits that pass when the next line
goes on from them in lower case.

A button's label carries no full stop; the same words ending in one are the
writer's sentence: a consumer-credit story's one-line paragraph "Buy now.". Lines listed in
``unless_full_stop`` pass when the line ends in its own full stop.

A button's or a notice's words are also the heads a writer sets over a
section ("## Buy now" over a buyer's case in a housing explainer, "<h2>Refresh</h2>"
over a how-to's step, "## Unsubscribe" in an inbox how-to): with
``unless_heading_over_sentence``, a hit the document itself marks as a heading
(Markdown's ``#``, HTML's ``<h1>``-``<h6>``) with a sentence right after it
passes. Scraped furniture is mostly a button, a link or a footer's line; a
newsletter box's own heading over its blurb is the exception this trades away (the
boilerplate model still warns on it). Plain text marks no headings, so it is not
affected.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from qualitycheck.detect.rules.fastpath import Candidates, PatternKey
from qualitycheck.detect.rules.kinds.base import CheckContext, Hit, Rule
from qualitycheck.detect.rules.linecontext import is_sentence, terms_of, timeline_entries
from qualitycheck.detect.rules.literals import Prefilter, prefilter
from qualitycheck.document.article import Article, Block
from qualitycheck.document.textfold import normalize_line
from qualitycheck.primitives.options import Option
from qualitycheck.primitives.saferegex import (
    check_pattern,
    combine_patterns,
    fullmatch,
    lazy_pattern,
)

#: Compiled pattern subsets a rule keeps (at most 2**patterns ever occur).
SUBSETS_KEPT = 64


@dataclass
class _Context:
    """What :meth:`LineRule._is_content` learns of one article, once."""

    terms: dict[int, Block] | None = None
    entries: frozenset[int] | None = None


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
        Option(
            "unless_sentence_follows",
            list,
            "Lines of `lines` that pass when the next line is a sentence of three words or "
            'more ending in a full stop: a section head over copy (an AP recap\'s "UP NEXT" '
            'over "Rovers: At the Harbour Lions on Saturday."), not a widget\'s label over a '
            "headline.",
            default=[],
            item=str,
        ),
        Option(
            "unless_full_stop",
            list,
            "Lines of `lines` that pass when the line itself ends in a full stop (not an "
            'ellipsis): the writer\'s sentence ("Buy now." as a paragraph of its own), not a '
            "button's label, which carries none.",
            default=[],
            item=str,
        ),
        Option(
            "unless_heading_over_sentence",
            bool,
            "Hits the document marks as a heading (Markdown `#`, HTML `<h1>`-`<h6>`) pass "
            "when the next line is a sentence of three words or more ending in a full stop: "
            'a writer\'s section head ("## Buy now" over a paragraph), not scraped furniture.',
            default=False,
        ),
        Option(
            "timeline_heads",
            list,
            "Regular expressions for the heads of a timeline's entries (a date alone over "
            'its paragraph, a live blog\'s "06:02" over its entry). A hit that is one of '
            "three or more such heads in a row, each over prose with only prose between "
            "them and each after prose, is an entry of "
            "the article's timeline and passes; a date under the headline, before any "
            "prose, or among a comment thread's names and links does not.",
            default=[],
            item=str,
            check=check_pattern,
        ),
        Option(
            "continued_patterns",
            list,
            "Regular expressions for hits that pass when the next line opens in lower case "
            'and so goes on from them: a data story\'s stat card ("1.2M" over "households '
            "still cannot buy fibre.\"), not a share row's counter over another counter.",
            default=[],
            item=str,
            check=check_pattern,
        ),
        Option(
            "definition_terms",
            list,
            "Terms of an HTML definition list (`<dt>`, compared as `lines` are) under which "
            'a value (`<dd>`) is still checked: a page\'s "Published" over its date. Given, '
            "a value under any other term is the list's content and passes (a recall's "
            '"Use by" over its date); empty, values are checked like any line.',
            default=[],
            item=str,
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
        # With the engine's screen, each line runs only the patterns it accepts,
        # each compiled alone (an alternation matches exactly when one of them does).
        self.keys: list[PatternKey] = [(source, self.ignore_case) for source in self.sources]
        self._singles: list[Any] | None = None
        self.first = options["first_lines"]
        self.last = options["last_lines"]
        self.max_length = options["max_length"]
        self.heads = frozenset(normalize_line(line) for line in options["unless_sentence_follows"])
        self.section_heads = options["unless_heading_over_sentence"]
        self.sentences = frozenset(normalize_line(line) for line in options["unless_full_stop"])
        self.timeline = combine_patterns(options["timeline_heads"], self.ignore_case)
        self.terms = frozenset(normalize_line(line) for line in options["definition_terms"])
        self.continued = combine_patterns(options["continued_patterns"], self.ignore_case)

    @classmethod
    def validate_options(cls, options: dict[str, Any]) -> str | None:
        if not options["lines"] and not options["patterns"]:
            return "give 'lines' or 'patterns' (or both)"
        if not options["ignore_case"] and not options["patterns"]:
            # It was accepted and changed nothing: 'lines' match without case.
            return (
                "ignore_case: false applies to 'patterns' only ('lines' are compared without "
                "case or accents); write a pattern to match case"
            )
        lines = {normalize_line(line) for line in options["lines"]}
        strays = [
            head for head in options["unless_sentence_follows"] if normalize_line(head) not in lines
        ]
        if strays:
            return f"unless_sentence_follows: {strays[0]!r} is not one of 'lines'"
        strays = [line for line in options["unless_full_stop"] if normalize_line(line) not in lines]
        if strays:
            return f"unless_full_stop: {strays[0]!r} is not one of 'lines'"
        return None

    def literal_prefilters(self) -> list[Prefilter]:
        return [found for found in self.pattern_filters if found is not None]

    def screened_patterns(self) -> tuple[list[PatternKey], list[PatternKey]]:
        return [], list(self.keys)

    def longest_whole_line(self) -> int | None:
        return self.max_length  # longer lines are skipped before any pattern

    def _active(self, article: Article, candidates: Candidates | None) -> tuple[int, ...]:
        """The patterns that can match somewhere in ``article``."""
        return tuple(
            index
            for index, found in enumerate(self.pattern_filters)
            if found is None
            or (candidates.passes(found) if candidates is not None else found.may_match(article))
        )

    def _screened(self, active: tuple[int, ...], accepted: frozenset[PatternKey]) -> list[Any]:
        """The active patterns the screen accepts for a line, each compiled alone."""
        if self._singles is None:
            self._singles = [lazy_pattern(p, self.ignore_case) for p in self.sources]
        return [self._singles[i] for i in active if self.keys[i] in accepted]

    def _patterns_for(self, active: tuple[int, ...]) -> list[Any]:
        """The active patterns, as few compiled expressions as possible."""
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

    @staticmethod
    def _next_text(article: Article, block: Block) -> str | None:
        """The text of the line after ``block``, or None at the article's end."""
        following = block.index + 1
        return article.blocks[following].text if following < len(article.blocks) else None

    def _sentence_follows(self, article: Article, block: Block) -> bool:
        following = self._next_text(article, block)
        return following is not None and is_sentence(following, (".",))

    def _heads_copy(self, article: Article, block: Block) -> bool:
        """Whether ``block`` is one of the section heads and a sentence follows it."""
        return block.line_key in self.heads and self._sentence_follows(article, block)

    def _ends_sentence(self, block: Block) -> bool:
        """Whether ``block`` is one of ``unless_full_stop`` ending in its own full stop."""
        if block.line_key not in self.sentences:
            return False
        text = block.stripped
        return text.endswith(".") and not text.endswith("..")

    def _heads_section(self, article: Article, block: Block) -> bool:
        """Whether ``block`` is a heading of the document's markup with a
        sentence right after it (with ``unless_heading_over_sentence``)."""
        return (
            self.section_heads
            and block.kind == "heading"
            and self._sentence_follows(article, block)
        )

    def _continued(self, article: Article, block: Block) -> bool:
        """Whether ``block`` is one of ``continued_patterns`` and the next line
        goes on from it: it opens with a letter in lower case."""
        following = self._next_text(article, block)
        start = following.lstrip()[:1] if following is not None else ""
        return (
            start.isalpha()
            and start.islower()
            and any(fullmatch(p, block.stripped) for p in self.continued)
        )

    def _is_timeline_head(self, block: Block) -> bool:
        return len(block.text) <= self.max_length and any(
            fullmatch(p, block.stripped) for p in self.timeline
        )

    def _is_content(self, article: Article, block: Block, known: _Context) -> bool:
        """Whether a line the patterns match is the article's own: a fact box's
        value under a term that is not the page's, a stat card's figure the next
        line goes on from, a writer's heading over a sentence, or a timeline entry's head
        (``known`` caches the article's terms and entries, worked out at the
        first hit that needs them)."""
        if self.terms and block.kind == "definition":
            if known.terms is None:
                known.terms = terms_of(article.blocks)
            term = known.terms.get(block.index)
            if term is not None and term.line_key not in self.terms:
                return True
        if self.continued and self._continued(article, block):
            return True
        if self._heads_section(article, block):
            return True
        if not self.timeline:
            return False
        if known.entries is None:
            known.entries = timeline_entries(article.blocks, self._is_timeline_head)
        return block.index in known.entries

    def hits(self, article: Article, blocks: list[Block], context: CheckContext) -> Iterator[Hit]:
        count = len(article.blocks)
        candidates = context.candidates
        # Without one of the patterns' strings in the article only `lines` can match.
        active = self._active(article, candidates)
        if not active and not self.lines:
            return
        combined: list[Any] | None = None
        known = _Context()
        # The lines the screen lets through for one of the active patterns.
        screened = (
            candidates.line_blocks([self.keys[i] for i in active])
            if candidates is not None and active
            else None
        )
        if candidates is not None and (screened is not None or not active):
            # Only lines the screen lets through for a pattern, or whose key is
            # one of `lines`, can be hits: the others are passed over unread.
            examined = set(screened) if screened is not None else set()
            if self.lines:
                keys = candidates.line_keys()
                for key in self.lines & keys.keys():  # the article's keys that are lines
                    examined.update(keys[key])
            if not examined:
                return  # no line can be a hit (the usual case)
            blocks = [block for block in blocks if block.index in examined]
        for block in blocks:
            text = block.text
            if len(text) > self.max_length or not self._in_position(block, count):
                continue
            if block.line_key in self.lines:
                if not (
                    self._heads_copy(article, block)
                    or self._heads_section(article, block)
                    or self._ends_sentence(block)
                ):
                    yield Hit(block, 0, len(text))
                continue
            if not active or (screened is not None and block.index not in screened):
                continue
            accepted = candidates.whole(block) if candidates is not None else None
            if accepted is not None:
                patterns = self._screened(active, accepted)
            else:
                if combined is None:
                    combined = self._patterns_for(active)
                patterns = combined
            if any(fullmatch(p, block.stripped) for p in patterns) and not self._is_content(
                article, block, known
            ):
                yield Hit(block, 0, len(text))
