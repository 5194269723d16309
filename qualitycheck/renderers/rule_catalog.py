"""What each rule id a run can report means, for the formats that describe
their rules (SARIF's ``tool.driver.rules``).

A finding carries only its rule id; a code-scanning UI also wants a title,
help text and a default level for the rule. They come from the rule packs for
pack rules and from the table below for the learned models, whose findings
have ``model-`` ids but no pack entry.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from qualitycheck.detect.models.settings import severity_of
from qualitycheck.detect.rules.engine import MODEL_FINDINGS, model_finding_enabled
from qualitycheck.resources import rules_dir

if TYPE_CHECKING:
    from qualitycheck.detect.rules.kinds.base import RuleMeta
    from qualitycheck.pipeline.checker import Checker


@dataclass(frozen=True)
class RuleInfo:
    """One rule as an output format describes it."""

    id: str
    category: str
    #: The severity its findings have unless a finding says otherwise.
    severity: str
    #: One sentence: a title for the rule.
    summary: str
    #: The rule's full description.
    description: str
    #: Where it is defined (``rules/boilerplate.yaml:12``) or documented.
    source: str
    #: The rule kind (``line``, ``phrase``…) or ``model``.
    kind: str


#: The learned detectors' finding ids: (model task, summary, description).
_MODEL_RULES: dict[str, tuple[str, str, str]] = {
    "model-boilerplate": (
        "boilerplate",
        "A line the boilerplate model calls page boilerplate.",
        "The boilerplate model scores every line; a line above its threshold that no rule "
        "named is reported. The confidence is the model's probability.",
    ),
    "model-unsupported-claim": (
        "claims",
        "A sentence the claims model calls opinion or an unsupported claim.",
        "The claims model scores every body sentence outside quotation marks; a sentence above "
        "its threshold in which no claim rule fired is reported.",
    ),
    "model-machine-translation": (
        "mt",
        "The article reads as machine-translated.",
        "The mt model's article probability is above its threshold; the finding sits on the "
        "first body line, and model-mt-evidence findings mark the sentences that weigh most.",
    ),
    "model-mt-evidence": (
        "mt",
        "A sentence that weighs towards machine translation.",
        "One of the sentences that weigh most in the mt model's article probability; reported "
        "only when the article is above the threshold.",
    ),
}
_MODEL_SEVERITY = {"model-machine-translation": "error", "model-mt-evidence": "info"}


def _first_sentence(text: str) -> str:
    text = " ".join(text.split())
    match = re.search(r"(?<=[.!?])\s+(?=[A-Z\"'(])", text)
    return text[: match.start()] if match else text


def _where(meta: RuleMeta) -> str:
    """The pack as a user finds it: ``rules/NAME`` for shipped packs, else
    relative to the working directory when inside it (stable across machines)."""
    pack = Path(meta.pack)
    shipped = rules_dir()
    if pack.parent == shipped:
        shown = f"rules/{pack.name}"
    else:
        try:
            shown = pack.resolve().relative_to(Path.cwd().resolve()).as_posix()
        except ValueError:
            shown = pack.as_posix()
    return f"{shown}:{meta.line}" if meta.line else shown


def _from_meta(meta: RuleMeta) -> RuleInfo:
    description = " ".join(meta.description.split()) or meta.message
    return RuleInfo(
        id=meta.id,
        category=meta.category,
        severity=meta.severity,
        summary=_first_sentence(description),
        description=description,
        source=_where(meta),
        kind=meta.kind,
    )


def rule_catalog(checker: Checker) -> tuple[RuleInfo, ...]:
    """The rules ``checker`` can report: its enabled pack rules in pack order,
    then the model findings its loaded models can produce."""
    catalog = [_from_meta(rule.meta) for rule in checker.rules]
    models = checker.models
    if models is None:
        return tuple(catalog)
    for rule_id, (task, summary, description) in _MODEL_RULES.items():
        loaded = getattr(models, task, None) is not None
        if not loaded or not model_finding_enabled(rule_id, checker.config):
            continue
        catalog.append(
            RuleInfo(
                id=rule_id,
                category=MODEL_FINDINGS[rule_id],
                severity=_MODEL_SEVERITY.get(rule_id) or severity_of(task, models.settings),
                summary=summary,
                description=description,
                source="docs/models.md",
                kind="model",
            )
        )
    return tuple(catalog)
