"""Config files and rule packs as read before, from the per-user cache.

Every run reads the five shipped rule packs. Importing PyYAML and composing
them with their lines took about 0.07 s CPU of a one-file run (a seventh of
it). What :mod:`qualitycheck.primitives.yamlsource` made of a file is kept in
the per-user cache (:mod:`qualitycheck.primitives.cache`) under the SHA-256 of
the file's bytes and the installed PyYAML, as plain tuples and lists that
:mod:`marshal` reads in about a millisecond; the file stays the source
(another byte gives another key). Only a file that read without error is
kept, so every error still comes from parsing it, with its line; what the
cache holds is checked before use, and anything else is parsed again.
"""

from __future__ import annotations

import hashlib
from functools import lru_cache
from pathlib import Path
from typing import Any

from qualitycheck.primitives import cache
from qualitycheck.primitives.located import LocatedDict, LocatedList

#: The per-user cache's name for parsed YAML files.
CACHE_NAME = "yaml-located"
#: How an entry lays a document out (part of its key): bump it when
#: :mod:`qualitycheck.primitives.yamlsource` reads a document differently.
LAYOUT = 1
#: Entries kept: the shipped packs, a project's config and its own packs.
KEEP = 40
#: Containers nested deeper than this are not cached (they are read again).
MAX_DEPTH = 200

_MAPPING, _SEQUENCE = "d", "l"
#: Values YAML's safe loader gives that marshal keeps as they are (a date or
#: a time stamp is not among them: such a file is read again each run).
_SCALARS = (str, int, float, bool, type(None), bytes)


def key_of(data: bytes) -> str:
    """The cache key of a YAML file's bytes as read with this PyYAML and this
    reading code (its modules' sizes and times: an edited or upgraded
    ``yamlsource`` never gets an entry its predecessor wrote)."""
    return f"{LAYOUT}|{_pyyaml()}|{_readers()}|{hashlib.sha256(data).hexdigest()}"


@lru_cache(maxsize=1)
def _readers() -> str:
    here = Path(__file__).resolve().parent
    names = ("yamlsource.py", "located.py", "yamlcache.py")
    return ",".join(cache.file_stamp(here / name) for name in names)


def load(data: bytes) -> Kept | None:
    """What was kept for a file of these bytes, or ``None``."""
    return cache.converted(CACHE_NAME, key_of(data), _kept)


def store(data: bytes, value: Any) -> None:
    """Keep what a file of these bytes read as (nothing when it cannot be kept)."""
    try:
        flat = flattened(value)
    except (ValueError, KeyError):  # a value not kept, a key without its line
        return
    cache.store(CACHE_NAME, key_of(data), (flat,), keep=KEEP)


def flattened(value: Any, depth: int = 0) -> Any:
    """``value`` as tuples, lists and scalars that :func:`unflattened` turns
    back into the same containers with the same lines and columns; raises
    ``ValueError`` when it holds something else (a date, another container)
    or nests past :data:`MAX_DEPTH`."""
    if depth > MAX_DEPTH:
        raise ValueError("nested too deeply to keep")
    if isinstance(value, LocatedDict):
        keys = list(value)
        return (
            _MAPPING,
            value.line,
            keys,
            [value.key_lines[key] for key in keys],
            [value.key_columns[key] for key in keys],
            [flattened(item, depth + 1) for item in value.values()],
        )
    if isinstance(value, LocatedList):
        return (
            _SEQUENCE,
            value.line,
            list(value.item_lines),
            list(value.item_columns),
            [flattened(item, depth + 1) for item in value],
        )
    if type(value) in _SCALARS:
        return value
    raise ValueError(f"{type(value).__name__} is not kept")


def unflattened(flat: Any, depth: int = 0) -> Any:
    """The containers :func:`flattened` wrote; raises ``ValueError`` for
    anything it could not have written."""
    if type(flat) in _SCALARS:
        return flat
    if type(flat) is not tuple or depth > MAX_DEPTH or not flat:
        raise ValueError("not a flattened YAML value")
    if flat[0] == _MAPPING and len(flat) == 6:
        _, line, keys, lines, columns, values = flat
        _check_lines(line, lines, columns, len(keys), len(values))
        mapping = LocatedDict()
        mapping.line = line
        for key, key_line, column, item in zip(keys, lines, columns, values, strict=True):
            if type(key) is not str or key in mapping:
                raise ValueError("a mapping's keys must be distinct text")
            mapping[key] = unflattened(item, depth + 1)
            mapping.key_lines[key] = key_line
            mapping.key_columns[key] = column
        return mapping
    if flat[0] == _SEQUENCE and len(flat) == 5:
        _, line, lines, columns, items = flat
        _check_lines(line, lines, columns, len(items), len(items))
        sequence = LocatedList(unflattened(item, depth + 1) for item in items)
        sequence.line = line
        sequence.item_lines = list(lines)
        sequence.item_columns = list(columns)
        return sequence
    raise ValueError("not a flattened YAML value")


def _check_lines(line: object, lines: object, columns: object, count: int, values: int) -> None:
    if type(line) is not int or type(lines) is not list or type(columns) is not list:
        raise ValueError("lines must be numbers in lists")
    if not len(lines) == len(columns) == count == values:
        raise ValueError("one line and column per value")
    if not all(type(n) is int for n in (*lines, *columns)):
        raise ValueError("lines must be numbers")


class Kept:
    """A kept document, boxed: an empty one reads as ``None``, which
    :func:`qualitycheck.primitives.cache.converted` takes for "nothing kept"."""

    __slots__ = ("value",)

    def __init__(self, value: Any) -> None:
        self.value = value


def _kept(value: object) -> Kept | None:
    if type(value) is not tuple or len(value) != 1:
        return None
    try:
        return Kept(unflattened(value[0]))
    except (ValueError, TypeError, RecursionError):
        return None


@lru_cache(maxsize=1)
def _pyyaml() -> str:
    """The installed PyYAML, by its package file's place, size and time (a
    new version reads YAML its own way), found without importing it."""
    return cache.file_stamp(cache.package_origin("yaml"))
