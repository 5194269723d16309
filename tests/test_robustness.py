"""Robustness: odd, hostile and huge inputs never crash, hang or corrupt a run.

Where each item of the performance issue's list is covered (``file::test``;
"here" is this file):

- Property-based checks over arbitrary Unicode text (no exception; every
  finding's offsets inside the text and consistent with its line and column):
  test_properties.py::test_text_reader_and_checks,
  test_properties.py::test_markdown_reader_and_checks,
  test_properties.py::test_html_reader_and_checks,
  test_properties.py::test_jsonl_records_with_arbitrary_text (any code point,
  unpaired surrogates included, and the result must still be writable as UTF-8).
- An empty file; whitespace only:
  test_exit_codes.py::test_empty_and_blank_files_are_checked_without_error
  (.txt, .md with ``check``); here
  ::test_empty_and_whitespace_only_files_of_every_format_and_command (.txt, .md,
  .html, .jsonl; Unicode spaces and CRLF; ``check``, ``report`` and ``clean``).
- A 20 MB single line: here ::test_a_20_mb_single_line_is_checked_with_exact_positions
  (slow) and ::test_checking_time_grows_linearly_with_the_length_of_a_line (slow;
  default pipeline, models on).
- Emoji, right-to-left text, zero-width and combining characters: here
  ::test_emoji_rtl_zero_width_and_combining_characters_in_every_format.
- CRLF line endings give the same findings and lines as LF:
  test_contract.py::test_crlf_files_give_the_same_findings_and_lines (.txt, .md,
  .html), test_readers.py::test_text_crlf_keeps_offsets_into_the_file,
  test_clean.py::test_txt_loses_boilerplate_lines_and_keeps_crlf_bytes; here
  ::test_crlf_jsonl_gives_the_same_findings_and_lines (CRLF between records and
  inside record texts).
- HTML nested 20,000 deep: test_readers.py::test_html_nested_very_deep_is_read
  (the reader); here ::test_html_nested_20000_deep_with_the_default_pipeline
  (five shapes of nesting, models on, ``check`` and ``report``).
- JSONL records whose ``text`` is null or a number, with no id, with duplicate
  ids, or not an object: test_readers.py::test_jsonl_records_errors_and_configurable_fields
  (the reader, configured field names),
  test_exit_codes.py::test_malformed_jsonl_line_is_reported_with_its_line_and_others_are_checked;
  here ::test_bad_jsonl_records_through_check_report_and_clean (all of them plus
  duplicate ids, arrays, strings, ``null`` and unpaired surrogates, through every
  output format and ``clean``); here
  ::test_jsonl_ids_that_are_not_text_or_integers_are_input_errors (true, false, a
  fraction, an object, an array; an integer id is kept as its decimal text) and
  ::test_jsonl_null_text_is_told_apart_from_missing_text.
- Unpaired surrogates outside ``text`` (id, title, an extra field, a key) in a
  record ``clean`` rewrites: here ::test_clean_writes_back_unpaired_surrogates_in_other_fields.
- Tiny articles (one to three lines) and the boilerplate model: here
  ::test_tiny_prose_records_get_no_model_boilerplate_finding.
- A symlink loop in a folder: test_readers.py::test_symlink_loops_are_not_followed_forever
  (discovery); here ::test_symlink_loops_and_pipes_in_a_folder_through_every_command
  (loops to an ancestor and a sibling, self and two-link file loops, a broken
  link and a named pipe; ``check``, ``report``, ``clean``).
- A user rule with a catastrophic regular expression:
  test_packs.py::test_catastrophic_user_pattern_is_bounded_and_reported
  (``(a|aa)+$``); here ::test_nested_quantifier_pattern_is_bounded_and_the_rest_is_checked
  (``(a+)+$`` as a ``pattern`` rule and as a ``claim`` cue pattern).
- Reports written atomically: test_ci_formats.py::test_no_output_is_left_behind_when_the_run_breaks
  (no earlier file), test_contract.py::test_output_file_is_written_and_nothing_else_is_left;
  here ::test_a_broken_run_keeps_the_previous_output_and_leaves_no_temporary_file
  (``check -o``, ``--output-format``, ``report``, ``clean``; an exception and Ctrl-C).
- Inputs never modified: test_clean.py::test_folder_inputs_are_mirrored_and_never_changed
  (``clean``); here ::test_inputs_are_never_modified (``check`` in every format,
  ``--write-baseline``, ``report``, ``clean``).
- The same input gives byte-identical output:
  test_contract.py::test_same_input_gives_byte_identical_output (json),
  test_ci_formats.py::test_same_input_gives_byte_identical_output_and_the_usual_exit_codes
  (sarif, junit, github, markdown); here ::test_every_output_is_byte_identical_on_a_second_run
  (text, json, jsonl, sarif, junit, markdown, html, github, ``report`` and ``clean``).
- Found by fuzzing (random bytes, tag soup, Markdown and JSONL edge cases):
  here ::test_jsonl_record_nested_too_deeply_is_an_input_error_for_that_line_only,
  ::test_html_decimal_references_of_thousands_of_digits,
  ::test_markdown_front_matter_too_deep_or_aliased_is_ignored_with_a_warning (a
  YAML alias bomb as the title, refused by the loader configs use),
  ::test_json_and_sarif_stay_valid_with_unicode_line_breaks_in_text
  ::test_100000_one_character_lines_are_checked_in_linear_time (slow) and
  ::test_markdown_inline_syntax_on_a_long_line_reads_in_linear_time.
"""

from __future__ import annotations

import json
import os
import shutil
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

from qualitycheck.renderers import RENDERERS
from qualitycheck.tools import cleaning

# --- empty and whitespace-only files -----------------------------------------------


# --- a 20 MB single line -----------------------------------------------------------


# --- emoji, right-to-left, zero-width and combining characters ----------------------


# --- CRLF --------------------------------------------------------------------------


# --- deep HTML ---------------------------------------------------------------------


# --- bad JSONL records -------------------------------------------------------------


# --- the boilerplate model on tiny articles ----------------------------------------


# --- symlink loops and pipes -------------------------------------------------------


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


# --- catastrophic user patterns ----------------------------------------------------


# --- atomic outputs ----------------------------------------------------------------


def _break_renderer(monkeypatch, name: str, exception: type[BaseException]) -> None:
    def broken(self, summary):
        self.stream.write("half of the output")
        self.stream.flush()
        raise exception("broken on purpose")

    monkeypatch.setattr(RENDERERS[name], "end", broken)


def _break_clean(monkeypatch, exception: type[BaseException]) -> None:
    class BrokenJson:
        loads = staticmethod(json.loads)

        @staticmethod
        def dumps(value, **options):
            raise exception("broken on purpose")

    monkeypatch.setattr(cleaning, "json", BrokenJson)


@pytest.mark.parametrize(
    ("exception", "code"), [(RuntimeError, 2), (KeyboardInterrupt, 130)], ids=["error", "ctrl-c"]
)
@pytest.mark.parametrize("command", ["check-o", "output-format", "report", "clean"])
def test_a_broken_run_keeps_the_previous_output_and_leaves_no_temporary_file(
    cli, tmp_path, monkeypatch, command, exception, code
):
    inputs = tmp_path / "in"
    # A clean record first (copied as it is), then one whose text clean rewrites.
    write(
        inputs / "feed.jsonl",
        record(id="ok", text=CLEAN_ARTICLE) + "\n" + record(id="bad", text=BOILERPLATE_ARTICLE),
    )
    out = tmp_path / "out"
    target, args = {
        "check-o": (out / "result.json", ["check", inputs, "--format", "json", "-o"]),
        "output-format": (out / "result.sarif", ["check", inputs, "--output-format"]),
        "report": (out / "report.html", ["report", inputs, "-o"]),
        "clean": (out / "feed.jsonl", ["clean", inputs, "--output", out]),
    }[command]
    if command == "output-format":
        args.append(f"sarif={target}")
    elif command != "clean":
        args.append(target)
    write(target, "the previous run's output\n")
    before = tree(out)

    with monkeypatch.context() as patch:
        if command == "clean":
            _break_clean(patch, exception)
        else:
            renderer = {"check-o": "json", "report": "html"}.get(command, "sarif")
            _break_renderer(patch, renderer, exception)
        result = cli(*args)
    assert result.code == code, result.err
    assert tree(out) == before  # the old file untouched, no temporary file left
    assert target.read_text(encoding="utf-8") == "the previous run's output\n"

    assert cli(*args).code in (0, 1)  # a run that finishes replaces it
    assert target.read_text(encoding="utf-8") != "the previous run's output\n"
    assert sorted(p.name for p in out.iterdir()) == [target.name]


# --- inputs and determinism --------------------------------------------------------


@pytest.fixture
def hostile(tmp_path: Path) -> Path:
    """The examples and the awkward cases of this file, in one folder."""
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


# --- found by fuzzing --------------------------------------------------------------


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
