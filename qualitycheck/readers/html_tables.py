"""Which HTML tables hold data and which only lay a page out.

A layout table is no table: old pages set their whole text in ``<td>``, byline,
menu and share buttons included, and a line rule that skips a data table's
cells (a results table's "Share" column head is no share button) must still
read those. A data table's cells stay cells: a table with a header cell, a
``<thead>`` or a ``<caption>``, and a header-less one whose cells hold one
block each, whether a CMS wraps the text in one ``<p>`` or breaks it with a
``<br>`` ("7.10am<br>weekdays"). A table becomes a layout table when its
``role`` says so (``presentation``, ``none``), when a cell holds a second block
(a second ``<p>``, a ``<div>``, a line of prose after a ``<br>``: a story set
in a cell), when a table opens inside one of its cells, or when it closes
with one cell in all (a box on the page). The blocks of its cells read so far
then take the kind of the blocks around the table.

:class:`Tables` keeps the open tables of one parse; the parser tells it what
it opens, closes and reads, and it changes the kinds of the parser's blocks
and open elements in place.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from qualitycheck.document.article import Block

#: Table cells.
CELLS = frozenset(["td", "th"])
#: What makes a table a data table: a header cell, a header row group, a caption.
_DATA_TABLE_TAGS = frozenset(["th", "thead", "caption"])
#: A table the page says is for layout.
_LAYOUT_ROLE = re.compile(r"\s*(?:presentation|none)\s*", re.IGNORECASE)
#: A line of prose: six words or more ending with a sentence's stop. After a
#: ``<br>`` in a cell it is a story's paragraph, not a timetable's second line.
_PROSE = re.compile(r"(?:\S+\s+){5,}\S*[.!?][\"'”’)\]]*")


@dataclass
class _Table:
    """An open ``<table>``: where it is in the open elements, whether it is a
    data or a layout table (neither yet: undecided), how many of its cells are
    open and were opened, how many blocks the last cell opened has given, and
    which blocks read so far are its cells."""

    start: int
    layout: bool
    data: bool = False
    cells: int = 0
    opened_cells: int = 0
    cell_blocks: int = 0
    read_cells: list[int] = field(default_factory=list)

    @property
    def undecided(self) -> bool:
        return not (self.data or self.layout)


class Tables:
    """The open tables of one parse, innermost last."""

    def __init__(self, blocks: list[Block], open_blocks: list[tuple[str, str]]) -> None:
        self.blocks = blocks  # the parser's, kinds changed in place
        self.open_blocks = open_blocks  # the parser's open elements and their kinds
        self.open: list[_Table] = []

    def in_layout(self) -> bool:
        """Whether the innermost open table is a layout table."""
        return bool(self.open) and self.open[-1].layout

    def opening(self, tag: str, attributes: dict[str, str | None]) -> None:
        """What an element opened (before it is pushed) says of the innermost
        open table: a header cell, a ``<thead>`` or a ``<caption>`` makes it a
        data table; a table opened in one of its cells, a layout table."""
        if not self.open:
            return
        table = self.open[-1]
        if tag in _DATA_TABLE_TAGS:
            table.data = True
            table.read_cells.clear()
        elif tag == "table" and table.cells and table.undecided:
            self._to_layout(table)

    def opened(self, tag: str, attributes: dict[str, str | None]) -> None:
        """An element was pushed onto the open elements."""
        if tag == "table":
            role = _LAYOUT_ROLE.fullmatch(attributes.get("role") or "") is not None
            self.open.append(_Table(len(self.open_blocks) - 1, role))
        elif tag in CELLS and self.open:
            table = self.open[-1]
            table.cells += 1
            table.opened_cells += 1
            table.cell_blocks = 0

    def closed(self, tag: str, outside: str) -> None:
        """An element was popped; ``outside`` is the kind around it."""
        if tag == "table" and self.open:
            self._end(self.open.pop(), outside)
        elif tag in CELLS and self.open:
            self.open[-1].cells -= 1

    def finish(self) -> None:
        """The document ended: tables never closed end here."""
        while self.open:
            table = self.open.pop()
            self._end(table, self.open_blocks[table.start][1])

    def read(self, line: bool) -> None:
        """The parser read a block (the last of ``blocks``); ``line``: it
        followed a ``<br>``, which is no second block of a cell unless it is
        a line of prose."""
        if not self.open:
            return
        table = self.open[-1]
        if not table.cells or not table.undecided:
            return
        block = self.blocks[-1]
        if block.kind == "table_cell":
            table.read_cells.append(len(self.blocks) - 1)
        table.cell_blocks += not line or _PROSE.fullmatch(block.text) is not None
        if table.cell_blocks > 1:
            self._to_layout(table)

    def _end(self, table: _Table, outside: str) -> None:
        """A table of one cell is a box on the page, not data."""
        if table.opened_cells == 1 and table.undecided:
            for index in table.read_cells:
                self.blocks[index].kind = outside

    def _to_layout(self, table: _Table) -> None:
        """Make ``table`` a layout table: its open cells and the blocks read
        from its cells so far take the kind of the blocks around the table."""
        table.layout = True
        outside = self.open_blocks[table.start][1]
        for index in range(table.start + 1, len(self.open_blocks)):
            opened, kind = self.open_blocks[index]
            if kind == "table_cell":
                self.open_blocks[index] = (opened, outside)
        for index in table.read_cells:
            self.blocks[index].kind = outside
        table.read_cells.clear()
