"""The option groups that several commands share, and small helpers to add them.

Each group is one parent parser, so an option is defined (and documented) once and
reads the same in every command that takes it; :mod:`qualitycheck.cli.parsers`
puts the groups together into the command line. A command that lacks a group
gets the group's "not given" values (:func:`not_given`), so every handler can
read ``args.x`` whatever the command.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from typing import Any

from qualitycheck.cli.argtypes import glob_arg as _glob
from qualitycheck.cli.argtypes import jobs_arg as _jobs
from qualitycheck.cli.argtypes import language_arg as _language
from qualitycheck.cli.argtypes import path_arg
from qualitycheck.cli.exit_codes import EXIT_ERROR
from qualitycheck.cli.usage import Parser as _Parser
from qualitycheck.detect.models.registry import MODEL_TASKS
from qualitycheck.document.findings import SEVERITIES
from qualitycheck.readers import DEFAULT_FORMAT, FORMATS

#: What ``main`` calls with the parsed arguments; returns the exit code.
Handler = Callable[[argparse.Namespace], int]

#: ``check``'s verdict options as when not given; ``config_from_args`` reads them
#: for every command, and only ``check`` decides which articles fail.
NO_VERDICT: dict[str, Any] = {"fail_on": None, "fail_under": None}


def add_output(
    parser: argparse.ArgumentParser, metavar: str, text: str, required: bool = True
) -> None:
    """``-o``/``--output`` of a command: never empty (:func:`path_arg`)."""
    parser.add_argument(
        "-o", "--output", metavar=metavar, type=path_arg, required=required, help=text
    )


def add_path(parser: Any, option: str, metavar: str, text: str) -> None:
    """An option naming a file or folder: never empty (``--config "$UNSET"``)."""
    parser.add_argument(option, metavar=metavar, type=path_arg, help=text)


def empty_group() -> _Parser:
    """An empty parent parser (no ``-h``: the command adds its own)."""
    return _Parser(add_help=False)


def not_given(*groups: argparse.ArgumentParser) -> dict[str, Any]:
    """Every option of ``groups`` at its default: how a command without them behaves."""
    return {key: value for group in groups for key, value in vars(group.parse_args([])).items()}


def help_handler(parser: argparse.ArgumentParser) -> Handler:
    """For a command given without its subcommand: its help on standard error, exit 2."""

    def show_help(args: argparse.Namespace) -> int:
        parser.print_help(sys.stderr)
        return EXIT_ERROR

    return show_help


def config_options() -> _Parser:
    """Where settings and rule packs come from: every command loads them the same way."""
    group = empty_group()
    add_path(
        group,
        "--config",
        "FILE",
        "config file (default: nearest qualitycheck.yaml or pyproject.toml)",
    )
    group.add_argument("--no-config", action="store_true", help="ignore config files")
    group.add_argument(
        "--rules",
        action="append",
        default=[],
        type=path_arg,  # "" was the working directory: ".: a rules folder without any .yaml"
        metavar="PATH",
        help="extra rule pack file or folder, subfolders included (repeatable)",
    )
    return group


def selection_options() -> _Parser:
    """Which rules run, on top of the config's selection."""
    group = empty_group()
    for option, switch in (("--enable", "on"), ("--disable", "off")):
        group.add_argument(
            option,
            action="append",
            default=[],
            metavar="RULE",
            help=f"switch {switch} a rule id, glob or category "
            "(repeatable; or several, comma-separated)",
        )
    return group


def model_options() -> _Parser:
    """Which learned models run: the shipped ones, retrained ones, or none."""
    group = empty_group()
    # Both at once would leave one ignored without a word.
    either = group.add_mutually_exclusive_group()
    add_path(either, "--models", "DIR", "folder of retrained models (from 'qualitycheck train')")
    either.add_argument("--no-models", action="store_true", help="rules only, no learned models")
    return group


def input_options(stdin: bool = True) -> _Parser:
    """The articles a corpus command reads: paths, what to read in folders, and
    (``stdin``) standard input; ``clean`` needs a path to mirror, so it has none."""
    group = empty_group()
    group.add_argument(
        "paths",
        nargs="*",
        metavar="PATH",
        help="files or folders" + (" (.gz .bz2 .xz: decompressed); '-': standard input" * stdin),
    )
    group.add_argument(
        "--language",
        action="append",
        type=_language,
        default=[],
        metavar="CODE",
        help="expected article language (repeatable; default from config, 'en')",
    )
    group.add_argument(
        "--include",
        action="append",
        type=_glob,
        default=[],
        metavar="GLOB",
        help="files to read in folders (replaces the config's list)",
    )
    group.add_argument(
        "--exclude",
        action="append",
        type=_glob,
        default=[],
        metavar="GLOB",
        help="files or folders to skip (added to the config's list)",
    )
    group.add_argument(
        "--force-exclude",
        action="store_true",
        help="apply exclude to files named on the command line too (for pre-commit and "
        "editors, which name every changed file)",
    )
    if stdin:
        group.add_argument(
            "--stdin-format",
            choices=FORMATS,
            default=None,
            help="format of standard input "
            f"(default: by --stdin-name's suffix, else {DEFAULT_FORMAT})",
        )
        group.add_argument(
            "--stdin-name", default="-", metavar="NAME", help="path to show for standard input"
        )
    return group


def jobs_option() -> _Parser:
    """``-j/--jobs``: the commands that check a corpus (``check``, ``report``,
    ``clean``) check it on that many processes, with the same output."""
    group = empty_group()
    group.add_argument(
        "-j",
        "--jobs",
        type=_jobs,
        default=0,
        metavar="N",
        help="processes to check with (default 0: every core for inputs over 2 MB, "
        "else one); the output is the same for any N",
    )
    return group


def run_options(dask: bool = True) -> _Parser:
    """How the commands that check a corpus (``check`` and ``report``) run; ``report``
    takes ``--dask`` only to say what to run instead, so its help leaves it out."""
    group = jobs_option()
    group.add_argument(
        "--dask",
        metavar="SCHEDULER",
        help="check on a Dask cluster, one task per input file: a scheduler address "
        "(tcp://host:8786), or local[:N] for N local worker processes; writes one result "
        "shard per input file (--format jsonl or parquet) and summary.json into the "
        "folder -o DIR (docs/scale-out.md)"
        if dask
        else argparse.SUPPRESS,
    )
    shard_runs = "with --dask: each file a run of its own, no first pass over the corpus"
    group.add_argument(
        "--dask-shard-runs", action="store_true", help=shard_runs if dask else argparse.SUPPRESS
    )
    return group


def gate_options() -> _Parser:
    """Baselines, unused suppressions and changed files (docs/ci.md)."""
    parent = empty_group()
    gate = parent.add_argument_group("CI gate")
    for option, text in (
        ("--baseline", "report only findings not recorded in FILE (from --write-baseline)"),
        ("--write-baseline", "record the current findings in FILE; accepted in this run"),
    ):
        add_path(gate, option, "FILE", text)
    gate.add_argument(
        "--warn-unused-suppressions",
        action="store_true",
        help="warn about inline and config suppressions that hid no finding",
    )
    gate.add_argument(
        "--changed-since",
        metavar="REF",
        help="check only files changed since the git REF (merge base), including "
        "uncommitted and untracked ones; PATH defaults to '.'",
    )
    return parent


#: What ``evaluate`` measures: every model task, and the voice tagger on
#: PolNeAR-style attribution labels (it ships with the claim rules, not as a
#: model task of its own), and the word-level mt findings on MQM error spans.
EVALUATION_TASKS = (*MODEL_TASKS, "attribution", "mqm")


def labeled_data_options(tasks: tuple[str, ...] = MODEL_TASKS) -> _Parser:
    """The task and labeled file that ``evaluate`` and ``train`` work on."""
    group = empty_group()
    group.add_argument(
        "--task",
        required=True,
        choices=tasks,
        help="what the labels mark: boilerplate lines, unsupported claims, machine translation"
        + (
            ", who speaks (attribution) or MT error spans translators marked (mqm)"
            if "attribution" in tasks
            else ""
        ),
    )
    group.add_argument(
        "data",
        metavar="LABELED.jsonl",
        help="labeled records as in the project corpora (docs/models.md); .gz/.bz2/.xz read",
    )
    return group


SHOW_AT_LEAST = (
    "show only findings at or above this severity in every output; verdicts, scores and the "
    "exit code still count every finding (default: info, and warning for GitHub annotations, "
    "whose number per step is limited)"
)


REPORT_AT_LEAST = (
    "show only findings at or above this severity in the report (it says so); verdicts and "
    "scores still count every finding (default: info)"
)


def add_min_severity(parser: argparse.ArgumentParser, help_text: str = SHOW_AT_LEAST) -> None:
    parser.add_argument("--min-severity", choices=SEVERITIES, help=help_text)


def add_quiet(parser: argparse.ArgumentParser, help_text: str) -> None:
    parser.add_argument("-q", "--quiet", action="store_true", help=help_text)


def add_text_or_json(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--format", choices=("text", "json"), default="text", help="output format (default: text)"
    )
