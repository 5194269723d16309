"""Labeled JSON Lines: the corpora that ``qualitycheck evaluate`` measures on
and ``qualitycheck train`` fits on, one record a line with a ``text`` and the
task's label fields.

Unlike :mod:`.jsonl` (articles to check), a record is not turned into an
article here: each task reads its own labels. What both commands share is
the reading, so a corpus line is read the same way by both: lines counted
from 1, blank lines skipped, and a line that is not UTF-8, not JSON, not an
object or has no text reported as an :class:`~qualitycheck.errors.InputError`
naming ``path:line``, in the words ``check`` uses for the same problem; so is
a record over the size limit per article (``max_article_bytes``), skipped
without being read whole: one 15 MB record took evaluate 100 s and 2 GB. What
an error means is the caller's choice: evaluate counts it and goes on, train
stops (a model fitted on part of a file would pass for one fitted on all).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any

from qualitycheck.errors import InputError
from qualitycheck.readers import base
from qualitycheck.readers.compressed import CorruptArchive, open_decompressed
from qualitycheck.readers.jsonl import bounded_lines, parse_line


def read_labeled(
    path: Path, limit: int | None = None
) -> Iterator[tuple[int, dict[str, Any]] | InputError]:
    """Each record of ``path`` with its line number, or the error of a bad line.

    Reads one line at a time, at most ``limit`` bytes of it (default
    :data:`~qualitycheck.readers.base.MAX_ARTICLE_BYTES` as it is at the
    call); a file that cannot be opened raises ``OSError``. A compressed
    corpus (``.jsonl.gz``, ``.bz2``, ``.xz``) is read decompressed; a corrupt
    or truncated one ends with an error naming the line reached.
    """
    limit = base.MAX_ARTICLE_BYTES if limit is None else limit
    with open_decompressed(path.open("rb"), path.name, "jsonl") as stream:
        yield from base.capped_errors(_all_records(stream, str(path), limit), str(path))


def _all_records(
    stream: IO[bytes], path: str, limit: int
) -> Iterator[tuple[int, dict[str, Any]] | InputError]:
    """Every record and error of one open corpus, the archive's damage last."""
    try:
        yield from _records(stream, path, limit)
    except CorruptArchive as error:  # (after the records before the damage)
        yield InputError(path, error.message, error.line)


def _records(
    stream: IO[bytes], path: str, limit: int
) -> Iterator[tuple[int, dict[str, Any]] | InputError]:
    """The records of one open corpus (:func:`read_labeled`)."""
    for number, raw in enumerate(bounded_lines(stream, limit), start=1):
        if raw is None:
            yield InputError(path, base.too_large(limit), number)
            continue
        item = parse_line(raw, path, number)
        if item is None:
            continue
        if isinstance(item, InputError):
            yield item
        elif "text" not in item:
            yield InputError(path, "no 'text' field", number)
        elif not isinstance(item["text"], str):
            yield InputError(path, f"'text' is not text: {item['text']!r:.40}", number)
        else:
            yield number, item


def labeled_records(path: Path) -> Iterator[dict[str, Any]]:
    """The records of ``path``, in order; a bad line raises its
    :class:`~qualitycheck.errors.InputError`. For measurements and benchmarks,
    where a skipped line would change the numbers without a word."""
    for item in read_labeled(path):
        if isinstance(item, InputError):
            raise item
        yield item[1]
