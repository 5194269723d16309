"""langdetect's n-grams and trials in C (``_language_kernel.pyx``), where
that is langdetect exactly.

langdetect spends a sentence's detection in its n-gram extraction (a Python
call or three per character) and its trials: hundreds of draws from its
seeded ``random.Random``, each multiplying 55 languages' probabilities in
Python. The kernel finds the same n-grams (each character normalised by
langdetect's own ``NGram.normalize``, remembered), draws as ``choice`` and
``gauss`` do from the generator's state (and writes the state back), and
does the arithmetic on C doubles: the same probabilities to the last bit. It
is used only where it was checked to: the compiled module built and current,
Python 3.11 (whose ``sum()`` adds floats plainly; 3.12 compensates, and whose
``random`` the draws reproduce), and langdetect's code the text it was
written against (a hash of its source); otherwise, or with
``QUALITYCHECK_PURE_PYTHON=1``, langdetect runs as it is.
"""

from __future__ import annotations

import random
import sys
from functools import cache, partial
from types import ModuleType
from typing import Any

from qualitycheck.detect.signals.language_profiles import ProfileTable
from qualitycheck.primitives.accelerators import compiled_kernel, source_digest

#: Must equal ``VERSION`` in ``_language_kernel.pyx``; another number is a stale build.
KERNEL_VERSION = 3
#: The SHA-256 of the source that version was given to: the kernel test fails
#: when the source changes without a new version (a stale build would load).
KERNEL_SOURCE_SHA256 = "58e1e23e847a2c8efcb327c65d6fe261ab95211209eb916d48175d5256a63139"
#: The SHA-256 of langdetect 1.0.9's trial code (the four methods the kernel
#: reproduces, their source text joined): another langdetect takes its own path.
TRIAL_SOURCE_SHA256 = "e5c8679ce4e949c6d51b3478cb33d3c6fae85f2d45f07c7a039760a686166352"
TRIAL_METHODS = ("_detect_block", "_init_probability", "_update_lang_prob", "_normalize_prob")
#: The same for the text handling the kernel reproduces (``Detector``'s
#: ``append``, ``cleaning_text`` and ``_extract_ngrams``, ``NGram.__init__``
#: and ``add_char``, ``unicode_block``) and for the draws (``random.Random``'s
#: ``choice``, ``_randbelow_with_getrandbits``, ``gauss``).
NGRAM_SOURCE_SHA256 = "eefd223281db914956ccef85f03d91dc291560dd30e2ef86934e336c440900ca"
TEXT_METHODS = ("append", "cleaning_text", "_extract_ngrams")
DRAW_SOURCE_SHA256 = "d1aadd8f802ba6a5012ca99941e631566061d25c477ba4161c9245cd7f49d47d"
DRAW_METHODS = ("choice", "_randbelow_with_getrandbits", "gauss")


def trial_source_digest(detector_class: type) -> str:
    """The hash :data:`TRIAL_SOURCE_SHA256` is compared with."""
    return source_digest([(detector_class, TRIAL_METHODS)])


def ngram_source_digest(detector_class: type, ngram_class: type, blocks: ModuleType) -> str:
    """The hash :data:`NGRAM_SOURCE_SHA256` is compared with (``blocks``:
    langdetect's ``unicode_block`` module)."""
    return source_digest(
        [
            (detector_class, TEXT_METHODS),
            (ngram_class, ("__init__", "add_char")),
            (blocks, ("unicode_block",)),
        ]
    )


def draw_source_digest(random_class: type) -> str:
    """The hash :data:`DRAW_SOURCE_SHA256` is compared with."""
    return source_digest([(random_class, DRAW_METHODS)])


@cache
def compiled_module() -> ModuleType | None:
    """The compiled module where it reproduces this langdetect, or None."""
    if sys.version_info[:2] != (3, 11):
        return None
    module = compiled_kernel(
        "qualitycheck.detect.signals._language_kernel", KERNEL_VERSION, "language"
    )
    if module is None:
        return None
    from langdetect.detector import Detector
    from langdetect.utils import unicode_block as blocks
    from langdetect.utils.ngram import NGram

    checked = (
        trial_source_digest(Detector) == TRIAL_SOURCE_SHA256
        and ngram_source_digest(Detector, NGram, blocks) == NGRAM_SOURCE_SHA256
        and NGram.N_GRAM == 3  # the kernel keeps three characters
        # cleaning_text compares unicode_block's answer with this name: no block has it
        and all(block[0] != "Latin Extended Additional" for block in blocks._unicode_blocks)
        and draw_source_digest(random.Random) == DRAW_SOURCE_SHA256
    )
    return module if checked else None


@cache
def _normalize() -> Any:
    """``NGram.normalize``, one bound method for the kernel's memory of it."""
    from langdetect.utils.ngram import NGram

    return NGram.normalize


def append(detector: Any, text: str) -> None:
    """``detector.append(text)``, its space collapsing in the kernel where it can."""
    module = compiled_module()
    if module is None or not _plain_detector(detector):
        detector.append(text)
        return
    from langdetect.utils.ngram import NGram

    # Detector.append's substitutions, as langdetect makes them
    text = detector.URL_RE.sub(" ", text)
    text = detector.MAIL_RE.sub(" ", text)
    text = NGram.normalize_vi(text)
    detector.text += module.collapsed(text, detector.max_text_length)


def probabilities(detector: Any) -> list[Any]:
    """``detector.get_probabilities()`` (a langdetect ``Detector`` with its
    text appended), its n-grams and trials found by the kernel where it can."""
    module = compiled_module()
    if module is None or detector.langprob is not None:
        return detector.get_probabilities()
    if detector.prior_map is not None or detector.verbose:
        return detector.get_probabilities()
    if not _plain_random(detector.random):
        return detector.get_probabilities()
    if not _plain_detector(detector):
        return detector.get_probabilities()
    from langdetect.lang_detect_exception import ErrorCode, LangDetectException

    # _detect_block's first steps: cleaning_text, _extract_ngrams
    detector.text = module.cleaned(detector.text)
    table = detector.word_lang_prob_map
    if type(table).__contains__ is dict.__contains__:  # ``in`` is a plain dict look-up
        ngrams = module.extract_ngrams(detector.text, table, _normalize())
    else:
        ngrams = detector._extract_ngrams()
    if not ngrams:
        raise LangDetectException(ErrorCode.CantDetectError, "No features in text.")
    if isinstance(table, ProfileTable):  # the compact table: the kernel reads its arrays
        run = partial(
            module.table_trials, ngrams, table, table.offsets, table.columns, table.weights
        )
    else:  # langdetect's own lists
        run = partial(module.trials, ngrams, table)
    detector.langprob = run(
        len(detector.langlist),
        detector.random,
        detector.seed,
        detector.alpha,
        detector.ALPHA_WIDTH,
        detector.n_trial,
        detector.CONV_THRESHOLD,
        detector.ITERATION_LIMIT,
        detector.BASE_FREQ,
    )
    return detector.get_probabilities()


def _plain_detector(detector: object) -> bool:
    """Whether ``detector`` is langdetect's ``Detector`` itself (no subclass
    with methods of its own)."""
    from langdetect.detector import Detector

    return type(detector) is Detector


def _plain_random(rng: object) -> bool:
    """Whether ``rng`` draws as the kernel does: a ``random.Random`` whose
    ``choice`` draws with ``getrandbits`` (not a subclass with its own)."""
    below = getattr(random.Random, "_randbelow", None)
    return type(rng) is random.Random and below is getattr(
        random.Random, "_randbelow_with_getrandbits", ()
    )
