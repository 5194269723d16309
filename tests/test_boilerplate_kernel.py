"""The compiled boilerplate kernel gives the pure path's line margins to the
last bit, and the CLI's JSON is byte for byte the same with and without it.

Without a built kernel (no C compiler at install time) the comparisons skip
and say so; the forced pure path is tested either way (the version guard in
tests/test_kernel_versions.py).
"""

from __future__ import annotations

import random
import sys
from concurrent.futures import ThreadPoolExecutor

import pytest
from conftest import EXAMPLES, assert_check_json_same_both_ways, kernel_corpora
from hypothesis import given, settings
from hypothesis import strategies as st

import qualitycheck.detect.models.boilerplate_kernel as kernel
from qualitycheck.detect.models.apply import SHIPPED
from qualitycheck.detect.models.boilerplate import BoilerplateDetector, line_features, mid_body
from qualitycheck.detect.models.linear import LinearModel
from qualitycheck.primitives.accelerators import PURE_PYTHON_ENV
from qualitycheck.readers.txt import parse_text

BUILT = kernel.compiled_module()
needs_kernel = pytest.mark.skipif(
    BUILT is None,
    reason="the compiled boilerplate kernel is not built here (no C compiler or Cython at "
    "install time, or QUALITYCHECK_PURE_PYTHON is set): run `python hatch_build.py` to build it",
)


@pytest.fixture(scope="module")
def detector() -> BoilerplateDetector:
    return BoilerplateDetector.load(SHIPPED)


def test_the_environment_forces_the_pure_path(monkeypatch, detector):
    monkeypatch.setenv(PURE_PYTHON_ENV, "1")
    kernel.compiled_module.cache_clear()
    try:
        assert kernel.compiled_module() is None
        assert BoilerplateDetector(detector.model)._compiled() is None
    finally:
        kernel.compiled_module.cache_clear()


#: Pieces that meet every branch of the shape statistics: sentence ends and
#: closers (the two terminal patterns), separators, links and e-mail look-alikes,
#: case, digits of other scripts, apostrophes inside words, Unicode spaces,
#: letters whose lower case is longer or ASCII, stopwords in capitals.
PIECES = (
    "The THE the of and . ! ? … 。 ！ ？ : ; \" ” ’ ' » ) ] › · • | / - — "
    "http:// https://x.org www.site.com http:/ wwwx a@b.co @b.c x@ x@y. x@y.z_ a@.b @@b.c "
    "a@@x.y a@x.. a@x._ .@.x "
    "don't it’s O'Neil rock'n'roll 1990 ٣٤ ² Ⅻ 3,5 Summit USA Kyiv naïve Ünter İstanbul "
    "KELVIN \u212a \u00a0 \u2003 \t _ __init__ x_y ø 東京 ok MENU Home News Sport"
).split(" ")


def lines_strategy() -> st.SearchStrategy[list[str]]:
    glued = st.lists(
        st.tuples(st.sampled_from(PIECES), st.sampled_from(["", " ", "  ", "\u00a0"])), max_size=30
    ).map(lambda parts: "".join(piece + space for piece, space in parts))
    spaced = st.lists(st.sampled_from(PIECES), max_size=30).map(" ".join)
    line = st.one_of(spaced, glued, st.text(max_size=120), st.sampled_from(["", " ", "x"]))
    return st.lists(line, min_size=1, max_size=14)


def pure_margins(model: LinearModel, texts, flagged, seen) -> tuple[list[str], list[str]]:
    rows = line_features(texts, flagged, seen)
    return (
        [model.margin(row).hex() for row in rows],
        [model.margin(mid_body(row)).hex() for row in rows],
    )


def compiled_margins(compiled, texts, flagged, seen) -> tuple[list[str], list[str]]:
    full, middle = compiled.margins(texts, flagged, seen)
    return [m.hex() for m in full], [m.hex() for m in middle]


@needs_kernel
@settings(max_examples=300, deadline=None)
@given(lines_strategy(), st.randoms(use_true_random=False), st.booleans())
def test_kernel_margins_are_the_pure_margins_to_the_bit(detector, texts, rng, with_seen):
    flagged = {i for i in range(len(texts)) if rng.random() < 0.3}
    seen = [rng.choice([0, 0, 1, 2, 40]) for _ in texts] if with_seen else None
    compiled = detector._compiled()
    assert compiled is not None
    got = compiled_margins(compiled, texts, flagged, seen)
    assert got == pure_margins(detector.model, texts, flagged, seen)


def every_feature_model(texts, flagged, seen, rng) -> LinearModel:
    """A model that weights most features these lines make (and a few they lack)."""
    names: dict[str, None] = {}
    for row in line_features(texts, flagged, seen):
        names.update(dict.fromkeys(row))
        names.update(dict.fromkeys(mid_body(row)))
    assert BUILT is not None
    names.update(dict.fromkeys([*BUILT.FIXED, "c3:zzq", "c4:qqqq", "w:absent", "c3:toolong"]))
    weights = {name: rng.uniform(-3, 3) for name in names if rng.random() < 0.9}
    return LinearModel("boilerplate", weights, rng.uniform(-1, 1), 0.5)


@needs_kernel
@settings(max_examples=150, deadline=None)
@given(lines_strategy(), st.randoms(use_true_random=False))
def test_with_every_feature_weighted_the_kernel_still_matches(texts, rng):
    """A model that weights every feature of the text (and a few it lacks):
    each n-gram lookup hits, repeats must count once, every fixed name adds."""
    flagged = set(range(0, len(texts), 2))
    seen = [1] * len(texts)
    model = every_feature_model(texts, flagged, seen, rng)
    compiled = kernel.CompiledBoilerplate(BUILT, model)
    assert compiled_margins(compiled, texts, flagged, seen) == pure_margins(
        model, texts, flagged, seen
    )


@needs_kernel
@pytest.mark.parametrize("first", range(0, 128, 16))
def test_every_ascii_character_is_read_as_the_pure_path_reads_it(first):
    """The kernel answers its character tests (word, letter, capital, digit,
    space) for ASCII from a table: each code point in words, at a line's end,
    alone, between digits and in a link, with every feature weighted."""
    rng = random.Random(first)
    for code in range(first, first + 16):
        c = chr(code)
        texts = [
            f"Ab{c}cd {c}EF the 12{c}3 x{c}",
            c,
            f"{c}Word and{c}{c}of",
            f"Home{c}",
            f"x@y{c}z.w{c} http{c}://a",
            f"{c} {c}",
            f"A long line of prose that runs on{c} and on and ends here{c}" * 2,
        ]
        flagged, seen = {1, 4}, [0, 1, 0, 2, 0, 0, 3]
        model = every_feature_model(texts, flagged, seen, rng)
        compiled = kernel.CompiledBoilerplate(BUILT, model)
        assert compiled_margins(compiled, texts, flagged, seen) == pure_margins(
            model, texts, flagged, seen
        ), repr(c)


@needs_kernel
def test_the_kernel_knows_every_fixed_feature_the_pure_path_makes():
    """If line_features or mid_body gains a feature, this fails until the
    kernel computes it too (n-grams and words are looked up by their text)."""
    assert BUILT is not None
    texts = ["Home | News", "A sentence that reads as prose and ends with a full stop here."] * 3
    for flagged, seen in ((set(), None), ({0, 5}, [1] * 6)):
        for subset in (texts, texts[:1], texts[1:2], texts[:2]):
            for row in line_features(subset, flagged, seen and seen[: len(subset)]):
                for name in [*row, *mid_body(row)]:
                    assert name[:3] in ("c3:", "c4:") or name[:2] == "w:" or name in BUILT.FIXED


@needs_kernel
def test_detector_probabilities_match_on_the_examples(detector):
    pure = BoilerplateDetector(detector.model)
    pure._kernel = None
    for path in sorted(EXAMPLES.glob("*.txt")):
        article = parse_text(path.read_text(encoding="utf-8"), path.name, path.name)
        fast = BoilerplateDetector(detector.model)
        assert fast._compiled() is not None
        assert fast.probabilities(article, []) == pure.probabilities(article, [])


@needs_kernel
@pytest.mark.parametrize("path", kernel_corpora(slow=("boilerplate",)))
def test_check_json_is_byte_identical_with_and_without_the_kernel(path):
    assert_check_json_same_both_ways(path)


@needs_kernel
def test_threads_sharing_one_detector_get_the_pure_probabilities(detector):
    """A Dask worker's threads share one Checker, so one kernel and its marks."""
    rng = random.Random(7)
    articles = [
        parse_text(
            "\n".join(" ".join(rng.choices(PIECES, k=rng.randint(1, 25))) for _ in range(12)),
            "a",
            "a",
        )
        for _ in range(40)
    ]
    shared = BoilerplateDetector(detector.model)
    for article in articles:  # the run's line counts, in input order (as --jobs N does)
        shared.prepare(article)
    interval = sys.getswitchinterval()
    sys.setswitchinterval(1e-6)
    try:
        with ThreadPoolExecutor(4) as pool:
            got = list(pool.map(lambda a: shared.probabilities(a, []), articles))
    finally:
        sys.setswitchinterval(interval)
    pure = BoilerplateDetector(detector.model)
    pure._kernel = None
    assert got == [pure.probabilities(article, []) for article in articles]
