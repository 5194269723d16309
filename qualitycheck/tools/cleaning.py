"""``qualitycheck clean``: copies of the inputs without their boilerplate blocks.

The articles go through the normal check pipeline, so ``clean`` removes
exactly what ``check`` reports: every block (line, paragraph, list item…)
that carries a finding of category ``boilerplate`` from an enabled rule or
model, at or above ``--min-severity`` (default ``info``: every one).
Cutting happens on the *source* text through each block's source span, so
everything else stays as it was, byte for byte (UTF-8 inputs):

* ``.txt`` and ``.md``: the whole lines of a removed block go, line ending and
  Markdown syntax (``## ``, ``- ``, ``> ``) included, unless a kept block
  shares one of those lines (Markdown table cells) or markup that is no part
  of the block does (a template tag, the end of a tag opened above, an
  admonition's fence, a caption's ``caption="`` or ``<figcaption>``); then
  only its text goes.
  A block with a blank line before it takes the blank lines after it along
  (and the end of a text the blank lines before it), so the paragraphs left
  stay one blank line apart, and a text that did not end in a line ending
  still does not. A ``.md`` footnote's definition removed takes the marks
  that point at it (``[^1]``, the mark's characters only) along, unless
  another definition of that label stays: a reader of the copy would find a
  mark that leads nowhere.
* ``.html``: the block's text goes, exactly the source the reader took it
  from (its text runs: words and entities), and every tag, comment and
  attribute between them stays, so the markup stays balanced; that can leave
  empty elements (``<p></p>``).
* ``.jsonl``: only the cleaned records' ``text`` changes, spliced into the
  line in place (:mod:`qualitycheck.tools.clean_jsonl`); every other record
  is copied byte for byte, also one the check could not use; a line that is
  not JSON is reported and left out, so the output is JSON Lines.
* ``.parquet`` is not rewritten: the file is reported and skipped.

Outputs mirror the inputs under the output folder: a file found in a folder
keeps its path relative to that folder, a file named directly keeps its name.
Each output keeps its input's encoding (a byte-order mark included), so an
HTML page's ``<meta charset>`` stays true. Standard input is not supported:
an output needs a path to mirror and JSONL output needs to re-read the input.
A file reached by two names (a link) is checked once, as ``check`` does, and
its copy written under both.

The inputs are never written: every output place is worked out before the
first write, and the run stops (exit 2) when one would replace an input or
two inputs would land on the same output. Files a folder walk finds under
the output folder are skipped (and counted in a warning): earlier output. In
the output folder nothing is written through a symbolic link, into a named
pipe or device, or out of the folder through a linked subfolder: such an
output is reported (exit 2) and the run goes on, as it does when one copy
cannot be written. Each input is read twice (checked, then copied): a named
pipe is refused, and an input that changed in between is not written.
"""

from __future__ import annotations

import functools
import itertools
import re
from bisect import bisect_left
from collections.abc import Iterable

from qualitycheck.detect.models.registry import MODEL_FINDINGS
from qualitycheck.document.article import Block
from qualitycheck.document.findings import SEVERITY_RANK
from qualitycheck.pipeline.results import ArticleResult
from qualitycheck.readers.decoding import read_cr_lines
from qualitycheck.readers.markdown import footnotes

#: The start of a Markdown ATX heading (``## ...``), which has no underline.
_ATX = re.compile(r" {0,3}#")
#: A Markdown setext heading's underline (``===`` or ``---``), with its line ending.
_SETEXT = re.compile(r" {0,3}(?:=+|-+)[ \t]*(?:\r?\n|\Z)")
#: Markup before a block on its line that is no part of the block: a
#: template tag (``{{< youtube … >}} Text``) or the end of one or of an HTML
#: or JSX tag opened on a line above (``alt="…" >}} Text``, ``/> Text``), an
#: admonition's opening fence (the block is its title), a media player, the
#: parameter or the ``<figcaption>`` a caption stands in. Cutting the whole
#: line cut that construct in half (an unclosed shortcode or component, a
#: stray closing fence, a figure without its image) or took an embed along:
#: the block's text only goes.
_END_FIRST = re.compile(r"[ \t]{0,3}:{3}|[^\n]*?(?:[>%]?\}\}|%\}|/>)")
_MARKUP_RIGHT_BEFORE = re.compile(
    r"(?:</(?:video|audio|iframe|object)[ \t]*>|(?<![\w-])(?:caption|title|attr)=[\"`]"
    r"|<figcaption\b[^<>\n]*+>)[ \t]*\Z",
    re.IGNORECASE,
)
#: How far before a block :data:`_MARKUP_RIGHT_BEFORE` looks: a line of a
#: thousand captions stays linear.
_LOOK_BACK = 200
#: The end of an HTML figure or its caption right after a block on its line,
#: or a template tag (``Text {{< youtube … >}}``).
_MARKUP_AFTER = re.compile(r"[ \t]*(?:</fig(?:caption|ure)\b|\{[{%])", re.IGNORECASE)
#: Blank lines (spaces and tabs only), line endings included.
_BLANKS = re.compile(r"(?:[ \t]*\r?\n)*")
#: The finding category whose blocks ``clean`` removes.
CATEGORY = "boilerplate"

Span = tuple[int, int]

#: Share of an article's words past which ``clean`` warns: boilerplate is the
#: short lines around an article; most of its words gone means its own
#: paragraphs were taken for boilerplate (a short article, a syndicated one).
MOST_OF_AN_ARTICLE = 0.5
#: ... and at least this many words gone: a title, a share widget and a reply
#: prompt are half of a two-line story, and no cause for alarm.
WORDS_WORTH_A_WARNING = 40


class _Spans:
    """Spans asked, many times, whether one of them meets a range.

    ``clean`` asks it for every block (is a finding on it?) and every removed
    line (does a kept block share it?): a line of 100,000 captions made that
    a scan of every span per block, quadratic. Sorted once by start, with the
    furthest end reached so far, each question is one bisection.
    """

    def __init__(self, spans: Iterable[Span]) -> None:
        ordered = sorted(spans)
        self._starts = [start for start, _ in ordered]
        self._reach = list(itertools.accumulate((end for _, end in ordered), max))

    def meet(self, start: int, end: int) -> bool:
        """Whether one of the spans starts before ``end`` and ends after ``start``."""
        before = bisect_left(self._starts, end)  # the spans that start before ``end``
        return before > 0 and self._reach[before - 1] > start


class _Points:
    """Offsets (empty spans) asked whether one of them lies in a range, by bisection."""

    def __init__(self, points: Iterable[int]) -> None:
        self._points = sorted(points)

    def within(self, start: int, end: int) -> bool:
        """Whether one of the offsets is in ``[start, end)``."""
        index = bisect_left(self._points, start)
        return index < len(self._points) and self._points[index] < end


class _Hits:
    """The findings' spans, asked whether one of them touches a block: an
    empty span (a finding that points between characters) lies where it
    points, any other overlaps the block."""

    def __init__(self, spans: list[Span]) -> None:
        self._spans = _Spans(span for span in spans if span[0] != span[1])
        self._points = _Points(start for start, end in spans if start == end)

    def touch(self, block: Span) -> bool:
        return self._points.within(*block) or self._spans.meet(*block)


def block_spans(
    result: ArticleResult, min_severity: str = "info"
) -> tuple[list[tuple[Block, Span]], list[Span]]:
    """The blocks to remove (a boilerplate finding at or above
    ``min_severity``) with their source spans, and the spans of the blocks to keep.

    A table cell goes only on a rule's finding: the model's guesses about
    cells ("Pos", "Team", a score) were never measured on tables and are
    shown as hints only (``model-boilerplate-possible``), so they must not
    empty a results table. An item of a marked-up list that is no link
    (:attr:`Block.is_fact_item`) is held to the same: a list of charges or of
    schools closed is the article's, a menu is made of links."""
    article = result.article
    rank = SEVERITY_RANK[min_severity]
    found = [
        f for f in result.findings if f.category == CATEGORY and SEVERITY_RANK[f.severity] <= rank
    ]
    hits = _Hits([(f.start, f.end) for f in found])
    rule_hits = _Hits([(f.start, f.end) for f in found if f.rule not in MODEL_FINDINGS])
    removed: list[tuple[Block, Span]] = []
    kept: list[Span] = []
    for block in article.blocks:
        location = article.locate(block, 0, len(block.text))
        span = (location.start, location.end)
        quiet = block.kind == "table_cell" or block.is_fact_item
        candidates = rule_hits if quiet else hits
        if candidates.touch(span):
            removed.append((block, span))
        else:
            kept.append(span)
    return removed, kept


def _splice(source: str, edits: list[tuple[int, int, str]]) -> str:
    """``source`` with each sorted, disjoint ``(start, end, replacement)`` applied."""
    pieces: list[str] = []
    position = 0
    for start, end, replacement in edits:
        pieces += [source[position:start], replacement]
        position = end
    pieces.append(source[position:])
    return "".join(pieces)


def _blank_before(source: str, line_start: int) -> bool:
    """Whether the line before the one starting at ``line_start`` is blank."""
    previous = source.rfind("\n", 0, line_start - 1) + 1
    return line_start > 0 and not source[previous:line_start].strip()


def _shares_markup(
    source: str, line_start: int, start: int, end: int, ends: dict[int, int]
) -> bool:
    """Whether the Markdown block at ``source[start:end]``, on the line that
    starts at ``line_start``, shares its line with markup that is no part of
    it (:data:`_END_FIRST`). ``ends`` keeps where each line's first end of a
    tag is (``-1``: none), so each line is searched once however many blocks
    it holds."""
    first_end = ends.get(line_start)
    if first_end is None:
        found = _END_FIRST.match(source, line_start)
        first_end = ends[line_start] = -1 if found is None else found.end()
    return (
        -1 < first_end <= start
        or _MARKUP_RIGHT_BEFORE.search(source, max(line_start, start - _LOOK_BACK), start)
        is not None
        or _MARKUP_AFTER.match(source, end) is not None
    )


def _line_bounds(source: str, offsets: Iterable[int]) -> dict[int, Span]:
    """Where the line of each offset starts and where it ends (its line ending
    included; the text's end for a last line without one). An offset on a
    line ending is on that line.

    The offsets are taken in order and each search starts where the last one
    stopped, so each character is read once: a search back to its line's
    start per block read a line of 100,000 captions 100,000 times.
    """
    bounds: dict[int, Span] = {}
    line_start = line_end = 0
    newline = -1  # the line ending of the line found last (the text's length: it has none)
    for offset in sorted(set(offsets)):
        if offset > newline:  # on a line after it
            line_start = max(line_end, source.rfind("\n", line_end, offset) + 1)
            found = source.find("\n", offset)
            newline = len(source) if found == -1 else found
            line_end = min(newline + 1, len(source))
        bounds[offset] = (line_start, line_end)
    return bounds


def cut_lines(
    source: str,
    removed: list[Span],
    kept: list[Span],
    kinds: list[str] | None = None,
    marks: list[Span] | None = None,
) -> str:
    """``source`` without the removed blocks' lines (text, Markdown, JSONL text).

    A removed span grows to its whole lines, line ending included, so nothing
    of the block (nor its Markdown syntax) is left behind; when a kept block
    shares one of those lines only the span itself is cut. ``kinds`` (the
    blocks' kinds, in the order of ``removed``) keeps Markdown whole: a table
    cell loses only its text (a row or header gone would leave the table's
    other lines as stray text), as does a block that shares its line with
    markup that is no part of it (:func:`_shares_markup`:
    ``caption="…"`` emptied, the figure stays), and a heading its setext
    underline too.
    Blank lines go as the module says, never a line with text. ``marks``
    (footnote marks) go as they are, the rest of their lines kept.

    Many blocks may share a line (a table's cells, a figure's captions, a
    scraped page on one line): each line is searched once, whatever touches a
    line (its underline, the blank lines around it) is worked out once, and
    the kept blocks are looked up by bisection, so the cost grows with the
    text and the number of blocks, not with their product.
    """
    lines = _line_bounds(source, itertools.chain.from_iterable(removed))
    kept_spans = _Spans(kept)
    ends: dict[int, int] = {}

    @functools.cache
    def underline_end(line_end: int) -> int:
        # (a line of = or - right under a paragraph's line makes it a setext
        # heading in Markdown, whether or not the reader took it for one; an
        # ATX heading, "## ...", has none: a line of - under it is a rule)
        underline = _SETEXT.match(source, line_end)
        return underline.end() if underline else line_end

    @functools.cache
    def opens_a_paragraph(line_start: int) -> bool:
        return line_start == 0 or _blank_before(source, line_start)

    @functools.cache
    def blanks_end(line_end: int) -> int:
        blanks = _BLANKS.match(source, line_end)
        return blanks.end() if blanks else line_end

    ranges: list[Span] = []
    for index, (start, end) in enumerate(removed):
        kind = kinds[index] if kinds else None
        line_start = lines[start][0]
        if kind == "table_cell" or (
            kind is not None and _shares_markup(source, line_start, start, end, ends)
        ):
            ranges.append((start, end))
            continue
        line_end = lines[end][1]
        if kind in ("heading", "paragraph", "title") and not _ATX.match(source, line_start):
            line_end = underline_end(line_end)
        if kept_spans.meet(line_start, line_end):  # a kept block shares the line
            ranges.append((start, end))
            continue
        if opens_a_paragraph(line_start):
            # A paragraph between blank lines takes the blank lines after it
            # along: the ones before it still part its neighbours, and a page
            # of removed paragraphs left runs of ten blank lines.
            line_end = blanks_end(line_end)
        ranges.append((line_start, line_end))
    ranges += marks or []
    merged: list[Span] = []
    for start, end in sorted(ranges):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
        else:
            merged.append((start, end))
    if merged and merged[-1][1] == len(source) and source.endswith("\n", 0, merged[-1][0]):
        # The text's end went: the blank lines before it go too.
        start = merged[-1][0]
        while start > 0 and _blank_before(source, start):
            start = source.rfind("\n", 0, start - 1) + 1
        if start > 0:  # (a text of blank lines and boilerplate keeps its blank lines)
            merged[-1] = (start, merged[-1][1])
    if merged and merged[-1][1] == len(source) and not source.endswith("\n"):
        # The last line went and it had no line ending: the line before it
        # loses its own, so a text that did not end in one (a JSONL record's)
        # still does not: "a\r\nb" -> "a", not "a\r\n".
        start, end = merged[-1]
        ending = 2 if source.endswith("\r\n", 0, start) else 1
        if source.endswith("\n", 0, start):
            merged[-1] = (start - ending, end)
    return _splice(source, [(start, end, "") for start, end in merged])


def orphaned_marks(source: str, removed: list[Span]) -> list[Span]:
    """The spans of the Markdown footnote marks that point only at removed
    definitions (a removed block that is a definition's paragraph). A mark
    of a label that some definition left in the copy still defines stays."""

    def after_a_label(start: int) -> bool:
        """Whether "[^1]:" may stand before the block on its line (a bounded
        look back: a thousand removed cells on one line stay linear)."""
        return "]:" in source[max(0, start - 200) : start].rpartition("\n")[2]

    if "[^" not in source or not any(after_a_label(start) for start, _ in removed):
        return []  # no definition went: the text is not read again
    notes = footnotes(source)
    starts = {start for start, _ in removed}
    gone: set[str] = set()
    kept: set[str] = set()
    for label, span in notes.definitions:
        (gone if span is not None and span[0] in starts else kept).add(label)
    gone -= kept
    return notes.marks_of(gone) if gone else []


def cut_html(source: str, removed: list[Block]) -> str:
    """``source`` without the visible text of the removed blocks, tags kept.

    What goes is each block's text runs: the source the HTML reader took the
    words, entities and collapsed whitespace from. Everything between them
    (tags, their attributes, comments) stays: cutting tags could unbalance the
    document, and a pattern for tags cut an attribute holding ``>`` in half.
    Empty elements are harmless.
    """
    spans = sorted(
        (run.source_start, run.source_end)
        for block in removed
        for run in block.mapping.runs
        if run.source_end > run.source_start
    )
    return _splice(source, [(start, end, "") for start, end in spans])


def clean_source(
    result: ArticleResult, format_name: str, min_severity: str = "info"
) -> tuple[str, int, float]:
    """The cleaned source of one article, the number of blocks removed and the
    share of the article's words they held (0 when fewer than
    :data:`WORDS_WORTH_A_WARNING` went; a classic Mac OS file keeps its
    carriage returns)."""
    removed, kept = block_spans(result, min_severity)
    words = sum(len(block.text.split()) for block in result.article.blocks)
    gone = sum(len(block.text.split()) for block, _ in removed)
    source = result.article.source
    if not removed:
        cleaned = source
    elif format_name == "html":
        cleaned = cut_html(source, [block for block, _ in removed])
    else:
        spans = [span for _, span in removed]
        markdown = format_name == "md"
        kinds = [block.kind for block, _ in removed] if markdown else None
        marks = orphaned_marks(source, spans) if markdown else None
        cleaned = cut_lines(source, spans, kept, kinds, marks)
    if read_cr_lines(result.article.warnings):
        cleaned = cleaned.replace("\n", "\r")
    share = gone / words if words and gone >= WORDS_WORTH_A_WARNING else 0.0
    return cleaned, len(removed), share
