"""``benchmarks/mt_artifact_evidence.py`` counts what it says: the mt rule
findings of a document per artifact kind per 100 words (docs/accuracy.md
decided on those counts that the findings do not join the article score)."""

from __future__ import annotations

import pytest
from conftest import load_benchmark

import qualitycheck
from qualitycheck.document.artifacts import ARTIFACTS

BENCH = load_benchmark("mt_artifact_evidence")

# Written here: one unclosed quotation mark and one day name set off after
# "today", a share widget (a finding of another category); the model's
# article-level finding (if any) names no kind and is not counted.
TEXT = (
    "The port authority said today, Wednesday, that dredging would start in May. "
    "“The channel is too shallow for the new ferries, the harbour master said on Monday. "
    "Work on the northern pier will follow in the autumn, the authority added.\n\n"
    "Share This Article\n"
)


def test_counts_are_mt_findings_per_kind_per_100_words():
    findings = qualitycheck.check_text(TEXT, title="Harbour").findings
    counts = BENCH.artifact_counts(TEXT, findings)
    words = len(BENCH._WORD.findall(TEXT))
    assert counts["punctuation"] == pytest.approx(100 / words)
    assert counts["unnatural_wording"] == pytest.approx(100 / words)
    assert counts["any"] == pytest.approx(200 / words) and counts["present"] == 1.0
    assert set(counts) == {*ARTIFACTS, "any", "present"}
    assert BENCH.artifact_counts("Plain words here.", [])["present"] == 0.0
