"""``foreign``: a segment in another language or script inside an article.

Cheap signals come first, so langdetect (about 2 ms a call) runs only where
they point: a run of letters in a non-Latin script is flagged directly; a
Latin-script sentence is given to langdetect only when it has almost no
English function words.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from functools import lru_cache
from typing import Any

from qualitycheck import language
from qualitycheck.article import Article, Block
from qualitycheck.kinds.base import CheckContext, Hit, Rule
from qualitycheck.lexicon import STOPWORDS
from qualitycheck.options import Option

_WORD = re.compile(r"[^\W\d_]+(?:['’-][^\W\d_]+)*")


@lru_cache(maxsize=4096)
def _script(char: str) -> str:
    """The script of a letter from its Unicode name ("LATIN", "CYRILLIC", ...)."""
    name = unicodedata.name(char, "")
    return name.split(" ")[0] if name else ""


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
            end = match.end()
            letters += len(match.group())
            continue
        if start != -1 and letters >= min_letters:
            yield start, end, script
        start = -1
    if start != -1 and letters >= min_letters:
        yield start, end, script


class ForeignRule(Rule):
    kind = "foreign"
    description = (
        "Flags text in another script (a run of at least `min_script_letters` letters that "
        "are not Latin) and, when `detect_latin` is on, Latin-script sentences that "
        "langdetect assigns to another language with at least `min_probability`. "
        "langdetect runs only on sentences of `min_words` words or more whose share of "
        "English function words is at most `max_english_share`."
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
            "min_probability",
            float,
            "langdetect probability needed to flag.",
            default=0.9,
            minimum=0,
            maximum=1,
        ),
    )
    message_fields = ("language",)

    def setup(self, options: dict[str, Any]) -> None:
        self.min_letters = options["min_script_letters"]
        self.detect_latin = options["detect_latin"]
        self.min_words = options["min_words"]
        self.max_english = options["max_english_share"]
        self.min_probability = options["min_probability"]

    def _latin_candidate(self, sentence: str) -> bool:
        words = [w.lower() for w in _WORD.findall(sentence)]
        if len(words) < self.min_words:
            return False
        english = sum(1 for w in words if w in STOPWORDS)
        return english / len(words) <= self.max_english

    def hits(self, article: Article, blocks: list[Block], context: CheckContext) -> Iterator[Hit]:
        own = context.language or "en"
        for block in blocks:
            flagged: list[tuple[int, int]] = []
            for start, end, script in _foreign_runs(block.text, self.min_letters):
                flagged.append((start, end))
                yield Hit(block, start, end, 1.0, {"language": script.lower() + " script"})
            if not self.detect_latin:
                continue
            for start, end in block.sentences:
                if any(s < end and start < e for s, e in flagged):
                    continue
                sentence = block.text[start:end]
                if not self._latin_candidate(sentence):
                    continue
                detected, probability = language.detect(sentence)
                if detected and detected != own and probability >= self.min_probability:
                    yield Hit(block, start, end, probability, {"language": detected})
