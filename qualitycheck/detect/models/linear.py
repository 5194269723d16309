"""A linear model over named features, stored as JSON.

Scoring is ``sigmoid(intercept + sum(weight[name] * value))`` over the
features present, which is exactly what scikit-learn's LogisticRegression
computes on a DictVectorizer matrix; the test suite checks the two agree.
"""

from __future__ import annotations

import hashlib
import json
import math
from dataclasses import dataclass, field, fields
from functools import reduce
from itertools import repeat
from operator import add, itemgetter, mul
from pathlib import Path
from typing import Any

from qualitycheck.errors import QualitycheckError
from qualitycheck.primitives import cache

#: Version of the model file format; bump when a field changes meaning.
MODEL_SCHEMA_VERSION = 1
#: The one kind of model the project ships and reads (``kind`` in the file).
MODEL_KIND = "logistic_regression"
#: The per-user cache's name for a model file's decoded fields.
CACHE_NAME = "linear-model"
#: How a cache entry lays the fields out (part of its key): 2 = weights packed;
#: 3 = only files that pass the checks of ``_problem`` (older entries skipped them).
CACHE_LAYOUT = 3


def _cached_fields(value: object) -> dict[str, Any] | None:
    """The constructor's arguments from a cache entry :meth:`LinearModel._fields`
    wrote, or ``None`` for anything :meth:`LinearModel._read` could not have
    produced (marshal could also hold code objects)."""
    if not isinstance(value, dict) or set(value) != set(_FIELDS):
        return None
    if not (
        isinstance(value["task"], str)
        and type(value["intercept"]) is float
        and type(value["threshold"]) is float
        and isinstance(value["training"], dict)
        and isinstance(value["settings"], dict)
        and cache.json_like(value["training"])
        and cache.json_like(value["settings"])
    ):
        return None
    weights = cache.unpacked_floats(value["weights"])
    return None if weights is None else {**value, "weights": weights}


def sigmoid(margin: float) -> float:
    """The logistic function, written so that neither branch overflows."""
    if margin >= 0:
        return 1.0 / (1.0 + math.exp(-margin))
    exp = math.exp(margin)
    return exp / (1.0 + exp)


@dataclass
class LinearModel:
    """Weights by feature name, an intercept and a decision threshold."""

    task: str
    weights: dict[str, float]
    intercept: float
    threshold: float
    training: dict[str, Any] = field(default_factory=dict)
    settings: dict[str, Any] = field(default_factory=dict)

    def margin(self, features: dict[str, float], start: float | None = None) -> float:
        """The linear score before the sigmoid.

        Summed in C (``map``/``reduce``), from the intercept (or ``start``, a
        running total that already holds the earlier features) in the
        features' order; an unknown feature adds 0.0, which leaves the sum as
        it was. Plain left-to-right additions, not ``sum()``: from Python 3.12
        ``sum`` compensates floats, so its last bit would depend on the
        version, and the compiled mt kernel adds the way this does.
        """
        weights = map(self.weights.get, features.keys(), repeat(0.0))
        total = self.intercept if start is None else start
        return reduce(add, map(mul, weights, features.values()), total)

    def probability(self, features: dict[str, float]) -> float:
        return sigmoid(self.margin(features))

    def contributions(self, features: dict[str, float], top: int = 5) -> list[tuple[str, float]]:
        """The features that pushed the score up the most (for explanations):
        largest first, ties in the features' order (a stable sort, reversed
        stably). One look-up a feature (a weight is never None)."""
        weight = self.weights.get
        parts = [(n, w * v) for n, v in features.items() if (w := weight(n)) is not None]
        return sorted(parts, key=itemgetter(1), reverse=True)[:top]

    def to_json(self) -> dict[str, Any]:
        return {
            "schema_version": MODEL_SCHEMA_VERSION,
            "task": self.task,
            "kind": MODEL_KIND,
            "threshold": round(self.threshold, 6),
            "intercept": self.intercept,
            "settings": self.settings,
            "training": self.training,
            "weights": dict(sorted(self.weights.items())),
        }

    def to_text(self) -> str:
        """The model file's text (``train`` writes it with a temporary file and a rename)."""
        return json.dumps(self.to_json(), ensure_ascii=False, indent=1, sort_keys=False) + "\n"

    def save(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(self.to_text(), encoding="utf-8")

    @classmethod
    def load(cls, path: Path) -> LinearModel:
        """The model in ``path``; its fields come from the per-user cache
        (:mod:`qualitycheck.primitives.cache`, marshal) when an earlier run read
        a file with the same bytes: decoding the shipped models' JSON took
        0.07 s CPU of a one-file run, hashing and unmarshalling them 0.03 s.
        What the cache holds is type-checked before use; the file stays the
        model (a different byte gives another key)."""
        try:
            raw = path.read_bytes()
        except OSError:
            return cls._read(path)  # which reports it
        key = f"{MODEL_SCHEMA_VERSION}|{CACHE_LAYOUT}|{hashlib.sha256(raw).hexdigest()}"
        stored = cache.converted(CACHE_NAME, key, _cached_fields)
        if stored is not None:
            return cls(**stored)
        model = cls._read(path)
        fields = model._fields()
        if fields is not None:
            cache.store(CACHE_NAME, key, fields)
        return model

    def _fields(self) -> dict[str, Any] | None:
        """The constructor's arguments as the cache keeps them (the weights
        packed: :func:`qualitycheck.primitives.cache.packed_floats`), or
        ``None`` when they cannot be packed."""
        weights = cache.packed_floats(self.weights)
        if weights is None:
            return None
        return {**{name: getattr(self, name) for name in _FIELDS}, "weights": weights}

    @classmethod
    def _read(cls, path: Path) -> LinearModel:
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
            raise QualitycheckError(f"{path}: cannot read model: {exc}") from None
        except RecursionError:
            raise QualitycheckError(f"{path}: cannot read model: nested too deeply") from None
        if not isinstance(data, dict) or data.get("schema_version") != MODEL_SCHEMA_VERSION:
            found = data.get("schema_version") if isinstance(data, dict) else None
            raise QualitycheckError(
                f"{path}: not a qualitycheck model (schema_version {MODEL_SCHEMA_VERSION}, "
                f"found {found!r})"
            )
        problem = _problem(data)
        if problem is not None:
            raise QualitycheckError(f"{path}: malformed model file: {problem}")
        return cls(
            task=data["task"],
            weights={k: float(v) for k, v in data["weights"].items()},
            intercept=float(data["intercept"]),
            threshold=float(data["threshold"]),
            training=dict(data.get("training", {})),
            settings=dict(data.get("settings", {})),
        )


#: Settings that are probabilities, like ``threshold``.
_PROBABILITY_SETTINGS = ("warning_threshold", "info_threshold")


def _number(value: Any) -> bool:
    """A finite JSON number (not a boolean, not a string of digits)."""
    if not isinstance(value, int | float) or isinstance(value, bool):
        return False
    try:
        return math.isfinite(value)
    except OverflowError:  # an integer of hundreds of digits: no float holds it
        return False


def _problem(data: dict[str, Any]) -> str | None:
    """What makes a model file unusable, named, or ``None``: a NaN weight
    switched a model off without a word, an infinite one wrote ``NaN`` into
    the JSON output, a threshold of -3 flagged everything."""
    required = ("task", "kind", "weights", "intercept", "threshold")
    missing = [key for key in required if key not in data]
    if missing:
        return f"no {', '.join(repr(key) for key in missing)}"
    if not isinstance(data["task"], str):
        return f"'task' must be text, not {data['task']!r}"
    if data["kind"] != MODEL_KIND:
        return f"'kind' must be {MODEL_KIND!r}, not {data['kind']!r}"
    weights = data["weights"]
    if not isinstance(weights, dict):
        return "'weights' must be a mapping of feature names to numbers"
    for name, value in weights.items():
        if not _number(value):
            return f"weights[{name!r}] is not a finite number: {value!r}"
    if not _number(data["intercept"]):
        return f"'intercept' is not a finite number: {data['intercept']!r}"
    for key in ("training", "settings"):
        if not isinstance(data.get(key, {}), dict):
            return f"{key!r} must be a mapping"
    settings = data.get("settings", {})
    probabilities = [("threshold", data["threshold"])]
    for key in _PROBABILITY_SETTINGS:
        if key in settings:
            probabilities.append((f"settings.{key}", settings[key]))
    for name, value in probabilities:
        if not _number(value) or not 0.0 <= value <= 1.0:
            return f"{name!r} must be a probability from 0 to 1, not {value!r}"
    return None


def load_task(folder: Path, task: str) -> LinearModel:
    """The model of ``task`` in ``folder`` (``TASK.json``), refused when the
    file says it is another task's: a boilerplate model copied to
    ``claims.json`` would score sentences with line weights, without a word."""
    path = folder / f"{task}.json"
    model = LinearModel.load(path)
    if model.task != task:
        raise QualitycheckError(f"{path}: a model for task {model.task!r}, not {task!r}")
    return model


#: The fields a model is made of (what the per-user cache keeps of a file).
_FIELDS = tuple(f.name for f in fields(LinearModel))
