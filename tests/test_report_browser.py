"""The HTML report in a real browser (Debian's Chromium, driven by Playwright):
no console errors, working filters and sorting, highlights on the exact
words of their findings, and a screenshot under test-artifacts/."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from conftest import EXAMPLES, REPO

pytestmark = pytest.mark.browser

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
ARTIFACTS = REPO / "test-artifacts"
FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture(scope="module")
def report(tmp_path_factory) -> Path:
    from qualitycheck.cli import main

    target = tmp_path_factory.mktemp("report") / "report.html"
    hostile = target.parent / "hostile.html"
    hostile.write_text(
        "<html><head><title>&lt;img src=x onerror=alert(1)&gt;</title></head><body>"
        "<p>&lt;script&gt;window.hacked = true&lt;/script&gt; Share This Article</p>"
        "<p>The council met on Monday to discuss the harbour and its future budget.</p>"
        "</body></html>",
        encoding="utf-8",
    )
    assert main(["report", str(EXAMPLES), str(hostile), "-o", str(target)]) == 0
    return target


@pytest.fixture(scope="module")
def page(report):
    if CHROMIUM is None:
        message = "Chromium is not installed (make test installs Debian's chromium)"
        if os.environ.get("CI"):
            pytest.fail(message)  # CI must run the browser tests, not skip them
        pytest.skip(message)
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        tab = browser.new_page(viewport={"width": 1300, "height": 1000})
        errors: list[str] = []
        tab.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
        tab.on("pageerror", lambda e: errors.append(str(e)))
        tab.on(
            "request",
            lambda r: errors.append(f"request {r.url}") if not r.url.startswith("file:") else None,
        )
        tab.goto(report.as_uri())
        tab.errors = errors
        yield tab
        browser.close()


def visible_rows(page) -> list[str]:
    return page.locator("#article-table tbody tr td:nth-child(2) a").all_inner_texts()


def test_report_opens_without_errors_or_requests(page):
    assert page.locator("#article-table tbody tr").count() == 8
    assert page.errors == []
    assert page.evaluate("window.hacked === undefined")
    assert page.locator("img").count() == 0


def test_filters_and_sorting(page):
    page.select_option("#filter-verdict", "pass")
    passing = visible_rows(page)
    assert passing and all(
        v == "pass"
        for v in page.locator("#article-table tbody tr td:nth-child(1)").all_inner_texts()
    )
    page.select_option("#filter-verdict", "")
    page.fill("#filter-text", "container quay")
    assert visible_rows(page) == ["Harbour authority plans second container quay by 2029"]
    page.fill("#filter-text", "")
    page.select_option("#filter-rule", "mt-guillemets")
    assert visible_rows(page) == ["Trade fair in Varnolia attracts record of visitors"]
    page.select_option("#filter-rule", "")
    page.click("th button[data-sort='overall']")
    scores = [
        float(s) for s in page.locator("#article-table tbody tr td:nth-child(4)").all_inner_texts()
    ]
    assert scores == sorted(scores)
    page.click("th button[data-sort='overall']")
    scores = [
        float(s) for s in page.locator("#article-table tbody tr td:nth-child(4)").all_inner_texts()
    ]
    assert scores == sorted(scores, reverse=True)


def test_highlights_sit_on_the_exact_words_and_a_screenshot_is_saved(page):
    page.fill("#filter-text", "scraped-bridge")
    page.click("#article-table tbody tr td:nth-child(2) a")
    page.wait_for_selector("#article-view:not([hidden]) mark")
    marks = page.locator("#article-view mark")
    texts = marks.all_inner_texts()
    assert "Share This Article" in texts and "4 Min Read" in texts
    share = page.locator("#article-view mark", has_text="Share This Article").first
    assert "boilerplate-share" in share.get_attribute("title")
    page.click("#article-view .finding-list a >> nth=1")
    assert page.evaluate("document.activeElement.tagName") == "MARK"
    hostile = page.evaluate(
        "JSON.parse(document.getElementById('qc-data').textContent).articles"
        ".find(a => a.id.endsWith('hostile.html')).title"
    )
    assert hostile == "<img src=x onerror=alert(1)>"
    page.fill("#filter-text", "hostile")
    assert visible_rows(page) == ["<img src=x onerror=alert(1)>"]
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "report-article.png"), full_page=True)
    assert (ARTIFACTS / "report-article.png").stat().st_size > 10_000
    assert page.errors == []


def test_overlapping_highlights_take_the_colour_of_the_most_severe_finding(page):
    rank = {"error": 0, "warning": 1, "info": 2}
    data = page.evaluate("JSON.parse(document.getElementById('qc-data').textContent).articles")
    checked = 0
    for index, article in enumerate(data):
        if not article["findings"]:
            continue
        page.evaluate(f"location.hash = '#a-{index}'")
        page.wait_for_selector("#article-view:not([hidden])")
        for mark in page.locator("#article-view mark").all():
            indices = mark.get_attribute("data-findings").split()
            covering = [article["findings"][int(i)] for i in indices]
            top = min(covering, key=lambda f: rank[f["severity"]])
            classes = mark.get_attribute("class").split()
            assert f"sev-{top['severity']}" in classes and f"cat-{top['category']}" in classes
            checked += len(covering) > 1
    assert checked, "the examples have overlapping findings"
    assert page.errors == []


def test_an_article_level_finding_is_a_banner_not_a_highlight(page, tmp_path):
    from qualitycheck.cli import main

    config = tmp_path / "qualitycheck.yaml"
    config.write_text("models:\n  mt:\n    threshold: 0.0\n", encoding="utf-8")
    target = tmp_path / "report.html"
    article = EXAMPLES / "clean-harbour-report.txt"
    assert main(["report", str(article), "--config", str(config), "-o", str(target)]) == 0
    context = page.context.browser.new_context()
    tab = context.new_page()
    tab.goto(target.as_uri() + "#a-0")
    tab.wait_for_selector("#article-view:not([hidden])")
    banner = tab.locator("#article-view .banner")
    assert banner.count() == 1
    assert "machine-translated" in banner.inner_text()
    assert "sev-warning" in banner.get_attribute("class")  # its default severity
    titles = " ".join(m.get_attribute("title") or "" for m in tab.locator("mark").all())
    assert "model-machine-translation" not in titles
    context.close()
