"""Renderers: the registry of output formats.

Adding a format means writing a :class:`~qualitycheck.renderers.base.Renderer`
subclass and adding it to ``RENDERERS``.
"""

from __future__ import annotations

from qualitycheck.renderers.base import Renderer
from qualitycheck.renderers.html import HtmlRenderer
from qualitycheck.renderers.json import JsonLinesRenderer, JsonRenderer
from qualitycheck.renderers.text import TextRenderer

RENDERERS: dict[str, type[Renderer]] = {
    "text": TextRenderer,
    "json": JsonRenderer,
    "jsonl": JsonLinesRenderer,
    "html": HtmlRenderer,
}
