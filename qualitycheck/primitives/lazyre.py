"""A :mod:`re` pattern compiled at its first search.

A rule kind builds its expression from the pack's phrase lists when the pack
loads (the screens and prefilters read its text), but most rules never search
a short article: their literal prefilter turns it away first. Compiling the
phrase and cue alternations at load cost a one-file run about 25 ms of its
start-up; deferred, only the rules that search pay, once per process. The
text is built (and an error in it found) at load as before: only
:func:`re.compile` waits.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Iterator


class LazyRegex:
    """``re.compile(pattern, flags)``, made at the first search (two threads
    may both compile it: the same pattern, one kept)."""

    __slots__ = ("_compiled", "declared_flags", "pattern")

    def __init__(self, pattern: str, flags: int = 0) -> None:
        self.pattern = pattern
        self.declared_flags = flags
        self._compiled: re.Pattern[str] | None = None

    def compiled(self) -> re.Pattern[str]:
        """The compiled pattern."""
        compiled = self._compiled
        if compiled is None:
            compiled = self._compiled = re.compile(self.pattern, self.declared_flags)
        return compiled

    @property
    def flags(self) -> int:
        return self.compiled().flags

    def finditer(
        self, string: str, pos: int = 0, endpos: int = sys.maxsize
    ) -> Iterator[re.Match[str]]:
        return self.compiled().finditer(string, pos, endpos)

    def search(self, string: str, pos: int = 0, endpos: int = sys.maxsize) -> re.Match[str] | None:
        return self.compiled().search(string, pos, endpos)

    def __repr__(self) -> str:
        return f"LazyRegex({self.pattern!r}, {self.declared_flags})"
