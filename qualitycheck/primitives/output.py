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
- a regular file that already exists keeps its permission bits;
- missing folders of the target's path are created, and removed again
  (while empty) when the output is not written: a failed run leaves nothing.

A target that cannot be opened, written or replaced (a missing parent that
cannot be created, a folder at the target, no permission, a full disk) is a
:class:`~qualitycheck.errors.QualitycheckError` naming it, not a crash.
"""

from __future__ import annotations

import codecs
import io
import os
import re
import stat
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from functools import partial
from pathlib import Path
from typing import TextIO, cast

from qualitycheck.errors import OutputError, QualitycheckError, os_reason
from qualitycheck.primitives.compressing import compressed_text, compression_ending
from qualitycheck.primitives.standard_streams import CheckedStream, refuse_closed_standard_output
from qualitycheck.primitives.termination import termination_deferred

#: Names of descriptors the process already has open (Linux, macOS, BSD).
_DESCRIPTOR_PREFIXES = ("/dev/fd/", "/proc/self/fd/")
_DESCRIPTOR_NAMES = ("/dev/stdin", "/dev/stdout", "/dev/stderr")
#: Names of standard output's descriptor (``renderers.outputs`` reads them too).
STDOUT_NAMES = ("/dev/stdout", "/dev/fd/1", "/proc/self/fd/1")


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


def _cannot_write(path: str, error: OSError) -> OutputError:
    return OutputError(path, f"cannot write: {os_reason(error)}")


#: Characters of the target's name a temporary file's name repeats, and
#: their most bytes: a legal name of up to 255 bytes must not be repeated
#: whole (a 250-byte article name failed every write), and the rest of the
#: name (".", ".qualitycheck-", 8 random, ".tmp") takes 27.
_TEMPORARY_NAME_CHARS = 60
_TEMPORARY_NAME_BYTES = 200
#: What marks a temporary output's name as this tool's (a run killed with
#: SIGKILL leaves its file behind: ``.results.jsonl.qualitycheck-k2j9x8ab.tmp``).
_TEMPORARY_MARK = "qualitycheck-"
_TEMPORARY_NAME = re.compile(rf"\..*\.{_TEMPORARY_MARK}[a-z0-9_]+\.tmp", re.DOTALL)


def temporary_prefix(name: str) -> str:
    """The prefix of a temporary file written beside ``name`` and renamed over it."""
    kept = name[:_TEMPORARY_NAME_CHARS]
    while len(os.fsencode(kept)) > _TEMPORARY_NAME_BYTES:
        kept = kept[:-1]
    return f".{kept}.{_TEMPORARY_MARK}"


def is_temporary_output(name: str) -> bool:
    """Whether the file name ``name`` is one of this tool's temporary outputs
    (one a killed run left behind): a folder walk never reads it as an article."""
    return _TEMPORARY_NAME.fullmatch(name) is not None


def refuse_folder_outputs(paths: list[str]) -> None:
    """Stop before anything runs when an output file names a folder: one that
    exists (the write would fail only after the whole check) or a path ending
    in a separator (``-o reports/`` would write a file named ``reports``)."""
    for path in paths:
        if path in ("", "-"):
            continue
        if os.path.isdir(path):
            raise QualitycheckError(f"{path}: is a folder; name the file to write in it")
        if path.endswith(("/", os.sep)):
            raise QualitycheckError(f"{path}: names a folder; name the file to write in it")


def refuse_unwritable(path: str) -> None:
    """Stop before anything runs when the file ``path`` cannot be created:
    for an output written only at the end (``--write-baseline``; the others
    are opened when the run starts), which failed after the whole check (a
    file where a folder should be, no permission, a read-only file system).
    A temporary file is created where the output will be, and removed with
    any folder made for it."""
    if path == "-" or os.path.abspath(path) in STDOUT_NAMES:
        refuse_closed_standard_output()  # (``--write-baseline - >&-`` checked everything first)
        return
    if writes_directly(path):
        return
    target = Path(os.path.realpath(path))
    created = _missing_folders(target.parent)
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        with suppress(FileNotFoundError):  # (a name too long fails here, not the short temporary)
            os.stat(target)
        with termination_deferred():
            descriptor, temporary = tempfile.mkstemp(
                prefix=temporary_prefix(target.name), suffix=".tmp", dir=target.parent
            )
            os.close(descriptor)
            os.unlink(temporary)
    except FileExistsError:  # a file where a folder of the path should be
        raise OutputError(path, f"cannot write: {target.parent} is a file, not a folder") from None
    except OSError as error:
        raise _cannot_write(path, error) from None
    finally:
        _remove_empty(created)


def _checked(stream: TextIO, name: str) -> TextIO:
    return cast(TextIO, CheckedStream(stream, partial(_cannot_write, name)))


@contextmanager
def _closing(stream: TextIO, name: str) -> Iterator[TextIO]:
    """Close ``stream`` at the end. When the run broke, an error the closing
    flush raises (a full disk again) must not hide the one that stopped it."""
    try:
        yield stream
    except BaseException:
        with suppress(OSError):
            stream.close()
        raise
    try:
        stream.close()
    except OSError as error:
        raise _cannot_write(name, error) from None


def is_utf8(encoding: str | None) -> bool:
    """Whether ``encoding`` names UTF-8 (``UTF8``, ``utf_8``; not ``utf-8-sig``)."""
    try:
        return codecs.lookup(encoding or "").name == "utf-8"
    except LookupError:
        return False


@contextmanager
def _standard_output(for_people: bool) -> Iterator[TextIO]:
    """Standard output as a format needs it, whatever the locale says.

    Python encodes standard output in the locale's encoding: under a Latin-1
    or ASCII locale (``LANG=de_DE.ISO-8859-1``, a bare ``C`` locale with
    ``PYTHONUTF8=0``, a Windows console) ``check --format json > out.json``
    wrote other bytes than ``-o out.json``, and the first character outside
    that encoding (an ellipsis, a curly quote) was a traceback. A format for
    programs (JSON, SARIF, JUnit XML, Markdown, HTML: each says or assumes
    UTF-8) is therefore written in UTF-8 to the bytes beneath; the text
    formats, for people at that terminal, keep its encoding and write what it
    cannot show as escapes (``\\u2026``), as standard error does."""
    stream = sys.stdout
    encoding = getattr(stream, "encoding", None)
    buffer = getattr(stream, "buffer", None)
    if is_utf8(encoding) or buffer is None:
        yield stream
        return
    stream.flush()
    wrapper = io.TextIOWrapper(
        buffer,
        encoding=encoding if for_people and encoding else "utf-8",
        errors="backslashreplace" if for_people else "strict",
        newline="\n",
        write_through=True,
    )
    try:
        yield cast(TextIO, wrapper)
    finally:
        with suppress(OSError, ValueError):
            wrapper.detach()  # (closing it would close standard output's buffer)


@contextmanager
def open_output(
    path: str | None, encoding: str = "utf-8", compress: bool = False, *, for_people: bool = False
) -> Iterator[TextIO]:
    """Yield a text stream for ``path`` (``None`` or ``-`` for stdout); a
    failed write raises :class:`QualitycheckError` and, for a file, leaves
    what was there before. ``encoding`` applies to files (``clean`` writes
    each copy in its input's encoding); standard output is UTF-8 unless
    ``for_people`` (the text formats: see :func:`_standard_output`); with
    ``compress``, a file named for a compression (``results.jsonl.gz``) is
    written compressed."""
    if path is None or path == "-":
        refuse_closed_standard_output()
        with _standard_output(for_people) as standard:
            stdout = _checked(standard, "standard output")
            yield stdout
            stdout.flush()
        return
    suffix = compression_ending(path) if compress else None
    if os.path.abspath(path) in STDOUT_NAMES:  # opened anew: it would find the placeholder
        refuse_closed_standard_output()
    if writes_directly(path):
        try:
            # Append: a pipe or a device ignores it, and a file the shell opened
            # for this descriptor keeps what was already written to it.
            if suffix is None:
                stream = open(path, "a", encoding=encoding, newline="\n")  # noqa: SIM115
            else:
                stream = compressed_text(open(path, "ab"), suffix, encoding)  # noqa: SIM115
        except OSError as error:
            raise _cannot_write(path, error) from None
        with _closing(stream, path):
            checked = _checked(stream, path)
            yield checked
            checked.flush()
        return
    target = Path(os.path.realpath(path))  # through links: replace what they point to
    created = _missing_folders(target.parent)
    try:
        try:
            target.parent.mkdir(parents=True, exist_ok=True)
        except FileExistsError:  # a file where a folder of the path should be
            raise OutputError(
                path, f"cannot write: {target.parent} is a file, not a folder"
            ) from None
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
                    prefix=temporary_prefix(target.name), suffix=".tmp", dir=target.parent
                )
        except OSError as error:
            raise _cannot_write(path, error) from None
        if suffix is None:
            opened = os.fdopen(descriptor, "w", encoding=encoding, newline="\n")
        else:
            opened = compressed_text(os.fdopen(descriptor, "wb"), suffix, encoding)
        with _closing(opened, path):
            checked = _checked(opened, path)
            yield checked
            checked.flush()
        os.chmod(temporary, mode)
        try:
            os.replace(temporary, target)
        except OSError as error:
            raise _cannot_write(path, error) from None
    except BaseException:
        if temporary is not None:
            Path(temporary).unlink(missing_ok=True)
        _remove_empty(created)
        raise


def _missing_folders(folder: Path) -> list[Path]:
    """The folders of ``folder``'s path that do not exist yet, deepest first:
    those ``open_output`` creates for its target (``-o reports/2026/r.json``)."""
    missing = []
    while not folder.exists() and folder.parent != folder:
        missing.append(folder)
        folder = folder.parent
    return missing


def _remove_empty(created: list[Path]) -> None:
    """Remove the folders a failed or interrupted output created, deepest
    first, while they are empty: a run that wrote nothing leaves nothing (an
    empty ``reports/2026/`` looked like a run that succeeded into another
    name). A folder something else has been put in stays, with its parents."""
    for folder in created:
        try:
            folder.rmdir()
        except OSError:
            return


def replace_together(files: list[tuple[Path, str]]) -> None:
    """Write each ``(path, text)`` (UTF-8) to a temporary file beside its path,
    and only when every one is written rename them all into place: files that
    belong together (``train``'s two mt models) never come from two runs, and
    a failed write leaves every earlier file as it was. A failure is one
    :class:`QualitycheckError` naming the file."""
    for path, _ in files:  # what a rename would fail on, before anything is written
        if path.exists() and not path.is_file():
            raise OutputError(str(path), "cannot write: not a regular file (a folder?)")
    temporaries: list[str] = []
    current = files[0][0] if files else Path()
    try:
        for current, text in files:
            current.parent.mkdir(parents=True, exist_ok=True)
            try:
                mode = stat.S_IMODE(os.stat(current).st_mode)
            except FileNotFoundError:
                mode = 0o666 & ~_umask()
            with termination_deferred():
                descriptor, temporary = tempfile.mkstemp(
                    prefix=temporary_prefix(current.name), suffix=".tmp", dir=current.parent
                )
                temporaries.append(temporary)
            with os.fdopen(descriptor, "w", encoding="utf-8", newline="\n") as stream:
                stream.write(text)
            os.chmod(temporary, mode)
        for (current, _), temporary in zip(files, temporaries, strict=True):
            os.replace(temporary, current)
        temporaries = []
    except OSError as error:
        raise _cannot_write(str(current), error) from None
    finally:
        for temporary in temporaries:
            Path(temporary).unlink(missing_ok=True)
