"""langdetect's trials in C give langdetect's probabilities to the last bit,
and the kernel stands aside wherever that was not checked (another Python,
another langdetect, the pure path forced)."""

from __future__ import annotations

import json
import random
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
        if kernel:
            language_kernel.append(detector, text)
        else:
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


#: Characters from every block ``NGram.normalize`` treats apart (Basic Latin,
#: Latin-1 with its excluded signs, Latin Extended-B's Romanian commas,
#: general punctuation, Arabic with the Farsi yeh, Vietnamese letters and
#: combining marks, kana, bopomofo, CJK ideographs it maps, hangul) and others
#: (Cyrillic, Greek, Devanagari, Thai, astral ideographs and emoji, spaces).
SCRIPTS = st.one_of(
    st.characters(min_codepoint=0x20, max_codepoint=0x24F),
    st.sampled_from(list("șțŞŢ\u2019\u201c\u2014 \u00a0  AZaz\u00d7\u00f7\u00b7'-.")),
    st.characters(min_codepoint=0x0600, max_codepoint=0x06FF),
    st.characters(min_codepoint=0x0300, max_codepoint=0x0323),
    st.characters(min_codepoint=0x1E00, max_codepoint=0x1EFF),
    st.characters(min_codepoint=0x3040, max_codepoint=0x31BF),
    st.characters(min_codepoint=0x4E00, max_codepoint=0x4FFF),
    st.characters(min_codepoint=0xAC00, max_codepoint=0xACFF),
    st.characters(min_codepoint=0x0370, max_codepoint=0x04FF),
    st.characters(min_codepoint=0x0900, max_codepoint=0x0E7F),
    st.characters(min_codepoint=0x1F300, max_codepoint=0x2A6DF),
)
SCRIPT_TEXT = st.lists(st.one_of(SCRIPTS, st.just(" ")), max_size=120).map("".join)
VIETNAMESE = "Tiếng Việt là ngôn ngữ của người Việt và là ngôn ngữ chính thức tại Việt Nam"


@needs_kernel
@settings(max_examples=150, deadline=None)
@given(
    st.one_of(
        st.lists(st.sampled_from(WORDS), min_size=1, max_size=40).map(" ".join),
        st.text(max_size=80),
        SCRIPT_TEXT,
    )
)
def test_generated_text_gets_langdetects_probabilities(text):
    pure, compiled = both_ways(text)
    assert compiled == pure


@needs_kernel
@settings(max_examples=400, deadline=None)
@given(st.one_of(SCRIPT_TEXT, st.text(max_size=200), st.sampled_from([*WORDS, VIETNAMESE])))
def test_the_kernels_ngrams_are_langdetects(text):
    from langdetect.utils.ngram import NGram

    detector = language._factory().create()
    detector.append(text)
    detector.cleaning_text()
    table = detector.word_lang_prob_map
    expected = detector._extract_ngrams()
    assert BUILT.extract_ngrams(detector.text, table, NGram.normalize) == expected
    assert BUILT.extract_ngrams(detector.text, dict.fromkeys(table), NGram.normalize) == expected


@needs_kernel
@settings(max_examples=300, deadline=None)
@given(
    st.one_of(SCRIPT_TEXT, st.text(max_size=200), st.sampled_from([*WORDS, VIETNAMESE])),
    st.sampled_from([10_000, 0, 1, 7, 60]),
)
def test_the_kernels_text_is_langdetects(text, limit):
    """``append`` (URLs, e-mail addresses, Vietnamese marks, spaces, the
    length limit) and ``cleaning_text`` (Latin letters dropped from text
    mostly in other scripts) give the detector the same text."""
    text = f"  {text} https://example.com/a  x@example.org   {text.upper()}  "
    ours, theirs = language._factory().create(), language._factory().create()
    for detector in (ours, theirs):
        detector.set_max_text_length(limit)
    language_kernel.append(ours, text)
    language_kernel.append(ours, text[::-1])
    theirs.append(text)
    theirs.append(text[::-1])
    assert ours.text == theirs.text
    theirs.cleaning_text()
    assert BUILT.cleaned(ours.text) == theirs.text


@needs_kernel
def test_a_text_in_every_script_gets_langdetects_probabilities():
    texts = [
        "Москва — столица России, крупнейший по численности населения город страны",
        "東京は日本の首都であり、世界最大級の都市圏を形成している。カタカナとひらがな",
        "北京是中华人民共和国的首都，也是全国的政治中心和文化中心",
        "서울특별시는 대한민국의 수도이자 최대 도시이다",
        "القاهرة هي عاصمة جمهورية مصر العربية وأكبر مدنها یک",
        VIETNAMESE,
        "Bucureşti este capitala României, iar ș și ț au virgulă dedesubt",
        "The mayor said ' Le gouvernement a annoncé une réforme ' and Москва replied 東京",
        "नई दिल्ली भारत की राजधानी है",
        "กรุงเทพมหานครเป็นเมืองหลวงของประเทศไทย",
        "ΑΘΗΝΑ είναι η ΠΡΩΤΕΥΟΥΣΑ της Ελλάδας 𠀀𠀁 😀",
    ]
    for text in texts:
        pure, compiled = both_ways(text)
        assert compiled == pure, text


@needs_kernel
@settings(max_examples=100, deadline=None)
@given(
    st.integers(min_value=0, max_value=2**64),
    st.lists(st.one_of(st.just(0), st.integers(min_value=1, max_value=2**32 - 1)), max_size=1500),
)
def test_the_kernels_draws_are_pythons(seed, sizes):
    """``choice``'s ``_randbelow`` and ``gauss`` drawn in C: the same numbers
    (``float.hex``) and the generator left in the same state, across its
    624-word refills; ``gauss``'s second value carried between calls."""
    ours, python = random.Random(), random.Random()
    found = BUILT.draws(ours, seed, sizes)
    python.seed(seed)
    expected = [python.gauss(0.0, 1.0) if size == 0 else python._randbelow(size) for size in sizes]
    hexed = [x.hex() if isinstance(x, float) else x for x in found]
    assert hexed == [x.hex() if isinstance(x, float) else x for x in expected]
    assert ours.getstate() == python.getstate()


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


@needs_kernel
def test_a_random_of_its_own_takes_langdetects_own_path():
    class Drawing(random.Random):
        def random(self) -> float:
            return 0.5

    detector = language._factory().create()
    detector.random = Drawing()
    detector.append("Der schnelle braune Fuchs springt über den faulen Hund")
    expected = [(p.lang, p.prob) for p in detector.get_probabilities()]
    detector = language._factory().create()
    detector.random = Drawing()
    detector.append("Der schnelle braune Fuchs springt über den faulen Hund")
    assert [(p.lang, p.prob) for p in language_kernel.probabilities(detector)] == expected


@pytest.mark.parametrize(
    "digest", ["TRIAL_SOURCE_SHA256", "NGRAM_SOURCE_SHA256", "DRAW_SOURCE_SHA256"]
)
def test_another_langdetect_or_python_or_the_pure_switch_turns_it_off(monkeypatch, digest):
    try:
        monkeypatch.setattr(language_kernel, digest, "0" * 64)
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
    from langdetect.utils import unicode_block
    from langdetect.utils.ngram import NGram

    digest = language_kernel.trial_source_digest(Detector)
    if digest != language_kernel.TRIAL_SOURCE_SHA256:
        pytest.skip(f"another langdetect here (trial code {digest[:12]}): the kernel stays off")
    digest = language_kernel.ngram_source_digest(Detector, NGram, unicode_block)
    if digest != language_kernel.NGRAM_SOURCE_SHA256:
        pytest.skip(f"another langdetect here (n-gram code {digest[:12]}): the kernel stays off")
    assert language_kernel.draw_source_digest(random.Random) == language_kernel.DRAW_SOURCE_SHA256
    assert BUILT is not None or language_kernel.compiled_module() is None
