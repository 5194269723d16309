"""``--format html`` and ``qualitycheck report``: the audit report, rendered
with the Jinja templates in ``reports/`` (or a user's ``--template`` folder).

Autoescaping is on for every template, and article data reaches the page's
script as escaped JSON that the script inserts as text only, so article text
can never become markup in the report. The template context is documented in
docs/report.md.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from qualitycheck.errors import QualitycheckError
from qualitycheck.pipeline.results import ArticleResult
from qualitycheck.renderers.base import Renderer
from qualitycheck.renderers.contract import TOOL, Summary
from qualitycheck.renderers.report_data import (
    embedded_json,
    overview,
    report_entry,
    sorted_articles,
)
from qualitycheck.resources import reports_dir
from qualitycheck.version import SCHEMA_VERSION

TEMPLATE = "report.html.j2"


class HtmlRenderer(Renderer):
    template_dir: Path | None = None

    def begin(self) -> None:
        self.articles: list[dict[str, Any]] = []

    def article(self, result: ArticleResult) -> None:
        self.articles.append(report_entry(result))

    def entry(self, entry: dict[str, Any]) -> None:
        """An article already in report form (:func:`~.report_data.entry_of`)."""
        self.articles.append(entry)

    def end(self, summary: Summary) -> None:
        from jinja2 import (
            Environment,
            FileSystemLoader,
            StrictUndefined,
            TemplateError,
            TemplateSyntaxError,
            select_autoescape,
        )

        folders = [str(self.template_dir)] if self.template_dir else []
        environment = Environment(
            loader=FileSystemLoader([*folders, str(reports_dir())]),
            autoescape=select_autoescape(default=True, default_for_string=True),
            undefined=StrictUndefined,
            keep_trailing_newline=True,
        )
        articles = sorted_articles(self.articles)
        rules = sorted({f["rule"] for a in articles for f in a["findings"]})
        try:
            page = environment.get_template(TEMPLATE).render(
                schema_version=SCHEMA_VERSION,
                tool=TOOL,
                summary=summary.as_dict(),
                overview=overview(articles),
                articles=articles,
                rules=rules,
                data_json=embedded_json({"articles": articles}),
            )
        except TemplateSyntaxError as error:
            raise QualitycheckError(
                f"{error.filename}:{error.lineno}: template error: {error.message}"
            ) from None
        except TemplateError as error:
            raise QualitycheckError(f"report template {TEMPLATE}: {error}") from None
        self.stream.write(page)
