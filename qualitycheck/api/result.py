"""``Result``: one checked article, as Python values and as the JSON contract."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Any, Literal, cast

from qualitycheck.document.article import Article
from qualitycheck.document.findings import Finding
from qualitycheck.pipeline.results import ArticleResult
from qualitycheck.renderers.contract import article_dict

#: The gate's verdicts, as the JSON output spells them.
Verdict = Literal["pass", "warn", "fail"]


@dataclass(frozen=True)
class Result:
    """The outcome of checking one article.

    The attributes mirror the fields of one entry of ``articles`` in the JSON
    output (docs/json-output.md); :meth:`to_dict` *is* that entry, built by
    the same code, so a Python caller and a reader of the JSON see the same
    thing.
    """

    id: str
    path: str
    title: str | None
    verdict: Verdict
    verdict_reason: str
    scores: dict[str, float]
    mt_probability: float | None
    language: str | None
    findings: tuple[Finding, ...]
    warnings: tuple[str, ...]
    _result: ArticleResult = field(repr=False, compare=False)

    @classmethod
    def from_pipeline(cls, result: ArticleResult) -> Result:
        article = result.article
        # What the result shows of its article, without the blocks and the
        # views the checking computed from them (sentences, folded text): a
        # kept Result held 19 times its text's size, 7 times its dict's.
        shown = Article(
            article.id,
            article.path,
            article.source,
            [],
            title=article.title,
            url=article.url,
            record_line=article.record_line,
            format=article.format,
        )
        result = replace(result, article=shown)
        return cls(
            id=article.id,
            path=article.path,
            title=article.title,
            verdict=cast(Verdict, result.verdict),  # (the gate gives only these)
            verdict_reason=result.verdict_reason,
            scores=dict(result.scores),
            mt_probability=result.mt_probability,
            language=result.language,
            findings=tuple(result.findings),
            warnings=tuple(result.warnings),
            _result=result,
        )

    @property
    def failed(self) -> bool:
        """Whether the article fails the gate (``verdict == "fail"``)."""
        return self.verdict == "fail"

    @property
    def text(self) -> str:
        """The article's source text, as the finding offsets index it."""
        return self._result.article.source

    def to_dict(self) -> dict[str, Any]:
        """One entry of ``articles`` of the JSON contract (docs/json-output.md).

        A new dict at each call, down to its ``scores``, ``metrics`` and
        ``warnings``: a caller that rounds, pops or appends in it (a pandas
        row, a web response) changes neither this result nor the next call's.
        """
        entry = article_dict(self._result)
        entry["scores"] = dict(entry["scores"])
        entry["metrics"] = dict(entry["metrics"])
        entry["warnings"] = list(entry["warnings"])
        return entry
