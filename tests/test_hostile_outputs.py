"""Outputs never destroy anything, and hostile text cannot spoof a terminal or a CI log.

- ``-o`` onto a named pipe, a device, ``/dev/null`` or ``/dev/stdout`` writes
  into it instead of renaming a plain file over it; onto a symbolic link it
  replaces the link's target and keeps the link; an existing file keeps its
  permission bits (issue 13, item 2).
- Files this tool wrote are not read back as articles when a folder is walked
  (item 5).
- File names, record ids and article text reach ``text`` and ``github`` output
  with their control characters escaped (item 14).
"""

from __future__ import annotations

import json
import os
import re
import stat
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from conftest import BOILERPLATE_ARTICLE, CLEAN_ARTICLE, REPO

from qualitycheck.primitives import output
from qualitycheck.primitives.terminal import for_terminal, line_start_for_terminal

# --- item 2: special files, links and permissions ------------------------------------


def _article(tmp_path: Path) -> Path:
    path = tmp_path / "in" / "article.txt"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(BOILERPLATE_ARTICLE, encoding="utf-8")
    return path


def test_a_named_pipe_at_the_target_is_written_into_and_stays_a_pipe(cli, tmp_path):
    article = _article(tmp_path)
    pipe = tmp_path / "out" / "report.json"
    pipe.parent.mkdir()
    os.mkfifo(pipe)
    received: list[bytes] = []
    reader = threading.Thread(target=lambda: received.append(pipe.read_bytes()), daemon=True)
    reader.start()
    result = cli("check", article, "--format", "json", "-o", pipe)
    reader.join(timeout=60)
    assert result.code == 1, result.err
    assert stat.S_ISFIFO(pipe.lstat().st_mode)
    assert json.loads(received[0])["articles"][0]["path"] == str(article)
    assert sorted(p.name for p in pipe.parent.iterdir()) == ["report.json"]


@pytest.mark.skipif(os.geteuid() != 0, reason="creating a device node needs root")
def test_a_device_at_the_target_is_written_into_and_stays_a_device(cli, tmp_path):
    article = _article(tmp_path)
    device = tmp_path / "null"
    os.mknod(device, 0o666 | stat.S_IFCHR, os.makedev(1, 3))  # a null device of our own
    result = cli("check", article, "--format", "sarif", "-o", device)
    assert result.code == 1, result.err
    assert stat.S_ISCHR(device.lstat().st_mode)
    assert os.major(device.lstat().st_rdev) == 1
    assert sorted(p.name for p in tmp_path.iterdir()) == ["in", "null"]


def test_dev_null_and_descriptor_names_are_written_directly(cli, tmp_path):
    # Checked first, so that a version which would rename over /dev/null fails
    # here without ever being given the system's /dev/null.
    for name in ("/dev/null", "/dev/stdout", "/dev/stderr", "/dev/fd/1", "/proc/self/fd/2"):
        assert output.writes_directly(name), name
    assert not output.writes_directly(str(tmp_path / "new.json"))
    article = _article(tmp_path)
    before = os.stat("/dev/null")
    result = cli("check", article, "--format", "json", "-o", "/dev/null")
    assert result.code == 1, result.err
    after = os.stat("/dev/null")
    assert stat.S_ISCHR(after.st_mode) and after.st_rdev == before.st_rdev
    assert after.st_ino == before.st_ino


_JSON_TO_STDOUT = ("--format", "json", "-o", "/dev/stdout")


def test_dev_stdout_appends_to_the_file_the_shell_opened(tmp_path):
    # As above: a version that would rename over /dev/stdout (run as root, it
    # replaced the link with a plain file) fails here before it is run.
    assert output.writes_directly("/dev/stdout")
    article = _article(tmp_path)
    target = tmp_path / "out.log"
    with target.open("w") as stdout:
        stdout.write("before\n")
        stdout.flush()
        completed = subprocess.run(
            [sys.executable, "-m", "qualitycheck", "check", str(article), *_JSON_TO_STDOUT],
            stdout=stdout,
            stderr=subprocess.PIPE,
            env={**os.environ, "PYTHONPATH": str(REPO)},
            timeout=300,
            check=False,
        )
    assert completed.returncode == 1, completed.stderr
    text = target.read_text(encoding="utf-8")
    assert text.startswith("before\n{")
    json.loads(text.removeprefix("before\n"))


def test_a_symbolic_link_keeps_pointing_at_its_replaced_target(cli, tmp_path):
    article = _article(tmp_path)
    real = tmp_path / "reports" / "latest.json"
    real.parent.mkdir()
    real.write_text("old\n", encoding="utf-8")
    link = tmp_path / "report.json"
    link.symlink_to(real)
    result = cli("check", article, "--format", "json", "-o", link)
    assert result.code == 1, result.err
    assert link.is_symlink() and os.readlink(link) == str(real)
    assert json.loads(real.read_text(encoding="utf-8"))["articles"]
    assert sorted(p.name for p in real.parent.iterdir()) == ["latest.json"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["in", "report.json", "reports"]


def test_a_dangling_link_creates_its_target(cli, tmp_path):
    article = _article(tmp_path)
    link = tmp_path / "report.json"
    link.symlink_to(tmp_path / "made" / "here.json")
    assert cli("check", article, "--format", "json", "-o", link).code == 1
    assert link.is_symlink()
    assert json.loads((tmp_path / "made" / "here.json").read_text(encoding="utf-8"))


def test_an_existing_file_keeps_its_permission_bits(cli, tmp_path):
    article = _article(tmp_path)
    private = tmp_path / "private.json"
    private.write_text("old\n", encoding="utf-8")
    private.chmod(0o640)
    assert cli("check", article, "--format", "json", "-o", private).code == 1
    assert stat.S_IMODE(private.stat().st_mode) == 0o640
    fresh = tmp_path / "fresh.json"
    assert cli("check", article, "--format", "json", "-o", fresh).code == 1
    umask = os.umask(0)
    os.umask(umask)
    assert stat.S_IMODE(fresh.stat().st_mode) == 0o666 & ~umask


def test_a_target_that_cannot_be_written_is_a_clear_error(cli, tmp_path):
    article = _article(tmp_path)
    folder = tmp_path / "a-folder"
    folder.mkdir()
    result = cli("check", article, "--format", "json", "-o", folder)
    assert result.code == 2
    assert result.err.strip().splitlines()[-1] == (
        f"qualitycheck: error: {folder}: cannot write: Is a directory"
    )
    assert list(folder.iterdir()) == [] and "Traceback" not in result.err


# --- item 5: outputs written among the articles are not read back ---------------------


@pytest.mark.parametrize(
    ("command", "name"),
    [
        (["report"], "report.html"),
        (["check", "--format", "html"], "check.html"),
        (["check", "--format", "markdown"], "summary.md"),
        (["check", "--format", "jsonl"], "results.jsonl"),
    ],
    ids=["report", "html", "markdown", "jsonl"],
)
def test_an_output_in_the_checked_folder_is_not_read_back(cli, tmp_path, command, name):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "a.txt").write_text(BOILERPLATE_ARTICLE, encoding="utf-8")
    (corpus / "b.md").write_text("# Lanes\n\n" + CLEAN_ARTICLE, encoding="utf-8")
    target = corpus / name
    args = [command[0], corpus, *command[1:], "-o", target]
    first = cli(*args)
    assert first.code in (0, 1), first.err
    written = target.read_bytes()
    second = cli(*args)  # the output of the first run now lies among the articles
    assert second.code == first.code, second.err
    assert target.read_bytes() == written
    checked = cli("check", corpus, "--format", "json").json()
    assert [Path(a["path"]).name for a in checked["articles"]] == ["a.txt", "b.md"]
    assert checked["summary"]["input_errors"] == []
    # Named on its own, a file is always read.
    named = cli("check", target, "--format", "json")
    assert named.json()["articles"] or named.json()["summary"]["input_errors"]


def test_articles_that_only_resemble_outputs_are_read(tmp_path):
    from qualitycheck.readers.discovery import written_by_us

    cases = {
        "page.html": '<html><head><meta name="generator" content="Hugo 0.120"></head></html>',
        "notes.md": "## qualitycheck: a tool we tried\n\nIt flagged three articles.\n",
        "feed.jsonl": json.dumps({"schema_version": "2", "id": "a", "text": "Lanes"}) + "\n",
        "other.txt": "## qualitycheck: 1 of 1 article fail\n\n1 article checked: 0 pass\n",
    }
    for name, text in cases.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
        source_format = {"html": "html", "md": "md", "jsonl": "jsonl"}.get(
            name.rsplit(".")[1], "txt"
        )
        assert not written_by_us(tmp_path / name, source_format), name


# --- item 14: control characters from articles, names and ids ---------------------------

#: What a terminal or a CI log must never receive from an article: C0 controls
#: but tab and the line ends the renderer writes itself, DEL, C1 controls, line
#: separators and bidirectional overrides.
RAW_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")

#: A house rule that quotes what it finds, control characters included.
QUOTING_PACK = """\
rules:
  - id: house-zap
    kind: pattern
    category: boilerplate
    severity: error
    message: 'Zap found: "{match}"'
    pattern: 'zap\\S*'
    examples:
      flag: [The zap was loud.]
      pass: [The bell was loud.]
"""
#: Clears the screen, sets the window title, rings the bell, moves the cursor
#: with an 8-bit CSI, and reverses the text that follows.
HOSTILE = "\x1b[2J\x1b]0;owned\x07\x9b31m\u202eliaf\x7f"


def test_for_terminal_escapes_controls_and_keeps_ordinary_text():
    ordinary = "Café – “quoted” Ελληνικά 中文 עברית 🚲 tab\there % 100:1 ## [x]"
    assert for_terminal(ordinary) == ordinary
    assert for_terminal(HOSTILE) == "\\x1b[2J\\x1b]0;owned\\x07\\x9b31m\\u202eliaf\\x7f"
    assert for_terminal("a\nb\rc\x00d\u2028e") == "a\\nb\\rc\\x00d\\u2028e"
    assert for_terminal("see ##[error]fake") == "see ##\\[error]fake"
    assert line_start_for_terminal("::error file=a::fake") == "\\x3a:error file=a::fake"
    assert line_start_for_terminal("  ::warning::x") == "  \\x3a:warning::x"
    assert line_start_for_terminal("a::b") == "a::b"


@pytest.fixture
def hostile_names(tmp_path: Path) -> tuple[Path, Path]:
    """A folder whose file names, record ids and text carry terminal controls."""
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    body = f"The council met on Tuesday, the mayor said.\nThe zap{HOSTILE} was loud.\n"
    (corpus / f"name{HOSTILE}.txt").write_text("Lanes\n" + body, encoding="utf-8")
    (corpus / "::error file=x.txt::forged.txt").write_text("Lanes\n" + body, encoding="utf-8")
    records = [
        {"id": "r1\n::error file=a.txt,line=1::forged\r\n1 article checked: 1 pass", "text": body},
        {"id": f"r2{HOSTILE}##[error]v1", "text": body},
        {"id": "r3", "text": None},
    ]
    feed = corpus / f"feed{HOSTILE}\n::warning::x.jsonl"
    feed.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    pack = tmp_path / "house.yaml"
    pack.write_text(QUOTING_PACK, encoding="utf-8")
    return corpus, pack


def _assert_safe_for_a_log(text: str) -> list[str]:
    """No raw control character, no line a GitHub runner would read as a
    command that the renderer did not write; the lines, for more checks."""
    assert not RAW_CONTROL.search(text), RAW_CONTROL.search(text)
    assert "##[" not in text
    return text.splitlines()


def test_text_output_escapes_names_ids_and_quoted_text(cli, hostile_names):
    corpus, pack = hostile_names
    result = cli("check", corpus, "--rules", pack, "--format", "text")
    assert result.code == 2, result.err  # r3 has no text
    lines = _assert_safe_for_a_log(result.out)
    assert not [line for line in lines if line.lstrip().startswith("::")]
    headers = [line for line in lines if line and not line.startswith(" ")]
    assert headers[-1].startswith("4 articles checked:")
    assert len(headers) == 5  # four articles with findings and the summary line
    assert any("\\x1b[2J\\x1b]0;owned\\x07" in line for line in headers)
    assert sum('Zap found: "zap\\x1b[2J' in line for line in lines) == 4
    # Named relative to the working folder, the name starts the line.
    forged = "::error file=x.txt::forged.txt"
    result = cli("check", forged, "--rules", pack, "--format", "text", cwd=corpus)
    assert result.code == 1, result.err
    assert result.out.startswith("\\x3a:error file=x.txt::forged.txt  fail")


def test_github_output_escapes_names_ids_and_quoted_text(cli, hostile_names):
    corpus, pack = hostile_names
    result = cli("check", corpus, "--rules", pack, "--format", "github")
    assert result.code == 2, result.err
    lines = _assert_safe_for_a_log(result.out)
    commands = [re.match(r"::(\w+)", line) for line in lines]
    assert all(commands), lines
    zaps = [line for line in lines if "title=house-zap" in line]
    assert len(zaps) == 4 and all(line.startswith("::error ") for line in zaps)
    assert sum("title=input error" in line for line in lines) == 1  # r3 has no text
    assert lines[-1].startswith("::notice title=qualitycheck::4 articles checked")
    assert any("r1\\n::error file=a.txt,line=1::forged\\r\\n1 article" in line for line in lines)
