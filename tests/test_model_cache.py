"""LinearModel.load and the voice model's file through the per-user cache:
the model read from the cache equals the one decoded from its JSON, field for
field and weight for weight (float.hex, in order), a changed file is decoded
again, and a tampered cache entry is not used."""

from __future__ import annotations

import json
import marshal
from pathlib import Path

import pytest

from qualitycheck.detect.models import linear
from qualitycheck.detect.models.linear import CACHE_NAME, LinearModel, _cached_fields
from qualitycheck.detect.signals import voice_file
from qualitycheck.detect.signals.voice import SHIPPED
from qualitycheck.primitives import cache


def _same(a: LinearModel, b: LinearModel) -> None:
    assert (a.task, a.intercept.hex(), a.threshold.hex()) == (
        b.task,
        b.intercept.hex(),
        b.threshold.hex(),
    )
    assert list(a.weights) == list(b.weights)  # same order, too
    assert [v.hex() for v in a.weights.values()] == [v.hex() for v in b.weights.values()]
    assert (a.training, a.settings) == (b.training, b.settings)


@pytest.fixture
def folder(tmp_path, monkeypatch):
    monkeypatch.setenv(cache.ENVIRONMENT, str(tmp_path / "cache"))
    return tmp_path


def test_every_shipped_model_reads_back_the_same_from_the_cache(folder):
    paths = sorted((Path(linear.__file__).parent / "data").glob("*.json"))
    assert paths
    for path in paths:
        decoded = LinearModel._read(path)
        first = LinearModel.load(path)  # decoded, then stored
        second = LinearModel.load(path)  # from the cache
        _same(first, decoded)
        _same(second, decoded)
    assert len(list((folder / "cache").glob(f"{CACHE_NAME}-*.marshal"))) == len(paths)


def test_a_changed_file_is_decoded_again(folder):
    path = folder / "m.json"
    model = LinearModel("t", {"a": 0.5, "b": -1.25}, 0.1, 0.5, {"n": [1, 2]}, {"k": "v"})
    model.save(path)
    _same(LinearModel.load(path), model)
    model.weights["a"] = 0.75
    model.save(path)
    _same(LinearModel.load(path), model)


def test_a_tampered_entry_is_not_used(folder):
    path = folder / "m.json"
    model = LinearModel("t", {"a": 0.5}, 0.1, 0.5)
    model.save(path)
    LinearModel.load(path)
    (stored,) = (folder / "cache").glob(f"{CACHE_NAME}-*.marshal")
    fields = marshal.loads(stored.read_bytes())
    assert _cached_fields(fields) is not None
    names, values = fields["weights"]
    for bad in (
        {**fields, "weights": {"a": 0.5}},  # not packed
        {**fields, "weights": (names, values[:-1])},  # not whole doubles
        {**fields, "weights": (names + "\x00b", values)},  # more names than values
        {**fields, "weights": ("a\x00a", values + values)},  # a name twice
        {**fields, "weights": (b"a", values)},
        {**fields, "intercept": None},
        {**fields, "settings": {"k": compile("1", "x", "eval")}},
        {**fields, "extra": 1},
        [fields],
    ):
        assert _cached_fields(bad) is None
    stored.write_bytes(marshal.dumps({**fields, "weights": ("a", b"\x00" * 7)}))
    _same(LinearModel.load(path), model)  # decoded from the file again
    assert json.loads(path.read_text(encoding="utf-8"))["weights"] == {"a": 0.5}


def test_an_unreadable_file_still_says_why(folder):
    from qualitycheck.errors import QualitycheckError

    with pytest.raises(QualitycheckError, match="cannot read model"):
        LinearModel.load(folder / "missing.json")
    (folder / "deep.json").write_text("[" * 100_000, encoding="utf-8")  # was a traceback
    with pytest.raises(QualitycheckError, match="cannot read model: nested too deeply"):
        LinearModel.load(folder / "deep.json")


@pytest.mark.parametrize(
    "weights",
    [{}, {"": 1.0}, {"a": -0.0, "": 2.5, "b c": 1e-300}, {"x": float("inf"), "é": -1e308}],
)
def test_packed_weights_come_back_the_same_in_order(weights):
    back = cache.unpacked_floats(cache.packed_floats(weights))
    assert back is not None
    assert list(back) == list(weights)
    assert [v.hex() for v in back.values()] == [v.hex() for v in weights.values()]


def test_a_name_with_the_separator_is_not_packed_and_the_model_still_loads(folder):
    assert cache.packed_floats({"a\x00b": 1.0}) is None
    path = folder / "m.json"
    model = LinearModel("t", {"a\x00b": 0.5}, 0.1, 0.5)
    model.save(path)
    _same(LinearModel.load(path), model)
    assert not list((folder / "cache").glob(f"{CACHE_NAME}-*.marshal"))  # nothing stored


def _same_voice(a: dict, b: dict) -> None:
    assert set(a) == set(b)
    for name in ("weights", "sentence_weights"):
        assert list(a[name]) == list(b[name])
        assert [v.hex() for v in a[name].values()] == [v.hex() for v in b[name].values()]
    for name in ("intercept", "sentence_intercept", "reported_from", "attributed_from"):
        assert a[name].hex() == b[name].hex()
    assert (a["cues"], a["training"]) == (b["cues"], b["training"])


def test_the_voice_model_reads_back_the_same_from_the_cache(folder):
    decoded = voice_file.decoded(SHIPPED.read_text(encoding="utf-8"))
    first = voice_file.voice_fields(SHIPPED)  # decoded, then stored
    second = voice_file.voice_fields(SHIPPED)  # from the cache
    _same_voice(first, decoded)
    _same_voice(second, decoded)
    (stored,) = (folder / "cache").glob(f"{voice_file.CACHE_NAME}-*.marshal")
    entry = marshal.loads(stored.read_bytes())
    for bad in (
        {**entry, "cues": ["a", 1]},
        {**entry, "weights": {"a": 1.0}},
        {**entry, "intercept": 1},
        {**entry, "training": {"k": compile("1", "x", "eval")}},
        {key: value for key, value in entry.items() if key != "training"},
    ):
        stored.write_bytes(marshal.dumps(bad))
        _same_voice(voice_file.voice_fields(SHIPPED), decoded)  # decoded from the file again
