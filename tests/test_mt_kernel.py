"""The compiled mt kernel gives the pure path's margins to the last bit, and
the CLI's JSON is byte for byte the same with and without it.

Without a built kernel (no C compiler at install time) the comparisons skip
and say so; the forced pure path is tested either way (the version guard in
tests/test_kernel_versions.py).
"""

from __future__ import annotations

import sys
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import pytest
from conftest import EXAMPLES, assert_check_json_same_both_ways, kernel_corpora
from hypothesis import given, settings
from hypothesis import strategies as st

import qualitycheck.detect.models.mt.kernel as kernel
from qualitycheck.detect.models.apply import SHIPPED
from qualitycheck.detect.models.linear import LinearModel
from qualitycheck.detect.models.mt.detector import MtDetector
from qualitycheck.detect.models.mt.features import (
    article_features,
    article_sentences,
    profile_features,
    rule_features,
    sentence_features,
    style_features,
)
from qualitycheck.detect.models.mt.tokens import FUNCTION_WORDS, shape, tokens
from qualitycheck.primitives.accelerators import PURE_PYTHON_ENV
from qualitycheck.readers.txt import parse_text

BUILT = kernel.compiled_module()
needs_kernel = pytest.mark.skipif(
    BUILT is None,
    reason="the compiled mt kernel is not built here (no C compiler or Cython at install "
    "time, or QUALITYCHECK_PURE_PYTHON is set): run `python hatch_build.py` to build it",
)


@pytest.fixture(scope="module")
def detector() -> MtDetector:
    return MtDetector.load(SHIPPED)


def test_the_environment_forces_the_pure_path(monkeypatch, detector):
    monkeypatch.setenv(PURE_PYTHON_ENV, "1")
    kernel.compiled_module.cache_clear()
    try:
        assert kernel.compiled_module() is None
        fresh = MtDetector(detector.model, detector.sentence_model)
        assert fresh._compiled() is None
    finally:
        kernel.compiled_module.cache_clear()


def pure_parts(detector: MtDetector, sentences: list[str]) -> tuple[list[float], float]:
    margins = [detector.sentence_model.margin(sentence_features(s)) for s in sentences]
    return margins, detector.model.margin(profile_features(sentences))


#: Tokens that meet every branch of ``shape`` and the boundary markers' look-alikes.
PIECES = (
    "the The THE a of $ ^ , . ... … “ ” ' ’ - — ( ) don't it’s Don’t he's "
    "1990 3,5 Summit USA running walked quickly nation government naïve Ünter "
    "i I dont cannot x y z ø 東京 ok"
).split()


@needs_kernel
@settings(max_examples=300, deadline=None)
@given(
    st.lists(
        st.one_of(
            st.lists(st.sampled_from(PIECES), max_size=30).map(" ".join),
            st.text(max_size=60),
        ),
        max_size=8,
    )
)
def test_kernel_margins_are_the_pure_margins_to_the_bit(detector, sentences):
    compiled = detector._compiled()
    assert compiled is not None
    _assert_same_as_pure(compiled, detector, sentences)


@needs_kernel
@settings(max_examples=100, deadline=None)
@given(
    st.lists(st.lists(st.sampled_from(PIECES), max_size=25).map(" ".join), max_size=6),
    st.randoms(use_true_random=False),
)
def test_with_every_feature_weighted_the_kernel_still_matches(sentences, rng):
    """A model that weights every n-gram of the text (and a few it lacks):
    each lookup hits, duplicates must count once, every profile term adds."""
    names: dict[str, None] = {}
    for sentence in sentences:
        names.update(dict.fromkeys(sentence_features(sentence)))
    names.update(dict.fromkeys(profile_features(sentences)))
    names.update(dict.fromkeys(["w:absent", "m:<w> <w> <w> <w>", "b:^ $", "len:3", "s:the"]))
    weights = {name: rng.uniform(-3, 3) for name in names if rng.random() < 0.9}
    _assert_weighted_kernel_matches(sentences, weights, rng.uniform(-1, 1), rng.uniform(-1, 1))


@needs_kernel
def test_a_profile_that_outgrows_the_count_table_keeps_every_key(detector):
    """Thousands of distinct n-grams, each weighted: the article's count table
    grows several times, each time placing every key again from its packed
    form in the slot, and every profile term must still find its weight."""
    import random

    rng = random.Random(17)
    sentences = [
        " ".join(rng.choice(PIECES) for _ in range(rng.randint(5, 30))) for _ in range(250)
    ]
    names = dict.fromkeys(profile_features(sentences))
    for sentence in sentences[:20]:
        names.update(dict.fromkeys(sentence_features(sentence)))
    weights = {name: rng.uniform(-3, 3) for name in names if rng.random() < 0.9}
    # The count table starts at 1024 slots and doubles past half full; the
    # words and pairs (counted first) stay under 2048 keys, so the last
    # doublings move the mixed 3- and 4-grams too.
    profile = profile_features(sentences)
    assert sum(name.startswith("w:") for name in profile) < 2048 < 8192 < len(profile)
    _assert_weighted_kernel_matches(sentences, weights, 0.25, -0.5)


def _shipped_kernel(detector: Any, **limits: int) -> Any:
    """A kernel of the shipped models' weights with other limits."""
    assert BUILT is not None
    sentence_model = detector.sentence_model
    lengths = [sentence_model.weights.get(f"len:{k}", 0.0) for k in range(7)]
    return BUILT.Kernel(
        sentence_model.weights,
        sentence_model.intercept,
        lengths,
        detector.model.weights,
        shape,
        **limits,
    )


def _assert_same_as_pure(compiled: Any, detector: Any, sentences: list[str]) -> None:
    """``compiled`` gives the pure path's sentence and article margins, bit for bit."""
    margins, total = compiled.score([tokens(s) for s in sentences])
    expected_margins, expected_total = pure_parts(detector, sentences)
    assert [m.hex() for m in margins] == [m.hex() for m in expected_margins]
    assert total.hex() == expected_total.hex()


def _assert_weighted_kernel_matches(
    sentences: list[str], weights: dict[str, float], sentence_intercept: float, intercept: float
) -> None:
    """The kernel built for these weights (both models) gives the pure
    margins of ``sentences`` and of their profile, bit for bit."""
    sentence_model = LinearModel("mt_sentence", weights, sentence_intercept, 0.5)
    model = LinearModel("mt", dict(weights), intercept, 0.5)
    assert BUILT is not None
    compiled = kernel.CompiledMt(BUILT, model, sentence_model)
    margins, total = compiled.score([tokens(s) for s in sentences])
    expected = [sentence_model.margin(sentence_features(s)) for s in sentences]
    assert [m.hex() for m in margins] == [m.hex() for m in expected]
    assert total.hex() == model.margin(profile_features(sentences)).hex()


@needs_kernel
def test_tokens_either_side_of_the_short_table_limit(detector):
    """A token of at most 16 bytes is remembered by its characters in C, a
    longer one in a dict: lengths at the limit in each string kind (1, 2 and
    4 bytes a character), and tokens alike in their first 16 bytes."""
    pieces = [
        "abcdefghijklmnop",  # 16 ASCII characters: 16 bytes
        "abcdefghijklmnopq",  # 17
        "abcdefghijklmnopr",  # the same first 16 bytes
        "Internationalisation",
        "東京東京東京東京",  # 8 two-byte characters: 16 bytes
        "東京東京東京東京東",  # 9
        "\U0001f600\U0001f601\U0001f602\U0001f603",  # 4 four-byte characters
        "\U0001f600\U0001f601\U0001f602\U0001f603\U0001f604",
        "naïve",
        "a",
        "the",
    ]
    sentences = [" ".join(pieces), " ".join(reversed(pieces)), " ".join(pieces[::2]) + " ."]
    compiled = detector._compiled()
    assert compiled is not None
    for _ in range(2):  # the second time from what the kernel remembered
        _assert_same_as_pure(compiled, detector, sentences)


@needs_kernel
def test_the_short_table_forgets_when_half_full_and_the_ids_stay(detector):
    """Past 65,536 short tokens the table starts again within one article:
    a token met before and after that keeps its id (same n-gram counts)."""
    assert BUILT is not None
    compiled = kernel.CompiledMt(BUILT, detector.model, detector.sentence_model)
    compiled._kernel = _shipped_kernel(detector, cache_limit=10**6)
    sentences = [" ".join(f"q{i}" for i in range(k, k + 1000)) for k in range(0, 70_000, 1000)]
    sentences += ["q1 q2 q3 the government q69999 q1 q2 q3 ."] * 3
    _assert_same_as_pure(compiled, detector, sentences)


@needs_kernel
@settings(max_examples=500, deadline=None)
@given(st.one_of(st.text(alphabet="aeinrgtsdlymoAEINGTSDLYM1'’-.$^_ ", max_size=9), st.text()))
def test_shapes_in_c_are_the_python_shapes(token):
    """The kernel names a shape itself only for an ASCII token without an
    apostrophe (else ``shape`` is asked): then the one ``shape`` gives."""
    assert BUILT is not None
    compiled = BUILT.Kernel({}, 0.0, [0.0] * 7, {}, shape, function_words=FUNCTION_WORDS)
    for each in (token, token.lower(), token.upper(), token.title(), token + "ing", token + "s"):
        found = compiled.ascii_shape(each)
        if each and each.isascii() and "'" not in each:
            assert found == shape(each)
        else:
            assert found is None
    every = sorted(FUNCTION_WORDS)
    every += [w.title() for w in every] + [w.upper() for w in every] + [w + "ly" for w in every]
    assert [compiled.ascii_shape(w) for w in every if "'" not in w] == [
        shape(w) for w in every if "'" not in w
    ]
    assert BUILT.Kernel({}, 0.0, [0.0] * 7, {}, shape).ascii_shape("the") is None


@needs_kernel
def test_ids_past_21_bits_are_refused(detector):
    """A slot packs three ids into 63 bits: a wider id range would mix keys."""
    assert BUILT is not None
    with pytest.raises(ValueError, match="21 bits"):
        BUILT.Kernel({}, 0.0, [0.0] * 7, {}, shape, id_limit=(1 << 21))


@needs_kernel
def test_repeated_ngrams_count_once_per_sentence_and_by_count_in_the_profile(detector):
    sentence = "The the the government said the government said , , $ $ ^ ^ ."
    compiled = detector._compiled()
    assert compiled is not None
    got = compiled.score([tokens(sentence)] * 5)
    assert got == pure_parts(detector, [sentence] * 5)


@needs_kernel
def test_an_article_beyond_the_id_range_takes_the_pure_path(detector):
    assert BUILT is not None
    words = [f"unseen{i}" for i in range(50)]
    text = "Headline\n" + " ".join(words) + ".\n"
    article = parse_text(text, "a", "a", first_line_is_title=False)
    expected = MtDetector(detector.model, detector.sentence_model)
    expected._kernel = None
    narrow = MtDetector(detector.model, detector.sentence_model)
    compiled = narrow._compiled()
    assert compiled is not None
    vocabulary = compiled._kernel.vocabulary_size()
    compiled._kernel = _shipped_kernel(detector, id_limit=vocabulary + 10)
    with pytest.raises(OverflowError):
        compiled.score([tokens(text)])
    assert narrow.score(article, []) == expected.score(article, [])


def test_the_article_row_is_the_profile_then_what_the_fast_path_adds():
    """The kernel path sums the profile in C and builds the rest of the row
    itself (style, rules, then the sentence aggregates): if article_features
    gains a part, this fails until _margins adds it too."""
    article = parse_text((EXAMPLES / "clean-harbour-report.txt").read_text(), "a", "a")
    sentences = [block.text[s:e] for block, s, e in article_sentences(article)]
    row = article_features(article, [])
    rest = {**style_features(sentences), **rule_features([])}
    assert list(row.items()) == [*profile_features(sentences).items(), *rest.items()]


@needs_kernel
@pytest.mark.parametrize(
    "path", kernel_corpora(fast=("mt",), slow=("boilerplate", "claims", "attribution", "mqm"))
)
def test_check_json_is_byte_identical_with_and_without_the_kernel(path):
    assert_check_json_same_both_ways(path)


@needs_kernel
def test_threads_sharing_one_detector_get_the_pure_scores(detector):
    """A Dask worker's threads share one Checker, so one kernel. New words
    make the kernel call back into Python (shapes), and a short switch
    interval lets another thread run there."""
    texts = [
        parse_text(
            f"Headline {i}\n"
            + " ".join(f"{p}{i}x{j}" if j % 3 else p for j, p in enumerate(PIECES * 4))
            + "\n",
            "a",
            "a",
        )
        for i in range(40)
    ]
    shared = MtDetector(detector.model, detector.sentence_model)
    interval = sys.getswitchinterval()
    sys.setswitchinterval(1e-6)
    try:
        with ThreadPoolExecutor(4) as pool:
            got = list(pool.map(lambda a: shared.score(a, []), texts))
    finally:
        sys.setswitchinterval(interval)
    # The pure scores only after: shapes cached by the pure path would keep
    # the kernel from calling back into Python.
    pure = MtDetector(detector.model, detector.sentence_model)
    pure._kernel = None
    assert got == [pure.score(article, []) for article in texts]
