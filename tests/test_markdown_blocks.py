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


def test_footnotes_are_read_as_text_and_their_marks_are_not_words(cli, tmp_path):
    """A footnote's definition (``[^1]: ...``) was taken for a link definition
    and skipped, so a line in one was never checked ("Sign up for our
    newsletter" failed a .txt file and passed a .md one), while its ``[^1]``
    mark stayed inside the sentence's words. Now the definition is a
    paragraph from after its colon, and the mark is left out of the text."""
    source = (
        f"{LEAD[:-1]}[^1] and the ferries ran again.\n\n"
        "[^1]: Figures from the harbour board's annual report.\n"
        "[^note]: Sign up for our newsletter\n\n"
        "[board]: https://example.org/board\n"
    )
    [article] = read_markdown(source, "a.md", ReadSettings())
    assert [block.text for block in article.blocks] == [
        f"{LEAD[:-1]} and the ferries ran again.",
        "Figures from the harbour board's annual report.",
        "Sign up for our newsletter",
    ]
    (tmp_path / "a.md").write_text(source, encoding="utf-8")
    result = cli("check", "a.md", "--no-models", "--format", "concise", cwd=tmp_path)
    assert "a.md:4:10: error" in result.out and "[boilerplate-newsletter]" in result.out


def test_a_footnote_defined_in_a_list_item_or_a_quote_is_read_as_at_the_top():
    """GFM opens a footnote's definition inside a list item or a block quote
    too; the reader took ``- [^3]: text`` for the item ": text" (its label a
    mark, its colon a word) and so a definition moved into a list was another
    text than the same one at the top. It is read as a top-level one: a
    paragraph from after the colon, whose next lines (in the quote) go on."""
    source = (
        f"{LEAD[:-1]}.[^3] {TAIL[:-1]}.[^4]\n\n"
        "- [^3]: Figures from the harbour board.\n"
        "- The pier reopens in May.\n\n"
        "> [^4]: Sign up for our\n> newsletter\n\n"
        "> A quoted line.\n\n"
        "1. [^5]: Numbered note,\n   on two lines.\n"
    )
    [article] = read_markdown(source, "a.md", ReadSettings())
    assert [(block.kind, block.text) for block in article.blocks] == [
        ("paragraph", f"{LEAD} {TAIL}"),
        ("paragraph", "Figures from the harbour board."),
        ("list_item", "The pier reopens in May."),
        ("paragraph", "Sign up for our newsletter"),
        ("quote", "A quoted line."),
        ("paragraph", "Numbered note, on two lines."),
    ]
    for block in article.blocks:  # each still points at its place in the file
        start, end = block.mapping.source_span(0, len(block.text))
        assert source[start:end].split()[0] == block.text.split()[0]
        assert source[start:end].split()[-1] == block.text.split()[-1]


def test_a_list_items_next_line_and_an_indented_line_join_with_one_space():
    """A list item's lazy continuation was glued on ("item onecontinued") and a
    continuation line's indent kept ("item   more"): words a rule reads wrong."""
    source = (
        "- The pier reopens\nin May.\n\n- The ferry runs\n  twice a day.\n\n"
        "The harbour board\n    met on Monday.\n"
    )
    [article] = read_markdown(source, "a.md", ReadSettings())
    assert [block.text for block in article.blocks] == [
        "The pier reopens in May.",
        "The ferry runs twice a day.",
        "The harbour board met on Monday.",
    ]
