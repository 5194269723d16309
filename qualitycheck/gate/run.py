"""The CI gate controls of one ``check`` run, wired in one place.

``--changed-since`` narrows the inputs, ``--baseline``/``--write-baseline``
take recorded findings out of each result *before* it is rendered and
counted (so scores, verdicts and the exit code see only new findings), and
at the end the run reports what the baseline and the suppressions did. The
command line only creates a :class:`Gate` and calls it; the work lives in
``baseline.py``, ``changes.py`` and ``suppressions.py``.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path

from qualitycheck.config.loading import shown_config
from qualitycheck.detect.models.registry import ARTICLE_LEVEL
from qualitycheck.errors import QualitycheckError
from qualitycheck.gate.baseline import Baseline, BaselineWriter, Key
from qualitycheck.gate.changes import changed_in_repositories_of, text_at_base, texts_at_base
from qualitycheck.pipeline.checker import Checker
from qualitycheck.pipeline.results import ArticleResult
from qualitycheck.readers import InputSource


def _plural(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"


def _setting_files(checker: Checker) -> set[Path]:
    """The config file and the house rule packs of the run, resolved (the
    shipped packs change only with the installed version)."""
    from qualitycheck.detect.rules.packs import pack_files

    files = {path.resolve() for path in pack_files(checker.config.rules)}
    if checker.config.path:
        files.add(Path(checker.config.path).resolve())
    return files


def _searched_config_changed(start: Path, ref: str, current: str | None) -> str | None:
    """The config a search from ``start`` found at the merge base of ``ref``,
    when it is not the one found now (``current``): added, deleted, or moved
    to another folder or name. A branch that deletes ``qualitycheck.yaml``
    (or the ``[tool.qualitycheck]`` table) changes every article's findings
    although no article changed. ``None`` when it is the same file (whose
    edits :func:`_settings_differ` judges)."""
    from qualitycheck.config.loading import CONFIG_NAMES

    names = (*CONFIG_NAMES, "pyproject.toml")
    candidates = [folder / name for folder in (start, *start.parents) for name in names]
    texts = texts_at_base(ref, candidates)
    before: Path | None = None
    for candidate in candidates:  # find_config's order, at the base
        text = texts[candidate]
        if text is None or (candidate.name == "pyproject.toml" and _tool_table(text) is None):
            continue
        before = candidate
        break
    now = Path(current).resolve() if current else None
    if (before.resolve() if before else None) == now:
        return None
    if before is None:
        return f"{current} (added)"
    if now is None:
        return f"{shown_config(before)} (removed)"
    return f"{current} (in place of {shown_config(before)})"


def _tool_table(text: str | None) -> object:
    """A ``pyproject.toml``'s ``[tool.qualitycheck]`` table (``...``: unreadable)."""
    import tomllib

    try:
        return tomllib.loads(text or "").get("tool", {}).get("qualitycheck")
    except tomllib.TOMLDecodeError:
        return ...  # unreadable: differs from anything


def _settings_differ(path: Path, ref: str) -> bool:
    """Whether a changed settings file changed what it tells qualitycheck: a
    ``pyproject.toml`` only when its ``[tool.qualitycheck]`` table did (a
    version bump is no reason to check every article); any other file, yes."""
    if path.name != "pyproject.toml":
        return True
    try:
        now = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return True
    return _tool_table(now) != _tool_table(text_at_base(ref, path))


def _same_file(one: Path, other: Path) -> bool:
    try:
        return one.exists() and other.exists() and one.samefile(other)
    except OSError:
        return False


@contextmanager
def baseline_lock(path: Path) -> Iterator[None]:
    """Hold a lock while a baseline file is read again, merged and rewritten,
    so runs updating the same file at once (pre-commit's parallel batches)
    take turns; a lock file in the temporary folder named by the file's real
    path, as the baseline itself is replaced by a rename. Where ``fcntl`` is
    missing (Windows) no lock is taken: run such updates one at a time."""
    try:
        import fcntl
    except ImportError:  # pragma: no cover - Windows
        yield
        return
    digest = hashlib.sha256(os.fsencode(os.path.realpath(path))).hexdigest()[:24]
    lock = Path(tempfile.gettempdir()) / f"qualitycheck-baseline-{digest}.lock"
    try:
        handle = open(lock, "a")  # noqa: SIM115 - held for the with block
    except OSError:
        yield  # no lock to be had (a read-only temporary folder): as before
        return
    with handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


class Gate:
    """Applies the gate options to a stream of results."""

    def __init__(
        self,
        checker: Checker,
        baseline: Path | None = None,
        write_baseline: Path | None = None,
        changed_since: str | None = None,
        paths: Iterable[str] = (),
        reportable: Iterable[str] | None = None,
        config_search: Path | None = None,
    ) -> None:
        """``reportable``: the rule ids the run can report (the rule catalog's);
        baselined findings of a known rule or model outside them (switched off,
        models off) count neither as fixed nor new. ``config_search``: the
        folder the config was searched from (``None``: given with ``--config``,
        or none used), so ``--changed-since`` also sees a config the branch
        added or deleted."""
        if write_baseline is not None and changed_since is not None:
            # The file is rewritten from this run: the unchanged files' entries would be lost.
            raise QualitycheckError(
                "--write-baseline records the whole corpus; run it without --changed-since"
            )
        self.checker = checker
        self.baseline = Baseline.load(baseline) if baseline is not None else None
        if self.baseline is not None and reportable is not None:
            from qualitycheck.detect.models.registry import MODEL_FINDINGS
            from qualitycheck.pipeline.suppressions import SUPPRESSION_FINDINGS

            known = checker.loaded_rule_ids | set(MODEL_FINDINGS) | set(SUPPRESSION_FINDINGS)
            self.baseline.not_run = frozenset(known - set(reportable))
        whole = ARTICLE_LEVEL | checker.article_level_rule_ids
        if self.baseline is not None:
            self.baseline.whole = whole
        self.writer = (
            BaselineWriter(write_baseline, whole=whole) if write_baseline is not None else None
        )
        self.changed_since = changed_since
        self.changed = (
            changed_in_repositories_of(changed_since, paths) if changed_since is not None else None
        )
        #: A config or rule pack the change touched: it can change the findings
        #: of every article, so every article is checked (``--changed-since``
        #: widened to the whole run, and said so).
        self.changed_settings: list[str] = []
        if self.changed is not None and changed_since is not None:
            self.changed_settings = sorted(
                shown_config(path)  # (relative, as the config and inputs are named)
                for path in _setting_files(checker)
                if path in self.changed and _settings_differ(path, changed_since)
            )
            if config_search is not None and not self.changed_settings:
                moved = _searched_config_changed(
                    config_search.resolve(), changed_since, checker.config.path
                )
                self.changed_settings = [moved] if moved is not None else []
        if self.changed_settings:
            self.changed = None
        self.kept_inputs = 0

    @property
    def keep(self) -> Callable[[InputSource], bool] | None:
        """The input filter for :func:`~qualitycheck.pipeline.checker.check_inputs`, if any."""
        return self._changed if self.changed is not None else None

    def _changed(self, source: InputSource) -> bool:
        if source.location is None:  # standard input is always checked
            self.kept_inputs += 1
            return True
        if Path(os.path.realpath(source.location)) in (self.changed or ()):
            self.kept_inputs += 1
            return True
        return False

    def apply(self, result: ArticleResult) -> ArticleResult:
        """``result`` without its baselined findings (all of them when writing one)."""
        if self.writer is not None:
            self.writer.add(result.article, result.findings)
            if self.baseline is not None:
                self.baseline.filter(result.article, result.findings)  # for the counts
            return self.checker.rescore(result, [])
        if self.baseline is not None:
            return self.checker.rescore(
                result, self.baseline.filter(result.article, result.findings)
            )
        return result

    def _kept_entries(self) -> list[tuple[Key, int, str]]:
        """What the baseline being updated keeps for files and rules this run
        did not judge, read from the file as it is now when this run rewrites
        the file it loaded (another run may have updated it meanwhile)."""
        if self.baseline is None:
            return []
        target = self.writer.path if self.writer is not None else None
        same = target is not None and _same_file(target, self.baseline.path)
        current = Baseline.load(self.baseline.path) if same else None
        return self.baseline.unchecked(current)

    def baseline_summary(self) -> dict[str, object] | None:
        """The ``summary.baseline`` entry of the JSON contract (``--baseline``
        only): the findings the baseline accounted for and those it records
        that are fixed, the count a CI job refreshes the file on, which was
        only a line on stderr."""
        if self.baseline is None:
            return None
        return {
            "path": str(self.baseline.path),
            "baselined": self.baseline.baselined,
            "fixed": self.baseline.fixed(),
        }

    def finish(self, say: Callable[[str], None]) -> None:
        """Report the baseline and changed files (the caller reports the unused
        config suppressions, which also go into the outputs)."""
        if self.changed_settings:
            say(
                f"qualitycheck: {', '.join(self.changed_settings)} changed since "
                f"{self.changed_since}: every article was checked, not only the changed ones"
            )
        if self.changed is not None and not self.kept_inputs:
            say(f"qualitycheck: no files changed since {self.changed_since} to check")
        if self.writer is not None:
            with baseline_lock(self.writer.path):
                kept = self._kept_entries()
                if self.baseline is not None:  # updating a baseline on fewer files loses no entry
                    self.writer.carry(kept, self.baseline.base)
                recorded = self.writer.write()
            line = f"qualitycheck: baseline: wrote {self.writer.path} with " + _plural(
                recorded, "finding"
            )
            if self.baseline is not None:
                carried = sum(count for _, count, _ in kept)
                new = recorded - carried - self.baseline.baselined
                line += f" ({new} new, {self.baseline.fixed()} fixed since {self.baseline.path}"
                line += f"; {carried} kept for files or rules not checked)" if carried else ")"
            say(line)
        elif self.baseline is not None:
            say(
                f"qualitycheck: baseline: {_plural(self.baseline.baselined, 'finding')} "
                f"baselined, {self.baseline.fixed()} fixed since the baseline"
            )
