"""Plain text: the first non-empty line is the headline, every other
non-empty line is a paragraph (the shape scrapers produce).

Two refinements: a first line that is only a date ("Tuesday, March 5, 2024")
is page chrome, not a headline, so the headline is the next line; and a first
line that reads as a paragraph (over 30 words, ending like a sentence) means
the scraper lost the headline, so there is none: headlines run to 24 words at
most in the labelled boilerplate training pages, and scraped article bodies
often start straight with their first paragraph.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from qualitycheck.document.article import Article, Block
from qualitycheck.readers.base import ReadSettings, line_blocks

_MONTH = r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?"
_DATE_ONLY = re.compile(
    rf"(?:(?:mon|tues|wednes|thurs|fri|satur|sun)day,?\s*)?"
    rf"(?:(?:\d{{1,2}}(?:st|nd|rd|th)?\s+{_MONTH}|{_MONTH}\s+\d{{1,2}}(?:st|nd|rd|th)?),?\s*\d{{4}}"
    rf"|\d{{4}}-\d{{2}}-\d{{2}}|\d{{1,2}}[./]\d{{1,2}}[./]\d{{2,4}})"
    rf"(?:[,\s]+(?:at\s+)?\d{{1,2}}[:.]\d{{2}}(?:\s*[ap]\.?m\.?)?(?:\s+[a-z]{{2,4}})?)?",
    re.IGNORECASE,
)
#: More words than any headline has, ending with sentence punctuation.
_PARAGRAPH_WORDS = 30
_SENTENCE_END = re.compile(r"[.!?…][\"'”’)\]]*$")


def reads_as_paragraph(line: str) -> bool:
    """Whether a first line is body text rather than a headline."""
    return len(line.split()) > _PARAGRAPH_WORDS and bool(_SENTENCE_END.search(line))


def parse_text(
    source: str, article_id: str, path: str, *, first_line_is_title: bool = True
) -> Article:
    """Build an article from plain text lines (also used for JSONL records)."""
    blocks = [Block(text, mapping) for text, mapping, _start in line_blocks(source)]
    title = None
    if first_line_is_title:
        for block in blocks:
            if not _DATE_ONLY.fullmatch(block.text):
                if not reads_as_paragraph(block.text):
                    block.kind, title = "title", block.text
                break
    return Article(id=article_id, path=path, source=source, blocks=blocks, title=title)


def read_text(source: str, path: str, settings: ReadSettings) -> Iterator[Article]:
    """Reader entry point for ``.txt`` files."""
    yield parse_text(source, path, path)
