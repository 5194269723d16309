"""Property-based checks over arbitrary text: no reader or rule raises, and
every finding's offsets lie inside the source and agree with its line and
column."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from qualitycheck.config import Config
from qualitycheck.pipeline import Checker
from qualitycheck.readers.base import ReadSettings
from qualitycheck.readers.html import read_html
from qualitycheck.readers.markdown import read_markdown
from qualitycheck.readers.txt import parse_text

CHECKER = Checker(Config())
SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=list(HealthCheck))

PIECES = st.sampled_from(
    [
        "<p>",
        "</p>",
        "<b>",
        "</b>",
        "<br>",
        "&amp;",
        "&#x41;",
        "&nbsp;",
        "&",
        "<script>",
        "</script>",
        "<!-- x -->",
        "<div hidden>",
        "</div>",
        "Share This Article",
        "\n",
        "\r\n",
        " ",
        "# ",
        "**",
        "`",
        "[a](b)",
        "---\n",
        "> ",
        "- ",
        "| x |",
        "“quoted",
        "”",
        "«",
        "»",
        "Kiev",
        "Kyiv",
        "It is certain that it works.",
        "In Or Said",
        "\u00a0",
        "\u200b",
        "e\u0301",
        "Ж",
        "中文",
        "עברית",
        "😀",
        "7 Min Read",
        "Tuesday, March 5, 2024",
    ]
)
TEXT = st.lists(PIECES | st.text(max_size=40), max_size=30).map("".join)


def assert_findings_consistent(article) -> None:
    source = article.source
    for finding in CHECKER.check(article).findings:
        assert 0 <= finding.start <= finding.end <= len(source)
        assert source[finding.start : finding.end] == finding.text
        line_start = source.rfind("\n", 0, finding.start) + 1
        assert finding.line == source.count("\n", 0, finding.start) + 1
        assert finding.column == finding.start - line_start + 1
        assert finding.end_line >= finding.line


@SETTINGS
@given(TEXT)
def test_text_reader_and_checks(text):
    assert_findings_consistent(parse_text(text, "x", "x.txt"))


@SETTINGS
@given(TEXT)
def test_markdown_reader_and_checks(text):
    for article in read_markdown(text, "x.md", ReadSettings()):
        assert_findings_consistent(article)


@SETTINGS
@given(TEXT)
def test_html_reader_and_checks(text):
    for article in read_html(text, "x.html", ReadSettings()):
        assert_findings_consistent(article)
