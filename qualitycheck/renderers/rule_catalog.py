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

from qualitycheck.pipeline.selection import model_finding_severity
from qualitycheck.pipeline.suppressions import SUPPRESSION_FINDINGS
from qualitycheck.resources import rules_dir

if TYPE_CHECKING:
    from qualitycheck.config.settings import Config
    from qualitycheck.detect.rules.kinds.base import Rule, RuleMeta
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
    #: The kind of machine-translation damage its findings point at, if it names one.
    artifact: str | None = None
    #: Whether its findings judge the whole article (the HTML report's banners).
    article_level: bool = False


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


def _from_rule(rule: Rule) -> RuleInfo:
    meta = rule.meta
    description = " ".join(meta.description.split()) or meta.message
    return RuleInfo(
        id=meta.id,
        category=meta.category,
        severity=meta.severity,
        summary=_first_sentence(description),
        description=description,
        source=_where(meta),
        kind=meta.kind,
        artifact=meta.artifact,
        article_level=rule.article_level,
    )


def rule_catalog(checker: Checker) -> tuple[RuleInfo, ...]:
    """The rules ``checker`` can report: its enabled pack rules in pack order,
    then the model findings its loaded models can produce."""
    catalog = [_from_rule(rule) for rule in checker.rules]
    catalog += [
        RuleInfo(
            id=rule_id,
            category="suppression",
            severity=severity,
            summary=summary,
            description=description,
            source="docs/ci.md",
            kind="suppression",
        )
        for rule_id, (severity, summary, description) in SUPPRESSION_FINDINGS.items()
    ]
    for entry in checker.model_findings():
        catalog.append(
            RuleInfo(
                id=entry.id,
                category=entry.category,
                severity=model_finding_severity(entry.id, checker.config),
                summary=entry.summary,
                description=entry.description,
                source="docs/models.md",
                kind="model",
                article_level=entry.article_level,
            )
        )
    return tuple(catalog)


def pack_catalog(config: Config) -> tuple[RuleInfo, ...]:
    """Every rule of the packs ``config`` loads, switched on or off, without
    a checker (no models loaded): what ``report --from-results`` knows of the
    rules whose findings the results hold."""
    from qualitycheck.detect.rules.packs import load_packs

    packs = load_packs([*config.rules], builtin=config.builtin_rules)
    return tuple(_from_rule(rule) for pack in packs for rule in pack.rules)
