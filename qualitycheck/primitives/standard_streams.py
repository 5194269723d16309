"""The standard streams when the caller closed one (``>&-``, ``2>&-``,
``<&-``) or the reader of standard output or error left (``| head -1``):
one line and exit code 2 (or quiet, for a reader that left), never a
traceback, never a file the run opens taking a closed stream's descriptor
number, and never a run stopped by its log.
"""

from __future__ import annotations

import errno
import os
import select
import stat
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TextIO, TypeVar, cast

from qualitycheck.errors import OutputError, QualitycheckError, os_reason

T = TypeVar("T")

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
    when written: the pipe guard and :class:`CheckedStream`)."""
    try:
        descriptor = sys.stdout.fileno()
    except (OSError, ValueError, AttributeError):  # captured output (tests): nothing to ask
        return
    try:
        os.write(descriptor, b"")
    except OSError as error:
        if error.errno == errno.EBADF:
            raise OutputError("standard output", f"cannot write: {os_reason(error)}") from None


class PipeGuard:
    """Standard output that survives its reader going away (``check | head -1``).

    A closed pipe must not stop the run: the gate still decides the exit code
    and the other outputs (``-o out.sarif``) are still written. The first
    :class:`BrokenPipeError` (of ``dropped``) points the file descriptor at
    ``/dev/null`` (so the interpreter's final flush cannot fail either) and
    later writes are dropped. Standard error is guarded against any write
    error (:func:`guard_standard_error`).
    """

    def __init__(
        self, stream: TextIO, dropped: tuple[type[OSError], ...] = (BrokenPipeError,)
    ) -> None:
        self.stream = stream
        self.broken = False
        self.dropped = dropped
        self._buffer: PipeGuard | None = None

    def _closed(self) -> None:
        self.broken = True
        try:
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, self.stream.fileno())
            os.close(devnull)
        except (OSError, ValueError):
            pass  # not a real file descriptor (tests' captured output)

    def write(self, text: str) -> int:  # or bytes, for the buffer
        if not self.broken:
            try:
                return self.stream.write(text)
            except self.dropped:
                self._closed()
        return len(text)

    def flush(self) -> None:
        if not self.broken:
            try:
                self.stream.flush()
            except self.dropped:
                self._closed()

    def finish(self) -> None:
        """Standard output is never compressed: finishing it is flushing it."""
        self.flush()

    def isatty(self) -> bool:
        return not self.broken and self.stream.isatty()

    def cut_short(self) -> bool:
        """Whether what was written may not all have reached the reader: a
        write failed (here or on the binary stream beneath), or the pipe has
        no reader any more. (One large write into a pipe whose reader leaves
        half-way raises nothing: Python's buffered writer returns the short
        count, and its text layer drops it; a report page is one write.) For
        the "wrote" line, which must not claim such an output."""
        if self.broken or (self._buffer is not None and self._buffer.broken):
            return True
        return reader_left(self.stream)

    @property
    def buffer(self) -> PipeGuard:
        """The binary stream beneath (``--format parquet``), guarded the same way."""
        if self._buffer is None:
            self._buffer = PipeGuard(self.stream.buffer, self.dropped)  # type: ignore[arg-type]
        return self._buffer

    def __getattr__(self, name: str) -> object:
        return getattr(self.stream, name)


def reader_left(stream: object) -> bool:
    """Whether ``stream`` writes into a pipe that nobody reads any more (its
    write end polls as an error then); ``False`` for anything else."""
    try:
        descriptor = stream.fileno()  # type: ignore[attr-defined]
        if not stat.S_ISFIFO(os.fstat(descriptor).st_mode) or not hasattr(select, "poll"):
            return False
        poller = select.poll()
        poller.register(descriptor, select.POLLOUT)
        return any(event & (select.POLLERR | select.POLLHUP) for _, event in poller.poll(0))
    except (OSError, ValueError, AttributeError):  # no descriptor (captured output)
        return False


@contextmanager
def guard_standard_error() -> Iterator[None]:
    """Standard error that cannot stop a run: when the reader of its pipe has
    gone (``check ... -o r.json 2>&1 | head -50``) or it cannot be written
    (``2>/dev/full``), messages are dropped and the run goes on. The first
    message after ``head`` exited raised :class:`BrokenPipeError`: the run
    stopped there, its ``-o`` output was never written, and a passing run
    exited 2. The exit code and the outputs carry the result, not the log."""
    standard_error = sys.stderr
    sys.stderr = cast(TextIO, PipeGuard(standard_error, (OSError,)))
    try:
        yield
    finally:
        sys.stderr = standard_error


class CheckedStream:
    """A stream whose write errors (a full disk, ``/dev/full``, a mount gone)
    are the one-line error ``failed`` makes of them, not a traceback: an output
    file's names the file (:mod:`.output`), standard output's says so
    (:func:`standard_output_checked`). A closed pipe is left as
    :class:`BrokenPipeError`: the pipe guards and the commands decide."""

    def __init__(self, stream: TextIO, failed: Callable[[OSError], QualitycheckError]) -> None:
        self.stream = stream
        self.failed = failed

    def _attempt(self, action: Callable[[], T]) -> T:
        try:
            return action()
        except BrokenPipeError:
            raise
        except OSError as error:
            raise self.failed(error) from None

    def write(self, data: str) -> int:  # or bytes, for the buffer
        return self._attempt(lambda: self.stream.write(data))

    def flush(self) -> None:
        self._attempt(self.stream.flush)

    def finish(self) -> None:
        """Write out everything, a compressed output's end included, without
        closing (:class:`~qualitycheck.primitives.compressing` holds its data
        until then): a full disk fails here, before any output is renamed."""
        self._attempt(getattr(self.stream, "finish", self.stream.flush))

    @property
    def buffer(self) -> CheckedStream:
        """The binary stream beneath (Parquet writes there), checked the same way."""
        return CheckedStream(self.stream.buffer, self.failed)  # type: ignore[arg-type]

    def __getattr__(self, name: str) -> object:
        return getattr(self.stream, name)


def _standard_output_failed(error: OSError) -> QualitycheckError:
    silence_standard_output()  # (the interpreter's last flush would fail again)
    return QualitycheckError(f"standard output: cannot write: {os_reason(error)}")


@contextmanager
def standard_output_checked() -> Iterator[None]:
    """Standard output that cannot be written (``>/dev/full``, a full disk,
    a mount gone) stops the command with one line and exit 2: ``rules list``,
    ``rules test``, ``evaluate`` printed a traceback ("internal error"), and
    ``clean --diff`` called every input unreadable. Not an ``OSError``, so
    that no handler of one file's errors takes it for that file's."""
    standard = sys.stdout
    sys.stdout = cast(TextIO, CheckedStream(standard, _standard_output_failed))
    try:
        yield
    finally:
        sys.stdout = standard
