"""``--format html`` and ``qualitycheck report``: the audit report, rendered
with the Jinja templates in ``reports/`` (or a user's ``--template`` folder).

Autoescaping is on for every template, and article data reaches the page's
script as escaped JSON that the script inserts as text only, so article text
can never become markup in the report. The template context is documented in
docs/report.md.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from qualitycheck.errors import QualitycheckError, os_reason
from qualitycheck.pipeline.results import ArticleResult
from qualitycheck.renderers.base import Renderer
from qualitycheck.renderers.contract import TOOL, Summary
from qualitycheck.renderers.report_data import (
    article_level_rules,
    embedded_json,
    overview,
    report_entry,
    sorted_articles,
    visible,
    visible_length,
)
from qualitycheck.resources import reports_dir
from qualitycheck.version import SCHEMA_VERSION

TEMPLATE = "report.html.j2"


class HtmlRenderer(Renderer):
    template_dir: Path | None = None
    #: The lowest severity the report shows (``--min-severity``): the page says
    #: so, as the verdicts and scores still count every finding.
    min_severity: str = "info"

    def begin(self) -> None:
        # The folder only goes before the shipped templates in the search
        # path: a missing one would silently give the stock report instead.
        if self.template_dir is not None and not self.template_dir.is_dir():
            raise QualitycheckError(f"--template {self.template_dir}: no such folder")
        if self.template_dir is not None:
            _compile_templates(self.template_dir)
        self.articles: list[dict[str, Any]] = []
        #: Rule ids shown as banners over the text (set by the caller's ``rules``).
        self.article_level = article_level_rules(self.rules)

    def article(self, result: ArticleResult) -> None:
        self.articles.append(report_entry(result, self.article_level))

    def entry(self, entry: dict[str, Any]) -> None:
        """An article already in report form (:func:`~.report_data.entry_of`,
        given :attr:`article_level`)."""
        self.articles.append(entry)

    def end(self, summary: Summary) -> None:
        # Jinja is imported when a report is written, not at start-up.
        from jinja2 import TemplateSyntaxError
        from jinja2.sandbox import SecurityError

        from qualitycheck.renderers.template_limits import (
            RenderTimeout,
            seconds_limit,
            size_limit,
            within_deadline,
        )

        articles = sorted_articles(self.articles)
        rules = sorted({f["rule"] for a in articles for f in a["findings"]})
        data_json = embedded_json({"articles": articles, "min_severity": self.min_severity})
        folders = [str(self.template_dir)] if self.template_dir else []
        limit = size_limit(len(data_json))

        def visible_filter(value: object) -> str:
            text = str(value)
            if visible_length(text) > limit:  # a marker is 8 characters for 1
                raise SecurityError(
                    f"a value of {visible_length(text):,} items passes the limit of {limit:,}"
                )
            return visible(text)

        environment = _environment([*folders, str(reports_dir())], limit, visible_filter)

        # Made before the template runs: an error here is ours, not the template's.
        context = {
            "schema_version": SCHEMA_VERSION,
            "tool": TOOL,
            "summary": summary.as_dict(),
            "overview": overview(articles),
            "articles": articles,
            "rules": rules,
            "min_severity": self.min_severity,
            "data_json": data_json,
        }
        name = [TEMPLATE]  # the file found for it, once loaded

        def render() -> str:
            template = environment.get_template(TEMPLATE)
            name[0] = template.filename or TEMPLATE
            pieces: list[str] = []
            written = 0
            for piece in template.generate(context):
                written += len(piece)
                if written > limit:
                    raise SecurityError(f"the page passes the limit of {limit:,} characters")
                pieces.append(piece)
            return "".join(pieces)

        seconds = seconds_limit(len(articles))
        try:
            page = within_deadline(seconds, render)
        except TemplateSyntaxError as error:
            raise QualitycheckError(
                f"{error.filename}:{error.lineno}: template error: {error.message}"
            ) from None
        except RenderTimeout:
            raise QualitycheckError(
                f"{name[0]}: template error: still rendering after {seconds:,.0f} s; stopped"
            ) from None
        except RecursionError as error:
            raise QualitycheckError(
                f"{_template_place(error, name[0])}: template error: calls nested too deeply"
            ) from None
        except MemoryError as error:
            raise QualitycheckError(
                f"{_template_place(error, name[0])}: template error: out of memory"
            ) from None
        except Exception as error:  # a template may raise anything its code can
            place = _template_place(error, name[0])
            raise QualitycheckError(
                f"{place}: template error: {type(error).__name__}: {error}"
            ) from None
        self.stream.write(page)


def _environment(folders: list[str], limit: int, visible_filter: Callable[[object], str]) -> Any:
    """The sandbox the report's templates run in (``BoundedEnvironment``)."""
    from jinja2 import FileSystemLoader, StrictUndefined, select_autoescape

    from qualitycheck.renderers.template_limits import BoundedEnvironment

    return BoundedEnvironment(
        loader=FileSystemLoader(folders),
        autoescape=select_autoescape(default=True, default_for_string=True),
        undefined=StrictUndefined,
        keep_trailing_newline=True,
        max_characters=limit,
        filters={"visible": visible_filter},
    )


def _compile_templates(folder: Path) -> None:
    """Compile the report's template and those it includes, as the render
    will find them (``folder`` first), before any article is read: a syntax
    error in a file the user wrote stops the run at once with its file and
    line, as one in a rule pack does, not after the whole corpus was checked
    (the page is rendered at the end)."""
    from jinja2 import TemplateNotFound, TemplateSyntaxError, meta

    environment = _environment([str(folder), str(reports_dir())], 0, visible)
    pending, seen = [TEMPLATE], set()
    while pending:
        name = pending.pop()
        if name in seen:
            continue
        seen.add(name)
        try:
            source, filename, _ = environment.loader.get_source(environment, name)
            tree = environment.parse(source, name, filename)
            environment.compile(tree, name, filename)
        except TemplateNotFound:
            continue  # (the render says so, with the line that names it)
        except TemplateSyntaxError as error:
            raise QualitycheckError(
                f"{error.filename}:{error.lineno}: template error: {error.message}"
            ) from None
        except (OSError, UnicodeDecodeError) as error:
            raise QualitycheckError(
                f"{folder / name}: template error: cannot read: {os_reason(error)}"
            ) from None
        pending += [found for found in meta.find_referenced_templates(tree) if found]


def _template_place(error: BaseException, template: str) -> str:
    """``file:line`` of the innermost template line on ``error``'s traceback
    (Jinja rewrites its frames to name the template), else ``template``."""
    place = template
    frame = error.__traceback__
    while frame is not None:
        filename = frame.tb_frame.f_code.co_filename
        if not filename.endswith(".py") and not filename.startswith("<"):
            place = f"{filename}:{frame.tb_lineno}"
        frame = frame.tb_next
    return place
