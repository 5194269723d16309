"""Shipped severities follow measured precision (issue 14.1).

``docs/severity-table.json`` is written by ``python -m qualitycheck.tools.precision``
from labeled data. These tests fail when a rule file or the model registry ships a
severity the table does not show, when the table's severity column does not follow
from its own counts (a hand edit), and, where ``../shared`` is present, when a fresh
measurement earns a different severity than the one shipped or counts other hits than
the table shows (the published precision must be what its command measures).
"""

from __future__ import annotations

import json

import pytest
from conftest import SHARED

from qualitycheck.tools.precision import TABLE, earned, measure, shipped_severities


def committed() -> list[dict[str, object]]:
    rows: list[dict[str, object]] = json.loads(TABLE.read_text(encoding="utf-8"))
    return rows


def test_every_shipped_detector_has_a_row_and_its_severity() -> None:
    table = {str(row["detector"]): row["severity"] for row in committed()}
    shipped = shipped_severities()
    assert set(shipped) == set(table), "regenerate: python -m qualitycheck.tools.precision"
    differ = {d: (shipped[d], table[d]) for d in shipped if shipped[d] != table[d]}
    assert differ == {}, f"shipped vs earned severity differ: {differ}"


def test_the_severity_column_follows_from_the_counts() -> None:
    for row in committed():
        hits, right = int(str(row["hits"])), int(str(row["right"]))
        assert row["severity"] == earned(right, hits), row


def test_earned_thresholds() -> None:
    assert earned(20, 20) == "error"
    assert earned(19, 19) == "warning"  # too few hits for an error
    assert earned(97, 100) == "error"
    assert earned(96, 100) == "warning"
    assert earned(8, 10) == "warning"
    assert earned(9, 9) == "info"  # too few hits for a warning
    assert earned(79, 100) == "info"
    assert earned(0, 0) == "info"


@pytest.mark.skipif(not (SHARED / "corpus").is_dir(), reason="needs ../shared")
def test_a_fresh_measurement_earns_the_shipped_severities() -> None:
    rows = measure(SHARED / "corpus")
    shipped = shipped_severities()
    differ = {r.detector: (shipped[r.detector], r.severity) for r in rows}
    differ = {d: pair for d, pair in differ.items() if pair[0] != pair[1]}
    assert differ == {}, f"shipped vs measured severity differ: {differ}"
    # The table's counts are what its command measures today: a rule change
    # that moves a detector's hits without a change of severity left the
    # published precision stale (mt-unbalanced-quotes read 67 of 139 when it
    # was 67 of 119).
    fresh = {r.detector: (r.hits, r.right) for r in rows}
    table = {str(r["detector"]): (r["hits"], r["right"]) for r in committed()}
    stale = {d: (table.get(d), counts) for d, counts in fresh.items() if table.get(d) != counts}
    assert stale == {}, f"regenerate: python -m qualitycheck.tools.precision ({stale})"


def test_mt_is_measured_on_the_news_the_gate_sees_too(tmp_path) -> None:
    # A corpus written here: one WMT record per split, one PolNeAR article, one
    # page whose content line survives the cut; the mixture holds all three.
    from qualitycheck.tools.precision import _mt_with_web_news

    story = "The council approved the budget for the new bridge on Monday, the mayor said."
    rows = {
        "mt": {"id": "w1", "text": story, "label": "machine", "source": "wmt22", "group": "g"},
        "attribution": {"id": "p1", "text": story + " Work starts in June."},
        "boilerplate": {
            "id": "b1",
            "text": "Share This Article\n" + story + " Shops stay open during the work.",
            "lines": ["boilerplate", "content"],
        },
    }
    for task, row in rows.items():
        (tmp_path / task).mkdir()
        for split in ("dev", "train"):
            (tmp_path / task / f"{split}.jsonl").write_text(json.dumps(row) + "\n", "utf-8")
    dev, train = _mt_with_web_news(tmp_path, tmp_path)
    records = [json.loads(line) for line in dev.read_text("utf-8").splitlines()]
    assert [r["label"] for r in records] == ["machine", "original", "original"]
    assert "Share This Article" not in records[2]["text"]
    assert train.read_text("utf-8").count("\n") == 3
