"""The garbage collector during a run: what was loaded before it is set aside.

A run holds the loaded checker (rules, models, their tables) from its first
article to its last. CPython's collector would walk all of it again at every
full collection, and checking an article makes a few thousand live
temporaries that set off young collections at CPython's 700 net allocations.
:func:`set_aside` moves what exists aside (``gc.freeze()``, O(1)) and collects
the youngest generation less often while the run lasts, in the main process
of a ``--jobs N`` run (:mod:`.executor`, whose workers do the same for good)
and in a one-process run (:func:`qualitycheck.pipeline.inputs.check_inputs`).
Both are put back when the run ends, however it ends. Nothing an article's
result depends on changes: only when unreachable cycles are freed.

:func:`skip_at_exit` is the command line's: when the interpreter exits, it
would free the loaded checker object by object (0.1–0.2 s after a 1,000-article
run); set aside, the memory goes back to the system with the process instead.
"""

from __future__ import annotations

import atexit
import gc
from collections.abc import Callable, Iterator
from contextlib import contextmanager

#: Tracked objects made (net of those freed) between two collections of the
#: youngest generation in a worker, and in the main process while a run lasts
#: (CPython: 700). Checking an article holds a few thousand objects at its
#: peak and frees them: at 700 nearly every article set off collections that
#: walked its live temporaries (355 young and 32 middle collections, 0.31 s
#: CPU per 1,000 benchmark articles); at 7,000 it was 9 (0.09 s), at 20,000
#: one (0.02 s), headroom for articles a few times longer.
YOUNGEST_GENERATION_THRESHOLD = 20_000


def _nothing() -> None:
    return None


@contextmanager
def set_aside() -> Iterator[Callable[[], None]]:
    """Keep the collector off what exists now while the block runs.

    Yields a function that sets aside what exists when it is called as well
    (what the first article loaded lazily, in a one-process run). A caller
    that froze objects itself keeps its collector as it was, and the function
    then does nothing. Automatic collection switched off (threshold 0)
    stays off (it was turned on at 20,000 while the block ran), and thresholds
    set while the block runs are kept.
    """
    if gc.get_freeze_count():
        yield _nothing
        return
    thresholds = gc.get_threshold()
    # A threshold of 0 is automatic collection switched off: it stays off.
    during = (
        thresholds
        if not thresholds[0]
        else (max(thresholds[0], YOUNGEST_GENERATION_THRESHOLD), *thresholds[1:])
    )
    gc.freeze()
    gc.set_threshold(*during)
    try:
        yield gc.freeze
    finally:
        # Thresholds a program set itself while iterating are kept (they were
        # put back to those of the start); frozen objects cannot be told
        # apart, so a program's own freeze within the block is undone.
        if gc.get_threshold() == during:
            gc.set_threshold(*thresholds)
        gc.unfreeze()


_AT_EXIT: list[bool] = []


def skip_at_exit() -> None:
    """When the interpreter exits, set aside everything it still holds, so it
    is not walked and freed object by object just before the process ends.

    For the command line, whose process ends after its one command (``atexit``
    runs this before the interpreter tears its modules down; a program that
    calls :func:`qualitycheck.cli.main` several times registers it once).
    Files are closed by then (outputs by their commands, standard streams
    flushed by the interpreter after ``atexit``).
    """
    if not _AT_EXIT:
        _AT_EXIT.append(True)
        atexit.register(gc.freeze)
