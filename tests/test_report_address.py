"""The report's filters in its address (this session's polish), in a real
browser: the table's filters and the open article's findings-list filters
are kept in the fragment after the place (``#articles&severity=error``,
``#article=KEY&finding=3&findings-severity=warning``), so a reload, a new
tab or a shared link shows the same rows and list; links to one finding
(``#article=KEY&finding=N``) work as before; the table's page past the
first is kept too (``&page=2``)."""

from __future__ import annotations

import json
from pathlib import Path
from urllib.parse import quote

import pytest
from test_report_editor import (
    data,
    examples_report,
    headlines,
    open_article,
    open_page,
    page_without_errors,
)

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def report(tmp_path_factory) -> Path:
    return examples_report(tmp_path_factory, "address")


@pytest.fixture
def page(browser, report):
    yield from page_without_errors(browser, report)


def _fields(page) -> dict[str, str]:
    return page.evaluate(
        """() => Object.fromEntries(['verdict', 'category', 'severity', 'rule', 'text']
        .map((name) => [name, document.getElementById('filter-' + name).value]))"""
    )


def _listed(page) -> list[tuple[str, int]]:
    """The findings list's items: each finding's severity and its number."""
    items = page.evaluate(
        """() => [...document.querySelectorAll('#article-view .finding-list li[id]')]
        .map((li) => [li.querySelector('.sev-badge').textContent, li.value])"""
    )
    return [(severity, number) for severity, number in items]


def test_the_table_filters_survive_a_reload_a_new_tab_and_an_article(page):
    everything = len(data(page))
    page.select_option("#filter-severity", "info")
    page.select_option("#filter-category", "boilerplate")
    page.fill("#filter-text", "of the")
    rows = headlines(page)
    assert 0 < len(rows) < everything
    hash_ = page.evaluate("location.hash")
    assert hash_ == "#category=boilerplate&severity=info&q=of%20the", hash_
    chosen = _fields(page)
    page.reload()
    assert _fields(page) == chosen and headlines(page) == rows
    other = page.context.new_page()
    other.goto(page.url)
    assert _fields(other) == chosen and headlines(other) == rows
    other.close()
    # Opening an article keeps them in the address (reload: the article and the rows).
    page.click("#article-table tbody a >> nth=0")
    page.wait_for_selector("#article-view:not([hidden])")
    opened = page.evaluate("location.hash")
    assert opened.startswith("#article=")
    assert opened.endswith("&category=boilerplate&severity=info&q=of%20the"), opened
    title = page.locator("#article-view h2").inner_text()
    page.reload()
    page.wait_for_selector("#article-view:not([hidden])")
    assert page.locator("#article-view h2").inner_text() == title
    assert _fields(page) == chosen and headlines(page) == rows
    # Back to the table, still filtered; cleared, the address is clean again.
    page.click("#article-view a[href='#articles']")
    # (the filters join the address in the hashchange handler, which runs
    # after the click returns: wait for it rather than race it)
    page.wait_for_function("() => location.hash !== '#articles'")
    assert page.evaluate("location.hash") == "#articles&" + hash_[1:]
    for field in ("#filter-severity", "#filter-category"):
        page.select_option(field, "")
    page.fill("#filter-text", "")
    assert page.evaluate("location.hash") == "#articles"
    assert len(headlines(page)) == everything


def test_an_address_with_filters_sets_them_and_scrolls_to_its_place(page):
    page.evaluate("location.hash = '#articles&verdict=fail&rule=no-such-rule'")
    assert _fields(page)["verdict"] == "fail"
    assert _fields(page)["rule"] == ""  # not a choice in this report: all
    assert headlines(page) and all(
        v == "fail" for v in page.locator("#article-table tbody td:first-child").all_inner_texts()
    )
    # The page went to the table, as '#articles' alone does (no element has
    # the whole fragment for an id, so the browser itself went nowhere).
    assert page.evaluate("scrollY") > 0
    top = page.evaluate("document.getElementById('articles').getBoundingClientRect().top")
    assert 0 <= top < page.evaluate("innerHeight") / 2


def test_the_findings_list_filters_by_severity_and_keeps_finding_links(page):
    article = open_article(page, "scraped-bridge-story.txt")
    severities = [f["severity"] for f in article["findings"]]
    assert len(set(severities)) > 1, severities
    page.select_option("#article-view select[name='findings-severity']", "warning")
    wanted = [("warning", i + 1) for i, s in enumerate(severities) if s == "warning"]
    assert _listed(page) == wanted  # each item keeps its own number
    assert page.evaluate("location.hash").endswith("&findings-severity=warning")
    page.reload()
    page.wait_for_selector("#article-view:not([hidden])")
    assert _listed(page) == wanted
    # The text keeps every highlight; the table's filters are untouched.
    assert page.locator("#article-view .text mark").count() > 0
    assert _fields(page)["severity"] == ""
    # A link to a finding the filter leaves out still shows it (the filter goes).
    hidden = next(i for i, s in enumerate(severities) if s != "warning")
    key = article["path"]
    page.evaluate(f"location.hash = '#article={quote(key, safe='')}&finding={hidden + 1}'")
    assert f"fi-{hidden}" in page.evaluate(
        "[...document.querySelectorAll('#article-view .finding-list li')].map((li) => li.id)"
    )
    assert "findings-severity" not in page.evaluate("location.hash")
    # A finding's link, clicked, names it as before (nothing filtered: exactly).
    link = page.locator(f"#fi-{hidden} a")
    href = link.get_attribute("href")
    assert href == f"#article={quote(key, safe='')}&finding={hidden + 1}"
    link.click()
    assert page.evaluate("location.hash") == href


def _order(page) -> list[str]:
    return page.evaluate(
        "[...document.querySelectorAll('#article-table tbody tr')].map((tr) => tr.dataset.index)"
    )


def _sorted_column(page) -> dict[str, str]:
    return page.evaluate(
        """() => Object.fromEntries([...document.querySelectorAll('#article-table th[aria-sort]')]
        .map((th) => [th.querySelector('button').dataset.sort, th.getAttribute('aria-sort')]))"""
    )


def test_the_table_order_is_kept_in_the_address(page):
    unsorted = _order(page)
    page.click("th button[data-sort='overall']")  # lowest score first
    ascending = _order(page)
    assert ascending != unsorted
    assert page.evaluate("location.hash") == "#sort=overall"
    page.click("th button[data-sort='overall']")
    assert page.evaluate("location.hash") == "#sort=-overall"
    descending = _order(page)
    page.select_option("#filter-verdict", "fail")
    assert page.evaluate("location.hash") == "#verdict=fail&sort=-overall"
    filtered = _order(page)
    # A reload and a shared link show the same rows in the same order, the
    # header saying which column and which way.
    page.reload()
    assert _order(page) == filtered
    assert _sorted_column(page) == {"overall": "descending"}
    page.select_option("#filter-verdict", "")
    assert _order(page) == descending
    # An address that names filters without an order shows the run's order;
    # an unknown column is left out.
    page.evaluate("location.hash = '#articles&verdict=fail&sort=-no-such-column'")
    page.wait_for_function("() => document.getElementById('filter-verdict').value === 'fail'")
    assert _sorted_column(page) == {}
    assert sorted(_order(page), key=int) == _order(page)
    page.evaluate("location.hash = '#articles&sort=overall'")
    page.wait_for_function("() => document.getElementById('filter-verdict').value === ''")
    assert _order(page) == ascending and _sorted_column(page) == {"overall": "ascending"}


def test_the_tables_page_is_kept_in_the_address(browser, tmp_path):
    """Page 2 of the table went back to page 1 on a reload (or in a shared
    link): over 10,000 articles, a reload lost the place 100 pages in."""
    from qualitycheck.cli import main

    feed = tmp_path / "feed.jsonl"
    records = ({"id": f"s-{n:03}", "text": f"Story {n}\nThe council met."} for n in range(250))
    feed.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    target = tmp_path / "report.html"
    assert main(["report", str(feed), "-o", str(target)]) == 0
    tab = open_page(browser, target.as_uri())
    try:
        info = tab.locator("#page-info")
        tab.click("#page-next")
        tab.click("#page-next")
        assert info.inner_text() == "page 3 of 3"
        assert tab.url.endswith("#page=3")
        first = headlines(tab)[0]
        tab.reload()
        assert info.inner_text() == "page 3 of 3"
        assert headlines(tab)[0] == first
        # A new filter or order starts at the first page, and says so.
        tab.fill("#filter-text", "story 1")
        assert info.inner_text() == "page 1 of 2"
        assert "page=" not in tab.url
        # A page past the last shows the last; a broken one, the first.
        tab.goto(target.as_uri() + "#articles&page=99")
        assert info.inner_text() == "page 3 of 3"
        tab.goto(target.as_uri() + "#articles&page=x2")
        assert info.inner_text() == "page 1 of 3"
        assert tab.errors == []
    finally:
        tab.context.close()
