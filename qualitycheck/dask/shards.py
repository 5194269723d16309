"""One input shard checked into one result shard: the task a Dask worker runs.

Nothing here imports Dask: a task is a plain function of a :class:`ShardTask`
and a :class:`RunConfig` (the run's config and a key for it), so it runs the
same on a worker, in a test, or in a loop.

- **The checker is built once per worker process** (once per thread that
  runs a task at the same time), from the config: the key, computed once on
  the client, names it in a process-wide pool (:func:`worker_checker`), so
  the rules and models are loaded by the first task a worker runs and reused
  by the next ones. The
  :class:`~qualitycheck.pipeline.checker.Checker` itself never travels.
- **The corpus is one run**: the client counts, in input order, how often
  each line of each article was seen in the articles before it (the
  boilerplate model's only cross-article feature, :func:`line_histories`)
  and sends each task its shard's counts, so the results are those of
  ``qualitycheck check SHARDS... --jobs 1`` on the whole corpus. With
  ``shard_runs`` each shard is a run of its own instead (:meth:`Checker.new_run`,
  counts start empty: ``check SHARD --jobs 1``), which spares the client
  reading the corpus once before the cluster starts.
- **A result shard is written atomically**: a temporary file in the output
  folder, renamed over the shard's name when every article is written. A task
  that Dask retries after its worker died overwrites the same name; a dead
  task leaves at most a temporary file, never a partial shard.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import tempfile
import threading
import time
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from qualitycheck.config.settings import Config, with_absolute_files
from qualitycheck.detect.rules.packs import pack_files
from qualitycheck.errors import InputError
from qualitycheck.pipeline.checker import Checker
from qualitycheck.pipeline.inputs import check_one, check_source, read_one
from qualitycheck.pipeline.results import ArticleResult
from qualitycheck.primitives.cache import file_sha256
from qualitycheck.readers import InputSource
from qualitycheck.renderers.contract import Summary, article_dict
from qualitycheck.version import SCHEMA_VERSION

#: Result shard formats and their file suffixes.
SHARD_FORMATS = {"jsonl": ".jsonl", "parquet": ".parquet"}
_UNSAFE = re.compile(r"[^A-Za-z0-9._-]+")


@dataclass(frozen=True)
class ShardTask:
    """One input shard: its place in input order, how it is shown and read,
    and where its results go."""

    index: int
    path: str
    format: str
    location: str
    output_dir: str
    output_format: str = "jsonl"
    #: How often each line of each article of the shard was seen in the
    #: corpus before it (articles in read order); ``None``: the shard is a run
    #: of its own.
    histories: tuple[tuple[int, ...], ...] | None = None
    #: SHA-256 of the input as the client counted its lines (with ``histories``).
    counted_sha256: str = ""

    @property
    def output_name(self) -> str:
        return shard_name(self.index, self.path, self.output_format)


@dataclass
class ShardResult:
    """What a task returns: the counts of its shard (the result rows are in
    the shard file), enough to build the run's summary without reading them."""

    index: int
    path: str
    output: str
    articles: int = 0
    verdicts: dict[str, int] = field(default_factory=dict)
    severities: dict[str, int] = field(default_factory=dict)
    categories: dict[str, int] = field(default_factory=dict)
    rules: dict[str, int] = field(default_factory=dict)
    input_errors: list[dict[str, object]] = field(default_factory=list)
    #: SHA-256 of the input shard as it was checked: ``report --from-results``
    #: reads the input again for the articles' text, and a file changed since
    #: would put the findings' offsets on other words.
    input_sha256: str = ""
    #: What each config suppression hid in the shard, and on how many of its
    #: articles it was put to the test: summed over the shards, the run's
    #: unused ones (``--warn-unused-suppressions``).
    suppressions: list[tuple[int, int]] = field(default_factory=list)
    #: CPU seconds the task took on its worker (throughput per core; not in summary.json,
    #: which stays the same from run to run).
    cpu_seconds: float = 0.0


def shard_name(index: int, path: str, output_format: str = "jsonl") -> str:
    """The result shard of input ``index``: ``00003-news_part-3.jsonl``.

    Deterministic (a retried task writes the same name), sorted in input order,
    and readable: the input's shown path with every unsafe run of characters
    replaced by ``_`` (its last 80 characters, so a deep path stays a name).
    """
    stem = _UNSAFE.sub("_", path.removeprefix("./")).strip("._")[-80:] or "input"
    return f"{index:05d}-{stem}{SHARD_FORMATS[output_format]}"


@dataclass(frozen=True)
class RunConfig:
    """A run's config as the tasks receive it, with the key its checker is
    cached under on the workers (computed once, on the client). The key
    covers what the checker loads besides the config, the contents of the
    config's rule packs and models folder, so a cluster that outlives a run
    does not check the next one with the packs or models as they were."""

    key: str
    config: Config

    @classmethod
    def of(cls, config: Config) -> RunConfig:
        config = with_absolute_files(config)  # (a worker's working folder is its own)
        digest = hashlib.sha256(repr(config).encode("utf-8"))
        files = pack_files(config.rules)
        if config.models_dir is not None and config.models_dir.is_dir():
            files += sorted(config.models_dir.glob("*.json"))  # (the models: TASK.json)
        for path in files:
            digest.update(f"|{path}|{file_sha256(path)}".encode())
        return cls(digest.hexdigest(), config)


#: Checkers not in use, by run key: one per task running at once in this
#: process (a worker with several threads runs several tasks at once).
_IDLE: dict[str, list[Checker]] = {}
_IDLE_LOCK = threading.Lock()


@contextmanager
def worker_checker(run: RunConfig) -> Iterator[Checker]:
    """A checker for the run's config that no other task uses meanwhile.

    Built on first use and kept for the next tasks of this process; a task
    running beside it in another thread gets a checker of its own, since a
    task starts a run afresh (``new_run``) and the checker keeps the run's
    state (line counts, rule budgets). One config at a time: a worker that
    sees another config (a second run on the same cluster) drops the old ones.
    """
    with _IDLE_LOCK:
        if run.key not in _IDLE:
            _IDLE.clear()
            _IDLE[run.key] = []
        idle = _IDLE[run.key]
        checker = idle.pop() if idle else None
    if checker is None:
        checker = Checker(run.config)
    try:
        yield checker
    finally:
        with _IDLE_LOCK:
            if run.key in _IDLE:
                _IDLE[run.key].append(checker)


class _Writer:
    """A result shard being written to its temporary file."""

    def __init__(self, temporary: Path, output_format: str) -> None:
        self.parquet: Any = None
        self.stream: Any = None
        if output_format == "parquet":
            from qualitycheck.renderers.parquet import ParquetWriterOf

            self.parquet = ParquetWriterOf(str(temporary))
        else:
            self.stream = temporary.open("w", encoding="utf-8", newline="\n")

    def add(self, result: ArticleResult) -> None:
        if self.parquet is not None:
            self.parquet.add(result)
            return
        record = {"schema_version": SCHEMA_VERSION, **article_dict(result)}
        self.stream.write(json.dumps(record, ensure_ascii=False) + "\n")

    def close(self) -> None:
        if self.parquet is not None:
            self.parquet.close()
        else:
            self.stream.close()


def line_histories(sources: list[InputSource], config: Config) -> list[tuple[tuple[int, ...], ...]]:
    """Each source's articles' line histories, counted over all the sources
    in order with the boilerplate model's own memory: exactly what a
    one-process run gives each article (it counts every article's lines)."""
    from qualitycheck.detect.models.line_memory import LineMemory

    memory = LineMemory()
    result = []
    for source in sources:
        shard = []
        for item in read_one(source, config):
            if not isinstance(item, InputError):
                shard.append(tuple(memory.history([block.normalized for block in item.blocks])))
        result.append(tuple(shard))
    return result


def _checked(
    checker: Checker, source: InputSource, histories: tuple[tuple[int, ...], ...] | None
) -> Iterator[ArticleResult | InputError]:
    """The shard's results, each article given its line history when known."""
    if histories is None:
        yield from check_source(checker, source)
        return
    index = 0
    for item in read_one(source, checker.config):
        if isinstance(item, InputError):
            yield item
            continue
        if index < len(histories) and len(histories[index]) == len(item.blocks):
            item.line_history = list(histories[index])
        index += 1
        yield check_one(checker, item)


#: The input error of a shard whose bytes changed after the client counted its lines.
CHANGED = (
    "changed since the run started: its lines were counted in the version before, so its "
    "results would not be those of one run; not checked (run it again)"
)


def check_shard(task: ShardTask, run: RunConfig) -> ShardResult:
    """Check one input shard into its result shard (atomically); its counts."""
    started = time.thread_time()
    checked_version = file_sha256(Path(task.location))
    if task.histories is not None and checked_version != task.counted_sha256:
        # Each article would get another's line counts, or none, unnoticed.
        return ShardResult(
            task.index, task.path, "", input_errors=[{"path": task.path, "message": CHANGED}]
        )
    with worker_checker(run) as checker:
        checker.new_run()
        return _check_shard(task, checker, started, checked_version)


def _check_shard(
    task: ShardTask, checker: Checker, started: float, checked_version: str
) -> ShardResult:
    folder = Path(task.output_dir)
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / task.output_name
    descriptor, name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=folder)
    os.close(descriptor)
    temporary = Path(name)
    summary = Summary()
    rules: Counter[str] = Counter()
    try:
        writer = _Writer(temporary, task.output_format)
        try:
            source = InputSource(task.path, task.format, Path(task.location))
            for item in _checked(checker, source, task.histories):
                if isinstance(item, InputError):
                    summary.add_error(item)
                    continue
                summary.add(item)
                rules.update(finding.rule for finding in item.findings)
                writer.add(item)
        finally:
            writer.close()
        os.replace(temporary, target)
    finally:
        temporary.unlink(missing_ok=True)
    return ShardResult(
        index=task.index,
        path=task.path,
        output=target.name,
        articles=summary.articles,
        verdicts=dict(summary.verdicts),
        severities=dict(summary.severities),
        categories=dict(summary.categories),
        rules=dict(sorted(rules.items())),
        input_errors=[error.as_dict() for error in summary.input_errors],
        input_sha256=checked_version,
        suppressions=checker.suppressor.run_state(),
        cpu_seconds=time.thread_time() - started,
    )
