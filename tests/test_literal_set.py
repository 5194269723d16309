"""The RE2 literal sets of :mod:`qualitycheck.detect.rules.automaton` against
the Aho-Corasick automaton they stand in front of: for every view of the
shipped rules' strings, the strings present in a text and the parts each
occurs in are the same, on generated text (hypothesis: the strings
themselves, their case variants, Unicode and lone surrogates, newlines) and on
real text; where the set cannot answer, the automaton does."""

from __future__ import annotations

import functools

import pytest
from conftest import EXAMPLES, SHARED
from hypothesis import given, settings
from hypothesis import strategies as st

from qualitycheck.detect.rules.automaton import _Strings
from qualitycheck.detect.rules.packs import load_packs

pytest.importorskip("re2")
pytest.importorskip("ahocorasick")


@functools.cache
def _views() -> dict[str, tuple[_Strings, _Strings]]:
    """Per view of the shipped rules: the automaton alone, and with the set."""
    by_view: dict[str, set[str]] = {"text": set(), "folded": set()}
    for pack in load_packs():
        for rule in pack.rules:
            for found in rule.literal_prefilters():
                by_view[found.view] |= found.strings
    return {
        view: (_Strings(strings, fast=True), _Strings(strings, fast=True, sets=True))
        for view, strings in by_view.items()
    }


def _strings() -> list[str]:
    return sorted({s for alone, _ in _views().values() for s in alone.strings})


_PIECE = st.one_of(
    st.sampled_from(_strings()),
    st.sampled_from([" ", "\n", "é", "ı", "İ", "ß", "’", "\u00a0", "\ud800", "東京", ".", "at"]),
    st.text(max_size=6),
)


@st.composite
def _parts(draw: st.DrawFn) -> list[str]:
    parts = draw(st.lists(st.lists(_PIECE, max_size=12).map("".join), min_size=1, max_size=5))
    change = draw(st.sampled_from([str, str.upper, str.casefold, str.swapcase]))
    return [change(part) for part in parts]


def _same(parts: list[str]) -> None:
    text = "\n".join(parts)
    starts, offset = [], 0
    for part in parts:
        starts.append(offset)
        offset += len(part) + 1
    for view, (alone, with_set) in _views().items():
        assert with_set._match is not None, view
        assert with_set.present(text) == alone.present(text), view
        assert with_set.places(text, starts, parts) == alone.places(text, starts, parts), view


@settings(max_examples=400, deadline=None)
@given(_parts())
def test_the_set_finds_what_the_automaton_finds(parts: list[str]) -> None:
    _same(parts)


def test_the_set_finds_what_the_automaton_finds_in_real_text() -> None:
    texts = [p.read_text(encoding="utf-8") for p in sorted(EXAMPLES.glob("*.txt"))]
    for name in ("mt", "claims", "boilerplate", "attribution"):
        path = SHARED / "corpus" / name / "dev.jsonl"
        if path.is_file():
            texts += path.read_text(encoding="utf-8").split("\n")[:200]
    for text in texts:
        _same(text.split("\n"))
        _same([text.casefold()])


def test_the_automaton_answers_where_the_set_cannot(monkeypatch) -> None:
    alone, with_set = _views()["text"]
    text = "share this article at noon, said the editor"
    expected = alone.present(text)
    assert expected
    # A set whose DFA ran out of memory matches nothing, not even its sentinel.
    monkeypatch.setattr(with_set, "_match", lambda encoded: [])
    assert with_set.present(text) == expected
    assert with_set.places(text, [0], [text]) == alone.places(text, [0], [text])
    monkeypatch.undo()
    assert with_set.present(text + "\ud800") == alone.present(text + "\ud800")


def test_a_literal_set_survives_pickling() -> None:
    import pickle

    _, with_set = _views()["folded"]
    again = pickle.loads(pickle.dumps(with_set))
    assert again._match is not None
    assert again.present("according to some people") == with_set.present("according to some people")
