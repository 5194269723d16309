"""The HTML report under load and odd text, as an editor reviewing it met it
(review round 2), in a real browser: very long unbroken headlines and ids,
an article with more findings than one page of its list, and links to one
finding that survive a reload."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from test_report_editor import open_article, page_without_errors

pytestmark = pytest.mark.browser

LONG_WORD = "Averyveryverylongheadlinewithoutaspace" * 15
FEED = [
    {
        "id": "L" * 300,
        "title": LONG_WORD,
        "text": "Harbour news\nThe council met on Monday. Share This Article\n",
    },
]
#: 250 findings (one boilerplate-share per line), all before the report's cut.
MANY = "Council agrees harbour budget\n" + "".join(
    f"The council met on Monday to discuss item {n}.\nShare This Article\n" for n in range(250)
)


@pytest.fixture(scope="module")
def report(tmp_path_factory) -> Path:
    from qualitycheck.cli import main

    folder = tmp_path_factory.mktemp("pages")
    (folder / "feed.jsonl").write_text("".join(json.dumps(r) + "\n" for r in FEED))
    (folder / "many.txt").write_text(MANY, encoding="utf-8")
    target = folder / "out" / "report.html"
    target.parent.mkdir()
    assert main(["report", str(folder), "-o", str(target)]) in (0, 1)
    return target


@pytest.fixture
def page(browser, report):
    yield from page_without_errors(browser, report)


def page_width(page) -> tuple[int, int]:
    return page.evaluate(
        "[document.documentElement.scrollWidth, document.documentElement.clientWidth]"
    )


def test_a_long_unbroken_headline_wraps_instead_of_widening_the_page(page):
    scrolled, width = page_width(page)
    assert scrolled <= width, "the articles table is wider than the window"
    open_article(page, "L" * 300)
    assert page.locator("#article-view h2").inner_text() == LONG_WORD
    scrolled, width = page_width(page)
    assert scrolled <= width, "the article view is wider than the window"
