"""What checking one article produces: the type every output format reads.

Kept apart from the checker so renderers, the gate and the side tools depend
on the result alone, not on how it was made.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from qualitycheck.document.article import Article
from qualitycheck.document.findings import Finding
from qualitycheck.primitives.input_warnings import NOT_CHECKED

#: The finding that says an article is in a language the config does not expect.
LANGUAGE_UNEXPECTED = "language-unexpected"


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

    def logged_warnings(self) -> list[str]:
        """The warnings worth a line on standard error: all of them, but the
        note of what the English checks skipped on an article whose
        ``language-unexpected`` finding already says it is in another language
        (the example feed's Spanish record printed both). The output keeps
        every warning; ``clean``, which shows no findings, logs them all."""
        if not any(f.rule == LANGUAGE_UNEXPECTED for f in self.findings):
            return self.warnings
        return [w for w in self.warnings if not w.startswith(NOT_CHECKED)]
