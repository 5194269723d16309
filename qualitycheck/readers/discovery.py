"""Expand the paths given on the command line into inputs to read.

Folders are walked recursively in sorted order (so output is deterministic),
following symbolic links but never entering a folder twice, which makes
symlink loops harmless. Include/exclude globs apply to folder walks; a file
named explicitly is always read. A walk reads regular files only: a named pipe
or a device with an article's name would block the run or never end (named
explicitly, it is read: ``check <(curl …)`` passes a pipe on purpose).
"""

from __future__ import annotations

import errno
import os
from collections.abc import Iterator
from pathlib import Path

from qualitycheck.errors import InputError
from qualitycheck.primitives.globs import matches
from qualitycheck.readers import DEFAULT_FORMAT, SUFFIXES, InputSource, format_for

DEFAULT_INCLUDE = tuple(f"*{suffix}" for suffix in SUFFIXES)
DEFAULT_EXCLUDE = (".git", ".hg", ".svn", "node_modules", ".venv", "venv", "__pycache__", ".tox")


def shown(path: str) -> str:
    """A path as output shows it: bytes of a file name that are not UTF-8
    (which Python keeps as lone surrogates) written as ``\\xff`` escapes, so
    every output stays valid UTF-8. Files are opened by their ``location``,
    never by this name."""
    if path.isascii():
        return path
    return path.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")


def discover(
    paths: list[str],
    include: tuple[str, ...] = DEFAULT_INCLUDE,
    exclude: tuple[str, ...] = DEFAULT_EXCLUDE,
    stdin_format: str = DEFAULT_FORMAT,
    stdin_name: str = "-",
) -> Iterator[InputSource | InputError]:
    """Inputs in command-line order; a folder's files in sorted order."""
    for given in paths:
        if given == "-":
            yield InputSource(stdin_name, stdin_format, None)
            continue
        location = Path(given)
        if location.is_dir():
            yield from _walk(location, given, include, exclude)
        elif location.exists():
            yield InputSource(shown(given), format_for(given), location)
        elif location.is_symlink():
            yield InputError(shown(given), _bad_link(location))
        else:
            yield InputError(shown(given), "no such file or folder")


def _walk(
    root: Path, given: str, include: tuple[str, ...], exclude: tuple[str, ...]
) -> Iterator[InputSource | InputError]:
    visited: set[tuple[int, int]] = set()
    for folder, folders, files in os.walk(root, followlinks=True, onerror=None):
        try:
            status = os.stat(folder)
        except OSError:
            continue
        key = (status.st_dev, status.st_ino)
        if key in visited:
            folders[:] = []
            continue
        visited.add(key)
        relative_folder = os.path.relpath(folder, root)
        relative_folder = "" if relative_folder == "." else relative_folder.replace(os.sep, "/")
        folders[:] = sorted(
            name
            for name in folders
            if not matches(f"{relative_folder}/{name}".lstrip("/"), exclude)
        )
        for name in sorted(files):
            relative = f"{relative_folder}/{name}".lstrip("/")
            if matches(relative, exclude) or not matches(relative, include):
                continue
            location = Path(folder) / name
            display = shown(os.path.join(given, *relative.split("/")))
            if not location.exists():
                yield InputError(display, _bad_link(location))
                continue
            if not location.is_file():
                yield InputError(display, "not a regular file (a pipe or a device); skipped")
                continue
            yield InputSource(display, format_for(name), location)


def _bad_link(location: Path) -> str:
    """Why a symbolic link leads nowhere: a loop (``a -> b -> a``) or a missing target."""
    try:
        location.stat()
    except OSError as error:
        if error.errno == errno.ELOOP:
            return "symbolic link loop"
    return "broken symbolic link"
