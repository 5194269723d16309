"""The standard streams when the caller closed one (``>&-``, ``2>&-``,
``<&-``) or the reader of standard output left (``| head -1``): each is one
line and exit code 2 (or quiet, for a reader that left), never a traceback,
and never a file the run opens taking a closed stream's descriptor number.
"""

from __future__ import annotations

import errno
import os
import sys

from qualitycheck.errors import OutputError, os_reason

#: A standard stream the caller closed (``>&-``, ``2>&-``, ``<&-``) is held
#: open on /dev/null: standard input write-only and standard output read-only,
#: so that reading and writing them fail as on the closed descriptor (EBADF);
#: standard error write-only, as nothing can show a message any more.
_HELD = (
    ("stdin", 0, os.O_WRONLY, "r"),
    ("stdout", 1, os.O_RDONLY, "w"),
    ("stderr", 2, os.O_WRONLY, "w"),
)


def hold_closed_standard_streams() -> None:
    """Give each standard stream the caller closed a placeholder descriptor.

    Python starts with ``sys.stdout`` (or ``stderr``, ``stdin``) ``None``
    then: every message, output or read of it was an internal error, with
    exit code 1 (a failing article) where the error message itself failed.
    And the descriptor number is free: the next file opened (a temporary
    output, an input) would take it, and a child's writes would land there.
    """
    for name, descriptor, flags, mode in _HELD:
        if getattr(sys, name) is not None:
            continue
        try:
            os.fstat(descriptor)
            continue  # open after all (an embedding host's choice): leave it
        except OSError:
            pass
        held = os.open(os.devnull, flags)
        if held != descriptor:
            os.dup2(held, descriptor)
            os.close(held)
        stream = open(descriptor, mode, encoding="utf-8", errors="backslashreplace", closefd=False)  # noqa: SIM115
        setattr(sys, name, stream)


def silence_standard_output() -> None:
    """Point standard output at /dev/null once its pipe's reader has gone
    (``| head``), so that the interpreter's last flush cannot fail again on
    the closed pipe ("Exception ignored ... BrokenPipeError", exit 120)."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
    except (OSError, ValueError, AttributeError):
        pass  # no descriptor (captured output): nothing to flush at exit either


def refuse_closed_standard_output() -> None:
    """Stop before any article is read when standard output was closed
    (``>&-``): a write of nothing fails there as every write would, while a
    pipe whose reader left, a terminal or a full disk take it (those are met
    when written: the pipe guard and :class:`_WriteChecked`)."""
    try:
        descriptor = sys.stdout.fileno()
    except (OSError, ValueError, AttributeError):  # captured output (tests): nothing to ask
        return
    try:
        os.write(descriptor, b"")
    except OSError as error:
        if error.errno == errno.EBADF:
            raise OutputError("standard output", f"cannot write: {os_reason(error)}") from None
