"""Which rules and model findings a run reports: ``disable``, ``enable`` and
``severity`` from the config applied to the loaded packs, and the selector
meaning (rule id, glob over ids, or category) shared with suppressions.

A selector that picks nothing is a config error at its line: a mistyped rule
id would otherwise switch nothing off, silently.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace
from fnmatch import fnmatchcase

from qualitycheck.config.settings import COMMAND_LINE, Config, Selector
from qualitycheck.detect.models.registry import MODEL_FINDINGS
from qualitycheck.detect.models.settings import finding_severity
from qualitycheck.detect.rules.kinds.base import Rule
from qualitycheck.detect.rules.packs import Pack
from qualitycheck.document.findings import CATEGORIES
from qualitycheck.errors import ConfigError, ConfigErrors, LocatedError
from qualitycheck.pipeline.suppressions import SUPPRESSION_FINDINGS
from qualitycheck.primitives.options import closest


def _matches(selector: str, rule_id: str, category: str) -> bool:
    return selector in (category, rule_id) or fnmatchcase(rule_id, selector)


def _selects(selector: str, rule: Rule) -> bool:
    return _matches(selector, rule.meta.id, rule.meta.category)


def _switched(config: Config, rule_id: str, category: str, default: bool) -> bool:
    """Whether ``enable``/``disable`` leave a finding id on: the file's
    selectors first, then the command line's over them, each layer
    ``disable`` then ``enable`` (so ``--disable X`` wins over a file's
    ``enable: [X]``, as the command line wins over the file everywhere)."""
    enabled = default
    for from_command_line in (False, True):
        layer = [s for s in config.disable if (s.path == COMMAND_LINE) == from_command_line]
        if any(_matches(s.value, rule_id, category) for s in layer):
            enabled = False
        layer = [s for s in config.enable if (s.path == COMMAND_LINE) == from_command_line]
        if any(_matches(s.value, rule_id, category) for s in layer):
            enabled = True
    return enabled


def model_finding_enabled(rule_id: str, config: Config) -> bool:
    """Whether the config lets a model finding through (``disable`` then ``enable``)."""
    return _switched(config, rule_id, MODEL_FINDINGS.get(rule_id, ""), True)


def _rank(selector: str, rule_id: str) -> tuple[int, int]:
    """How specific a selector that picks ``rule_id`` is: an id (2) beats a glob
    (1), which beats a category (0); of two globs, the one that spells out more
    of the id (``boilerplate-sh*`` over ``boilerplate-*``)."""
    if selector == rule_id:
        return (2, 0)
    if selector in CATEGORIES:
        return (0, 0)
    return (1, sum(char not in "*?[]" for char in selector))


def _chosen_level(config: Config, rule_id: str, category: str) -> str | None:
    """The level of the most specific ``severity`` selector that picks a
    finding id (id, then the glob with the most literal characters, then
    category); of equally specific ones, the last written. None when none does.
    (It was the first written: ``{"*-share": error, "boilerplate-*": warning}``
    and the same two in the other order gave boilerplate-share different levels
    with nothing in the docs to say which.)"""
    chosen: tuple[tuple[int, int], str] | None = None
    for s, level in config.severity:
        if _matches(s.value, rule_id, category):
            rank = _rank(s.value, rule_id)
            if chosen is None or rank >= chosen[0]:
                chosen = (rank, level)
    return chosen[1] if chosen else None


def model_severity_overrides(config: Config) -> dict[str, str]:
    """The model findings a ``severity`` selector picks, with the level it sets
    (empty for a config that names none, so a run pays nothing for it)."""
    chosen = {rule_id: _chosen_level(config, rule_id, c) for rule_id, c in MODEL_FINDINGS.items()}
    return {rule_id: level for rule_id, level in chosen.items() if level}


def model_finding_severity(rule_id: str, config: Config) -> str:
    """A model finding's severity: the most specific ``severity`` selector that
    picks it (as for rules: id, then glob, then category), else the model's own
    (``models.<task>.severity`` or the finding's default). Why: ``severity:
    {model-machine-translation: error}`` must do what it says, not pass
    validation and change nothing."""
    chosen = _chosen_level(config, rule_id, MODEL_FINDINGS[rule_id])
    return chosen or finding_severity(rule_id, config.models)


def selector_matches(selector: str, rule_id: str, category: str) -> bool:
    """Whether a selector (rule id, glob over ids, or category) picks a finding's
    rule: the one meaning shared by ``disable``, ``enable`` and suppressions."""
    return _matches(selector, rule_id, category)


def suppression_finding_levels(config: Config) -> dict[str, str | None]:
    """The severity of each suppression problem finding (``suppression-invalid``,
    ``suppression-unused``) under ``disable``/``enable`` and ``severity``, None
    where switched off: a team may fail the gate on a directive without a
    reason (as ruff's RUF100 can be selected) or silence the warning."""
    return {
        rule_id: suppression_finding_severity(rule_id, config)
        if suppression_finding_enabled(rule_id, config)
        else None
        for rule_id in SUPPRESSION_FINDINGS
    }


def suppression_finding_enabled(rule_id: str, config: Config) -> bool:
    """Whether ``enable``/``disable`` leave a suppression problem finding on."""
    return _switched(config, rule_id, "suppression", True)


def suppression_finding_severity(rule_id: str, config: Config) -> str:
    """A suppression problem finding's severity: the most specific ``severity``
    selector that picks it, else its own."""
    return _chosen_level(config, rule_id, "suppression") or SUPPRESSION_FINDINGS[rule_id][0]


def selector_known(selector: str, rules: Iterable[Rule]) -> bool:
    """Whether a selector picks any of ``rules``, a model finding or a suppression
    problem finding (else it is a typo)."""
    if any(_matches(selector, i, c) for i, c in MODEL_FINDINGS.items()):
        return True
    if any(_matches(selector, i, "suppression") for i in SUPPRESSION_FINDINGS):
        return True
    return any(_selects(selector, rule) for rule in rules)


def check_selectors(selectors: Iterable[Selector], rules: list[Rule], key: str) -> None:
    """Raise a :class:`ConfigError` for the selectors that pick nothing (all of them)."""
    _raise_all(_unknown_selectors(selectors, rules, key))


def _raise_all(errors: list[LocatedError]) -> None:
    """Raise the one error, or all of them together; nothing when there is none."""
    if len(errors) == 1:
        raise errors[0]
    if errors:
        raise ConfigErrors(errors)


def _unknown_selectors(
    selectors: Iterable[Selector], rules: list[Rule], key: str
) -> list[LocatedError]:
    """An error for each selector that matches no rule, with the nearest rule
    id or category as a hint (``claim-peacok`` → ``claim-peacock``)."""
    names = sorted({rule.meta.id for rule in rules} | {rule.meta.category for rule in rules})
    errors: list[LocatedError] = []
    for selector in selectors:
        if not selector_known(selector.value, rules):
            hint = closest(selector.value.replace("*", ""), names)
            suggestion = f" (did you mean {hint!r}?)" if hint else ""
            errors.append(
                ConfigError(
                    selector.path,
                    selector.line,
                    f"{selector.value!r} matches no rule id, glob or category{suggestion}",
                    key,
                )
            )
    return errors


def select_rules(packs: list[Pack], config: Config) -> list[Rule]:
    """The enabled rules, with severity overrides applied, in pack order.

    ``disable`` applies first, then ``enable``, so ``disable: [boilerplate]``
    with ``enable: [boilerplate-share]`` keeps only that boilerplate rule; the
    command line's selectors apply after the file's.
    For severity, an exact id beats a glob, which beats a category; of two
    globs the one with more literal characters wins, and of equals the last.
    """
    every = [rule for pack in packs for rule in pack.rules]
    _raise_all(
        [
            *_unknown_selectors(config.disable, every, "disable"),
            *_unknown_selectors(config.enable, every, "enable"),
            *_unknown_selectors((s for s, _ in config.severity), every, "severity"),
        ]
    )
    selected: list[Rule] = []
    for rule in every:
        # Every rule gets its configured severity, a switched-off one too:
        # ``rules list`` shows what ``--enable`` would report.
        level = _chosen_level(config, rule.meta.id, rule.meta.category)
        if level:
            rule.meta = replace(rule.meta, severity=level)
        if _switched(config, rule.meta.id, rule.meta.category, rule.meta.enabled):
            selected.append(rule)
    return selected
