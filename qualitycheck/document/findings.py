"""Findings: what a detector reports, in the shape of the JSON contract."""

from __future__ import annotations

from dataclasses import dataclass, fields
from operator import attrgetter
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from qualitycheck.document.article import Article, Block

CATEGORIES = (
    "boilerplate",
    "machine_translation",
    "unsupported_claim",
    "language",
    "readability",
    # Problems with suppression comments (pipeline/suppressions.py): no rule
    # pack has this category, and its findings cost no score points.
    "suppression",
)
#: The categories a rule in a pack may have.
RULE_CATEGORIES = tuple(c for c in CATEGORIES if c != "suppression")
SEVERITIES = ("error", "warning", "info")

#: Severity order, most severe first (for sorting and thresholds).
SEVERITY_RANK = {"error": 0, "warning": 1, "info": 2}


@dataclass(frozen=True, slots=True)
class Finding:
    """One problem at one place: ``text == source[start:end]``."""

    rule: str
    category: str
    severity: str
    message: str
    line: int
    end_line: int
    column: int
    start: int
    end: int
    text: str
    confidence: float = 1.0
    #: What to write instead (a ``swap`` rule's replacement), when the rule knows.
    suggestion: str | None = None
    #: The kind of machine-translation damage (:mod:`qualitycheck.document.artifacts`),
    #: when the rule names one.
    artifact: str | None = None

    @classmethod
    def at(
        cls,
        article: Article,
        block: Block,
        span: tuple[int, int],
        *,
        rule: str,
        category: str,
        severity: str,
        message: str,
        confidence: float = 1.0,
        suggestion: str | None = None,
        artifact: str | None = None,
    ) -> Finding:
        """A finding for the block-text ``span``, located in the source."""
        location = article.locate(block, *span)
        return cls(
            rule=rule,
            category=category,
            severity=severity,
            message=message,
            line=location.line,
            end_line=location.end_line,
            column=location.column,
            start=location.start,
            end=location.end,
            text=article.source[location.start : location.end],
            confidence=round(max(0.0, min(1.0, confidence)), 4),
            suggestion=suggestion,
            artifact=artifact,
        )

    def as_dict(self) -> dict[str, object]:
        """The finding as the JSON contract spells it (docs/json-output.md)."""
        return {
            "rule": self.rule,
            "category": self.category,
            "severity": self.severity,
            "message": self.message,
            "line": self.line,
            "end_line": self.end_line,
            "column": self.column,
            "start": self.start,
            "end": self.end,
            "text": self.text,
            "confidence": round(self.confidence, 4),
            # Added only where a rule suggests a replacement (docs/json-output.md).
            **({"suggestion": self.suggestion} if self.suggestion is not None else {}),
            # Added only where the rule names the kind of translation damage.
            **({"artifact": self.artifact} if self.artifact is not None else {}),
        }

    def sort_key(self) -> tuple[int, int, int, str]:
        return (self.start, self.end, SEVERITY_RANK[self.severity], self.rule)

    def __reduce__(self) -> tuple[type[Finding], tuple[Any, ...]]:
        # The field values in order, read in C: a slots dataclass otherwise
        # pickles through ``dataclasses``' Python ``__getstate__``, which looks
        # the fields up for every finding a ``--jobs`` worker sends back.
        return (Finding, _field_values(self))


_field_values = attrgetter(*(field.name for field in fields(Finding)))


def merge_findings(findings: list[Finding]) -> list[Finding]:
    """One finding per (category, span), the most severe (the first on ties),
    sorted by position: rules and models may see the same problem."""
    best: dict[tuple[str, int, int], Finding] = {}
    for finding in findings:
        key = (finding.category, finding.start, finding.end)
        kept = best.get(key)
        if kept is None or SEVERITY_RANK[finding.severity] < SEVERITY_RANK[kept.severity]:
            best[key] = finding
    return sorted(best.values(), key=Finding.sort_key)
