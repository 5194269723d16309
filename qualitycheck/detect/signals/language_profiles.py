"""langdetect's language profiles as one compact table, kept in the per-user cache.

langdetect reads its 55 profile files as JSON and builds one table, 87,598
n-grams by 55 probabilities, the first time a process meets text that is not
plainly English: about 0.27 s CPU, as much as the rest of a one-file run, and
paid again by every ``--jobs`` worker that meets such text. Only 4 % of those
probabilities are not zero (an n-gram is seen in a few languages), so
:class:`ProfileTable` keeps each n-gram's row number and the rows' nonzero
probabilities with their languages (2 MB), and it is what
``DetectorFactory.word_lang_prob_map`` holds here. The per-user cache
(:mod:`qualitycheck.primitives.cache`) keeps the codes, the n-grams and those
arrays, and loads them in a few hundredths of a second.

langdetect's detector reads the table only as ``ngram in table`` and
``table[ngram]`` (the row: a list of the languages' probabilities), which
:class:`ProfileTable` answers with the same values; the compiled trials
(``language_kernel``) read the arrays themselves. The cache key is what
decides the table: langdetect's profile folder as ``os.listdir`` gives it
(the order of the names is the order of the languages), each profile's size
and modification time, and the same of the module that builds the table. A
new langdetect, an edited profile or another folder builds it again, the way
langdetect would. With the cache off, langdetect's own table is used.
"""

from __future__ import annotations

import os
import sys
from array import array
from itertools import compress, pairwise
from typing import Any

from qualitycheck.primitives.cache import cache_dir, load, store

#: The per-user cache's name for the profile table.
CACHE_NAME = "langdetect-profiles"
#: The arrays' element types: row starts, languages (columns), probabilities.
OFFSET, COLUMN, VALUE = "q", "H", "d"
#: The layout of what is cached; a new layout is a new key.
LAYOUT = "sparse-rows-1"


class ProfileTable(dict):
    """n-gram → its row of probabilities, one per language (langdetect's
    ``word_lang_prob_map``), from the rows' nonzero entries.

    A dict of row numbers, so ``ngram in table`` is a plain dict look-up;
    ``table[ngram]`` gives the row as a list of floats (made once per n-gram).
    Only those two are langdetect's; the other dict methods see row numbers.
    Row ``r``'s nonzero probabilities are ``weights[offsets[r]:offsets[r + 1]]``,
    in the languages ``columns`` names.
    """

    __slots__ = ("_rows", "columns", "offsets", "weights", "width")

    def __init__(
        self,
        ngrams: list[str],
        arrays: tuple[array[int], array[int], array[float]],
        width: int,
    ) -> None:
        super().__init__(zip(ngrams, range(len(ngrams)), strict=True))
        self.offsets, self.columns, self.weights = arrays
        self.width = width
        self._rows: dict[str, list[float]] = {}

    def __getitem__(self, ngram: str) -> list[float]:
        row = self._rows.get(ngram)
        if row is None:
            number = dict.__getitem__(self, ngram)
            row = [0.0] * self.width
            for at in range(self.offsets[number], self.offsets[number + 1]):
                row[self.columns[at]] = self.weights[at]
            self._rows[ngram] = row
        return row


def factory() -> Any:
    """langdetect's shared ``DetectorFactory`` with its profiles loaded (the
    one ``langdetect.detect`` uses), its table from the per-user cache."""
    from langdetect import detector_factory as module

    if module._factory is not None:  # loaded already (by us or by langdetect)
        return module._factory
    key = source_key(module.PROFILES_DIRECTORY, module.__file__)
    built = module.DetectorFactory()
    stored = load(CACHE_NAME, key, _valid) if key is not None else None
    if stored is not None:
        codes, ngrams, *data = stored
        built.langlist = codes
        built.word_lang_prob_map = ProfileTable(ngrams, _arrays(*data), len(codes))
    else:
        built.load_profile(module.PROFILES_DIRECTORY)
        if key is not None and cache_dir() is not None:
            rows = built.word_lang_prob_map
            table = compact(rows, len(built.langlist))
            data = [part.tobytes() for part in (table.offsets, table.columns, table.weights)]
            store(CACHE_NAME, key, [built.langlist, list(rows), *data])
            built.word_lang_prob_map = table
    module._factory = built
    return built


def compact(rows: dict[str, list[float]], width: int) -> ProfileTable:
    """langdetect's table as a :class:`ProfileTable`: the same doubles (its
    probabilities are counts over totals, never -0.0, so every zero left out
    reads back as the 0.0 langdetect holds)."""
    offsets, columns = array(OFFSET, [0]), array(COLUMN)
    values: array[float] = array(VALUE)
    every = range(width)
    for row in rows.values():
        if len(row) != width:
            raise ValueError("an n-gram's weights do not cover every language")
        kept = list(compress(every, row))  # the nonzero ones
        columns.extend(kept)
        values.extend([row[column] for column in kept])
        offsets.append(len(values))
    return ProfileTable(list(rows), (offsets, columns, values), width)


def source_key(folder: str, builder: str) -> str | None:
    """The profile folder and the building module by names, sizes and times;
    ``None`` when they cannot be read (langdetect then loads as it would)."""
    try:
        names = os.listdir(folder)
        parts = [LAYOUT, folder, builder, sys.byteorder]  # the arrays hold native numbers
        for path in [os.path.join(folder, name) for name in names] + [builder]:
            stat = os.stat(path)
            parts.append(f"{os.path.basename(path)}:{stat.st_size}:{stat.st_mtime_ns}")
    except OSError:
        return None
    return "|".join(parts)


def _arrays(
    offsets: bytes, columns: bytes, weights: bytes
) -> tuple[array[int], array[int], array[float]]:
    """The three arrays of a :class:`ProfileTable` from their cached bytes."""
    return array(OFFSET, offsets), array(COLUMN, columns), array(VALUE, weights)


def _valid(value: object) -> bool:
    """A cached table shaped like the one built: codes, n-grams, and the three
    arrays' bytes, of lengths that fit together."""
    if not (isinstance(value, list) and len(value) == 5):
        return False
    codes, ngrams, offsets, columns, values = value
    if not (
        isinstance(codes, list)
        and 1 < len(codes) < 1 << 16
        and all(isinstance(code, str) for code in codes)
        and isinstance(ngrams, list)
        and all(isinstance(ngram, str) for ngram in ngrams)
        and len(set(ngrams)) == len(ngrams)
        and all(isinstance(part, bytes) for part in (offsets, columns, values))
    ):
        return False
    try:
        starts, languages, weights = _arrays(offsets, columns, values)
    except ValueError:  # bytes that are not a whole number of items
        return False
    return (
        len(starts) == len(ngrams) + 1
        and starts[0] == 0
        and starts[-1] == len(languages) == len(weights)
        and all(a <= b for a, b in pairwise(starts))
        and max(languages, default=0) < len(codes)
    )
