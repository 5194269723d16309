"""The rule engine: selects the rules a config asks for and turns their hits
into findings with exact source positions.

Everything kind-independent happens here, once: scope (which blocks),
languages, quoted speech, exceptions, message formatting, de-duplication.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import replace
from fnmatch import fnmatchcase

from qualitycheck.config.loading import Config, Selector
from qualitycheck.detect.rules.kinds.base import CheckContext, Hit, Rule
from qualitycheck.detect.rules.packs import Pack
from qualitycheck.document.article import Article, Block
from qualitycheck.document.findings import CATEGORIES, SEVERITY_RANK, Finding
from qualitycheck.document.segmentation import inside
from qualitycheck.document.textfold import normalize
from qualitycheck.errors import ConfigError
from qualitycheck.primitives.saferegex import TIMEOUT, PatternTimeout

#: The finding ids of the learned detectors, selectable like rule ids.
MODEL_FINDINGS = {
    "model-boilerplate": "boilerplate",
    "model-unsupported-claim": "unsupported_claim",
    "model-machine-translation": "machine_translation",
    "model-mt-evidence": "machine_translation",
}


def _matches(selector: str, rule_id: str, category: str) -> bool:
    return selector in (category, rule_id) or fnmatchcase(rule_id, selector)


def _selects(selector: str, rule: Rule) -> bool:
    return _matches(selector, rule.meta.id, rule.meta.category)


def model_finding_enabled(rule_id: str, config: Config) -> bool:
    """Whether the config lets a model finding through (``disable`` then ``enable``)."""
    category = MODEL_FINDINGS.get(rule_id, "")
    if any(_matches(s.value, rule_id, category) for s in config.enable):
        return True
    return not any(_matches(s.value, rule_id, category) for s in config.disable)


def _specificity(selector: str, rule: Rule) -> int:
    if selector == rule.meta.id:
        return 2
    return 0 if selector in CATEGORIES else 1


def selector_matches(selector: str, rule_id: str, category: str) -> bool:
    """Whether a selector (rule id, glob over ids, or category) picks a finding's
    rule: the one meaning shared by ``disable``, ``enable`` and suppressions."""
    return _matches(selector, rule_id, category)


def selector_known(selector: str, rules: Iterable[Rule]) -> bool:
    """Whether a selector picks any of ``rules`` or a model finding (else it is a typo)."""
    if any(_matches(selector, i, c) for i, c in MODEL_FINDINGS.items()):
        return True
    return any(_selects(selector, rule) for rule in rules)


def check_selectors(selectors: Iterable[Selector], rules: list[Rule], key: str) -> None:
    """Raise a :class:`ConfigError` at the first selector that picks nothing."""
    _check_selectors(selectors, rules, key)


def _check_selectors(selectors: Iterable[Selector], rules: list[Rule], key: str) -> None:
    for selector in selectors:
        if not selector_known(selector.value, rules):
            raise ConfigError(
                selector.path,
                selector.line,
                f"{selector.value!r} matches no rule id, glob or category",
                key,
            )


def select_rules(packs: list[Pack], config: Config) -> list[Rule]:
    """The enabled rules, with severity overrides applied, in pack order.

    ``disable`` applies first, then ``enable``, so ``disable: [boilerplate]``
    with ``enable: [boilerplate-share]`` keeps only that boilerplate rule.
    For severity, an exact id beats a glob, which beats a category.
    """
    every = [rule for pack in packs for rule in pack.rules]
    _check_selectors(config.disable, every, "disable")
    _check_selectors(config.enable, every, "enable")
    _check_selectors((s for s, _ in config.severity), every, "severity")
    selected: list[Rule] = []
    for rule in every:
        enabled = rule.meta.enabled and not any(_selects(s.value, rule) for s in config.disable)
        if any(_selects(s.value, rule) for s in config.enable):
            enabled = True
        if not enabled:
            continue
        overrides = [
            (_specificity(s.value, rule), level)
            for s, level in config.severity
            if _selects(s.value, rule)
        ]
        if overrides:
            level = max(overrides, key=lambda item: item[0])[1]
            rule.meta = replace(rule.meta, severity=level)
        selected.append(rule)
    return selected


def _scoped(article: Article, scope: str) -> list[Block]:
    if scope == "all":
        return article.blocks
    if scope == "body":
        return article.body_blocks
    if scope == "title":
        return [block for block in article.blocks if block.is_title]
    return [block for block in article.blocks if block.kind in ("title", "heading")]


def _applies(rule: Rule, context: CheckContext) -> bool:
    languages = rule.meta.languages
    return "*" in languages or context.language is None or context.language in languages


def _preference(finding: Finding, order: dict[str, int], generic: set[str]) -> tuple[int, ...]:
    return (SEVERITY_RANK[finding.severity], finding.rule in generic, order[finding.rule])


class _SafeFields(dict[str, str]):
    def __missing__(self, key: str) -> str:
        return "{" + key + "}"


class Engine:
    """Runs the selected rules over articles."""

    def __init__(self, rules: list[Rule]) -> None:
        self.rules = rules
        self._exceptions = {
            rule.meta.id: [normalize(e) for e in rule.meta.exceptions] for rule in rules
        }

    def _excepted(self, rule: Rule, hit: Hit) -> bool:
        exceptions = self._exceptions[rule.meta.id]
        if not exceptions:
            return False
        folded = hit.block.folded
        for phrase in exceptions:
            # Only an occurrence that starts within one phrase length before
            # the hit can cover it: search that window, not the whole block,
            # so a long line with many hits stays linear.
            stop = hit.start + len(phrase)
            position = folded.find(phrase, max(0, hit.end - len(phrase)), stop)
            while position != -1:
                if position <= hit.start and hit.end <= position + len(phrase):
                    return True
                position = folded.find(phrase, position + 1, stop)
        return False

    def _finding(self, rule: Rule, article: Article, hit: Hit) -> Finding:
        matched = " ".join(hit.block.text[hit.start : hit.end].split())
        fields = _SafeFields(match=matched, **(hit.fields or {}))
        meta = rule.meta
        return Finding.at(
            article,
            hit.block,
            (hit.start, hit.end),
            rule=meta.id,
            category=meta.category,
            severity=meta.severity,
            message=meta.message.format_map(fields),
            confidence=hit.confidence,
        )

    def findings(self, article: Article, context: CheckContext) -> list[Finding]:
        """Findings of every applicable rule, merged and sorted by position.

        When several rules of one category flag the same span, one finding is
        kept: the most severe, then one from a specific rule over a generic one
        (such as ``layout``), then the rule loaded first.
        """
        order = {rule.meta.id: index for index, rule in enumerate(self.rules)}
        generic = {rule.meta.id for rule in self.rules if rule.generic}
        best: dict[tuple[str, int, int], Finding] = {}
        for finding in self.run(article, context):
            key = (finding.category, finding.start, finding.end)
            kept = best.get(key)
            if kept is None or _preference(finding, order, generic) < _preference(
                kept, order, generic
            ):
                best[key] = finding
        return sorted(best.values(), key=Finding.sort_key)

    def run(self, article: Article, context: CheckContext) -> Iterator[Finding]:
        """Findings of every applicable rule, unsorted and unmerged."""
        for rule in self.rules:
            if not _applies(rule, context):
                continue
            blocks = _scoped(article, rule.meta.scope)
            if not blocks:
                continue
            seen: set[tuple[int, int]] = set()
            try:
                for hit in rule.hits(article, blocks, context):
                    if rule.meta.skip_quotes and inside(hit.block.quotes, hit.start, hit.end):
                        continue
                    if self._excepted(rule, hit):
                        continue
                    finding = self._finding(rule, article, hit)
                    if (finding.start, finding.end) in seen:
                        continue
                    seen.add((finding.start, finding.end))
                    yield finding
            except PatternTimeout:
                article.warnings.append(
                    f"rule {rule.meta.id}: its pattern took over {TIMEOUT} s on one line; "
                    "the rule was skipped for the rest of this article"
                )
