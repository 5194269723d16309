"""The ``qualitycheck`` command line.

Exit codes (the CI contract):
  0  no article fails;
  1  at least one article fails (see ``--fail-on`` and ``--fail-under``);
  2  usage, config or rule error, or an input could not be read. Input errors
     are decided last: every other input is still checked and reported.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path
from typing import TextIO

from qualitycheck.config.declarations import FAIL_ON
from qualitycheck.config.loading import find_config, load_config
from qualitycheck.config.settings import Config, Selector
from qualitycheck.errors import InputError, QualitycheckError
from qualitycheck.readers import FORMATS
from qualitycheck.renderers.outputs import OUTPUT_FORMATS, plan_outputs, target_spec
from qualitycheck.version import __version__

EXIT_OK, EXIT_FAIL, EXIT_ERROR = 0, 1, 2


class _Parser(argparse.ArgumentParser):
    """argparse that exits with 2 and one clear line on usage errors."""

    def error(self, message: str) -> None:  # type: ignore[override]
        self.print_usage(sys.stderr)
        self.exit(EXIT_ERROR, f"qualitycheck: error: {message}\n")


def _score(value: str) -> float:
    number = float(value)
    if not 0 <= number <= 100:
        raise argparse.ArgumentTypeError("must be between 0 and 100")
    return number


def _add_input_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "paths",
        nargs="*",
        metavar="PATH",
        help="files or folders to check; '-' reads standard input",
    )
    parser.add_argument(
        "--config",
        metavar="FILE",
        help="config file (default: nearest qualitycheck.yaml or pyproject.toml)",
    )
    parser.add_argument("--no-config", action="store_true", help="ignore config files")
    parser.add_argument(
        "--rules",
        action="append",
        default=[],
        metavar="PATH",
        help="extra rule pack file or folder (repeatable)",
    )
    parser.add_argument(
        "--enable",
        action="append",
        default=[],
        metavar="RULE",
        help="switch on a rule id, glob or category (repeatable)",
    )
    parser.add_argument(
        "--disable",
        action="append",
        default=[],
        metavar="RULE",
        help="switch off a rule id, glob or category (repeatable)",
    )
    parser.add_argument(
        "--language",
        action="append",
        default=[],
        metavar="CODE",
        help="expected article language (repeatable; default from config, 'en')",
    )
    parser.add_argument(
        "--include",
        action="append",
        default=[],
        metavar="GLOB",
        help="files to read in folders (replaces the config's list)",
    )
    parser.add_argument(
        "--exclude",
        action="append",
        default=[],
        metavar="GLOB",
        help="files or folders to skip (added to the config's list)",
    )
    parser.add_argument(
        "--stdin-format",
        choices=FORMATS,
        default="txt",
        help="format of standard input (default: txt)",
    )
    parser.add_argument(
        "--models", metavar="DIR", help="folder of retrained models (from 'qualitycheck train')"
    )
    parser.add_argument("--no-models", action="store_true", help="rules only, no learned models")
    parser.add_argument(
        "--stdin-name", default="-", metavar="NAME", help="path to show for standard input"
    )


def _add_gate_options(parser: argparse.ArgumentParser) -> None:
    """Baselines, unused suppressions and changed files (docs/ci.md)."""
    gate = parser.add_argument_group("CI gate")
    gate.add_argument(
        "--baseline",
        metavar="FILE",
        help="report only findings not recorded in FILE (from --write-baseline)",
    )
    gate.add_argument(
        "--write-baseline",
        metavar="FILE",
        help="record the current findings in FILE; they are then accepted in this run",
    )
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


def _jobs(value: str) -> int:
    number = int(value)
    if number < 0:
        raise argparse.ArgumentTypeError("must be 0 (automatic) or more")
    return number


def _add_run_options(parser: argparse.ArgumentParser) -> None:
    """Options of the commands that check a corpus (``check`` and ``report``)."""
    parser.add_argument(
        "-j",
        "--jobs",
        type=_jobs,
        default=0,
        metavar="N",
        help="processes to check with (default 0: every core for inputs over 2 MB, "
        "else one); the output is the same for any N",
    )


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="qualitycheck",
        description="Find machine-translation artifacts, scraper boilerplate and unsupported "
        "claims in articles, with exact positions.",
    )
    parser.add_argument("--version", action="version", version=f"qualitycheck {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)

    check = commands.add_parser(
        "check",
        help="check articles and exit non-zero when one fails",
        description="Check articles; exit 0 (pass), 1 (an article "
        "fails) or 2 (usage, config, rule or input error).",
    )
    _add_input_options(check)
    _add_run_options(check)
    check.add_argument(
        "--format",
        choices=OUTPUT_FORMATS,
        help="output format (default: github when GITHUB_ACTIONS=true and the output is "
        "standard output, else text; docs/ci-formats.md)",
    )
    check.add_argument("-o", "--output", metavar="FILE", help="write output to FILE")
    check.add_argument(
        "--output-format",
        dest="output_formats",
        action="append",
        default=[],
        type=target_spec,
        metavar="FORMAT=FILE",
        help="also write FORMAT to FILE ('-' for standard output) from the same run (repeatable)",
    )
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
        help="colour in text output (default: auto)",
    )
    check.add_argument(
        "-q",
        "--quiet",
        action="store_true",
        help="no per-article text output, only the summary and errors",
    )
    _add_gate_options(check)

    report = commands.add_parser(
        "report",
        help="write the HTML audit report",
        description="Write a self-contained HTML audit report.",
    )
    _add_input_options(report)
    _add_run_options(report)
    report.add_argument("-o", "--output", metavar="FILE", required=True, help="the HTML file")
    report.add_argument("--template", metavar="DIR", help="folder with your own templates")

    clean = commands.add_parser(
        "clean",
        help="write copies of articles without their boilerplate lines",
        description="Write a copy of each input under DIR (same relative path) without the "
        "blocks that have a boilerplate finding; the inputs are never changed. Text and "
        "Markdown lose whole lines, HTML loses the text and keeps the tags, JSONL records "
        "keep every field and get a new text. Standard input is not supported. Exit 0, or 2 "
        "on a usage, config, rule or input error (or when DIR would overwrite an input).",
    )
    _add_input_options(clean)
    clean.add_argument(
        "-o", "--output", metavar="DIR", required=True, help="folder for the cleaned copies"
    )

    evaluate = commands.add_parser(
        "evaluate",
        help="measure rules on labeled JSONL",
        description="Precision, recall and F1 of the current rules on labeled data.",
    )
    evaluate.add_argument("--task", required=True, choices=("boilerplate", "claims", "mt"))
    evaluate.add_argument("data", metavar="LABELED.jsonl")
    evaluate.add_argument("--format", choices=("text", "json"), default="text")
    evaluate.add_argument("--config", metavar="FILE")
    evaluate.add_argument("--no-config", action="store_true")
    evaluate.add_argument("--rules", action="append", default=[], metavar="PATH")
    evaluate.add_argument("--enable", action="append", default=[], metavar="RULE")
    evaluate.add_argument("--disable", action="append", default=[], metavar="RULE")
    evaluate.add_argument("--models", metavar="DIR", help="folder of retrained models")
    evaluate.add_argument("--no-models", action="store_true", help="rules only")

    train = commands.add_parser(
        "train",
        help="retrain a model on labeled JSONL",
        description="Train the boilerplate, claims or mt model on labeled JSONL in the formats "
        "of the project corpora; deterministic for a seed. Use the result with --models DIR.",
    )
    train.add_argument("--task", required=True, choices=("boilerplate", "claims", "mt"))
    train.add_argument("data", metavar="LABELED.jsonl")
    train.add_argument("--output", "-o", required=True, metavar="DIR")
    train.add_argument("--seed", type=int, default=0)
    train.add_argument("--config", metavar="FILE")
    train.add_argument("--no-config", action="store_true")
    train.add_argument("--rules", action="append", default=[], metavar="PATH")

    rules = commands.add_parser("rules", help="list or show rules")
    rules_commands = rules.add_subparsers(
        dest="rules_command", metavar="ACTION", parser_class=_Parser
    )
    for name, help_text in (
        ("list", "list every rule"),
        ("show", "show one rule"),
        ("test", "run every rule's flag/pass examples"),
    ):
        sub = rules_commands.add_parser(name, help=help_text)
        if name == "show":
            sub.add_argument("rule_id", metavar="ID")
        if name == "test":
            sub.add_argument(
                "packs",
                nargs="*",
                metavar="PACK",
                help="pack files or folders to test (default: the loaded packs)",
            )
        sub.add_argument("--config", metavar="FILE")
        sub.add_argument("--no-config", action="store_true")
        sub.add_argument("--rules", action="append", default=[], metavar="PATH")
    return parser


def _config(args: argparse.Namespace) -> Config:
    if args.no_config:
        config = Config()
    else:
        path = Path(args.config) if args.config else find_config(Path.cwd())
        config = load_config(path)
    config.rules = [*config.rules, *(Path(p) for p in args.rules)]
    for name in ("enable", "disable"):
        extra = [Selector(value, "command line", None) for value in getattr(args, name, [])]
        setattr(config, name, [*getattr(config, name), *extra])
    if getattr(args, "language", None):
        config.languages = tuple(args.language)
    if getattr(args, "include", None):
        config.include = tuple(args.include)
    if getattr(args, "exclude", None):
        config.exclude = (*config.exclude, *args.exclude)
    if getattr(args, "fail_on", None):
        config.fail_on = args.fail_on
    if getattr(args, "fail_under", None) is not None:
        config.fail_under = args.fail_under
    if getattr(args, "models", None):
        config.models_dir = Path(args.models)
    if getattr(args, "no_models", False):
        config.use_models = False
    if getattr(args, "warn_unused_suppressions", False):
        config.warn_unused_suppressions = True
    return config


def _use_color(choice: str, stream: TextIO) -> bool:
    if choice != "auto":
        return choice == "always"
    if os.environ.get("NO_COLOR"):
        return False
    if os.environ.get("FORCE_COLOR"):
        return True
    return stream.isatty() and os.environ.get("TERM") != "dumb"


def _report_input_error(error: InputError) -> None:
    sys.stderr.write(f"qualitycheck: input error: {error}\n")


def _job_count(args: argparse.Namespace, config: Config) -> int:
    """``--jobs``, or its automatic value from the size of the inputs."""
    from qualitycheck.pipeline.inputs import default_jobs, input_bytes

    if config.warn_unused_suppressions:
        return 1  # which suppressions were used is known only in one process
    if getattr(args, "jobs", 0):
        return int(args.jobs)
    return default_jobs(input_bytes(args.paths, config))


def run_check(args: argparse.Namespace, output_format: str | None) -> int:
    """Check the inputs, render them, and return the exit code."""
    from contextlib import ExitStack

    from qualitycheck.cli.progress import Progress
    from qualitycheck.gate.run import Gate
    from qualitycheck.pipeline.checker import Checker
    from qualitycheck.pipeline.inputs import check_inputs
    from qualitycheck.renderers.contract import Summary
    from qualitycheck.renderers.group import open_renderers
    from qualitycheck.renderers.rule_catalog import rule_catalog

    if getattr(args, "changed_since", None) and not args.paths:
        args.paths = ["."]
    if not args.paths:
        sys.stderr.write(
            "qualitycheck: error: give at least one PATH (or '-' for standard input)\n"
        )
        return EXIT_ERROR
    targets = plan_outputs(output_format, args.output, getattr(args, "output_formats", []))
    config = _config(args)
    checker = Checker(config)
    gate = Gate(
        checker,
        baseline=Path(args.baseline) if getattr(args, "baseline", None) else None,
        write_baseline=Path(args.write_baseline) if getattr(args, "write_baseline", None) else None,
        changed_since=getattr(args, "changed_since", None),
    )
    summary = Summary()
    with ExitStack() as stack:
        renderer = open_renderers(
            stack,
            targets,
            rules=rule_catalog(checker),
            color=lambda stream: _use_color(getattr(args, "color", "never"), stream),
            quiet=getattr(args, "quiet", False),
            template_dir=Path(args.template) if getattr(args, "template", None) else None,
        )
        renderer.begin()
        jobs = _job_count(args, config)
        inputs = check_inputs(
            checker, args.paths, args.stdin_format, args.stdin_name, gate.keep, jobs
        )
        progress = Progress.for_stream(sys.stderr, getattr(args, "quiet", False))
        for item in inputs:
            progress.tick(isinstance(item, InputError))
            if isinstance(item, InputError):
                progress.close()
                _report_input_error(item)
                summary.add_error(item)
                renderer.input_error(item)
                continue
            if item.warnings:
                progress.close()
            for warning in item.warnings:
                sys.stderr.write(f"qualitycheck: warning: {item.article.path}: {warning}\n")
            item = gate.apply(item)
            summary.add(item)
            renderer.article(item)
        progress.close()
        renderer.end(summary)
    for target in targets:
        if target.path is not None and target.format != "text":
            sys.stderr.write(f"qualitycheck: wrote {target.path}\n")
    gate.finish(lambda line: sys.stderr.write(line + "\n"))
    if summary.input_errors:
        return EXIT_ERROR
    return EXIT_FAIL if summary.verdicts["fail"] else EXIT_OK


def run_clean(args: argparse.Namespace) -> int:
    """``clean``: write the inputs without their boilerplate; 2 when an input failed."""
    from qualitycheck.pipeline.checker import Checker
    from qualitycheck.tools.cleaning import clean_inputs

    if not args.paths:
        sys.stderr.write("qualitycheck: error: give at least one PATH\n")
        return EXIT_ERROR
    output = Path(args.output)
    summary = clean_inputs(
        Checker(_config(args)),
        args.paths,
        output,
        report_error=_report_input_error,
        warn=lambda message: sys.stderr.write(f"qualitycheck: warning: {message}\n"),
    )
    sys.stderr.write(f"qualitycheck: {summary.line(output)}\n")
    return EXIT_ERROR if summary.input_errors else EXIT_OK


def run_rules(args: argparse.Namespace) -> int:
    """``rules list`` and ``rules show``."""
    from qualitycheck.detect.rules.packs import load_packs
    from qualitycheck.pipeline.selection import select_rules

    config = _config(args)
    if args.rules_command == "test":
        return run_rules_test(args, config)
    packs = load_packs([*config.rules], builtin=config.builtin_rules)
    enabled = {rule.meta.id for rule in select_rules(packs, config)}
    every = [rule for pack in packs for rule in pack.rules]
    if args.rules_command == "show":
        rule = next((r for r in every if r.meta.id == args.rule_id), None)
        if rule is None:
            sys.stderr.write(f"qualitycheck: error: no rule {args.rule_id!r}\n")
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
    width = max((len(r.meta.id) for r in every), default=2)
    print(f"{'ID':<{width}}  {'CATEGORY':<19}  {'SEVERITY':<8}  {'KIND':<8}  ENABLED")
    for rule in every:
        meta = rule.meta
        print(
            f"{meta.id:<{width}}  {meta.category:<19}  {meta.severity:<8}  {meta.kind:<8}  "
            f"{'yes' if meta.id in enabled else 'no'}"
        )
    return EXIT_OK


def run_rules_test(args: argparse.Namespace, config: Config) -> int:
    """``rules test``: exit 1 when an example does not behave as declared."""
    from qualitycheck.detect.rules.packs import load_pack, load_packs, pack_files
    from qualitycheck.detect.rules.selftest import run_examples

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


def run_evaluate(args: argparse.Namespace) -> int:
    """``evaluate``: measure the rules on labeled data."""
    import json

    from qualitycheck.pipeline.checker import Checker
    from qualitycheck.tools.evaluation import evaluate, format_text

    path = Path(args.data)
    if not path.is_file():
        sys.stderr.write(f"qualitycheck: error: {path}: no such file\n")
        return EXIT_ERROR
    evaluation = evaluate(Checker(_config(args)), args.task, path)
    if args.format == "json":
        print(json.dumps(evaluation.as_dict(), ensure_ascii=False, indent=2))
    else:
        print(format_text(evaluation))
    return EXIT_ERROR if evaluation.errors else EXIT_OK


def run_train(args: argparse.Namespace) -> int:
    """``train``: fit one model on labeled data and write it to DIR."""
    import json

    from qualitycheck.pipeline.checker import Checker

    path = Path(args.data)
    records = []
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as exc:
        sys.stderr.write(f"qualitycheck: error: {path}: cannot read: {exc}\n")
        return EXIT_ERROR
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except json.JSONDecodeError as exc:
            sys.stderr.write(f"qualitycheck: error: {path}:{number}: invalid JSON: {exc.msg}\n")
            return EXIT_ERROR
        records.append(record)
    config = _config(args)
    config.use_models = False
    module = __import__(f"qualitycheck.detect.models.{args.task}", fromlist=["train"])
    trained = module.train(records, Checker(config), args.seed)
    output = Path(args.output)
    for model in trained if isinstance(trained, list) else [trained]:
        model.training["file"] = path.name
        target = output / f"{model.task}.json"
        model.save(target)
        sys.stderr.write(
            f"qualitycheck: wrote {target} ({len(model.weights)} weights, "
            f"threshold {model.threshold:.3f})\n"
        )
    return EXIT_OK


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exit_request:  # --help, --version and usage errors
        return exit_request.code if isinstance(exit_request.code, int) else EXIT_ERROR
    try:
        if args.command == "check":
            return run_check(args, args.format)
        if args.command == "report":
            # An audit report is not a gate: failing articles do not fail it.
            return EXIT_ERROR if run_check(args, "html") == EXIT_ERROR else EXIT_OK
        if args.command == "clean":
            return run_clean(args)
        if args.command == "evaluate":
            return run_evaluate(args)
        if args.command == "train":
            return run_train(args)
        if args.command == "rules" and args.rules_command:
            return run_rules(args)
    except QualitycheckError as error:
        sys.stderr.write(f"qualitycheck: error: {error}\n")
        return EXIT_ERROR
    except KeyboardInterrupt:
        sys.stderr.write("qualitycheck: interrupted\n")
        return 130
    except BrokenPipeError:
        return EXIT_OK
    except Exception:  # a bug must never look like a failing article (exit 1)
        import traceback

        traceback.print_exc()
        sys.stderr.write("qualitycheck: internal error (please report it with the trace above)\n")
        return EXIT_ERROR
    parser.print_help(sys.stderr)
    return EXIT_ERROR
