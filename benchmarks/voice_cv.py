"""Grouped cross-validation of the learned sentence voice model (issue 16).

    python benchmarks/voice_cv.py ../shared/corpus/attribution/train.jsonl \
        [--c 0.03 0.1 0.3] [--output qualitycheck/detect/models/data/voice_sentence.json]
    python benchmarks/voice_cv.py ../shared/corpus/attribution/train.jsonl --experiments

Reads PolNeAR train only. Rows come through the shipped token tagger, on the
690 train articles it was not fitted on, 5 folds grouped by article. Compared
at each C: the tagger's own sentence features ("same design", what the
shipped tagger's sentence model reads) and those plus the context features of
:mod:`qualitycheck.detect.models.voice_sentence`. Scores are out-of-fold
binary macro-F1 (writer vs not; mixed counts as attributed) at the best
out-of-fold threshold, with the standard error over folds. ``--output``
trains the model at the first C given and writes it (LinearModel JSON).

``--experiments`` measures, at the first C, what was tried to lift the
shipped model (issue 16, second round) against it in the same folds, with the
gain per fold paired: a gradient-boosted stack over the linear model's
out-of-fold margins and dense context (the margins of a stack's training rows
come from an inner cross-validation, so the stack never sees a margin of a
row the linear model was fitted on), and further features added to the
linear model. A variant would ship on a gain of at least +0.005 and at least
one standard error of the paired per-fold gains.
"""

from __future__ import annotations

import argparse
import json
import math
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from qualitycheck.detect.models import voice_sentence_training as training
from qualitycheck.detect.models.voice import paragraphs
from qualitycheck.detect.signals.voice import shipped_model

Row = dict[str, float]
#: (article, paragraph, index in paragraph, sentences in paragraph) of each row
Place = tuple[int, int, int, int]
MIN_GAIN = 0.005


def _fold_scores(
    probabilities: Sequence[float], gold: Sequence[str], groups: Sequence[int], t: float
) -> list[float]:
    scores = []
    for fold in sorted(set(groups)):
        index = [i for i, g in enumerate(groups) if g == fold]
        scores.append(
            training.binary_f1([gold[i] for i in index], [probabilities[i] >= t for i in index])
        )
    return scores


def standard_error(values: Sequence[float]) -> float:
    """The standard error of the mean of ``values`` (sample deviation)."""
    mean = sum(values) / len(values)
    return math.sqrt(sum((v - mean) ** 2 for v in values) / (len(values) - 1) / len(values))


def _fold_error(probabilities: list[float], gold: list[str], groups: list[int], t: float) -> float:
    return standard_error(_fold_scores(probabilities, gold, groups, t))


def places(records: Sequence[dict[str, Any]]) -> list[Place]:
    """Where each sentence of ``records`` stands, in the order of
    :func:`voice_sentence_training.dataset`'s rows."""
    result: list[Place] = []
    for article, record in enumerate(records):
        found: dict[int, Place] = {}
        for paragraph, (_line, indices) in enumerate(paragraphs(record)):
            for index, sentence in enumerate(indices):
                found[sentence] = (article, paragraph, index, len(indices))
        result += [found[i] for i in range(len(record["sentences"]))]
    return result


def _margins(
    rows: Sequence[Row], labels: Sequence[int], train: list[int], test: list[int], c: float
) -> list[float]:
    vectorizer, classifier = training._fit(
        [rows[i] for i in train], [labels[i] for i in train], c, 0
    )
    return [
        float(m)
        for m in classifier.decision_function(vectorizer.transform([rows[i] for i in test]))
    ]


def nested(
    fit: Callable[[list[int], list[int]], Sequence[float]], groups: Sequence[int]
) -> dict[int, list[float]]:
    """For each outer fold, every row's margin: from a model fitted on the
    other folds for the fold's rows, and from an inner cross-validation over
    the other folds for theirs (what a stack is trained on). ``fit(train,
    test)`` gives the margins of the ``test`` rows of a model fitted on the
    ``train`` rows."""
    folds = sorted(set(groups))
    result = {}
    for fold in folds:
        margins = [0.0] * len(groups)
        for inner in folds:
            test = [i for i, g in enumerate(groups) if g == inner]
            train = [i for i, g in enumerate(groups) if g not in (fold, inner)]
            for i, m in zip(test, fit(train, test), strict=True):
                margins[i] = m
        result[fold] = margins
    return result


def nested_margins(
    rows: Sequence[Row], labels: Sequence[int], groups: Sequence[int], c: float
) -> dict[int, list[float]]:
    """:func:`nested` for the linear voice model over ``rows``."""
    return nested(lambda train, test: _margins(rows, labels, train, test, c), groups)


_FLAGS = (
    "x_quote_in",
    "x_quote_out",
    "x_marks_odd",
    "x_colon",
    "x_starts_mark",
    "x_ends_mark",
    "x_no_cue",
    "x_capital_before_cue",
    "x_reporting_verb",
    "x_attributed",
    "x_first_line",
    "x_prev_open_quote",
    "x_prev_marks",
    "x_para_only",
)
_DENSE = (
    "mean",
    "max",
    "share",
    "quoted",
    "length",
    "prev_mean",
    "prev_max",
    "next_mean",
    "next_max",
)
_PLACES = ("start", "early", "mid", "end")


def _cue_place(row: Row) -> str:
    return next((k.split("@")[1] for k in row if k.startswith("x_cue@")), "none")


def _neighbour(layout: Sequence[Place], i: int, j: int, across: bool) -> bool:
    if not 0 <= j < len(layout) or layout[j][0] != layout[i][0]:
        return False
    return across or layout[j][1] == layout[i][1]


def dense_row(
    rows: Sequence[Row], layout: Sequence[Place], margins: Sequence[float], i: int, across: bool
) -> list[float]:
    """The stack's features of row ``i``: its margin, its neighbours' (one and
    two away, in its paragraph or, ``across``, its article) with a flag that
    they exist, the highest and lowest margin of its paragraph's other
    sentences, the tagger's numbers, the context flags, where the cue stands,
    the quote marks and the place in the paragraph."""
    row = rows[i]
    features = [margins[i]]
    for offset in (-1, 1, -2, 2):
        here = _neighbour(layout, i, i + offset, across)
        features += [margins[i + offset] if here else 0.0, float(here)]
    _, _, index, count = layout[i]
    others = [margins[j] for j in range(i - index, i - index + count) if j != i]
    features += [max(others, default=0.0), min(others, default=0.0)]
    features += [row.get(k, 0.0) for k in _DENSE + _FLAGS]
    place = _cue_place(row)
    marks = next(int(k.split("=")[1]) for k in row if k.startswith("x_marks="))
    features += [float(_PLACES.index(place)) if place in _PLACES else -1.0, float(marks)]
    return [*features, float(index), float(count)]


def stacked(
    rows: Sequence[Row],
    labels: Sequence[int],
    groups: Sequence[int],
    layout: Sequence[Place],
    nested: dict[int, list[float]],
    across: bool,
) -> list[float]:
    """Out-of-fold probabilities of a small gradient-boosted stack (50 trees
    of depth 3) over :func:`dense_row`."""
    from sklearn.ensemble import HistGradientBoostingClassifier

    result = [0.0] * len(rows)
    for fold, margins in nested.items():
        matrix = [dense_row(rows, layout, margins, i, across) for i in range(len(rows))]
        train = [i for i, g in enumerate(groups) if g != fold]
        test = [i for i, g in enumerate(groups) if g == fold]
        model = HistGradientBoostingClassifier(
            max_iter=50,
            max_depth=3,
            learning_rate=0.1,
            min_samples_leaf=50,
            early_stopping=False,
            random_state=0,
        )
        model.fit([matrix[i] for i in train], [labels[i] for i in train])
        for i, p in zip(test, model.predict_proba([matrix[i] for i in test])[:, 1], strict=True):
            result[i] = float(p)
    return result


Extra = Callable[[Sequence[Row], Sequence[Place], int], Row]


def _next(rows: Sequence[Row], layout: Sequence[Place], i: int) -> Row:
    if not _neighbour(layout, i, i + 1, False):
        return {"n_none": 1.0}
    keep = (
        "x_starts_mark",
        "x_quote_in",
        "x_no_cue",
        "x_reporting_verb",
        "x_attributed",
        "x_colon",
        "x_marks_odd",
        "x_first:",
        "x_cue@",
        "x_cue:",
        "x_pronoun_cue",
    )
    return {"n_" + k[2:]: 1.0 for k in rows[i + 1] if k.startswith(keep)}


def _interactions(rows: Sequence[Row], layout: Sequence[Place], i: int) -> Row:
    row = rows[i]
    place = _cue_place(row)
    quote = "in" if "x_quote_in" in row else ("prev" if "x_prev_open_quote" in row else "no")
    marks = next(k for k in row if k.startswith("x_marks="))
    balance = "odd" if "x_marks_odd" in row else "even"
    before = next((k for k in row if k.startswith("x_prev_cues=")), "x_prev_none")
    extra = {
        f"i_{place}|quote_{quote}": 1.0,
        f"i_{place}|{balance}|{marks}": 1.0,
        f"i_{place}|para{min(layout[i][2], 3)}": 1.0,
        f"i_{place}|{before}": 1.0,
    }
    cue = next((k[6:] for k in row if k.startswith("x_cue:")), None)
    if cue:
        extra[f"i_{cue}|quote_{quote}"] = 1.0
    return extra


def _paragraph(rows: Sequence[Row], layout: Sequence[Place], i: int) -> Row:
    _, _, index, count = layout[i]
    others = [rows[j] for j in range(i - index, i - index + count) if j != i]
    cues = sum("x_no_cue" not in r for r in others)
    marks = sum("x_marks=0" not in r for r in others)
    extra = {f"g_cues={min(cues, 2)}": 1.0, f"g_marks={min(marks, 2)}": 1.0}
    if any("x_attributed" in r for r in others):
        extra["g_attributed"] = 1.0
    return extra


def _previous_paragraph(rows: Sequence[Row], layout: Sequence[Place], i: int) -> Row:
    if layout[i][2] or not _neighbour(layout, i, i - 1, True):
        return {}
    before = rows[i - 1]
    extra = {f"cp_cue@{_cue_place(before)}": 1.0}
    extra.update(
        {
            "cp_" + k[2:]: 1.0
            for k in before
            if k.startswith(("x_quote_out", "x_marks_odd", "x_last:"))
        }
    )
    return extra


def _binned(rows: Sequence[Row], layout: Sequence[Place], i: int) -> Row:
    row = rows[i]
    return {f"q_{k}={min(int(row[k] * 10), 9)}": 1.0 for k in _DENSE if k in row and k != "length"}


EXTRAS: dict[str, Extra] = {
    "next sentence's start, cue and quote state": _next,
    "cue place x quote state, marks, paragraph place, previous cues": _interactions,
    "the paragraph's other sentences' cues, marks and attributions": _paragraph,
    "the previous paragraph's end (across blocks)": _previous_paragraph,
    "the tagger's probabilities in tenths": _binned,
}


def experiments(
    records: Sequence[dict[str, Any]],
    rows: list[Row],
    gold: list[str],
    groups: list[int],
    c: float,
) -> None:
    """Print each variant against the shipped design, paired by fold."""
    labels = [int(v != "writer") for v in gold]
    layout = places(records)
    start = time.process_time()
    nested = nested_margins(rows, labels, groups, c)
    baseline = [0.0] * len(rows)
    for fold, margins in nested.items():
        for i, g in enumerate(groups):
            if g == fold:
                baseline[i] = 1 / (1 + math.exp(-margins[i]))
    threshold, score = training.best_threshold(baseline, gold)
    base_folds = _fold_scores(baseline, gold, groups, threshold)
    print(
        f"\nexperiments at C {c} (shipped design {score:.4f}, threshold {threshold:.2f}; "
        f"margins {time.process_time() - start:.0f} s CPU)"
    )
    print("| variant | CV binary macro-F1 | ± s.e. | gain, paired by fold | ships |")
    print("|---|---|---|---|---|")

    def line(name: str, probabilities: list[float]) -> None:
        t, s = training.best_threshold(probabilities, gold)
        folds = _fold_scores(probabilities, gold, groups, t)
        gains = [a - b for a, b in zip(folds, base_folds, strict=True)]
        gain, error = sum(gains) / len(gains), standard_error(gains)
        ships = "yes" if gain >= max(MIN_GAIN, error) else "no"
        print(
            f"| {name} | {s:.4f} | {standard_error(folds):.4f} | {gain:+.4f} ± {error:.4f} "
            f"| {ships} |",
            flush=True,
        )

    for across, name in ((False, "in its paragraph"), (True, "across the article")):
        line(
            f"stack: 50 trees of depth 3 over margins {name} and dense context",
            stacked(rows, labels, groups, layout, nested, across),
        )
    for name, extra in EXTRAS.items():
        variant = [{**row, **extra(rows, layout, i)} for i, row in enumerate(rows)]
        line(f"linear + {name}", training.out_of_fold(variant, labels, groups, c))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("train", type=Path)
    parser.add_argument("--c", type=float, nargs="+", default=[0.1, 0.03, 0.3])
    parser.add_argument("--output", type=Path)
    parser.add_argument(
        "--experiments", action="store_true", help="only the variants tried against the model"
    )
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
    if args.experiments:
        experiments(unseen, rows, gold, groups, args.c[0])
        return 0
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
