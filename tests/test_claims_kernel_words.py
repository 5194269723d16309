"""The claims kernel's word reading (``_claims_kernel.pyx`` VERSION 5) gives the
pure row's margins to the last bit.

VERSION 5 tests ASCII characters without the Unicode tables (a letter is A-Z
or a-z, a decimal 0-9, a capital A-Z), keeps a lower-case ASCII match as its
own ``lower()`` instead of making it again, reads a model word's counted facts
(all digits, first or second person, evaluative or superlative ending) from
its id, and searches the sentence once per quotation mark. Each shortcut has
an edge where ASCII ends or where ``str.lower`` changes a word's length, and
each is compared here with ``claim_rows.features`` summed by
``LinearModel.margin`` (``float.hex``): on generated text around those edges,
with the shipped weights and with every feature of the sentence weighted (the
facts then come from the table), and on every sentence of the examples, the
seeds and the claims and attribution dev files (where ../shared is present).
"""

from __future__ import annotations

import json

import pytest
from conftest import EXAMPLES, SEEDS, SHARED
from hypothesis import given, settings
from hypothesis import strategies as st

import qualitycheck.detect.models.claims_kernel as claims_kernel
from qualitycheck.detect.models import claim_rows, claims
from qualitycheck.detect.models.apply import SHIPPED
from qualitycheck.detect.models.linear import LinearModel
from qualitycheck.document.segmentation import sentences

BUILT = claims_kernel.compiled_module()
needs_claims = pytest.mark.skipif(
    BUILT is None,
    reason="the compiled claims kernel is not built here (or QUALITYCHECK_PURE_PYTHON "
    "is set): run `python hatch_build.py` to build it",
)

#: Characters at the edges of the shortcuts: ASCII letters of both cases and
#: its last characters, the first non-ASCII ones, capitals whose lower case is
#: longer or context-dependent (İ, final sigma), the Kelvin sign, ligatures,
#: decimals of other scripts, digits that are not decimals (², Ⅻ), both
#: apostrophes, underscores, every quotation mark the row looks for.
_EDGES = "aZzA09'’_\x7f\x80\xa0ÀéßİΣσςΟΔ\u212a\ufb01²Ⅻ٣“”\"«»!? \t"
#: Words that carry each fact the kernel reads from a word's id.
_WORDS = (
    "I i We we US us Our OUR my Mine you You YOUR yours useful Useful USEFUL dangerous "
    "massive fastest Biggest BIGGEST harmless iconic stylish 2024 ٣٤ ²² 1990s O'Neil it’s "
    "ΟΔΟΣ Σοφός İstanbul \u212aelvin \ufb01nest naïve test est ful"
).split()


def _pieces() -> st.SearchStrategy[str]:
    word = st.one_of(st.sampled_from(_WORDS), st.text(alphabet=_EDGES, min_size=1, max_size=8))
    space = st.sampled_from(["", " ", " ", "  ", "\u00a0", ", "])
    return st.lists(st.tuples(word, space), max_size=30).map(
        lambda parts: "".join(w + s for w, s in parts)
    )


def _pure(model: LinearModel, sentence: str, rules: set[str], share: float, writer: bool) -> str:
    row = claim_rows.with_voice(claim_rows.features(sentence, rules), (share, writer))
    return model.margin(row).hex()


def _compiled(rows, sentence: str, rules: set[str], share: float, writer: bool) -> str:
    return str(rows.terms(sentence, rules).margin(share, 1.0 if writer else 0.0).hex())


@pytest.fixture(scope="module")
def shipped_rows():
    detector = claims.ClaimDetector.load(SHIPPED)
    assert BUILT is not None
    return detector.model, claim_rows.CompiledRows(BUILT, detector.model)


@needs_claims
@settings(max_examples=400, deadline=None)
@given(_pieces(), st.sets(st.sampled_from(["claim-weasel", "claim-peacock"])), st.booleans())
def test_the_word_shortcuts_give_the_pure_margins(shipped_rows, sentence, rules, writer):
    model, rows = shipped_rows
    for voice in ((0.0, False), (0.375, writer)):
        assert _compiled(rows, sentence, rules, *voice) == _pure(model, sentence, rules, *voice)


@needs_claims
@settings(max_examples=200, deadline=None)
@given(_pieces(), st.randoms(use_true_random=False))
def test_facts_read_from_the_table_are_the_words_own(sentence, rng):
    """Every word of the sentence a model word (its facts from the table built
    at the start), each weighted, and the fixed features too."""
    names = dict.fromkeys(claim_rows.features(sentence, set()))
    weights = {name: rng.uniform(-3, 3) for name in names}
    model = LinearModel("claims", weights, rng.uniform(-1, 1), 0.5)
    assert BUILT is not None
    rows = claim_rows.CompiledRows(BUILT, model, limit=3)
    for voice in ((0.0, False), (0.625, True)):
        assert _compiled(rows, sentence, set(), *voice) == _pure(model, sentence, set(), *voice)


@needs_claims
def test_words_either_side_of_the_short_table_limit():
    """A word of at most 16 bytes is found by its characters in C, a longer
    one in the vocabulary dict: lengths at the limit in each string kind (1,
    2 and 4 bytes a character), words alike in their first 16 bytes, model
    words and others, each met again in a second sentence and a second call."""
    words = [
        "abcdefghijklmnop",  # 16 ASCII letters: 16 bytes
        "abcdefghijklmnopq",
        "abcdefghijklmnopr",  # the same first 16 bytes
        "東京東京東京東京",  # 8 two-byte letters: 16 bytes
        "東京東京東京東京東",
        "\U0001d400\U0001d401\U0001d402\U0001d403",  # 4 four-byte letters (math bold)
        "\U0001d400\U0001d401\U0001d402\U0001d403\U0001d404",
        "extraordinarily",
        "disproportionately",
    ]
    first = " ".join(words) + " said the critics."
    second = " ".join(reversed(words)) + " we think."
    names = dict.fromkeys(claim_rows.features(first, set()))
    weights = {name: 0.5 + index / 64 for index, name in enumerate(names) if index % 3}
    model = LinearModel("claims", weights, 0.25, 0.5)
    assert BUILT is not None
    rows = claim_rows.CompiledRows(BUILT, model, limit=4)
    for _ in range(2):
        for sentence in (first, second):
            for voice in ((0.0, False), (0.625, True)):
                assert _compiled(rows, sentence, set(), *voice) == _pure(
                    model, sentence, set(), *voice
                )


def _real_sentences() -> list[str]:
    texts = [p.read_text(encoding="utf-8") for p in sorted(EXAMPLES.glob("*.txt"))]
    if SEEDS.is_dir():
        texts += [p.read_text(encoding="utf-8") for p in sorted(SEEDS.glob("*.txt"))]
    for task in ("claims", "attribution"):
        path = SHARED / "corpus" / task / "dev.jsonl"
        if path.is_file():
            with path.open(encoding="utf-8") as lines:
                texts += [json.loads(line)["text"] for line in lines if line.strip()]
    # Curly quotes and an apostrophe (the examples have none): the non-ASCII branch
    # is taken where ../shared is absent too.
    texts.append("The council’s “clearly historic” vote, the mayor said, changes everything.")
    return [text[start:end] for text in texts for start, end in sentences(text)]


@needs_claims
def test_every_real_sentence_gets_the_pure_margin(shipped_rows):
    model, rows = shipped_rows
    real = _real_sentences()
    # ../shared adds hundreds; without it (an sdist, a wheel tested on another
    # platform) the examples alone hold about twenty.
    assert len(real) > (50 if SEEDS.is_dir() else 10)
    non_ascii = 0
    for sentence in real:
        non_ascii += not sentence.isascii()
        for voice in ((0.0, False), (0.5, True)):
            assert _compiled(rows, sentence, set(), *voice) == _pure(
                model, sentence, set(), *voice
            ), sentence
    assert non_ascii  # curly quotes and apostrophes: both branches were taken
