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
    for name in ("clean-harbour-report.txt", "scraped-bridge-story.txt", "feed-002"):
        assert name in page
    assert "http://" not in page.replace("http://www.w3.org", "")
    same = cli("check", EXAMPLES, "--format", "html", "--output", tmp_path / "again.html")
    assert same.code == 1
    assert (tmp_path / "again.html").read_text(encoding="utf-8") == page


def test_report_with_unreadable_input_exits_2(cli, tmp_path):
    assert cli("report", tmp_path / "missing.txt", "-o", tmp_path / "r.html").code == 2
