"""Where a ``check --jobs N`` run spends its CPU: the main process by phase
and thread, each worker inside and outside ``check``.

    python benchmarks/jobs_profile.py FOLDER --jobs 2 [--format jsonl]

On two cores the main process's own CPU (start-up, reading, the line counts,
pickling articles out and results back, rendering, its collector) is taken
from the two workers, and what runs before the fork runs alone: this prints
those apart, as CPU time (``time.thread_time`` per phase and thread,
``getrusage`` for the processes), which unlike wall time does not depend on
what else the machine runs. The CLI runs in this process with timers wrapped
around the pipeline's functions; each worker writes its own figures to a
temporary folder after every chunk. It also prints the wall clock of the
first fork, of each worker's first and last chunk (how long a core stood idle
at the end) and of closing the pool, and what the same CPU would take on idle
cores: the CPU before the fork alone, the rest shared by the workers' cores (a
load-robust estimate; the machine's load shows in the wall time instead). A
measurement tool: it patches internals and may need updating when they change.
"""

from __future__ import annotations

import argparse
import contextlib
import gc
import glob
import json
import os
import resource
import tempfile
import threading
import time
from collections import defaultdict
from collections.abc import Callable, Iterator
from typing import Any

PHASES: defaultdict[str, float] = defaultdict(float)


def _timed(owner: Any, name: str, phase: str) -> None:
    original = getattr(owner, name)

    def timed(*args: Any, **kwargs: Any) -> Any:
        start = time.thread_time()
        try:
            return original(*args, **kwargs)
        finally:
            PHASES[phase] += time.thread_time() - start

    setattr(owner, name, timed)


def _timed_generator(owner: Any, name: str, phase: str) -> None:
    original = getattr(owner, name)

    def timed(*args: Any, **kwargs: Any) -> Iterator[Any]:
        items = original(*args, **kwargs)
        while True:
            start = time.thread_time()
            try:
                item = next(items)
            except StopIteration:
                return
            finally:
                PHASES[phase] += time.thread_time() - start
            yield item

    setattr(owner, name, timed)


def _thread_cpu(owner: type, label: Callable[[Any], str]) -> None:
    original = owner.run

    def run(self: Any) -> None:
        start = time.thread_time()
        try:
            original(self)
        finally:
            PHASES[label(self)] += time.thread_time() - start

    owner.run = run  # type: ignore[method-assign]


def _collector_cpu() -> Callable[[str, dict[str, int]], None]:
    started: dict[int, float] = {}

    def callback(phase: str, info: dict[str, int]) -> None:
        ident = threading.get_ident()
        if phase == "start":
            started[ident] = time.thread_time()
        elif ident in started:
            PHASES[f"collector (generation {info['generation']})"] += (
                time.thread_time() - started.pop(ident)
            )

    return callback


#: In a worker: CPU inside ``check``, CPU in its chunks, articles (module-level:
#: the pool finds the chunk function by name).
TOTALS = [0.0, 0.0, 0]
#: In a worker: CPU (user and system) before its first chunk (fork, initializer),
#: and the wall clock (``time.time``) when that chunk started.
FIRST: list[float] = []
WORKER_FOLDER: list[str] = []


def measured_chunk(items: list[Any]) -> list[Any]:
    """``executor._run_chunk`` with CPU timers; the worker's figures go to a file."""
    from qualitycheck.pipeline import executor

    work, state = executor._WorkerSlot.work, executor._WorkerSlot.state
    started = time.process_time()
    if not FIRST:
        FIRST.extend((started, time.time()))
    results = []
    for item in items:
        one = time.process_time()
        results.append(work(state, item))
        TOTALS[0] += time.process_time() - one
    TOTALS[1] += time.process_time() - started
    TOTALS[2] += len(items)
    usage = resource.getrusage(resource.RUSAGE_SELF)
    path = os.path.join(WORKER_FOLDER[0], str(os.getpid()))
    with open(path, "w", encoding="utf-8") as stream:
        json.dump(
            [
                *TOTALS,
                usage.ru_utime + usage.ru_stime,
                usage.ru_stime,
                usage.ru_minflt,
                *FIRST,
                time.time(),
            ],
            stream,
        )
    return results


#: In the main process: wall clock (``time.time``) of the first fork and of
#: the start and end of closing the pool (workers told to stop, then joined).
WALL: dict[str, float] = {}


def _instrument(folder: str) -> list[float]:
    """Wrap the pipeline's steps with timers; the first fork's CPU time goes in the list."""
    import concurrent.futures.process as process_pool

    from qualitycheck.pipeline import checker, executor, inputs
    from qualitycheck.renderers import group

    _timed_generator(inputs, "read_source", "main: read and parse")
    _timed(checker.Checker, "prepare", "main: prepare (line counts)")
    _timed(checker.Checker, "warm_up", "main: warm-up (before the fork)")
    _timed(inputs, "_attach", "main: attach results")
    opened = group.open_renderers

    def open_renderers(*args: Any, **kwargs: Any) -> Any:
        renderer = opened(*args, **kwargs)
        _timed(renderer, "article", "main: render")
        return renderer

    group.open_renderers = open_renderers  # type: ignore[assignment]
    # The call queue's feeder is a plain thread named after its job; the pool's
    # manager thread has a class (and a run method) of its own.
    _thread_cpu(
        threading.Thread,
        lambda thread: (
            "thread: feeder (pickles articles out)"
            if thread.name.startswith("QueueFeederThread")
            else f"thread: {thread.name}"
        ),
    )
    _thread_cpu(
        process_pool._ExecutorManagerThread,
        lambda thread: "thread: pool manager (unpickles results)",
    )
    forked: list[float] = []
    spawn = process_pool.ProcessPoolExecutor._spawn_process  # type: ignore[attr-defined]

    def spawn_process(self: Any) -> Any:
        if not forked:
            forked.append(time.process_time())
            WALL["fork"] = time.time()
        return spawn(self)

    process_pool.ProcessPoolExecutor._spawn_process = spawn_process  # type: ignore[attr-defined]
    close = executor._Pool.close

    def timed_close(self: Any) -> None:
        WALL["close"] = time.time()
        close(self)
        WALL["closed"] = time.time()

    executor._Pool.close = timed_close  # type: ignore[method-assign]
    WORKER_FOLDER.append(folder)
    executor._run_chunk = measured_chunk
    return forked


def _timeline(
    marks: dict[str, float], began: float, starts: list[float], ends: list[float], wall: float
) -> None:
    """Where the wall time went: before the fork only the main process runs;
    at the end a worker that finished first leaves its core idle."""
    fork = marks.get("fork", began) - began
    close = marks.get("close", began) - began
    closed = marks.get("closed", began) - began
    print(
        f"  wall clock: first fork at {fork:.3f} s; workers' first chunks began at "
        + ", ".join(f"{start:.3f}" for start in sorted(starts))
        + " s, their last ended at "
        + ", ".join(f"{end:.3f}" for end in sorted(ends))
        + f" s ({(max(ends) - min(ends)) * 1000:.0f} ms apart); closing the pool"
        f" {close:.3f}-{closed:.3f} s; the run ended at {wall:.3f} s"
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder")
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--format", default="jsonl")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        forked = _instrument(folder)
        gc.callbacks.append(_collector_cpu())
        from qualitycheck.cli import main as cli

        wall = time.perf_counter()
        began = time.time()
        with contextlib.suppress(SystemExit):
            cli(
                [
                    *("check", args.folder, "--format", args.format, "-o", os.devnull),
                    *("--jobs", str(args.jobs), "--quiet"),
                ]
            )
        wall = time.perf_counter() - wall
        own = resource.getrusage(resource.RUSAGE_SELF)
        workers = resource.getrusage(resource.RUSAGE_CHILDREN)
        print(
            f"--jobs {args.jobs}: {wall:.2f} s wall; main process {own.ru_utime + own.ru_stime:.2f}"
            f" s CPU ({own.ru_minflt} minor faults), of it {forked[0] if forked else 0:.2f} s"
            f" before the first fork; workers {workers.ru_utime + workers.ru_stime:.2f} s CPU"
        )
        for phase, seconds in sorted(PHASES.items()):
            print(f"  {phase}: {seconds:.3f} s")
        ends: list[float] = []
        starts: list[float] = []
        for path in sorted(glob.glob(os.path.join(folder, "*"))):
            with open(path, encoding="utf-8") as stream:
                inside, chunks, items, total, system, faults, first, start, end = json.load(stream)
            starts.append(start - began)
            ends.append(end - began)
            print(
                f"  worker {os.path.basename(path)}: {items} articles, {inside:.2f} s CPU in check,"
                f" {chunks - inside:.3f} s around it in its chunks, {total - chunks:.2f} s outside"
                f" them ({first:.3f} s before the first: fork and start; the rest unpickling"
                f" articles, pickling results); {system:.2f} s of it system time,"
                f" {faults} minor faults"
            )
        if ends:
            _timeline(WALL, began, starts, ends, wall)
            serial = forked[0]
            cpu = own.ru_utime + own.ru_stime + workers.ru_utime + workers.ru_stime
            cores = min(args.jobs, len(os.sched_getaffinity(0)))
            ideal = serial + (cpu - serial) / cores
            print(
                f"  on {cores} idle cores this CPU would take about {ideal:.2f} s: {serial:.2f} s"
                f" alone before the fork, the other {cpu - serial:.2f} s shared"
                " (no contention, no idle core at the end; compare with --jobs 1's CPU time)"
            )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
