"""A per-user cache of data that is slow to build and never changes for a
given installation (CMUdict's syllable table, the decoded models, what the
rule packs' patterns derive to), so a one-file run starts fast.

Values are plain data (dicts, lists, strings, numbers) stored with
:mod:`marshal`, which loads them several times faster than JSON or than
building them again; the cache is ours, rebuilt whenever its key (the
versions that produced it) changes, and never required: an unreadable,
corrupt or stale file, or a cache folder that cannot be written, only costs
the build. ``QUALITYCHECK_CACHE_DIR`` moves the folder (default
``$XDG_CACHE_HOME/qualitycheck`` or ``~/.cache/qualitycheck``); ``off``
switches the cache off. The folder stays small: storing an entry keeps only
the :data:`KEEP` newest entries of its name (a retrained model, an edited
rule pack or another Python leaves a new entry each; the old ones go). What
is cached is derived from files that stay as they are (the shipped models
stay reviewable JSON; their decoded fields are cached under the SHA-256 of
the file's bytes, the rule packs' pattern facts under their contents' hash:
:mod:`qualitycheck.primitives.patternfacts`, and what a YAML file parsed to
under the hash of its bytes: :mod:`qualitycheck.primitives.yamlcache`).
"""

from __future__ import annotations

import contextlib
import hashlib
import marshal
import os
import sys
import tempfile
from array import array
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar, cast

T = TypeVar("T")
ENVIRONMENT = "QUALITYCHECK_CACHE_DIR"
#: Entries of one name kept when a new one is stored (the shipped models
#: alone are five entries of the name ``linear-model``).
KEEP = 12


def cache_dir() -> Path | None:
    """Where cached data lives, or ``None`` when caching is off."""
    configured = os.environ.get(ENVIRONMENT)
    if configured is not None:
        return None if configured.strip().lower() in ("", "off", "0", "none") else Path(configured)
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "qualitycheck"


def _path(name: str, key: str) -> Path | None:
    folder = cache_dir()
    if folder is None:
        return None
    digest = hashlib.sha256(f"{key}|{sys.version}|{marshal.version}".encode()).hexdigest()
    return folder / f"{name}-{digest[:20]}.marshal"


def load(name: str, key: str, valid: Callable[[object], bool]) -> Any:
    """The value stored under ``name`` for ``key`` if it passes ``valid``, else ``None``."""
    return converted(name, key, lambda value: value if valid(value) else None)


def converted(name: str, key: str, convert: Callable[[object], T | None]) -> T | None:
    """What ``convert`` makes of the value stored under ``name`` for ``key``
    (``None`` from it: an entry not to trust), or ``None`` when there is none.
    For entries that are checked and unpacked in one pass."""
    path = _path(name, key)
    if path is None:
        return None
    try:
        value = marshal.loads(path.read_bytes())
    except (OSError, EOFError, ValueError, TypeError):
        return None
    return None if value is None else convert(value)


def store(name: str, key: str, value: Any, keep: int | None = None) -> None:
    """Keep ``value`` under ``name`` for ``key`` (quietly nothing when the
    cache is off or its folder cannot be written), and the ``keep`` newest
    entries of the name (:data:`KEEP` when not given)."""
    path = _path(name, key)
    if path is None:
        return
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{name}-", suffix=".tmp")
        try:
            with os.fdopen(handle, "wb") as stream:
                stream.write(marshal.dumps(value))
            os.replace(temporary, path)  # readers see the old file or the whole new one
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise
        _prune(path.parent, name, path, KEEP if keep is None else keep)
    except (OSError, ValueError):
        pass  # a read-only home, a full disk: the next run builds again


def _prune(folder: Path, name: str, kept: Path, keep: int) -> None:
    """Remove all but the ``keep`` newest entries of ``name`` (never ``kept``).

    A file another process removes first, or one that cannot be removed, is
    left to the next store: pruning only bounds the folder."""
    entries = []
    for entry in folder.glob(f"{name}-*.marshal"):
        if entry.name[len(name) + 1 : -len(".marshal")].isalnum():  # not a longer name's
            try:
                entries.append((entry.stat().st_mtime_ns, entry.name, entry))
            except OSError:
                continue
    entries.sort(reverse=True)
    for _, _, entry in entries[keep:]:
        if entry != kept:
            with contextlib.suppress(OSError):
                entry.unlink()


def file_stamp(path: str | os.PathLike[str]) -> str:
    """A file's place, size and modification time (``PATH|missing`` when it
    cannot be read): a key part that changes when the file is replaced or
    edited (a new version of a package, an edited module)."""
    try:
        status = os.stat(path)
    except OSError:
        return f"{path}|missing"
    return f"{path}|{status.st_size}|{status.st_mtime_ns}"


def file_sha256(path: str | os.PathLike[str]) -> str:
    """The SHA-256 of a file's bytes, read in blocks (``""`` when it cannot
    be read): which version of an input a result was computed from."""
    digest = hashlib.sha256()
    try:
        with open(path, "rb") as stream:
            while block := stream.read(1 << 20):
                digest.update(block)
    except OSError:
        return ""
    return digest.hexdigest()


def package_origin(name: str) -> str:
    """Where an installed package's module file is, found without importing
    it (``""`` when it is not installed)."""
    import importlib.util

    spec = importlib.util.find_spec(name)
    return spec.origin if spec is not None and spec.origin else ""


def json_like(value: object, depth: int = 0) -> bool:
    """What ``json.loads`` returns: dicts with text keys, lists, text, numbers,
    booleans and ``None`` (a marshalled entry could also hold code objects)."""
    if depth > 50:
        return False
    if value is None or isinstance(value, str | int | float):  # bool is an int
        return True
    if isinstance(value, list):
        return all(json_like(item, depth + 1) for item in value)
    if isinstance(value, dict):
        return all(
            isinstance(key, str) and json_like(item, depth + 1) for key, item in value.items()
        )
    return False


#: Between the keys of a packed weight table (no feature name holds it).
_KEY_SEPARATOR = "\x00"


def packed_floats(weights: dict[str, float]) -> tuple[str, bytes] | None:
    """A table of named weights as the cache keeps it: the names joined into
    one string and the values as one run of doubles, in the table's order;
    ``None`` when a name holds the separator (the table is then not packed).

    A model's hundred thousand weights as a marshalled dict took longer to
    load and to type-check, entry by entry, than JSON took to decode them;
    one string and one ``bytes`` load in a millisecond, and their pieces can
    only be names and floats, so nothing but their counts needs checking.
    """
    names = list(weights)
    if any(_KEY_SEPARATOR in name for name in names):
        return None
    return _KEY_SEPARATOR.join(names), array("d", weights.values()).tobytes()


def unpacked_floats(packed: object) -> dict[str, float] | None:
    """The table :func:`packed_floats` packed, in its order, every value the
    same double; ``None`` for anything it could not have written."""
    if not (isinstance(packed, tuple) and len(packed) == 2):
        return None
    names, values = packed
    if type(names) is not str or type(values) is not bytes or len(values) % 8:
        return None
    numbers = array("d", values)
    keys = names.split(_KEY_SEPARATOR) if names or numbers else []
    if len(keys) != len(numbers):
        return None
    table = dict(zip(keys, numbers, strict=True))
    return table if len(table) == len(keys) else None  # a name twice: not packed here


def cached(name: str, key: str, build: Callable[[], T], valid: Callable[[object], bool]) -> T:
    """The value cached under ``name`` for ``key``, else ``build()`` (stored
    for next time). ``valid`` vets what was read before it is trusted."""
    value = load(name, key, valid)
    if value is not None:
        return cast(T, value)
    built = build()
    store(name, key, built)
    return built
