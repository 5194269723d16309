"""What loading the rules derives from each pattern's text, remembered.

Loading the shipped packs read each regular expression with the ``regex``
package's parser three or four times (validation, size, literal prefilters,
the RE2 screen's translation) and compiled it twice: 0.13 s CPU of a 0.43 s
one-file run. Every one of those facts is a function of the pattern's text,
of the limits the code applies and of the code itself, so each is kept in a
table keyed by its whole input (:func:`remembered`): within a process a
fact is derived once, however many checkers load the packs.

Across processes the tables are kept in the per-user cache
(:mod:`qualitycheck.primitives.cache`, ``marshal``: plain data, never
pickle) under a key the caller makes of the packs' contents and the deriving
code's source (:func:`begin`), and written back when a load derived
something new (:func:`keep`): a changed pack or a new version of the code
builds them again. What is read is not trusted blindly: every table and
entry is type-checked before use (:func:`_valid`), and since an entry's key
is its full input, a fact is only ever used for the pattern, flags and
limits it was derived from. ``QUALITYCHECK_CACHE_DIR=off`` keeps them in the
process only.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from qualitycheck.primitives import cache

T = TypeVar("T")

#: The cache file's name in the per-user cache folder.
NAME = "pattern-facts"
#: Most entries a table holds in one process (user packs and generated
#: patterns in tests could otherwise grow it without bound); past it, it is emptied.
TABLE_LIMIT = 20_000


def _text_key(key: object) -> bool:
    return isinstance(key, str) or (
        isinstance(key, tuple) and all(isinstance(part, str | bool | int) for part in key)
    )


def _optional_text(value: object) -> bool:
    return value is None or isinstance(value, str)


def _strings(value: object) -> bool:
    return value is None or (
        isinstance(value, frozenset) and all(isinstance(item, str) for item in value)
    )


def _shape(value: object) -> bool:
    return (
        isinstance(value, tuple)
        and len(value) == 3
        and all(isinstance(part, int) for part in value)  # bool is an int
    )


#: Each table and what its values must be: ``check`` (the validator's answer
#: for a list of patterns: ``None`` or the error message), ``shape`` (size,
#: depth, joinable), ``groups`` (capture groups), ``strings`` (a pattern's
#: required strings or ``None``), ``widened`` (its RE2 screen or ``None``),
#: ``compiles`` (whether RE2 compiles a translation).
TABLES: dict[str, Callable[[object], bool]] = {
    "check": _optional_text,
    "shape": _shape,
    "groups": lambda value: isinstance(value, int) and not isinstance(value, bool),
    "strings": _strings,
    "widened": _optional_text,
    "compiles": lambda value: isinstance(value, bool),
}

_tables: dict[str, dict[Any, Any]] = {name: {} for name in TABLES}
#: The cache key of the packs loaded last, whether facts were derived since,
#: and the keys asked for since (what :func:`keep` stores: the file holds the
#: facts of these packs, not of everything the process ever loaded).
_session: dict[str, Any] = {"key": None, "added": False}
_asked: dict[str, set[Any]] = {name: set() for name in TABLES}


def remembered(table: str, key: Any, derive: Callable[[], T]) -> T:
    """The fact ``table`` holds for ``key``, derived (and kept) on first use.
    An exception from ``derive`` is raised and nothing is kept."""
    facts = _tables[table]
    asked = _asked[table]
    if len(asked) < TABLE_LIMIT:
        asked.add(key)
    try:
        return facts[key]
    except KeyError:
        pass
    value = derive()
    if len(facts) >= TABLE_LIMIT:
        facts.clear()
    facts[key] = value
    _session["added"] = True
    return value


def _valid(value: object) -> bool:
    """Read tables that hold only what this code would have stored."""
    if not isinstance(value, dict) or set(value) != set(TABLES):
        return False
    for name, facts in value.items():
        if not isinstance(facts, dict):
            return False
        check = TABLES[name]
        if not all(_text_key(key) and check(fact) for key, fact in facts.items()):
            return False
    return True


def begin(key: str) -> None:
    """Packs with this key (their contents and the deriving code) are about to
    load: the facts an earlier run kept for them join the tables."""
    _session["key"], _session["added"] = key, False
    for asked in _asked.values():
        asked.clear()
    stored = cache.load(NAME, key, _valid)
    if stored is None:
        return
    for name, facts in stored.items():
        _tables[name].update(facts)


def keep() -> None:
    """Store the tables for the key of :func:`begin` when facts were derived
    since (a first run, a changed pack); nothing otherwise."""
    key = _session["key"]
    if key is None or not _session["added"]:
        return
    kept = {
        name: {key: facts[key] for key in _asked[name] if key in facts}
        for name, facts in _tables.items()
    }
    cache.store(NAME, key, kept)
    _session["added"] = False
