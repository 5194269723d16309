"""``--format html`` and ``qualitycheck report``: the audit report, rendered
with the Jinja templates in ``reports/`` (or a user's ``--template`` folder).

Autoescaping is on for every template, so article text can never become
markup in the report.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from qualitycheck import SCHEMA_VERSION
from qualitycheck.errors import QualitycheckError
from qualitycheck.pipeline import ArticleResult
from qualitycheck.renderers.base import Renderer
from qualitycheck.renderers.contract import TOOL, Summary, article_dict
from qualitycheck.resources import reports_dir

TEMPLATE = "report.html.j2"


class HtmlRenderer(Renderer):
    template_dir: Path | None = None

    def begin(self) -> None:
        self.articles: list[dict[str, Any]] = []

    def article(self, result: ArticleResult) -> None:
        entry = article_dict(result)
        entry["excerpt"] = result.article.source[:2000]
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
        order = {"fail": 0, "warn": 1, "pass": 2}
        articles = sorted(
            self.articles, key=lambda a: (order[a["verdict"]], a["scores"]["overall"], a["id"])
        )
        try:
            page = environment.get_template(TEMPLATE).render(
                schema_version=SCHEMA_VERSION,
                tool=TOOL,
                summary=summary.as_dict(),
                articles=articles,
            )
        except TemplateSyntaxError as error:
            raise QualitycheckError(
                f"{error.filename}:{error.lineno}: template error: {error.message}"
            ) from None
        except TemplateError as error:
            raise QualitycheckError(f"report template {TEMPLATE}: {error}") from None
        self.stream.write(page)
