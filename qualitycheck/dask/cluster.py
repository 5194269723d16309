"""``--dask SPEC``: a scheduler to connect to, or a local cluster to start.

``local`` starts a ``distributed.LocalCluster`` with one single-threaded
worker process per core, ``local:N`` with N; anything else is a scheduler
address (``tcp://host:8786``, ``tls://...``), as ``dask-scheduler`` prints it
or a Slurm, Kubernetes or cloud cluster gives it (docs/scale-out.md).
"""

from __future__ import annotations

import logging
import signal
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from qualitycheck.dask.run import NO_DASK
from qualitycheck.errors import QualitycheckError
from qualitycheck.pipeline.executor import available_cores


def local_workers(spec: str) -> int | None:
    """The worker count of ``local`` / ``local:N``; ``None`` for an address."""
    name, colon, count = spec.partition(":")
    if name != "local":
        return None
    if not colon:
        return available_cores()
    if not count.isdigit() or int(count) < 1:
        raise QualitycheckError(f"--dask {spec!r}: expected local:N with N a number of workers")
    return int(count)


@contextmanager
def dask_client(spec: str) -> Iterator[Any]:
    """A ``distributed.Client`` for ``spec``, closed (and a local cluster
    stopped) on the way out."""
    workers = local_workers(spec)
    try:
        from distributed import Client, LocalCluster
    except ImportError as exc:
        raise QualitycheckError(NO_DASK) from exc
    if workers is None:
        try:
            client = Client(spec, timeout="30s")
        except (OSError, TimeoutError, ValueError) as exc:
            raise QualitycheckError(f"--dask {spec}: cannot reach the scheduler: {exc}") from exc
        with client:
            yield client
        return
    # Ctrl-C reaches the whole process group: each worker would print a trace.
    # Started while this process ignores SIGINT, the workers inherit that (a
    # disposition survives exec; a signal mask does not) and never take it;
    # this process takes Ctrl-C again once they run, and stops the cluster.
    # (A Ctrl-C in the second or two the cluster takes to start is lost.)
    previous = _ignore_sigint()
    try:
        cluster = LocalCluster(
            n_workers=workers, processes=True, threads_per_worker=1, dashboard_address=None
        )
    finally:
        _restore(previous)
    log = logging.getLogger("distributed")
    level = log.level
    try:
        with cluster, Client(cluster) as client:
            from qualitycheck.dask.quiet_close import QuietClose

            client.register_plugin(QuietClose())
            try:
                yield client
            except BaseException:
                # Stopped mid-task: the busy workers are killed on the way out,
                # and distributed logs its own shutdown races, traces included.
                log.setLevel(logging.CRITICAL)
                raise
    finally:
        log.setLevel(level)


def _ignore_sigint() -> Any:
    """Ignore SIGINT in this process; its handler before (``None``: not the main
    thread, where signal handlers cannot be set)."""
    if threading.current_thread() is not threading.main_thread():
        return None
    return signal.signal(signal.SIGINT, signal.SIG_IGN)


def _restore(previous: Any) -> None:
    if previous is not None:
        signal.signal(signal.SIGINT, previous)
