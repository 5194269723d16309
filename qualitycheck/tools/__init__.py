"""Side tools built on the pipeline: clean (write articles without their
boilerplate), evaluate (measure on labeled data), training (fit and write
models), docgen (generate the reference docs)."""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from typing import NoReturn

from qualitycheck.errors import QualitycheckError
from qualitycheck.primitives.standard_streams import (
    hold_closed_standard_streams,
    refuse_closed_standard_output,
    silence_standard_output,
    standard_output_checked,
)

#: The command line's exit codes (``cli.exit_codes``, a layer above the tools):
#: output that could not be delivered, and Ctrl-C.
_EXIT_ERROR, _EXIT_INTERRUPTED = 2, 130


def run_tool(main: Callable[[], int]) -> NoReturn:
    """End a ``python -m qualitycheck.tools.X`` run as the command line ends
    one: a standard output whose reader left (``| head -1``) stops it quietly
    with exit 2, not a ``BrokenPipeError`` traceback (and "Exception ignored"
    at exit); a closed one (``>&-``) is refused before the work (``print``
    dropped everything, exit 0) and a failing one (a full disk) stops it, with
    one line and exit 2; Ctrl-C is one line and exit 130."""
    hold_closed_standard_streams()
    try:
        refuse_closed_standard_output()
        with standard_output_checked():
            code = main()
            sys.stdout.flush()  # (what the reader missed fails here, not at exit)
    except QualitycheckError as error:
        silence_standard_output()  # (the interpreter's last flush would fail again)
        _say(f"error: {error}")
        code = _EXIT_ERROR
    except BrokenPipeError:
        silence_standard_output()
        code = _EXIT_ERROR
    except KeyboardInterrupt:
        _say("interrupted")
        code = _EXIT_INTERRUPTED
    raise SystemExit(code)


def _say(message: str) -> None:
    try:  # noqa: SIM105 (standard error closed: no line)
        os.write(2, f"qualitycheck: {message}\n".encode(errors="backslashreplace"))
    except OSError:
        pass
