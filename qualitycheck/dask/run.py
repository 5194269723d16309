"""A corpus of shards checked on a Dask cluster, one task per input shard.

:func:`check_corpus` plans the run on the client (discovery, as ``check``
walks folders) and returns a Dask bag with one partition per shard; computing
it writes one result shard per input shard into the output folder and yields
each shard's :class:`~qualitycheck.dask.shards.ShardResult`.
:func:`finish` merges those, in input order, into ``summary.json``.
:func:`run_corpus` does both on a client. Dask and pyarrow are imported here
only when a run starts (``pip install 'qualitycheck[dask]'``).
"""

from __future__ import annotations

import glob
import json
import os
import re
import tempfile
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from qualitycheck.config.loading import ConfigLike, resolve_config
from qualitycheck.config.settings import Config
from qualitycheck.dask.shards import (
    SHARD_FORMATS,
    RunConfig,
    ShardResult,
    ShardTask,
    check_shard,
    line_histories,
)
from qualitycheck.errors import InputError, QualitycheckError
from qualitycheck.pipeline.checker import Checker
from qualitycheck.pipeline.suppressions import unused_over
from qualitycheck.primitives.cache import file_sha256
from qualitycheck.readers import InputSource
from qualitycheck.readers.discovery import discover, path_names
from qualitycheck.renderers.contract import TOOL, Summary, unused_suppression_warnings
from qualitycheck.version import SCHEMA_VERSION

#: The summary of a run, written beside the result shards.
SUMMARY_NAME = "summary.json"
#: The temporary file of a shard or of summary.json being written (mkstemp's name).
_UNFINISHED = re.compile(r"\.(\d{5,}-.+\.(jsonl|parquet)|summary\.json)\.[a-z0-9_]+\.tmp")
#: Dask retries of a task that raised (a worker lost is rescheduled by Dask itself).
RETRIES = 2
NO_DASK = "--dask needs Dask: pip install 'qualitycheck[dask]'"


@dataclass
class CorpusSummary:
    """The merged counts of a run: the contract's summary, plus per-rule totals."""

    summary: Summary
    rules: dict[str, int]
    shards: list[ShardResult]

    def as_dict(self) -> dict[str, Any]:
        return {
            "schema_version": SCHEMA_VERSION,
            "tool": TOOL,
            "summary": {**self.summary.as_dict(), "rules": self.rules},
            "shards": [
                {"input": s.path, "output": s.output or None, "articles": s.articles,
                 "input_errors": len(s.input_errors), "input_sha256": s.input_sha256 or None}
                for s in self.shards
            ],
        }  # fmt: skip

    @property
    def exit_code(self) -> int:
        """As for a local run: 2 on any input error, else 1 when an article fails, else 0."""
        if self.summary.input_errors:
            return 2
        return 1 if self.summary.verdicts["fail"] else 0


#: What ``paths`` may be: files and folders, or one of them.
Paths = Iterable[str | os.PathLike[str]] | str | os.PathLike[str]


def plan(
    paths: Paths,
    config: Config,
    output_dir: Path,
    output_format: str = "jsonl",
    shard_runs: bool = False,
) -> list[ShardTask | ShardResult]:
    """One task per discovered input file, in input order; an input that
    cannot be read (or standard input) is a finished result with its error.
    Unless ``shard_runs``, each task carries its articles' line histories over
    the whole corpus (read once here, in input order), so the results equal a
    one-process run's."""
    if output_format not in SHARD_FORMATS:
        raise QualitycheckError(
            f"result shards are {' or '.join(SHARD_FORMATS)}, not {output_format!r}"
        )
    items: list[ShardTask | ShardResult] = []
    for source in discover(path_names(paths), config.include, config.exclude, base=config.base):
        index = len(items)
        if isinstance(source, InputError) or source.location is None:
            error = (
                source
                if isinstance(source, InputError)
                else InputError(source.path, "a Dask run reads files, not standard input")
            )
            items.append(ShardResult(index, error.path, "", input_errors=[error.as_dict()]))
            continue
        location = str(source.location.resolve())
        items.append(
            ShardTask(index, source.path, source.format, location, str(output_dir), output_format)
        )
    if shard_runs or not config.use_models:
        return items
    tasks = [item for item in items if isinstance(item, ShardTask)]
    versions = {t.index: file_sha256(Path(t.location)) for t in tasks}  # before they are read
    sources = [InputSource(t.path, t.format, Path(t.location)) for t in tasks]
    histories = dict(zip((t.index for t in tasks), line_histories(sources, config), strict=True))
    return [
        replace(item, histories=histories[item.index], counted_sha256=versions[item.index])
        if isinstance(item, ShardTask)
        else item
        for item in items
    ]


def _run_item(item: ShardTask | ShardResult, run: RunConfig) -> ShardResult:
    return item if isinstance(item, ShardResult) else check_shard(item, run)


def check_corpus(
    paths: Paths,
    *,
    config: ConfigLike = None,
    output_dir: str | os.PathLike[str] | None = None,
    output_format: str = "jsonl",
    retries: int = RETRIES,
    shard_runs: bool = False,
) -> Any:
    """A Dask bag of :class:`ShardResult`, one partition (task) per input shard.

    Nothing runs until it is computed (on the current client, or Dask's
    default scheduler). ``output_dir`` (default ``./qualitycheck-results``)
    must be a folder every worker can write (a shared file system on a real
    cluster); each input shard ``i`` becomes ``output_dir/{i:05d}-NAME.jsonl``
    (or ``.parquet``). Pass the results to :func:`finish` for the summary.
    ``paths`` may be one path; ``config`` takes what the API's ``config=``
    takes (a path, a mapping of config keys, a ``Config`` or None).
    """
    items, run = _planned(paths, config, output_dir, output_format, shard_runs)
    return _bag(items, run, retries)


def _planned(
    paths: Paths,
    config: ConfigLike,
    output_dir: str | os.PathLike[str] | None,
    output_format: str,
    shard_runs: bool,
) -> tuple[list[ShardTask | ShardResult], RunConfig]:
    config = resolve_config(config)
    # Built once here, and dropped: an invalid rule pack, rule selector or
    # models folder stops the run before any task, with the local run's error,
    # instead of failing every shard three times on the workers.
    Checker(config)
    folder = Path(output_dir if output_dir is not None else "qualitycheck-results").resolve()
    return plan(paths, config, folder, output_format, shard_runs), RunConfig.of(config)


def _bag(items: list[ShardTask | ShardResult], run: RunConfig, retries: int) -> Any:
    try:
        import dask
        import dask.bag as db
    except ImportError as exc:
        raise QualitycheckError(NO_DASK) from exc
    # (Computing the bag whole with optimisation drops this annotation:
    # :func:`computed` gives the retries to each shard's computation itself.)
    with dask.annotate(retries=retries):
        bag = db.from_sequence(items, npartitions=max(1, len(items)))
        return bag.map(_run_item, run)


def computed(
    client: Any, bag: Any, items: list[ShardTask | ShardResult], retries: int = RETRIES
) -> list[ShardResult]:
    """Each partition of ``bag`` (the shard ``items[i]``, :func:`check_corpus`)
    computed on ``client`` as a computation of its own, retried ``retries``
    times; a shard that still fails (it raised, or its workers kept dying)
    becomes an input error naming its file, and the other shards' results
    stand, as a broken article is an input error in a local run."""
    if not items:  # (an empty bag still has one partition, holding nothing)
        return []
    futures = client.compute(bag.to_delayed(), retries=retries)
    results: list[ShardResult] = []
    for item, future in zip(items, futures, strict=True):
        try:
            results.extend(future.result())
        except BaseException as exc:  # a cancelled future is no Exception
            if isinstance(exc, KeyboardInterrupt | SystemExit):
                raise
            message = f"shard not checked, its results are missing ({type(exc).__name__}: {exc})"
            if isinstance(item, ShardTask):  # what its last try left half-written
                _remove_partial(Path(item.output_dir), item.output_name)
            results.append(
                ShardResult(
                    item.index,
                    item.path,
                    "",
                    input_errors=[{"path": item.path, "message": message}],
                )
            )
    return results


def _remove_partial(folder: Path, output: str) -> None:
    """Remove the temporary files a task writing ``output`` left in ``folder``
    (a worker that died mid-write, or a shard whose every try failed)."""
    for stale in folder.glob(f".{glob.escape(output)}.*.tmp"):
        stale.unlink(missing_ok=True)


def remove_unfinished(folder: Path) -> None:
    """Remove from ``folder`` the temporary files of shards (and summary.json)
    still being written when the run was stopped (Ctrl-C, SIGTERM): called once
    the cluster is gone, it removes what its stopped workers left half-written."""
    try:
        for path in folder.iterdir():
            if _UNFINISHED.fullmatch(path.name):
                path.unlink(missing_ok=True)
    except OSError:
        pass  # no folder yet, or one that cannot be listed: nothing of ours in it


def finish(
    results: Iterable[ShardResult],
    output_dir: str | os.PathLike[str],
    *,
    config: ConfigLike = None,
) -> CorpusSummary:
    """Merge the shards' counts in input order and write ``summary.json``
    (atomically) into ``output_dir``; remove the temporary files of tasks
    whose worker died while writing (their retry wrote the shard). With the
    run's ``config`` and its ``warn_unused_suppressions``, the summary names
    the config suppressions that hid nothing in any shard, as a local run's."""
    shards = sorted(results, key=lambda shard: shard.index)
    summary = Summary()
    rules: Counter[str] = Counter()
    for shard in shards:
        summary.articles += shard.articles
        for counts, merged in (
            (shard.verdicts, summary.verdicts),
            (shard.severities, summary.severities),
            (shard.categories, summary.categories),
        ):
            for key, value in counts.items():
                merged[key] = merged.get(key, 0) + value
        rules.update(shard.rules)
        for error in shard.input_errors:
            line = error.get("line")
            summary.add_error(
                InputError(str(error["path"]), str(error["message"]),
                           line if isinstance(line, int) else None)
            )  # fmt: skip
    settings = resolve_config(config)
    if settings.warn_unused_suppressions:
        summary.config_warnings = unused_suppression_warnings(
            unused_over(settings.suppressions, [shard.suppressions for shard in shards])
        )
    corpus = CorpusSummary(summary, dict(sorted(rules.items())), shards)
    folder = Path(output_dir)
    folder.mkdir(parents=True, exist_ok=True)
    for shard in shards:  # what a task left when its worker died mid-write
        if shard.output:
            _remove_partial(folder, shard.output)
    descriptor, name = tempfile.mkstemp(prefix=f".{SUMMARY_NAME}.", suffix=".tmp", dir=folder)
    with os.fdopen(descriptor, "w", encoding="utf-8") as stream:
        json.dump(corpus.as_dict(), stream, ensure_ascii=False, indent=2)
        stream.write("\n")
    os.replace(name, folder / SUMMARY_NAME)
    return corpus


def run_corpus(
    paths: Paths,
    client: Any,
    *,
    config: ConfigLike = None,
    output_dir: str | os.PathLike[str] = "qualitycheck-results",
    output_format: str = "jsonl",
    shard_runs: bool = False,
) -> CorpusSummary:
    """Check ``paths`` on ``client`` (a ``distributed.Client``) into ``output_dir``."""
    items, run = _planned(paths, config, output_dir, output_format, shard_runs)
    results = computed(client, _bag(items, run, RETRIES), items)
    return finish(results, Path(output_dir).resolve(), config=run.config)
