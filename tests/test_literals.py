"""Literal prefilters: a rule skipped for lack of its strings could not have
matched. Checked on the derivation itself, on every shipped rule's examples
in many case variants, on generated text, and on whole corpora (findings with
and without prefilters must be the same)."""

from __future__ import annotations

import functools
import json
import random
from pathlib import Path
from typing import Any

import regex
import yaml
from conftest import EXAMPLES, SHARED, needs_shared
from hypothesis import given, settings
from hypothesis import strategies as st

from qualitycheck.config.settings import Config
from qualitycheck.detect.rules.engine import Engine
from qualitycheck.detect.rules.kinds.base import CheckContext, Rule
from qualitycheck.detect.rules.literals import (
    Prefilter,
    alternatives,
    may_match,
    prefilter,
    required_strings,
)
from qualitycheck.detect.rules.packs import load_pack, load_packs
from qualitycheck.detect.rules.selftest import run_examples
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
    # Read by the regex package's own parser: its syntax means what it means there.
    assert required_strings(r"\p{Lu}{2,} said") == {" said"}
    for pattern in (r"[[:digit:]]{3}", r"(?:harbor){e<=1}", r"(\w+)\g<1>"):
        assert required_strings(pattern) is None, pattern
    # Ignoring case, the regex package matches I with the dotless ı and i with İ
    # (folded i̇): prefilters read both as i, in the pattern and in the article.
    assert required_strings("Imf", ignore_case=True) == {"imf"}
    for text in ("IMF", "ımf", "İMF", "the i\u0307mf"):
        article = parse_text(text, "x", "x.txt")
        assert may_match(alternatives(prefilter(["Imf"], ignore_case=True)), article), text


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
        "ı",
        "Getty ımages",
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


#: Syntax only the regex package reads, or reads its own way, each rule with
#: texts it must flag and pass (``re`` read ``[[:digit:]]`` as a class of ``[:digt``
#: and ``{e<=1}`` as literal text, so those prefilters never let a match through).
REGEX_ONLY = """
rules:
  - {id: posix-class, pattern: '[[:digit:]]{3}',
     examples: {flag: [Call 555 now.], pass: [Call now.]}}
  - {id: fuzzy, pattern: '(?:harbor){e<=1}',
     examples: {flag: [The harbour opened.], pass: [The port opened.]}}
  - {id: property, pattern: '\\p{Lu}{3,} said', ignore_case: false,
     examples: {flag: [NATO said so.], pass: [Nato said so.]}}
  - {id: possessive, pattern: '\\d++ per ?cent',
     examples: {flag: [up 40 per cent], pass: [up forty per cent]}}
  - {id: atomic, pattern: '(?>colou?r)ful',
     examples: {flag: [a colourful tale], pass: [a colour tale]}}
  - {id: branch-reset, pattern: '(?|(harbour)|(port)) \\1',
     examples: {flag: [port port], pass: [port harbour]}}
  - {id: recursion, pattern: '\\((?:[^()]|(?R))*\\)',
     examples: {flag: [a (nested (inner) remark)], pass: [no brackets]}}
  - {id: named-reference, pattern: '(?<word>\\w+) \\g<word>',
     examples: {flag: [again again], pass: [again and]}}
  - {id: named-character, pattern: '\\N{EURO SIGN} ?\\d+',
     examples: {flag: [costs €40], pass: [costs 40]}}
  - {id: verbose, pattern: '(?x) according \\s+ to \\s+ some  # vague',
     examples: {flag: [according to some], pass: [according to the minister]}}
  - {id: inline-flag, pattern: '(?i)\\bSHARE\\b', ignore_case: false,
     examples: {flag: [share it], pass: [shared]}}
  - {id: keep, pattern: 'said\\K by',
     examples: {flag: [said by the mayor], pass: [said the mayor]}}
  - {id: verbs, pattern: '\\bmay(*SKIP)(*FAIL)|\\bmight\\b',
     examples: {flag: [it might rain], pass: [it may rain]}}
  - {id: lookbehind, pattern: '(?<=\\bthe\\s{1,3})harbou?r',
     examples: {flag: [the  harbor], pass: [a harbor]}}
  - {id: reverse, pattern: '(?r)quay',
     examples: {flag: [the quay], pass: [the key]}}
  - {id: full-case, pattern: '(?f)strasse',
     examples: {flag: [Die Straße], pass: [Der Strand]}}
  - {id: dotless-i, pattern: 'Istanbul',
     examples: {flag: [ıstanbul and ISTANBUL], pass: [Ankara]}}
  - {id: joined-lines, kind: line, patterns: ['(Photo|Image): .*', '(\\w+) \\g<1>'],
     examples: {flag: ["Photo: the quay\\nagain again"], pass: [again and again]}}
  - {id: claim-cue, kind: claim, cue_patterns: ['[[:upper:]]{4,} claims'], attribution: false,
     examples: {flag: [The NATO claims are odd.], pass: [The claims are odd.]}}
"""


@functools.cache
def _regex_only_pack(folder: str) -> Path:
    path = Path(folder) / "regex-only.yaml"
    rules = yaml.safe_load(REGEX_ONLY)["rules"]
    for rule in rules:
        rule.setdefault("kind", "pattern")
        rule.update(category="boilerplate", message="{match}", languages=["*"])
    path.write_text(yaml.safe_dump({"rules": rules}, allow_unicode=True), encoding="utf-8")
    return path


def test_regex_only_syntax_fires_as_its_examples_say(tmp_path):
    rules = load_pack(_regex_only_pack(str(tmp_path))).rules
    failures = [result.describe() for result in run_examples(rules) if not result.ok]
    assert failures == []


def _variants(text: str, rng: random.Random) -> list[str]:
    """Case variants, and the Turkish dotted and dotless i in place of i and I."""
    turkish = [text.replace("i", "İ"), text.replace("I", "ı"), text.upper().replace("I", "ı")]
    return _case_variants(text, rng) + turkish


def test_every_pattern_gives_the_same_findings_with_and_without_prefilters(tmp_path):
    """Every shipped rule and every regex-only rule above, on every example of
    each in many case variants: prefilters only ever skip work, never a finding."""
    extra = _regex_only_pack(str(tmp_path))
    rng = random.Random(13)

    def rules() -> list[Rule]:
        return [rule for pack in load_packs([extra]) for rule in pack.rules]

    with_filters, without = Engine(rules()), Engine(rules())
    for rule in without.rules:
        rule.prefilters = None
        if rule.meta.kind == "line":
            rule.pattern_filters = [None] * len(rule.sources)
    texts = [
        variant
        for rule in with_filters.rules
        for examples in rule.meta.examples.values()
        for text in examples
        for variant in _variants(text, rng)
    ]
    context = CheckContext(None, 0.0, ("en",))
    differences = []
    for text in texts:
        with_found, without_found = (
            sorted((f.rule, f.start, f.end, f.message) for f in engine.run(article, context))
            for engine, article in (
                (with_filters, parse_text(text, "x", "x.txt")),
                (without, parse_text(text, "x", "x.txt")),
            )
        )
        if with_found != without_found:
            differences.append((text, set(without_found) - set(with_found)))
    assert len(texts) > 1500
    assert differences == []


def test_prefilter_views():
    article = parse_text("Résumé of the Straße\nShare this", "x", "x.txt")
    assert Prefilter(frozenset({"strasse"})).may_match(article)
    assert Prefilter(frozenset({"resume"}), view="folded").may_match(article)
    assert not Prefilter(frozenset({"privacy"})).may_match(article)
