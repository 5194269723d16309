"""``clean``: write copies of the inputs without their boilerplate blocks.

The work is in :mod:`qualitycheck.tools.cleaning`; this module only wires the
command line to it and says on standard error what was written.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from qualitycheck.cli.check import report_input_error
from qualitycheck.cli.exit_codes import EXIT_ERROR, EXIT_OK
from qualitycheck.cli.messages import say
from qualitycheck.cli.progress import Progress
from qualitycheck.cli.settings import config_from_args
from qualitycheck.errors import InputError, QualitycheckError
from qualitycheck.primitives.standard_streams import refuse_closed_standard_output
from qualitycheck.primitives.terminal import for_terminal

#: ``clean --min-severity``: what it keeps, for ``clean --help``.
CLEAN_MIN_SEVERITY_HELP = (
    "remove only blocks whose boilerplate finding is at or above this severity (default: "
    "info, every one; warning keeps lines the detectors are least sure of: more precise, "
    "less complete)"
)


def run_clean(args: argparse.Namespace) -> int:
    """Write the inputs without their boilerplate; 2 when an input failed."""
    from qualitycheck.pipeline.checker import Checker
    from qualitycheck.pipeline.inputs import default_jobs, input_bytes
    from qualitycheck.tools.clean_run import clean_inputs

    if not args.paths:
        say("error: give at least one PATH")
        return EXIT_ERROR
    if args.output is None and not args.diff:
        say("error: give -o DIR, the folder for the cleaned copies (or --diff: nothing written)")
        return EXIT_ERROR
    if args.output == "-":
        # "-" is standard output everywhere else; a folder named "-" made in
        # the working directory was no answer to what was asked.
        say("error: -o -: clean writes a folder of copies, not standard output: name a folder")
        return EXIT_ERROR
    if args.diff:
        refuse_closed_standard_output()
    output = None if args.output is None else Path(args.output)
    # A feed of 50,000 records takes minutes: the progress line check shows
    # (on a terminal, after two seconds), erased before any message.
    progress = Progress.for_stream(sys.stderr, args.quiet)

    def report(error: QualitycheckError) -> None:
        progress.close()
        _report(error)

    def warn(message: str) -> None:
        progress.close()
        _warn(message)

    def show(text: str, codec: str) -> None:
        progress.close()  # (both may be one terminal)
        _print(text, codec)

    config = config_from_args(args)
    jobs = args.jobs or default_jobs(input_bytes(args.paths, config))
    try:
        summary = clean_inputs(
            Checker(config),
            args.paths,
            output,
            report_error=report,
            warn=warn,
            min_severity=args.min_severity or "info",
            diff=show if args.diff else None,
            tick=progress.tick,
            jobs=jobs,
        )
    finally:
        progress.close()
    if not args.quiet:
        say(f"{summary.line(output)}")
    return EXIT_ERROR if summary.input_errors or summary.output_errors else EXIT_OK


def _report(error: QualitycheckError) -> None:
    """An input that could not be cleaned, or a copy that could not be written."""
    if isinstance(error, InputError):
        report_input_error(error)
    else:
        say(f"error: {error}")


def _print(text: str, codec: str = "utf-8") -> None:
    """A diff on standard output. In a pipe or a file it is a patch: the input's
    lines in the input's own encoding (a cp1252 file's removed "Ren\u00e9" as the
    byte the file holds: in UTF-8 the patch did not apply, while ``-o`` keeps
    the encoding), its two names as the file system spells them. On a terminal
    it is text: the articles' control characters as escapes (as check shows
    them), and a character the output cannot encode as an escape, not a traceback."""
    stream = sys.stdout
    buffer = getattr(stream, "buffer", None)
    if stream.isatty() or buffer is None:
        if stream.isatty():
            text = "".join(for_terminal(line) + "\n" for line in text.split("\n")[:-1])
        encoding = stream.encoding or "utf-8"
        stream.write(text.encode(encoding, "backslashreplace").decode(encoding))
        stream.flush()
        return
    names, hunks, rest = text.partition("\n@@")  # "--- A\n+++ B", then the hunks
    stream.flush()
    buffer.write(
        os.fsencode(names) + (hunks + rest).encode(_patch_codec(codec), "backslashreplace")
    )
    buffer.flush()


def _patch_codec(codec: str) -> str:
    """``codec`` when a patch can be written in it (ASCII stays ASCII: cp1252,
    Latin-1, Shift JIS), else UTF-8 (UTF-16 and UTF-32 files, whose diff no
    patch tool reads anyway)."""
    try:
        return codec if "\n+-@ az".encode(codec) == b"\n+-@ az" else "utf-8"
    except (LookupError, UnicodeError):
        return "utf-8"


def _warn(message: str) -> None:
    say(f"warning: {message}")
