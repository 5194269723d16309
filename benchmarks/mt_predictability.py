"""Does how predictable the English is tell machine from human translation?

Machine translation is said to be flatter than human translation: commoner
words, commoner word pairs. This measures that signal for the mt article model
(issue 15, item 2: machine vs human translation with source languages held out)
with two kinds of document statistics:

- ``lm_*``: a word-bigram language model (interpolated absolute discounting,
  D = 0.75, Kneser-Ney continuation counts for the unigrams) fitted on half of
  the PolNeAR train articles (original English news; the half is fixed by a hash
  of the article id, and the articles of that half are left out of every
  figure below, since the model has read them): mean and median log
  probability per token, the share of bigrams it never saw, and the mean gain
  of the bigram over the unigram probability;
- ``g_*``: the English word and word-pair counts the ``symspellpy`` wheel
  carries (``bench`` extra; see ``mqm_phrase_salad.Usage``): mean log
  frequency of the words, the share not in its list, and the share of pairs of
  common words that it lists.

Three measurements, all on ``train`` as ``benchmarks/mt_data.py`` writes it:

1. **Paired**: for the 115 source documents with both a machine and a human
   translation, how often the machine version is the more predictable one.
2. **Alone**: ROC-AUC of each statistic, machine against human translation.
3. **With the model**: the shipped trainer's out-of-fold article margins in
   both of its schemes (systems held out, source languages held out; the same
   folds as ``qualitycheck train --task mt``), and a logistic regression over
   the margin and the statistics fitted fold by fold on the same folds: does
   adding them raise the out-of-fold ROC-AUC?

    python benchmarks/mt_data.py --output /tmp/mt-data
    python benchmarks/mt_predictability.py /tmp/mt-data/train.jsonl   # ~15 min CPU
"""

from __future__ import annotations

import argparse
import hashlib
import json
import math
import re
import statistics
import sys
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from itertools import pairwise
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent))

CORPUS = HERE.parent.parent / "shared" / "corpus"
_TOKEN = re.compile(r"[A-Za-z]+(?:'[a-z]+)?|\d+|[^\sA-Za-z\d]")
#: A pair of words counts as common when its expected count, were English to
#: choose words independently, is at least this (as in ``mqm_phrase_salad``).
COMMON_PAIR = 3e5
LM_KEYS = ("lm_mean", "lm_median", "lm_unseen", "lm_gain")
USAGE_KEYS = ("g_logfreq", "g_oov", "g_pair_listed")


def words(line: str) -> list[str]:
    """Lower-case word, number and punctuation tokens (curly apostrophes made straight)."""
    return [w.lower() for w in _TOKEN.findall(line.replace("\u2019", "'"))]


def in_language_model_half(identifier: str) -> bool:
    """Whether a PolNeAR article belongs to the half the language model reads."""
    return hashlib.sha1(identifier.encode()).digest()[0] % 2 == 0


class BigramModel:
    """Word bigrams with interpolated absolute discounting (Kneser-Ney unigrams)."""

    DISCOUNT = 0.75

    def __init__(self, texts: Iterable[str]) -> None:
        self.unigrams: Counter[str] = Counter()
        self.bigrams: Counter[tuple[str, str]] = Counter()
        for text in texts:
            for line in text.split("\n"):
                tokens = ["<s>", *words(line), "</s>"]
                self.unigrams.update(tokens)
                self.bigrams.update(pairwise(tokens))
        self.continuations = Counter(b for _, b in self.bigrams)
        self.followers = Counter(a for a, _ in self.bigrams)
        self.types = len(self.bigrams)
        self.vocabulary = len(self.unigrams) + 1

    def unigram(self, word: str) -> float:
        return (self.continuations.get(word, 0) + 0.5) / (self.types + 0.5 * self.vocabulary)

    def bigram(self, a: str, b: str) -> float:
        seen = self.unigrams.get(a, 0)
        if not seen:
            return self.unigram(b)
        found = max(self.bigrams.get((a, b), 0) - self.DISCOUNT, 0.0) / seen
        return found + self.DISCOUNT * self.followers[a] / seen * self.unigram(b)

    def features(self, text: str) -> dict[str, float]:
        logs: list[float] = []
        gains: list[float] = []
        unseen = 0
        for line in text.split("\n"):
            tokens = ["<s>", *words(line), "</s>"]
            for a, b in pairwise(tokens):
                log = math.log(self.bigram(a, b))
                logs.append(log)
                unseen += (a, b) not in self.bigrams
                if a in self.unigrams and b in self.unigrams:
                    gains.append(log - math.log(self.unigram(b)))
        return {
            "lm_mean": statistics.fmean(logs),
            "lm_median": statistics.median(logs),
            "lm_unseen": unseen / len(logs),
            "lm_gain": statistics.fmean(gains) if gains else 0.0,
        }


def usage_features(text: str, counts: Any) -> dict[str, float]:
    """Word frequency and listed common pairs from ``mqm_phrase_salad.Usage``."""
    logs: list[float] = []
    total = missing = common = listed = 0
    for line in text.split("\n"):
        line_words = [w for w in words(line) if w.isalpha()]
        for word in line_words:
            total += 1
            if word in counts.words:
                logs.append(math.log(counts.words[word] / counts.total))
            else:
                missing += 1
        for a, b in pairwise(line_words):
            if a in counts.words and b in counts.words and counts.expected(a, b) >= COMMON_PAIR:
                common += 1
                listed += (a, b) in counts.pairs
    return {
        "g_logfreq": statistics.fmean(logs) if logs else 0.0,
        "g_oov": missing / max(total, 1),
        "g_pair_listed": listed / common if common else 0.5,
    }


def out_of_fold_margins(records: Sequence[dict[str, Any]]) -> list[dict[str, Any]]:
    """The shipped mt trainer's out-of-fold article margins in both schemes."""
    from qualitycheck.config.settings import Config
    from qualitycheck.detect.models.mt import kind_of
    from qualitycheck.detect.models.mt.crossval import out_of_fold
    from qualitycheck.detect.models.mt.documents import (
        assign_folds,
        documents,
        language_folds,
    )
    from qualitycheck.detect.models.mt.fitting import Settings
    from qualitycheck.pipeline.checker import Checker

    config = Config()
    config.use_models = False  # as `train` runs the rules
    settings = Settings()
    docs = documents(records, Checker(config))
    c = settings.article_cs[0]
    assign_folds(docs, settings.folds, 0)
    systems = [d.fold for d in docs]
    by_system = out_of_fold(docs, systems, settings, (c,)).margins[c]
    language_folds(docs, 0)
    languages = [d.fold for d in docs]
    by_language = out_of_fold(docs, languages, settings, (c,)).margins[c]
    return [
        {
            "label": d.label,
            "kind": kind_of(d.label, d.source),
            "group": d.group,
            "folds": {"systems": s, "languages": g},
            "margins": {"systems": ms, "languages": ml},
        }
        for d, s, g, ms, ml in zip(docs, systems, languages, by_system, by_language, strict=True)
    ]


def paired_share(rows: Sequence[dict[str, Any]], key: str) -> tuple[float, int]:
    """Share of source documents whose machine version has the higher ``key``."""
    by_group: dict[str, dict[str, float]] = defaultdict(dict)
    for row in rows:
        by_group[row["group"]].setdefault(row["label"], row["stats"][key])
    pairs = [g for g in by_group.values() if "machine" in g and "human_translation" in g]
    wins = sum(g["machine"] > g["human_translation"] for g in pairs)
    return wins / max(len(pairs), 1), len(pairs)


def auc(rows: Sequence[dict[str, Any]], scores: Sequence[float], negative: str) -> float:
    from sklearn.metrics import roc_auc_score

    chosen = [i for i, r in enumerate(rows) if r["label"] == "machine" or r["kind"] == negative]
    labels = [rows[i]["label"] == "machine" for i in chosen]
    return float(roc_auc_score(labels, [scores[i] for i in chosen]))


def combined_margins(
    rows: Sequence[dict[str, Any]], scheme: str, keys: Sequence[str]
) -> list[float]:
    """Out-of-fold scores of a logistic regression over the margin and ``keys``."""
    import numpy as np
    from sklearn.linear_model import LogisticRegression

    matrix = np.array([[r["margins"][scheme], *(r["stats"][k] for k in keys)] for r in rows])
    labels = np.array([r["label"] == "machine" for r in rows])
    folds = np.array([r["folds"][scheme] for r in rows])
    scores = np.zeros(len(rows))
    for fold in sorted(set(folds.tolist())):
        train = folds != fold
        mean, scale = matrix[train].mean(0), matrix[train].std(0)
        model = LogisticRegression(C=1.0, class_weight="balanced", max_iter=1000)
        model.fit((matrix[train] - mean) / scale, labels[train])
        scores[~train] = model.decision_function((matrix[~train] - mean) / scale)
    return scores.tolist()


NEGATIVES = ("human_translation", "original:wmt", "original:article-extraction", "original:polnear")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("data", help="train.jsonl written by benchmarks/mt_data.py")
    args = parser.parse_args(argv)
    from mqm_phrase_salad import Usage

    from qualitycheck.readers.labeled import labeled_records

    records = list(labeled_records(Path(args.data)))
    polnear = CORPUS / "attribution" / "train.jsonl"
    modelled = set()
    texts = []
    with polnear.open(encoding="utf-8") as stream:
        for line in stream:
            article = json.loads(line)
            if in_language_model_half(article["id"]):
                modelled.add(article["id"])
                texts.append(article["text"])
    language_model = BigramModel(texts)
    counts = Usage()
    rows = out_of_fold_margins(records)
    for row, record in zip(rows, records, strict=True):
        row["stats"] = {
            **language_model.features(record["text"]),
            **usage_features(record["text"], counts),
        }
        row["modelled"] = record.get("id") in modelled
    rows = [r for r in rows if not r["modelled"]]
    left_out = len(records) - len(rows)
    print(f"{len(rows)} documents ({left_out} PolNeAR articles the LM read left out)")
    print("\n| statistic | machine higher, same source | ROC-AUC machine vs human |")
    print("|---|---:|---:|")
    for key in (*LM_KEYS, *USAGE_KEYS):
        share, pairs = paired_share(rows, key)
        values = [r["stats"][key] for r in rows]
        print(f"| {key} | {share:.3f} of {pairs} | {auc(rows, values, 'human_translation'):.3f} |")
    print_with_model(rows, {"+ lm": LM_KEYS, "+ usage": USAGE_KEYS, "+ both": LM_KEYS + USAGE_KEYS})
    return 0


def print_with_model(rows: Sequence[dict[str, Any]], sets: dict[str, Sequence[str]]) -> None:
    """The table of out-of-fold ROC-AUCs: the margin alone, then with each
    set of statistics (those that vary) in the fold-by-fold regression."""
    print("\n| scheme | features | " + " | ".join(f"vs {n}" for n in NEGATIVES) + " |")
    print("|---|---|" + "---:|" * len(NEGATIVES))
    for scheme in ("systems", "languages"):
        margins = [r["margins"][scheme] for r in rows]
        line = " | ".join(f"{auc(rows, margins, n):.3f}" for n in NEGATIVES)
        print(f"| {scheme} | margin alone | {line} |")
        for name, keys in sets.items():
            used = [k for k in keys if len({r["stats"][k] for r in rows}) > 1]
            scores = combined_margins(rows, scheme, used)
            line = " | ".join(f"{auc(rows, scores, n):.3f}" for n in NEGATIVES)
            print(f"| {scheme} | {name} | {line} |")


if __name__ == "__main__":
    raise SystemExit(main())
