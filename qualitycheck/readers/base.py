"""What every reader shares: its settings and the line splitter."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from qualitycheck.document.textmap import Run, TextMap


@dataclass(frozen=True)
class ReadSettings:
    """Reader options from the config (JSONL field names)."""

    id_field: str = "id"
    text_field: str = "text"
    title_field: str = "title"
    url_field: str = "url"
    language_field: str = "language"


def line_blocks(
    source: str, start: int = 0, end: int | None = None
) -> Iterator[tuple[str, TextMap, int]]:
    """Non-blank lines of ``source[start:end]`` as ``(text, map, line_start)``.

    Leading and trailing whitespace (including the ``\\r`` of CRLF files) is
    left out of the text but the map keeps positions exact.
    """
    end = len(source) if end is None else end
    position = start
    while position < end:
        newline = source.find("\n", position, end)
        line_end = end if newline == -1 else newline
        line = source[position:line_end]
        stripped = line.strip()
        if stripped:
            offset = position + (len(line) - len(line.lstrip()))
            run = Run(0, len(stripped), offset, offset + len(stripped))
            yield stripped, TextMap([run]), position
        position = line_end + 1
