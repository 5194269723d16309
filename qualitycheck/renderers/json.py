"""``--format json`` (one document) and ``--format jsonl`` (one article per line).

The JSON document is streamed too: articles are written as they are checked
and the summary comes last, so memory stays flat on large corpora.
"""

from __future__ import annotations

import json

from qualitycheck.pipeline.results import ArticleResult
from qualitycheck.renderers.base import Renderer
from qualitycheck.renderers.contract import TOOL, Summary, article_dict
from qualitycheck.renderers.indented_json import indented
from qualitycheck.version import SCHEMA_VERSION


def _dumps(value: object) -> str:
    return json.dumps(value, ensure_ascii=False)


class JsonRenderer(Renderer):
    def begin(self) -> None:
        self.count = 0
        self.stream.write("{\n")
        self.stream.write(f'  "schema_version": {_dumps(SCHEMA_VERSION)},\n')
        self.stream.write(f'  "tool": {_dumps(TOOL)},\n')
        self.stream.write('  "articles": [')

    def article(self, result: ArticleResult) -> None:
        self.stream.write(",\n    " if self.count else "\n    ")
        self.stream.write(indented(article_dict(result), 4))
        self.count += 1

    def end(self, summary: Summary) -> None:
        self.stream.write("\n  ],\n" if self.count else "],\n")
        self.stream.write(f'  "summary": {indented(summary.as_dict(), 2)}\n')
        self.stream.write("}\n")


class JsonLinesRenderer(Renderer):
    def article(self, result: ArticleResult) -> None:
        record = {"schema_version": SCHEMA_VERSION, **article_dict(result)}
        self.stream.write(_dumps(record) + "\n")
        self.stream.flush()
