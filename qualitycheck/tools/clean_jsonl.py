"""``clean`` for JSON Lines: only the cleaned records' ``text`` changes.

A record that lost lines gets the new text spliced into its line in place of
the old ``text`` value: every other byte of the line stays as it was, so a
number such as ``1.0000000000000000001`` or ``1e400``, an escape such as
``\\u00e9`` or ``\\/``, key order and a repeated key come out as they went in
(re-serialising the record turned ``1e400`` into ``Infinity``, which is not
JSON, and collapsed repeated keys). Other records are copied byte for byte,
also those the check could not use (no ``text``, too large): they are the
data team's rows, and the error already says why they were not cleaned. Only
a line that is not JSON at all is left out, so the output stays JSON Lines.
"""

from __future__ import annotations

import codecs
import json
import re
from collections.abc import Callable, Iterator
from pathlib import Path

_WHITESPACE = re.compile(r"[ \t\n\r]*")
_DECODER = json.JSONDecoder()


def _skip(line: str, position: int) -> int:
    match = _WHITESPACE.match(line, position)
    return match.end() if match else position


def text_value_span(line: str, field: str) -> tuple[int, int] | None:
    """Where the value of the top-level key ``field`` is in one JSON object
    line: the last occurrence, the one ``json.loads`` keeps (``None``: not an
    object, or no such key)."""
    position = _skip(line, 0)
    if not line.startswith("{", position):
        return None
    position = _skip(line, position + 1)
    found: tuple[int, int] | None = None
    if line.startswith("}", position):
        return None
    while True:
        if not line.startswith('"', position):
            return None
        key, position = json.decoder.scanstring(line, position + 1)  # type: ignore[attr-defined]
        position = _skip(line, position)
        if not line.startswith(":", position):
            return None
        start = _skip(line, position + 1)
        _, end = _DECODER.raw_decode(line, start)
        if key == field:
            found = (start, end)
        position = _skip(line, end)
        if line.startswith("}", position):
            return found
        if not line.startswith(",", position):
            return None
        position = _skip(line, position + 1)


def spliced(line: str, field: str, text: str) -> str:
    """``line`` with its ``field`` string value replaced by ``text``, written
    with escapes only where the old value used them for every non-ASCII
    character (an ASCII-only line stays ASCII)."""
    span = text_value_span(line, field)
    if span is None:  # cannot happen for a record the reader took its text from
        raise ValueError(f"no {field!r} in the record")
    start, end = span
    old = line[start:end]
    value = json.dumps(text, ensure_ascii=old.isascii())
    return line[:start] + value + line[end:]


def _is_json(raw: bytes) -> bool:
    try:
        # Decoded strictly first: json.loads of bytes lets an encoded surrogate
        # (WTF-8) through, which the copy could not then write as UTF-8.
        json.loads(raw.decode("utf-8"))
    except (ValueError, RecursionError):  # nested too deeply is what the reader said too
        return False
    return True


def _copied(
    number: int, raw: bytes, text_field: str, cleaned: dict[int, str], skipped: set[int]
) -> str:
    """Line ``number`` of a JSONL file as its cleaned copy has it."""
    bom = ""
    if number == 1 and raw.startswith(codecs.BOM_UTF8):
        bom, raw = "\ufeff", raw[len(codecs.BOM_UTF8) :]
    if number in skipped and not _is_json(raw):
        return bom
    line = raw.decode("utf-8")
    if number in cleaned:
        body = line.rstrip("\r\n")
        line = spliced(body, text_field, cleaned[number]) + line[len(body) :]
    return bom + line


def jsonl_lines(
    location: Path, text_field: str, cleaned: dict[int, str], skipped: set[int]
) -> Iterator[str]:
    """The lines of a JSONL file's cleaned copy, line endings included.

    ``cleaned`` maps a line number to its record's new text; ``skipped`` are
    the lines the reader reported (not JSON, no usable text): those that are
    JSON are copied as they are, the rest left out.
    """
    with location.open("rb") as lines:
        for number, raw in enumerate(lines, start=1):
            yield _copied(number, raw, text_field, cleaned, skipped)


class JsonlCopy:
    """A JSONL file's cleaned copy, written while its records are checked.

    The check reports the records in file order, so once it reports line
    ``n`` every line before it is settled and is written (its cleaned text
    forgotten): memory stays flat on a feed of any size (keeping every
    cleaned text to the end grew by 3 kB a record, 322 MB for 50,000).
    """

    def __init__(self, location: Path, text_field: str, write: Callable[[str], object]) -> None:
        self._file = location.open("rb")
        self._lines = enumerate(self._file, start=1)
        self._text_field = text_field
        self._write = write
        self._waiting: tuple[int, bytes] | None = None
        self.cleaned: dict[int, str] = {}
        self.skipped: set[int] = set()

    def write_before(self, line: int | None) -> None:
        """Write the copy's lines before ``line`` (``None``: every line left)."""
        while True:
            if self._waiting is None:
                self._waiting = next(self._lines, None)
                if self._waiting is None:
                    return
            number, raw = self._waiting
            if line is not None and number >= line:
                return
            self._waiting = None
            self._write(_copied(number, raw, self._text_field, self.cleaned, self.skipped))
            self.cleaned.pop(number, None)
            self.skipped.discard(number)

    def close(self) -> None:
        self._file.close()
