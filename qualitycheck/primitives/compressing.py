"""Outputs named for a compression (``results.jsonl.gz``) are written compressed.

Inputs are read decompressed by their names (``corpus.jsonl.gz``), so a name
ending in ``.gz``, ``.bz2`` or ``.xz`` means compressed data here too: written
as plain text under such a name, a result file opened in no tool, and the next
walk of a folder holding it was an input error ("corrupt gzip data").

The bytes depend on the text alone: gzip's header gets no file name (it would
be the random name of the temporary file) and no time, and the codec is never
flushed before the end (a gzip flush ends a block, so the bytes would depend on
how often the renderer flushed). A compression the standard library cannot
write (zstd before Python 3.14, lz4, zip) is refused before the run.
"""

from __future__ import annotations

import bz2
import gzip
import io
import lzma
from pathlib import Path
from typing import BinaryIO, cast

from qualitycheck.errors import OutputError

#: Endings written through a compressor (those the readers decompress).
COMPRESSED_ENDINGS = (".gz", ".bz2", ".xz")
#: Endings of a compression that cannot be written here, with its name.
_UNWRITABLE = {".zst": "zstd", ".zstd": "zstd", ".lz4": "lz4", ".zip": "zip"}


def compression_ending(path: str) -> str | None:
    """The compression ending of ``path`` (``.gz``, any case), or ``None``;
    an ending of a compression that cannot be written is an
    :class:`OutputError` naming the path."""
    suffix = Path(path).suffix.lower()
    if suffix in _UNWRITABLE:
        raise OutputError(
            path,
            f"cannot write {_UNWRITABLE[suffix]}-compressed output; name it without "
            f"{suffix} and compress it afterwards, or use .gz, .bz2 or .xz",
        )
    return suffix if suffix in COMPRESSED_ENDINGS else None


class _Compressed(io.BufferedIOBase):
    """``raw`` written through the compressor of ``suffix``; closing ends the
    compressed data and closes ``raw`` (the codecs leave a file object open)."""

    def __init__(self, raw: BinaryIO, suffix: str) -> None:
        super().__init__()
        self._raw = raw
        self._codec: gzip.GzipFile | bz2.BZ2File | lzma.LZMAFile
        if suffix == ".gz":  # level 6, gzip's own default: level 9 costs more than checking
            self._codec = gzip.GzipFile("", "wb", compresslevel=6, fileobj=raw, mtime=0)
        elif suffix == ".bz2":
            self._codec = bz2.BZ2File(raw, "wb")
        else:
            self._codec = lzma.LZMAFile(raw, "wb")  # noqa: SIM115 (closed by close)

    def writable(self) -> bool:
        return True

    def write(self, data: bytes) -> int:  # type: ignore[override]
        return self._codec.write(data)

    def flush(self) -> None:
        """Nothing before the end (see the module's docstring)."""

    def finish(self) -> None:
        """End the compressed data and write it all out, without closing: the
        last write (a full disk) then fails while no output of the run has
        been renamed into place (``renderers.group.RendererGroup.end``)."""
        self._codec.close()
        self._raw.flush()

    def close(self) -> None:
        if self.closed:
            return
        try:
            try:
                self._codec.close()
            finally:
                self._raw.close()
        finally:
            super().close()


class _CompressedText(io.TextIOWrapper):
    """Text onto a :class:`_Compressed` stream, which :meth:`finish` ends."""

    def finish(self) -> None:
        self.flush()
        cast(_Compressed, self.buffer).finish()


def compressed_text(raw: BinaryIO, suffix: str, encoding: str) -> io.TextIOWrapper:
    """A text stream onto ``raw`` that compresses what is written to it."""
    binary = cast(BinaryIO, _Compressed(raw, suffix))
    return _CompressedText(binary, encoding=encoding, newline="\n")
