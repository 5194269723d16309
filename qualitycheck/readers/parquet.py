"""Parquet: one article per row, read a batch of rows at a time.

The columns are those of a JSON Lines record, named by the same config keys
(``jsonl: {id, text, title, url}``), and a row is read exactly as a record is
(:func:`~qualitycheck.readers.jsonl.record_article`): the same ids, the same
warnings, the same input errors, with the 1-based **row** number where JSONL
gives the line number (``corpus.parquet:17: field 'text' is null``). Only the
columns named are read, one batch at a time, so a shard of any size streams
through in bounded memory.

A column of the wrong type is one input error for the file rather than one
per row: ``text`` (and ``title``, ``url``, ``language``) must be strings,
``id`` a string or an integer. Bytes are never decoded as text: a ``binary``
text column is refused with its type. pyarrow is an optional dependency
(``pip install 'qualitycheck[parquet]'``); without it a ``.parquet`` input is
an input error saying so, and the run goes on.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any

from qualitycheck.document.article import Article
from qualitycheck.errors import InputError, os_reason
from qualitycheck.readers.base import ReadSettings, too_large
from qualitycheck.readers.jsonl import note_duplicate, record_article

#: Rows read at a time: a few MB of news text, whatever the row groups are.
BATCH_ROWS = 256
#: Said when pyarrow is not installed.
NO_PYARROW = "cannot read Parquet: pyarrow is not installed (pip install 'qualitycheck[parquet]')"


def _columns(settings: ReadSettings) -> list[str]:
    """The columns an article is read from, each once."""
    names = (settings.id_field, settings.text_field, settings.title_field)
    return list(dict.fromkeys((*names, settings.url_field, settings.language_field)))


def _type_error(pa: Any, schema: Any, settings: ReadSettings) -> str | None:
    """Why the file's columns cannot be read as articles, or ``None``."""
    types = pa.types
    if settings.text_field not in schema.names:
        found = ", ".join(repr(name) for name in schema.names[:10]) or "none"
        return f"no column {settings.text_field!r} (columns: {found})"
    for name in _columns(settings):
        if name not in schema.names:
            continue
        if len(schema.get_all_field_indices(name)) > 1:  # which one holds the articles?
            return f"column {name!r} appears more than once"
        kind = schema.field(name).type
        if types.is_dictionary(kind):  # pandas categoricals: read as their values
            kind = kind.value_type
        # A column of nulls only (null type) is read as missing values.
        text_like = str(kind) in ("string", "large_string", "string_view") or types.is_null(kind)
        integer = name == settings.id_field and types.is_integer(kind)
        if not (text_like or integer):
            wanted = "text or an integer" if name == settings.id_field else "text"
            return f"column {name!r} is {kind}, not {wanted}"
    return None


def read_parquet(
    stream: IO[bytes], path: str, settings: ReadSettings
) -> Iterator[Article | InputError]:
    """Reader entry point for ``.parquet`` files; reads a batch of rows at a time."""
    try:
        import pyarrow as pa
        import pyarrow.compute as pc
        import pyarrow.parquet as pq
    except ImportError:
        yield InputError(path, NO_PYARROW)
        return
    if not stream.seekable():
        yield InputError(path, "cannot read Parquet from a pipe or standard input; give a file")
        return
    try:
        parquet = pq.ParquetFile(stream)
    except (pa.ArrowException, ValueError) as exc:
        yield InputError(path, f"not a Parquet file: {exc}")
        return
    schema = parquet.schema_arrow
    problem = _type_error(pa, schema, settings)
    if problem is not None:
        yield InputError(path, problem)
        return
    columns = [name for name in _columns(settings) if name in schema.names]
    limit = settings.max_article_bytes
    seen: set[str] = set()
    row = 0
    try:
        for batch in parquet.iter_batches(batch_size=BATCH_ROWS, columns=columns):
            texts = batch.column(settings.text_field)
            if pa.types.is_dictionary(texts.type):
                texts = texts.cast(texts.type.value_type)
            if str(texts.type) == "string_view":  # binary_length has no kernel for views
                texts = texts.cast(pa.large_string())
            # A column of nulls only has no sizes to measure (nor a kernel for them).
            nulls = pa.types.is_null(texts.type)
            lengths = None if nulls else pc.binary_length(texts)
            sizes = [None] * batch.num_rows if lengths is None else lengths.to_pylist()
            too_long = None if lengths is None else pc.greater(lengths, limit)
            if too_long is not None and pc.any(too_long).as_py():
                # Refused by their byte length: never made into Python strings
                # (a 72 MB row cost its text again, and more, before its error).
                kept = pc.if_else(too_long, pa.scalar(None, texts.type), texts)
                place = batch.schema.get_field_index(settings.text_field)
                batch = batch.set_column(place, settings.text_field, kept)
            for record, size in zip(_records(batch, path, row), sizes, strict=True):
                row += 1
                if isinstance(record, InputError):
                    yield record
                    continue
                if size is not None and size > limit:
                    yield InputError(path, too_large(limit), row)
                    continue
                item = record_article(record, path, row, settings, unit="row")
                if isinstance(item, Article):
                    note_duplicate(item, seen, f"row {row}")
                yield item
    except (pa.ArrowException, ValueError, OSError) as exc:  # pyarrow's damaged pages: OSError
        yield InputError(path, f"cannot read Parquet after row {row}: {os_reason(exc)}")


def _records(batch: Any, path: str, before: int) -> list[dict[str, Any] | InputError]:
    """The rows of ``batch`` as records; a row whose string holds bytes that
    are not UTF-8 (Spark and others write them) is an input error for that
    row alone, as a JSONL line is, not the loss of its batch and the file's rest."""
    try:
        return list(batch.to_pylist())
    except UnicodeDecodeError:
        pass
    return [_record(batch, index, path, before + index + 1) for index in range(batch.num_rows)]


def _record(batch: Any, index: int, path: str, row: int) -> dict[str, Any] | InputError:
    """Row ``index`` of ``batch`` (file row ``row``), value by value."""
    record: dict[str, Any] = {}
    for name, column in zip(batch.schema.names, batch.columns, strict=True):
        try:
            record[name] = column[index].as_py()
        except UnicodeDecodeError as exc:
            where = f"{exc.reason} at byte {exc.start}"
            return InputError(path, f"field {name!r} is not UTF-8 ({where})", row)
    return record


#: Columns that mark a Parquet file as results of this tool (``--format parquet``).
_RESULT_COLUMNS = {"schema_version", "verdict", "findings", "scores"}


def is_results(location: Path) -> bool:
    """Whether ``location`` is a Parquet file of results this tool wrote (its
    footer's column names, read without the rows), not a corpus shard."""
    try:
        import pyarrow.parquet as pq

        names = set(pq.read_schema(location).names)
    except Exception:  # no pyarrow, not Parquet, unreadable: left to the reader
        return False
    return names >= _RESULT_COLUMNS
