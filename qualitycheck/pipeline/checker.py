"""The check pipeline, one direction of flow:

    readers → article → language and readability → rules → scoring → result

:class:`Checker` holds what is loaded once per run (rules, config) and turns
each article into an :class:`ArticleResult`; :func:`check_inputs` does that
for every input and passes input errors through so the caller can report them
in order.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from qualitycheck.config.loading import Config, Selector
from qualitycheck.detect.rules.engine import (
    Engine,
    check_selectors,
    model_finding_enabled,
    select_rules,
    selector_known,
    selector_matches,
)
from qualitycheck.detect.rules.kinds.base import CheckContext, Rule
from qualitycheck.detect.rules.packs import load_packs
from qualitycheck.detect.signals import language, readability
from qualitycheck.document.article import Article
from qualitycheck.document.findings import Finding
from qualitycheck.errors import InputError
from qualitycheck.pipeline import scoring
from qualitycheck.pipeline.suppressions import Suppressor
from qualitycheck.readers import InputSource, read_source
from qualitycheck.readers.discovery import discover

if TYPE_CHECKING:
    from qualitycheck.detect.models.apply import ModelSet


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
    """Loads rules (and models) once and checks articles against them.

    ``use_models=False`` gives the rules alone (used to train the models on
    rule findings, and by ``evaluate`` to compare rules, models and both).
    """

    def __init__(
        self, config: Config, extra_rules: Iterable[Path] = (), use_models: bool = True
    ) -> None:
        self.config = config
        packs = load_packs([*config.rules, *extra_rules], builtin=config.builtin_rules)
        self.rules: list[Rule] = select_rules(packs, config)
        self.engine = Engine(self.rules)
        self.suppressor = _suppressor(config, [rule for pack in packs for rule in pack.rules])
        self._weights = {rule.meta.id: rule.meta.weight for rule in self.rules}
        #: Rules of generic kinds (structural guesses) that a model may overrule.
        self.generic_rules = frozenset(rule.meta.id for rule in self.rules if rule.generic)
        self.models: ModelSet | None = None
        if use_models and config.use_models:
            from qualitycheck.detect.models.apply import ModelSet

            self.models = ModelSet(config.models_dir, config.models)

    def _language(self, article: Article) -> tuple[str | None, float]:
        if article.language_hint:
            return language.normalize_code(article.language_hint), 1.0
        return language.detect(article.body_text)

    def _context(self, article: Article) -> CheckContext:
        detected, confidence = self._language(article)
        return CheckContext(detected, confidence, self.config.languages)

    def rule_findings(self, article: Article) -> list[Finding]:
        """The rules' findings alone (features for the models)."""
        return self.engine.findings(article, self._context(article))

    def check(self, article: Article) -> ArticleResult:
        """Check one article."""
        context = self._context(article)
        detected, confidence = context.language, context.language_confidence
        findings = self.engine.findings(article, context)
        mt_probability = None
        if self.models is not None:
            findings, mt_probability = self.models.apply(
                article, findings, detected, self.generic_rules
            )
            findings = [
                f
                for f in findings
                if not f.rule.startswith("model-") or model_finding_enabled(f.rule, self.config)
            ]
        findings, suppression_warnings = self.suppressor.apply(article, findings)
        article_scores, verdict = self.score(findings)
        return ArticleResult(
            article=article,
            language=detected,
            language_confidence=confidence,
            metrics=readability.article_metrics(article),
            findings=findings,
            scores=article_scores,
            verdict=verdict,
            mt_probability=mt_probability,
            warnings=[*article.warnings, *suppression_warnings],
        )

    def score(self, findings: list[Finding]) -> tuple[dict[str, float], str]:
        """Scores and verdict of an article with ``findings``.

        The one scoring path: :meth:`check` uses it after suppressions, and
        :meth:`rescore` after a baseline took findings away, so the gate always
        judges exactly the findings that are reported.
        """
        article_scores = scoring.scores(
            [(f, self._weights.get(f.rule, 1.0)) for f in findings], self.config.penalties
        )
        verdict = scoring.verdict(
            findings, article_scores["overall"], self.config.fail_on, self.config.fail_under
        )
        return article_scores, verdict

    def rescore(self, result: ArticleResult, findings: list[Finding]) -> ArticleResult:
        """``result`` with only ``findings`` left, its scores and verdict recomputed."""
        if len(findings) == len(result.findings):
            return result
        article_scores, verdict = self.score(findings)
        return replace(result, findings=findings, scores=article_scores, verdict=verdict)


def _suppressor(config: Config, every_rule: list[Rule]) -> Suppressor:
    """Config suppressions checked against every loaded rule (a typo is a config
    error at its line), ready to apply with the inline ones."""
    check_selectors(
        (
            Selector(value, suppression.origin, suppression.origin_line)
            for suppression in config.suppressions
            for value in suppression.selectors
        ),
        every_rule,
        "suppressions",
    )
    return Suppressor(
        config.suppressions,
        selector_matches,
        lambda selector: selector_known(selector, every_rule),
        warn_unused=config.warn_unused_suppressions,
    )


def read_inputs(
    config: Config,
    paths: list[str],
    stdin_format: str = "txt",
    stdin_name: str = "-",
    keep: Callable[[InputSource], bool] | None = None,
) -> Iterator[Article | InputError]:
    """Articles and input errors of every input, in input order (a stream).

    ``keep`` narrows the discovered inputs (``--changed-since``) after the
    usual include/exclude, so both select files the same way.
    """
    for source in discover(paths, config.include, config.exclude, stdin_format, stdin_name):
        if isinstance(source, InputError):
            yield source
            continue
        if keep is not None and not keep(source):
            continue
        yield from read_one(source, config)


def read_one(source: InputSource, config: Config) -> Iterator[Article | InputError]:
    """The articles of one discovered input; a crash in a reader becomes an
    input error naming it, and the run goes on."""
    try:
        yield from read_source(source, config.read_settings)
    except Exception as exc:
        yield InputError(
            source.path, f"internal error, please report it: {type(exc).__name__}: {exc}"
        )


def check_source(checker: Checker, source: InputSource) -> Iterator[ArticleResult | InputError]:
    """Results and input errors of one discovered input (``clean`` checks the
    files it is about to rewrite, by where they are, not by their shown name)."""
    for item in read_one(source, checker.config):
        yield item if isinstance(item, InputError) else check_one(checker, item)


def check_one(checker: Checker, article: Article) -> ArticleResult | InputError:
    """One article's result; a crash in a rule or model becomes an input error
    naming the article (file and record line), and the run goes on."""
    try:
        return checker.check(article)
    except Exception as exc:
        return InputError(
            article.path,
            f"internal error, please report it: {type(exc).__name__}: {exc}",
            article.record_line,
        )


def check_inputs(
    checker: Checker,
    paths: list[str],
    stdin_format: str = "txt",
    stdin_name: str = "-",
    keep: Callable[[InputSource], bool] | None = None,
    jobs: int = 1,
) -> Iterator[ArticleResult | InputError]:
    """Results and input errors for every input, in input order; ``jobs`` > 1
    checks on that many processes with the same results (:mod:`.parallel`)."""
    items = read_inputs(checker.config, paths, stdin_format, stdin_name, keep)
    if jobs > 1:
        from qualitycheck.pipeline.executor import check_parallel

        yield from check_parallel(checker, items, jobs)
        return
    for item in items:
        yield item if isinstance(item, InputError) else check_one(checker, item)
