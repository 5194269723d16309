"""The contracts of the model layer: what a detector offers the check
pipeline, what a trainer offers ``qualitycheck train``, and what training
needs of the rules.

Detector and trainer modules are named by string in the registry and
imported only when used (so reading the registry, or checking with a model
switched off, loads nothing), which means :mod:`.apply` and the training
tool cannot name the concrete classes. They are typed against these
protocols instead; each task's detector matches one by its methods.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any, Protocol, Self, runtime_checkable

from qualitycheck.detect.models.linear import LinearModel
from qualitycheck.document.article import Article, Block
from qualitycheck.document.findings import Finding


@runtime_checkable
class Detector(Protocol):
    """A loaded model: read from a folder of model files, with the
    probability from which it reports (the config may override it)."""

    threshold: float

    @classmethod
    def load(cls, folder: Path, threshold: float | None = None) -> Self: ...


@runtime_checkable
class LineDetector(Detector, Protocol):
    """Scores every line of an article (the boilerplate model).

    ``warning_threshold``: from where a reported line is a warning; between
    ``threshold`` and it, an info finding."""

    warning_threshold: float

    def prepare(self, article: Article) -> None:
        """Record what depends on the articles before this one, in input order."""
        ...

    def new_run(self) -> None:
        """Forget the articles seen so far: the next article starts a run."""
        ...

    def run_state(self) -> object:
        """What the run has seen so far, to :meth:`resume` it later."""
        ...

    def resume(self, state: object) -> None:
        """Carry on the run :meth:`run_state` returned."""
        ...

    def probabilities(self, article: Article, findings: list[Finding]) -> list[float]:
        """The probability of every block, in order."""
        ...


@runtime_checkable
class SentenceDetector(Detector, Protocol):
    """Scores body sentences (the claims model)."""

    def probability(self, sentence: str, rules: set[str]) -> float:
        """One sentence's probability, given the rules that fired in it."""
        ...

    def reason(self, sentence: str, rules: set[str]) -> str:
        """The words that weigh most towards the model's verdict, for messages."""
        ...

    def score(
        self, article: Article, findings: list[Finding]
    ) -> list[tuple[Block, int, int, float, bool]]:
        """``(block, start, end, probability, has_rule_finding)`` per flagged sentence."""
        ...

    def build_tables(self) -> None:
        """Build now what its first sentences would build lazily (compiled tables)."""
        ...


@runtime_checkable
class ArticleDetector(Detector, Protocol):
    """Scores a whole article and names its evidence (the mt model).

    ``info_threshold``: where a lower, informational band starts (``None``:
    no band); the gate's ``threshold`` is the error level. ``min_words``: an
    article whose body has fewer words gets no verdict at all (the model was
    not measured on such texts)."""

    info_threshold: float | None
    min_words: int

    def score(
        self, article: Article, findings: list[Finding]
    ) -> tuple[float, list[tuple[Block, int, int, float]]]:
        """The article's probability and its strongest sentences with theirs."""
        ...


class RuleSource(Protocol):
    """What training needs of the rules: their findings on an article (model
    features), and which rules are generic guesses that a model overrules at
    check time (the boilerplate threshold counts only the named rules). A
    :class:`~qualitycheck.pipeline.checker.Checker` without models is one."""

    @property
    def generic_rules(self) -> frozenset[str]: ...

    def rule_findings(self, article: Article) -> list[Finding]: ...


class Trainer(Protocol):
    """Every task's ``train``: labeled records in, the task's model files out
    (mt writes two), deterministic for a seed."""

    def __call__(
        self, records: Sequence[dict[str, Any]], rules: RuleSource, seed: int = 0
    ) -> list[LinearModel]: ...
