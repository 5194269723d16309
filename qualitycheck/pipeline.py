"""The check pipeline, one direction of flow:

    readers → article → language and readability → rules → scoring → result

:class:`Checker` holds what is loaded once per run (rules, config) and turns
each article into an :class:`ArticleResult`; :func:`check_inputs` does that
for every input and passes input errors through so the caller can report them
in order.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from qualitycheck import language, readability, scoring
from qualitycheck.article import Article
from qualitycheck.config import Config
from qualitycheck.engine import Engine, select_rules
from qualitycheck.errors import InputError
from qualitycheck.findings import Finding
from qualitycheck.kinds.base import CheckContext, Rule
from qualitycheck.packs import load_packs
from qualitycheck.readers import read_source
from qualitycheck.readers.discovery import discover


@dataclass
class ArticleResult:
    """Everything the renderers need about one checked article."""

    article: Article
    language: str | None
    language_confidence: float
    metrics: dict[str, Any]
    findings: list[Finding]
    scores: dict[str, float]
    verdict: str
    mt_probability: float | None = None
    warnings: list[str] = field(default_factory=list)


class Checker:
    """Loads rules once and checks articles against them."""

    def __init__(self, config: Config, extra_rules: Iterable[Path] = ()) -> None:
        self.config = config
        packs = load_packs([*config.rules, *extra_rules], builtin=config.builtin_rules)
        self.rules: list[Rule] = select_rules(packs, config)
        self.engine = Engine(self.rules)
        self._weights = {rule.meta.id: rule.meta.weight for rule in self.rules}

    def _language(self, article: Article) -> tuple[str | None, float]:
        if article.language_hint:
            return language.normalize_code(article.language_hint), 1.0
        return language.detect(article.body_text)

    def check(self, article: Article) -> ArticleResult:
        """Check one article."""
        detected, confidence = self._language(article)
        context = CheckContext(detected, confidence, self.config.languages)
        findings = self.engine.findings(article, context)
        weighted = [(f, self._weights.get(f.rule, 1.0)) for f in findings]
        article_scores = scoring.scores(weighted, self.config.penalties)
        return ArticleResult(
            article=article,
            language=detected,
            language_confidence=confidence,
            metrics=readability.article_metrics(article),
            findings=findings,
            scores=article_scores,
            verdict=scoring.verdict(
                findings, article_scores["overall"], self.config.fail_on, self.config.fail_under
            ),
            warnings=list(article.warnings),
        )


def check_inputs(
    checker: Checker,
    paths: list[str],
    stdin_format: str = "txt",
    stdin_name: str = "-",
) -> Iterator[ArticleResult | InputError]:
    """Results and input errors for every input, in input order."""
    config = checker.config
    for source in discover(paths, config.include, config.exclude, stdin_format, stdin_name):
        if isinstance(source, InputError):
            yield source
            continue
        try:
            for item in read_source(source, config.read_settings):
                yield item if isinstance(item, InputError) else checker.check(item)
        except Exception as exc:
            yield InputError(
                source.path, f"internal error, please report it: {type(exc).__name__}: {exc}"
            )
