"""The HTML report: written from the templates, article text always escaped."""

from __future__ import annotations

from conftest import EXAMPLES


def test_report_escapes_article_text(cli, tmp_path):
    hostile = tmp_path / "hostile.html"
    hostile.write_text(
        "<html><head><title>&lt;script&gt;alert(1)&lt;/script&gt;</title></head><body>"
        "<p>Share This Article</p>"
        "<p>&lt;img src=x onerror=alert(2)&gt; is what the comment said.</p>"
        "</body></html>",
        encoding="utf-8",
    )
    target = tmp_path / "report.html"
    result = cli("report", hostile, "--output", target)
    assert result.code == 0
    page = target.read_text(encoding="utf-8")
    assert "<script>alert(1)" not in page
    assert "<img src=x" not in page
    # Article data reaches the page's script as JSON with < > & escaped.
    assert "\\u003cscript\\u003ealert(1)\\u003c/script\\u003e" in page
    assert "boilerplate-share" in page


def test_report_over_examples_lists_every_article(cli, tmp_path):
    target = tmp_path / "report.html"
    assert cli("report", EXAMPLES, "-o", target).code == 0
    page = target.read_text(encoding="utf-8")
    assert page.startswith("<!DOCTYPE html>\n")  # no blank line before it
    assert "Findings shown: 6 errors, 7 warnings, 20 info" in page  # totals by severity
    for name in ("clean-harbour-report.txt", "scraped-bridge-story.txt", "feed-002"):
        assert name in page
    assert "http://" not in page.replace("http://www.w3.org", "")
    same = cli("check", EXAMPLES, "--format", "html", "--output", tmp_path / "again.html")
    assert same.code == 1
    assert (tmp_path / "again.html").read_text(encoding="utf-8") == page


def test_report_with_unreadable_input_exits_2(cli, tmp_path):
    assert cli("report", tmp_path / "missing.txt", "-o", tmp_path / "r.html").code == 2


def test_display_title_is_the_title_else_a_headline_like_first_line_else_the_id():
    from qualitycheck.renderers.report_data import display_title

    def shown(text: str, title: str | None = None) -> str:
        return display_title({"id": "a-1", "title": title}, text)

    assert shown("First line\nBody.", title="  The  title ") == "The title"
    assert shown("Council backs  harbour plan\nThe council voted.") == "Council backs harbour plan"
    assert shown("\n\nWhy did the bridge close?\nIt rusted.") == "Why did the bridge close?"
    assert shown("The council voted on Monday.\nIt was close.") == "a-1"  # a sentence
    assert shown("Reported by:\nJane Doe") == "a-1"
    assert shown("A headline alone") == "a-1"  # one line: a paragraph, not a headline
    assert shown("x" * 121 + "\nBody.") == "a-1"
    assert shown("") == "a-1"
    assert shown("<!DOCTYPE html>\n<html><body><p>Text.</p></body></html>") == "a-1"
    assert shown("---\nauthor: Jane\n---\nText.") == "a-1"


def test_display_title_is_in_the_report_not_in_the_json_contract(cli, tmp_path):
    feed = tmp_path / "feed.jsonl"
    feed.write_text('{"id": "n-1", "text": "Bridge reopens\\nThe bridge reopened."}\n')
    result = cli("check", feed, "--format", "json")
    assert '"display_title"' not in result.out
    assert cli("report", feed, "-o", tmp_path / "r.html").code == 0
    assert '"display_title":"Bridge reopens"' in (tmp_path / "r.html").read_text(encoding="utf-8")
