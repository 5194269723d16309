"""The JSON contract (docs/json-output.md): the one place that spells the
field names other tools read. Every machine-readable renderer uses it."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from qualitycheck.config.suppressions import Suppression
from qualitycheck.document.findings import CATEGORIES, SEVERITIES
from qualitycheck.errors import InputError
from qualitycheck.pipeline.results import ArticleResult
from qualitycheck.version import __version__

TOOL = {"name": "qualitycheck", "version": __version__}


def article_dict(result: ArticleResult) -> dict[str, Any]:
    """One entry of ``articles``."""
    article = result.article
    return {
        "id": article.id,
        "path": article.path,
        "record_line": article.record_line,
        "title": article.title,
        "url": article.url,
        "language": result.language,
        "language_confidence": result.language_confidence,
        "verdict": result.verdict,
        "verdict_reason": result.verdict_reason,
        "scores": result.scores,
        "mt_probability": result.mt_probability,
        "metrics": result.metrics,
        "findings": [finding.as_dict() for finding in result.findings],
        "warnings": result.warnings,
    }


@dataclass(frozen=True)
class ConfigWarning:
    """A warning about a line of the configuration, not about an article."""

    path: str
    line: int | None
    rule: str
    message: str

    def as_dict(self) -> dict[str, Any]:
        return {"path": self.path, "line": self.line, "rule": self.rule, "message": self.message}


def unused_suppression_warnings(unused: Iterable[Suppression]) -> list[ConfigWarning]:
    """The config suppressions that hid no finding in a run, as the outputs
    show them (SARIF notifications, GitHub annotations, the JSON summary)."""
    return [
        ConfigWarning(
            s.origin,
            s.origin_line,
            "suppression-unused",
            f"unused suppression of {s.describe()}: it hid no finding",
        )
        for s in unused
    ]


@dataclass
class Summary:
    """Counts over a run, built up as results stream past."""

    articles: int = 0
    verdicts: dict[str, int] = field(default_factory=lambda: {"pass": 0, "warn": 0, "fail": 0})
    severities: dict[str, int] = field(default_factory=lambda: dict.fromkeys(SEVERITIES, 0))
    categories: dict[str, int] = field(default_factory=lambda: dict.fromkeys(CATEGORIES, 0))
    input_errors: list[InputError] = field(default_factory=list)
    #: Problems of the run's configuration found while checking (a config
    #: suppression that hid nothing, with ``--warn-unused-suppressions``).
    config_warnings: list[ConfigWarning] = field(default_factory=list)
    #: What ``--baseline`` accounted for: its path, findings baselined and
    #: recorded findings fixed (None without a baseline).
    baseline: dict[str, object] | None = None

    def add(self, result: ArticleResult) -> None:
        self.articles += 1
        self.verdicts[result.verdict] += 1
        for finding in result.findings:
            self.severities[finding.severity] += 1
            self.categories[finding.category] += 1

    def add_error(self, error: InputError) -> None:
        self.input_errors.append(error)

    def as_dict(self) -> dict[str, Any]:
        """The ``summary`` object of the contract."""
        return {
            "articles": self.articles,
            "pass": self.verdicts["pass"],
            "warn": self.verdicts["warn"],
            "fail": self.verdicts["fail"],
            "input_errors": [error.as_dict() for error in self.input_errors],
            "findings": dict(self.severities),
            "categories": dict(self.categories),
            # Added only when there are some (docs/json-output.md).
            **(
                {"config_warnings": [w.as_dict() for w in self.config_warnings]}
                if self.config_warnings
                else {}
            ),
            **({"baseline": self.baseline} if self.baseline is not None else {}),
        }
