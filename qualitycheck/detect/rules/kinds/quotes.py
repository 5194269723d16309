"""``quotes``: quotation marks that do not pair up, or that mix styles.

Machine translation and careless pasting leave a quotation opened and never
closed (or closed and never opened), and mix “curly” with "straight" marks
or « guillemets » with “curly” ones in one paragraph. Only double quotation
marks count (and doubled single ones, ‘‘ ’’): a single ’ is too often an
apostrophe.

English puts an opening mark, and no closing one, at the start of each
paragraph of a quotation that runs over several paragraphs, and scraped text
often has one sentence per line. Marks are therefore paired over the whole
article: a quotation left open at the end of a paragraph may be closed in a
later one, and the next paragraph with quotation marks continues it when it
opens with one. What is still open when the article ends, and a closing mark
with nothing to close, is flagged.

A shortcode or tag left by a scraper (``[button link=”…” type=”big”]``)
delimits its attribute values with marks that quote nothing; pairing them
flagged every one as an orphan, so marks inside such a tag are not counted.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from qualitycheck.detect.rules.kinds.base import CheckContext, Hit, Rule
from qualitycheck.document.article import Article, Block
from qualitycheck.primitives.options import Option

# Doubled single quotes stand in for double ones in some systems (‘‘ ’’ '').
# Written as literals only (was ``’’|‘‘|''|[\"“”„«»]``; the branches start
# with different characters, so the order changes no match): ``re`` then skips
# to the next possible first character instead of trying every position.
_MARKS = re.compile(r"\"|“|”|„|«|»|’’|‘‘|''")
_OPENERS = frozenset(("“", "„", "«", "‘‘"))
_STYLE = {
    "“": "curly",
    "”": "curly",
    "„": "curly",
    "‘‘": "curly",
    "’’": "curly",
    '"': "straight",
    "''": "straight",
    "«": "angle",
    "»": "angle",
}
_STYLE_NAMES = {"curly": "curly", "straight": "straight", "angle": "guillemet"}
# Punctuation that ends what a quotation says: a “ after it, before a space,
# closes (German „Ja.“ and a wrong-way English mark alike).
_CLOSE_AFTER = frozenset(".,;:!?…")
# Characters after which a straight quote opens rather than closes.
_OPEN_BEFORE = frozenset("([{<—–-/“‘«")
# A tag left in the text by a scraper, with at least one attribute: a
# shortcode ``[button link=”…” type=”big”]`` or an HTML-like ``<tweet id="…">``.
# The marks around its values delimit them; they quote nothing. A quoted value
# holds no quotation mark, bracket or line break, and an unquoted one no space,
# so a value can end in one place only and the search stays linear.
_DELIMITER = '"“”„«»'
_TAG = re.compile(
    rf"[\[<]/?[A-Za-z][\w:-]*"
    rf"(?:\s+[\w:-]+\s*=\s*(?:[{_DELIMITER}][^{_DELIMITER}\[\]<>\n]*[{_DELIMITER}]"
    rf"|[^\s{_DELIMITER}\[\]<>]+))+"
    rf"\s*/?[\]>]"
)


@dataclass
class _Mark:
    position: int
    char: str
    opens: bool

    @property
    def end(self) -> int:
        return self.position + len(self.char)


def _role(text: str, start: int, char: str, straight_open: bool) -> bool | None:
    """Whether the mark at ``start`` opens (True) or closes (False) a quotation;
    ``None`` for a straight quote that is an inch mark (6" wide, 5'10")."""
    end = start + len(char)
    before = text[start - 1] if start > 0 else " "
    after = text[end] if end < len(text) else " "
    if _STYLE[char] == "straight":
        if before.isdigit() and not after.isalpha() and not straight_open:
            return None
        if before.isspace() or before in _OPEN_BEFORE:
            return not after.isspace() or not straight_open
        if after.isspace() or not after.isalnum():
            return False
        return not straight_open
    if char in ("”", "’’") and (before.isspace() or before in _OPEN_BEFORE) and after.isalnum():
        return True  # a closing mark turned the wrong way: ”word
    if (
        char in ("“", "‘‘")
        and (before.isalnum() or before in _CLOSE_AFTER)
        and (after.isspace() or after in ".,;:!?")
    ):
        return False  # an opening mark turned the wrong way (word“), or German: „Ja.“
    return char in _OPENERS


#: The marks of each block that has any (by the block's ``id``): its
#: ``(position, mark)`` pairs in order.
_Marks = dict[int, list[tuple[int, str]]]


def _article_marks(article: Article) -> _Marks:
    """Every block's marks from one search of the blocks' texts joined by
    newlines (the rules of this kind share it: ``Candidates.shared``). No mark
    holds a newline and ``_MARKS`` has no lookaround, so a search of the joined
    text finds in each block what a search of the block alone finds."""
    blocks = article.blocks
    found: _Marks = {}
    if not blocks:
        return found
    ends: list[int] = []
    end = -1
    for block in blocks:
        end += len(block.text) + 1
        ends.append(end)  # the newline after the block (one past the last text's end)
    index, offset = 0, 0
    for match in _MARKS.finditer("\n".join(block.text for block in blocks)):
        start = match.start()
        while start >= ends[index]:
            offset = ends[index] + 1
            index += 1
        found.setdefault(id(blocks[index]), []).append((start - offset, match.group()))
    for block in blocks:
        marks = found.get(id(block))
        if marks is not None and _after_equals(block.text, marks):
            kept = _outside_tags(block.text, marks)
            if kept:
                found[id(block)] = kept
            else:
                del found[id(block)]
    return found


def _after_equals(text: str, marks: list[tuple[int, str]]) -> bool:
    """Whether a mark follows an equals sign (``link=”``): only then can the
    block hold a tag's attribute values, and only then is it searched for tags."""
    return any(
        text[max(0, position - 2) : position].rstrip().endswith("=") for position, _ in marks
    )


def _outside_tags(text: str, marks: list[tuple[int, str]]) -> list[tuple[int, str]]:
    """The marks not inside a scraped tag's brackets (:data:`_TAG`). Marks and
    tags both come in text order: one walk over the two lists."""
    kept: list[tuple[int, str]] = []
    tags = _TAG.finditer(text)
    tag = next(tags, None)
    for position, char in marks:
        while tag is not None and tag.end() <= position:
            tag = next(tags, None)
        if tag is None or position < tag.start():
            kept.append((position, char))
    return kept


class QuotesRule(Rule):
    kind = "quotes"
    description = (
        "Flags double quotation marks that do not pair up (`unbalanced`: the orphan mark is "
        "the match) and paragraphs that mix styles (`mixed`: curly with straight marks, or "
        "guillemets with curly or straight ones; the first mark of the style used less is the "
        "match). Apostrophes and single quotes are not counted. Marks are paired over the "
        "whole article, since a quotation may run over several paragraphs or lines: an open "
        "quotation may close in a later paragraph, and the next paragraph with quotation "
        "marks continues it when it opens with one. What is still open at the end of the "
        "article, and a closing mark with nothing to close, is flagged. A straight quote after "
        'a digit (6") is read as an inch mark, doubled single quotes (‘‘ ’’) as double ones, '
        "and a mark turned the wrong way (”word) by its place. Marks around the attribute values "
        'of a tag left by a scraper (`[button link=”…”]`, `<tweet id="…">`) quote nothing and '
        "are not counted. `skip_quotes` does not apply "
        "(every mark it flags is at a quotation): a pack's default is left out, and the rule's "
        "own is refused."
    )
    not_applicable = frozenset({"skip_quotes"})
    options = (
        Option("unbalanced", bool, "Flag quotation marks without their partner.", default=True),
        Option("mixed", bool, "Flag paragraphs that mix quotation mark styles.", default=True),
    )
    message_fields = ("problem",)

    def setup(self, options: dict[str, Any]) -> None:
        self.unbalanced = options["unbalanced"]
        self.mixed = options["mixed"]

    @classmethod
    def validate_options(cls, options: dict[str, Any]) -> str | None:
        if not options["unbalanced"] and not options["mixed"]:
            return "set 'unbalanced' or 'mixed' (or both) to true"
        return None

    def _unbalanced(self, article: Article, blocks: list[Block], marks: _Marks) -> Iterator[Hit]:
        """Pair marks over the whole article: a quotation may run over lines."""
        wanted = {id(block) for block in blocks}
        stack: list[tuple[Block, _Mark]] = []
        previous: Block | None = None  # the last paragraph with quotation marks
        for block in article.blocks:
            found = marks.get(id(block))
            if found is None:
                continue
            text = block.text
            first = len(text) - len(text.lstrip())
            for position, char in found:
                straight_open = bool(stack) and _STYLE[stack[-1][1].char] == "straight"
                opens = _role(text, position, char, straight_open)
                if opens is None:
                    continue
                mark = _Mark(position, char, opens)
                if opens:
                    if position == first and stack and stack[-1][0] is previous:
                        stack.pop()  # the next paragraph of a quotation reopens it
                    stack.append((block, mark))
                elif stack:
                    stack.pop()
                elif id(block) in wanted:
                    yield self._hit(block, mark, "closes a quotation that was never opened")
            previous = block
        for owner, mark in stack:
            if id(owner) in wanted:
                yield self._hit(owner, mark, "opens a quotation that is never closed")

    def _mixed(self, blocks: list[Block], found: _Marks) -> Iterator[Hit]:
        for block in blocks:
            marks = found.get(id(block))
            if marks is None or len({_STYLE[char] for _, char in marks}) < 2:
                continue  # one style at most, whatever the marks' roles (most blocks)
            text = block.text
            counts: dict[str, list[tuple[int, str]]] = {}
            straight_open = False
            for position, char in marks:
                opens = _role(text, position, char, straight_open)
                if opens is None:
                    continue  # an inch mark
                style = _STYLE[char]
                if style == "straight":
                    straight_open = opens
                counts.setdefault(style, []).append((position, char))
            if len(counts) < 2:
                continue
            # The style used less is the odd one out; on a tie, the one that came later.
            styles = sorted(counts, key=lambda s: (len(counts[s]), -counts[s][0][0]))
            odd, usual = styles[0], styles[-1]
            position, char = counts[odd][0]
            problem = f"{_STYLE_NAMES[odd]} quotation mark among {_STYLE_NAMES[usual]} ones"
            yield Hit(block, position, position + len(char), 1.0, {"problem": problem})

    @staticmethod
    def _hit(block: Block, mark: _Mark, problem: str) -> Hit:
        return Hit(block, mark.position, mark.end, 1.0, {"problem": problem})

    def hits(self, article: Article, blocks: list[Block], context: CheckContext) -> Iterator[Hit]:
        shared = context.candidates.shared if context.candidates is not None else {}
        marks = shared.get(self.kind)
        if marks is None:
            marks = shared[self.kind] = _article_marks(article)
        if self.unbalanced:
            yield from self._unbalanced(article, blocks, marks)
        if self.mixed:
            yield from self._mixed(blocks, marks)
