"""The ``[tool.qualitycheck]`` table of ``pyproject.toml``, with line numbers.

tomllib gives values but no positions, and config errors must name the line
of the key; this module finds each key's line in the text so the table reads
like a YAML config (:class:`~qualitycheck.primitives.yamlsource.LocatedDict`).
"""

from __future__ import annotations

import re
import tomllib
from pathlib import Path
from typing import Any

from qualitycheck.errors import ConfigError
from qualitycheck.primitives.yamlsource import LocatedDict

_TABLE = "tool.qualitycheck"


def has_tool_table(path: Path) -> bool:
    """Whether ``path`` has a ``[tool.qualitycheck]`` table (or a sub-table),
    so a pyproject.toml without one does not stop the walk up for a config."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return False
    return re.search(r"^\s*\[tool\.qualitycheck(?:\.[\w-]+)?\]", text, re.M) is not None


def read_tool_table(path: Path) -> LocatedDict:
    """The ``[tool.qualitycheck]`` table of ``path`` (empty when absent)."""
    shown = str(path)
    try:
        text = path.read_text(encoding="utf-8")
        data = tomllib.loads(text)
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(shown, None, f"cannot read: {exc}") from None
    except tomllib.TOMLDecodeError as exc:
        line = re.search(r"line (\d+)", str(exc))
        raise ConfigError(
            shown, int(line.group(1)) if line else None, f"invalid TOML: {exc}"
        ) from None
    table = data.get("tool", {}).get("qualitycheck", {})
    if not isinstance(table, dict):
        raise ConfigError(shown, None, "must be a table", _TABLE)
    match = re.search(r"^\s*\[tool\.qualitycheck\]", text, re.M)
    start = text.count("\n", 0, match.start()) + 1 if match else 1
    return _locate(table, text, _TABLE, start)


def _locate(table: dict[str, Any], text: str, prefix: str, start_line: int) -> LocatedDict:
    """Give a TOML table line numbers by finding its keys at or after ``start_line``."""
    lines = text.splitlines()
    located = LocatedDict(table)
    located.line = start_line
    for key, value in table.items():
        header = re.compile(rf"^\s*\[{re.escape(prefix + '.' + key)}\]")
        assign = re.compile(rf"^\s*[\"']?{re.escape(key)}[\"']?\s*=")
        line = next(
            (
                n + 1
                for n, content in enumerate(lines)
                if n + 1 >= start_line and (header.match(content) or assign.match(content))
            ),
            start_line,
        )
        located.key_lines[key] = line
        if isinstance(value, dict):
            located[key] = _locate(value, text, f"{prefix}.{key}", line)
    return located
