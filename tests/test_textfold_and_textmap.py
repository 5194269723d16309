"""Text folding and text maps: folding drops case and accents but keeps every
offset (one character for one), and a text map takes offsets in built text
(collapsed spaces, decoded entities) back to the source."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from qualitycheck.document.textfold import _TABLE, fold
from qualitycheck.document.textmap import TextBuilder


def test_fold_keeps_length_and_removes_case_and_accents():
    for text in ("Café KYIV Straße İstanbul — “ok”", "e\u0301 combining"):
        assert len(fold(text)) == len(text)
    assert fold("Café KYIV") == "cafe kyiv"


def test_ascii_text_folds_as_the_table_folds_it():
    """ASCII text takes a shortcut (``str.lower``): the same characters as the table."""
    every_ascii = "".join(map(chr, range(128)))
    assert fold(every_ascii) == every_ascii.translate(_TABLE) == every_ascii.lower()
    assert fold(every_ascii + "É") == every_ascii.lower() + "e"  # not ASCII: the table


def test_text_builder_maps_collapsed_and_entity_runs_back():
    source = "x  &amp;  y"
    builder = TextBuilder()
    builder.add("x", 0)
    builder.add(" ", 1, 3)
    builder.add("&", 3, 8)
    builder.add(" ", 8, 10)
    builder.add("y", 10)
    text, mapping = builder.build()
    assert text == "x & y"
    assert mapping.source_span(2, 3) == (3, 8)
    start, end = mapping.source_span(0, 5)
    assert source[start:end] == source


def _line_blocks_by_find(source: str, start: int = 0, end: int | None = None):
    """The reader's line splitter as it was: ``find`` per line, a run object each."""
    from qualitycheck.document.textmap import Run, TextMap

    end = len(source) if end is None else end
    position = start
    while position < end:
        newline = source.find("\n", position, end)
        line_end = end if newline == -1 else newline
        line = source[position:line_end]
        stripped = line.strip()
        if stripped:
            offset = position + (len(line) - len(line.lstrip()))
            yield (
                stripped,
                TextMap([Run(0, len(stripped), offset, offset + len(stripped))]),
                position,
            )
        position = line_end + 1


@settings(max_examples=400, derandomize=True, deadline=None)
@given(
    st.text(st.sampled_from("ab \t\r\n\u00a0\u2028\x1c\x85é東"), max_size=60),
    st.integers(min_value=0, max_value=70),
    st.integers(min_value=0, max_value=70),
)
def test_line_blocks_split_and_map_as_before(source, start, length):
    from qualitycheck.readers.base import line_blocks

    start = min(start, len(source))
    for end in (None, min(start + length, len(source))):
        new = list(line_blocks(source, start, end))
        old = list(_line_blocks_by_find(source, start, end))
        assert [(text, at) for text, _, at in new] == [(text, at) for text, _, at in old]
        for (text, mapping, _), (_, reference, _) in zip(new, old, strict=True):
            assert mapping.flat() == reference.flat()
            for first in range(len(text) + 1):
                for last in range(len(text) + 1):
                    assert mapping.source_span(first, last) == reference.source_span(first, last)
            assert mapping.runs == reference.runs


@settings(max_examples=300, derandomize=True, deadline=None)
@given(
    st.tuples(*[st.integers(min_value=0, max_value=12)] * 4),
    st.integers(min_value=-2, max_value=14),
    st.integers(min_value=-2, max_value=14),
)
def test_a_one_run_map_locates_as_its_run_does(flat, start, end):
    """A map of four integers (linear or not) answers without making its run,
    the same answers as the map made from the run."""
    from qualitycheck.document.textmap import Run, TextMap

    text_start, text_end, source_start, source_end = flat
    text_end, source_end = text_start + text_end, source_start + source_end
    flat = (text_start, text_end, source_start, source_end)
    lazy, built = TextMap.from_flat(flat), TextMap([Run(*flat)])
    assert lazy.source_span(start, end) == built.source_span(start, end)
    assert lazy.flat() == built.flat() == flat


def test_a_zero_width_space_folds_to_a_space_and_widget_lines_behind_it_are_found(tmp_path):
    """Pages hide word breaks as U+200B: "Share\u200bThis Article" is the
    widget line, found by the line rule, its finding's text the source's."""
    from qualitycheck.api import check_text

    assert fold("Share\u200bThis\u200b Article") == "share this  article"
    assert fold("Article\ufeff\u00ad\u2060\u200d") == "article   \u200d"  # joiners stay
    text = (
        "Harbour reopens after the storm\n"
        "The harbour reopened on Monday after the storm, and the first ferry left at six.\n"
        "Share\u200bThis\u200bArticle\n"
        "Port officials said the repairs to the northern pier would take two weeks.\n"
        "Share This Article\ufeff\n"
        "The ferries ran on time, officials said, and the berths were open to all.\n"
        "Share This Article\u00ad\n"
    )
    found = [f for f in check_text(text).findings if f.rule == "boilerplate-share"]
    assert [f.text for f in found] == [
        "Share\u200bThis\u200bArticle",
        "Share This Article\ufeff",
        "Share This Article\u00ad",
    ]
