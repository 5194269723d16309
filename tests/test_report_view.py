"""The article view as an editor reviewing it found it (twelfth session), in a
real browser: highlights stay on their words after characters JavaScript
counts twice, the reader's warnings and a ``--min-severity`` filter are
shown, keyboard focus on a highlight says what hovering says, opening an
article moves the focus there (also when it is open already), the text's
cut gives its count, a printed table holds every filtered row, and turning
the table's page moves the focus to its first row."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from test_report_editor import data, open_article, open_page, page_without_errors

pytestmark = pytest.mark.browser

EMOJI = (
    "Zoo welcomes panda cub\n"
    "The zoo \U0001f43c said on Monday that the cub was healthy and feeding well.\n"
    "\U0001d413he keepers will name her next week.\n"
    "Share This Article\n"
)
FEED = [
    {"id": "lone", "text": "Council meets\nThe council met \ud83d on Monday.\nShare This Article"},
    *(
        {"id": f"n-{n:03}", "text": f"Story {n}\nThe council met on Monday to discuss item {n}."}
        for n in range(105)
    ),
]
LONG = (
    "Inquiry report published\n"
    + "The inquiry heard evidence from residents about the harbour works.\n" * 320
    + "Share This Article\n"
)


@pytest.fixture(scope="module")
def folder(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("view")
    (folder / "emoji.txt").write_text(EMOJI, encoding="utf-8")
    (folder / "long.txt").write_text(LONG, encoding="utf-8")
    # ensure_ascii keeps the lone surrogate as an escape, as a feed may hold it
    (folder / "feed.jsonl").write_text("".join(json.dumps(r) + "\n" for r in FEED))
    return folder


def _report(folder: Path, *options: str) -> Path:
    from qualitycheck.cli import main

    target = folder / f"report{''.join(options)}.html"
    assert main(["report", str(folder), *options, "-o", str(target)]) in (0, 1)
    return target


@pytest.fixture(scope="module")
def report(folder) -> Path:
    return _report(folder)


@pytest.fixture
def page(browser, report):
    yield from page_without_errors(browser, report)


def test_highlights_after_characters_outside_the_basic_plane_sit_on_their_words(page):
    article = open_article(page, "emoji.txt")
    shown = {
        tuple(m.get_attribute("data-findings").split()): m.inner_text()
        for m in page.locator("#article-view mark").all()
    }
    share = next(i for i, f in enumerate(article["findings"]) if f["rule"] == "boilerplate-share")
    assert shown[(str(share),)] == "Share This Article"
    for indices, text in shown.items():
        for index in indices:
            finding = article["findings"][int(index)]
            assert text in EMOJI[finding["start"] : finding["end"]], (finding, text)
    assert "\N{REPLACEMENT CHARACTER}" not in page.locator("#article-view .text").inner_text()


def test_the_readers_warnings_are_shown_in_the_article_view(page):
    open_article(page, "lone")
    box = page.locator("#article-view .reading-warnings")
    assert box.count() == 1
    assert "unpaired surrogate" in box.inner_text()
    open_article(page, "emoji.txt")
    assert page.locator("#article-view .reading-warnings").count() == 0


def test_keyboard_focus_on_a_highlight_shows_its_findings(page):
    open_article(page, "emoji.txt")
    detail = page.locator("#mark-detail")
    assert detail.is_hidden()
    mark = page.locator("#article-view mark", has_text="Share This Article").first
    mark.focus()
    assert detail.is_visible() and "boilerplate-share" in detail.inner_text()
    described = mark.get_attribute("aria-describedby").split()
    assert described and all(page.locator(f"#{name}").count() == 1 for name in described)
    assert "boilerplate-share" in page.locator(f"#{described[0]}").inner_text()
    page.locator("#filter-text").focus()
    assert detail.is_hidden()


def test_opening_an_article_moves_the_focus_to_it_also_when_it_is_open(page):
    articles = data(page)
    index = next(i for i, a in enumerate(articles) if a["id"].endswith("emoji.txt"))
    page.fill("#filter-text", "panda cub")
    link = page.locator("#article-table tbody a").first
    link.click()
    page.wait_for_selector("#article-view:not([hidden])")
    assert page.evaluate("document.activeElement.id") == "article-view-title"
    # The address names the file, not its place in the order: a shared link
    # survives a re-run (and, after it, the table's filter: a reload keeps it).
    path = articles[index]["path"]
    assert page.evaluate("decodeURIComponent(location.hash)") == f"#article={path}&q=panda cub"
    page.locator("#filter-text").focus()
    page.evaluate("window.scrollTo(0, 0)")
    link.click()  # the same article: the address does not change
    assert page.evaluate("document.activeElement.id") == "article-view-title"
    assert page.evaluate("window.scrollY") > 0
    assert page.locator("#article-view").get_attribute("aria-live") is None


def test_the_cut_note_counts_the_findings_past_it(page):
    article = open_article(page, "long.txt")
    assert article["truncated"] and article["hidden_findings"] >= 1
    note = page.locator("#article-view .cut-note").inner_text()
    assert "20,000 characters" in note
    assert f"{article['hidden_findings']} finding" in note
    # Listed a page at a time: printed, the list is whole.
    page.evaluate("window.dispatchEvent(new Event('beforeprint'))")
    assert page.locator("#article-view .past-cut").count() == article["hidden_findings"]


def test_a_printed_table_holds_every_filtered_row(page):
    rows = page.locator("#article-table tbody tr")
    assert rows.count() == 100 and len(data(page)) > 100
    page.evaluate("window.dispatchEvent(new Event('beforeprint'))")
    assert rows.count() == len(data(page))
    page.evaluate("window.dispatchEvent(new Event('afterprint'))")
    assert rows.count() == 100


def _focus_in_window(page) -> bool:
    return page.evaluate(
        """() => { const box = document.activeElement.getBoundingClientRect();
        return box.height > 0 && box.top >= 0 && box.bottom <= innerHeight; }"""
    )


def test_turning_the_tables_page_moves_the_focus_to_its_first_row(page):
    """The focus stayed on the pager, scrolled far below the window that
    showed the new page's top: a keyboard's place was off screen, and its
    next Tab jumped back down past every row."""
    page.set_viewport_size({"width": 1300, "height": 600})
    page.focus("#page-next")
    page.keyboard.press("Enter")
    assert page.locator("#page-info").inner_text() == "page 2 of 2"
    first = page.locator("#article-table tbody tr").first.locator("a")
    assert page.evaluate("document.activeElement.getAttribute('href')") == first.get_attribute(
        "href"
    )
    assert _focus_in_window(page)
    # The pager's count is read out as the page turns.
    assert page.locator("#page-info").get_attribute("aria-live") == "polite"
    page.focus("#page-prev")
    page.keyboard.press("Enter")
    assert page.locator("#page-info").inner_text() == "page 1 of 2"
    assert page.evaluate("document.activeElement.textContent") == first.inner_text()
    assert _focus_in_window(page)


def test_the_table_pager_shows_only_when_there_is_a_second_page(page):
    pager = page.locator("nav.pager:has(#page-info)")
    assert pager.is_visible()
    page.fill("#filter-text", "item 10")  # Story 10, 100 to 104
    assert page.locator("#article-table tbody tr").count() == 6
    assert pager.is_hidden()
    page.fill("#filter-text", "")
    assert pager.is_visible()


def test_sorting_starts_at_the_first_page(page):
    page.click("#page-next")
    assert page.locator("#page-info").inner_text().startswith("page 2")
    page.click("th button[data-sort='overall']")
    assert page.locator("#page-info").inner_text().startswith("page 1")


def test_a_min_severity_report_says_what_it_leaves_out(browser, folder):
    target = _report(folder, "--min-severity", "error")
    tab = open_page(browser, target.as_uri())
    try:
        assert "--min-severity error" in tab.locator("#overview .filtered-note").inner_text()
        open_article(tab, "lone")
        note = tab.locator("#article-view .filtered-note").inner_text()
        assert "Only errors are shown" in note and "count every finding" in note
        assert tab.errors == []
    finally:
        tab.context.close()
    unfiltered = open_page(browser, _report(folder).as_uri())
    try:
        assert unfiltered.locator(".filtered-note").count() == 0
    finally:
        unfiltered.context.close()


def test_an_article_address_survives_another_order(browser, folder, tmp_path):
    """#article=FILE[:LINE] opens that article in a report whose order differs
    (here: one more failing file sorts before it); a JSONL record by its line."""
    from qualitycheck.cli import main

    first = _report(folder)
    write_text = (folder / "extra.txt").write_text
    write_text("Extra\nShare This Article\nLeave a Reply\nSubscribe to our newsletter\n")
    try:
        again = tmp_path / "again.html"
        assert main(["report", str(folder), "-o", str(again)]) in (0, 1)
    finally:
        (folder / "extra.txt").unlink()
    for report in (first, again):
        tab = open_page(browser, report.as_uri() + "#article=" + str(folder / "emoji.txt"))
        try:
            tab.wait_for_selector("#article-view:not([hidden])")
            assert tab.locator("#article-view h2").inner_text() == "Zoo welcomes panda cub"
            feed = str(folder / "feed.jsonl")
            tab.evaluate(f"location.hash = '#article=' + encodeURIComponent({feed!r} + ':1')")
            tab.wait_for_function(
                "document.querySelector('#article-view h2').textContent === 'Council meets'"
            )
            assert tab.errors == []
        finally:
            tab.context.close()


def test_whole_article_rule_findings_are_banners_and_not_past_the_cut(browser, tmp_path):
    """language-unexpected on a French article longer than the cut (its span,
    the one body line, runs past it) and readability-hard-article: a banner
    each, no highlight, and the cut note counts no finding past the cut."""
    from test_report import FRENCH, HARD

    from qualitycheck.cli import main

    body = FRENCH.splitlines()[1] + " "
    (tmp_path / "fr.txt").write_text(FRENCH.splitlines()[0] + "\n" + body * 150 + "\n")
    (tmp_path / "hard.txt").write_text(HARD)
    target = tmp_path / "r.html"
    assert main(["report", str(tmp_path), "-o", str(target)]) == 0
    tab = open_page(browser, target.as_uri())
    try:
        for name, rule, words in (
            ("fr.txt", "language-unexpected", 'Article language is French ("fr")'),
            ("hard.txt", "readability-hard-article", "Hard to read"),
        ):
            article = open_article(tab, name)
            banners = tab.locator("#article-view .banner")
            assert banners.count() == 1 and words in banners.inner_text()
            assert banners.get_attribute("title").startswith(rule)
            assert tab.locator("#article-view mark").count() == 0
            assert tab.locator("#article-view .past-cut").count() == 0
            if article["truncated"]:
                note = tab.locator("#article-view .cut-note").inner_text()
                assert "no finding lies past the cut" in note
        assert tab.errors == []
    finally:
        tab.context.close()


def _entry_report(tmp_path: Path, source: str, findings: list[dict]) -> Path:
    """A report of one article with exactly these findings (no checking)."""
    from qualitycheck.renderers.contract import Summary
    from qualitycheck.renderers.html import HtmlRenderer
    from qualitycheck.renderers.report_data import entry_of

    target = tmp_path / "report.html"
    with target.open("w", encoding="utf-8") as stream:
        renderer = HtmlRenderer(stream)
        renderer.begin()
        entry = {
            "id": "a", "path": "a.txt", "record_line": None, "title": "Overlaps", "url": None,
            "language": "en", "language_confidence": 1.0, "verdict": "fail",
            "verdict_reason": "many", "mt_probability": None, "metrics": {}, "warnings": [],
            "findings": findings,
            "scores": dict.fromkeys(
                ("overall", "boilerplate", "machine_translation", "unsupported_claim"), 0
            ),
        }  # fmt: skip
        renderer.entry(entry_of(entry, source, renderer.article_level))
        summary = Summary(articles=1)
        summary.verdicts["fail"] = 1
        renderer.end(summary)
    return target


def _finding(rule: str, start: int, end: int, severity: str, category: str) -> dict:
    return {
        "rule": rule, "category": category, "severity": severity, "message": rule,
        "line": 1, "end_line": 1, "column": start + 1, "start": start, "end": end,
        "text": "", "confidence": 1.0,
    }  # fmt: skip


def test_overlapping_highlights_show_exactly_the_findings_covering_each_piece(browser, tmp_path):
    """Every piece of text between two finding edges is one mark listing the
    findings that cover it, most severe first, coloured by that one; where a
    finding starts it is a j/k stop, where findings end their severities
    follow. Checked against a plain reference over nested, equal, adjacent,
    empty and article-level spans."""
    import itertools
    import random

    source = "".join(f"Line {n} of the text, with some words. " for n in range(60))
    chance = random.Random(7)
    severities = ("error", "warning", "info")
    categories = ("boilerplate", "machine_translation", "unsupported_claim", "readability")
    findings = []
    for n in range(300):
        start = chance.randrange(0, len(source))
        end = min(len(source), start + chance.choice((0, 1, 5, 40, 300)))
        findings.append(
            _finding(f"r-{n}", start, end, chance.choice(severities), chance.choice(categories))
        )
    findings += [_finding("same", 10, 50, "info", "boilerplate")] * 2
    findings.append(_finding("model-machine-translation", 0, len(source), "warning", "language"))
    rank = {"error": 0, "warning": 1, "info": 2}
    shown = [
        (i, f) for i, f in enumerate(findings)
        if f["rule"] != "model-machine-translation" and f["end"] > f["start"]
    ]  # fmt: skip
    cuts = sorted({0, len(source), *(f["start"] for _, f in shown), *(f["end"] for _, f in shown)})
    expected = []
    for a, b in itertools.pairwise(cuts):
        covering = sorted(
            ((i, f) for i, f in shown if f["start"] <= a and b <= f["end"]),
            key=lambda pair: (rank[pair[1]["severity"]], pair[0]),
        )
        if not covering:
            continue
        top = covering[0][1]
        ending = list(dict.fromkeys(f["severity"] for _, f in covering if f["end"] == b))
        expected.append(
            {
                "text": source[a:b],
                "findings": " ".join(str(i) for i, _ in covering),
                "colour": f"cat-{top['category']} sev-{top['severity']}",
                "start": any(f["start"] == a for _, f in covering),
                "severity": " + ".join(ending) or None,
            }
        )
    tab = open_page(browser, _entry_report(tmp_path, source, findings).as_uri() + "#a-0")
    try:
        tab.wait_for_selector("#article-view:not([hidden])")
        marks = tab.evaluate(
            """() => [...document.querySelectorAll('#article-view .text mark')].map((m) => ({
                text: m.textContent, findings: m.dataset.findings,
                colour: [...m.classList].filter((c) => /^(cat|sev)-/.test(c)).join(' '),
                start: m.classList.contains('finding-start'),
                severity: m.dataset.severity || null }))"""
        )
        assert marks == expected
        assert tab.locator("#article-view .banner").count() == 1
        assert tab.errors == []
    finally:
        tab.context.close()


def test_an_article_with_twenty_thousand_findings_opens_without_a_scan_per_piece(browser, tmp_path):
    """Each piece of text looked through every finding (20,000 findings: 10^8
    steps, seconds of a frozen page): the sweep visits each a few times. The
    list items off screen skip layout (content-visibility), but print."""
    from qualitycheck.renderers.report_data import MAX_SOURCE_CHARS

    source = "Harbour reopens\n" + "Share\n" * 20_000
    findings = [
        _finding("boilerplate-share", 16 + 6 * n, 21 + 6 * n, "error", "boilerplate")
        for n in range(20_000)
    ]
    tab = open_page(browser, _entry_report(tmp_path, source, findings).as_uri())
    try:
        # Count the elements array methods walk while the article opens.
        visited = tab.evaluate(
            """() => {
                let visited = 0;
                for (const name of ['filter', 'some', 'find', 'every', 'forEach', 'map']) {
                    const own = Array.prototype[name];
                    Array.prototype[name] = function (...args) {
                        visited += this.length;
                        return own.apply(this, args);
                    };
                }
                location.hash = '#a-0';
                window.dispatchEvent(new HashChangeEvent('hashchange'));
                return visited;
            }"""
        )
        kept = sum(f["end"] <= MAX_SOURCE_CHARS for f in findings)  # up to the cut
        assert tab.locator("#article-view .text mark").count() == kept
        assert visited < 20 * len(findings), visited
        item = "document.querySelector('#article-view .finding-list > li')"
        assert tab.evaluate(f"getComputedStyle({item}).contentVisibility") == "auto"
        tab.emulate_media(media="print")
        assert tab.evaluate(f"getComputedStyle({item}).contentVisibility") == "visible"
        assert tab.errors == []
    finally:
        tab.context.close()
