"""The per-user cache: used when valid, rebuilt when stale or corrupt, never
required (off, or a folder that cannot be written, only costs the build)."""

from __future__ import annotations

import marshal
import os

import pytest

from qualitycheck.detect.signals import cmu
from qualitycheck.primitives import cache
from qualitycheck.primitives.cache import ENVIRONMENT, cached


def counting_build(calls: list[int]):
    def build() -> dict[str, int]:
        calls.append(1)
        return {"harbour": 2}

    return build


def valid(value: object) -> bool:
    return isinstance(value, dict) and value.get("harbour") == 2


def test_the_second_call_reads_the_cache(tmp_path, monkeypatch):
    monkeypatch.setenv(ENVIRONMENT, str(tmp_path / "cache"))
    calls: list[int] = []
    assert cached("t", "k1", counting_build(calls), valid) == {"harbour": 2}
    assert cached("t", "k1", counting_build(calls), valid) == {"harbour": 2}
    assert len(calls) == 1
    cached("t", "k2", counting_build(calls), valid)  # another key: built again
    assert len(calls) == 2


def test_corrupt_or_wrong_content_is_rebuilt(tmp_path, monkeypatch):
    monkeypatch.setenv(ENVIRONMENT, str(tmp_path))
    calls: list[int] = []
    cached("t", "k", counting_build(calls), valid)
    [path] = tmp_path.glob("t-*.marshal")
    for damage in (b"\x00garbage", marshal.dumps({"harbour": "two"}), b""):
        path.write_bytes(damage)
        assert cached("t", "k", counting_build(calls), valid) == {"harbour": 2}
    assert len(calls) == 4
    assert marshal.loads(path.read_bytes()) == {"harbour": 2}  # repaired


@pytest.mark.parametrize("setting", ["off", ""])
def test_off_means_no_file(tmp_path, monkeypatch, setting):
    monkeypatch.setenv(ENVIRONMENT, setting)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    calls: list[int] = []
    cached("t", "k", counting_build(calls), valid)
    cached("t", "k", counting_build(calls), valid)
    assert len(calls) == 2 and not list(tmp_path.rglob("*.marshal"))


def test_an_unwritable_cache_folder_only_costs_the_build(tmp_path, monkeypatch):
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    monkeypatch.setenv(ENVIRONMENT, str(blocker / "cache"))
    calls: list[int] = []
    assert cached("t", "k", counting_build(calls), valid) == {"harbour": 2}


def test_the_cached_syllable_table_equals_the_built_one(tmp_path, monkeypatch):
    monkeypatch.setenv(ENVIRONMENT, str(tmp_path))
    built = cmu._build()
    cmu.reset()
    try:
        first = cmu.syllable_table()
        cmu.reset()
        second = cmu.syllable_table()  # from the file this time
        assert list(tmp_path.glob("cmudict-syllables-*.marshal"))
        assert isinstance(second, cmu.PackedTable)
        assert second.as_dict() == built
        assert first.get("harbor") == second.get("harbor") == 2
    finally:
        cmu.reset()


def test_the_packed_table_answers_as_the_dict_and_becomes_it(tmp_path, monkeypatch):
    """Binary search in the packed words gives every count the dict gives,
    and None for words it lacks; after DICT_AFTER look-ups the table is the dict."""
    monkeypatch.setenv(ENVIRONMENT, str(tmp_path))
    built = cmu._build()
    asked = [*built, "", "zzzz", "a-b", "éclair", "harbor\nx", "\uffff", "Harbor", "harbo"]
    cmu.reset()
    try:
        packed = cmu.syllable_table()
        assert isinstance(packed, cmu.PackedTable)
        assert [packed.get(word) for word in asked] == [built.get(word) for word in asked]
        assert ("harbor" in packed, "harbo" in packed, 3 in packed) == (True, False, False)
        now = cmu.syllable_table()
        assert type(now) is dict and now == built  # past DICT_AFTER look-ups
        cmu.reset()
        cmu.load_all()
        assert type(cmu.syllable_table()) is dict
    finally:
        cmu.reset()


@pytest.mark.parametrize(
    "spoil",
    [
        lambda w, s, c: (w, s, c[:-1]),  # a count missing
        lambda w, s, c: (w.replace("harbor\n", "harbour\n"), s, c),  # a word changed
        lambda w, s, c: (w, s[:-1], c),  # offsets cut mid-number
        lambda w, s, c: (w, s, bytes(len(c))),  # every count 0
        lambda w, s, c: [w, s, c],
        lambda w, s, c: (w, s),
    ],
)
def test_a_cached_syllable_table_of_the_wrong_shape_is_built_again(tmp_path, monkeypatch, spoil):
    monkeypatch.setenv(ENVIRONMENT, str(tmp_path))
    built = cmu._build()
    words, starts, counts = cmu._packed(built)
    assert cmu._unpacked((words, starts, counts)) is not None
    spoiled = spoil(words, starts, counts)
    assert cmu._unpacked(spoiled) is None
    cache.store(cmu.CACHE_NAME, f"{cmu.LAYOUT}|{cmu._source_key()}", spoiled)
    cmu.reset()
    try:
        table = cmu.syllable_table()
        assert isinstance(table, cmu.PackedTable) and table.as_dict() == built
    finally:
        cmu.reset()


def test_the_folder_keeps_only_the_newest_entries_of_a_name(tmp_path, monkeypatch):
    """Every retrained model or edited pack leaves a new entry; old ones go."""
    monkeypatch.setenv(ENVIRONMENT, str(tmp_path))
    monkeypatch.setattr(cache, "KEEP", 3)
    other = tmp_path / "t-extra-0123456789abcdef0123.marshal"  # a longer name's entry
    other.write_bytes(marshal.dumps({"harbour": 2}))
    calls: list[int] = []
    for number in range(6):
        cached("t", f"k{number}", counting_build(calls), valid)
        for age, entry in enumerate(sorted(tmp_path.glob("t-*.marshal"))):
            os.utime(entry, ns=(age, age))  # written in the same tick: order them
        os.utime(cache._path("t", f"k{number}"), ns=(10**9 + number, 10**9 + number))
    kept = {p.name for p in tmp_path.glob("t-*.marshal")} - {other.name}
    assert kept == {cache._path("t", f"k{n}").name for n in (3, 4, 5)}
    assert other.exists()
    assert cached("t", "k5", counting_build(calls), valid) == {"harbour": 2}
    assert len(calls) == 6  # the newest still read back
