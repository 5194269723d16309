"""Readers turn inputs (files, folders, standard input) into articles.

``READERS`` is the one registry of input formats: each name with the reader
for it and the file suffixes that select it. The format names (``--stdin-format``)
and the suffix table (and from it the default ``include`` globs) are read
from it, so adding a format is a module here and one entry in ``READERS``.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO

from qualitycheck.document.article import Article
from qualitycheck.errors import InputError, os_reason
from qualitycheck.readers.base import ReadSettings, capped_errors
from qualitycheck.readers.compressed import ArchiveError, inner_name, open_decompressed
from qualitycheck.readers.decoding import read_document, with_line_feeds
from qualitycheck.readers.html import read_html
from qualitycheck.readers.jsonl import read_jsonl
from qualitycheck.readers.markdown import read_markdown
from qualitycheck.readers.parquet import read_parquet
from qualitycheck.readers.txt import parse_text, read_text

#: A reader of a whole decoded document.
TextReader = Callable[[str, str, ReadSettings], Iterator[Article]]
#: A reader of an input's byte stream: how ``read_source`` reads every format.
StreamReader = Callable[[IO[bytes], str, ReadSettings], Iterator[Article | InputError]]


def _decoded(reader: TextReader) -> StreamReader:
    """``reader`` fed the whole decoded document; a decoding warning goes first
    on each of its articles, and undecodable bytes are an input error."""

    def read(
        stream: IO[bytes], path: str, settings: ReadSettings
    ) -> Iterator[Article | InputError]:
        try:
            text, warning = read_document(stream, path, settings.max_article_bytes)
        except InputError as error:
            yield error
            return
        text, line_warning = with_line_feeds(text)
        for article in reader(text, path, settings):
            if line_warning:
                article.warnings.insert(0, line_warning)
            if warning:
                article.warnings.insert(0, warning)
            yield article

    return read


def _untitled(source: str, path: str, settings: ReadSettings) -> Iterator[Article]:
    yield parse_text(source, path, path, first_line_is_title=False)


#: Plain text whose first line is not a headline (``check_text(..., title=...)``
#: gives the headline apart), read with every check a ``.txt`` file gets.
read_untitled_text = _decoded(_untitled)


@dataclass(frozen=True)
class Reader:
    """One input format: the file suffixes that select it and how it is read."""

    suffixes: tuple[str, ...]
    read: StreamReader


#: Format name -> its reader; the order is the order of ``FORMATS`` and of the
#: default ``include`` globs. JSONL is read one line at a time, Parquet a batch
#: of rows at a time (never decoded as text), the others whole.
READERS: dict[str, Reader] = {
    "txt": Reader((".txt", ".text"), _decoded(read_text)),
    "md": Reader((".md", ".markdown"), _decoded(read_markdown)),
    "html": Reader((".html", ".htm", ".xhtml"), _decoded(read_html)),
    "jsonl": Reader((".jsonl", ".ndjson"), read_jsonl),
    "parquet": Reader((".parquet",), read_parquet),
}

FORMATS = tuple(READERS)

#: File suffix to format name.
SUFFIXES = {suffix: name for name, reader in READERS.items() for suffix in reader.suffixes}

#: How a file with an unknown suffix, and standard input by default, is read.
DEFAULT_FORMAT = "txt"

#: Suffixes read as a format, though a folder walk does not pick them by
#: default: Spark, BigQuery and pandas write JSON Lines as ``.json`` (and a
#: JSON file is never an article of plain text, as it was read before).
#: ``include: ["*.json"]`` walks them. An ``.mdx`` file (Docusaurus, Astro)
#: is Markdown with JSX: read as text, its front matter, imports and
#: components were paragraphs of page furniture.
ALSO_READ = {".json": "jsonl", ".mdx": "md"}


@dataclass(frozen=True)
class InputSource:
    """One input to read: a file (``location``) or standard input (``None``)."""

    path: str
    format: str
    location: Path | None = None


def format_for(path: str) -> str:
    """The format of a file name: by its suffix, else :data:`DEFAULT_FORMAT`;
    a compressed file's by the name inside (``a.jsonl.gz``: ``jsonl``)."""
    suffix = Path(inner_name(path)).suffix.lower()
    return SUFFIXES.get(suffix) or ALSO_READ.get(suffix, DEFAULT_FORMAT)


def _open(source: InputSource) -> IO[bytes]:
    """The input's bytes, decompressed when its name ends in ``.gz``, ``.bz2``
    or ``.xz`` (standard input by ``--stdin-name``)."""
    if source.location is None:
        return open_decompressed(sys.stdin.buffer, source.path, source.format, close_raw=False)
    return open_decompressed(source.location.open("rb"), source.location.name, source.format)


def read_source(source: InputSource, settings: ReadSettings) -> Iterator[Article | InputError]:
    """Articles of one input, or input errors (at most
    :data:`~qualitycheck.readers.base.MAX_LISTED_ERRORS` of them one by one,
    then one that counts the rest); never raises for bad input."""
    return capped_errors(_read_source(source, settings), source.path)


def _read_source(source: InputSource, settings: ReadSettings) -> Iterator[Article | InputError]:
    """Every article and input error of one input, as its reader yields them."""
    try:
        stream = _open(source)
    except ArchiveError as exc:
        yield InputError(source.path, exc.message, exc.line)
        return
    except OSError as exc:
        yield InputError(source.path, f"cannot open: {os_reason(exc)}")
        return
    try:
        yield from READERS[source.format].read(stream, source.path, settings)
    except ArchiveError as exc:  # (after the records read before the damage)
        yield InputError(source.path, exc.message, exc.line)
    except OSError as exc:
        yield InputError(source.path, f"cannot read: {os_reason(exc)}")
    except RecursionError:
        yield InputError(source.path, "document nested too deeply to read")
    finally:
        if source.location is not None or stream is not sys.stdin.buffer:
            stream.close()
