"""Pyphen's patterns from the per-user cache: the same patterns, the same
positions, and a cache that is only ever a shortcut (corrupt or off: parsed
as Pyphen would)."""

from __future__ import annotations

import pyphen as pyphen_module
import pytest

from qualitycheck.detect.signals import hyphenation
from qualitycheck.primitives.cache import ENVIRONMENT

WORDS = ["hyphenation", "reopened", "councillors", "extraordinarily", "a", "zzz", "ÉCOLE"]
PATH = pyphen_module.LANGUAGES[pyphen_module.language_fallback("en_US")]


@pytest.fixture
def fresh_pyphen(monkeypatch):
    """Pyphen's own per-process cache emptied for the test, restored after."""
    monkeypatch.setattr(pyphen_module, "hdcache", {})


def _parsed() -> pyphen_module.Pyphen:
    return pyphen_module.Pyphen(filename=PATH, cache=False)


def test_the_cached_patterns_give_pyphens_positions(tmp_path, monkeypatch, fresh_pyphen):
    monkeypatch.setenv(ENVIRONMENT, str(tmp_path))
    first = hyphenation.pyphen("en_US")  # parsed by Pyphen, then stored
    assert list(tmp_path.glob(f"{hyphenation.CACHE_NAME}-*.marshal"))
    monkeypatch.setattr(pyphen_module, "hdcache", {})
    second = hyphenation.pyphen("en_US")  # read back from the file
    assert second.hd is not first.hd
    reference = _parsed()
    assert second.hd.patterns == reference.hd.patterns
    assert second.hd.maxlen == reference.hd.maxlen
    for word in WORDS:
        assert second.positions(word) == first.positions(word) == reference.positions(word)


def test_a_corrupt_cache_is_parsed_again_and_repaired(tmp_path, monkeypatch, fresh_pyphen):
    monkeypatch.setenv(ENVIRONMENT, str(tmp_path))
    hyphenation.pyphen("en_US")
    [stored] = tmp_path.glob(f"{hyphenation.CACHE_NAME}-*.marshal")
    repaired = stored.read_bytes()
    stored.write_bytes(b"\x00 not marshal")
    monkeypatch.setattr(pyphen_module, "hdcache", {})
    again = hyphenation.pyphen("en_US")
    assert again.hd.patterns == _parsed().hd.patterns
    assert stored.read_bytes() == repaired


def test_with_the_cache_off_pyphen_parses_as_it_would(tmp_path, monkeypatch, fresh_pyphen):
    monkeypatch.setenv(ENVIRONMENT, "off")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    found = hyphenation.pyphen("en_US")
    assert found.positions("hyphenation") == _parsed().positions("hyphenation")
    assert not list(tmp_path.rglob("*.marshal"))


def test_only_plain_patterns_are_cached():
    assert hyphenation._valid({".ab": (1, (0, 1))})
    assert not hyphenation._valid({".ab": (1, (0, pyphen_module.DataInt(1, ("ff=f", 1, 1))))})
    assert not hyphenation._valid({".ab": (1, [0, 1])})
    assert not hyphenation._valid({})
