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
    worst = min((SEVERITY_RANK[f.severity] for f in findings), default=None)
    if fail_under is not None and overall < fail_under:
        return "fail"
    if worst is not None and fail_on != "never" and worst <= SEVERITY_RANK[fail_on]:
        return "fail"
    if worst is not None and worst <= SEVERITY_RANK["warning"]:
        return "warn"
    return "pass"
