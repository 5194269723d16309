"""Compressed inputs: ``corpus.jsonl.gz`` read as the ``corpus.jsonl`` inside.

A name ending in ``.gz``, ``.bz2`` or ``.xz`` (the codecs of the standard
library) is read through its decompressor, as Dask's ``read_text`` and most
corpus tools read it: the format is the one of the name without that ending
(``.jsonl.gz`` is JSON Lines, ``.txt.gz`` plain text, a bare ``.gz`` plain
text). Nothing is decompressed ahead: JSON Lines still streams a line at a
time and ``max_article_bytes`` still holds per record before it is decoded.

A corrupt or truncated archive raises :class:`CorruptArchive` with the line
the reader had reached (the line of the decompressed text, which is the JSONL
line); the reader turns it into one input error for the file, after the
records read before it. ``.zst`` (zstd) is not in the standard library before
Python 3.14: such a file is one input error saying to decompress it first.
"""

from __future__ import annotations

import bz2
import gzip
import io
import lzma
import zlib
from collections.abc import Callable
from pathlib import Path
from typing import IO, Any

#: File endings read through a decompressor, with what the error calls them.
COMPRESSIONS = {".gz": "gzip", ".bz2": "bzip2", ".xz": "xz"}
#: File endings of compressed files that cannot be read (no codec at hand).
UNSUPPORTED = {".zst": "zstd", ".zstd": "zstd", ".lz4": "lz4", ".zip": "zip"}
_OPENERS: dict[str, Callable[[IO[bytes]], Any]] = {  # (GzipFile, BZ2File, LZMAFile)
    ".gz": lambda raw: gzip.GzipFile(fileobj=raw, mode="rb"),
    ".bz2": lambda raw: bz2.BZ2File(raw, mode="rb"),
    ".xz": lambda raw: lzma.LZMAFile(raw, mode="rb"),  # noqa: SIM115 (closed by Decompressed)
}
#: What a decompressor raises on data it cannot read.
_BROKEN = (EOFError, OSError, zlib.error, lzma.LZMAError)


class ArchiveError(OSError):
    """A compressed input that cannot be read (``line`` ``None``: not at all)."""

    def __init__(self, message: str, line: int | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.line = line


class CorruptArchive(ArchiveError):
    """A compressed input that ended early or holds data its codec rejects;
    ``line`` is the 1-based line of the decompressed text being read."""


def compression_of(name: str) -> str | None:
    """The compression ending of ``name`` (``.gz``), or ``None``."""
    suffix = Path(name).suffix.lower()
    return suffix if suffix in COMPRESSIONS or suffix in UNSUPPORTED else None


def inner_name(name: str) -> str:
    """``name`` without its compression ending: ``a.jsonl.gz`` -> ``a.jsonl``."""
    return name[: -len(ending)] if (ending := compression_of(name)) else name


class Decompressed:
    """A decompressing binary stream for the readers (``read``, ``readline``,
    ``peek``, ``close``) that counts the line it has reached and turns a
    decompressor's error into :class:`CorruptArchive`. It has no ``fileno``:
    the size on disk is not the size of the text."""

    def __init__(self, raw: IO[bytes], ending: str, close_raw: bool = True) -> None:
        self._raw = raw
        self._close_raw = close_raw
        self._kind = COMPRESSIONS[ending]
        self._stream = _OPENERS[ending](raw)
        self._newlines = 0

    def _failed(self, error: BaseException) -> CorruptArchive:
        line = self._newlines + 1
        if isinstance(error, EOFError):
            problem = f"truncated {self._kind} data (it ends before its end marker)"
        else:
            problem = f"corrupt {self._kind} data ({str(error) or type(error).__name__})"
        return CorruptArchive(f"{problem}; stopped at line {line}", line)

    def read(self, size: int = -1) -> bytes:
        try:
            data = self._stream.read(size)
        except _BROKEN as error:
            raise self._failed(error) from None
        self._newlines += data.count(b"\n")
        return data

    def readline(self, size: int = -1) -> bytes:
        try:
            data = self._stream.readline(size)
        except _BROKEN as error:
            raise self._failed(error) from None
        self._newlines += data.endswith(b"\n")
        return data

    def peek(self, size: int = 0) -> bytes:
        try:
            return self._stream.peek(size)
        except _BROKEN as error:
            raise self._failed(error) from None

    def seekable(self) -> bool:
        return False

    def fileno(self) -> int:
        raise io.UnsupportedOperation("a decompressed stream has no file descriptor")

    def __enter__(self) -> Decompressed:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def close(self) -> None:
        self._stream.close()
        if self._close_raw:
            self._raw.close()


def open_decompressed(raw: IO[bytes], name: str, form: str, close_raw: bool = True) -> IO[bytes]:
    """``raw`` as the readers read the file ``name`` of format ``form``:
    decompressed when its name says so, as it is otherwise. A compression
    without a codec, or a compressed Parquet file (Parquet compresses its own
    pages, and is read by seeking), raises :class:`ArchiveError`."""
    ending = compression_of(name)
    if ending is None:
        return raw
    problem = None
    if ending in UNSUPPORTED:
        problem = (
            f"{UNSUPPORTED[ending]}-compressed input is not supported (gzip, bzip2 and xz "
            "are); decompress it first"
        )
    elif form == "parquet":
        problem = "a compressed Parquet file is not read (Parquet compresses its own pages); "
        problem += "decompress it first"
    if problem is not None:
        if close_raw:
            raw.close()
        raise ArchiveError(problem)
    return Decompressed(raw, ending, close_raw)  # type: ignore[return-value]
