"""The claims model's compiled sentence margins, when there are some.

The kernel (``_claims_kernel.pyx``, built by ``hatch_build.py`` where a C
compiler is available) gives the margin of a sentence's row of
``claim_rows.features``, with its voice features set to any value, bit for bit
as ``LinearModel.margin`` over the row gives it; it only skips building the
dictionaries. It also gives the word and word-pair features of positive
weight that ``ClaimDetector.reason`` names (``positive_words``). Its tables
are built from the model's JSON weights at the first score, not at import.
It is used when the compiled module imports and carries the version this
wrapper expects; otherwise (no compiler at install
time, a stale build next to newer sources, ``QUALITYCHECK_PURE_PYTHON=1``)
the detector takes the pure path, whose output is the same.
"""

from __future__ import annotations

from functools import cache
from types import ModuleType

from qualitycheck.primitives.accelerators import compiled_kernel

#: Must equal ``VERSION`` in ``_claims_kernel.pyx`` (the kernel test checks the
#: source); a compiled module with another number is stale.
KERNEL_VERSION = 10
#: The SHA-256 of the source that version was given to, followed by the files it
#: includes (``primitives/_short_strings.pxi``, ``_claims_words.pxi``, ``_claims_terms.pxi``,
#: ``_claims_reason.pxi``): the kernel test fails when one changes without a new
#: version (a stale build would load).
KERNEL_SOURCE_SHA256 = "deb139809b5e305762d13914cb175758876ac3a43f06e43658c6f68900ea0289"


@cache
def compiled_module() -> ModuleType | None:
    """The compiled kernel module, or None (absent, stale, or pure forced)."""
    return compiled_kernel("qualitycheck.detect.models._claims_kernel", KERNEL_VERSION, "claims")
