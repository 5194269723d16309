"""Finding the comments that may carry suppression directives, in linear time.

``<!--(.*?)-->`` searched again from every "<!--" of a text with no "-->"
after them: a 500 KB Markdown line of "<!-- " (with the word qualitycheck,
which sends a source to the comment scan) ran for minutes, as did the same
in a .txt file once directives in plain text were warned about. The scan is
now one pass; the Markdown checks around it (fences, raw HTML blocks, inline
code on a long line) look spans up by bisection and count backticks once.
"""

from __future__ import annotations

import re

from conftest import CpuClock
from hypothesis import given, settings
from hypothesis import strategies as st

from qualitycheck.pipeline.comments import all_comments as comment_matches
from qualitycheck.pipeline.comments import markdown_comments

_REGEX = re.compile(r"<!--(.*?)-->", re.S)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(["<!--", "-->", "<!-->", "-", "<", "!", "a", "\n", "--"])))
def test_the_scan_finds_what_the_pattern_finds(parts):
    source = "".join(parts)
    assert [(m.body, m.start, m.end) for m in comment_matches(source)] == [
        (m.group(1), m.start(), m.end()) for m in _REGEX.finditer(source)
    ]


def test_markdown_keeps_comments_out_of_code_and_raw_blocks():
    source = (
        "Text <!-- one --> and `<!-- code -->` then <!-- two -->\n"
        "```\n<!-- fenced -->\n```\n"
        "<pre>\n<!-- raw -->\n</pre>\n"
        "<!-- three -->\n"
    )
    assert [c.body.strip() for c in markdown_comments(source)] == ["one", "two", "three"]


def _cpu(function, source: str) -> float:
    with CpuClock() as clock:
        function(source)
    return clock.seconds


def test_the_comment_scans_grow_linearly():
    """Four times the text costs about four times the CPU (it was sixteen)."""
    shapes = {
        "unclosed openings": "qualitycheck " + "<!-- " * 5_000,
        "comments and backticks on one line": "x " + "<!-- a --> `" * 5_000,
        "fences and comments": "```\nx\n```\n<!-- b -->\n" * 2_500,
        "raw blocks never closed": "<pre>\n" * 5_000,
    }
    for name, small in shapes.items():
        for function in (comment_matches, markdown_comments):
            base = min(_cpu(function, small * 2) for _ in range(3))
            large = min(_cpu(function, small * 8) for _ in range(3))
            assert large < 4 * base * 2.5 + 0.05, (name, function.__name__, base, large)
