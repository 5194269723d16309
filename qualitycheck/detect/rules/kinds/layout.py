"""``layout``: lines outside the article's main body that are not prose.

Scrapers keep the page around the article: menus, teaser headlines, tags,
footers. Such lines are short and lack sentence punctuation. The body is
found as the stretch of lines that maximises (words in prose lines) minus a
penalty per non-prose line, the classic body-text-extraction idea; lines
before and after it that are not prose are flagged. This works on any site,
in any language that ends sentences with . ! ? (or their full-width forms).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from qualitycheck.detect.rules.kinds.base import CheckContext, Hit, Rule
from qualitycheck.detect.signals import scans
from qualitycheck.document.article import Article, Block
from qualitycheck.primitives.options import Option

_DIGIT = re.compile(r"\d")
_SENTENCE_END = re.compile(r"[.!?…。！？][\"”’'»)\]]*\s*$")
_TERMINAL = re.compile(r"(?:[.!?…:;。！？]|[.!?…]\s*[\"”’'»)\]]+|[\"”»])\s*$")

#: Every character ``\s`` matches (``str.isspace()``; tests/test_rules_speed.py
#: checks the list against every code point).
WHITESPACE = (
    "\t\n\x0b\x0c\r\x1c\x1d\x1e\x1f \x85\xa0\u1680\u2000\u2001\u2002\u2003\u2004"
    "\u2005\u2006\u2007\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000"
)
#: Every character a match of ``_TERMINAL`` or ``_SENTENCE_END`` is made of:
#: their marks, closers and whitespace.
_TAIL = ".!?…:;。！？\"”’'»)]" + WHITESPACE


def _ends(pattern: re.Pattern[str], text: str) -> bool:
    """Whether ``pattern`` (``_TERMINAL`` or ``_SENTENCE_END``) finds a match
    in ``text``. Such a match runs to the end (``$``; a final newline is
    whitespace) and holds only characters of ``_TAIL``, so it starts in the
    line's longest tail of them: the search starts there instead of trying
    every position of a paragraph (0.085 -> 0.011 ms for a 4 KB article's
    lines). Neither pattern looks behind, so the answer is the same."""
    return pattern.search(text, len(text.rstrip(_TAIL))) is not None


def is_prose(text: str, min_words: int) -> bool:
    """A line that reads as running text: long enough, ends like a sentence."""
    return _is_prose(text, scans.split_count(text), min_words)


def _is_prose(text: str, words: int, min_words: int) -> bool:
    """:func:`is_prose` of a line whose ``words`` the caller has counted."""
    return words >= min_words and _ends(_TERMINAL, text)


def line_facts(texts: list[str], min_words: int) -> tuple[list[int], list[bool]]:
    """Each line's word count and whether it is prose, taken once for all the
    readers of a page's lines."""
    counts = list(map(scans.split_counter(), texts))  # len(text.split()) of each
    prose = [_is_prose(text, count, min_words) for text, count in zip(texts, counts, strict=True)]
    return counts, prose


def article_line_facts(article: Article, min_words: int) -> tuple[list[int], list[bool]]:
    """:func:`line_facts` of the article's lines, worked out once per article
    and ``min_words``: the layout rule and the boilerplate model's headline
    set-aside (``detect/models/set_aside.py``) both read them, with the same
    ten words. A line's text never changes once read (a headline chosen again
    changes its kind, not its text). Callers must not change the lists."""
    key = f"line_facts:{min_words}"
    known: tuple[list[int], list[bool]] | None = article.derived.get(key)
    if known is None:
        known = article.derived[key] = line_facts([b.text for b in article.blocks], min_words)
    return known


def body_span(texts: list[str], min_words: int, penalty: float) -> tuple[int, int] | None:
    """Indices ``(first, last)`` of the main body, or ``None`` without prose."""
    return _best_span(*line_facts(texts, min_words), penalty)


def article_body_span(article: Article, min_words: int, penalty: float) -> tuple[int, int] | None:
    """:func:`body_span` of the article's lines (:func:`article_line_facts`)."""
    return _best_span(*article_line_facts(article, min_words), penalty)


def _best_span(counts: list[int], prose: list[bool], penalty: float) -> tuple[int, int] | None:
    """The stretch of lines with the largest sum of values: a prose line's
    words, minus ``penalty`` for every other line."""
    values = [count if is_line else -penalty for count, is_line in zip(counts, prose, strict=True)]
    best, best_span = 0.0, None
    total, start = 0.0, 0
    for index, value in enumerate(values):
        if total <= 0:
            total, start = value, index
        else:
            total += value
        if total > best:
            best, best_span = total, (start, index)
    return best_span


class LayoutRule(Rule):
    kind = "layout"
    generic = True
    description = (
        "Flags lines before or after the article's main body that are not prose (fewer "
        "than `min_words` words or no sentence-final punctuation). The body is the stretch "
        "of lines with the most prose words, each non-prose line inside it costing "
        "`penalty` words. Lines that read as a sentence (capital letter, sentence-final "
        "punctuation) are never flagged. A first line directly above the body is taken as "
        "the headline and left alone, as are articles with fewer than `min_body_words` prose "
        "words."
    )
    options = (
        Option("min_words", int, "Words a prose line has at least.", default=10, minimum=1),
        Option(
            "penalty",
            float,
            "Cost of a non-prose line inside the body, in words.",
            default=10.0,
            minimum=0,
        ),
        Option(
            "min_body_words",
            int,
            "Skip articles whose body has fewer prose words.",
            default=40,
            minimum=0,
        ),
        Option(
            "max_words", int, "Never flag lines longer than this many words.", default=40, minimum=1
        ),
        Option(
            "strict_after",
            bool,
            "After the body, flag only lines without digits (lists of dates, scores or "
            "prices that follow an article are often part of it).",
            default=True,
        ),
    )

    def setup(self, options: dict[str, Any]) -> None:
        self.min_words = options["min_words"]
        self.penalty = options["penalty"]
        self.min_body_words = options["min_body_words"]
        self.max_words = options["max_words"]
        self.strict_after = options["strict_after"]

    def hits(self, article: Article, blocks: list[Block], context: CheckContext) -> Iterator[Hit]:
        # Each line's words and prose test once (body_span's values, the body's
        # words and the test of each line outside it read the same two lists).
        counts, prose = article_line_facts(article, self.min_words)
        span = _best_span(counts, prose, self.penalty)
        if span is None:
            return
        first, last = span
        body_words = sum(
            count
            for count, is_line in zip(
                counts[first : last + 1], prose[first : last + 1], strict=True
            )
            if is_line
        )
        if body_words < self.min_body_words:
            return
        wanted = {id(block) for block in blocks}
        for index, block in enumerate(article.blocks):
            if first <= index <= last or id(block) not in wanted:
                continue
            if index == 0 and first == 1:
                continue  # a first line straight above the body is its headline
            text = block.text
            if counts[index] > self.max_words or prose[index]:
                continue
            if _ends(_SENTENCE_END, text) and text[:1].isupper():
                continue  # a sentence, however short, is not page furniture
            if index > last and self.strict_after and _DIGIT.search(text):
                continue
            yield Hit(block, 0, len(text))
