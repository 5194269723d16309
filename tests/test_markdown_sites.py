"""Markdown as static-site generators and docs tools take it (Hugo, Jekyll,
Docusaurus, VitePress, Pandoc, GitHub, MDX): their markup is no prose of the
article, the human text it holds is, and every kept character still points at
its place in the file."""

from __future__ import annotations

from qualitycheck.readers.base import ReadSettings
from qualitycheck.readers.markdown import read_markdown

LEAD = "The dredger reached the harbour on Friday after two days of high winds."
TAIL = "Work on the channel starts on Monday and will take about six weeks."


def article_of(source: str):
    [article] = read_markdown(source, "a.md", ReadSettings())
    for block in article.blocks:  # every character still maps to itself in the file
        for index, char in enumerate(block.text):
            start, end = block.mapping.source_span(index, index + 1)
            assert char.isspace() or source[start:end] == char, (block.text, index)
    return article


def blocks(source: str) -> list[tuple[str, str]]:
    return [(block.kind, block.text) for block in article_of(source).blocks]


def test_hugo_toml_front_matter_gives_the_title_and_is_no_paragraph():
    """Before, the ``+++`` block was read as the first paragraph and the
    article had no title."""
    source = (
        '+++\ntitle = "Dredger arrives at the harbour"\ndate = 2026-03-14T08:00:00Z\n'
        'tags = ["harbour", "shipping"]\nlanguage = "en"\n+++\n\n' + LEAD + "\n"
    )
    article = article_of(source)
    assert article.title == "Dredger arrives at the harbour"
    assert article.language_hint == "en"
    assert article.metadata["tags"] == ["harbour", "shipping"]
    assert [block.text for block in article.blocks] == [LEAD]
    assert article.warnings == []


def test_invalid_toml_front_matter_is_ignored_with_a_warning_naming_its_line():
    source = '+++\ntitle = "Dredger"\ndate = = 3\n+++\n\n' + LEAD + "\n"
    article = article_of(source)
    assert article.warnings == ["front matter ignored at line 3: invalid TOML: Invalid value"]
    assert [block.text for block in article.blocks] == [LEAD]
    deep = "+++\nx = " + "[" * 5000 + "\n+++\n\n" + LEAD + "\n"
    assert article_of(deep).warnings == ["front matter ignored: invalid TOML: nested too deeply"]


def test_plus_signs_that_open_no_front_matter_stay_text():
    source = "+++ A line of pluses is no front matter without its closing line.\n\n" + LEAD
    assert len(article_of(source).blocks) == 2
