"""A progress line on standard error for long runs.

Shown only when standard error is a terminal, the run is not ``--quiet`` and
it has already taken ``DELAY`` seconds (a quick run stays silent); redrawn at
most ``REFRESH`` times a second and erased at the end, so it never mixes with
output or with the final summary. The total is not known in advance for a
stream (JSONL, standard input), so it counts articles and shows the rate.
"""

from __future__ import annotations

import time
from typing import TextIO

from qualitycheck.primitives.termination import status_line_drawn

#: Seconds before the line first appears.
DELAY = 2.0
#: Seconds between redraws.
REFRESH = 0.2


class Progress:
    """Counts checked articles and redraws one status line."""

    def __init__(self, stream: TextIO, enabled: bool) -> None:
        self.stream = stream
        self.enabled = enabled
        self._now = time.monotonic
        self.started = self._now()
        self.articles = 0
        self.errors = 0
        self._drawn_at = 0.0
        self._width = 0

    @classmethod
    def for_stream(cls, stream: TextIO, quiet: bool) -> Progress:
        """Enabled when ``stream`` is a terminal and the run is not quiet."""
        interactive = hasattr(stream, "isatty") and stream.isatty()
        return cls(stream, enabled=interactive and not quiet)

    def tick(self, error: bool = False) -> None:
        """One more article (or input error) done."""
        if error:
            self.errors += 1
        else:
            self.articles += 1
        if not self.enabled:
            return
        now = self._now()
        elapsed = now - self.started
        if elapsed < DELAY or now - self._drawn_at < REFRESH:
            return
        self._drawn_at = now
        self._draw(self.line(elapsed))

    def line(self, elapsed: float) -> str:
        """The status text after ``elapsed`` seconds."""
        rate = self.articles / elapsed if elapsed > 0 else 0.0
        errors = f", {self.errors} input errors" if self.errors else ""
        return (
            f"qualitycheck: {self.articles:,} articles checked{errors} "
            f"({rate:,.0f}/s, {elapsed:.0f} s)"
        )

    def _draw(self, text: str) -> None:
        padding = " " * max(0, self._width - len(text))
        self.stream.write("\r" + text + padding)
        self.stream.flush()
        self._width = len(text)
        status_line_drawn(self._width)  # a SIGTERM message erases it first

    def close(self) -> None:
        """Erase the line (if it was ever drawn)."""
        if self._width:
            self.stream.write("\r" + " " * self._width + "\r")
            self.stream.flush()
            self._width = 0
            status_line_drawn(0)
