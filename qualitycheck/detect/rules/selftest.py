"""Run every rule's own examples: each ``flag`` text must produce a finding of
that rule, each ``pass`` text none. Editors run it after changing a pack
(``qualitycheck rules test``); the test suite runs it over the shipped packs.

An example is the text a rule looks at, so it is read that way: as the title
for a rule whose ``scope`` is ``title`` or ``headings``, and in a language the
rule applies to when the detector, on a line or two, names another (a rule of
``languages: [en]`` listing a German cookie banner is tested on it as
``check`` finds it inside an English page). An example on which the rule ran
out of time fails, with the warning ``check`` would print.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from qualitycheck.detect.rules.engine import Engine
from qualitycheck.detect.rules.kinds.base import CheckContext, Rule
from qualitycheck.detect.signals import language
from qualitycheck.document.article import Article
from qualitycheck.readers.base import ReadSettings
from qualitycheck.readers.html import read_html
from qualitycheck.readers.txt import parse_text


@dataclass(frozen=True)
class ExampleResult:
    """The outcome of one example of one rule."""

    rule: Rule
    expect: str
    text: str
    found: int
    #: The example's line in the pack (the rule's line when it has no example).
    line: int = 0
    #: No example of this kind was given.
    missing: bool = False
    #: The words the rule flagged in it.
    matches: tuple[str, ...] = ()
    #: The words the example says the rule must flag.
    wanted: str | None = None
    #: The pack the example is written in, when not the rule's (``extends:``).
    pack: str = ""
    #: What stopped the rule on the example (it ran out of time).
    warnings: tuple[str, ...] = ()
    #: Why a ``pattern`` rule missed a flag example its pattern matched (only
    #: empty matches, or its ``group`` matched nothing), else "".
    note: str = ""

    @property
    def ok(self) -> bool:
        if self.missing or self.warnings:
            return False
        if self.expect == "pass":
            return self.found == 0
        return self.found > 0 and (self.wanted is None or self.wanted in self.matches)

    def describe(self) -> str:
        meta = self.rule.meta
        where = f"{self.pack or meta.pack}:{self.line or meta.line}: {meta.id}"
        if self.warnings:
            return f"{where}: {self.expect} example not tested: {self.warnings[0]}: {self.text!r}"
        if self.missing:
            return (
                f"{where}: no {self.expect!r} example: add one under 'examples: {self.expect}:' "
                "so that 'rules test' can show the rule works"
            )
        if self.expect == "flag" and self.wanted is not None and self.found:
            flagged = ", ".join(repr(m) for m in self.matches)
            return (
                f"{where}: flag example wanted {self.wanted!r} flagged, got {flagged}: "
                f"{self.text!r}"
            )
        if self.expect == "flag":
            note = f" ({self.note})" if self.note else ""
            return f"{where}: flag example wanted a finding, got none{note}: {self.text!r}"
        flagged = ", ".join(repr(m) for m in self.matches)
        return (
            f"{where}: pass example wanted no finding, got {self.found} ({flagged}): {self.text!r}"
        )


def run_examples(
    rules: list[Rule], expected_languages: tuple[str, ...] = ("en",)
) -> Iterator[ExampleResult]:
    """Results of every example of ``rules``; a rule missing either kind of
    example yields a failed result for the missing kind."""
    for rule in rules:
        engine = Engine([rule])
        for expect in ("flag", "pass"):
            texts = rule.meta.examples.get(expect, [])
            lines = rule.meta.example_lines.get(expect, [])
            wanted = rule.meta.example_matches.get(expect, [])
            if not texts:
                yield ExampleResult(rule, expect, "", 0, rule.meta.line, missing=True)
            packs = rule.meta.example_packs.get(expect, [])
            for index, text in enumerate(texts):
                article = _example_article(rule, text)
                findings = list(engine.run(article, _context(rule, article, expected_languages)))
                yield ExampleResult(
                    rule,
                    expect,
                    text,
                    len(findings),
                    lines[index] if index < len(lines) else rule.meta.line,
                    matches=tuple(f.text for f in findings),
                    wanted=wanted[index] if index < len(wanted) else None,
                    pack=packs[index] if index < len(packs) else "",
                    warnings=tuple(article.warnings),
                    note=_empty_matches(rule, article) if expect == "flag" and not findings else "",
                )


def _example_article(rule: Rule, text: str) -> Article:
    """An example read as the rule's kind needs it: as HTML when the kind reads
    markup (a class name has no plain-text form), else as plain text."""
    if rule.reads_markup:
        return next(read_html(text, "<example>", ReadSettings()))
    return parse_text(
        text,
        rule.meta.id,
        "<example>",
        first_line_is_title=rule.meta.scope in ("title", "headings"),
    )


def _empty_matches(rule: Rule, article: Article) -> str:
    """Why a ``pattern`` rule's pattern matched the example and reported
    nothing: its matches (or its ``group``) were empty, which are dropped."""
    compiled, group = getattr(rule, "regex", None), getattr(rule, "group", None)
    if rule.kind != "pattern" or compiled is None or group is None:
        return ""
    for block in article.blocks:
        try:
            match = next(iter(compiled.compiled().finditer(block.text, timeout=0.05)), None)
        except TimeoutError:
            return ""
        if match is None:
            continue
        start, end = match.span(group)
        if start < end:
            return ""  # a real match, left out for another reason (quotes, exceptions)
        if start < 0:
            return f"its pattern matched {match.group()!r}, but group {group} matched nothing"
        return (
            f"its pattern matched only the empty string, at character {match.start()}; "
            "empty matches are never reported"
        )
    return ""


def _context(rule: Rule, article: Article, expected: tuple[str, ...]) -> CheckContext:
    """The example's language as detected, or the rule's first language where
    the detector names one the rule does not apply to."""
    detected, confidence = language.article_language(
        article.body_text or "\n".join(block.text for block in article.blocks)
    )
    languages = rule.meta.languages
    if detected is not None and "*" not in languages and detected not in languages:
        detected, confidence = languages[0], 1.0
    return CheckContext(detected, confidence, expected)
