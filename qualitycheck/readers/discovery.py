"""Expand the paths given on the command line into inputs to read.

Folders are walked recursively in sorted order (so output is deterministic),
following symbolic links but never entering a folder twice, which makes
symlink loops harmless. Include/exclude globs apply to folder walks; a file
named explicitly is always read. A walk reads regular files only: a named pipe
or a device with an article's name would block the run or never end (named
explicitly, it is read: ``check <(curl …)`` passes a pipe on purpose).

A walk also skips the files this tool wrote, recognised by how they begin:
an HTML report (its ``generator`` meta tag), a Markdown summary (its
``## qualitycheck:`` headline) and JSON Lines results (records with
``schema_version``, ``verdict`` and ``findings``). ``report DIR -o
DIR/report.html`` would otherwise read last run's report as an article.
"""

from __future__ import annotations

import errno
import json
import os
import re
import stat
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from qualitycheck.errors import InputError, os_reason
from qualitycheck.primitives.globs import matches
from qualitycheck.primitives.output import is_temporary_output
from qualitycheck.readers import READERS, SUFFIXES, InputSource, format_for
from qualitycheck.readers.compressed import COMPRESSIONS, open_decompressed
from qualitycheck.readers.parquet import is_results

#: Formats whose compressed files (``*.jsonl.gz``, ``*.txt.xz``…) a folder walk
#: picks by default, as corpora ship them; others are read when named.
WALKED_COMPRESSED = ("txt", "jsonl")
DEFAULT_INCLUDE = tuple(f"*{suffix}" for suffix in SUFFIXES) + tuple(
    f"*{suffix}{ending}"
    for name in WALKED_COMPRESSED
    for suffix in READERS[name].suffixes
    for ending in COMPRESSIONS
)
DEFAULT_EXCLUDE = (".git", ".hg", ".svn", "node_modules", ".venv", "venv", "__pycache__", ".tox")

#: How the outputs this tool writes in a readable format begin.
_HTML_REPORT = re.compile(rb'<meta name="generator" content="qualitycheck[ "]')
_MARKDOWN_SUMMARY = re.compile(rb"\A## qualitycheck: [^\n]*\n\n\d+ articles? checked: ")
_RESULT_KEYS = frozenset({"schema_version", "verdict", "findings"})
#: Bytes read to recognise an HTML report or a Markdown summary.
_HEAD = 4096
#: The longest first line read to recognise JSON Lines results.
_RESULT_LINE = 1 << 20


def path_names(paths: Iterable[str | os.PathLike[str]] | str | os.PathLike[str]) -> list[str]:
    """The names of ``paths`` as a Python caller gives them: one path (``str``
    or ``PathLike``) is one, not the characters of its name (which made a Dask
    run discover ``s``, ``h``, … and ``/``: the whole file system). A path that
    is not text (``bytes``) raises :class:`TypeError`."""
    if isinstance(paths, str | bytes | os.PathLike):
        paths = [paths]
    if not isinstance(paths, Iterable):  # ("'NoneType' object is not iterable" said less)
        raise TypeError(f"paths must be a path or paths, not {type(paths).__name__}")
    names = [os.fspath(path) for path in paths]
    for name in names:
        if not isinstance(name, str):
            hint = " (decode it first)" if isinstance(name, bytes) else ""
            raise TypeError(f"a path must be str, not {type(name).__name__}{hint}")
    return names


def shown(path: str) -> str:
    """A path as output shows it: bytes of a file name that are not UTF-8
    (which Python keeps as lone surrogates) written as ``\\xff`` escapes, so
    every output stays valid UTF-8. Files are opened by their ``location``,
    never by this name."""
    if path.isascii():
        return path
    return path.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")


#: A byte of a file name :func:`shown` wrote as an escape (never ASCII).
_SHOWN_BYTE = re.compile(r"\\x([89a-f][0-9a-f])")


def shown_names(path: str) -> list[str]:
    """The file names :func:`shown` may have shown as ``path``: itself, then
    (where it holds ``\\xff`` escapes) the name with those bytes as Python
    keeps them, which opens the file. ``report --from-results`` reads inputs
    again by the path in the results, which is the shown one."""
    if "\\x" not in path:
        return [path]
    return [path, _SHOWN_BYTE.sub(lambda m: chr(0xDC00 + int(m[1], 16)), path)]


def discover(
    paths: list[str],
    include: tuple[str, ...] = DEFAULT_INCLUDE,
    exclude: tuple[str, ...] = DEFAULT_EXCLUDE,
    stdin_format: str | None = None,
    stdin_name: str = "-",
    once: bool = True,
    base: Path | None = None,
    force_exclude: bool = False,
    skipped: list[str] | None = None,
) -> Iterator[InputSource | InputError]:
    """Inputs in command-line order; a folder's files in sorted order.

    A file a folder walk finds that this tool wrote (a report, results) is
    not read as an article; its shown path goes into ``skipped``, so the run
    can say so (an article made to look like one must not pass unseen).

    A glob with a slash matches a file's path relative to the folder walked,
    or relative to ``base`` (the config file's folder) when the file is under
    it: ``include: [articles/**/*.md]`` in the project's config selects the
    same files for ``check .`` and ``check articles`` (the second checked
    nothing and passed before). A file named in ``paths`` is read whatever
    the globs say, unless ``force_exclude`` (ruff's ``--force-exclude``, for
    pre-commit and editors that name every changed file): then ``exclude``
    holds for it too, and an excluded file is passed over in silence.

    A file given twice (``a.txt ./a.txt``, a folder and a file in it, a link
    or a hard link to it) is read once, where it first comes, as ruff does:
    its articles would otherwise count twice in the summary and the gate;
    so is ``-`` given twice.
    ``once=False`` gives every name (``clean`` mirrors a folder, links too).
    """
    seen: set[int] = set()  # device and inode in one int: about 100 bytes a file
    stdin_read = False
    named_exclude = exclude if force_exclude else ()
    for item in _given(paths, include, exclude, stdin_format, stdin_name, base, named_exclude):
        if isinstance(item, _WrittenByUs):
            if skipped is not None:
                skipped.append(item.path)
            continue
        if once and isinstance(item, InputSource) and item.location is None:  # "-"
            if stdin_read:
                continue  # read to its end the first time: nothing is left
            stdin_read = True
        if once and isinstance(item, InputSource) and item.location is not None:
            try:
                status = item.location.stat()
            except OSError:
                yield item  # the reader says what is wrong with it
                continue
            key = status.st_dev << 64 | status.st_ino
            if key in seen:
                continue
            seen.add(key)
        yield item


@dataclass(frozen=True)
class _WrittenByUs:
    """A file a walk passed over as this tool's own output (see :func:`discover`)."""

    path: str


def _given(
    paths: list[str],
    include: tuple[str, ...],
    exclude: tuple[str, ...],
    stdin_format: str | None,
    stdin_name: str,
    base: Path | None = None,
    named_exclude: tuple[str, ...] = (),
) -> Iterator[InputSource | InputError | _WrittenByUs]:
    for given in paths:
        if given == "-":
            # Without a format, the name's suffix tells it, as for a file
            # (an editor pipes page.html as "- --stdin-name page.html").
            yield InputSource(stdin_name, stdin_format or format_for(stdin_name), None)
            continue
        location = Path(given)
        # os.path's tests, not Path's: those raise for a name in a folder without
        # search permission, and that is one input error, not the end of the run.
        if os.path.isdir(location):
            yield from _walk(location, given, include, exclude, _anchor(location, base))
        elif os.path.exists(location):
            if named_exclude and _excluded_name(location, named_exclude, base):
                continue
            yield InputSource(shown(_without_dot(given) or given), format_for(given), location)
        elif os.path.islink(location) or not _missing(location):
            yield InputError(shown(given), _unreachable(location))
        else:
            yield InputError(shown(given), "no such file or folder")


def _without_dot(given: str) -> str:
    """A folder as given, less leading ``./`` (``.`` alone: nothing)."""
    while given.startswith(("./", "." + os.sep)) and len(given) > 2:
        given = given[2:].lstrip("/" + os.sep) or "."
    return "" if given in (".", "./", "." + os.sep) else given


def _anchor(root: Path, base: Path | None) -> str | None:
    """The walked folder's path relative to ``base`` (``/`` form), where it is
    under ``base`` and not ``base`` itself; else None (nothing more to match)."""
    if base is None:
        return None
    relative = os.path.relpath(os.path.abspath(root), os.path.abspath(base))
    if relative == "." or relative == ".." or relative.startswith(".." + os.sep):
        return None
    return relative.replace(os.sep, "/")


def _excluded_name(location: Path, exclude: tuple[str, ...], base: Path | None) -> bool:
    """Whether a file named on the command line falls under ``exclude``: the
    file or a folder above it, from the config's folder when it is under it,
    else from the working directory (as a walk from there would see it)."""
    parts = _parts_from(location, base) if base is not None else [".."]
    if parts[0] == "..":
        parts = _parts_from(location, Path.cwd())
    if parts[0] == "..":
        parts = [location.name]  # outside both: its name alone
    return any(matches("/".join(parts[: i + 1]), exclude) for i in range(len(parts)))


def _parts_from(location: Path, start: Path) -> list[str]:
    """The names on the way from ``start`` to ``location`` (``..`` first when outside)."""
    relative = os.path.relpath(os.path.abspath(location), os.path.abspath(start))
    return relative.replace(os.sep, "/").split("/")


def _slashed(patterns: tuple[str, ...]) -> tuple[str, ...]:
    """The globs that match a path, not a name at any depth."""
    return tuple(pattern for pattern in patterns if "/" in pattern.strip("/"))


def _walk(
    root: Path,
    given: str,
    include: tuple[str, ...],
    exclude: tuple[str, ...],
    anchor: str | None = None,
) -> Iterator[InputSource | InputError | _WrittenByUs]:
    # Globs with a slash may also match the path from the config's folder.
    anchored_include = _slashed(include) if anchor else ()
    anchored_exclude = _slashed(exclude) if anchor else ()

    def excluded(relative: str) -> bool:
        return matches(relative, exclude) or bool(
            anchored_exclude and matches(f"{anchor}/{relative}", anchored_exclude)
        )

    def included(relative: str) -> bool:
        return matches(relative, include) or bool(
            anchored_include and matches(f"{anchor}/{relative}", anchored_include)
        )

    # Shown as ruff shows it: ``check .`` names ``articles/a.md``, as ``check
    # articles`` and the SARIF and GitHub outputs do, not ``./articles/a.md``,
    # and ``check articles//`` names ``articles/a.md``, not ``articles//a.md``.
    prefix = _without_dot(given)
    prefix = prefix.rstrip("/" + os.sep) or prefix[:1]  # "/" stays the root
    visited: set[tuple[int, int]] = set()
    real_root = os.path.realpath(root)
    # A folder that cannot be listed is an input error, not an empty folder:
    # os.walk reports it to ``onerror`` and goes on; it is yielded in walk order.
    unlisted: list[OSError] = []
    for folder, folders, files in os.walk(root, followlinks=True, onerror=unlisted.append):
        yield from _unlisted_folders(unlisted, root, prefix)
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
            if not excluded(f"{relative_folder}/{name}".lstrip("/"))
            and not _linked_back(os.path.join(folder, name), real_root)
        )
        for name in sorted(files):
            relative = f"{relative_folder}/{name}".lstrip("/")
            if excluded(relative) or not included(relative):
                continue
            location = Path(folder) / name
            display = shown(os.path.join(prefix, *relative.split("/")))
            if is_temporary_output(name):  # one being written, or one a killed run left
                yield _WrittenByUs(display)  # (``--include '*'`` read it as an article)
                continue
            try:
                mode = location.stat().st_mode
            except OSError:
                yield InputError(display, _unreachable(location))
                continue
            if not stat.S_ISREG(mode):
                yield InputError(display, "not a regular file (a pipe or a device); skipped")
                continue
            source_format = format_for(name)
            if written_by_us(location, source_format):
                yield _WrittenByUs(display)
            else:
                yield InputSource(display, source_format, location)
    yield from _unlisted_folders(unlisted, root, prefix)


def _linked_back(path: str, real_root: str) -> bool:
    """Whether ``path`` is a symbolic link to a folder inside the walked one:
    its files are reached by their own names, and a link that sorts first
    (``linkdir -> sub``) must not name them instead (nor walk a loop)."""
    if not os.path.islink(path):
        return False
    real = os.path.realpath(path)
    return real == real_root or real.startswith(real_root.rstrip(os.sep) + os.sep)


def _unlisted_folders(errors: list[OSError], root: Path, prefix: str) -> Iterator[InputError]:
    """The input errors of the folders ``os.walk`` could not list (and empties ``errors``)."""
    for error in errors:
        relative = os.path.relpath(str(error.filename or root), root)
        parts = [] if relative == "." else relative.split(os.sep)
        display = shown(os.path.join(prefix, *parts)) if parts or prefix else "."
        yield InputError(display, f"cannot read folder: {os_reason(error)}; skipped")
    errors.clear()


def _missing(location: Path) -> bool:
    """Whether ``location`` is not there, rather than there but not to be looked at."""
    try:
        os.lstat(location)
    except OSError as error:
        return error.errno in (errno.ENOENT, errno.ENOTDIR)
    return False


def _unreachable(location: Path) -> str:
    """Why a name found in a folder (or given) cannot be read: a symbolic link
    loop (``a -> b -> a``), a link to nothing, or a file removed since the
    folder was listed (a run can last hours; files come and go meanwhile), or
    a folder without search permission (``chmod 644``: its names can be listed,
    but even ``lstat`` of them fails, so ``Path.is_symlink`` would raise)."""
    try:
        location.stat()
    except OSError as error:
        if error.errno == errno.ELOOP:
            return "symbolic link loop"
        if os.path.islink(location):  # False, not an error, when it cannot tell
            return "broken symbolic link"
        if error.errno == errno.ENOENT:
            return "removed before it could be read"
        return f"cannot open: {os_reason(error)}"
    return "removed before it could be read"  # and put back since: replaced mid-run


def written_by_us(location: Path, source_format: str) -> bool:
    """Whether ``location`` is an output of this tool (a report, a summary or
    results) rather than an article; an unreadable file is left to the reader."""
    if source_format == "parquet":
        return is_results(location)
    if source_format not in ("html", "md", "jsonl"):
        return False
    try:  # (JSON Lines results compressed by hand are results too)
        with open_decompressed(location.open("rb"), location.name, source_format) as stream:
            head = stream.readline(_RESULT_LINE) if source_format == "jsonl" else stream.read(_HEAD)
    except OSError:
        return False
    if source_format == "html":
        return bool(_HTML_REPORT.search(head))
    if source_format == "md":
        return bool(_MARKDOWN_SUMMARY.match(head))
    return _leading_keys(head.decode("utf-8", "replace")) >= _RESULT_KEYS


def _leading_keys(line: str) -> set[str]:
    """The keys of the JSON object ``line`` begins, in order, as far as the
    line holds them and their values whole. A result record's keys come
    before its findings, which can pass the megabyte read (an article with a
    few thousand findings): parsing the whole line then failed, and the next
    walk read the results as a feed, an input error per record."""
    decoder = json.JSONDecoder()
    keys: set[str] = set()
    index = _skip_space(line, 0)
    if not line.startswith("{", index):
        return keys
    index += 1
    while not keys >= _RESULT_KEYS:
        try:
            key, index = decoder.raw_decode(line, _skip_space(line, index))
            index = _skip_space(line, index)
            if not isinstance(key, str) or not line.startswith(":", index):
                return keys
            keys.add(key)
            if keys >= _RESULT_KEYS:
                break  # the value (the findings) need not be read
            _, index = decoder.raw_decode(line, _skip_space(line, index + 1))
        except (ValueError, RecursionError):  # not JSON, or cut by the read
            return keys
        index = _skip_space(line, index)
        if not line.startswith(",", index):
            return keys
        index += 1
    return keys


def _skip_space(line: str, index: int) -> int:
    """The index of the first character at or after ``index`` that is not JSON whitespace."""
    while index < len(line) and line[index] in " \t\n\r":
        index += 1
    return index
