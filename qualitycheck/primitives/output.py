"""Where output goes: standard output, a file written atomically, or a special
file written directly.

A report or a JSON file is written to a temporary file next to the target and
renamed into place when complete, so a crash or an interrupted run never
leaves a half-written file for the next pipeline step to read. The rename
replaces whatever is at the target, so it is only for regular files:

- a device, a named pipe or a socket (``-o /dev/null``, ``-o >(gzip > x.gz)``)
  is opened and written directly: renaming over it would put a plain file in
  its place (run as root, ``-o /dev/null`` once replaced the system's
  ``/dev/null``);
- ``/dev/stdout``, ``/dev/stderr`` and ``/dev/fd/N`` name a descriptor the
  caller already opened (a terminal, a pipe, or a file the shell truncated),
  so they are written directly too, appending to what is there;
- a symbolic link is followed: its target is replaced and the link stays;
- a regular file that already exists keeps its permission bits.

A target that cannot be opened or replaced (a missing parent that cannot be
created, a folder at the target, no permission) is a
:class:`~qualitycheck.errors.QualitycheckError` naming it, not a crash.
"""

from __future__ import annotations

import os
import stat
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TextIO

from qualitycheck.errors import QualitycheckError
from qualitycheck.primitives.termination import termination_deferred

#: Names of descriptors the process already has open (Linux, macOS, BSD).
_DESCRIPTOR_PREFIXES = ("/dev/fd/", "/proc/self/fd/")
_DESCRIPTOR_NAMES = ("/dev/stdin", "/dev/stdout", "/dev/stderr")


def _umask() -> int:
    current = os.umask(0)
    os.umask(current)
    return current


def writes_directly(path: str) -> bool:
    """Whether ``path`` is written in place rather than replaced: a descriptor
    name, or an existing file that is not a regular file (after links)."""
    absolute = os.path.abspath(path)
    if absolute in _DESCRIPTOR_NAMES or absolute.startswith(_DESCRIPTOR_PREFIXES):
        return True
    try:
        mode = os.stat(path).st_mode
    except OSError:  # missing (it will be created) or a dangling link
        return False
    return not stat.S_ISREG(mode) and not stat.S_ISDIR(mode)


def _cannot_write(path: str, error: OSError) -> QualitycheckError:
    return QualitycheckError(f"{path}: cannot write: {error.strerror or error}")


@contextmanager
def open_output(path: str | None) -> Iterator[TextIO]:
    """Yield a text stream for ``path`` (``None`` or ``-`` for stdout)."""
    if path is None or path == "-":
        yield sys.stdout
        sys.stdout.flush()
        return
    if writes_directly(path):
        try:
            # Append: a pipe or a device ignores it, and a file the shell opened
            # for this descriptor keeps what was already written to it.
            stream = open(path, "a", encoding="utf-8", newline="\n")  # noqa: SIM115
        except OSError as error:
            raise _cannot_write(path, error) from None
        with stream:
            yield stream
        return
    target = Path(os.path.realpath(path))  # through links: replace what they point to
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        try:
            mode = stat.S_IMODE(os.stat(target).st_mode)
        except FileNotFoundError:
            mode = 0o666 & ~_umask()  # mkstemp creates 0600; a new file gets the usual mode
    except OSError as error:
        raise _cannot_write(path, error) from None
    temporary: str | None = None
    try:
        # A SIGTERM that arrives while the file is being created waits until
        # its name is known here, so the cleanup below always finds it.
        try:
            with termination_deferred():
                descriptor, temporary = tempfile.mkstemp(
                    prefix=f".{target.name}.", suffix=".tmp", dir=target.parent
                )
        except OSError as error:
            raise _cannot_write(path, error) from None
        with os.fdopen(descriptor, "w", encoding="utf-8", newline="\n") as stream:
            yield stream
        os.chmod(temporary, mode)
        try:
            os.replace(temporary, target)
        except OSError as error:
            raise _cannot_write(path, error) from None
    except BaseException:
        if temporary is not None:
            Path(temporary).unlink(missing_ok=True)
        raise
