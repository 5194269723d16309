"""The unsupported-claim sentence classifier.

Cue lists catch "undoubtedly" and "many experts say"; opinion without a cue
word ("But the risk is real.") needs a model. Each sentence is described by
its words and word pairs, the claim rules that fire in it, whether it names a
source (the same attribution check the rules use), quotes, numbers, pronouns,
evaluative word shapes, cue lists (:mod:`.claim_cues`) and its voice: the
row of :mod:`.claim_rows`, whose margins the compiled kernel gives where it
is built (:mod:`.claims_kernel`).
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Sequence
from operator import itemgetter
from pathlib import Path
from typing import Any

from qualitycheck.detect.models.claim_bounds import PATTERNS, VOICE, Bounds, candidate_terms
from qualitycheck.detect.models.claim_cues import CUE_LISTS
from qualitycheck.detect.models.claim_rows import WORD, CompiledRows, sentence_features
from qualitycheck.detect.models.claim_rows import features as _features
from qualitycheck.detect.models.claim_rows import sentence_voice as _voice
from qualitycheck.detect.models.claim_rows import voice_alone as _voice_alone
from qualitycheck.detect.models.claims_kernel import compiled_module
from qualitycheck.detect.models.linear import LinearModel, load_task, sigmoid
from qualitycheck.detect.models.protocols import RuleSource
from qualitycheck.detect.models.voice_sentence import learned_block_voices, shipped_sentence_model
from qualitycheck.detect.signals.speech import never_writer, writer_sentence
from qualitycheck.detect.signals.transcript import article_turns
from qualitycheck.detect.signals.voice import shipped_model
from qualitycheck.document.article import QUOTE_BLOCK, Article, Block
from qualitycheck.document.findings import Finding
from qualitycheck.document.lexicon import STOPWORDS
from qualitycheck.document.segmentation import inside
from qualitycheck.primitives.accelerators import WARM_UP_SENTENCES
from qualitycheck.readers.txt import parse_text

TASK = "claims"
#: Shorter sentences (labels, fragments) are left to the rules.
MIN_WORDS = 6
#: ``str.split``'s maxsplit that tells whether a sentence has MIN_WORDS words.
_SPLITS = MIN_WORDS - 1


def _claim_starts(findings: list[Finding]) -> tuple[list[int], list[str]]:
    """Starts and rules of the claim findings, sorted once per article."""
    pairs = sorted((f.start, f.rule) for f in findings if f.category == "unsupported_claim")
    return [start for start, _ in pairs], [rule for _, rule in pairs]


def _rules_by_sentence(
    block: Block, starts: list[int], rules: list[str], span: tuple[int, int]
) -> list[set[str]]:
    """The claim rules that fired in each sentence of ``block`` (``span`` in
    the source).

    Binary search over the sorted finding starts keeps this linear in the
    number of findings even for one enormous line full of them.
    """
    if bisect_left(starts, span[0]) == bisect_right(starts, span[1]):
        # no claim finding in the block (its sentences' spans lie inside its span)
        return [set() for _ in block.sentences]
    result: list[set[str]] = []
    for start, end in block.sentences:
        source_start, source_end = block.mapping.source_span(start, end)
        low = bisect_left(starts, source_start)
        high = bisect_left(starts, source_end, low)
        result.append(set(rules[low:high]))
    return result


#: How many of the largest contributions :meth:`ClaimDetector.reason` reads.
_REASON_TOP = 40
#: The most features of a voiceless claims row besides its words, pairs and
#: rules: the fixed ones without the voice, two per cue list, the cue patterns.
_OTHERS = len(_features("", set(), False, ())) - len(VOICE) + 2 * len(CUE_LISTS) + len(PATTERNS)


def _word_reason(positive: list[tuple[float, str]], rules: set[str]) -> list[str] | None:
    """:meth:`ClaimDetector.reason` from the sentence's word and word-pair
    features of positive weight (``positive``: ``(weight, name)`` in the row's
    order, from the kernel), where they settle it; else None.

    Only those features can be named, and each weighs its weight (its value
    is 1.0), so their order among the row's contributions is their order
    among themselves (the sort is stable); a feature of weight at most zero
    never stands before them. The row's other features, at most
    :data:`_OTHERS` and the rules, can: when the second word stands within
    the first 38 even behind all of those, it is the full computation's
    answer, made without the row's attribution check, cue patterns and sort."""
    positive.sort(key=itemgetter(0), reverse=True)
    words: list[str] = []
    for rank, (_, name) in enumerate(positive):
        if not all(word in STOPWORDS for word in name[2:].split()):
            words.append(name[2:])
            if len(words) == 2:
                if rank + _OTHERS + len(rules) >= _REASON_TOP - len(VOICE):
                    return None  # the other features might push it out of the top
                return words
    return None


def _quoted(words: Sequence[str], sentence: str) -> str:
    """The reason's words as the sentence writes them, double-quoted like a
    rule's evidence: the features are lower-cased tokens, and an editor who
    reads 'us' or 'chinese' looks for words the sentence spells "US" and
    "Chinese". A word pair is shown with what stands between its words."""
    tokens = list(WORD.finditer(sentence))
    lowered = [token.group().lower() for token in tokens]
    shown = []
    for word in words:
        parts = word.split()
        found = word
        for i in range(len(lowered) - len(parts) + 1):
            if lowered[i : i + len(parts)] == parts:
                found = sentence[tokens[i].start() : tokens[i + len(parts) - 1].end()]
                break
        shown.append(f'"{found}"')
    return ", ".join(shown)


class ClaimDetector:
    """Scores the body sentences of an article."""

    def __init__(self, model: LinearModel, threshold: float | None = None) -> None:
        self.model = model
        self.threshold = model.threshold if threshold is None else threshold
        #: Built at the first score (start-up stays light), when compiled.
        self._rows: CompiledRows | None = None
        #: Sentences still to score on the pure path before the compiled rows'
        #: tables (11 ms CPU) are built: a one-file run never pays for them.
        self._pending = WARM_UP_SENTENCES
        #: :meth:`_bounds` for the weights dictionary it was computed from.
        self._weight_bounds: Bounds | None = None

    @classmethod
    def load(cls, folder: Path, threshold: float | None = None) -> ClaimDetector:
        return cls(load_task(folder, TASK), threshold)

    def probability(self, sentence: str, rules: set[str]) -> float:
        """The model's probability that ``sentence`` is an unsupported claim."""
        return self.model.probability(sentence_features(sentence, rules))

    def reason(self, sentence: str, rules: set[str]) -> str:
        """The words that weigh most towards a claim, for the message: an editor
        sees what the model reacted to ('"worry", "any deal"')."""
        rows = self._compiled_rows() if self._pending <= 0 else None
        quick = None if rows is None else _word_reason(rows.positive_words(sentence), rules)
        if quick is not None:
            return _quoted(quick, sentence)
        row = _features(sentence, rules)
        voiceless = {name: value for name, value in row.items() if name not in VOICE}
        words, ranks = self._reason_words(voiceless, len(voiceless))
        # The voice features hold at most two of the 40 places the words are
        # chosen from, and move no other feature's rank: when the words stand
        # within the first 38 without them, tagging the sentence alone (most
        # of this method's cost) cannot change them.
        if len(words) < 2 or ranks[1] >= _REASON_TOP - len(VOICE):
            words, _ = self._reason_words(sentence_features(sentence, rules), _REASON_TOP)
        return _quoted(words[:2], sentence)

    def _reason_words(self, row: dict[str, float], top: int) -> tuple[list[str], list[int]]:
        """The first two word and word-pair features among the ``top``
        contributions that push towards a claim, and their ranks (the message
        names two; the rest of the list was read for nothing)."""
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
                if len(words) == 2:
                    break
        return words, ranks

    def build_tables(self) -> None:
        """Build the compiled rows' tables now, and those of the sentence
        voices it gates on, rather than after ``WARM_UP_SENTENCES`` sentences:
        a parallel run's warm-up, so the workers it forks share them."""
        self._pending = 0
        self._compiled_rows()
        self._bounds()
        voices = shipped_sentence_model()
        if voices is not None:
            voices.build_tables()

    def _bounds(self) -> Bounds:
        """:class:`Bounds` of the model's current weights (computed once for each)."""
        bounds = self._weight_bounds
        if bounds is None or bounds.weights is not self.model.weights:
            bounds = Bounds.of(self.model)
            self._weight_bounds = bounds  # one assignment: threads each read one
        return bounds

    def _compiled_rows(self) -> CompiledRows | None:
        """The compiled rows for the model's current weights, or None (pure path)."""
        module = compiled_module()
        if module is None or WORD.pattern != module.WORD_PATTERN:
            return None  # absent, or reading words by another pattern than the row's
        rows = self._rows
        if (
            rows is None
            or rows.weights is not self.model.weights
            or (rows.intercept != self.model.intercept)
        ):
            rows = CompiledRows(module, self.model)
            self._rows = rows  # one assignment: threads each read one
        return rows

    def score(
        self, article: Article, findings: list[Finding]
    ) -> list[tuple[Block, int, int, float, bool]]:
        """``(block, start, end, probability, has_rule_finding)`` for flagged
        sentences: six words or more, not inside quotation marks, a block
        quote or a transcript's turn, in the writer's own voice (not reported
        from a named source)."""
        result = []
        boilerplate = {f.start for f in findings if f.category == "boilerplate"}
        starts, claim_rules = _claim_starts(findings)
        compiled = self._compiled_rows() if self._pending <= 0 else None
        bounds = self._bounds()
        self._pending -= sum(len(block.sentences) for block in article.body_blocks)
        # whether each block's sentences get a voice (the tagger is there)
        voiced = shipped_model() is not None
        turns = article_turns(article)
        for block in article.body_blocks:
            if block.kind == QUOTE_BLOCK or block.index in turns:
                continue  # a block quote's or a transcript turn's words are its speaker's
            text = block.text
            if boilerplate or starts:  # (where neither is, the block's place is not needed)
                span = block.mapping.source_span(0, len(text))
                if span[0] in boilerplate:
                    continue  # page furniture makes no claims
                rules = _rules_by_sentence(block, starts, claim_rules, span)
            else:
                rules = [set() for _ in block.sentences]
            candidates = []
            for index, ((start, end), fired) in enumerate(zip(block.sentences, rules, strict=True)):
                sentence = text[start:end]
                # (at most MIN_WORDS pieces: as many as the words when fewer, else
                # MIN_WORDS; the sentence's other words are never made)
                if len(sentence.split(None, _SPLITS)) < MIN_WORDS or inside(
                    block.quotes, start, end
                ):
                    continue
                # its terms, if its margin with the voice at zero may reach the threshold
                terms = candidate_terms(
                    self.model, bounds, self.threshold, compiled, sentence, fired
                )
                if terms is not None:
                    candidates.append((index, start, end, fired, terms))
            if voiced:
                # (a sentence every voice leaves out needs none: a block of only
                # such sentences is not tagged)
                candidates = [c for c in candidates if not never_writer(text, c[1], c[2])]
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
