"""langdetect's profiles as the compact cached table: every n-gram's row is
langdetect's to the bit, detection answers the same with either table (the
compiled trials and langdetect's own), the cache is keyed on the profile
files, and a bad cache entry or a cache switched off costs only the build."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from langdetect import detector_factory

from qualitycheck.detect.signals import language, language_kernel, language_profiles
from qualitycheck.detect.signals.language_profiles import CACHE_NAME, ProfileTable
from qualitycheck.primitives import cache

SENTENCES = (
    "Der schnelle braune Fuchs springt über den faulen Hund und läuft in den Wald.",
    "La ciudad está llena de gente que camina por las calles cada año.",
    "Le gouvernement a annoncé une nouvelle loi sur l'été et les vacances.",
    "To jest przykład zdania w języku polskim, które się tu pojawia.",
    "Москва является столицей России и крупнейшим городом страны.",
    "東京は日本の首都であり、世界最大の都市圏の一つです。",
    "The council said the bridge would reopen to traffic on Monday morning.",
)


@pytest.fixture(scope="module")
def langdetects() -> detector_factory.DetectorFactory:
    """langdetect's own factory, its table built from the JSON profiles."""
    built = detector_factory.DetectorFactory()
    built.load_profile(detector_factory.PROFILES_DIRECTORY)
    return built


@pytest.fixture
def fresh(tmp_path, monkeypatch):
    """No factory loaded yet, and a cache folder of the test's own."""
    monkeypatch.setenv(cache.ENVIRONMENT, str(tmp_path / "cache"))
    monkeypatch.setattr(detector_factory, "_factory", None)
    language._factory.cache_clear()
    yield tmp_path / "cache"
    language._factory.cache_clear()  # the next test's factory is langdetect's again


def _hexed(rows: object, ngram: str) -> list[str]:
    return [value.hex() for value in rows[ngram]]  # type: ignore[index]


def test_every_row_is_langdetects_to_the_bit(langdetects):
    table = language_profiles.compact(langdetects.word_lang_prob_map, len(langdetects.langlist))
    rows = langdetects.word_lang_prob_map
    assert list(table) == list(rows)  # the same n-grams, in the same order
    for ngram in rows:
        assert _hexed(table, ngram) == _hexed(rows, ngram), ngram
    assert "no such n-gram" not in table
    with pytest.raises(KeyError):
        table["no such n-gram"]


def test_a_cold_cache_builds_and_stores_and_a_warm_one_reads_the_same(fresh, langdetects):
    built = language_profiles.factory()
    assert isinstance(built.word_lang_prob_map, ProfileTable)
    assert len(list(fresh.glob(f"{CACHE_NAME}-*.marshal"))) == 1
    detector_factory._factory = None
    loaded = language_profiles.factory()
    assert loaded is not built and loaded.langlist == langdetects.langlist
    for ngram in list(langdetects.word_lang_prob_map)[::97]:
        expected = _hexed(langdetects.word_lang_prob_map, ngram)
        assert _hexed(loaded.word_lang_prob_map, ngram) == expected


def _answers(factory: detector_factory.DetectorFactory, compiled: bool) -> list[object]:
    answers: list[object] = []
    factory.set_seed(0)
    for sentence in SENTENCES:
        detector = factory.create()
        detector.append(sentence)
        found = (
            language_kernel.probabilities(detector) if compiled else detector.get_probabilities()
        )
        answers.append([(p.lang, p.prob.hex()) for p in found])
    return answers


@pytest.mark.parametrize("compiled", [False, True], ids=["langdetect", "kernel"])
def test_detection_answers_the_same_with_either_table(fresh, langdetects, compiled):
    if compiled and language_kernel.compiled_module() is None:
        pytest.skip("the compiled language kernel is not in use here")
    language_profiles.factory()  # stored
    detector_factory._factory = None
    cached = language_profiles.factory()  # read back
    assert isinstance(cached.word_lang_prob_map, ProfileTable)
    assert _answers(cached, compiled) == _answers(langdetects, compiled=False)


def test_a_bad_cache_entry_is_built_again(fresh, langdetects):
    language_profiles.factory()
    (entry,) = fresh.glob(f"{CACHE_NAME}-*.marshal")
    entry.write_bytes(b"\x00not marshal")
    detector_factory._factory = None
    rebuilt = language_profiles.factory()
    assert isinstance(rebuilt.word_lang_prob_map, ProfileTable)
    expected = _hexed(langdetects.word_lang_prob_map, "der")
    assert _hexed(rebuilt.word_lang_prob_map, "der") == expected
    assert language_profiles.load(CACHE_NAME, "x", language_profiles._valid) is None
    assert language_profiles._valid([["de", "en"], ["a"], b"", b"", b""]) is False  # no row start


def test_with_the_cache_off_langdetect_keeps_its_own_table(fresh, monkeypatch, langdetects):
    monkeypatch.setenv(cache.ENVIRONMENT, "off")
    built = language_profiles.factory()
    assert type(built.word_lang_prob_map) is dict
    assert language.detect(SENTENCES[0]) == ("de", 1.0)


def test_the_key_follows_the_profile_files(tmp_path):
    folder = tmp_path / "profiles"
    folder.mkdir()
    source = Path(detector_factory.PROFILES_DIRECTORY)
    for name in ("de", "en", "fr"):
        shutil.copy(source / name, folder / name)
    builder = detector_factory.__file__
    before = language_profiles.source_key(str(folder), builder)
    assert before == language_profiles.source_key(str(folder), builder)
    (folder / "fr").write_bytes((folder / "fr").read_bytes() + b" ")
    assert language_profiles.source_key(str(folder), builder) != before
    assert language_profiles.source_key(str(tmp_path / "missing"), builder) is None
