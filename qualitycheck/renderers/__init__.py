"""Renderers: the one registry of output formats.

Adding a format means writing a :class:`~qualitycheck.renderers.base.Renderer`
subclass and adding its module and class to ``_CLASSES``; the format names
(``qualitycheck.renderers.outputs.OUTPUT_FORMATS``, ``--format``) are read
from ``RENDERERS``.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from importlib import import_module

from qualitycheck.renderers.base import Renderer

#: Format name → the module and class that render it. Imported on first use:
#: a pre-commit run that prints text should not pay for Jinja (html) or the
#: XML and URL machinery (junit) at start-up.
_CLASSES = {
    "text": ("qualitycheck.renderers.text", "TextRenderer"),
    "concise": ("qualitycheck.renderers.text", "ConciseRenderer"),
    "json": ("qualitycheck.renderers.json", "JsonRenderer"),
    "jsonl": ("qualitycheck.renderers.json", "JsonLinesRenderer"),
    "html": ("qualitycheck.renderers.html", "HtmlRenderer"),
    "sarif": ("qualitycheck.renderers.sarif", "SarifRenderer"),
    "junit": ("qualitycheck.renderers.junit", "JunitRenderer"),
    "github": ("qualitycheck.renderers.github", "GithubRenderer"),
    "markdown": ("qualitycheck.renderers.markdown", "MarkdownRenderer"),
    "parquet": ("qualitycheck.renderers.parquet", "ParquetRenderer"),
}


class _Registry(Mapping[str, type[Renderer]]):
    """The renderer class of each format, imported when first asked for."""

    def __getitem__(self, name: str) -> type[Renderer]:
        module, cls = _CLASSES[name]
        renderer: type[Renderer] = getattr(import_module(module), cls)
        return renderer

    def __iter__(self) -> Iterator[str]:
        return iter(_CLASSES)

    def __len__(self) -> int:
        return len(_CLASSES)


RENDERERS: Mapping[str, type[Renderer]] = _Registry()
