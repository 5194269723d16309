"""The counts a ``clean`` run reports: its one-line summary and, through the
errors it kept, its exit code (apart from :mod:`qualitycheck.tools.cleaning`,
which does the work)."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from qualitycheck.errors import InputError, OutputError


@dataclass
class CleanSummary:
    """What a run did, for the one-line summary and the exit code."""

    files: int = 0
    articles: int = 0
    changed: int = 0
    #: Blocks removed: lines of a text file, paragraphs or list items.
    blocks_removed: int = 0
    input_errors: list[InputError] = field(default_factory=list)
    #: Copies that could not be written (the others were).
    output_errors: list[OutputError] = field(default_factory=list)
    #: ``--diff``: files a run would change (nothing written; ``files`` stays 0).
    diffs: int | None = None

    def add(self, other: CleanSummary) -> None:
        """Count one input's articles: only one read through and unchanged
        since (one not written is not said to be cleaned)."""
        self.articles += other.articles
        self.changed += other.changed
        self.blocks_removed += other.blocks_removed

    def line(self, output_dir: Path | None) -> str:
        done = (
            f"wrote {self.files} file{'s' * (self.files != 1)} to {output_dir}"
            if self.diffs is None
            else f"{self.diffs} file{'s' * (self.diffs != 1)} would change; nothing written"
        )
        if self.output_errors:
            count = len(self.output_errors)
            done += f" ({count} could not be written)"
        removed = "would remove" if self.diffs is not None else "removed"
        return (
            f"cleaned {self.articles} article{'s' * (self.articles != 1)} "
            f"({self.changed} with boilerplate), {removed} {self.blocks_removed} "
            f"block{'s' * (self.blocks_removed != 1)}; {done}"
        )
