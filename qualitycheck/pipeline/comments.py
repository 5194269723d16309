"""Where the comments of a Markdown or HTML source are, for inline suppressions.

Only comments a reader would skip count: not ones in fenced code, raw HTML
blocks or inline code spans of Markdown, nor inside scripts, attribute
values, ``<textarea>`` or ``<title>`` of HTML. The search is linear in the
source, however many comments, fences and raw blocks it holds: a 230 kB
Markdown file of comments and ``<pre>`` lines took 12 s when each comment
was compared with every fence and block, and 40 kB of unclosed ``<!--``
took 2 s when each was searched to the end of the file.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from qualitycheck.readers.htmlparse import BoundedHTMLParser
from qualitycheck.readers.markdown import RAW_HTML_BLOCK

_MD_FENCE = re.compile(r"^\s{0,3}(`{3,}|~{3,})", re.M)


@dataclass
class Comment:
    body: str
    start: int
    end: int


class _CommentParser(BoundedHTMLParser):
    """Finds real HTML comments: not ones inside scripts or attribute values,
    nor inside ``<textarea>`` or ``<title>``, whose content HTML reads as text
    (a page showing a directive in a form must not act on it)."""

    _TEXT_ONLY = frozenset({"textarea", "title"})

    def __init__(self, source: str) -> None:
        super().__init__(convert_charrefs=True)
        self.source = source
        self.line_starts = [0] + [m.end() for m in re.finditer("\n", source)]
        self.comments: list[Comment] = []
        self.text_only: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in self._TEXT_ONLY and self.text_only is None:
            self.text_only = tag

    def handle_endtag(self, tag: str) -> None:
        if tag == self.text_only:
            self.text_only = None

    def handle_comment(self, data: str) -> None:
        if self.text_only is not None:
            return
        line, column = self.getpos()
        start = self.line_starts[line - 1] + column
        end = self.source.find("-->", start)
        self.comments.append(Comment(data, start, len(self.source) if end == -1 else end + 3))


def html_comments(source: str) -> list[Comment]:
    parser = _CommentParser(source)
    parser.feed(source)
    parser.close()
    return parser.comments


class Spans:
    """Sorted spans ``[start, end)``, merged, asked whether they hold an offset
    in logarithmic time."""

    def __init__(self, spans: Iterable[tuple[int, int]]) -> None:
        self.starts: list[int] = []
        self.ends: list[int] = []
        for start, end in sorted(spans):
            if self.ends and start <= self.ends[-1]:
                self.ends[-1] = max(self.ends[-1], end)
            else:
                self.starts.append(start)
                self.ends.append(end)

    def hold(self, offset: int) -> bool:
        index = bisect_right(self.starts, offset) - 1
        return index >= 0 and offset < self.ends[index]


def _comment_spans(source: str) -> Iterator[tuple[int, int]]:
    """The spans ``<!--(.*?)-->`` finds, with one search per comment: once a
    ``<!--`` has no ``-->`` after it, no later one has."""
    position = 0
    while (start := source.find("<!--", position)) != -1:
        close = source.find("-->", start + 4)
        if close == -1:
            return
        position = close + 3
        yield start, position


def all_comments(source: str) -> list[Comment]:
    """Every ``<!-- ... -->`` of ``source`` wherever it stands (plain text and
    JSONL records have no code or raw blocks to leave out)."""
    return [
        Comment(source[start + 4 : end - 3], start, end) for start, end in _comment_spans(source)
    ]


def markdown_comments(source: str) -> list[Comment]:
    """Comments outside fenced code, raw HTML blocks (``<script>``, ``<pre>``
    ...: the reader skips them too) and inline code spans."""
    fenced: list[tuple[int, int]] = []
    opening: re.Match[str] | None = None
    for fence in _MD_FENCE.finditer(source):
        if opening is None:
            opening = fence
        elif fence.group(1)[0] == opening.group(1)[0]:
            fenced.append((opening.start(), fence.end()))
            opening = None
    if opening is not None:
        fenced.append((opening.start(), len(source)))
    in_fence = Spans(fenced)
    unfenced = [span for span in _comment_spans(source) if not in_fence.hold(span[0])]
    # A "<pre>" line inside a comment opens nothing (the reader skips it with
    # the comment): comments outside fences are where openings cannot be.
    raw = Spans(_raw_html_blocks(source, Spans(fenced + unfenced)))
    comments = []
    ticks, counted_to = 0, 0  # backticks from the line's start to counted_to
    for start, end in unfenced:
        newline = source.rfind("\n", counted_to, start)
        if newline != -1:
            ticks, counted_to = 0, newline + 1
        ticks += source.count("`", counted_to, start)
        counted_to = start
        if raw.hold(start) or ticks % 2:
            continue  # in a raw block, or inside an inline code span: an example
        comments.append(Comment(source[start + 4 : end - 3], start, end))
    return comments


def _raw_html_blocks(source: str, inert: Spans) -> list[tuple[int, int]]:
    """Where Markdown's raw HTML blocks run: from their opening line to the end
    of the line holding the end tag (the file's end when there is none);
    an opening inside ``inert`` spans (fenced code, comments) or an earlier
    block starts nothing. Blocks follow each other, so only the last can
    hold an opening, and each search for an end tag starts past the last."""
    blocks: list[tuple[int, int]] = []
    for opening in RAW_HTML_BLOCK.finditer(source):
        at = opening.start()
        if (blocks and at < blocks[-1][1]) or inert.hold(at):
            continue
        close = re.compile(re.escape(f"</{opening.group(1)}>"), re.IGNORECASE)
        found = close.search(source, at)
        line_end = -1 if found is None else source.find("\n", found.end())
        blocks.append((at, len(source) if line_end == -1 else line_end))
    return blocks
