"""Word lists the claims model reads as features: hedges, boosters,
evaluative words, intensifiers, modal verbs, negation, the writer's own
opinion ("I think", "we must"), weasel attributions ("some critics argue")
and agentless passives ("is widely regarded as").

Each list gives two features: whether any of its words occurs, and the log of
how many do. The model learns their weights; the lists only say which words
belong together, so that a hedge the training sentences rarely use ("arguably")
shares the weight of the common ones ("may"). Written for this project
(accuracy.md, "Who speaks": CV F1 on train with and without them).
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence

from qualitycheck.detect.signals.wordruns import lowered_runs

HEDGES = frozenset(
    """may might could possibly perhaps probably likely unlikely apparently seemingly
    presumably allegedly reportedly supposedly arguably suggest suggests suggested appear
    appears appeared seem seems seemed believed thought considered regarded assumed
    estimated rumored rumoured purportedly roughly approximately about some many several
    numerous various often sometimes usually generally typically largely mostly somewhat
    rather fairly quite relatively widely commonly possible potential potentially uncertain
    unclear speculated speculation suspected tend tends tended claim claims claimed""".split()
)
BOOSTERS = frozenset(
    """clearly obviously certainly definitely undoubtedly surely indeed truly really
    absolutely undeniably unquestionably plainly evidently always never must simply just
    actually literally totally completely entirely utterly sheer""".split()
)
EVALUATIVE = frozenset(
    """best worst greatest great good bad better worse important significant notable famous
    renowned popular acclaimed legendary iconic influential prominent leading major
    successful prestigious remarkable outstanding excellent brilliant amazing incredible
    extraordinary exceptional impressive unique beautiful terrible horrible awful
    disastrous dangerous radical extreme absurd ridiculous outrageous shameful disgraceful
    stupid foolish insane crazy corrupt dishonest racist sexist bigoted hateful evil
    wonderful fantastic tremendous huge massive enormous vast controversial notorious
    infamous inspiring powerful strong weak pathetic failed failing lavish generous cruel
    brutal harsh unfair fair wrong right false true real fake disturbing alarming shocking
    stunning striking troubling worrying hypocritical reckless irresponsible incompetent
    disingenuous misleading baseless bogus""".split()
)
INTENSIFIERS = frozenset(
    """very extremely highly incredibly remarkably particularly especially deeply hugely
    vastly truly so too enormously exceptionally utterly thoroughly""".split()
)
MODALS = frozenset("should must ought need needs would will can cannot shall".split())
NEGATION = frozenset("not no never nothing nobody none neither nor n't".split())

_LISTS = (
    ("hedge", HEDGES),
    ("booster", BOOSTERS),
    ("evaluative", EVALUATIVE),
    ("intensifier", INTENSIFIERS),
    ("modal", MODALS),
    ("negation", NEGATION),
)
#: The word lists in the row's order, with their words (for the compiled kernel).
CUE_LISTS = _LISTS
#: For each word, the lists it belongs to (by their place in ``_LISTS``).
_MEMBERSHIP: dict[str, tuple[int, ...]] = {
    word: tuple(i for i, (_, members) in enumerate(_LISTS) if word in members)
    for _, members in _LISTS
    for word in members
}
#: The writer's own stance: "I think", "we must".
_FIRST_PERSON_STANCE = re.compile(
    r"\b(?:I|we)\s+(?:think|believe|feel|hope|know|fear|suspect|doubt|argue|must|should|need)\b",
    re.IGNORECASE,
)
#: A crowd or nobody as the source: "some critics have argued", "it is thought".
_WEASEL = re.compile(
    r"\b(?:some|many|most|several|critics|experts|observers|people|others|it\s+is|it\s+was|"
    r"has\s+been|have\s+been)\s+(?:\w+\s+){0,2}?(?:say|said|believe|believed|argue|argued|"
    r"claim|claimed|think|thought|consider|considered|regard|regarded|suggest|suggested|"
    r"note|noted|known|seen|described)\b",
    re.IGNORECASE,
)
#: A judgement without its judge: "is widely regarded as", "was considered".
_AGENTLESS_PASSIVE = re.compile(
    r"\b(?:is|are|was|were|been|be)\s+(?:\w+ly\s+)?(?:known|considered|regarded|thought|"
    r"believed|said|seen|described|viewed|recognized|recognised|acknowledged|claimed|"
    r"reported|rumou?red|alleged|deemed|called|touted|hailed|praised|criticized|criticised)"
    r"\b(?!\s+by\b)",
    re.IGNORECASE,
)


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


#: For each pattern, word sets it needs a whole word from, each (what its
#: alternations require): a sentence without one cannot match, and the
#: pattern is not run on it (see :mod:`qualitycheck.detect.signals.wordruns`).
_PATTERNS = (
    (
        "first_person_stance",
        _FIRST_PERSON_STANCE,
        (
            _words("i we"),
            _words("think believe feel hope know fear suspect doubt argue must should need"),
        ),
    ),
    (
        "weasel",
        _WEASEL,
        (
            _words("some many most several critics experts observers people others it has have"),
            _words(
                "say said believe believed argue argued claim claimed think thought consider "
                "considered regard regarded suggest suggested note noted known seen described"
            ),
        ),
    ),
    (
        "agentless_passive",
        _AGENTLESS_PASSIVE,
        (
            _words("is are was were been be"),
            _words(
                "known considered regarded thought believed said seen described viewed "
                "recognized recognised acknowledged claimed reported rumored rumoured alleged "
                "deemed called touted hailed praised criticized criticised"
            ),
        ),
    ),
)


#: Each cue pattern's two word sets, in order (for the compiled kernel).
PATTERN_WORDS = tuple(words for _, _, words in _PATTERNS)
#: The cue patterns' feature names, in order.
PATTERN_NAMES = tuple(f"cue:{name}" for name, _, _ in _PATTERNS)


def cue_features(words: Sequence[str], sentence: str) -> dict[str, float]:
    """The cue-list features of a sentence; ``words`` are its lowercased words:
    :func:`list_cues`, then the names of :func:`pattern_cues` at 1.0."""
    row = list_cues(words)
    row.update(dict.fromkeys(pattern_cues(sentence), 1.0))
    return row


def list_cues(words: Sequence[str]) -> dict[str, float]:
    """Each word list's two features, in the lists' order, where one of its
    words occurs (every occurrence counts). The compiled claims kernel counts
    them itself from :data:`CUE_LISTS`."""
    row: dict[str, float] = {}
    counts = [0] * len(_LISTS)
    for lists in filter(None, map(_MEMBERSHIP.get, words)):  # one look-up a word
        for index in lists:
            counts[index] += 1
    for (name, _), count in zip(_LISTS, counts, strict=True):
        if count:
            row[f"cue:{name}"] = 1.0
            row[f"cue:{name}_count"] = math.log1p(count)
    return row


def possible_patterns(sentence: str) -> int:
    """A bit for each cue pattern, in order, that ``sentence`` holds a word of
    each of its word sets for (every bit where its runs cannot tell): a
    pattern without its bit cannot match. The compiled claims kernel gives
    the same (``ClaimRows.pattern_mask``)."""
    runs = lowered_runs(sentence)
    mask = 0
    for bit, (_, _, (first, second)) in enumerate(_PATTERNS):
        if runs is None or not (runs.isdisjoint(first) or runs.isdisjoint(second)):
            mask |= 1 << bit
    return mask


def pattern_cues(sentence: str, possible: int | None = None) -> tuple[str, ...]:
    """The feature names of the cue patterns ``sentence`` matches, in order;
    only those of ``possible`` (:func:`possible_patterns`, found here when not
    given) are searched for."""
    if possible is None:
        possible = possible_patterns(sentence)
    found = []
    for bit, (name, pattern, _) in enumerate(_PATTERNS):
        if possible >> bit & 1 and pattern.search(sentence):
            found.append(f"cue:{name}")
    return tuple(found)
