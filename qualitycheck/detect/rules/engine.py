"""The rule engine: turns the selected rules' hits into findings with exact
source positions (which rules run is :mod:`qualitycheck.pipeline.selection`'s job).

Everything kind-independent happens here, once: scope (which blocks),
languages, quoted speech, exceptions, message formatting, de-duplication.
"""

from __future__ import annotations

from collections.abc import Iterator

from qualitycheck.detect.rules.kinds.base import CheckContext, Hit, Rule
from qualitycheck.document.article import Article, Block
from qualitycheck.document.findings import SEVERITY_RANK, Finding
from qualitycheck.document.segmentation import inside
from qualitycheck.document.textfold import normalize
from qualitycheck.primitives.saferegex import TIMEOUT, PatternTimeout


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
