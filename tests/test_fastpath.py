"""The fast path (literal automaton, RE2 screen) and the pure-Python fallback
give the same output, byte for byte: on the examples with the full pipeline,
on the seeds and the dev corpora with the rules (the models read nothing the
fast path changes but the rule findings)."""

from __future__ import annotations

import importlib.util
import pickle
import random

import pytest
from conftest import EXAMPLES, SHARED, needs_shared

from qualitycheck.config.settings import Config
from qualitycheck.detect.rules import fastpath
from qualitycheck.detect.rules.fastpath import FastPath
from qualitycheck.detect.rules.literals import Prefilter
from qualitycheck.pipeline.checker import Checker
from qualitycheck.primitives.accelerators import PURE_PYTHON_ENV as ENVIRONMENT
from qualitycheck.primitives.accelerators import pure_python_forced
from qualitycheck.readers.txt import parse_text

HAVE_FAST = all(importlib.util.find_spec(name) for name in ("ahocorasick", "re2"))
needs_fast = pytest.mark.skipif(not HAVE_FAST, reason="pyahocorasick or google-re2 missing")


def _both_ways(cli, monkeypatch, *args: str) -> tuple[str, str]:
    monkeypatch.delenv(ENVIRONMENT, raising=False)
    fast = cli("check", *args, "--format", "json")
    monkeypatch.setenv(ENVIRONMENT, "1")
    pure = cli("check", *args, "--format", "json")
    assert fast.err == pure.err
    assert fast.code == pure.code
    return fast.out, pure.out


def test_the_path_is_chosen_automatically_and_can_be_forced(monkeypatch):
    monkeypatch.delenv(ENVIRONMENT, raising=False)
    expected = "fast" if HAVE_FAST else None
    kind = Checker(Config(), use_models=False).engine.fast.kind
    if expected:
        assert kind == expected
    monkeypatch.setenv(ENVIRONMENT, "1")
    assert fastpath.available() == {"automaton": False, "screen": False}
    assert Checker(Config(), use_models=False).engine.fast.kind == "pure"
    monkeypatch.setenv(ENVIRONMENT, "0")
    assert pure_python_forced() is False


@needs_fast
def test_examples_give_the_same_json_both_ways(cli, monkeypatch):
    paths = [str(path) for path in sorted(EXAMPLES.glob("*.*"))]
    fast, pure = _both_ways(cli, monkeypatch, *paths)
    assert '"findings"' in fast
    assert fast == pure


@needs_fast
@needs_shared()
def test_seeds_and_dev_corpora_give_the_same_json_both_ways(cli, monkeypatch):
    corpus = SHARED / "corpus"
    paths = [str(p) for p in sorted((corpus / "seeds").glob("*"))]
    paths += [
        str(corpus / name / "dev.jsonl")
        for name in ("attribution", "boilerplate", "claims", "mqm", "mt")
    ]
    fast, pure = _both_ways(cli, monkeypatch, "--no-models", *paths)
    assert fast.count('"rule"') > 1000
    assert fast == pure


def test_each_half_falls_back_on_its_own():
    article = parse_text("Share this article\nPhoto: the quay", "x", "x.txt")
    found = Prefilter(frozenset({"share this"}))
    missing = Prefilter(frozenset({"privacy"}), view="folded")
    keys = [("(?:photo|image): .*", True)]
    for use in (
        {"automaton": False, "screen": False},
        {"automaton": HAVE_FAST, "screen": False},
        {"automaton": False, "screen": HAVE_FAST},
    ):
        path = FastPath([found, missing], [], keys, use)
        candidates = path.candidates(article)
        assert candidates.passes(found) and not candidates.passes(missing)
        # A prefilter the index was not built with is tested on its own.
        assert candidates.passes(Prefilter(frozenset({"quay"})))
        whole = [candidates.whole(block) for block in article.blocks]
        if use["screen"]:
            assert whole == [frozenset(), frozenset(keys)]
        else:
            assert whole == [None, None]


@needs_fast
def test_text_re2_cannot_read_is_not_screened():
    from qualitycheck.detect.rules.screen import PatternSet

    patterns = PatternSet([("quay", False)], whole=False)
    assert patterns.accepts("the key") == frozenset()
    assert patterns.accepts("the key \udc80") == frozenset({0})  # a lone surrogate


def test_a_pickled_engine_keeps_its_fast_path():
    """Pickled and loaded again (a spawned worker), the engine still screens."""
    checker = Checker(Config(), use_models=False)
    engine = pickle.loads(pickle.dumps(checker.engine))
    assert engine.fast.kind == checker.engine.fast.kind
    assert engine.fast.gates == checker.engine.fast.gates  # built again from its own sets
    assert set(engine.fast.literals.known) == {
        id(found) for rule in engine.rules for found in rule.literal_prefilters()
    }
    found: list[list[tuple[str, int, int]]] = [[], []]
    for path in sorted(EXAMPLES.glob("*.*")):
        text = path.read_text(encoding="utf-8")
        context = checker._context(parse_text(text, "x", "x.txt"))
        for index, each in enumerate((checker.engine, engine)):
            article = parse_text(text, "x", "x.txt")
            found[index] += [(f.rule, f.start, f.end) for f in each.findings(article, context)]
    assert found[0] == found[1] != []


@needs_fast
def test_regex_only_syntax_gives_the_same_findings_both_ways(tmp_path, monkeypatch):
    """Patterns the screen widens or leaves alone (fuzzy, recursion, full case
    folding, lookbehind, backreferences...) and the shipped rules, on every
    example of each in case and Turkish-i variants."""
    from test_literals import _regex_only_pack, _variants

    from qualitycheck.detect.rules.engine import Engine
    from qualitycheck.detect.rules.kinds.base import CheckContext
    from qualitycheck.detect.rules.packs import load_packs

    extra = _regex_only_pack(str(tmp_path))
    engines = {}
    for name, value in (("fast", "0"), ("pure", "1")):
        monkeypatch.setenv(ENVIRONMENT, value)
        engines[name] = Engine([rule for pack in load_packs([extra]) for rule in pack.rules])
    assert engines["fast"].fast.kind == "fast" and engines["pure"].fast.kind == "pure"
    rng = random.Random(3)
    texts = [
        variant
        for rule in engines["fast"].rules
        for examples in rule.meta.examples.values()
        for text in examples
        for variant in _variants(text, rng)
    ]
    context = CheckContext(None, 0.0, ("en",))
    found = {
        name: [
            sorted(
                (f.rule, f.start, f.end, f.message)
                for f in e.run(parse_text(t, "x", "x.txt"), context)
            )
            for t in texts
        ]
        for name, e in engines.items()
    }
    assert sum(map(len, found["fast"])) > 1000
    assert found["fast"] == found["pure"]
