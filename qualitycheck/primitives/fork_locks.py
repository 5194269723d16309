"""Locks that a forked child gets back unheld.

A lock held by another thread when the process forks stays held in the
child, where that thread does not exist, and the child's first ``acquire``
waits forever. The compiled kernels of the models hold a lock while they
run, and the mt kernel calls back into Python (token shapes) inside it, so
the interpreter can pass to a thread that forks right then: a web service
checking a request while a ``multiprocessing`` pool forks got a worker whose
first check of an English article hung (3 forks in 300 in a loop). CMUdict's
table is built under a lock while the cache file is read, which lets other
threads run too.

In the child each :class:`ForkLock` is a new, unheld lock. What it guarded
is left as the fork found it, which is whole: the kernels reset their
per-call state at the start of each call and call back into Python only
between two updates of what they remember across calls (the mt kernel's
token cache, the word counter's words), and the CMUdict table is published
in one assignment once built. (The API's checkers renew their own turn
locks the same way: :mod:`qualitycheck.api.checking`.)
"""

from __future__ import annotations

import os
import threading
import weakref
from types import TracebackType


class ForkLock:
    """A ``threading.Lock`` for ``with`` blocks, new and unheld in a forked child."""

    __slots__ = ("__weakref__", "_lock")

    def __init__(self) -> None:
        self._lock = threading.Lock()
        _LOCKS.add(self)

    def __enter__(self) -> None:
        self._lock.acquire()

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        self._lock.release()

    def locked(self) -> bool:
        """Whether some thread holds the lock now."""
        return self._lock.locked()

    def _renew(self) -> None:
        self._lock = threading.Lock()


#: Every fork lock of the process, weakly (a kernel dropped takes its lock along).
_LOCKS: weakref.WeakSet[ForkLock] = weakref.WeakSet()


def _renew_after_fork() -> None:
    for lock in list(_LOCKS):
        lock._renew()


if hasattr(os, "register_at_fork"):  # (POSIX; elsewhere there is no fork)
    os.register_at_fork(after_in_child=_renew_after_fork)
