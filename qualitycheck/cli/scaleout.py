"""``check --dask``: the corpus checked on a Dask cluster (docs/scale-out.md).

One task per input file, one result shard per input file in the folder
``-o DIR`` (``--format jsonl``, the default, or ``parquet``), and
``summary.json`` beside them. Input errors are reported on standard error as
in a local run, then the summary line; the exit code is that of a local run.
Options that need every result in one process (a baseline, changed files,
several outputs, standard input) are refused up front.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from qualitycheck.cli.exit_codes import EXIT_ERROR
from qualitycheck.cli.messages import say
from qualitycheck.cli.settings import config_from_args
from qualitycheck.errors import QualitycheckError


def _refused(args: argparse.Namespace) -> str | None:
    """The first option given that a Dask run cannot honour, or ``None``."""
    for option, given in (
        ("--baseline", args.baseline),
        ("--write-baseline", args.write_baseline),
        ("--changed-since", args.changed_since),
        ("--output-format", args.output_formats),
        ("--min-severity", args.min_severity),
        ("--jobs", args.jobs),
        ("'-' (standard input)", "-" in args.paths),
    ):
        if given:
            return option
    return None


def run_dask(args: argparse.Namespace) -> int:
    """``check --dask SCHEDULER -o DIR PATH...``."""
    from qualitycheck.dask.cluster import dask_client
    from qualitycheck.dask.run import SUMMARY_NAME, remove_unfinished, run_corpus
    from qualitycheck.renderers.summary_line import summary_line
    from qualitycheck.tools.results import shard_files, some_names

    if not args.paths:
        say("error: give at least one PATH")
        return EXIT_ERROR
    if not args.output:
        raise QualitycheckError("--dask writes result shards: give the folder with -o DIR")
    refused = _refused(args)
    if refused:
        raise QualitycheckError(f"--dask cannot be combined with {refused}")
    output_format = args.format or "jsonl"
    if output_format not in ("jsonl", "parquet"):
        raise QualitycheckError(f"--dask writes jsonl or parquet shards, not {output_format}")
    config = config_from_args(args)
    try:
        with dask_client(args.dask) as client:
            corpus = run_corpus(
                args.paths,
                client,
                config=config,
                output_dir=args.output,
                output_format=output_format,
                shard_runs=args.dask_shard_runs,
            )
    except BaseException:
        # Stopped (Ctrl-C, SIGTERM) with local workers mid-shard: the cluster
        # is gone now, and what they were writing must not stay in -o DIR.
        remove_unfinished(Path(args.output))
        raise
    for error in corpus.summary.input_errors:
        say(f"input error: {error}")
    for unused in corpus.summary.config_warnings:
        say(f"warning: {unused.path}:{unused.line}: {unused.message}")
    # The summary line, as a local run prints it even with --quiet; only the
    # rate goes with --quiet.
    sys.stderr.write(summary_line(corpus.summary) + "\n")
    if not args.quiet:
        cpu = sum(shard.cpu_seconds for shard in corpus.shards)
        if cpu > 0 and corpus.summary.articles:
            rate = corpus.summary.articles / cpu
            say(f"{cpu:.1f} CPU seconds on the workers: {rate:.1f} articles/s per worker core")
    written = {shard.output for shard in corpus.shards if shard.output}
    shards = f"{len(written)} result shard{'s' * (len(written) != 1)}"
    say(f"wrote {shards} and {SUMMARY_NAME} to {args.output}")
    strays = [p.name for p in shard_files(Path(args.output)) if p.name not in written]
    if strays:
        say(
            f"warning: {args.output} also holds {len(strays)} result shard(s) of an earlier run "
            f"({some_names(strays)}); "
            f"{SUMMARY_NAME} lists this run's, and report --from-results reads only those"
        )
    return corpus.exit_code


def run_report_from_results(args: argparse.Namespace) -> int:
    """``report --from-results DIR -o report.html``: exit 2 on the run's input
    errors, else 0 (a report is not a gate)."""
    from contextlib import ExitStack

    from qualitycheck.document.findings import SEVERITY_RANK
    from qualitycheck.primitives.output import open_output, refuse_folder_outputs
    from qualitycheck.primitives.standard_streams import PipeGuard
    from qualitycheck.renderers.group import guarded
    from qualitycheck.renderers.html import HtmlRenderer
    from qualitycheck.renderers.report_data import entry_of
    from qualitycheck.renderers.rule_catalog import pack_catalog
    from qualitycheck.renderers.summary_line import summary_line
    from qualitycheck.tools.results import (
        Sources,
        input_versions,
        result_rows,
        result_shards,
        run_summary,
    )

    if args.paths:
        raise QualitycheckError("report --from-results DIR takes no PATH: the results name them")
    folder = Path(args.from_results)
    if not folder.is_dir():
        raise QualitycheckError(f"{folder}: not a folder of results")
    shards, shard_warnings = result_shards(folder)
    for warning in shard_warnings:
        say(f"warning: {warning}")
    refuse_folder_outputs([args.output])
    rows = list(result_rows(shards))
    summary = run_summary(folder, rows)
    config = config_from_args(args)
    sources = Sources(config, input_versions(folder))
    with ExitStack() as stack:
        # r.html.gz is compressed, as report PATH -o r.html.gz writes it
        output = stack.enter_context(open_output(args.output, compress=True))
        # Standard output whose reader leaves (| head) does not stop the report.
        renderer = HtmlRenderer(guarded(stack, output, args.output))
        # Which findings are banners: the results hold rule ids, the packs say.
        renderer.rules = pack_catalog(config)
        if args.template:
            renderer.template_dir = Path(args.template)
        shown = args.min_severity or "info"
        renderer.min_severity = shown
        renderer.begin()
        for row in rows:
            if shown != "info":  # as report without --from-results: the rest is left out
                rank = SEVERITY_RANK[shown]
                kept = [f for f in row["findings"] if SEVERITY_RANK[f["severity"]] <= rank]
                row = {**row, "findings": kept}
            renderer.entry(entry_of(row, sources.text(row), renderer.article_level))
        renderer.end(summary)
    for warning in sources.missing:
        say(f"warning: {warning}")
    if not args.quiet:
        say(summary_line(summary))
    stream = renderer.stream
    if args.output != "-" and not (isinstance(stream, PipeGuard) and stream.cut_short()):
        say(f"wrote {args.output}")
    return EXIT_ERROR if summary.input_errors else 0
