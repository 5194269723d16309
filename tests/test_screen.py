"""The regex screen never rejects a line a pattern matches, and the literal
automaton never misses a string an ``in`` test finds: checked on the shipped
patterns and regex-only syntax, with the rules' own examples in many
variants and with generated text built from their literals plus noise."""

from __future__ import annotations

import functools
import random
from typing import Any

import pytest
import regex
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st
from test_literals import REGEX_ONLY

from qualitycheck.detect.rules.automaton import LiteralIndex
from qualitycheck.detect.rules.engine import Engine
from qualitycheck.detect.rules.fastpath import FastPath
from qualitycheck.detect.rules.kinds.base import CheckContext, Rule
from qualitycheck.detect.rules.literals import required_strings
from qualitycheck.detect.rules.packs import load_packs
from qualitycheck.readers.txt import parse_text

pytest.importorskip("re2")
pytest.importorskip("ahocorasick")

from qualitycheck.detect.rules.screen import PatternSet, widened

#: (pattern, ignore_case, whole line) as the rules search them.
Key = tuple[str, bool, bool]


def _rules() -> list[Rule]:
    return [rule for pack in load_packs() for rule in pack.rules]


def _keys(rule: Rule) -> list[Key]:
    options = rule.meta.options
    if rule.meta.kind == "pattern":
        return [(options["pattern"], options["ignore_case"], False)]
    if rule.meta.kind == "line":
        return [(p, options["ignore_case"], True) for p in options["patterns"]]
    if rule.meta.kind == "claim":
        return [(p, True, False) for p in options["cue_patterns"]]
    return []


def _regex_only() -> list[Key]:
    keys: list[Key] = []
    for rule in yaml.safe_load(REGEX_ONLY)["rules"]:
        if rule.get("kind") == "line":
            keys += [(p, True, True) for p in rule["patterns"]]
        elif rule.get("kind") == "claim":
            keys += [(p, True, False) for p in rule["cue_patterns"]]
        else:
            keys.append((rule["pattern"], rule.get("ignore_case", True), False))
    return keys


@functools.cache
def _patterns() -> tuple[list[Key], list[Any], PatternSet, PatternSet]:
    keys = sorted({key for rule in _rules() for key in _keys(rule)} | set(_regex_only()))
    compiled = [regex.compile(p, (regex.IGNORECASE if ic else 0) | regex.V0) for p, ic, _ in keys]
    searched = PatternSet([(p, ic) for p, ic, whole in keys if not whole], whole=False)
    lines = PatternSet([(p, ic) for p, ic, whole in keys if whole], whole=True)
    return keys, compiled, searched, lines


@functools.cache
def _examples() -> list[str]:
    return sorted({t for rule in _rules() for ts in rule.meta.examples.values() for t in ts})


@functools.cache
def _literals() -> list[str]:
    found: set[str] = set()
    for pattern, ignore_case, _ in _patterns()[0]:
        found |= required_strings(pattern, casefold=False, ignore_case=ignore_case) or set()
    return sorted(found)


def _misses(text: str) -> list[tuple[str, str]]:
    """Patterns that match ``text`` (searched, or a whole stripped line) where
    the screen said they could not."""
    keys, compiled, searched, lines = _patterns()
    search_index = {key: i for i, key in enumerate(searched.patterns)}
    line_index = {key: i for i, key in enumerate(lines.patterns)}
    accepted = searched.accepts(text)
    misses = []
    for (pattern, ignore_case, whole), engine in zip(keys, compiled, strict=True):
        if not whole:
            if engine.search(text) and search_index[(pattern, ignore_case)] not in accepted:
                misses.append((pattern, text))
            continue
        for line in text.split("\n"):
            line = line.strip()
            if engine.fullmatch(line) and line_index[(pattern, ignore_case)] not in lines.accepts(
                line
            ):
                misses.append((pattern, line))
    return misses


def _variants(text: str, rng: random.Random) -> list[str]:
    mixed = "".join(c.upper() if rng.random() < 0.5 else c.lower() for c in text)
    spaced = text.replace(" ", rng.choice(["\u00a0", "  ", "\t", "\u2009"]))
    turkish = text.replace("i", "İ").replace("I", "ı")
    return [text, text.upper(), text.lower(), text.title(), text.swapcase(), mixed, spaced, turkish]


def test_every_shipped_pattern_can_be_screened():
    keys = [key for rule in _rules() for key in _keys(rule)]
    assert len(keys) > 50
    assert [key for key in keys if widened(key[0], key[1]) is None] == []


def test_what_cannot_be_widened_has_no_screen_and_always_runs():
    assert widened("(?f)strasse", True) is None  # full case folding
    assert widened("(?:harbor){e<=1}") is None  # fuzzy matching
    assert widened(r"\((?:[^()]|(?R))*\)") is None  # recursion
    patterns = PatternSet([("(?f)strasse", True), ("quay", False)], whole=False)
    assert patterns.always == {0}
    assert patterns.accepts("Die Straße") == {0}
    assert patterns.accepts("the quay") == {0, 1}


def test_the_screen_accepts_every_example_a_pattern_matches():
    rng = random.Random(11)
    matched = 0
    misses = []
    for example in _examples():
        for text in _variants(example, rng):
            misses += _misses(text)
            matched += any(engine.search(text) for engine in _patterns()[1])
    assert misses == []
    assert matched > 500


_NOISE = st.sampled_from(
    [
        " ",
        "\n",
        "\u00a0",
        ", ",
        ".",
        ":",
        "-",
        "—",
        "(",
        ")",
        "©",
        "«",
        "»",
        "ß",
        "ſ",
        "K",
        "İ",
        "ı",
        "\u0307",
        "1",
        "12",
        "2024",
        "é",
        "x",
        "\t",
        "@",
        "’",
        "\u200b",
    ]
)


@st.composite
def _texts(draw: Any) -> str:
    pieces = draw(
        st.lists(
            st.one_of(
                st.sampled_from(_examples()),
                st.sampled_from(_literals()),
                _NOISE,
                st.text(max_size=4),
            ),
            max_size=8,
        )
    )
    text = "".join(pieces)
    return draw(st.sampled_from([text, text.upper(), text.lower(), text.swapcase()]))


@settings(max_examples=300, deadline=None)
@given(_texts())
def test_the_screen_never_rejects_what_the_exact_engine_matches(text):
    assert _misses(text) == []


@functools.cache
def _engines() -> tuple[Engine, Engine, LiteralIndex]:
    """The shipped rules with the fast path, the same rules with neither
    prefilters nor screen, and a pure-Python index of the same strings."""
    fast = Engine(_rules())
    exact = Engine(_rules())
    for rule in exact.rules:
        rule.prefilters = None
        if rule.meta.kind == "line":
            rule.pattern_filters = [None] * len(rule.sources)
    prefilters = [found for rule in fast.rules for found in rule.literal_prefilters()]
    return fast, exact, LiteralIndex(prefilters, fast=False)


@settings(max_examples=200, deadline=None)
@given(_texts())
def test_the_automaton_finds_every_string_and_every_rule_that_matches(text):
    fast, exact, pure = _engines()
    assert fast.fast.literals.fast
    article = parse_text(text, "x", "x.txt")
    candidates = fast.fast.candidates(article)
    pure_found = pure.found(article)
    context = CheckContext(None, 0.0, ("en",))
    for rule, unfiltered in zip(fast.rules, exact.rules, strict=True):
        for found in rule.literal_prefilters():
            assert candidates.passes(found) == pure_found.passes(found), sorted(found.strings)
            if found.view == "folded":  # the blocks holding one of its strings, exactly
                holding = {
                    block.index
                    for block in article.blocks
                    if any(string in block.folded for string in found.strings)
                }
                assert candidates.blocks_with(found) == holding, sorted(found.strings)
        if not candidates.may_match(rule.prefilters):
            assert list(unfiltered.hits(article, article.blocks, context)) == [], rule.meta.id


def test_a_set_that_runs_out_of_memory_screens_nothing_out(monkeypatch):
    patterns = PatternSet([("quay", False), ("harbou?r", True)], whole=False)
    assert patterns.accepts("the key") == frozenset()

    class Failed:  # what RE2::Set::Match returns when its DFA runs out of memory
        def Match(self, text: bytes) -> None:
            return None

    monkeypatch.setattr(patterns, "_sets", [(Failed().Match, [0, 1])])
    assert patterns.accepts("the key") == {0, 1}


def test_a_set_with_too_little_memory_still_lets_every_match_through(monkeypatch):
    import qualitycheck.detect.rules.screen as screen

    monkeypatch.setattr(screen, "MAX_MEMORY", 1 << 12)
    keys, compiled, _, _ = _patterns()
    searched = [(p, ic) for p, ic, whole in keys if not whole]
    patterns = PatternSet(searched, whole=False)
    rng = random.Random(5)
    for example in _examples():
        for text in _variants(example, rng)[:3]:
            accepted = patterns.accepts(text)
            for index, (pattern, ignore_case) in enumerate(searched):
                engine = compiled[keys.index((pattern, ignore_case, False))]
                assert not engine.search(text) or index in accepted, (pattern, text)


def test_the_automaton_places_each_string_in_its_block():
    """Every example as a line of one long article, and each string of every
    folded prefilter alone on a line, at the start and at the end of lines."""
    fast, _, _ = _engines()
    folded = [f for rule in fast.rules for f in rule.literal_prefilters() if f.view == "folded"]
    strings = sorted({s for found in folded for s in found.strings})
    lines = [*_examples(), *strings, *(f"{s} x" for s in strings), *(f"x {s}" for s in strings)]
    article = parse_text("\n".join(lines), "x", "x.txt", first_line_is_title=False)
    assert len(article.blocks) > 500
    candidates = fast.fast.candidates(article)
    for found in folded:
        holding = {
            block.index
            for block in article.blocks
            if any(string in block.folded for string in found.strings)
        }
        assert candidates.blocks_with(found) == holding, sorted(found.strings)


def test_pattern_rules_and_claim_cues_search_the_blocks_they_did():
    """The fast engine's findings equal those of an engine with neither
    automaton nor screen, on articles that have no screened match and on ones
    that do."""
    fast, _, _ = _engines()
    exact = Engine(_rules())
    exact.fast = FastPath([], [], [], use={"automaton": False, "screen": False})
    context = CheckContext("en", 1.0, ("en",))
    examples = _examples()
    texts = [
        "Plain words here.\n\nMore plain words without anything.",
        *examples,
        *("\n\n".join(examples[first : first + 20]) for first in range(0, len(examples), 20)),
    ]
    for text in texts:
        article = parse_text(text, "x", "x.txt")
        again = parse_text(text, "x", "x.txt")
        assert fast.findings(article, context) == exact.findings(again, context)


def _full_match_answers(patterns: PatternSet, text: str) -> frozenset[int]:
    """What full-match sets of the same translations (the whole-line screen's
    sets before they were anchored match sets) accept for ``text``."""
    import re2

    from qualitycheck.detect.rules.screen import set_options

    built = re2.Set.FullMatchSet(set_options())
    screened = [i for i in range(len(patterns.patterns)) if i not in patterns.always]
    for index in screened:
        built.Add(widened(*patterns.patterns[index]))
    built.Compile()
    return patterns.always | {screened[p] for p in built.Match(text) or ()}


@pytest.mark.parametrize("memory", [None, 1 << 12])
def test_whole_line_sets_accept_what_full_match_sets_accept(monkeypatch, memory):
    import qualitycheck.detect.rules.screen as screen

    keys, _, _, _ = _patterns()
    whole = [(p, ic) for p, ic, is_whole in keys if is_whole]
    rng = random.Random(7)
    lines = ["", " ", "Share this", "7 min read", "Photo: AP", "x" * 300]
    lines += [text for example in _examples() for text in _variants(example, rng)[:3]]
    reference = PatternSet(whole, whole=True)
    expected = [_full_match_answers(reference, line) for line in lines]
    if memory is not None:  # a set whose DFA runs out answers "every pattern"
        monkeypatch.setattr(screen, "MAX_MEMORY", memory)
    patterns = PatternSet(whole, whole=True)
    for line, answer in zip(lines, expected, strict=True):
        accepted = patterns.accepts(line)
        assert accepted == answer or (memory and accepted == patterns._everything), line


def test_whole_line_patterns_that_start_anywhere_have_their_own_set() -> None:
    from qualitycheck.detect.rules.screen import _any_run

    starts_anywhere = [r".{0,120}\bword\b.{0,60}", r"(?s).*word", r".{10,300},x", r".+word"]
    starts_here = [r"word.*", r".?word", r".{2}word", r"\d+.*", r"[^x]*word", r"(?:.*a|b)"]
    keys = [(pattern, True) for pattern in starts_here + starts_anywhere]
    for pattern, ignore_case in keys:
        translated = widened(pattern, ignore_case)
        assert translated is not None
        assert _any_run(translated) == (pattern in starts_anywhere), (pattern, translated)
    patterns = PatternSet(keys, whole=True)
    assert sorted(len(indices) for _, indices in patterns._sets) == [4, 6]
    for line in ("a word", "word", "words", "x, y", "b", "in a word, x", "ab"):
        alone = {i for i, key in enumerate(keys) if PatternSet([key], whole=True).accepts(line)}
        assert patterns.accepts(line) == alone, line


def test_the_shipped_anchored_line_patterns_share_one_set() -> None:
    """Every line goes through each whole-line set that is not gated: a
    pattern more than a set holds put the last ones in a set of their own,
    one more RE2 call a line for the same answers (performance.md, stop 46)."""
    fast = Engine(_rules()).fast
    if fast.whole is None:
        pytest.skip("google-re2 is not installed")
    anchored = [
        len(indices)
        for (_, indices), anywhere in zip(fast.whole.set.sets, fast.whole.set.anywhere, strict=True)
        if not anywhere
    ]
    assert len(anchored) == 1 and anchored[0] > 64, anchored


def _gated_lines() -> list[str]:
    rng = random.Random(11)
    lines = ["", "Photo: AP", "Getty Images", "x" * 300, "Subscribe: our newsletter"]
    lines += [text for example in _examples() for text in _variants(example, rng)[:4]]
    return lines


@settings(max_examples=150, deadline=None)
@given(_texts())
def test_lines_without_a_gate_string_skip_its_set_and_lose_no_match(text):
    """A line holding none of the article's strings of a gated set's patterns
    (``fastpath._gates``: the sets of patterns that start anywhere) is not
    matched against that set; every pattern that matches all of the line is
    still accepted, and the rules' hits are the ones without the gates."""
    fast, _, _ = _engines()
    assert fast.fast.gates, "the shipped rules have a gated set"
    keys, compiled, _, _ = _patterns()
    shipped = set(fast.fast.whole.keys)
    engines = {
        (p, ic): engine
        for (p, ic, _), engine in zip(keys, compiled, strict=True)
        if (p, ic) in shipped
    }
    for article in (
        parse_text(text, "x", "x.txt"),
        parse_text("\n".join(_gated_lines()), "x", "y"),
    ):
        candidates = fast.fast.candidates(article)
        for block in article.blocks:
            accepted = candidates.whole(block)
            if accepted is None:
                continue
            for key, engine in engines.items():
                if engine.fullmatch(block.stripped):
                    assert key in accepted, (key, block.stripped)


def test_gated_sets_give_the_hits_of_ungated_ones(monkeypatch):
    fast, _, _ = _engines()
    article = parse_text("\n".join(_gated_lines()), "x", "x.txt")
    context = CheckContext("en", 1.0, ("en",))
    gated = [(f.rule, f.start, f.end) for f in fast.findings(article, context)]
    monkeypatch.setattr(fast.fast, "gates", [])
    ungated = [(f.rule, f.start, f.end) for f in fast.findings(article, context)]
    assert gated == ungated
    assert any(rule.startswith("boilerplate-photo") for rule, _, _ in gated)
