"""``--changed-since REF``: the files a change touched, asked of git.

A pull request should be judged on the articles it changes. "Changed" means
what a reviewer would see: committed since the merge base of REF and HEAD,
plus staged and unstaged changes in the working tree, plus untracked files
that are not ignored. Deleted files are left out (there is nothing to check).
The result is a set of resolved paths; the usual discovery (PATHs,
include/exclude) still decides what is read, this set only narrows it.
"""

from __future__ import annotations

import os
import subprocess
from collections.abc import Iterable
from pathlib import Path

from qualitycheck.errors import QualitycheckError


class ChangesError(QualitycheckError):
    """git is missing, this is not a repository, or the ref is unknown."""


def _git(args: list[str], cwd: Path) -> str:
    try:
        completed = subprocess.run(
            ["git", *args],
            cwd=cwd,
            capture_output=True,
            text=True,
            encoding="utf-8",
            errors="surrogateescape",
            check=False,
        )
    except FileNotFoundError:
        raise ChangesError("--changed-since needs git, which was not found") from None
    if completed.returncode != 0:
        lines = completed.stderr.strip().splitlines()
        raise ChangesError(lines[-1] if lines else f"git {args[0]} failed")
    return completed.stdout


def _names(output: str) -> list[str]:
    return [name for name in output.split("\0") if name]


def changed_in_repositories_of(ref: str, paths: Iterable[str]) -> set[Path]:
    """Files changed since ``ref`` in every repository that holds one of
    ``paths`` (``cd /tmp && qualitycheck check ~/site/articles --changed-since
    main`` asks ``~/site``'s repository, not the working directory's).
    Standard input, and no path at all, ask the working directory's."""
    folders: list[Path] = []
    for path in paths:
        if path == "-":
            continue
        location = Path(path)
        folder = location if location.is_dir() else location.parent
        folders.append((folder if folder.is_dir() else Path.cwd()).resolve())
    tops: dict[Path, Path] = {}
    for folder in folders or [Path.cwd().resolve()]:
        try:
            top = Path(_git(["rev-parse", "--show-toplevel"], folder).strip())
        except ChangesError:
            raise ChangesError(
                f"--changed-since: {folder} is not inside a git repository"
            ) from None
        tops.setdefault(Path(os.path.realpath(top)), folder)
    changed: set[Path] = set()
    for folder in tops.values():
        changed |= changed_files(ref, folder)
    return changed


def changed_files(ref: str, cwd: Path | None = None) -> set[Path]:
    """Resolved paths of the existing files changed since ``ref``."""
    cwd = Path.cwd() if cwd is None else cwd
    try:
        top = Path(_git(["rev-parse", "--show-toplevel"], cwd).strip())
    except ChangesError:
        raise ChangesError(f"--changed-since: {cwd} is not inside a git repository") from None
    try:
        if ref.startswith("-"):  # never let a ref be read as a git option
            raise ChangesError(ref)
        _git(["rev-parse", "--verify", "--quiet", f"{ref}^{{commit}}"], top)
    except ChangesError:
        # actions/checkout fetches one commit by default, GitLab 20 commits of one
        # branch: the base branch is then simply not there, which is the likely
        # cause in CI and what to say.
        hint = ""
        if not ref.startswith("-") and _is_shallow(top):
            hint = (
                " in this shallow clone; fetch it with the history (actions/checkout with "
                "fetch-depth: 0, GitLab GIT_DEPTH: 0, or git fetch origin BRANCH)"
            )
        raise ChangesError(f"--changed-since: unknown git ref {ref!r}{hint}") from None
    base = _merge_base(ref, top)
    names = _names(
        _git(["diff", "--name-only", "-z", "--no-renames", "--diff-filter=d", base, "--"], top)
    )
    names += _names(_git(["ls-files", "--others", "--exclude-standard", "-z"], top))
    changed = set()
    for name in names:
        location = top / name
        if location.is_file():
            changed.add(Path(os.path.realpath(location)))
    return changed


def text_at_base(ref: str, location: Path) -> str | None:
    """The text ``location`` had where this branch left ``ref`` (``None``:
    it did not exist there, or cannot be read)."""
    return texts_at_base(ref, [location])[location]


def texts_at_base(ref: str, locations: list[Path]) -> dict[Path, str | None]:
    """:func:`text_at_base` of several files of one repository, with one
    merge-base for all: the config files a search would have found there.
    Files outside the repository (or in none) are ``None``."""
    found: dict[Path, str | None] = dict.fromkeys(locations)
    if not locations:
        return found
    try:
        folder = next(p.parent for p in locations if p.parent.is_dir())
        top = Path(os.path.realpath(_git(["rev-parse", "--show-toplevel"], folder).strip()))
        base = _merge_base(ref, top)
    except (ChangesError, StopIteration):
        return found
    for location in locations:
        try:
            name = Path(os.path.realpath(location)).relative_to(top).as_posix()
            found[location] = _git(["show", f"{base}:{name}"], top)
        except (ChangesError, ValueError):
            continue
    return found


def _merge_base(ref: str, top: Path) -> str:
    """Where this branch left ``ref`` (``ref`` itself without common history)."""
    try:
        return _git(["merge-base", ref, "HEAD"], top).strip()
    except ChangesError:
        # In a shallow clone the common ancestor is usually just not fetched:
        # diffing with REF's tip would count REF's own later changes as this
        # branch's and check (and fail) articles the branch never touched.
        if _is_shallow(top):
            raise ChangesError(
                f"--changed-since: no common ancestor of {ref!r} and HEAD in this shallow "
                "clone; fetch the history (actions/checkout with fetch-depth: 0, or "
                "git fetch --unshallow)"
            ) from None
        return ref  # no common history (or no HEAD yet): compare with REF itself


def _is_shallow(top: Path) -> bool:
    """Whether the clone at ``top`` lacks history (a CI checkout's default)."""
    try:
        return _git(["rev-parse", "--is-shallow-repository"], top).strip() == "true"
    except ChangesError:
        return False
