"""``--format github``: GitHub Actions workflow commands, one line per finding,
which the runner turns into annotations on the files of a pull request.

The default format when ``GITHUB_ACTIONS=true`` and neither ``--format`` nor
``-o`` is given. Each line is written (and flushed) as its article is
checked. Severities map to ``error``, ``warning`` and ``notice``; the rule id
is the annotation's title. A JSONL record is annotated on its line of the file
(its text's columns do not map to the file's), with the record id and the
place in its text in the message. Input errors are ``::error file=…::``
lines, and a last ``::notice`` sums up the run.

Escaping follows the runner (actions/toolkit ``command.ts``): ``%``, CR and LF
in the message; those and ``:`` and ``,`` in property values. Before that, what
comes from the articles (file names, record ids, messages quoting the text) is
written through :func:`~qualitycheck.primitives.terminal.for_terminal`, so it
cannot put escape sequences into the log or end a command early.
"""

from __future__ import annotations

from dataclasses import replace

from qualitycheck.document.findings import Finding
from qualitycheck.errors import InputError
from qualitycheck.pipeline.results import ArticleResult
from qualitycheck.primitives.terminal import for_terminal
from qualitycheck.renderers.base import Renderer
from qualitycheck.renderers.contract import Summary
from qualitycheck.renderers.locations import in_rows, workspace_path
from qualitycheck.renderers.summary_line import summary_line

COMMANDS = {"error": "error", "warning": "warning", "info": "notice"}


def escape_data(text: str) -> str:
    """The message after ``::``."""
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    """A ``key=value`` value: ``,`` separates properties and ``::`` ends them."""
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def command(name: str, message: str, properties: dict[str, object] | None = None) -> str:
    """One workflow-command line (with its newline)."""
    props = ",".join(
        f"{key}={escape_property(str(value))}" for key, value in (properties or {}).items()
    )
    return f"::{name}{' ' + props if props else ''}::{escape_data(message)}\n"


def _annotation(result: ArticleResult, finding: Finding, path: str) -> str:
    """One finding's annotation; ``path`` is its article's shown file name."""
    article = result.article
    message = for_terminal(finding.message)
    if article.record_line is not None:
        properties: dict[str, object] = {"file": path, "line": article.record_line}
        place = f"text line {finding.line}, column {finding.column}"
        if in_rows(article.path):  # a Parquet row: no line of the (binary) file
            del properties["line"]
            place = f"row {article.record_line}, {place}"
        message = f"{for_terminal(article.id)} ({place}): {message}"
    else:
        properties = {
            "file": path,
            "line": finding.line,
            "col": finding.column,
            "endLine": finding.end_line,
        }
        if finding.end_line == finding.line:
            # GitHub takes an end column only on one line; like SARIF's, it is
            # the column just after the last flagged character.
            properties["endColumn"] = finding.column + len(finding.text)
    properties["title"] = for_terminal(finding.rule)
    return command(COMMANDS[finding.severity], message, properties)


class GithubRenderer(Renderer):
    def begin(self) -> None:
        #: Counts of what this output was given (info findings are left out
        #: unless --min-severity info): the closing notice sums up what is shown.
        self.shown = Summary()

    def article(self, result: ArticleResult) -> None:
        self.shown.add(result)
        failed_unshown = result.verdict == "fail" and all(
            f.severity != "error" for f in result.findings
        )
        if not result.findings and not failed_unshown:
            return
        # Once per article: it resolves the path on disk (a system call per folder).
        path = for_terminal(workspace_path(result.article.path))
        if failed_unshown:
            # It failed on its score, on warnings (fail_on: warning), or on findings
            # hidden here (info is not annotated): one error says which, so a
            # failed job always has an annotation that explains it.
            properties: dict[str, object] = {"file": path}
            if result.article.record_line is not None and not in_rows(result.article.path):
                properties["line"] = result.article.record_line
            properties["title"] = "qualitycheck"
            reason = result.verdict_reason or "fails"
            name = "" if result.article.id == result.article.path else f"{result.article.id}: "
            message = for_terminal(f"{name}fail: {reason}")
            self.stream.write(command("error", message, properties))
        self.stream.write("".join(_annotation(result, f, path) for f in result.findings))
        self.stream.flush()

    def input_error(self, error: InputError) -> None:
        properties: dict[str, object] = {"file": for_terminal(workspace_path(error.path))}
        message = error.message
        if error.line is not None and in_rows(error.path):
            message = f"row {error.line}: {message}"
        elif error.line is not None:
            properties["line"] = error.line
        properties["title"] = "input error"
        self.stream.write(command("error", for_terminal(message), properties))
        self.stream.flush()

    def end(self, summary: Summary) -> None:
        for warning in summary.config_warnings:
            properties: dict[str, object] = {"file": for_terminal(workspace_path(warning.path))}
            if warning.line is not None:
                properties["line"] = warning.line
            properties["title"] = warning.rule
            self.stream.write(command("warning", for_terminal(warning.message), properties))
        shown = replace(self.shown, input_errors=summary.input_errors)
        self.stream.write(command("notice", summary_line(shown), {"title": "qualitycheck"}))
