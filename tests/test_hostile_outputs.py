"""Outputs never destroy anything, and hostile text cannot spoof a terminal or a CI log.

- ``-o`` onto a named pipe, a device, ``/dev/null`` or ``/dev/stdout`` writes
  into it instead of renaming a plain file over it; onto a symbolic link it
  replaces the link's target and keeps the link; an existing file keeps its
  permission bits (issue 13, item 2).
- Files this tool wrote are not read back as articles (item 5).
- File names, record ids and article text reach ``text`` and ``github`` output
  with their control characters escaped (item 14).
"""

from __future__ import annotations

import json
import os
import stat
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from conftest import BOILERPLATE_ARTICLE, REPO

from qualitycheck.primitives import output

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
