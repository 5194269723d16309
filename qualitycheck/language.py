"""Article language with langdetect, seeded so the same text always gets the
same answer.

langdetect samples n-grams at random; ``DetectorFactory.seed`` fixes that.
Detection runs on the first characters of the body only (the answer does not
change on long articles, the cost does), and a language given by the input
(JSONL field, front matter) is trusted without detection.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

#: Characters of body text given to the detector.
SAMPLE_CHARS = 1500
#: Fewer letters than this and the language is unknown rather than guessed.
MIN_LETTERS = 20
#: Below this probability the language is reported as unknown.
MIN_PROBABILITY = 0.6


@lru_cache(maxsize=1)
def _factory() -> Any:
    from langdetect import detector_factory

    detector_factory.init_factory()
    factory = detector_factory._factory
    factory.set_seed(0)
    return factory


def detect(text: str) -> tuple[str | None, float]:
    """``(language code, probability)`` of ``text``, or ``(None, 0.0)``."""
    sample = text[:SAMPLE_CHARS]
    if sum(char.isalpha() for char in sample) < MIN_LETTERS:
        return None, 0.0
    from langdetect.lang_detect_exception import LangDetectException

    detector = _factory().create()
    detector.append(sample)
    try:
        best = detector.get_probabilities()[0]
    except (LangDetectException, IndexError):
        return None, 0.0
    if best.prob < MIN_PROBABILITY:
        return None, round(best.prob, 4)
    return best.lang, round(best.prob, 4)


def normalize_code(code: str) -> str:
    """``en-US`` → ``en``; langdetect's ``zh-cn`` stays as is."""
    code = code.strip().lower().replace("_", "-")
    return code if code.startswith("zh-") else code.split("-")[0]
