"""A suppression as written: its selectors, its reason and what it covers.

The config reads these from ``suppressions:`` and the pipeline from inline
comments (:mod:`qualitycheck.pipeline.suppressions`, which applies both).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from qualitycheck.document.article import Article
from qualitycheck.document.findings import Finding
from qualitycheck.document.textfold import normalize_composed
from qualitycheck.primitives.globs import matches, relative_path

#: Whether a selector picks a finding, given ``(selector, rule id, category)``.
SelectorMatch = Callable[[str, str, str], bool]


def split_selectors(text: str) -> tuple[str, ...]:
    """Selectors written as ``a,b`` or ``a b`` (or both)."""
    return tuple(part for part in re.split(r"[\s,]+", text.strip()) if part)


@dataclass
class Suppression:
    """One honoured suppression and where it was written.

    ``start``/``end`` (source offsets) bound an inline region; ``line`` of a
    next-line suppression is the line it covers. Config suppressions use
    ``paths`` and ``text`` instead.
    """

    selectors: tuple[str, ...]
    reason: str
    origin: str
    origin_line: int
    start: int = 0
    end: int | None = None
    line: int | None = None
    #: Source offsets of an inline suppression's comment (where a problem
    #: with it is reported).
    comment_start: int = 0
    comment_end: int = 0
    paths: tuple[str, ...] = ()
    text: str | None = None
    base: Path | None = None
    used: int = field(default=0, compare=False)
    #: Articles of the run a config suppression's paths cover, counted only
    #: when it names a rule or model the run runs: one that covers none, or
    #: names none, was not put to the test, so it is not called unused.
    applied: int = field(default=0, compare=False)

    def describe(self) -> str:
        return ",".join(self.selectors)

    def covers(self, finding: Finding, matcher: SelectorMatch) -> bool:
        """Whether this suppression hides ``finding`` (of the article it belongs to)."""
        if not any(matcher(s, finding.rule, finding.category) for s in self.selectors):
            return False
        if self.line is not None:
            return finding.line == self.line
        if self.end is not None and not self.start <= finding.start < self.end:
            return False
        return self.text is None or self.text in normalize_composed(finding.text)

    def applies_to(self, article: Article) -> bool:
        """Whether a config suppression's path globs cover ``article``."""
        if not self.paths:
            return True
        return matches(relative_path(article.path, self.base), self.paths)
