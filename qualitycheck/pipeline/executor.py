"""Checking on several cores: same results, same order, bounded memory.

The main process reads the inputs (cheap) and hands articles to worker
processes in small chunks; results come back in input order. Two things keep
the output identical to a one-core run, byte for byte:

- the boilerplate model's "seen in earlier articles" counts depend on every
  article before this one, which a worker does not see; the main process
  counts them in input order and sends them with each article
  (``Article.line_history``);
- results are yielded in submission order, whatever order workers finish in.

At most ``IN_FLIGHT_PER_JOB`` chunks per worker are queued, so a 1 GB JSONL
input streams through in bounded memory. Workers are forked where the
platform allows it, so they inherit the loaded rules and models instead of
loading them again.
"""

from __future__ import annotations

import multiprocessing
import os
from collections import deque
from collections.abc import Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from typing import TYPE_CHECKING

from qualitycheck.document.article import Article
from qualitycheck.errors import InputError

if TYPE_CHECKING:
    from qualitycheck.config.loading import Config
    from qualitycheck.pipeline.checker import ArticleResult, Checker

#: Articles sent to a worker at a time (amortises the inter-process cost).
CHUNK = 16
#: Chunks queued per worker: enough to keep workers busy, small enough for memory.
IN_FLIGHT_PER_JOB = 4
#: Inputs smaller than this are checked on one core by default (start-up costs).
PARALLEL_FROM_BYTES = 2_000_000

Item = Article | InputError

_worker_checker: Checker | None = None


def available_cores() -> int:
    """Cores this process may run on."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def default_jobs(input_bytes: int) -> int:
    """``--jobs`` when not given: every core for large inputs, one for small ones."""
    return available_cores() if input_bytes >= PARALLEL_FROM_BYTES else 1


def input_bytes(paths: list[str], config: Config) -> int:
    """Total size of the files ``paths`` name (standard input counts as small)."""
    from qualitycheck.readers.discovery import discover

    total = 0
    for source in discover(paths, config.include, config.exclude):
        location = getattr(source, "location", None)
        if location is not None:
            try:
                total += location.stat().st_size
            except OSError:
                continue
        if total >= PARALLEL_FROM_BYTES:
            break
    return total


def _start_worker(config: Config) -> None:
    """Worker start: a forked worker already holds the parent's checker."""
    global _worker_checker
    if _worker_checker is None:
        from qualitycheck.pipeline.checker import Checker

        _worker_checker = Checker(config)


def _check_chunk(items: list[Item]) -> list[ArticleResult | InputError]:
    from qualitycheck.pipeline.checker import check_one

    checker = _worker_checker
    assert checker is not None
    return [item if isinstance(item, InputError) else check_one(checker, item) for item in items]


def _chunks(items: Iterable[Item], size: int) -> Iterator[list[Item]]:
    chunk: list[Item] = []
    for item in items:
        chunk.append(item)
        if len(chunk) >= size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def _with_line_history(checker: Checker, items: Iterable[Item]) -> Iterator[Item]:
    """Articles with the boilerplate model's cross-article counts filled in."""
    detector = checker.models.boilerplate if checker.models is not None else None
    for item in items:
        if detector is not None and isinstance(item, Article):
            item.line_history = detector.memory.history([block.text for block in item.blocks])
        yield item


def check_parallel(
    checker: Checker, items: Iterable[Item], jobs: int
) -> Iterator[ArticleResult | InputError]:
    """Results of ``items`` checked on ``jobs`` worker processes, in input order."""
    global _worker_checker
    methods = multiprocessing.get_all_start_methods()
    context = multiprocessing.get_context("fork" if "fork" in methods else "spawn")
    _worker_checker = checker  # inherited by forked workers
    pending: deque[Future[list[ArticleResult | InputError]]] = deque()
    try:
        with ProcessPoolExecutor(
            max_workers=jobs,
            mp_context=context,
            initializer=_start_worker,
            initargs=(checker.config,),
        ) as pool:
            for chunk in _chunks(_with_line_history(checker, items), CHUNK):
                pending.append(pool.submit(_check_chunk, chunk))
                if len(pending) >= jobs * IN_FLIGHT_PER_JOB:
                    yield from pending.popleft().result()
            while pending:
                yield from pending.popleft().result()
    finally:
        _worker_checker = None
        for future in pending:
            future.cancel()
