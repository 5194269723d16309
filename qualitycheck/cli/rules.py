"""``rules list``, ``rules show`` and ``rules test``: look at the loaded rule packs.

They load the packs the way a check would (config file, ``--rules``), so what
they print is what a ``check`` with the same options runs.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import TYPE_CHECKING, Any

from qualitycheck.cli.exit_codes import EXIT_ERROR, EXIT_FAIL, EXIT_OK
from qualitycheck.cli.messages import say
from qualitycheck.cli.settings import config_from_args
from qualitycheck.config.settings import Config
from qualitycheck.primitives.options import written_value
from qualitycheck.primitives.output import open_output
from qualitycheck.primitives.standard_streams import refuse_closed_standard_output
from qualitycheck.renderers.summary_line import plural

if TYPE_CHECKING:  # the rule kinds load lazily, after the command line is parsed
    from qualitycheck.detect.models.registry import ModelFinding
    from qualitycheck.detect.rules.kinds.base import Rule


def run_rules_list(args: argparse.Namespace) -> int:
    """One line per finding id a run can emit: the rules in pack order, then
    the model findings, with whether the config enables each. ``--format
    json`` is for tools (an editor's rule picker, a dashboard): the same rows
    as objects, with each one's summary and where a rule is defined."""
    refuse_closed_standard_output()  # (a long listing failed mid-print: a traceback)
    config = config_from_args(args)
    every, enabled = _rules_and_enabled(config)
    listed = [
        _listed(r.meta.id, r.meta.category, r.meta.severity, r.meta.kind, r.meta.id in enabled)
        | {"summary": r.meta.description, "defined_at": f"{r.meta.pack}:{r.meta.line}"}
        for r in every
    ]
    listed += [
        _listed(f.id, f.category, severity, f"model:{f.task}", on) | {"summary": f.summary}
        for f, severity, on in _model_findings(config)
    ]
    problems = _suppression_findings()
    listed += [
        _listed(rule_id, "suppression", severity, "suppression", on)
        | {"summary": problems[rule_id][1]}
        for rule_id, (severity, on) in _suppression_levels(config).items()
    ]
    if args.format == "json":  # UTF-8 whatever the locale, as check's JSON (open_output)
        with open_output(None) as stream:
            json.dump(listed, stream, ensure_ascii=False, indent=2)
            stream.write("\n")
        return EXIT_OK
    columns = ("id", "category", "severity", "kind")
    widths = [max(len(c), *(len(row[c]) for row in listed)) for c in columns]
    print("  ".join(c.upper().ljust(w) for c, w in zip(columns, widths, strict=True)) + "  ENABLED")
    for row in listed:
        cells = [row[c].ljust(width) for c, width in zip(columns, widths, strict=True)]
        print("  ".join(cells) + f"  {'yes' if row['enabled'] else 'no'}")
    return EXIT_OK


def _listed(rule_id: str, category: str, severity: str, kind: str, enabled: bool) -> dict[str, Any]:
    """A row of ``rules list`` (its JSON keys; ``summary`` and ``defined_at`` follow)."""
    return {
        "id": rule_id,
        "category": category,
        "severity": severity,
        "kind": kind,
        "enabled": enabled,
        "summary": "",
        "defined_at": None,
    }


def run_rules_show(args: argparse.Namespace) -> int:
    """Everything about one rule or model finding (like ``ruff rule``); 2 when
    nothing a run can emit has that id."""
    refuse_closed_standard_output()
    config = config_from_args(args)
    every, enabled = _rules_and_enabled(config)
    rule = next((r for r in every if r.meta.id == args.rule_id), None)
    if rule is not None:
        _show_rule(rule, rule.meta.id in enabled)
        return EXIT_OK
    for finding, severity, on in _model_findings(config):
        if finding.id == args.rule_id:
            state = "enabled" if on else "disabled"
            print(f"{finding.id}  (model {finding.task}, {finding.category}, {severity}, {state})")
            print(f"summary: {finding.summary}")
            print(f"\n{finding.description}")
            if finding.article_level:
                print("\nJudges the whole article: the HTML report shows it as a banner.")
            print(
                f"\nSwitch it off with `disable: [{finding.id}]`, or the whole model with "
                f"`models: {{{finding.task}: {{enabled: false}}}}` (docs/models.md)."
            )
            return EXIT_OK
    problems = _suppression_findings()
    if args.rule_id in problems:
        _, summary, description = problems[args.rule_id]
        severity, on = _suppression_levels(config)[args.rule_id]
        state = "enabled" if on else "disabled"
        print(f"{args.rule_id}  (suppression comments, suppression, {severity}, {state})")
        print(f"summary: {summary}\n\n{description}")
        print("\nIt costs no score points; see docs/ci.md for the comment syntax.")
        return EXIT_OK
    from qualitycheck.primitives.options import closest

    known = [r.meta.id for r in every] + [f.id for f, _, _ in _model_findings(config)]
    known += list(problems)
    match = closest(args.rule_id, known)
    hint = f" (did you mean {match!r}?)" if match else ""
    say(f"error: no rule or model finding {args.rule_id!r}{hint}; see 'qualitycheck rules list'")
    return EXIT_ERROR


def _show_rule(rule: Rule, enabled: bool) -> None:
    meta = rule.meta
    print(
        f"{meta.id}  ({meta.kind}, {meta.category}, {meta.severity}, "
        f"{'enabled' if enabled else 'disabled'})"
    )
    print(f"defined at {meta.pack}:{meta.line}")
    for place in meta.extended_at:  # where added phrases, lines or examples came from
        print(f"extended at {place}")
    print(f"message: {meta.message}")
    if meta.artifact is not None:
        print(f"artifact: {meta.artifact} (messages start with its label)")
    if meta.description:
        print(f"\n{meta.description}\n")
    print(f"scope: {meta.scope}")
    if meta.skip_blocks:
        print(f"skips blocks: {', '.join(meta.skip_blocks)}")
    print(f"languages: {', '.join(meta.languages)}")
    print(f"skips quoted speech: {'yes' if meta.skip_quotes else 'no'}")
    if meta.weight != 1.0:
        print(f"weight: {meta.weight:g}")
    if meta.exceptions:
        print("exceptions (matches containing these are not reported):")
        for exception in meta.exceptions:
            print(f"  - {exception}")
    for key, value in meta.options.items():
        if isinstance(value, list) and value:
            print(f"{key}:")
            for item in value:
                print(f"  - {written_value(item)}")
        else:
            print(f"{key}: {written_value(value)}")
    for kind, label in (("flag", "examples it flags"), ("pass", "examples it passes")):
        if meta.examples.get(kind):
            print(f"{label}:")
            wanted = meta.example_matches.get(kind, [])
            for index, example in enumerate(meta.examples[kind]):
                # The words a flag example must flag, where the pack states them.
                match = wanted[index] if index < len(wanted) else None
                print(f"  - {example}" + (f"  (flags: {match})" if match else ""))


def _suppression_findings() -> dict[str, tuple[str, str, str]]:
    from qualitycheck.pipeline.suppressions import SUPPRESSION_FINDINGS

    return SUPPRESSION_FINDINGS


def _suppression_levels(config: Config) -> dict[str, tuple[str, bool]]:
    """Each suppression problem finding's severity under the config, and
    whether the config lets it through."""
    from qualitycheck.pipeline.selection import (
        suppression_finding_enabled,
        suppression_finding_severity,
    )

    return {
        key: (suppression_finding_severity(key, config), suppression_finding_enabled(key, config))
        for key in _suppression_findings()
    }


def _model_findings(config: Config) -> list[tuple[ModelFinding, str, bool]]:
    """Every model finding id with its severity and whether the config lets it
    through (its model switched on, its id not disabled)."""
    from qualitycheck.detect.models.registry import FINDINGS
    from qualitycheck.pipeline.selection import model_finding_enabled, model_finding_severity

    result = []
    for finding in FINDINGS:
        settings = config.models.get(finding.task)
        model_on = config.use_models and (settings is None or settings.enabled)
        on = model_on and model_finding_enabled(finding.id, config)
        result.append((finding, model_finding_severity(finding.id, config), on))
    return result


def run_rules_test(args: argparse.Namespace) -> int:
    """Run every rule's flag/pass examples; 1 when one does not behave as declared."""
    from qualitycheck.detect.rules.packs import load_packs, pack_files
    from qualitycheck.detect.rules.selftest import run_examples

    refuse_closed_standard_output()
    config = config_from_args(args)
    if args.packs:
        # The named packs, loaded after the shipped ones and the config's
        # (``rules:`` and ``--rules``) so that their ``extends:`` entries find
        # their targets; their rules and the rules they extend are tested.
        named = pack_files(Path(p) for p in args.packs)
        resolved = {path.resolve() for path in named}
        configured = [p for p in pack_files(config.rules) if p.resolve() not in resolved]
        packs = load_packs([*configured, *named], builtin=config.builtin_rules)
        mine = [pack for pack in packs if pack.path.resolve() in resolved]
        targets = {extension.target for pack in mine for extension in pack.extensions}
        rules = [rule for pack in mine for rule in pack.rules]
        rules += [r for pack in packs for r in pack.rules if r.meta.id in targets]
    else:
        packs = load_packs([*config.rules], builtin=config.builtin_rules)
        rules = [rule for pack in packs for rule in pack.rules]
    results = list(run_examples(rules, config.languages))
    failures = [result for result in results if not result.ok]
    for failure in failures:
        print(f"FAIL {failure.describe()}")
    print(
        f"{plural(len(rules), 'rule')}, {plural(len(results), 'example')}: "
        f"{len(results) - len(failures)} passed, {len(failures)} failed"
    )
    return EXIT_FAIL if failures else EXIT_OK


def _rules_and_enabled(config: Config) -> tuple[list[Rule], set[str]]:
    """Every rule of the loaded packs, and the ids the config's selection enables."""
    from qualitycheck.detect.rules.packs import load_packs
    from qualitycheck.pipeline.selection import select_rules

    packs = load_packs([*config.rules], builtin=config.builtin_rules)
    enabled = {rule.meta.id for rule in select_rules(packs, config)}
    return [rule for pack in packs for rule in pack.rules], enabled
