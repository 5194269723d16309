"""Where a word is written twice in a row ("the the"): the ``repetition``
rule's search, in C when the kernel is built.

:data:`DOUBLED` is the definition; :func:`spans` gives its matches in a text
as ``(start, end, length)``. The compiled kernel (``_doubled_kernel.pyx``,
built by ``hatch_build.py``) scans for the same matches without the regex
engine (0.19 -> 0.01 ms for a 4 KB article), and is used only when it was
written for this very pattern; where it is absent, stale or
``QUALITYCHECK_PURE_PYTHON=1`` is set, ``re`` runs. Same spans either way
(``tests/test_doubled_kernel.py``).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import cache
from types import ModuleType

from qualitycheck.primitives.accelerators import compiled_kernel

#: A word (letters, inner apostrophes) followed by the same word after whitespace.
DOUBLED = re.compile(
    r"(?<![\w'’-])([^\W\d_]++(?:['’][^\W\d_]+)?+)\s+(\1)(?![\w'’-])", re.IGNORECASE
)

#: Must equal ``VERSION`` in ``_doubled_kernel.pyx``; a compiled module with
#: another number is stale.
KERNEL_VERSION = 1
#: The SHA-256 of the source that version was given to: the kernel test fails
#: when the source changes without a new version (a stale build would load).
KERNEL_SOURCE_SHA256 = "2eea999d347d3d1a0225d1ea9d69feea7fe53a6896ce126b7ca4a0614f9bbd4f"


@cache
def compiled_module() -> ModuleType | None:
    """The compiled module, or None (absent, stale, or pure forced)."""
    return compiled_kernel(
        "qualitycheck.detect.rules._doubled_kernel", KERNEL_VERSION, "doubled word"
    )


def pure_spans(text: str) -> list[tuple[int, int, int]]:
    """Each match of :data:`DOUBLED` in ``text`` as ``(start, end, length of
    the word)``, from ``re``."""
    return [
        (match.start(), match.end(), match.end(1) - match.start(1))
        for match in DOUBLED.finditer(text)
    ]


Spans = Callable[[str], list[tuple[int, int, int]]]


@cache
def scanner() -> Spans:
    """The kernel's ``spans`` where it is built for :data:`DOUBLED` as it is
    (pattern and flags), else :func:`pure_spans`."""
    module = compiled_module()
    if module is None or DOUBLED.pattern != module.DOUBLED_PATTERN:
        return pure_spans
    if DOUBLED.flags != re.IGNORECASE | re.UNICODE:
        return pure_spans
    found: Spans = module.spans
    return found


def spans(text: str) -> list[tuple[int, int, int]]:
    """:func:`pure_spans`, in C where the kernel is built for :data:`DOUBLED`."""
    return scanner()(text)
