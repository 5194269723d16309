"""The HTML report as an accessibility audit (WCAG 2.2 AA) found it, in a
real browser: the page reflows to a 320 px wide window; keyboard focus on a
highlight shows its findings on screen without covering it, and Escape
dismisses them; the findings list's filters say how many they keep; j and k
act only where the article view has the focus; a headline carries its
article's language; the key/value tables name each row; the legend under the
table spells out the findings count's abbreviations; a sorted column's arrow
is not read as part of its name; the search landmarks have names; a
highlight's findings name their category in words."""

from __future__ import annotations

from pathlib import Path

import pytest
from test_report_editor import examples_report, open_article, page_without_errors

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def report(tmp_path_factory) -> Path:
    return examples_report(tmp_path_factory, "a11y")


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


def test_on_a_phone_the_header_lines_up_with_the_page_and_keeps_its_room(page):
    # The header kept its 2rem desktop padding at 360 px: the title sat 19 px
    # right of everything under it and wrapped on two lines.
    page.set_viewport_size({"width": 360, "height": 640})
    title = page.locator("header h1").bounding_box()
    overview = page.locator("#overview-title").bounding_box()
    assert title is not None and overview is not None
    assert abs(title["x"] - overview["x"]) <= 1, (title, overview)
    assert title["height"] < 1.5 * overview["height"], title  # one line


def _focused_and_detail(page) -> dict:
    return page.evaluate(
        """() => {
        const mark = document.activeElement.getBoundingClientRect();
        const bar = document.getElementById('mark-detail').getBoundingClientRect();
        return { tag: document.activeElement.tagName, top: bar.top, bottom: bar.bottom,
                 markTop: mark.top, markBottom: mark.bottom, window: window.innerHeight };
        }"""
    )


@pytest.mark.parametrize("width", [1300, 320])
def test_the_focused_highlights_findings_show_in_the_window_and_do_not_cover_it(page, width):
    # The keyboard's hover: the bar is on screen (WCAG 1.4.13), and the
    # highlight with the focus is not hidden under it (WCAG 2.4.11).
    page.set_viewport_size({"width": width, "height": 420})
    open_article(page, "/scraped-bridge-story.txt")
    seen = 0
    for _ in range(60):
        page.keyboard.press("Tab")
        where = _focused_and_detail(page)
        if where["tag"] != "MARK":
            continue
        seen += 1
        assert where["top"] >= 0 and where["bottom"] <= where["window"] + 1, where
        assert where["markBottom"] <= where["top"] and where["markTop"] >= 0, where
    assert seen >= 8


def test_a_click_on_a_highlight_does_not_move_the_text_under_the_mouse(page):
    page.set_viewport_size({"width": 1300, "height": 420})
    open_article(page, "/scraped-bridge-story.txt")
    last = page.locator("#article-view mark.finding-start").last
    last.evaluate("(mark) => mark.scrollIntoView({ block: 'end' })")
    before = page.evaluate("scrollY")
    box = last.bounding_box()
    assert box is not None
    page.mouse.click(box["x"] + 5, box["y"] + box["height"] / 2)
    assert page.locator("#mark-detail").is_visible()
    assert page.evaluate("scrollY") == before


def test_escape_dismisses_the_findings_bar_and_keeps_the_focus(page):
    # WCAG 1.4.13: what focus shows can be dismissed without moving the focus.
    open_article(page, "/scraped-bridge-story.txt")
    mark = page.locator("#article-view mark", has_text="Share This Article").first
    mark.focus()
    detail = page.locator("#mark-detail")
    assert detail.is_visible()
    page.keyboard.press("Escape")
    assert detail.is_hidden()
    assert page.evaluate("document.activeElement.textContent") == "Share This Article"
    page.keyboard.press("Tab")  # the next highlight shows its findings again
    assert detail.is_visible()


def test_the_findings_list_filters_say_how_many_findings_they_keep(page):
    # WCAG 4.1.3: a filter's result count is a status message, read out
    # without moving the focus (as the table's count is).
    article = open_article(page, "/scraped-bridge-story.txt")
    errors = sum(f["severity"] == "error" for f in article["findings"])
    total = len(article["findings"])
    assert 0 < errors < total
    page.select_option("#article-view select[name='findings-severity']", "error")
    status = page.locator("#article-view .finding-filters [aria-live='polite']")
    assert status.count() == 1
    assert status.inner_text() == f"{errors} of {total} findings"


def test_j_and_k_act_only_while_the_focus_is_in_the_article_view(page):
    # WCAG 2.1.4: a one-letter shortcut is active only where its part of the
    # page has the focus.
    open_article(page, "/scraped-bridge-story.txt")
    page.focus("#article-table thead button[data-sort='overall']")
    page.keyboard.press("j")
    assert page.evaluate("document.activeElement.dataset.sort") == "overall"
    # A click in the article's text puts the focus in the view: j goes on from there.
    page.locator("#article-view h3", has_text="Metrics").click()
    page.keyboard.press("k")
    assert page.evaluate("document.activeElement.tagName") == "MARK"


def test_a_headline_carries_its_articles_language(page):
    # WCAG 3.1.2: a Spanish headline in the English page is read as Spanish,
    # in the table and over the article.
    page.fill("#filter-text", "feed-003")
    link = page.locator("#article-table tbody a")
    assert link.inner_text() == "Nuevo horario de la biblioteca"
    assert link.get_attribute("lang") == "es"
    article = open_article(page, "feed-003")
    assert article["language"] == "es"
    assert page.locator("#article-view h2").get_attribute("lang") == "es"


def test_the_key_value_tables_name_each_row(page):
    # WCAG 1.3.1: the overview's tables and an article's metrics are data
    # tables; each row's first cell is its header.
    open_article(page, "/scraped-bridge-story.txt")
    rows = page.evaluate(
        """() => [...document.querySelectorAll('table.small tr, table.metrics tr')]
        .filter((row) => row.cells.length > 1)
        .map((row) => [row.cells[0].tagName, row.cells[0].scope, row.cells[0].textContent])"""
    )
    assert len(rows) > 10
    assert {(tag, scope) for tag, scope, _ in rows} == {("TH", "row")}, rows
    assert ["TH", "row", "words"] in rows


def test_the_legend_under_the_table_spells_out_the_findings_abbreviations(page):
    # The Findings cells read "9 (B 9, MT 0, C 0)"; a header's tooltip said
    # what B, MT and C stand for, which a keyboard or touch user never sees.
    cell = page.locator("#article-table tbody tr td:nth-child(10)").first.inner_text()
    assert "(B " in cell and ", MT " in cell and ", C " in cell
    legend = page.locator("#table-legend").inner_text()
    assert "B boilerplate, MT machine translation, C unsupported claims" in legend


def _accessible_name(page, selector: str) -> str:
    cdp = page.context.new_cdp_session(page)
    root = cdp.send("DOM.getDocument", {"depth": 0})["root"]["nodeId"]
    node = cdp.send("DOM.querySelector", {"nodeId": root, "selector": selector})["nodeId"]
    tree = cdp.send("Accessibility.getPartialAXTree", {"nodeId": node, "fetchRelatives": False})
    return tree["nodes"][0]["name"]["value"]


def test_a_sorted_columns_arrow_is_not_read_as_part_of_its_name(page):
    # aria-sort says the order; the arrow drawn after the header is for the
    # eye, not "Score up arrow" in a screen reader.
    header = "th button[data-sort='overall']"
    page.click(header)
    assert page.locator("th:has(button[data-sort='overall'])").get_attribute("aria-sort")
    assert page.evaluate(
        "(s) => getComputedStyle(document.querySelector(s), '::after').content", header
    ).startswith('" ↑"')
    assert _accessible_name(page, header) == "Score"


def test_the_two_search_landmarks_have_names_that_tell_them_apart(page):
    # A screen reader lists landmarks by name: the table's filters were a
    # "search" with none, beside the findings list's named one.
    open_article(page, "/scraped-bridge-story.txt")
    names = page.evaluate(
        "() => [...document.querySelectorAll('[role=search]')].map((f) => f.ariaLabel)"
    )
    assert len(names) == 2 and all(names) and len(set(names)) == 2, names


def test_a_highlights_findings_name_their_category_in_words(page):
    # WCAG 1.4.1: the highlight's colour is its category; the text shown on
    # hover or focus says it too (a machine-translation and a claims
    # highlight differ by colour only).
    article = open_article(page, "/translated-trade-fair.md")
    categories = {f["category"] for f in article["findings"] if not f["article_level"]}
    assert "machine_translation" in categories
    mark = page.locator("#article-view mark.cat-machine_translation").first
    mark.focus()
    first = mark.get_attribute("data-findings").split()[0]
    finding = article["findings"][int(first)]
    assert f"{finding['rule']} (machine translation, {finding['severity']}," in (
        page.locator("#mark-detail").inner_text()
    )
