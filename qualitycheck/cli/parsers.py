"""The argument parsers of every command, built from the shared option groups.

The groups (:mod:`qualitycheck.cli.option_groups`) are parent parsers, so a
group reads the same everywhere. Each command sets its handler as ``func``; a
command that lacks a group gets that group's "not given" values as defaults, so
every handler and :func:`~qualitycheck.cli.settings.config_from_args` can read
``args.x`` directly whatever the command.
"""

from __future__ import annotations

import argparse

from qualitycheck.cli.argtypes import score_arg as _score
from qualitycheck.cli.check import run_check, run_report
from qualitycheck.cli.clean import CLEAN_MIN_SEVERITY_HELP, run_clean
from qualitycheck.cli.evaluate import run_evaluate
from qualitycheck.cli.option_groups import (
    EVALUATION_TASKS,
    NO_VERDICT,
    REPORT_AT_LEAST,
    add_min_severity,
    add_output,
    add_path,
    add_quiet,
    add_text_or_json,
    config_options,
    gate_options,
    help_handler,
    input_options,
    jobs_option,
    labeled_data_options,
    model_options,
    not_given,
    run_options,
    selection_options,
)
from qualitycheck.cli.rules import run_rules_list, run_rules_show, run_rules_test
from qualitycheck.cli.train import run_train
from qualitycheck.cli.usage import Parser as _Parser
from qualitycheck.config.declarations import FAIL_ON
from qualitycheck.renderers.outputs import OUTPUT_FORMATS, target_spec
from qualitycheck.version import __version__


def build_parser() -> argparse.ArgumentParser:
    """The ``qualitycheck`` parser; ``args.func(args)`` runs the chosen command."""
    parser = _Parser(
        prog="qualitycheck",
        description="Find machine-translation artifacts, scraper boilerplate and unsupported "
        "claims in articles, with exact positions.",
    )
    parser.add_argument("--version", action="version", version=f"qualitycheck {__version__}")
    parser.set_defaults(func=help_handler(parser))
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    config, selection, models = config_options(), selection_options(), model_options()
    inputs, run, gate = input_options(), run_options(), gate_options()
    labeled = labeled_data_options()

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
    add_output(check, "FILE", "write output to FILE", required=False)
    check.add_argument(
        "--output-format",
        dest="output_formats",
        action="append",
        default=[],
        type=target_spec,
        metavar="FORMAT=FILE",
        help="also write FORMAT to FILE ('-' for standard output) from the same run (repeatable)",
    )
    add_min_severity(check)
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
    add_quiet(
        check,
        "text and concise output: only the summary line and errors, no findings "
        "(other formats are unchanged); no progress line",
    )
    check.set_defaults(func=run_check, template=None, from_results=None, summary_on_stderr=False)

    report = commands.add_parser(
        "report",
        parents=[config, selection, inputs, models, run_options(dask=False)],
        help="write the HTML audit report",
        description="Write a self-contained HTML audit report.",
    )
    add_output(report, "FILE", "the HTML file")
    add_path(report, "--template", "DIR", "folder with your own templates")
    add_path(
        report,
        "--from-results",
        "DIR",
        "report the result shards and summary.json a check --dask run wrote into DIR, "
        "without checking again (docs/scale-out.md)",
    )
    add_min_severity(report, REPORT_AT_LEAST)
    add_quiet(
        report, "no summary line and no progress line (errors, warnings and 'wrote FILE' stay)"
    )
    # The report runs check's code path: HTML, and check's own options not given.
    report.set_defaults(
        func=run_report,
        format="html",
        output_formats=[],
        color="never",
        summary_on_stderr=True,
        **NO_VERDICT,
        **not_given(gate),
    )

    clean = commands.add_parser(
        "clean",
        parents=[config, selection, input_options(stdin=False), models, jobs_option()],
        help="write copies of articles without their boilerplate lines",
        description="Write a copy of each input under DIR (same relative path) without the "
        "blocks that have a boilerplate finding; the inputs are never changed. Text and "
        "Markdown lose whole lines, HTML loses the text and keeps the tags, a JSONL record "
        "changes only in its text; each copy keeps its input's encoding. Parquet files are "
        "not rewritten, and nothing is written through a link, pipe or linked folder in DIR. "
        "Standard input is not supported. Exit 0, or 2 on a usage, config, rule or input "
        "error (or when DIR would overwrite an input).",
    )
    add_output(clean, "DIR", "folder for the cleaned copies (none with --diff)", required=False)
    clean.add_argument(
        "--diff",
        action="store_true",
        help="print what would be removed as a unified diff on standard output and write "
        "nothing: input -> copy, or without -o a patch of the input itself",
    )
    add_min_severity(clean, CLEAN_MIN_SEVERITY_HELP)
    add_quiet(clean, "no summary line and no progress line (errors and warnings stay)")
    clean.set_defaults(func=run_clean, **NO_VERDICT, **not_given(gate))

    evaluate = commands.add_parser(
        "evaluate",
        parents=[labeled_data_options(EVALUATION_TASKS), config, selection, models],
        help="measure rules on labeled JSONL",
        description="Precision, recall and F1 of the rules, the models and both (the default "
        "pipeline), the models' ROC-AUC and calibration (reliability bins, ECE, Brier), on "
        "labeled JSONL in the task's format (docs/models.md). Measure on a split the models "
        "were not trained on (the corpora's dev.jsonl). Exit 0, or 2 when a record cannot be "
        "read or its labels are not the task's (reported; the other records are measured).",
    )
    add_text_or_json(evaluate)
    evaluate.set_defaults(func=run_evaluate, **NO_VERDICT, **not_given(inputs, gate))

    train = commands.add_parser(
        "train",
        parents=[labeled, config],
        help="retrain a model on labeled JSONL",
        description="Train the boilerplate, claims or mt model on labeled JSONL (the corpora's "
        "formats; deterministic for a seed); use it with --models DIR. Exit 1: a model written "
        "short of its threshold rule (the warning says why; docs/models.md).",
    )
    add_output(train, "DIR", "folder to write the model to (as TASK.json; give it to --models)")
    train.add_argument(
        "--seed",
        type=int,
        default=0,
        help="random seed (default: 0); the same data and seed give the same model",
    )
    # Training and the rules commands check no corpus: no checking option applies.
    not_checking = {**NO_VERDICT, **not_given(selection, inputs, models, gate)}
    train.set_defaults(func=run_train, **not_checking)

    rules = commands.add_parser("rules", help="list, show or test rules")
    rules.set_defaults(func=help_handler(rules))
    actions = rules.add_subparsers(metavar="ACTION", parser_class=_Parser)
    rules_list = actions.add_parser(
        "list",
        parents=[config],
        help="list every rule",
        description="One row per finding id a run can emit (rules, model findings, "
        "suppression problems) with its category, severity, kind and whether the config "
        "enables it; --format json gives the same as a list of objects, for tools.",
    )
    add_text_or_json(rules_list)
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
