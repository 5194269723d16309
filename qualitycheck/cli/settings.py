"""Turn the parsed command line into the run's :class:`Config`.

The config file is the base and the command line wins over it, option by
option, so a CI job can tighten one setting without copying the whole file.
Every command's namespace carries every attribute read here: commands without
an option get its "not given" value from their parser (``parsers.py``).
"""

from __future__ import annotations

import argparse
from pathlib import Path

from qualitycheck.config.loading import find_config, load_config, shown_config
from qualitycheck.config.settings import COMMAND_LINE, Config, Selector
from qualitycheck.config.suppressions import split_selectors
from qualitycheck.errors import QualitycheckError


def config_from_args(args: argparse.Namespace) -> Config:
    """The config file (``--config``, the nearest one, or none) with the options applied."""
    if args.no_config and args.config:
        raise QualitycheckError("--no-config and --config FILE contradict each other; give one")
    if args.no_config:
        config = Config()
    else:
        found = None if args.config else find_config(Path.cwd())
        if found is not None:
            config = load_config(found, shown_config(found))
        else:
            config = load_config(Path(args.config) if args.config else None)
    config.rules = [*config.rules, *(Path(p) for p in args.rules)]
    # Selectors add to the config's as a layer over them (a file's `enable`
    # does not undo `--disable`); one that matches no rule is reported as
    # coming from the command line rather than from a line of the file.
    config.enable = [*config.enable, *_selectors(args.enable)]
    config.disable = [*config.disable, *_selectors(args.disable)]
    if args.language:
        config.languages = tuple(args.language)
    if args.include:
        config.include = tuple(args.include)
    if args.exclude:
        config.exclude = (*config.exclude, *args.exclude)
    if args.fail_on:
        config.fail_on = args.fail_on
    if args.fail_under is not None:
        config.fail_under = args.fail_under
    if args.models:
        config.models_dir = Path(args.models)
    if args.no_models:
        config.use_models = False
    if args.warn_unused_suppressions:
        config.warn_unused_suppressions = True
    if args.force_exclude:
        config.force_exclude = True
    return config


def _selectors(values: list[str]) -> list[Selector]:
    """Each value may name several selectors, as ``a,b`` (as ruff's ``--ignore``
    and the inline directives take them)."""
    return [Selector(one, COMMAND_LINE, None) for value in values for one in split_selectors(value)]
