"""``--changed-since REF``: only the files a branch changed, from a real git repo."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest
from conftest import write

ARTICLE = (
    "Library extends opening hours\n"
    "The central library will open until nine in the evening on weekdays from June, "
    "the council said.\n"
    "Leave a Reply\n"
)

pytestmark = pytest.mark.skipif(
    subprocess.run(["git", "--version"], capture_output=True).returncode != 0,
    reason="git is not installed",
)


def git(repo: Path, *args: str) -> str:
    environment = {**os.environ, "GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_NOSYSTEM": "1"}
    completed = subprocess.run(
        ["git", *args], cwd=repo, capture_output=True, text=True, check=True, env=environment
    )
    return completed.stdout


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """A repository with a ``main`` branch and a ``feature`` branch checked out."""
    root = tmp_path / "repo"
    root.mkdir()
    git(root, "init", "-q", "-b", "main")
    git(root, "config", "user.name", "Test Editor")
    git(root, "config", "user.email", "editor@example.org")
    git(root, "config", "commit.gpgsign", "false")
    for name in ("unchanged", "committed", "modified", "staged", "deleted", "main-only"):
        write(root / "news" / f"{name}.txt", ARTICLE)
    write(root / ".gitignore", "ignored/\n")
    git(root, "add", ".")
    git(root, "commit", "-q", "-m", "articles")
    git(root, "checkout", "-q", "-b", "feature")
    write(root / "news" / "committed.txt", ARTICLE + "Share This Article\n")
    write(root / "news" / "added.md", "# Added\n\n" + ARTICLE)
    git(root, "add", ".")
    git(root, "commit", "-q", "-m", "feature work")
    # A later commit on main must not count: it is not part of this branch.
    git(root, "checkout", "-q", "main")
    write(root / "news" / "main-only.txt", ARTICLE + "Share This Article\n")
    git(root, "commit", "-q", "-am", "main moves on")
    git(root, "checkout", "-q", "feature")
    # Working-tree changes: unstaged, staged, untracked, deleted, ignored.
    write(root / "news" / "modified.txt", ARTICLE + "Share This Article\n")
    write(root / "news" / "staged.txt", ARTICLE + "Subscribe to our newsletter\n")
    git(root, "add", "news/staged.txt")
    write(root / "news" / "untracked.txt", ARTICLE)
    write(root / "drafts" / "untracked.txt", ARTICLE)
    (root / "news" / "deleted.txt").unlink()
    write(root / "ignored" / "scratch.txt", ARTICLE)
    return root


def checked(result) -> list[str]:
    return [article["path"] for article in result.json()["articles"]]


def test_only_changed_files_are_checked(cli, repo):
    result = cli("check", "news", "--changed-since", "main", "--format", "json", cwd=repo)
    assert result.code == 1
    assert checked(result) == [
        "news/added.md",
        "news/committed.txt",
        "news/modified.txt",
        "news/staged.txt",
        "news/untracked.txt",
    ]
    assert result.json()["summary"]["input_errors"] == []


def test_paths_default_to_the_working_directory_and_excludes_still_apply(cli, repo):
    result = cli(
        "check",
        "--changed-since",
        "main",
        "--exclude",
        "drafts",
        "--include",
        "*.txt",
        "--format",
        "json",
        cwd=repo,
    )
    assert checked(result) == [
        "news/committed.txt",
        "news/modified.txt",
        "news/staged.txt",
        "news/untracked.txt",
    ]


def test_works_from_a_subfolder_and_with_a_commit_id(cli, repo):
    base = git(repo, "rev-parse", "main~1").strip()
    result = cli("check", ".", "--changed-since", base, "--format", "json", cwd=repo / "news")
    assert "main-only.txt" not in checked(result)
    assert "modified.txt" in checked(result)
    assert "unchanged.txt" not in checked(result)


def test_nothing_changed_passes_and_says_so(cli, repo):
    result = cli("check", "news", "--changed-since", "HEAD", "--format", "json", cwd=repo)
    # Working-tree changes still count against HEAD; commit them away first.
    assert "news/modified.txt" in checked(result)
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "all")
    clean = cli("check", "news", "--changed-since", "HEAD", "--format", "json", cwd=repo)
    assert clean.code == 0
    assert checked(clean) == []
    assert "qualitycheck: no files changed since HEAD to check" in clean.err


def test_the_repository_is_the_one_holding_the_paths(cli, repo, tmp_path):
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    result = cli(
        "check", repo / "news", "--changed-since", "main", "--format", "json", cwd=elsewhere
    )
    assert result.code == 1, result.err
    assert [Path(p).name for p in checked(result)] == [
        "added.md",
        "committed.txt",
        "modified.txt",
        "staged.txt",
        "untracked.txt",
    ]
    # A file given by name works too, and paths in two places each ask their own folder.
    single = cli("check", repo / "news" / "committed.txt", "--changed-since", "main", cwd=elsewhere)
    assert single.code == 1
    outside = write(elsewhere / "a.txt", ARTICLE)
    mixed = cli("check", repo / "news", outside, "--changed-since", "main", cwd=elsewhere)
    assert mixed.code == 2
    assert f"{elsewhere} is not inside a git repository" in mixed.err


def test_unknown_ref_and_no_repository_are_one_line_errors(cli, repo, tmp_path):
    unknown = cli("check", "news", "--changed-since", "no-such-branch", cwd=repo)
    assert unknown.code == 2
    assert unknown.err == "qualitycheck: error: --changed-since: unknown git ref 'no-such-branch'\n"
    option = cli("check", "news", "--changed-since=--output=x", cwd=repo)
    assert option.code == 2
    assert "unknown git ref '--output=x'" in option.err
    outside = tmp_path / "outside"
    write(outside / "a.txt", ARTICLE)
    not_a_repo = cli("check", "a.txt", "--changed-since", "main", cwd=outside)
    assert not_a_repo.code == 2
    assert not_a_repo.err == (
        f"qualitycheck: error: --changed-since: {outside} is not inside a git repository\n"
    )


def test_writing_a_baseline_of_changed_files_only_is_refused(cli, repo):
    result = cli("check", "news", "--changed-since", "main", "--write-baseline", "b.json", cwd=repo)
    assert result.code == 2
    assert "--write-baseline records the whole corpus" in result.err
    assert not (repo / "b.json").exists()


def test_a_shallow_clone_without_the_common_ancestor_is_an_error_not_a_guess(cli, repo, tmp_path):
    # Clone the feature branch one commit deep, then fetch main one commit deep:
    # their merge base is in neither, and main's later change is not the branch's.
    clone = tmp_path / "clone"
    git(
        tmp_path, "clone", "-q", "--depth", "1", "--branch", "feature", f"file://{repo}", str(clone)
    )
    git(clone, "fetch", "-q", "--depth", "1", "origin", "main:refs/remotes/origin/main")
    result = cli("check", "news", "--changed-since", "origin/main", "--no-models", cwd=clone)
    assert result.code == 2
    assert result.err.strip().endswith(
        "no common ancestor of 'origin/main' and HEAD in this shallow clone; fetch the history "
        "(actions/checkout with fetch-depth: 0, or git fetch --unshallow)"
    )
    assert "main-only" not in result.out
    # The CI default: the base branch was not fetched at all. "Unknown ref" alone
    # sent users looking for a typo; the clone's depth is the likely cause.
    bare = tmp_path / "bare"
    git(tmp_path, "clone", "-q", "--depth", "1", "--branch", "feature", f"file://{repo}", str(bare))
    missing = cli("check", "news", "--changed-since", "origin/main", "--no-models", cwd=bare)
    assert missing.code == 2
    assert missing.err == (
        "qualitycheck: error: --changed-since: unknown git ref 'origin/main' in this shallow "
        "clone; fetch it with the history (actions/checkout with fetch-depth: 0, GitLab "
        "GIT_DEPTH: 0, or git fetch origin BRANCH)\n"
    )


def test_config_suppressions_are_not_judged_by_a_run_on_changed_files(cli, repo):
    """The documented pull-request job: --changed-since with
    --warn-unused-suppressions. A config suppression may be for files the
    change did not touch, so only inline ones are judged."""
    write(
        repo / "qualitycheck.yaml",
        "suppressions:\n  - rule: claim-weasel\n    reason: a house style\n",
    )
    result = cli(
        "check",
        "news",
        "--changed-since",
        "main",
        "--warn-unused-suppressions",
        "--format",
        "json",
        cwd=repo,
    )
    assert "unused" not in result.err and result.code == 1
    assert "config_warnings" not in result.json()["summary"]
    whole = cli("check", "news", "--warn-unused-suppressions", "--format", "json", cwd=repo)
    assert [w["line"] for w in whole.json()["summary"]["config_warnings"]] == [2]


def test_a_changed_config_or_rule_pack_checks_every_article(cli, repo):
    """A pull request that only makes a rule stricter changes the findings of
    every article: they are all checked, and the run says why."""
    write(repo / "house.yaml", "rules:\n  - extends: boilerplate-share\n    lines: [x y z]\n")
    write(repo / "qualitycheck.yaml", "rules: [house.yaml]\n")
    git(repo, "add", "qualitycheck.yaml", "house.yaml")
    git(repo, "commit", "-q", "-m", "house rules")
    git(repo, "checkout", "-q", "-b", "settings")
    narrow = cli("check", "news", "--changed-since", "feature", "--format", "json", cwd=repo)
    assert "every article was checked" not in narrow.err
    changed = len(checked(narrow))
    write(repo / "house.yaml", "rules:\n  - extends: boilerplate-share\n    lines: [x y]\n")
    wide = cli("check", "news", "--changed-since", "feature", "--format", "json", cwd=repo)
    assert "house.yaml changed since feature: every article was checked" in wide.err
    assert len(checked(wide)) > changed
    assert "news/unchanged.txt" in checked(wide)


def test_standard_input_with_changed_since_is_checked_and_not_called_nothing(
    cli, repo, monkeypatch
):
    import io
    import sys

    text = b"Notice\nThe council met on Monday.\nShare This Article\n"
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(text)))
    result = cli("check", "-", "--changed-since", "HEAD", "--no-models", cwd=repo)
    assert result.code == 1 and "no files changed" not in result.err


def test_a_pyproject_edit_widens_the_run_only_when_its_qualitycheck_table_changed(cli, repo):
    write(
        repo / "pyproject.toml",
        '[project]\nname = "site"\nversion = "1.0"\n\n[tool.qualitycheck]\nfail_on = "error"\n',
    )
    git(repo, "add", "pyproject.toml")
    git(repo, "commit", "-q", "-m", "config in pyproject")
    git(repo, "checkout", "-q", "-b", "bump")
    text = (repo / "pyproject.toml").read_text(encoding="utf-8")
    write(repo / "pyproject.toml", text.replace('"1.0"', '"1.1"'))
    bump = cli("check", "news", "--changed-since", "feature", "--format", "json", cwd=repo)
    assert "every article was checked" not in bump.err
    write(repo / "pyproject.toml", text.replace('"error"', '"warning"'))
    stricter = cli("check", "news", "--changed-since", "feature", "--format", "json", cwd=repo)
    assert "pyproject.toml changed since feature: every article was checked" in stricter.err
    assert "news/unchanged.txt" in checked(stricter)


@pytest.mark.parametrize("removal", ["qualitycheck.yaml", "pyproject table"])
def test_a_branch_that_deletes_the_config_checks_every_article(cli, repo, removal):
    """Without its config (``disable: [boilerplate]`` on the base) the
    branch's findings change for every article; only the config found now
    was compared, so the deletion passed and the base branch then failed."""
    if removal == "qualitycheck.yaml":
        config, emptied = repo / "qualitycheck.yaml", None
        write(config, "disable: [boilerplate]\n")
    else:
        config = repo / "pyproject.toml"
        emptied = '[project]\nname = "site"\n'
        write(config, emptied + '\n[tool.qualitycheck]\ndisable = ["boilerplate"]\n')
    git(repo, "add", config.name)
    git(repo, "commit", "-q", "-m", "config")
    git(repo, "checkout", "-q", "-b", "no-config")
    same = cli("check", "news", "--no-models", "--changed-since", "feature", cwd=repo)
    assert "every article was checked" not in same.err
    if emptied is None:
        git(repo, "rm", "-q", config.name)
    else:
        write(config, emptied)
    result = cli(
        "check", "news", "--no-models", "--changed-since", "feature", "--format", "json", cwd=repo
    )
    shown = "qualitycheck.yaml (removed)" if emptied is None else "pyproject.toml (removed)"
    assert f"{shown} changed since feature: every article was checked" in result.err
    assert "news/unchanged.txt" in checked(result)
    # A config added on the branch widens the run too (it is a changed file)
    git(repo, "commit", "-q", "-am", "drop the config")
    git(repo, "checkout", "-q", "-b", "again")
    write(repo / ".qualitycheck.yaml", "disable: [readability]\n")
    added = cli("check", "news", "--no-models", "--changed-since", "no-config", cwd=repo)
    assert ".qualitycheck.yaml changed since no-config: every article was checked" in added.err


def test_changed_settings_are_named_relative_to_the_working_folder(cli, repo):
    """The config is named relative to the working folder (0e02b34), and so
    are the settings files a --changed-since run names: the same line in every
    checkout, not this machine's absolute path."""
    write(repo / "house.yaml", "rules:\n  - extends: boilerplate-share\n    lines: [x y z]\n")
    write(repo / "qualitycheck.yaml", "rules: [house.yaml]\n")
    git(repo, "add", "qualitycheck.yaml", "house.yaml")
    git(repo, "commit", "-q", "-m", "house rules")
    git(repo, "checkout", "-q", "-b", "settings")
    news = repo / "news"
    write(repo / "house.yaml", "rules:\n  - extends: boilerplate-share\n    lines: [x y]\n")
    edited = cli("check", ".", "--no-models", "--changed-since", "feature", cwd=news)
    assert "qualitycheck: ../house.yaml changed since feature:" in edited.err, edited.err
    git(repo, "checkout", "-q", "house.yaml")
    git(repo, "mv", "qualitycheck.yaml", ".qualitycheck.yaml")
    moved = cli("check", ".", "--no-models", "--changed-since", "feature", cwd=news)
    assert str(repo) not in moved.err, moved.err
    git(repo, "rm", "-q", "-f", ".qualitycheck.yaml")
    removed = cli("check", ".", "--no-models", "--changed-since", "feature", cwd=news)
    assert "qualitycheck: ../qualitycheck.yaml (removed) changed since" in removed.err, removed.err
