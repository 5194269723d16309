"""Shortcuts of the rules stage against what they replace, on generated text
(hypothesis) and real text (the examples; the dev corpora when ../shared is
present): the layout rule's end-of-line tests search only a line's tail of
marks, closers and whitespace (``layout._ends``), the fragment rule's
full-stop pattern puts its look-behind after the full stop, the quotes
rule's marks are written as literals and found in one search of the
article for both quotes rules, and the capitalization rule's pattern
looks ahead for its words' first characters."""

from __future__ import annotations

import functools
import json
import re
import sys
from typing import Any

from conftest import EXAMPLES, SHARED
from hypothesis import given, settings
from hypothesis import strategies as st

from qualitycheck.detect.rules.kinds import fragment, layout, quotes
from qualitycheck.detect.rules.packs import load_packs
from qualitycheck.readers.txt import parse_text

PATTERNS = (layout._TERMINAL, layout._SENTENCE_END)


def test_the_whitespace_list_is_every_character_backslash_s_matches() -> None:
    everything = "".join(chr(code) for code in range(sys.maxunicode + 1))
    assert "".join(re.findall(r"\s", everything)) == layout.WHITESPACE
    assert "".join(filter(str.isspace, everything)) == layout.WHITESPACE


#: Pieces that meet every branch: each mark, closer and whitespace character
#: of the two patterns, look-alikes that are neither, words.
_PIECES = st.sampled_from(
    [
        *".!?…:;。！？\"”’'»)]",
        *layout.WHITESPACE,
        *"“‘«([,-—_x 1",
        "word",
        "A sentence",
        "ok.\n",
        ". \n",
        "\ud800",
    ]
)


@settings(max_examples=1000, deadline=None)
@given(st.one_of(st.lists(_PIECES, max_size=30).map("".join), st.text(max_size=60)))
def test_tail_search_answers_as_the_whole_search(text: str) -> None:
    for pattern in PATTERNS:
        assert layout._ends(pattern, text) == (pattern.search(text) is not None), repr(text)


def _lines() -> list[str]:
    texts = [path.read_text(encoding="utf-8") for path in sorted(EXAMPLES.glob("*.*"))]
    for name in ("boilerplate", "mt"):
        path = SHARED / "corpus" / name / "dev.jsonl"
        if path.is_file():
            lines = path.read_text(encoding="utf-8").splitlines()[:300]
            texts += [json.loads(line)["text"] for line in lines if line.strip()]
    lines = [block.text for text in texts for block in parse_text(text, "t", "t").blocks]
    assert lines
    return lines


def test_tail_search_answers_as_the_whole_search_on_real_lines() -> None:
    for line in _lines():
        for pattern in PATTERNS:
            assert layout._ends(pattern, line) == (pattern.search(line) is not None)


#: The fragment rule's pattern as it was written before: its look-behind first.
_LOWER_START_BEFORE = re.compile(r"(?<![.…])\.\s+(?=[a-z])")

_STOPS = st.sampled_from([".", "..", "…", ". ", ".  ", ".\n", "…. ", "x", "a", "A", "é", " ", "1"])


@settings(max_examples=1000, deadline=None)
@given(
    st.one_of(st.lists(_STOPS, max_size=30).map("".join), st.text(max_size=40)),
    st.integers(0, 40),
    st.integers(0, 40),
)
def test_full_stops_before_lower_case_as_before(text: str, start: int, end: int) -> None:
    def spans(pattern: re.Pattern[str]) -> list[tuple[int, int]]:
        return [m.span() for m in pattern.finditer(text, start, end)]

    assert spans(fragment._LOWER_START) == spans(_LOWER_START_BEFORE)
    found, before = fragment._LOWER_START.search(text), _LOWER_START_BEFORE.search(text)
    assert (found and found.span()) == (before and before.span())


def test_full_stops_before_lower_case_as_before_on_real_text() -> None:
    for line in _lines():
        assert [m.span() for m in fragment._LOWER_START.finditer(line)] == [
            m.span() for m in _LOWER_START_BEFORE.finditer(line)
        ]


#: The quotes rule's marks as the pattern was written before.
_MARKS_BEFORE = re.compile(r"’’|‘‘|''|[\"“”„«»]")

_QUOTE_PIECES = st.sampled_from([*"\"“”„«»’‘'`x ", "’’’", "'''", "‘‘‘", '6"', "it's"])


@settings(max_examples=1000, deadline=None)
@given(st.one_of(st.lists(_QUOTE_PIECES, max_size=30).map("".join), st.text(max_size=40)))
def test_quotation_marks_as_before(text: str) -> None:
    def marks(pattern: re.Pattern[str]) -> list[tuple[int, str]]:
        return [(m.start(), m.group()) for m in pattern.finditer(text)]

    assert marks(quotes._MARKS) == marks(_MARKS_BEFORE)


def test_quotation_marks_as_before_on_real_text() -> None:
    for line in _lines():
        assert [(m.start(), m.group()) for m in quotes._MARKS.finditer(line)] == [
            (m.start(), m.group()) for m in _MARKS_BEFORE.finditer(line)
        ]


def _marks_block_by_block(article: Any) -> dict[int, list[tuple[int, str]]]:
    found = {
        id(block): [(m.start(), m.group()) for m in quotes._MARKS.finditer(block.text)]
        for block in article.blocks
    }
    return {key: marks for key, marks in found.items() if marks}


@settings(max_examples=600, deadline=None)
@given(st.lists(st.lists(_QUOTE_PIECES, max_size=12).map("".join), max_size=6))
def test_the_articles_marks_are_each_blocks_own(lines: list[str]) -> None:
    article = parse_text("\n".join(lines), "a", "a.txt", first_line_is_title=False)
    assert quotes._article_marks(article) == _marks_block_by_block(article)


def test_the_articles_marks_are_each_blocks_own_on_real_text() -> None:
    for path in sorted(EXAMPLES.glob("*.txt")):
        article = parse_text(path.read_text(encoding="utf-8"), "a", str(path))
        assert quotes._article_marks(article) == _marks_block_by_block(article)


def _capitalized_before(words: list[str]) -> re.Pattern[str]:
    """The capitalization rule's pattern as it was built before (no look-ahead)."""
    body = "|".join(map(re.escape, sorted(words, key=len, reverse=True)))
    return re.compile(rf" ({body})(?![\w'’&-])")


_CAPITALS = st.sampled_from(
    [
        *"And Or The A An In Of Said Says But For At By To With From".split(),
        *("And.", "Orange", " ", "  ", "x", "and", "AND", ",", "’", "-", "\u00a0", "Ω", "É"),
    ]
)


@settings(max_examples=800, deadline=None)
@given(st.one_of(st.lists(_CAPITALS, max_size=30).map("".join), st.text(max_size=40)))
def test_capitalized_words_as_before(text: str) -> None:
    rule = _rule("mt-capitalized-conjunction")
    words = sorted({w.strip().capitalize() for w in rule.meta.options["words"] if w.strip()})
    before = _capitalized_before(words)
    assert [m.span(1) for m in rule.regex.finditer(text)] == [
        m.span(1) for m in before.finditer(text)
    ]


def test_capitalized_words_as_before_on_real_text() -> None:
    rule = _rule("mt-capitalized-conjunction")
    words = sorted({w.strip().capitalize() for w in rule.meta.options["words"] if w.strip()})
    before = _capitalized_before(words)
    for line in _lines():
        assert [m.span(1) for m in rule.regex.finditer(line)] == [
            m.span(1) for m in before.finditer(line)
        ]


@functools.cache
def _rule(rule_id: str) -> Any:
    return next(rule for pack in load_packs() for rule in pack.rules if rule.meta.id == rule_id)
