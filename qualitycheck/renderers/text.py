"""``--format text`` and ``--format concise``: findings for people at a terminal.

Each finding starts with ``path:line:col:`` (``feed.jsonl#record-id:line:col``
for a JSONL record, the line counted in the record's text), which terminals
and editors make clickable. ``text`` lists each article with findings under a
line with its verdict, score and the reason, and shows every finding's source
line with carets under the flagged words (as ruff and rustc do); ``concise``
prints one line per finding. A finding that judges the whole article (the MT
probability) gets no carets. The last line sums up the run.
Colour is used on a terminal (never when ``NO_COLOR`` is set). File names,
ids and messages (which quote article text) are written through
:func:`~qualitycheck.primitives.terminal.for_terminal`: an article cannot send
escape sequences to the terminal or start a line of its own.
"""

from __future__ import annotations

from qualitycheck.detect.models.registry import ARTICLE_LEVEL
from qualitycheck.document.findings import Finding
from qualitycheck.errors import InputError
from qualitycheck.pipeline.results import ArticleResult
from qualitycheck.primitives.terminal import for_terminal, line_start_for_terminal
from qualitycheck.renderers.base import Renderer
from qualitycheck.renderers.contract import Summary
from qualitycheck.renderers.snippet import LineBounds, snippet

_COLORS = {
    "error": "31",
    "fail": "1;31",
    "warning": "33",
    "warn": "1;33",
    "info": "34",
    "pass": "1;32",
    "dim": "2",
    "bold": "1",
}


def _plural(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"


class TextRenderer(Renderer):
    def paint(self, text: str, style: str) -> str:
        if not self.color:
            return text
        return f"\x1b[{_COLORS[style]}m{text}\x1b[0m"

    def header(self, result: ArticleResult) -> str:
        """The article's line: its name, verdict, score and the verdict's reason."""
        article = result.article
        name = article.id if article.id == article.path else f"{article.path} [{article.id}]"
        name = line_start_for_terminal(name)
        header = (
            f"{self.paint(name, 'bold')}  {self.paint(result.verdict, result.verdict)}"
            f"  score {result.scores['overall']:g}"
        )
        if result.verdict_reason:
            header += self.paint(f"  ({for_terminal(result.verdict_reason)})", "dim")
        return header

    def article(self, result: ArticleResult) -> None:
        # A failing article is always named with its reason, even when
        # --min-severity hides every finding that failed it.
        if not result.findings and result.verdict != "fail":
            return
        self.stream.write(self.header(result) + "\n")
        article = result.article
        lines: LineBounds | None = None
        for finding in result.findings:
            self.stream.write(self.located(result, finding) + "\n")
            if finding.rule in ARTICLE_LEVEL:
                continue
            lines = lines or LineBounds(article.source)
            shown = snippet(article.source, finding.start, finding.end, lines=lines)
            gutter = " " * len(str(finding.line))
            self.stream.write(
                f"  {self.paint(f'{finding.line} |', 'dim')} {shown.text}\n"
                f"  {self.paint(f'{gutter} |', 'dim')} "
                f"{self.paint(shown.carets, finding.severity)}\n"
            )
            if finding.suggestion is not None:
                suggestion = for_terminal(finding.suggestion)
                self.stream.write(f"  {gutter} = suggestion: {suggestion}\n")
        self.stream.write("\n")

    def located(self, result: ArticleResult, finding: Finding) -> str:
        """``path:line:col: severity message [rule]``: one clickable line."""
        article = result.article
        where = article.path
        if article.record_line is not None:
            where = f"{where}#{article.id}"
        place = line_start_for_terminal(f"{where}:{finding.line}:{finding.column}:")
        severity = self.paint(finding.severity, finding.severity)
        rule = self.paint(f"[{for_terminal(finding.rule)}]", "dim")
        return f"{place} {severity} {for_terminal(finding.message)} {rule}"

    def end(self, summary: Summary) -> None:
        counts = summary.verdicts
        verdicts = ", ".join(
            self.paint(f"{counts[v]} {v}", v) if counts[v] else f"0 {v}"
            for v in ("pass", "warn", "fail")
        )
        findings = summary.severities
        total = sum(findings.values())
        detail = ", ".join(_plural(findings[s], s) for s in ("error", "warning") if findings[s])
        if findings["info"]:
            detail = ", ".join(filter(None, [detail, f"{findings['info']} info"]))
        articles = _plural(summary.articles, "article")
        line = f"{articles} checked: {verdicts}; {_plural(total, 'finding')}"
        if detail:
            line += f" ({detail})"
        if summary.input_errors:
            line += f"; {self.paint(_plural(len(summary.input_errors), 'input error'), 'error')}"
        self.stream.write(line + "\n")

    def input_error(self, error: InputError) -> None:
        """Input errors go to stderr from the CLI; nothing to add here."""


class ConciseRenderer(TextRenderer):
    """``--format concise``: one ``path:line:col: severity message [rule]`` line
    per finding, and the summary line."""

    def article(self, result: ArticleResult) -> None:
        if not result.findings and result.verdict == "fail":
            # Failed on its score, or on findings --min-severity hides: named,
            # with the reason, so a failure never goes unexplained.
            self.stream.write(self.header(result) + "\n")
        for finding in result.findings:
            self.stream.write(self.located(result, finding) + "\n")
