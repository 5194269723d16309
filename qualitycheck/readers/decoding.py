"""Bytes to text: UTF-8 (with or without BOM) first, other encodings detected.

Scraped archives come in every encoding. UTF-8 is taken as is; UTF-16/32 with
a byte-order mark are honoured; anything else is guessed with
charset-normalizer and reported as a warning, because a wrong guess changes
the text the rules see. Binary files are an input error for that file only.

:func:`read_document` reads a file in bounded memory: binary content is
recognised from the first block, before the rest is read (a 2 GB sparse file
was read whole to be rejected as binary), and reading stops past the size
limit per article.
"""

from __future__ import annotations

import codecs
import os
import re
import stat
from typing import IO

from qualitycheck.errors import InputError
from qualitycheck.readers.base import too_large

#: Each byte-order mark and the codec of the bytes after it (UTF-32 first: its
#: little-endian mark begins with UTF-16's). ``clean`` writes a copy with them.
BOM_CODECS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)

#: Share of control characters (other than tab, CR, LF, FF) that marks binary data.
_CONTROL_LIMIT = 0.05
#: Bytes looked at to tell text from binary.
#: How much of a file the binary check reads (its first block).
SAMPLE = 8192

#: Bytes asked for in one read after the first block: a stream allocates what
#: it is asked for, so asking for the whole limit at once made a limit of a
#: terabyte (``max_article_bytes``) a MemoryError on a three-line file.
READ_CHUNK = 16 * 1024 * 1024
#: The input error of a file whose first block looks binary.
BINARY = "binary file (not text); skipped"
#: How compressed data begins, and the ending that has it read decompressed.
_MAGIC = ((b"\x1f\x8b", "gzip", ".gz"), (b"BZh", "bzip2", ".bz2"), (b"\xfd7zXZ\x00", "xz", ".xz"))


def binary_problem(head: bytes) -> str:
    """The input error of binary data that begins with ``head``: compressed
    data under a name without its ending (``feed.jsonl`` that is gzip) says
    so, as only the name has it decompressed (docs/limits.md)."""
    for magic, kind, ending in _MAGIC:
        if head.startswith(magic):
            return (
                f"{kind}-compressed data (not text): read when its name ends in {ending} "
                "(standard input: --stdin-name); skipped"
            )
    return BINARY


#: Every byte but the control characters counted as a mark of binary data:
#: deleting them leaves the controls, counted in C instead of byte by byte.
_NOT_CONTROL = bytes(b for b in range(256) if b >= 32 or b in (9, 10, 12, 13, 27))


#: Characters that are not Unicode text: unpaired surrogates (a JSON escape,
#: or a Python string decoded with ``surrogateescape``). Readers replace each
#: with U+FFFD, one for one, so offsets still point into the text.
UNPAIRED_SURROGATE = re.compile("[\ud800-\udfff]")


def looks_binary(data: bytes) -> bool:
    """Whether the first block of ``data`` holds a NUL or many control characters."""
    sample = data[:SAMPLE]
    if b"\x00" in sample:
        return True
    controls = len(sample.translate(None, _NOT_CONTROL))
    return bool(sample) and controls / len(sample) > _CONTROL_LIMIT


def decode(data: bytes, path: str) -> tuple[str, str | None]:
    """Return ``(text, warning)``; raise :class:`InputError` for binary input.

    ``warning`` is set when the text was not UTF-8 and its encoding was guessed.
    """
    for bom, encoding in BOM_CODECS:
        if data.startswith(bom):
            try:
                return data[len(bom) :].decode(encoding), None
            except UnicodeDecodeError as exc:
                raise InputError(path, f"invalid {encoding} after byte-order mark: {exc}") from None
    if looks_binary(data):
        raise InputError(path, binary_problem(data))
    try:
        return data.decode("utf-8"), None
    except UnicodeDecodeError as exc:
        first_error = exc
    from charset_normalizer import from_bytes
    from charset_normalizer.md import mess_ratio

    best = from_bytes(data).best()
    # Short Western text decodes cleanly in many code pages; charset-normalizer
    # may rank an obscure one first. Windows-1252 is by far the most common
    # legacy encoding of news text, so it wins whenever it reads as cleanly.
    try:
        western = data.decode("cp1252")
    except UnicodeDecodeError:
        western = None
    if western is not None and (best is None or mess_ratio(western) <= best.chaos):
        return western, "not UTF-8; decoded as cp1252"
    if best is None:
        raise InputError(
            path, f"cannot decode: not UTF-8 ({first_error.reason} at byte {first_error.start})"
        )
    return str(best), f"not UTF-8; decoded as {best.encoding}"


def _remaining(stream: IO[bytes]) -> int | None:
    """Bytes left in the regular file behind ``stream``; ``None`` for a pipe,
    a terminal or an in-memory stream."""
    try:
        status = os.fstat(stream.fileno())
        return status.st_size - stream.tell() if stat.S_ISREG(status.st_mode) else None
    except (OSError, ValueError):  # no descriptor, or not seekable
        return None


def read_document(stream: IO[bytes], path: str, limit: int) -> tuple[str, str | None]:
    """Read and decode one document of at most ``limit`` bytes: ``(text,
    warning)`` as :func:`decode` gives; :class:`InputError` for binary content
    (told from the first block) or a document over the limit, with no more
    than ``limit + 1`` bytes ever read."""
    size = _remaining(stream)
    head = stream.read(min(SAMPLE, limit + 1))
    if not head.startswith(tuple(bom for bom, _ in BOM_CODECS)) and looks_binary(head):
        raise InputError(path, binary_problem(head))
    if size is not None and size > limit:
        raise InputError(path, too_large(limit, size))
    chunks, total = [head], len(head)
    while total <= limit:  # a pipe or a terminal may give less than asked for
        chunk = stream.read(min(limit + 1 - total, READ_CHUNK))
        if not chunk:
            break
        chunks.append(chunk)
        total += len(chunk)
    if total > limit:  # a pipe, or a file that grew while it was read
        raise InputError(path, too_large(limit))
    return decode(b"".join(chunks), path)


#: The warning on an article whose lines ended in carriage returns alone.
CR_LINES = "lines end in carriage returns alone (classic Mac OS); read as line breaks"


def read_cr_lines(warnings: list[str]) -> bool:
    """Whether an article's ``warnings`` say its carriage returns were read as
    line breaks (a JSONL record's warning starts with its line: ``line 7: ...``)."""
    return any(w == CR_LINES or w.endswith(f": {CR_LINES}") for w in warnings)


def with_line_feeds(text: str) -> tuple[str, str | None]:
    """``text`` with lone carriage returns as line feeds, when they are its
    only line breaks (a classic Mac OS file), and the warning saying so.

    Every reader and rule splits lines on ``\n``: read as it is, such a file
    is one line, its headline and furniture one paragraph. One character for
    one keeps every offset; ``clean`` writes the carriage returns back.
    """
    if "\r" in text and "\n" not in text:
        return text.replace("\r", "\n"), CR_LINES
    return text, None
