"""Whose words is a transcript's paragraph: the speaker its label names.

An interview, a hearing, a debate, a podcast or a briefing printed as a
transcript names who speaks once, in a label that opens the paragraph
("KOVALENKO: ...", "Mr Smith: ...", "[00:12:31] SMITH: ...", "THE COURT:
...", "Sarah Whitcombe (Eastfield) (Lab): ...", "Q: ...", a court's "Q. ..."
and "A. ..."), and the voice tagger, which reads a paragraph alone, hears
the speaker's sentences as the writer's: the claim rules and the claims model
flagged a president's "undoubtedly" and a judge's "outrageous" (issue 16: a
finding on someone else's words is the worst false alarm). Such a turn runs on over the
paragraphs that follow it until the next label.

A paragraph opening with a capitalised word and a colon is not always a turn
("Note: the figures are provisional.", "Update: ...", "Palm Vale: ..." in a
list of towns, "Hartley: 1,204." in a vote count), so labels are taken
narrowly and only in a transcript's shape: a label is one to five
capitalised words (honorifics, particles and up to two parenthesised notes
allowed), or a role in lower case after a capitalised word ("Audience
member:", "Second caller:", "Defence counsel:"), that are no prose heading,
a paragraph's label only counts when two speakers or more take turns (one of
them twice) and two turns or more speak in the first or second person or
ask a question (an introduction naming an exchange, or a moderator's label,
stands for one: debaters may assert and never say "I").

An interview in questions and answers ("Q: ..." / "A: ...") is told from a
writer's own explainer in the same form ("Q: Is the tap water safe? A: Yes,
and it is the best in the country.": the writer's claim, to be judged) by
what the article says before the first question (an interview, a
conversation, "edited for length and clarity") or by answers that speak in
the first person singular.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Sequence

from qualitycheck.document.article import Article, Block
from qualitycheck.document.segmentation import is_abbreviation

#: A word of a speaker's label: capitalised (or all capitals, or an initial
#: or honorific with its full stop), or a particle of a name.
_NAME_WORD = r"(?:[A-Z][\w'’.-]*|of|the|de|da|del|van|von|der|al|bin|la|le|du)"
#: Nouns for one who speaks in a transcript: the head of a label in lower case
#: after a capitalised first word ("Audience member:", "Second caller:",
#: "Defence counsel:", "Housing minister Dev Raman:"). Only these: "Good news
#: for renters:" or "Best for:" heads a writer's paragraph.
_ROLES = (
    "member caller counsel planner resident speaker voice reporter correspondent host "
    "presenter moderator interviewer guest witness spokesman spokeswoman spokesperson "
    "official listener viewer questioner participant panellist panelist minister "
    "president governor mayor senator leader secretary chair chairman chairwoman "
    "councillor councilor economist analyst professor lawyer attorney prosecutor judge "
    "officer student teacher doctor nurse worker owner manager"
).split()
#: Words that tell callers or audience members apart ("Second caller:"),
#: kept out of :func:`run_in_head` when a role follows.
_ORDINALS = frozenset("first second third fourth fifth next last another".split())
#: A label that is a role in lower case, then maybe a name: a capitalised
#: first word that is no article ("The new minister: a profile" heads prose),
#: up to two more words, a role.
_ROLE_LABEL = (
    r"(?!(?:The|A|An)\b)[A-Z][\w'’-]*(?:[ \t]+[a-z][\w'’-]*){0,2}?[ \t]+(?:"
    + "|".join(_ROLES)
    + rf")(?:[ \t]+{_NAME_WORD}){{0,3}}"
)
#: A paragraph's speaker label: an optional timestamp ("[00:12:31]", "00:12"),
#: one to five words of a name or role (or :data:`_ROLE_LABEL`), up to two
#: parenthesised notes ("(Eastfield) (Lab)"), then a colon (bold marks around
#: it in Markdown source) and the speaker's words. Anchored and bounded: no
#: backtracking blow-up on a long paragraph.
_LABEL = re.compile(
    r"\s*(?:\*\*)?(?:[\[(]?\d{1,2}:\d{2}(?::\d{2})?[\])]?\s+)?"
    rf"(?P<label>{_NAME_WORD}(?:[ \t]+{_NAME_WORD}){{0,4}}|{_ROLE_LABEL})"
    r"(?:[ \t]*\([^()\n]{1,40}\)){0,2}(?:\*\*)?:(?:\*\*)?[ \t]+(?=\S)"
)
#: A court transcript's question and answer: "Q. Did you see the car?" Only
#: where both are (an initial opens "A. J. Smith was appointed ...").
_DOTTED = re.compile(r"\s*(?:\*\*)?(?P<label>[QA])\.(?:\*\*)?[ \t]+(?=\S)")
#: The labels of a question and of an answer.
_QUESTION = frozenset({"q", "q.", "question"})
_ANSWER = frozenset({"a", "a.", "answer"})
#: Words of a paragraph's run-in head that name no speaker: notes, updates,
#: page furniture, sections of reviews, recipes, listings and letters.
_NOT_SPEAKERS = frozenset(
    "note notes nb ps update updated updates correction corrections clarification editor's "
    "editors background context summary disclaimer disclosure warning caution tip tips "
    "source sources photo photos image images picture pictures video videos watch listen "
    "read related see also more previously earlier later meanwhile breaking live exclusive "
    "analysis opinion comment comments review verdict rating score result results "
    "conclusion introduction intro overview example examples step steps ingredients method "
    "directions serves prep cook total price prices cost costs tickets venue address "
    "contact phone tel email web website hours date dates time times location where when "
    "what what's why how who which next key highlights timeline recap details fact facts "
    "check lesson takeaway takeaways bottom line faq pros cons plot starring story cast "
    "synopsis genre director about dear breakfast lunch dinner snack dessert day week "
    "pictured caption credit credits reporting additional agencies transcript topics tags "
    "keywords category share advertisement sponsored subscribe follow trending "
    "first published report".split()
)
#: A name of a label, as a paragraph that speaks of its label's person names
#: them ("Raman", not "RAMAN" nor "Q"): a scorecard's "Housing minister Dev
#: Raman: Raman was the more confident" is the writer's verdict on Raman; a
#: speaker does not call himself by his surname.
_SELF = re.compile(r"[A-Z][a-z][\w'’-]*$")
#: A sentence's end in a turn: a debater's turn says something, a listing's
#: "For: Ana Holt, housing campaigner" names someone.
_SENTENCE_END = re.compile(r"[.!?][\"”’')]*(?:\s|$)")
#: Speech in a turn: the first or second person, or a question.
_SPEECH = re.compile(r"\?|\b(?:I|I['’](?:m|ve|d|ll)|me|my|[Ww]e|[Oo]ur|us|[Yy]ou(?:r|rs)?)\b")
#: An answer in the first person singular: the interviewee's, not the writer's.
_FIRST_PERSON = re.compile(r"\b(?:I|I['’](?:m|ve|d|ll)|me|my|mine|myself)\b")
#: What an interview's introduction says of it.
_INTERVIEW = re.compile(
    r"\b(?:interview(?:s|ed)?|conversation|spoke (?:to|with)|speaks (?:to|with)|"
    r"talked (?:to|with)|talks (?:to|with)|sat down with|questions (?:for|to)|"
    r"questions and answers|Q ?& ?A|transcript|edited for (?:length|clarity)|condensed|"
    r"(?:he|she|they) had to say)\b",
    re.IGNORECASE,
)
#: What a story says of a transcript it quotes: "was asked", "the exchange",
#: "from the official record".
_EXCHANGE = re.compile(
    r"\b(?:asked|exchange|hearing|debated?|briefing|podcast|episode|official record|Hansard|"
    r"excerpts?)\b",
    re.IGNORECASE,
)
#: The labels of one who runs an exchange ("MODERATOR:", "Chair:"): debaters
#: may assert and never say "I" or "you", so such a label between two speakers
#: who each take two turns counts as a turn that speaks (a fact box's "Host:
#: Leeds" and a programme's "Chair: ... Speaker: ..." do not).
_CHAIRS = frozenset("moderator host interviewer presenter chair anchor questioner".split())
#: Turns that speak (:data:`_SPEECH`) a transcript needs; an introduction
#: that names an interview or an exchange counts as one, and so does a
#: chair's label (:data:`_CHAIRS`).
SPEAKING_TURNS = 2


def label_of(text: str) -> str | None:
    """The speaker label that opens the paragraph ``text`` ("Smith", "THE
    COURT", "Q"), folded to lower case without parenthesised notes, or None:
    no label, a run-in head that names no speaker ("Note", "Update"), or a
    name the paragraph speaks of in the third person (a writer's note on that
    person: "Dev Raman: Raman was the more confident")."""
    match = _label(text)
    if match is None:
        dotted = _dotted(text)
        return None if dotted is None else dotted.group("label").lower() + "."
    words = match.group("label").split()
    if not words[0][:1].isupper():
        return None  # "de Gaulle" is left out with "the"
    head = words
    if any(word in _ROLES for word in words):  # "First:" heads a list; "First caller:" speaks
        head = [word for word in words if word.lower() not in _ORDINALS]
    if run_in_head(head):
        return None
    if note_on(text, words, match.end()):
        return None
    return " ".join(word.lower() for word in words)


def note_on(text: str, label: Sequence[str], start: int) -> bool:
    """Whether the words of ``text`` after the label ``label`` (from ``start``)
    are the writer's note on the person it names: they speak of the label's
    last word in the third person ("Dev Raman: Raman was confident"); not a
    chair's "Chair: The Chair recognises ..." nor "Raman: I am Raman ..."."""
    last = label[-1]
    return bool(
        _SELF.match(last)
        and last.lower() not in _ROLES
        and last.lower() not in _CHAIRS
        and _names(text, last, start)
        and not _FIRST_PERSON.search(text, start)
    )


def _is_word(character: str) -> bool:
    return character.isalnum() or character == "_"  # what ``\w`` matches


def _names(text: str, name: str, start: int) -> bool:
    """Whether ``text`` names ``name`` after ``start`` as a word of its own
    (bounded as ``\b`` bounds it). Found with ``str.find``: a pattern made of
    each label's name was compiled again for nearly every labelled paragraph
    (four times the cost of the rest of :func:`label_of`)."""
    ends_in_word = _is_word(name[-1])
    position = text.find(name, start)
    while position != -1:
        after = position + len(name)
        if (position == start or not _is_word(text[position - 1])) and (
            (after == len(text) or not _is_word(text[after]))
            if ends_in_word
            else (after < len(text) and _is_word(text[after]))
        ):
            return True
        position = text.find(name, position + 1)
    return False


def run_in_head(words: Sequence[str]) -> bool:
    """Whether the words of a paragraph's label are a run-in head that names
    no speaker ("Note", "Update", "Editor's note", "WHY IT MATTERS")."""
    return any(word.lower().replace("’", "'").rstrip(".") in _NOT_SPEAKERS for word in words)


def _label(text: str) -> re.Match[str] | None:
    """:data:`_LABEL`'s match at the paragraph's start, tried only when the
    paragraph has a colon (every label ends with one; most paragraphs have
    none, and every paragraph of every article is asked)."""
    return _LABEL.match(text) if ":" in text else None


def _dotted(text: str) -> re.Match[str] | None:
    """:data:`_DOTTED`'s match, tried only when the paragraph holds "Q." or "A."."""
    return _DOTTED.match(text) if "Q." in text or "A." in text else None


def _speech(text: str) -> str:
    """A turn's words after its label."""
    match = _label(text) or _dotted(text)
    return text[match.end() :] if match else text


def speaker_turns(blocks: Sequence[Block], title: str | None = None) -> frozenset[int]:
    """The indices (``Block.index``) of the blocks that are a transcript's turns:
    a paragraph opening with a speaker's label and the paragraphs that carry it
    on, up to the next label, a heading or a run-in head ("Note: ..."). After
    the last label a paragraph carries the turn on only in the first person
    singular: a transcript quoted in a story ends where the writer's prose
    starts again ("The minister's answer was unconvincing.")."""
    labels: dict[int, str] = {}
    runs: list[list[int]] = []
    for position, block in enumerate(blocks):
        text = block.text
        # A label ends with a colon or is a court's "Q." or "A.": most
        # paragraphs hold neither and are not matched at all.
        marked = ":" in text or "Q." in text or "A." in text
        label = label_of(text) if marked and block.kind != "heading" else None
        if label is not None:
            labels[position] = label
            runs.append([position])
        elif (
            runs
            and runs[-1][-1] == position - 1
            and block.kind == "paragraph"
            # a run-in head ("Note: ...") ends the turn
            and not (marked and (_label(text) or _dotted(text)))
        ):
            runs[-1].append(position)
    dotted = {label for label in labels.values() if label in ("q.", "a.")}
    if dotted and dotted != {"q.", "a."}:  # "A. J. Smith was ...": an initial, no answer
        runs = [run for run in runs if labels[run[0]] not in dotted]
        labels = {at: label for at, label in labels.items() if label not in dotted}
    if not labels:
        return frozenset()
    names = [label for label in labels.values() if label not in _QUESTION | _ANSWER]
    if names:
        if not _named_transcript(
            blocks, labels, lambda: _introduced(blocks, labels, title, _EXCHANGE)
        ):
            return frozenset()
    elif not _interview(blocks, labels, runs, title):
        return frozenset()  # a writer's own questions and answers
    last = max(labels)
    turns: set[int] = set()
    for run in runs:
        for position in run:
            text = blocks[position].text
            if position > last and not _FIRST_PERSON.search(text):
                break
            turns.add(blocks[position].index)
    return frozenset(turns)


def _introduced(
    blocks: Sequence[Block], labels: dict[int, str], title: str | None, *more: re.Pattern[str]
) -> bool:
    """Whether the title or a paragraph before the first label names an
    interview (or what else ``more`` looks for)."""
    before = [title or "", *(block.text for block in blocks[: min(labels)])]
    return any(pattern.search(text) for pattern in (_INTERVIEW, *more) for text in before)


def _named_transcript(
    blocks: Sequence[Block], labels: dict[int, str], introduced: Callable[[], bool]
) -> bool:
    """Whether named labels take turns: two speakers or more (a question's
    "Q" among them), one of them twice, and two turns or more that speak
    (an introduction that names an interview, or a chair's label, may stand
    for one each; ``introduced()`` is asked only when the rest fall short: it
    searches every paragraph above the first label, and most articles with a
    label or two are no transcript)."""
    # a speaker by the last word of the label: "Sarah Whitcombe", "Whitcombe"
    speakers = Counter(label.split()[-1] for label in labels.values())
    if len(speakers) < 2 or max(speakers.values()) < 2:
        return False  # no turns taken
    speaking = sum(1 for position in labels if _SPEECH.search(_speech(blocks[position].text)))
    chairs = {
        label.split()[-1]
        for label in labels.values()
        if len(label.split()) <= 2 and label.split()[-1] in _CHAIRS
    }
    # a chair between two speakers who each take turns in sentences: a debate's
    # or a panel's shape, not a programme's "Chair: ... Speaker: ...", a
    # listing's "For: Ana Holt, campaigner" nor a fact box's "Host:"
    said = Counter(
        label.split()[-1]
        for position, label in labels.items()
        if _says(_speech(blocks[position].text))
    )
    debaters = sum(1 for speaker, turns in said.items() if speaker not in chairs and turns >= 2)
    chaired = bool(chairs) and debaters >= 2
    speaking += chaired
    return speaking >= SPEAKING_TURNS or (speaking + 1 >= SPEAKING_TURNS and introduced())


def _says(turn: str) -> bool:
    """Whether a turn has a sentence's end (:data:`_SENTENCE_END`) that is no
    abbreviation's dot: a listing's "For: Dr. Ana Holt, planner" names
    someone, as "For: Ana Holt, planner" does."""
    return any(not is_abbreviation(turn, end.start()) for end in _SENTENCE_END.finditer(turn))


def _interview(
    blocks: Sequence[Block], labels: dict[int, str], runs: list[list[int]], title: str | None
) -> bool:
    """Whether questions and answers are an interview: an answer is there, and
    the title or the paragraphs before the first label say it is one, or an
    answer speaks in the first person singular."""
    answers = [run for run in runs if labels[run[0]] in _ANSWER]
    if not answers:
        return False
    if _introduced(blocks, labels, title):
        return True
    return any(_FIRST_PERSON.search(blocks[p].text) for run in answers for p in run)


def article_turns(article: Article) -> frozenset[int]:
    """:func:`speaker_turns` of an article's body, worked out once per article
    and headline (the claim rules and the claims model each ask; ``check``
    may choose a plain text's headline again, which changes its body)."""
    known: tuple[str | None, frozenset[int]] | None = article.derived.get("speaker_turns")
    if known is not None and known[0] == article.title:
        return known[1]
    turns = speaker_turns(article.body_blocks, article.title)
    article.derived["speaker_turns"] = (article.title, turns)
    return turns
