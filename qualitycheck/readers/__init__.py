"""Readers turn inputs (files, folders, standard input) into articles.

The registry below maps file suffixes to the reader for that format; adding
a format means adding a module here and one line to ``READERS``.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO

from qualitycheck.document.article import Article
from qualitycheck.errors import InputError
from qualitycheck.readers.base import ReadSettings
from qualitycheck.readers.decoding import decode
from qualitycheck.readers.html import read_html
from qualitycheck.readers.jsonl import read_jsonl
from qualitycheck.readers.markdown import read_markdown
from qualitycheck.readers.txt import read_text

TextReader = Callable[[str, str, ReadSettings], Iterator[Article]]

#: Readers that take a whole decoded document.
READERS: dict[str, TextReader] = {"txt": read_text, "md": read_markdown, "html": read_html}

#: File suffix to format name; ``jsonl`` is streamed line by line.
SUFFIXES = {
    ".txt": "txt",
    ".text": "txt",
    ".md": "md",
    ".markdown": "md",
    ".html": "html",
    ".htm": "html",
    ".xhtml": "html",
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
}

FORMATS = ("txt", "md", "html", "jsonl")


@dataclass(frozen=True)
class InputSource:
    """One input to read: a file (``location``) or standard input (``None``)."""

    path: str
    format: str
    location: Path | None = None


def format_for(path: str) -> str | None:
    """The format of a file name, or ``None`` when the suffix is unknown."""
    return SUFFIXES.get(Path(path).suffix.lower())


def _open(source: InputSource) -> IO[bytes]:
    if source.location is None:
        return sys.stdin.buffer
    return source.location.open("rb")


def read_source(source: InputSource, settings: ReadSettings) -> Iterator[Article | InputError]:
    """Articles of one input, or input errors; never raises for bad input."""
    try:
        stream = _open(source)
    except OSError as exc:
        yield InputError(source.path, f"cannot open: {exc.strerror or exc}")
        return
    try:
        if source.format == "jsonl":
            yield from read_jsonl(stream, source.path, settings)
            return
        try:
            text, warning = decode(stream.read(), source.path)
        except InputError as error:
            yield error
            return
        for article in READERS[source.format](text, source.path, settings):
            if warning:
                article.warnings.insert(0, warning)
            yield article
    except OSError as exc:
        yield InputError(source.path, f"cannot read: {exc.strerror or exc}")
    except RecursionError:
        yield InputError(source.path, "document nested too deeply to read")
    finally:
        if source.location is not None:
            stream.close()
