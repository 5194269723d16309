"""Run every rule's own examples: each ``flag`` text must produce a finding of
that rule, each ``pass`` text none. Editors run it after changing a pack
(``qualitycheck rules test``); the test suite runs it over the shipped packs.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from qualitycheck.detect.rules.engine import Engine
from qualitycheck.detect.rules.kinds.base import CheckContext, Rule
from qualitycheck.detect.signals import language
from qualitycheck.readers.txt import parse_text


@dataclass(frozen=True)
class ExampleResult:
    """The outcome of one example of one rule."""

    rule: Rule
    expect: str
    text: str
    found: int

    @property
    def ok(self) -> bool:
        return (self.found > 0) == (self.expect == "flag")

    def describe(self) -> str:
        wanted = "a finding" if self.expect == "flag" else "no finding"
        got = "no finding" if self.found == 0 else f"{self.found} finding(s)"
        meta = self.rule.meta
        return (
            f"{meta.pack}:{meta.line}: {meta.id}: {self.expect} example wanted {wanted}, "
            f"got {got}: {self.text!r}"
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
            if not texts:
                missing = 0 if expect == "flag" else 1
                yield ExampleResult(rule, expect, "(no example given)", missing)
            for text in texts:
                article = parse_text(text, rule.meta.id, "<example>", first_line_is_title=False)
                detected, confidence = language.detect(article.body_text)
                context = CheckContext(detected, confidence, expected_languages)
                found = sum(1 for _ in engine.run(article, context))
                yield ExampleResult(rule, expect, text, found)
