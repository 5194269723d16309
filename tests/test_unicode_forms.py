"""Decomposed Unicode (NFD: "café" as "e" + U+0301) and composed (NFC) text
match the same rules, whichever form the article and the pack are written in,
and findings still point at the source's own characters."""

from __future__ import annotations

import unicodedata

import pytest
from conftest import write

import qualitycheck

SENTENCE = "The café au lait was served at the café."
PACK = """\
rules:
  - id: house-cafe
    kind: phrase
    category: readability
    message: 'phrase "{match}"'
    phrases: [café au lait]
  - id: house-cafe-pattern
    kind: pattern
    category: readability
    message: 'pattern "{match}"'
    pattern: 'café\\b'
  - id: house-cafe-line
    kind: line
    category: boilerplate
    message: 'line "{match}"'
    lines: ['The café au lait was served at the café.']
"""


def nfd(text: str) -> str:
    return unicodedata.normalize("NFD", text)


def house_findings(tmp_path, article: str, pack: str, format: str = "txt"):
    write(tmp_path / "house.yaml", pack)
    config = {"rules": [str(tmp_path / "house.yaml")], "builtin_rules": False}
    result = qualitycheck.Checker(config, models=False).check_text(article, format=format)
    return [f for f in result.findings if f.rule.startswith("house-")], article


@pytest.mark.parametrize(
    ("article_form", "pack_form"), [(nfd, str), (str, nfd), (nfd, nfd), (str, str)]
)
def test_either_form_of_an_article_matches_either_form_of_a_pack(tmp_path, article_form, pack_form):
    findings, article = house_findings(
        tmp_path, article_form(f"Headline\n{SENTENCE}\n"), pack_form(PACK)
    )
    assert sorted(f.rule for f in findings) == [
        "house-cafe",
        "house-cafe-line",
        "house-cafe-pattern",
        "house-cafe-pattern",
    ]
    for finding in findings:
        # The span covers the source's own characters, accent included.
        assert article[finding.start : finding.end] == finding.text
        assert not unicodedata.combining(article[finding.end : finding.end + 1] or "x")
    cafe = min((f for f in findings if f.rule == "house-cafe"), key=lambda f: f.start)
    assert unicodedata.normalize("NFC", cafe.text) == "café au lait"
    assert cafe.column == 5


def test_a_decomposed_markdown_article_keeps_its_offsets_after_markup(tmp_path):
    article = nfd(
        "# Headline\n\nThe council said on Monday that **Café** au lait &amp; the *café* "
        "au lait were served at the harbour meeting.\n"
    )
    findings, _ = house_findings(tmp_path, article, PACK, format="md")
    phrases = [f for f in findings if f.rule == "house-cafe"]
    assert [article[f.start : f.end] for f in phrases] == [
        nfd("Café** au lait"),
        nfd("café* au lait"),
    ]
    # Columns count the source's characters: the first accent moves the second match by one.
    assert [(f.line, f.column) for f in phrases] == [(3, 35), (3, 62)]


def test_composed_text_keeps_its_text_and_map_objects():
    """Nothing moves on text already composed: the very same objects come back."""
    from qualitycheck.document.textmap import TextMap, composed

    text = f"{SENTENCE} Ωmega 한국"
    mapping = TextMap.from_flat((0, len(text), 7, 7 + len(text)))
    assert composed(text, mapping) == (text, mapping)
    assert composed(text, mapping)[1] is mapping


def test_composing_maps_each_composed_letter_to_all_its_source_characters():
    from qualitycheck.document.textmap import TextMap, composed

    source = nfd("né à Kyiv") + " \u1100\u1161 x"  # a Hangul syllable as two jamo
    text, mapping = composed(source, TextMap.from_flat((0, len(source), 0, len(source))))
    assert text == unicodedata.normalize("NFC", source)
    for index, char in enumerate(text):
        start, end = mapping.source_span(index, index + 1)
        assert unicodedata.normalize("NFC", source[start:end]) == char


def test_a_config_suppression_text_matches_a_decomposed_finding(tmp_path):
    write(tmp_path / "house.yaml", PACK)
    config = {
        "rules": [str(tmp_path / "house.yaml")],
        "builtin_rules": False,
        "suppressions": [{"rule": "house-cafe", "text": "CAFÉ AU", "reason": "house drink"}],
    }
    checker = qualitycheck.Checker(config, models=False)
    result = checker.check_text(nfd(f"Headline\n{SENTENCE}\n"))
    assert "house-cafe" not in [f.rule for f in result.findings]
    assert "house-cafe-pattern" in [f.rule for f in result.findings]


def nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


@pytest.mark.parametrize("title_form", [nfd, nfc])
def test_a_decomposed_jsonl_headline_still_marks_its_title_line(title_form):
    """The JSONL reader marks the text's first line as the title when it
    repeats the title field; composing the block (and not the field) made a
    decomposed headline a paragraph, checked by rules that skip titles."""
    import io
    import json

    from qualitycheck.readers.base import ReadSettings
    from qualitycheck.readers.jsonl import read_jsonl

    headline = nfd("Café owners protest new rules")
    record = {"id": "a1", "title": title_form(headline), "text": f"{headline}\n\n{SENTENCE}"}
    stream = io.BytesIO(json.dumps(record, ensure_ascii=False).encode("utf-8") + b"\n")
    [article] = list(read_jsonl(stream, "news.jsonl", ReadSettings()))
    assert [block.kind for block in article.blocks] == ["title", "paragraph"]
