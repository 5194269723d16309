"""``--format text``: findings grouped per file, for people at a terminal.

Only articles with findings are listed; the last line sums up the run.
Colour is used on a terminal (never when ``NO_COLOR`` is set). File names,
ids and messages (which quote article text) are written through
:func:`~qualitycheck.primitives.terminal.for_terminal`: an article cannot send
escape sequences to the terminal or start a line of its own.
"""

from __future__ import annotations

from qualitycheck.errors import InputError
from qualitycheck.pipeline.results import ArticleResult
from qualitycheck.primitives.terminal import for_terminal, line_start_for_terminal
from qualitycheck.renderers.base import Renderer
from qualitycheck.renderers.contract import Summary

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

    def article(self, result: ArticleResult) -> None:
        if not result.findings:
            return
        article = result.article
        name = article.id if article.id == article.path else f"{article.path} [{article.id}]"
        name = line_start_for_terminal(name)
        header = (
            f"{self.paint(name, 'bold')}  {self.paint(result.verdict, result.verdict)}"
            f"  score {result.scores['overall']:g}"
        )
        if result.verdict_reason:
            header += self.paint(f"  ({for_terminal(result.verdict_reason)})", "dim")
        self.stream.write(header + "\n")
        for finding in result.findings:
            place = f"{finding.line}:{finding.column}"
            severity = self.paint(f"{finding.severity:<7}", finding.severity)
            rule = self.paint(for_terminal(finding.rule), "dim")
            message = for_terminal(finding.message)
            self.stream.write(f"  {place:>8}  {severity}  {message}  {rule}\n")
        self.stream.write("\n")

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
