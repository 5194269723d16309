"""A model's switches from the config (kept apart so the config module does
not import the detectors)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class ModelSettings:
    """Whether a model runs, from which probability it reports, how severely."""

    enabled: bool = True
    threshold: float | None = None
    severity: str | None = None


#: Severity of each model's findings unless the config says otherwise: a line the
#: boilerplate model flags is about 90% right, a sentence the claims model flags
#: about 55% right, so one warns and the other informs.
DEFAULT_SEVERITY = {"boilerplate": "warning", "claims": "info"}


def severity_of(task: str, settings: dict[str, ModelSettings]) -> str:
    chosen = settings.get(task, ModelSettings()).severity
    return chosen or DEFAULT_SEVERITY.get(task, "warning")
