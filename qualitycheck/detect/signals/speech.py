"""Whose words is a phrase: the writer's, or a source's the writer reports?

The claim rules and the claims model ask this of every cue and sentence. The
voice tagger (:mod:`.voice`) hears attribution; this module adds who the
source is, because an attribution to a crowd ("many experts say", "Many in
the West ... worry") or to nobody ("it is believed") is the weasel form of an
unsupported claim and leaves the words the writer's, while one to a named
person, office or group ("the minister said", "traders said") makes them the
source's.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Callable, Collection, Sequence
from itertools import pairwise

from qualitycheck.detect.signals.attribution import (
    AUXILIARIES,
    BE,
    attributed,
    convinced,
    group_source,
    reported_aside,
)
from qualitycheck.detect.signals.framing import framed, framed_alone
from qualitycheck.detect.signals.transcript import note_on, run_in_head
from qualitycheck.detect.signals.voice import (
    SentenceVoice,
    Span,
    decide,
    shipped_model,
    tag_rows,
)
from qualitycheck.primitives.blockcache import MAX_CHARS, block_cache

#: The capitalised words a sentence opens with: its subject, when it names one.
_SUBJECT = re.compile(r"((?:[A-Z][\w.’'-]*\s+){1,4})(?=[a-z])")
#: Capitalised sentence openers that are not a subject.
_OPENERS_NOT_SUBJECTS = frozenset(
    "according however but and yet still meanwhile also in on at after before despite "
    "while when if as since although though this that these those there it "
    # adverbs, prepositions and conjunctions that open a sentence
    "thus so even instead like unlike given due for from with without during among "
    "along aside later today yesterday now then here whatever whenever wherever "
    "whether once until unless because by under over through throughout within "
    "outside inside beyond between against toward towards around across near "
    "indeed perhaps maybe certainly surely of course or nor neither either both "
    "what why how who which where such much more most less few several other another "
    "one two three many some all any each every no not never only just first last".split()
)


def _opener(subject: list[str]) -> bool:
    """Whether the capitalised words a sentence opens with name no subject:
    "Thus", "It’s", or one adverb or participle ("Unfortunately", "Following")."""
    lowered = subject[0].lower().replace("’", "'").split("'")[0]
    if lowered in _OPENERS_NOT_SUBJECTS:
        return True
    return len(subject) == 1 and len(lowered) > 5 and lowered.endswith(("ly", "ing", "ed"))


#: Cues of the tagger that are no act of speech: the noun before them is no
#: speaker ("workers to vote down contracts recently", "the group also").
_NOT_SPEECH = frozenset(
    "also about clear court reason later recently publicly repeatedly words statement "
    "interview criticism opposition question questions favor went spent passed".split()
)
#: A headline's speaker: "Sanders: Clinton needs to ...".
_SPEAKER = re.compile(r"((?:[A-Z][\w.’'-]*\s?){1,3}):\s")


@block_cache()
def block_voices(text: str, sentences: tuple[Span, ...]) -> tuple[SentenceVoice, ...]:
    """The voices of a block's sentences with the shipped model (cached: the
    claim rules ask about the same blocks), decided from :func:`block_tags`."""
    model = shipped_model()
    if model is None:
        return ()
    return tuple(decide(voice, model) for voice in block_tags(text, sentences))


@block_cache()
def block_tags(text: str, sentences: tuple[Span, ...]) -> tuple[SentenceVoice, ...]:
    """The tags and sentence rows of a block's sentences with the shipped
    model, their voices undecided (``voice.tag_rows``; cached: the claim rules
    and the claims model's learned voices ask about the same blocks, and the
    learned voices need no decision of the tagger)."""
    model = shipped_model()
    if model is None:
        return ()
    return tuple(tag_rows(text, sentences, model))


#: The blocks asked about most recently, by identity: a block of thousands of
#: sentences is asked once per finding, and hashing its sentence tuple for the
#: cache each time (then scanning its voices) made a long paragraph quadratic.
#: Bounded as the block caches are: the newest, and besides it at most
#: :data:`~qualitycheck.primitives.blockcache.MAX_CHARS` characters of text
#: (eight blocks of 30,000 characters held 17 MB of voices after their articles).
_RECENT: list[tuple[str, Sequence[Span], tuple[SentenceVoice, ...], list[int]]] = []


def voice_of(text: str, sentences: Sequence[Span], start: int) -> SentenceVoice | None:
    """The voice of the sentence of ``text`` that holds offset ``start``."""
    found = next((entry for entry in _RECENT if entry[0] is text and entry[1] is sentences), None)
    if found is None:
        voices = block_voices(text, tuple(sentences))
        found = (text, sentences, voices, [voice.start for voice in voices])
        recent = [found, *_RECENT[:7]]  # (a copy: other threads may change the list)
        kept, chars = 1, 0
        while kept < len(recent) and chars + len(recent[kept][0]) <= MAX_CHARS:
            chars += len(recent[kept][0])
            kept += 1
        _RECENT[:] = recent[:kept]
    _, _, voices, starts = found
    index = bisect_right(starts, start) - 1
    if index >= 0 and voices[index].start <= start < voices[index].end:
        return voices[index]
    return None


#: The answers of :func:`_named_source` for the sentences asked about most
#: recently, by identity: a sentence is asked once per finding in it, and each
#: answer walks all its words, so a 200 kB "sentence" of 33,000 "experts say"
#: took 66 s.
_SOURCES: list[tuple[object, SentenceVoice, str, bool]] = []


def _named_source(voice: SentenceVoice, text: str) -> bool:
    """:func:`_find_named_source`, remembered for the last few sentences."""
    model = shipped_model()
    for known_model, known, known_text, answer in _SOURCES:
        if known is voice and known_text is text and known_model is model:
            return answer
    answer = _find_named_source(voice, text)
    _SOURCES.insert(0, (model, voice, text, answer))
    del _SOURCES[8:]
    return answer


def _find_named_source(voice: SentenceVoice, text: str) -> bool:
    """Whether the sentence reports a named source: the lexical check of
    :func:`attributed`, or a subject next to the first reporting cue the tagger
    put inside the attribution that names someone ("Trump falsely claimed").
    Vague crowds ("Many in the West ... worry", "experts say") and the writer
    ("I think", "we believe") are no source: such a sentence stays the writer's."""
    sentence = text[voice.start : voice.end]
    if attributed(sentence) or framed_alone(sentence) is not None:
        return True
    speaker = _SPEAKER.match(sentence)
    if (
        speaker
        and group_source(label := speaker.group(1).split())
        and not run_in_head(label)
        and not note_on(sentence, label, speaker.end())
    ):
        # a headline's "Sanders: Clinton needs to ...", not "Update: ..." nor a
        # scorecard's "Ana Holt: Holt was the better prepared" (the writer's)
        return True
    model = shipped_model()
    cues = model.cues if model is not None else frozenset()
    words = [
        (t, p)
        for t, p in zip(voice.tokens, voice.probabilities, strict=True)
        if t.is_word and not t.quoted
    ]
    spoken_of = False
    for index, (token, probability) in enumerate(words):
        if token.lower in cues and token.lower not in _NOT_SPEECH and probability >= 0.5:
            before = [t.text for t, p in words[max(0, index - 6) : index] if p >= 0.5]
            passive = False
            while before and before[-1].lower() in AUXILIARIES:
                auxiliary = before.pop().lower()
                passive = passive or auxiliary in BE
            after = [t.text for t, p in words[index + 1 : index + 10] if p >= 0.5]
            if passive:
                # "Chlorine is considered safer", "the plan was criticized":
                # the subject is what is spoken of, not who speaks; the
                # source is the agent ("was criticized by the mayor"), if any.
                if any(
                    word == "by" and group_source(after[at + 1 : at + 4])
                    for at, word in enumerate(after)
                ):
                    return True
                spoken_of = True
                continue
            return group_source(before) or bool(
                after and after[0][:1].isupper() and group_source(after[:3])
            )
    if voice.voice != "writer" and not spoken_of:
        # No cue word, but the tagger hears someone speak or act: the subject
        # is the capitalised words the sentence opens with ("Republicans are
        # slamming ...", "Hillary Clinton is describing ...").
        subject = _SUBJECT.match(sentence)
        if subject and not _opener(subject.group(1).split()):
            return group_source(subject.group(1).split())
    return False


def _unopened_quote(text: str, start: int) -> bool:
    """Whether offset ``start`` of a paragraph lies before a closing quotation
    mark that no mark opened: the opening mark was lost (machine translation,
    scraping), and everything before the closing one is the speaker's
    ("I wouldn’t be surprised ... This is deliberate,” he told reporters.")."""
    closer = text.find("”", start)
    while closer >= 0 and closer + 1 < len(text) and text[closer + 1].isalnum():
        closer = text.find("”", closer + 1)  # ”Fortunately: a closer typed as an opener
    return closer >= 0 and "“" not in text[:closer] and '"' not in text[:closer]


#: The answers of :func:`reported_aside` for the sentences asked about most
#: recently, by identity (a sentence is asked once per cue in it).
_ASIDES: list[tuple[SentenceVoice, str, int | None]] = []


def _aside_of(voice: SentenceVoice, text: str) -> int | None:
    """:func:`reported_aside` of the sentence, remembered for the last few."""
    for known, known_text, answer in _ASIDES:
        if known is voice and known_text is text:
            return answer
    answer = reported_aside(text[voice.start : voice.end])
    _ASIDES.insert(0, (voice, text, answer))
    del _ASIDES[8:]
    return answer


#: The answers of :func:`_frame_of` for the sentences asked about most
#: recently, by identity (a sentence is asked once per cue in it, and a frame's
#: end is searched for over the whole sentence).
_FRAMES: list[tuple[SentenceVoice, str, tuple[int, bool] | None]] = []


def _frame_of(
    voice: SentenceVoice, text: str, people: Callable[[], Collection[str]]
) -> tuple[int, bool] | None:
    """Where the frame that opens the sentence (:func:`framed`) ends, and whether
    the rest of the sentence names a source of its own; remembered for the last
    few sentences (``people`` belongs to the article that holds ``text``)."""
    for known, known_text, answer in _FRAMES:
        if known is voice and known_text is text:
            return answer
    sentence = text[voice.start : voice.end]
    end = framed(sentence, people)
    answer = None if end is None else (end, end < len(sentence) and attributed(sentence[end:]))
    _FRAMES.insert(0, (voice, text, answer))
    del _FRAMES[8:]
    return answer


#: The answers of :func:`_unheard_conviction` for the sentences asked about
#: most recently, by identity (a sentence is asked once per cue in it).
_CONVICTIONS: list[tuple[SentenceVoice, str, bool]] = []


def _unheard_conviction(voice: SentenceVoice, text: str) -> bool:
    """Whether a named source's conviction holds the sentence ("Ormand is
    convinced that ...", :func:`convinced`) and the tagger, which calls such a
    sentence mixed, puts none of its words inside an attribution: it gives no
    span to trust, so the lexical source stands, as for a writer sentence."""
    for known, known_text, answer in _CONVICTIONS:
        if known is voice and known_text is text:
            return answer
    answer = all(p < 0.5 for p in voice.probabilities) and convinced(text[voice.start : voice.end])
    _CONVICTIONS.insert(0, (voice, text, answer))
    del _CONVICTIONS[8:]
    return answer


def reported(
    voice: SentenceVoice,
    text: str,
    start: int,
    end: int,
    people: Callable[[], Collection[str]] = frozenset,
) -> bool:
    """Whether the words ``[start, end)`` are reported speech: inside quotation
    marks, before a reporting aside ("The plan is doomed, the minister
    said."), after a frame that gives them to a named source ("Ormand's
    verdict: ...", :func:`framed`; "For Ormand, ..." where ``people()``, the
    names the article gives people, holds Ormand), or inside an attribution to
    a named source.
    Where the tagger puts the words in the writer's part of a sentence that
    also reports someone ("Peskov said talks would start, but the plan is
    obviously doomed"), they are the writer's."""
    inside = voice.words_within(start, end)
    if inside and all(t.quoted for t, _ in inside):
        return True
    if _unopened_quote(text, start):
        return True
    frame = _frame_of(voice, text, people)
    if frame is not None:
        # "Ormand's verdict: ...", "For Ormand, ...": the source's up to a
        # contrast ("..., but it is undoubtedly a risk"), then the writer's
        # unless the rest names its own source.
        end_of_frame, rest_attributed = frame
        return end <= voice.start + end_of_frame or rest_attributed
    if not _named_source(voice, text):
        return False
    aside = _aside_of(voice, text)
    if aside is not None and end <= voice.start + aside:
        return True  # "The plan is doomed, the minister said.": the tagger hears it poorly
    if voice.voice == "writer":
        return True  # the lexical check found a source the tagger missed: trust it
    if _unheard_conviction(voice, text):
        return True
    return all(t.quoted or p >= 0.5 for t, p in inside)


#: Quoted words that make a sentence a quotation rather than a quoted term.
QUOTED_WORDS = 3


def quotes_named_person(text: str, sentences: Sequence[Span], start: int) -> bool:
    """Whether the sentence of ``text`` at ``start`` opens with a quotation (at
    least :data:`QUOTED_WORDS` words in quotation marks) and names the person
    who said it: a named source whose name, outside the quotation, is two
    capitalised words or more ("'It belongs to us,' said Kenji Sugimoto.";
    not "..., the council said", nor a sentence that only ends in someone's
    quotation)."""
    voice = voice_of(text, sentences, start)
    if voice is None:
        return False
    words = [token for token in voice.tokens if token.is_word]
    opening = 0
    while opening < len(words) and words[opening].quoted:
        opening += 1
    if opening < QUOTED_WORDS:
        return False
    unquoted = [token.text[:1].isupper() for token in words if not token.quoted]
    named = any(first and second for first, second in pairwise(unquoted))
    return named and _named_source(voice, text)


def never_writer(text: str, start: int, end: int) -> bool:
    """Whether :func:`writer_sentence` says no to the sentence ``[start, end)``
    of ``text`` whatever its voice: a closing quotation mark that no mark
    opened lies after its start, or the lexical check finds its source (the
    claims model then needs no voice for it)."""
    sentence = text[start:end]
    return (
        _unopened_quote(text, start) or attributed(sentence) or framed_alone(sentence) is not None
    )


def writer_sentence(voice: SentenceVoice, text: str) -> bool:
    """Whether a whole sentence is the writer's own: mostly outside quotation
    marks and reporting no named source. A sentence the tagger calls
    reported but whose source is a crowd or missing ("it is believed", "many
    experts say") stays the writer's; one it calls the writer's but that has
    a reporting cue with a named subject ("Trump charges that ...") does not."""
    if voice.quoted_share >= 0.5 or _unopened_quote(text, voice.start):
        return False
    return not _named_source(voice, text)
