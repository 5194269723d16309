"""The HTML report under load and odd text, as an editor reviewing it met it
(review round 2), in a real browser: very long unbroken headlines and ids,
an article with more findings than one page of its list, and links to one
finding that survive a reload."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from test_report_editor import data, open_article, page_without_errors

pytestmark = pytest.mark.browser

LONG_WORD = "Averyveryverylongheadlinewithoutaspace" * 15
FEED = [
    {
        "id": "L" * 300,
        "title": LONG_WORD,
        "text": "Harbour news\nThe council met on Monday. Share This Article\n",
    },
    {
        "id": "ar-1",
        "title": "ما مستقبل الميناء?",
        "text": "ما مستقبل الميناء?\nقال رئيس البلدية إن الميناء سيفتح في الربيع.\n"
        "وقال إن العمل سيبدأ قريبا.\n",
    },
]
#: A file name of 206 characters without a space, in "Input errors".
LONG_NAME = "scraped" * 28 + "x" + ".jsonl"
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
    (folder / LONG_NAME).write_text("{not json\n", encoding="utf-8")  # an input error
    target = folder / "out" / "report.html"
    target.parent.mkdir()
    assert main(["report", str(folder), "-o", str(target)]) == 2  # the input error
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


def _items(page) -> list[str]:
    return page.evaluate(
        "[...document.querySelectorAll('#article-view .finding-list > li')].map(li => li.id)"
    )


def test_a_long_findings_list_is_paged_and_prints_whole(page):
    article = open_article(page, "many.txt")
    assert len(article["findings"]) == 250
    assert _items(page) == [f"fi-{i}" for i in range(100)]
    info = page.locator("#article-view .finding-page-info")
    assert info.inner_text() == "findings 1–100 of 250"
    # Every highlight is still in the text, each described by its list item
    # where that is on the page shown, else by its title.
    marks = page.locator("#article-view .text mark")
    assert marks.count() == 250
    first, last = marks.nth(0), marks.nth(249)
    assert first.get_attribute("aria-describedby") == "fi-0"
    assert last.get_attribute("aria-describedby") is None
    assert "boilerplate-share" in last.get_attribute("title")
    next_button = page.locator("#article-view button", has_text="Next findings")
    next_button.click()
    next_button.click()
    assert _items(page) == [f"fi-{i}" for i in range(200, 250)]
    assert page.evaluate("document.querySelector('#article-view .finding-list').start") == 201
    assert info.inner_text() == "findings 201–250 of 250"
    assert next_button.is_disabled()
    # The focus is on the new page's first finding, in the window.
    assert page.evaluate("document.activeElement.parentElement.id") == "fi-200"
    assert page.evaluate(
        """() => { const box = document.activeElement.getBoundingClientRect();
        return box.top >= 0 && box.bottom <= innerHeight; }"""
    )
    assert info.get_attribute("aria-live") == "polite"  # the new page is read out
    assert last.get_attribute("aria-describedby") == "fi-249"
    assert first.get_attribute("aria-describedby") is None
    # A finding's link on a later page still goes to its highlight.
    page.click("#fi-249 a")
    assert page.evaluate("document.activeElement.dataset.findings") == "249"
    # Printed, the list is every finding; back on screen, the page again.
    page.evaluate("window.dispatchEvent(new Event('beforeprint'))")
    assert len(_items(page)) == 250
    page.evaluate("window.dispatchEvent(new Event('afterprint'))")
    assert _items(page) == [f"fi-{i}" for i in range(200, 250)]


def test_a_short_findings_list_has_no_pager(page):
    article = open_article(page, "L" * 300)
    assert not article["findings"]
    assert page.locator("#article-view .finding-list").inner_text() == "No findings."
    assert page.locator("#article-view .finding-pager").is_hidden()
    assert len(data(page)) == 3


def test_a_link_to_one_finding_names_it_and_survives_a_reload(page):
    open_article(page, "many.txt")
    page.locator("#article-view button", has_text="Next findings").click()
    link = page.locator("#fi-150 a")
    href = link.get_attribute("href")
    assert href.startswith("#article=") and href.endswith("&finding=151")
    link.click()
    assert page.evaluate("location.hash") == href
    assert page.evaluate("document.activeElement.dataset.findings") == "150"
    page.reload()
    page.wait_for_selector("#article-view:not([hidden])")
    assert page.locator("#article-view h2").inner_text() == "Council agrees harbour budget"
    # The list opens at the finding's page, the focus on its highlight.
    assert "fi-150" in _items(page)
    assert page.evaluate("document.activeElement.dataset.findings") == "150"
    # Opened in another tab (a new page load), the address does the same.
    other = page.context.new_page()
    other.goto(page.url)
    other.wait_for_selector("#article-view:not([hidden])")
    assert other.evaluate("document.activeElement.dataset.findings") == "150"
    # A finding number the article does not have opens the article only.
    page.evaluate(f"location.hash = {json.dumps(href.replace('=151', '=9999'))}")
    assert page.evaluate("document.activeElement.id") == "article-view-title"


#: Where the ``index``-th character of ``element``'s text is drawn (its left edge).
CHARACTER_LEFT = """([selector, index]) => {
    const root = document.querySelector(selector);
    const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
    let node;
    while ((node = walker.nextNode())) {
        if (index < node.length) {
            const range = document.createRange();
            range.setStart(node, index);
            range.setEnd(node, index + 1);
            return range.getBoundingClientRect().left;
        }
        index -= node.length;
    }
    return null;
}"""


def _ends_on_the_left(page, selector: str, line: str) -> bool:
    """Whether ``line`` (right-to-left text, in ``selector``'s text) is laid
    out right to left: its last character (a full stop, a question mark) left
    of its first, as an Arabic reader expects it."""
    text = page.evaluate(f"document.querySelector({json.dumps(selector)}).textContent")
    start = text.index(line)
    first = page.evaluate(CHARACTER_LEFT, [selector, start])
    last = page.evaluate(CHARACTER_LEFT, [selector, start + len(line) - 1])
    return last < first


def test_right_to_left_headlines_and_paragraphs_read_right_to_left(page):
    title = FEED[1]["title"]
    page.fill("#filter-text", "ar-1")
    assert _ends_on_the_left(page, "#article-table tbody a", title)
    article = open_article(page, "ar-1")
    assert _ends_on_the_left(page, "#article-view h2", title)
    for line in FEED[1]["text"].splitlines():
        assert _ends_on_the_left(page, "#article-view .text", line), line
    # The text says its language, for a screen reader's voice and the fonts.
    assert article["language"] == "ar"
    assert page.locator("#article-view .text").get_attribute("lang") == "ar"
    # An English line keeps its direction.
    open_article(page, "many.txt")
    assert not _ends_on_the_left(page, "#article-view .text", "Council agrees harbour budget")


def test_the_table_filters_by_severity(page):
    articles = data(page)
    checked = set()
    for severity in ("error", "warning", "info"):
        page.select_option("#filter-severity", severity)
        wanted = sorted(
            a["display_title"]
            for a in articles
            if any(f["severity"] == severity for f in a["findings"])
        )
        shown = page.locator("#article-table tbody tr td:nth-child(2) a").all_inner_texts()
        assert sorted(shown) == wanted, severity
        checked.add(0 < len(wanted) < len(articles))
    assert True in checked, "a severity that some articles have and others not"
    page.select_option("#filter-severity", "")
    assert page.locator("#article-table tbody tr").count() == len(articles)


def test_an_empty_table_says_why(page, tmp_path):
    """A search that matched nothing, or a run of no articles, showed the
    column headers over nothing."""
    from qualitycheck.cli import main

    page.fill("#filter-text", "no article says this")
    rows = page.locator("#article-table tbody tr")
    assert rows.count() == 1
    assert rows.inner_text() == "No article passes the filters above."
    assert rows.locator("td").get_attribute("colspan") == "10"
    (tmp_path / "none").mkdir()
    target = tmp_path / "empty.html"
    assert main(["report", str(tmp_path / "none"), "-o", str(target)]) == 0
    page.goto(target.as_uri())
    assert rows.inner_text() == "No articles were checked."
    assert page.locator("#filter-count").inner_text() == "0 of 0 articles"


def test_a_long_file_name_under_input_errors_wraps(page):
    errors = page.locator("#input-errors")
    assert LONG_NAME in errors.inner_text()
    scrolled, width = page_width(page)
    assert scrolled <= width, "the input errors are wider than the window"
    page.emulate_media(media="print")
    scrolled, width = page_width(page)
    assert scrolled <= width, "printed, the page is wider than the paper"


def test_without_javascript_the_page_shows_no_dead_controls(browser, report):
    """Without JavaScript the table stays empty and the filters, the CSV
    button and the pager do nothing: the page shows the overview and says
    what needs JavaScript, not a form that does nothing."""
    context = browser.new_context(java_script_enabled=False)
    try:
        tab = context.new_page()
        tab.goto(report.as_uri())
        for selector in ("#filters", "#export-csv", "#article-table", ".pager"):
            assert tab.locator(selector).first.is_hidden(), selector
        assert tab.locator("#overview").is_visible()
        assert "need JavaScript" in tab.locator("#articles").inner_text()
    finally:
        context.close()
