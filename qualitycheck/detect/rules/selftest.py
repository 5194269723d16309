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
    #: The example's line in the pack (the rule's line when it has no example).
    line: int = 0
    #: No example of this kind was given.
    missing: bool = False
    #: The words the rule flagged in it.
    matches: tuple[str, ...] = ()
    #: The words the example says the rule must flag.
    wanted: str | None = None

    @property
    def ok(self) -> bool:
        if self.missing:
            return False
        if self.expect == "pass":
            return self.found == 0
        return self.found > 0 and (self.wanted is None or self.wanted in self.matches)

    def describe(self) -> str:
        meta = self.rule.meta
        where = f"{meta.pack}:{self.line or meta.line}: {meta.id}"
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
            return f"{where}: flag example wanted a finding, got none: {self.text!r}"
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
            for index, text in enumerate(texts):
                article = parse_text(text, rule.meta.id, "<example>", first_line_is_title=False)
                detected, confidence = language.detect(article.body_text)
                context = CheckContext(detected, confidence, expected_languages)
                findings = list(engine.run(article, context))
                line = lines[index] if index < len(lines) else rule.meta.line
                matches = tuple(f.text for f in findings)
                match = wanted[index] if index < len(wanted) else None
                yield ExampleResult(
                    rule, expect, text, len(findings), line, matches=matches, wanted=match
                )
