"""``qualitycheck evaluate --task mqm``: do the machine-translation findings
point at the words professional translators marked?

Each record is a document of the MQM corpus (``../shared/corpus/mqm``): the
English output of a translation system, ``errors`` with the spans raters
marked (``start``, ``end``, ``category``, ``rater``), and ``mqm_doc`` (the
document's MQM score, higher is worse). Accuracy errors need the source text
to be seen; the ones a tool reading only English can find are the
``Fluency/*`` and ``Style/*`` spans, which are the gold here.

The flagged spans are the findings of category ``machine_translation`` that
point at words: every rule finding and word-level model finding, not the
article-level verdicts (``model-machine-translation``, ``model-mt-possible``).
Measured:

- span precision: the share of flagged spans that overlap a Fluency/Style
  span of any rater (and, for reference, an error span of any category);
- recall of the Fluency/Style spans (each rater's span counted) and of the
  *agreed* regions: overlapping Fluency/Style spans of two or more raters,
  merged into one region (only the three-rater WMT23 documents have them);
- per artifact kind (:mod:`qualitycheck.document.artifacts`, the ``artifact``
  a rule names): the findings of that kind, their precision against any
  Fluency/Style span and against the rater spans of the MQM categories of
  the same kind (``Fluency/Punctuation`` for ``punctuation``…), and the recall
  of those spans;
- per rule: hits, precision and agreed-region recall; per source (WMT23
  news has three raters a segment, TED talks one, so the same flags score
  higher on news): the findings and the every-sentence baseline;
- three baselines flagged and scored the same way, because with three raters
  a long span is almost always "right": every whole sentence (high precision
  for nothing: the length of a flag buys it), the first word of every
  sentence, and random word spans of the same count and lengths as the
  flagged spans of each document (seeded); the mean length of the flagged
  spans (characters) is reported beside each;
- Spearman and Pearson correlation of the article's ``mt_probability`` with
  ``mqm_doc``, with ``mqm_fs_doc`` (Fluency/Style only) and with the
  Fluency/Style penalty per 100 words (:func:`fs_per_100_words`, the
  post-editing effort target of docs/accuracy.md), the last also per source,
  and how many documents got each article-level verdict.

A zero-length gold span (a missing character at a line end) counts as the
character on each side of it.
"""

from __future__ import annotations

import math
import random
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from qualitycheck.detect.models.registry import ARTICLE_LEVEL
from qualitycheck.document.artifacts import ARTIFACTS, same_kind
from qualitycheck.errors import InputError
from qualitycheck.readers.txt import parse_text

if TYPE_CHECKING:
    from qualitycheck.pipeline.checker import Checker

#: The categories a reader of the English alone can see.
FLUENCY_STYLE = ("Fluency/", "Style/")
_WORD = re.compile(r"\w+(?:['’-]\w+)*")
_SENTENCE_START = re.compile(r"(?:^|(?<=[.!?]) +)[\"“'‘(]?(\w+)", re.MULTILINE)
_SENTENCE = re.compile(r"[^\s.!?][^\n.!?]*(?:[.!?]+|$)", re.MULTILINE)

Span = tuple[int, int]


def _widen(start: int, end: int) -> Span:
    return (max(start - 1, 0), start + 1) if start == end else (start, end)


def overlaps(a: Span, b: Span) -> bool:
    """Whether two character spans share a character."""
    return a[0] < b[1] and b[0] < a[1]


def is_fluency_style(category: str) -> bool:
    return category.startswith(FLUENCY_STYLE)


def gold_spans(record: dict[str, Any]) -> list[tuple[Span, str, str]]:
    """Every rater's Fluency/Style span: ``((start, end), category, rater)``."""
    return [
        (_widen(int(e["start"]), int(e["end"])), str(e["category"]), str(e.get("rater")))
        for e in record.get("errors", [])
        if is_fluency_style(str(e.get("category", "")))
    ]


def agreed_regions(spans: Sequence[tuple[Span, str, str]]) -> list[Span]:
    """Overlapping spans merged into regions; the regions two or more raters marked."""
    regions: list[tuple[int, int, set[str]]] = []
    for (start, end), _, rater in sorted(spans):
        if regions and start < regions[-1][1]:
            last = regions[-1]
            regions[-1] = (last[0], max(last[1], end), last[2] | {rater})
        else:
            regions.append((start, end, {rater}))
    return [(start, end) for start, end, raters in regions if len(raters) >= 2]


def fs_per_100_words(record: dict[str, Any]) -> float:
    """The document's Fluency/Style MQM penalty points per 100 words: the sum
    of its segments' ``mqm_fs`` (each averaged over the segment's raters) over
    its words, times 100. ``mqm_fs_doc`` is the mean per *segment*, which a
    long segment inflates; this is the same penalty per unit of text."""
    words = len(_WORD.findall(record["text"]))
    return 100.0 * sum(float(v) for v in record.get("mqm_fs") or ()) / max(words, 1)


def first_words(text: str) -> list[Span]:
    """The first-word baseline: the first word of every sentence."""
    return [match.span(1) for match in _SENTENCE_START.finditer(text)]


def sentences(text: str) -> list[Span]:
    """The every-sentence baseline: each sentence (a line split after . ! ?)."""
    return [match.span() for match in _SENTENCE.finditer(text)]


def random_spans(text: str, lengths: Sequence[int], rng: random.Random) -> list[Span]:
    """The random baseline: one span per length, starting at a random word."""
    words = [match.start() for match in _WORD.finditer(text)]
    if not words:
        return []
    spans = []
    for length in lengths:
        start = rng.choice(words)
        spans.append((start, min(start + max(length, 1), len(text))))
    return spans


@dataclass
class SpanScore:
    """Flagged spans against the gold, accumulated over documents."""

    flagged: int = 0
    right: int = 0
    right_any: int = 0
    gold_hit: int = 0
    agreed_hit: int = 0
    articles: int = 0
    characters: int = 0

    def add(
        self,
        flags: Sequence[Span],
        gold: Sequence[tuple[Span, str, str]],
        agreed: Sequence[Span],
        errors: Sequence[Span],
    ) -> None:
        self.flagged += len(flags)
        self.characters += sum(end - start for start, end in flags)
        self.articles += bool(flags)
        self.right += sum(any(overlaps(f, g) for g, _, _ in gold) for f in flags)
        self.right_any += sum(any(overlaps(f, e) for e in errors) for f in flags)
        self.gold_hit += sum(any(overlaps(f, g) for f in flags) for g, _, _ in gold)
        self.agreed_hit += sum(any(overlaps(f, a) for f in flags) for a in agreed)

    def as_dict(self, gold: int, agreed: int) -> dict[str, Any]:
        return {
            "flagged": self.flagged,
            "articles_flagged": self.articles,
            "mean_length": round(self.characters / self.flagged, 1) if self.flagged else None,
            "precision": _ratio(self.right, self.flagged),
            "precision_any_error": _ratio(self.right_any, self.flagged),
            "recall": _ratio(self.gold_hit, gold),
            "agreed_recall": _ratio(self.agreed_hit, agreed),
        }


@dataclass
class KindScore:
    """One artifact kind's findings against the rater spans of the same kind."""

    flagged: int = 0
    right: int = 0
    same_kind: int = 0
    spans: int = 0
    spans_hit: int = 0

    def add(
        self, flags: Sequence[Span], gold: Sequence[tuple[Span, str, str]], kind: Sequence[Span]
    ) -> None:
        self.flagged += len(flags)
        self.right += sum(any(overlaps(f, g) for g, _, _ in gold) for f in flags)
        self.same_kind += sum(any(overlaps(f, k) for k in kind) for f in flags)
        self.spans += len(kind)
        self.spans_hit += sum(any(overlaps(f, k) for f in flags) for k in kind)

    def as_dict(self, artifact: str) -> dict[str, Any]:
        return {
            "mqm_categories": list(ARTIFACTS[artifact].mqm),
            "flagged": self.flagged,
            "precision": _ratio(self.right, self.flagged),
            "precision_same_kind": _ratio(self.same_kind, self.flagged),
            "same_kind_spans": self.spans,
            "recall_same_kind": _ratio(self.spans_hit, self.spans),
        }


@dataclass
class MqmMeasurement:
    summary: dict[str, Any] = field(default_factory=dict)
    errors: list[InputError] = field(default_factory=list)


def _ratio(part: int, whole: int) -> float | None:
    return round(part / whole, 4) if whole else None


def _ranks(values: Sequence[float]) -> list[float]:
    order = sorted(range(len(values)), key=values.__getitem__)
    ranks = [0.0] * len(values)
    i = 0
    while i < len(order):
        j = i
        while j + 1 < len(order) and values[order[j + 1]] == values[order[i]]:
            j += 1
        for k in range(i, j + 1):
            ranks[order[k]] = (i + j) / 2
        i = j + 1
    return ranks


def pearson(xs: Sequence[float], ys: Sequence[float]) -> float | None:
    n = len(xs)
    if n < 3:
        return None
    mx, my = sum(xs) / n, sum(ys) / n
    sxy = sum((x - mx) * (y - my) for x, y in zip(xs, ys, strict=True))
    sxx = sum((x - mx) ** 2 for x in xs)
    syy = sum((y - my) ** 2 for y in ys)
    return round(sxy / math.sqrt(sxx * syy), 4) if sxx and syy else None


def spearman(xs: Sequence[float], ys: Sequence[float]) -> float | None:
    return pearson(_ranks(xs), _ranks(ys))


def measure_mqm(
    checker: Checker, records: Iterable[tuple[int, dict[str, Any]]], path: Path, seed: int = 0
) -> MqmMeasurement:
    """Measure the word-level machine-translation findings (module docstring).

    ``records`` are those that passed
    :func:`~qualitycheck.tools.labels.label_problem` for ``mqm``: offsets,
    categories and scores have their types and ranges, so a record is
    measured in full or was reported (and counted) before it got here."""
    result = MqmMeasurement()
    rng = random.Random(seed)
    findings = SpanScore()
    baselines = {
        "every_sentence": SpanScore(),
        "first_word": SpanScore(),
        "random_equal_count": SpanScore(),
    }
    rules: dict[str, SpanScore] = {}
    kinds = {artifact: KindScore() for artifact in ARTIFACTS}
    sources: dict[str, tuple[SpanScore, SpanScore, Counter[str]]] = {}
    gold_total = agreed_total = documents = 0
    by_category: Counter[str] = Counter()
    hit_by_category: Counter[str] = Counter()
    verdicts: Counter[str] = Counter()
    # (mt_probability, mqm_doc, mqm_fs_doc, Fluency/Style per 100 words, source)
    scores: list[tuple[float, float, float, float, str]] = []
    for number, record in records:
        text = record["text"]
        article = parse_text(
            text, str(record.get("id", number)), str(path), first_line_is_title=False
        )
        checked = checker.check(article)
        verdicts.update({f.rule for f in checked.findings if f.rule in ARTICLE_LEVEL})
        flagged = [
            f
            for f in checked.findings
            if f.category == "machine_translation" and f.rule not in ARTICLE_LEVEL
        ]
        gold = gold_spans(record)
        agreed = agreed_regions(gold)
        errors = [_widen(int(e["start"]), int(e["end"])) for e in record["errors"]]
        documents += 1
        gold_total += len(gold)
        agreed_total += len(agreed)
        spans = [(f.start, f.end) for f in flagged]
        findings.add(spans, gold, agreed, errors)
        mine, every, sizes = sources.setdefault(
            str(record.get("source") or "unknown"), (SpanScore(), SpanScore(), Counter())
        )
        mine.add(spans, gold, agreed, errors)
        every.add(sentences(text), gold, agreed, errors)
        sizes.update(documents=1, gold=len(gold), agreed=len(agreed))
        for artifact, score in kinds.items():
            of_kind = [
                _widen(int(e["start"]), int(e["end"]))
                for e in record["errors"]
                if same_kind(artifact, str(e.get("category", "")))
            ]
            score.add([(f.start, f.end) for f in flagged if f.artifact == artifact], gold, of_kind)
        for rule in sorted({f.rule for f in flagged}):
            own = [(f.start, f.end) for f in flagged if f.rule == rule]
            rules.setdefault(rule, SpanScore()).add(own, gold, agreed, errors)
        baselines["every_sentence"].add(sentences(text), gold, agreed, errors)
        baselines["first_word"].add(first_words(text), gold, agreed, errors)
        lengths = [end - start for start, end in spans]
        baselines["random_equal_count"].add(random_spans(text, lengths, rng), gold, agreed, errors)
        for span, category, _ in gold:
            kind = "/".join(category.split("/")[:2])
            by_category[kind] += 1
            hit_by_category[kind] += any(overlaps(s, span) for s in spans)
        mqm_doc = record.get("mqm_doc")
        if checked.mt_probability is not None and isinstance(mqm_doc, (int, float)):
            fs_doc = record.get("mqm_fs_doc")
            scores.append(
                (
                    checked.mt_probability,
                    float(mqm_doc),
                    float(fs_doc) if isinstance(fs_doc, (int, float)) else float(mqm_doc),
                    fs_per_100_words(record),
                    str(record.get("source") or "unknown"),
                )
            )
    probabilities = [s[0] for s in scores]
    result.summary = {
        "documents": documents,
        "gold_spans": gold_total,
        "agreed_regions": agreed_total,
        "findings": findings.as_dict(gold_total, agreed_total),
        "baselines": {k: v.as_dict(gold_total, agreed_total) for k, v in baselines.items()},
        "by_source": {
            source: {
                "documents": sizes["documents"],
                "gold_spans": sizes["gold"],
                "agreed_regions": sizes["agreed"],
                "findings": mine.as_dict(sizes["gold"], sizes["agreed"]),
                "every_sentence": every.as_dict(sizes["gold"], sizes["agreed"]),
            }
            for source, (mine, every, sizes) in sorted(sources.items())
        },
        "by_artifact": {artifact: score.as_dict(artifact) for artifact, score in kinds.items()},
        "recall_by_category": {
            kind: [_ratio(hit_by_category[kind], count), count]
            for kind, count in sorted(by_category.items())
        },
        "correlation": {
            "documents": len(scores),
            "spearman_mqm_doc": spearman(probabilities, [s[1] for s in scores]),
            "pearson_mqm_doc": pearson(probabilities, [s[1] for s in scores]),
            "spearman_mqm_fs_doc": spearman(probabilities, [s[2] for s in scores]),
            "pearson_mqm_fs_doc": pearson(probabilities, [s[2] for s in scores]),
            **_per_100_words(scores),
            "by_source": {
                source: {"documents": len(part), **_per_100_words(part)}
                for source in sorted({s[4] for s in scores})
                for part in [[s for s in scores if s[4] == source]]
            },
        },
        "article_verdicts": dict(sorted(verdicts.items())),
        "rules": {
            rule: score.as_dict(gold_total, agreed_total) for rule, score in sorted(rules.items())
        },
    }
    return result


def _per_100_words(scores: Sequence[tuple[float, float, float, float, str]]) -> dict[str, Any]:
    probabilities, targets = [s[0] for s in scores], [s[3] for s in scores]
    return {
        "spearman_fs_per_100_words": spearman(probabilities, targets),
        "pearson_fs_per_100_words": pearson(probabilities, targets),
    }


def _show(value: float | None) -> str:
    return "  n/a" if value is None else f"{value:.3f}"


def format_mqm(summary: dict[str, Any]) -> list[str]:
    """The text report's lines for the mqm task."""

    def line(name: str, row: dict[str, Any]) -> str:
        return (
            f"  {name:<34} flagged {row['flagged']:>5} ({row['mean_length'] or 0:>5.1f} chars)"
            f"  precision {_show(row['precision'])}"
            f"  recall {_show(row['recall'])}  agreed recall {_show(row['agreed_recall'])}"
            f"  (any error {_show(row['precision_any_error'])})"
        )

    lines = [
        f"  documents {summary['documents']}, Fluency/Style spans {summary['gold_spans']}, "
        f"agreed regions {summary['agreed_regions']}",
        line("findings", summary["findings"]),
    ]
    lines += [line(f"baseline {k}", v) for k, v in summary["baselines"].items()]
    for source, part in summary["by_source"].items():
        lines.append(
            f"  {source}: documents {part['documents']}, spans {part['gold_spans']}, "
            f"agreed regions {part['agreed_regions']}"
        )
        lines.append(line("  findings", part["findings"]))
        lines.append(line("  baseline every_sentence", part["every_sentence"]))
    if summary["rules"]:
        lines.append("  per rule:")
        lines += [line(rule, row) for rule, row in summary["rules"].items()]
    lines.append("  per artifact kind (same kind: a span of its MQM categories):")
    lines += [
        f"  {artifact:<34} flagged {row['flagged']:>5}  precision {_show(row['precision'])}"
        f"  same kind {_show(row['precision_same_kind'])}"
        f"  recall of {row['same_kind_spans']} same-kind spans {_show(row['recall_same_kind'])}"
        for artifact, row in summary["by_artifact"].items()
    ]
    lines.append(f"  recall_by_category: {summary['recall_by_category']}")
    lines.append(f"  correlation: {summary['correlation']}")
    lines.append(f"  article_verdicts: {summary['article_verdicts']}")
    return lines
