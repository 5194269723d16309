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
from collections.abc import Iterator
from pathlib import Path

from qualitycheck.primitives.output import open_output

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
            bom = ""
            if number == 1 and raw.startswith(codecs.BOM_UTF8):
                bom, raw = "\ufeff", raw[len(codecs.BOM_UTF8) :]
            if number in skipped and not _is_json(raw):
                yield bom
                continue
            line = raw.decode("utf-8")
            if number in cleaned:
                body = line.rstrip("\r\n")
                line = spliced(body, text_field, cleaned[number]) + line[len(body) :]
            yield bom + line


def write_jsonl(
    location: Path, output: Path, text_field: str, cleaned: dict[int, str], skipped: set[int]
) -> None:
    """Copy a JSONL file line by line, splicing the cleaned records' text
    (:func:`jsonl_lines`)."""
    with open_output(str(output)) as stream:
        for line in jsonl_lines(location, text_field, cleaned, skipped):
            stream.write(line)
