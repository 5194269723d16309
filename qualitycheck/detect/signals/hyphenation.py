"""Pyphen for textstat's syllables, its patterns from the per-user cache.

Readability counts the syllables of a word CMUdict does not know with
Pyphen's hyphenation (as textstat does). Pyphen parses its ``en_US``
dictionary, 11,015 patterns, with a regular expression per line when the
first such word comes: 0.07 s CPU of every run's start (a quarter of a
one-file check), and before the fork of a ``--jobs`` run, where it is serial.
The parsed patterns are plain data (a string to a start and a tuple of
integers), kept in the per-user cache (:mod:`qualitycheck.primitives.cache`)
under the dictionary file's and Pyphen's own names, sizes and times, and
read back in 5 ms into Pyphen's own dictionary object; Pyphen's code does the
hyphenating, so the positions are Pyphen's. A dictionary with nonstandard
hyphenation (Pyphen's ``DataInt`` values, none in ``en_US``) is not cached.
"""

from __future__ import annotations

import os
from typing import Any

from qualitycheck.primitives.cache import load, store

#: The per-user cache's name for parsed hyphenation patterns.
CACHE_NAME = "pyphen-patterns"


def pyphen(language: str) -> Any:
    """``pyphen.Pyphen(lang=language)``, its patterns parsed once per installation."""
    import pyphen as module

    path = module.LANGUAGES[module.language_fallback(language)]
    if path not in module.hdcache and (parsed := _dictionary(module, path)) is not None:
        module.hdcache[path] = parsed  # where Pyphen looks for it first
    return module.Pyphen(lang=language)


def _dictionary(module: Any, path: Any) -> Any:
    """Pyphen's ``HyphDict`` for the dictionary at ``path``: its patterns from
    the cache, else parsed by Pyphen (and stored when they are plain data);
    ``None`` when the files cannot be read (Pyphen then loads as it would)."""
    key = _source_key(module, path)
    if key is None:
        return None
    patterns = load(CACHE_NAME, key, _valid)
    if patterns is None:
        parsed = module.HyphDict(path)
        if _valid(parsed.patterns):
            store(CACHE_NAME, key, parsed.patterns)
        return parsed
    parsed = module.HyphDict.__new__(module.HyphDict)
    parsed.patterns = patterns
    parsed.cache = {}
    parsed.maxlen = max(len(key) for key in patterns)
    return parsed


def _source_key(module: Any, path: Any) -> str | None:
    parts = [str(getattr(module, "__version__", ""))]
    try:
        for name in (os.fspath(path), module.__file__):
            status = os.stat(name)
            parts.append(f"{name}:{status.st_size}:{status.st_mtime_ns}")
    except (OSError, TypeError):
        return None
    return "|".join(parts)


def _valid(value: object) -> bool:
    """Patterns as Pyphen parses them, plain data only: a pattern to its start
    and its values (plain integers, none of Pyphen's ``DataInt``)."""
    return (
        isinstance(value, dict)
        and len(value) > 0
        and all(
            type(pattern) is str
            and type(entry) is tuple
            and len(entry) == 2
            and type(entry[0]) is int
            and type(entry[1]) is tuple
            and all(type(number) is int for number in entry[1])
            for pattern, entry in value.items()
        )
    )
