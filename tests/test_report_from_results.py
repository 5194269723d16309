"""``report --from-results DIR`` reads result rows it did not write itself:
anything that is not one (another tool's JSONL, a damaged summary) stops the
report with one line naming the file and line, not a traceback."""

from __future__ import annotations

import gzip
import json

import pytest
from conftest import BOILERPLATE_ARTICLE, CLEAN_ARTICLE, write


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


def test_a_report_named_for_a_compression_is_compressed(cli, results, tmp_path):
    """``report PATH -o r.html.gz`` is compressed; from results the same name
    held plain HTML (written apart from check's renderers)."""
    result = cli("report", "--from-results", results, "-o", tmp_path / "r.html.gz")
    assert result.code == 0, result.err
    with gzip.open(tmp_path / "r.html.gz", "rt", encoding="utf-8") as stream:
        assert "a.txt" in stream.read()


@pytest.mark.parametrize(
    ("row", "problem"),
    [
        ({"a": 1}, "no 'id', 'path', 'title', 'language', 'verdict', 'scores', "),
        ([1, 2], "a JSON list, not an object"),
        ("verdict-maybe", "verdict 'maybe' is not pass, warn or fail"),
        ("finding-bare", "finding 1 lacks fields of a finding"),
        ("path-number", "'path' is a JSON int, not text"),
        ("scores-text", "'scores' holds a value that is not a number"),
        ("end-list", "finding 1: 'end' is a JSON list, not an integer"),
        ("message-null", "finding 1: 'message' is null, not text"),
    ],
)
def test_a_row_that_is_not_a_result_names_its_file_and_line(cli, results, tmp_path, row, problem):
    shard = results / "part-0.jsonl"
    good = json.loads(shard.read_text(encoding="utf-8").splitlines()[0])
    if row == "verdict-maybe":
        row = {**good, "verdict": "maybe"}
    elif row == "finding-bare":
        row = {**good, "findings": [{"rule": "x"}]}
    elif row == "path-number":  # each of these was a traceback
        row = {**good, "path": 7}
    elif row == "scores-text":
        row = {**good, "scores": {**good["scores"], "overall": "high"}}
    elif row in ("end-list", "message-null"):
        name, value = ("end", [1]) if row == "end-list" else ("message", None)
        row = {**good, "findings": [{**good["findings"][0], name: value}]}
    write(results / "part-1.jsonl", json.dumps(good) + "\n" + json.dumps(row) + "\n")
    result = cli("report", "--from-results", results, "-o", tmp_path / "r.html")
    assert result.code == 2
    assert result.err.splitlines()[-1].startswith(
        f"qualitycheck: error: {results / 'part-1.jsonl'}:2: not a result row: {problem}"
    ), result.err
    assert not (tmp_path / "r.html").exists()


@pytest.mark.parametrize(
    ("line", "problem"),
    [
        (b"[" * 100_000 + b"]" * 100_000, "not a result row: nested too deeply"),
        (b'{"id": "\xff"}', "not UTF-8"),
    ],
    ids=["deep", "latin-1"],
)
def test_a_line_json_cannot_read_names_its_file_and_line(cli, results, tmp_path, line, problem):
    # Both were tracebacks (RecursionError, UnicodeDecodeError).
    shard = results / "part-0.jsonl"
    (results / "part-1.jsonl").write_bytes(shard.read_bytes() + line + b"\n")
    result = cli("report", "--from-results", results, "-o", tmp_path / "r.html")
    assert result.code == 2
    assert result.err.splitlines()[-1] == (
        f"qualitycheck: error: {results / 'part-1.jsonl'}:2: {problem}"
    ), result.err


@pytest.mark.parametrize(
    ("summary", "problem"),
    [
        ({"articles": "1"}, "'articles' is not a count"),
        ({"findings": {"error": "2"}}, "'findings' is not a table of counts"),
        ({"input_errors": [{"path": 1, "message": "x"}]}, "'input_errors' holds a value"),
        ("[" * 100_000, "nested too deeply"),
    ],
    ids=["articles", "findings", "input-errors", "deep"],
)
def test_a_run_summary_of_wrong_types_is_named(cli, results, tmp_path, summary, problem):
    # Each was a traceback (TypeError adding a string, RecursionError).
    counts = {
        "articles": 1,
        **{"pass": 0, "warn": 1, "fail": 0},
        "findings": {"warning": 1},
        "categories": {"boilerplate": 1},
        "input_errors": [],
    }
    text = summary if isinstance(summary, str) else json.dumps({"summary": {**counts, **summary}})
    write(results / "summary.json", text)
    result = cli("report", "--from-results", results, "-o", tmp_path / "r.html")
    assert result.code == 2
    assert result.err.splitlines()[-1].startswith(
        f"qualitycheck: error: {results / 'summary.json'}: not a run summary: {problem}"
    ), result.err


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


def test_an_input_changed_since_the_run_is_shown_without_text_not_misplaced(
    cli, tmp_path, monkeypatch
):
    """The report reads each input again for the articles' text: an input
    edited since the run put the stored offsets on other words, silently."""
    from qualitycheck.config.loading import load_config
    from qualitycheck.dask.run import _run_item, finish, plan
    from qualitycheck.dask.shards import RunConfig

    monkeypatch.chdir(tmp_path)
    rows = [
        {"id": "r1", "text": BOILERPLATE_ARTICLE},
        {"id": "r2", "text": BOILERPLATE_ARTICLE.replace("useum", "ibrary")},
    ]
    feed = write(tmp_path / "shards" / "a.jsonl", "".join(json.dumps(r) + "\n" for r in rows))
    config = load_config(None)
    items = plan(["shards"], config, tmp_path / "res")
    finish([_run_item(item, RunConfig.of(config)) for item in items], tmp_path / "res")
    summary = json.loads((tmp_path / "res" / "summary.json").read_text(encoding="utf-8"))
    assert [len(s["input_sha256"]) for s in summary["shards"]] == [64]

    same = cli("report", "--from-results", "res", "-o", "same.html", cwd=tmp_path)
    assert same.code == 0 and "changed since the run" not in same.err
    assert "The city museum reopened" in (tmp_path / "same.html").read_text(encoding="utf-8")

    rows[0]["text"] = "Updated on Friday.\n" + rows[0]["text"]
    feed.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    changed = cli("report", "--from-results", "res", "-o", "changed.html", cwd=tmp_path)
    assert changed.code == 0
    assert (
        "warning: shards/a.jsonl: changed since the run checked it; its articles are shown "
        "without text" in changed.err
    )
    page = (tmp_path / "changed.html").read_text(encoding="utf-8")
    assert "Updated on Friday" not in page  # the new text is not shown under the old offsets


def test_an_input_whose_name_is_not_utf8_is_read_again_for_its_text(cli, tmp_path, monkeypatch):
    """Results name such a file with ``\\xe9`` escapes (``shown``), which opened
    no file: the report said "cannot open: No such file or directory" for a
    file that was there, and showed its article without text."""
    import os

    from qualitycheck.config.loading import load_config
    from qualitycheck.dask.run import _run_item, finish, plan
    from qualitycheck.dask.shards import RunConfig

    monkeypatch.chdir(tmp_path)
    (tmp_path / "in").mkdir()
    try:
        with open(os.path.join(b"in", b"caf\xe9.txt"), "wb") as stream:
            stream.write(BOILERPLATE_ARTICLE.encode())
    except (OSError, UnicodeError):
        pytest.skip("the file system takes no file name that is not UTF-8")
    config = load_config(None)
    items = plan(["in"], config, tmp_path / "res")
    finish([_run_item(item, RunConfig.of(config)) for item in items], tmp_path / "res")
    (shard,) = sorted((tmp_path / "res").glob("0*"))
    assert json.loads(shard.read_text(encoding="utf-8"))["path"] == "in/caf\\xe9.txt"

    result = cli("report", "--from-results", "res", "-o", "r.html", cwd=tmp_path)
    assert result.code == 0 and "qualitycheck: warning" not in result.err, result.err
    assert "The city museum reopened" in (tmp_path / "r.html").read_text(encoding="utf-8")


def test_shown_names_undo_the_escapes_of_bytes_that_are_not_utf8():
    from qualitycheck.readers.discovery import shown, shown_names

    name = b"d\xe9j\xe0/caf\xc3\xa9-\\x41.txt".decode("utf-8", "surrogateescape")
    assert shown(name) == "d\\xe9j\\xe0/café-\\x41.txt"
    assert shown_names(shown(name)) == [shown(name), name]
    assert shown_names("plain/caf\u00e9.txt") == ["plain/caf\u00e9.txt"]


def test_report_says_what_it_counted_as_check_does_unless_quiet(cli, tmp_path):
    """``report`` said only ``wrote FILE``; now the run's counts too, worded
    as check's summary line, from a check and from results alike; -q drops it."""
    write(tmp_path / "in" / "a.txt", BOILERPLATE_ARTICLE)
    write(tmp_path / "in" / "b.txt", CLEAN_ARTICLE)
    checked = cli("check", tmp_path / "in", "--no-models", "--format", "text")
    line = checked.out.strip().splitlines()[-1]
    assert line.startswith("2 articles checked: ") and "1 fail" in line, checked.out
    target = tmp_path / "r.html"
    report = cli("report", tmp_path / "in", "--no-models", "-o", target)
    assert report.code == 0, report.err
    assert report.err.splitlines() == [f"qualitycheck: {line}", f"qualitycheck: wrote {target}"]
    quiet = cli("report", tmp_path / "in", "--no-models", "-o", target, "-q")
    assert quiet.err.splitlines() == [f"qualitycheck: wrote {target}"]
    html = cli("check", tmp_path / "in", "--no-models", "--format", "html", "-o", target)
    assert "checked" not in html.err  # check's own HTML output: no line on stderr
    folder = tmp_path / "results"
    folder.mkdir()
    cli("check", tmp_path / "in", "--no-models", "--format", "jsonl", "-o", folder / "p.jsonl")
    again = cli("report", "--from-results", folder, "-o", target)
    assert again.err.splitlines() == [f"qualitycheck: {line}", f"qualitycheck: wrote {target}"]
    quiet = cli("report", "--from-results", folder, "-o", target, "-q")
    assert quiet.err.splitlines() == [f"qualitycheck: wrote {target}"]
