"""Can the English text alone estimate post-editing effort? (issue 15.3)

The target is a document's MQM Fluency/Style penalty per 100 words: the sum of
its segments' ``mqm_fs`` (Major 5, Minor 1, minor punctuation 0.1, averaged
over the segment's raters) over its words, times 100, in ``corpus/mqm``
(WMT23 zh-en news, three raters a segment; WMT21 TED zh-en, one rater). The
candidates are ridge regressions on ``log1p`` of the target over document
statistics that do not name the topic (docs/accuracy.md, "Post-editing effort
(issue 15.3)"):

- the mt model's style statistics (``s:``: function-word shares, word
  length, sentence length and its spread, punctuation habits) and sentence
  aggregates (``a:``: the sentence model's mean, top three, maximum, share);
- ``e:``: the mt article model's margin, the spread and minimum of the
  sentence margins, mt rule findings per 100 words, long and short sentences,
  commas, quotation marks and short quoted terms per sentence, passives,
  nominalisations, "and"/"of" per sentence, sentences opening with the word
  the previous one opened with;
- ``lm:unseen_bigram``: the share of adjacent word pairs (both words seen
  five times or more) that never occur in the original English news of
  ``corpus/attribution/train.jsonl`` (a crude fluency score).

Protocol: every candidate (feature set x training sources x fixed effects x
alpha) is scored by cross-validation on train grouped by source document (a
source's versions by every system, a talk's chunks, stay in one fold), 5
folds repeated over 6 seeded shuffles; a fold's Spearman is computed per
source inside the fold (pooling folds biases grouped-CV correlations
downwards), and the criterion is the mean of the news and TED figures. The
best candidate is fitted on all of train and measured once on dev, beside the
baselines scored the same way: ``mt_probability``, mean sentence length, the
sentence model's mean margin, mt rule findings per 100 words. "Fixed
effects" fits on the deviations from each source document's mean (which
features tell better from worse translations of the same text), so the
weights cannot learn which topics are hard.

Nothing from an audit split is read. Needs scikit-learn (``.[train]``).

    python benchmarks/post_edit_effort.py            # text tables (about a minute)
    python benchmarks/post_edit_effort.py --json     # the same as JSON
"""

from __future__ import annotations

import argparse
import json
import math
import random
import re
import sys
from collections import Counter, defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from itertools import pairwise
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
CORPUS = REPO.parent / "shared" / "corpus"
sys.path.insert(0, str(REPO))

from qualitycheck.config.settings import Config  # noqa: E402
from qualitycheck.detect.models.apply import SHIPPED  # noqa: E402
from qualitycheck.detect.models.mt.detector import MtDetector  # noqa: E402
from qualitycheck.detect.models.mt.tokens import WORD, tokens  # noqa: E402
from qualitycheck.pipeline.checker import Checker  # noqa: E402
from qualitycheck.readers.txt import parse_text  # noqa: E402
from qualitycheck.tools.mqm_evaluation import fs_per_100_words, pearson, spearman  # noqa: E402

NEWS, TED = "wmt23-zhen-news", "ted-zhen"
SOURCES = (NEWS, TED)
FOLDS, SEEDS, BOOTSTRAP = 5, 6, 1000
ALPHAS = (3.0, 30.0, 300.0)
MT = "machine_translation"

_QUOTES = re.compile(r"[\"“”「」『』]")
#: One to three words between quotation marks: the source's quotation marks
#: around a name or term, carried over by an engine.
_QUOTED_TERM = re.compile(r"[\"“”「『]\s?[^\W_]+(?:[\s-][^\W_]+){0,2}\s?[\"“”」』]")
_PASSIVE = re.compile(r"\b(?:is|are|was|were|be|been|being)\s+\w+ed\b", re.I)
_NOMINAL = re.compile(r"\w{3,}(?:tion|ment|ness|ity)s?\b", re.I)
#: "US"/"UK" without full stops: the MQM raters' style guide marks "US" as a
#: Major spelling error (81 Major spans in news train), a house-style rule
#: (AP writes "U.S.", the BBC "US"), so it is measured apart, never a candidate.
_US = re.compile(r"\b(?:US|UK)\b")


class Bigrams:
    """Adjacent lower-cased word pairs of original English news."""

    def __init__(self, path: Path) -> None:
        self.words: Counter[str] = Counter()
        self.pairs: set[tuple[str, str]] = set()
        for row in read(path):
            for line in str(row.get("text") or "").split("\n"):
                words = [w.lower() for w in tokens(line)]
                self.words.update(words)
                self.pairs.update(pairwise(words))

    def unseen_share(self, lines: Sequence[str]) -> float:
        seen = unseen = 0
        for line in lines:
            words = [w.lower() for w in tokens(line)]
            for a, b in pairwise(words):
                if self.words[a] >= 5 and self.words[b] >= 5:
                    seen += 1
                    unseen += (a, b) not in self.pairs
        return unseen / max(seen, 1)


def effort_features(
    row: dict[str, float],
    sentences: Sequence[str],
    margins: Sequence[float],
    rules: int,
    article_margin: float,
) -> dict[str, float]:
    """The ``s:``/``a:`` statistics of the mt row and the ``e:`` counts."""
    out = {k: v for k, v in row.items() if k.startswith(("s:", "a:"))}
    lengths = [len(WORD.findall(sentence)) for sentence in sentences]
    words = max(sum(lengths), 1)
    count = max(len(sentences), 1)
    text = "\n".join(sentences)
    lower = [w.lower() for w in WORD.findall(text)]
    firsts = [s.split(None, 1)[0].lower() if s.split() else "" for s in sentences]
    out["e:rules_per_100"] = math.log1p(100 * rules / words)
    out["e:article_margin"] = article_margin
    if margins:
        mean = sum(margins) / len(margins)
        out["e:margin_spread"] = math.sqrt(sum((m - mean) ** 2 for m in margins) / len(margins))
        out["e:margin_min"] = min(margins)
    out["e:long_sentences"] = sum(n > 35 for n in lengths) / count
    out["e:short_sentences"] = sum(0 < n < 8 for n in lengths) / count
    out["e:commas"] = math.log1p(text.count(",") / count)
    out["e:quotes"] = math.log1p(len(_QUOTES.findall(text)) / count)
    out["e:quoted_terms"] = math.log1p(len(_QUOTED_TERM.findall(text)) / count)
    out["e:passive"] = math.log1p(len(_PASSIVE.findall(text)) / count)
    out["e:nominal"] = len(_NOMINAL.findall(text)) / words
    out["e:and"] = lower.count("and") / count
    out["e:of"] = lower.count("of") / count
    out["e:same_start"] = sum(a == b for a, b in pairwise(firsts)) / count
    out["x:us"] = math.log1p(100 * len(_US.findall(text)) / words)
    return out


def featurise(records: Sequence[dict[str, Any]], bigrams: Bigrams) -> list[dict[str, Any]]:
    """Per record: the features, the target, and the baselines' values."""
    checker = Checker(Config(use_models=False))
    detector = MtDetector.load(SHIPPED)
    rows = []
    for record in records:
        article = parse_text(record["text"], record["id"], record["id"], first_line_is_title=False)
        findings = checker.rule_findings(article)
        row, spans, margins = detector.features(article, findings)
        sentences = [block.text[start:end] for block, start, end in spans]
        rules = sum(1 for f in findings if f.category == MT)
        features = effort_features(row, sentences, margins, rules, detector.model.margin(row))
        features["lm:unseen_bigram"] = bigrams.unseen_share(record["text"].split("\n"))
        lengths = [len(WORD.findall(s)) for s in sentences]
        rows.append(
            {
                "features": features,
                "y": fs_per_100_words(record),
                "source": record["source"],
                "group": record["group"],
                "doc": record["doc"],
                "baselines": {
                    "mt_probability": detector.model.probability(row),
                    "mean_sentence_length": sum(lengths) / max(len(lengths), 1),
                    "sentence_model_mean_margin": row.get("a:mean", 0.0),
                    "mt_rule_findings_per_100_words": 100 * rules / max(sum(lengths), 1),
                },
            }
        )
    return rows


@dataclass(frozen=True)
class Candidate:
    features: str
    sources: tuple[str, ...]
    fixed_effects: bool
    alpha: float

    @property
    def name(self) -> str:
        trained = "news" if self.sources == (NEWS,) else "news+TED"
        effects = ", fixed effects" if self.fixed_effects else ""
        return f"{self.features} (train {trained}{effects}, alpha {self.alpha:g})"


def feature_sets(names: Sequence[str]) -> dict[str, list[str]]:
    dense = [n for n in names if n.startswith(("s:", "a:", "e:"))]
    selected = [
        "a:mean", "a:share", "a:top3", "a:max", "e:article_margin", "e:margin_spread",
        "e:quotes", "e:quoted_terms", "e:commas", "e:long_sentences", "e:short_sentences",
        "e:rules_per_100", "s:sentence_spread", "s:sentence_words", "s:function_share",
        "s:unterminated", "s:no_capitals", "s:mattr", "s:repetition", "e:passive",
        "e:nominal", "e:and", "e:of", "e:same_start",
    ]  # fmt: skip
    return {
        "margin+quotes": ["e:article_margin", "e:quotes", "e:quoted_terms"],
        "selected": selected,
        "all": dense,
        "all+bigrams": [*dense, "lm:unseen_bigram"],
    }


Predictor = Callable[[Sequence[dict[str, Any]]], list[float]]


def fit(rows: Sequence[dict[str, Any]], names: Sequence[str], candidate: Candidate) -> Predictor:
    """A ridge regression on standardised features and ``log1p`` of the target."""
    import numpy as np
    from sklearn.linear_model import Ridge

    def matrix(part: Sequence[dict[str, Any]]) -> Any:
        return np.array([[r["features"].get(n, 0.0) for n in names] for r in part])

    used = [r for r in rows if r["source"] in candidate.sources]
    x = matrix(used)
    y = np.log1p([r["y"] for r in used])
    mean, scale = x.mean(axis=0), x.std(axis=0)
    scale[scale == 0] = 1.0
    z = (x - mean) / scale
    if candidate.fixed_effects:
        groups: dict[str, list[int]] = defaultdict(list)
        for index, row in enumerate(used):
            groups[row["group"]].append(index)
        zd, yd = z.copy(), y.copy()
        for index in groups.values():
            zd[index] -= z[index].mean(axis=0)
            yd[index] -= y[index].mean()
        coef = Ridge(alpha=candidate.alpha, fit_intercept=False).fit(zd, yd).coef_
        intercept = float(y.mean() - z.mean(axis=0) @ coef)
    else:
        ridge = Ridge(alpha=candidate.alpha).fit(z, y)
        coef, intercept = ridge.coef_, float(ridge.intercept_)

    def predict(part: Sequence[dict[str, Any]]) -> list[float]:
        values = ((matrix(part) - mean) / scale) @ coef + intercept
        return [max(math.expm1(float(v)), 0.0) for v in values]

    return predict


def folds_for(rows: Sequence[dict[str, Any]], seed: int) -> list[int]:
    """Source documents (talks) dealt to folds, shuffled per source with ``seed``."""
    rng = random.Random(seed)
    fold_of: dict[tuple[str, str], int] = {}
    for source in SOURCES:
        groups = sorted({r["group"] for r in rows if r["source"] == source})
        rng.shuffle(groups)
        fold_of.update(((source, g), i % FOLDS) for i, g in enumerate(groups))
    return [fold_of[(r["source"], r["group"])] for r in rows]


def per_fold(
    rows: Sequence[dict[str, Any]],
    score: Callable[[list[dict[str, Any]], list[dict[str, Any]]], list[float]],
) -> dict[tuple[int, int], dict[str, float]]:
    """The Spearman per source inside each held-out fold, by (seed, fold), over
    the repeated grouped folds (a source with five rows or fewer in a fold, or
    no spread, gives no figure there)."""
    figures: dict[tuple[int, int], dict[str, float]] = {}
    for seed in range(SEEDS):
        folds = folds_for(rows, seed)
        for fold in range(FOLDS):
            held = [r for r, f in zip(rows, folds, strict=True) if f == fold]
            rest = [r for r, f in zip(rows, folds, strict=True) if f != fold]
            predicted = score(rest, held)
            for source in SOURCES:
                part = [i for i, r in enumerate(held) if r["source"] == source]
                value = spearman([predicted[i] for i in part], [held[i]["y"] for i in part])
                if len(part) > 5 and value is not None:
                    figures.setdefault((seed, fold), {})[source] = value
    return figures


def cross_validate(
    rows: Sequence[dict[str, Any]],
    score: Callable[[list[dict[str, Any]], list[dict[str, Any]]], list[float]],
) -> dict[str, float]:
    """Mean per-fold Spearman per source over the repeated grouped folds."""
    figures: dict[str, list[float]] = defaultdict(list)
    for by_source in per_fold(rows, score).values():
        for source, value in by_source.items():
            figures[source].append(value)
    result = {s: round(sum(v) / len(v), 3) for s, v in figures.items()}
    result["criterion"] = round(sum(result[s] for s in SOURCES) / len(SOURCES), 3)
    return result


def correlations(predicted: Sequence[float], rows: Sequence[dict[str, Any]]) -> dict[str, Any]:
    """Spearman and Pearson with the target, overall and per source, and the
    mean Spearman among the versions of one news source document (does it
    rank the systems that translated the same text?)."""
    out: dict[str, Any] = {}
    for name in ("all", *SOURCES):
        part = [i for i, r in enumerate(rows) if name in ("all", r["source"])]
        xs, ys = [predicted[i] for i in part], [rows[i]["y"] for i in part]
        out[name] = {"n": len(part), "spearman": spearman(xs, ys), "pearson": pearson(xs, ys)}
    by_doc: dict[str, list[int]] = defaultdict(list)
    for i, row in enumerate(rows):
        if row["source"] == NEWS:
            by_doc[row["group"]].append(i)
    within = [
        spearman([predicted[i] for i in part], [rows[i]["y"] for i in part])
        for part in by_doc.values()
    ]
    values = [v for v in within if v is not None]
    out["news_within_document"] = round(sum(values) / len(values), 3) if values else None
    return out


def bootstrap_difference(
    mine: Sequence[float], other: Sequence[float], rows: Sequence[dict[str, Any]], source: str
) -> dict[str, float]:
    """Spearman(mine) - Spearman(other) over resampled documents (``doc``: a
    news source document with its versions, a TED chunk with its versions)."""
    units: dict[str, list[int]] = defaultdict(list)
    for i, row in enumerate(rows):
        if source in ("all", row["source"]):
            units[row["doc"].split(":")[0] if row["source"] == NEWS else row["doc"]].append(i)
    keys = sorted(units)
    rng = random.Random(0)
    differences = []
    for _ in range(BOOTSTRAP):
        sample = [i for key in (rng.choice(keys) for _ in keys) for i in units[key]]
        ys = [rows[i]["y"] for i in sample]
        a = spearman([mine[i] for i in sample], ys)
        b = spearman([other[i] for i in sample], ys)
        if a is not None and b is not None:
            differences.append(a - b)
    differences.sort()
    return {
        "mean": round(sum(differences) / len(differences), 3),
        "low_5": round(differences[int(0.05 * len(differences))], 3),
        "high_95": round(differences[int(0.95 * len(differences)) - 1], 3),
        "share_at_or_below_0": round(sum(d <= 0 for d in differences) / len(differences), 3),
    }


def read(path: Path) -> list[dict[str, Any]]:
    with path.open(encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


def measure() -> dict[str, Any]:
    bigrams = Bigrams(CORPUS / "attribution" / "train.jsonl")
    train = featurise(read(CORPUS / "mqm" / "train.jsonl"), bigrams)
    dev = featurise(read(CORPUS / "mqm" / "dev.jsonl"), bigrams)
    sets = feature_sets(sorted({n for r in train for n in r["features"]}))
    candidates = [
        Candidate(features, sources, effects, alpha)
        for features in sets
        for sources in ((NEWS,), SOURCES)
        for effects in (False, True)
        for alpha in ALPHAS
    ]
    cv = {
        c: cross_validate(train, lambda rest, held, c=c: fit(rest, sets[c.features], c)(held))
        for c in candidates
    }
    chosen = max(candidates, key=lambda c: cv[c]["criterion"])
    baselines = list(train[0]["baselines"])
    cv_baselines = {
        name: cross_validate(train, lambda _, held, n=name: [r["baselines"][n] for r in held])
        for name in baselines
    }
    estimate = fit(train, sets[chosen.features], chosen)(dev)
    with_us = fit(train, [*sets[chosen.features], "x:us"], chosen)
    us_cv = cross_validate(
        train, lambda rest, held: fit(rest, [*sets[chosen.features], "x:us"], chosen)(held)
    )
    mt_probability = [r["baselines"]["mt_probability"] for r in dev]
    return {
        "target": "MQM Fluency/Style penalty points per 100 words",
        "documents": {"train": len(train), "dev": len(dev)},
        "mean_target": {
            f"{split} {source}": round(
                sum(r["y"] for r in rows if r["source"] == source)
                / max(sum(r["source"] == source for r in rows), 1),
                3,
            )
            for split, rows in (("train", train), ("dev", dev))
            for source in SOURCES
        },
        "cv_candidates": sorted(
            ({"candidate": c.name, **cv[c]} for c in candidates),
            key=lambda row: -row["criterion"],
        ),
        "cv_baselines": cv_baselines,
        "chosen": chosen.name,
        "dev_estimate": correlations(estimate, dev),
        "dev_baselines": {
            name: correlations([r["baselines"][name] for r in dev], dev) for name in baselines
        },
        "dev_estimate_minus_mt_probability": {
            source: bootstrap_difference(estimate, mt_probability, dev, source)
            for source in ("all", *SOURCES)
        },
        "with_us_feature": {"cv": us_cv, "dev": correlations(with_us(dev), dev)},
    }


def show(report: dict[str, Any]) -> list[str]:
    def figure(value: float | None) -> str:
        return "   n/a" if value is None else f"{value:+.3f}"

    def dev_line(name: str, part: dict[str, Any]) -> str:
        cells = "  ".join(
            f"{s} {figure(part[s]['spearman'])} / {figure(part[s]['pearson'])}"
            for s in ("all", *SOURCES)
        )
        return f"  {name:<44} {cells}  within-doc {figure(part['news_within_document'])}"

    lines = [
        f"target: {report['target']}; mean {report['mean_target']}",
        "grouped CV on train (mean per-fold Spearman; criterion = mean of the two sources):",
    ]
    for row in report["cv_candidates"][:8]:
        lines.append(
            f"  {row['candidate']:<58} news {row[NEWS]:+.3f}  TED {row[TED]:+.3f}"
            f"  criterion {row['criterion']:+.3f}"
        )
    lines.append(f"  ... {len(report['cv_candidates']) - 8} more candidates")
    for name, row in report["cv_baselines"].items():
        lines.append(
            f"  baseline {name:<49} news {row[NEWS]:+.3f}  TED {row[TED]:+.3f}"
            f"  criterion {row['criterion']:+.3f}"
        )
    lines.append(f"chosen: {report['chosen']}")
    lines.append("dev (Spearman / Pearson):")
    lines.append(dev_line("estimate", report["dev_estimate"]))
    for name, part in report["dev_baselines"].items():
        lines.append(dev_line(f"baseline {name}", part))
    lines.append("dev, estimate minus mt_probability (Spearman, documents resampled):")
    for source, row in report["dev_estimate_minus_mt_probability"].items():
        lines.append(
            f"  {source:<16} mean {row['mean']:+.3f}  90% [{row['low_5']:+.3f}, "
            f"{row['high_95']:+.3f}]  share <= 0: {row['share_at_or_below_0']:.3f}"
        )
    us = report["with_us_feature"]
    lines.append(
        f"with the 'US' feature (not a candidate): CV news {us['cv'][NEWS]:+.3f} TED "
        f"{us['cv'][TED]:+.3f} criterion {us['cv']['criterion']:+.3f}"
    )
    lines.append(dev_line("  dev", us["dev"]))
    return lines


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--json", action="store_true", help="print the measurements as JSON")
    args = parser.parse_args(argv)
    if not (CORPUS / "mqm" / "train.jsonl").is_file():
        print(f"no corpus at {CORPUS / 'mqm'}", file=sys.stderr)
        return 2
    report = measure()
    print(json.dumps(report, indent=1) if args.json else "\n".join(show(report)))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
