"""The compiled line margins of the boilerplate model, when there are some.

The kernel (``_boilerplate_kernel.pyx``, built by ``hatch_build.py`` where a C
compiler is available) gives each line's margin, and its margin as
``mid_body`` sees it, bit for bit as ``LinearModel.margin`` over
``line_features`` does; it only skips building the feature dictionaries. It is
used when the compiled module imports and carries the version this wrapper
expects; otherwise (no compiler at install time, a stale build next to newer
sources, ``QUALITYCHECK_PURE_PYTHON=1``) the detector takes the pure path,
whose output is the same.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from functools import cache
from types import ModuleType
from typing import Any

from qualitycheck.detect.models.linear import LinearModel
from qualitycheck.document.lexicon import STOPWORDS
from qualitycheck.document.textfold import normalize
from qualitycheck.primitives.accelerators import compiled_kernel
from qualitycheck.primitives.fork_locks import ForkLock

#: Must equal ``VERSION`` in ``_boilerplate_kernel.pyx`` (the kernel test
#: checks the source); a compiled module with another number is stale.
KERNEL_VERSION = 8
#: The SHA-256 of the source that version was given to, followed by the files it
#: includes (``primitives/_short_strings.pxi``, ``_boilerplate_slots.pxi``): the
#: kernel test fails when one changes without a new version (a stale build would load).
KERNEL_SOURCE_SHA256 = "c602459d381bf35227051f7dd0d992a795e7c8ecc01df385fb05671ff753711b"
#: Words of a prose line (the ``prose`` feature and the body span) and the
#: body span's cost of any other line: the pure path and the kernel read these.
BODY_MIN_WORDS, BODY_PENALTY = 10, 10.0


@cache
def compiled_module() -> ModuleType | None:
    """The compiled kernel module, or None (absent, stale, or pure forced)."""
    module = "qualitycheck.detect.models._boilerplate_kernel"
    return compiled_kernel(module, KERNEL_VERSION, "boilerplate")


class CompiledBoilerplate:
    """The line margins of one boilerplate model, in C."""

    def __init__(self, module: ModuleType, model: LinearModel) -> None:
        self._kernel: Any = module.Kernel(model.weights, model.intercept, STOPWORDS)
        # The kernel marks the n-grams it has added on the current line in a
        # shared array; a Dask worker's threads share one cached Checker.
        self._lock = ForkLock()

    def margins(
        self,
        texts: Sequence[str],
        flagged: set[int],
        seen: Sequence[int] | None,
        normals: Sequence[str] | None = None,
    ) -> tuple[list[float], list[float]]:
        """Each line's margin over ``line_features(texts, flagged, seen)``, and
        over ``mid_body`` of that row. ``normals``: each text's ``normalize``
        where the caller has it (``Block.normalized``)."""
        normals = [normalize(text) for text in texts] if normals is None else list(normals)
        counts = Counter(normals)
        repeated = [counts[line] > 1 for line in normals]
        seen_list = None if seen is None else list(seen)
        with self._lock:
            full, middle = self._kernel.margins(
                list(texts), normals, repeated, flagged, seen_list, BODY_MIN_WORDS, BODY_PENALTY
            )
        return full, middle


def compiled(model: LinearModel) -> CompiledBoilerplate | None:
    """The kernel for this model, or None where the pure path must run."""
    module = compiled_module()
    return None if module is None else CompiledBoilerplate(module, model)
