"""``--format sarif``: SARIF 2.1.0, the format code-scanning services read
(GitHub code scanning, GitLab, Azure DevOps, IDE viewers).

One run; one result per finding; every rule the run can report described in
``tool.driver.rules``; input errors as ``toolExecutionNotifications`` of the one
invocation. The document is streamed like ``--format json``: each article's
results are written as it is checked, so memory stays flat on large corpora.

Regions (docs/ci-formats.md):

- a file: start and end line and column of the finding, ``endColumn`` just
  after its last character, columns in Unicode code points (``columnKind``);
- a JSONL record: the whole line of the record in the file, because the
  record's ``text`` is JSON-escaped there and its columns do not map to the
  file's. The record's id is a logical location, and the finding's place in
  the record's text is in the result's ``properties``;
- a Parquet row: no region (the file is binary: a row number shown as a line
  points at binary data); the row is a logical location, the record's id its
  name and the row number its ``properties.row``. So for an input error's row.
"""

from __future__ import annotations

import hashlib
from collections import Counter
from typing import Any
from urllib.parse import urlsplit

from qualitycheck.detect.models.registry import ARTICLE_LEVEL
from qualitycheck.document.findings import Finding
from qualitycheck.errors import InputError
from qualitycheck.pipeline.results import ArticleResult
from qualitycheck.renderers.base import Renderer
from qualitycheck.renderers.contract import ConfigWarning, Summary
from qualitycheck.renderers.indented_json import indented
from qualitycheck.renderers.locations import artifact_uri, end_column, in_rows
from qualitycheck.renderers.rule_catalog import RuleInfo
from qualitycheck.version import __version__

SARIF_VERSION = "2.1.0"
SARIF_SCHEMA = (
    "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
)
LEVELS = {"error": "error", "warning": "warning", "info": "note"}
#: The key of the one partial fingerprint; bump the suffix if its recipe changes.
FINGERPRINT = "qualitycheck/v1"


def reporting_descriptor(rule: RuleInfo) -> dict[str, Any]:
    """``tool.driver.rules`` entry: title, help and default level from the pack."""
    return {
        "id": rule.id,
        "shortDescription": {"text": rule.summary},
        "fullDescription": {"text": rule.description},
        "help": {
            "text": f"{rule.description}\n\nCategory: {rule.category}. Defined in {rule.source}."
        },
        "defaultConfiguration": {"level": LEVELS[rule.severity]},
        "properties": {
            "category": rule.category,
            "kind": rule.kind,
            "tags": [rule.category],
            **({"artifact": rule.artifact} if rule.artifact is not None else {}),
        },
    }


def fingerprint(rule: str, uri: str, record: str, text: str, occurrence: int) -> str:
    """Stable across runs and unrelated edits: the rule, the file, the JSONL
    record's id (empty for files), the flagged text and which occurrence of
    that text it is in the article. No line number, so inserting a paragraph
    above a finding does not make it look new to code scanning."""
    key = "\0".join((rule, uri, record, text, str(occurrence)))
    return hashlib.sha256(key.encode("utf-8")).hexdigest()[:32]


#: The base a relative artifact URI is resolved against: the source root, as
#: CodeQL writes it and code scanning resolves it (against the checkout). SARIF
#: asks for a ``uriBaseId`` beside a relative ``uri`` so no reader guesses the
#: base (the SARIF file's folder, say). No ``originalUriBaseIds``: its value would
#: be this machine's absolute working directory, and the output would differ
#: between checkouts of the same commit.
SOURCE_ROOT = "%SRCROOT%"


def artifact_location(uri: str) -> dict[str, str]:
    """The ``artifactLocation`` of ``uri``: a relative one (and not standard
    input's ``-``) based on :data:`SOURCE_ROOT`; a ``file:`` URI stands alone."""
    if uri == "-" or urlsplit(uri).scheme:
        return {"uri": uri}
    return {"uri": uri, "uriBaseId": SOURCE_ROOT}


def _file_region(result: ArticleResult, finding: Finding) -> dict[str, Any]:
    return {
        "startLine": finding.line,
        "startColumn": finding.column,
        "endLine": finding.end_line,
        "endColumn": end_column(result.article, finding),
        "snippet": {"text": finding.text},
    }


def _location(result: ArticleResult, finding: Finding, uri: str) -> dict[str, Any]:
    article = result.article
    artifact = artifact_location(uri)
    if article.record_line is None:
        return {
            "physicalLocation": {
                "artifactLocation": artifact,
                "region": _file_region(result, finding),
            }
        }
    if in_rows(article.path):  # no region: a row of a binary file has no line
        return {
            "physicalLocation": {"artifactLocation": artifact},
            "logicalLocations": [_row(article.id, article.record_line)],
        }
    return {
        "physicalLocation": {
            "artifactLocation": artifact,
            "region": {"startLine": article.record_line, "snippet": {"text": finding.text}},
        },
        "logicalLocations": [{"name": article.id, "kind": "object"}],
    }


def _row(name: str, row: int) -> dict[str, Any]:
    """The logical location of a Parquet row: its name and, in ``properties``, its number."""
    return {"name": name, "kind": "object", "properties": {"row": row}}


class SarifRenderer(Renderer):
    def begin(self) -> None:
        self.index = {rule.id: number for number, rule in enumerate(self.rules)}
        #: Findings that judge the whole article: fingerprinted without the
        #: words they are shown on (the first body paragraph), as baselines do.
        self.whole = ARTICLE_LEVEL | {rule.id for rule in self.rules if rule.article_level}
        self.count = 0
        self.path: str | None = None
        self.records: Counter[str] = Counter()  # articles per record id in this file
        driver = {
            "name": "qualitycheck",
            "version": __version__,
            "semanticVersion": __version__,
            "rules": [reporting_descriptor(rule) for rule in self.rules],
        }
        self.stream.write("{\n")
        self.stream.write(f'  "$schema": {indented(SARIF_SCHEMA)},\n')
        self.stream.write(f'  "version": {indented(SARIF_VERSION)},\n')
        self.stream.write('  "runs": [\n    {\n')
        self.stream.write(f'      "tool": {indented({"driver": driver}, 6)},\n')
        self.stream.write('      "columnKind": "unicodeCodePoints",\n')
        self.stream.write('      "results": [')

    def _result(
        self,
        result: ArticleResult,
        finding: Finding,
        occurrence: int,
        uri: str,
        record: str,
        text: str,
    ) -> dict[str, Any]:
        """One finding's result; ``uri`` is its article's :func:`artifact_uri`,
        ``record`` what identifies the article in the file and ``text`` the
        words (none for a whole-article finding) for the fingerprint."""
        article = result.article
        entry: dict[str, Any] = {"ruleId": finding.rule}
        if finding.rule in self.index:
            entry["ruleIndex"] = self.index[finding.rule]
        entry["level"] = LEVELS[finding.severity]
        entry["message"] = {"text": finding.message}
        entry["locations"] = [_location(result, finding, uri)]
        entry["partialFingerprints"] = {
            FINGERPRINT: fingerprint(finding.rule, uri, record, text, occurrence)
        }
        properties: dict[str, Any] = {
            "category": finding.category,
            "confidence": round(finding.confidence, 4),
            "article": article.id,
            "verdict": result.verdict,
        }
        if finding.artifact is not None:
            properties["artifact"] = finding.artifact
        if article.record_line is not None:
            properties["textRegion"] = {
                "startLine": finding.line,
                "startColumn": finding.column,
                "endLine": finding.end_line,
                "endColumn": end_column(article, finding),
            }
        entry["properties"] = properties
        if finding.suggestion is not None and article.record_line is None:
            # A fix a code-scanning UI can offer: the flagged words replaced.
            region = _file_region(result, finding)
            region.pop("snippet", None)
            entry["fixes"] = [
                {
                    "description": {"text": f"Write {finding.suggestion!r}"},
                    "artifactChanges": [
                        {
                            "artifactLocation": artifact_location(uri),
                            "replacements": [
                                {
                                    "deletedRegion": region,
                                    "insertedContent": {"text": finding.suggestion},
                                }
                            ],
                        }
                    ],
                }
            ]
        elif finding.suggestion is not None:
            properties["suggestion"] = finding.suggestion
        return entry

    def article(self, result: ArticleResult) -> None:
        article = result.article
        if article.path != self.path:  # the records of one file come together
            self.path, self.records = article.path, Counter()
        record = article.id if article.record_line is not None else ""
        self.records[record] += 1
        if self.records[record] > 1:
            # A JSONL id used twice (the reader warns): the second record's
            # findings must not share the first one's fingerprints (nor those
            # of a record whose id is literally "x#2").
            record = f"{record}\0{self.records[record]}"  # no id holds a NUL: no clash
        seen: Counter[tuple[str, str]] = Counter()
        # Once per article: it resolves the path on disk (a system call per folder).
        uri = artifact_uri(article.path) if result.findings else ""
        for finding in result.findings:
            key = (finding.rule, "" if finding.rule in self.whole else finding.text)
            seen[key] += 1
            self.stream.write(",\n        " if self.count else "\n        ")
            entry = self._result(result, finding, seen[key], uri, record, key[1])
            self.stream.write(indented(entry, 8))
            self.count += 1

    def end(self, summary: Summary) -> None:
        invocation: dict[str, Any] = {"executionSuccessful": not summary.input_errors}
        if summary.input_errors:
            invocation["toolExecutionNotifications"] = [
                _notification(error) for error in summary.input_errors
            ]
        if summary.config_warnings:
            invocation["toolConfigurationNotifications"] = [
                _config_notification(warning) for warning in summary.config_warnings
            ]
        self.stream.write("\n      ],\n" if self.count else "],\n")
        self.stream.write(f'      "invocations": {indented([invocation], 6)},\n')
        self.stream.write(f'      "properties": {indented({"summary": summary.as_dict()}, 6)}\n')
        self.stream.write("    }\n  ]\n}\n")

    def input_error(self, error: InputError) -> None:
        """Reported in :meth:`end`, from the summary, as notifications."""


def _config_notification(warning: ConfigWarning) -> dict[str, Any]:
    return _notification_at(warning.path, warning.line, "warning", warning.message, warning.rule)


def _notification(error: InputError) -> dict[str, Any]:
    return _notification_at(error.path, error.line, "error", error.message, "input-error")


def _notification_at(
    path: str, line: int | None, level: str, message: str, descriptor: str
) -> dict[str, Any]:
    """A SARIF notification about a file (and line) that is not a finding."""
    physical: dict[str, Any] = {"artifactLocation": artifact_location(artifact_uri(path))}
    location: dict[str, Any] = {"physicalLocation": physical}
    if line is not None and in_rows(path):
        location["logicalLocations"] = [_row(f"row {line}", line)]
    elif line is not None:
        physical["region"] = {"startLine": line}
    return {
        "level": level,
        "message": {"text": message},
        "locations": [location],
        "descriptor": {"id": descriptor},
    }
