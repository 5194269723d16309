"""Decomposed Unicode (NFD: "café" as "e" + U+0301) and composed (NFC) text
match the same rules, whichever form the article and the pack are written in,
and findings still point at the source's own characters."""

from __future__ import annotations

import itertools
import time
import unicodedata

import pytest
from conftest import write
from hypothesis import given, settings
from hypothesis import strategies as st

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


def _composed_by_every_character(text, mapping):
    """The first implementation of ``textmap.composed``: a boundary test at every
    character and every run walked for every piece (quadratic in runs × pieces).
    The shipped one must give the same text and runs."""
    from qualitycheck.document.textmap import Run, TextMap, _piece_boundary

    if text.isascii() or unicodedata.is_normalized("NFC", text):
        return text, mapping
    pieces = []
    start = 0
    for index in range(1, len(text) + 1):
        if index < len(text) and not _piece_boundary(text, index):
            continue
        piece = text[start:index]
        if not piece.isascii():
            new = unicodedata.normalize("NFC", piece)
            if new != piece:
                pieces.append((start, index, new))
        start = index

    def shift(begin, end, by, runs):
        for run in mapping.runs:
            first, last = max(run.text_start, begin), min(run.text_end, end)
            if first >= last:
                continue
            if run.linear:
                source = run.source_start + (first - run.text_start)
                runs.append(Run(first + by, last + by, source, source + last - first))
            else:
                runs.append(Run(first + by, last + by, run.source_start, run.source_end))

    runs, out = [], []
    done = length = 0
    for begin, end, new in pieces:
        if begin > done:
            shift(done, begin, length - done, runs)
        out.append(text[done:begin])
        length += begin - done
        source_start, source_end = mapping.source_span(begin, end)
        runs.append(Run(length, length + len(new), source_start, source_end))
        out.append(new)
        length += len(new)
        done = end
    if len(text) > done:
        shift(done, len(text), length - done, runs)
    out.append(text[done:])
    result = "".join(out)
    if result != unicodedata.normalize("NFC", text):
        return text, mapping
    return result, TextMap(runs)


def _mapped(text, cuts, kinds):
    """``text`` behind a map of several runs: cut at ``cuts``, each run linear or
    (kind 1) from a longer stretch of source, a tag's worth of source between runs."""
    from qualitycheck.document.textmap import Run, TextMap

    bounds = sorted({0, len(text), *(c % (len(text) + 1) for c in cuts)})
    runs, source = [], 0
    for number, (start, end) in enumerate(itertools.pairwise(bounds)):
        if start == end:
            continue
        size = end - start + (3 if kinds[number % len(kinds)] else 0)
        runs.append(Run(start, end, source, source + size))
        source += size + 5
    return TextMap(runs)


LETTERS = "ae oAUns.,\u0301\u0300\u0308\u0327\u0323\u1100\u1161\u11a8\u00e9\u212b\u0345\u03b1\u0313"


@settings(max_examples=300, deadline=None, derandomize=True)
@given(
    text=st.text(alphabet=LETTERS, max_size=40),
    cuts=st.lists(st.integers(0, 40), max_size=8),
    kinds=st.lists(st.integers(0, 1), min_size=1, max_size=4),
)
def test_composing_by_stretches_outside_ascii_gives_what_every_character_gives(text, cuts, kinds):
    from qualitycheck.document.textmap import composed

    mapping = _mapped(text, cuts, kinds) if text else None
    if mapping is None:
        return
    got_text, got_map = composed(text, mapping)
    want_text, want_map = _composed_by_every_character(text, mapping)
    assert got_text == want_text
    assert got_map.runs == want_map.runs


def test_composing_a_block_of_many_runs_and_accents_grows_linearly():
    """A tag between every few letters and a decomposed accent in each word: the
    runs were walked from the first for every piece, quadratic in the block."""
    from qualitycheck.document.textmap import composed

    def cpu(words):
        text = " ".join(["cafe\u0301"] * words)
        mapping = _mapped(text, list(range(0, len(text), 3)), [0])
        start = time.process_time()
        composed(text, mapping)
        return time.process_time() - start

    cpu(200)  # warm
    small, large = min(cpu(2_000) for _ in range(3)), min(cpu(16_000) for _ in range(3))
    assert large < small * 8 * 3, (small, large)  # 8 times the text: linear with slack
