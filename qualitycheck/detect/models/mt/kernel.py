"""The compiled n-gram kernel of the mt model, when there is one.

The kernel (``_kernel.pyx``, built by ``hatch_build.py`` where a C compiler
is available) gives the sentence margins and the article profile's share of
the article margin bit for bit as the pure path does; it only skips building
feature strings. It is used when the compiled module imports and carries the
version this wrapper expects; otherwise (no compiler at install time, a stale
build next to newer sources, ``QUALITYCHECK_PURE_PYTHON=1``) the detector
takes the pure path, whose output is the same.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache
from types import ModuleType
from typing import Any

from qualitycheck.detect.models.linear import LinearModel
from qualitycheck.detect.models.mt.tokens import FUNCTION_WORDS, shape
from qualitycheck.primitives.accelerators import compiled_kernel
from qualitycheck.primitives.fork_locks import ForkLock

#: Must equal ``VERSION`` in ``_kernel.pyx`` (tests/test_mt_kernel.py checks
#: the source); a compiled module with another number is stale.
KERNEL_VERSION = 9
#: The SHA-256 of the source that version was given to, followed by the files
#: it includes (``_ngram_table.pxi``, ``_shapes.pxi``,
#: ``primitives/_short_strings.pxi``): the kernel test fails when one changes
#: without a new version (a stale build would load).
KERNEL_SOURCE_SHA256 = "c9d8441e1bc724ce47e7998d8a55c1c00cc9af43140a5c7679579ef6eda58071"


@cache
def compiled_module() -> ModuleType | None:
    """The compiled kernel module, or None (absent, stale, or pure forced)."""
    return compiled_kernel("qualitycheck.detect.models.mt._kernel", KERNEL_VERSION, "mt")


class CompiledMt:
    """Both mt stages' n-gram sums for one pair of models, in C."""

    def __init__(self, module: ModuleType, model: LinearModel, sentence_model: LinearModel) -> None:
        lengths = [sentence_model.weights.get(f"len:{k}", 0.0) for k in range(7)]
        self._kernel: Any = module.Kernel(
            sentence_model.weights,
            sentence_model.intercept,
            lengths,
            model.weights,
            shape,
            function_words=FUNCTION_WORDS,
        )
        self.intercept = model.intercept
        # The kernel reuses its count tables and token cache between calls and
        # calls back into Python (shapes), where another thread may run: a Dask
        # worker's threads share one cached Checker.
        self._lock = ForkLock()

    def score(self, sentence_tokens: Sequence[list[str]]) -> tuple[list[float], float]:
        """Each sentence's margin, and the article margin's running total after
        the n-gram profile (the intercept plus its terms; the caller adds the
        style, rule and sentence-aggregate terms in the same order).

        Raises OverflowError for an article with more distinct unknown tokens
        than the kernel numbers (millions); the caller takes the pure path.
        """
        with self._lock:
            margins, total = self._kernel.score(list(sentence_tokens), self.intercept)
        return margins, total


def compiled(model: LinearModel, sentence_model: LinearModel) -> CompiledMt | None:
    """The kernel for these models, or None where the pure path must run."""
    module = compiled_module()
    return None if module is None else CompiledMt(module, model, sentence_model)
