"""The argument parsers of every command, built from shared option groups.

Each group of options that several commands accept is one parent parser, so a
group is defined (and documented) once and reads the same everywhere. Each
command sets its handler as ``func``; a command that lacks a group gets that
group's "not given" values as defaults, so every handler and
:func:`~qualitycheck.cli.settings.config_from_args` can read ``args.x``
directly whatever the command.
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
from qualitycheck.cli.argtypes import score_arg as _score
from qualitycheck.cli.check import run_check, run_report
from qualitycheck.cli.clean import CLEAN_MIN_SEVERITY_HELP, run_clean
from qualitycheck.cli.evaluate import run_evaluate
from qualitycheck.cli.exit_codes import EXIT_ERROR
from qualitycheck.cli.rules import run_rules_list, run_rules_show, run_rules_test
from qualitycheck.cli.train import run_train
from qualitycheck.cli.usage import Parser as _Parser
from qualitycheck.config.declarations import FAIL_ON
from qualitycheck.detect.models.registry import MODEL_TASKS
from qualitycheck.document.findings import SEVERITIES
from qualitycheck.readers import DEFAULT_FORMAT, FORMATS
from qualitycheck.renderers.outputs import OUTPUT_FORMATS, target_spec
from qualitycheck.version import __version__

#: What ``main`` calls with the parsed arguments; returns the exit code.
Handler = Callable[[argparse.Namespace], int]

#: ``check``'s verdict options as when not given; ``config_from_args`` reads them
#: for every command, and only ``check`` decides which articles fail.
_NO_VERDICT: dict[str, Any] = {"fail_on": None, "fail_under": None}


def _output(
    parser: argparse.ArgumentParser, metavar: str, text: str, required: bool = True
) -> None:
    """``-o``/``--output`` of a command: never empty (:func:`path_arg`)."""
    parser.add_argument(
        "-o", "--output", metavar=metavar, type=path_arg, required=required, help=text
    )


def _path(parser: Any, option: str, metavar: str, text: str) -> None:
    """An option naming a file or folder: never empty (``--config "$UNSET"``)."""
    parser.add_argument(option, metavar=metavar, type=path_arg, help=text)


def _group() -> _Parser:
    """An empty parent parser (no ``-h``: the command adds its own)."""
    return _Parser(add_help=False)


def _not_given(*groups: argparse.ArgumentParser) -> dict[str, Any]:
    """Every option of ``groups`` at its default: how a command without them behaves."""
    return {key: value for group in groups for key, value in vars(group.parse_args([])).items()}


def _help_handler(parser: argparse.ArgumentParser) -> Handler:
    """For a command given without its subcommand: its help on standard error, exit 2."""

    def show_help(args: argparse.Namespace) -> int:
        parser.print_help(sys.stderr)
        return EXIT_ERROR

    return show_help


def _config_options() -> _Parser:
    """Where settings and rule packs come from: every command loads them the same way."""
    group = _group()
    _path(
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
        metavar="PATH",
        help="extra rule pack file or folder, subfolders included (repeatable)",
    )
    return group


def _selection_options() -> _Parser:
    """Which rules run, on top of the config's selection."""
    group = _group()
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


def _model_options() -> _Parser:
    """Which learned models run: the shipped ones, retrained ones, or none."""
    group = _group()
    # Both at once would leave one ignored without a word.
    either = group.add_mutually_exclusive_group()
    _path(either, "--models", "DIR", "folder of retrained models (from 'qualitycheck train')")
    either.add_argument("--no-models", action="store_true", help="rules only, no learned models")
    return group


def _input_options(stdin: bool = True) -> _Parser:
    """The articles a corpus command reads: paths, what to read in folders, and
    (``stdin``) standard input; ``clean`` needs a path to mirror, so it has none."""
    group = _group()
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


def _run_options(dask: bool = True) -> _Parser:
    """How the commands that check a corpus (``check`` and ``report``) run; ``report``
    takes ``--dask`` only to say what to run instead, so its help leaves it out."""
    group = _group()
    group.add_argument(
        "-j",
        "--jobs",
        type=_jobs,
        default=0,
        metavar="N",
        help="processes to check with (default 0: every core for inputs over 2 MB, "
        "else one); the output is the same for any N",
    )
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


def _gate_options() -> _Parser:
    """Baselines, unused suppressions and changed files (docs/ci.md)."""
    parent = _group()
    gate = parent.add_argument_group("CI gate")
    for option, text in (
        ("--baseline", "report only findings not recorded in FILE (from --write-baseline)"),
        ("--write-baseline", "record the current findings in FILE; accepted in this run"),
    ):
        _path(gate, option, "FILE", text)
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


def _labeled_data_options(tasks: tuple[str, ...] = MODEL_TASKS) -> _Parser:
    """The task and labeled file that ``evaluate`` and ``train`` work on."""
    group = _group()
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


_SHOW_AT_LEAST = (
    "show only findings at or above this severity in every output; verdicts, scores and the "
    "exit code still count every finding (default: info, and warning for GitHub annotations, "
    "whose number per step is limited)"
)


_REPORT_AT_LEAST = (
    "show only findings at or above this severity in the report (it says so); verdicts and "
    "scores still count every finding (default: info)"
)


def _add_min_severity(parser: argparse.ArgumentParser, help_text: str = _SHOW_AT_LEAST) -> None:
    parser.add_argument("--min-severity", choices=SEVERITIES, help=help_text)


def _add_quiet(parser: argparse.ArgumentParser, help_text: str) -> None:
    parser.add_argument("-q", "--quiet", action="store_true", help=help_text)


def build_parser() -> argparse.ArgumentParser:
    """The ``qualitycheck`` parser; ``args.func(args)`` runs the chosen command."""
    parser = _Parser(
        prog="qualitycheck",
        description="Find machine-translation artifacts, scraper boilerplate and unsupported "
        "claims in articles, with exact positions.",
    )
    parser.add_argument("--version", action="version", version=f"qualitycheck {__version__}")
    parser.set_defaults(func=_help_handler(parser))
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    config, selection, models = _config_options(), _selection_options(), _model_options()
    inputs, run, gate = _input_options(), _run_options(), _gate_options()
    labeled = _labeled_data_options()

    check = commands.add_parser(
        "check",
        parents=[config, selection, inputs, models, run, gate],
        help="check articles and exit non-zero when one fails",
        description="Check articles; exit 0 (pass), 1 (an article "
        "fails) or 2 (usage, config, rule or input error).",
    )
    check.add_argument(
        "--format",
        choices=OUTPUT_FORMATS,
        help="output format (default: github when GITHUB_ACTIONS=true and the output is "
        "standard output, else text; docs/ci-formats.md)",
    )
    _output(check, "FILE", "write output to FILE", required=False)
    check.add_argument(
        "--output-format",
        dest="output_formats",
        action="append",
        default=[],
        type=target_spec,
        metavar="FORMAT=FILE",
        help="also write FORMAT to FILE ('-' for standard output) from the same run (repeatable)",
    )
    _add_min_severity(check)
    check.add_argument(
        "--fail-on", choices=FAIL_ON, help="lowest severity that fails an article (default: error)"
    )
    check.add_argument(
        "--fail-under",
        type=_score,
        metavar="SCORE",
        help="fail an article whose overall score is below SCORE",
    )
    check.add_argument(
        "--color",
        choices=("auto", "always", "never"),
        default="auto",
        help="colour in text and concise output (default: auto: on a terminal, unless "
        "NO_COLOR is set or TERM is dumb; FORCE_COLOR turns it on elsewhere)",
    )
    _add_quiet(
        check,
        "text and concise output: only the summary line and errors, no findings "
        "(other formats are unchanged); no progress line",
    )
    check.set_defaults(func=run_check, template=None, from_results=None, summary_on_stderr=False)

    report = commands.add_parser(
        "report",
        parents=[config, selection, inputs, models, _run_options(dask=False)],
        help="write the HTML audit report",
        description="Write a self-contained HTML audit report.",
    )
    _output(report, "FILE", "the HTML file")
    _path(report, "--template", "DIR", "folder with your own templates")
    _path(
        report,
        "--from-results",
        "DIR",
        "report the result shards and summary.json a check --dask run wrote into DIR, "
        "without checking again (docs/scale-out.md)",
    )
    _add_min_severity(report, _REPORT_AT_LEAST)
    _add_quiet(
        report, "no summary line and no progress line (errors, warnings and 'wrote FILE' stay)"
    )
    # The report runs check's code path: HTML, and check's own options not given.
    report.set_defaults(
        func=run_report,
        format="html",
        output_formats=[],
        color="never",
        summary_on_stderr=True,
        **_NO_VERDICT,
        **_not_given(gate),
    )

    clean = commands.add_parser(
        "clean",
        parents=[config, selection, _input_options(stdin=False), models],
        help="write copies of articles without their boilerplate lines",
        description="Write a copy of each input under DIR (same relative path) without the "
        "blocks that have a boilerplate finding; the inputs are never changed. Text and "
        "Markdown lose whole lines, HTML loses the text and keeps the tags, a JSONL record "
        "changes only in its text; each copy keeps its input's encoding. Parquet files are "
        "not rewritten, and nothing is written through a link, pipe or linked folder in DIR. "
        "Standard input is not supported. Exit 0, or 2 on a usage, config, rule or input "
        "error (or when DIR would overwrite an input).",
    )
    _output(clean, "DIR", "folder for the cleaned copies (none with --diff)", required=False)
    clean.add_argument(
        "--diff",
        action="store_true",
        help="print what would be removed as a unified diff on standard output and write "
        "nothing: input -> copy, or without -o a patch of the input itself",
    )
    _add_min_severity(clean, CLEAN_MIN_SEVERITY_HELP)
    _add_quiet(clean, "no summary line and no progress line (errors and warnings stay)")
    clean.set_defaults(func=run_clean, **_NO_VERDICT, **_not_given(gate))

    evaluate = commands.add_parser(
        "evaluate",
        parents=[_labeled_data_options(EVALUATION_TASKS), config, selection, models],
        help="measure rules on labeled JSONL",
        description="Precision, recall and F1 of the rules, the models and both (the "
        "default pipeline), and the models' ROC-AUC, on labeled JSONL in the task's format "
        "(docs/models.md). Measure on a split the models were not trained on (the corpora's "
        "dev.jsonl). Exit 0, or 2 when a record cannot be read or its labels are not the "
        "task's (reported; the other records are measured).",
    )
    evaluate.add_argument(
        "--format", choices=("text", "json"), default="text", help="output format (default: text)"
    )
    evaluate.set_defaults(func=run_evaluate, **_NO_VERDICT, **_not_given(inputs, gate))

    train = commands.add_parser(
        "train",
        parents=[labeled, config],
        help="retrain a model on labeled JSONL",
        description="Train the boilerplate, claims or mt model on labeled JSONL (the corpora's "
        "formats; deterministic for a seed); use it with --models DIR. Exit 1: a model written "
        "short of its threshold rule (the warning says why; docs/models.md).",
    )
    _output(train, "DIR", "folder to write the model to (as TASK.json; give it to --models)")
    train.add_argument(
        "--seed",
        type=int,
        default=0,
        help="random seed (default: 0); the same data and seed give the same model",
    )
    # Training and the rules commands check no corpus: no checking option applies.
    not_checking = {**_NO_VERDICT, **_not_given(selection, inputs, models, gate)}
    train.set_defaults(func=run_train, **not_checking)

    rules = commands.add_parser("rules", help="list, show or test rules")
    rules.set_defaults(func=_help_handler(rules))
    actions = rules.add_subparsers(metavar="ACTION", parser_class=_Parser)
    rules_list = actions.add_parser("list", parents=[config], help="list every rule")
    rules_list.set_defaults(func=run_rules_list, **not_checking)
    rules_show = actions.add_parser("show", parents=[config], help="show one rule")
    rules_show.add_argument("rule_id", metavar="ID", help="rule id (see 'qualitycheck rules list')")
    rules_show.set_defaults(func=run_rules_show, **not_checking)
    rules_test = actions.add_parser(
        "test",
        parents=[config],
        help="run every rule's flag/pass examples",
        description="Run the flag/pass examples of every rule (of the loaded packs, or of "
        "PACK); exit 1 when one does not behave as declared.",
    )
    rules_test.add_argument(
        "packs",
        nargs="*",
        metavar="PACK",
        help="pack files or folders to test (default: the loaded packs)",
    )
    rules_test.set_defaults(func=run_rules_test, **not_checking)
    return parser
