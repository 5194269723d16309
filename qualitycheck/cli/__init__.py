"""The ``qualitycheck`` command line.

Exit codes (the CI contract):
  0  no article fails;
  1  at least one article fails (see ``--fail-on`` and ``--fail-under``);
  2  usage, config or rule error, or an input could not be read. Input errors
     are decided last: every other input is still checked and reported.
  130  interrupted (Ctrl-C); 143 terminated (SIGTERM), 129 hung up (SIGHUP).

This module imports next to nothing, so that :func:`main` is running before
the few tenths of a second the rest of the package takes to import: Ctrl-C
then is one line and exit 130, not a traceback of whichever import it hit.
The work is in :mod:`qualitycheck.cli.dispatch`.
"""

from __future__ import annotations

import os

from qualitycheck.cli.exit_codes import EXIT_INTERRUPTED


def main(argv: list[str] | None = None) -> int:
    """Run one command and return its exit code (the console script's entry point)."""
    try:
        from qualitycheck.cli.dispatch import run_command

        return run_command(argv)
    except KeyboardInterrupt:  # before the command's own guard (imports, parsing)
        # (no contextlib.suppress: one import more before the guard)
        try:  # noqa: SIM105
            os.write(2, b"qualitycheck: interrupted\n")
        except OSError:  # standard error closed (2>&-) and not yet held: no line
            pass
        return EXIT_INTERRUPTED


def __getattr__(name: str) -> object:
    """``qualitycheck.cli.build_parser``, as it was before the work moved to
    ``dispatch`` (imported on use, not with the package)."""
    if name == "build_parser":
        from qualitycheck.cli.parsers import build_parser

        return build_parser
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
