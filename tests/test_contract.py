"""The JSON output contract: schema, exact positions, stability."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import jsonschema
from conftest import EXAMPLES, REPO, SEEDS, assert_positions, needs_shared

from qualitycheck.version import SCHEMA_VERSION

SCHEMA = json.loads((REPO / "docs" / "json-output.schema.json").read_text(encoding="utf-8"))


def assert_positions_match_source(document: dict) -> int:
    """Every finding of every article points at its text; how many were checked."""
    return sum(assert_positions(article) for article in document["articles"])


def test_examples_output_follows_the_schema_and_positions_are_exact(cli):
    result = cli("check", EXAMPLES, "--format", "json")
    assert result.code == 1
    document = result.json()
    jsonschema.validate(document, SCHEMA)
    assert document["tool"]["name"] == "qualitycheck"
    assert assert_positions_match_source(document) > 10
    verdicts = {
        Path(a["path"]).name + (f"#{a['id']}" if a["record_line"] else ""): a["verdict"]
        for a in document["articles"]
    }
    assert verdicts["clean-harbour-report.txt"] == "pass"
    assert verdicts["newsroom-feed.jsonl#feed-001"] == "pass"
    assert verdicts["scraped-bridge-story.txt"] == "fail"


def test_crlf_files_give_the_same_findings_and_lines(cli, tmp_path):
    lf_dir, crlf_dir = tmp_path / "lf", tmp_path / "crlf"
    shutil.copytree(EXAMPLES, lf_dir)
    crlf_dir.mkdir()
    for path in sorted(lf_dir.iterdir()):
        data = path.read_bytes()
        if path.suffix == ".jsonl":
            continue  # record texts carry their own newlines
        (crlf_dir / path.name).write_bytes(data.replace(b"\n", b"\r\n"))

    def summary(folder: Path) -> list[tuple]:
        document = cli("check", folder, "--format", "json").json()
        assert_positions_match_source(document)
        return [
            (Path(a["path"]).name, f["rule"], f["line"], f["end_line"], f["column"], f["text"])
            for a in document["articles"]
            if not a["path"].endswith(".jsonl")
            for f in a["findings"]
        ]

    lf, crlf = summary(lf_dir), summary(crlf_dir)
    assert lf and lf == crlf


def test_jsonl_output_streams_one_article_per_line(cli):
    result = cli("check", EXAMPLES, "--format", "jsonl")
    lines = result.out.splitlines()
    records = [json.loads(line) for line in lines]
    assert len(records) == len(cli("check", EXAMPLES, "--format", "json").json()["articles"])
    for record in records:
        jsonschema.validate(record, SCHEMA["$defs"]["article"] | {"$defs": SCHEMA["$defs"]})
        assert record["schema_version"] == SCHEMA_VERSION


def test_same_input_gives_byte_identical_output(cli):
    first = cli("check", EXAMPLES, "--format", "json").out
    second = cli("check", EXAMPLES, "--format", "json").out
    assert first == second


def test_output_file_is_written_and_nothing_else_is_left(cli, tmp_path):
    target = tmp_path / "out" / "result.json"
    result = cli("check", EXAMPLES, "--format", "json", "--output", target)
    assert result.code == 1
    assert json.loads(target.read_text(encoding="utf-8"))["summary"]["articles"] >= 5
    assert [p.name for p in target.parent.iterdir()] == ["result.json"]


@needs_shared()
def test_seeds_follow_the_contract_and_fail(cli):
    result = cli("check", SEEDS, "--format", "json")
    assert result.code == 1
    document = result.json()
    jsonschema.validate(document, SCHEMA)
    assert len(document["articles"]) == 5
    assert assert_positions_match_source(document) > 0
    flagged = {
        f["text"]
        for a in document["articles"]
        for f in a["findings"]
        if f["category"] == "boilerplate"
    }
    for line in (
        "Share This Article",
        "7 Min Read",
        "Must read",
        "Latest article",
        "No Comment! Be the first one.",
        "Leave a Reply",
    ):
        assert line in flagged
