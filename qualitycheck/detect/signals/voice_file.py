"""The voice model's file, read through the per-user cache.

``voice.json`` holds about 104,000 weights. Decoding it with :mod:`json` and
converting every entry took 0.056 s CPU of each process that tagged a
sentence (a one-file run, and the warm-up before ``--jobs`` forks its
workers). The decoded fields are kept in the per-user cache
(:mod:`qualitycheck.primitives.cache`) under the SHA-256 of the file's bytes,
the two weight tables packed as one string of names and one run of doubles,
which load in a few milliseconds; the file stays the model (another byte
gives another key), and what the cache holds is checked before use.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

from qualitycheck.primitives import cache

#: The per-user cache's name for the voice model's decoded fields.
CACHE_NAME = "voice-model"
#: How an entry lays the fields out (part of its key).
LAYOUT = 1
#: The fields that are numbers, and the two weight tables.
_NUMBERS = ("intercept", "sentence_intercept", "reported_from", "attributed_from")
_TABLES = ("weights", "sentence_weights")


def voice_fields(path: Path) -> dict[str, Any]:
    """The ``VoiceModel`` constructor's arguments from the file at ``path``."""
    raw = path.read_bytes()
    key = f"{LAYOUT}|{hashlib.sha256(raw).hexdigest()}"
    stored = cache.converted(CACHE_NAME, key, _unpacked)
    if stored is not None:
        return stored
    fields = decoded(raw.decode("utf-8"))
    packed = _packed(fields)
    if packed is not None:
        cache.store(CACHE_NAME, key, packed)
    return fields


def decoded(text: str) -> dict[str, Any]:
    """The constructor's arguments from the file's JSON text."""
    data = json.loads(text)
    return {
        "weights": {str(k): float(v) for k, v in data["weights"].items()},
        "intercept": float(data["intercept"]),
        "cues": frozenset(data["cues"]),
        "sentence_weights": {str(k): float(v) for k, v in data["sentence_weights"].items()},
        "sentence_intercept": float(data["sentence_intercept"]),
        "reported_from": float(data["reported_from"]),
        "attributed_from": float(data["attributed_from"]),
        "training": dict(data.get("training", {})),
    }


def _packed(fields: dict[str, Any]) -> dict[str, Any] | None:
    """What the cache keeps of ``fields``, or ``None`` when a table cannot be packed."""
    tables = {name: cache.packed_floats(fields[name]) for name in _TABLES}
    if None in tables.values():
        return None
    return {**fields, **tables, "cues": sorted(fields["cues"])}


def _unpacked(value: object) -> dict[str, Any] | None:
    """``fields`` back from what :func:`_packed` stored; ``None`` for anything else."""
    if not isinstance(value, dict) or set(value) != {*_NUMBERS, *_TABLES, "cues", "training"}:
        return None
    cues, training = value["cues"], value["training"]
    if not (
        all(type(value[name]) is float for name in _NUMBERS)
        and isinstance(cues, list)
        and all(type(cue) is str for cue in cues)
        and isinstance(training, dict)
        and cache.json_like(training)
    ):
        return None
    tables = {name: cache.unpacked_floats(value[name]) for name in _TABLES}
    if None in tables.values():
        return None
    return {**value, **tables, "cues": frozenset(cues)}
