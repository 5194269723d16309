"""Parse the command line, run the command and turn what happens in it into
the exit codes (:mod:`qualitycheck.cli` lists them); the parsers are in
``parsers.py`` and each command in its own module. Imported by
:func:`qualitycheck.cli.main` once it guards against Ctrl-C: importing this
module imports most of the package, which takes a few tenths of a second.
"""

from __future__ import annotations

import argparse
import contextlib
import sys

from qualitycheck.cli.exit_codes import EXIT_ERROR, EXIT_INTERRUPTED
from qualitycheck.cli.messages import say
from qualitycheck.cli.option_groups import Handler
from qualitycheck.cli.parsers import build_parser
from qualitycheck.cli.usage import option_hint
from qualitycheck.errors import OutputError, QualitycheckError, os_reason
from qualitycheck.pipeline.collector import skip_at_exit
from qualitycheck.primitives.output import is_utf8
from qualitycheck.primitives.standard_streams import (
    guard_standard_error,
    hold_closed_standard_streams,
    silence_standard_output,
    standard_output_checked,
)
from qualitycheck.primitives.termination import termination_handled


def _escape_what_stdout_cannot_encode() -> None:
    """Under a locale that is not UTF-8 (Latin-1, ASCII), a character standard
    output cannot encode is written as an escape (``\\u2026``), as standard
    error writes it, not a traceback: ``rules show`` and ``evaluate`` print
    curly quotes. (``check``'s formats for programs are UTF-8 whatever the
    locale: :func:`qualitycheck.primitives.output.open_output`.)"""
    reconfigure = getattr(sys.stdout, "reconfigure", None)
    if reconfigure is not None and not is_utf8(getattr(sys.stdout, "encoding", None)):
        with contextlib.suppress(ValueError, OSError):
            reconfigure(errors="backslashreplace")


def _flush_standard_output() -> None:
    """Write what ``print`` left buffered now: a standard output that fails
    (closed with ``>&-``) is then this command's error, exit 2, not the
    interpreter's "Exception ignored" at exit and its exit code 120 (the
    text that could not be written stays buffered: standard output is then
    pointed at /dev/null, so that the interpreter's last flush succeeds)."""
    try:
        sys.stdout.flush()
    except BrokenPipeError:
        raise
    except OSError as error:
        silence_standard_output()
        raise OutputError("standard output", f"cannot write: {os_reason(error)}") from None


def _takes_paths(parser: argparse.ArgumentParser, command: str | None) -> bool:
    """Whether ``command`` reads PATHs (check, report, clean ...), not one file."""
    for action in parser._subparsers._group_actions if parser._subparsers else ():
        chosen = getattr(action, "choices", None) or {}
        if command in chosen:
            return any(a.dest == "paths" and not a.option_strings for a in chosen[command]._actions)
    return False


def _command_parser(parser: argparse.ArgumentParser, argv: list[str]) -> argparse.ArgumentParser:
    """The (sub)command's parser ``argv`` names (``rules test``), so that a usage
    error shows that command's usage, not the top level's."""
    for word in argv:
        sub = parser._subparsers._group_actions[0] if parser._subparsers else None
        chosen = getattr(sub, "choices", None) or {}
        if word in chosen:
            parser = chosen[word]
    return parser


def _parse(parser: argparse.ArgumentParser, argv: list[str]) -> argparse.Namespace:
    """The command line, with PATHs allowed after options as well as before
    (``check a.txt --format json b.md``, as ruff takes them): argparse stops
    reading a ``nargs="*"`` positional at the first option and calls the paths
    after it unrecognized. Anything else it does not know is still an error."""
    args, extra = parser.parse_known_args(argv)
    if "--" in extra:  # after "--" every word is a path, "-x.txt" included
        cut = extra.index("--")
        extra, after = extra[:cut], extra[cut + 1 :]
    else:
        after = []
    paths = [word for word in extra if word == "-" or not word.startswith("-")] + after
    unknown = [word for word in extra if word not in paths]
    if unknown or (paths and not _takes_paths(parser, getattr(args, "command", None))):
        command = _command_parser(parser, argv)
        command.error(
            f"unrecognized arguments: {' '.join(unknown or paths)}{option_hint(command, unknown)}"
        )
    if paths:
        args.paths = [*args.paths, *paths]
    if any(not path.strip() for path in getattr(args, "paths", None) or ()):
        # ``check "$FILES"`` with FILES unset read the working directory, all of it
        _command_parser(parser, argv).error(
            "argument PATH: is empty; name a file or folder ('.' for this one)"
        )
    return args


def run_command(argv: list[str] | None = None) -> int:
    """Run one command and return its exit code (see :func:`qualitycheck.cli.main`)."""
    hold_closed_standard_streams()  # ``>&-``: an error of its own, not a crash
    with guard_standard_error():  # (a log reader that left must not stop the run)
        return _run(argv)


def _run(argv: list[str] | None) -> int:
    parser = build_parser()
    try:
        args = _parse(parser, sys.argv[1:] if argv is None else argv)
    except SystemExit as exit_request:  # --help, --version and usage errors
        try:  # --help with standard output closed: exit 2 and why, not 120
            _flush_standard_output()
        except BrokenPipeError:
            silence_standard_output()
        except QualitycheckError as error:
            say(f"error: {error}")
            return EXIT_ERROR
        return exit_request.code if isinstance(exit_request.code, int) else EXIT_ERROR
    handler: Handler = args.func
    skip_at_exit()
    _escape_what_stdout_cannot_encode()
    # SIGTERM (a cancelled CI job) unwinds like Ctrl-C: temporary outputs are
    # removed and workers stopped; the process then exits 143. Without
    # ``argv`` the command line is the program's own, and its exit follows.
    try:
        with termination_handled(ends_process=argv is None), standard_output_checked():
            code = handler(args)
            _flush_standard_output()
            return code
    except QualitycheckError as error:
        for message in error.messages():
            say(f"error: {message}")
        return EXIT_ERROR
    except KeyboardInterrupt:
        say("interrupted")
        return EXIT_INTERRUPTED
    except BrokenPipeError:
        # Output nobody reads any more (``| head``) outside the guarded report
        # stream: the command did not finish, so it must not look like a pass.
        silence_standard_output()
        return EXIT_ERROR
    except Exception:  # a bug must never look like a failing article (exit 1)
        import traceback

        traceback.print_exc()
        say("internal error (please report it with the trace above)")
        return EXIT_ERROR
