"""``rules list``, ``rules show`` and ``rules test``: look at the loaded rule packs.

They load the packs the way a check would (config file, ``--rules``), so what
they print is what a ``check`` with the same options runs.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING

from qualitycheck.cli.exit_codes import EXIT_ERROR, EXIT_FAIL, EXIT_OK
from qualitycheck.cli.messages import say
from qualitycheck.cli.settings import config_from_args
from qualitycheck.config.settings import Config

if TYPE_CHECKING:  # the rule kinds load lazily, after the command line is parsed
    from qualitycheck.detect.rules.kinds.base import Rule


def run_rules_list(args: argparse.Namespace) -> int:
    """One line per rule, in pack order, with whether the config enables it."""
    every, enabled = _rules_and_enabled(config_from_args(args))
    width = max((len(r.meta.id) for r in every), default=2)
    print(f"{'ID':<{width}}  {'CATEGORY':<19}  {'SEVERITY':<8}  {'KIND':<8}  ENABLED")
    for rule in every:
        meta = rule.meta
        print(
            f"{meta.id:<{width}}  {meta.category:<19}  {meta.severity:<8}  {meta.kind:<8}  "
            f"{'yes' if meta.id in enabled else 'no'}"
        )
    return EXIT_OK


def run_rules_show(args: argparse.Namespace) -> int:
    """Everything about one rule; 2 when no loaded pack defines it."""
    every, enabled = _rules_and_enabled(config_from_args(args))
    rule = next((r for r in every if r.meta.id == args.rule_id), None)
    if rule is None:
        say(f"error: no rule {args.rule_id!r}")
        return EXIT_ERROR
    meta = rule.meta
    print(
        f"{meta.id}  ({meta.kind}, {meta.category}, {meta.severity}, "
        f"{'enabled' if meta.id in enabled else 'disabled'})"
    )
    print(f"defined at {meta.pack}:{meta.line}")
    print(f"message: {meta.message}")
    if meta.description:
        print(f"\n{meta.description}")
    for key, value in meta.options.items():
        print(f"{key}: {value}")
    return EXIT_OK


def run_rules_test(args: argparse.Namespace) -> int:
    """Run every rule's flag/pass examples; 1 when one does not behave as declared."""
    from qualitycheck.detect.rules.packs import load_pack, load_packs, pack_files
    from qualitycheck.detect.rules.selftest import run_examples

    config = config_from_args(args)
    if args.packs:
        packs = [load_pack(path) for path in pack_files(Path(p) for p in args.packs)]
    else:
        packs = load_packs([*config.rules], builtin=config.builtin_rules)
    rules = [rule for pack in packs for rule in pack.rules]
    results = list(run_examples(rules, config.languages))
    failures = [result for result in results if not result.ok]
    for failure in failures:
        print(f"FAIL {failure.describe()}")
    print(
        f"{len(rules)} rules, {len(results)} examples: "
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
