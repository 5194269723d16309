"""Baselines: adopt the gate on an existing corpus without fixing it first.

``--write-baseline FILE`` records the current findings; ``--baseline FILE``
drops the findings recorded there, so only new ones reach scores, verdicts
and the exit code, and counts the recorded ones that are gone ("fixed").

A finding is identified by what it is, not where it is: its rule, its file
(and JSONL record id), and a fingerprint of its normalised text plus a little
normalised visible text on each side *within its block*. Line numbers are left
out, so editing or moving other parts of an article does not bring old
findings back; editing the flagged sentence itself does, as it should. Two
identical findings in one article are one entry with ``count: 2``: fixing one
of them is noticed, and a third is new.

The file is JSON meant for review in a pull request: versioned, sorted, one
entry per line group, paths in ``/`` form relative to the baseline file's
folder (so the same file works on every machine and from any working
directory), and the finding's text for the reader. A file named for a
compression (``baseline.json.gz``, ``.bz2``, ``.xz``) is written and read
compressed, as ``-o`` outputs and inputs of such names are.
"""

from __future__ import annotations

import hashlib
import io
import json
import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path, PurePosixPath
from typing import Any

from qualitycheck.detect.models.registry import ARTICLE_LEVEL
from qualitycheck.document.article import Article, Block
from qualitycheck.document.findings import Finding
from qualitycheck.document.textfold import fold, normalize
from qualitycheck.errors import QualitycheckError, os_reason
from qualitycheck.primitives.compressing import compression_ending
from qualitycheck.primitives.globs import relative_path
from qualitycheck.primitives.output import open_output
from qualitycheck.readers.compressed import compression_of, open_decompressed

VERSION = 1
#: Normalised characters of context kept on each side of a finding.
CONTEXT = 24
#: Characters of a finding's text shown in the file (the fingerprint covers all).
SHOWN_TEXT = 80


class BaselineError(QualitycheckError):
    """A baseline file that cannot be read or is not a baseline."""


@dataclass(frozen=True, order=True)
class Key:
    """What identifies a finding across edits."""

    path: str
    record: str
    rule: str
    fingerprint: str


def _text_offset(block: Block, source_offset: int) -> int:
    """The block-text offset of a source offset (the start of a run for markup)."""
    for run in block.mapping.runs:
        if source_offset < run.source_start:
            return run.text_start
        if source_offset < run.source_end:
            return run.text_start + (source_offset - run.source_start if run.linear else 0)
    return len(block.text)


def _block_of(article: Article, finding: Finding) -> Block | None:
    for block in article.blocks:
        runs = block.mapping.runs
        if runs and runs[0].source_start <= finding.start and finding.end <= runs[-1].source_end:
            return block
    return None


def _parts(article: Article, finding: Finding) -> tuple[str, str, str, str]:
    """The visible text before the finding (in its block), the finding's
    visible text, the text after it, and its source text. Visible text is
    what a reader sees: no tags, entities or Markdown emphasis, so adding
    ``<b>`` or ``*...*`` inside the flagged words changes nothing."""
    before = after = ""
    visible = finding.text
    block = _block_of(article, finding)
    if block is not None:
        start = _text_offset(block, finding.start)
        end = max(start, _text_offset(block, finding.end))
        before, visible, after = block.text[:start], block.text[start:end], block.text[end:]
    return before, visible, after, finding.text


def _hash(before: str, text: str, after: str, normal: Callable[[str], str] = normalize) -> str:
    material = "\x1f".join((normal(before)[-CONTEXT:], normal(text), normal(after)[:CONTEXT]))
    return hashlib.sha256(material.encode("utf-8")).hexdigest()[:16]


#: Invisible characters folding has turned into spaces since 2026-12-04.
_FOLDED_SINCE = re.compile("([\u00ad\u200b\u2060\ufeff])")


def _normalize_before(text: str) -> str:
    """``normalize`` as baselines written before 2026-12-04 saw text: those
    invisible characters kept as they were (folding is one character for one,
    so the parts between them fold alike)."""
    if not _FOLDED_SINCE.search(text):
        return normalize(text)
    parts = _FOLDED_SINCE.split(text)
    return " ".join("".join(p if i % 2 else fold(p) for i, p in enumerate(parts)).split())


def fingerprint(article: Article, finding: Finding) -> str:
    """A short hash of the finding's normalised visible text and its
    neighbourhood (:data:`WHOLE_ARTICLE` for a whole-article finding)."""
    return fingerprints(article, finding)[0]


#: The fingerprint of every whole-article finding (``model-machine-translation``
#: ...): it judges the article, not the words it is attached to (the first body
#: paragraph), so an edit of that paragraph or a line added above it must not
#: bring a baselined verdict back. Rule, file and record key it.
WHOLE_ARTICLE = _hash("", "\x00whole article\x00", "")


def fingerprints(
    article: Article, finding: Finding, whole: frozenset[str] = ARTICLE_LEVEL
) -> list[str]:
    """:func:`fingerprint`, then (where it differs) the one baselines written
    before 2026-12-04 hold: it hashed the finding's source text, markup
    included, with invisible characters kept (:func:`_normalize_before`),
    so both are looked up. A whole-article finding (its rule in ``whole``:
    the model verdicts, and the rules that say so, :attr:`Rule.article_level`)
    is :data:`WHOLE_ARTICLE` first, then what baselines written before
    2026-12-05 hold for it."""
    before, visible, after, source = _parts(article, finding)
    current = _hash(before, visible, after)
    earlier = _hash(before, source, after, _normalize_before)
    found = [current] if earlier == current else [current, earlier]
    if finding.rule in whole:
        return [WHOLE_ARTICLE, *found]
    return found


def key(
    article: Article, finding: Finding, base: Path, whole: frozenset[str] = ARTICLE_LEVEL
) -> Key:
    """The baseline key of one finding; ``base`` is the baseline file's folder."""
    return keys(article, finding, base, whole)[0]


def keys(
    article: Article, finding: Finding, base: Path, whole: frozenset[str] = ARTICLE_LEVEL
) -> list[Key]:
    """The keys a baseline may hold a finding under (:func:`fingerprints`).

    A JSONL record without an id is named ``PATH:LINE`` by the reader: the
    path as typed and a line number, which change with the working directory
    and with every record added above it. Such a record is keyed by its file
    and findings alone, like a plain file."""
    record = article.id if article.record_line is not None else ""
    if record == f"{article.path}:{article.record_line}" or _stand_in(record, article.path):
        record = ""  # the same test as on loading, so both sides agree
    path = relative_path(article.path, base)
    return [Key(path, record, finding.rule, each) for each in fingerprints(article, finding, whole)]


def visible_text(article: Article, finding: Finding) -> str:
    """The finding's text as a reader sees it (what a baseline shows)."""
    return _parts(article, finding)[1]


def _shown(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= SHOWN_TEXT else text[: SHOWN_TEXT - 1] + "…"


@dataclass
class BaselineWriter:
    """Collects the findings of a run and writes them as a baseline file."""

    path: Path
    counts: Counter[Key] = field(default_factory=Counter)
    texts: dict[Key, str] = field(default_factory=dict)
    #: The rule ids whose findings judge the whole article (:func:`fingerprints`).
    whole: frozenset[str] = ARTICLE_LEVEL

    def __post_init__(self) -> None:
        # A compression that cannot be written (.zst) is refused before the
        # run, as ``-o`` refuses it, not after every article was checked.
        compression_ending(str(self.path))

    def add(self, article: Article, findings: list[Finding]) -> None:
        base = self.path.parent
        for finding in findings:
            entry = key(article, finding, base, self.whole)
            self.counts[entry] += 1
            self.texts.setdefault(entry, _shown(visible_text(article, finding)))

    def document(self) -> dict[str, Any]:
        entries = []
        for entry in sorted(self.counts):
            item: dict[str, Any] = {"path": entry.path}
            if entry.record:
                item["record"] = entry.record
            item |= {
                "rule": entry.rule,
                "fingerprint": entry.fingerprint,
                "text": self.texts[entry],
                "count": self.counts[entry],
            }
            entries.append(item)
        return {"qualitycheck_baseline": VERSION, "findings": entries}

    def carry(self, entries: list[tuple[Key, int, str]], base: Path) -> None:
        """Keep ``entries`` of the baseline being updated (paths relative to
        its folder ``base``): files this run did not check (a narrower PATH)
        keep what was recorded for them, their paths made relative to this
        file's folder."""
        for entry, count, text in entries:
            moved = replace(entry, path=relative_path(str(base / entry.path), self.path.parent))
            self.counts[moved] += count
            self.texts.setdefault(moved, text)

    def write(self) -> int:
        """Write the file atomically; the number of findings recorded."""
        with open_output(str(self.path), compress=True) as stream:
            json.dump(self.document(), stream, ensure_ascii=False, indent=2)
            stream.write("\n")
        return sum(self.counts.values())


def _entry_key(item: Any, index: int, path: Path) -> tuple[Key, int]:
    where = f"{path}: findings[{index}]"
    if not isinstance(item, dict):
        raise BaselineError(f"{where}: expected an object")
    path_text, rule, fingerprint_text = (item.get(name) for name in ("path", "rule", "fingerprint"))
    if not (
        isinstance(path_text, str)
        and path_text
        and isinstance(rule, str)
        and rule
        and isinstance(fingerprint_text, str)
        and fingerprint_text
    ):
        raise BaselineError(f"{where}: needs text fields path, rule and fingerprint")
    record = item.get("record", "")
    count = item.get("count", 1)
    if not isinstance(record, str) or not isinstance(count, int) or count < 1:
        raise BaselineError(f"{where}: record must be text and count a positive whole number")
    if _stand_in(record, path_text):
        record = ""  # written before id-less records were keyed by their file alone
    return Key(path_text, record, rule, fingerprint_text), count


def _stand_in(record: str, path_text: str) -> bool:
    """Whether ``record`` is the reader's ``PATH:LINE`` name for a record
    without an id, in the file ``path_text`` (the same file name)."""
    name, _, line = record.rpartition(":")
    return line.isdigit() and PurePosixPath(name.replace("\\", "/")).name == (
        PurePosixPath(path_text).name
    )


def _read(path: Path) -> str:
    """The text of the baseline file ``path``, decompressed when its name says
    so (``--write-baseline b.json.gz`` writes it compressed); a corrupt or
    unsupported archive is an ``OSError`` (:class:`ArchiveError`). Plain JSON
    under such a name is read as it is: versions before 2026-12-05 wrote the
    baseline uncompressed whatever its name, and a CI job's file must still load."""
    data = path.read_bytes()
    if compression_of(path.name) is None or data.lstrip()[:1] == b"{":
        return data.decode("utf-8")
    with open_decompressed(io.BytesIO(data), path.name, "json") as stream:
        return stream.read().decode("utf-8")


class Baseline:
    """A loaded baseline: drops known findings and counts the ones that are gone."""

    def __init__(
        self, path: Path, counts: Counter[Key], texts: dict[Key, str] | None = None
    ) -> None:
        self.path = path
        self.base = path.parent
        self.remaining = Counter(counts)
        self.texts = texts or {}
        self.baselined = 0
        self._checked: set[str] = set()
        #: The rule ids the run knows but did not run. A recorded finding of a
        #: rule or model that exists but did not run (``--no-models``,
        #: ``--disable``) is not gone: it counts neither way. One of a rule no
        #: loaded pack defines any more is gone, as a fixed finding is.
        self.not_run: frozenset[str] = frozenset()
        #: The rule ids whose findings judge the whole article (:func:`fingerprints`).
        self.whole: frozenset[str] = ARTICLE_LEVEL

    @classmethod
    def load(cls, path: Path) -> Baseline:
        """Read ``path``; a missing or malformed file is a one-line error (exit 2)."""
        try:
            document = json.loads(_read(path))
        except FileNotFoundError:
            raise BaselineError(
                f"{path}: no such baseline (create it with --write-baseline)"
            ) from None
        except (OSError, UnicodeDecodeError) as exc:
            raise BaselineError(f"{path}: cannot read: {os_reason(exc)}") from None
        except json.JSONDecodeError as exc:
            raise BaselineError(f"{path}:{exc.lineno}: invalid JSON: {exc.msg}") from None
        except RecursionError:  # was a traceback
            raise BaselineError(f"{path}: invalid JSON: nested too deeply") from None
        if not isinstance(document, dict) or "qualitycheck_baseline" not in document:
            raise BaselineError(f"{path}: not a qualitycheck baseline")
        version = document["qualitycheck_baseline"]
        if isinstance(version, bool) or version != VERSION:  # true == 1 in Python
            raise BaselineError(
                f"{path}: baseline version {document['qualitycheck_baseline']!r} "
                f"is not supported (this qualitycheck reads version {VERSION})"
            )
        items = document.get("findings")
        if not isinstance(items, list):
            raise BaselineError(f"{path}: 'findings' must be a list")
        counts: Counter[Key] = Counter()
        texts: dict[Key, str] = {}
        for index, item in enumerate(items):
            entry, count = _entry_key(item, index, path)
            counts[entry] += count
            text = item.get("text")
            texts.setdefault(entry, text if isinstance(text, str) else "")
        return cls(path, counts, texts)

    def filter(self, article: Article, findings: list[Finding]) -> list[Finding]:
        """The findings of ``article`` that the baseline does not account for."""
        self._checked.add(relative_path(article.path, self.base))
        kept = []
        for finding in findings:
            entry = next(
                (k for k in keys(article, finding, self.base, self.whole) if self.remaining[k] > 0),
                None,
            )
            if entry is not None:
                self.remaining[entry] -= 1
                self.baselined += 1
            else:
                kept.append(finding)
        return kept

    def _gone(self, entry: Key) -> bool:
        """Whether a recorded finding left over after the run is fixed: its file
        no longer exists, or was checked by a run that could report it (and the
        finding was not found)."""
        if not (self.base / entry.path).exists():
            return True
        return entry.rule not in self.not_run and entry.path in self._checked

    def fixed(self) -> int:
        """Recorded findings that are gone. Files not checked in this run (a
        narrower PATH, ``--changed-since``) and rules that did not run are not
        counted either way."""
        return sum(count for entry, count in self.remaining.items() if count and self._gone(entry))

    def unchecked(self, current: Baseline | None = None) -> list[tuple[Key, int, str]]:
        """The entries this run could not judge (files it did not check that
        still exist, rules it did not run), with their counts and texts: what
        an update of this baseline keeps.

        ``current`` is the same file read again just before it is rewritten:
        another run may have updated it since this one loaded it (pre-commit
        checks the files of one commit in parallel batches, each updating
        the baseline). The files this run did not check then keep what the
        file holds *now*, so no batch's new entries are lost to another's."""
        own = [
            (entry, count, self.texts.get(entry, ""))
            for entry, count in sorted(self.remaining.items())
            if count and not self._gone(entry) and (current is None or entry.path in self._checked)
        ]
        if current is None:
            return own
        others = [
            (entry, count, current.texts.get(entry, ""))
            for entry, count in current.remaining.items()
            if count and entry.path not in self._checked and (self.base / entry.path).exists()
        ]
        return sorted(own + others)
