"""Markdown: front matter (YAML, TOML, JSON) gives the title and metadata; Markdown syntax
is stripped before rules see the text, and positions still point into the
file.

This is a line-oriented reader, not a full CommonMark parser: it knows
headings, paragraphs, list items, block quotes, tables, image captions (the
text right under a line that is only an image: the Markdown way to write a
figcaption, and like one the page's own, not a credit a scraper left behind
when it dropped the picture; and an HTML figure's ``<figcaption>``), fenced
code (skipped),
HTML comments and ``<script>``, ``<style>``, ``<pre>`` and ``<textarea>``
blocks (skipped), the fallback text of ``<video>``, ``<audio>``, ``<iframe>``
and ``<object>`` (skipped, as the HTML reader skips it), link and emphasis
syntax, definition lists (a term, then ``: its definition``), footnotes (each
definition a
paragraph of the article, at the top, in a list item or in a block quote as
GFM reads them, its ``[^1]`` marks left out of the words, and
where they are is told to ``clean``: :func:`footnotes`), and the markup
site generators and docs tools add (Hugo shortcodes, Liquid tags, the fences
of admonitions and Pandoc divs, attribute lists, GitHub alert markers, MDX
imports and exports: left out, their inner text, a figure's caption and a
box's title kept; :mod:`qualitycheck.readers.markdown_sites`). That is what
articles in publishing repositories use.
"""

from __future__ import annotations

import re
from array import array
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from qualitycheck.document.article import Article, Block, mark_title
from qualitycheck.document.textmap import TextBuilder
from qualitycheck.readers import markdown_sites as sites
from qualitycheck.readers.base import ReadSettings, declared_language
from qualitycheck.readers.markdown_front import front_matter, scalar
from qualitycheck.readers.markdown_inline import FOOTNOTE_MARK, inline

_FENCE = re.compile(r"^\s{0,3}(`{3,}|~{3,})")
_HEADING = re.compile(r"^\s{0,3}(#{1,6})(?:\s+|$)")
#: A heading's closing ``#`` run. The look-behind starts a try only where a
#: run of spaces starts, and the possessive quantifiers never give spaces
#: back, so a line of 100,000 spaces costs one pass, not 100,000 (each of
#: these patterns was quadratic in the length of a line of spaces).
_HEADING_CLOSE = re.compile(r"(?<!\s)\s++#+\s*+$")
_SETEXT = re.compile(r"^\s{0,3}(=+|-+)\s*$")
_BREAK = re.compile(r"^\s{0,3}([-*_])(?:\s*\1){2,}\s*$")
_LIST_ITEM = re.compile(r"\s*(?:[-*+]|\d{1,9}[.)])(?:\s+|$)")
_QUOTE = re.compile(r"^\s{0,3}(?:>\s?)+")
_TABLE_RULE = re.compile(r"^\s*+\|?\s*+:?-{3,}:?\s*+(?:\|\s*+:?-{3,}:?\s*+)*\|?\s*+$")
_LINK_DEFINITION = re.compile(r"^\s{0,3}\[[^\]]+\]:\s*\S+")
#: A link definition's title on the line under it (CommonMark allows it there).
_LINK_TITLE = re.compile(r"[ \t]*+(?:\"[^\"\n]*+\"|'[^'\n]*+'|\([^()\n]*+\))[ \t]*+")
#: A footnote's definition, ``[^1]: The council's figures.``: text of the
#: article (a source, a caveat), read as a paragraph from after the colon.
#: Taken for a link definition, it was skipped: no rule ever read it. It may
#: start a list item or a block quote too (GFM opens one inside any container).
_FOOTNOTE = re.compile(r"\s{0,3}\[\^([^\]\s\[]{1,64})\]:[ \t]*")
#: The start of a CommonMark HTML block whose content is never prose (type 1:
#: ``<script>``, ``<style>``, ``<pre>``, ``<textarea>``); it runs to the line
#: holding the matching end tag, and is skipped like fenced code (and its
#: comments are not directives: :mod:`qualitycheck.pipeline.suppressions`).
RAW_HTML_BLOCK = re.compile(
    r"^[ \t]{0,3}<(script|pre|style|textarea)(?=[\s>]|$)", re.IGNORECASE | re.MULTILINE
)
#: An HTML tag or a JSX component that opens a line and does not close on it
#: (the ">" of an arrow function in an attribute, ``onHover={(p) => …}``,
#: closes nothing), and the end of such a tag on a line under it.
_OPEN_HTML = re.compile(r"[ \t]{0,3}<[A-Za-z][\w.:-]*+(?:[ \t](?:[^<>]|(?<==)>)*+)?")
_TAG_END = re.compile(r"(?<!=)>")
#: A definition under its term (Pandoc, kramdown, PHP Markdown Extra), and
#: the kinds of the block right above it that make it one: the paragraph that
#: is its term, or the definition before (Pandoc's "~" marker is left out: a
#: line of prose may start "~ 300 people").
_DEFINITION = re.compile(r"[ \t]{0,3}:[ \t]++(?=\S)")
_TERMED = frozenset(("paragraph", "definition"))
#: An HTML media element or frame, whose text is what a browser shows when
#: it cannot play it, as the HTML reader leaves it out.
_MEDIA = re.compile(r"[ \t]{0,3}<(video|audio|iframe|object)(?=[\s>/]|$)", re.IGNORECASE)
#: The rest of a media tag that closes itself (``<video src="…" />``, as MDX
#: writes it): it holds no fallback, and the line under it is prose again.
_SELF_CLOSED = re.compile(r"""(?:"[^"\n]*+"|'[^'\n]*+'|[^"'<>\n]|(?<==)>)*/>""")
#: The start and end of an HTML figure's caption, in a raw HTML block.
_FIGCAPTION = re.compile(r"[ \t]*+<figcaption(?=[\s>])", re.IGNORECASE)
_FIGCAPTION_END = re.compile(r"</figcaption\s*>", re.IGNORECASE)
#: A line that is only an image (maybe inside a link): what follows it at once
#: is the image's caption, the Markdown way of writing a figcaption.
_IMAGE_LINE = re.compile(
    rf"\s{{0,3}}(?:\[\s*)?!\[[^\]\n]*\]\((?:{sites.DESTINATION_TAG}|[^()\s])*+"
    r"(?:\s+\"[^\"\n]*\")?\)(?:\s*\]\([^()\s]*\))?"
    rf"(?:{sites.ATTRIBUTES})?\s*"  # "{width=60%}": Pandoc's and kramdown's attributes of the image
)


def _unescaped_pipes(source: str, start: int, end: int) -> list[int]:
    return [i for i in range(start, end) if source[i] == "|" and source[i - 1 : i] != "\\"]


@dataclass
class Footnotes:
    """Where a Markdown text's footnotes are, for ``clean`` (a mark left behind
    by a definition it removed points at nothing). Each definition's label,
    case-folded as GFM matches labels, with the source span of the paragraph it
    gives (``None``: it gives none, so nothing can remove it); where each mark
    starts (a ``[^1]`` in code is no mark and is not here), 8 bytes a mark: a
    text of a million marks must not take a million tuples."""

    source: str
    definitions: list[tuple[str, tuple[int, int] | None]] = field(default_factory=list)
    marks: array[int] = field(default_factory=lambda: array("q"))

    def marks_of(self, labels: set[str]) -> list[tuple[int, int]]:
        """The source spans of the marks of ``labels`` (case-folded), marks
        side by side in one span."""
        spans: list[tuple[int, int]] = []
        for start in self.marks:
            mark = FOOTNOTE_MARK.match(self.source, start)
            if mark and self.source[start + 2 : mark.end() - 1].casefold() in labels:
                if spans and spans[-1][1] == start:
                    spans[-1] = (spans[-1][0], mark.end())
                else:
                    spans.append((start, mark.end()))
        return spans


class _Paragraphs:
    """Collects the lines of the current block and emits finished blocks."""

    def __init__(self, source: str, footnotes: Footnotes | None = None) -> None:
        self.source = source
        self.blocks: list[Block] = []
        self.builder: TextBuilder | None = None
        self.kind = "paragraph"
        self.footnotes = footnotes  # noted only when asked (``clean``), at no cost to a check
        self.note: str | None = None  # the label of the definition being read
        self.quoted_note = False  # ... opened in a block quote, whose lines go on with it
        self.labels: set[int] = set()  # the ``id`` of each box's title: no headline

    def start_note(self, label: str, quoted: bool, start: int, end: int) -> None:
        """Start a footnote's definition: a paragraph of the article, from after
        its colon, wherever it starts (at the top, in a list item or a quote)."""
        self.finish()
        self.note, self.quoted_note = label.casefold(), quoted
        self.add_line("paragraph", start, end, None)

    def add_line(self, kind: str, start: int, end: int, newline_at: int | None) -> None:
        if self.builder is None:
            self.builder, self.kind = TextBuilder(), kind
        elif newline_at is not None and not self.builder.ends_with_space():
            self.builder.add(" ", newline_at, newline_at + 1)
        marks = None if self.footnotes is None else self.footnotes.marks
        inline(self.builder, self.source, start, end, marks)

    def captions(self, spans: list[tuple[int, int]]) -> None:
        """A figure's caption, title and credit: each a caption block."""
        for start, end in spans:
            self.add_line("caption", start, end, None)
            self.finish()

    def finish(self, kind: str | None = None) -> None:
        if self.builder is not None:
            text, mapping = self.builder.strip()
            if text:
                linked = self.builder.mostly_linked(text)
                self.blocks.append(Block(text, mapping, kind or self.kind, linked=linked))
            if self.note is not None and self.footnotes is not None:
                span = mapping.source_span(0, len(text)) if text else None
                self.footnotes.definitions.append((self.note, span))
        self.builder = None
        self.note, self.quoted_note = None, False


def _read(
    source: str, path: str, warnings: list[str], notes: Footnotes | None = None
) -> tuple[_Paragraphs, dict[str, Any]]:
    """The blocks of ``source`` and its front matter (its footnotes to ``notes``)."""
    metadata, position = front_matter(source, path, warnings)
    paragraphs = _Paragraphs(source, notes)
    fence: str | None = None
    comment_end: str | None = None  # in an HTML comment or an MDX one over lines: its end
    raw_end: re.Pattern[str] | None = None  # the end of the raw HTML block or code tag we are in
    raw_start = 0  # where that block or tag starts
    previous_newline: int | None = None
    caption_next = False  # this line started a paragraph with an image only
    title_next = False  # this line was a link definition: its title may follow
    esm = False  # in an MDX import or export: code, to the next blank line
    tag: tuple[str, bool] | None = None  # a template tag left open: its end, if a figure
    figcaption = False  # in an HTML figure's <figcaption>: the figure's caption
    alert = False  # in a GitHub alert: a box of the writer's own words, no quotation
    while position < len(source):
        newline = source.find("\n", position)
        line_end = len(source) if newline == -1 else newline
        content_end = (
            line_end - 1 if line_end > position and source[line_end - 1] == "\r" else line_end
        )
        line = source[position:content_end]
        start = position
        position = line_end + 1
        under_image, caption_next = caption_next, False
        under_definition, title_next = title_next, False
        alert = alert and line.lstrip().startswith(">")
        # Inside a comment, a fence or a raw HTML block nothing else starts:
        # "<!--" in a code sample must not hide the fence's end.
        if comment_end is not None:
            comment_end = None if comment_end in line else comment_end
            continue
        if esm:
            esm = line.strip() != ""
            continue
        if tag is not None:  # a tag's parameters, a line each: markup, but a figure's captions
            ending = _TAG_END if tag[0] == ">" else re.compile(re.escape(tag[0]), re.IGNORECASE)
            found = ending.search(line)  # "</VIDEO>" too
            closed_at = found.start() if found else -1
            stop = content_end if closed_at == -1 else start + closed_at
            if tag[1]:
                paragraphs.captions(sites.captions(source, start, stop))
            rest = stop + len(tag[0])
            tag = None if closed_at != -1 or not line.strip() else tag
            if closed_at != -1 and source[rest:content_end].strip():  # text after the tag
                paragraphs.add_line("paragraph", rest, content_end, None)
                previous_newline = line_end - 1 if content_end < line_end else line_end
            continue
        if fence is not None:
            if line.strip().startswith(fence):
                fence = None
            continue
        if raw_end is not None:
            raw_end = None if raw_end.search(line) else raw_end
            continue
        if line.lstrip().startswith("<!--"):
            comment_end = None if "-->" in line else "-->"
            paragraphs.finish()
            continue
        if line.lstrip().startswith("{/*") and "*/}" not in line:  # MDX's, over lines
            comment_end = "*/}"
            paragraphs.finish()
            continue
        if paragraphs.builder is None and sites.is_esm(line):
            esm = True
            continue
        tag = sites.open_tag(source, start, content_end)
        if tag is not None:
            paragraphs.finish()
            if tag[1]:
                paragraphs.captions(sites.captions(source, start, content_end))
            continue
        raw = RAW_HTML_BLOCK.match(line)
        closing = re.compile(f"</{raw.group(1)}>", re.IGNORECASE) if raw else sites.code_end(line)
        if closing:  # a raw HTML block, or a shortcode or Liquid tag of code or a comment
            paragraphs.finish()
            raw_end = None if closing.search(line) else closing
            raw_start = start
            continue
        if _OPEN_HTML.fullmatch(line):  # a tag written an attribute a line, as JSX's often are
            paragraphs.finish()
            tag = (">", False)
            continue
        media = _MEDIA.match(line)
        if media:  # a player's fallback ("Your browser does not support…"): no prose
            paragraphs.finish()
            end_tag = f"</{media.group(1).lower()}>"
            found = re.compile(re.escape(end_tag), re.IGNORECASE).search(line, media.end())
            closed_at = found.start() if found else -1
            rest = start + closed_at + len(end_tag)
            itself = _SELF_CLOSED.match(line, media.end())
            if itself:
                closed_at, rest = itself.end(), start + itself.end()
            if closed_at == -1:
                tag = (end_tag, False)  # to its end tag, or to a blank line
            elif source[rest:content_end].strip():  # text after the player
                paragraphs.add_line("paragraph", rest, content_end, None)
                previous_newline = line_end - 1 if content_end < line_end else line_end
            continue
        fence_match = _FENCE.match(line)
        if fence_match:
            paragraphs.finish()
            fence = fence_match.group(1)[0] * 3
            continue
        colon = sites.colon_fence(source, start, content_end)
        if colon is not None:  # an admonition's or a div's fence: its title is a heading
            paragraphs.finish()
            paragraphs.add_line("heading", *colon, None)
            count = len(paragraphs.blocks)
            paragraphs.finish()
            paragraphs.labels.update(id(block) for block in paragraphs.blocks[count:])
            continue
        footnote = _FOOTNOTE.match(line)
        if footnote:
            paragraphs.start_note(footnote.group(1), False, start + footnote.end(), content_end)
            previous_newline = line_end - 1 if content_end < line_end else line_end
            continue
        title_next = _LINK_DEFINITION.match(line) is not None
        if (
            not line.strip()
            or title_next
            or _TABLE_RULE.match(line)
            or (under_definition and _LINK_TITLE.fullmatch(line))
        ):
            paragraphs.finish()
            figcaption = figcaption and bool(line.strip())  # a blank line ends an HTML block
            continue
        if sites.is_attribute_line(line):  # "{: .lead}": the style of the block above, no text
            paragraphs.finish()
            caption_next = under_image  # the text under an image and its style is its caption
            continue
        if paragraphs.builder is not None and _SETEXT.match(line):
            paragraphs.finish("heading")
            continue
        if _BREAK.match(line):
            paragraphs.finish()
            continue
        heading = _HEADING.match(line)
        if heading:
            paragraphs.finish()
            close = _HEADING_CLOSE.search(line)
            text_end = start + (close.start() if close else len(line))
            text_end = sites.heading_text_end(source, start + heading.end(), text_end)
            paragraphs.add_line("heading", start + heading.end(), text_end, None)
            paragraphs.finish()
            continue
        quote = _QUOTE.match(line)
        if quote and sites.is_alert(line):  # "> [!NOTE]": markup; what follows is no quotation
            paragraphs.finish()
            alert = True
            continue
        voice = "paragraph" if alert else "quote"
        body_start = start + (quote.end() if quote else 0)
        item = _LIST_ITEM.match(source, body_start, content_end)
        inner = item.end() if item else body_start
        footnote = _FOOTNOTE.match(source, inner, content_end) if item or quote else None
        if footnote:  # "- [^3]: ..." and "> [^3]: ...": a definition, as at the top
            paragraphs.start_note(footnote.group(1), quote is not None, footnote.end(), content_end)
            previous_newline = line_end - 1 if content_end < line_end else line_end
            continue
        if item:
            paragraphs.finish()
            # A list in a block quote is the quoted speaker's list, not the writer's.
            paragraphs.add_line(
                "quote" if quote and not alert else "list_item", item.end(), content_end, None
            )
            previous_newline = line_end - 1 if content_end < line_end else line_end
            continue
        if line.lstrip().startswith("|"):
            paragraphs.finish()
            cell_start = body_start
            for cell_end in [*_unescaped_pipes(source, body_start, content_end), content_end]:
                paragraphs.add_line("table_cell", cell_start, cell_end, None)
                paragraphs.finish()
                cell_start = cell_end + 1
            continue
        captions = None if quote else sites.figure_captions(source, start, content_end)
        if captions is not None:  # a figure's tag: its caption, title and credit are its caption
            paragraphs.finish()
            paragraphs.captions(captions)
            continue
        if paragraphs.builder is None and not quote and _IMAGE_LINE.fullmatch(line):
            caption_next = True  # the image is still there: its caption is the page's own
            continue
        if _FIGCAPTION.match(line):  # an HTML figure's caption, as the HTML reader reads it
            paragraphs.finish()
            figcaption = True
        described = _DEFINITION.match(line) if paragraphs.kind in _TERMED and not quote else None
        if described and paragraphs.builder is not None:  # "Term" over ": Its definition"
            paragraphs.finish("term" if paragraphs.kind == "paragraph" else None)
            paragraphs.add_line("definition", start + described.end(), content_end, None)
            previous_newline = line_end - 1 if content_end < line_end else line_end
            continue
        kind = voice if quote else "caption" if under_image or figcaption else "paragraph"
        while body_start < content_end and source[body_start] in " \t":
            body_start += 1  # a continuation line's indent is no part of its text
        if (
            quote
            and not alert
            and paragraphs.builder is not None
            and paragraphs.kind != "quote"
            and not paragraphs.quoted_note
        ):
            paragraphs.finish()  # a block quote interrupts a paragraph (CommonMark)
        paragraphs.add_line(kind, body_start, content_end, previous_newline)
        previous_newline = line_end - 1 if content_end < line_end else line_end
        if figcaption and _FIGCAPTION_END.search(line):
            paragraphs.finish()
            figcaption = False
    paragraphs.finish()
    opener_end = source.find("\n", raw_start)
    if raw_end is not None and opener_end != -1 and source[opener_end:].strip():
        # (Hugo and Jekyll refuse such a page; a browser shows a <pre>'s text)
        opener = source[raw_start:opener_end].strip()[:60]
        at = source.count("\n", 0, raw_start) + 1
        warnings.append(f"from line {at} on, not read: {opener} there is never closed")
    return paragraphs, metadata


def footnotes(source: str) -> Footnotes:
    """Where the footnotes of a Markdown text are (read as :func:`read_markdown`
    reads it, so its definitions' spans are those of its blocks)."""
    notes = Footnotes(source)
    _read(source, "", [], notes)
    return notes


def read_markdown(source: str, path: str, settings: ReadSettings) -> Iterator[Article]:
    """Reader entry point for ``.md`` files."""
    warnings: list[str] = []
    paragraphs, metadata = _read(source, path, warnings)
    blocks = [b for b in paragraphs.blocks if id(b) not in paragraphs.labels]
    title = scalar(metadata, "title", warnings)
    if title is None:
        title = next((b.text for b in blocks if b.kind == "heading"), None)
    mark_title(blocks, title)
    if blocks and blocks[0].kind == "heading" and not any(b.is_title for b in blocks):
        blocks[0].kind = "title"  # a document that opens with a heading opens with its headline
    language = scalar(metadata, "language" if "language" in metadata else "lang", warnings)
    url = scalar(metadata, "url", warnings)
    yield Article(
        id=path,
        path=path,
        source=source,
        blocks=paragraphs.blocks,
        title=title,
        url=url,
        language_hint=declared_language(language, warnings, "front matter "),
        metadata={str(key): value for key, value in metadata.items()},
        warnings=warnings,
        format="md",
    )
