"""Training and measuring the voice tagger of :mod:`qualitycheck.detect.signals.voice`.

The data is PolNeAR in the corpus format of ``../shared/corpus/attribution``:
articles with sentence spans, attribution spans (source, cue, content) and a
voice label per sentence. A word is labelled attributed when it lies inside
any span of an attribution; the sentence thresholds (writer below, wholly
attributed from) are chosen on articles held out of the fit, never on dev.

Not a check-time detector: the tagger runs inside the claim rules and the
claims model, so it lives below them in ``detect/signals``; only its
training (scikit-learn) lives here.
"""

from __future__ import annotations

import random
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from typing import Any

from qualitycheck.detect.signals.voice import (
    SentenceVoice,
    Token,
    VoiceModel,
    sentence_features,
    tag_paragraph,
    tag_tokens,
    token_features,
    tokenize,
)
from qualitycheck.detect.signals.voice_rows import sentence_row

TASK = "voice"
VOICES = ("writer", "mixed", "attributed")


def paragraphs(record: dict[str, Any]) -> Iterator[tuple[int, list[int]]]:
    """``(line start, sentence indices)`` for each line of an article: quotes
    carry over sentences within a paragraph, never across one."""
    text = record["text"]
    by_line: dict[int, list[int]] = {}
    for index, (start, _end) in enumerate(record["sentences"]):
        by_line.setdefault(text.rfind("\n", 0, start) + 1, []).append(index)
    yield from sorted(by_line.items())


def _covered(record: dict[str, Any]) -> list[bool]:
    covered = [False] * len(record["text"])
    for attribution in record["attributions"]:
        for role in ("source", "cue", "content"):
            for start, end in attribution.get(role, []):
                covered[start:end] = [True] * (end - start)
    return covered


def labelled_sentences(
    record: dict[str, Any],
) -> Iterator[tuple[list[Token], list[int], str]]:
    """Each sentence's tokens, per-token labels and gold voice."""
    text = record["text"]
    covered = _covered(record)
    for _line, indices in paragraphs(record):
        quoted = False
        for index in indices:
            start, end = record["sentences"][index]
            tokens, quoted = tokenize(text[start:end], quoted)
            labels = [int(any(covered[start + t.start : start + t.end])) for t in tokens]
            yield tokens, labels, record["voice"][index]


def voices_by_paragraph(
    record: dict[str, Any],
    voices: Callable[[str, list[tuple[int, int]], bool], Sequence[SentenceVoice]],
) -> list[SentenceVoice]:
    """A PolNeAR-format record's sentence voices in order, ``voices`` tagging
    each paragraph (its text, its sentences' spans in it, whether it is the first)."""
    text = record["text"]
    result: dict[int, SentenceVoice] = {}
    for line, indices in paragraphs(record):
        end = text.find("\n", line)
        paragraph = text[line : len(text) if end < 0 else end]
        spans = [
            (record["sentences"][i][0] - line, record["sentences"][i][1] - line) for i in indices
        ]
        result.update(zip(indices, voices(paragraph, spans, line == 0), strict=True))
    return [result[i] for i in range(len(record["sentences"]))]


def tag_record(record: dict[str, Any], model: VoiceModel) -> list[SentenceVoice]:
    """Predicted voices of an article's sentences, in order."""
    return voices_by_paragraph(
        record, lambda paragraph, spans, _first: tag_paragraph(paragraph, spans, model)
    )


def cue_lexicon(records: Sequence[dict[str, Any]], size: int = 400) -> frozenset[str]:
    """Words most often inside cue spans (at least 5 times, at least 20 % of their uses)."""
    inside: Counter[str] = Counter()
    total: Counter[str] = Counter()
    for record in records:
        text = record["text"]
        cue = [False] * len(text)
        for attribution in record["attributions"]:
            for start, end in attribution.get("cue", []):
                cue[start:end] = [True] * (end - start)
        for token in tokenize(text)[0]:
            if token.is_word:
                total[token.lower] += 1
                if all(cue[token.start : token.end]):
                    inside[token.lower] += 1
    ranked = sorted(
        (w for w, n in inside.items() if n >= 5 and n / total[w] >= 0.2),
        key=lambda w: (-inside[w], w),
    )
    return frozenset(ranked[:size])


def _rows(
    records: Sequence[dict[str, Any]], cues: frozenset[str]
) -> tuple[list[dict[str, float]], list[int]]:
    rows: list[dict[str, float]] = []
    labels: list[int] = []
    for record in records:
        for tokens, token_labels, _voice in labelled_sentences(record):
            if not tokens:
                continue
            shared = sentence_features(tokens, cues)
            for row, label in zip(token_features(tokens, cues), token_labels, strict=True):
                rows.append(dict.fromkeys([*shared, *row], 1.0))
                labels.append(label)
    return rows, labels


def macro_f1(gold: Sequence[str], predicted: Sequence[str], classes: Sequence[str]) -> float:
    """Unweighted mean of the per-class F1."""
    scores = []
    for name in classes:
        tp = sum(g == name and p == name for g, p in zip(gold, predicted, strict=True))
        fp = sum(g != name and p == name for g, p in zip(gold, predicted, strict=True))
        fn = sum(g == name and p != name for g, p in zip(gold, predicted, strict=True))
        scores.append(2 * tp / (2 * tp + fp + fn) if tp + fp + fn else 0.0)
    return sum(scores) / len(scores)


def binary(voice: str) -> str:
    """PolNeAR's scoring view: ``mixed`` counts as attributed."""
    return "writer" if voice == "writer" else "attributed"


def sentence_rows(
    record: dict[str, Any], model: VoiceModel
) -> list[tuple[dict[str, float], float]]:
    """The sentence model's features and the tag share of every sentence, in order."""
    text = record["text"]
    result: dict[int, tuple[dict[str, float], float]] = {}
    for _line, indices in paragraphs(record):
        spans = [record["sentences"][i] for i in indices]
        tagged = tag_tokens(text, spans, model)
        for position, index in enumerate(indices):
            result[index] = (sentence_row(tagged, position), tagged[position].summary[2])
    return [result[i] for i in range(len(record["sentences"]))]


def _best(steps: Sequence[float], score: Any) -> float:
    return max(steps, key=score)


def choose_thresholds(
    reported: Sequence[float], shares: Sequence[float], gold: Sequence[str]
) -> tuple[float, float]:
    """The sentence-model threshold that maximises binary macro-F1 (writer vs
    not), then the share from which a reported sentence is wholly attributed
    that maximises three-way macro-F1."""
    steps = [i / 100 for i in range(1, 100)]
    gold_binary = [binary(v) for v in gold]

    def binary_f1(low: float) -> float:
        predicted = ["writer" if r < low else "attributed" for r in reported]
        return macro_f1(gold_binary, predicted, ("writer", "attributed"))

    low = _best(steps, binary_f1)

    def three_way(high: float) -> float:
        predicted = [
            "writer" if r < low else "attributed" if s >= high else "mixed"
            for r, s in zip(reported, shares, strict=True)
        ]
        return macro_f1(gold, predicted, VOICES)

    return low, _best(steps, three_way)


def train(
    records: Sequence[dict[str, Any]], seed: int = 0, tagger_articles: int = 250
) -> VoiceModel:
    """Fit the token tagger on some articles, the sentence model on others
    (tagged by a tagger that never saw them, as at check time), and choose
    the thresholds on a fifth of the articles held out of both fits."""
    from qualitycheck.detect.models.training import fit_logistic, prune_rare

    shuffled = list(records)
    random.Random(seed).shuffle(shuffled)
    held = max(len(shuffled) // 5, 1)
    held_out, rest = shuffled[:held], shuffled[held:]
    tagger_part, sentence_part = rest[:tagger_articles], rest[tagger_articles:]
    cues = cue_lexicon(tagger_part)
    rows, labels = _rows(tagger_part, cues)
    vectorizer, classifier = fit_logistic(rows, labels, c=0.3, class_weight=None, seed=seed)
    model = VoiceModel(
        _weights(vectorizer, classifier),
        float(classifier.intercept_[0]),
        cues,
        {},
        0.0,
        0.5,
        0.9,
        {},
    )
    sentence_features_rows: list[dict[str, float]] = []
    sentence_labels: list[int] = []
    for record in sentence_part:
        sentence_features_rows += [row for row, _ in sentence_rows(record, model)]
        sentence_labels += [int(v != "writer") for v in record["voice"]]
    sentence_features_rows = prune_rare(sentence_features_rows, 3)
    vectorizer, classifier = fit_logistic(
        sentence_features_rows, sentence_labels, c=0.3, class_weight=None, seed=seed
    )
    model.sentence_weights = _weights(vectorizer, classifier)
    model.sentence_intercept = float(classifier.intercept_[0])
    reported: list[float] = []
    shares: list[float] = []
    gold: list[str] = []
    for record in held_out:
        for row, share in sentence_rows(record, model):
            reported.append(model.reported_probability(row))
            shares.append(share)
        gold += record["voice"]
    model.reported_from, model.attributed_from = choose_thresholds(reported, shares, gold)
    model.training = {
        "data": "PolNeAR train (2016 US campaign news, 7 outlets): words inside "
        "source/cue/content spans, sentence voice labels",
        "tagger_articles": len(tagger_part),
        "tagger_tokens": len(labels),
        "sentence_articles": len(sentence_part),
        "sentences": len(sentence_labels),
        "threshold_articles": len(held_out),
        "threshold_rule": "best binary macro-F1 (writer vs not), then best three-way "
        "macro-F1, on the held-out articles",
        "c": 0.3,
        "seed": seed,
    }
    return model


def _weights(vectorizer: Any, classifier: Any) -> dict[str, float]:
    names = vectorizer.get_feature_names_out()
    return {
        str(n): round(float(w), 5)
        for n, w in zip(names, classifier.coef_[0], strict=True)
        if abs(w) >= 1e-4
    }
