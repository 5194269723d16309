"""Can a cheap learned model find the words translators mark as MT errors?

A probe, not a shipped detector (docs/accuracy.md, "MT artifact spans against
MQM (issue 15)"): a token-level logistic regression over token n-grams and
word shapes (the word, its neighbours, word pairs and triples, the shapes of
the three tokens, the space around punctuation), fitted on the Fluency/Style
spans of ``corpus/mqm/train.jsonl`` (a token is positive when any rater's
Fluency/Style span covers it) and measured on ``corpus/mqm/dev.jsonl`` the
way ``qualitycheck evaluate --task mqm`` measures findings: runs of tokens at
or above a threshold are the flagged spans; precision = flagged spans that
overlap a Fluency/Style span, agreed recall = agreed regions (two raters)
that a flagged span overlaps. The false-alarm side: how many original
English articles (``corpus/mt/dev.jsonl`` originals and
``corpus/attribution/dev.jsonl``) get at least one flagged span.

``--negatives originals`` adds the original English articles of
``corpus/mt/train.jsonl`` as all-negative text, so the model sees ordinary
English too. Nothing from an audit split is read.

    python benchmarks/mqm_spans.py                       # MQM train only
    python benchmarks/mqm_spans.py --negatives originals # plus original English
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
CORPUS = REPO.parent / "shared" / "corpus"
sys.path.insert(0, str(REPO))

from qualitycheck.tools.mqm_evaluation import (  # noqa: E402
    Span,
    agreed_regions,
    gold_spans,
    overlaps,
)

TOKEN = re.compile(r"\w+(?:['’]\w+)*|[^\w\s]")
Token = tuple[int, int, str]


def shape(word: str) -> str:
    if word.isdigit():
        return "9"
    if not word[0].isalnum():
        return word
    if word.isupper() and len(word) > 1:
        return "AA"
    return "Aa" if word[0].isupper() else "a"


def lines(text: str) -> Iterator[list[Token]]:
    for line in re.finditer(r"[^\n]+", text):
        yield [
            (m.start() + line.start(), m.end() + line.start(), m.group())
            for m in TOKEN.finditer(line.group())
        ]


def features(tokens: list[Token], text: str, i: int) -> list[str]:
    """A token's features: the word and its neighbours, pairs, triples, shapes."""

    def word(j: int) -> str:
        return "<s>" if j < 0 else "</s>" if j >= len(tokens) else tokens[j][2].lower()

    def form(j: int) -> str:
        return "<s>" if j < 0 else "</s>" if j >= len(tokens) else shape(tokens[j][2])

    start, _, token = tokens[i]
    w, p1, n1, p2, n2 = word(i), word(i - 1), word(i + 1), word(i - 2), word(i + 2)
    found = [
        f"w={w}",
        f"p={p1}|{w}",
        f"n={w}|{n1}",
        f"t={p1}|{w}|{n1}",
        f"pp={p2}|{p1}|{w}",
        f"nn={w}|{n1}|{n2}",
        f"s={form(i - 1)}{form(i)}{form(i + 1)}",
        f"sw={form(i - 1)}|{w}",
        f"ws={w}|{form(i + 1)}",
    ]
    if i == 0:
        found.append("first")
    if i == len(tokens) - 1:
        found.append(f"last={w}")
    if not token[0].isalnum():
        found.append(f"space={start > 0 and text[start - 1] == ' '}{token}")
    return found


def read(path: Path, originals_only: bool = False) -> list[dict[str, Any]]:
    rows = [json.loads(line) for line in path.open(encoding="utf-8") if line.strip()]
    if originals_only:
        rows = [
            {"text": r["text"], "errors": []}
            for r in rows
            if r.get("label", "original") == "original"
        ]
    return rows


def featurize(
    rows: list[dict[str, Any]],
) -> tuple[list[list[str]], list[int], list[tuple[int, int, int]]]:
    x, y, where = [], [], []
    for index, row in enumerate(rows):
        gold = [span for span, _, _ in gold_spans(row)]
        for tokens in lines(row["text"]):
            for i, (start, end, _) in enumerate(tokens):
                x.append(features(tokens, row["text"], i))
                y.append(int(any(overlaps((start, end), g) for g in gold)))
                where.append((index, start, end))
    return x, y, where


def flagged(
    where: list[tuple[int, int, int]], scores: list[float], threshold: float
) -> dict[int, list[Span]]:
    """Runs of tokens at or above ``threshold`` (one character apart at most), per row."""
    spans: dict[int, list[Span]] = {}
    previous = False
    for (row, start, end), score in zip(where, scores, strict=True):
        if score < threshold:
            previous = False
            continue
        found = spans.setdefault(row, [])
        if previous and found and start - found[-1][1] <= 1:
            found[-1] = (found[-1][0], end)
        else:
            found.append((start, end))
        previous = True
    return spans


def score(
    rows: list[dict[str, Any]], spans: dict[int, list[Span]], lower: bool = False
) -> tuple[int, float, float, Counter[str]]:
    """(flagged, precision, agreed recall, most flagged texts) of ``spans`` by row
    against the rows' MQM Fluency/Style spans."""
    total = right = agreed_hit = agreed_total = 0
    texts: Counter[str] = Counter()
    for index, row in enumerate(rows):
        gold = gold_spans(row)
        agreed = agreed_regions(gold)
        found = spans.get(index, [])
        total += len(found)
        right += sum(any(overlaps(f, g) for g, _, _ in gold) for f in found)
        agreed_total += len(agreed)
        agreed_hit += sum(any(overlaps(f, a) for f in found) for a in agreed)
        texts.update(row["text"][s:e].lower() if lower else row["text"][s:e] for s, e in found)
    return total, right / max(total, 1), agreed_hit / max(agreed_total, 1), texts


def vocabulary_of(rows: list[list[str]], min_count: int) -> dict[str, int]:
    """Column of every feature seen at least ``min_count`` times in ``rows``."""
    counts = Counter(f for row in rows for f in row)
    return {f: i for i, f in enumerate(sorted(f for f, n in counts.items() if n >= min_count))}


def sparse(rows: list[list[str]], vocabulary: dict[str, int]) -> Any:
    """The rows as a binary sparse matrix over ``vocabulary`` (others dropped)."""
    import numpy as np
    from scipy.sparse import csr_matrix

    cells = [(i, vocabulary[f]) for i, row in enumerate(rows) for f in row if f in vocabulary]
    r, c = zip(*cells, strict=True) if cells else ((), ())
    return csr_matrix((np.ones(len(r)), (r, c)), shape=(len(rows), len(vocabulary)))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--negatives", choices=("none", "originals"), default="none")
    parser.add_argument("--c", type=float, default=0.1, help="inverse regularisation strength")
    parser.add_argument("--min-count", type=int, default=3)
    args = parser.parse_args()
    mqm = CORPUS / "mqm"
    if not (mqm / "train.jsonl").is_file():
        print(f"{mqm}: not found", file=sys.stderr)
        return 1
    from sklearn.linear_model import LogisticRegression
    from sklearn.metrics import roc_auc_score

    train = read(mqm / "train.jsonl")
    if args.negatives == "originals":
        train += read(CORPUS / "mt" / "train.jsonl", originals_only=True)
    dev = read(mqm / "dev.jsonl")
    clean = read(CORPUS / "mt" / "dev.jsonl", True) + read(
        CORPUS / "attribution" / "dev.jsonl", True
    )
    x_train, y_train, _ = featurize(train)
    x_dev, y_dev, where_dev = featurize(dev)
    x_clean, _, where_clean = featurize(clean)
    vocabulary = vocabulary_of(x_train, args.min_count)

    def matrix(rows: list[list[str]]) -> Any:
        return sparse(rows, vocabulary)

    model = LogisticRegression(C=args.c, max_iter=3000)
    model.fit(matrix(x_train), y_train)
    dev_scores = list(model.predict_proba(matrix(x_dev))[:, 1])
    clean_scores = list(model.predict_proba(matrix(x_clean))[:, 1])
    print(
        f"train tokens {len(y_train)} (positive {sum(y_train) / len(y_train):.3f}), "
        f"features {len(vocabulary)}, C {args.c}, negatives {args.negatives}"
    )
    print(f"dev token ROC-AUC {roc_auc_score(y_dev, dev_scores):.3f}; clean articles {len(clean)}")
    for threshold in (0.3, 0.4, 0.5, 0.6, 0.7):
        spans = flagged(where_dev, dev_scores, threshold)
        total, precision, recall, texts = score(dev, spans)
        alarms = flagged(where_clean, clean_scores, threshold)
        print(
            f"  threshold {threshold}: flagged {total:>4}  precision {precision:.3f}"
            f"  agreed recall {recall:.3f}"
            f"  | clean articles with a span {len(alarms)}/{len(clean)}"
            f" ({sum(map(len, alarms.values()))} spans)"
            f"  most flagged: {texts.most_common(3)}"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
