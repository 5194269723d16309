"""The HTML report as an editor meets it (issue 19, item 10), in a real browser:
headlines for untitled JSONL articles, search in the text, column legends,
histogram counts, the article view's legend and severities, worst-first
sorting, the "why it fails" column, the CSV export and j/k between findings."""

from __future__ import annotations

import csv
import io
import json
import time
from pathlib import Path

import pytest
from conftest import EXAMPLES

pytestmark = pytest.mark.browser

UNTITLED = [
    {
        "id": "u-1",
        "text": "Ministers meet over border checks\n"
        "The talks in Brussels ended without a deal on Friday, officials said.\n"
        "A second round is planned for June.",
    },
    {
        "id": "u-2",
        "text": "The council agreed on Tuesday to repair the harbour wall.\n"
        "Costs rose after brexit, the treasurer said.",
    },
    {"id": "u-3", "text": "Only one line of text and it has no full stop"},
    {"id": "u-4", "text": "word " * 30 + "\nThe rest of the story."},
    {"id": "u-5", "text": "Mayor calls <img src=x onerror=alert(3)> fine\nThe rest follows here."},
    {"id": "u-6", "title": '=HYPERLINK("x","click")', "text": "The fair opened.\nIt closed."},
    {"id": "u-7", "title": "@SUM(1+1)", "text": "The fair opened on Monday.\nIt closed."},
    {"id": "-u-8", "title": "+1 for the mayor", "text": "The mayor won.\nShe said so."},
]


@pytest.fixture(scope="module")
def report(tmp_path_factory) -> Path:
    from qualitycheck.cli import main

    folder = tmp_path_factory.mktemp("editor")
    feed = folder / "untitled.jsonl"
    feed.write_text("".join(json.dumps(r) + "\n" for r in UNTITLED), encoding="utf-8")
    target = folder / "report.html"
    assert main(["report", str(EXAMPLES), str(feed), "-o", str(target)]) == 0
    return target


def examples_report(tmp_path_factory, name: str) -> Path:
    """The report of the bundled examples in a folder of its own (``name``)."""
    from qualitycheck.cli import main

    target = tmp_path_factory.mktemp(name) / "report.html"
    assert main(["report", str(EXAMPLES), "-o", str(target)]) == 0
    return target


def open_page(browser, url: str):
    context = browser.new_context(viewport={"width": 1300, "height": 1000}, accept_downloads=True)
    tab = context.new_page()
    errors: list[str] = []
    tab.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    tab.on("pageerror", lambda e: errors.append(str(e)))
    tab.on(
        "request",
        lambda r: (
            errors.append(f"request {r.url}") if not r.url.startswith(("file:", "blob:")) else None
        ),
    )
    tab.goto(url)
    tab.errors = errors
    return tab


def page_without_errors(browser, report: Path):
    """A page fixture's body: the report open, and no console error or
    request by the end of the test."""
    tab = open_page(browser, report.as_uri())
    yield tab
    errors = tab.errors
    tab.context.close()
    assert errors == []


@pytest.fixture
def page(browser, report):
    yield from page_without_errors(browser, report)


def data(page) -> list[dict]:
    return page.evaluate("JSON.parse(document.getElementById('qc-data').textContent).articles")


def headlines(page) -> list[str]:
    return page.locator("#article-table tbody tr td:nth-child(2) a").all_inner_texts()


def column(page, n: int) -> list[str]:
    return page.locator(f"#article-table tbody tr td:nth-child({n})").all_inner_texts()


def open_article(page, article_id: str) -> dict:
    articles = data(page)
    index = next(i for i, a in enumerate(articles) if a["id"].endswith(article_id))
    page.evaluate(f"location.hash = '#a-{index}'")
    page.wait_for_selector("#article-view:not([hidden])")
    return articles[index]


# 1. A headline for every article


def test_untitled_articles_show_their_first_line_if_it_reads_as_a_headline(page):
    rows = dict(zip(column(page, 2), headlines(page), strict=True))
    by_id = {a["id"]: a["display_title"] for a in data(page)}
    assert by_id["u-1"] == "Ministers meet over border checks"
    assert by_id["u-2"] == "u-2"  # the first line ends with a full stop: a sentence
    assert by_id["u-3"] == "u-3"  # one line only: a paragraph
    assert by_id["u-4"] == "u-4"  # too long for a headline
    assert by_id["u-5"] == "Mayor calls <img src=x onerror=alert(3)> fine"
    assert by_id["feed-002"] == "Rail strike called off"  # a title wins
    assert "Ministers meet over border checks" in headlines(page)
    assert by_id["u-5"] in headlines(page)  # as text, never as markup
    assert page.locator("img").count() == 0
    # The id shows once: under a headline that is the id, the file and record line.
    assert any(cell.startswith("u-2\n") and "untitled.jsonl:2" in cell for cell in rows)
    assert not any(cell.startswith("u-2\nu-2") for cell in rows)
    page.click("#article-table a:text-is('Ministers meet over border checks')")
    assert page.locator("#article-view h2").inner_text() == "Ministers meet over border checks"


# 2. Search in the text


def test_search_finds_words_in_the_article_text_case_insensitively(page):
    page.fill("#filter-text", "Brexit")
    assert headlines(page) == ["u-2"]
    page.fill("#filter-text", "BRUSSELS")
    assert headlines(page) == ["Ministers meet over border checks"]
    page.fill("#filter-text", "signal works")  # a JSONL record's text
    assert headlines(page) == ["Rail strike called off"]
    assert page.locator("#filter-count").inner_text() == f"1 of {len(data(page))} articles"


@pytest.mark.slow  # a wall-clock bound (in-page search time; no CPU clock reaches the browser)
def test_search_over_ten_thousand_articles_stays_fast(browser, tmp_path):
    from qualitycheck.renderers.contract import Summary
    from qualitycheck.renderers.html import HtmlRenderer
    from qualitycheck.renderers.report_data import entry_of

    words = "council harbour budget quay river bridge repairs minister talks trade".split()
    target = tmp_path / "big.html"
    with target.open("w", encoding="utf-8") as stream:
        renderer = HtmlRenderer(stream)
        renderer.begin()
        for n in range(10_000):
            body = " ".join(words[(n * 7 + k) % len(words)] for k in range(600))
            if n == 9_876:
                body += " Brexit"
            entry = {
                "id": f"n-{n}", "path": "big.jsonl", "record_line": n + 1, "title": None,
                "url": None, "language": "en", "language_confidence": 1.0, "verdict": "pass",
                "verdict_reason": "no findings", "mt_probability": 0.1, "metrics": {},
                "findings": [], "warnings": [],
                "scores": dict.fromkeys(
                    ("overall", "boilerplate", "machine_translation", "unsupported_claim"), 100
                ),
            }  # fmt: skip
            renderer.entry(entry_of(entry, f"Story {n}\n{body}", renderer.article_level))
        summary = Summary(articles=10_000)
        summary.verdicts["pass"] = 10_000
        renderer.end(summary)
    tab = open_page(browser, target.as_uri())
    try:
        timings = []
        for query in ("brexit", "harbour budget", "no such words", "brexit"):
            started = time.perf_counter()
            tab.fill("#filter-text", query)
            tab.wait_for_function("document.getElementById('filter-count').textContent !== ''")
            timings.append(time.perf_counter() - started)
            if query == "brexit":
                assert headlines(tab) == ["Story 9876"]
        # The first search lower-cases every text once; later ones only scan.
        assert timings[0] < 5.0 and max(timings[1:]) < 2.0, timings
        assert tab.errors == []
    finally:
        tab.context.close()


# 3. Column headers that say what they measure


def test_column_headers_have_tooltips_and_a_legend_under_the_table(page):
    headers = page.locator("#article-table th button")
    titles = {b.inner_text().strip(): b.get_attribute("title") for b in headers.all()}
    assert all(titles.values()), titles
    assert "MT score" in titles and "MT prob." in titles
    assert "lower is worse" in titles["MT score"]
    assert "higher is worse" in titles["MT prob."]
    assert "calibrated probability" in titles["MT prob."].lower()
    legend = page.locator("#table-legend").inner_text()
    assert "100 = no findings, lower is worse" in legend
    assert "calibrated probability that the article is machine-translated, higher is worse" in (
        legend
    )


# 4. Histograms with counts and axes


def test_histogram_bars_show_their_counts_and_the_axes_are_labelled(page):
    charts = page.locator("svg.chart")
    assert charts.count() == 2
    articles = data(page)
    score_bands = [0] * 10
    for a in articles:
        score_bands[min(int(a["scores"]["overall"] // 10), 9)] += 1
    for chart, measured, bands in (
        (charts.nth(0), "overall score", score_bands),
        (charts.nth(1), "MT probability", None),
    ):
        counts = [int(t) for t in chart.locator("g.bar text.count").all_text_contents()]
        tips = [t.text_content() for t in chart.locator("g.bar title").all()]
        assert len(counts) == 10 and len(tips) == 10
        assert all(tip.startswith(f"{c} of {sum(counts)} articles: {measured} ") for c, tip in
                   zip(counts, tips, strict=True))  # fmt: skip
        if bands is not None:
            assert counts == bands
        labels = chart.locator("text.axis-label").all_text_contents()
        assert labels == ["articles", measured]
    assert charts.nth(0).locator("text", has_text="100").count() >= 1
    assert "0.0–0.1" in charts.nth(1).locator("g.bar title").first.text_content()
    scored = sum(1 for a in articles if a["mt_probability"] is not None)
    mt_counts = [int(t) for t in charts.nth(1).locator("text.count").all_text_contents()]
    assert sum(mt_counts) == scored


# 5. The article view's legend and visible severities


def test_article_view_has_a_legend_and_shows_every_findings_severity(page):
    article = open_article(page, "/scraped-bridge-story.txt")
    legend = page.locator("#article-view .view-legend")
    for category in article["counts"]:
        assert legend.locator(f".swatch.cat-{category}").count() == 1
    for severity in ("error", "warning", "info"):
        assert legend.locator(f".sample.sev-{severity}").inner_text() == severity
    items = page.locator("#article-view .finding-list li")
    badges = [item.locator(".sev-badge").inner_text() for item in items.all()]
    assert badges == [f["severity"] for f in article["findings"]]
    # Each highlighted finding carries its severity visibly where it ends.
    labels = page.evaluate(
        """[...document.querySelectorAll('#article-view mark[data-severity]')].map(m => [
            m.dataset.findings, m.dataset.severity,
            getComputedStyle(m, '::after').content])"""
    )
    ended = set()
    for findings, severity, shown in labels:
        assert shown == f'"{severity}"'
        for i in findings.split():
            f = article["findings"][int(i)]
            if f["severity"] in severity.split(" + "):
                ended.add(int(i))
    highlighted = {
        i for i, f in enumerate(article["findings"]) if not f["article_level"] and f["end"] > 0
    }
    assert highlighted and highlighted <= ended
    # The severity label is generated text: copying the article's text copies the text only.
    assert page.locator("#article-view .text").inner_text().startswith(article["source"][:40])


# 6. Worst first on the first click


def test_the_first_click_sorts_worst_first_and_the_second_reverses(page):
    def sort(key: str) -> str:
        page.click(f"th button[data-sort='{key}']")
        sorted_by = page.locator("#article-table th[aria-sort]")
        assert sorted_by.count() == 1
        assert sorted_by.locator("button").get_attribute("data-sort") == key
        return sorted_by.get_attribute("aria-sort")

    rank = {"fail": 0, "warn": 1, "pass": 2}
    assert sort("verdict") == "ascending"
    verdicts = [rank[v] for v in column(page, 1)]
    assert verdicts == sorted(verdicts) and verdicts[0] == 0
    assert sort("verdict") == "descending"
    assert [rank[v] for v in column(page, 1)] == sorted(verdicts, reverse=True)

    assert sort("overall") == "ascending"
    scores = [float(s) for s in column(page, 4)]
    assert scores == sorted(scores)
    assert sort("overall") == "descending"
    assert [float(s) for s in column(page, 4)] == sorted(scores, reverse=True)

    assert sort("mt_probability") == "descending"
    probabilities = [-1.0 if p == "–" else float(p) for p in column(page, 8)]
    assert probabilities == sorted(probabilities, reverse=True)
    assert sort("mt_probability") == "ascending"
    assert [-1.0 if p == "–" else float(p) for p in column(page, 8)] == sorted(probabilities)

    assert sort("findings") == "descending"
    counts = [int(c.split()[0]) for c in column(page, 10)]
    assert counts == sorted(counts, reverse=True) and counts[0] > 0
    assert sort("findings") == "ascending"


# 7. Why it fails


def test_why_it_fails_column_shows_each_verdict_reason(page):
    assert page.locator("#article-table th").nth(2).inner_text().strip() == "Why it fails"
    by_title = {a["display_title"]: a["verdict_reason"] for a in data(page)}
    reasons = dict(zip(headlines(page), column(page, 3), strict=True))
    assert reasons == by_title
    assert reasons["Rail strike called off"].startswith("1 error (boilerplate-related)")


# 8. CSV export


def test_csv_export_is_the_table_as_filtered_and_sorted_and_safe_to_open(page):
    page.select_option("#filter-verdict", "pass")
    page.click("th button[data-sort='overall']")
    page.click("th button[data-sort='overall']")  # best first now
    with page.expect_download() as download_info:
        page.click("#export-csv")
    download = download_info.value
    assert download.suggested_filename == "qualitycheck-articles.csv"
    raw = Path(download.path()).read_text(encoding="utf-8")
    assert raw.startswith("\ufeff")  # so that spreadsheets read it as UTF-8
    rows = list(csv.DictReader(io.StringIO(raw[1:], newline="")))
    assert [r["headline"].lstrip("'") for r in rows] == headlines(page)
    assert [r["verdict"] for r in rows] == ["pass"] * len(rows)
    assert [float(r["score"]) for r in rows] == [float(s) for s in column(page, 4)]
    assert len(rows) == page.locator("#article-table tbody tr").count()
    by_id = {r["id"]: r for r in rows}
    assert by_id["u-6"]["headline"] == '\'=HYPERLINK("x","click")'
    assert by_id["u-7"]["headline"] == "'@SUM(1+1)"
    assert by_id["'-u-8"]["headline"] == "'+1 for the mayor"
    assert by_id["u-1"]["headline"] == "Ministers meet over border checks"
    assert by_id["u-1"]["verdict_reason"] == data_of(page, "u-1")["verdict_reason"]
    # Every cell a spreadsheet would run as a formula is defused.
    for row in rows:
        for cell in row.values():
            assert not cell or cell[0] not in "=+-@\t\r", row


def data_of(page, article_id: str) -> dict:
    return next(a for a in data(page) if a["id"] == article_id)


# 9. j/k between findings


def test_j_and_k_move_between_findings_but_not_while_typing(page):
    open_article(page, "/scraped-bridge-story.txt")
    assert "j or n" in page.locator("#article-view .keys").inner_text()
    stops = page.locator("#article-view .banner, #article-view mark.finding-start")
    assert stops.count() >= 3
    ids = page.evaluate(
        """() => { window.stops = [...document.querySelectorAll(
        '#article-view .banner, #article-view mark.finding-start')]; return stops.length; }"""
    )
    at = "window.stops.indexOf(document.activeElement)"
    page.keyboard.press("j")
    assert page.evaluate(at) == 0
    page.keyboard.press("j")
    page.keyboard.press("n")
    assert page.evaluate(at) == 2
    page.keyboard.press("k")
    assert page.evaluate(at) == 1
    page.keyboard.press("p")
    page.keyboard.press("p")  # the first finding is as far as it goes
    assert page.evaluate(at) == 0
    for _ in range(ids + 1):
        page.keyboard.press("j")
    assert page.evaluate(at) == ids - 1
    assert page.evaluate("document.activeElement.tagName") == "MARK"
    # Typing in the search box types, and focus stays there.
    page.focus("#filter-text")
    page.keyboard.type("jk")
    assert page.input_value("#filter-text") == "jk"
    assert page.evaluate("document.activeElement.id") == "filter-text"


def test_bidirectional_overrides_are_shown_not_obeyed(browser, tmp_path):
    # U+202E would show "...txt.exe" as "...exe.txt"; an audit shows the marker.
    feed = tmp_path / "bidi.jsonl"
    text = "Share This Article\nThe file \u202egnp.exe\u202c arrived on Monday, officials said."
    record = {"id": "b-1", "title": "Harbour \u2067news\u2069 today", "text": text}
    feed.write_text(json.dumps(record) + "\n", encoding="utf-8")
    target = tmp_path / "report.html"
    from qualitycheck.cli import main

    assert main(["report", str(feed), "-o", str(target), "--no-models"]) in (0, 1)
    tab = open_page(browser, target.as_uri())
    try:
        assert headlines(tab) == ["Harbour \u27e8U+2067\u27e9news\u27e8U+2069\u27e9 today"]
        tab.evaluate("location.hash = '#a-0'")
        tab.wait_for_selector("#article-view:not([hidden])")
        shown = tab.locator("#article-view .text").inner_text()
        assert "\u27e8U+202E\u27e9gnp.exe\u27e8U+202C\u27e9" in shown
        assert not any(c in shown for c in "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
        # The highlight still covers exactly the boilerplate line's words.
        marked = tab.locator("#article-view .text mark").all_inner_texts()
        assert marked[0] == "Share This Article"
        assert tab.errors == []
    finally:
        tab.context.close()
