"""Scans of text that rules and readability make, in C when the kernel is
built: where a word is written twice in a row ("the the", the ``repetition``
rule), how many words and function words a sentence has (the ``foreign``
rule's first test of every sentence of an English article), how many
whitespace-separated words a text has (``len(text.split())``, the metric and
layout rules and the readability metrics), and textstat's word list
(``readability``, which checks its own patterns against the kernel's).

:data:`DOUBLED`, :func:`words_of` (``language.words_of``, defined here so
that the language screen can count words in C too) with
``language.function_word_share`` and ``str.split`` are the definitions, and
:func:`pure_doubled_spans`, :func:`pure_word_counts` and :func:`pure_split_count`
their pure paths. The compiled kernel (``_scan_kernel.pyx``, built by ``hatch_build.py``) gives the
same answers without the regex engine or the intermediate strings (0.20 ->
0.025 ms a 4 KB article for the doubled words), and is used only when it was
written for these very patterns; where it is absent, stale or
``QUALITYCHECK_PURE_PYTHON=1`` is set, the pure paths run. Same answers
either way (``tests/test_scan_kernel.py``).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import cache, partial
from types import ModuleType
from typing import Any

from qualitycheck.document.lexicon import STOPWORDS
from qualitycheck.primitives.accelerators import compiled_kernel

#: A word (letters, inner apostrophes) followed by the same word after whitespace.
DOUBLED = re.compile(
    r"(?<![\w'’-])([^\W\d_]++(?:['’][^\W\d_]+)?+)\s+(\1)(?![\w'’-])", re.IGNORECASE
)

#: Must equal ``VERSION`` in ``_scan_kernel.pyx``; a compiled module with
#: another number is stale.
KERNEL_VERSION = 1
#: The SHA-256 of the source that version was given to: the kernel test fails
#: when the source changes without a new version (a stale build would load).
KERNEL_SOURCE_SHA256 = "66fd6bee685077afd83b7d476c9e957a0ca8631d26d32e573f5ff7e81e3ad849"

#: The longest function word the kernel looks up (its buffer's size).
_KERNEL_LONGEST = 64


@cache
def compiled_module() -> ModuleType | None:
    """The compiled module, or None (absent, stale, or pure forced)."""
    return compiled_kernel("qualitycheck.detect.signals._scan_kernel", KERNEL_VERSION, "text scan")


def built_for(flags: int, **patterns: re.Pattern[str]) -> ModuleType | None:
    """The compiled module when it was written for these patterns as the
    caller has them (each keyword names the module's copy of a pattern's text)
    and each is compiled with ``flags``; else None, and the caller's pure path
    runs."""
    module = compiled_module()
    if module is None:
        return None
    for name, pattern in patterns.items():
        if pattern.flags != flags or pattern.pattern != getattr(module, name, None):
            return None
    return module


def pure_doubled_spans(text: str) -> list[tuple[int, int, int]]:
    """Each match of :data:`DOUBLED` in ``text`` as ``(start, end, length of
    the word)``, from ``re``."""
    return [
        (match.start(), match.end(), match.end(1) - match.start(1))
        for match in DOUBLED.finditer(text)
    ]


#: A word: letters, with inner apostrophes and hyphens (what :func:`words_of` finds).
WORD = re.compile(r"[^\W\d_]+(?:['’-][^\W\d_]+)*")
#: ``WORD`` for ASCII text, where ``[^\W\d_]`` holds exactly the 52 ASCII
#: letters and ``’`` cannot occur: the same words, a quarter faster (explicit
#: ranges instead of Unicode category tests; four sentences in five are ASCII).
ASCII_WORD = re.compile(r"[A-Za-z]+(?:['-][A-Za-z]+)*")


def words_of(text: str) -> list[str]:
    """The words of ``text`` (letters, with inner apostrophes and hyphens)."""
    return (ASCII_WORD if text.isascii() else WORD).findall(text)


def pure_word_counts(text: str, start: int, end: int) -> tuple[int, int]:
    """The words of ``text[start:end]`` (:func:`words_of`) and how many
    of them are function words (``language.function_word_share``'s count)."""
    words = words_of(text[start:end])
    return len(words), sum(map(STOPWORDS.__contains__, map(str.lower, words)))


def pure_split_count(text: str) -> int:
    """``len(text.split())``."""
    return len(text.split())


DoubledSpans = Callable[[str], list[tuple[int, int, int]]]
WordCounts = Callable[[str, int, int], tuple[int, int]]


@cache
def _kernel() -> Any:
    """The kernel where it is built for these patterns as they are, else None."""
    module = built_for(re.IGNORECASE | re.UNICODE, DOUBLED_PATTERN=DOUBLED)
    if module is None or WORD.pattern != module.WORD_PATTERN:
        return None
    return module


@cache
def doubled_scanner() -> DoubledSpans:
    """The kernel's ``doubled_spans``, else :func:`pure_doubled_spans`."""
    module = _kernel()
    if module is None:
        return pure_doubled_spans
    found: DoubledSpans = module.doubled_spans
    return found


@cache
def word_counter() -> WordCounts:
    """The kernel's ``word_counts`` over :data:`STOPWORDS`, else :func:`pure_word_counts`."""
    module = _kernel()
    longest = max(map(len, STOPWORDS), default=0)
    if module is None or longest > _KERNEL_LONGEST:
        return pure_word_counts
    found: WordCounts = partial(module.word_counts, STOPWORDS, longest)
    return found


def doubled_spans(text: str) -> list[tuple[int, int, int]]:
    """:func:`pure_doubled_spans`, in C where the kernel is built."""
    return doubled_scanner()(text)


@cache
def split_counter() -> Callable[[str], int]:
    """The kernel's ``split_count``, else :func:`pure_split_count` (no pattern to
    check: ``str.split`` splits at ``str.isspace()``, as the kernel does)."""
    module = compiled_module()
    if module is None:
        return pure_split_count
    found: Callable[[str], int] = module.split_count
    return found


def split_count(text: str) -> int:
    """``len(text.split())``, in C where the kernel is built."""
    return split_counter()(text)
