"""Renderers: the registry of output formats.

Adding a format means writing a :class:`~qualitycheck.renderers.base.Renderer`
subclass, adding it to ``RENDERERS`` and its name to
``qualitycheck.outputs.OUTPUT_FORMATS``.
"""

from __future__ import annotations

from qualitycheck.renderers.base import Renderer
from qualitycheck.renderers.github import GithubRenderer
from qualitycheck.renderers.html import HtmlRenderer
from qualitycheck.renderers.json import JsonLinesRenderer, JsonRenderer
from qualitycheck.renderers.junit import JunitRenderer
from qualitycheck.renderers.markdown import MarkdownRenderer
from qualitycheck.renderers.sarif import SarifRenderer
from qualitycheck.renderers.text import TextRenderer

RENDERERS: dict[str, type[Renderer]] = {
    "text": TextRenderer,
    "json": JsonRenderer,
    "jsonl": JsonLinesRenderer,
    "html": HtmlRenderer,
    "sarif": SarifRenderer,
    "junit": JunitRenderer,
    "github": GithubRenderer,
    "markdown": MarkdownRenderer,
}
