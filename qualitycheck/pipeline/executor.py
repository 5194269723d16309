"""Work on several cores: same results, same order, bounded memory.

A generic executor: it knows nothing of articles. The caller hands it a
per-run ``state`` (the loaded checker), a module-level ``work(state, item)``
function, and optionally a ``prepare(item)`` step that must see the items in
input order in the main process (cross-item counts). Two things keep the
output identical to a one-core run, byte for byte:

- ``prepare`` runs in the main process, in input order, before an item is
  handed out;
- results are yielded in submission order, whatever order workers finish in.

At most ``IN_FLIGHT_PER_JOB`` chunks per worker are queued, so a 1 GB JSONL
input streams through in bounded memory. Workers are forked where the
platform allows it, so they inherit the loaded state instead of loading or
unpickling it again; the state reaches each worker once, through the pool's
initializer, and lives only in that worker process.
"""

from __future__ import annotations

import multiprocessing
import os
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from typing import Any, TypeVar

#: Items sent to a worker at a time (amortises the inter-process cost).
CHUNK = 16
#: Chunks queued per worker: enough to keep workers busy, small enough for memory.
IN_FLIGHT_PER_JOB = 4

Item = TypeVar("Item")
Output = TypeVar("Output")
Work = Callable[[Any, Item], Output]


class _WorkerSlot:
    """The state a worker process was started with (set only in workers)."""

    state: Any = None
    work: Any = None


def _start_worker(work: Callable[[Any, Any], Any], state: Any) -> None:
    _WorkerSlot.work = work
    _WorkerSlot.state = state


def _run_chunk(items: list[Any]) -> list[Any]:
    work, state = _WorkerSlot.work, _WorkerSlot.state
    return [work(state, item) for item in items]


def available_cores() -> int:
    """Cores this process may run on."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def _chunks(items: Iterable[Item], size: int) -> Iterator[list[Item]]:
    chunk: list[Item] = []
    for item in items:
        chunk.append(item)
        if len(chunk) >= size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def ordered_map(
    work: Callable[[Any, Item], Output],
    state: Any,
    items: Iterable[Item],
    jobs: int,
    prepare: Callable[[Item], None] | None = None,
    chunk: int = CHUNK,
) -> Iterator[Output]:
    """``work(state, item)`` for every item on ``jobs`` worker processes, in
    input order. ``work`` must be a module-level function (workers find it by
    name when they are spawned rather than forked)."""

    def prepared() -> Iterator[Item]:
        for item in items:
            if prepare is not None:
                prepare(item)
            yield item

    methods = multiprocessing.get_all_start_methods()
    context = multiprocessing.get_context("fork" if "fork" in methods else "spawn")
    pending: deque[Future[list[Output]]] = deque()
    try:
        with ProcessPoolExecutor(
            max_workers=jobs,
            mp_context=context,
            initializer=_start_worker,
            initargs=(work, state),
        ) as pool:
            for part in _chunks(prepared(), chunk):
                pending.append(pool.submit(_run_chunk, part))
                if len(pending) >= jobs * IN_FLIGHT_PER_JOB:
                    yield from pending.popleft().result()
            while pending:
                yield from pending.popleft().result()
    finally:
        for future in pending:
            future.cancel()
