"""Plain text: the first non-empty line is the headline, every other
non-empty line is a paragraph (the shape scrapers produce)."""

from __future__ import annotations

from collections.abc import Iterator

from qualitycheck.article import Article, Block
from qualitycheck.readers.base import ReadSettings, line_blocks


def parse_text(
    source: str, article_id: str, path: str, *, first_line_is_title: bool = True
) -> Article:
    """Build an article from plain text lines (also used for JSONL records)."""
    blocks: list[Block] = []
    for text, mapping, _start in line_blocks(source):
        kind = "title" if first_line_is_title and not blocks else "paragraph"
        blocks.append(Block(text, mapping, kind))
    title = blocks[0].text if blocks and blocks[0].is_title else None
    return Article(id=article_id, path=path, source=source, blocks=blocks, title=title)


def read_text(source: str, path: str, settings: ReadSettings) -> Iterator[Article]:
    """Reader entry point for ``.txt`` files."""
    yield parse_text(source, path, path)
