"""langdetect's trials in C give langdetect's probabilities to the last bit,
and the kernel stands aside wherever that was not checked (another Python,
another langdetect, the pure path forced)."""

from __future__ import annotations

import json
import sys

import pytest
from conftest import EXAMPLES, SHARED
from hypothesis import given, settings
from hypothesis import strategies as st

from qualitycheck.detect.signals import language, language_kernel
from qualitycheck.primitives.accelerators import PURE_PYTHON_ENV

BUILT = language_kernel.compiled_module()
needs_kernel = pytest.mark.skipif(
    BUILT is None,
    reason="the compiled language kernel is not in use here (not built, not Python 3.11, "
    "another langdetect, or QUALITYCHECK_PURE_PYTHON set): `python hatch_build.py` builds it",
)


def both_ways(text: str) -> tuple[object, object]:
    """langdetect's answer for ``text`` as it computes it, and with the kernel."""
    answers = []
    for kernel in (False, True):
        detector = language._factory().create()
        detector.append(text)
        try:
            found = (
                language_kernel.probabilities(detector) if kernel else detector.get_probabilities()
            )
        except Exception as error:
            answers.append(repr(error))
        else:
            answers.append([(p.lang, p.prob.hex()) for p in found])
    return answers[0], answers[1]


#: Words of several Latin-script languages (the foreign rule's candidates),
#: with accents, digits and punctuation, and a few of other scripts.
WORDS = (
    "der die und ist nicht über Straße schnell la el los está ciudad año de "
    "le les est une pipe été être il di questo è esempio città to jest przykład "
    "się the and of said government 1990 , . ! ? « » ’ ş ğ ı ő ű ø å Москва 東京 مرحبا"
).split()


@needs_kernel
@settings(max_examples=150, deadline=None)
@given(
    st.one_of(
        st.lists(st.sampled_from(WORDS), min_size=1, max_size=40).map(" ".join),
        st.text(max_size=80),
    )
)
def test_generated_text_gets_langdetects_probabilities(text):
    pure, compiled = both_ways(text)
    assert compiled == pure


def real_sentences() -> list[str]:
    found = []
    for path in sorted(EXAMPLES.iterdir()):
        if path.is_file():
            found += [s for s in path.read_text(encoding="utf-8").split(". ") if len(s) > 15]
    dev = SHARED / "corpus" / "mt" / "dev.jsonl"
    if dev.exists():
        with dev.open(encoding="utf-8") as handle:
            for line in list(handle)[:40]:
                found += [s for s in json.loads(line)["text"].split(". ") if len(s) > 15]
    return found


@needs_kernel
def test_real_sentences_get_langdetects_probabilities():
    sentences = real_sentences()  # the examples' alone where ../shared is absent
    assert len(sentences) >= 10
    for sentence in sentences:
        pure, compiled = both_ways(sentence[: language.SAMPLE_CHARS])
        assert compiled == pure, sentence


@needs_kernel
def test_a_prior_or_a_detector_already_run_takes_langdetects_own_path():
    detector = language._factory().create()
    detector.append("Der schnelle braune Fuchs springt über den faulen Hund")
    expected = [(p.lang, p.prob) for p in detector.get_probabilities()]
    assert [(p.lang, p.prob) for p in language_kernel.probabilities(detector)] == expected
    detector = language._factory().create()
    detector.set_prior_map({"de": 0.5, "en": 0.5})
    detector.append("Der schnelle braune Fuchs")
    assert language_kernel.probabilities(detector)  # langdetect's own trials with the prior


def test_another_langdetect_or_python_or_the_pure_switch_turns_it_off(monkeypatch):
    try:
        monkeypatch.setattr(language_kernel, "TRIAL_SOURCE_SHA256", "0" * 64)
        language_kernel.compiled_module.cache_clear()
        assert language_kernel.compiled_module() is None
        monkeypatch.undo()
        monkeypatch.setattr(sys, "version_info", (3, 12, 0, "final", 0))
        language_kernel.compiled_module.cache_clear()
        assert language_kernel.compiled_module() is None
        monkeypatch.undo()
        monkeypatch.setenv(PURE_PYTHON_ENV, "1")
        language_kernel.compiled_module.cache_clear()
        assert language_kernel.compiled_module() is None
    finally:
        monkeypatch.undo()
        language_kernel.compiled_module.cache_clear()


def test_the_trial_code_is_the_one_the_kernel_reproduces():
    from langdetect.detector import Detector

    digest = language_kernel.trial_source_digest(Detector)
    if digest != language_kernel.TRIAL_SOURCE_SHA256:
        pytest.skip(f"another langdetect here (trial code {digest[:12]}): the kernel stays off")
    assert BUILT is not None or language_kernel.compiled_module() is None
