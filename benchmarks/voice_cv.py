"""Grouped cross-validation of the learned sentence voice model (issue 16).

    python benchmarks/voice_cv.py ../shared/corpus/attribution/train.jsonl \
        [--c 0.03 0.1 0.3] [--output qualitycheck/detect/models/data/voice_sentence.json]

Reads PolNeAR train only. Rows come through the shipped token tagger, on the
690 train articles it was not fitted on, 5 folds grouped by article. Compared
at each C: the tagger's own sentence features ("same design", what the
shipped tagger's sentence model reads) and those plus the context features of
:mod:`qualitycheck.detect.models.voice_sentence`. Scores are out-of-fold
binary macro-F1 (writer vs not; mixed counts as attributed) at the best
out-of-fold threshold, with the standard error over folds. ``--output``
trains the model at the first C given and writes it (LinearModel JSON).
"""

from __future__ import annotations

import argparse
import json
import math
import sys
import time
from pathlib import Path

from qualitycheck.detect.models import voice_sentence_training as training
from qualitycheck.detect.signals.voice import shipped_model


def _fold_error(probabilities: list[float], gold: list[str], groups: list[int], t: float) -> float:
    scores = []
    for fold in sorted(set(groups)):
        index = [i for i, g in enumerate(groups) if g == fold]
        scores.append(
            training.binary_f1([gold[i] for i in index], [probabilities[i] >= t for i in index])
        )
    mean = sum(scores) / len(scores)
    return math.sqrt(sum((s - mean) ** 2 for s in scores) / (len(scores) - 1) / len(scores))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("train", type=Path)
    parser.add_argument("--c", type=float, nargs="+", default=[0.1, 0.03, 0.3])
    parser.add_argument("--output", type=Path)
    args = parser.parse_args()
    tagger = shipped_model()
    if tagger is None:
        print("no shipped voice tagger", file=sys.stderr)
        return 1
    with args.train.open(encoding="utf-8") as handle:
        records = [json.loads(line) for line in handle if line.strip()]
    unseen = training.unseen_by_tagger(records, tagger)
    rows, gold, groups = training.dataset(unseen, tagger)
    labels = [int(v != "writer") for v in gold]
    print(f"{len(unseen)} articles, {len(rows)} sentences, 5 folds grouped by article")
    print("| features | C | CV binary macro-F1 | ± s.e. | threshold |")
    print("|---|---|---|---|---|")
    for name, variant in (("same design", training.base_rows(rows)), ("with context", rows)):
        for c in args.c:
            start = time.process_time()
            oof = training.out_of_fold(variant, labels, groups, c)
            threshold, score = training.best_threshold(oof, gold)
            error = _fold_error(oof, gold, groups, threshold)
            print(
                f"| {name} | {c} | {score:.4f} | {error:.4f} | {threshold:.2f} |"
                f"  <!-- {time.process_time() - start:.0f} s CPU -->",
                flush=True,
            )
    if args.output:
        model = training.train(records, tagger, c=args.c[0])
        model.save(args.output)
        print(f"wrote {args.output}: threshold {model.threshold}, {len(model.weights)} weights")
    return 0


if __name__ == "__main__":
    sys.exit(main())
