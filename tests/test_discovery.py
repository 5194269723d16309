"""Discovery: which files a folder gives. Walked in sorted order with include
and exclude globs; symbolic link loops, broken links and named pipes are input
errors, never followed or read for ever, through ``check``, ``report`` and
``clean``; a file removed during the walk is not called a broken link. A
report this tool wrote into a folder it checks is not read back as an article;
articles that only resemble one are.
"""

from __future__ import annotations

import json
import os
import re
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
def test_a_folder_is_walked_in_the_documented_order(tmp_path):
    """docs/json-output.md's order (the boilerplate model's line counts depend
    on it): a folder's own files by code point (``B`` before ``a``), then each
    subfolder in that order; not a full-path sort, not a locale's collation."""
    for name in ("z.txt", "a/m.txt", "B/k.txt", "A.txt", "b.txt", "a.txt"):
        write(tmp_path / "d" / name, CLEAN_ARTICLE)
    found = [s.path for s in discover([str(tmp_path / "d")])]
    shown = [os.path.relpath(path, tmp_path).replace(os.sep, "/") for path in found]
    assert shown == ["d/A.txt", "d/a.txt", "d/b.txt", "d/z.txt", "d/B/k.txt", "d/a/m.txt"]


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
        # every other format names the same input errors (SARIF resolves their
        # paths for its URIs, which raised on a loop) and exits as json does
        formats = ("text", "concise", "jsonl", "sarif", "junit", "github", "markdown")
        others = {name: cli("check", folder, "--format", name) for name in formats}
        report = tmp_path / "report.html"
        report_code = cli("report", folder, "-o", report).code
        cleaned = tmp_path / "cleaned"
        clean = cli("clean", folder, "--output", cleaned)
    assert result.code == 2
    for name, other in others.items():
        assert other.code == 2, (name, other.err)
        assert "internal error" not in other.err, name
        assert "ping.txt" in other.out + other.err, name
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


# --- outputs written among the articles are not read back ------------------------------


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
    run = cli("check", corpus, "--format", "json")
    checked = run.json()
    assert [Path(a["path"]).name for a in checked["articles"]] == ["a.txt", "b.md"]
    assert checked["summary"]["input_errors"] == []
    # ... and the run says so: an article made to look like an output must not pass unseen
    assert f"note: skipped 1 file this tool wrote (reports, results), not articles: {target}" in (
        run.err
    )
    # Named on its own, a file is always read.
    named = cli("check", target, "--format", "json")
    assert named.json()["articles"] or named.json()["summary"]["input_errors"]


def test_a_temporary_output_is_named_for_this_tool_and_never_read_as_an_article(cli, tmp_path):
    # A run killed with SIGKILL leaves its temporary output beside the target
    # (``.results.jsonl.k2j9x8ab.tmp``): ``--include '*'`` read it as an
    # article, and nothing in its name said which tool had left it.
    from qualitycheck.primitives.output import open_output

    corpus = tmp_path / "corpus"
    write(corpus / "a.txt", CLEAN_ARTICLE)
    with open_output(str(corpus / "results.jsonl")) as stream:
        stream.write(BOILERPLATE_ARTICLE)
        stream.flush()
        (leftover,) = [path for path in corpus.iterdir() if path.name != "a.txt"]
        assert re.fullmatch(r"\.results\.jsonl\.qualitycheck-[a-z0-9_]{8}\.tmp", leftover.name)
        run = cli("check", corpus, "--include", "*", "--no-models", "--format", "json")
    assert run.code == 0, run.err
    assert [Path(a["path"]).name for a in run.json()["articles"]] == ["a.txt"]
    assert "input error" not in run.err
    assert f"skipped 1 file this tool wrote (reports, results), not articles: {leftover}" in run.err


def test_a_temporary_name_stays_legal_for_the_longest_names():
    from qualitycheck.primitives.output import is_temporary_output, temporary_prefix

    for name in ("L" * 250 + ".txt", "\U0001f4f0" * 62 + ".txt"):  # 254 and 252 bytes
        temporary = temporary_prefix(name) + "k2j9x8ab.tmp"
        assert len(os.fsencode(temporary)) <= 255
        assert is_temporary_output(temporary)
    assert not is_temporary_output(".notes.tmp") and not is_temporary_output("a.qualitycheck.tmp")


def test_results_whose_first_record_passes_a_megabyte_are_not_read_back(cli, tmp_path):
    """The walk recognised JSON Lines results by parsing their first line, read
    up to 1 MB: an article with a few thousand findings first (1.2 MB of JSON)
    made the next run read the results as a feed, an input error per record."""
    corpus = tmp_path / "corpus"
    lines = ["Headline"]
    for number in range(1200):
        lines += ["Share This Article", "Leave a Reply", f'The the crew met on day {number} "then.']
    write(corpus / "a.txt", "\n".join(lines) + "\n")
    write(corpus / "b.txt", CLEAN_ARTICLE)
    target = corpus / "results.jsonl"
    assert cli("check", corpus, "--no-models", "--format", "jsonl", "-o", target).code == 1
    assert len(target.read_bytes().split(b"\n", 1)[0]) > 1 << 20
    run = cli("check", corpus, "--no-models", "--format", "concise")
    assert run.code == 1 and "input error" not in run.err, run.err
    assert f"skipped 1 file this tool wrote (reports, results), not articles: {target}" in run.err


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


def test_a_file_given_twice_is_read_once(cli, tmp_path):
    story = write(tmp_path / "in" / "story.txt", BOILERPLATE_ARTICLE)
    write(tmp_path / "in" / "other.txt", CLEAN_ARTICLE)
    (tmp_path / "link.txt").symlink_to(story)
    given = [str(story), str(tmp_path / "in" / "." / "story.txt"), str(tmp_path / "in")]
    found = [s.path for s in discover([*given, str(tmp_path / "link.txt")])]
    # Where it first comes; the folder adds only the file not named before.
    assert found == [str(story), str(tmp_path / "in" / "other.txt")]
    result = cli("check", *given, "--format", "json")
    assert result.json()["summary"]["articles"] == 2


def test_no_articles_found_is_a_warning_not_a_silent_pass(cli, tmp_path):
    write(tmp_path / "in" / "story.txt", BOILERPLATE_ARTICLE)
    result = cli("check", tmp_path / "in", "--include", "*.xyz")
    assert result.code == 0
    assert result.err.splitlines()[-1].startswith(
        f"qualitycheck: warning: no articles found in {tmp_path / 'in'} "
        "(files matching *.xyz, less "
    )
    assert "no articles found" not in cli("check", tmp_path / "in").err
    empty = write(tmp_path / "empty.jsonl", "\n")  # named: no globs to blame
    assert cli("check", empty).err.splitlines()[-1] == (
        f"qualitycheck: warning: no articles found in {empty}"
    )


def test_globs_with_a_slash_hold_from_the_config_folder_whatever_folder_is_walked(cli, tmp_path):
    write(
        tmp_path / "qualitycheck.yaml",
        'include: ["articles/*.md", "articles/**/*.md"]\nexclude: ["articles/archive"]\n',
    )
    for name in ("articles/a.md", "articles/archive/old.md", "other/b.md"):
        write(tmp_path / name, "# Bridge\n\n" + BOILERPLATE_ARTICLE)
    checked = {}
    for given in (".", "articles"):
        result = cli("check", given, "--no-models", "--format", "json")
        checked[given] = sorted(os.path.normpath(a["path"]) for a in result.json()["articles"])
    assert checked["."] == checked["articles"] == [os.path.join("articles", "a.md")]


def test_force_exclude_holds_the_config_exclude_for_named_files(cli, tmp_path):
    write(tmp_path / "qualitycheck.yaml", 'exclude: ["docs", "notes/*.txt", "CHANGELOG.md"]\n')
    named = ["docs/CONTRIBUTING.md", "notes/todo.txt", "CHANGELOG.md", "articles/a.md"]
    for name in named:
        write(tmp_path / name, "# Bridge\n\n" + BOILERPLATE_ARTICLE)

    def checked(*extra: str, cwd: Path = tmp_path) -> list[str]:
        result = cli("check", *named, "--no-models", "--format", "json", *extra, cwd=cwd)
        return [a["path"] for a in result.json()["articles"]]

    assert checked() == named  # named files are read whatever exclude says (as ruff)
    assert checked("--force-exclude") == ["articles/a.md"]
    # From a subfolder the globs still hold from the config's folder.
    inner = ["../" + name for name in named]
    result = cli(
        "check",
        *inner,
        "--no-models",
        "--format",
        "json",
        "--force-exclude",
        "--config",
        tmp_path / "qualitycheck.yaml",
        cwd=tmp_path / "articles",
    )
    assert [a["path"] for a in result.json()["articles"]] == ["../articles/a.md"]


def test_files_are_named_alike_however_their_folder_was_given(cli, tmp_path):
    """`check .`, `check ./news` and `check news` name a file `news/a.txt` in
    every format (the JUnit test names and JSON paths of a merge-request run
    and a default-branch run once differed: `./news/a.txt`)."""
    write(tmp_path / "news" / "a.txt", "Notice\nThe library opens at nine.\nShare This Article\n")
    names = set()
    for given in (".", "./", "./news", "news", "./news/a.txt"):
        result = cli("check", given, "--no-models", "--format", "json")
        names |= {article["path"] for article in result.json()["articles"]}
    assert names == {"news/a.txt"}


def _unlistable(monkeypatch, name: str) -> None:
    """``os.scandir`` refuses the folders called ``name``, as it does a folder
    without read permission for anyone but root (the tests may run as root)."""
    real = os.scandir

    def scandir(path="."):
        if os.path.basename(os.fspath(path)) == name:
            raise PermissionError(13, "Permission denied", os.fspath(path))
        return real(path)

    monkeypatch.setattr(os, "scandir", scandir)


def test_a_folder_that_cannot_be_listed_is_an_input_error_not_an_empty_folder(
    cli, tmp_path, monkeypatch
):
    folder = tmp_path / "in"
    write(folder / "a.txt", CLEAN_ARTICLE)
    write(folder / "locked" / "b.txt", BOILERPLATE_ARTICLE)
    write(folder / "z.txt", CLEAN_ARTICLE)
    _unlistable(monkeypatch, "locked")
    found = list(discover([str(folder)]))
    assert [getattr(item, "path", None) for item in found[:2]] == [
        os.path.join(str(folder), "a.txt"),
        os.path.join(str(folder), "z.txt"),
    ]
    assert [(e.path, e.message) for e in found[2:]] == [
        (os.path.join(str(folder), "locked"), "cannot read folder: Permission denied; skipped")
    ]
    result = cli("check", "in", "--no-models", "--format", "json", cwd=tmp_path)
    assert result.code == 2 and "in/locked: cannot read folder: Permission denied" in result.err
    assert [a["path"] for a in result.json()["articles"]] == ["in/a.txt", "in/z.txt"]
    # The folder given is itself unreadable: one error, not "no articles found" and exit 0
    alone = cli("check", "locked", "--no-models", cwd=folder)
    assert alone.code == 2 and "locked: cannot read folder" in alone.err


def test_a_folder_whose_files_cannot_be_looked_at_is_an_input_error_per_file(
    cli, tmp_path, monkeypatch
):
    """A folder with read but no search permission (``chmod 644``) lists its
    names, but every ``stat`` of them fails: each file is an input error and the
    run goes on (it once stopped the whole run with an internal error)."""
    folder = tmp_path / "in"
    write(folder / "a.txt", CLEAN_ARTICLE)
    write(folder / "noexec" / "b.txt", BOILERPLATE_ARTICLE)
    write(folder / "z.txt", CLEAN_ARTICLE)
    for name in ("stat", "lstat"):
        real = getattr(os, name)

        def refused(path, *args, real=real, **kwargs):  # as for anyone but root
            if os.path.basename(os.path.dirname(os.fspath(path))) == "noexec":
                raise PermissionError(13, "Permission denied", os.fspath(path))
            return real(path, *args, **kwargs)

        monkeypatch.setattr(os, name, refused)
    for command in (
        ["check", "in", "--format", "json"],
        ["check", "in/noexec/b.txt", "in/a.txt"],  # named, not found by a walk
        ["clean", "in", "-o", "out"],
    ):
        result = cli(*command, "--no-models", cwd=tmp_path)
        assert result.code == 2, result.err
        assert "in/noexec/b.txt: cannot open: Permission denied" in result.err
        assert "Traceback" not in result.err and "internal error" not in result.err
    checked = cli("check", "in", "--no-models", "--format", "json", cwd=tmp_path).json()
    assert [a["path"] for a in checked["articles"]] == ["in/a.txt", "in/z.txt"]


@pytest.mark.skipif(sys.platform == "win32", reason="symlinks")
def test_a_link_to_a_folder_inside_the_walk_does_not_rename_its_files(cli, tmp_path):
    """``linkdir -> sub`` sorts before ``sub``: its files were checked and
    copied as ``linkdir/...``, and ``sub/`` was left out of a clean copy."""
    folder = tmp_path / "t"
    write(folder / "sub" / "inner.txt", BOILERPLATE_ARTICLE)
    (folder / "linkdir").symlink_to("sub")
    write(tmp_path / "elsewhere" / "outer.txt", BOILERPLATE_ARTICLE)
    (folder / "away").symlink_to(tmp_path / "elsewhere")  # leads out: walked by its name
    result = cli("check", "t", "--no-models", "--format", "json", cwd=tmp_path)
    assert [a["path"] for a in result.json()["articles"]] == ["t/away/outer.txt", "t/sub/inner.txt"]
    cli("clean", "t", "-o", "out", cwd=tmp_path)
    copies = sorted(str(p.relative_to(tmp_path / "out")) for p in (tmp_path / "out").rglob("*.txt"))
    assert copies == [os.path.join("away", "outer.txt"), os.path.join("sub", "inner.txt")]


def test_a_folder_given_with_trailing_slashes_names_its_files_with_one(cli, tmp_path):
    """``check articles//`` (a shell completion plus a typed slash) shows
    ``articles/a.txt``, as ``check articles`` does: one spelling per file in
    every output, clickable and the same in a baseline."""
    write(tmp_path / "articles" / "a.txt", BOILERPLATE_ARTICLE)
    plain = cli("check", "articles", "--no-models", "--format", "concise")
    for given in ("articles/", "articles//", "./articles///"):
        result = cli("check", given, "--no-models", "--format", "concise")
        assert result.out == plain.out, given
    assert plain.out.startswith("articles/a.txt:")
