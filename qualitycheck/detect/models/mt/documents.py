"""The mt training data: labeled records featurised once, and the
cross-validation folds that keep whole MT systems, whole source languages and
source documents apart.

Featurising once lets every fold reuse the rows, and the fold assignment is
what makes the cross-validated figures honest; both are data preparation,
separate from fitting the models.

Two fold schemes, because a deployed model meets both kinds of novelty:
:func:`assign_folds` holds out MT systems (every fold scores systems the
model never saw), :func:`language_folds` holds out source languages (a
system's habits differ by language pair). Systems are compared case-folded:
WMT names one commercial engine ``Online-B`` one year and ``ONLINE-B`` the
next, and holding out one spelling while training on the other would leak.
"""

from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from qualitycheck.detect.models.mt import CATEGORY, POSITIVE
from qualitycheck.detect.models.mt.features import (
    article_features,
    article_sentences,
    sentence_features,
)
from qualitycheck.detect.models.protocols import RuleSource
from qualitycheck.readers.txt import parse_text


@dataclass(eq=False)
class Document:
    """One labeled record, featurised once."""

    label: str
    system: str
    group: str
    features: dict[str, float]
    sentences: list[dict[str, float]]
    #: Source language (``en`` for an original), and where the record came from.
    language: str = ""
    source: str = ""
    fold: int = 0
    margins: list[float] = field(default_factory=list)

    @property
    def positive(self) -> int:
        return int(self.label == POSITIVE)


def documents(rows: Sequence[dict[str, Any]], rules: RuleSource) -> list[Document]:
    """Featurise labeled records (``text``, ``label``, and for grouped
    cross-validation ``system`` and ``group``)."""
    result = []
    for number, row in enumerate(rows):
        identifier = str(row.get("id", number))
        article = parse_text(row["text"], identifier, identifier, first_line_is_title=False)
        findings = [f for f in rules.rule_findings(article) if f.category == CATEGORY]
        sentences = [sentence_features(b.text[s:e]) for b, s, e in article_sentences(article)]
        group = str(row.get("group") or identifier)
        result.append(
            Document(
                label=str(row["label"]),
                system=str(row.get("system") or group).casefold(),
                group=group,
                features=article_features(article, findings),
                sentences=sentences,
                language=str(row.get("src_lang") or ""),
                source=str(row.get("source") or ""),
            )
        )
    return result


def _stable(text: str, seed: int) -> str:
    return hashlib.sha256(f"{seed}:{text}".encode()).hexdigest()


def assign_folds(docs: Sequence[Document], folds: int, seed: int) -> int:
    """Cross-validation folds that hold out whole MT systems.

    Machine documents are grouped by system (largest first, each to the
    emptiest fold), so every fold scores systems the model never saw. A human
    translation goes with the machine version of its source document (same
    group), so a source text never sits on both sides; other negatives are
    spread by group. Returns the number of folds used.
    """
    systems = Counter(d.system for d in docs if d.label == POSITIVE)
    folds = max(2, min(folds, len(systems)))
    sizes = [0] * folds
    system_fold: dict[str, int] = {}
    for system, size in sorted(systems.items(), key=lambda kv: (-kv[1], _stable(kv[0], seed))):
        target = min(range(folds), key=lambda f: (sizes[f], f))
        system_fold[system] = target
        sizes[target] += size
    group_fold = {d.group: system_fold[d.system] for d in docs if d.label == POSITIVE}
    others = sorted(
        {d.group for d in docs if d.group not in group_fold}, key=lambda g: _stable(g, seed)
    )
    for index, group in enumerate(others):
        group_fold[group] = index % folds
    for doc in docs:
        doc.fold = system_fold[doc.system] if doc.label == POSITIVE else group_fold[doc.group]
    return folds


def language_folds(docs: Sequence[Document], seed: int) -> int:
    """Cross-validation folds that hold out whole source languages: one fold
    per language of the translated documents (machine and human translations
    of a source document share its language), originals spread over the folds
    by group. Returns the number of folds (at least two)."""
    languages = sorted({d.language for d in docs if d.label != "original"})
    folds = max(2, len(languages))
    language_fold = {language: index for index, language in enumerate(languages)}
    others = sorted(
        {d.group for d in docs if d.label == "original"}, key=lambda g: _stable(g, seed)
    )
    group_fold = {group: index % folds for index, group in enumerate(others)}
    for doc in docs:
        doc.fold = language_fold[doc.language] if doc.label != "original" else group_fold[doc.group]
    return folds
