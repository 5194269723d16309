"""Scoring: penalties per finding (weighted by confidence) give the overall and
per-category scores, and severities, ``--fail-on`` and ``--fail-under`` give
the verdict."""

from __future__ import annotations

from qualitycheck.document.findings import Finding
from qualitycheck.pipeline.scoring import judge, scores, verdict


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


def named(severity: str, rule: str) -> Finding:
    return Finding(rule, "boilerplate", severity, "m", 1, 1, 1, 0, 1, "x")


def test_the_verdict_says_why():
    two_errors = [named("warning", "w-1"), named("error", "e-1"), named("error", "e-2")]
    assert judge(two_errors, 30.0, "error", None) == (
        "fail",
        "2 errors (e-1, e-2) at or above fail_on error",
    )
    assert judge(two_errors, 30.0, "warning", None) == (
        "fail",
        "2 errors, 1 warning (e-1, e-2, w-1) at or above fail_on warning",
    )
    assert judge([named("warning", "w-1")], 90.0, "error", None) == (
        "warn",
        "1 warning (w-1); fail_on is error",
    )
    assert judge(two_errors, 30.0, "never", None)[1].endswith("the gate is off (fail_on never)")
    assert judge([named("info", "i")] * 2, 96.0, "error", 97.0) == (
        "fail",
        "overall score 96 is below fail_under 97",
    )
    assert judge([named("info", "i")] * 2, 96.0, "error", None) == ("pass", "only 2 info findings")
    assert judge([], 100.0, "error", None) == ("pass", "no findings")
    many = [named("error", f"e-{n}") for n in range(5)]
    assert judge(many, 0.0, "error", None)[1] == (
        "5 errors (e-0, e-1, e-2, ...) at or above fail_on error"
    )


def test_the_reason_reaches_json_and_text(cli, tmp_path):
    from conftest import BOILERPLATE_ARTICLE, check_json, write

    write(tmp_path / "story.txt", BOILERPLATE_ARTICLE)
    [article] = check_json(cli, "story.txt", "--no-models").json()["articles"]
    assert article["verdict"] == "fail"
    assert article["verdict_reason"] == "1 error (boilerplate-share) at or above fail_on error"
    text = cli("check", "story.txt", "--no-models").out
    assert "fail  score" in text and "(1 error (boilerplate-share) at or above" in text
