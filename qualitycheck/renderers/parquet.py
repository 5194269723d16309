"""``--format parquet``: one row per article, the JSON contract's article fields.

The columns are the fields of an article in docs/json-output.md, with the same
names and meanings, plus ``schema_version``. Findings are a list of structs
(one struct per finding, the contract's finding fields), scores and metrics
are structs, warnings a list of strings: typed columns that DuckDB, Spark,
pandas and Polars query directly (``unnest(findings)``,
``findings.list.element.rule``) without parsing JSON in every row. The schema
is fixed (:data:`COLUMNS`), so an empty run and a run without findings still
write the same column types, and shards of one corpus concatenate.

Rows are written in batches as articles stream past (memory stays flat).
Input errors and the summary are not rows: write them with
``--output-format json=FILE`` beside, or read the ``summary.json`` of a
``--dask`` run (docs/parquet.md).
"""

from __future__ import annotations

from typing import Any

from qualitycheck.document.findings import CATEGORIES
from qualitycheck.errors import QualitycheckError
from qualitycheck.pipeline.results import ArticleResult
from qualitycheck.renderers.base import Renderer
from qualitycheck.renderers.contract import Summary, article_dict
from qualitycheck.version import SCHEMA_VERSION

#: Rows buffered before they are written as one record batch.
BATCH_ROWS = 1000
NO_PYARROW = "--format parquet needs pyarrow: pip install 'qualitycheck[parquet]'"

_INTEGERS = ("words", "sentences", "characters")
_FLOATS = ("avg_sentence_length", "flesch_reading_ease", "flesch_kincaid_grade", "gunning_fog")
_FINDING_TEXT = ("rule", "category", "severity", "message")
_FINDING_INTEGERS = ("line", "end_line", "column", "start", "end")


def parquet_schema() -> Any:
    """The Arrow schema of a results row (pyarrow imported here, on first use)."""
    try:
        import pyarrow as pa
    except ImportError as exc:
        raise QualitycheckError(NO_PYARROW) from exc
    text, integer, number = pa.string(), pa.int64(), pa.float64()
    finding = pa.struct(
        [
            *(pa.field(name, text) for name in _FINDING_TEXT),
            *(pa.field(name, integer) for name in _FINDING_INTEGERS),
            pa.field("text", text),
            pa.field("confidence", number),
            # Optional in the JSON (docs/json-output.md): null where no rule suggests.
            pa.field("suggestion", text),
            # Optional in the JSON: null where the rule names no translation artifact.
            pa.field("artifact", text),
        ]
    )
    scores = pa.struct([pa.field(name, number) for name in ("overall", *CATEGORIES)])
    metrics = pa.struct(
        [
            *(pa.field(name, integer) for name in _INTEGERS),
            *(pa.field(name, number) for name in _FLOATS),
        ]
    )
    return pa.schema(
        [
            pa.field("schema_version", text),
            pa.field("id", text),
            pa.field("path", text),
            pa.field("record_line", integer),
            pa.field("title", text),
            pa.field("url", text),
            pa.field("language", text),
            pa.field("language_confidence", number),
            pa.field("verdict", text),
            pa.field("verdict_reason", text),
            pa.field("scores", scores),
            pa.field("mt_probability", number),
            pa.field("metrics", metrics),
            pa.field("findings", pa.list_(finding)),
            pa.field("warnings", pa.list_(text)),
        ]
    )


#: The column names, in order (without importing pyarrow).
COLUMNS = (
    "schema_version", "id", "path", "record_line", "title", "url", "language",
    "language_confidence", "verdict", "verdict_reason", "scores", "mt_probability", "metrics",
    "findings", "warnings",
)  # fmt: skip


class ParquetWriterOf:
    """Rows of the results schema written to a binary file in batches."""

    def __init__(self, sink: Any) -> None:
        self.schema = parquet_schema()  # first: says how to install pyarrow when it is missing
        import pyarrow.parquet as pq

        self.writer = pq.ParquetWriter(sink, self.schema, compression="zstd")
        self.rows: list[dict[str, Any]] = []

    def add(self, result: ArticleResult) -> None:
        self.rows.append({"schema_version": SCHEMA_VERSION, **article_dict(result)})
        if len(self.rows) >= BATCH_ROWS:
            self.flush()

    def flush(self) -> None:
        import pyarrow as pa

        if self.rows:
            self.writer.write_batch(pa.RecordBatch.from_pylist(self.rows, schema=self.schema))
            self.rows = []

    def close(self) -> None:
        self.flush()
        self.writer.close()

    def abandon(self) -> None:
        """The run broke and the file is discarded: close the writer now, while
        its stream is open. Left to the garbage collector, it would write its
        footer into the closed stream ('Exception ignored in ... __del__')."""
        self.rows = []
        try:
            self.writer.close()
        except Exception:  # the stream that broke the run (a full disk) fails again
            self.writer.is_open = False  # so that collecting it does not try once more


class ParquetRenderer(Renderer):
    """Writes the binary Parquet file under the text stream it is given."""

    def begin(self) -> None:
        buffer = getattr(self.stream, "buffer", None)
        if buffer is None:
            raise QualitycheckError("--format parquet needs a file (-o FILE), not this stream")
        if self.stream.isatty():
            raise QualitycheckError("--format parquet is binary: write it to a file (-o FILE)")
        self.stream.flush()
        self.out = ParquetWriterOf(buffer)

    def article(self, result: ArticleResult) -> None:
        self.out.add(result)

    def end(self, summary: Summary) -> None:
        self.out.close()

    def abandon(self) -> None:
        if hasattr(self, "out"):
            self.out.abandon()
