"""LinearModel.load through the per-user cache: the model read from the cache
equals the one decoded from its JSON, field for field and weight for weight
(float.hex), a changed file is decoded again, and a tampered cache entry is
not used."""

from __future__ import annotations

import json
import marshal
from pathlib import Path

import pytest

from qualitycheck.detect.models import linear
from qualitycheck.detect.models.linear import CACHE_NAME, LinearModel, _valid_fields
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
    assert _valid_fields(fields)
    for bad in (
        {**fields, "weights": {"a": "0.9"}},
        {**fields, "weights": {"a": 1}},
        {**fields, "intercept": None},
        {**fields, "settings": {"k": compile("1", "x", "eval")}},
        {**fields, "extra": 1},
        [fields],
    ):
        assert not _valid_fields(bad)
    stored.write_bytes(marshal.dumps({**fields, "weights": {"a": "0.9"}}))
    _same(LinearModel.load(path), model)  # decoded from the file again
    assert json.loads(path.read_text(encoding="utf-8"))["weights"] == {"a": 0.5}


def test_an_unreadable_file_still_says_why(folder):
    from qualitycheck.errors import QualitycheckError

    with pytest.raises(QualitycheckError, match="cannot read model"):
        LinearModel.load(folder / "missing.json")
