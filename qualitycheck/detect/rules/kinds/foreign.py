"""``foreign``: a segment in another language or script inside an article.

Cheap signals come first, so langdetect (about 2 ms a call) runs only where
they point: a run of letters in a non-Latin script is flagged directly; a
Latin-script sentence of an English article is given to langdetect only when
it has almost no English function words. (The screen is English; in an article
in another language only the script check runs.)
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from functools import lru_cache
from typing import Any

from qualitycheck.detect.rules.kinds.base import CheckContext, Hit, Rule
from qualitycheck.detect.signals import language, scans
from qualitycheck.detect.signals.cmu import is_english_word
from qualitycheck.detect.signals.language_names import language_name, script_name
from qualitycheck.document.article import Article, Block
from qualitycheck.document.lexicon import STOPWORDS
from qualitycheck.document.segmentation import overlaps
from qualitycheck.primitives.options import Option

_WORD = re.compile(r"[^\W\d_]+(?:['’-][^\W\d_]+)*")
#: Lower-case words shorter than this are not looked up in CMUdict.
_DICTIONARY_MIN_LENGTH = 5
#: Quotation marks (and spaces) that may open a sentence before its words.
_OPENING_MARKS = "\"“„«‘' \t"
#: A quotation's end and the word after it: `…français," he said`.
_QUOTE_THEN_WORD = re.compile(r"[,.!?][\"”“»]\s+([a-z]+)")
#: Closing quotation marks (and spaces) after a sentence's last word.
_CLOSING_MARKS = '"”“» \t'


def _quoted_words(text: str, start: int, end: int) -> tuple[int, int]:
    """The span of a sentence in another language a reader would call
    untranslated: without the quotation marks around it (the message puts the
    match in its own marks) and without an English attribution after the
    quotation closes (`," he said, drawing applause.`: the word after the
    mark is an English function word of two letters or more)."""
    sentence = text[start:end]
    first = start + len(sentence) - len(sentence.lstrip(_OPENING_MARKS))
    if first >= end:
        return start, end
    last = first + len(text[first:end].rstrip(_CLOSING_MARKS))
    for closing in _QUOTE_THEN_WORD.finditer(text, first, end):
        word = closing.group(1)
        if len(word) > 1 and word in STOPWORDS:
            last = closing.start() + (text[closing.start()] != ",")  # keep . ! ?
            break
    return first, last


#: A letter outside the Latin blocks: only then is a block scanned for script runs.
_NON_LATIN_LETTER = re.compile(r"[^\W\d_\u0000-\u024f\u1e00-\u1eff]")


@lru_cache(maxsize=4096)
def _script(char: str) -> str:
    """The script of a letter from its Unicode name ("LATIN", "CYRILLIC", ...).

    A styled letter (mathematical bold "𝐓", fullwidth "Ｔ", circled "Ⓣ",
    a ligature) has the script of the letter it stands for: its name starts
    "MATHEMATICAL", "FULLWIDTH" or "CIRCLED", and social-media copy in bold
    or italic English is not text in another script."""
    folded = unicodedata.normalize("NFKC", char)
    if folded != char and folded[:1].isalpha():
        char = folded[0]
    name = unicodedata.name(char, "")
    return name.split(" ")[0] if name else ""


def _past_marks(text: str, end: int) -> int:
    """``end`` moved past the marks that follow it. A word is letters, and the
    vowel signs of Devanagari, Thai or Bengali are marks: a run ending in "है"
    stopped before its vowel sign, cutting the letter in half in the span and
    in the message's quote."""
    while end < len(text) and unicodedata.category(text[end])[0] == "M":
        end += 1
    return end


def _foreign_runs(text: str, min_letters: int) -> Iterator[tuple[int, int, str]]:
    """Spans of consecutive non-Latin words (spaces and punctuation between them allowed)."""
    start = end = -1
    script = ""
    letters = 0
    for match in _WORD.finditer(text):
        word_script = _script(match.group()[0])
        if word_script not in ("LATIN", ""):
            if start == -1:
                start, letters, script = match.start(), 0, word_script
            end = _past_marks(text, match.end())
            letters += len(match.group())
            continue
        if start != -1 and letters >= min_letters:
            yield start, end, script
        start = -1
    if start != -1 and letters >= min_letters:
        yield start, end, script


#: What the message calls a language langdetect's guess does not fit.
ANOTHER_LANGUAGE = {"language": language.UNDETERMINED, "language_name": "another language"}


def _named(sentence: str, detected: str) -> dict[str, str]:
    """The language the message names for ``sentence``: langdetect's guess
    where it fits the sentence (:func:`language.guess_fits`), "another
    language" where it does not, and the guess as a guess where the sentence
    is too short to tell ("another language (langdetect's guess: French)"):
    langdetect names one of the 55 languages it knows for anything, often at
    probability 1.0 (a Hausa sentence was "Text left in Swahili"), but a
    short French quote is far more often French than not. Which sentences
    are flagged does not depend on it."""
    fits = language.guess_fits(sentence, detected)
    if fits:
        return {"language": detected, "language_name": language_name(detected)}
    if fits is None:
        guess = f"another language (langdetect's guess: {language_name(detected)})"
        return {"language": language.UNDETERMINED, "language_name": guess}
    return dict(ANOTHER_LANGUAGE)


class ForeignRule(Rule):
    kind = "foreign"
    description = (
        "Flags text in another script (a run of at least `min_script_letters` letters that "
        "are not Latin) and, when `detect_latin` is on, Latin-script sentences that "
        "langdetect assigns to another language with at least `min_probability`. "
        "langdetect runs only on sentences of `min_words` words or more whose share of "
        "English function words is at most `max_english_share` and whose share of words "
        "starting lower-case is at least `min_lowercase_share` (lists of names and "
        "title-case headlines are not sentences in another language, and langdetect costs "
        "milliseconds a call) and at most `max_dictionary_share` of the lower-case words of "
        "five letters or more are English words CMUdict knows. Latin-script sentences are "
        "only looked for in English articles: the screens are English."
    )
    options = (
        Option(
            "min_script_letters",
            int,
            "Letters a foreign-script run has at least.",
            default=3,
            minimum=1,
        ),
        Option("detect_latin", bool, "Also look for Latin-script foreign sentences.", default=True),
        Option(
            "min_words",
            int,
            "Words a sentence needs before langdetect is asked.",
            default=6,
            minimum=1,
        ),
        Option(
            "max_english_share",
            float,
            "Largest share of English function words that still makes a sentence a candidate.",
            default=0.2,
            minimum=0,
            maximum=1,
        ),
        Option(
            "min_lowercase_share",
            float,
            "Smallest share of words starting lower-case that makes a sentence a candidate.",
            default=0.5,
            minimum=0,
            maximum=1,
        ),
        Option(
            "max_dictionary_share",
            float,
            "Largest share of lower-case words (five letters or more) found in CMUdict "
            "(English) that still makes a sentence a candidate.",
            default=0.7,
            minimum=0,
            maximum=1,
        ),
        Option(
            "min_probability",
            float,
            "langdetect probability needed to flag.",
            default=0.9,
            minimum=0,
            maximum=1,
        ),
    )
    message_fields = ("language", "language_name")

    def setup(self, options: dict[str, Any]) -> None:
        self.min_letters = options["min_script_letters"]
        self.detect_latin = options["detect_latin"]
        self.min_words = options["min_words"]
        self.max_english = options["max_english_share"]
        self.min_probability = options["min_probability"]
        self.min_lowercase = options["min_lowercase_share"]
        self.max_dictionary = options["max_dictionary_share"]

    def _latin_candidate(self, sentence: str) -> bool:
        words = language.words_of(sentence)
        if len(words) < self.min_words:
            return False
        # The tests are independent: the function-word share, which turns down
        # most English sentences, goes first (same answer in any order).
        if language.function_word_share(words) > self.max_english:
            return False
        lowercase = [word.lower() for word in words if word[0].islower()]
        if len(lowercase) < self.min_lowercase * len(words):
            return False
        # Short words are left out: CMUdict lists "die", "am", "hat" and many names.
        long_words = [word for word in lowercase if len(word) >= _DICTIONARY_MIN_LENGTH]
        known = sum(1 for word in long_words if is_english_word(word))
        return known <= self.max_dictionary * len(long_words)

    def hits(self, article: Article, blocks: list[Block], context: CheckContext) -> Iterator[Hit]:
        own = context.language or "en"
        for block in blocks:
            flagged: list[tuple[int, int]] = []
            runs = (
                _foreign_runs(block.text, self.min_letters)
                if _NON_LATIN_LETTER.search(block.text)
                else ()
            )
            for start, end, script in runs:
                flagged.append((start, end))
                yield Hit(
                    block,
                    start,
                    end,
                    1.0,
                    {"language": script.lower() + " script", "language_name": script_name(script)},
                )
            if not self.detect_latin or own != "en":
                continue
            # The first two tests of _latin_candidate, which turn down most
            # English sentences, from the counts of words and function words
            # alone (in C where the kernel is built): the same integers, the
            # same division as function_word_share.
            counts, fewest, most = scans.word_counter(), self.min_words, self.max_english
            text = block.text
            for start, end in block.sentences:
                if flagged and overlaps(flagged, start, end):
                    continue
                words, function_words = counts(text, start, end)
                if words < fewest or function_words / words > most:
                    continue
                sentence = text[start:end]
                if not self._latin_candidate(sentence):
                    continue
                detected, probability = language.detect(sentence)
                if detected and detected != own and probability >= self.min_probability:
                    named = _named(sentence, detected)
                    # the words, not the marks of a quotation that opens the
                    # sentence (the message quotes the match in its own marks)
                    first, last = _quoted_words(text, start, end)
                    yield Hit(block, first, last, probability, named)
