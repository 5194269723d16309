"""``report --from-results DIR``: the HTML report from result shards, without
checking anything again.

The shards are those a ``check --dask`` run writes (``*.jsonl`` and
``*.parquet`` result files, rows in the JSON contract's article fields, in
file-name order) and its ``summary.json`` (counts and input errors over the
whole run; without it the summary is counted from the rows). The report shows
each article's source with its findings marked, so each input shard is read
again, without checking, to find the source text of each row (by its path and
record line or row); an input that has moved since is a warning, and its
articles are shown without their text.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from qualitycheck.config.settings import Config
from qualitycheck.document.article import Article
from qualitycheck.errors import InputError, QualitycheckError
from qualitycheck.primitives.cache import file_sha256
from qualitycheck.readers import InputSource, format_for, read_source
from qualitycheck.readers.discovery import shown_names
from qualitycheck.renderers.contract import Summary

SUMMARY_NAME = "summary.json"


#: Fields every article row and every finding in it has (the JSON contract's
#: required ones, docs/json-output.schema.json): the report reads them.
ROW_FIELDS = (
    "id",
    "path",
    "title",
    "language",
    "verdict",
    "scores",
    "mt_probability",
    "metrics",
    "findings",
)
FINDING_FIELDS = (
    "rule",
    "category",
    "severity",
    "message",
    "line",
    "end_line",
    "column",
    "start",
    "end",
    "text",
    "confidence",
)


#: A JSON type: how a message names it, and the Python types it reads as.
Kind = tuple[str, tuple[type, ...]]
_TEXT: Kind = ("text", (str,))
_INTEGER: Kind = ("an integer", (int,))
_NUMBER: Kind = ("a number", (int, float))
_OBJECT: Kind = ("an object", (dict,))
_LIST: Kind = ("a list", (list,))
#: The JSON types of the fields the report reads, as the contract has them
#: (True: null allowed, as a Parquet row has it for a field the JSON leaves
#: out). A row of the right fields with a wrong type (a
#: number for ``path``, a list for a finding's ``end``) was a traceback.
ROW_TYPES: dict[str, tuple[Kind, bool]] = {
    "id": (_TEXT, False),
    "path": (_TEXT, False),
    "record_line": (_INTEGER, True),
    "title": (_TEXT, True),
    "url": (_TEXT, True),
    "language": (_TEXT, True),
    "language_confidence": (_NUMBER, True),
    "verdict_reason": (_TEXT, True),
    "scores": (_OBJECT, False),
    "mt_probability": (_NUMBER, True),
    "metrics": (_OBJECT, False),
    "findings": (_LIST, False),
    "warnings": (_LIST, True),
}
FINDING_TYPES: dict[str, tuple[Kind, bool]] = {
    **dict.fromkeys(("rule", "category", "message", "text"), (_TEXT, False)),
    "suggestion": (_TEXT, True),
    **dict.fromkeys(("line", "end_line", "column", "start", "end"), (_INTEGER, False)),
    "confidence": (_NUMBER, False),
}


def _wrong_type(record: dict[str, Any], types: dict[str, tuple[Kind, bool]]) -> str | None:
    """The first field of ``record`` whose value is not of its type."""
    for name, ((label, python_types), nullable) in types.items():
        if name not in record or (record[name] is None and nullable):
            continue
        value = record[name]
        if isinstance(value, bool) or not isinstance(value, python_types):
            shown = "null" if value is None else f"a JSON {type(value).__name__}"
            return f"{name!r} is {shown}, not {label}"
    return None


def _problem(row: Any) -> str | None:
    """What keeps ``row`` from being an article row of a result shard."""
    if not isinstance(row, dict):
        return f"a JSON {type(row).__name__}, not an object"
    missing = [name for name in ROW_FIELDS if name not in row]
    if missing:
        return f"no {', '.join(repr(name) for name in missing)}"
    if row["verdict"] not in ("pass", "warn", "fail"):
        return f"verdict {row['verdict']!r} is not pass, warn or fail"
    wrong = _wrong_type(row, ROW_TYPES)
    if wrong is not None:
        return wrong
    for parts in ("scores", "metrics"):
        if any(
            isinstance(v, bool) or not isinstance(v, int | float | None)
            for v in row[parts].values()
        ):
            return f"{parts!r} holds a value that is not a number"
    if not all(isinstance(warning, str) for warning in row.get("warnings") or []):
        return "'warnings' holds a value that is not text"
    for index, finding in enumerate(row["findings"]):
        if not isinstance(finding, dict) or any(name not in finding for name in FINDING_FIELDS):
            return f"finding {index + 1} lacks fields of a finding"
        if finding["severity"] not in ("error", "warning", "info"):
            return f"finding {index + 1} has severity {finding['severity']!r}"
        wrong = _wrong_type(finding, FINDING_TYPES)
        if wrong is not None:
            return f"finding {index + 1}: {wrong}"
    return None


def _checked(row: Any, where: str) -> dict[str, Any]:
    problem = _problem(row)
    if problem is not None:
        raise QualitycheckError(f"{where}: not a result row: {problem}")
    row.pop("schema_version", None)
    return row


def shard_files(folder: Path) -> list[Path]:
    """The result shard files in ``folder`` (``*.jsonl``, ``*.parquet``; not the
    hidden temporary files of a write in progress), by name."""
    return sorted(
        path
        for path in folder.iterdir()
        if path.suffix in (".jsonl", ".parquet") and not path.name.startswith(".")
    )


def some_names(names: list[str]) -> str:
    """The first three of ``names`` for a one-line message, `` ...`` for more."""
    return ", ".join(names[:3]) + (" ..." if len(names) > 3 else "")


def result_shards(folder: Path) -> tuple[list[Path], list[str]]:
    """The result shards of the run in ``folder``, in order, and warnings.

    Where ``summary.json`` lists the run's shards, those are read and no
    other: a folder used for an earlier run keeps that run's shards (a
    report counted 48 articles of a 32-article run), which are named in a
    warning and left out. Without a summary every shard file is read."""
    found = shard_files(folder)
    listed = _listed_outputs(folder / SUMMARY_NAME)
    if listed is None:
        if not found:
            raise QualitycheckError(f"{folder}: no result shards (*.jsonl, *.parquet) in it")
        return found, []
    missing = [name for name in listed if not (folder / name).is_file()]
    if missing:
        raise QualitycheckError(
            f"{folder}: {len(missing)} result shard(s) listed in {SUMMARY_NAME} are missing: "
            f"{some_names(missing)}"
        )
    strays = [path.name for path in found if path.name not in set(listed)]
    warnings = []
    if strays:
        warnings.append(
            f"{folder}: {len(strays)} result shard(s) not in {SUMMARY_NAME} (from an earlier "
            f"run?) left out: {some_names(strays)}"
        )
    return [folder / name for name in listed], warnings


def _listed_outputs(saved: Path) -> list[str] | None:
    """The shard files ``summary.json`` names, in run order; None without one
    (or a summary of a version that did not list them)."""
    if not saved.is_file():
        return None
    try:
        shards = json.loads(saved.read_text(encoding="utf-8")).get("shards")
    except (OSError, ValueError, AttributeError, RecursionError) as error:
        problem = "nested too deeply" if isinstance(error, RecursionError) else error
        raise QualitycheckError(f"{saved}: not a run summary: {problem}") from None
    if not isinstance(shards, list):
        return None
    outputs = [s.get("output") for s in shards if isinstance(s, dict)]
    if any(o is not None and (not isinstance(o, str) or Path(o).name != o) for o in outputs):
        raise QualitycheckError(f"{saved}: not a run summary: a shard output is not a file name")
    return [output for output in outputs if output]


def result_rows(shards: list[Path]) -> Iterator[dict[str, Any]]:
    """Every article row of the result ``shards``, shard by shard."""
    for shard in shards:
        if shard.suffix == ".parquet":
            try:
                import pyarrow.parquet as pq
            except ImportError as exc:
                raise QualitycheckError(
                    "reading Parquet results needs pyarrow: pip install 'qualitycheck[parquet]'"
                ) from exc
            number = 0
            for batch in pq.ParquetFile(shard).iter_batches(batch_size=1000):
                for row in batch.to_pylist():
                    number += 1
                    row = _checked(row, f"{shard}: row {number}")
                    for finding in row.get("findings") or []:
                        for optional in ("suggestion", "artifact"):
                            if finding.get(optional, 0) is None:
                                del finding[optional]  # as the JSON spells it: absent
                    yield row
            continue
        with shard.open("rb") as stream:
            for number, line in enumerate(stream, start=1):
                try:
                    row = json.loads(line.decode("utf-8"))
                except UnicodeDecodeError:
                    raise QualitycheckError(f"{shard}:{number}: not UTF-8") from None
                except RecursionError:
                    raise QualitycheckError(
                        f"{shard}:{number}: not a result row: nested too deeply"
                    ) from None
                except ValueError:
                    raise QualitycheckError(f"{shard}:{number}: not a result row") from None
                yield _checked(row, f"{shard}:{number}")


def _is_count(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and value >= 0


def _check_counts(counts: Any) -> None:
    """Raise ``TypeError`` (``KeyError`` for a missing one) naming the first
    count of a ``summary.json`` that is not one: a string there was a traceback."""
    if not isinstance(counts, dict):
        raise TypeError("'summary' is not an object")
    for name in ("articles", "pass", "warn", "fail"):
        if not _is_count(counts[name]):
            raise TypeError(f"{name!r} is not a count")
    for name in ("findings", "categories"):
        table = counts[name]
        if not isinstance(table, dict) or not all(map(_is_count, table.values())):
            raise TypeError(f"{name!r} is not a table of counts")
    errors = counts["input_errors"]
    if not isinstance(errors, list) or not all(
        isinstance(error, dict)
        and isinstance(error.get("path"), str)
        and isinstance(error.get("message"), str)
        and (error.get("line") is None or _is_count(error["line"]))
        for error in errors
    ):
        raise TypeError("'input_errors' holds a value that is not an input error")


def run_summary(folder: Path, rows: list[dict[str, Any]]) -> Summary:
    """The run's summary from ``summary.json``, else counted from ``rows``."""
    summary = Summary()
    saved = folder / SUMMARY_NAME
    if saved.is_file():
        try:
            counts = json.loads(saved.read_text(encoding="utf-8"))["summary"]
            _check_counts(counts)
            summary.articles = counts["articles"]
            summary.verdicts = {verdict: counts[verdict] for verdict in ("pass", "warn", "fail")}
            summary.severities.update(counts["findings"])
            summary.categories.update(counts["categories"])
            for error in counts["input_errors"]:
                summary.add_error(InputError(error["path"], error["message"], error.get("line")))
        except (OSError, ValueError, LookupError, TypeError, RecursionError) as error:
            problem = f"no {error}" if isinstance(error, KeyError) else str(error)
            if isinstance(error, RecursionError):
                problem = "nested too deeply"
            raise QualitycheckError(f"{saved}: not a run summary: {problem}") from None
        return summary
    for row in rows:
        summary.articles += 1
        summary.verdicts[row["verdict"]] += 1
        for finding in row["findings"]:
            summary.severities[finding["severity"]] += 1
            summary.categories[finding["category"]] += 1
    return summary


def input_versions(folder: Path) -> dict[str, str]:
    """Each input shard's SHA-256 when the run checked it, by its path, as
    ``summary.json`` records them (none for a run that did not)."""
    try:
        shards = json.loads((folder / SUMMARY_NAME).read_text(encoding="utf-8"))["shards"]
        return {
            s["input"]: s["input_sha256"]
            for s in shards
            if isinstance(s, dict) and isinstance(s.get("input"), str) and s.get("input_sha256")
        }
    except (OSError, ValueError, LookupError, TypeError, RecursionError):
        return {}


def _location(path: str, checked: str | None) -> Path:
    """The file a row's ``path`` names: a name that was not UTF-8 is in the
    results with ``\\xff`` escapes (``shown``), which name no file; the one
    with the SHA-256 the run recorded where two such names exist."""
    found = [Path(name) for name in shown_names(path) if os.path.lexists(name)]
    if len(found) > 1 and checked:
        found = [p for p in found if file_sha256(p) == checked] or found
    return found[0] if found else Path(path)


class Sources:
    """The source text of each row, read from its input shard (once per shard).

    ``versions`` (:func:`input_versions`) are the inputs' SHA-256 when they
    were checked: an input that changed since would give the findings'
    offsets other words to mark, so its articles are shown without text."""

    def __init__(self, config: Config, versions: dict[str, str] | None = None) -> None:
        self.config = config
        self.versions = versions or {}
        self.path: str | None = None
        self.texts: dict[int | None, str] = {}
        self.missing: list[str] = []

    def _load(self, path: str) -> None:
        self.path, self.texts = path, {}
        checked = self.versions.get(path)
        location = _location(path, checked)
        if checked and file_sha256(location) not in ("", checked):
            self.missing.append(
                f"{path}: changed since the run checked it; its articles are shown without text"
            )
            return
        source = InputSource(path, format_for(path), location)
        for item in read_source(source, self.config.read_settings):
            if isinstance(item, Article):
                self.texts[item.record_line] = item.source
            elif item.line is None:  # the whole input is gone or unreadable
                self.missing.append(f"{path}: {item.message}; its articles are shown without text")

    def text(self, row: dict[str, Any]) -> str:
        if row["path"] != self.path:
            self._load(row["path"])
        return self.texts.get(row["record_line"], "")
