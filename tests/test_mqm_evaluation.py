"""`qualitycheck evaluate --task mqm`: mt findings against translators' error
spans, on a record written here (and on ../shared/corpus/mqm when present)."""

from __future__ import annotations

import json
import random

import pytest
from conftest import SHARED

from qualitycheck.tools.mqm_evaluation import (
    agreed_regions,
    first_words,
    fs_per_100_words,
    gold_spans,
    pearson,
    random_spans,
    sentences,
    spearman,
)

TEXT = (
    "The fair opened today, Thursday, with 3,5 billion euros of orders.\n"
    "The plan was approved on Monday."
)


def _error(start, end, category, rater):
    return {"start": start, "end": end, "category": category, "severity": "Minor", "rater": rater}


RECORD = {
    "id": "m1",
    "text": TEXT,
    "errors": [
        _error(38, 41, "Fluency/Punctuation", "r1"),
        _error(38, 49, "Fluency/Punctuation", "r2"),
        _error(67, 75, "Style/Unnatural or awkward", "r1"),
        _error(16, 21, "Accuracy/Mistranslation", "r2"),
    ],
    "mqm_doc": 1.1,
    "mqm_fs_doc": 0.6,
}


def test_gold_is_fluency_and_style_and_agreement_needs_two_raters():
    gold = gold_spans(RECORD)
    assert [category for _, category, _ in gold] == [
        "Fluency/Punctuation",
        "Fluency/Punctuation",
        "Style/Unnatural or awkward",
    ]
    assert agreed_regions(gold) == [(38, 49)]
    # One rater twice is no agreement; a zero-length span covers its neighbours.
    same = gold_spans({"errors": [_error(0, 4, "Fluency/Grammar", "a")] * 2})
    assert agreed_regions(same) == []
    assert gold_spans({"errors": [_error(9, 9, "Fluency/Punctuation", "a")]})[0][0] == (8, 10)


def test_baselines_and_correlations():
    assert [TEXT[s:e] for s, e in first_words(TEXT)] == ["The", "The"]
    assert [TEXT[s:e] for s, e in sentences(TEXT)] == TEXT.split("\n")
    spans = random_spans(TEXT, [3, 5], random.Random(0))
    assert len(spans) == 2 and all(0 <= s < e <= len(TEXT) for s, e in spans)
    assert spearman([1, 2, 3, 4], [10, 20, 30, 45]) == 1.0
    assert pearson([1, 2, 3], [3, 2, 1]) == -1.0
    assert spearman([1, 1], [1, 2]) is None


def test_findings_are_scored_against_the_spans(cli, tmp_path):
    path = tmp_path / "mqm.jsonl"
    path.write_text(json.dumps(RECORD) + "\n", encoding="utf-8")
    report = json.loads(cli("evaluate", "--task", "mqm", path, "--format", "json").out)
    assert (report["gold_spans"], report["agreed_regions"]) == (3, 1)
    # mt-day-apposition sits on an Accuracy span only; mt-decimal-comma on the agreed one.
    assert report["rules"]["mt-day-apposition"]["precision"] == 0.0
    assert report["rules"]["mt-day-apposition"]["precision_any_error"] == 1.0
    assert report["rules"]["mt-decimal-comma"]["precision"] == 1.0
    assert report["rules"]["mt-decimal-comma"]["agreed_recall"] == 1.0
    assert report["findings"]["recall"] == pytest.approx(0.6667)
    assert set(report["baselines"]) == {"every_sentence", "first_word", "random_equal_count"}
    assert report["by_source"]["unknown"]["findings"]["flagged"] == report["findings"]["flagged"]
    text = cli("evaluate", "--task", "mqm", path).out
    assert "baseline first_word" in text and "mt-decimal-comma" in text


def test_fluency_style_penalty_is_per_100_words():
    # Two segments, 20 words: 1.5 penalty points in all is 7.5 per 100 words,
    # whatever the segments' lengths (mqm_fs_doc would be their mean, 0.75).
    record = {
        "text": "one two three four five six seven eight nine ten\n" * 2,
        "mqm_fs": [1.0, 0.5],
    }
    assert fs_per_100_words(record) == pytest.approx(7.5)
    assert fs_per_100_words({"text": "", "mqm_fs": []}) == 0.0


def test_mt_probability_is_correlated_per_source(cli, tmp_path):
    sentence = "The committee said on Monday that the plan would be reviewed next year."
    records = [
        {
            "id": f"d{n}",
            # at least five sentences: the mt model judges 50 words or more
            "text": "\n".join([sentence] * (n + 5)),
            "source": source,
            "errors": [],
            "mqm_doc": float(n),
            "mqm_fs_doc": float(n),
            "mqm_fs": [float(n)] * (n + 5),
        }
        for n, source in enumerate(["news", "news", "news", "talks", "talks", "talks"])
    ]
    path = tmp_path / "mqm.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    correlation = json.loads(cli("evaluate", "--task", "mqm", path, "--format", "json").out)[
        "correlation"
    ]
    assert correlation["documents"] == 6
    assert {k: v["documents"] for k, v in correlation["by_source"].items()} == {
        "news": 3,
        "talks": 3,
    }
    assert "spearman_fs_per_100_words" in correlation
    assert set(correlation["by_source"]["news"]) == {
        "documents",
        "spearman_fs_per_100_words",
        "pearson_fs_per_100_words",
    }


@pytest.mark.skipif(
    not (SHARED / "corpus" / "mqm" / "dev.jsonl").is_file(), reason="../shared corpus absent"
)
def test_mqm_dev_runs_and_reports_baselines(cli):
    report = json.loads(
        cli(
            "evaluate", "--task", "mqm", SHARED / "corpus" / "mqm" / "dev.jsonl", "--format", "json"
        ).out
    )
    assert report["documents"] > 100 and report["agreed_regions"] > 50
    assert report["baselines"]["first_word"]["flagged"] > 1000
    assert report["correlation"]["documents"] == report["documents"]
    # mt_probability tells which translations read as machine-made, not how good
    # they are: no more than a weak correlation with the penalty per 100 words
    # (docs/accuracy.md, "Post-editing effort (issue 15.3)").
    by_source = report["correlation"]["by_source"]
    assert set(by_source) == {"wmt23-zhen-news", "ted-zhen"}
    assert all(abs(v["spearman_fs_per_100_words"]) < 0.4 for v in by_source.values())
    assert not report["input_errors"]
