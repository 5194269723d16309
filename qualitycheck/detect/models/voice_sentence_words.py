"""The learned sentence voice's word and word-pair part, summed without names.

A row of the learned sentence voice model (:mod:`.voice_sentence`) opens
with ``w:<word>`` for each distinct word of the sentence and ``b:<word>
<word>`` for each distinct pair of neighbouring words, at 1.0 each (the
tagger's ``voice.sentence_row``): about 50 of its 61 names, formatted and
looked up in a 43,921-weight dictionary per row, where the table is mostly out
of the processor's cache. :func:`pure_total` is what ``LinearModel.margin``
adds for them; the compiled kernel (``_voice_sentence_kernel.pyx``, built by
``hatch_build.py`` where a C compiler is available) adds the same weights in
the same order from integer word ids, so the rest of the row continues from a
total that is the pure path's to the last bit. It is used when the compiled
module imports and carries the version this wrapper expects; otherwise (no
compiler at install time, a stale build, ``QUALITYCHECK_PURE_PYTHON=1``) the
model takes the pure path, whose output is the same.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache, reduce
from itertools import pairwise, repeat
from operator import add, mul
from types import ModuleType
from typing import Any

from qualitycheck.detect.signals.voice import Token
from qualitycheck.primitives.accelerators import compiled_kernel

#: Must equal ``VERSION`` in ``_voice_sentence_kernel.pyx`` (the kernel test
#: checks the source); a compiled module with another number is stale.
KERNEL_VERSION = 4
#: The SHA-256 of the source that version was given to, followed by the file it
#: includes (``primitives/_short_strings.pxi``): the kernel test fails when
#: either changes without a new version (a stale build would load).
KERNEL_SOURCE_SHA256 = "d7809d8d853fbdc1d18897b55f02eaaa459dcb539da8cef9ebfb50402597a06a"
#: The names' prefixes (``voice.sentence_row``).
WORD_PREFIX = "w:"
PAIR_PREFIX = "b:"


@cache
def compiled_module() -> ModuleType | None:
    """The compiled kernel module, or None (absent, stale, or pure forced)."""
    return compiled_kernel(
        "qualitycheck.detect.models._voice_sentence_kernel", KERNEL_VERSION, "voice sentence"
    )


def word_names(tokens: Sequence[Token]) -> list[str]:
    """The word and word-pair names of ``voice.sentence_row``, distinct, in its order."""
    words = [t.lower for t in tokens if t.is_word]
    names = dict.fromkeys([f"{WORD_PREFIX}{w}" for w in words])
    names.update(dict.fromkeys([f"{PAIR_PREFIX}{a} {b}" for a, b in pairwise(words)]))
    return list(names)


def pure_total(weights: dict[str, float], tokens: Sequence[Token], start: float) -> float:
    """``start`` plus the weights of :func:`word_names` times 1.0, added in
    order as ``LinearModel.margin`` adds them (the definition)."""
    names = word_names(tokens)
    return reduce(add, map(mul, map(weights.get, names, repeat(0.0)), repeat(1.0)), start)


def compiled_sums(weights: dict[str, float]) -> Any:
    """The kernel's sums over ``weights`` (its tables built now), or None:
    absent, or built for another layout of the token tuple."""
    module = compiled_module()
    if module is None:
        return None
    fields = Token._fields
    layout = (fields[module.LOWER : module.LOWER + 1], fields[module.IS_WORD : module.IS_WORD + 1])
    if layout != (("lower",), ("is_word",)):
        return None
    return module.WordSums(weights, WORD_PREFIX, PAIR_PREFIX)
