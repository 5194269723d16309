"""``--dask SPEC``: a scheduler to connect to, or a local cluster to start.

``local`` starts a ``distributed.LocalCluster`` with one single-threaded
worker process per core, ``local:N`` with N; anything else is a scheduler
address (``tcp://host:8786``, ``tls://...``), as ``dask-scheduler`` prints it
or a Slurm, Kubernetes or cloud cluster gives it (docs/scale-out.md).
"""

from __future__ import annotations

import logging
import signal
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
    # Started with SIGINT blocked, the workers (and the cluster's event-loop
    # thread, which starts the replacements of lost ones) never take it; this
    # process gets it once the block is lifted, and stops the cluster itself.
    blocked = _block_sigint()
    try:
        cluster = LocalCluster(
            n_workers=workers, processes=True, threads_per_worker=1, dashboard_address=None
        )
    except BaseException:
        _restore(blocked)
        raise
    log = logging.getLogger("distributed")
    level = log.level
    try:
        with cluster:
            _restore(blocked)  # a Ctrl-C pressed while the cluster started arrives here
            with Client(cluster) as client:
                try:
                    yield client
                except BaseException:
                    # Stopped mid-task: the busy workers are killed on the way out,
                    # and distributed logs its own shutdown races, traces included.
                    log.setLevel(logging.CRITICAL)
                    raise
    finally:
        log.setLevel(level)


def _block_sigint() -> set[int | signal.Signals] | None:
    """Block SIGINT in this thread; the mask before (``None``: no signal masks here)."""
    if not hasattr(signal, "pthread_sigmask"):  # Windows
        return None
    return signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})


def _restore(mask: set[int | signal.Signals] | None) -> None:
    if mask is not None:
        signal.pthread_sigmask(signal.SIG_SETMASK, mask)
