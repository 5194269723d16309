"""The voice tagger's sentence rows: what its sentence model (and the learned
sentence voice of ``detect/models``) reads of a tagged sentence.

A row is :func:`word_row`, each distinct word and pair of neighbouring words
of the sentence (most of its names), then :func:`tag_row`, how the sentence
and its neighbours were tagged. The tagger keeps each sentence's tags
(``voice.tag_rows``) and makes the words' names only when a row is asked for:
the learned sentence voice adds their weights without the names where its
kernel is built (``detect/models/voice_sentence_words.py``). Tokens are read
by their fields only (``voice.Token``), so this module sits below the tagger.
"""

from __future__ import annotations

from collections.abc import Sequence
from itertools import pairwise
from typing import Protocol


class WordToken(Protocol):
    """What a row reads of a token (``voice.Token`` has these fields)."""

    @property
    def lower(self) -> str: ...

    @property
    def quoted(self) -> bool: ...

    @property
    def is_word(self) -> bool: ...


class Tagged(Protocol):
    """What a row reads of a tagged sentence (``voice.TaggedSentence``)."""

    @property
    def tokens(self) -> Sequence[WordToken]: ...

    @property
    def summary(self) -> tuple[float, float, float]: ...


def sentence_row(tagged: Sequence[Tagged], index: int) -> dict[str, float]:
    """Features of sentence ``index`` of a paragraph for the sentence model."""
    return word_row(tagged[index].tokens) | tag_row(tagged, index)


def word_row(tokens: Sequence[WordToken]) -> dict[str, float]:
    """:func:`sentence_row`'s first part: each distinct word, then pair of
    neighbouring words (most of its names, made only when a row is asked for)."""
    words = [t.lower for t in tokens if t.is_word]
    row: dict[str, float] = dict.fromkeys([f"w:{w}" for w in words], 1.0)
    row.update(dict.fromkeys([f"b:{a} {b}" for a, b in pairwise(words)], 1.0))
    return row


def tag_row(tagged: Sequence[Tagged], index: int) -> dict[str, float]:
    """The rest of :func:`sentence_row`: the tags of the sentence and its neighbours."""
    own = tagged[index]
    mean, top, share = own.summary
    quoted = [t.quoted for t in own.tokens if t.is_word]
    share_quoted = sum(quoted) / len(quoted) if quoted else 0.0
    row = {"mean": mean, "max": top, "share": share, "quoted": share_quoted}
    row["length"] = len(quoted) / 30
    for offset, name in ((-1, "prev"), (1, "next")):
        if 0 <= index + offset < len(tagged):
            other_mean, other_top, _ = tagged[index + offset].summary
            row[f"{name}_mean"] = other_mean
            row[f"{name}_max"] = other_top
        else:
            row[f"{name}_none"] = 1.0
    return row
