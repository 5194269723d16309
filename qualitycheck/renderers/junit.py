"""``--format junit``: JUnit XML, which CI systems (GitLab, Jenkins, Azure
Pipelines, CircleCI) show as a test report.

One ``testcase`` per article (``classname`` the file without its suffixes,
``name`` the article id): a failing article has a ``failure`` listing its
findings; a passing or warning article with findings lists them in
``system-out``. An input that
could not be read is a testcase with an ``error``. One ``testsuite`` inside
``testsuites``, both with ``tests``, ``failures``, ``errors`` and ``skipped``
counts; no times or timestamps, so the same input gives the same bytes.

The counts belong in the opening tags but are known only at the end, so the
testcases are spooled to a temporary file (in memory up to a megabyte, on disk
beyond) and copied after the header: memory stays bounded on large corpora.
"""

from __future__ import annotations

import re
import shutil
import tempfile
from xml.sax.saxutils import escape, quoteattr

from qualitycheck.document.findings import Finding
from qualitycheck.errors import InputError
from qualitycheck.pipeline.results import ArticleResult
from qualitycheck.readers.compressed import inner_name
from qualitycheck.renderers.base import Renderer
from qualitycheck.renderers.contract import Summary
from qualitycheck.renderers.locations import in_rows
from qualitycheck.version import __version__

#: Characters XML 1.0 cannot carry, not even as references.
_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
_SPOOL_BYTES = 1 << 20
SUITE = "qualitycheck"


def _clean(text: str) -> str:
    return _NOT_XML.sub("\ufffd", text)


def _attr(text: str) -> str:
    return quoteattr(_clean(text), {"\n": "&#10;", "\r": "&#13;", "\t": "&#9;"})


def _body(text: str) -> str:
    return escape(_clean(text))


def finding_line(finding: Finding) -> str:
    """``3:1 error boilerplate-share: message`` (line:column in the source text)."""
    return f"{finding.line}:{finding.column} {finding.severity} {finding.rule}: {finding.message}"


def _failure_message(result: ArticleResult) -> str:
    """The score and the verdict's reason: the findings that failed the
    article, named even when ``--min-severity`` keeps them out of the body."""
    return f"score {result.scores['overall']:g}: {result.verdict_reason}"


def class_name(path: str) -> str:
    """A testcase's ``classname``: the file without its suffixes
    (``articles/a.md`` → ``articles/a``, ``feed.jsonl.gz`` → ``feed``), as ruff
    and ESLint write it. Jenkins splits a class name at its last dot into a
    package and a class, so ``articles/a.md`` showed every Markdown article as
    class ``md``; the name keeps the whole path."""
    cut = max(path.rfind("/"), path.rfind("\\")) + 1  # (a Windows path's backslashes)
    # The compression ending as the readers take it, in any case (FEED.JSONL.GZ).
    folder, name = path[:cut], inner_name(path[cut:])
    stem, dot, _ = name.rpartition(".")
    return folder + (stem if dot and stem else name)


class JunitRenderer(Renderer):
    def begin(self) -> None:
        self.cases = tempfile.SpooledTemporaryFile(  # noqa: SIM115 (closed in end)
            max_size=_SPOOL_BYTES, mode="w+", encoding="utf-8", newline="\n"
        )
        self.tests = self.failures = self.errors = 0

    def article(self, result: ArticleResult) -> None:
        article = result.article
        self.tests += 1
        lines = "\n".join(finding_line(f) for f in result.findings)
        if article.record_line is not None and lines:
            unit = "row" if in_rows(article.path) else "on line"  # (a Parquet row)
            lines = f"record {unit} {article.record_line}; places are in its text\n{lines}"
        parts = [
            f"    <testcase classname={_attr(class_name(article.path))} name={_attr(article.id)}"
        ]
        if result.verdict == "fail":
            self.failures += 1
            parts.append(
                f'>\n      <failure message={_attr(_failure_message(result))} type="fail">'
                f"{_body(lines)}</failure>\n    </testcase>\n"
            )
        elif result.findings:
            parts.append(f">\n      <system-out>{_body(lines)}</system-out>\n    </testcase>\n")
        else:
            parts.append("/>\n")
        self.cases.write("".join(parts))

    def input_error(self, error: InputError) -> None:
        self.tests += 1
        self.errors += 1
        name = f"{error.path}:{error.line}" if error.line is not None else error.path
        self.cases.write(
            f"    <testcase classname={_attr(class_name(error.path))} name={_attr(name)}>\n"
            f'      <error message={_attr(error.message)} type="input-error">'
            f"{_body(str(error))}</error>\n    </testcase>\n"
        )

    def _counts(self) -> str:
        return f'tests="{self.tests}" failures="{self.failures}" errors="{self.errors}" skipped="0"'

    def end(self, summary: Summary) -> None:
        write = self.stream.write
        write('<?xml version="1.0" encoding="UTF-8"?>\n')
        write(f'<testsuites name="{SUITE}" {self._counts()}>\n')
        write(f'  <testsuite name="{SUITE}" {self._counts()}>\n')
        write("    <properties>\n")
        write(f'      <property name="qualitycheck.version" value={_attr(__version__)}/>\n')
        write("    </properties>\n")
        self.cases.seek(0)
        shutil.copyfileobj(self.cases, self.stream)
        self.cases.close()
        write("  </testsuite>\n</testsuites>\n")
