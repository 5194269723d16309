"""Usage errors: the parser class every command is built from.

A usage error exits 2 with the command's usage and one line naming what was
wrong and, where one is close, what was probably meant (``did you mean
'check'?``), for a command, an action, a choice such as a ``--format`` value,
and an option, as ruff, clap and git say it.

Options are never abbreviated. argparse would take ``--form`` for
``--format``, but an option added later that shares the prefix (``--format``
and ``--formats``) would turn the same command line into an error, or into
another option, in every CI script that abbreviated; ruff and clap refuse
abbreviations for that reason. ``--form`` is an unknown option whose hint is
the full name.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from typing import Any

from qualitycheck.cli.exit_codes import EXIT_ERROR
from qualitycheck.primitives.options import PREFIX_LETTERS, nearest

#: The choice that switches an option off, for a ``--no-NAME`` it does not have
#: (``--no-color`` is ``--color never``), as ``--no-config`` switches one off.
_OFF_CHOICES = ("never", "off", "none")


def option_hint(parser: argparse.ArgumentParser, unknown: Sequence[str]) -> str:
    """`` (did you mean '--format'?)`` for the first misspelt or abbreviated
    option: every option an ambiguous prefix starts (``--no``: ``'--no-config'
    or '--no-models'``), and ``'--color never'`` for a ``--no-color`` that is
    spelt as a choice."""
    options = [action for action in parser._actions if action.option_strings]
    known = [o for action in options for o in action.option_strings if o.startswith("--")]
    for word in unknown:
        name = word.split("=", 1)[0]
        if name.startswith("--no-"):
            positive = "--" + name[len("--no-") :]
            for action in options:
                off = [c for c in action.choices or () if c in _OFF_CHOICES]
                if positive in action.option_strings and off:
                    return f" (did you mean '{positive} {off[0]}'?)"
        started = [option for option in known if option.startswith(name)]
        if len(name.lstrip("-")) >= PREFIX_LETTERS and len(started) > 1:
            listed = " or ".join(repr(option) for option in dict.fromkeys(started))
            return f" (did you mean {listed}?)"
        close = nearest(name, known)
        if close:
            return f" (did you mean {close!r}?)"
    return ""


class Parser(argparse.ArgumentParser):
    """argparse that exits with 2 and one clear line on usage errors, naming
    the nearest choice to an invalid one, and takes no abbreviated option."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("allow_abbrev", False)
        super().__init__(*args, **kwargs)

    def error(self, message: str) -> None:  # type: ignore[override]
        self.print_usage(sys.stderr)
        self.exit(EXIT_ERROR, f"qualitycheck: error: {message}\n")

    def _check_value(self, action: argparse.Action, value: Any) -> None:
        """An invalid choice names the nearest one: ``invalid choice: 'jsn'
        (did you mean 'json'?); choose from text, concise, json, ...``."""
        if action.choices is None:
            return
        choices = list(action.choices)
        if value in choices:
            return
        names = [str(choice) for choice in choices]
        close = nearest(str(value), names)
        hint = f" (did you mean {close!r}?)" if close else ""
        raise argparse.ArgumentError(
            action, f"invalid choice: {value!r}{hint}; choose from {', '.join(names)}"
        )
