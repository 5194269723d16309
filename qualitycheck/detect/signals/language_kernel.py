"""langdetect's trials in C (``_language_kernel.pyx``), where that is langdetect exactly.

langdetect spends most of a sentence's detection in its trials: hundreds of
draws, each multiplying 55 languages' probabilities in Python. The kernel does
that arithmetic on C doubles with the detector's own random draws, and gives
the same probabilities to the last bit. It is used only where it was checked
to: the compiled module built and current, Python 3.11 (whose ``sum()``
adds floats plainly; 3.12 compensates), and langdetect's trial code the text
it was written against (a hash of its source); otherwise, or with
``QUALITYCHECK_PURE_PYTHON=1``, langdetect runs as it is.
"""

from __future__ import annotations

import hashlib
import inspect
import sys
from functools import cache, partial
from types import ModuleType
from typing import Any

from qualitycheck.detect.signals.language_profiles import ProfileTable
from qualitycheck.primitives.accelerators import compiled_kernel

#: Must equal ``VERSION`` in ``_language_kernel.pyx``; another number is a stale build.
KERNEL_VERSION = 2
#: The SHA-256 of the source that version was given to: the kernel test fails
#: when the source changes without a new version (a stale build would load).
KERNEL_SOURCE_SHA256 = "4633be9ba5fb2ce4af7c3f54a642c64de3524c9623ba35d00fe9763854438117"
#: The SHA-256 of langdetect 1.0.9's trial code (the four methods the kernel
#: reproduces, their source text joined): another langdetect takes its own path.
TRIAL_SOURCE_SHA256 = "e5c8679ce4e949c6d51b3478cb33d3c6fae85f2d45f07c7a039760a686166352"
TRIAL_METHODS = ("_detect_block", "_init_probability", "_update_lang_prob", "_normalize_prob")


def trial_source_digest(detector_class: type) -> str:
    """The hash :data:`TRIAL_SOURCE_SHA256` is compared with."""
    try:
        text = "".join(inspect.getsource(getattr(detector_class, n)) for n in TRIAL_METHODS)
    except (AttributeError, OSError, TypeError):
        return ""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


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

    return module if trial_source_digest(Detector) == TRIAL_SOURCE_SHA256 else None


def probabilities(detector: Any) -> list[Any]:
    """``detector.get_probabilities()`` (a langdetect ``Detector`` with its
    text appended), its trials run by the kernel where it can."""
    module = compiled_module()
    if module is None or detector.langprob is not None:
        return detector.get_probabilities()
    if detector.prior_map is not None or detector.verbose:
        return detector.get_probabilities()
    from langdetect.lang_detect_exception import ErrorCode, LangDetectException

    # _detect_block's first steps, as langdetect takes them
    detector.cleaning_text()
    ngrams = detector._extract_ngrams()
    if not ngrams:
        raise LangDetectException(ErrorCode.CantDetectError, "No features in text.")
    table = detector.word_lang_prob_map
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
