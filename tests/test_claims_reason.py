"""The claims message's words from the compiled kernel (``positive_words``
and ``claims._word_reason``): the pure row's positive word and pair features
in its order, and, where they settle it, the message the pure path writes.

Without a built kernel the comparisons skip (tests/test_kernel_versions.py
guards the version)."""

from __future__ import annotations

import json

import pytest
from conftest import EXAMPLES, SHARED
from hypothesis import given, settings
from hypothesis import strategies as st

import qualitycheck.detect.models.claims_kernel as claims_kernel
from qualitycheck.detect.models import claim_rows, claims
from qualitycheck.detect.models.apply import SHIPPED
from qualitycheck.detect.models.linear import LinearModel
from qualitycheck.readers.txt import parse_text

BUILT = claims_kernel.compiled_module()
needs_claims = pytest.mark.skipif(
    BUILT is None, reason="the compiled claims kernel is not built here (python hatch_build.py)"
)
PIECES = (
    "the plan is doomed worry any deal remarkable undoubtedly experts say it is believed "
    "I think we must don't O'Neil it’s 1990 İstanbul naïve \u212a \ufb01ne x_y 東京 useful "
    "massive fastest Clearly , . “ ” ? ! that have been huge"
).split(" ")
RULES = ["claim-certainty", "claim-weasel", "claim-peacock"]


def sentence_strategy() -> st.SearchStrategy[str]:
    words = st.lists(st.sampled_from(PIECES), max_size=50).map(" ".join)
    return st.one_of(words, words, st.text(max_size=120))


def pure_positive(model: LinearModel, sentence: str) -> list[tuple[float, str]]:
    row = claim_rows.features(sentence, set(), False, ())
    return [
        (weight, name)
        for name in row
        if name[:2] in ("w:", "b:") and (weight := model.weights.get(name, 0.0)) > 0
    ]


@pytest.fixture(scope="module")
def detector() -> claims.ClaimDetector:
    found = claims.ClaimDetector.load(SHIPPED)
    found._pending = 0
    return found


def pure_reason(detector: claims.ClaimDetector, sentence: str, rules: set[str]) -> str:
    detector._pending = 1  # the pure path (no compiled rows)
    try:
        return detector.reason(sentence, rules)
    finally:
        detector._pending = 0


@needs_claims
@settings(max_examples=300, deadline=None)
@given(sentence_strategy(), st.sets(st.sampled_from(RULES)))
def test_the_kernels_words_give_the_pure_message(detector, sentence, rules):
    rows = detector._compiled_rows()
    assert rows is not None
    positive = rows.positive_words(sentence)
    assert positive == pure_positive(detector.model, sentence)
    quick = claims._word_reason(positive, rules)
    assert quick is None or claims._quoted(quick, sentence) == pure_reason(
        detector, sentence, rules
    )
    assert detector.reason(sentence, rules) == pure_reason(detector, sentence, rules)


@needs_claims
@settings(max_examples=100, deadline=None)
@given(sentence_strategy(), st.randoms(use_true_random=False))
def test_positive_words_under_any_weights(sentence, rng):
    """Every word and pair weighted at random (a bound of three words outside
    the model, so that forgetting them is exercised too)."""
    names = dict.fromkeys(claim_rows.features(sentence, set(), False, ()))
    names.update(dict.fromkeys(["w:absent", "b:absent pair"]))
    weights = {name: rng.uniform(-3, 3) for name in names if rng.random() < 0.8}
    model = LinearModel("claims", weights, 0.0, 0.5)
    assert BUILT is not None
    rows = claim_rows.CompiledRows(BUILT, model, limit=3)
    for _ in range(2):
        assert rows.positive_words(sentence) == pure_positive(model, sentence)


@needs_claims
def test_real_sentences_get_the_pure_message(detector):
    """The examples' sentences (and the claims dev set's, where ../shared is)."""
    texts = [path.read_text(encoding="utf-8") for path in sorted(EXAMPLES.glob("*.txt"))]
    dev = SHARED / "corpus" / "claims" / "dev.jsonl"
    if dev.is_file():
        lines = dev.read_text(encoding="utf-8").splitlines()[:400]
        texts += [json.loads(line)["text"] for line in lines if line.strip()]
    rows = detector._compiled_rows()
    assert rows is not None
    quick = 0
    for text in texts:
        article = parse_text(text, "t", "t")
        for block in article.blocks:
            for start, end in block.sentences:
                sentence = block.text[start:end]
                answer = claims._word_reason(rows.positive_words(sentence), set())
                if answer is not None:
                    quick += 1
                    assert claims._quoted(answer, sentence) == pure_reason(
                        detector, sentence, set()
                    )
    assert quick
