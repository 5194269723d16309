"""Local workers stopped mid-task do not log distributed's own warning about it.

Ctrl-C (or SIGTERM) on ``check --dask local`` closes the cluster while tasks
run; each busy worker then logged, from its own process, a WARNING that its
task "ended with CancelledError" (which, distributed's code says, happens only
in ``Worker.close()``). The run has already said why it stops. Registered on a
local cluster's workers, :class:`QuietClose` drops that logger's warnings once
its worker is closing; errors, and every record of a running worker, are
shown as before. distributed is imported here: only a ``--dask local`` run
imports this module.
"""

from __future__ import annotations

import logging
from typing import Any

from distributed.core import Status
from distributed.diagnostics.plugin import WorkerPlugin

#: The logger of the worker's task state machine, which logs the cancelled task.
STATE_MACHINE = "distributed.worker.state_machine"
_CLOSING = frozenset({Status.closing, Status.closing_gracefully, Status.closed})


class _UnlessClosing(logging.Filter):
    """Lets a record through unless it is below ERROR and the worker is closing."""

    def __init__(self, worker: Any) -> None:
        super().__init__()
        self.worker = worker

    def filter(self, record: logging.LogRecord) -> bool:
        return record.levelno >= logging.ERROR or self.worker.status not in _CLOSING


class QuietClose(WorkerPlugin):
    """A worker plugin: the filter on the state machine's logger (the worker's
    process ends with it, so it is never taken off)."""

    name = "qualitycheck-quiet-close"

    def setup(self, worker: Any) -> None:
        logging.getLogger(STATE_MACHINE).addFilter(_UnlessClosing(worker))
