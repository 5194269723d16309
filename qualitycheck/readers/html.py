"""HTML: the visible block text of a page in document order.

Scripts, styles, templates, forms and hidden elements are dropped; every block
element (p, li, h1…h6, td, figcaption, br…) starts a new block, as a scraper
would render it. A block inside a quote, a list item, a caption or a table
cell is of that kind (a list in a quote is quoted too; a definition list's
``<dt>`` and ``<dd>`` are a term and a definition): CMSs wrap the text of
a ``<blockquote>``, an ``<li>``, a ``<figcaption>`` or a ``<td>`` in ``<p>``,
and a caption read as a paragraph is taken for one a scraper left behind.
WordPress's classic caption (``class="wp-caption-text"``) is a caption too. A
layout table is no table: old pages set their whole text in ``<td>``, byline
and share buttons included, so the cells of a table with
``role="presentation"``, or with two blocks in one cell (two ``<p>``, a
``<div>`` each) or a table inside a cell and no header cell, caption or
``<thead>``, are the paragraphs they hold (those read before the table showed
it, too); a data table's cells stay cells, and so does a cell whose text a CMS
wraps in one ``<p>`` or breaks with a ``<br>`` ("7.10am<br>weekdays"). The
parser is event-based: the only state about nesting is a stack of the open
block elements, each pushed and popped once, so pathological nesting costs
linear time. Positions come from the parser so findings point at the exact
characters of the file, entities and inline tags included.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterator
from dataclasses import dataclass, field

from qualitycheck.document.article import Article, Block, mark_title
from qualitycheck.document.textmap import TextBuilder
from qualitycheck.readers.base import ReadSettings
from qualitycheck.readers.htmlparse import BoundedHTMLParser

_SKIPPED = frozenset(
    [
        "script",
        "style",
        "noscript",
        "template",
        "svg",
        "math",
        "iframe",
        "object",
        "embed",
        "canvas",
        "select",
        "textarea",
        "button",
        "head",
    ]
)
_VOID = frozenset(
    [
        "area",
        "base",
        "br",
        "col",
        "embed",
        "hr",
        "img",
        "input",
        "link",
        "meta",
        "param",
        "source",
        "track",
        "wbr",
    ]
)
_BLOCK_KIND = {
    **dict.fromkeys(["h1", "h2", "h3", "h4", "h5", "h6"], "heading"),
    "li": "list_item",
    "dt": "term",
    "dd": "definition",
    "figcaption": "caption",
    "caption": "caption",
    "blockquote": "quote",
    "td": "table_cell",
    "th": "table_cell",
}
#: Kinds a block inside the element takes too (a ``<p>`` in a ``<blockquote>``
#: is quoted); not a heading's: a ``<p>`` after an unclosed ``<h2>`` is copy.
_CONTAINERS = frozenset(["quote", "list_item", "term", "definition", "caption", "table_cell"])
#: The kinds of a list's items: in a block quote they are the quoted speaker's.
_ITEMS = frozenset(["list_item", "term", "definition"])
_BLOCKS = frozenset(
    [
        "address",
        "article",
        "aside",
        "blockquote",
        "body",
        "br",
        "dd",
        "details",
        "dialog",
        "div",
        "dl",
        "dt",
        "fieldset",
        "figcaption",
        "figure",
        "footer",
        "form",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "header",
        "hgroup",
        "hr",
        "li",
        "main",
        "nav",
        "ol",
        "p",
        "pre",
        "section",
        "table",
        "tbody",
        "td",
        "tfoot",
        "th",
        "thead",
        "tr",
        "ul",
        "caption",
        "summary",
        "center",
    ]
)
_ENTITY = re.compile(r"&(?:#[xX][0-9a-fA-F]+|#[0-9]+|[A-Za-z][A-Za-z0-9]*);?")
_WHITESPACE = re.compile(r"\s+")
_LONG_DECIMAL_REFERENCE = re.compile(r"&#([0-9]{1000,})")
#: WordPress's classic caption markup, ``<div class="wp-caption"><img><p
#: class="wp-caption-text">``: a caption the page marks up, as a figcaption is.
#: Not any class with "caption" in it: Bootstrap's teaser cards are "caption".
_CAPTION_CLASS = re.compile(r"(?:^|\s)wp-caption(?:-text)?(?:$|\s)")
_HIDDEN_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.I)


def _as_hex_reference(match: re.Match[str]) -> str:
    digits = match.group(1)
    significant = digits.lstrip("0")
    value = int(significant) if len(significant) <= 7 else 0x110000  # past U+10FFFF
    return "&#x" + f"{value:x}".rjust(len(digits) - 1, "0")


def _short_references(text: str) -> str:
    """``text`` with decimal character references of 1,000 digits or more
    rewritten as hexadecimal ones of the same length and meaning.

    Python refuses to convert decimal strings over 4,300 digits to an integer,
    so ``html.unescape`` (also used by the parser on attribute values) would
    raise on ``&#999…;``; hexadecimal has no such limit. The same length keeps
    every position the parser reports.
    """
    if "&#" not in text:
        return text
    return _LONG_DECIMAL_REFERENCE.sub(_as_hex_reference, text)


#: Table cells.
_CELLS = frozenset(["td", "th"])
#: What makes a table a data table: a header cell, a header row group, a caption.
_DATA_TABLE_TAGS = frozenset(["th", "thead", "caption"])
#: A table the page says is for layout.
_LAYOUT_ROLE = re.compile(r"\s*(?:presentation|none)\s*", re.IGNORECASE)


@dataclass
class _Table:
    """An open ``<table>``: where it is in the open elements, whether it is a
    data table (a header cell, a caption) or a layout table (role
    ``presentation``, or two blocks in one cell or a table inside a cell of a
    table that is not a data table, or one cell in all), how many of its cells are open, how many
    blocks the last cell opened has given, and which blocks read so far are its
    cells (re-read as paragraphs if it turns out to be for layout)."""

    start: int
    layout: bool
    data: bool = False
    cells: int = 0
    cell_blocks: int = 0
    read_cells: list[int] = field(default_factory=list)
    opened_cells: int = 0  # every cell opened in it, closed or not


class _BlockParser(BoundedHTMLParser):
    def __init__(self, source: str) -> None:
        super().__init__(convert_charrefs=False)
        self.source = source
        self.line_starts = [0] + [m.end() for m in re.finditer("\n", source)]
        self.blocks: list[Block] = []
        self.builder = TextBuilder()
        self.kind = "paragraph"
        self.after_break = False  # the text read since the last flush follows a <br>
        # The open block elements, each with the kind its blocks take (its own,
        # or that of the element it is in), and how many of each tag are open:
        # an end tag pops to its start tag only when one is open, so a stray
        # "</li>" costs nothing and each element is popped at most once.
        self.open_blocks: list[tuple[str, str]] = []
        self.open_count: dict[str, int] = {}
        # The open tables, innermost last (:class:`_Table`).
        self.tables: list[_Table] = []
        self.skip_tag: str | None = None
        self.skip_depth = 0
        self.in_title = False
        self.title_parts: list[str] = []
        self.document_language: str | None = None
        self.in_link = False  # in an ``<a href>``: one at most (an ``<a>`` closes the open one)

    def _position(self) -> int:
        line, column = self.getpos()
        return self.line_starts[line - 1] + column

    def _context(self) -> str:
        """The kind of a block that starts here without a kind of its own."""
        return self.open_blocks[-1][1] if self.open_blocks else "paragraph"

    def flush(self) -> None:
        text, mapping = self.builder.strip()
        if text:
            linked = self.builder.mostly_linked(text)
            self.blocks.append(Block(text, mapping, self.kind, linked=linked))
            self._see_block(self.after_break)
        self.builder = TextBuilder()
        self.kind = self._context()
        self.after_break = False

    def _see_block(self, line: bool) -> None:
        """What the block just read says of the innermost open table: a second
        block in one of its cells makes a table that is no data table a layout
        table (one ``<p>`` round a cell's text is how CMSs write data cells).
        A ``line`` (text after a ``<br>``) is no second block: a timetable's
        cell breaks "7.10am<br>weekdays" so."""
        if not self.tables:
            return
        table = self.tables[-1]
        if not table.cells or table.data or table.layout:
            return
        if self.blocks[-1].kind == "table_cell":
            table.read_cells.append(len(self.blocks) - 1)
        table.cell_blocks += not line
        if table.cell_blocks > 1:
            self._to_layout(table)

    def _open(self, tag: str, attributes: dict[str, str | None]) -> None:
        self._see_table(tag, attributes)
        own = _BLOCK_KIND.get(tag)
        if own is None and _CAPTION_CLASS.search(attributes.get("class") or ""):
            own = "caption"
        if own == "table_cell" and self.tables and self.tables[-1].layout:
            own = None  # a layout table's cell is a place on the page, not a cell
        elif own in _ITEMS and self._context() == "quote":
            own = "quote"  # a list in a block quote is the quoted speaker's, not the writer's
        context = own if own in _CONTAINERS else self._context()
        if tag not in _VOID:
            self.open_blocks.append((tag, context))
            self.open_count[tag] = self.open_count.get(tag, 0) + 1
            if tag == "table":
                self.tables.append(
                    _Table(
                        len(self.open_blocks) - 1,
                        _LAYOUT_ROLE.fullmatch(attributes.get("role") or "") is not None,
                    )
                )
            elif tag in _CELLS and self.tables:
                self.tables[-1].cells += 1
                self.tables[-1].opened_cells += 1
                self.tables[-1].cell_blocks = 0
        self.kind = own or context

    def _see_table(self, tag: str, attributes: dict[str, str | None]) -> None:
        """What ``tag`` says of the innermost open table: a header cell, a
        ``<thead>`` or a ``<caption>`` makes it a data table; a table opened in
        one of its cells makes a table that is not one a layout table (as two
        blocks in a cell do, :meth:`_see_block`): old pages set their whole
        text, byline and share buttons included, in ``<td>``."""
        if not self.tables:
            return
        table = self.tables[-1]
        if tag in _DATA_TABLE_TAGS:
            table.data = True
            table.read_cells.clear()
        elif tag == "table" and table.cells and not table.data and not table.layout:
            self._to_layout(table)

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

    def _close(self, tag: str) -> None:
        if not self.open_count.get(tag):
            return  # a stray end tag
        while self.open_blocks:
            opened, outside = self.open_blocks.pop()
            self.open_count[opened] -= 1
            if opened == "table" and self.tables:
                table = self.tables.pop()
                if table.opened_cells == 1 and not table.data and not table.layout:
                    # A table of one cell is a box on the page, not data: an old
                    # page's byline, date and share line broken by <br> in it.
                    for index in table.read_cells:
                        self.blocks[index].kind = outside
            elif opened in _CELLS and self.tables:
                self.tables[-1].cells -= 1
            if opened == tag:
                break

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "html":
            self.document_language = dict(attrs).get("lang") or None
        if tag == "title":
            self.in_title = True
        if self.skip_tag is not None:
            if tag == self.skip_tag:
                self.skip_depth += 1
            return
        attributes = dict(attrs)
        hidden = "hidden" in attributes or _HIDDEN_STYLE.search(attributes.get("style") or "")
        if (
            tag in _SKIPPED or hidden or attributes.get("aria-hidden") == "true"
        ) and tag not in _VOID:
            self.flush()
            self.skip_tag, self.skip_depth = tag, 1
            return
        if tag in _BLOCKS:
            self.flush()
            self._open(tag, attributes)
            self.after_break = tag == "br"
        elif tag == "a":
            self.in_link = bool(attributes.get("href"))
        elif tag == "img" and not self.builder.ends_with_space():
            self.builder.add(" ", self._position(), self._position() + 1)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if self.skip_tag is None and tag in _BLOCKS:
            self.flush()
            self.after_break = tag == "br"

    def handle_endtag(self, tag: str) -> None:
        if tag == "title":
            self.in_title = False
        if self.skip_tag is not None:
            if tag == self.skip_tag:
                self.skip_depth -= 1
                if self.skip_depth == 0:
                    self.skip_tag = None
            return
        if tag in _BLOCKS:
            self.flush()  # while the element is open: a cell's text is the cell's
            self._close(tag)
            self.kind = self._context()
        elif tag == "a":
            self.in_link = False

    def _add_visible(self, text: str, start: int) -> None:
        position = 0
        for match in _WHITESPACE.finditer(text):
            if match.start() > position:
                self.builder.add(text[position : match.start()], start + position)
            if not self.builder.ends_with_space():
                self.builder.add(" ", start + match.start(), start + match.end())
            position = match.end()
        if position < len(text):
            self.builder.add(text[position:], start + position)

    def handle_data(self, data: str) -> None:
        if self.in_title:
            self.title_parts.append(data)
        if self.skip_tag is not None:
            return
        start = self._position()
        # The parser hands over the raw text; make sure our offset points at it.
        if not self.source.startswith(data, start):
            found = self.source.find(data, start)
            start = found if found != -1 else start
        before = len(self.builder)
        self._add_visible(data, start)
        if self.in_link:
            self.builder.link_length += len(self.builder) - before

    def _reference(self, raw_fallback: str) -> None:
        start = self._position()
        match = _ENTITY.match(self.source, start)
        raw = match.group(0) if match else raw_fallback
        text = html.unescape(_short_references(raw))
        if self.in_title:
            self.title_parts.append(text)
        if self.skip_tag is not None:
            return
        if text.isspace():
            if not self.builder.ends_with_space():
                self.builder.add(" ", start, start + len(raw))
            return
        self.builder.add(text, start, start + len(raw))
        if self.in_link:
            self.builder.link_length += len(text)

    def handle_entityref(self, name: str) -> None:
        self._reference(f"&{name};")

    def handle_charref(self, name: str) -> None:
        self._reference(f"&#{name};")


def read_html(source: str, path: str, settings: ReadSettings) -> Iterator[Article]:
    """Reader entry point for ``.html`` and ``.htm`` files."""
    parser = _BlockParser(source)
    parser.feed(_short_references(source))
    parser.close()
    parser.flush()
    warnings: list[str] = []
    if parser.text_from is not None:
        line = source.count("\n", 0, parser.text_from) + 1
        warnings.append(
            f"from line {line} on, read as text, not markup: too many tags or comments "
            "there have no end"
        )
    title = _WHITESPACE.sub(" ", "".join(parser.title_parts)).strip() or None
    first_heading = next((b.text for b in parser.blocks if b.kind == "heading"), None)
    if title is None:
        title = first_heading
    mark_title(parser.blocks, title, search=len(parser.blocks))
    metadata = {"html_lang": parser.document_language} if parser.document_language else {}
    yield Article(
        id=path,
        path=path,
        source=source,
        blocks=parser.blocks,
        title=title,
        metadata=metadata,
        warnings=warnings,
        format="html",
    )
