"""Read dev once for the best sentence-encoder variant of ``embedding_cv.py``.

    QUALITYCHECK_EMBED_PYTHON=/path/to/embvenv/bin/python \\
    python benchmarks/embedding_dev.py claims ../shared/corpus/claims/train.jsonl \\
        ../shared/corpus/claims/dev.jsonl --variant c --scale 1
    python benchmarks/embedding_dev.py voice ../shared/corpus/attribution/train.jsonl \\
        ../shared/corpus/attribution/dev.jsonl --variant d --c 1

Kept apart from ``embedding_cv.py`` so that the cross-validation never
touches dev. Run only for a variant whose CV gain met the house rule (at
least +0.005 and one standard error, paired by fold). The variant and the
shipped design are refitted the same way on all of train (the shipped
design's rows, folds and settings), each with its threshold chosen out of
fold on train by the task's own rule, and scored on dev side by side:

* voice: binary macro-F1 on PolNeAR dev (its rows through the shipped
  tagger, as training reads them);
* claims: the model alone (0 outside the writer's voice, as the trainer
  scores it) and rules + model (a claim rule fires or the model flags), P/R/F1.

A stack (d) is a logistic regression over its models' out-of-fold margins on
train; its threshold is chosen on its own predictions for those rows (three
weights fitted on out-of-fold margins), the other variants' on their
out-of-fold probabilities.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import embedding_cv as cv  # noqa: E402

from qualitycheck.detect.models import claims, claims_training  # noqa: E402
from qualitycheck.detect.models import voice_sentence_training as vtraining  # noqa: E402

#: (train matrix, dev matrix, C) of one logistic regression
Layer = tuple[Any, Any, float]


def _joined(train: Any, dev: Any) -> Any:
    from scipy.sparse import issparse, vstack

    if issparse(train):
        return vstack([train, dev]).tocsr()
    import numpy as np

    return np.vstack([train, dev])


def dev_margins(layer: Layer, labels: Sequence[int], class_weight: str | None) -> list[float]:
    """The dev rows' margins of a model fitted on all the train rows."""
    train, dev, c = layer
    n = train.shape[0]
    fit = cv.logistic_fit(_joined(train, dev), labels, c, class_weight)
    return fit(list(range(n)), list(range(n, n + dev.shape[0])))


def probabilities(
    layers: Sequence[Layer], labels: Sequence[int], groups: Sequence[int], weight: str | None
) -> tuple[list[float], list[float]]:
    """``(train out of fold, dev)`` probabilities of one model or a stack."""
    from sklearn.linear_model import LogisticRegression

    if len(layers) == 1:
        train, _, c = layers[0]
        oof = cv.out_of_fold(cv.logistic_fit(train, labels, c, weight), groups)
        dev = dev_margins(layers[0], labels, weight)
        return [cv.sigmoid(m) for m in oof], [cv.sigmoid(m) for m in dev]
    oofs = [cv.out_of_fold(cv.logistic_fit(m, labels, c, weight), groups) for m, _, c in layers]
    devs = [dev_margins(layer, labels, weight) for layer in layers]
    stack = LogisticRegression(C=1.0, class_weight=weight, random_state=cv.SEED)
    train_rows = [list(r) for r in zip(*oofs, strict=True)]
    stack.fit(train_rows, list(labels))
    dev_rows = [list(r) for r in zip(*devs, strict=True)]
    return (
        [float(p) for p in stack.predict_proba(train_rows)[:, 1]],
        [float(p) for p in stack.predict_proba(dev_rows)[:, 1]],
    )


def _vectorized(rows: Sequence[dict[str, float]], dev_rows: Sequence[dict[str, float]]) -> Any:
    from sklearn.feature_extraction import DictVectorizer

    vectorizer = DictVectorizer(sparse=True, sort=True).fit(rows)
    return vectorizer.transform(rows).tocsr(), vectorizer.transform(dev_rows).tocsr()


def _layers(
    sparse: tuple[Any, Any],
    blocks: dict[str, tuple[Any, Any]],
    variant: str,
    c: float,
    scale: float,
) -> list[Layer]:
    alone = blocks["alone"]
    layers: dict[str, list[Layer]] = {
        "a": [(*sparse, 0.1)],
        "b": [(*alone, c)],
        "c": [
            (
                cv.with_block(sparse[0], alone[0], scale),
                cv.with_block(sparse[1], alone[1], scale),
                0.1,
            )
        ],
        "d": [(*sparse, 0.1), (*alone, c)],
    }
    if "context" in blocks:
        layers["b'"] = [(*blocks["context"], c)]
        layers["d'"] = [*layers["d"], (*blocks["context"], c)]
    return layers[variant]


def read_voice(train: Path, dev: Path, variant: str, c: float, scale: float) -> None:
    from qualitycheck.detect.signals.voice import shipped_model

    tagger = shipped_model()
    if tagger is None:
        raise SystemExit("no shipped voice tagger")
    unseen = vtraining.unseen_by_tagger(cv._read(train), tagger)
    rows, gold, groups = vtraining.dataset(unseen, tagger)
    labels = [int(v != "writer") for v in gold]
    records = cv._read(dev)
    dev_rows = [row for record in records for row in vtraining.record_rows(record, tagger)]
    dev_gold = [voice for record in records for voice in record["voice"]]
    blocks = {
        "alone": (
            cv.embeddings(cv.sentence_texts(unseen)),
            cv.embeddings(cv.sentence_texts(records)),
        ),
        "context": (
            cv.embeddings(cv.sentence_texts(unseen, context=True)),
            cv.embeddings(cv.sentence_texts(records, context=True)),
        ),
    }
    sparse = _vectorized(rows, dev_rows)
    print(f"PolNeAR dev: {len(records)} articles, {len(dev_rows)} sentences")
    print("| voice, read once | threshold (out of fold on train) | dev binary macro-F1 |")
    print("|---|---|---|")
    for name in ("a", variant):
        layers = _layers(sparse, blocks, name, c, scale)
        oof, found = probabilities(layers, labels, groups, None)
        threshold = vtraining.best_threshold(oof, gold)[0]
        score = vtraining.binary_f1(dev_gold, [p >= threshold for p in found])
        print(f"| ({name}) | {threshold:.2f} | {score:.4f} |", flush=True)


def _fired(records: Sequence[dict[str, Any]], rules: Any) -> list[bool]:
    """Whether a claim rule fires in each sentence (as ``claims.dataset`` reads them)."""
    from qualitycheck.readers.txt import parse_text

    fired = []
    for record in records:
        article = parse_text(record["text"], "dev", "dev", first_line_is_title=False)
        fired.append(any(f.category == "unsupported_claim" for f in rules.rule_findings(article)))
    return fired


def _prf(flagged: Sequence[bool], labels: Sequence[int]) -> str:
    tp = sum(f and y for f, y in zip(flagged, labels, strict=True))
    precision = tp / max(sum(flagged), 1)
    recall = tp / max(sum(labels), 1)
    f1 = 2 * precision * recall / (precision + recall) if tp else 0.0
    return f"P {precision:.3f} R {recall:.3f} F1 {f1:.4f}"


def read_claims(train: Path, dev: Path, variant: str, c: float, scale: float) -> None:
    from qualitycheck.config.settings import Config
    from qualitycheck.detect.models.training import prune_rare
    from qualitycheck.pipeline.checker import Checker

    config = Config()
    config.use_models = False
    checker = Checker(config)
    records = cv._read(train)
    rows, labels, allowed = claims.dataset(records, checker)
    rows = prune_rare(rows, 2)
    groups = cv.claims_groups(labels)
    dev_records = cv._read(dev)
    dev_rows, dev_labels, dev_allowed = claims.dataset(dev_records, checker)
    fired = _fired(dev_records, checker)
    blocks = {
        "alone": (
            cv.embeddings([r["text"] for r in records]),
            cv.embeddings([r["text"] for r in dev_records]),
        )
    }
    sparse = _vectorized(rows, dev_rows)
    print(f"claims dev: {len(dev_records)} sentences ({sum(dev_labels)} unsupported)")
    print("| claims, read once | threshold (CV on train) | model alone | rules + model |")
    print("|---|---|---|---|")
    for name in ("a", variant):
        layers = _layers(sparse, blocks, name, c, scale)
        oof, found = probabilities(layers, labels, groups, "balanced")
        threshold = claims_training.precision_threshold(cv.gated(oof, allowed), labels)[0]
        model = [p >= threshold for p in cv.gated(found, dev_allowed)]
        both = [m or f for m, f in zip(model, fired, strict=True)]
        scores = f"{_prf(model, dev_labels)} | {_prf(both, dev_labels)}"
        print(f"| ({name}) | {threshold:.2f} | {scores} |", flush=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("task", choices=("voice", "claims"))
    parser.add_argument("train", type=Path)
    parser.add_argument("dev", type=Path)
    parser.add_argument("--variant", required=True, choices=("a", "b", "b'", "c", "d", "d'"))
    parser.add_argument("--c", type=float, default=1.0, help="the embedding model's C")
    parser.add_argument("--scale", type=float, default=1.0, help="(c): the embedding block's scale")
    args = parser.parse_args(argv)
    read = read_voice if args.task == "voice" else read_claims
    read(args.train, args.dev, args.variant, args.c, args.scale)
    return 0


if __name__ == "__main__":
    sys.exit(main())
