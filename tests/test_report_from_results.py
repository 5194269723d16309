"""``report --from-results DIR`` reads result rows it did not write itself:
anything that is not one (another tool's JSONL, a damaged summary) stops the
report with one line naming the file and line, not a traceback."""

from __future__ import annotations

import json

import pytest
from conftest import BOILERPLATE_ARTICLE, write


@pytest.fixture
def results(cli, tmp_path):
    article = write(tmp_path / "in" / "a.txt", BOILERPLATE_ARTICLE)
    folder = tmp_path / "results"
    folder.mkdir()
    checked = cli("check", article, "--format", "jsonl", "-o", folder / "part-0.jsonl")
    assert checked.code in (0, 1), checked.err
    return folder


def test_rows_written_by_check_make_a_report(cli, results, tmp_path):
    result = cli("report", "--from-results", results, "-o", tmp_path / "r.html")
    assert result.code == 0, result.err
    assert "a.txt" in (tmp_path / "r.html").read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("row", "problem"),
    [
        ({"a": 1}, "no 'id', 'path', 'title', 'language', 'verdict', 'scores', "),
        ([1, 2], "a JSON list, not an object"),
        ("verdict-maybe", "verdict 'maybe' is not pass, warn or fail"),
        ("finding-bare", "finding 1 lacks fields of a finding"),
    ],
)
def test_a_row_that_is_not_a_result_names_its_file_and_line(cli, results, tmp_path, row, problem):
    shard = results / "part-0.jsonl"
    good = json.loads(shard.read_text(encoding="utf-8").splitlines()[0])
    if row == "verdict-maybe":
        row = {**good, "verdict": "maybe"}
    elif row == "finding-bare":
        row = {**good, "findings": [{"rule": "x"}]}
    write(results / "part-1.jsonl", json.dumps(good) + "\n" + json.dumps(row) + "\n")
    result = cli("report", "--from-results", results, "-o", tmp_path / "r.html")
    assert result.code == 2
    assert result.err.splitlines()[-1].startswith(
        f"qualitycheck: error: {results / 'part-1.jsonl'}:2: not a result row: {problem}"
    ), result.err
    assert not (tmp_path / "r.html").exists()


def test_a_damaged_run_summary_is_named(cli, results, tmp_path):
    write(results / "summary.json", json.dumps({"summary": {"articles": 1}}))
    result = cli("report", "--from-results", results, "-o", tmp_path / "r.html")
    assert result.code == 2
    assert result.err.splitlines()[-1] == (
        f"qualitycheck: error: {results / 'summary.json'}: not a run summary: no 'pass'"
    )


def test_min_severity_applies_to_a_report_from_results(cli, results, tmp_path):
    """It was ignored without a word, though report --help promises it."""
    import re

    target = tmp_path / "r.html"
    result = cli("report", "--from-results", results, "--min-severity", "error", "-o", target)
    assert result.code == 0, result.err
    page = target.read_text(encoding="utf-8")
    assert "--min-severity error</code>" in page
    data = json.loads(re.search(r'id="qc-data">(.*?)</script>', page, re.S).group(1))
    severities = {f["severity"] for a in data["articles"] for f in a["findings"]}
    assert severities == {"error"} and data["min_severity"] == "error"
