"""The source line under a finding, with a caret line under the flagged words
(as ruff and rustc print them), cut to a window on long lines.

Widths are display widths: an East Asian wide character takes two columns,
a combining mark or vowel sign none, so the carets stand under the words in a
terminal. (Emoji joined by zero-width joiners are counted one by one: terminals
disagree on how wide they draw them.)
Control characters are escaped first (an article cannot move the cursor), and
a tab is shown as one space, so what the widths measure is what is printed.
"""

from __future__ import annotations

import bisect
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from qualitycheck.primitives.terminal import for_terminal

#: Display columns of source shown at most; longer lines are cut around the span.
WINDOW = 100
#: Columns kept before the span when a long line is cut.
LEAD = 30
ELLIPSIS = "…"


#: Unicode categories a terminal draws in no column of their own: nonspacing and
#: enclosing marks (a Hindi or Thai vowel sign, a variation selector: many have
#: combining class 0, so ``unicodedata.combining`` alone missed them and every
#: vowel sign pushed the carets one column right) and format characters.
_ZERO_WIDTH = frozenset(("Mn", "Me", "Cf"))
#: Emoji skin-tone modifiers, drawn inside the emoji before them (👍🏽: 2 columns).
_SKIN_TONES = ("\U0001f3fb", "\U0001f3ff")


@lru_cache(maxsize=4096)
def _char_width(char: str) -> int:
    if unicodedata.combining(char) or unicodedata.category(char) in _ZERO_WIDTH:
        return 0
    if _SKIN_TONES[0] <= char <= _SKIN_TONES[1]:
        return 0
    return 2 if unicodedata.east_asian_width(char) in ("W", "F") else 1


#: A character outside ASCII; every ASCII character takes one column (none
#: combines, none is a format character, none is wide).
_NON_ASCII = re.compile(r"[^\x00-\x7f]")


def display_width(text: str) -> int:
    """Columns ``text`` takes in a terminal."""
    if text.isascii():
        return len(text)
    others = _NON_ASCII.findall(text)
    return len(text) - len(others) + sum(map(_char_width, others))


def _shown(text: str) -> str:
    return for_terminal(text.replace("\t", " "))


def _take(text: str, columns: int) -> str:
    """The longest prefix of ``text`` that fits in ``columns``."""
    if text.isascii():
        return text[: max(columns, 0)]
    width = 0
    for index, char in enumerate(text):
        width += _char_width(char)
        if width > columns:
            return text[:index]
    return text


@dataclass(frozen=True)
class Snippet:
    """One source line as shown, and the carets under the finding's words."""

    text: str
    carets: str


class LineBounds:
    """Where each line of one source starts, found once: a snippet on a
    megabyte-long line (minified HTML) then costs its window, not the line."""

    def __init__(self, source: str) -> None:
        self.source = source
        self.newlines = [match.start() for match in re.finditer("\n", source)]

    def around(self, offset: int) -> tuple[int, int, int]:
        """``(start, end, newline)`` of the line holding ``offset``: ``end``
        before any carriage returns that end it, ``newline`` at its newline
        (or the end of the source)."""
        at = bisect.bisect_left(self.newlines, offset)
        start = self.newlines[at - 1] + 1 if at else 0
        newline = self.newlines[at] if at < len(self.newlines) else len(self.source)
        end = newline
        while end > start and self.source[end - 1] == "\r":
            end -= 1
        return start, end, newline


def _shown_piece(source: str, low: int, high: int, columns: int, from_end: bool) -> str:
    """``source[low:high]`` as shown, or as much of its end (``from_end``) or
    start as shows more than ``columns`` columns: the window keeps fewer, and
    escaping is per character, so the kept part is shown as in the whole."""
    size = 2 * columns + 16
    while True:
        whole = high - low <= size
        piece = (
            source[low:high]
            if whole
            else source[high - size : high]
            if from_end
            else source[low : low + size]
        )
        shown = _shown(piece)
        if whole or display_width(shown) > columns + 8:
            return shown
        size *= 4


def snippet(
    source: str, start: int, end: int, window: int = WINDOW, lines: LineBounds | None = None
) -> Snippet:
    """The line of ``source`` holding ``start``, with ``^`` under ``start:end``
    (to the end of that line when the span goes on). Pass ``lines`` (made once
    for ``source``) when showing many findings of one source."""
    line_start, line_end, newline = (lines or LineBounds(source)).around(start)
    flag_start = min(start, line_end)
    flag_end = min(max(start, min(end, newline)), line_end)
    before = _shown_piece(source, line_start, flag_start, max(window, LEAD), from_end=True)
    flagged = _shown_piece(source, flag_start, flag_end, window, from_end=False)
    after = _shown_piece(source, flag_end, line_end, window, from_end=False)
    prefix = ""
    if display_width(before) > LEAD and display_width(before + flagged + after) > window:
        kept = before[::-1]
        kept = _take(kept, LEAD - 1)[::-1]
        before, prefix = kept, ELLIPSIS
    room = window - display_width(prefix + before)
    if display_width(flagged) > room:
        flagged, after, suffix = _take(flagged, room - 1), "", ELLIPSIS
    else:
        rest = _take(after, room - display_width(flagged))
        suffix = ELLIPSIS if len(rest) < len(after) else ""
        after = rest[: len(rest) - 1] if suffix and rest else rest
    carets = " " * display_width(prefix + before) + "^" * max(1, display_width(flagged))
    return Snippet(prefix + before + flagged + after + suffix, carets)
