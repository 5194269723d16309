"""Sentence voice, learned over the tagger's evidence and the sentence's context.

The voice tagger of :mod:`qualitycheck.detect.signals.voice` decides a
sentence's voice from its own words, its word tags and its neighbours' tags.
Much of what tells reported speech from the writer's lies around the
sentence: a quote left open by the previous one, a previous sentence ending
in a colon ("He put it this way:"), a continuation ("He added that ..."), the
first sentence of a paragraph against the third, the headline. This module
is one logistic regression (a :class:`LinearModel`, JSON) over the tagger's
sentence features plus those of context: quote marks and their balance, the
quote state carried in and out, where the first reporting cue stands and
whether a capitalised name comes before it, the first and last words, the
previous sentence's ending, cues and quotes, the lexical attribution check,
and the position in paragraph and article.

It lives in ``detect/models`` (a trained model, above the signals it reads)
and decides the voice the claims model gates on; the claim rules, below the
models, keep the tagger's own decision.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from functools import cache
from pathlib import Path
from typing import Any

from qualitycheck.detect.models.linear import LinearModel, sigmoid
from qualitycheck.detect.models.voice_sentence_words import PAIR_PREFIX, WORD_PREFIX, compiled_sums
from qualitycheck.detect.signals.attribution import attributed, mentions_reporting_verb
from qualitycheck.detect.signals.speech import block_tags, block_voices
from qualitycheck.detect.signals.voice import (
    SentenceVoice,
    Span,
    TaggedSentence,
    Token,
    VoiceModel,
    shipped_model,
    tag_tokens,
)
from qualitycheck.detect.signals.voice_rows import tag_row, word_row
from qualitycheck.primitives.accelerators import WARM_UP_SENTENCES
from qualitycheck.primitives.blockcache import block_cache

TASK = "voice_sentence"
SHIPPED = Path(__file__).resolve().parent / "data" / f"{TASK}.json"

_MARKS = frozenset(('"', "''", "``", "“", "”", "«", "»", "„"))
_CLOSERS = frozenset(("”", "»"))
_OPENERS = frozenset(("“", "«", "„", "``"))


def _bin(index: int, count: int) -> str:
    """Where in the sentence a word stands: start, early, middle or end."""
    if index <= 1:
        return "start"
    if count - index <= 4:
        return "end"
    return "early" if index < count / 2 else "mid"


@dataclass(frozen=True)
class _Context:
    """What the next sentence needs to know about this one."""

    last: str
    open_quote: bool
    cues: int
    marks: int


def _open_at_end(tokens: Sequence[Token]) -> bool:
    """Whether a quote is still open after the last token: a quoted word, or
    an opening mark (a straight one opens when the token before it is not
    quoted)."""
    if not tokens or not tokens[-1].quoted:
        return False
    last = tokens[-1].text
    if last not in _MARKS:
        return True
    if last in _CLOSERS:
        return False
    if last in _OPENERS:
        return True
    return len(tokens) < 2 or not tokens[-2].quoted


def _own_features(
    tokens: Sequence[Token], text: str, cues: frozenset[str]
) -> tuple[dict[str, float], _Context]:
    row: dict[str, float] = {}
    words = [t for t in tokens if t.is_word]
    marks = [t for t in tokens if t.text in _MARKS]
    row[f"x_marks={min(len(marks), 4)}"] = 1.0
    if len(marks) % 2:
        row["x_marks_odd"] = 1.0
    if words and words[0].quoted and (not marks or marks[0].start > words[0].start):
        row["x_quote_in"] = 1.0  # a quote opened in an earlier sentence runs on
    open_out = _open_at_end(tokens)
    if open_out:
        row["x_quote_out"] = 1.0
    if tokens and tokens[0].text in _MARKS:
        row["x_starts_mark"] = 1.0
    if len(tokens) > 1 and (tokens[-1].text in _MARKS or tokens[-2].text in _MARKS):
        row["x_ends_mark"] = 1.0
    if any(t.text == ":" for t in tokens):
        row["x_colon"] = 1.0
    count = len(words)
    if words:
        row[f"x_first:{words[0].lower}"] = 1.0
        row[f"x_last:{words[-1].lower}"] = 1.0
        if count > 1:
            row[f"x_last2:{words[-2].lower} {words[-1].lower}"] = 1.0
    found = [(i, t) for i, t in enumerate(words) if t.lower in cues and not t.quoted]
    if found:
        index, cue = found[0]
        place = _bin(index, count)
        row[f"x_cue@{place}"] = 1.0
        row[f"x_cue:{cue.lower}@{place}"] = 1.0
        if any(t.text[:1].isupper() for t in words[1:index]):
            row["x_capital_before_cue"] = 1.0
        if index and words[index - 1].lower in ("he", "she", "they", "i", "we"):
            row[f"x_pronoun_cue:{words[index - 1].lower}"] = 1.0
    else:
        row["x_no_cue"] = 1.0
    if mentions_reporting_verb(text):
        row["x_reporting_verb"] = 1.0
    if attributed(text):
        row["x_attributed"] = 1.0
    last = tokens[-1].text if tokens else ""
    context = _Context(last, open_out, len(found), len(marks))
    return row, context


def paragraph_rows(
    text: str,
    sentences: Sequence[Span],
    model: VoiceModel,
    first_line: bool = False,
    tagger_voices: Sequence[SentenceVoice] | None = None,
    words: bool = True,
) -> tuple[list[dict[str, float]], list[SentenceVoice]]:
    """The feature row of every sentence of one paragraph, and the tagger's
    voices (whose ``voice`` the learned model then replaces). ``tagger_voices``
    are the tagger's voices of these sentences when known, decided or not
    (``voice.tag_rows``): its tags and rows are reused, its decision unread.
    Without ``words``, each row leaves out the word and word-pair names it
    opens with (the compiled sums add their weights: :mod:`.voice_sentence_words`)."""
    if tagger_voices is None:
        tagged = tag_tokens(text, sentences, model)
    else:  # the tagger's work, already done for the claim rules
        tagged = [TaggedSentence(v.tokens, v.probabilities) for v in tagger_voices]
    rows: list[dict[str, float]] = []
    voices: list[SentenceVoice] = []
    previous: _Context | None = None
    count = len(sentences)
    for index, ((start, end), own) in enumerate(zip(sentences, tagged, strict=True)):
        kept = None if tagger_voices is None else tagger_voices[index].tags
        # the tagger's row: its words (unless left out), then its tags, copied
        row = word_row(own.tokens) if words else {}
        row.update(tag_row(tagged, index) if kept is None else kept)
        if tagger_voices is not None:
            voices.append(tagger_voices[index])
        else:
            _, _, share = own.summary
            full = row if words else word_row(own.tokens) | row  # the tagger reads the words
            if model.reported_probability(full) < model.reported_from:
                voice = "writer"
            else:
                voice = "attributed" if share >= model.attributed_from else "mixed"
            voices.append(SentenceVoice(start, end, own.tokens, own.probabilities, share, voice))
        extra, context = _own_features(own.tokens, text[start:end], model.cues)
        row.update(extra)
        row[f"x_para={min(index, 3)}"] = 1.0
        if count == 1:
            row["x_para_only"] = 1.0
        if first_line:
            row["x_first_line"] = 1.0
        if previous is None:
            row["x_prev_none"] = 1.0
        else:
            row[f"x_prev_last:{previous.last}"] = 1.0
            if previous.open_quote:
                row["x_prev_open_quote"] = 1.0
            row[f"x_prev_cues={min(previous.cues, 2)}"] = 1.0
            if previous.marks:
                row["x_prev_marks"] = 1.0
        previous = context
        rows.append(row)
    return rows, voices


@dataclass
class SentenceVoiceModel:
    """The tagger, and the learned sentence model that decides its voices."""

    tagger: VoiceModel
    model: LinearModel
    #: Sentences still to score on the pure path before the compiled sums'
    #: tables are built (``WARM_UP_SENTENCES``); 0 builds them at the first.
    _pending: int = field(default=0, repr=False, compare=False)
    #: The compiled word sums, the model without word and pair weights (what
    #: the rest of a row is looked up in), and the weights they were built
    #: from; rebuilt when those are replaced, in one assignment (threads
    #: each read one).
    _sums: tuple[Any, LinearModel | None, dict[str, float]] | None = field(
        default=None, repr=False, compare=False
    )

    def build_tables(self) -> None:
        """Build the compiled sums' tables and the tagger's now (a parallel
        run's warm-up: :meth:`VoiceModel.build_tables`)."""
        self._pending = 0
        self._compiled_sums()
        self.tagger.build_tables()

    def _compiled_sums(self) -> tuple[Any, LinearModel | None]:
        """The compiled sums and the rest's model, or ``(None, None)``."""
        built = self._sums
        if built is None or built[2] is not self.model.weights:
            weights = self.model.weights
            sums = compiled_sums(weights)
            rest = None
            if sums is not None:
                kept = {
                    name: value
                    for name, value in weights.items()
                    if not name.startswith((WORD_PREFIX, PAIR_PREFIX))
                }
                rest = replace(self.model, weights=kept)
            built = (sums, rest, weights)
            self._sums = built
        return built[0], built[1]

    def margins(
        self,
        text: str,
        sentences: Sequence[Span],
        first_line: bool = False,
        tagger_voices: Sequence[SentenceVoice] | None = None,
    ) -> tuple[list[float], list[SentenceVoice]]:
        """The model's margin for every sentence of one paragraph, and the
        tagger's voices: ``LinearModel.margin`` over :func:`paragraph_rows`,
        its words' and pairs' part compiled where the kernel is built (the
        same additions in the same order, so the same floats)."""
        sums, rest = None, None
        if self._pending > 0:  # a short run stays pure: no tables to build
            self._pending -= len(sentences)
        else:
            sums, rest = self._compiled_sums()
        if sums is None or rest is None:
            rows, voices = paragraph_rows(text, sentences, self.tagger, first_line, tagger_voices)
            return [self.model.margin(row) for row in rows], voices
        rows, voices = paragraph_rows(
            text, sentences, self.tagger, first_line, tagger_voices, words=False
        )
        intercept = self.model.intercept
        margins = [
            rest.margin(row, sums.total(voice.tokens, intercept))
            for row, voice in zip(rows, voices, strict=True)
        ]
        return margins, voices

    def voices(
        self,
        text: str,
        sentences: Sequence[Span],
        first_line: bool = False,
        tagger_voices: Sequence[SentenceVoice] | None = None,
    ) -> list[SentenceVoice]:
        """The voice of every sentence of one paragraph (spans in ``text``)."""
        margins, voices = self.margins(text, sentences, first_line, tagger_voices)
        result = []
        threshold, attributed_from = self.model.threshold, self.tagger.attributed_from
        for margin, voice in zip(margins, voices, strict=True):
            if sigmoid(margin) < threshold:
                decided = "writer"
            else:
                decided = "attributed" if voice.share >= attributed_from else "mixed"
            result.append(voice.with_voice(decided))
        return result


@cache
def shipped_sentence_model() -> SentenceVoiceModel | None:
    """The shipped sentence model over the shipped tagger, or ``None``."""
    tagger = shipped_model()
    if tagger is None or not SHIPPED.is_file():
        return None
    model = SentenceVoiceModel(tagger, LinearModel.load(SHIPPED))
    model._pending = WARM_UP_SENTENCES
    return model


def tag_record(record: dict[str, Any], model: SentenceVoiceModel) -> list[SentenceVoice]:
    """Voices of a PolNeAR-format record's sentences, in order (for ``evaluate``)."""
    from qualitycheck.detect.models.voice import voices_by_paragraph

    return voices_by_paragraph(record, model.voices)


@block_cache()
def learned_block_voices(
    text: str, sentences: tuple[Span, ...], first_line: bool = False
) -> tuple[SentenceVoice, ...]:
    """The voices of a block's sentences decided by the shipped sentence model
    (the tagger's own decision in a build without one); cached like
    :func:`qualitycheck.detect.signals.speech.block_voices`."""
    model = shipped_sentence_model()
    if model is None:
        return block_voices(text, sentences)
    # the tagger's tags and rows, shared with the claim rules (its own
    # decision, which the learned model replaces, is not made here)
    tagged = block_tags(text, sentences) if model.tagger is shipped_model() else None
    return tuple(model.voices(text, sentences, first_line, tagged or None))
