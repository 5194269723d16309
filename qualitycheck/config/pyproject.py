"""The ``[tool.qualitycheck]`` table of ``pyproject.toml``, with line numbers.

tomllib gives values but no positions, and config errors must name the line
of the key. One pass over the text records where each key path is written:
table headers (``[tool.qualitycheck.models.mt]``), arrays of tables
(``[[tool.qualitycheck.suppressions]]``, one line per entry) and assignments
(``fail_on = "warning"``, dotted keys too) under the table they belong to.
The table then reads like a YAML config
(:class:`~qualitycheck.primitives.yamlsource.LocatedDict`), and a key is
never placed on a line of another table that happens to use the same name.
The pass is linear in the file, whatever the number of keys.
"""

from __future__ import annotations

import re
import tomllib
from pathlib import Path
from typing import Any

from qualitycheck.errors import ConfigError, os_reason
from qualitycheck.primitives.yamlsource import LocatedDict, LocatedList

_TABLE = ("tool", "qualitycheck")
_KEY_PART = r"""(?:[A-Za-z0-9_-]+|"(?:[^"\\]|\\.)*"|'[^']*')"""
_KEY_PATH = rf"{_KEY_PART}(?:\s*\.\s*{_KEY_PART})*"
_HEADER = re.compile(rf"^\s*(\[\[?)\s*({_KEY_PATH})\s*\]\]?")
_ASSIGN = re.compile(rf"^\s*({_KEY_PATH})\s*=")
_PART = re.compile(_KEY_PART)
#: Where the text mentions a qualitycheck table (cheap test before parsing).
_MENTION = re.compile(r"^\s*\[\[?\s*tool\s*\.\s*[\"']?qualitycheck\b", re.M)

KeyPath = tuple[str | int, ...]
#: Where a key is written: its 1-based line and column.
Place = tuple[int, int]


def _parts(key_path: str) -> tuple[str, ...]:
    return tuple(part[1:-1] if part[0] in "\"'" else part for part in _PART.findall(key_path))


def has_tool_table(path: Path) -> bool:
    """Whether ``path`` has a ``[tool.qualitycheck]`` table (or any sub-table,
    however deep), so a pyproject.toml without one does not stop the walk up
    for a config."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return False
    if _MENTION.search(text) is None:
        return False
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError:
        return True  # it means to configure us: reading it reports the error
    tool = data.get("tool")
    return isinstance(tool, dict) and "qualitycheck" in tool


def key_places(text: str) -> dict[KeyPath, Place]:
    """The first line and column of every key path written in ``text``
    (1-based; a table's header counts from its bracket); entries of an array
    of tables are numbered (``("suppressions", 0)``)."""
    lines: dict[KeyPath, Place] = {}
    table: KeyPath = ()
    arrays: dict[tuple[str, ...], int] = {}
    in_string: str | None = None
    for number, content in enumerate(text.splitlines(), start=1):
        if in_string is not None:  # inside a multi-line string: nothing to see
            if content.count(in_string) % 2:
                in_string = None
            continue
        header = _HEADER.match(content)
        if header:
            names = _parts(header.group(2))
            if header.group(1) == "[[":
                index = arrays[names] = arrays.get(names, -1) + 1
                lines.setdefault(names, (number, header.start(1) + 1))
                table = (*names, index)
            else:
                table = names
            for depth in range(1, len(table) + 1):
                lines.setdefault(table[:depth], (number, header.start(1) + 1))
            continue
        assign = _ASSIGN.match(content)
        if assign:
            key: KeyPath = (*table, *_parts(assign.group(1)))
            for depth in range(len(table) + 1, len(key) + 1):
                lines.setdefault(key[:depth], (number, assign.start(1) + 1))
            for quote in ('"""', "'''"):
                if content.count(quote) % 2:
                    in_string = quote
    return lines


def read_tool_table(path: Path, shown: str | None = None) -> LocatedDict:
    """The ``[tool.qualitycheck]`` table of ``path`` (named ``shown`` in errors).
    A file named with ``--config`` that has none is an error: its settings are
    elsewhere (a misspelt table), and running on the defaults would hide that."""
    shown = shown or str(path)
    try:
        text = path.read_text(encoding="utf-8")
        data = tomllib.loads(text)
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(shown, None, f"cannot read: {os_reason(exc)}") from None
    except tomllib.TOMLDecodeError as exc:
        where = re.search(r"line (\d+), column (\d+)", str(exc))
        number, column = (int(where.group(1)), int(where.group(2))) if where else (None, None)
        if number is None and "end of document" in str(exc):  # an unclosed [ or string
            number = max(1, len(text.splitlines()))
        raise ConfigError(shown, number, f"invalid TOML: {exc}", column=column) from None
    places = key_places(text)
    tool = data.get("tool", {})
    if not isinstance(tool, dict):  # `tool = "x"` was an AttributeError
        line, column = places.get(("tool",), (None, None))
        raise ConfigError(shown, line, "must be a table", "tool", column)
    if "qualitycheck" not in tool:
        raise ConfigError(shown, None, "no [tool.qualitycheck] table to read the config from")
    table = tool["qualitycheck"]
    if not isinstance(table, dict):
        line, column = places.get(_TABLE, (None, None))
        raise ConfigError(shown, line, "must be a table", ".".join(_TABLE), column)
    return _locate(table, _TABLE, places, places.get(_TABLE, (1, 1)))


def _located(value: Any, path: KeyPath, places: dict[KeyPath, Place], place: Place) -> Any:
    if isinstance(value, dict):
        return _locate(value, path, places, place)
    if isinstance(value, list):
        items = [places.get((*path, index), place) for index in range(len(value))]
        located = LocatedList(
            _located(item, (*path, index), places, items[index]) for index, item in enumerate(value)
        )
        located.line = place[0]
        located.item_lines = [line for line, _ in items]
        if all((*path, index) in places for index in range(len(value))):
            # entries of an array of tables; an inline array's items share
            # their key's place, so they get no column of their own
            located.item_columns = [column for _, column in items]
        return located
    return value


def _locate(
    table: dict[str, Any], path: KeyPath, places: dict[KeyPath, Place], place: Place
) -> LocatedDict:
    """``table`` with the line and column of each of its keys (its own place
    when unknown)."""
    located = LocatedDict()
    located.line = place[0]
    for key, value in table.items():
        key_place = places.get((*path, key), place)
        located.key_lines[key], located.key_columns[key] = key_place
        located[key] = _located(value, (*path, key), places, key_place)
    return located
