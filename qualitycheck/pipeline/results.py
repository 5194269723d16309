"""What checking one article produces: the type every output format reads.

Kept apart from the checker so renderers, the gate and the side tools depend
on the result alone, not on how it was made.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from qualitycheck.document.article import Article
from qualitycheck.document.findings import Finding


@dataclass
class ArticleResult:
    """Everything the renderers need about one checked article."""

    article: Article
    language: str | None
    language_confidence: float
    metrics: dict[str, Any]
    findings: list[Finding]
    scores: dict[str, float]
    verdict: str
    mt_probability: float | None = None
    #: Why the verdict is what it is (the findings or the score that decided).
    verdict_reason: str = ""
    warnings: list[str] = field(default_factory=list)
