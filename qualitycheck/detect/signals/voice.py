"""Who speaks: the writer, or a source the writer reports?

A claim is the writer's only where the writer says it. "The plan is doomed"
is the writer's; in "The plan is doomed, the mayor said", in a quote, or in
"according to the ministry, ..." it belongs to the source. Reporting takes
many shapes (inverted "said X", "X told reporters that", "officials believe",
passive "it is said", a quote running over several sentences), so a cue list
alone misses half of it (macro-F1 0.72 on PolNeAR dev, see docs/accuracy.md).

This module tags every word of a paragraph with the probability that it lies
inside an attribution (its source, cue or content span, as PolNeAR annotates
them) with a linear model over the word, its neighbours, whether it stands
inside quotation marks, the nearest reporting cue to its left and right in the
sentence (and whether a comma or quote separates them), and the words of the
sentence. Because the model is linear, the sentence's part of every word's
score is summed once per sentence, so tagging is one dictionary look-up per
feature: about a millisecond per article.

From the word tags come a sentence's voice (``writer``, ``attributed`` or
``mixed``, the PolNeAR labels) and, for a cue inside a sentence that mixes
voices, whether the cue itself is the writer's. The weights are JSON
(``data/voice.json``), trained by :mod:`qualitycheck.detect.models.voice`.
"""

from __future__ import annotations

import bisect
import math
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import cache, reduce
from itertools import repeat, takewhile
from operator import add, mul
from pathlib import Path
from typing import Any, NamedTuple

from qualitycheck.detect.signals.voice_file import voice_fields
from qualitycheck.detect.signals.voice_kernel import compiled_tagger, compiled_tokenizer
from qualitycheck.detect.signals.voice_rows import tag_row, word_row
from qualitycheck.detect.signals.voice_weights import WeightTables, token_weights, weight_tables
from qualitycheck.document.article import cached_property
from qualitycheck.primitives.accelerators import WARM_UP_SENTENCES

#: Shipped weights (trained on PolNeAR train; see docs/models.md).
SHIPPED = Path(__file__).resolve().parent / "data" / "voice.json"

Span = tuple[int, int]

#: Words, quotation marks (curly, straight, guillemets, the LexisNexis ``''``)
#: and single punctuation marks.
_TOKEN = re.compile(r"''|``|[“”\"«»„]|[^\W_]+(?:['’][^\W_]+)*|[^\w\s]")
_OPENERS = frozenset("“«„`")
_CLOSERS = frozenset("”»")
_TOGGLES = frozenset(('"', "''"))
_BREAKS = frozenset(",;:—–(")
#: Words that open a clause of its own: what follows them after a reporting
#: cue is often the writer's again ("X said ..., but ...").
_CONJUNCTIONS = frozenset("but although though while whereas yet even however".split())


#: Every quotation mark the tokenizer knows (one set look-up a token).
_MARKS = _TOGGLES | _OPENERS | _CLOSERS | {"``"}


class Token(NamedTuple):
    """A token with its offsets and quote state: immutable, compared by its
    fields, and made in about a third of a frozen dataclass's time (a
    paragraph's tokens are made for every block the claims model tags)."""

    start: int
    end: int
    text: str
    lower: str
    quoted: bool
    is_word: bool


@cache
def _compiled_tokenizer() -> Any:
    """The compiled tokenizer, or None: absent, or written for another pattern."""
    return compiled_tokenizer(Token, _TOKEN.pattern, _MARKS, _CLOSERS, _TOGGLES)


def _tokenizer() -> Callable[[str, bool, int], tuple[list[Token], bool]]:
    """:func:`pure_tokenize`, or the compiled tokenizer's (the same tokens)."""
    tokenizer = _compiled_tokenizer()
    return pure_tokenize if tokenizer is None else tokenizer.tokenize


def tokenize(text: str, quoted: bool = False, offset: int = 0) -> tuple[list[Token], bool]:
    """:func:`pure_tokenize`, compiled when the kernel is there (same tokens)."""
    return _tokenizer()(text, quoted, offset)


def pure_tokenize(text: str, quoted: bool = False, offset: int = 0) -> tuple[list[Token], bool]:
    """Tokens of ``text`` with their quote state, and the state at its end;
    their offsets are in ``text`` plus ``offset`` (where ``text`` is a sentence
    sliced from its paragraph at ``offset``).

    Quote marks themselves count as quoted. A straight quote or ``''`` opens
    when no quote is open and closes otherwise; the state carries across the
    sentences of a paragraph, because a quote may run over several of them.
    """
    tokens = []
    for match in _TOKEN.finditer(text):
        piece = match.group()
        start, end = match.span()
        if piece in _MARKS:
            # A closing mark glued to the next word opens a quote (a typo that
            # scraped pages and reader letters are full of: ”Fortunately, ...).
            glued = end < len(text) and text[end].isalnum()
            if (piece in _CLOSERS and not (glued and not quoted)) or (piece in _TOGGLES and quoted):
                tokens.append(Token(start + offset, end + offset, piece, piece, True, False))
                quoted = False
                continue
            quoted = True
            tokens.append(Token(start + offset, end + offset, piece, piece.lower(), True, False))
        else:
            word = piece[0].isalnum()
            tokens.append(Token(start + offset, end + offset, piece, piece.lower(), quoted, word))
    return tokens, quoted


def _bin(distance: int) -> str:
    return (
        "1"
        if distance <= 1
        else "2"
        if distance <= 2
        else "4"
        if distance <= 4
        else "8"
        if distance <= 8
        else "far"
    )


def sentence_features(tokens: Sequence[Token], cues: frozenset[str]) -> list[str]:
    """The sentence-wide features (shared by every token of the sentence)."""
    words = {t.lower for t in tokens if t.is_word}
    names = [f"s:{w}" for w in sorted(words)]
    if any(t.quoted for t in tokens):
        names.append("s_quote")
        if all(t.quoted for t in tokens if t.is_word):
            names.append("s_all_quoted")
    count = sum(1 for t in tokens if t.is_word and t.lower in cues)
    names.append(f"s_cues={min(count, 3)}")
    return names


def _nearest_cues(
    tokens: Sequence[Token], cues: frozenset[str], order: Sequence[int]
) -> list[tuple[int, str]]:
    """For each token (visited in ``order``), the nearest cue before it in that
    order and what lies between: a comma or dash, a change of quote state, a
    conjunction that opens a new clause ("but", "although")."""
    found: list[tuple[int, str]] = [(-1, "")] * len(tokens)
    position, gap = -1, ""
    for index in order:
        found[index] = (position, gap)
        token = tokens[index]
        if token.is_word and token.lower in cues and not token.quoted:
            position, gap = index, ""
        elif position >= 0:
            if token.text in _BREAKS and "," not in gap:
                gap += ","
            if token.quoted != tokens[position].quoted and "q" not in gap:
                gap += "q"
            if token.lower in _CONJUNCTIONS and "c" not in gap:
                gap += "c"
    return found


def token_features(tokens: Sequence[Token], cues: frozenset[str]) -> list[list[str]]:
    """The local features of every token (word, neighbours, quotes, nearest cue)."""
    count = len(tokens)
    lowers = [t.lower for t in tokens]
    left = _nearest_cues(tokens, cues, range(count))
    right = _nearest_cues(tokens, cues, range(count - 1, -1, -1))
    rows = []
    for index, token in enumerate(tokens):
        word = lowers[index]
        quoted = "q" if token.quoted else "u"
        row = [
            f"w:{word}",
            f"wq:{quoted}:{word}",
            quoted,
            f"p1:{lowers[index - 1] if index else '<s>'}",
            f"n1:{lowers[index + 1] if index + 1 < count else '</s>'}",
            f"p2:{lowers[index - 2] if index > 1 else '<s>'}",
            f"n2:{lowers[index + 2] if index + 2 < count else '</s>'}",
            f"pos={min(index, 5)}",
            f"rpos={min(count - 1 - index, 5)}",
        ]
        if token.is_word and token.text[:1].isupper() and index:
            row.append("cap")
        for side, (position, gap) in (("l", left[index]), ("r", right[index])):
            if position < 0:
                row.append(f"{side}c:none")
                continue
            row.append(f"{side}c:{lowers[position]}")
            row.append(f"{side}c:{lowers[position]}|{gap}")
            row.append(f"{side}d:{_bin(abs(index - position))}{gap}")
            row.append(f"{side}cq:{quoted}{gap}")
        rows.append(row)
    return rows


@dataclass
class VoiceModel:
    """Two linear models and the thresholds that turn them into voices.

    The token model tags words; the sentence model decides whether a sentence
    is the writer's from its words and word pairs, how its words were tagged
    (mean, maximum, share, quoted share) and how its neighbours in the
    paragraph were tagged (a quote or an account often runs over several
    sentences). The tag share then tells ``mixed`` from ``attributed``.
    """

    weights: dict[str, float]
    intercept: float
    cues: frozenset[str]
    sentence_weights: dict[str, float]
    sentence_intercept: float
    #: Sentence-model probability from which a sentence is not the writer's.
    reported_from: float
    #: Share of a reported sentence's words tagged attributed from which it is
    #: wholly attributed, not mixed.
    attributed_from: float
    training: dict[str, Any]
    #: The weights of fixed names and (filled as tagging asks) by word, with
    #: the ``weights`` dictionary they were read from: another one, once
    #: assigned, gets new tables (the dictionary is not changed in place).
    #: Replaced in one assignment, so threads that tag at once each read one.
    _tables: WeightTables | None = field(default=None, repr=False, compare=False)
    #: The compiled tagger (``voice_kernel``) and the weights, intercept and
    #: cues it was built from; rebuilt, like ``_tables``, when one is replaced.
    _compiled: tuple[Any, ...] | None = field(default=None, repr=False, compare=False)
    #: Sentences still to tag on the pure path before the compiled tagger's
    #: tables are built (``WARM_UP_SENTENCES``); 0 builds them at the first sentence.
    _pending: int = field(default=0, repr=False, compare=False)

    @classmethod
    def load(cls, path: Path = SHIPPED) -> VoiceModel:
        """The model in ``path`` (its decoded fields from the per-user cache
        when an earlier run read a file with the same bytes: :mod:`.voice_file`)."""
        return cls(**voice_fields(path))

    def to_json(self) -> dict[str, Any]:
        return {
            "kind": "voice: token and sentence logistic regressions",
            "intercept": self.intercept,
            "sentence_intercept": self.sentence_intercept,
            "reported_from": self.reported_from,
            "attributed_from": self.attributed_from,
            "training": self.training,
            "cues": sorted(self.cues),
            "sentence_weights": dict(sorted(self.sentence_weights.items())),
            "weights": dict(sorted(self.weights.items())),
        }

    def token_probabilities(self, tokens: Sequence[Token]) -> list[float]:
        """Probability that each token lies inside an attribution: the weights
        of :func:`token_features`, added in their order onto the sentence's
        share (:meth:`_token_weights` gives them without building the names).
        Plain left-to-right additions (``reduce``), not ``sum()``, which
        compensates floats from Python 3.12: the compiled tagger adds this way."""
        if self._pending > 0:  # a short run tags on the pure path: no tables to build
            self._pending -= 1
            return self.pure_token_probabilities(tokens)
        tagger = self._compiled_tagger()
        if tagger is not None:
            return tagger.probabilities(tokens)
        return self.pure_token_probabilities(tokens)

    def pure_token_probabilities(self, tokens: Sequence[Token]) -> list[float]:
        """:meth:`token_probabilities` on the pure path (the definition)."""
        shared = reduce(
            add,
            map(self.weights.get, sentence_features(tokens, self.cues), repeat(0.0)),
            self.intercept,
        )
        return [_sigmoid(reduce(add, weights, shared)) for weights in self._token_weights(tokens)]

    def build_tables(self) -> None:
        """Build the compiled tagger's tables now rather than after
        ``WARM_UP_SENTENCES`` sentences: a parallel run's warm-up, so the
        workers it forks share them instead of each building its own."""
        self._pending = 0
        self._compiled_tagger()

    def _compiled_tagger(self) -> Any:
        """The compiled tagger for the current weights, or None (the pure path)."""
        built = self._compiled
        # (each sentence asks: three identity tests, no tuple or generator made)
        if (
            built is None
            or built[1] is not self.weights
            or built[2] is not self.intercept
            or built[3] is not self.cues
        ):
            key = (self.weights, self.intercept, self.cues)
            built = (compiled_tagger(*key, _BREAKS, _CONJUNCTIONS), *key)
            self._compiled = built  # one assignment: threads each read one
        return built[0]

    def _weight_tables(self) -> WeightTables:
        tables = self._tables
        if tables is None or tables.weights is not self.weights:
            tables = weight_tables(self.weights)
            self._tables = tables
        return tables

    def _token_weights(self, tokens: Sequence[Token]) -> list[list[float]]:
        """For every token, ``[weights.get(name, 0.0) for name in row]`` over
        its row of :func:`token_features`, in the same order, without building
        the names (:func:`~qualitycheck.detect.signals.voice_weights.token_weights`)."""
        count = len(tokens)
        left = _nearest_cues(tokens, self.cues, range(count))
        right = _nearest_cues(tokens, self.cues, range(count - 1, -1, -1))
        return token_weights(self._weight_tables(), tokens, left, right)

    def reported_probability(self, row: dict[str, float]) -> float:
        """The sentence model's probability that a sentence is not the writer's."""
        # the same products summed in the same order as a generator would, in C
        weights = map(self.sentence_weights.get, row.keys(), repeat(0.0))
        return _sigmoid(reduce(add, map(mul, weights, row.values()), self.sentence_intercept))


def _sigmoid(margin: float) -> float:
    return 1.0 / (1.0 + math.exp(-margin)) if margin > -30.0 else 0.0


@dataclass
class TaggedSentence:
    """A sentence's tokens and the tagger's probability that each is reported
    speech: what the sentence voice model of ``detect/models`` reads."""

    tokens: list[Token]
    probabilities: list[float]

    @cached_property
    def summary(self) -> tuple[float, float, float]:
        """Mean and maximum tag (quoted words count as tagged) and share tagged
        (computed once: a sentence is also its neighbours' context)."""
        tags = [
            1.0 if t.quoted else p
            for t, p in zip(self.tokens, self.probabilities, strict=True)
            if t.is_word
        ] or [0.0]
        count, tagged = len(tags), len([tag for tag in tags if tag >= 0.5])
        return reduce(add, tags, 0.0) / count, max(tags), tagged / count  # (summed as 3.11 does)


@dataclass
class SentenceVoice:
    """One sentence's tokens, their tags and its voice."""

    start: int
    end: int
    tokens: list[Token]
    probabilities: list[float]
    share: float
    voice: str
    #: The tagger's :func:`tag_row` of the sentence, kept for the sentence models.
    tags: dict[str, float] | None = field(default=None, repr=False, compare=False)
    #: Where each token ends (tokens come in text order), made when first asked.
    _ends: list[int] | None = field(default=None, init=False, repr=False, compare=False)

    def with_voice(self, voice: str) -> SentenceVoice:
        """A copy whose voice is ``voice``: ``dataclasses.replace(self, voice=voice)``
        without its generic field walk, which the sentence models paid per
        sentence (every field is named here, beside their declarations)."""
        return SentenceVoice(
            self.start, self.end, self.tokens, self.probabilities, self.share, voice, self.tags
        )

    @property
    def row(self) -> dict[str, float] | None:
        """The tagger's :func:`sentence_row`, from the tokens and :attr:`tags` (a new dict)."""
        return None if self.tags is None else word_row(self.tokens) | self.tags

    def words_within(self, start: int, end: int) -> list[tuple[Token, float]]:
        """The word tokens overlapping ``[start, end)``, with their probabilities:
        by bisection, so a 300,000-word sentence (a scraped page without full
        stops) with thousands of cues costs each cue its own words, not all."""
        if self._ends is None:
            self._ends = [token.end for token in self.tokens]
        tokens, first = self.tokens, bisect.bisect_right(self._ends, start)
        inside = takewhile(lambda i: tokens[i].start < end, range(first, len(tokens)))
        return [(tokens[i], self.probabilities[i]) for i in inside if tokens[i].is_word]

    @property
    def quoted_share(self) -> float:
        words = [t for t in self.tokens if t.is_word]
        return sum(t.quoted for t in words) / len(words) if words else 0.0


def tag_tokens(text: str, sentences: Sequence[Span], model: VoiceModel) -> list[TaggedSentence]:
    """Token tags of every sentence of one paragraph (offsets in ``text``)."""
    split = _tokenizer()  # (read once a paragraph)
    probabilities = model.token_probabilities
    result = []
    quoted = False
    for start, end in sentences:
        tokens, quoted = split(text[start:end], quoted, start)
        result.append(TaggedSentence(tokens, probabilities(tokens) if tokens else []))
    return result


def tag_paragraph(text: str, sentences: Sequence[Span], model: VoiceModel) -> list[SentenceVoice]:
    """The voice of every sentence of one paragraph (spans in ``text``)."""
    return [decide(voice, model) for voice in tag_rows(text, sentences, model)]


def tag_rows(text: str, sentences: Sequence[Span], model: VoiceModel) -> list[SentenceVoice]:
    """Every sentence of one paragraph tagged, with its sentence-model row's
    tags (:func:`tag_row`; the words are read when a row is asked for), its
    voice not yet decided (``""``; :func:`decide` decides it). The
    learned sentence voice of ``detect/models`` reads the tags and rows and
    decides the voice itself: the tagger's decision would be thrown away."""
    tagged = tag_tokens(text, sentences, model)
    result = []
    for index, ((start, end), own) in enumerate(zip(sentences, tagged, strict=True)):
        _, _, share = own.summary
        tags = tag_row(tagged, index)
        result.append(SentenceVoice(start, end, own.tokens, own.probabilities, share, "", tags))
    return result


def decide(voice: SentenceVoice, model: VoiceModel) -> SentenceVoice:
    """``voice`` (from :func:`tag_rows`) with the tagger's own decision."""
    row = voice.row
    assert row is not None  # tag_rows keeps every row's tags
    if model.reported_probability(row) < model.reported_from:
        decided = "writer"
    else:
        decided = "attributed" if voice.share >= model.attributed_from else "mixed"
    return voice.with_voice(decided)


@cache
def shipped_model() -> VoiceModel | None:
    """The shipped voice model, or ``None`` in a build without one."""
    if not SHIPPED.is_file():
        return None
    model = VoiceModel.load(SHIPPED)
    model._pending = WARM_UP_SENTENCES
    return model
