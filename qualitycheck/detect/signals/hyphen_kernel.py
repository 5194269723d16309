"""Pyphen's hyphenation points counted in C (``_hyphen_kernel.pyx``), where
that is Pyphen exactly.

Readability counts the syllables of a word CMUdict does not know as
``len(Pyphen(lang="en_US").positions(word)) + 1``, as textstat does; Pyphen
builds and looks up about 30 substrings per character of a new word, the
largest cost of the first article to hold it (1.25 ms an article profiled,
on articles new to the process). The kernel walks the same patterns as a
trie and gives the same count. It is used only where it was checked to: the
compiled module built and current, Pyphen's two ``positions`` methods the
text it was written against (a hash of their source), a plain ``Pyphen``
and ``HyphDict`` whose patterns are plain integers; otherwise, or with
``QUALITYCHECK_PURE_PYTHON=1``, Pyphen counts them. Pyphen also counts a
process's first :data:`WARM_UP_WORDS` words (:class:`PointCounter`): the
check of its source and the trie take about 16 ms CPU, which a one-file run
(a pre-commit hook) never pays; a long run pays once.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cache
from types import ModuleType
from typing import Any

from qualitycheck.primitives.accelerators import compiled_kernel, source_digest

#: Must equal ``VERSION`` in ``_hyphen_kernel.pyx``; another number is a stale build.
KERNEL_VERSION = 2
#: The SHA-256 of the source that version was given to: the kernel test fails
#: when the source changes without a new version (a stale build would load).
KERNEL_SOURCE_SHA256 = "01a9a8993392b854305e221edfc0a4402374e1167b660dc97c6f7f83f86b5aa2"
#: The SHA-256 of Pyphen 0.18.1's ``HyphDict.positions`` and
#: ``Pyphen.positions`` source, joined: another Pyphen counts its own points.
POSITIONS_SOURCE_SHA256 = "9945aab0098c3caf09daefca9552905aa8759ffe4da99af868dbb52f2d3a3ca6"


def positions_source_digest(module: ModuleType) -> str:
    """The hash :data:`POSITIONS_SOURCE_SHA256` is compared with (``module``: pyphen)."""
    return source_digest([(module.HyphDict, ("positions",)), (module.Pyphen, ("positions",))])


@cache
def compiled_module() -> ModuleType | None:
    """The compiled module where it reproduces this Pyphen, or None."""
    module = compiled_kernel(
        "qualitycheck.detect.signals._hyphen_kernel", KERNEL_VERSION, "hyphenation"
    )
    if module is None:
        return None
    import pyphen

    return module if positions_source_digest(pyphen) == POSITIONS_SOURCE_SHA256 else None


def point_counter(hyphenator: Any) -> Callable[[str], int]:
    """``lambda word: len(hyphenator.positions(word))`` for a ``pyphen.Pyphen``,
    in C where the kernel is built and reproduces it."""

    def pure(word: str) -> int:
        return len(hyphenator.positions(word))

    module = compiled_module()
    if module is None:
        return pure
    import pyphen

    found = getattr(hyphenator, "hd", None)
    if type(hyphenator) is not pyphen.Pyphen or type(found) is not pyphen.HyphDict:
        return pure
    patterns, maxlen = getattr(found, "patterns", None), getattr(found, "maxlen", None)
    left, right = hyphenator.left, hyphenator.right
    if type(patterns) is not dict or not all(type(n) is int for n in (maxlen, left, right)):
        return pure
    try:
        counter = module.Counter(patterns, maxlen, left, right)
    except (TypeError, ValueError, OverflowError):  # a pattern Pyphen's parser would not make
        return pure
    count: Callable[[str], int] = counter.count
    return count


#: Words Pyphen counts before the kernel is checked and built (22 us each,
#: 5.6 ms in all, against the kernel's 0.7 us and 16 ms to get it ready).
WARM_UP_WORDS = 256


class PointCounter:
    """``count(word) == len(hyphenator.positions(word))``: by Pyphen for the
    first ``warm_up`` words, then by :func:`point_counter`'s choice."""

    def __init__(self, hyphenator: Any, warm_up: int = WARM_UP_WORDS) -> None:
        self._hyphenator = hyphenator
        self._left = warm_up
        self.count: Callable[[str], int] = self._warming

    def _warming(self, word: str) -> int:
        self._left -= 1
        if self._left < 0:
            self.count = point_counter(self._hyphenator)
            return self.count(word)
        return len(self._hyphenator.positions(word))
