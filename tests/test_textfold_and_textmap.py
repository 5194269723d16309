"""Text folding and text maps: folding drops case and accents but keeps every
offset (one character for one), and a text map takes offsets in built text
(collapsed spaces, decoded entities) back to the source."""

from __future__ import annotations

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
