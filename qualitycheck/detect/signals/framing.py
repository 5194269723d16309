"""Frames that hand a sentence to a named source without a reporting verb.

"Ormand's verdict: the deal is a good one", "As Brandt put it, the cut was
premature" and "The governor's critics, led by the opposition leader Piet
Vrane, argue that ..." report someone's view, so a booster in them is the
source's, not the writer's (issue 16: a claim finding on an attributed
sentence is the worst false alarm). The reporting-verb check
(:mod:`.attribution`) finds no verb in most of them, and the voice tagger,
trained on news where they are rare, hears them poorly. Each frame is read at
the sentence's start only and wants a specific source: "The verdict is in:",
"As it turned out," and "The common view is that" stay the writer's.
"""

from __future__ import annotations

import re
from functools import lru_cache

from qualitycheck.detect.signals.attribution import AUXILIARIES, REPORTING_VERBS, specific_source

#: What a source holds or concludes: "Ormand's verdict: ...".
_HELD = (
    "verdict view views conclusion answer message argument position reaction response "
    "assessment opinion judgement judgment point advice warning diagnosis"
).split()
#: How a source's view was put: "Brandt's answer was simple: ..." (not "Brandt's
#: answer was wrong: ...", where the writer judges the view).
_DELIVERY = (
    "clear plain simple blunt short brief unequivocal unambiguous emphatic "
    "straightforward firm stark succinct"
).split()
#: Nouns for an office or a body that holds views of its own, after "the"
#: ("the minister's verdict"; not "the deal's message").
_OFFICES = (
    "minister president governor mayor senator leader spokesman spokeswoman spokesperson "
    "chairman chairwoman chair director chief economist analyst professor secretary "
    "ambassador commissioner judge coach manager founder author candidate prosecutor "
    "government ministry bank company council committee court party union agency "
    "commission board report study regulator"
).split()

_NAME = r"[A-Z][\w.’'-]{0,40}"
#: The one who holds the view: a name of up to three capitalised words, "the"
#: and up to three words (an office, checked after), "he", "she".
_OWNER = rf"(?:{_NAME}(?:\s+{_NAME}){{0,2}}|[Tt]he(?:\s+[a-z-]{{1,30}}){{1,3}})"
_LEAD = r"\s*(?:(?:But|And|Yet|So|Still)\s+)?"
_POSSESSIVE = re.compile(
    _LEAD
    + rf"(?:(?P<owner>{_OWNER})[’']s|(?P<pronoun>[Hh]is|[Hh]er))"
    + r"(?:\s+[a-z-]{1,30})?\s+(?:"
    + "|".join(_HELD)
    + r")(?:\s+(?:to|for|on)(?:\s+[a-z-]{1,30}){1,2})?"
    + r"(?:\s*:|\s+(?:is|was|remains|remained)\s+(?:that\b|(?:"
    + "|".join(_DELIVERY)
    + r")\s*:))"
)
_OPENER = re.compile(
    _LEAD
    + rf"(?:[Aa]s\s+(?P<seer>{_OWNER}|he|she)\s+(?:sees|saw|puts|put|has|had)\s+it"
    + r"|[Ii]n\s+the\s+(?:view|opinion|eyes|judgement|judgment|estimation)\s+of\s+"
    + rf"(?P<holder>{_OWNER}))"
    + r"\s*,"
)
_REPORTING = frozenset(REPORTING_VERBS)
#: A crowd with a named leader or member set off by commas, then its verb:
#: "The governor's critics, led by the opposition leader Piet Vrane, argue ...".
_LED = re.compile(
    r"\s*(?:[\w’'-]{1,40}\s+){0,5}?[\w’'-]{1,40},\s+(?:led\s+by|headed\s+by|among\s+them|including)"
    r"\s+(?P<named>[^,;:()“”\"]{1,80}),\s+(?P<verb>(?:[a-z]{1,20}\s+){0,3}[a-z]{1,20})\b"
)
_CONTRAST = re.compile(r"[,;]\s+(?:but|although|though|while|whereas|yet|however)\b|;")
_WORD = re.compile(r"[\w.’'-]+")


#: Capitalised words that open a possessive and name no one: "Today's message".
_WHEN = frozenset("today yesterday tomorrow tonight".split())


def _office_or_name(owner: str) -> bool:
    """Whether a frame's owner is a specific source: a name, or "the" and an office."""
    words = _WORD.findall(owner)
    if words[0].lower() in _WHEN:
        return False
    if words[0].lower() == "the":
        return any(word.lower() in _OFFICES for word in words[1:])
    return specific_source(words)


def _verb_follows(words: str) -> bool:
    """Whether ``words`` open with a reporting verb, after auxiliaries ("have argued")."""
    for word in words.split():
        if word in _REPORTING:
            return True
        if word not in AUXILIARIES:
            return False
    return False


def framed(sentence: str) -> int | None:
    """Where the words a frame at the sentence's start gives a named source end
    (before a contrast: "..., but the deal is undoubtedly ..." is the writer's
    again), or ``None`` when no such frame opens it: "Ormand's verdict: ...",
    "Brandt's argument is that ...", "As Ormand sees it, ...", "In the view of
    Lea Brandt, ...", "Critics, led by Piet Vrane, say ..."."""
    match = _POSSESSIVE.match(sentence)
    if match and (match.group("pronoun") or _office_or_name(match.group("owner"))):
        return _until_contrast(sentence, match.end())
    match = _OPENER.match(sentence)
    if match:
        owner = match.group("seer") or match.group("holder")
        if owner in ("he", "she") or _office_or_name(owner):
            return _until_contrast(sentence, match.end())
    match = _LED.match(sentence)
    if (
        match
        and specific_source(_WORD.findall(match.group("named")))
        and _verb_follows(match.group("verb"))
    ):
        return _until_contrast(sentence, match.end())
    return None


@lru_cache(maxsize=2048)
def framed_alone(sentence: str) -> int | None:
    """:func:`framed`, cached: a sentence is asked once per cue in it, and a
    frame's end is searched for over all of it."""
    return framed(sentence)


def _until_contrast(sentence: str, start: int) -> int:
    contrast = _CONTRAST.search(sentence, start)
    return contrast.start() if contrast else len(sentence)
