"""Scores and verdicts (documented in docs/scoring.md).

Each finding costs points by severity (error 25, warning 10, info 2 by
default), scaled by its rule's weight and its confidence. A category score is
100 minus the points of its findings, an article's overall score 100 minus
all points, both floored at 0. The verdict is ``fail`` when a finding is at
or above ``fail_on`` or the overall score is below ``fail_under``; ``warn``
when any warning or error remains; otherwise ``pass``.
"""

from __future__ import annotations

from collections.abc import Iterable

from qualitycheck.document.findings import CATEGORIES, SEVERITY_RANK, Finding


def scores(
    findings: Iterable[tuple[Finding, float]], penalties: dict[str, float]
) -> dict[str, float]:
    """``overall`` and one score per category from ``(finding, weight)`` pairs."""
    lost = dict.fromkeys(CATEGORIES, 0.0)
    for finding, weight in findings:
        lost[finding.category] += penalties[finding.severity] * weight * finding.confidence
    result = {"overall": round(max(0.0, 100.0 - sum(lost.values())), 1)}
    for category in CATEGORIES:
        result[category] = round(max(0.0, 100.0 - lost[category]), 1)
    return result


def verdict(
    findings: Iterable[Finding], overall: float, fail_on: str, fail_under: float | None
) -> str:
    """``pass``, ``warn`` or ``fail`` for one article."""
    return judge(list(findings), overall, fail_on, fail_under)[0]


def judge(
    findings: list[Finding], overall: float, fail_on: str, fail_under: float | None
) -> tuple[str, str]:
    """The verdict and the reason for it, in words a user can check.

    Score and verdict answer different questions (the score adds up every
    finding; the verdict looks at the worst one and at ``fail_under``), so an
    article can score 37 and warn while another scores 67 and fails: the reason
    says which findings decided.
    """
    worst = min((SEVERITY_RANK[f.severity] for f in findings), default=None)
    if fail_under is not None and overall < fail_under:
        return "fail", f"overall score {overall:g} is below fail_under {fail_under:g}"
    if worst is not None and fail_on != "never" and worst <= SEVERITY_RANK[fail_on]:
        deciding = [f for f in findings if SEVERITY_RANK[f.severity] <= SEVERITY_RANK[fail_on]]
        return "fail", f"{_counted(deciding)} at or above fail_on {fail_on}"
    if worst is not None and worst <= SEVERITY_RANK["warning"]:
        warnings = [f for f in findings if SEVERITY_RANK[f.severity] <= SEVERITY_RANK["warning"]]
        gate = "the gate is off (fail_on never)" if fail_on == "never" else f"fail_on is {fail_on}"
        return "warn", f"{_counted(warnings)}; {gate}"
    if findings:
        return "pass", f"only {_plural(len(findings), 'info finding')}"
    return "pass", "no findings"


def _plural(count: int, noun: str) -> str:
    return f"{count} {noun}" + ("" if count == 1 else "s")


def _counted(findings: list[Finding], most: int = 3) -> str:
    """``2 errors, 1 warning (boilerplate-share, boilerplate-date-line, ...)``."""
    by_severity = [
        _plural(sum(1 for f in findings if f.severity == severity), severity)
        for severity in ("error", "warning")
        if any(f.severity == severity for f in findings)
    ]
    ranked = sorted(findings, key=lambda f: SEVERITY_RANK[f.severity])
    rules = list(dict.fromkeys(f.rule for f in ranked))
    shown = ", ".join(rules[:most]) + (", ..." if len(rules) > most else "")
    return f"{', '.join(by_severity)} ({shown})"
