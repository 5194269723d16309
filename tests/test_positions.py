"""Finding positions: every finding's offsets lie inside the source and point at
its text, and its line and column (counted in code points) agree.

Property-based over arbitrary text through every reader (no reader or rule
raises either); then emoji, right-to-left, zero-width and combining characters
in every input and output format, and CRLF inside and between JSONL records.
tests/test_contract.py checks the same on the examples, and CRLF files.
"""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from pathlib import Path

from conftest import (
    BOILERPLATE_ARTICLE,
    CLEAN_ARTICLE,
    OUTPUT_SUFFIX,
    UNICODE_LINES,
    assert_positions,
    output_format_options,
    record,
    source_of,
    write,
)
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from qualitycheck.config.settings import Config
from qualitycheck.errors import InputError
from qualitycheck.pipeline.checker import Checker
from qualitycheck.readers.base import ReadSettings
from qualitycheck.readers.html import read_html
from qualitycheck.readers.jsonl import read_record
from qualitycheck.readers.markdown import read_markdown
from qualitycheck.readers.txt import parse_text
from qualitycheck.renderers.contract import article_dict

CHECKER = Checker(Config())
SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=list(HealthCheck))

PIECES = st.sampled_from(
    [
        "<p>",
        "</p>",
        "<b>",
        "</b>",
        "<br>",
        "&amp;",
        "&#x41;",
        "&nbsp;",
        "&",
        "<script>",
        "</script>",
        "<!-- x -->",
        "<div hidden>",
        "</div>",
        "Share This Article",
        "\n",
        "\r\n",
        " ",
        "# ",
        "**",
        "`",
        "[a](b)",
        "---\n",
        "> ",
        "- ",
        "| x |",
        "“quoted",
        "”",
        "«",
        "»",
        "Kiev",
        "Kyiv",
        "It is certain that it works.",
        "In Or Said",
        "\u00a0",
        "\u200b",
        "e\u0301",
        "Ж",
        "中文",
        "עברית",
        "😀",
        "7 Min Read",
        "Tuesday, March 5, 2024",
    ]
)
TEXT = st.lists(PIECES | st.text(max_size=40), max_size=30).map("".join)


def assert_findings_consistent(article):
    """Check ``article``; every finding agrees with the source. Returns the result."""
    source = article.source
    result = CHECKER.check(article)
    for finding in result.findings:
        assert 0 <= finding.start <= finding.end <= len(source)
        assert source[finding.start : finding.end] == finding.text
        line_start = source.rfind("\n", 0, finding.start) + 1
        assert finding.line == source.count("\n", 0, finding.start) + 1
        assert finding.column == finding.start - line_start + 1
        assert finding.end_line >= finding.line
    return result


@SETTINGS
@given(TEXT)
def test_text_reader_and_checks(text):
    assert_findings_consistent(parse_text(text, "x", "x.txt"))


@SETTINGS
@given(TEXT)
def test_markdown_reader_and_checks(text):
    for article in read_markdown(text, "x.md", ReadSettings()):
        assert_findings_consistent(article)


@SETTINGS
@given(TEXT)
def test_html_reader_and_checks(text):
    for article in read_html(text, "x.html", ReadSettings()):
        assert_findings_consistent(article)


# Any code point, unpaired surrogates included (JSON can spell them: "\\udc00";
# drawn on their own too, as any code point rarely is one).
ANY_CHARACTER = st.characters(codec=None, exclude_categories=())
SURROGATE = st.characters(categories=["Cs"])
RECORD_TEXT = st.lists(PIECES | SURROGATE | st.text(ANY_CHARACTER, max_size=40), max_size=30).map(
    "".join
)


@SETTINGS
@given(RECORD_TEXT, st.booleans())
def test_jsonl_records_with_arbitrary_text(text, escaped):
    """A JSONL record with any text is an article or an input error, never a crash,
    and whatever it becomes can be written out as UTF-8."""
    line = json.dumps({"id": "r", "text": text}, ensure_ascii=escaped)
    raw = line.encode("utf-8", "surrogatepass") + b"\n"
    item = read_record(raw, "x.jsonl", 1, ReadSettings())
    if isinstance(item, InputError):
        # Only raw (unescaped) surrogates make bytes that are not UTF-8.
        assert not escaped and any(_is_surrogate(char) for char in text), item
        return
    assert item is not None
    # JSON joins an escaped pair of surrogates into one character; an unpaired one
    # becomes U+FFFD, one for one, so offsets stay those of the record's text.
    decoded = text.encode("utf-16-le", "surrogatepass").decode("utf-16-le", "surrogatepass")
    lone = any(_is_surrogate(char) for char in decoded)
    expected = "".join("\ufffd" if _is_surrogate(c) else c for c in decoded)
    if "\r" in expected and "\n" not in expected:  # lone CRs break lines, as in a text file
        expected = expected.replace("\r", "\n")
        assert any("carriage returns" in w for w in item.warnings)
    assert item.source == expected
    assert lone == any("unpaired surrogates" in w for w in item.warnings)
    result = assert_findings_consistent(item)
    json.dumps(article_dict(result), ensure_ascii=False).encode("utf-8")


def _is_surrogate(char: str) -> bool:
    return "\ud800" <= char <= "\udfff"


# --- hard characters and line endings, end to end ------------------------------------


def test_emoji_rtl_zero_width_and_combining_characters_in_every_format(cli, tmp_path):
    folder = tmp_path / "unicode"
    text = "\n".join(UNICODE_LINES) + "\n"
    write(folder / "festival.txt", text)
    write(folder / "festival.md", "# " + "\n\n".join(UNICODE_LINES) + "\n")  # one paragraph each
    write(
        folder / "festival.html",
        f"<html><head><title>{UNICODE_LINES[0]}</title></head><body>"
        + "".join(f'<p dir="auto">{line}</p>\n' for line in UNICODE_LINES[1:])
        + "</body></html>\n",
    )
    # The same record twice: spelled with \u escapes, and in raw UTF-8.
    (folder / "festival.jsonl").write_bytes(
        json.dumps({"id": "escaped", "text": text}).encode("ascii")
        + b"\n"
        + record(id="raw", text=text).encode("utf-8")
        + b"\n"
    )

    outputs = tmp_path / "out"
    extra = output_format_options(outputs, "all")
    result = cli("check", folder, "--format", "json", *extra)
    assert result.code == 1, result.err
    document = result.json()
    assert document["summary"]["input_errors"] == []
    assert len(document["articles"]) == 5
    for article in document["articles"]:
        assert article["warnings"] == [], article["path"]
        assert_positions(article)
        source = source_of(article)
        doubled = [
            (f["line"], f["column"]) for f in article["findings"] if f["rule"] == "mt-doubled-word"
        ]
        # Columns count code points: an emoji sequence, a flag, a mark each count as
        # many characters as they have code points.
        expected = []
        for number, line in enumerate(source.split("\n"), start=1):
            if "the the" in line:
                expected.append((number, line.index("the the") + 1))
        assert doubled == expected, article["path"]
        assert len(doubled) == 5
        shares = [f for f in article["findings"] if f["rule"] == "boilerplate-share"]
        assert [f["text"] for f in shares] == ["Share This Article"], article["path"]

    # Every other format was written from the same run and is well-formed.
    assert json.loads((outputs / "all.json").read_text(encoding="utf-8")) == document
    lines = (outputs / "all.jsonl").read_text(encoding="utf-8").splitlines()
    assert [json.loads(line)["id"] for line in lines] == [a["id"] for a in document["articles"]]
    sarif = json.loads((outputs / "all.sarif").read_text(encoding="utf-8"))
    regions = [
        result["locations"][0]["physicalLocation"]
        for result in sarif["runs"][0]["results"]
        if result["ruleId"] == "mt-doubled-word"
    ]
    in_txt = [
        (place["region"]["startLine"], place["region"]["startColumn"])
        for place in regions
        if place["artifactLocation"]["uri"].endswith("festival.txt")
    ]
    txt = next(a for a in document["articles"] if a["path"].endswith(".txt"))
    assert in_txt == [
        (f["line"], f["column"]) for f in txt["findings"] if f["rule"] == "mt-doubled-word"
    ]
    ET.fromstring((outputs / "all.xml").read_bytes())
    page = (outputs / "all.html").read_text(encoding="utf-8")
    assert "👩🏽‍🚒" in page and "המבקרים" in page
    for name in ("text", "markdown", "github"):
        assert (outputs / f"all.{OUTPUT_SUFFIX[name]}").read_text(encoding="utf-8").strip(), name


def _where(finding: dict) -> tuple:
    return tuple(finding[key] for key in ("rule", "line", "end_line", "column", "text"))


def test_crlf_jsonl_gives_the_same_findings_and_lines(cli, tmp_path):
    texts = [BOILERPLATE_ARTICLE, CLEAN_ARTICLE + "Critics say the the plan is late.\n"]

    def feed(path: Path, newline: str) -> Path:
        lines = [
            record(id=f"r{n}", text=text.replace("\n", newline)) for n, text in enumerate(texts)
        ]
        path.write_bytes((newline.join([*lines, ""])).encode("utf-8"))
        return path

    def findings(path: Path) -> list[tuple]:
        document = cli("check", path, "--format", "json").json()
        assert document["summary"]["input_errors"] == []
        rows = []
        for article in document["articles"]:
            assert_positions(article)
            rows += [
                (article["id"], article["record_line"], *_where(f)) for f in article["findings"]
            ]
        return rows

    lf = findings(feed(tmp_path / "lf.jsonl", "\n"))
    crlf = findings(feed(tmp_path / "crlf.jsonl", "\r\n"))
    assert lf and lf == crlf
    assert {"boilerplate-share", "mt-doubled-word"} <= {row[2] for row in lf}
