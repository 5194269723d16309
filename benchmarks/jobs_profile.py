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
temporary folder after every chunk. A measurement tool: it patches internals
and may need updating when they change.
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
#: In a worker: CPU (user and system) before its first chunk (fork, initializer).
FIRST: list[float] = []
WORKER_FOLDER: list[str] = []


def measured_chunk(items: list[Any]) -> list[Any]:
    """``executor._run_chunk`` with CPU timers; the worker's figures go to a file."""
    from qualitycheck.pipeline import executor

    work, state = executor._WorkerSlot.work, executor._WorkerSlot.state
    started = time.process_time()
    if not FIRST:
        FIRST.append(started)
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
            [*TOTALS, usage.ru_utime + usage.ru_stime, usage.ru_stime, usage.ru_minflt, FIRST[0]],
            stream,
        )
    return results


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
        return spawn(self)

    process_pool.ProcessPoolExecutor._spawn_process = spawn_process  # type: ignore[attr-defined]
    WORKER_FOLDER.append(folder)
    executor._run_chunk = measured_chunk
    return forked


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
        for path in sorted(glob.glob(os.path.join(folder, "*"))):
            with open(path, encoding="utf-8") as stream:
                inside, chunks, items, total, system, faults, first = json.load(stream)
            print(
                f"  worker {os.path.basename(path)}: {items} articles, {inside:.2f} s CPU in check,"
                f" {chunks - inside:.3f} s around it in its chunks, {total - chunks:.2f} s outside"
                f" them ({first:.3f} s before the first: fork and start; the rest unpickling"
                f" articles, pickling results); {system:.2f} s of it system time,"
                f" {faults} minor faults"
            )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
