"""``clean``'s cut costs what the text and its blocks cost, not their product.

Many blocks on one line (a figure's captions, a table's cells, a scraped page
on one line) made finding the blocks to remove quadratic: each block scanned
every finding. The faster way must give the same blocks.
"""

from __future__ import annotations

import random

from conftest import CpuClock

from qualitycheck.document.findings import Finding
from qualitycheck.pipeline.results import ArticleResult
from qualitycheck.readers.base import ReadSettings
from qualitycheck.readers.markdown import read_markdown
from qualitycheck.tools.cleaning import block_spans, clean_source

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
