"""Where the comments that can carry suppression directives are in a source.

Rules never see HTML comments, so a Markdown or HTML article can carry
``<!-- qualitycheck: ... -->`` directives in them. Only real comments count:
not comment-like text inside fenced or inline code, a raw ``<script>`` or
``<pre>`` block of Markdown (the reader skips those, so a directive there is an
example), nor inside ``<textarea>`` or ``<title>`` in HTML, whose content is text.
:mod:`qualitycheck.pipeline.suppressions` reads the directives out of them.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from html.parser import HTMLParser

from qualitycheck.readers.markdown import RAW_HTML_BLOCK

#: What ``<!--(.*?)-->`` (re.S) finds; :func:`comment_matches` finds it in one
#: pass: the pattern searched from every "<!--" of a text holding no "-->"
#: after them, quadratic time (a 500 KB line of "<!-- " took minutes).
COMMENT_OPEN, COMMENT_CLOSE = "<!--", "-->"


@dataclass(frozen=True)
class CommentMatch:
    """One ``<!-- ... -->`` of a source: its body and its span."""

    body: str
    start: int
    end: int

    def span(self) -> tuple[int, int]:
        return self.start, self.end


def comment_matches(source: str) -> list[CommentMatch]:
    """Every ``<!-- ... -->`` of ``source`` in order, as the regex finds them,
    in linear time: once an opening has no close after it, no later one has."""
    found: list[CommentMatch] = []
    at = 0
    while (start := source.find(COMMENT_OPEN, at)) >= 0:
        close = source.find(COMMENT_CLOSE, start + len(COMMENT_OPEN))
        if close < 0:
            break
        at = close + len(COMMENT_CLOSE)
        found.append(CommentMatch(source[start + len(COMMENT_OPEN) : close], start, at))
    return found


_MD_FENCE = re.compile(r"^\s{0,3}(`{3,}|~{3,})", re.M)


@dataclass
class Comment:
    """A comment's text (between the markers) and its span in the source."""

    body: str
    start: int
    end: int


class CommentParser(HTMLParser):
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
    parser = CommentParser(source)
    parser.feed(source)
    parser.close()
    return parser.comments


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
    unfenced = [m for m in comment_matches(source) if not _inside(m.start, fenced)]
    # A "<pre>" line inside a comment opens nothing (the reader skips it with
    # the comment): comments outside fences are where openings cannot be.
    raw = _raw_html_blocks(source, fenced, [m.span() for m in unfenced])
    comments = []
    # Backticks before each comment on its line, counted once along the line.
    counted_to = ticks = 0
    for match in unfenced:
        if _inside(match.start, raw):
            continue
        newline = source.rfind("\n", counted_to, match.start)
        if newline >= 0:  # (a line of its own: count from its start)
            counted_to, ticks = newline + 1, 0
        ticks += source.count("`", counted_to, match.start)
        counted_to = match.start
        if ticks % 2:
            continue  # inside an inline code span: an example, not a directive
        comments.append(Comment(match.body, match.start, match.end))
    return comments


def _inside(at: int, spans: list[tuple[int, int]]) -> bool:
    """Whether ``at`` lies in one of ``spans`` (sorted by start, disjoint)."""
    index = bisect.bisect_right(spans, (at, float("inf"))) - 1
    return index >= 0 and spans[index][0] <= at < spans[index][1]


def _raw_html_blocks(
    source: str, fenced: list[tuple[int, int]], comments: list[tuple[int, int]]
) -> list[tuple[int, int]]:
    """Where Markdown's raw HTML blocks run: from their opening line to the end
    of the line holding the end tag (the file's end when there is none);
    an opening inside fenced code, a comment or an earlier block starts
    nothing. (Each list is sorted and disjoint: looked up by bisection.)"""
    blocks: list[tuple[int, int]] = []
    for opening in RAW_HTML_BLOCK.finditer(source):
        at = opening.start()
        if _inside(at, fenced) or _inside(at, comments) or _inside(at, blocks):
            continue
        close = re.compile(re.escape(f"</{opening.group(1)}>"), re.IGNORECASE)
        found = close.search(source, at)
        line_end = -1 if found is None else source.find("\n", found.end())
        blocks.append((at, len(source) if line_end == -1 else line_end))
    return blocks
