"""``clean`` as a data engineer's review found it (twelfth session): nothing
written through a link, pipe or linked folder in the output folder; Parquet
reported instead of written as text; JSONL records changed only in ``text``
and never dropped for being unusable; HTML cut by the reader's text runs, so
an attribute holding ``>`` survives; each copy in its input's encoding; a file
reached by two names checked once."""

from __future__ import annotations

import contextlib
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import BOILERPLATE_ARTICLE, CLEAN_ARTICLE, write

import qualitycheck

pytestmark = pytest.mark.skipif(os.name != "posix", reason="links and pipes as on POSIX")


#: A clean article with one share widget under its headline: only that line goes.
SHARED = CLEAN_ARTICLE.replace("\n", "\nShare This Article\n", 1)


def _strict(line: str) -> dict:
    def refuse(name: str) -> float:
        raise ValueError(f"{name} is not JSON")

    return json.loads(line, parse_constant=refuse)


def test_a_link_in_the_output_folder_is_not_written_through(cli, tmp_path):
    write(tmp_path / "in" / "a.txt", BOILERPLATE_ARTICLE)
    write(tmp_path / "in" / "b.txt", BOILERPLATE_ARTICLE.replace("Museum", "Library"))
    victim = write(tmp_path / "victim.conf", "PRECIOUS\n")
    (tmp_path / "out").mkdir()
    (tmp_path / "out" / "a.txt").symlink_to(victim)
    result = cli("clean", tmp_path / "in", "-o", tmp_path / "out")
    assert result.code == 2
    assert "a.txt: is a symbolic link in the output folder" in result.err
    assert victim.read_text(encoding="utf-8") == "PRECIOUS\n"
    assert "Share This Article" not in (tmp_path / "out" / "b.txt").read_text(encoding="utf-8")


def test_a_linked_folder_that_leads_out_is_not_written_into(cli, tmp_path):
    write(tmp_path / "in" / "news" / "story.txt", BOILERPLATE_ARTICLE)
    (tmp_path / "elsewhere").mkdir()
    (tmp_path / "out").mkdir()
    (tmp_path / "out" / "news").symlink_to(tmp_path / "elsewhere")
    result = cli("clean", tmp_path / "in", "-o", tmp_path / "out")
    assert result.code == 2 and "leads out of the output folder" in result.err
    assert list((tmp_path / "elsewhere").iterdir()) == []


def test_a_named_pipe_at_an_output_is_reported_not_opened(cli, tmp_path):
    write(tmp_path / "in" / "a.txt", BOILERPLATE_ARTICLE)
    (tmp_path / "out").mkdir()
    os.mkfifo(tmp_path / "out" / "a.txt")  # opening it to write would wait forever
    result = cli("clean", tmp_path / "in", "-o", tmp_path / "out")
    assert result.code == 2 and "is not a regular file" in result.err


def test_parquet_is_reported_and_not_written_as_text(cli, tmp_path):
    pyarrow = pytest.importorskip("pyarrow")
    from pyarrow import parquet

    folder = tmp_path / "in"
    folder.mkdir()
    table = pyarrow.table({"id": ["a"], "text": [BOILERPLATE_ARTICLE], "source": ["wire"]})
    parquet.write_table(table, folder / "feed.parquet")
    write(folder / "b.txt", BOILERPLATE_ARTICLE)
    result = cli("clean", folder, "-o", tmp_path / "out")
    assert result.code == 2
    assert "feed.parquet: clean does not rewrite Parquet files; skipped" in result.err
    assert not (tmp_path / "out" / "feed.parquet").exists()
    assert (tmp_path / "out" / "b.txt").exists()


def test_a_jsonl_record_changes_only_in_its_text(cli, tmp_path):
    text = json.dumps(SHARED)
    line = (
        '{"id": "r1", "n": 1.0000000000000000001, "big": 1e400, "name": "caf\\u00e9", '
        f'"url": "http:\\/\\/example.org\\/a", "tag": "x", "tag": "y", "text": {text}}}'
    )
    feed = write(tmp_path / "in" / "feed.jsonl", line + "\n" + json.dumps({"id": "r2"}) + "\n")
    result = cli("clean", feed, "-o", tmp_path / "out")
    assert result.code == 2  # r2 has no text: reported...
    lines = (tmp_path / "out" / "feed.jsonl").read_text(encoding="utf-8").splitlines()
    assert lines[1] == '{"id": "r2"}'  # ...and copied as it was, not dropped
    before, _, _ = line.partition('"text": ')
    assert lines[0].startswith(before + '"text": ')  # every other byte as it was
    cleaned = json.loads(lines[0])  # json.loads reads 1e400 as inf, as before
    assert cleaned["text"] == CLEAN_ARTICLE
    assert cleaned["tag"] == "y" and lines[0].count('"tag"') == 2


def test_a_jsonl_line_that_is_not_json_is_left_out(cli, tmp_path):
    good = json.dumps({"id": "ok", "text": CLEAN_ARTICLE})
    feed = write(tmp_path / "in" / "feed.jsonl", "{not json\n" + good + "\n")
    result = cli("clean", feed, "-o", tmp_path / "out")
    assert result.code == 2 and "feed.jsonl:1" in result.err
    out = (tmp_path / "out" / "feed.jsonl").read_text(encoding="utf-8")
    assert [_strict(line)["id"] for line in out.splitlines()] == ["ok"]


def test_an_html_attribute_holding_a_bracket_survives_the_cut(cli, tmp_path):
    page = (
        "<html><head><title>Ferry news</title></head><body>\n"
        '<p>Share <a title="a>b" href="#share">This</a> Article</p>\n'
        "<p>The operator said the ferry will run every twenty minutes from May.</p>\n"
        "</body></html>\n"
    )
    write(tmp_path / "in" / "page.html", page)
    assert cli("clean", tmp_path / "in", "-o", tmp_path / "out").code == 0
    out = (tmp_path / "out" / "page.html").read_text(encoding="utf-8")
    assert '<p><a title="a>b" href="#share"></a></p>' in out
    assert "<p>The operator said the ferry will run every twenty minutes from May.</p>" in out


def test_each_copy_keeps_its_inputs_encoding(cli, tmp_path):
    page = (
        '<html><head><meta charset="windows-1252"><title>Caf\u00e9 reopens</title></head>'
        "<body><p>Share This Article</p>"
        "<p>The caf\u00e9 on the quay reopened on Monday after a year of repairs, its "
        "owner said.</p></body></html>\n"
    )
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "page.html").write_bytes(page.encode("cp1252"))
    (tmp_path / "in" / "story.txt").write_bytes(
        "\ufeff".encode("utf-16-be") + SHARED.encode("utf-16-be")
    )
    result = cli("clean", tmp_path / "in", "-o", tmp_path / "out")
    assert result.code == 0, result.err
    html = (tmp_path / "out" / "page.html").read_bytes()
    assert b"caf\xe9 on the quay" in html and b"Share This" not in html
    assert html.decode("cp1252") == page.replace("Share This Article", "")
    story = (tmp_path / "out" / "story.txt").read_bytes()
    assert story.startswith(b"\xfe\xff")
    assert story.decode("utf-16") == CLEAN_ARTICLE


def test_a_file_reached_by_two_names_is_checked_once(cli, tmp_path):
    original = write(tmp_path / "in" / "a.txt", BOILERPLATE_ARTICLE)
    (tmp_path / "in" / "b.txt").symlink_to(original)
    result = cli("clean", tmp_path / "in", "-o", tmp_path / "out")
    assert result.code == 0, result.err
    assert "cleaned 1 article" in result.err and "wrote 2 files" in result.err
    a, b = (tmp_path / "out" / name for name in ("a.txt", "b.txt"))
    assert a.read_bytes() == b.read_bytes() and b"Share This" not in a.read_bytes()
    again = cli("clean", original, original, "-o", tmp_path / "twice")
    assert again.code == 0, again.err  # the same file named twice: read once
    assert (tmp_path / "twice" / "a.txt").read_bytes() == a.read_bytes()


def test_diff_shows_what_would_go_and_writes_nothing(cli, tmp_path):
    article = write(tmp_path / "in" / "a.txt", SHARED)
    feed = write(
        tmp_path / "in" / "feed.jsonl",
        json.dumps({"id": "r1", "text": SHARED}) + "\n" + json.dumps({"id": "r2"}) + "\n",
    )
    before = article.read_bytes(), feed.read_bytes()
    result = cli("clean", tmp_path / "in", "-o", tmp_path / "out", "--diff")
    assert result.code == 2  # r2 has no text, reported as in a real run
    assert not (tmp_path / "out").exists()
    assert (article.read_bytes(), feed.read_bytes()) == before
    out = result.out
    assert f"--- {article}\n+++ {tmp_path / 'out' / 'a.txt'}\n" in out
    assert "\n-Share This Article\n" in out
    assert f"--- {feed}\n" in out
    changed = [
        line for line in out.splitlines() if line[:1] in "+-" and line[:3] not in ("+++", "---")
    ]
    assert not [line for line in changed if '"r2"' in line]  # the record without text: untouched
    removed = [line for line in changed if line.startswith("-")]
    assert len(removed) == 2  # the txt line and the old JSONL record
    assert "would remove 2 blocks; 2 files would change; nothing written" in result.err


def test_clean_warns_when_most_of_an_article_would_go(cli, tmp_path):
    """A rule (here an editor's) that takes an article's own paragraph for
    boilerplate: the article loses most of its words, and clean says so."""
    pack = write(
        tmp_path / "pack.yaml",
        "rules:\n"
        "  - id: site-teaser\n"
        "    kind: phrase\n"
        "    category: boilerplate\n"
        "    severity: warning\n"
        '    message: "Teaser: {match}"\n'
        "    phrases: [council, lanes]\n",
    )
    write(tmp_path / "in" / "a.txt", CLEAN_ARTICLE)
    result = cli("clean", tmp_path / "in", "-o", tmp_path / "out", "--rules", pack, "--no-models")
    assert result.code == 0, result.err
    assert "a.txt: clean removed" in result.err and "of its words" in result.err
    short = cli("clean", tmp_path / "in", "-o", tmp_path / "out2", "--no-models")
    assert "of its words" not in short.err  # nothing of the kind without that rule


TABLE = (
    "Results\n=======\n\n"
    "The vote was close on Sunday in the town council elections this year.\n\n"
    "| Party | Seats |\n|-------|-------|\n| Sign up for our newsletter | 3 |\n| Greens | 4 |\n\n"
    "Share This Article\n------------------\n\n"
    "Turnout was high across the districts, officials said.\n"
)


def test_markdown_tables_and_setext_headings_stay_whole(cli, tmp_path):
    """A removed header or row left the table's other lines as stray text, the
    model's guesses emptied result cells, and a removed setext heading left its
    underline (a stray rule)."""
    write(tmp_path / "in" / "t.md", TABLE)
    assert cli("clean", tmp_path / "in", "-o", tmp_path / "out").code == 0
    out = (tmp_path / "out" / "t.md").read_text(encoding="utf-8")
    assert "| Party | Seats |\n|-------|-------|\n|  | 3 |\n| Greens | 4 |\n" in out
    assert "Share This Article" not in out and "------------------" not in out
    assert "newsletter" not in out
    assert out.endswith("Turnout was high across the districts, officials said.\n")


def test_a_jsonl_line_with_an_encoded_surrogate_is_left_out_not_a_crash(cli, tmp_path):
    """json.loads of bytes accepts WTF-8 (an encoded surrogate), which the copy
    could not write as UTF-8: the line is reported and left out."""
    good = json.dumps({"id": "a", "text": SHARED}) + "\n"
    feed = tmp_path / "in" / "feed.jsonl"
    feed.parent.mkdir()
    feed.write_bytes(good.encode() + b'{"id": "b", "text": "x \xed\xa0\x80 y"}\n')
    for extra in ([], ["--diff"]):
        result = cli("clean", feed, "-o", tmp_path / "out", *extra)
        assert result.code == 2 and "internal error" not in result.err, result.err
    out = (tmp_path / "out" / "feed.jsonl").read_text(encoding="utf-8")
    assert [json.loads(line)["id"] for line in out.splitlines()] == ["a"]


def test_a_diff_shows_only_what_changes_whatever_the_line_endings(cli, tmp_path):
    """A CRLF feed showed every record as changed; a classic Mac file or a
    U+2028 in a line broke the diff into pieces a patch cannot apply."""
    crlf = write(
        tmp_path / "in" / "feed.jsonl",
        json.dumps({"id": "a", "text": SHARED})
        + "\r\n"
        + json.dumps({"id": "b", "text": CLEAN_ARTICLE})
        + "\r\n",
    )
    mac = tmp_path / "in" / "mac.txt"
    mac.write_bytes(SHARED.replace("\n", "\r").encode())
    odd = write(tmp_path / "in" / "odd.txt", SHARED.replace("Tuesday,", "Tuesday,\u2028"))
    result = cli("clean", tmp_path / "in", "-o", tmp_path / "out", "--diff")
    assert result.code == 0, result.err
    out = result.out
    changed = [
        line for line in out.splitlines() if line[:1] in "+-" and line[:3] not in ("+++", "---")
    ]
    assert sum('"id": "b"' in line for line in changed) == 0, out  # record b is untouched
    assert sum('"id": "a"' in line for line in changed) == 2  # record a: - and +
    assert "\\ No newline at end of file" not in out.split(f"--- {odd}")[1]
    assert f"--- {mac}" in out and f"--- {crlf}" in out
    mac_part = out.split(f"--- {mac}")[1].split("--- ")[0]
    assert mac_part.count("\\ No newline at end of file") <= 2  # one side's last line at most


def test_a_rule_under_an_atx_heading_stays(cli, tmp_path):
    """Only a setext heading has an underline; under "## ..." a --- line is a rule."""
    write(
        tmp_path / "in" / "a.md",
        "# Ferry news\n\n## Leave a Reply\n---\n\nThe ferry sails at six on weekdays from May.\n",
    )
    assert cli("clean", tmp_path / "in", "-o", tmp_path / "out").code == 0
    out = (tmp_path / "out" / "a.md").read_text(encoding="utf-8")
    assert "Leave a Reply" not in out and "\n---\n" in out


def test_a_removed_footnote_takes_the_marks_that_point_only_at_it(cli, tmp_path):
    """A footnote's definition removed as boilerplate left its ``[^1]`` marks in
    the text: a reader of the copy found marks that lead nowhere. The marks go
    (their characters only); a mark in code is no mark, and a label that
    another definition still defines (any case: GFM folds labels) keeps its."""
    write(
        tmp_path / "in" / "a.md",
        "The ferry sails at six.[^1] Tickets cost more.[^2] Code `x[^1]` stays.\n\n"
        "- The pier reopens in May.[^N]\n\n"
        "[^1]: Sign up for our newsletter\n"
        "[^2]: Figures from the harbour board.\n"
        "[^n]: Sign up for our newsletter\n"
        "[^N]: The pier was built in 1902.\n",
    )
    for extra in ([], ["--diff"]):
        result = cli("clean", tmp_path / "in", "-o", tmp_path / "out", "--no-models", *extra)
        assert result.code == 0, result.err
    assert "-The ferry sails at six.[^1] Tickets" in result.out
    assert "+The ferry sails at six. Tickets cost more.[^2] Code `x[^1]` stays." in result.out
    out = (tmp_path / "out" / "a.md").read_text(encoding="utf-8")
    assert out == (
        "The ferry sails at six. Tickets cost more.[^2] Code `x[^1]` stays.\n\n"
        "- The pier reopens in May.[^N]\n\n"
        "[^2]: Figures from the harbour board.\n"
        "[^N]: The pier was built in 1902.\n"
    )


def test_a_copy_that_cannot_be_written_is_reported_and_the_others_are_written(cli, tmp_path):
    # A name of 254 bytes is legal; its temporary file beside it must not repeat it whole.
    long_name = "L" * 250 + ".txt"
    write(tmp_path / "in" / "a.txt", BOILERPLATE_ARTICLE)
    write(tmp_path / "in" / long_name, BOILERPLATE_ARTICLE)
    write(tmp_path / "in" / "sub" / "b.txt", BOILERPLATE_ARTICLE)
    write(tmp_path / "in" / "z.txt", BOILERPLATE_ARTICLE)
    write(tmp_path / "out" / "sub", "a file where the copy's folder should be\n")
    result = cli("clean", tmp_path / "in", "-o", tmp_path / "out")
    assert result.code == 2
    assert f"error: {tmp_path / 'out' / 'sub' / 'b.txt'}: cannot write:" in result.err
    assert "input error" not in result.err
    for name in ("a.txt", long_name, "z.txt"):
        assert "Share This Article" not in (tmp_path / "out" / name).read_text(encoding="utf-8")
    assert "wrote 3 files" in result.err and "(1 could not be written)" in result.err
    assert not [p.name for p in (tmp_path / "out").iterdir() if p.name.endswith(".tmp")]
    report = cli("check", tmp_path / "in" / "a.txt", "--no-models", "-o", tmp_path / long_name)
    assert report.code == 1 and (tmp_path / long_name).is_file()


def test_a_named_pipe_given_as_input_is_refused_not_read_twice(cli, tmp_path):
    from conftest import deadline

    write(tmp_path / "a.txt", BOILERPLATE_ARTICLE)
    os.mkfifo(tmp_path / "p.txt")  # its writer long gone: a second open would wait forever
    with deadline(60):
        result = cli("clean", tmp_path / "p.txt", tmp_path / "a.txt", "-o", tmp_path / "out")
    assert result.code == 2
    assert "p.txt: not a regular file (a pipe or a device): clean reads an input twice" in (
        result.err
    )
    assert "Share This Article" not in (tmp_path / "out" / "a.txt").read_text(encoding="utf-8")


@pytest.mark.parametrize("change", ["edited", "removed"])
def test_an_input_changed_between_check_and_copy_is_not_written(cli, tmp_path, monkeypatch, change):
    """A JSONL file edited while it was being checked would get the cleaned
    texts spliced in by line number, into the wrong records."""
    from qualitycheck.tools import clean_run

    records = [{"id": str(n), "text": BOILERPLATE_ARTICLE} for n in range(3)]
    jsonl = write(tmp_path / "in" / "a.jsonl", "".join(json.dumps(r) + "\n" for r in records))
    write(tmp_path / "in" / "b.txt", BOILERPLATE_ARTICLE)
    read = clean_run.read_one

    def check_then_change(source, config):
        yield from read(source, config)
        if source.location == jsonl:
            if change == "removed":
                jsonl.unlink()
            else:
                jsonl.write_text('{"id": "new", "text": "x"}\n' + jsonl.read_text())

    monkeypatch.setattr(clean_run, "read_one", check_then_change)
    result = cli("clean", tmp_path / "in", "-o", tmp_path / "out")
    expected = {
        "edited": "changed while it was being cleaned; not written (run clean again)",
        "removed": "removed before it could be written",
    }[change]
    assert result.code == 2 and f"a.jsonl: {expected}" in result.err
    assert not (tmp_path / "out" / "a.jsonl").exists()
    assert not list((tmp_path / "out").glob("*.tmp"))  # the copy begun is gone
    # the summary counts what was cleaned: b.txt, not the three records not written
    assert "cleaned 1 article (1 with boilerplate)" in result.err
    assert "Share This Article" not in (tmp_path / "out" / "b.txt").read_text(encoding="utf-8")


def test_a_file_name_that_is_not_utf8_is_shown_alike_on_both_sides(cli, tmp_path):
    """The input side said ``bad\\xff.txt`` and the copy's side
    ``bad\\udcff.txt`` (Python's stand-in for the byte), in the diff headers
    and in errors about the copy."""
    inputs = os.fsencode(tmp_path / "in")
    os.makedirs(inputs)
    with open(os.path.join(inputs, b"bad\xff.txt"), "wb") as stream:
        stream.write(SHARED.encode())
    diff = cli("clean", tmp_path / "in", "-o", tmp_path / "out", "--diff")
    assert "+++ " in diff.out and "udcff" not in diff.out
    assert f"--- {tmp_path}/in/bad\\xff.txt\n+++ {tmp_path}/out/bad\\xff.txt\n" in diff.out
    os.makedirs(os.fsencode(tmp_path / "out"))
    os.symlink(tmp_path / "elsewhere", os.path.join(os.fsencode(tmp_path / "out"), b"bad\xff.txt"))
    result = cli("clean", tmp_path / "in", "-o", tmp_path / "out")
    assert f"error: {tmp_path}/out/bad\\xff.txt: is a symbolic link" in result.err


def test_diff_into_a_closed_pipe_stops_without_blaming_the_inputs(cli, tmp_path, monkeypatch):
    """``clean --diff … | head -1``: the reader leaving is no input's fault, so
    no 'cannot read' line for each article left and no summary as if the run
    had gone on; the command did not finish (exit 2, as for ``rules list``)."""
    for name in ("a.txt", "b.txt", "c.txt"):
        write(tmp_path / "in" / name, SHARED)
    read_end, write_end = os.pipe()
    os.close(read_end)  # like `| head -1` that already exited
    gone = open(write_end, "w", encoding="utf-8")  # noqa: SIM115
    monkeypatch.setattr("sys.stdout", gone)
    try:
        result = cli("clean", tmp_path / "in", "-o", tmp_path / "out", "--diff")
    finally:
        with contextlib.suppress(OSError):  # what the old code left unwritten
            gone.close()
    assert result.code == 2
    assert "cannot read" not in result.err and "input error" not in result.err
    assert "would change" not in result.err
    assert not (tmp_path / "out").exists()


def test_diff_needs_no_output_folder_and_is_then_a_patch_of_the_input(cli, tmp_path):
    """``clean --diff`` writes nothing, yet it required ``-o DIR`` (only to name
    the copy in the diff's headers). Without it the diff goes from each input
    to itself, as ``ruff format --diff`` shows one; a run that would write
    still needs the folder."""
    article = write(tmp_path / "in" / "a.txt", SHARED)
    before = sorted(p.name for p in tmp_path.rglob("*"))
    result = cli("clean", tmp_path / "in", "--diff")
    assert result.code == 0, result.err
    assert result.out.startswith(f"--- {article}\n+++ {article}\n")
    assert "\n-Share This Article\n" in result.out
    assert "1 file would change; nothing written" in result.err
    assert sorted(p.name for p in tmp_path.rglob("*")) == before
    assert article.read_text(encoding="utf-8") == SHARED
    # The patch, applied, is what a real run writes.
    kept = [line[1:] for line in result.out.splitlines()[3:] if not line.startswith("-")]
    assert cli("clean", tmp_path / "in", "-o", tmp_path / "out").code == 0
    assert (tmp_path / "out" / "a.txt").read_text(encoding="utf-8") == "\n".join(kept) + "\n"
    refused = cli("clean", tmp_path / "in")
    assert refused.code == 2 and "give -o DIR" in refused.err


def test_without_an_output_folder_only_a_diff_is_made(tmp_path):
    """Without a folder each input is its own output: only a diff may be made
    of that, never a write (which would replace the inputs)."""
    from qualitycheck.config.settings import Config
    from qualitycheck.pipeline.checker import Checker
    from qualitycheck.tools.clean_plan import CleanError
    from qualitycheck.tools.clean_run import clean_inputs

    article = write(tmp_path / "a.txt", SHARED)
    checker = Checker(Config(use_models=False))
    with pytest.raises(CleanError):
        clean_inputs(checker, [str(article)], None, print, print)
    assert article.read_text(encoding="utf-8") == SHARED
    diffs: list[str] = []
    clean_inputs(
        checker, [str(article)], None, print, print, diff=lambda change, codec: diffs.append(change)
    )
    assert len(diffs) == 1 and "-Share This Article\n" in diffs[0]


def test_a_diff_of_a_file_in_another_encoding_is_a_patch_of_its_bytes(tmp_path):
    """``clean --diff > fix.patch`` wrote a cp1252 file's lines in UTF-8: the
    removed line's accent did not match the byte in the file and ``patch -p0``
    refused the hunk, while ``clean -o`` writes the copy in cp1252. The patch
    now holds the file's own bytes, and applied it gives the copy."""
    article = tmp_path / "in" / "caf\u00e9.txt"
    article.parent.mkdir()
    article.write_bytes(
        "Caf\u00e9 owners protest\n"
        "The caf\u00e9 owners said the new rules were unfair, their union said.\n"
        "Photo: Ren\u00e9 Dupont\n"
        "The mayor\u2019s office said it would answer them on Friday.\n".encode("cp1252")
    )
    code = Path(qualitycheck.__file__).resolve().parent.parent  # the checkout under test

    def clean(*arguments: object) -> bytes:
        completed = subprocess.run(
            [sys.executable, "-m", "qualitycheck", "clean", article, "--no-models", *arguments],
            env={**os.environ, "PYTHONPATH": str(code)},
            capture_output=True,  # standard output is a pipe: the diff is a patch
            timeout=300,
            check=False,
        )
        assert completed.returncode == 0, completed.stderr.decode()
        return completed.stdout

    patch = clean("--diff")
    assert patch.startswith(os.fsencode(f"--- {article}\n+++ {article}\n@@ "))
    assert b"\n-Photo: Ren\xe9 Dupont\n" in patch
    clean("-o", tmp_path / "out")
    kept = [line[1:] for line in patch.split(b"\n")[3:-1] if not line.startswith(b"-")]
    assert b"\n".join(kept) + b"\n" == (tmp_path / "out" / article.name).read_bytes()
