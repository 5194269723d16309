"""The compiled kernels of the claims stage (the voice tagger's and the claims
model's) give the pure path's token probabilities and sentence margins to the
last bit, and the CLI's JSON and ``evaluate`` are byte for byte the same with
and without them.

Without a built kernel (no C compiler at install time) the comparisons skip
and say so; the version guard is in tests/test_kernel_versions.py.
"""

from __future__ import annotations

import random
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from conftest import (
    EXAMPLES,
    SHARED,
    assert_check_json_same_both_ways,
    cleared,
    kernel_corpora,
    run_both_ways,
)
from hypothesis import given, settings
from hypothesis import strategies as st

import qualitycheck.detect.models.claims_kernel as claims_kernel
import qualitycheck.detect.signals.voice_kernel as voice_kernel
from qualitycheck.detect.models import claim_rows, claims
from qualitycheck.detect.models.apply import SHIPPED
from qualitycheck.detect.models.claim_cues import BOOSTERS, HEDGES, MODALS, NEGATION
from qualitycheck.detect.models.linear import LinearModel
from qualitycheck.detect.signals import voice
from qualitycheck.detect.signals.voice import (
    VoiceModel,
    pure_tokenize,
    sentence_features,
    shipped_model,
    token_features,
    tokenize,
)
from qualitycheck.document.segmentation import sentences
from qualitycheck.primitives.accelerators import PURE_PYTHON_ENV, WARM_UP_SENTENCES
from qualitycheck.readers.txt import parse_text

VOICE = voice_kernel.compiled_module()
BUILT = claims_kernel.compiled_module()
_WHY = (
    "kernel is not built here (no C compiler or Cython at install time, or "
    "QUALITYCHECK_PURE_PYTHON is set): run `python hatch_build.py` to build it"
)
needs_voice = pytest.mark.skipif(VOICE is None, reason=f"the compiled voice {_WHY}")
needs_claims = pytest.mark.skipif(BUILT is None, reason=f"the compiled claims {_WHY}")
needs_kernel = pytest.mark.skipif(
    VOICE is None or BUILT is None, reason=f"the compiled voice or claims {_WHY}"
)


@pytest.fixture(scope="module")
def tagger() -> VoiceModel:
    """The shipped tagger, compiled from its first sentence (no warm-up)."""
    model = VoiceModel.load()
    assert model._pending == 0
    return model


@pytest.fixture(scope="module")
def detector() -> claims.ClaimDetector:
    return claims.ClaimDetector.load(SHIPPED)


def test_the_environment_forces_the_pure_path(monkeypatch, tagger, detector):
    monkeypatch.setenv(PURE_PYTHON_ENV, "1")
    with cleared(
        voice_kernel.compiled_module, claims_kernel.compiled_module, voice._compiled_tokenizer
    ):
        assert voice_kernel.compiled_module() is None
        assert claims_kernel.compiled_module() is None
        assert voice._compiled_tokenizer() is None
        assert VoiceModel.load()._compiled_tagger() is None
        assert claims.ClaimDetector(detector.model)._compiled_rows() is None


_CUES = sorted(shipped_model().cues) if shipped_model() else ["said"]  # type: ignore[union-attr]
#: Pieces that meet every branch of the tokenizer, the quote state, the
#: nearest cues and their gaps, and the claims row: every quotation mark (glued
#: closers too), breaks, conjunctions, reporting cues, capitals, apostrophes
#: inside words, digits of other scripts, letters whose lower case is longer,
#: underscores, Unicode spaces, the words of the cue lists and person lists,
#: evaluative and superlative endings, question and exclamation marks.
_WORDS = [*_CUES[:40], *sorted(HEDGES)[:15], *sorted(BOOSTERS)[:10], *sorted(MODALS)]
PIECES = [
    *_WORDS,
    *NEGATION,
    *"“ ” \" '' `` « » „ ‘ ’ ' ` ”Fortunately «x» , ; : — – ( ) . ! ? ?  ! but although "
    "though while whereas yet even however The THE It I we We you your my our Peskov Ministry "
    "said told according to the minister many experts say it is widely regarded as "
    "is considered I think we must don't O'Neil rock'n'roll it’s 1990 ٣٤ ² Ⅻ 3,5 İstanbul "
    "naïve KELVIN \u212a \ufb01ne _ x_y __init__ 東京 useful dangerous massive fastest "
    "biggest harmless iconic stylish terrible \u00a0 \t".split(" "),
]


def text_strategy(max_size: int = 40) -> st.SearchStrategy[str]:
    glued = st.lists(
        st.tuples(st.sampled_from(PIECES), st.sampled_from(["", " ", " ", "  ", "\u00a0"])),
        max_size=max_size,
    ).map(lambda parts: "".join(piece + space for piece, space in parts))
    spaced = st.lists(st.sampled_from(PIECES), max_size=max_size).map(" ".join)
    return st.one_of(spaced, spaced, glued, st.text(max_size=120))


def sentence_tokens(text: str) -> list[list]:
    """The tokens of each sentence of ``text``, with the quote state carried."""
    result, quoted = [], False
    for start, end in sentences(text) or [(0, len(text))]:
        tokens, quoted = tokenize(text[start:end], quoted, start)
        result.append(tokens)
    return result


@needs_voice
def test_the_compiled_tokenizer_reads_the_tokenizers_pattern():
    """Were ``voice._TOKEN`` changed without the kernel, the compiled tokenizer
    would be refused (and the pure one run): this fails first."""
    assert VOICE is not None
    assert voice._TOKEN.pattern == VOICE.TOKEN_PATTERN
    assert voice._compiled_tokenizer() is not None


@needs_voice
@settings(max_examples=400, deadline=None)
@given(st.one_of(text_strategy(), st.text()), st.booleans(), st.integers(0, 10_000))
def test_the_compiled_tokenizer_gives_the_pure_tokens(text, quoted, offset):
    got = tokenize(text, quoted, offset)
    assert got == pure_tokenize(text, quoted, offset)
    assert [[type(field) for field in token] for token in got[0]] == [
        [int, int, str, str, bool, bool] for _ in got[0]
    ]
    assert all(type(token) is voice.Token for token in got[0])


def hexes(values: list[float]) -> list[str]:
    return [value.hex() for value in values]


@needs_voice
@settings(max_examples=300, deadline=None)
@given(st.lists(text_strategy(), min_size=1, max_size=4).map("\n".join))
def test_tagger_probabilities_are_the_pure_ones_to_the_bit(tagger, text):
    assert tagger._compiled_tagger() is not None
    for tokens in sentence_tokens(text):
        assert hexes(tagger.token_probabilities(tokens)) == hexes(
            tagger.pure_token_probabilities(tokens)
        )


@needs_voice
@settings(max_examples=150, deadline=None)
@given(text_strategy(), st.randoms(use_true_random=False))
def test_with_every_tagger_feature_weighted_the_kernel_still_matches(tagger, text, rng):
    """A model that weights every feature of the text (and names it never
    makes): each lookup must hit, each fixed name add, a new feature fail."""
    names: dict[str, None] = {}
    for tokens in sentence_tokens(text):
        names.update(dict.fromkeys(sentence_features(tokens, tagger.cues)))
        for row in token_features(tokens, tagger.cues):
            names.update(dict.fromkeys(row))
    names.update(dict.fromkeys(["s_cues=3", "lc:none", "rd:far,qc", "w:", "s:", "b:x y"]))
    weights = {name: rng.uniform(-3, 3) for name in names if rng.random() < 0.9}
    model = VoiceModel(weights, rng.uniform(-1, 1), tagger.cues, {}, 0.0, 0.5, 0.5, {})
    for tokens in sentence_tokens(text):
        assert hexes(model.token_probabilities(tokens)) == hexes(
            model.pure_token_probabilities(tokens)
        )


@needs_voice
def test_tagger_words_either_side_of_the_short_table_limit(tagger):
    """A lower-cased token of at most 16 bytes finds its id, its sentence
    weight and its conjunction and cue marks by its characters in C, a longer
    one in the dicts: lengths at the limit in each string kind, words alike in
    their first 16 bytes, cues and conjunctions, each met in several sentences."""
    words = [
        "abcdefghijklmnop",  # 16 bytes
        "abcdefghijklmnopq",
        "abcdefghijklmnopr",  # the same first 16 bytes
        "東京東京東京東京",  # 8 two-byte characters: 16 bytes
        "東京東京東京東京東",
        "\U0001d400\U0001d401\U0001d402\U0001d403",  # 4 four-byte letters
        "\U0001d400\U0001d401\U0001d402\U0001d403\U0001d404",
        "said",
        "and",
        "but",
        "according",
    ]
    text = "\n".join(
        [
            " ".join(words) + ", the mayor said.",
            "“" + " ".join(reversed(words)) + "”, and she added, but said nothing.",
        ]
    )
    names: dict[str, None] = {}
    for tokens in sentence_tokens(text):
        names.update(dict.fromkeys(sentence_features(tokens, tagger.cues)))
        for row in token_features(tokens, tagger.cues):
            names.update(dict.fromkeys(row))
    weights = {name: 0.25 + index / 128 for index, name in enumerate(names) if index % 4}
    model = VoiceModel(weights, -0.5, tagger.cues, {}, 0.0, 0.5, 0.5, {})
    assert model._compiled_tagger() is not None
    for _ in range(2):  # the second time from what the kernel remembered
        for tokens in sentence_tokens(text):
            assert hexes(model.token_probabilities(tokens)) == hexes(
                model.pure_token_probabilities(tokens)
            )


@needs_voice
def test_a_new_weights_dictionary_gets_a_new_compiled_tagger(tagger):
    model = VoiceModel(dict(tagger.weights), tagger.intercept, tagger.cues, {}, 0.0, 0.5, 0.5, {})
    tokens = sentence_tokens("The plan is doomed, the mayor said.")[0]
    before = model.token_probabilities(tokens)
    model.weights = {name: -weight for name, weight in model.weights.items()}
    after = model.token_probabilities(tokens)
    assert before != after
    assert hexes(after) == hexes(model.pure_token_probabilities(tokens))


_RULES = ["claim-weasel", "claim-peacock", "claim-certainty", "not-a-rule", "claim-hedge"]


def pure_margin(model: LinearModel, sentence: str, rules: set[str], share, writer) -> str:
    row = claim_rows.with_voice(claim_rows.features(sentence, rules), (share, writer))
    return model.margin(row).hex()


def compiled_margin(rows, sentence: str, rules: set[str], share, writer) -> str:
    return str(rows.terms(sentence, rules).margin(share, 1.0 if writer else 0.0).hex())


@needs_claims
@settings(max_examples=300, deadline=None)
@given(
    text_strategy(60),
    st.sets(st.sampled_from(_RULES)),
    st.floats(0.0, 1.0),
    st.booleans(),
)
def test_claims_margins_are_the_pure_margins_to_the_bit(detector, sentence, rules, share, writer):
    rows = detector._compiled_rows()
    assert rows is not None
    for given_voice in ((0.0, False), (share, writer)):
        assert compiled_margin(rows, sentence, rules, *given_voice) == pure_margin(
            detector.model, sentence, rules, *given_voice
        )


@needs_claims
@settings(max_examples=150, deadline=None)
@given(text_strategy(60), st.sets(st.sampled_from(_RULES)), st.randoms(use_true_random=False))
def test_with_every_claims_feature_weighted_the_kernel_still_matches(sentence, rules, rng):
    """Every feature of the sentence weighted (repeated words and pairs must
    count once), a few names it lacks, and a vocabulary bound of three words
    outside the model, so that forgetting them is exercised too."""
    names = dict.fromkeys(claim_rows.features(sentence, rules))
    names.update(dict.fromkeys(["w:absent", "b:absent pair", "b:three word pair", "rule:x"]))
    weights = {name: rng.uniform(-3, 3) for name in names if rng.random() < 0.8}
    model = LinearModel("claims", weights, rng.uniform(-1, 1), 0.5)
    assert BUILT is not None
    rows = claim_rows.CompiledRows(BUILT, model, limit=3)
    for _ in range(2):  # the second time, the words it met the first time are known to it
        for given_voice in ((0.0, False), (0.25, True)):
            assert compiled_margin(rows, sentence, rules, *given_voice) == pure_margin(
                model, sentence, rules, *given_voice
            )


@needs_claims
def test_the_kernel_knows_the_claims_row_and_its_order():
    """If ``_features`` gains, loses or moves a fixed feature, this fails until
    the kernel does the same (words, pairs, cues and rules are looked up by name)."""
    assert BUILT is not None
    for sentence in ("", "I think we must act now, but “you” won’t 3 times?!", "Clearly."):
        row = claim_rows.features(sentence, {"claim-weasel"})
        assert tuple(row)[: len(BUILT.FIXED)] == BUILT.FIXED
        rest = tuple(row)[len(BUILT.FIXED) :]
        assert all(name.split(":")[0] in ("cue", "rule", "w", "b") for name in rest)


@needs_kernel
def test_detector_scores_match_on_the_examples(detector):
    pure = claims.ClaimDetector(detector.model)
    pure._compiled_rows = lambda: None  # type: ignore[method-assign]
    fast = claims.ClaimDetector(detector.model)
    fast._pending = 0  # no warm-up: every sentence through the kernel
    assert fast._compiled_rows() is not None
    texts = [(path.name, path.read_text(encoding="utf-8")) for path in EXAMPLES.glob("*.txt")]
    # (the examples' sentences may all fall short of the threshold: this one does not)
    texts.append(("opinion.txt", f"Harbour plans\n\n{OPINION}\n"))
    scored = 0
    for name, text in sorted(texts):
        article = parse_text(text, name, name)
        got = fast.score(article, [])
        assert got == pure.score(article, [])
        scored += len(got)
    assert scored  # the texts hold claims, so the comparison compares something


#: A sentence of the writer's own certainty, written for these tests.
OPINION = "It is obvious that the council has made the right choice, and everyone knows it."


@needs_kernel
def test_a_short_run_stays_pure_and_a_long_one_builds_the_tables_once(detector):
    """The warm-up: the shipped tagger and a new detector take the pure path for
    their first sentences (a one-file run builds no tables), then the kernels."""
    text = "\n\n".join(
        f"Critics say the plan number {i} is clearly a disaster for everyone." for i in range(40)
    )
    article = parse_text(text, "a", "a.txt")
    pure = claims.ClaimDetector(detector.model)
    pure._compiled_rows = lambda: None  # type: ignore[method-assign]
    warming = claims.ClaimDetector(detector.model)
    assert warming._pending == WARM_UP_SENTENCES < len(article.body_blocks)
    assert warming.score(article, []) == pure.score(article, [])
    assert warming._rows is None  # the first article was scored on the pure path
    assert warming.score(article, []) == pure.score(article, [])
    assert warming._rows is not None
    model = VoiceModel.load()
    model._pending = WARM_UP_SENTENCES
    tokens = [sentence_tokens(f"Officials said {i} things, “quoted”.")[0] for i in range(40)]
    got = [hexes(model.token_probabilities(t)) for t in tokens]
    assert model._compiled is not None and model._pending == 0
    assert got == [hexes(model.pure_token_probabilities(t)) for t in tokens]


@needs_claims
def test_threads_sharing_one_detector_get_the_pure_margins(detector):
    """A Dask worker's threads share one Checker: one kernel, whose vocabulary
    of unknown words grows (and is forgotten) while they score."""
    rng = random.Random(11)
    texts = [" ".join(rng.choices(PIECES, k=rng.randint(1, 40))) for _ in range(300)]
    texts += [f"word{i} other{i} word{i}" for i in range(300)]
    assert BUILT is not None
    rows = claim_rows.CompiledRows(BUILT, detector.model, limit=50)
    interval = sys.getswitchinterval()
    sys.setswitchinterval(1e-6)
    try:
        with ThreadPoolExecutor(4) as pool:
            got = list(pool.map(lambda t: compiled_margin(rows, t, set(), 0.5, True), texts))
    finally:
        sys.setswitchinterval(interval)
    assert got == [pure_margin(detector.model, t, set(), 0.5, True) for t in texts]


@needs_kernel
@pytest.mark.parametrize("path", kernel_corpora(slow=("claims", "attribution")))
def test_check_json_is_byte_identical_with_and_without_the_kernel(path: Path):
    assert_check_json_same_both_ways(path)


@needs_kernel
@pytest.mark.slow
@pytest.mark.parametrize("task", ["claims", "attribution"])
def test_evaluate_prints_the_same_numbers_with_and_without_the_kernel(task):
    path = SHARED / "corpus" / task / "dev.jsonl"
    if not path.exists():
        pytest.skip(f"{path} is absent (../shared is not checked out here)")
    compiled = run_both_ways(["evaluate", "--task", task, str(path)], pure=False)
    assert compiled.strip()
    assert compiled == run_both_ways(["evaluate", "--task", task, str(path)], pure=True)
