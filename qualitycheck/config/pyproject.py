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


def key_lines(text: str) -> dict[KeyPath, int]:
    """The first line of every key path written in ``text`` (1-based);
    entries of an array of tables are numbered (``("suppressions", 0)``)."""
    lines: dict[KeyPath, int] = {}
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
                lines.setdefault(names, number)
                table = (*names, index)
            else:
                table = names
            for depth in range(1, len(table) + 1):
                lines.setdefault(table[:depth], number)
            continue
        assign = _ASSIGN.match(content)
        if assign:
            key: KeyPath = (*table, *_parts(assign.group(1)))
            for depth in range(len(table) + 1, len(key) + 1):
                lines.setdefault(key[:depth], number)
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
        line = re.search(r"line (\d+)", str(exc))
        number = int(line.group(1)) if line else None
        if number is None and "end of document" in str(exc):  # an unclosed [ or string
            number = max(1, len(text.splitlines()))
        raise ConfigError(shown, number, f"invalid TOML: {exc}") from None
    lines = key_lines(text)
    tool = data.get("tool", {})
    if not isinstance(tool, dict):  # `tool = "x"` was an AttributeError
        raise ConfigError(shown, lines.get(("tool",)), "must be a table", "tool")
    if "qualitycheck" not in tool:
        raise ConfigError(shown, None, "no [tool.qualitycheck] table to read the config from")
    table = tool["qualitycheck"]
    if not isinstance(table, dict):
        raise ConfigError(shown, lines.get(_TABLE), "must be a table", ".".join(_TABLE))
    return _locate(table, _TABLE, lines, lines.get(_TABLE, 1))


def _located(value: Any, path: KeyPath, lines: dict[KeyPath, int], line: int) -> Any:
    if isinstance(value, dict):
        return _locate(value, path, lines, line)
    if isinstance(value, list):
        located = LocatedList(
            _located(item, (*path, index), lines, lines.get((*path, index), line))
            for index, item in enumerate(value)
        )
        located.line = line
        located.item_lines = [lines.get((*path, index), line) for index in range(len(value))]
        return located
    return value


def _locate(
    table: dict[str, Any], path: KeyPath, lines: dict[KeyPath, int], line: int
) -> LocatedDict:
    """``table`` with the line of each of its keys (its own line when unknown)."""
    located = LocatedDict()
    located.line = line
    for key, value in table.items():
        key_line = lines.get((*path, key), line)
        located.key_lines[key] = key_line
        located[key] = _located(value, (*path, key), lines, key_line)
    return located
