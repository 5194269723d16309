"""Every output of ``check`` (every format at once), ``report`` and ``clean``:
the same bytes on a second run, valid UTF-8 that a parser reads back whatever
the file names and the text hold (bytes that are not UTF-8, Unicode line
breaks), and the inputs never modified.

Where outputs may be written, and what a broken run leaves, is in
tests/test_output_targets.py; each format's own rules in tests/test_ci_formats.py
and tests/test_contract.py.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from conftest import (
    BOILERPLATE_ARTICLE,
    CLEAN_ARTICLE,
    EXAMPLES,
    FORMATS_BUT_TEXT,
    OUTPUT_SUFFIX,
    UNICODE_LINES,
    output_format_options,
    record,
    tree,
    write,
)

import qualitycheck


@pytest.fixture
def hostile(tmp_path: Path) -> Path:
    """The examples and awkward inputs in one folder: CRLF, a BOM, cp1252, an empty
    file, a picture, hard Unicode (emoji, right-to-left, zero-width) and bad JSONL
    records (a duplicate id, an array, null text, an unpaired surrogate)."""
    folder = tmp_path / "hostile"
    shutil.copytree(EXAMPLES, folder / "examples")
    (folder / "crlf.txt").write_bytes(BOILERPLATE_ARTICLE.replace("\n", "\r\n").encode())
    (folder / "bom.md").write_bytes(b"\xef\xbb\xbf---\ntitle: T\n---\n" + CLEAN_ARTICLE.encode())
    (folder / "latin.txt").write_bytes(
        ("Café reopens\nThe café reopened on Monday, the owner said.\n" * 3).encode("cp1252")
    )
    (folder / "empty.html").write_bytes(b"")
    (folder / "picture.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00")
    write(folder / "unicode.txt", "\n".join(UNICODE_LINES) + "\n")
    write(
        folder / "feed.jsonl",
        "\n".join(
            [
                record(id="x", text=BOILERPLATE_ARTICLE),
                record(id="x", text=CLEAN_ARTICLE),
                "[]",
                record(id="n", text=None),
                '{"id": "s", "text": "Share This Article\\n\\udc00"}',
            ]
        )
        + "\n",
    )
    return folder


def _every_output(cli, inputs: Path, out: Path) -> dict[str, bytes]:
    """Run check (every format at once), report and clean; every output's bytes."""
    extra = output_format_options(out, "check", FORMATS_BUT_TEXT)
    check = cli("check", inputs, *extra)
    report = cli("report", inputs, "-o", out / "report.html")
    clean = cli("clean", inputs, "--output", out / "clean")
    for run in (check, report, clean):
        assert run.code == 2, run.err  # the picture and the bad records: input errors
        assert "internal error" not in run.err, run.err
    outputs = {"check.stdout": check.out.encode(), "check.stderr": check.err.encode()}
    for path in sorted(out.rglob("*")):
        if path.is_file():
            outputs[str(path.relative_to(out))] = path.read_bytes()
    return outputs


def test_inputs_are_never_modified(cli, hostile, tmp_path):
    before = tree(hostile)
    _every_output(cli, hostile, tmp_path / "out")
    baseline = tmp_path / "baseline.json"
    assert cli("check", hostile, "--write-baseline", baseline).code in (0, 2)
    assert cli("check", hostile, "--baseline", baseline).code == 2
    assert tree(hostile) == before


def test_every_output_is_byte_identical_on_a_second_run(cli, hostile, tmp_path):
    out = tmp_path / "out"
    first = _every_output(cli, hostile, out)
    shutil.rmtree(out)
    second = _every_output(cli, hostile, out)
    assert sorted(first) == sorted(second)
    written = {f"check.{OUTPUT_SUFFIX[name]}" for name in FORMATS_BUT_TEXT}
    assert written | {"report.html"} <= set(first)
    for name, data in first.items():
        assert data == second[name], name
        assert data or name == "check.stdout" or name.startswith("clean/"), name


def test_json_and_sarif_stay_valid_with_unicode_line_breaks_in_text(cli, tmp_path):
    # JSON writes these characters as they are; a line splitter that knows
    # Unicode line breaks must not cut the document at them.
    breaks = "\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029"
    text = f"Share This Article{breaks}\n" + CLEAN_ARTICLE.replace(" said", f" said{breaks}")
    feed = write(
        tmp_path / "feed.jsonl",
        record(id=f"id{breaks}", title=f"Lanes{breaks}", text=text) + "\n",
    )
    out = tmp_path / "out"
    extra = output_format_options(out, "all", FORMATS_BUT_TEXT)
    result = cli("check", feed, *extra)
    assert result.code in (0, 1), result.err
    document = json.loads((out / "all.json").read_text(encoding="utf-8"))
    [article] = document["articles"]
    assert article["id"] == f"id{breaks}" and article["title"] == f"Lanes{breaks}"
    assert article["findings"]
    json.loads((out / "all.sarif").read_text(encoding="utf-8"))
    for line in (out / "all.jsonl").read_bytes().split(b"\n")[:-1]:
        json.loads(line)


@pytest.mark.skipif(sys.platform in ("win32", "darwin"), reason="file names are not bytes")
def test_file_names_that_are_not_utf8_stay_valid_in_every_output(cli, tmp_path):
    """A name with the byte 0xff is shown as ``\\xff``: JSON, SARIF, JUnit and the
    report stay valid UTF-8, and ``clean`` still finds and writes the file."""
    folder = tmp_path / "in"
    folder.mkdir()
    raw = os.fsencode(folder) + b"/caf\xe9-\xff.txt"
    with open(raw, "wb") as stream:
        stream.write(BOILERPLATE_ARTICLE.encode("utf-8"))
    shown = str(folder / "caf\\xe9-\\xff.txt")
    before = tree(folder)
    outputs = {fmt: tmp_path / f"out.{fmt}" for fmt in ("json", "sarif", "junit", "html")}
    arguments = [x for fmt, path in outputs.items() for x in ("--output-format", f"{fmt}={path}")]
    result = cli("check", folder, "--format", "text", *arguments)
    assert result.code == 1, result.err
    assert "Traceback" not in result.err and shown in result.out
    for fmt, path in outputs.items():
        text = path.read_bytes().decode("utf-8")  # strict: raises on a stray byte
        assert shown.replace("\\", "\\\\") in text or shown in text, fmt
    assert json.loads(outputs["json"].read_text())["articles"][0]["path"] == shown
    json.loads(outputs["sarif"].read_text())
    ET.fromstring(outputs["junit"].read_bytes())
    cleaned = tmp_path / "cleaned"
    clean = cli("clean", folder, "--output", cleaned)
    assert clean.code == 0, clean.err
    [written] = [p for p in cleaned.iterdir()]
    assert os.fsencode(written.name) == b"caf\xe9-\xff.txt"
    assert "Share This Article" not in written.read_text(encoding="utf-8")
    assert tree(folder) == before


def _run_with_encoding(arguments: list[object], cwd: Path, encoding: str) -> tuple[int, bytes, str]:
    """``python -m qualitycheck ARGUMENTS`` whose standard output has ``encoding``,
    as under a locale of that encoding (``LANG=de_DE.ISO-8859-1``)."""
    code = Path(qualitycheck.__file__).resolve().parent.parent  # the checkout under test
    env = {**os.environ, "PYTHONPATH": str(code), "PYTHONIOENCODING": encoding}
    env.pop("GITHUB_ACTIONS", None)
    run = subprocess.run(
        [sys.executable, "-m", "qualitycheck", *map(str, arguments)],
        cwd=cwd,
        env=env,
        capture_output=True,
        timeout=300,
        check=False,
    )
    return run.returncode, run.stdout, run.stderr.decode("utf-8", "replace")


@pytest.mark.parametrize("encoding", ["latin-1", "ascii"])
def test_standard_output_is_the_files_bytes_whatever_the_locale(tmp_path, encoding):
    """``check --format json > out.json`` under a Latin-1 or ASCII locale was a
    traceback at the first curly quote or ellipsis (and Latin-1 bytes in a
    document that says UTF-8 before it): every format for programs writes the
    same UTF-8 bytes to standard output as to ``-o``; the text format keeps the
    terminal's encoding and writes what it cannot show as an escape."""
    title = "Caf\u00e9 owners say \u201cenough\u201d \u2026 and the mayor listens"
    name = "caf\u00e9\u2013notes.txt"
    write(tmp_path / name, BOILERPLATE_ARTICLE.replace("Museum reopens after renovation", title))
    for fmt in FORMATS_BUT_TEXT:
        target = tmp_path / f"out.{OUTPUT_SUFFIX[fmt]}"
        code, _, err = _run_with_encoding(
            ["check", name, "--format", fmt, "-o", target], tmp_path, "utf-8"
        )
        assert code == 1, err
        code, out, err = _run_with_encoding(["check", name, "--format", fmt], tmp_path, encoding)
        assert code == 1 and "Traceback" not in err, err
        assert out == target.read_bytes(), fmt
    code, out, err = _run_with_encoding(["check", name], tmp_path, encoding)
    assert code == 1 and "Traceback" not in err, err
    shown = out.decode(encoding)
    assert "\\u2013notes.txt:2:1: error" in shown and "Share This Article" in shown


@pytest.mark.parametrize("encoding", ["latin-1", "ascii"])
def test_rules_show_and_evaluate_print_whatever_the_locale(tmp_path, encoding):
    """``rules show`` (a pattern's bullet, a message's curly quotes) and
    ``evaluate --format json`` (the data's path) stopped with a traceback under
    a locale that is not UTF-8; the text escapes what the terminal cannot
    show, and the JSON is the UTF-8 document a UTF-8 locale gets."""
    code, out, err = _run_with_encoding(["rules", "show", "boilerplate-share"], tmp_path, encoding)
    assert code == 0 and "Traceback" not in err, err
    assert "boilerplate-share" in out.decode(encoding)
    # rules list's JSON (added beside this fix) wrote the locale's bytes: © as 0xa9
    listing = ["rules", "list", "--format", "json"]
    code, expected, err = _run_with_encoding(listing, tmp_path, "utf-8")
    assert code == 0, err
    code, out, err = _run_with_encoding(listing, tmp_path, encoding)
    assert code == 0 and out == expected, err
    data = tmp_path / "\u00e9valuation\u2013mt.jsonl"
    write(
        data,
        "".join(
            json.dumps({"id": name, "label": label, "text": text}) + "\n"
            for name, label, text in [
                ("m1", "machine", "The fair opened today, Thursday, with 3,5 billion of orders."),
                ("o1", "original", "The fair opened on Thursday with orders worth 3.5 billion."),
            ]
        ),
    )
    arguments = ["evaluate", "--task", "mt", data.name, "--format", "json", "--no-models"]
    code, expected, err = _run_with_encoding(arguments, tmp_path, "utf-8")
    assert code == 0, err
    code, out, err = _run_with_encoding(arguments, tmp_path, encoding)
    assert code == 0 and "Traceback" not in err, err
    assert out == expected and data.name in out.decode("utf-8")
