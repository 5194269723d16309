"""The unsupported-claim sentence classifier.

Cue lists catch "undoubtedly" and "many experts say"; opinion without a cue
word ("But the risk is real.") needs a model. Each sentence is described by
its words and word pairs, the claim rules that fire in it, whether it names a
source (the same attribution check the rules use), quotes, numbers, pronouns,
evaluative word shapes and cue lists (:mod:`.claim_cues`).
"""

from __future__ import annotations

import math
import re
from bisect import bisect_left
from collections.abc import Sequence
from itertools import pairwise
from operator import methodcaller
from pathlib import Path
from typing import Any

from qualitycheck.detect.models.claim_cues import cue_features
from qualitycheck.detect.models.claims_kernel import compiled_module
from qualitycheck.detect.models.linear import LinearModel, sigmoid
from qualitycheck.detect.models.protocols import RuleSource
from qualitycheck.detect.models.voice_sentence import learned_block_voices
from qualitycheck.detect.signals.attribution import attributed
from qualitycheck.detect.signals.speech import writer_sentence
from qualitycheck.detect.signals.voice import SentenceVoice
from qualitycheck.document.article import Article, Block
from qualitycheck.document.findings import Finding
from qualitycheck.document.lexicon import STOPWORDS
from qualitycheck.document.segmentation import inside
from qualitycheck.readers.txt import parse_text

TASK = "claims"
#: Shorter sentences (labels, fragments) are left to the rules.
MIN_WORDS = 6
_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)?|\d+")
_FIRST_PERSON = frozenset("i me my mine we us our ours".split())
_SECOND_PERSON = frozenset("you your yours".split())
_QUOTE_MARKS = '“”"«»'
_QUOTE = re.compile(f"[{_QUOTE_MARKS}]")


def _voice(sentence: str) -> SentenceVoice | None:
    """The sentence's voice, read from the sentence alone (as in training,
    where the sentences come without their articles)."""
    voices = learned_block_voices(sentence, ((0, len(sentence)),))
    return voices[0] if voices else None


def _voice_alone(sentence: str) -> tuple[float, bool]:
    """The voice features of a sentence tagged on its own: its tagged share
    and whether it is the writer's."""
    alone = _voice(sentence)
    return (0.0, False) if alone is None else (alone.share, writer_sentence(alone, sentence))


def sentence_features(
    sentence: str, rules: set[str], voice: tuple[float, bool] | None = None
) -> dict[str, float]:
    """Features of one sentence given the claim rules that fire in it.

    ``voice`` is the sentence's tagged share and whether it is the writer's,
    when the caller has them from the sentence's paragraph (the check path
    tags every paragraph once already); without it the sentence is tagged on
    its own, as in training, where sentences come without their articles."""
    return _with_voice(
        _features(sentence, rules), _voice_alone(sentence) if voice is None else voice
    )


def _with_voice(row: dict[str, float], voice: tuple[float, bool]) -> dict[str, float]:
    """``row`` with its voice features set (in place; their place in the row,
    and so the order of the model's sum, is fixed by :func:`_features`)."""
    row["reported_share"] = voice[0]
    row["writer_voice"] = 1.0 if voice[1] else 0.0
    return row


def _features(sentence: str, rules: set[str]) -> dict[str, float]:
    """The features of :func:`sentence_features` with the voice features at zero."""
    tokens = _WORD.findall(sentence)
    words = [w.lower() for w in tokens]
    count = len(words) or 1
    long_words = [w for w in words if len(w) > 5]
    row: dict[str, float] = {
        "len": math.log1p(len(words)),
        "attributed": 1.0 if attributed(sentence) else 0.0,
        "reported_share": 0.0,
        "writer_voice": 0.0,
        "quote": 1.0 if _QUOTE.search(sentence) else 0.0,
        "digits": 1.0 if any(map(str.isdigit, words)) else 0.0,
        # counted in C (map over a method), the same integers as counting in Python
        "first_person": sum(map(_FIRST_PERSON.__contains__, words)) / count,
        "second_person": sum(map(_SECOND_PERSON.__contains__, words)) / count,
        "evaluative": sum(map(_EVALUATIVE, long_words)) / count,
        "superlative": sum(map(_SUPERLATIVE, long_words)) / count,
        # a token is never empty: its first character is ``t[:1]``
        "capitalised": sum(map(str.isupper, [t[0] for t in tokens[1:]])) / count,
        "question": 1.0 if sentence.rstrip().endswith("?") else 0.0,
        "exclamation": 1.0 if "!" in sentence else 0.0,
    }
    row.update(cue_features(words, sentence))
    for rule in rules:
        row[f"rule:{rule}"] = 1.0
    row.update(dict.fromkeys(["w:" + word for word in words], 1.0))
    row.update(dict.fromkeys([f"b:{first} {second}" for first, second in pairwise(words)], 1.0))
    return row


#: Endings of evaluative adjectives ("useful", "dangerous", "massive"), and
#: of superlatives, tested in C.
_EVALUATIVE_ENDINGS = ("ful", "ous", "ive", "ible", "able", "less", "ic", "ish")
_SUPERLATIVE_ENDING = "est"
_EVALUATIVE = methodcaller("endswith", _EVALUATIVE_ENDINGS)
_SUPERLATIVE = methodcaller("endswith", _SUPERLATIVE_ENDING)


class _PureTerms:
    """A row of :func:`_features` and its margin for a voice (the pure path of
    the kernel's terms): ``LinearModel.margin`` with the voice set in its place."""

    def __init__(self, model: LinearModel, row: dict[str, float]) -> None:
        self.model = model
        self.row = row

    def margin(self, share: float, writer: float) -> float:
        return self.model.margin(_with_voice(self.row, (share, writer == 1.0)))


class _Rows:
    """The claims rows in C (``claims_kernel``): each sentence's products in
    the order of :func:`_features`, its margin for any voice bit for bit as
    ``LinearModel.margin`` over the row gives it."""

    def __init__(self, module: Any, model: LinearModel, limit: int = 200_000) -> None:
        self.weights = model.weights
        self.intercept = model.intercept
        self._kernel = module.ClaimRows(
            model.weights,
            model.intercept,
            _FIRST_PERSON,
            _SECOND_PERSON,
            _EVALUATIVE_ENDINGS,
            _SUPERLATIVE_ENDING,
            _QUOTE_MARKS,
            limit,  # words outside the model it remembers (to count each once) before forgetting
        )

    def terms(self, sentence: str, rules: set[str]) -> Any:
        """The sentence's :func:`_features` as the kernel's terms (``margin(share, writer)``)."""
        tokens = _WORD.findall(sentence)
        words = [w.lower() for w in tokens]
        cues = cue_features(words, sentence)
        return self._kernel.terms(sentence, tokens, words, attributed(sentence), cues, rules)


def _claim_starts(findings: list[Finding]) -> tuple[list[int], list[str]]:
    """Starts and rules of the claim findings, sorted once per article."""
    pairs = sorted((f.start, f.rule) for f in findings if f.category == "unsupported_claim")
    return [start for start, _ in pairs], [rule for _, rule in pairs]


def _rules_by_sentence(block: Block, starts: list[int], rules: list[str]) -> list[set[str]]:
    """The claim rules that fired in each sentence of ``block``.

    Binary search over the sorted finding starts keeps this linear in the
    number of findings even for one enormous line full of them.
    """
    result: list[set[str]] = []
    for start, end in block.sentences:
        source_start, source_end = block.mapping.source_span(start, end)
        low = bisect_left(starts, source_start)
        high = bisect_left(starts, source_end, low)
        result.append(set(rules[low:high]))
    return result


#: The features that need the sentence's voice (set by :func:`_with_voice`).
_VOICE = ("reported_share", "writer_voice")
#: How many of the largest contributions :meth:`ClaimDetector.reason` reads.
_REASON_TOP = 40


class ClaimDetector:
    """Scores the body sentences of an article."""

    def __init__(self, model: LinearModel, threshold: float | None = None) -> None:
        self.model = model
        self.threshold = model.threshold if threshold is None else threshold
        #: Built at the first score (start-up stays light), when compiled.
        self._rows: _Rows | None = None

    @classmethod
    def load(cls, folder: Path, threshold: float | None = None) -> ClaimDetector:
        return cls(LinearModel.load(folder / f"{TASK}.json"), threshold)

    def probability(self, sentence: str, rules: set[str]) -> float:
        """The model's probability that ``sentence`` is an unsupported claim."""
        return self.model.probability(sentence_features(sentence, rules))

    def reason(self, sentence: str, rules: set[str]) -> str:
        """The words that weigh most towards a claim, for the message: an editor
        sees what the model reacted to ("cue: 'worry', 'any deal'")."""
        row = _features(sentence, rules)
        voiceless = {name: value for name, value in row.items() if name not in _VOICE}
        words, ranks = self._reason_words(voiceless, len(voiceless))
        # The voice features hold at most two of the 40 places the words are
        # chosen from, and move no other feature's rank: when the words stand
        # within the first 38 without them, tagging the sentence alone (most
        # of this method's cost) cannot change them.
        if len(words) < 2 or ranks[1] >= _REASON_TOP - len(_VOICE):
            words, _ = self._reason_words(sentence_features(sentence, rules), _REASON_TOP)
        return ", ".join(f"'{word}'" for word in words[:2])

    def _reason_words(self, row: dict[str, float], top: int) -> tuple[list[str], list[int]]:
        """The word and word-pair features among the ``top`` contributions that
        push towards a claim, and their ranks."""
        parts = self.model.contributions(row, top=top)
        words: list[str] = []
        ranks: list[int] = []
        for rank, (name, weight) in enumerate(parts):
            if (
                weight > 0
                and name[:2] in ("w:", "b:")
                # "that", "have been": true of the data, no help to an editor
                and not all(word in STOPWORDS for word in name[2:].split())
            ):
                words.append(name.split(":", 1)[1])
                ranks.append(rank)
        return words, ranks

    def _may_reach_threshold(self, margin: float) -> bool:
        """Whether a sentence could reach the threshold whatever its voice:
        ``margin`` is its row's with the voice features at zero, so adding
        their positive weights bounds the probability from above. Tagging
        voice is most of the model's cost; a sentence far below the threshold
        needs none."""
        weights = self.model.weights
        bound = margin + sum(
            max(0.0, weights.get(name, 0.0)) for name in ("reported_share", "writer_voice")
        )
        return sigmoid(bound) >= self.threshold

    def _compiled_rows(self) -> _Rows | None:
        """The compiled rows for the model's current weights, or None (pure path)."""
        module = compiled_module()
        if module is None:
            return None
        rows = self._rows
        if (
            rows is None
            or rows.weights is not self.model.weights
            or (rows.intercept != self.model.intercept)
        ):
            rows = _Rows(module, self.model)
            self._rows = rows  # one assignment: threads each read one
        return rows

    def score(
        self, article: Article, findings: list[Finding]
    ) -> list[tuple[Block, int, int, float, bool]]:
        """``(block, start, end, probability, has_rule_finding)`` for flagged
        sentences: six words or more, not inside quotation marks, in the
        writer's own voice (not reported from a named source)."""
        result = []
        boilerplate = {f.start for f in findings if f.category == "boilerplate"}
        starts, claim_rules = _claim_starts(findings)
        compiled = self._compiled_rows()
        for block in article.body_blocks:
            if block.mapping.source_span(0, len(block.text))[0] in boilerplate:
                continue  # page furniture makes no claims
            rules = _rules_by_sentence(block, starts, claim_rules)
            candidates = []
            for index, ((start, end), fired) in enumerate(zip(block.sentences, rules, strict=True)):
                sentence = block.text[start:end]
                if len(sentence.split()) < MIN_WORDS or inside(block.quotes, start, end):
                    continue
                if compiled is None:
                    terms: Any = _PureTerms(self.model, _features(sentence, fired))
                else:
                    terms = compiled.terms(sentence, fired)
                if self._may_reach_threshold(terms.margin(0.0, 0.0)):  # the voice at zero
                    candidates.append((index, start, end, fired, terms))
            if not candidates:
                continue
            # Training marks PolNeAR's first line, the headline; only body blocks
            # are scored here, so no block is a first line (a section heading was
            # wrongly marked as one).
            voices = learned_block_voices(block.text, tuple(block.sentences), False)
            for index, start, end, fired, terms in candidates:
                voice = voices[index] if voices else None
                if voice is not None and not writer_sentence(voice, block.text):
                    continue
                # without a voice from the block, the sentence's own (as in training)
                share, writer = (
                    (voice.share, True)
                    if voice is not None
                    else _voice_alone(block.text[start:end])
                )
                # the row computed above, with the voice set in its place
                probability = sigmoid(terms.margin(share, 1.0 if writer else 0.0))
                if probability >= self.threshold:
                    result.append((block, start, end, probability, bool(fired)))
        return result


def may_flag(sentence: str) -> bool:
    """Whether the check path lets the model speak on ``sentence`` read alone:
    six words or more, the writer's voice, not inside quotation marks."""
    if len(sentence.split()) < MIN_WORDS:
        return False
    voice = _voice(sentence)
    return voice is None or writer_sentence(voice, sentence)


def dataset(
    records: Sequence[dict[str, Any]], rules: RuleSource
) -> tuple[list[dict[str, float]], list[int], list[bool]]:
    """One feature row per labeled sentence, with the claim rules that fire in
    it, its label, and whether the model may flag it at all (:func:`may_flag`)."""
    rows: list[dict[str, float]] = []
    labels: list[int] = []
    allowed: list[bool] = []
    for record in records:
        text = record["text"]
        article = parse_text(text, "train", "train", first_line_is_title=False)
        findings = rules.rule_findings(article)
        fired = {f.rule for f in findings if f.category == "unsupported_claim"}
        rows.append(sentence_features(text, fired))
        labels.append(1 if record.get("unsupported") else 0)
        allowed.append(may_flag(text))
    return rows, labels, allowed


#: The claims model reports a sentence only where, in cross-validation, at
#: least this share of what it reports is labeled unsupported; and never
#: below p = 0.5 (a message must not call a coin toss a claim).
MIN_PRECISION = 0.65
MIN_THRESHOLD = 0.5


def precision_threshold(
    scores: Sequence[float], labels: Sequence[int], min_precision: float = MIN_PRECISION
) -> tuple[float, float, float]:
    """``(threshold, precision, recall)``: the best F1 among thresholds of at
    least :data:`MIN_THRESHOLD` whose precision reaches ``min_precision``
    (the highest-precision one when none does)."""
    positives = max(sum(labels), 1)
    best: tuple[float, float, float, float] = (-1.0, MIN_THRESHOLD, 0.0, 0.0)
    fallback: tuple[float, float, float, float] = (-1.0, MIN_THRESHOLD, 0.0, 0.0)
    for step in range(int(MIN_THRESHOLD * 100), 100):
        threshold = step / 100
        predicted = [score >= threshold for score in scores]
        tp = sum(p and y for p, y in zip(predicted, labels, strict=True))
        if not tp:
            break
        precision, recall = tp / sum(predicted), tp / positives
        f1 = 2 * precision * recall / (precision + recall)
        if precision >= min_precision and f1 > best[0]:
            best = (f1, threshold, precision, recall)
        if precision > fallback[0]:
            fallback = (precision, threshold, precision, recall)
    chosen = best if best[0] >= 0 else fallback
    return chosen[1], chosen[2], chosen[3]


def out_of_fold(
    rows: Sequence[dict[str, float]], labels: Sequence[int], c: float, seed: int
) -> list[float]:
    """Each sentence's probability from a model that did not see it (5-fold, stratified)."""
    from sklearn.model_selection import StratifiedKFold

    from qualitycheck.detect.models.training import fit_logistic

    scores = [0.0] * len(rows)
    folds = StratifiedKFold(n_splits=5, shuffle=True, random_state=seed).split(rows, labels)
    for train_index, test_index in folds:
        vectorizer, classifier = fit_logistic(
            [rows[i] for i in train_index], [labels[i] for i in train_index], c=c, seed=seed
        )
        probabilities = classifier.predict_proba(
            vectorizer.transform([rows[i] for i in test_index])
        )
        for position, index in enumerate(test_index):
            scores[index] = float(probabilities[position, 1])
    return scores


def _fold_f1_error(
    scores: Sequence[float], labels: Sequence[int], threshold: float, seed: int
) -> float:
    """The standard error of F1 at ``threshold`` over the folds of :func:`out_of_fold`."""
    from statistics import stdev

    from sklearn.model_selection import StratifiedKFold

    values = []
    folds = StratifiedKFold(n_splits=5, shuffle=True, random_state=seed).split(scores, labels)
    for _, test_index in folds:
        tp = sum(scores[i] >= threshold and labels[i] for i in test_index)
        flagged = sum(scores[i] >= threshold for i in test_index)
        positives = sum(labels[i] for i in test_index)
        values.append(2 * tp / (flagged + positives) if flagged + positives else 0.0)
    return stdev(values) / math.sqrt(len(values))


def train(records: Sequence[dict[str, Any]], rules: RuleSource, seed: int = 0) -> list[LinearModel]:
    """Fit on labeled sentences. C and the threshold come from stratified CV,
    scored as the check path decides: a sentence the model may not flag
    (:func:`may_flag`) counts as not flagged; the threshold is chosen for
    precision (:func:`precision_threshold`). C is the smallest whose CV F1 is
    within one standard error (over the folds) of the best: where C values
    tie, the more regularised model is the one that generalises."""
    from qualitycheck.detect.models.training import fit_logistic, prune_rare, to_linear_model

    rows, labels, allowed = dataset(records, rules)
    rows = prune_rare(rows, 2)
    measured: list[tuple[float, float, float, float, float, float]] = []
    for c in (0.1, 0.3, 1.0):
        scores = [
            s if ok else 0.0
            for s, ok in zip(out_of_fold(rows, labels, c, seed), allowed, strict=True)
        ]
        threshold, precision, recall = precision_threshold(scores, labels)
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        error = _fold_f1_error(scores, labels, threshold, seed)
        measured.append((c, f1, error, threshold, precision, recall))
    top = max(measured, key=lambda m: m[1])
    c, f1, _, threshold, precision, recall = next(m for m in measured if m[1] >= top[1] - top[2])
    vectorizer, classifier = fit_logistic(rows, labels, c=c, seed=seed)
    training = {
        "data": "sentences labeled unsupported true/false (WikiWeasel, CheckThat 2023, BABE)",
        "sentences": len(labels),
        "unsupported": sum(labels),
        "cv_f1": round(f1, 4),
        "cv_precision": round(precision, 4),
        "cv_recall": round(recall, 4),
        "c": c,
        "cv_f1_by_c": {str(m[0]): [round(m[1], 4), round(m[2], 4)] for m in measured},
        "c_rule": "smallest C whose CV F1 is within one standard error (over folds) of the best",
        "threshold_rule": f"best F1 at CV precision >= {MIN_PRECISION} and p >= {MIN_THRESHOLD}, "
        "5-fold stratified CV, sentences outside the writer's voice counted as not flagged",
        "seed": seed,
    }
    return [to_linear_model(TASK, vectorizer, classifier, threshold, training)]
