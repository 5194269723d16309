"""``benchmarks/clean_precision.py`` counts what ``clean`` removes at each
``--min-severity`` (docs/accuracy.md, "What clean removes"), on a page written
here with the rules alone."""

from __future__ import annotations

import json

from conftest import load_benchmark

from qualitycheck.config.settings import Config
from qualitycheck.pipeline.checker import Checker

BENCH = load_benchmark("clean_precision")
BODY = (
    "The ferry between the two islands will run every twenty minutes from May, "
    "the operator said on Tuesday."
)


def test_removed_lines_are_counted_per_level_with_headlines_wrong(tmp_path):
    page = [
        ("Ferry timetable changes in May", "title"),
        ("Share This Article", "boilerplate"),  # boilerplate-share: error
        (BODY, "content"),
        ("7 Min Read", "boilerplate"),  # boilerplate-reading-time: info
        ("Tickets stay at the same price for the whole of the summer season.", "content"),
        ("Comments are closed.", "boilerplate"),  # no rule: kept at every level
    ]
    path = tmp_path / "dev.jsonl"
    record = {"id": "p", "text": "\n".join(t for t, _ in page), "lines": [y for _, y in page]}
    path.write_text(json.dumps(record) + "\n", encoding="utf-8")

    counts = BENCH.pages(Checker(Config(use_models=False)), path)

    assert counts["info"] == {
        "removed_boilerplate": 2,
        "removed_content": 0,
        "removed_title": 0,
        "kept_boilerplate": 1,
        "precision": 1.0,
        "recall": 0.667,
    }
    assert counts["warning"]["removed_boilerplate"] == 1
    assert counts["warning"]["kept_boilerplate"] == 2
    assert counts["error"]["removed_boilerplate"] == 1  # the share bar only
    assert counts["error"]["removed_content"] == 0
