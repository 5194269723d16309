"""A model's switches from the config, and the severity they give its findings."""

from __future__ import annotations

from dataclasses import dataclass

from qualitycheck.detect.models.registry import FINDINGS, TASK_SEVERITY


@dataclass(frozen=True)
class ModelSettings:
    """Whether a model runs, from which probability it reports, how severely."""

    enabled: bool = True
    threshold: float | None = None
    severity: str | None = None


def severity_of(task: str, settings: dict[str, ModelSettings]) -> str:
    """The severity of ``task``'s findings: the config's, else the task's default."""
    chosen = settings.get(task, ModelSettings()).severity
    return chosen or TASK_SEVERITY.get(task, "warning")


def finding_severity(finding_id: str, settings: dict[str, ModelSettings]) -> str:
    """The severity a model finding id is reported with."""
    entry = next(f for f in FINDINGS if f.id == finding_id)
    return entry.fixed_severity or severity_of(entry.task, settings)
