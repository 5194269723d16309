"""``repetition``: text said twice by accident.

Two kinds of doubling, each switched on by its own option:

* a short line (block) that repeats an earlier one, the way a scraper leaves a
  byline twice ("Ada Brennan" / "Ada Brennan");
* a word written twice in a row ("the the"), a slip of editing or of machine
  translation.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from qualitycheck.detect.rules.kinds.base import CheckContext, Hit, Rule
from qualitycheck.detect.signals import scans
from qualitycheck.document.article import Article, Block
from qualitycheck.document.textfold import fold, normalize
from qualitycheck.primitives.options import Option


def _words(text: str) -> frozenset[str]:
    """A set of the whitespace-separated words of ``text``."""
    return frozenset(text.split())


# Bullets and separators around a line do not change what it says.
_EDGE = " \t\u00a0•·*>»›|:.!?…,;-–—"

_THIRD = re.compile(r"\s+([^\W\d_]+)")


def _last_word(text: str, end: int) -> str | None:
    r"""The word that ``text[:end]`` ends with before trailing whitespace (what
    ``([^\W\d_]+)\s+\Z`` finds there), or ``None``. Scans backwards: a regex
    search from 0 costs O(end) per call, which made long paragraphs quadratic."""
    stop = end
    while stop > 0 and text[stop - 1].isspace():
        stop -= 1
    start = stop
    # [^\W\d_]: a word character that is not a decimal digit or the underscore.
    while start > 0 and text[start - 1].isalnum() and not text[start - 1].isdecimal():
        start -= 1
    return text[start:stop] if stop < end and start < stop else None


#: Words that English legitimately doubles ("had had", "that that") or that
#: doubled are interjections rather than slips ("bye bye", "ha ha").
DEFAULT_ALLOWED = [
    "had",
    "that",
    "is",
    "ha",
    "haha",
    "bye",
    "no",
    "yes",
    "yeah",
    "hey",
    "oh",
    "knock",
    "tut",
    "tsk",
    "boo",
    "pom",
    "chop",
    "hush",
    "goody",
    "bling",
    "so",
    "very",
    "really",
    "now",
    "well",
    "there",
    "go",
    "bang",
    "blah",
    "la",
    "na",
    "ah",
    "aye",
    "yo",
    "bla",
    "many",
    "far",
]

# A capitalised word followed by its lower-case twin is a slip only for common
# small words ("The the"); otherwise it is more likely a name ("Gorilla gorilla").
_SMALL_WORDS = _words(
    "a an the and or but nor of to in on at by for with from as is are was were be been it its "
    "this that these those he she we they you his her their our my your not no if so than then "
    "into onto about after before over under will would can could should may might must has "
    "have had do does did there here which who whom what when where"
)


def _line_key(text: str) -> str:
    """Folded, whitespace-collapsed line without decorative edges."""
    return normalize(text).strip(_EDGE)


class RepetitionRule(Rule):
    kind = "repetition"
    description = (
        "Flags text written twice: with `lines`, a short line that repeats an earlier line "
        "of the article (compared without case, accents, extra whitespace or decorative "
        "punctuation at the ends), such as a doubled byline; with `words`, a word written "
        'twice in a row ("the the", "The the"). Passing: words English doubles on purpose '
        '("had had", "that that", the `allow` list), a word said three times ("no no no"), '
        'two capitalised words, which are names ("Walla Walla"), and a capitalised word '
        'followed by its lower-case twin unless it is a small word ("Gorilla gorilla").'
    )
    options = (
        Option("lines", bool, "Flag a short line that repeats an earlier line.", default=False),
        Option(
            "max_words",
            int,
            "Only lines of at most this many words count as repeated lines.",
            default=12,
            minimum=1,
        ),
        Option(
            "adjacent_only",
            bool,
            "Only flag a line that immediately follows its twin.",
            default=True,
        ),
        Option("words", bool, 'Flag a word written twice in a row ("the the").', default=False),
        Option(
            "allow",
            list,
            "Words that may be doubled (compared without case).",
            default=DEFAULT_ALLOWED,
            item=str,
        ),
    )

    def setup(self, options: dict[str, Any]) -> None:
        self.lines = options["lines"]
        self.max_words = options["max_words"]
        self.adjacent_only = options["adjacent_only"]
        self.words = options["words"]
        self.allowed = frozenset(fold(word.strip()) for word in options["allow"])

    @classmethod
    def validate_options(cls, options: dict[str, Any]) -> str | None:
        if not options["lines"] and not options["words"]:
            return "set 'lines: true' or 'words: true' (or both)"
        return None

    def _repeated_lines(self, article: Article, blocks: list[Block]) -> Iterator[Hit]:
        wanted = {id(block) for block in blocks}
        previous: str | None = None
        seen: set[str] = set()
        for block in article.blocks:
            text = block.text
            # _line_key(text), from the block's normalized text (shared with line rules).
            key = block.normalized.strip(_EDGE) if len(text) < 40 * self.max_words else ""
            # The tests have no side effects: the one most lines fail (a line
            # seen before) goes first, the word count and letter test after it.
            if (
                key
                and (key == previous if self.adjacent_only else key in seen)
                and id(block) in wanted
                and len(key.split()) <= self.max_words
                and any(c.isalpha() for c in key)
            ):
                start = len(text) - len(text.lstrip())
                yield Hit(block, start, len(text.rstrip()))
            previous = key
            if key:
                seen.add(key)

    def _doubled_words(self, blocks: list[Block]) -> Iterator[Hit]:
        for block in blocks:
            text = block.text
            # Matches of scans.DOUBLED (a word, whitespace, the same word).
            for start, end, length in scans.doubled_spans(text):
                first, second = text[start : start + length], text[end - length : end]
                folded = fold(first)
                if first[0].isupper() and second[0].isupper():
                    continue  # "Walla Walla", "Duran Duran", a title-case line
                if folded in self.allowed:
                    continue
                if first[0].isupper() and folded not in _SMALL_WORDS:
                    continue  # "Gorilla gorilla", a species name
                third = _THIRD.match(text, end)
                previous = _last_word(text, start)
                if (third and fold(third.group(1)) == folded) or (
                    previous and fold(previous) == folded
                ):
                    continue  # "no no no", "but but but": said on purpose
                yield Hit(block, start, end)

    def hits(self, article: Article, blocks: list[Block], context: CheckContext) -> Iterator[Hit]:
        if self.lines:
            yield from self._repeated_lines(article, blocks)
        if self.words:
            yield from self._doubled_words(blocks)
