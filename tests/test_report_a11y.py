"""The HTML report as an accessibility audit (WCAG 2.2 AA) found it, in a
real browser: the page reflows to a 320 px wide window."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import EXAMPLES
from test_report_editor import page_without_errors

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def report(tmp_path_factory) -> Path:
    from qualitycheck.cli import main

    target = tmp_path_factory.mktemp("a11y") / "report.html"
    assert main(["report", str(EXAMPLES), "-o", str(target)]) == 0
    return target


@pytest.fixture
def page(browser, report):
    yield from page_without_errors(browser, report)


def test_the_page_reflows_to_a_window_320_pixels_wide(page):
    # WCAG 1.4.10: no horizontal scrolling of the page at 320 CSS pixels
    # (the articles table scrolls in its own box, as a data table may).
    page.set_viewport_size({"width": 320, "height": 640})
    for place in ("#overview", "#a-0"):
        page.evaluate("(place) => { location.hash = place; }", place)
        scrolled, width = page.evaluate(
            "[document.documentElement.scrollWidth, document.documentElement.clientWidth]"
        )
        assert scrolled <= width, f"{place}: the page is {scrolled} px wide in a {width} px window"
    chart = page.locator("svg.chart").first.bounding_box()
    assert chart is not None and chart["height"] > 100  # shrunk, still readable
