"""Markdown blocks that are not prose: raw HTML blocks (<script>, <style>,
<pre>, <textarea>) and fenced code are skipped whatever they hold."""

from __future__ import annotations

import pytest

from qualitycheck.readers.base import ReadSettings
from qualitycheck.readers.markdown import read_markdown

LEAD = "The harbour reopened on Monday after the storm."
TAIL = "Port officials said the repairs would take two weeks."


def texts(source: str) -> list[str]:
    [article] = read_markdown(source, "a.md", ReadSettings())
    for block in article.blocks:  # every kept text still points at its place in the file
        start, end = block.mapping.source_span(0, len(block.text))
        assert block.text in source[start:end]
    return [block.text for block in article.blocks]


@pytest.mark.parametrize(
    "raw",
    [
        '<script>\nvar share = "Share this article";\ngtag("config", "UA-1");\n</script>',
        "<SCRIPT type='text/javascript'>\nwindow.dataLayer = [];\n</Script>",
        "<style>\n.leave-a-reply { color: red; }\n</style>",
        "  <pre>\nfor line in lines:\n    print(line)\n</pre>",
        "<textarea name=comment>\nLeave a Reply\n</textarea>",
        '<script src="https://example.org/a.js"></script>',
        "<script>\n\nvar a = 1;\n\n</script>",  # blank lines do not end it
    ],
)
def test_a_raw_html_block_is_not_prose(raw):
    assert texts(f"{LEAD}\n\n{raw}\n\n{TAIL}\n") == [LEAD, TAIL]


def test_a_raw_html_block_interrupts_a_paragraph_and_ends_at_its_end_tag():
    source = f"{LEAD}\n<style>\np {{ margin: 0 }}\n</style>\n{TAIL}\n"
    assert texts(source) == [LEAD, TAIL]


def test_other_html_lines_and_look_alikes_stay_prose():
    source = (
        f"<scripted>{LEAD}</scripted>\n\n"
        "<preface>The mayor spoke first.</preface>\n\n"
        f"<div>{TAIL}</div>\n"
    )
    assert texts(source) == [LEAD, "The mayor spoke first.", TAIL]


def test_a_comment_opener_inside_fenced_code_does_not_hide_the_fence_end():
    """Before, "<!--" in a code sample started a comment that swallowed the
    closing fence, and everything after it was read as code."""
    source = f"{LEAD}\n\n```html\n<!-- widget starts\n<div></div>\n```\n\n{TAIL}\n"
    assert texts(source) == [LEAD, TAIL]


def test_a_fence_inside_a_comment_or_raw_block_is_skipped_with_it():
    source = f"{LEAD}\n\n<!--\n```\n-->\n\n<pre>\n```\n</pre>\n\n{TAIL}\n"
    assert texts(source) == [LEAD, TAIL]


def test_an_unclosed_raw_block_runs_to_the_end_as_in_commonmark():
    assert texts(f"{LEAD}\n\n<script>\nvar a = 1;\n\n{TAIL}\n") == [LEAD]
