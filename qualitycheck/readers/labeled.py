"""Labeled JSON Lines: the corpora that ``qualitycheck evaluate`` measures on
and ``qualitycheck train`` fits on, one record a line with a ``text`` and the
task's label fields.

Unlike :mod:`.jsonl` (articles to check), a record is not turned into an
article here: each task reads its own labels. What both commands share is
the reading, so a corpus line is read the same way by both: lines counted
from 1, blank lines skipped, and a line that is not UTF-8, not JSON, not an
object or has no text reported as an :class:`~qualitycheck.errors.InputError`
naming ``path:line``, in the words ``check`` uses for the same problem. What
an error means is the caller's choice: evaluate counts it and goes on, train
stops (a model fitted on part of a file would pass for one fitted on all).
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from qualitycheck.errors import InputError


def parse_line(raw: bytes, path: str, line_number: int) -> dict[str, Any] | InputError | None:
    """One line as a JSON object; ``None`` for a blank line.

    The first line may start with a UTF-8 byte-order mark (editors on Windows
    write one); an integer too long to convert and nesting deeper than Python
    can parse are invalid JSON like any other, not a crash.
    """
    try:
        line = raw.decode("utf-8-sig" if line_number == 1 else "utf-8")
    except UnicodeDecodeError as exc:
        return InputError(path, f"not UTF-8 ({exc.reason} at byte {exc.start})", line_number)
    if not line.strip():
        return None
    try:
        record = json.loads(line)
    except json.JSONDecodeError as exc:
        return InputError(path, f"invalid JSON: {exc.msg} (column {exc.colno})", line_number)
    except ValueError as exc:  # an integer too long to convert (over 4,300 digits)
        return InputError(path, f"invalid JSON: {str(exc).split(';')[0]}", line_number)
    except RecursionError:
        return InputError(path, "invalid JSON: nested too deeply to read", line_number)
    if not isinstance(record, dict):
        return InputError(path, f"expected a JSON object, got {type(record).__name__}", line_number)
    return record


def read_labeled(path: Path) -> Iterator[tuple[int, dict[str, Any]] | InputError]:
    """Each record of ``path`` with its line number, or the error of a bad line.

    Reads one line at a time; a file that cannot be opened raises ``OSError``.
    """
    with path.open("rb") as stream:
        for number, raw in enumerate(stream, start=1):
            item = parse_line(raw, str(path), number)
            if item is None:
                continue
            if isinstance(item, InputError):
                yield item
            elif not isinstance(item.get("text"), str):
                yield InputError(str(path), "no 'text' field", number)
            else:
                yield number, item
