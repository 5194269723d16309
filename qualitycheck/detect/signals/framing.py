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

"For X," and "To X," give a view only when X is a person ("For Ormand, the
deal is a good one"), not a place or a body ("For Northbay, the deal is a
turning point" is the writer's judgement of what it means there). Nothing in
the sentence tells them apart, so that frame wants an office ("For the finance
minister,"), a title ("To Mr Ormand,") or a name the article gives a person
elsewhere ("Energy minister Laila Ormand", "Lea Brandt, 54,": :func:`named_people`).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Collection, Iterable, Iterator, Sequence
from functools import lru_cache
from itertools import pairwise

from qualitycheck.detect.signals.attribution import AUXILIARIES, REPORTING_VERBS, specific_source
from qualitycheck.document.article import Article
from qualitycheck.document.lexicon import STOPWORDS
from qualitycheck.document.segmentation import is_abbreviation

#: What a source holds or concludes: "Ormand's verdict: ...".
_HELD = (
    "verdict view views conclusion answer message argument position reaction response "
    "assessment opinion judgement judgment point advice warning diagnosis take "
    r"bottom\s+line"
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
#: Whose eyes or mind a sentence is seen with: "In Ormand's eyes," "To the
#: minister's mind," "From Ormand's point of view," (not "To my mind,", the writer's).
_PERSPECTIVES = (
    r"eyes mind perspective point\s+of\s+view standpoint reckoning estimation telling"
).split()
#: A named source "of the view that": "Ormand is of the view that ..." (not "Many
#: are of the view that ...": a crowd).
_OF_VIEW = re.compile(
    _LEAD
    + rf"(?P<owner>{_OWNER}|He|She)\s+(?:is|was|remains|remained)\s+of\s+the\s+"
    + r"(?:view|opinion|belief)\s+that\b"
)
_OPENER = re.compile(
    _LEAD
    + rf"(?:[Aa]s\s+(?P<seer>{_OWNER}|he|she)\s+(?:sees|saw|puts|put|has|had)\s+it"
    + r"|[Ii]n\s+the\s+(?:view|opinion|eyes|judgement|judgment|estimation)\s+of\s+"
    + rf"(?P<holder>{_OWNER})"
    + rf"|(?:[Ii]n|[Tt]o|[Ff]rom)\s+(?:(?P<beholder>{_OWNER})[’']s|his|her)\s+(?:"
    + "|".join(_PERSPECTIVES)
    + r"))\s*,"
)
#: Offices only a person holds, the head of "For the finance minister,".
_PERSONS = (
    "minister president governor mayor senator leader spokesman spokeswoman spokesperson "
    "chairman chairwoman director economist analyst professor secretary ambassador "
    "commissioner judge coach manager founder author candidate prosecutor lawyer "
    "chancellor premier"
).split()
#: Words that make an office a kind of person, not one who holds a view: "For
#: the average manager," and "The typical economist's view:" are the writer
#: generalising.
_KINDS = frozenset(
    "average typical ordinary aspiring would-be budding prospective first-time".split()
)
_TITLES = "Mr Mrs Ms Miss Dr Prof Professor Sir Dame President Minister Senator Governor Mayor"
_PERSON = rf"{_NAME}(?:\s+{_NAME}){{0,2}}"


def _either_case(words: list[str]) -> list[str]:
    """Each word as a pattern that takes it capitalised or not ("[Mm]inister")."""
    return [f"[{word[0].upper()}{word[0]}]{word[1:]}" for word in words]


#: An office before a full name, no "the", in lower case or capitalised as a
#: title: "For chief executive Mira Okafor," and "For Finance Minister Laila
#: Ormand," are the holder's view.
_HELD_BY = "|".join(_either_case([*_PERSONS, "executive"]))
_FOR = re.compile(
    _LEAD
    + r"(?:[Ff]or|[Tt]o)\s+(?:(?:"
    + "|".join(_TITLES.split())
    + rf")\.?\s+(?P<titled>{_PERSON})|(?P<name>{_PERSON})"
    + rf"|(?:[A-Za-z-]{{1,30}}\s+){{0,2}}(?:{_HELD_BY})\s+(?P<holder>{_NAME}(?:\s+{_NAME}){{1,2}})"
    + r"|the(?P<office>(?:\s+[a-z-]{1,30}){1,3}))\s*,"
)
_ROLE_WORDS = "|".join(_either_case(_PERSONS))
#: Where an article names a person: after an office or a title ("Energy minister
#: Laila Ormand", "The opposition leader, Piet Vrane,", "Mr Ormand"), before
#: "who", an age or an office ("Ormand, who ...", "Lea Brandt, 54,", "Lea
#: Brandt, the chief economist at ...").
_PEOPLE = re.compile(
    rf"(?<![\w’'-])(?:(?:{_ROLE_WORDS})\s+(?P<after_role>{_NAME}(?:\s+{_NAME}){{1,2}})"
    # a full name set off after an office: "The opposition leader, Piet Vrane, said"
    + rf"|(?:{_ROLE_WORDS}),\s+(?P<appositive>{_NAME}(?:\s+{_NAME}){{1,2}}),"
    + r"|(?:"
    + "|".join(_TITLES.split())
    + rf")\.?\s+(?P<after_title>{_PERSON})"
    # not a place after a name ("Brandt of Vermont, who": the "who" is Brandt's)
    + rf"|(?<!\bof\s)(?<!\bin\s)(?<!\bfrom\s)(?P<who>{_PERSON}),\s+who\b"
    + rf"|(?P<before>{_NAME}(?:\s+{_NAME}){{1,2}}),\s+(?:\d{{1,3}},|(?:the|a|an)\s+"
    + rf"(?:[a-z-]{{1,30}}\s+){{0,3}}(?:{_ROLE_WORDS})\b))"
)
#: A verb only a plural takes after a name's "who": "United, who are eighth,",
#: "Coldplay, who have sold ...": British English gives a team or a band "who".
_PLURAL_WHO = re.compile(r"\s+(?:are|were|have|[’']re|[’']ve)\b")
#: A verb only a singular takes after it: "Ormand, who has championed the deal,"
#: is a person even where the article never gives Ormand's full name (a team
#: or a band takes a plural verb in British English and "which" in American).
_SINGULAR_WHO = re.compile(r"\s+(?:is|was|has|does|[’']s)\b")
#: "He", "she", "his" or "her" in the sentence a name's "who" opens: a person
#: named by first name only ("Amina, who asked that her surname not be used,";
#: "Yusuf, who turned 12, says he ..."), never a team ("who lost their ...").
_PERSONAL_WHO = re.compile(r"[^.!?]{0,200}?\b(?:[Hh]e|[Ss]he|[Hh]is|[Hh]er|him|himself|herself)\b")
#: What a "leader" before a name leads when the name is a team's or a
#: company's, not an office's holder, set off ("the league leader, Port Vale,",
#: "the market leader, Harbour Foods,"; "The opposition leader, Piet Vrane," is
#: one) or not ("For league leader Port Vale,").
#: Not what a person leads as often: "the championship leader, Max Verstappen,"
#: (a driver; so a race's, a series', the points' or the title's leader, a
#: rider or a golfer), "another world leader, Emmanuel Macron," and "the
#: Socialist group leader," in a parliament.
_RANKED = re.compile(
    r"\b(?:league|table|conference|division|market|industry|sector)\s+leader(?:,\s*|\s+)$",
    re.IGNORECASE,
)
#: How far before an office's "leader" :data:`_RANKED` looks for what it leads:
#: the longest word of it and the spaces between them. Searched from the
#: text's start, a paragraph of many set-off names took quadratic time (18 s
#: for 4,000 "The party leader, Ana Holt," in 140 KB).
_RANKED_REACH = 64
#: Capitalised words in a row: a full name's last word is a surname.
_NAMES_IN_A_ROW = re.compile(rf"(?<![\w’'-]){_NAME}(?:\s+{_NAME})+")
_RUN_WORD = re.compile(r"\S+")
_REPORTING = frozenset(REPORTING_VERBS)
#: A crowd with a named leader or member set off by commas, then its verb:
#: "The governor's critics, led by the opposition leader Piet Vrane, argue ...",
#: "Critics, Vrane among them, argue ...".
_LED = re.compile(
    r"\s*(?:[\w’'-]{1,40}\s+){0,5}?[\w’'-]{1,40},\s+(?:(?:led\s+by|headed\s+by|among\s+them|including)"
    r"\s+(?P<named>[^,;:()“”\"]{1,80})|(?P<member>[^,;:()“”\"]{1,80}?)\s+among\s+them),"
    r"\s+(?P<verb>(?:[a-z]{1,20}\s+){0,3}[a-z]{1,20})\b"
)
#: Where a framed view gives way to the writer's: ", but", "; ", and a dash
#: before the contrast ("Ormand's verdict: a good deal — but it is ...").
_CONTRAST = re.compile(
    r"(?:[,;]\s+|\s*[—–]\s*|\s--?\s+)(?:but|although|though|while|whereas|yet|however)\b|;"
)
_WORD = re.compile(r"[\w.’'-]+")


#: Capitalised words that open a possessive and name no one: "Today's message",
#: "Sunday's verdict: ..." (the writer reading what a vote meant), "History's
#: verdict: ..." and "As History has it," (the writer's judgement in a figure).
_NO_ONE = frozenset(
    "today yesterday tomorrow tonight monday tuesday wednesday thursday friday saturday "
    "sunday history posterity hindsight fate fortune luck legend reality".split()
)


#: The paper's own voice: "the editorial board" is the writer (not "Editorial
#: Director Holt", a named source).
_PAPER_VOICE = frozenset(
    ("editorial", body) for body in ("board", "team", "desk", "page", "writers", "staff")
)


def _office_or_name(owner: str) -> bool:
    """Whether a frame's owner is a specific source: a name ("The Treasury"
    too, a body as "the ministry" is), or "the" and an office."""
    words = _WORD.findall(owner)
    lowered = [word.lower() for word in words]
    if _PAPER_VOICE & set(pairwise(lowered)) or not _KINDS.isdisjoint(lowered):
        # "the editorial board" (or "The Editorial Board") is the paper's own
        # voice, "the average voter" anyone: the writer's, capitalised or not
        return False
    if lowered[0] == "the" and len(words) > 1 and words[1][:1].isupper():
        del words[0], lowered[0]
    if lowered[0] in _NO_ONE:
        return False
    if lowered[0] == "the":
        return any(word in _OFFICES for word in lowered[1:])
    return specific_source(words)


def _verb_follows(words: str) -> bool:
    """Whether ``words`` open with a reporting verb, after auxiliaries ("have argued")."""
    for word in words.split():
        if word in _REPORTING:
            return True
        if word not in AUXILIARIES:
            return False
    return False


def _names(name: str) -> set[str]:
    """A name and its last word (the surname news uses after the first mention)."""
    words = re.sub(r"[’']s$", "", name).split()
    return {" ".join(words), words[-1]}


def _surnames(texts: Sequence[str]) -> set[str]:
    """The last words of the full names in ``texts``: two capitalised words or
    more, not counting a function word that opens a sentence ("For Arsenal")."""
    last: set[str] = set()
    for text in texts:
        for match in _NAMES_IN_A_ROW.finditer(text):
            for words in _split_at_sentence_ends(text, match.start(), match.end()):
                # the first word that is no function word (an index, not a
                # deletion per word: a run of 250,000 "The" took seconds)
                first = next(
                    (at for at, word in enumerate(words) if word.lower() not in STOPWORDS),
                    len(words),
                )
                if len(words) - first >= 2:
                    last.add(words[-1])
    return last


def _split_at_sentence_ends(text: str, start: int, end: int) -> Iterator[list[str]]:
    """The words of the capitalised run ``text[start:end]``, split after each
    sentence's end (a dot no abbreviation's or initial's, :func:`is_abbreviation`):
    "in Rajkot. England need" is two sentences, not a full name whose surname is
    England; "by Ana Holt." ends a full name whose surname is Holt."""
    words: list[str] = []
    for word in _RUN_WORD.finditer(text, start, end):
        if word.group().endswith(".") and not is_abbreviation(text, word.end() - 1):
            words.append(word.group()[:-1])
            yield words
            words = []
        else:
            words.append(word.group())
    if words:
        yield words


def named_people(texts: Iterable[str]) -> frozenset[str]:
    """The names, and their surnames, that ``texts`` (an article's blocks) give
    people: where the article calls someone by office, title, age or role.

    A name before "who" is a person's unless a plural verb follows ("United,
    who are eighth,") or it is one word the article never gives as a full
    name's surname ("Arsenal, who won on Sunday,"; "Ormand, who ..." where
    "Laila Ormand" is named) and neither a singular verb ("Ormand, who has
    championed the deal,") nor "he", "she", "his" or "her" follows ("Amina,
    who asked that her surname not be used,"): British English gives teams
    and bands "who"."""
    texts = list(texts)
    surnames: set[str] | None = None
    people: set[str] = set()
    for text in texts:
        for match in _PEOPLE.finditer(text):
            appositive = match.group("appositive")
            if appositive is not None and _RANKED.search(
                text, max(0, match.start() - _RANKED_REACH), match.start("appositive")
            ):
                continue
            who = match.group("who")
            if who is not None:
                if _PLURAL_WHO.match(text, match.end()):
                    continue
                if (
                    " " not in who
                    and not _SINGULAR_WHO.match(text, match.end())
                    and not _PERSONAL_WHO.match(text, match.end())
                ):
                    if surnames is None:
                        surnames = _surnames(texts)
                    if who not in surnames:
                        continue
            people |= _names(
                match.group("after_role")
                or appositive
                or match.group("after_title")
                or who
                or match.group("before")
            )
    return frozenset(people)


def people_of(article: Article) -> frozenset[str]:
    """:func:`named_people` of the article's blocks, worked out once per
    article (every claim rule asks about the same article)."""
    people: frozenset[str] | None = article.derived.get("named_people")
    if people is None:
        texts = (block.text for block in article.blocks)
        people = article.derived["named_people"] = named_people(texts)
    return people


def framed_for(sentence: str, people: Callable[[], Collection[str]] = frozenset) -> int | None:
    """Where the words "For X," or "To X," give a person end ("For the finance
    minister, ...", "To Mr Ormand, ...", "For Ormand, ..." when ``people()``
    holds Ormand: asked only then), or ``None``: no such frame, or X no known
    person ("For Northbay,")."""
    match = _FOR.match(sentence)
    if match is None:
        return None
    office = match.group("office")
    if office is not None:
        words = office.split()
        person = words[-1] in _PERSONS and _KINDS.isdisjoint(words)
    else:
        name = match.group("name")
        person = (
            match.group("titled") is not None
            or (
                match.group("holder") is not None
                and not _RANKED.search(sentence, 0, match.start("holder"))
            )
            or _known(name, people())
        )
    return _until_contrast(sentence, match.end()) if person else None


def _known(name: str | None, people: Collection[str]) -> bool:
    """Whether ``name`` is one of ``people``, or a full name whose surname is:
    "For Unai Emery," where the article calls him "Emery, who ..." (news
    gives the surname after the first mention, and may give the full name in
    the frame itself)."""
    if name is None:
        return False  # an office's holder, not a name alone
    if name in people:
        return True
    words = name.split()
    return len(words) > 1 and words[-1] in people


def framed(sentence: str, people: Callable[[], Collection[str]] = frozenset) -> int | None:
    """Where the words a frame at the sentence's start gives a named source end
    (before a contrast: "..., but the deal is undoubtedly ..." is the writer's
    again), or ``None`` when no such frame opens it: "Ormand's verdict: ...",
    "Brandt's argument is that ...", "Ormand is of the view that ...", "As
    Ormand sees it, ...", "In the view of Lea Brandt, ...", "To Ormand's mind,
    ...", "Critics, led by Piet Vrane, say ...", and :func:`framed_for` with
    ``people``."""
    match = _POSSESSIVE.match(sentence)
    if match and (match.group("pronoun") or _office_or_name(match.group("owner"))):
        return _until_contrast(sentence, match.end())
    match = _OF_VIEW.match(sentence)
    if match and (match.group("owner") in ("He", "She") or _office_or_name(match.group("owner"))):
        return _until_contrast(sentence, match.end())
    match = _OPENER.match(sentence)
    if match:
        owner = match.group("seer") or match.group("holder") or match.group("beholder")
        if owner is None or owner in ("he", "she") or _office_or_name(owner):
            return _until_contrast(sentence, match.end())
    match = _LED.match(sentence)
    if (
        match
        and specific_source(_WORD.findall(match.group("named") or match.group("member")))
        and _verb_follows(match.group("verb"))
    ):
        return _until_contrast(sentence, match.end())
    return framed_for(sentence, people)


@lru_cache(maxsize=2048)
def framed_alone(sentence: str) -> int | None:
    """:func:`framed` without the article's people (cached: a sentence is asked
    once per cue in it, and a frame's end is searched for over all of it)."""
    return framed(sentence)


def _until_contrast(sentence: str, start: int) -> int:
    contrast = _CONTRAST.search(sentence, start)
    return contrast.start() if contrast else len(sentence)
