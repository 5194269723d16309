"""Where ``clean`` writes each copy, and in which encoding: every output
place worked out (and checked against the inputs) before the first write,
and the checks made just before each write.

A copy never replaces an input, two inputs never land on one copy, and in
the output folder nothing is written through a symbolic link, into a pipe or
device, or out of the folder through a linked subfolder. Each copy keeps its
input's encoding and byte-order mark.
"""

from __future__ import annotations

import os
import re
import stat
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from qualitycheck.errors import InputError, QualitycheckError, os_reason
from qualitycheck.readers import InputSource
from qualitycheck.readers.decoding import BOM_CODECS
from qualitycheck.readers.discovery import discover

#: The reader's warning for a file it decoded in a guessed legacy encoding.
_GUESSED = re.compile(r"not UTF-8; decoded as (\S+)")


class CleanError(QualitycheckError):
    """The run cannot start: standard input, or an output that would replace an input."""


@dataclass(frozen=True)
class Target:
    """One input file and the file its cleaned copy goes to."""

    source: InputSource
    output: Path


def real_place(path: Path) -> Path:
    """Where a file's bytes live: the path with every link followed.

    Outputs are written through symbolic links (``open_output`` replaces what
    a link points to), so an output clashes with an input when both lead to
    the same real file, whatever names the links give them.
    """
    return Path(os.path.realpath(path))


def _entry(path: Path) -> tuple[int, int, int, int] | None:
    """The directory entry a name leads to: the file's device and inode and its
    folder's (``None`` when there is no file yet). A copy is renamed into place,
    so it replaces an input only through the input's own entry: another
    spelling of its name on a case-insensitive disk (macOS, Windows) has the
    same file in the same folder; a hard link in another folder does not, and
    renaming over it leaves the input as it was."""
    try:
        info, folder = os.stat(path), os.stat(path.parent)
    except OSError:
        return None
    return info.st_dev, info.st_ino, folder.st_dev, folder.st_ino


def plan(
    paths: list[str],
    output_dir: Path | None,
    include: tuple[str, ...],
    exclude: tuple[str, ...],
    base: Path | None = None,
    warn: Callable[[str], None] | None = None,
) -> list[Target | InputError]:
    """Every input with its output file, in input order, checked before any write.

    Raises :class:`CleanError` for standard input, when an output would
    replace an input, or when two inputs map to the same output. Without
    ``output_dir`` (``--diff``, which writes nothing) each input is its own
    output: the diff is then a patch of the input itself, as ``ruff format
    --diff`` shows one. Files a walk skips under the output folder are told
    to ``warn``: they may be inputs a user keeps there, not earlier output.
    """
    if "-" in paths:
        raise CleanError("clean reads files and folders, not standard input ('-')")
    if output_dir is not None and output_dir.exists() and not output_dir.is_dir():
        raise CleanError(f"{output_dir}: exists and is not a folder")
    root = None if output_dir is None else output_dir.resolve()
    planned: list[Target | InputError] = []
    for given in paths:
        walked = Path(given).is_dir()
        # Output folder strictly inside a walked folder: what the walk finds in
        # it is earlier output, not input. (The same folder, or one above it,
        # is not skipped: its files are inputs, and the overwrite check below
        # refuses the run.)
        skip_output = (
            walked
            and root is not None
            and root != Path(given).resolve()
            and root.is_relative_to(Path(given).resolve())
        )
        passed_over = 0
        for source in discover([given], include, exclude, once=False, base=base):
            if isinstance(source, InputError):
                planned.append(source)
                continue
            assert source.location is not None  # only standard input has none
            if skip_output and root and real_place(source.location).is_relative_to(root):
                passed_over += 1
                continue
            if output_dir is None:
                planned.append(Target(source, source.location))
                continue
            relative = source.location.relative_to(given) if walked else Path(given).name
            planned.append(Target(source, output_dir / relative))
        if passed_over and warn is not None:
            warn(
                f"{output_dir}: {passed_over} file{'s' * (passed_over != 1)} in the output "
                f"folder not cleaned (taken for earlier output; to clean them, choose an "
                f"output folder outside {given})"
            )
    # The same file named twice (``clean a.txt a.txt``): read once, as check does.
    seen: set[tuple[Path, Path]] = set()
    unique: list[Target | InputError] = []
    for item in planned:
        if isinstance(item, Target):
            assert item.source.location is not None
            pair = (real_place(item.source.location), real_place(item.output))
            if pair in seen:
                continue
            seen.add(pair)
        unique.append(item)
    planned = unique
    if output_dir is None:
        return planned  # nothing is written: no output can replace an input
    targets = [item for item in planned if isinstance(item, Target)]
    inputs = {real_place(t.source.location): t.source.path for t in targets if t.source.location}
    # By the entry as well as by the name: on a case-insensitive disk (macOS,
    # Windows) `-o Articles` names the very files of `articles`.
    files = {_entry(t.source.location): t.source.path for t in targets if t.source.location}
    files.pop(None, None)
    outputs: dict[Path, str] = {}
    for target in targets:
        place = real_place(target.output)
        same = inputs.get(place) or files.get(_entry(target.output))
        if same:
            raise CleanError(
                f"{target.output}: would overwrite the input {same}; choose another --output folder"
            )
        if place in outputs:
            raise CleanError(
                f"{target.output}: both {outputs[place]} and {target.source.path} "
                "would be written there"
            )
        outputs[place] = target.source.path
    return planned


def output_encoding(location: Path, warnings: list[str]) -> tuple[str, str]:
    """The byte-order mark (as text) and the codec of a text input's copy: the
    input's own, so nothing about the file changes but the lines removed."""
    with location.open("rb") as stream:
        head = stream.read(4)
    for bom, codec in BOM_CODECS:
        if head.startswith(bom):
            return "\ufeff", codec
    for warning in warnings:
        guessed = _GUESSED.fullmatch(warning)
        if guessed:
            return "", guessed.group(1)
    return "", "utf-8"


def unsafe_output(output: Path, root: Path) -> str | None:
    """Why ``clean`` must not write ``output`` in its folder ``root`` (resolved),
    or ``None``: a symbolic link there (it would replace what the link points
    to, anywhere), a pipe, device or folder, or a linked subfolder that leads
    out of ``root``."""
    try:
        info = os.lstat(output)
    except FileNotFoundError:
        info = None
    except OSError as error:
        return f"cannot write: {os_reason(error)}"
    if info is not None and stat.S_ISLNK(info.st_mode):
        return "is a symbolic link in the output folder; not written through (remove it)"
    if info is not None and not stat.S_ISREG(info.st_mode):
        return "is not a regular file (a folder, pipe or device); not written"
    folder = Path(os.path.realpath(output.parent))
    if not folder.is_relative_to(root):
        return f"its folder leads out of the output folder (to {folder}); not written"
    return None


#: What :func:`version` gives for an input that is not a regular file.
NOT_A_FILE = (-1, -1, -1)
NOT_A_FILE_MESSAGE = (
    "not a regular file (a pipe or a device): clean reads an input twice, to check it and "
    "to copy it; skipped"
)


def version(location: Path) -> tuple[int, int, int] | None:
    """Which version of a file this is (inode, size, modification time), to
    tell whether it changed between the check and the copy; ``None`` when it
    cannot be looked at (the reader then says why), :data:`NOT_A_FILE` for
    a pipe or device."""
    try:
        info = os.stat(location)
    except OSError:
        return None
    if not stat.S_ISREG(info.st_mode):
        return NOT_A_FILE
    return (info.st_ino, info.st_size, info.st_mtime_ns)


def changed(location: Path) -> str:
    """The input error of a file that changed while it was being cleaned."""
    if not location.exists():
        return "removed before it could be written"
    return "changed while it was being cleaned; not written (run clean again)"
