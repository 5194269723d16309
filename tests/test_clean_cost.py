"""``clean``'s cut costs what the text and its blocks cost, not their product.

Many blocks on one line (a figure's captions, a table's cells, a scraped page
on one line) made finding the blocks to remove and cutting their lines
quadratic: each block searched its line back to its start and scanned every
finding and every kept block. The faster cut must be the same cut, byte for
byte: :func:`plain_cut` is the block-by-block way, written plainly.
"""

from __future__ import annotations

import random

from conftest import CpuClock

from qualitycheck.document.findings import Finding
from qualitycheck.pipeline.results import ArticleResult
from qualitycheck.readers.base import ReadSettings
from qualitycheck.readers.markdown import read_markdown
from qualitycheck.tools.cleaning import (
    _ATX,
    _BLANKS,
    _END_FIRST,
    _LOOK_BACK,
    _MARKUP_AFTER,
    _MARKUP_RIGHT_BEFORE,
    _SETEXT,
    block_spans,
    clean_source,
    cut_lines,
)

BODY = "The ferry between the two islands will run every twenty minutes from May."


def cheapest(measure, count: int) -> float:
    """The least CPU time of two runs (a collection of garbage may land in one)."""
    return min(measure(count), measure(count))


def test_a_line_of_captions_half_of_them_boilerplate_is_cleaned_in_linear_time():
    """Before: 1,000 captions flagged of 2,000 took 0.3 s, 10,000 of 20,000 30 s
    (every block scanned every finding). The findings are written here: a rule
    lists at most 1,000, but the rules and the model add up."""

    def cost(count: int) -> float:
        source = (
            f"# Ferry news\n\n{BODY}\n\n"
            '{{< figure src="/img/quay.jpg"\n'
            + 'caption="Share this" title="The quay" ' * count
            + f"\n>}}}}\n\n{BODY}\n"
        )
        [article] = read_markdown(source, "a.md", ReadSettings())
        findings = []
        for block in article.blocks:
            if block.text == "Share this":
                place = article.locate(block, 0, len(block.text))
                findings.append(
                    Finding(
                        rule="boilerplate-share",
                        category="boilerplate",
                        severity="info",
                        message="A share widget's label.",
                        line=place.line,
                        end_line=place.end_line,
                        column=place.column,
                        start=place.start,
                        end=place.end,
                        text=source[place.start : place.end],
                    )
                )
        result = ArticleResult(article, "en", 1.0, {}, findings, {}, "ok")
        with CpuClock() as clock:
            cleaned, removed, _ = clean_source(result, "md")
        assert removed == count
        assert cleaned == source.replace('caption="Share this"', 'caption=""')
        return clock.seconds

    small, large = cheapest(cost, 1_000), cheapest(cost, 10_000)
    assert large < 30 * small + 0.1  # ten times the blocks: ten times the time, not a hundred


def test_the_blocks_to_remove_are_those_a_finding_touches_on_random_findings():
    """The findings are looked up by bisection; the plain way is to ask each
    block about each finding (an empty finding lies where it points)."""
    source = (
        "# Ferry news\n\n"
        f"{BODY}\n\n"
        "| Port | Departures |\n|---|---|\n| Quay | 12 |\n\n"
        "- Share this\n- [Home](/)\n\n"
        f"{BODY} Share this.\n"
    )
    [article] = read_markdown(source, "a.md", ReadSettings())
    places = [(block, article.locate(block, 0, len(block.text))) for block in article.blocks]
    blocks = [(block, (place.start, place.end)) for block, place in places]
    chance = random.Random(20261205)

    def touches(block, start, end):
        if start == end:
            return block[0] <= start < block[1]
        return start < block[1] and block[0] < end

    for _ in range(2_000):
        findings = []
        for _ in range(chance.randint(0, 4)):
            start = chance.randint(0, len(source))
            end = chance.choice([start, chance.randint(start, min(len(source), start + 40))])
            rule = chance.choice(["boilerplate-share", "model-boilerplate", "mt-untranslated"])
            severity = chance.choice(["info", "warning"])
            category = "mt" if rule.startswith("mt") else "boilerplate"
            findings.append(Finding(rule, category, severity, "", 1, 1, 1, start, end, ""))
        minimum = chance.choice(["info", "warning"])
        result = ArticleResult(article, "en", 1.0, {}, findings, {}, "ok")
        counted = [
            (f.start, f.end, f.rule)
            for f in findings
            if f.category == "boilerplate" and (minimum == "info" or f.severity == "warning")
        ]
        plain = [
            (block, span)
            for block, span in blocks
            if any(
                touches(span, start, end)
                for start, end, rule in counted
                if rule != "model-boilerplate"
                or not (block.kind == "table_cell" or block.is_fact_item)
            )
        ]
        removed, kept = block_spans(result, minimum)
        assert removed == plain
        assert kept == [span for block, span in blocks if (block, span) not in plain]


def test_many_removed_lines_among_many_kept_ones_are_cut_in_linear_time():
    """Before: 1,000 removed and 1,000 kept lines took 0.04 s, 10,000 and
    10,000 took 4 s (each removed line scanned every kept block)."""

    def cost(count: int) -> float:
        source = "".join(f"Line {number}\n" for number in range(2 * count))
        spans = []
        for line in source.splitlines(keepends=True):
            start = spans[-1][1] + 1 if spans else 0
            spans.append((start, start + len(line) - 1))
        with CpuClock() as clock:
            cleaned = cut_lines(source, spans[1::2], spans[0::2])
        assert cleaned == "".join(f"Line {number}\n" for number in range(0, 2 * count, 2))
        return clock.seconds

    small, large = cheapest(cost, 1_000), cheapest(cost, 10_000)
    assert large < 30 * small + 0.1


def plain_cut(source, removed, kept, kinds=None, marks=None):
    """What ``cut_lines`` does, block by block: each block's line is searched
    for and every kept block looked at (quadratic, and plain to read)."""

    def line_start_of(offset):
        return source.rfind("\n", 0, offset) + 1

    def line_end_of(offset):
        newline = source.find("\n", offset)
        return len(source) if newline == -1 else newline + 1

    def blank_before(line_start):
        return line_start > 0 and not source[line_start_of(line_start - 1) : line_start].strip()

    def shares_markup(start, end):
        line_start = line_start_of(start)
        first_end = _END_FIRST.match(source, line_start)
        return (
            (first_end is not None and first_end.end() <= start)
            or _MARKUP_RIGHT_BEFORE.search(source, max(line_start, start - _LOOK_BACK), start)
            or _MARKUP_AFTER.match(source, end)
        )

    ranges = list(marks or [])
    for index, (start, end) in enumerate(removed):
        kind = kinds[index] if kinds else None
        if kind == "table_cell" or (kind is not None and shares_markup(start, end)):
            ranges.append((start, end))
            continue
        line_start, line_end = line_start_of(start), line_end_of(end)
        if kind in ("heading", "paragraph", "title") and not _ATX.match(source, line_start):
            underline = _SETEXT.match(source, line_end)
            line_end = underline.end() if underline else line_end
        if any(k_start < line_end and line_start < k_end for k_start, k_end in kept):
            ranges.append((start, end))
            continue
        if line_start == 0 or blank_before(line_start):
            line_end = _BLANKS.match(source, line_end).end()
        ranges.append((line_start, line_end))
    merged = []
    for start, end in sorted(ranges):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
        else:
            merged.append((start, end))
    if merged and merged[-1][1] == len(source) and source.endswith("\n", 0, merged[-1][0]):
        start = merged[-1][0]  # the text's end went: the blank lines before it too
        while start > 0 and blank_before(start):
            start = line_start_of(start - 1)
        if start > 0:
            merged[-1] = (start, merged[-1][1])
    if merged and merged[-1][1] == len(source) and not source.endswith("\n"):
        start, end = merged[-1]  # ... and a text without a final line ending keeps none
        if source.endswith("\n", 0, start):
            merged[-1] = (start - (2 if source.endswith("\r\n", 0, start) else 1), end)
    position, pieces = 0, []
    for start, end in merged:
        pieces.append(source[position:start])
        position = end
    return "".join(pieces) + source[position:]


PIECES = [
    "Ferry", "news", " ", " ", "\n", "\n", "\n", "\r\n", "  \n", "\n\n", "===", "---", "## ",
    "| ", ":::", 'caption="', "<figcaption>", "</figure>", "{{< x >}}", "{% y %}", "/>",
    "</video>", "[^1]",
]  # fmt: skip
KINDS = ["paragraph", "heading", "title", "table_cell", "caption", "list_item", "quote"]


def test_the_cut_is_the_plain_cut_on_random_texts_and_spans():
    chance = random.Random(20261205)

    def some_spans(length, most):
        spans = []
        for _ in range(chance.randint(0, most)):
            start = chance.randint(0, length)
            spans.append((start, chance.randint(start, min(length, start + 30))))
        return spans

    for _ in range(4_000):
        source = "".join(chance.choice(PIECES) for _ in range(chance.randint(0, 30)))
        removed = some_spans(len(source), 8)
        kept = some_spans(len(source), 6)
        kinds = [chance.choice(KINDS) for _ in removed] if chance.random() < 0.7 else None
        marks = some_spans(len(source), 2) if chance.random() < 0.3 else None
        assert cut_lines(source, removed, kept, kinds, marks) == plain_cut(
            source, removed, kept, kinds, marks
        ), (source, removed, kept, kinds, marks)
