"""SIGTERM (and SIGHUP) end a run the way Ctrl-C does: through the cleanup code.

Python's default for SIGTERM is to die on the spot, so nothing in a ``finally``
or an ``__exit__`` runs: the temporary file of an output stays beside its
target, and worker processes are left waiting for work. CI systems and
container runtimes stop a job with SIGTERM. The handler installed here raises
:class:`SystemExit` instead (exit code 143, as a shell reports a process ended
by SIGTERM), which unwinds the run: outputs remove their temporary files.
SIGHUP, which a run gets when the terminal or SSH session it was started from
goes away, is handled the same way (exit code 129), unless it is ignored
(``nohup``): then it stays ignored.

Ctrl-C (SIGINT) raises :class:`KeyboardInterrupt` as Python's own handler
does, but only once: the unwinding it starts stops the workers and removes
temporary outputs, and a second Ctrl-C a moment later (an impatient user, a
terminal that repeats it) raised again inside that cleanup. The pool's
manager thread was left running ("Exception ignored ... Bad file
descriptor" at exit), a temporary output stayed, "interrupted" was printed
twice, or the interpreter's exit took the signal and the process died of it.
Later ones are ignored; the cleanup is bounded (the pool's ``ABORT_WAIT``).
Worker processes ignore Ctrl-C: it reaches the whole process group, and the
main process stops them.

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
from contextlib import contextmanager, suppress
from types import FrameType

#: The exit code of a process ended by SIGTERM, as shells report it.
TERMINATED = 128 + signal.SIGTERM
#: The signals that unwind a run, with the line each prints (no SIGHUP on Windows).
_MESSAGES: dict[int, bytes] = {signal.SIGTERM: b"qualitycheck: terminated\n"}
if hasattr(signal, "SIGHUP"):
    _MESSAGES[signal.SIGHUP] = b"qualitycheck: hung up\n"

_cleanups: list[Callable[[], None]] = []
#: The width of the progress line now on standard error (``cli.progress``), 0
#: for none: the message erases it first, or the two would share one line.
_status_width = 0


def status_line_drawn(width: int) -> None:
    """Record the width of the status line now on standard error (0: erased)."""
    global _status_width
    _status_width = width


def status_line_erased() -> str:
    """What erases the status line now on standard error ("" when there is
    none): a message written after it takes the line (``interrupted`` after
    Ctrl-C, an error) instead of being appended to the status text."""
    global _status_width
    erase = "\r" + " " * _status_width + "\r" if _status_width else ""
    _status_width = 0
    return erase


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
    signal.pthread_sigmask(signal.SIG_BLOCK, set(_MESSAGES))
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_UNBLOCK, set(_MESSAGES))


def _terminate(signum: int, frame: FrameType | None) -> None:
    # A second signal while the cleanup runs ends the process at once.
    for each in _MESSAGES:
        if signal.getsignal(each) is _terminate:
            signal.signal(each, signal.SIG_DFL)
    # A terminal that hung up answers EIO: the cleanup matters more than the line.
    erase = b"\r" + b" " * _status_width + b"\r" if _status_width else b""
    with suppress(OSError):
        os.write(2, erase + _MESSAGES.get(signum, b"qualitycheck: terminated\n"))
    for cleanup in reversed(_cleanups):
        cleanup()
    raise SystemExit(128 + signum)


def _interrupt(signum: int, frame: FrameType | None) -> None:
    """Ctrl-C: :class:`KeyboardInterrupt` once; the cleanup it starts is not
    cut short by the next one (see the module's docstring)."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    raise KeyboardInterrupt


@contextmanager
def termination_handled(*, ends_process: bool = False) -> Iterator[None]:
    """SIGTERM raises ``SystemExit(143)`` inside the ``with`` block, Ctrl-C
    ``KeyboardInterrupt`` once, and the handlers that were there before are
    back after it (a host program that runs the command line keeps its own;
    Ctrl-C is taken only where Python's default handler had it). With
    ``ends_process`` (the command line is the program: its exit follows), a
    run that was interrupted keeps ignoring Ctrl-C instead: the interpreter's
    exit, which follows, took a second one as a trace ("Exception ignored")
    or died of it. Worker processes restore the defaults. Only the main
    thread can set a handler: in another thread (the CLI run inside a host
    program's thread) this does nothing."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = {}
    for signum in _MESSAGES:
        if signal.getsignal(signum) is signal.SIG_IGN and signum != signal.SIGTERM:
            continue  # nohup: the run is to outlive its terminal
        previous[signum] = signal.signal(signum, _terminate)
    if signal.getsignal(signal.SIGINT) is signal.default_int_handler:
        previous[signal.SIGINT] = signal.signal(signal.SIGINT, _interrupt)
    try:
        yield
    finally:
        interrupted = signal.getsignal(signal.SIGINT) is signal.SIG_IGN
        for signum, handler in previous.items():
            if not (signum == signal.SIGINT and interrupted and ends_process):
                signal.signal(signum, handler)


def restore_default_termination() -> None:
    """SIGTERM (and SIGHUP) end this process at once again: for worker
    processes, which inherit the handler when forked and have nothing to
    clean up. A SIGHUP that ``nohup`` ignores stays ignored."""
    for signum in _MESSAGES:
        if signum == signal.SIGTERM or signal.getsignal(signum) is _terminate:
            signal.signal(signum, signal.SIG_DFL)


def ignore_interrupts() -> None:
    """Ignore Ctrl-C in this worker process: the whole process group gets it,
    and each worker printed a trace of where it was (its main process stops
    it). Held back since the worker was started (:func:`interrupts_held`), it
    is let through again once ignored."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    if hasattr(signal, "pthread_sigmask"):
        signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT})


@contextmanager
def interrupts_held() -> Iterator[None]:
    """Hold Ctrl-C back while the ``with`` block runs (worker processes are
    started): a worker inherits the mask, so that a Ctrl-C between its start
    and its ignoring Ctrl-C (:func:`ignore_interrupts`) cannot
    reach it; this process takes one that came meanwhile when the block
    ends."""
    if not hasattr(signal, "pthread_sigmask"):
        yield
        return
    held = signal.SIGINT in signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})
    try:
        yield
    finally:
        if not held:
            signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT})
