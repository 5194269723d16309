"""Where the comments that can carry suppression directives are in a source.

Rules never see HTML comments, so a Markdown or HTML article can carry
``<!-- qualitycheck: ... -->`` directives in them. Only real comments count:
not comment-like text inside fenced or inline code, a raw ``<script>`` or
``<pre>`` block of Markdown (the reader skips those, so a directive there is an
example), nor inside ``<textarea>`` or ``<title>`` in HTML, whose content is text.
:mod:`qualitycheck.pipeline.suppressions` reads the directives out of them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from html.parser import HTMLParser

from qualitycheck.readers.markdown import RAW_HTML_BLOCK

COMMENT = re.compile(r"<!--(.*?)-->", re.S)
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
    unfenced = [
        m for m in COMMENT.finditer(source) if not any(s <= m.start() < e for s, e in fenced)
    ]
    # A "<pre>" line inside a comment opens nothing (the reader skips it with
    # the comment): comments outside fences are where openings cannot be.
    raw = _raw_html_blocks(source, fenced + [m.span() for m in unfenced])
    comments = []
    for match in unfenced:
        if any(start <= match.start() < end for start, end in raw):
            continue
        line_start = source.rfind("\n", 0, match.start()) + 1
        if source.count("`", line_start, match.start()) % 2:
            continue  # inside an inline code span: an example, not a directive
        comments.append(Comment(match.group(1), match.start(), match.end()))
    return comments


def _raw_html_blocks(source: str, inert: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Where Markdown's raw HTML blocks run: from their opening line to the end
    of the line holding the end tag (the file's end when there is none);
    an opening inside ``inert`` spans (fenced code, comments) or an earlier
    block starts nothing."""
    blocks: list[tuple[int, int]] = []
    for opening in RAW_HTML_BLOCK.finditer(source):
        at = opening.start()
        if any(start <= at < end for start, end in (*inert, *blocks)):
            continue
        close = re.compile(re.escape(f"</{opening.group(1)}>"), re.IGNORECASE)
        found = close.search(source, at)
        line_end = -1 if found is None else source.find("\n", found.end())
        blocks.append((at, len(source) if line_end == -1 else line_end))
    return blocks
