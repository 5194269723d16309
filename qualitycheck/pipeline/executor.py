"""Work on several cores: same results, same order, bounded memory, nothing lost.

A generic executor: it knows nothing of articles. The caller hands it a
per-run ``state`` (the loaded checker), a module-level ``work(state, item)``
function, optionally a ``prepare(item)`` step that must see the items in
input order in the main process (cross-item counts), and ``on_lost(item,
reason)``, the result to give for an item whose worker process died. Two
things keep the output identical to a one-core run, byte for byte:

- ``prepare`` runs in the main process, in input order, before an item is
  handed out;
- results are yielded in submission order, whatever order workers finish in.

A worker's result crosses back to the main process pickled, and the main
process pays to unpickle it while the workers compete for the same cores. An
optional ``finish(item, sent)`` lets ``work`` send back less: it runs in the
main process, which still holds every item in flight, and builds the output
from the item and what the worker sent (the article need not travel twice).

At most ``IN_FLIGHT_PER_JOB`` chunks per worker are queued, so a 1 GB JSONL
input streams through in bounded memory. Workers are forked where the
platform allows it, so they inherit the loaded state instead of loading or
unpickling it again; the state reaches each worker once, through the pool's
initializer, and lives only in that worker process.

A worker that dies (the out-of-memory killer, ``kill -9``) breaks the whole
pool, and every chunk in flight with it. The chunks that had not finished
are run again on a fresh pool, one at a time so that a death can be pinned
on one chunk; a chunk that kills its worker when it runs alone is run item by
item, and an item that kills its worker when it runs alone gets
``on_lost(item, LOST)``. Every other item keeps its result and its place.

Workers die with the main process: on Linux the kernel sends them SIGKILL
when it exits (``PR_SET_PDEATHSIG``), elsewhere a thread in each worker
watches its parent. A SIGTERM handler in the main process (see
:mod:`qualitycheck.primitives.termination`) stops the pool first.
"""

from __future__ import annotations

import ctypes
import gc
import multiprocessing
import os
import signal
import sys
import threading
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from typing import Any, TypeVar

from qualitycheck.pipeline.collector import YOUNGEST_GENERATION_THRESHOLD, set_aside
from qualitycheck.primitives.termination import (
    ignore_interrupts,
    interrupts_held,
    on_termination,
    restore_default_termination,
)

#: Items sent to a worker at a time (amortises the inter-process cost).
CHUNK = 16
#: Chunks queued per worker: enough to keep workers busy, small enough for memory.
IN_FLIGHT_PER_JOB = 4
#: Younger-generation collections between two full ones in a worker (CPython: 10).
OLDEST_GENERATION_THRESHOLD = 100
#: Why an item has no result of its own.
LOST = "the worker process died while checking it (killed or out of memory)"
#: Seconds between checks of the parent where the kernel cannot signal its death.
PARENT_POLL_SECONDS = 1.0
#: ``prctl`` option: the signal a process gets when its parent dies (Linux).
_PR_SET_PDEATHSIG = 1

Item = TypeVar("Item")
Output = TypeVar("Output")
Work = Callable[[Any, Item], Output]


class _WorkerSlot:
    """The state a worker process was started with (set only in workers)."""

    state: Any = None
    work: Any = None


def _start_worker(work: Callable[[Any, Any], Any], state: Any, parent: int) -> None:
    restore_default_termination()
    ignore_interrupts()
    _die_with(parent)
    # What a forked worker inherits (the loaded state) lives as long as the
    # worker: keep the garbage collector off it. A full collection would walk
    # it again in every worker, writing to each object's header and so copying
    # the pages the worker shares with its parent. (Moving it aside is O(1).)
    gc.freeze()
    # Frozen objects leave the oldest generation nearly empty, so CPython's
    # guard against quadratic full collections (pending survivors > 25% of
    # that generation) no longer holds them back: a worker made one full
    # collection (~35 ms) per ~170 articles. Checking leaves little cyclic
    # garbage that outlives the younger generations; those still run as often.
    # The youngest generation: see YOUNGEST_GENERATION_THRESHOLD.
    first, second, third = gc.get_threshold()
    gc.set_threshold(
        max(first, YOUNGEST_GENERATION_THRESHOLD),
        second,
        max(third, OLDEST_GENERATION_THRESHOLD),
    )
    _WorkerSlot.work = work
    _WorkerSlot.state = state


def _die_with(parent: int) -> None:
    """End this worker when process ``parent`` ends, however it ends.

    A worker blocks reading its work queue; when the main process is killed
    nothing ever closes that queue, and idle workers would wait forever.
    """
    if sys.platform.startswith("linux"):
        try:
            libc = ctypes.CDLL(None, use_errno=True)
            armed = libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0) == 0
        except (OSError, AttributeError):
            armed = False
        if armed:
            if os.getppid() != parent:  # the parent died before the signal was armed
                os._exit(1)
            return
    threading.Thread(target=_watch_parent, args=(parent,), daemon=True).start()


def _watch_parent(parent: int) -> None:
    """Exit once this process has been handed to another parent (its own died)."""
    while os.getppid() == parent:
        time.sleep(PARENT_POLL_SECONDS)
    os._exit(1)


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


#: Seconds an aborted pool's manager thread is given to finish.
ABORT_WAIT = 10.0


class _Pool:
    """A process pool that is replaced by a fresh one when a worker dies."""

    def __init__(
        self,
        jobs: int,
        work: Callable[[Any, Any], Any],
        state: Any,
        finish: Callable[[Any, Any], Any] | None = None,
    ) -> None:
        methods = multiprocessing.get_all_start_methods()
        self.context = multiprocessing.get_context("fork" if "fork" in methods else "spawn")
        self.jobs, self.work, self.state, self.finish = jobs, work, state, finish
        self.executor = self._start()

    def finished(self, items: list[Any], sent: list[Any]) -> list[Any]:
        """The outputs of ``items`` from what their worker sent back."""
        if self.finish is None:
            return sent
        finish = self.finish
        return [finish(item, one) for item, one in zip(items, sent, strict=True)]

    def _start(self) -> ProcessPoolExecutor:
        return ProcessPoolExecutor(
            max_workers=self.jobs,
            mp_context=self.context,
            initializer=_start_worker,
            initargs=(self.work, self.state, os.getpid()),
        )

    def submit(self, items: list[Any]) -> Future[list[Any]]:
        """The future results of ``items``; when a worker already died, a future
        that failed the same way, so one recovery path handles both."""
        try:
            with interrupts_held():  # (workers are started here)
                return self.executor.submit(_run_chunk, items)
        except BrokenProcessPool as error:
            lost: Future[list[Any]] = Future()
            lost.set_exception(error)
            return lost

    def run_alone(self, items: list[Any]) -> list[Any] | None:
        """The results of ``items`` with nothing else in flight; ``None`` when a
        worker died running them (the pool is then replaced)."""
        try:
            return self.finished(items, self.submit(items).result())
        except BrokenProcessPool:
            self.replace()
            return None

    def replace(self) -> None:
        self.abort()
        self.executor = self._start()

    def kill_workers(self) -> None:
        """Kill the workers and nothing else: what a SIGTERM handler may do.

        The handler runs between two bytecodes of the main thread, which may
        be inside ``submit`` holding the pool's lock; shutting the pool down
        there would wait for that lock forever. With its workers dead the
        pool breaks, its manager thread ends, and the unwinding (or the
        interpreter's exit) closes it.
        """
        for process in list((self.executor._processes or {}).values()):
            process.kill()

    def abort(self) -> None:
        """Stop now: queued work is dropped and running workers are killed,
        rather than waited for."""
        # ``_processes`` is the executor's own record of its workers; there is
        # no public way to stop a worker in the middle of an item.
        processes = list((self.executor._processes or {}).values())
        manager: threading.Thread | None = getattr(self.executor, "_executor_manager_thread", None)
        for process in processes:
            process.kill()
        self.executor.shutdown(wait=False, cancel_futures=True)
        # Let the pool's manager thread see its dead workers and finish now.
        # Left running, it races the interpreter's exit hook, which wakes it
        # through a pipe it may just have closed ("Bad file descriptor" on
        # standard error after SIGTERM, CPython 3.11).
        if manager is not None and manager.is_alive():
            manager.join(timeout=ABORT_WAIT)

    def close(self) -> None:
        self.executor.shutdown(wait=True)


def ordered_map(
    work: Callable[[Any, Item], Any],
    state: Any,
    items: Iterable[Item],
    jobs: int,
    on_lost: Callable[[Item, str], Output],
    prepare: Callable[[Item], None] | None = None,
    chunk: int = CHUNK,
    finish: Callable[[Item, Any], Output] | None = None,
) -> Iterator[Output]:
    """``work(state, item)`` for every item on ``jobs`` worker processes, in
    input order; ``on_lost(item, LOST)`` for an item whose worker died. ``work``
    must be a module-level function (workers find it by name when they are
    spawned rather than forked). With ``finish``, the output of an item is
    ``finish(item, work(state, item))``, computed in the main process."""

    def prepared() -> Iterator[Item]:
        for item in items:
            if prepare is not None:
                prepare(item)
            yield item

    pool = _Pool(jobs, work, state, finish)
    pending: deque[tuple[list[Item], Future[list[Output]]]] = deque()
    finished = False
    try:
        with on_termination(pool.kill_workers), set_aside():
            for part in _chunks(prepared(), chunk):
                pending.append((part, pool.submit(part)))
                if len(pending) >= jobs * IN_FLIGHT_PER_JOB:
                    yield from _next_results(pool, pending, on_lost)
            while pending:
                yield from _next_results(pool, pending, on_lost)
        finished = True
    finally:
        if finished:
            pool.close()
        else:  # an error, Ctrl-C, SIGTERM or a consumer that stopped early
            pool.abort()


def _next_results(
    pool: _Pool,
    pending: deque[tuple[list[Item], Future[list[Output]]]],
    on_lost: Callable[[Item, str], Output],
) -> list[Output]:
    """The results of the oldest chunk in flight, recovering from a dead worker."""
    part, future = pending.popleft()
    try:
        sent = future.result()
    except BrokenProcessPool:
        pass
    else:
        return sent if isinstance(future, _Rerun) else pool.finished(part, sent)
    # The pool is broken: every chunk that had not finished was lost with it.
    pool.replace()
    results = _rerun(pool, part, on_lost)
    for index, (other, other_future) in enumerate(pending):
        finished = other_future.done() and not other_future.cancelled()
        if finished and other_future.exception() is None:
            continue  # finished before the worker died
        rerun: Future[list[Output]] = _Rerun()
        rerun.set_result(_rerun(pool, other, on_lost))
        pending[index] = (other, rerun)
    return results


class _Rerun(Future):
    """The outputs of a chunk run again after a worker died: already finished."""


def _rerun(pool: _Pool, part: list[Item], on_lost: Callable[[Item, str], Output]) -> list[Output]:
    """``part`` run alone on the fresh pool; item by item if it kills a worker again."""
    results = pool.run_alone(part)
    if results is not None:
        return results
    return [
        single[0] if (single := pool.run_alone([item])) is not None else on_lost(item, LOST)
        for item in part
    ]
