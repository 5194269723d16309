"""Does a sentence say who makes its claim?

A claim is supported for our purposes when the sentence attributes it: a
reporting verb with a specific source ("Peskov said", "said the ministry",
"the study found"), "according to" a specific source, or quoted speech with a
reporting verb. Vague sources ("many experts say", "according to some",
"critics argue") are not attribution: they are the weasel words the claim
rules look for. The check is lexical (no parser), tuned to news English.
"""

from __future__ import annotations

import re
from functools import lru_cache
from itertools import takewhile

from qualitycheck.detect.signals.wordruns import RUN, lowered_runs
from qualitycheck.document.lexicon import STOPWORDS

REPORTING_VERBS = (
    "said says say saying told tells tell stated states state announced announces "
    "added adds noted notes argued argues argue claimed claims claim wrote writes write "
    "explained explains warned warns insisted insists acknowledged acknowledges "
    "confirmed confirms reported reports estimated estimates concluded concludes found "
    "finds showed shows revealed reveals according predicted predicts believes believe "
    "believed thinks think thought suggested suggests suggest maintained maintains "
    "emphasised emphasized stressed stresses recalled recalls denied denies alleged "
    "alleges asserted asserts testified testifies called calls described describes "
    "labelled labeled dubbed branded saying telling stating announcing adding noting "
    "arguing claiming writing explaining warning insisting describing calling "
    "charged charges charging accused accuses accusing urged urges urging blasted "
    "blasts slammed slams criticized criticised criticizes criticises reminded reminds "
    "promised promises vowed vows pledged pledges asked asks replied replies responded "
    "responds tweeted tweets posted told slamming blasting accusing criticizing criticising "
    "detailed details addressed addresses knows knew"
).split()

#: Forms of "be": after one, a participle is passive ("is considered").
BE = frozenset("is are was were be been being".split())
#: Words between a subject and its reporting verb ("have said", "has also noted").
AUXILIARIES = frozenset(
    "have has had is are was were be been will would could should may might also "
    "previously repeatedly already often long never not".split()
)

#: Subjects that do not identify a source.
VAGUE_SOURCES = frozenset(
    (
        "some many most several various numerous few others other people experts expert "
        "analysts observers critics commentators sources scholars scientists researchers "
        "historians officials authorities insiders pundits skeptics sceptics supporters "
        "opponents proponents fans residents citizens voters americans europeans russians "
        "everyone everybody anyone somebody someone nobody they it there this that"
    ).split()
)

#: Reporting verbs that are not past participles: after "is" they are not passive
#: ("is saying", "was telling").
_NOT_PARTICIPLES = frozenset(v for v in REPORTING_VERBS if v.endswith(("s", "ing")))

_DETERMINERS = frozenset("the a an its their his her our".split())
_VERB = re.compile(r"\b(?:" + "|".join(REPORTING_VERBS) + r")\b", re.IGNORECASE)
#: The reporting verbs of the first version of this list: the lexical
#: baseline that ``evaluate --task attribution`` compares the voice tagger with.
REPORTING_VERB = re.compile(
    r"\b(?:" + "|".join(REPORTING_VERBS[: REPORTING_VERBS.index("branded") + 1]) + r")\b",
    re.IGNORECASE,
)
_ACCORDING = re.compile(
    r"\baccording to\s+((?:[\w’'.-]+\s+){0,6}?[\w’'.-]+)"
    r"(?=[,.;:]|\s+(?:the|a|an|this|it|there|if|in|on|at|is|are|was|were)\b|$)",
    re.IGNORECASE,
)
_WORD = re.compile(r"[\w’'.-]+")
_VERBS = frozenset(REPORTING_VERBS)
_BASELINE_VERBS = frozenset(REPORTING_VERBS[: REPORTING_VERBS.index("branded") + 1])
_QUOTE = re.compile(r"[“”\"«»]")
#: Any double quotation mark.
QUOTE_MARK = _QUOTE
_ROLE = re.compile(
    r"\b(?:spokes(?:man|woman|person)|minister|ministry|president|director|official|"
    r"secretary|chairman|chairwoman|chair|governor|mayor|senator|ambassador|commander|"
    r"general|professor|chief|leader|agency|department|office|police|court|study|report|"
    r"survey|data|statement|government|company|council|committee|association|union|"
    r"organi[sz]ation|institute|university|foundation|federation|commission|board|bank|"
    r"party|firm|group|club|coalition|campaign|network|court|prosecutors?|lawyers?|"
    r"researchers at|he|she)\b",
    re.IGNORECASE,
)


#: A subject that opens with one of these is a crowd, whatever follows:
#: "Many in the West and Ukraine worry", "Some in Washington believe".
_QUANTIFIERS = frozenset("many some most several few others numerous various".split())


def specific_source(words: list[str]) -> bool:
    """Whether a subject names a source: a proper noun, a role, a pronoun for one.

    "I" and "we" outside quotation marks are the writer ("I think", "we
    believe"): the writer's own opinion is not a source for it.
    """
    if not words:
        return False
    lowered = [w.lower().strip(".’'") for w in words]
    if lowered[0] in _QUANTIFIERS or lowered[-1] in ("i", "we"):
        return False
    if all(w in VAGUE_SOURCES or w in ("the", "a", "an", "and", "of") for w in lowered):
        return False
    if lowered[-1] in VAGUE_SOURCES:
        # "Western military experts": the head noun is vague whatever precedes it.
        return False
    if any(_ROLE.fullmatch(w) for w in lowered):
        return True
    if len(lowered) > 1 and _DETERMINERS & set(lowered[:-1]) and not lowered[-1].endswith("s"):
        # "the harbour master said", "its port authority said": one definite source.
        return True
    # A capitalised word that is not a vague noun or a function word: a name
    # ("Peskov said"; not the "It" of "It is said").
    return any(
        w[:1].isupper() and low not in VAGUE_SOURCES and low not in STOPWORDS
        for w, low in zip(words, lowered, strict=True)
    )


#: Unnamed groups that stand for a crowd rather than for a source ("experts
#: say"); "traders said", "officials said" and "witnesses said" are sources.
_CROWDS = frozenset(
    "experts expert critics observers analysts commentators pundits people others some "
    "many most several few everyone everybody anyone someone somebody nobody they".split()
)


def group_source(words: list[str]) -> bool:
    """Whether a subject is a source, named or an unnamed group of the kind
    news reports ("traders said", "officials believe"), but not a crowd
    ("many in the West", "experts say") and not the writer ("we")."""
    if specific_source(words):
        return True
    lowered = [w.lower().strip(".’'") for w in words if w[:1].isalnum()]
    if not lowered or lowered[0] in _QUANTIFIERS:
        return False
    head = lowered[-1]
    return head.endswith("s") and len(head) > 3 and head not in _CROWDS


#: Words after which a reporting verb's form is a noun: "the police state",
#: "a thought leader", "heads of state", "the Sunday shows".
_NOUN_BEFORE = frozenset("the a an this that these those its their his her our my your of".split())
#: Hyphens that join a reporting verb's form into a compound word.
_HYPHENS = frozenset("-‐‑")


def _noun_use(sentence: str, start: int, end: int) -> bool:
    """Whether the reporting verb's form at ``[start, end)`` is used as a noun
    or a name: capitalised inside the sentence ("the United States"), after
    a determiner ("the reports", "of state"), or in a compound ("state-owned",
    "so-called", "self-described": no one speaks in "the so-called reform",
    which read as "the so- called", a definite source like "the mayor said")."""
    if start > 0 and sentence[start].isupper():
        return True
    if sentence[end : end + 1] in _HYPHENS or sentence[start - 1 : start] in _HYPHENS:
        return True
    previous = _WORD.findall(sentence[max(0, start - 30) : start])[-1:]
    return bool(previous) and previous[0].lower() in _NOUN_BEFORE


def _verb_matches(sentence: str) -> list[tuple[int, int, str]]:
    """``(start, end, text)`` of every match of the reporting-verb pattern, from
    the sentence's word runs where they give the same matches (:mod:`.wordruns`)."""
    runs = lowered_runs(sentence)
    if runs is None:
        return [(m.start(), m.end(), m.group()) for m in _VERB.finditer(sentence)]
    if runs.isdisjoint(_VERBS):
        return []
    return [
        (m.start(), m.end(), m.group())
        for m in RUN.finditer(sentence)
        if m.group().lower() in _VERBS
    ]


def mentions_reporting_verb(text: str) -> bool:
    """``REPORTING_VERB.search(text) is not None``, from the word runs where they
    give the same answer."""
    runs = lowered_runs(text)
    if runs is None:
        return REPORTING_VERB.search(text) is not None
    return not runs.isdisjoint(_BASELINE_VERBS)


#: "In his view", "in the minister's words", "in Smith's opinion": whose view
#: the sentence gives, when it opens the sentence or is an aside between
#: commas ("in my view" is the writer's; "in their view" and "in everyone's
#: view" may be a crowd's; "those who in his view deserved it" is the writer's
#: sentence about his view).
_VIEWS = frozenset("view opinion words judgement judgment estimation".split())
_IN_VIEW = re.compile(
    r"[Ii]n\s+(?:[Hh]is|[Hh]er|the\s+[a-z-]+[’']s|[A-Z][\w.-]*[’']s)\s+(?:"
    + "|".join(sorted(_VIEWS))
    + r")\b"
)
#: The view opening the sentence ("In his view, ...", "But in her words ...").
_VIEW_OPENS = re.compile(r"\s*(?:(?:But|And|Yet|So)\s+)?" + _IN_VIEW.pattern)


#: A subject, a clause about it set off by commas ("who was treated here in
#: 2021", "speaking on condition of anonymity", "commentating for television":
#: a relative clause or a participle of speech; "The theory, using precedents
#: ..., explains" is no speaker's) and the auxiliaries before a
#: reporting verb: the subject is the source, though more than three words
#: stand between them.
_INSERTED = frozenset(
    "who whose speaking writing commenting commentating testifying talking responding "
    "replying".split()
)
_INSERTION = re.compile(
    r"([\w’'.-]+(?:[ \t]+[\w’'.-]+){0,2}),\s+(?:"
    + "|".join(sorted(_INSERTED))
    + r")\b[^,;:()“”\"]{1,120},\s*(?:(?:"
    + "|".join(sorted(AUXILIARIES))
    + r")\s+)*$",
    re.IGNORECASE,
)


#: Verbs that, set off by commas after what was said ("..., he conceded."), can
#: only report it, though some have other senses on their own ("the team
#: conceded two goals"): in that place they count beside the reporting verbs.
_ASIDE_VERBS = _VERBS | frozenset(
    "conceded concedes admitted admits cautioned cautions complained complains "
    "countered counters observed observes agreed agrees joked jokes quipped quips "
    "remarked remarks answered answers protested protests objected objects mused "
    "reasoned recounted recounts boasted boasts continued continues".split()
)
#: Words after a reporting clause's verb that keep it an aside: when or where it
#: was said ("she said on Monday", "the ministry said in a statement").
_ADVERBIAL = frozenset(
    "in on at after before during from by with without late earlier later "
    "yesterday today tonight last this when while as afterwards then".split()
)
#: Words that open a clause of its own after a comma: no reporting aside
#: ("..., but the minister said ...", "..., which the union said ...").
_CLAUSE_OPENERS = frozenset(
    "and but or nor so yet because as while although though whereas if when since "
    "after before which that who whom whose where unless until however".split()
)
#: Conjunctions after an aside that start a clause the tagger decides about: the
#: writer may answer the source there ("..., the firm said, but records show ...").
_CONTRASTS = frozenset("but although though while whereas yet however".split())
#: "They" with one of these is the group the text just named ("Economists at
#: Fernley Bank estimated ... Prices would rise, they wrote."): in PolNeAR every
#: such sentence is attributed or mixed, and in the claims corpus none is an
#: unsupported claim. "They say" and "they believe" stay a crowd's.
_PAST_REPORTING = frozenset(
    "said told wrote added noted warned argued explained stressed insisted concluded "
    "reported estimated predicted claimed stated announced confirmed acknowledged "
    "recalled emphasised emphasized testified replied responded".split()
)
#: Verbs that name rather than report when they open an aside.
_NAMING = frozenset("called calls dubbed labelled labeled branded named described".split())
_COMMA = re.compile(r",\s+")
_CLAUSE_END = re.compile(r"[,;:()—–]|$")
_TELLING = frozenset("told tells telling".split())


def _speaker(words: list[str]) -> bool:
    """Whether the words before or after an aside's verb are one named speaker:
    "she", a name ("Carol Nkemelu", "the Met Office"), a possessive one
    ("Kovac's coach") or a role ("the minister", "a spokeswoman for the
    union"); not a clause's subject and verb ("Wing protected her")."""
    if not words or len(words) > 5 or not specific_source(words):
        return False
    lowered = [w.lower() for w in words]
    if len(words) == 1 and lowered[0] in ("he", "she"):
        return True
    if words[0][:1].isupper() and all(
        w[:1].isupper() or w in ("of", "de", "van", "von", "der", "den", "la", "le", "al")
        for w in words
    ):
        return True
    if words[0].endswith(("'s", "’s")) and words[0][:1].isupper():
        return True
    return lowered[0] in _DETERMINERS and any(
        w[:1].isupper() or _ROLE.fullmatch(w) for w in words[1:]
    )


def _aside(clause: str) -> bool:
    """Whether ``clause`` (the words between two commas, or after the last one)
    is a reporting aside with a specific source: "the minister said", "she
    added on Monday", "said the minister", "he told reporters"."""
    if _IN_VIEW.fullmatch(clause.strip()):
        return True  # "..., in his view, ..."
    words = _WORD.findall(clause)
    if not words or len(words) > 9 or words[0].lower() in _CLAUSE_OPENERS:
        return False
    lowered = [w.lower().rstrip(".") for w in words]
    # A reporting verb in lower case and no participle ("announcing a rent
    # freeze" is no aside; "in the United States" holds no verb).
    verbs = [
        at
        for at, (word, low) in enumerate(zip(words, lowered, strict=True))
        if low in _ASIDE_VERBS and word.islower() and not low.endswith("ing")
    ]
    if not verbs or verbs[0] > 5:
        return False
    at = verbs[0]
    if at == 0:  # inverted: "said the minister", "added Smith on Monday"
        if lowered[0] in _NAMING:
            return False  # "a dialect, called Megleno-Romanian": a name, no speaker
        source = list(takewhile(lambda w: w.lower() not in _ADVERBIAL, words[1:6]))
        tail = lowered[1 + len(source) :]
        return _speaker(source) and (not tail or tail[0] in _ADVERBIAL)
    source = words[:at]
    while source and source[-1].lower() in AUXILIARIES:
        if source.pop().lower() in BE:
            return False  # passive: "the Spartans were said to have ..." names no speaker
    tail = lowered[at + 1 :]
    adverbial = not tail or tail[0] in _ADVERBIAL or lowered[at] in _TELLING
    they = [w.lower() for w in source] == ["they"] and lowered[at] in _PAST_REPORTING
    return adverbial and (they or _speaker(source))


def reported_aside(sentence: str) -> int | None:
    """Where the words a reporting aside gives a source end, or ``None`` when
    the sentence has no such aside: "The plan is doomed, the minister said."
    and "The plan, she added, is doomed." are the minister's and hers
    whatever the tagger hears (it hears the words before a cue on its right
    poorly). The words before the aside are the source's; those after it too,
    unless a contrast opens them ("..., the firm said, but records show ...")."""
    if _VIEW_OPENS.match(sentence):
        return len(sentence)  # "In his view she was ..."
    first = _WORD.search(sentence)
    for comma in _COMMA.finditer(sentence):
        if first is None or first.start() >= comma.start():
            continue
        end = _CLAUSE_END.search(sentence, comma.end())
        stop = end.start() if end else len(sentence)
        if not _aside(sentence[comma.end() : stop]):
            continue
        if sentence[stop : stop + 1] != ",":
            return len(sentence)
        following = _WORD.findall(sentence[stop : stop + 40])[:1]
        if following and following[0].lower() in _CONTRASTS:
            return comma.start()
        return len(sentence)
    return None


#: A source's conviction: "Ormand is convinced (that) the deal will pay off",
#: "the bank remains confident ...": the view is the subject's, as after
#: "believes"; not "confident of victory" or "confident about the vote".
_CONVINCED = re.compile(
    r"\b(?:is|was|are|were|remains|remained|seems|seemed|became|been)\s+(?:[a-z]+ly\s+)?"
    r"(?:convinced|confident|adamant)\b(?!\s+(?:of|about|in|enough|to|and|or|but)\b)(?!\s*[,.;:!?)]|$)"
)
_CONVICTIONS = frozenset("convinced confident adamant".split())


def convinced(sentence: str) -> bool:
    """Whether a specific source holds the sentence's view (:data:`_CONVINCED`);
    a crowd does not ("many in the party are convinced")."""
    for match in _CONVINCED.finditer(sentence):
        before = _WORD.findall(sentence[max(0, match.start() - 60) : match.start()])[-4:]
        lowered = {word.lower() for word in before}
        if before and not lowered & _QUANTIFIERS and specific_source(before[-3:]):
            return True
    return False


@lru_cache(maxsize=2048)
def attributed(sentence: str) -> bool:
    """Whether ``sentence`` attributes what it says to a specific source
    (cached: the claims model, the voice model and the rules ask about the
    same sentences)."""
    runs = lowered_runs(sentence)
    if runs is None or "according" in runs:
        for match in _ACCORDING.finditer(sentence):
            if specific_source(_WORD.findall(match.group(1))):
                return True
    if ("," in sentence or (runs is None or not runs.isdisjoint(_VIEWS))) and reported_aside(
        sentence
    ) is not None:
        return True  # "..., the minister said.", "..., she conceded, ..."
    if (runs is None or not runs.isdisjoint(_CONVICTIONS)) and convinced(sentence):
        return True  # "Ormand is convinced the deal will pay off."
    quoted: bool | None = None  # whether the sentence has a quotation mark
    for start, end, verb in _verb_matches(sentence):
        if verb.lower() == "according" or _noun_use(sentence, start, end):
            continue
        before = _WORD.findall(sentence[max(0, start - 60) : start])[-6:]
        passive = False
        while before and before[-1].lower() in AUXILIARIES:
            # "Authorities have said", "The newspaper has also detailed"
            auxiliary = before.pop().lower()
            passive = passive or auxiliary in BE
        before = before[-4:]
        if before and before[-1].lower() == "it" and not passive:
            return True  # "It also confirmed that ...": the institution just named
        if (
            before
            and before[-1].lower() == "they"
            and verb.lower() in _PAST_REPORTING
            and not passive
        ):
            return True  # "They said managers had known": the group just named
        after = _WORD.findall(sentence[end : end + 50])[:4]
        if passive and verb.lower() not in _NOT_PARTICIPLES:
            # "Chlorine is believed to be safer": the subject is spoken of; the
            # source is the agent ("was reported by The Washington Post"), if any.
            agent = _WORD.findall(sentence[end : end + 80])[:10]
            if any(
                word == "by" and specific_source(agent[at + 1 : at + 4])
                for at, word in enumerate(agent)
            ):
                return True
            continue
        # "X said", "said X" (inverted, after a quote or comma), "X, a spokesman, said".
        if specific_source(before[-3:]) or (
            after and specific_source(after[:3]) and after[0][:1].isupper()
        ):
            return True
        inserted = (
            (runs is None or not runs.isdisjoint(_INSERTED))
            and "," in sentence[max(0, start - 40) : start]
            and _INSERTION.search(sentence, max(0, start - 200), start)
        )
        if inserted and specific_source(_WORD.findall(inserted.group(1))):
            return True  # "Alan Brookes, who was treated here in 2021, said"
        if after[:1] == ["by"] and specific_source(after[1:4]):
            return True  # passive: "was first reported by The Washington Post"
        if before or after:
            if quoted is None:
                # Once per sentence: searched at every verb, a 200 kB "sentence"
                # of 16,000 "say" took 10 s.
                quoted = _QUOTE.search(sentence) is not None
            if quoted:
                return True
    return False
