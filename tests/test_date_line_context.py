"""``boilerplate-date-line`` by where the date stands: a date under the headline,
over a comment or in a page's "Published" box is chrome; the heads of a
timeline's entries and a fact box's "Use by" value are the article's own.
Articles written here."""

from __future__ import annotations

from pathlib import Path

from qualitycheck.readers import InputSource, read_source
from qualitycheck.readers.base import ReadSettings

RULE = "boilerplate-date-line"
INTRO = "The quay plan took five years to reach the harbour board. These were the main steps."
TIMELINE = [
    "March 2019",
    "The harbour board first proposes a second quay in a report to the council.",
    "14 February 2024",
    "The board submits its plans for a quay on the eastern breakwater.",
    "November 2024",
    "After objections about traffic, the quay is cut by forty metres.",
    "Tuesday, 4 March 2025",
    "The board approves the quay by seven votes to three.",
]
OUTRO = "The board says building work should begin in the spring."


def dates(cli, path: Path) -> list[str]:
    result = cli("check", path, "--format", "json", "--no-models")
    return [f["text"] for f in result.json()["articles"][0]["findings"] if f["rule"] == RULE]


def text(tmp_path: Path, lines: list[str]) -> Path:
    path = tmp_path / "a.txt"
    path.write_text("\n\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_the_dated_heads_of_a_timeline_are_its_entries(cli, tmp_path):
    path = text(tmp_path, ["Harbour quay plan approved", INTRO, *TIMELINE, OUTRO])
    assert dates(cli, path) == []  # was "14 February 2024" and "Tuesday, 4 March 2025"


def test_a_date_under_the_headline_is_chrome_even_over_a_timeline(cli, tmp_path):
    path = text(tmp_path, ["Harbour quay plan approved", "3 March 2025", INTRO, *TIMELINE])
    assert dates(cli, path) == ["3 March 2025"]
    # Over the first entry's text, the date under the headline is the run's
    # first head, but no prose comes before it.
    path = text(tmp_path, ["Harbour quay plan approved", "5 March 2025", *TIMELINE[1:]])
    assert dates(cli, path) == ["5 March 2025"]


def test_two_dated_paragraphs_or_stamps_with_a_time_are_no_timeline(cli, tmp_path):
    two = TIMELINE[2:6]
    assert dates(cli, text(tmp_path, ["Quay plan", INTRO, *two])) == [two[0]]
    stamped = [
        line if i % 2 else f"{14 + i} February 2024 10:{10 + i}" for i, line in enumerate(TIMELINE)
    ]
    found = dates(cli, text(tmp_path, ["Quay plan", INTRO, *stamped]))
    assert found == stamped[::2]


def test_dates_over_comments_are_chrome(cli, tmp_path):
    thread = [
        "Comments",
        "Maria Lindqvist",
        "14 February 2024",
        "About time, the old quay is far too small.",
        "Reply",
        "Tom Okafor",
        "15 February 2024",
        "I worry about the traffic on the harbour road.",
        "Reply",
        "Ann Brook",
        "16 February 2024",
        "Good news for the town and its workers.",
        "Reply",
    ]
    found = dates(cli, text(tmp_path, ["Quay plan", INTRO, OUTRO, *thread]))
    assert found == ["14 February 2024", "15 February 2024", "16 February 2024"]


NOTICE = (
    "<html><body><article><h1>Oat bars recalled over undeclared nuts</h1>\n"
    "{box}"
    "<p>A bakery is recalling one batch of its oat bars because the packs may contain "
    "hazelnuts that are not listed on the label.</p>\n"
    "<p>People with a nut allergy should not eat the bars and can return them for a refund.</p>\n"
    "{facts}"
    "<p>The bakery said no other products were affected.</p>\n"
    "</article></body></html>\n"
)


def test_a_fact_boxs_use_by_date_is_the_notices_own(cli, tmp_path):
    page = tmp_path / "recall.html"
    facts = (
        "<dl><dt>Product</dt><dd>Oat bars 200 g</dd><dt>Batch code</dt><dd>L2409</dd>"
        "<dt>Use by</dt><dd>14 February 2025</dd><dd>15 February 2025</dd></dl>\n"
    )
    page.write_text(NOTICE.format(box="", facts=facts), encoding="utf-8")
    assert dates(cli, page) == []  # was "14 February 2025" (error: the notice failed)


def test_a_published_date_in_a_definition_list_is_chrome(cli, tmp_path):
    page = tmp_path / "recall.html"
    for term in ("Published", "Last updated:", "Date"):
        box = f'<dl class="meta"><dt>{term}</dt><dd>3 February 2025</dd></dl>\n'
        page.write_text(NOTICE.format(box=box, facts=""), encoding="utf-8")
        assert dates(cli, page) == ["3 February 2025"], term
    # A value without its term is checked like any line.
    page.write_text(NOTICE.format(box="<dl><dd>3 February 2025</dd></dl>", facts=""))
    assert dates(cli, page) == ["3 February 2025"]


def test_html_definition_lists_are_read_as_terms_and_definitions(tmp_path):
    path = tmp_path / "a.html"
    path.write_text(
        "<body><p>Intro.</p><dl><dt>Use by</dt><dd><p>14 February 2025</p></dd></dl>"
        "<blockquote><dl><dt>Said</dt><dd>Quoted.</dd></dl></blockquote></body>",
        encoding="utf-8",
    )
    [article] = read_source(InputSource(str(path), "html", path), ReadSettings())
    assert [(b.kind, b.text) for b in article.blocks] == [
        ("paragraph", "Intro."),
        ("term", "Use by"),
        ("definition", "14 February 2025"),
        ("quote", "Said"),  # a list in a block quote is the speaker's
        ("quote", "Quoted."),
    ]


def _date_line_cpu(values: int) -> float:
    """CPU seconds ``boilerplate-date-line`` takes over a fact box of
    ``values`` dates under one term."""
    from conftest import CpuClock

    from qualitycheck.config.settings import Config
    from qualitycheck.detect.rules.kinds.base import CheckContext
    from qualitycheck.pipeline.checker import Checker
    from qualitycheck.readers.html import read_html

    page = "<p>The bakery recalled its oat bars.</p><dl><dt>Use by</dt>"
    page += "<dd>14 February 2025</dd>\n" * values + "</dl>"
    [article] = read_html(page, "a.html", ReadSettings())
    checker = Checker(Config(), use_models=False)
    [rule] = [r for r in checker.engine.rules if r.meta.id == RULE]
    context = CheckContext("en", 1.0, ())
    with CpuClock() as clock:
        assert list(rule.hits(article, article.blocks, context)) == []
    return clock.seconds


def test_a_long_fact_box_costs_linear_time():
    # Each value looked its term up by walking back over the values before it:
    # 20,000 values under one term took minutes (2x the values, 4x the time).
    small, large = _date_line_cpu(3_000), _date_line_cpu(6_000)
    assert large < 3 * small + 0.05
