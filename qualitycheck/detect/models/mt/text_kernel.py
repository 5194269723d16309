"""The mt model's text reading in C, when it is built: tokens and word counts.

The kernel (``_text_kernel.pyx``, built by ``hatch_build.py`` beside the
n-gram kernel) gives ``tokens.tokens``' lists and ``features.word_counts``'
integers exactly; it only skips the translated copy, the regex pass, the
lower-cased list and the counters. Each part is used only where the kernel
reads text as the pure path does (the same pattern and typography table, the
same fact bits); otherwise, and where the module is absent, stale or
``QUALITYCHECK_PURE_PYTHON=1`` is set, the Python functions run.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache
from types import ModuleType
from typing import Any

from qualitycheck.detect.models.mt.features import (
    _APOSTROPHE_LEFT_OUT,
    _PRONOUNS,
    FACT_BITS,
    FUNCTION_WORDS,
    WordCounts,
    sentence_words,
    type_facts,
    word_counts,
)
from qualitycheck.detect.models.mt.tokens import _TYPOGRAPHY, TOKEN, tokens
from qualitycheck.primitives.accelerators import compiled_kernel
from qualitycheck.primitives.fork_locks import ForkLock

#: Must equal ``VERSION`` in ``_text_kernel.pyx``; a compiled module with
#: another number is stale.
KERNEL_VERSION = 6
#: The SHA-256 of the source that version was given to, followed by the file it
#: includes (``primitives/_short_strings.pxi``): the kernel test fails when
#: either changes without a new version (a stale build would load).
KERNEL_SOURCE_SHA256 = "83826af5cd390c9149230a5d444fd23dbee2b286a581dfd41eeb7d2b2f70c097"


@cache
def compiled_module() -> ModuleType | None:
    """The compiled module, or None (absent, stale, or pure forced)."""
    return compiled_kernel("qualitycheck.detect.models.mt._text_kernel", KERNEL_VERSION, "mt text")


class TextReader:
    """Tokens and word counts of one detector's articles, in C where it can."""

    def __init__(self, module: ModuleType | None) -> None:
        same = module is not None and TOKEN.pattern == module.TOKEN_PATTERN
        same = same and module is not None and _TYPOGRAPHY == module.TYPOGRAPHY
        self._tokenize: Any = module.tokenize if same and module is not None else None
        self._word_tokens: Any = module.word_tokens if module is not None else None
        counts = module is not None and FACT_BITS == module.TYPE_FACT_BITS
        sets = (FUNCTION_WORDS, _PRONOUNS, _APOSTROPHE_LEFT_OUT)  # (what type_facts reads)
        self._counter: Any = (
            module.WordCounter(type_facts, word_sets=sets) if counts and module else None
        )
        # The counter remembers words between calls: a Dask worker's threads
        # share one cached Checker.
        self._lock = ForkLock()

    def tokenize(self, sentences: Sequence[str]) -> list[list[str]]:
        """Each sentence's ``tokens``."""
        if self._tokenize is None:
            return [tokens(sentence) for sentence in sentences]
        return self._tokenize(list(sentences))

    def sentence_words(
        self, sentences: Sequence[str], sentence_tokens: Sequence[Sequence[str]]
    ) -> list[list[str]]:
        """``features.sentence_words``: the token filter in C where it is built."""
        return sentence_words(sentences, sentence_tokens, self._word_tokens)

    def word_counts(self, words_of: Sequence[list[str]]) -> WordCounts:
        """``features.word_counts(words_of)``."""
        if self._counter is None:
            return word_counts(words_of)
        with self._lock:
            values = self._counter.counts(list(words_of))
        return WordCounts(*values)


def reader() -> TextReader:
    """A reader with the compiled kernel where it is built and current."""
    return TextReader(compiled_module())
