"""A cache of what is worked out for a block of text, bounded by the text it holds.

The voice tagger's tags and the sentence voices are cached per block (the
claim rules and the claims model ask about the same blocks of an article).
Their values hold a token, a probability and a row per word: about 200
bytes for each character of the block, the three caches together. ``lru_cache(maxsize=512)`` bounded
them by entries only, so 512 long blocks stayed alive after their articles:
``sentence_voices`` (which asks about every block) over single-paragraph
articles of 45,000 characters held 3.3 MB more after each (RSS 280 MB after
50 of them, 779 MB after 200), up to 1.7 GB.
This cache also bounds the characters of the blocks it keeps; the newest
entry is always kept (a block asked about twice in a row is worked out once,
however long), the oldest go first. Values are the same as uncached.
"""

from __future__ import annotations

import functools
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Generic, TypeVar

from qualitycheck.primitives.fork_locks import ForkLock

R = TypeVar("R")

#: Characters of block text a cache keeps besides its newest entry: a long
#: article's blocks (the hits are within an article, and the short lines that
#: repeat across articles), about 10 MB of tokens at most.
MAX_CHARS = 50_000


class BlockCache(Generic[R]):
    """``function(text, *rest)`` remembered for the most recent blocks, at most
    ``maxsize`` of them and :data:`MAX_CHARS` characters of ``text`` besides
    the newest; safe across threads and forks."""

    def __init__(self, function: Callable[..., R], maxsize: int, max_chars: int) -> None:
        self._function = function
        self._name = function.__qualname__
        self._maxsize = maxsize
        self._max_chars = max_chars
        self._entries: OrderedDict[tuple[Hashable, ...], R] = OrderedDict()
        self._chars = 0
        self._lock = ForkLock()
        functools.update_wrapper(self, function)

    def __call__(self, text: str, *rest: Hashable) -> R:
        key = (text, *rest)
        with self._lock:
            if key in self._entries:
                self._entries.move_to_end(key)
                return self._entries[key]
        value = self._function(text, *rest)
        with self._lock:
            if key not in self._entries:
                self._entries[key] = value
                self._chars += len(text)
                while len(self._entries) > 1 and (
                    len(self._entries) > self._maxsize or self._chars - len(text) > self._max_chars
                ):
                    oldest, _ = self._entries.popitem(last=False)
                    self._chars -= len(str(oldest[0]))
        return value

    def __reduce__(self) -> str:
        """Pickled by name, as ``lru_cache``'s functions are (the instance holds a lock)."""
        return self._name

    def held_chars(self) -> int:
        """The characters of block text the cache keeps now."""
        with self._lock:
            return self._chars

    def cache_clear(self) -> None:
        """Forget every entry (as ``lru_cache``'s, for benchmarks and tests)."""
        with self._lock:
            self._entries.clear()
            self._chars = 0


def block_cache(
    maxsize: int = 512, max_chars: int = MAX_CHARS
) -> Callable[[Callable[..., R]], BlockCache[R]]:
    """Decorate a function of a block's text (and hashable arguments after it)."""

    def decorate(function: Callable[..., R]) -> BlockCache[R]:
        return BlockCache(function, maxsize, max_chars)

    return decorate
