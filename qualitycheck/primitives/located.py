"""Plain containers that remember where each of their values was written.

Config files and rule packs are written by hand, so an error has to point at
the exact line: :mod:`qualitycheck.primitives.yamlsource` reads YAML into
these, and :mod:`qualitycheck.primitives.yamlcache` keeps them between runs.
They are apart from both so neither needs PyYAML to build or read them.
"""

from __future__ import annotations

from typing import Any


class LocatedDict(dict[str, Any]):
    """A mapping that knows its own line and the line of each key."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.line = 0
        self.key_lines: dict[str, int] = {}
        self.key_columns: dict[str, int] = {}

    def line_of(self, key: str) -> int:
        """Line of ``key`` if present, else the line of the mapping itself."""
        return self.key_lines.get(key, self.line)

    def column_of(self, key: str) -> int | None:
        """1-based column of ``key`` when the YAML said where it is."""
        return self.key_columns.get(key)

    def start_column(self) -> int | None:
        """1-based column where the mapping starts: that of its first key on
        its own line (``id`` of ``- id: x``), for an error about the whole
        mapping; ``None`` when the YAML did not say."""
        columns = [
            column
            for key, column in self.key_columns.items()
            if self.key_lines.get(key) == self.line
        ]
        return min(columns, default=None)


class LocatedList(list[Any]):
    """A sequence that knows its own line and the line of each item."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.line = 0
        self.item_lines: list[int] = []
        self.item_columns: list[int] = []

    def line_of(self, index: int) -> int:
        """Line of item ``index``, or of the list when out of range."""
        if 0 <= index < len(self.item_lines):
            return self.item_lines[index]
        return self.line

    def column_of(self, index: int) -> int | None:
        """1-based column of item ``index`` when the YAML said where it is."""
        if 0 <= index < len(self.item_columns):
            return self.item_columns[index]
        return None
