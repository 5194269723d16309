"""``benchmarks/mt_short_texts.py`` measures what docs/accuracy.md says ("Too
short to judge"): excerpts cut at word budgets, and texts under the floor
counted as having no verdict."""

from __future__ import annotations

import json

from conftest import load_benchmark

BENCH = load_benchmark("mt_short_texts")


def test_excerpt_is_the_shortest_opening_run_of_lines_with_the_budget():
    text = "one two three\n\nfour five\nsix seven eight nine\n"
    assert BENCH.excerpt(text, 3) == "one two three"
    assert BENCH.excerpt(text, 4) == "one two three\nfour five"
    assert BENCH.excerpt(text, 9) == "one two three\nfour five\nsix seven eight nine"
    assert BENCH.excerpt(text, 10) is None


def _write(path, rows):
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")


def test_the_floor_removes_verdicts_from_short_texts(tmp_path, capsys):
    # Written here: a long and a short "machine" record, one original, one
    # sentence; too little for any threshold to matter, only counts.
    long_text = "\n".join(
        f"The ferry number {i} left the harbour at dawn and came back late in the evening."
        for i in range(12)
    )
    _write(
        tmp_path / "mt" / "dev.jsonl",
        [
            {"id": "m1", "text": long_text, "label": "machine", "system": "s", "src_lang": "de"},
            {"id": "m2", "text": "The ferry left.", "label": "machine", "system": "s"},
        ],
    )
    _write(tmp_path / "attribution" / "dev.jsonl", [{"id": "p1", "text": long_text}])
    _write(tmp_path / "boilerplate" / "dev.jsonl", [])
    _write(
        tmp_path / "claims" / "dev.jsonl",
        [{"id": "c1", "text": "The ferry is widely considered the best in the county."}],
    )

    def run(*extra):
        assert BENCH.main(["--corpus", str(tmp_path), "--json", *extra]) == 0
        return json.loads(capsys.readouterr().out)

    shipped, without = run(), run("--min-words", "0")
    # Every budget up to the long texts' length is measured without the floor...
    assert without["excerpts"]["10"]["machine"][1] == 1
    assert without["excerpts"]["10"]["original"][1] == 1
    assert without["sentences"]["1-10"][1] == 1
    # ...and with the floor the ten-word excerpts and the sentence get no verdict.
    assert shipped["excerpts"]["10"] == {}
    assert shipped["sentences"]["1-10"][1] == 0
    assert shipped["excerpts"]["80"] == without["excerpts"]["80"]
