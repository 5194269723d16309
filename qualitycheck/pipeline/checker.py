"""One article through the stages, one direction of flow:

    article → language and readability → rules → models → suppressions → scoring → result

:class:`Checker` holds what is loaded once per run (rules, models, config)
and turns each article into an :class:`ArticleResult`;
:mod:`qualitycheck.pipeline.inputs` does that for every input.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Iterable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING

from qualitycheck.config.settings import Config, Selector
from qualitycheck.detect.models.registry import FINDINGS, ModelFinding
from qualitycheck.detect.rules.engine import Engine
from qualitycheck.detect.rules.kinds.base import CheckContext, Rule
from qualitycheck.detect.rules.packs import load_packs
from qualitycheck.detect.signals import cmu, language, readability
from qualitycheck.detect.signals.language_names import language_name
from qualitycheck.document.article import Article
from qualitycheck.document.findings import Finding
from qualitycheck.pipeline import scoring
from qualitycheck.pipeline.overlaps import merge_overlapping_claims
from qualitycheck.pipeline.results import ArticleResult
from qualitycheck.pipeline.selection import (
    check_selectors,
    model_finding_enabled,
    model_severity_overrides,
    select_rules,
    selector_known,
    selector_matches,
    suppression_finding_levels,
)
from qualitycheck.pipeline.suppressions import SUPPRESSION_FINDINGS, Suppressor
from qualitycheck.primitives import patternfacts
from qualitycheck.primitives.input_warnings import CHECKED_AS_ENGLISH, NOT_CHECKED
from qualitycheck.readers.txt import (
    HEADLINE_SEARCHED,
    choose_headline,
    headline_index,
    parse_text,
    retitle,
)

if TYPE_CHECKING:
    from qualitycheck.detect.models.apply import ModelSet
    from qualitycheck.primitives.saferegex import Budget


#: An article for :meth:`Checker.warm_up`: English prose with a quote, a
#: claim, a caption and a share line, so every stage loads what it loads lazily.
WARM_UP_TEXT = (
    "Harbour bridge reopens after repairs\n"
    "The city council said on Monday that the old bridge would reopen next week.\n"
    '"We are glad the work is done," the mayor told reporters.\n'
    "It is certain that the repairs were the best decision anyone could have made.\n"
    "Photo: John Smith/Reuters\n"
    "Share This Article\n"
)


@dataclass(frozen=True)
class RunState:
    """One run's state on a :class:`Checker` (see :meth:`Checker.run_state`)."""

    engine: tuple[dict[str, Budget], set[str]]
    suppressions: list[tuple[int, int]]
    models: object


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
        self.engine = Engine(
            self.rules, config.rule_seconds_per_article, config.rule_seconds_per_run
        )
        # What loading derived from the patterns (the screen's too), for the next run.
        patternfacts.keep()
        every_rule = [rule for pack in packs for rule in pack.rules]
        #: Every loaded pack rule's id, switched on or off (a baseline tells a
        #: rule that did not run from one that no longer exists by it).
        self.loaded_rule_ids = frozenset(rule.meta.id for rule in every_rule)
        #: Rules whose findings judge the whole article (Rule.article_level).
        self.article_level_rule_ids = frozenset(
            rule.meta.id for rule in every_rule if rule.article_level
        )
        self.suppressor = _suppressor(config, every_rule)
        self._weights = {rule.meta.id: rule.meta.weight for rule in self.rules}
        # A problem with a suppression comment warns but costs no score points.
        self._weights.update(dict.fromkeys(SUPPRESSION_FINDINGS, 0.0))
        #: Rules of generic kinds (structural guesses) that a model may overrule.
        self.generic_rules = frozenset(rule.meta.id for rule in self.rules if rule.generic)
        self.models: ModelSet | None = None
        if use_models and config.use_models:
            from qualitycheck.detect.models.apply import ModelSet

            self.models = ModelSet(config.models_dir, config.models)
        #: Model findings whose severity a ``severity`` selector of the config sets.
        self._model_severity = model_severity_overrides(config)
        # A suppression naming only rules or models this run leaves out
        # (--no-models in a pre-commit hook, --disable) is not judged unused by
        # it: it still hides findings in the run it was written for.
        reportable = [(rule.meta.id, rule.meta.category) for rule in self.rules]
        reportable += [(entry.id, entry.category) for entry in self.model_findings()]
        self.suppressor.judge_only(reportable)

    def model_findings(self) -> list[ModelFinding]:
        """The model findings this checker can report: those of its loaded
        models that the config leaves enabled (the SARIF rule list, the
        suppressions' judgement)."""
        if self.models is None:
            return []
        return [
            entry
            for entry in FINDINGS
            if getattr(self.models, entry.task, None) is not None
            and model_finding_enabled(entry.id, self.config)
        ]

    def _language(self, article: Article) -> tuple[str | None, float]:
        if article.language_hint:
            return language.normalize_code(article.language_hint), 1.0
        return language.article_language(article.body_text)

    def _context(self, article: Article) -> CheckContext:
        detected, confidence = self._language(article)
        return CheckContext(detected, confidence, self.config.languages)

    def new_run(self) -> None:
        """Start a run afresh with what is loaded: forget the articles seen (the
        boilerplate model's line counts) and what the config suppressions hid,
        and restore every rule's run budget, so the next articles get the
        results of a new ``check`` run on them alone. A Dask task calls this
        before its shard, the API before each call."""
        self.engine.new_run()
        self.suppressor.new_run()
        if self.models is not None:
            self.models.new_run()

    def run_state(self) -> RunState:
        """The state of the current run (what it has seen, spent, hidden), so
        that several runs can take turns on one checker: the API's iterators
        and ``check_text`` calls each run alone however they interleave."""
        return RunState(
            self.engine.run_state(),
            self.suppressor.run_state(),
            self.models.run_state() if self.models is not None else None,
        )

    def resume(self, state: RunState) -> None:
        """Carry on the run :meth:`run_state` returned."""
        self.engine.resume(state.engine)
        self.suppressor.resume(state.suppressions)
        if self.models is not None:
            self.models.resume(state.models)

    def warm_up(self) -> None:
        """Load now what the first articles would load (model tables, syllable
        and pronunciation dictionaries, langdetect's profiles, the compiled
        tables a one-file run goes without), then start the run afresh. A
        parallel run calls it before forking its workers, so they share what is
        loaded instead of each loading it again; results are unchanged."""
        language.load()
        cmu.load_all()
        if self.models is not None:
            self.models.build_tables()
        article = parse_text(WARM_UP_TEXT, "<warm-up>", "<warm-up>")
        self.prepare(article)
        self.check(article)
        self.new_run()

    def prepare(self, article: Article) -> None:
        """What must see the articles in input order (the boilerplate model's
        cross-article line counts); a parallel run calls it in the main process."""
        if self.models is not None:
            self.models.prepare(article)

    def rule_findings(self, article: Article) -> list[Finding]:
        """The rules' findings alone (features for the models)."""
        return self.engine.findings(article, self._context(article))

    def check(self, article: Article) -> ArticleResult:
        """Check one article."""
        context = self._context(article)
        detected, confidence = context.language, context.language_confidence
        warned = len(article.warnings)
        findings = self.engine.findings(article, context)
        if (
            article.title_guessed
            # (a rule out of its time budget warned: not twice, and not the cost twice)
            and len(article.warnings) == warned
            and retitle(article, self._headline(article, findings))
        ):
            # The guessed headline was furniture ("Skip to main content"), or the
            # real one was taken for it: the rules read the headline apart from
            # the body (and the language is the body's), so they read it again.
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
            if self._model_severity:
                levels = self._model_severity
                findings = [
                    replace(f, severity=levels[f.rule]) if f.rule in levels else f for f in findings
                ]
        applied = self.suppressor.apply(article, findings)
        findings, suppression_warnings = applied.findings, applied.warnings
        findings = merge_overlapping_claims(findings)
        if applied.problems:
            findings = sorted([*findings, *applied.problems], key=Finding.sort_key)
        article_scores, verdict, reason = self.judge(findings)
        unread = self._not_read(context) or _read_as_english(article, context)
        if unread:
            suppression_warnings = [*suppression_warnings, unread]
        empty = _emptiness(article)
        if empty:
            suppression_warnings = [*suppression_warnings, empty]
            reason = f"{reason}: {empty}" if findings else empty
        return ArticleResult(
            article=article,
            language=detected,
            language_confidence=confidence,
            metrics=readability.article_metrics(article),
            findings=findings,
            scores=article_scores,
            verdict=verdict,
            verdict_reason=reason,
            mt_probability=mt_probability,
            warnings=[*article.warnings, *suppression_warnings],
        )

    def _headline(self, article: Article, findings: list[Finding]) -> int | None:
        """The headline of a plain text, chosen again past the lines a named
        boilerplate rule reports: menus, skip links, "Sign in" and cookie
        notices read as headlines by their shape, and the real headline under
        them was then reported as furniture and cut by ``clean``. A generic
        (layout) guess does not count: it flags short lines above the body,
        headlines among them."""
        starts = sorted(
            f.start
            for f in findings
            if f.category == "boilerplate" and f.rule not in self.generic_rules
        )
        if not starts:  # the reader chose from these lines alone: its choice stands
            return headline_index(article)
        leading = article.blocks[:HEADLINE_SEARCHED]
        furniture = set()
        for block in leading:
            start, end = block.mapping.source_span(0, len(block.text))
            first = bisect_left(starts, start)
            if first < len(starts) and starts[first] < max(end, start + 1):
                furniture.add(block.index)
        return choose_headline([block.text for block in leading], furniture)

    def _not_read(self, context: CheckContext) -> str | None:
        """What was not checked because the article is not in English: the
        English-only rules (``languages: [en]``) and the claims and
        machine-translation models skip it, which a clean result must not hide."""
        if context.language in (None, "en"):
            return None
        rules = self.engine.skipped_by_language(context)
        models = [
            name
            for name, task in (("claims", "claims"), ("machine-translation", "mt"))
            if self.models is not None and getattr(self.models, task, None) is not None
        ]
        if not rules and not models:
            return None
        parts = [f"{len(rules)} English-only rule{'s' if len(rules) != 1 else ''}"] if rules else []
        if models:
            parts.append(f"the {' and '.join(models)} model{'s' if len(models) > 1 else ''}")
        return (
            f"{NOT_CHECKED}{' and '.join(parts)} (the article's language is "
            f'{language_name(context.language)}, "{context.language}")'
        )

    def judge(self, findings: list[Finding]) -> tuple[dict[str, float], str, str]:
        """Scores, verdict and the verdict's reason for an article with ``findings``.

        The one scoring path: :meth:`check` uses it after suppressions, and
        :meth:`rescore` after a baseline took findings away, so the gate always
        judges exactly the findings that are reported.
        """
        article_scores = scoring.scores(
            [(f, self._weights.get(f.rule, 1.0)) for f in findings], self.config.penalties
        )
        verdict, reason = scoring.judge(
            findings, article_scores["overall"], self.config.fail_on, self.config.fail_under
        )
        return article_scores, verdict, reason

    def rescore(self, result: ArticleResult, findings: list[Finding]) -> ArticleResult:
        """``result`` with only ``findings`` left, its scores and verdict recomputed."""
        if len(findings) == len(result.findings):
            return result
        article_scores, verdict, reason = self.judge(findings)
        return replace(
            result,
            findings=findings,
            scores=article_scores,
            verdict=verdict,
            verdict_reason=reason,
        )


def _read_as_english(article: Article, context: CheckContext) -> str | None:
    """A note for an article of 12 words or more whose language langdetect
    could not decide (``language`` null, its best probability below 0.6): the
    English-only rules and models read it as English, which may be wrong."""
    if context.language is not None or not context.language_confidence:
        return None
    sample = article.body_text[: language.SAMPLE_CHARS]
    if len(language.words_of(sample)) < language.SHORT_WORDS:
        return None
    return (
        f"{CHECKED_AS_ENGLISH}the article's language could not be determined "
        f"(langdetect's best guess at {context.language_confidence:g}, below "
        f"{language.MIN_PROBABILITY:g})"
    )


def _emptiness(article: Article) -> str | None:
    """A warning for an article with nothing to check: an empty file passing
    in silence looks like a clean article (a failed export, a wrong field name)."""
    if article.body_text.strip():
        return None
    where = f"line {article.record_line}: " if article.record_line else ""
    if article.title or article.source.strip():
        return f"{where}no body text to check (only a headline or markup)"
    return f"{where}the article is empty: nothing to check"


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
        levels=suppression_finding_levels(config),
    )
