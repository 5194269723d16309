"""JSONL input: every record is an article, and a record that cannot be one is
an input error for its line only. Bad records (text null, missing, a number or
a list; not an object; invalid or too deeply nested JSON; unpaired surrogates),
ids that are not text or integers, duplicate ids and configured field names,
through ``check`` in every output format, ``report`` and ``clean``.
"""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET

from conftest import (
    BOILERPLATE_ARTICLE,
    CLEAN_ARTICLE,
    FORMATS_BUT_TEXT,
    OUTPUT_SUFFIX,
    assert_positions,
    output_format_options,
    record,
    source_of,
    write,
)

from qualitycheck.errors import InputError
from qualitycheck.readers import InputSource, read_source
from qualitycheck.readers.base import ReadSettings


def test_jsonl_records_errors_and_configurable_fields(tmp_path):
    path = tmp_path / "feed.jsonl"
    path.write_text(
        '{"key": "r1", "body": "First line\\nSecond line", "headline": "H"}\n'
        "\n"
        "[1, 2]\n"
        '{"key": "r2", "body": null}\n'
        '{"key": "r3", "body": 42}\n'
        '{"body": "no id here"}\n',
        encoding="utf-8",
    )
    settings = ReadSettings(id_field="key", text_field="body", title_field="headline")
    items = list(read_source(InputSource(str(path), "jsonl", path), settings))
    articles = [i for i in items if not isinstance(i, InputError)]
    errors = [i for i in items if isinstance(i, InputError)]
    assert [a.id for a in articles] == ["r1", f"{path}:6"]
    assert articles[0].title == "H" and articles[0].record_line == 1
    assert [b.text for b in articles[0].blocks] == ["First line", "Second line"]
    assert [(e.line, e.message.split(",")[0]) for e in errors] == [
        (3, "expected a JSON object"),
        (4, "field 'body' is null"),
        (5, "field 'body' is a number (42)"),
    ]


def test_bad_jsonl_records_through_check_report_and_clean(cli, tmp_path):
    lines = [
        record(id="a1", text=BOILERPLATE_ARTICLE),  # 1
        record(id="a1", text=CLEAN_ARTICLE),  # 2: duplicate id
        record(id="null-text", text=None),  # 3
        record(id="number-text", text=42),  # 4
        record(text=CLEAN_ARTICLE),  # 5: no id
        "[1, 2]",  # 6
        '"just a string"',  # 7
        "null",  # 8
        "7",  # 9
        record(id=3, text=CLEAN_ARTICLE),  # 10: a number as id
        # 11: an unpaired surrogate: valid JSON, not valid Unicode
        '{"id": "surrogate", "text": "Museum reopens\\nShare This Article\\nBroken \\ud800 byte."}',
        '{"id": "cut", "text": "unterminated',  # 12
        record(id="list-text", text=["a", "b"]),  # 13
        "",  # 14: blank lines are skipped
        record(id="a1", text=CLEAN_ARTICLE),  # 15: duplicate id again
    ]
    feed = tmp_path / "in" / "feed.jsonl"
    write(feed, "\n".join(lines) + "\n")
    outputs = tmp_path / "out"
    extra = output_format_options(outputs, "all", FORMATS_BUT_TEXT)
    result = cli("check", feed, "--format", "json", *extra)
    assert result.code == 2, result.err
    assert "internal error" not in result.err
    document = result.json()
    assert [(a["id"], a["record_line"]) for a in document["articles"]] == [
        ("a1", 1),
        ("a1", 2),
        (f"{feed}:5", 5),
        ("3", 10),
        ("surrogate", 11),
        ("a1", 15),
    ]
    errors = [(e["line"], e["message"]) for e in document["summary"]["input_errors"]]
    assert [line for line, _ in errors] == [3, 4, 6, 7, 8, 9, 12, 13]
    messages = dict(errors)
    assert messages[3] == "field 'text' is null"
    assert messages[4].startswith("field 'text' is a number (42)")
    assert messages[6] == "expected a JSON object, got an array"
    assert messages[7] == "expected a JSON object, got a string"
    assert messages[8] == "expected a JSON object, got null"
    assert messages[9] == "expected a JSON object, got a number (7)"
    assert messages[12].startswith("invalid JSON")
    assert messages[13].startswith("field 'text' is an array, not text")
    warnings = {a["record_line"]: a["warnings"] for a in document["articles"]}
    assert warnings[2] == ["line 2: duplicate id 'a1'"]
    assert warnings[15] == ["line 15: duplicate id 'a1'"]
    assert warnings[5] == [f"line 5: no 'id'; using {feed}:5"]
    assert len(warnings[11]) == 1 and "unpaired surrogates" in warnings[11][0]
    surrogate = next(a for a in document["articles"] if a["id"] == "surrogate")
    assert "boilerplate-share" in {f["rule"] for f in surrogate["findings"]}
    for article in document["articles"]:
        if article["id"] != "surrogate":
            assert_positions(article)
        else:  # the replacement keeps every offset: only the one character differs
            assert_positions(article, source_of(article).replace("\ud800", "\ufffd"))
    # Every output was written in full, as UTF-8.
    for name in FORMATS_BUT_TEXT:
        data = (outputs / f"all.{OUTPUT_SUFFIX[name]}").read_bytes()
        data.decode("utf-8")
        assert data.strip(), name
    ET.fromstring((outputs / "all.xml").read_bytes())
    json.loads((outputs / "all.sarif").read_bytes())

    report = tmp_path / "report.html"
    assert cli("report", feed, "-o", report).code == 2
    assert "surrogate" in report.read_text(encoding="utf-8")

    cleaned = tmp_path / "cleaned"
    result = cli("clean", feed, "--output", cleaned)
    assert result.code == 2 and "internal error" not in result.err, result.err
    lines = (cleaned / "feed.jsonl").read_text().splitlines()
    kept = [json.loads(line) for line in lines if line]
    # Every record that is JSON stays, also those the check could not use (copied
    # as they were); only line 12, not JSON, is left out.
    source = feed.read_text().splitlines()
    assert len(kept) == sum(1 for line in source if line.strip()) - 1
    objects = [r for r in kept if isinstance(r, dict) and isinstance(r.get("text"), str)]
    assert [r.get("id") for r in objects] == ["a1", "a1", None, 3, "surrogate", "a1"]
    assert "Share This Article" not in objects[0]["text"]
    assert "Share This Article" not in objects[4]["text"]


def test_jsonl_ids_that_are_not_text_or_integers_are_input_errors(cli, tmp_path):
    text = "The ferry to the island runs twice a day in winter and every hour in summer."
    lines = [
        record(id=True, text=text),  # 1
        record(id=False, text=text),  # 2
        record(id=2.5, text=text),  # 3
        record(id={"n": 1}, text=text),  # 4
        record(id=["x"], text=text),  # 5
        record(id=12, text=text),  # 6: an integer is written in decimal
        record(id="ok", text=text),  # 7
        record(id=None, text=text),  # 8: null is no id
    ]
    feed = write(tmp_path / "feed.jsonl", "\n".join(lines) + "\n")
    result = cli("check", feed, "--format", "json")
    assert result.code == 2 and "internal error" not in result.err, result.err
    document = result.json()
    assert [(a["id"], a["record_line"]) for a in document["articles"]] == [
        ("12", 6),
        ("ok", 7),
        (f"{feed}:8", 8),
    ]
    errors = [(e["line"], e["message"]) for e in document["summary"]["input_errors"]]
    assert errors == [
        (1, "field 'id' is a boolean (true), not text or an integer"),
        (2, "field 'id' is a boolean (false), not text or an integer"),
        (3, "field 'id' is a number with a fraction or exponent (2.5), not text or an integer"),
        (4, "field 'id' is an object, not text or an integer"),
        (5, "field 'id' is an array, not text or an integer"),
    ]
    # One line each on stderr, naming the file and the line.
    reported = [line for line in result.err.splitlines() if "input error" in line]
    assert reported == [
        f"qualitycheck: input error: {feed}:{line}: {message}" for line, message in errors
    ]
    cleaned = tmp_path / "cleaned"
    result = cli("clean", feed, "--output", cleaned)
    assert result.code == 2 and "internal error" not in result.err, result.err
    kept = [json.loads(line) for line in (cleaned / "feed.jsonl").read_text().splitlines()]
    # Records the check could not use are copied as they were, not dropped.
    assert [r["id"] for r in kept] == [True, False, 2.5, {"n": 1}, ["x"], 12, "ok", None]


def test_jsonl_null_text_is_told_apart_from_missing_text(cli, tmp_path):
    lines = [
        record(id="null-text", text=None),
        record(id="no-text"),
        record(id="number-text", text=3),
        record(id="fine", text="The library extends its opening hours until nine in the evening."),
    ]
    feed = write(tmp_path / "feed.jsonl", "\n".join(lines) + "\n")
    result = cli("check", feed, "--format", "json")
    assert result.code == 2, result.err
    assert [a["id"] for a in result.json()["articles"]] == ["fine"]
    assert [(e["line"], e["message"]) for e in result.json()["summary"]["input_errors"]] == [
        (1, "field 'text' is null"),
        (2, "field 'text' is missing"),
        (3, "field 'text' is a number (3), not text"),
    ]
    assert f"{feed}:1: field 'text' is null" in result.err
    assert f"{feed}:2: field 'text' is missing" in result.err


def test_jsonl_record_nested_too_deeply_is_an_input_error_for_that_line_only(cli, tmp_path):
    depth = 100_000
    lines = [
        record(id="first", text=BOILERPLATE_ARTICLE),  # 1
        '{"id":"arrays","text":"x","extra":' + "[" * depth + "]" * depth + "}",  # 2
        '{"id":"objects","text":"x","extra":' + '{"a":' * depth + "1" + "}" * depth + "}",  # 3
        "[" * depth,  # 4: cut short as well
        record(id="last", text=CLEAN_ARTICLE),  # 5
    ]
    feed = write(tmp_path / "in" / "feed.jsonl", "\n".join(lines) + "\n")
    result = cli("check", feed, "--format", "json")
    assert result.code == 2, result.err
    assert "internal error" not in result.err and "Traceback" not in result.err
    document = result.json()
    assert [(a["id"], a["record_line"]) for a in document["articles"]] == [
        ("first", 1),
        ("last", 5),
    ]
    errors = [(e["line"], e["message"]) for e in document["summary"]["input_errors"]]
    assert errors == [(line, "invalid JSON: nested too deeply to read") for line in (2, 3, 4)]
    reported = [line for line in result.err.splitlines() if "input error" in line]
    assert reported == [
        f"qualitycheck: input error: {feed}:{line}: invalid JSON: nested too deeply to read"
        for line in (2, 3, 4)
    ]
    cleaned = tmp_path / "cleaned"
    result = cli("clean", feed, "--output", cleaned)
    assert result.code == 2 and "internal error" not in result.err, result.err
    kept = [json.loads(line) for line in (cleaned / "feed.jsonl").read_text().splitlines()]
    assert [r["id"] for r in kept] == ["first", "last"]
    assert "Share This Article" not in kept[0]["text"]


def test_a_declared_language_that_is_no_code_is_detected_with_a_warning(cli, tmp_path):
    # "english" or 7 would match no rule's language and switch every English
    # rule off without a word; the text's own language is used instead.
    text = "Harbour reopens\nShare This Article\nThe harbour reopened on Monday after the storm."
    lines = [
        record(id="named", text=text, language="english", title=5),
        record(id="coded", text=text, language="en-GB", url=["x"]),
    ]
    feed = write(tmp_path / "feed.jsonl", "\n".join(lines) + "\n")
    paragraphs = text.replace("\n", "\n\n")  # Markdown: a paragraph per line
    marked = write(tmp_path / "m.md", f"---\nlang: 7\n---\n\n{paragraphs}\n")
    result = cli("check", feed, marked, "--format", "json", "--no-models")
    articles = {a["id"]: a for a in result.json()["articles"]}
    assert articles["named"]["warnings"] == [
        "line 1: 'title' is a number (5), not text; ignored",
        "line 1: language 'english' is not a language code like 'en' or 'en-US'; "
        "detected from the text instead",
    ]
    assert articles["coded"]["warnings"] == ["line 2: 'url' is an array, not text; ignored"]
    assert articles[str(marked)]["warnings"] == [
        "front matter language '7' is not a language code like 'en' or 'en-US'; "
        "detected from the text instead"
    ]
    for article in articles.values():
        assert article["language"] == "en"
        assert "boilerplate-share" in {f["rule"] for f in article["findings"]}


def test_declared_chinese_norwegian_and_hebrew_codes_match_the_configs_codes(cli, tmp_path):
    # A CMS writes "zh", "zh-Hans", "zh-HK", "nb" or "iw"; a config can only
    # name the detector's codes (zh-cn, zh-tw, no, he), so such articles were
    # all "not Chinese (simplified) ... as expected".
    simplified = "标题\n市政府今天宣布，新的公交线路将于下个月开通。"
    traditional = "標題\n市政府今天宣布，新的公車路線將於下個月開通。"
    norwegian = "Tittel\nKommunen åpner den nye bussruten neste måned, sa ordføreren."
    hebrew = "כותרת\nהעירייה תפתח את קו האוטובוס החדש בחודש הבא."
    declared = {
        "zh": (simplified, "zh-cn"),
        "zh-Hans": (simplified, "zh-cn"),
        "zh_SG": (simplified, "zh-cn"),
        "zh-Hant": (traditional, "zh-tw"),
        "zh-HK": (traditional, "zh-tw"),
        "zh-Hant-TW": (traditional, "zh-tw"),
        "zh-Hans-HK": (simplified, "zh-cn"),
        "nb": (norwegian, "no"),
        "nn": (norwegian, "no"),
        "iw": (hebrew, "he"),
    }
    lines = [record(id=code, text=text, language=code) for code, (text, _) in declared.items()]
    feed = write(tmp_path / "feed.jsonl", "\n".join(lines) + "\n")
    result = cli(
        "check", feed, "--format", "json", "--no-models",
        *("--language", "zh-cn", "--language", "zh-tw", "--language", "no", "--language", "he"),
    )  # fmt: skip
    articles = {a["id"]: a for a in result.json()["articles"]}
    assert {code: a["language"] for code, a in articles.items()} == {
        code: expected for code, (_, expected) in declared.items()
    }
    assert [f for a in articles.values() for f in a["findings"]] == []


def test_a_binary_or_utf16_jsonl_file_is_one_input_error(cli, tmp_path):
    """Not one "not UTF-8" error per line (800 for 200 KB of random bytes),
    and clean writes no copy of it."""
    noise = bytes(range(256)) * 800  # NULs and control characters from the first block
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "dump.jsonl").write_bytes(noise)
    wide = record(id="a", text=BOILERPLATE_ARTICLE) + "\n"
    (tmp_path / "in" / "wide.jsonl").write_bytes(wide.encode("utf-16"))
    result = cli("check", tmp_path / "in", "--format", "json")
    assert result.code == 2
    errors = [
        (e["path"], e.get("line"), e["message"]) for e in result.json()["summary"]["input_errors"]
    ]
    assert errors == [
        (str(tmp_path / "in" / "dump.jsonl"), None, "binary file (not text); skipped"),
        (
            str(tmp_path / "in" / "wide.jsonl"),
            None,
            "UTF-16 text (a byte-order mark); JSON Lines must be UTF-8: skipped",
        ),
    ]
    cleaned = cli("clean", tmp_path / "in", "-o", tmp_path / "out")
    assert cleaned.code == 2 and not (tmp_path / "out" / "dump.jsonl").exists()


def test_a_file_whose_text_field_has_another_name_is_one_error(cli, tmp_path):
    """Records without the text field and no article before them: after 20 the
    file is one input error naming the fields it has (an 80,000-record file
    gave 80,000 errors, all kept in memory); fewer, or a file that has
    articles, keeps one error per record, in order."""
    body = "".join(json.dumps({"id": f"r{n}", "body": "Title\nText."}) + "\n" for n in range(500))
    write(tmp_path / "body.jsonl", body)
    few = "".join(json.dumps({"id": f"f{n}", "body": "x"}) + "\n" for n in range(3))
    write(tmp_path / "few.jsonl", few)
    good = json.dumps({"id": "ok", "text": CLEAN_ARTICLE}) + "\n"
    write(tmp_path / "mixed.jsonl", few + good + few)
    result = cli(
        "check", "body.jsonl", "few.jsonl", "mixed.jsonl", "--no-models", "--format", "json"
    )
    errors = [(e["path"], e.get("line")) for e in result.json()["summary"]["input_errors"]]
    assert errors == [
        ("body.jsonl", None),
        *[("few.jsonl", n) for n in (1, 2, 3)],
        *[("mixed.jsonl", n) for n in (1, 2, 3, 5, 6, 7)],
    ]
    first = result.json()["summary"]["input_errors"][0]["message"]
    assert "missing in the first 20 records" in first and "'body', 'id'" in first
    assert "jsonl.text" in first
    assert [a["id"] for a in result.json()["articles"]] == ["ok"]


def test_held_missing_field_errors_keep_line_order_around_a_too_large_record(tmp_path):
    """A too-large record ends the hold: errors stay in line order, and the
    file is not given up for records that came after an article-sized one."""
    missing = "".join(json.dumps({"id": f"m{n}", "body": "x"}) + "\n" for n in range(2))
    big = json.dumps({"id": "big", "text": "x" * 5000}) + "\n"
    many = "".join(json.dumps({"id": f"n{n}", "body": "x"}) + "\n" for n in range(25))
    write(tmp_path / "a.jsonl", missing + big + many)
    settings = ReadSettings(max_article_bytes=2000)
    path = tmp_path / "a.jsonl"
    items = list(read_source(InputSource(str(path), "jsonl", path), settings))
    lines = [item.line for item in items if isinstance(item, InputError)]
    assert lines == [1, 2, 3, *range(4, 29)]


def test_a_record_with_carriage_returns_alone_is_named_in_its_warning(cli, tmp_path):
    """Every other warning about a record names its line ("line 2: no 'id'"); the
    one about lines ending in carriage returns alone did not, so on standard
    error a feed of a million records said which file, never which record."""
    text = CLEAN_ARTICLE.replace("\n", "\r")
    write(
        tmp_path / "feed.jsonl",
        record(id="a", text=CLEAN_ARTICLE) + "\n" + record(id="b", text=text) + "\n",
    )
    result = cli("check", "feed.jsonl", "--no-models", "--format", "json")
    [first, second] = result.json()["articles"]
    assert first["warnings"] == []
    assert second["warnings"] == [
        "line 2: lines end in carriage returns alone (classic Mac OS); read as line breaks"
    ]
    assert "warning: feed.jsonl: line 2: lines end in carriage returns alone" in result.err


def test_a_json_file_is_read_as_json_lines_and_a_json_document_is_one_error(cli, tmp_path):
    """Spark, BigQuery and pandas write JSON Lines under ``.json``. Such a file
    was read as an unknown suffix is, as plain text: one article of JSON syntax
    with findings about it, and no warning. It is read as JSON Lines; one JSON
    document over several lines is one input error, not one per line. A folder
    walk still leaves ``.json`` files out unless ``include`` names them."""
    rows = [record(id="s1", text=CLEAN_ARTICLE), record(id="s2", text=BOILERPLATE_ARTICLE)]
    write(tmp_path / "out" / "part-00000.json", "".join(row + "\n" for row in rows))
    write(tmp_path / "doc.json", json.dumps([{"id": "d", "text": "x"}], indent=2))
    result = cli("check", "out/part-00000.json", "doc.json", "--no-models", "--format", "json")
    assert [a["id"] for a in result.json()["articles"]] == ["s1", "s2"]
    assert [a["record_line"] for a in result.json()["articles"]] == [1, 2]
    [error] = result.json()["summary"]["input_errors"]
    assert error == {
        "path": "doc.json",
        "message": "one JSON document over several lines, not JSON Lines (an article per line)",
    }
    walked = cli("check", "out", "--no-models", "--format", "json")
    assert walked.json()["articles"] == [] and "no articles found" in walked.err
    write(tmp_path / "qualitycheck.yaml", "include: ['*.json']\n")
    included = cli("check", "out", "--no-models", "--format", "json")
    assert [a["id"] for a in included.json()["articles"]] == ["s1", "s2"]
