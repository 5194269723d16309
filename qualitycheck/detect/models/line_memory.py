"""The lines a run has seen: a site's furniture repeats across its pages, so
how often a line came before in the same run is evidence for the boilerplate
model. Kept apart so a run's memory can be made, swapped and resumed without
the model (``Checker.run_state``)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field

#: Distinct lines a run remembers; later new lines are not added (memory stays
#: bounded on a corpus of any size, and the cut-off is the same on every run).
MEMORY_LINES = 200_000


@dataclass
class LineMemory:
    """Lines seen in earlier articles of the same run (a site's furniture repeats)."""

    counts: Counter[str] = field(default_factory=Counter)
    limit: int = MEMORY_LINES

    def remember(self, normals: Iterable[str]) -> None:
        """Count each line (normalized) once more, up to ``limit`` lines."""
        for line in sorted(set(normals)):  # sorted: same cut-off every run
            if line in self.counts or len(self.counts) < self.limit:
                self.counts[line] += 1

    def history(self, normals: list[str]) -> list[int]:
        """How often each line (normalized: ``Block.normalized``) was seen
        before; then remember them."""
        seen = [self.counts.get(line, 0) for line in normals]
        self.remember(normals)
        return seen
