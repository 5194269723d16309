"""Regular expressions from rule packs, bounded in time.

Editors write patterns; a pattern such as ``(a|aa)+$`` can take exponential
time on the wrong line and hang a CI gate. Patterns are compiled with the
``regex`` package (Python syntax, full Unicode, look-arounds) and every search
runs with a timeout. A search that times out raises :class:`PatternTimeout`;
the engine skips that rule for the rest of the article and says so in the
article's warnings, so one bad pattern costs at most one block's time budget
per article. The budget grows with the block (``TIMEOUT`` plus
``TIMEOUT_PER_MILLION`` per million characters): a sound pattern needs time in
proportion to the text, and a fixed budget would skip the shipped rules on a
very long line (a 20 MB paragraph takes them up to a second).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import regex

#: Seconds one search over one block may take, plus ``TIMEOUT_PER_MILLION``
#: for every million characters of the block.
TIMEOUT = 0.25
TIMEOUT_PER_MILLION = 0.25


class PatternTimeout(Exception):
    """A rule's pattern took longer than its budget (:func:`budget`) on one block."""


def budget(text: str) -> float:
    """Seconds one search over ``text`` may take."""
    return TIMEOUT + TIMEOUT_PER_MILLION * len(text) / 1_000_000


def compile_pattern(pattern: str, ignore_case: bool = False) -> Any:
    """Compile a user pattern (raises ``regex.error`` when invalid)."""
    flags = regex.IGNORECASE if ignore_case else 0
    return regex.compile(pattern, flags | regex.VERSION0)


#: Pattern text that stops patterns from being joined into one alternation:
#: back-references (group numbers shift) and inline flags (they would apply to all).
_NOT_COMBINABLE = regex.compile(r"\\[1-9]|\(\?P?=|\(\?[aiLmsuxV0-9-]+\)|\(\?\||\(\?\(")


def combine_patterns(patterns: list[str], ignore_case: bool = False) -> list[Any]:
    """The patterns as few compiled expressions as possible: one alternation for
    all that can be joined (one call, one timeout set-up per line instead of one
    per pattern), the rest alone. ``fullmatch``/``search`` of the alternation
    succeeds exactly when one of the patterns would."""
    joinable = [p for p in patterns if not _NOT_COMBINABLE.search(p)]
    alone = [p for p in patterns if _NOT_COMBINABLE.search(p)]
    compiled = [compile_pattern(p, ignore_case) for p in alone]
    if len(joinable) == 1:
        compiled.insert(0, compile_pattern(joinable[0], ignore_case))
    elif joinable:
        compiled.insert(0, compile_pattern("|".join(f"(?:{p})" for p in joinable), ignore_case))
    return compiled


def finditer(compiled: Any, text: str) -> Iterator[Any]:
    """Matches of ``compiled`` in ``text``, or :class:`PatternTimeout`."""
    try:
        yield from compiled.finditer(text, timeout=budget(text))
    except TimeoutError:
        raise PatternTimeout(compiled.pattern) from None


def fullmatch(compiled: Any, text: str) -> bool:
    """Whether ``compiled`` matches all of ``text``, or :class:`PatternTimeout`."""
    try:
        return compiled.fullmatch(text, timeout=budget(text)) is not None
    except TimeoutError:
        raise PatternTimeout(compiled.pattern) from None


def check_pattern(value: Any) -> str | None:
    """Option validator: the value (or each item) compiles."""
    for pattern in value if isinstance(value, list) else [value]:
        try:
            compile_pattern(pattern)
        except regex.error as exc:
            return f"invalid regular expression {pattern!r}: {exc}"
    return None
