"""Training and cross-validating the sentence voice model of :mod:`.voice_sentence`.

The rows are read through the shipped token tagger, so the articles it was
fitted on are left out (their tags would be better than at check time); the
tagger's own sentence model is no feature for the same reason: it saw most of
the remaining articles. What is left (690 of PolNeAR's 840 train articles) is
split into folds by article; the threshold is the one with the best binary
macro-F1 (writer vs not, ``mixed`` counting as attributed) out of fold.
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from typing import Any

from qualitycheck.detect.models.linear import LinearModel
from qualitycheck.detect.models.voice import binary, cue_lexicon, macro_f1, paragraphs
from qualitycheck.detect.models.voice_sentence import TASK, paragraph_rows
from qualitycheck.detect.signals.voice import VoiceModel

#: Features of the tagger's own sentence model, without the context ones:
#: the "same design" baseline the cross-validation compares with.
BASE_PREFIX = "x_"


def record_rows(record: dict[str, Any], tagger: VoiceModel) -> list[dict[str, float]]:
    """The feature row of every sentence of a PolNeAR-format record, in order."""
    text = record["text"]
    rows: dict[int, dict[str, float]] = {}
    for line, indices in paragraphs(record):
        end = text.find("\n", line)
        paragraph = text[line : len(text) if end < 0 else end]
        spans = [
            (record["sentences"][i][0] - line, record["sentences"][i][1] - line) for i in indices
        ]
        found, _ = paragraph_rows(paragraph, spans, tagger, first_line=line == 0)
        rows.update(zip(indices, found, strict=True))
    return [rows[i] for i in range(len(record["sentences"]))]


def unseen_by_tagger(records: Sequence[dict[str, Any]], tagger: VoiceModel) -> list[dict[str, Any]]:
    """The records the token tagger was not fitted on, found by redoing its
    seeded split (:func:`qualitycheck.detect.models.voice.train`); the cue
    lexicon of the articles found must be the tagger's, or the split differs."""
    shuffled = list(records)
    random.Random(int(tagger.training["seed"])).shuffle(shuffled)
    held = int(tagger.training["threshold_articles"])
    fitted = shuffled[held : held + int(tagger.training["tagger_articles"])]
    if cue_lexicon(fitted) != tagger.cues:
        raise ValueError("these records are not the ones the shipped voice tagger was trained on")
    ids = {record["id"] for record in fitted}
    return [record for record in records if record["id"] not in ids]


def binary_f1(gold: Sequence[str], reported: Sequence[bool]) -> float:
    """Binary macro-F1 of writer against not (PolNeAR's scoring)."""
    predicted = ["attributed" if r else "writer" for r in reported]
    return macro_f1([binary(v) for v in gold], predicted, ("writer", "attributed"))


def best_threshold(probabilities: Sequence[float], gold: Sequence[str]) -> tuple[float, float]:
    """``(threshold, binary macro-F1)`` with the best score, thresholds 0.05 to 0.95."""
    return max(
        ((t / 100, binary_f1(gold, [p >= t / 100 for p in probabilities])) for t in range(5, 96)),
        key=lambda pair: (pair[1], -abs(pair[0] - 0.5)),
    )


def _fit(rows: Sequence[dict[str, float]], labels: Sequence[int], c: float, seed: int) -> Any:
    from qualitycheck.detect.models.training import fit_logistic

    return fit_logistic(rows, labels, c=c, class_weight=None, seed=seed)


def out_of_fold(
    rows: Sequence[dict[str, float]],
    labels: Sequence[int],
    groups: Sequence[int],
    c: float,
    seed: int = 0,
) -> list[float]:
    """Each row's probability from a model fitted on the other folds."""
    result = [0.0] * len(rows)
    for fold in sorted(set(groups)):
        train = [i for i, g in enumerate(groups) if g != fold]
        test = [i for i, g in enumerate(groups) if g == fold]
        vectorizer, classifier = _fit([rows[i] for i in train], [labels[i] for i in train], c, seed)
        scores = classifier.predict_proba(vectorizer.transform([rows[i] for i in test]))[:, 1]
        for i, score in zip(test, scores, strict=True):
            result[i] = float(score)
    return result


def dataset(
    records: Sequence[dict[str, Any]], tagger: VoiceModel, folds: int = 5, seed: int = 0
) -> tuple[list[dict[str, float]], list[str], list[int]]:
    """Rows (rare features pruned), gold voices and fold numbers (by article)."""
    from qualitycheck.detect.models.training import prune_rare

    order = [record["id"] for record in records]
    random.Random(seed).shuffle(order)
    fold_of = {name: index % folds for index, name in enumerate(order)}
    rows: list[dict[str, float]] = []
    gold: list[str] = []
    groups: list[int] = []
    for record in records:
        found = record_rows(record, tagger)
        rows += found
        gold += record["voice"]
        groups += [fold_of[record["id"]]] * len(found)
    return prune_rare(rows, 3), gold, groups


def base_rows(rows: Sequence[dict[str, float]]) -> list[dict[str, float]]:
    """The rows without the context features: the tagger's sentence model's own."""
    return [{k: v for k, v in row.items() if not k.startswith(BASE_PREFIX)} for row in rows]


def train(
    records: Sequence[dict[str, Any]], tagger: VoiceModel, c: float = 0.1, seed: int = 0
) -> LinearModel:
    """Cross-validate on the records the tagger never saw, choose the threshold
    out of fold, then fit on all of them."""
    unseen = unseen_by_tagger(records, tagger)
    rows, gold, groups = dataset(unseen, tagger, seed=seed)
    labels = [int(v != "writer") for v in gold]
    threshold, score = best_threshold(out_of_fold(rows, labels, groups, c, seed), gold)
    vectorizer, classifier = _fit(rows, labels, c, seed)
    names = vectorizer.get_feature_names_out()
    weights = {
        str(n): round(float(w), 5)
        for n, w in zip(names, classifier.coef_[0], strict=True)
        if abs(w) >= 1e-4
    }
    training = {
        "data": "PolNeAR train articles the voice tagger was not fitted on; "
        "label: sentence voice not writer (mixed counts as attributed)",
        "articles": len(unseen),
        "sentences": len(rows),
        "c": c,
        "seed": seed,
        "threshold_rule": "best out-of-fold binary macro-F1, 5 folds grouped by article",
        "cv_binary_macro_f1": round(score, 4),
    }
    return LinearModel(TASK, weights, float(classifier.intercept_[0]), threshold, training)
