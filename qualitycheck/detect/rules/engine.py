"""The rule engine: turns the selected rules' hits into findings with exact
source positions (which rules run is :mod:`qualitycheck.pipeline.selection`'s job).

Everything kind-independent happens here, once: scope (which blocks),
languages, quoted speech, exceptions, message formatting, de-duplication,
and each rule's time budgets (:mod:`qualitycheck.primitives.saferegex`): a
rule whose patterns run out of their budget for an article is skipped for the
rest of that article, with a warning there; one that runs out of its budget
for the run is disabled for the rest of the run, with one warning, in the
article where it happened.

"The run" is this engine's life in one process. With ``--jobs N`` every
worker has its own copy, so a runaway rule costs up to N run budgets and the
articles it is disabled for depend on how articles were shared out. That
only happens to a rule that already ran out of time, whose findings depend
on the machine's speed anyway; output stays identical for any N whenever no
rule runs out of its budget.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace

from qualitycheck.detect.rules.fastpath import FastPath
from qualitycheck.detect.rules.kinds.base import CheckContext, Hit, Rule
from qualitycheck.document.article import Article, Block
from qualitycheck.document.artifacts import ARTIFACTS
from qualitycheck.document.findings import SEVERITY_RANK, Finding
from qualitycheck.document.segmentation import inside
from qualitycheck.document.textfold import normalize
from qualitycheck.primitives.saferegex import (
    ARTICLE_BUDGET,
    RUN_BUDGET,
    Budget,
    PatternTimeout,
    Spending,
)

#: Findings one rule lists in one article; the rest are counted in a warning.
#: 320 KB of '"' was 320,000 ``mt-unbalanced-quotes`` findings (913 MB, 143 MB
#: of JSON); the most any rule reaches on a page of the labeled corpora is 110
#: (``boilerplate-outside-body``, docs/limits.md "Findings per rule").
MAX_FINDINGS_PER_RULE = 1_000


def _scoped(article: Article, scope: str, skip: tuple[str, ...]) -> list[Block]:
    if scope == "all":
        blocks = article.blocks
    elif scope == "body":
        blocks = article.body_blocks
    elif scope == "title":
        blocks = [block for block in article.blocks if block.is_title]
    else:
        blocks = [block for block in article.blocks if block.kind in ("title", "heading")]
    if skip:
        return [block for block in blocks if block.kind not in skip]
    return blocks


def _applies(rule: Rule, context: CheckContext) -> bool:
    languages = rule.meta.languages
    return "*" in languages or context.language is None or context.language in languages


#: ``Article.derived`` key of the named findings a generic one displaced.
NAMED_UNDER_GENERIC = "named_under_generic"


def named_under_generic(article: Article) -> list[Finding]:
    """The named rules' findings that :meth:`Engine.findings` left out of the
    article's last findings because a generic rule's finding on the same span
    was more severe (a line both ``boilerplate-outside-body``, a warning, and
    an ``info`` rule flag). The boilerplate model, which keeps a generic
    guess only where it agrees, reports these where it drops the guess."""
    found: list[Finding] = article.derived.get(NAMED_UNDER_GENERIC, [])
    return found


def _preference(finding: Finding, order: dict[str, int], generic: set[str]) -> tuple[int, ...]:
    return (SEVERITY_RANK[finding.severity], finding.rule in generic, order[finding.rule])


def _fast_path(rules: list[Rule]) -> FastPath:
    searched: list[tuple[str, bool]] = []
    whole: list[tuple[str, bool]] = []
    longest: list[int | None] = []
    for rule in rules:
        rule_searched, rule_whole = rule.screened_patterns()
        searched += rule_searched
        whole += rule_whole
        if rule_whole or rule.longest_whole_line() is not None:
            longest.append(rule.longest_whole_line())
    prefilters = [found for rule in rules for found in rule.literal_prefilters()]
    # Lines longer than every whole-line rule looks at are not screened whole
    # nor indexed by their line key.
    known = [length for length in longest if length is not None]
    limit = max(known, default=0) if len(known) == len(longest) else None
    return FastPath(prefilters, searched, whole, longest_line=limit)


class _SafeFields(dict[str, str]):
    def __missing__(self, key: str) -> str:
        return "{" + key + "}"


class Engine:
    """Runs the selected rules over articles."""

    def __init__(
        self,
        rules: list[Rule],
        article_budget: float = ARTICLE_BUDGET,
        run_budget: float = RUN_BUDGET,
    ) -> None:
        self.rules = rules
        #: CPU seconds each rule's patterns may take per article and per run.
        self.article_budget = article_budget
        self.run_budget = run_budget
        self._exceptions = {
            rule.meta.id: [normalize(e) for e in rule.meta.exceptions] for rule in rules
        }
        self._run_budgets: dict[str, Budget] = {}
        self._disabled: set[str] = set()  # rules out of their run budget
        #: The literal automaton and regex screen over every rule (built once).
        self.fast = _fast_path(rules)
        #: Each rule's place and the generic rules' ids, for merging findings.
        self._order = {rule.meta.id: index for index, rule in enumerate(rules)}
        self._generic = {rule.meta.id for rule in rules if rule.generic}
        #: Which blocks each rule reads (scope, block kinds skipped), made once.
        self._where = {
            rule.meta.id: (rule.meta.scope, tuple(rule.meta.skip_blocks)) for rule in rules
        }
        self.new_run()

    def skipped_by_language(self, context: CheckContext) -> list[str]:
        """Ids of the rules that do not run on an article in ``context``'s
        language (limited to other languages): the output says so, rather
        than an article passing them unread."""
        return [rule.meta.id for rule in self.rules if not _applies(rule, context)]

    def new_run(self) -> None:
        """Every rule's run budget whole again, none disabled: a new run."""
        self._run_budgets = {rule.meta.id: Budget(self.run_budget) for rule in self.rules}
        self._disabled = set()

    def run_state(self) -> tuple[dict[str, Budget], set[str]]:
        """What this run has spent and disabled, to :meth:`resume` it later."""
        return self._run_budgets, self._disabled

    def resume(self, state: tuple[dict[str, Budget], set[str]]) -> None:
        """Carry on the run :meth:`run_state` returned."""
        self._run_budgets, self._disabled = state

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
        message = meta.message.format_map(fields)
        if meta.artifact is not None:
            # The kind of damage first, so every output format names it.
            message = f"{ARTIFACTS[meta.artifact].label.capitalize()}: {message}"
        return Finding.at(
            article,
            hit.block,
            (hit.start, hit.end),
            rule=meta.id,
            category=meta.category,
            severity=meta.severity,
            message=message,
            confidence=hit.confidence,
            suggestion=(hit.fields or {}).get("suggestion"),
            artifact=meta.artifact,
        )

    def findings(self, article: Article, context: CheckContext) -> list[Finding]:
        """Findings of every applicable rule, merged and sorted by position.

        When several rules of one category flag the same span, one finding is
        kept: the most severe, then one from a specific rule over a generic one
        (such as ``layout``), then the rule loaded first.
        """
        order, generic = self._order, self._generic
        best: dict[tuple[str, int, int], Finding] = {}
        named: dict[tuple[str, int, int], Finding] = {}  # the best named finding per span
        for finding in self.run(article, context):
            key = (finding.category, finding.start, finding.end)
            kept = best.get(key)
            preference = _preference(finding, order, generic)
            if kept is None or preference < _preference(kept, order, generic):
                best[key] = finding
            if finding.rule not in generic:
                other = named.get(key)
                if other is None or preference < _preference(other, order, generic):
                    named[key] = finding
        # A generic finding kept for its severity hides the named one on its
        # span; a model that overrules the generic guess must not lose the
        # named finding with it (:func:`named_under_generic`).
        article.derived[NAMED_UNDER_GENERIC] = [
            found for key, found in named.items() if best[key].rule in generic
        ]
        return sorted(best.values(), key=Finding.sort_key)

    def run(self, article: Article, context: CheckContext) -> Iterator[Finding]:
        """Findings of every applicable rule, unsorted and unmerged."""
        candidates = self.fast.candidates(article)
        context = replace(context, candidates=candidates)
        scoped: dict[tuple[str, tuple[str, ...]], list[Block]] = {}
        for rule in self.rules:
            if rule.meta.id in self._disabled or not _applies(rule, context):
                continue
            if not candidates.may_match(rule.prefilters):
                continue  # none of its strings in the article
            # One list per scope and article, shared by the rules (as the
            # article's own list is for scope "all"); rules do not change it.
            where = self._where[rule.meta.id]
            blocks = scoped.get(where)
            if blocks is None:
                blocks = scoped[where] = _scoped(article, *where)
            if not blocks:
                continue
            seen: set[tuple[int, int]] = set()
            unlisted: set[tuple[int, int, int]] = set()
            for hit in self._hits(rule, article, blocks, context):
                if rule.meta.skip_quotes and inside(hit.block.quotes, hit.start, hit.end):
                    continue
                if self._excepted(rule, hit):
                    continue
                if len(seen) == MAX_FINDINGS_PER_RULE:
                    unlisted.add((id(hit.block), hit.start, hit.end))
                    continue
                finding = self._finding(rule, article, hit)
                if (finding.start, finding.end) in seen:
                    continue
                seen.add((finding.start, finding.end))
                yield finding
            if unlisted:
                article.warnings.append(
                    f"rule {rule.meta.id}: {len(unlisted):,} more findings in this article not "
                    f"listed (the first {MAX_FINDINGS_PER_RULE:,} are)"
                )

    def _hits(
        self, rule: Rule, article: Article, blocks: list[Block], context: CheckContext
    ) -> list[Hit]:
        """The rule's hits, searched within its time budgets: the hits found
        before a pattern ran out of time are kept, and the article says why
        the rest are missing."""
        if not rule.searches_patterns:
            return list(rule.hits(article, blocks, context))
        hits: list[Hit] = []
        run_budget = self._run_budgets[rule.meta.id]
        try:
            # Collected before the engine's own work, so the budgets pay for
            # the rule's searches only.
            with Spending(Budget(self.article_budget), run_budget):
                hits.extend(rule.hits(article, blocks, context))  # keeps what came first
        except PatternTimeout:
            if run_budget.spent:
                self._disable(rule, article)
            else:
                article.warnings.append(
                    f"rule {rule.meta.id}: its pattern took over {self.article_budget:g} s of CPU "
                    "time in this article; the rule was skipped for the rest of this article"
                )
        else:
            # A search can finish a little past what was left (the time is read
            # after it): the rule is disabled here, on the article that spent the
            # budget, not at the next article's first search.
            if run_budget.spent:
                self._disable(rule, article)
        return hits

    def _disable(self, rule: Rule, article: Article) -> None:
        """Disable ``rule`` for the rest of the run, with one warning on ``article``."""
        self._disabled.add(rule.meta.id)
        article.warnings.append(
            f"rule {rule.meta.id}: its pattern took over {self.run_budget:g} s of CPU "
            "time in this run; the rule is disabled for the rest of the run"
        )
