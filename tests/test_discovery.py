"""Discovery: which files a folder gives. Walked in sorted order with include
and exclude globs; symbolic link loops, broken links and named pipes are input
errors, never followed or read for ever, through ``check``, ``report`` and
``clean``; a file removed during the walk is not called a broken link.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest
from conftest import BOILERPLATE_ARTICLE, CLEAN_ARTICLE, deadline, tree, write

from qualitycheck.errors import InputError
from qualitycheck.readers import discovery
from qualitycheck.readers.discovery import discover


def test_folders_are_walked_sorted_with_include_and_exclude(tmp_path):
    (tmp_path / "b.txt").write_text("x", encoding="utf-8")
    (tmp_path / "a.md").write_text("x", encoding="utf-8")
    (tmp_path / "notes.pdf").write_bytes(b"%PDF")
    (tmp_path / "drafts").mkdir()
    (tmp_path / "drafts" / "c.txt").write_text("x", encoding="utf-8")
    (tmp_path / "news").mkdir()
    (tmp_path / "news" / "d.html").write_text("x", encoding="utf-8")
    found = [s.path for s in discover([str(tmp_path)], exclude=("drafts",))]
    root = str(tmp_path)
    assert found == [
        os.path.join(root, "a.md"),
        os.path.join(root, "b.txt"),
        os.path.join(root, "news", "d.html"),
    ]
    only_news = [s.path for s in discover([root], include=("news/*.html",), exclude=())]
    assert only_news == [os.path.join(root, "news", "d.html")]


@pytest.mark.skipif(sys.platform == "win32", reason="symlinks")
def test_symlink_loops_are_not_followed_forever(tmp_path):
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "a.txt").write_text("x", encoding="utf-8")
    (tmp_path / "sub" / "loop").symlink_to(tmp_path)
    found = [s.path for s in discover([str(tmp_path)])]
    assert found == [os.path.join(str(tmp_path), "sub", "a.txt")]


@pytest.mark.skipif(sys.platform == "win32", reason="symlinks and named pipes")
def test_symlink_loops_and_pipes_in_a_folder_through_every_command(cli, tmp_path):
    folder = tmp_path / "in"
    write(folder / "sub" / "story.txt", BOILERPLATE_ARTICLE)
    (folder / "sub" / "up").symlink_to("..")  # back to an ancestor
    (folder / "sub" / "again").symlink_to("../../in")  # the same folder by another name
    (folder / "self.txt").symlink_to("self.txt")
    (folder / "ping.txt").symlink_to("pong.txt")
    (folder / "pong.txt").symlink_to("ping.txt")
    (folder / "gone.txt").symlink_to("nowhere.txt")
    os.mkfifo(folder / "pipe.txt")  # nobody writes: reading it would block for ever
    expected_errors = [
        ("gone.txt", "broken symbolic link"),
        ("ping.txt", "symbolic link loop"),
        ("pipe.txt", "not a regular file (a pipe or a device); skipped"),
        ("pong.txt", "symbolic link loop"),
        ("self.txt", "symbolic link loop"),
    ]
    before = tree(folder)
    with deadline(60):
        result = cli("check", folder, "--format", "json")
        report = tmp_path / "report.html"
        report_code = cli("report", folder, "-o", report).code
        cleaned = tmp_path / "cleaned"
        clean = cli("clean", folder, "--output", cleaned)
    assert result.code == 2
    document = result.json()
    assert [a["path"] for a in document["articles"]] == [str(folder / "sub" / "story.txt")]
    errors = document["summary"]["input_errors"]
    assert [(Path(e["path"]).name, e["message"]) for e in errors] == expected_errors
    assert report_code == 2 and "story.txt" in report.read_text(encoding="utf-8")
    assert clean.code == 2
    assert sorted(str(p.relative_to(cleaned)) for p in cleaned.rglob("*") if p.is_file()) == [
        os.path.join("sub", "story.txt")
    ]
    assert tree(folder) == before


def test_a_file_removed_during_the_walk_is_not_called_a_broken_link(tmp_path, monkeypatch):
    folder = tmp_path / "corpus"
    for name in ("a.txt", "b.txt", "c.txt"):
        (folder / name).parent.mkdir(exist_ok=True)
        (folder / name).write_text(CLEAN_ARTICLE, encoding="utf-8")
    (folder / "dangling.txt").symlink_to(folder / "gone.txt")
    walk = os.walk

    def walk_then_remove(*args, **kwargs):
        for entry in walk(*args, **kwargs):
            (folder / "b.txt").unlink()  # after the listing, before it is read
            yield entry

    monkeypatch.setattr(discovery.os, "walk", walk_then_remove)
    found = [
        (item.path, item.message if isinstance(item, InputError) else "ok")
        for item in discovery.discover([str(folder)])
    ]
    assert found == [
        (f"{folder}/a.txt", "ok"),
        (f"{folder}/b.txt", "removed before it could be read"),
        (f"{folder}/c.txt", "ok"),
        (f"{folder}/dangling.txt", "broken symbolic link"),
    ]
