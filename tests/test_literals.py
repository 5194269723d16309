"""Literal prefilters: a rule skipped for lack of its strings could not have
matched. Checked on the derivation itself, on every shipped rule's examples
in many case variants, on generated text, and on whole corpora (findings with
and without prefilters must be the same)."""

from __future__ import annotations

import functools
import json
import random
from typing import Any

import regex
from conftest import EXAMPLES, SHARED, needs_shared
from hypothesis import given, settings
from hypothesis import strategies as st

from qualitycheck.config.settings import Config
from qualitycheck.detect.rules.literals import Prefilter, may_match, prefilter, required_strings
from qualitycheck.pipeline.checker import Checker
from qualitycheck.readers.txt import parse_text


def test_strings_of_simple_patterns():
    assert required_strings(r"\bshare this article\b") == {"share this article"}
    assert required_strings(r"colou?r") == {"color", "colour"}
    assert required_strings(r"(?:Privacy|Cookie) Policy") == {"privacy policy", "cookie policy"}
    # Around a class or an unbounded repeat, the longest certain run is kept.
    assert required_strings(r"[0-9]+ min(?:ute)? read") == {" min read", " minute read"}
    assert required_strings(r".{0,200}\bmay (?:earn|get)\b.{0,200}") == {"may earn", "may get"}
    assert required_strings(r"[Pp]ictured") == {"pictured"}
    # Nothing certain: no prefilter.
    for pattern in (r"\w+", r"(?:a|\d)", r"x?", r"(\w)\1", r"[^a]|d"):
        assert required_strings(pattern) is None, pattern
    # Syntax only the regex package reads: no prefilter rather than a guess.
    assert required_strings(r"\p{Lu}{2,} said") is None


def test_strings_are_case_folded_unless_asked_not_to():
    assert required_strings("Straße") == {"strasse"}
    assert required_strings("Straße", casefold=False) == {"Straße"}


def test_a_rule_with_a_pattern_the_analysis_cannot_read_always_runs():
    assert prefilter([r"share this", r"\w+"]) is None
    assert may_match(None, parse_text("Nothing here.", "a", "a.txt"))


@functools.cache
def _pattern_rules() -> list[tuple[str, list[tuple[Any, Any]]]]:
    """Shipped rules that prefilter, each pattern compiled as the rule searches
    it, with the prefilters that must pass wherever it matches."""
    flags = regex.IGNORECASE | regex.V0
    result = []
    for rule in Checker(Config()).rules:
        options = rule.meta.options
        if rule.meta.kind == "line":
            pairs = [
                (regex.compile(source, flags), None if found is None else (found,))
                for source, found in zip(rule.sources, rule.pattern_filters, strict=True)
            ]
        else:
            patterns = (
                ([options["pattern"]] if "pattern" in options else [])
                or options.get("cue_patterns")
                or []
            )
            pairs = [(regex.compile(p, flags), rule.prefilters) for p in patterns]
        pairs = [(pattern, filters) for pattern, filters in pairs if filters is not None]
        if pairs:
            result.append((rule.meta.id, pairs))
    return result


def _case_variants(text: str, rng: random.Random) -> list[str]:
    mixed = "".join(c.upper() if rng.random() < 0.5 else c.lower() for c in text)
    return [text, text.upper(), text.lower(), text.title(), text.swapcase(), mixed]


def test_every_shipped_rule_example_passes_its_prefilter():
    """No false negative on texts the rules are documented to flag, in six case variants."""
    rng = random.Random(7)
    examples = {rule.meta.id: rule.meta.examples for rule in Checker(Config()).rules}
    checked = 0
    for rule_id, pairs in _pattern_rules():
        for example in examples[rule_id].get("flag", []):
            for variant in _case_variants(example, rng):
                article = parse_text(variant, "x", "x.txt", first_line_is_title=False)
                for pattern, filters in pairs:
                    if pattern.search(variant):
                        assert may_match(filters, article), (rule_id, pattern.pattern, variant)
                        checked += 1
    assert checked > 100


_PIECES = st.sampled_from(
    [
        "share",
        "Share This",
        "privacy policy",
        "may earn",
        "photo",
        "(Photo",
        "Getty Images",
        "min read",
        "Tuesday, ",
        "«",
        " ;",
        "some",
        "MANY",
        "ß",
        "ſ",
        "İ",
        "K",
        "\u00a0",
        "\n",
        " ",
        ",",
        ".",
        "@",
    ]
)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.one_of(_PIECES, st.text(max_size=6)), max_size=12))
def test_generated_text_never_matches_where_the_prefilter_says_no(pieces):
    text = "".join(pieces)
    article = parse_text(text, "x", "x.txt", first_line_is_title=False)
    for rule_id, pairs in _pattern_rules():
        for pattern, filters in pairs:
            if may_match(filters, article):
                continue
            for block in article.blocks:
                assert not pattern.search(block.text), (rule_id, pattern.pattern, block.text)


def _findings(checker: Checker, texts: list[str]) -> list[tuple]:
    result = []
    for number, text in enumerate(texts):
        article = parse_text(text, str(number), f"{number}.txt")
        result.append([(f.rule, f.start, f.end, f.message) for f in checker.rule_findings(article)])
    return result


def _without_prefilters(checker: Checker) -> None:
    for rule in checker.engine.rules:
        rule.prefilters = None
        if rule.meta.kind == "line":
            rule.pattern_filters = [None] * len(rule.sources)


def _same_findings(texts: list[str]) -> None:
    with_filters = Checker(Config())
    without = Checker(Config())
    _without_prefilters(without)
    assert _findings(with_filters, texts) == _findings(without, texts)


def test_examples_give_the_same_findings_without_prefilters():
    texts = [path.read_text(encoding="utf-8") for path in sorted(EXAMPLES.glob("*.*"))]
    _same_findings(texts)


@needs_shared()
def test_labeled_corpora_give_the_same_findings_without_prefilters():
    texts = [path.read_text(encoding="utf-8") for path in sorted(SHARED.glob("corpus/seeds/*"))]
    for name in ("boilerplate", "mt", "claims"):
        for line in (SHARED / "corpus" / name / "dev.jsonl").read_text().splitlines():
            texts.append(json.loads(line)["text"])
    _same_findings(texts)


def test_prefilter_views():
    article = parse_text("Résumé of the Straße\nShare this", "x", "x.txt")
    assert Prefilter(frozenset({"strasse"})).may_match(article)
    assert Prefilter(frozenset({"resume"}), view="folded").may_match(article)
    assert not Prefilter(frozenset({"privacy"})).may_match(article)
