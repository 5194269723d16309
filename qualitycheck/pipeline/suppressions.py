"""Suppressions: findings a person looked at and accepted, each with a reason.

Two sources, one rule: a suppression without a reason is never honoured.

* Inline, in Markdown and HTML sources (comments are invisible to the rules)::

      <!-- qualitycheck: disable boilerplate-share reason="kept on purpose" -->
      …
      <!-- qualitycheck: enable boilerplate-share -->
      <!-- qualitycheck: disable-next-line boilerplate reason="quoted widget" -->

  ``disable`` covers the source from the comment to an ``enable`` naming its
  selectors, in any order (or to the end of the file); ``disable-next-line`` covers the
  findings that start on the next non-blank line. An inline suppression
  without a reason, or with an unknown directive, is reported as a warning
  naming its line and is not honoured, so the finding it meant to hide still
  reaches the gate.
* In the config (``suppressions:``), by rule, path globs and optionally the
  finding's text; there a missing reason is a config error (exit 2).

Selectors are the ones ``--disable`` takes: rule ids, globs over ids and
categories, several separated by commas or spaces. A suppression that hides
nothing can be reported (``--warn-unused-suppressions``) so stale ones do not
pile up.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, replace

from qualitycheck.config.suppressions import SelectorMatch, Suppression, split_selectors
from qualitycheck.document.article import Article
from qualitycheck.document.findings import Finding
from qualitycheck.pipeline.comments import Comment, all_comments, html_comments, markdown_comments
from qualitycheck.pipeline.covering import hidden_configured, hidden_inline

#: Formats whose sources can carry inline suppression comments.
INLINE_FORMATS = ("md", "html")

_DIRECTIVE = re.compile(r"\s*qualitycheck\s*:\s*(?P<action>[\w-]*)(?P<rest>.*)", re.S)
#: A comment that reads as a directive gone wrong ("QUALITYCHECK: ...",
#: "qualitycheck disable ...", "qualitycheck-disable-next-line ..."): warned
#: about, as an unknown directive is, instead of being ignored in silence.
_NEAR_DIRECTIVE = re.compile(r"\s*qualitycheck\b", re.I)
_MARKER_ANY_CASE = re.compile("qualitycheck", re.I)
_REASON = re.compile(r"""\breason\s*=\s*(?:"(?P<double>[^"]*)"|'(?P<single>[^']*)')""")
ACTIONS = ("disable", "enable", "disable-next-line")
_LINE_PREFIX = re.compile(r"^line \d+: ")
#: Selectors of one comment that match no rule, each named in a problem of its own.
MAX_UNKNOWN_SELECTORS = 10

#: The findings a suppression problem becomes (like ruff's RUF100): id ->
#: (severity, summary, description). They cost no score points (weight 0) but
#: warn, and reach every output format where the reader looks.
SUPPRESSION_FINDINGS = {
    "suppression-invalid": (
        "warning",
        "An inline suppression that is not honoured.",
        'An inline suppression comment with an unknown directive, no rule, no reason="...", '
        "a selector that matches no rule, an 'enable' with no open 'disable', or written in "
        "plain text or a JSONL record, which have no comments. It hides "
        "nothing, so the finding it meant to hide still counts. Fix the comment.",
    ),
    "suppression-unused": (
        "warning",
        "An inline suppression that hid no finding.",
        "Reported with --warn-unused-suppressions: the comment hides nothing any more (the "
        "text changed, or the rule no longer fires). Delete it so stale ones do not pile up.",
    ),
}


def _next_content_line(article: Article, offset: int) -> int:
    """The line number of the first non-blank line after the one holding ``offset``."""
    source = article.source
    newline = source.find("\n", offset)
    while newline != -1:
        following = source.find("\n", newline + 1)
        line = source[newline + 1 : len(source) if following == -1 else following]
        if line.strip():
            return article.line_and_column(newline + 1)[0]
        newline = following
    return article.line_and_column(len(source))[0] + 1


def _sentence(text: str) -> str:
    """``text`` with a capital first letter; the rest as written (``str.capitalize``
    lower-cased the quoted comment and the rule ids' globs)."""
    return text[:1].upper() + text[1:]


@dataclass(frozen=True)
class Problem:
    """A suppression comment that is wrong or stale, where it is in the source."""

    rule: str
    start: int
    end: int
    message: str

    def finding(self, article: Article, severity: str) -> Finding:
        line, column = article.line_and_column(self.start)
        end_line, _ = article.line_and_column(max(self.end - 1, self.start))
        return Finding(
            rule=self.rule,
            category="suppression",
            severity=severity,
            message=_sentence(_LINE_PREFIX.sub("", self.message)),
            line=line,
            end_line=end_line,
            column=column,
            start=self.start,
            end=self.end,
            text=article.source[self.start : self.end],
        )


def inline_suppressions(
    article: Article, known: Callable[[str], bool]
) -> tuple[list[Suppression], list[Problem]]:
    """The honoured inline suppressions of an article, and warnings about the others.

    ``known`` tells whether a selector matches any rule; one that matches none
    gets a warning (it is most likely a typo) but does no harm.
    """
    if not _MARKER_ANY_CASE.search(article.source):
        return [], []
    if article.format not in INLINE_FORMATS:
        return [], _in_plain_text(article)
    comments = (
        html_comments(article.source)
        if article.format == "html"
        else markdown_comments(article.source)
    )
    suppressions: list[Suppression] = []
    problems: list[Problem] = []
    open_regions = OpenRegions()
    for comment in comments:
        directive = _DIRECTIVE.match(comment.body)
        if directive is None:
            if _NEAR_DIRECTIVE.match(comment.body):
                line = article.line_and_column(comment.start)[0]
                written = " ".join(comment.body.split())[:60]
                problems.append(
                    Problem(
                        "suppression-invalid",
                        comment.start,
                        comment.end,
                        f"line {line}: inline suppression: {written!r} is not a directive "
                        "(write 'qualitycheck: ACTION RULES reason=\"...\"', lower case, "
                        "with the colon); ignored",
                    )
                )
            continue
        line = article.line_and_column(comment.start)[0]
        action, rest = directive.group("action"), directive.group("rest")
        reasons = [
            (found.group("double") or found.group("single") or "").strip()
            for found in _REASON.finditer(rest)
        ]
        reason = reasons[0] if reasons else ""
        rest = _REASON.sub(" ", rest)
        selectors = split_selectors(rest)
        where = f"line {line}: inline suppression"

        def problem(message: str, span: Comment = comment) -> None:
            problems.append(Problem("suppression-invalid", span.start, span.end, message))

        if len(reasons) > 1:
            # The second one was read as a rule selector ("'reason="b"' matches
            # no rule id"), a hint that pointed the wrong way.
            problem(
                f'{where}: reason="…" written {len(reasons)} times; the first ({reason!r}) is used'
            )

        if action not in ACTIONS:
            problem(f"{where}: unknown directive {action!r} (use {', '.join(ACTIONS)}); ignored")
            continue
        if action == "enable":
            if not open_regions.close(suppressions, selectors, comment):
                problem(f"{where}: 'enable {' '.join(selectors)}' has no open 'disable'")
            continue
        if not selectors:
            problem(f"{where}: {action} names no rule; not honoured")
            continue
        if not reason:
            problem(f'{where} of {",".join(selectors)} has no reason="…"; not honoured')
            continue
        unknown = [selector for selector in dict.fromkeys(selectors) if not known(selector)]
        for selector in unknown[:MAX_UNKNOWN_SELECTORS]:
            problem(f"{where}: {selector!r} matches no rule id, glob or category")
        if len(unknown) > MAX_UNKNOWN_SELECTORS:
            # Each problem quotes the comment: 10,000 of a 80 kB one took 850 MB.
            more = len(unknown) - MAX_UNKNOWN_SELECTORS
            problem(f"{where}: {more:,} more selectors match no rule id, glob or category")
        suppression = Suppression(selectors, reason, article.path, line)
        suppression.comment_start, suppression.comment_end = comment.start, comment.end
        if action == "disable-next-line":
            suppression.line = _next_content_line(article, comment.end - 1)
        else:
            suppression.start = comment.end
            open_regions.open(suppression)
        suppressions.append(suppression)
    for region in open_regions:
        region.end = len(article.source)
    return suppressions, problems


def _in_plain_text(article: Article) -> list[Problem]:
    """Directives written in plain text or a JSONL record, where a comment is
    text the rules read: they hide nothing, which the finding that still fails
    the gate did not explain (as a misspelt directive is warned about)."""
    return [
        Problem(
            "suppression-invalid",
            found.start,
            found.end,
            f"line {article.line_and_column(found.start)[0]}: inline suppression in plain "
            "text: only Markdown and HTML have comments, so it hides nothing; use a config "
            "suppression (suppressions: in qualitycheck.yaml)",
        )
        for found in all_comments(article.source)
        if _DIRECTIVE.match(found.body) or _NEAR_DIRECTIVE.match(found.body)
    ]


class OpenRegions:
    """The ``disable`` regions still open, in the order they opened, indexed
    by selector: an ``enable`` looks only at the regions naming one of its
    selectors (every region was asked, so 100,000 regions of distinct rules
    closed one by one took quadratic time)."""

    def __init__(self) -> None:
        self._regions: dict[int, Suppression] = {}
        self._naming: dict[str, set[int]] = {}
        self._opened = 0

    def open(self, region: Suppression) -> None:
        self._opened += 1
        self._regions[self._opened] = region
        for selector in region.selectors:
            self._naming.setdefault(selector, set()).add(self._opened)

    def __iter__(self) -> Iterator[Suppression]:
        return iter(list(self._regions.values()))

    def close(
        self, suppressions: list[Suppression], selectors: tuple[str, ...], comment: Comment
    ) -> bool:
        """End the open regions an ``enable`` names; whether it named any.

        Selectors compare as sets, in any order (``disable a,b`` … ``enable
        b,a``), and an ``enable`` may name some of a region's selectors: the
        others stay disabled, as a region of their own from the ``enable`` on. A
        bare ``enable`` ends every open region. Comparing the written lists, as
        this did, left a region open to the end of the file when the order
        differed, hiding every later finding of those rules."""
        named = set(selectors)
        if named:
            keys = sorted(set().union(*(self._naming.get(s, set()) for s in named)))
        else:
            keys = list(self._regions)
        for key in keys:
            region = self._regions.pop(key)
            for selector in region.selectors:
                self._naming[selector].discard(key)
            region.end = comment.start
            kept = tuple(s for s in region.selectors if s not in named) if named else ()
            if kept:
                rest = replace(region, selectors=kept, start=comment.end, end=None, used=0)
                self.open(rest)
                suppressions.append(rest)
        return bool(keys)


@dataclass(frozen=True)
class Applied:
    """What applying the suppressions to one article gives."""

    findings: list[Finding]
    problems: list[Finding]
    warnings: list[str]


class Suppressor:
    """Applies config and inline suppressions to one article's findings at a time.

    It keeps the config suppressions' use counts over a whole run, so the ones
    that hid nothing can be reported at the end.
    """

    def __init__(
        self,
        configured: Iterable[Suppression],
        matcher: SelectorMatch,
        known: Callable[[str], bool],
        warn_unused: bool = False,
        levels: dict[str, str | None] | None = None,
    ) -> None:
        # Copies: checkers built from one config (a Dask worker's threads)
        # each count their own run, not into the config's shared objects.
        self.configured = [replace(s, used=0, applied=0) for s in configured]
        self.matcher = matcher
        self.known = known
        self.warn_unused = warn_unused
        #: Each problem finding's severity as configured; None: switched off.
        self.levels = levels or {key: value[0] for key, value in SUPPRESSION_FINDINGS.items()}
        #: The finding ids (with their categories) this run can report; None: all.
        self.reportable: list[tuple[str, str]] | None = None
        #: Whether each config suppression is judged (:meth:`_judged`), asked
        #: once per run, not once per article: it names the rules it names.
        self._tested = [True] * len(self.configured)

    def judge_only(self, reportable: Iterable[tuple[str, str]]) -> None:
        """Judge as unused only suppressions naming one of ``reportable`` (finding
        id, category), the rules and models this run runs: one of a model left
        out (``--no-models``) or a disabled rule hid nothing because nothing
        could be found, not because it is stale (a baseline keeps such entries)."""
        self.reportable = list(reportable)
        self._tested = [self._judged(suppression) for suppression in self.configured]

    def _judged(self, suppression: Suppression) -> bool:
        pairs = self.reportable
        return pairs is None or any(
            self.matcher(sel, rule, cat) for sel in suppression.selectors for rule, cat in pairs
        )

    def apply(self, article: Article, findings: list[Finding]) -> Applied:
        """The findings no suppression covers, the problems of the article's
        suppression comments as findings of their own, and the same problems
        as warnings (the JSON ``warnings`` have always carried them)."""
        inline, problems = inline_suppressions(article, self.known)
        configured = []
        for suppression, tested in zip(self.configured, self._tested, strict=True):
            if suppression.applies_to(article):
                configured.append(suppression)
                suppression.applied += tested  # (put to the test on this article)
        hidden = hidden_inline(inline, findings, self.matcher)
        hidden |= hidden_configured(configured, findings, self.matcher)
        kept = [finding for index, finding in enumerate(findings) if index not in hidden]
        if self.warn_unused:
            # A region split by a partial ``enable`` is one comment: unused when
            # none of its parts hid anything.
            # Its first part (the comment as written) is the one reported.
            seen = {s.comment_start for s in inline if s.used}
            for s in inline:
                named = any(map(self.known, s.selectors))  # (if not: reported as invalid)
                if s.comment_start in seen or not named or not self._judged(s):
                    continue
                seen.add(s.comment_start)
                problems.append(
                    Problem(
                        "suppression-unused",
                        s.comment_start,
                        s.comment_end,
                        f"line {s.origin_line}: unused suppression of {s.describe()}: "
                        "it hid no finding",
                    )
                )
        shown = [(p, level) for p in problems if (level := self.levels.get(p.rule)) is not None]
        return Applied(
            kept,
            [p.finding(article, level) for p, level in shown],
            [p.message for p, _ in shown],
        )

    def new_run(self) -> None:
        """Forget what the config suppressions hid: a new run counts afresh."""
        for suppression in self.configured:
            suppression.used = suppression.applied = 0

    def run_state(self) -> list[tuple[int, int]]:
        """What each config suppression hid in this run, and on how many
        articles it was put to the test, to :meth:`resume` it."""
        return [(suppression.used, suppression.applied) for suppression in self.configured]

    def resume(self, state: list[tuple[int, int]]) -> None:
        """Carry on the run :meth:`run_state` returned."""
        for suppression, (used, applied) in zip(self.configured, state, strict=True):
            suppression.used, suppression.applied = used, applied

    def unused(self) -> list[Suppression]:
        """Config suppressions that have not hidden any finding so far, of
        those whose paths covered an article of the run (one written for files
        this run did not check, ``check articles/new.md``, is not judged)."""
        return unused_over(self.configured, [self.run_state()])


def unused_over(
    configured: Sequence[Suppression], states: Iterable[Sequence[tuple[int, int]]]
) -> list[Suppression]:
    """The config suppressions put to the test in some of ``states`` (each a
    :meth:`Suppressor.run_state`: a run, or a shard of a Dask run) and used in none."""
    used = [0] * len(configured)
    applied = [0] * len(configured)
    for state in states:
        for index, (hid, tested) in enumerate(state):
            used[index] += hid
            applied[index] += tested
    return [s for s, u, a in zip(configured, used, applied, strict=True) if a and not u]
