"""The source line under a finding, with a caret line under the flagged words
(as ruff and rustc print them), cut to a window on long lines.

Widths are display widths: an East Asian wide character takes two columns,
a combining mark none, so the carets stand under the words in a terminal.
Control characters are escaped first (an article cannot move the cursor), and
a tab is shown as one space, so what the widths measure is what is printed.
"""

from __future__ import annotations

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


@lru_cache(maxsize=4096)
def _char_width(char: str) -> int:
    if unicodedata.combining(char) or unicodedata.category(char) == "Cf":
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


def snippet(source: str, start: int, end: int, window: int = WINDOW) -> Snippet:
    """The line of ``source`` holding ``start``, with ``^`` under ``start:end``
    (to the end of that line when the span goes on)."""
    line_start = source.rfind("\n", 0, start) + 1
    line_end = source.find("\n", start)
    if line_end < 0:
        line_end = len(source)
    line = source[line_start:line_end].rstrip("\r")
    before = _shown(line[: start - line_start])
    flagged = _shown(line[start - line_start : max(start, min(end, line_end)) - line_start])
    after = _shown(line[max(start, min(end, line_end)) - line_start :])
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
