"""The voice tagger's compiled token probabilities, when there are some.

The kernel (``_voice_kernel.pyx``, built by ``hatch_build.py`` where a C
compiler is available) gives
:meth:`~qualitycheck.detect.signals.voice.VoiceModel.token_probabilities` bit
for bit as the pure path computes them; it only skips building feature
names. Its tables are built from the model's JSON weights when the model
first tags, not at import. It is used when the compiled module imports and
carries the version this wrapper expects; otherwise (no compiler at install
time, a stale build next to newer sources, ``QUALITYCHECK_PURE_PYTHON=1``)
the tagger takes the pure path, whose output is the same.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import cache
from types import ModuleType
from typing import Any

from qualitycheck.detect.signals.voice_weights import BINS, WORD_PREFIXES
from qualitycheck.primitives.accelerators import compiled_kernel

#: Must equal ``VERSION`` in ``_voice_kernel.pyx`` (the kernel test checks the
#: source); a compiled module with another number is stale.
KERNEL_VERSION = 6
#: The SHA-256 of the source that version was given to, followed by the file it
#: includes (``primitives/_short_strings.pxi``): the kernel test fails when either
#: changes without a new version (a stale build would load).
KERNEL_SOURCE_SHA256 = "d7e3269b9d5dcec04f0ec9210949ebeda73ea50ce5303a77331fbe1ab13f070c"


@cache
def compiled_module() -> ModuleType | None:
    """The compiled kernel module, or None (absent, stale, or pure forced)."""
    return compiled_kernel("qualitycheck.detect.signals._voice_kernel", KERNEL_VERSION, "voice")


def compiled_tagger(
    weights: dict[str, float],
    intercept: float,
    cues: frozenset[str],
    breaks: Iterable[str],
    conjunctions: Iterable[str],
) -> Any:
    """The compiled tagger of these weights (its tables built now), or None."""
    module = compiled_module()
    if module is None:
        return None
    return module.Tagger(weights, intercept, cues, WORD_PREFIXES, BINS, breaks, conjunctions)


def compiled_tokenizer(
    token: type, pattern: str, marks: Iterable[str], closers: Iterable[str], toggles: Iterable[str]
) -> Any:
    """The compiled tokenizer making ``token`` tuples, or None: absent, or
    written for another pattern than ``pattern`` (the pure tokenizer's)."""
    module = compiled_module()
    if module is None or pattern != module.TOKEN_PATTERN:
        return None
    return module.Tokenizer(token, marks, closers, toggles)
