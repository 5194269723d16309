"""SIGTERM ends a run the way Ctrl-C does: through the cleanup code.

Python's default for SIGTERM is to die on the spot, so nothing in a ``finally``
or an ``__exit__`` runs: the temporary file of an output stays beside its
target, and worker processes are left waiting for work. CI systems and
container runtimes stop a job with SIGTERM. The handler installed here raises
:class:`SystemExit` instead (exit code 143, as a shell reports a process ended
by SIGTERM), which unwinds the run: outputs remove their temporary files.

What must stop before the interpreter exits registers with
:func:`on_termination`: a worker pool is stopped by the handler itself,
because the interpreter's exit waits for the work a pool has queued, and the
generator that owns the pool may be suspended where no exception reaches it.
"""

from __future__ import annotations

import os
import signal
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from types import FrameType

#: The exit code of a process ended by SIGTERM, as shells report it.
TERMINATED = 128 + signal.SIGTERM

_cleanups: list[Callable[[], None]] = []


@contextmanager
def on_termination(cleanup: Callable[[], None]) -> Iterator[None]:
    """Run ``cleanup`` if SIGTERM arrives while the ``with`` block is open."""
    _cleanups.append(cleanup)
    try:
        yield
    finally:
        _cleanups.remove(cleanup)


@contextmanager
def termination_deferred() -> Iterator[None]:
    """Hold SIGTERM back while the ``with`` block runs (a file is created and
    its cleanup not yet armed); a SIGTERM that came meanwhile is handled as
    soon as the block ends, where the cleanup is in place."""
    if not hasattr(signal, "pthread_sigmask"):
        yield
        return
    signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGTERM})
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGTERM})


def _terminate(signum: int, frame: FrameType | None) -> None:
    # A second SIGTERM while the cleanup runs ends the process at once.
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    os.write(2, b"qualitycheck: terminated\n")
    for cleanup in reversed(_cleanups):
        cleanup()
    raise SystemExit(TERMINATED)


@contextmanager
def termination_handled() -> Iterator[None]:
    """SIGTERM raises ``SystemExit(143)`` inside the ``with`` block, and the
    handler that was there before is back after it (a host program that runs
    the command line keeps its own). Worker processes restore the default.
    Only the main thread can set a handler: in another thread (the CLI run
    inside a host program's thread) this does nothing."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = signal.signal(signal.SIGTERM, _terminate)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


def restore_default_termination() -> None:
    """SIGTERM ends this process at once again: for worker processes, which
    inherit the handler when forked and have nothing to clean up."""
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
