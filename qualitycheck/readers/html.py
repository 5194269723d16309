"""HTML: the visible block text of a page in document order.

Scripts, styles, templates, forms, hidden elements and the fallback text of
media players (``<audio>``, ``<video>``) are dropped (one never closed hides
the rest of the page, as in a browser: the article's warnings say so); every block
element (p, li, h1…h6, td, figcaption, br…) starts a new block, as a scraper
would render it. A block inside a quote, a list item, a caption or a table
cell is of that kind (a list in a quote is quoted too; a definition list's
``<dt>`` and ``<dd>`` are a term and a definition): CMSs wrap the text of
a ``<blockquote>``, an ``<li>``, a ``<figcaption>`` or a ``<td>`` in ``<p>``,
and a caption read as a paragraph is taken for one a scraper left behind.
WordPress's classic caption (``class="wp-caption-text"``) is a caption too.
Which tables hold data and which only lay the page out (whose cells are then
the paragraphs they hold) is :mod:`qualitycheck.readers.html_tables`'s; which
elements name themselves page furniture ("related-posts", "site-footer") is
:mod:`qualitycheck.readers.html_furniture`'s (``Block.furniture``). The parser
is event-based: the only state about nesting is a stack of the open
block elements, each pushed and popped once, so pathological nesting costs
linear time. Positions come from the parser so findings point at the exact
characters of the file, entities and inline tags included.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterator

from qualitycheck.document.article import Article, Block
from qualitycheck.document.textmap import TextBuilder
from qualitycheck.readers.base import ReadSettings
from qualitycheck.readers.html_furniture import furniture_name
from qualitycheck.readers.html_headline import headline_block
from qualitycheck.readers.html_tables import Tables
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
        "audio",  # what is inside <audio> and <video> is shown only by
        "video",  # browsers that cannot play them ("Your browser does not ...")
        "object",
        "embed",
        "canvas",
        "select",
        "textarea",
        "button",
        "head",
    ]
)
#: Start tags that end an open ``<p>`` (whose end tag may be left out).
_ENDS_P = frozenset(
    "address article aside blockquote details div dl fieldset figcaption figure footer form "
    "h1 h2 h3 h4 h5 h6 header hgroup hr main menu nav ol p pre section table ul".split()
)
#: What a ``<head>`` holds; any other start tag ends a head left open.
_HEAD_CONTENT = frozenset(
    ["title", "meta", "link", "base", "style", "script", "noscript", "template", "html"]
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
        # What the nearest named element says, for each open block element
        # (:func:`furniture_name`): its furniture class, "" for the body.
        self.furniture: list[str | None] = []
        self.open_count: dict[str, int] = {}
        self.tables = Tables(self.blocks, self.open_blocks)
        self.skip_tag: str | None = None
        self.skip_depth = 0
        # Where the first text inside the skipped element is: one never closed
        # hides the rest of the page, which the reader then says.
        self.skipped_text_from: int | None = None
        self.head_noscript = 0  # <noscript> open in a skipped <head>
        self.skip_open: dict[str, int] = {}  # elements open in the skipped one
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
            furniture = self.furniture[-1] if self.furniture else None
            self.blocks.append(
                Block(text, mapping, self.kind, linked=linked, furniture=furniture or None)
            )
            self.tables.read(self.after_break)
        self.builder = TextBuilder()
        self.kind = self._context()
        self.after_break = False

    def _open(self, tag: str, attributes: dict[str, str | None]) -> None:
        self.tables.opening(tag, attributes)
        own = _BLOCK_KIND.get(tag)
        if own is None and _CAPTION_CLASS.search(attributes.get("class") or ""):
            own = "caption"
        if own == "table_cell" and self.tables.in_layout():
            own = None  # a layout table's cell is a place on the page, not a cell
        elif own in _ITEMS and self._context() == "quote":
            own = "quote"  # a list in a block quote is the quoted speaker's, not the writer's
        context = own if own in _CONTAINERS else self._context()
        if tag not in _VOID:
            self.open_blocks.append((tag, context))
            named = furniture_name(tag, attributes)
            outer = self.furniture[-1] if self.furniture else None
            if named and self.open_count.get("table", 0):
                named = None  # Readability keeps what a table holds, whatever its names
            self.furniture.append(outer if named is None else named)
            self.open_count[tag] = self.open_count.get(tag, 0) + 1
            self.tables.opened(tag, attributes)
        self.kind = own or context

    def _close(self, tag: str) -> None:
        if not self.open_count.get(tag):
            return  # a stray end tag
        while self.open_blocks:
            opened, outside = self.open_blocks.pop()
            self.furniture.pop()
            self.open_count[opened] -= 1
            self.tables.closed(opened, outside)
            if opened == tag:
                break

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "html":
            self.document_language = dict(attrs).get("lang") or None
        if tag == "title":
            self.in_title = True
        if self.skip_tag is not None:
            if self.skip_tag == "p" and tag in _ENDS_P:
                pass  # a <p> ends at the next block: its end tag may be left out
            elif tag == self.skip_tag:
                self.skip_depth += 1
                return
            elif self.skip_tag == "head":
                # </head> is optional too: the first tag with no place in a head
                # ends it, as in a browser (else a page without it reads as
                # empty); not one in a <noscript> there (a tracking pixel's <img>).
                self.head_noscript += tag == "noscript"
                if tag != "body" and (tag in _HEAD_CONTENT or self.head_noscript):
                    return
            else:
                if tag not in _VOID:
                    self.skip_open[tag] = self.skip_open.get(tag, 0) + 1
                return
            self.skip_tag, self.skip_depth = None, 0
        attributes = dict(attrs)
        hidden = "hidden" in attributes or _HIDDEN_STYLE.search(attributes.get("style") or "")
        if (
            tag in _SKIPPED or hidden or attributes.get("aria-hidden") == "true"
        ) and tag not in _VOID:
            self.flush()
            self.skip_tag, self.skip_depth = tag, 1
            self.skipped_text_from = None
            self.head_noscript = 0
            self.skip_open = {}
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
            if tag == "noscript" and self.head_noscript:
                self.head_noscript -= 1
                return
            if self.skip_open.get(tag):
                self.skip_open[tag] -= 1
                return
            if not self.open_count.get(tag) or tag == "body":
                return
            # An element open around the skipped one ends, and it with it (not
            # at </body>, which in a browser ends nothing).
            self.skip_tag, self.skip_depth = None, 0
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
            if self.skipped_text_from is None and self.skip_tag != "head" and not data.isspace():
                self.skipped_text_from = self._position() + len(data) - len(data.lstrip())
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
    parser.tables.finish()
    warnings: list[str] = []
    if parser.skip_tag is not None and parser.skipped_text_from is not None:
        line = source.count("\n", 0, parser.skipped_text_from) + 1
        warnings.append(
            f"from line {line} on, not read: it is inside a <{parser.skip_tag}> that is "
            "never closed, whose content is not shown (hidden, a media player's fallback ...)"
        )
    if parser.text_from is not None:
        line = source.count("\n", 0, parser.text_from) + 1
        warnings.append(
            f"from line {line} on, read as text, not markup: too many tags or comments "
            "there have no end"
        )
    title = _WHITESPACE.sub(" ", "".join(parser.title_parts)).strip() or None
    declared = title is not None
    if title is None:
        title = next((b.text for b in parser.blocks if b.kind == "heading"), None)
    headline = headline_block(parser.blocks, title)  # under a <title> of the site's name too
    if headline is not None:
        headline.kind = "title"
        if not declared:
            title = headline.text
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
