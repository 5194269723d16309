"""Scoring: penalties per finding (weighted by confidence) give the overall and
per-category scores, and severities, ``--fail-on`` and ``--fail-under`` give
the verdict."""

from __future__ import annotations

from qualitycheck.document.findings import Finding
from qualitycheck.pipeline.scoring import scores, verdict


def finding(severity: str, category: str = "boilerplate", confidence: float = 1.0) -> Finding:
    return Finding("r", category, severity, "m", 1, 1, 1, 0, 1, "x", confidence)


def test_scores_and_verdicts():
    penalties = {"error": 25.0, "warning": 10.0, "info": 2.0}
    result = scores(
        [(finding("error"), 1.0), (finding("warning", "language", 0.5), 2.0)], penalties
    )
    assert result["overall"] == 65.0
    assert result["boilerplate"] == 75.0 and result["language"] == 90.0
    assert result["machine_translation"] == 100.0
    assert verdict([], 100.0, "error", None) == "pass"
    assert verdict([finding("info")], 98.0, "error", None) == "pass"
    assert verdict([finding("warning")], 90.0, "error", None) == "warn"
    assert verdict([finding("warning")], 90.0, "warning", None) == "fail"
    assert verdict([finding("error")], 75.0, "never", None) == "warn"
    assert verdict([finding("info")], 98.0, "error", 99.0) == "fail"
