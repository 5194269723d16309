"""``--format markdown``: a short summary for a pull-request comment or a
GitHub Actions job summary (``$GITHUB_STEP_SUMMARY``).

A headline, the verdict counts, findings per category and per rule, the
worst articles (failing first, then lowest score) and the input errors. Only
counts and the few worst articles are kept while results stream past, so
memory stays bounded. Every piece of article-derived text is escaped, so a
file name or a finding cannot add markup, links or HTML to the comment.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from qualitycheck.document.findings import CATEGORIES, SEVERITIES
from qualitycheck.errors import InputError
from qualitycheck.pipeline.results import ArticleResult
from qualitycheck.renderers.base import Renderer
from qualitycheck.renderers.contract import Summary
from qualitycheck.renderers.summary_line import plural, summary_line

WORST = 10
TOP_RULES = 10
FINDINGS_SHOWN = 3
_VERDICT_RANK = {"fail": 0, "warn": 1, "pass": 2}
#: Characters with inline meaning in GitHub-flavoured Markdown (``|`` ends a
#: table cell); a backslash makes each a literal.
_INLINE = re.compile(r"([\\`*_\[\]<>|~&!#$])")
_BLOCK_START = re.compile(r"^(\d+)([.)])|^([+\-=])")
_RULE_ID = re.compile(r"[A-Za-z0-9._-]+")


def md_text(text: str) -> str:
    """``text`` as literal inline Markdown on one line."""
    text = _INLINE.sub(r"\\\1", " ".join(text.split()))
    return _BLOCK_START.sub(lambda m: f"{m[1]}\\{m[2]}" if m[1] else f"\\{m[3]}", text)


def md_rule(rule: str) -> str:
    """A rule id as code when it is a plain id, else as escaped text."""
    return f"`{rule}`" if _RULE_ID.fullmatch(rule) else md_text(rule)


def table(header: list[str], align: str, rows: list[list[str]]) -> list[str]:
    """A pipe table; ``align`` has one ``l`` or ``r`` per column."""
    marks = ["---:" if a == "r" else "---" for a in align]
    return [
        f"| {' | '.join(header)} |",
        f"|{'|'.join(marks)}|",
        *(f"| {' | '.join(row)} |" for row in rows),
    ]


@dataclass(frozen=True)
class _Entry:
    """What the summary keeps of one article that did not pass."""

    rank: tuple[int, float, int]
    name: str
    verdict: str
    score: float
    counts: tuple[int, ...]
    first: tuple[tuple[int, str], ...]


class MarkdownRenderer(Renderer):
    def begin(self) -> None:
        self.worst: list[_Entry] = []
        self.not_passing = 0
        self.by_category = {c: dict.fromkeys(SEVERITIES, 0) for c in CATEGORIES}
        self.rule_findings: Counter[str] = Counter()
        self.rule_articles: Counter[str] = Counter()

    def article(self, result: ArticleResult) -> None:
        for finding in result.findings:
            self.by_category[finding.category][finding.severity] += 1
            self.rule_findings[finding.rule] += 1
        self.rule_articles.update({f.rule for f in result.findings})
        if result.verdict == "pass":
            return
        self.not_passing += 1
        article = result.article
        name = article.id if article.id == article.path else f"{article.path} [{article.id}]"
        score = result.scores["overall"]
        self.worst.append(
            _Entry(
                rank=(_VERDICT_RANK[result.verdict], score, self.not_passing),
                name=name,
                verdict=result.verdict,
                score=score,
                counts=tuple(sum(f.severity == s for f in result.findings) for s in SEVERITIES),
                first=tuple((f.line, f.rule) for f in result.findings[:FINDINGS_SHOWN]),
            )
        )
        if len(self.worst) > 2 * WORST:
            self._trim()

    def _trim(self) -> None:
        self.worst = sorted(self.worst, key=lambda entry: entry.rank)[:WORST]

    def input_error(self, error: InputError) -> None:
        """Listed in :meth:`end`, from the summary."""

    def _headline(self, summary: Summary) -> str:
        fails = summary.verdicts["fail"]
        if fails:
            headline = f"{fails} of {plural(summary.articles, 'article')} fail"
        else:
            headline = f"no article fails ({plural(summary.articles, 'article')} checked)"
        if summary.input_errors:
            headline += f", {plural(len(summary.input_errors), 'input')} could not be read"
        return f"## qualitycheck: {headline}"

    def end(self, summary: Summary) -> None:
        self._trim()
        lines = [self._headline(summary), "", md_text(summary_line(summary)), ""]
        verdicts = [[v, str(summary.verdicts[v])] for v in ("pass", "warn", "fail")]
        lines += [*table(["verdict", "articles"], "lr", verdicts), ""]
        lines += ["### Findings by category", ""]
        rows = [
            [c, *(str(self.by_category[c][s]) for s in SEVERITIES), str(summary.categories[c])]
            for c in CATEGORIES
        ]
        lines += [*table(["category", *SEVERITIES, "total"], "lrrrr", rows), ""]
        if self.rule_findings:
            top = sorted(self.rule_findings.items(), key=lambda item: (-item[1], item[0]))
            rows = [
                [md_rule(rule), str(count), str(self.rule_articles[rule])]
                for rule, count in top[:TOP_RULES]
            ]
            lines += [f"### Rules with the most findings ({len(rows)} of {len(top)})", ""]
            lines += [*table(["rule", "findings", "articles"], "lrr", rows), ""]
        lines += self._worst_section()
        if summary.input_errors:
            lines += ["### Input errors", ""]
            lines += [f"- {md_text(str(error))}" for error in summary.input_errors]
            lines.append("")
        self.stream.write("\n".join(lines))

    def _worst_section(self) -> list[str]:
        if not self.worst:
            return []
        which = "Articles"
        if len(self.worst) < self.not_passing:
            which = f"The {len(self.worst)} worst of {self.not_passing} articles"
        lines = [
            "### Worst articles",
            "",
            f"{which} that do not pass, failing first, then by overall score.",
            "",
        ]
        rows = [
            [
                md_text(entry.name),
                entry.verdict,
                f"{entry.score:g}",
                *(str(count) for count in entry.counts),
                ", ".join(f"line {line} {md_rule(rule)}" for line, rule in entry.first),
            ]
            for entry in self.worst
        ]
        header = ["article", "verdict", "score", *SEVERITIES, "first findings"]
        return [*lines, *table(header, "llrrrrl", rows), ""]
