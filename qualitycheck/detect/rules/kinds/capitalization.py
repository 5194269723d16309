"""``capitalization``: a function word capitalised in mid-sentence.

Translation done segment by segment, or pasted together from headline
fragments, leaves "forces outside its borders In Transnistria Or in Georgia"
and "Ukraine Said “This is a big mistake”". The words to watch are listed in
the rule; a capitalised one is flagged unless it starts a sentence, follows a
colon, an opening quotation mark, a bracket or a dash, or sits inside a run
of capitalised words that reads as a title or a name ("Pride And Prejudice",
"Gulf Of Mexico", "Lord Of The Rings", "The Hague", "In Cold Blood"). Without
a tagger the run is the signal: a name has capitalised words on both sides of
the small word, a mistranslation has lower-case words on at least one side.
Title-case lines pass, and so does a run-in subhead that opens a paragraph
("The Gap Goes On: It was during …"): its last word has no capitalised run
after it, only the colon.

Some names open with a word on the list: "To Lam" (Vietnamese), "Or Yehuda",
"Or Sasson" (Hebrew), "In Good Company". Right after a preposition or an article
("residents of Or Yehuda", "a visit by To Lam", "the founders of In Good Company")
the word cannot be the conjunction or preposition it looks like, so a
capitalised word after it makes it a name; and an article that has shown a
name once in that place writes it the same way after a comma too ("Speaking
at the forum, To Lam said"). An article after a preposition ("choose from The
minimum") keeps its own test: there a lost full stop is the likelier cause.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from qualitycheck.detect.rules.kinds.base import (
    TITLE_CASE_SHARE,
    CheckContext,
    Hit,
    Rule,
    capitalised_words,
)
from qualitycheck.document.article import Article, Block
from qualitycheck.primitives.options import Option


def _words(text: str) -> frozenset[str]:
    """A set of the whitespace-separated words of ``text``."""
    return frozenset(text.split())


DEFAULT_WORDS = [
    "In",
    "Or",
    "And",
    "Of",
    "With",
    "For",
    "To",
    "But",
    "At",
    "On",
    "From",
    "By",
    "As",
    "Said",
    "Says",
    "Told",
    "The",
    "A",
    "An",
]

_ARTICLES = frozenset({"The", "A", "An"})
_VERBS = frozenset({"Said", "Says", "Told", "Say", "Tells", "Stated", "Added", "Noted"})
# Small words that titles and names keep inside a capitalised run.
_SMALL = _words(
    "A An The And Or Nor But Of In On At To For With From By As Into Onto Upon Over Under Via "
    "Per Vs Than Is Are Was Were Be Not De Du Da Di La Le Les Van Von Der Den Del Della Al El "
    "Bin Ibn"
)
# Marks after which a capital is expected or harmless: sentence ends, colons,
# opening quotes and brackets, dashes, separators and bullets.
_SENTENCE_END = frozenset(".!?…:;")
_OPENING = frozenset("\"'“‘„«‹([{<—–-/|•·*>»›~)]}●◆■□▪▶►★☆✓✔#§")
_CLOSING = "\"'”’»›"
_CAPITALISED = re.compile(r"[A-Z0-9][\w'’&.-]*\Z")
# Lower-case words after which an article is expected: "was A big", "of The new".
# Elsewhere a capital article more often starts a sentence whose full stop was
# lost, and a capital A is often a designation ("type A personality").
_BEFORE_ARTICLE = _words(
    """
    is was are were be been being has have had of in on at for with from by to as and or but
    that said says told into about than like after before during under over without within
    through not only also just became become get got make made take took give gave see saw
    find found there it when where while because if whether than
    """
)
_OPENERS = "\"'“‘„«‹([{"
# Words after which a listed word with a capitalised word after it opens a
# name: nothing else can follow a preposition or an article there.
_NAME_BEFORE = _words("of by with from for to at into onto between among via near the a an")
# A run-in subhead: a title of this many words ending in a colon within the
# first characters of a paragraph ("The Gap Goes On: It was …").
_HEAD_WORDS = (2, 8)
_HEAD_CHARS = 80
_TOKEN_PUNCT = ",;:.!?…)]}\"'”’»"


def _is_capitalised(token: str) -> bool:
    return bool(_CAPITALISED.match(token)) and token[-1] not in ".-'’"


def _next_word(text: str, end: int) -> str:
    """The word after ``end``, without the punctuation that may close it."""
    following = text[end : end + 60].split()[:1]
    return following[0].rstrip(_TOKEN_PUNCT) if following else ""


def _pattern(words: list[str]) -> str:
    """The words after a space, longest first. Only a word after a single space
    can be flagged; a literal space first lets the regular expression engine
    skip ahead quickly, and the look-ahead for the words' first characters
    turns down the usual space (before a lower-case word) without trying each
    word (what matches is the same: every word starts with one of them)."""
    body = "|".join(map(re.escape, sorted(words, key=len, reverse=True)))
    firsts = "".join(map(re.escape, sorted({word[0] for word in words})))
    return rf" (?=[{firsts}])({body})(?![\w'’&-])"


class CapitalizationRule(Rule):
    kind = "capitalization"
    description = (
        "Flags a listed word (by default conjunctions, prepositions, articles and reporting "
        "verbs), written in title case, in mid-sentence. A word passes when it starts a "
        "sentence or follows a colon, a semicolon, a quotation mark that opens, a bracket, a "
        "dash, a bullet, a number (a page or footnote) or more than one space (a lost line "
        "break); when it ends a quoted name (“Velstad Says”); when capitalised words stand "
        'on both sides of it ("Gulf Of Mexico") or a capitalised small word follows it ("In '
        'The Mood"); when it is an article opening a name ("The Hague") or coming after a '
        "word that does not call for one (a full stop was probably lost), a reporting verb "
        'followed by a name ("Said Jalili") or a preposition opening a title of two or more '
        'capitalised words ("In Cold Blood"); in title-case lines; and in a run-in subhead (a '
        'paragraph opening with two to eight title-case words and a colon: "The Gap Goes On: '
        'It was …"). A word that a preposition or an article comes before, followed by a '
        'capitalised word, opens a name ("residents of Or Yehuda", "a visit by To Lam"), and '
        'so does the same pair of words elsewhere in that article ("Speaking at the forum, To '
        'Lam said").'
    )
    options = (
        Option(
            "words",
            list,
            "Words to flag when capitalised in mid-sentence.",
            default=DEFAULT_WORDS,
            item=str,
        ),
        Option(
            "title_case_share",
            float,
            "Skip a line when at least this share of its words are capitalised (a headline).",
            default=TITLE_CASE_SHARE,
            minimum=0.0,
            maximum=1.0,
        ),
    )

    def setup(self, options: dict[str, Any]) -> None:
        words = sorted({w.strip().capitalize() for w in options["words"] if w.strip()})
        self.regex = re.compile(_pattern(words))
        self.small = _SMALL | frozenset(words)
        self.lower_small = frozenset(word.lower() for word in self.small)
        self.title_share = options["title_case_share"]

    @classmethod
    def validate_options(cls, options: dict[str, Any]) -> str | None:
        bad = [w for w in options["words"] if not w.strip() or len(w.split()) > 1]
        if bad or not options["words"]:
            return "words: give single words"
        return None

    def _title_case(self, text: str) -> bool:
        capitalised, words = capitalised_words(text)
        return words >= 2 and capitalised >= self.title_share * words

    def _capitals_before(self, before: str) -> int:
        count = 0
        for token in reversed(before.split()):
            core = token.lstrip(_OPENERS)
            if not core or not _is_capitalised(core):
                break
            if core not in self.small:
                count += 1
            if core != token:
                break  # an opening quote starts the run: “Back To Work”
        return count

    def _capitals_after(self, after: str) -> tuple[int, str]:
        """Capitalised non-small words in the run after the word, and the next token.

        A lower-case article between capitalised words stays in the run ("At the
        Harbour", "Lord of the Rings")."""
        tokens = after.split()
        following = tokens[0] if tokens else ""
        count = 0
        for index, token in enumerate(tokens):
            core = token.rstrip(_TOKEN_PUNCT)
            if core in ("the", "a", "an") and core == token:
                nxt = tokens[index + 1] if index + 1 < len(tokens) else ""
                if _is_capitalised(nxt.rstrip(_TOKEN_PUNCT) or "x"):
                    continue
            if not core or not _is_capitalised(core):
                break
            if core not in self.small:
                count += 1
            if core != token:
                break  # punctuation ends the run
        return count, following

    def _name_after_opener(self, text: str, start: int, end: int) -> tuple[str, str] | None:
        """The word and the capitalised word after it, when a preposition or an
        article comes right before the word: "of Or Yehuda", "by To Lam". Not for
        the articles themselves, whose test is their own."""
        word = text[start:end]
        if word in _ARTICLES or text[start - 1 : start] != " ":
            return None
        before = text[max(0, start - 40) : start].split()
        if not before or before[-1] not in _NAME_BEFORE:
            return None
        following = _next_word(text, end)
        if not following or not _is_capitalised(following) or following in self.small:
            return None
        return word, following

    def _flag(self, text: str, start: int, end: int) -> bool:
        word = text[start:end]
        window = text[max(0, start - 200) : start]
        if not window or not window[-1].isspace():
            return False  # block start, or attached to a quote, bracket or dash
        before = window.rstrip()
        if not before or len(window) - len(before) > 1 or window[-1] != " ":
            return False  # a wider gap or a line break: a lost boundary, not a sentence
        last = before[-1]
        if last in _SENTENCE_END or (last in _OPENING and last not in "\"'"):
            return False
        if last.isdigit():
            return False  # a page or footnote number: "p. 12 For a start"
        run_before = before
        if last in _CLOSING:
            core = before.rstrip(_CLOSING)
            if not core or core[-1] in _SENTENCE_END or core[-1] == ",":
                return False  # “… ready.” And then — a new sentence
            if last in "\"'" and (
                len(before) < 2 or before[-2].isspace() or before[-2] in _OPENING
            ):
                return False  # a straight quote after a space or a bracket opens a quotation
            run_before = ""  # a closing mark ends any capitalised run
        elif last == ",":
            run_before = ""
        if text[end : end + 1] in _CLOSING:
            return False  # the end of a quoted name: a show called “Velstad Says”
        before_count = self._capitals_before(run_before)
        after_count, following = self._capitals_after(text[end : end + 200])
        if before_count and after_count:
            return False  # "Gulf Of Mexico", "Bosnia And Herzegovina"
        if following in self.small and following[:1].isupper():
            return False  # "In The Mood", "Of The Rings": a title
        if word in _ARTICLES:
            # "The Hague", "the newspaper The Times"; "Plan A," and "type A personality" too.
            if after_count or not following[:1].islower():
                return False
            # After "Ada Brennan" or "box" a capital The more likely starts a sentence whose
            # full stop was lost; after "of" or "was" it cannot.
            words = run_before.split()
            return bool(words) and words[-1] in _BEFORE_ARTICLE
        if word in _VERBS:
            return not after_count  # "Said Jalili" is a name
        return after_count < 2  # "In Cold Blood", "From Russia With Love" pass

    def _run_in_head(self, text: str) -> int:
        """Where a run-in subhead ends, or 0: a paragraph that opens with a
        short title in title case and a colon ("The Gap Goes On: It was during
        Ms. Lund's term …"). The title is a heading, not mid-sentence text."""
        colon = text.find(":", 0, _HEAD_CHARS)
        if colon < 0:
            return 0
        words = text[:colon].split()
        if not _HEAD_WORDS[0] <= len(words) <= _HEAD_WORDS[1]:
            return 0
        for word in words:
            if word[:1].isalpha() and not word[0].isupper() and word not in self.lower_small:
                return 0
        return colon

    def hits(self, article: Article, blocks: list[Block], context: CheckContext) -> Iterator[Hit]:
        candidates: list[tuple[Block, int, int]] = []
        names: set[tuple[str, str]] = set()
        for block in blocks:
            text = block.text
            matches = list(self.regex.finditer(text))
            if not matches or self._title_case(text):
                continue
            head = self._run_in_head(text)
            for match in matches:
                start, end = match.span(1)
                name = self._name_after_opener(text, start, end)
                if name is not None:
                    names.add(name)
                elif start >= head and self._flag(text, start, end):
                    candidates.append((block, start, end))
        for block, start, end in candidates:
            if (block.text[start:end], _next_word(block.text, end)) not in names:
                yield Hit(block, start, end)
