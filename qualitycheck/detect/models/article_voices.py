"""Who speaks in each sentence of an article: the voice the claims model's gate starts from.

The claims model flags a sentence only in the writer's own voice, and its
gate starts from the learned sentence model's voice (:mod:`voice_sentence`;
it then reads the words again for crowd and named sources). A data team that
keeps only the writer's sentences, or an editor who wants to see which
clauses a source holds, needs that voice, not a second model's: this module
reads it out for every sentence of the blocks given, with the words the voice
tagger reads as a source's (its quotes, its reporting cue and what it says),
so a sentence that mixes voices shows which clause is reported.

A block quote is someone's words the article quotes at length (a speech, a
letter): every sentence of one is ``attributed`` whole, as the claim rules and
the claims model treat it.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass

from qualitycheck.detect.models.voice_sentence import learned_block_voices
from qualitycheck.detect.signals.voice import SentenceVoice, Span
from qualitycheck.document.article import QUOTE_BLOCK, Block

#: A word the tagger gives at least this probability lies inside an
#: attribution (the tagger's own cut-off for "tagged", ``TaggedSentence.summary``).
TAGGED_FROM = 0.5


@dataclass(frozen=True)
class BlockVoice:
    """One sentence's voice; spans are offsets in ``block.text``."""

    block: Block
    start: int
    end: int
    #: ``writer``, ``mixed`` or ``attributed`` (PolNeAR's three labels).
    voice: str
    #: The runs of words read as a source's (empty in the writer's voice).
    reported: tuple[Span, ...]


def article_voices(blocks: Iterable[Block]) -> Iterator[BlockVoice]:
    """The voice of every sentence of ``blocks`` (an article's body, or the part
    of it a caller keeps), in their order (nothing in a build without the
    voice models)."""
    for block in blocks:
        sentences = tuple(block.sentences)
        if not sentences:
            continue
        if block.kind == QUOTE_BLOCK:
            for start, end in sentences:
                yield BlockVoice(block, start, end, "attributed", ((start, end),))
            continue
        # the same call, with the same arguments, as the claims model's gate
        for voice in learned_block_voices(block.text, sentences, False):
            runs = () if voice.voice == "writer" else reported_runs(voice)
            yield BlockVoice(block, voice.start, voice.end, voice.voice, runs)


def reported_runs(voice: SentenceVoice) -> tuple[Span, ...]:
    """The runs of the sentence's words inside quotation marks or tagged as
    an attribution's: a run spans from its first such word to its last, the
    punctuation between them included, and ends at a word that is neither."""
    runs: list[Span] = []
    start = end = -1
    for token, probability in zip(voice.tokens, voice.probabilities, strict=True):
        if not token.is_word:
            continue
        if token.quoted or probability >= TAGGED_FROM:
            if start < 0:
                start = token.start
            end = token.end
        elif start >= 0:
            runs.append((start, end))
            start = -1
    if start >= 0:
        runs.append((start, end))
    return tuple(runs)


def located_runs(block: Block, runs: Sequence[Span]) -> tuple[Span, ...]:
    """``runs`` as source offsets (what findings' ``start`` and ``end`` index)."""
    return tuple(block.mapping.source_span(start, end) for start, end in runs)
