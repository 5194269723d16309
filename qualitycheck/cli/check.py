"""``check`` and ``report``: run the checker over a corpus and render the result.

Both read inputs the same way and differ only in the output and in what fails:
``check`` is the CI gate, ``report`` an audit that fails only on errors. The
heavy modules are imported inside the functions so ``--help`` stays fast.
"""

from __future__ import annotations

import argparse
import os
import stat
import sys
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from qualitycheck.cli.exit_codes import EXIT_ERROR, EXIT_FAIL, EXIT_OK
from qualitycheck.cli.messages import say
from qualitycheck.cli.settings import config_from_args
from qualitycheck.config.settings import Config
from qualitycheck.errors import InputError, QualitycheckError
from qualitycheck.primitives.output import refuse_folder_outputs, refuse_unwritable
from qualitycheck.primitives.terminal import for_terminal
from qualitycheck.renderers.outputs import plan_outputs

if TYPE_CHECKING:
    from qualitycheck.pipeline.checker import Checker
    from qualitycheck.pipeline.results import ArticleResult
    from qualitycheck.renderers.contract import ConfigWarning


def unused_config_suppressions(checker: Checker) -> list[ConfigWarning]:
    """The config suppressions that hid no finding in this run, for the outputs
    (SARIF notifications, GitHub annotations, the JSON summary)."""
    from qualitycheck.renderers.contract import unused_suppression_warnings

    return unused_suppression_warnings(checker.suppressor.unused())


def report_input_error(error: InputError) -> None:
    """One line on standard error per unreadable input; the run goes on."""
    say(f"input error: {error}")


def run_check(args: argparse.Namespace) -> int:
    """``check``: check and render the inputs; exit 0 (no article fails), 1 or 2."""
    from contextlib import ExitStack

    from qualitycheck.cli.progress import Progress
    from qualitycheck.gate.run import Gate
    from qualitycheck.pipeline.checker import Checker
    from qualitycheck.pipeline.inputs import check_inputs
    from qualitycheck.primitives.input_warnings import InputWarnings
    from qualitycheck.renderers.contract import Summary
    from qualitycheck.renderers.group import TERMINAL_FORMATS, at_least, open_renderers
    from qualitycheck.renderers.rule_catalog import rule_catalog
    from qualitycheck.renderers.summary_line import summary_line

    if getattr(args, "dask", None):
        from qualitycheck.cli.scaleout import run_dask

        return run_dask(args)
    if args.changed_since and not args.paths:
        args.paths = ["."]
    if not args.paths:
        say("error: give at least one PATH (or '-' for standard input)")
        return EXIT_ERROR
    targets = plan_outputs(
        args.format, args.output, args.output_formats, baseline=args.write_baseline
    )
    config = config_from_args(args)
    written = [t.path for t in targets if t.path not in (None, "-")]
    written += [args.write_baseline] if args.write_baseline else []
    refuse_folder_outputs(written)
    if args.write_baseline:  # (written at the end; the other outputs are opened now)
        refuse_unwritable(args.write_baseline)
    refuse_overwriting_inputs(written, args.paths, config)
    checker = Checker(config)
    catalog = rule_catalog(checker)
    gate = Gate(
        checker,
        baseline=Path(args.baseline) if args.baseline else None,
        write_baseline=Path(args.write_baseline) if args.write_baseline else None,
        changed_since=args.changed_since,
        paths=args.paths,
        reportable=[rule.id for rule in catalog],
        config_search=None if args.config or args.no_config else Path.cwd(),
    )
    summary = Summary()
    skipped: list[str] = []  # this tool's own outputs a folder walk passed over
    with ExitStack() as stack:
        renderer = open_renderers(
            stack,
            targets,
            rules=catalog,
            color=lambda stream: _use_color(args.color, stream),
            quiet=args.quiet,
            template_dir=Path(args.template) if args.template else None,
            min_severity=args.min_severity,
        )
        renderer.begin()
        jobs = _job_count(args, config)
        inputs = check_inputs(
            checker, args.paths, args.stdin_format, args.stdin_name, gate.keep, jobs, skipped
        )
        # Results streamed to the terminal the line is drawn on: the text
        # formats print only articles with findings or a failure (40,000 clean
        # ones print nothing for minutes), so the line shows and is erased
        # before each article printed, never glued to it; the other formats
        # print every article, which is progress enough.
        streamed = [target for target in targets if target.path is None]
        on_terminal = bool(streamed) and sys.stdout.isatty()
        every_article = any(target.format not in TERMINAL_FORMATS for target in streamed)
        progress = Progress.for_stream(sys.stderr, args.quiet or (on_terminal and every_article))

        def warn(line: str) -> None:
            progress.close()  # (a count may be written before its input's next item)
            say(f"warning: {line}")

        warnings_shown = InputWarnings(warn, "the JSON output lists each article's")
        for item in inputs:
            progress.tick(isinstance(item, InputError))
            warnings_shown.reached(item.path if isinstance(item, InputError) else item.article.path)
            if isinstance(item, InputError):
                progress.close()
                report_input_error(item)
                summary.add_error(item)
                renderer.input_error(item)
                continue
            item = gate.apply(item)
            if args.min_severity:
                item = at_least(item, args.min_severity)
            # (after the filters: a note is left out only beside a finding shown)
            logged = _logged_warnings(item)
            if logged:
                progress.close()
            for warning in logged:
                warnings_shown.show(item.article.path, warning)
            summary.add(item)
            if on_terminal and (item.findings or item.verdict == "fail"):
                progress.close()  # (its lines go where the status line is)
            renderer.article(item)
        progress.close()
        warnings_shown.end_run()
        if config.warn_unused_suppressions and not args.changed_since:
            # A --changed-since run checks a few files: a config suppression
            # for the others cannot be judged by it (inline ones still are).
            summary.config_warnings = unused_config_suppressions(checker)
        summary.baseline = gate.baseline_summary()
        renderer.end(summary)
    if getattr(args, "summary_on_stderr", False) and not args.quiet:
        # The report's page is for a browser: the run's counts go to the log,
        # as check prints them under its text output.
        say(summary_line(summary))
    cut_short = renderer.cut_short()  # (read by a pipe that closed early: not all written)
    for target in targets:
        if target.path is not None and target not in cut_short:
            say(f"wrote {target.path}")
    if skipped:
        shown = ", ".join(skipped[:3]) + (" ..." if len(skipped) > 3 else "")
        say(
            f"note: skipped {len(skipped)} file{'s' * (len(skipped) != 1)} this tool wrote "
            f"(reports, results), not articles: {shown}; name a file to check it"
        )
    if not summary.articles and not summary.input_errors and not args.changed_since:
        # Passing on nothing is how a mistyped glob or path would slip through a gate.
        globs = f"files matching {', '.join(config.include)}, less {', '.join(config.exclude)}"
        walked = any(os.path.isdir(path) for path in args.paths)
        say(
            f"warning: no articles found in {', '.join(args.paths)}"
            + (f" ({globs})" if walked else "")
        )
    gate.finish(_write_line)
    for unused in summary.config_warnings:
        _write_line(f"qualitycheck: warning: {unused.path}:{unused.line}: {unused.message}")
    if summary.input_errors:
        return EXIT_ERROR
    return EXIT_FAIL if summary.verdicts["fail"] else EXIT_OK


def refuse_overwriting_inputs(outputs: list[str], paths: list[str], config: Config) -> None:
    """Stop before anything runs when an output file is one of the inputs.

    ``check a.txt -o a.txt`` (or a JSONL feed written over itself) would
    replace the article with its own report. Files are compared as the
    system sees them (device and inode, through symbolic links), so another
    spelling of the same path is caught too; an output that does not exist
    yet cannot be an input, and neither can one that is not a regular file
    (``/dev/null``, a terminal, a named pipe: written into, nothing replaced),
    so ``-o /dev/null`` costs no second walk of the inputs.
    """
    from qualitycheck.readers.discovery import discover

    existing: dict[tuple[int, int], str] = {}
    for output in outputs:
        try:
            info = os.stat(output)
        except OSError:
            continue
        if stat.S_ISREG(info.st_mode):
            existing[(info.st_dev, info.st_ino)] = output
    if not existing:
        return
    for source in discover(
        paths, config.include, config.exclude, base=config.base, force_exclude=config.force_exclude
    ):
        location = getattr(source, "location", None)
        if location is None:
            continue
        try:
            info = location.stat()
        except OSError:
            continue
        same = existing.get((info.st_dev, info.st_ino))
        if same is not None:
            raise QualitycheckError(
                f"{same}: is also an input ({source.path}); "
                "write the output somewhere else so the article is not overwritten"
            )


def run_report(args: argparse.Namespace) -> int:
    """``report``: an audit report is not a gate, so failing articles do not fail it."""
    refuse_missing_template(args.template)
    if getattr(args, "dask", None):
        raise QualitycheckError("report --dask: run check --dask -o DIR, then --from-results DIR")
    if getattr(args, "from_results", None):
        from qualitycheck.cli.scaleout import run_report_from_results

        return run_report_from_results(args)
    return EXIT_ERROR if run_check(args) == EXIT_ERROR else EXIT_OK


def refuse_missing_template(template: str | None) -> None:
    """Stop before anything is checked when ``--template`` names no folder.

    The folder only goes before the shipped templates in the search path, so
    a mistyped one would otherwise be passed over in silence and the stock
    report written as if it were the user's; checked first, so the error
    does not wait for a whole corpus to be read."""
    if template is None:
        return
    if not os.path.exists(template):
        raise QualitycheckError(f"--template {template}: no such folder")
    if not os.path.isdir(template):
        raise QualitycheckError(f"--template {template}: not a folder")


def _write_line(line: str) -> None:
    sys.stderr.write(for_terminal(line) + "\n")


def _use_color(choice: str, stream: TextIO) -> bool:
    """``--color``; ``auto`` follows NO_COLOR, FORCE_COLOR and whether ``stream`` is a terminal."""
    if choice != "auto":
        return choice == "always"
    if os.environ.get("NO_COLOR"):
        return False
    if os.environ.get("FORCE_COLOR"):
        return True
    return stream.isatty() and os.environ.get("TERM") != "dumb"


def _logged_warnings(result: ArticleResult) -> list[str]:
    """An article's warnings worth a line on standard error: all of them, but
    the note of what the English checks skipped beside a shown
    ``language-unexpected`` finding, which already says the article is in
    another language (the example feed's Spanish record printed both). The
    output keeps every warning; ``clean``, which shows no findings, logs them all."""
    from qualitycheck.primitives.input_warnings import NOT_CHECKED

    if not any(f.rule == "language-unexpected" for f in result.findings):
        return result.warnings
    return [w for w in result.warnings if not w.startswith(NOT_CHECKED)]


def _job_count(args: argparse.Namespace, config: Config) -> int:
    """``--jobs``, or its automatic value from the size of the inputs."""
    from qualitycheck.pipeline.inputs import default_jobs, input_bytes

    if config.warn_unused_suppressions:
        return 1  # which suppressions were used is known only in one process
    if args.jobs:
        return int(args.jobs)
    return default_jobs(input_bytes(args.paths, config))
