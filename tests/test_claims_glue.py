"""The claims stage's shortcuts around its kernels give what they replace.

- :func:`claim_bounds.candidate_terms` (a cheap row first, the cue patterns
  and the attribution check only where the bound may reach the threshold)
  keeps exactly the sentences, and gives exactly the margins, of the exact
  row and the detector's test, on real and generated sentences, with the
  shipped weights and with weights where the attribution pushes up, the
  patterns weigh a lot, and the threshold sits on a sentence's own bound;
- the compiled claims kernel, which now reads the sentence's words and
  counts the cue lists itself, gives the pure row's margins for every word
  of every cue list;
- the voice tagger's tags kept undecided (``block_tags``) and decided after
  (``decide``) are ``tag_paragraph``'s voices as it made them before, and
  the learned voices read from them are the ones computed from scratch.

Values are compared with ``float.hex``: the probabilities must be the same
to the last bit.
"""

from __future__ import annotations

import json
import math
import random
from pathlib import Path

import pytest
from conftest import EXAMPLES, SHARED, needs_shared
from hypothesis import given, settings
from hypothesis import strategies as st

import qualitycheck.detect.models.claims_kernel as claims_kernel
from qualitycheck.detect.models import claim_bounds, claim_cues, claim_rows, claims, voice_sentence
from qualitycheck.detect.models.apply import SHIPPED
from qualitycheck.detect.models.linear import LinearModel, sigmoid
from qualitycheck.detect.signals import speech, voice, voice_rows
from qualitycheck.readers.txt import parse_text

BUILT = claims_kernel.compiled_module()
needs_claims = pytest.mark.skipif(
    BUILT is None, reason="the compiled claims kernel is not built here (python hatch_build.py)"
)
DETECTOR = claims.ClaimDetector.load(SHIPPED)
_RULES = ["claim-weasel", "claim-peacock", "claim-certainty", "claim-hedge", "not-a-rule"]


def _texts() -> list[str]:
    texts = [p.read_text(encoding="utf-8") for p in sorted(Path(EXAMPLES).glob("*.txt"))]
    for name in ("claims", "attribution"):
        path = Path(SHARED) / "corpus" / name / "dev.jsonl"
        if path.is_file():
            lines = path.read_text(encoding="utf-8").splitlines()
            texts += [json.loads(line)["text"] for line in lines[:: max(1, len(lines) // 200)]]
    return texts


BLOCKS = [(b.text, tuple(b.sentences)) for t in _texts() for b in parse_text(t, "t", "t").blocks]
SENTENCES = [text[s:e] for text, spans in BLOCKS for s, e in spans]

#: Words of every cue list, the cue patterns' words, and pieces that meet the
#: word pattern's edges (apostrophes, digits of other scripts, underscores,
#: letters whose lower case is longer, the Kelvin sign).
_LIST_WORDS = sorted(set().union(*(words for _, words in claim_cues.CUE_LISTS)))
PIECES = [
    *_LIST_WORDS,
    *"I we think must some critics experts said is was widely regarded considered by the "
    "minister Peskov according to “ ” \" « » ' ’ , . ? ! don't O'Neil rock'n'roll x'said "
    "it’s 1990 ٣٤ ² Ⅻ 3,5 abc123 İstanbul naïve \u212a \ufb01ne _ x_y useful fastest".split(),
]


def _text(max_size: int = 50) -> st.SearchStrategy[str]:
    spaced = st.lists(st.sampled_from(PIECES), max_size=max_size).map(" ".join)
    glued = st.lists(
        st.tuples(st.sampled_from(PIECES), st.sampled_from(["", " ", " ", "  ", "-"])),
        max_size=max_size,
    ).map(lambda parts: "".join(piece + gap for piece, gap in parts))
    cased = spaced.map(lambda text: text.title())
    return st.one_of(spaced, spaced, glued, cased, st.text(max_size=100))


def _exact(model: LinearModel, threshold: float, sentence: str, rules: set[str]) -> str | None:
    """The code before the shortcut: the exact row, kept when its margin with
    the voice's positive weights reaches the threshold; its margins, or None."""
    row = claim_rows.features(sentence, rules)
    bound = sum(max(0.0, model.weights.get(name, 0.0)) for name in claim_bounds.VOICE)
    if sigmoid(model.margin(claim_rows.with_voice(row, (0.0, False))) + bound) < threshold:
        return None
    return _margins(claim_rows.PureTerms(model, row))


def _margins(terms) -> str:
    return " ".join(terms.margin(*voice).hex() for voice in ((0.0, 0.0), (0.3, 1.0), (1.0, 0.0)))


def _candidate(model: LinearModel, threshold: float, compiled, sentence, rules) -> str | None:
    bounds = claim_bounds.Bounds.of(model)
    terms = claim_bounds.candidate_terms(model, bounds, threshold, compiled, sentence, rules)
    return None if terms is None else _margins(terms)


def _paths(model: LinearModel) -> list:
    """The pure path, and the compiled rows where the kernel is built."""
    return [None] + ([] if BUILT is None else [claim_rows.CompiledRows(BUILT, model)])


#: Both paths for the shipped weights (the compiled tables built once).
SHIPPED_PATHS = _paths(DETECTOR.model)


def _same_candidates(
    model: LinearModel, threshold: float, sentence: str, rules: set[str], paths=None
) -> None:
    expected = _exact(model, threshold, sentence, rules)
    for compiled in _paths(model) if paths is None else paths:
        assert _candidate(model, threshold, compiled, sentence, rules) == expected


def test_the_candidates_are_the_exact_ones_on_real_sentences() -> None:
    model = DETECTOR.model
    for number, sentence in enumerate(SENTENCES):
        rules = {_RULES[number % len(_RULES)]} if number % 3 == 0 else set()
        _same_candidates(model, DETECTOR.threshold, sentence, rules, SHIPPED_PATHS)


@settings(max_examples=300, deadline=None)
@given(_text(), st.sets(st.sampled_from(_RULES)))
def test_the_candidates_are_the_exact_ones_on_generated_text(sentence, rules) -> None:
    _same_candidates(DETECTOR.model, DETECTOR.threshold, sentence, rules, SHIPPED_PATHS)


def _weighted(sentence: str, rng: random.Random, attributed: float) -> LinearModel:
    """Every feature of ``sentence`` (and the patterns and voice) weighted at random."""
    names = dict.fromkeys(claim_rows.features(sentence, {"claim-weasel"}))
    names.update(dict.fromkeys(claim_bounds.PATTERNS))
    weights = {name: rng.uniform(-2, 2) for name in names}
    weights["attributed"] = attributed
    return LinearModel("claims", weights, rng.uniform(-1, 1), 0.5)


@settings(max_examples=200, deadline=None)
@given(_text(), st.randoms(use_true_random=False), st.floats(-2.0, 2.0))
def test_on_its_own_bound_the_threshold_keeps_what_the_exact_test_keeps(sentence, rng, weight):
    """Thresholds on the sentence's exact bound and one bit either side, with
    the attribution's weight of either sign (a positive one takes the exact
    row at once): the bound with the slack must never drop a sentence the
    exact test keeps, nor keep one it drops."""
    model = _weighted(sentence, rng, weight)
    row = claim_rows.with_voice(claim_rows.features(sentence, {"claim-weasel"}), (0.0, False))
    bound = sum(max(0.0, model.weights.get(name, 0.0)) for name in claim_bounds.VOICE)
    at = sigmoid(model.margin(row) + bound)
    for threshold in (math.nextafter(at, 0.0), at, math.nextafter(at, 1.0), 0.5):
        _same_candidates(model, threshold, sentence, {"claim-weasel"})


@needs_shared()  # the examples alone hold too few sentences with cues
def test_the_shortcut_is_taken_on_real_sentences(monkeypatch) -> None:
    """The test above could pass with the shortcut never taken: most real
    sentences are left without the patterns and the attribution check."""
    asked = {"patterns": 0, "attributed": 0}

    def counted(name, function):
        def wrapper(sentence, *rest):
            asked[name] += 1
            return function(sentence, *rest)

        return wrapper

    monkeypatch.setattr(claim_bounds, "pattern_cues", counted("patterns", claim_cues.pattern_cues))
    monkeypatch.setattr(claim_bounds, "attributed", counted("attributed", claim_bounds.attributed))
    bounds = claim_bounds.Bounds.of(DETECTOR.model)
    assert bounds.lazy  # the shipped attribution weight is negative
    long = [s for s in SENTENCES if len(s.split()) >= claims.MIN_WORDS]
    for sentence in long:
        claim_bounds.candidate_terms(
            DETECTOR.model, bounds, DETECTOR.threshold, None, sentence, set()
        )
    assert asked["attributed"] < asked["patterns"] < len(long)


def test_the_slack_exceeds_the_rounding_of_long_sentences() -> None:
    """A sentence of 20,000 characters: two rounded sums of its row (in
    opposite orders) differ by less than the slack."""
    rng = random.Random(1)
    sentence = " ".join(rng.choice(PIECES) for _ in range(3000))[:20_000]
    model = _weighted(sentence, rng, -1.0)
    row = claim_rows.features(sentence, set())
    forward = model.margin(row)
    backward = model.margin(dict(reversed(row.items())))
    slack = claim_bounds.Bounds.of(model).slack(sentence, 0)
    assert abs(forward - backward) < slack < 1e-3


@needs_claims
def test_the_kernel_reads_words_by_the_rows_pattern() -> None:
    assert claim_rows.WORD.pattern == BUILT.WORD_PATTERN


@needs_claims
@settings(max_examples=300, deadline=None)
@given(_text(), st.sets(st.sampled_from(_RULES)), st.randoms(use_true_random=False))
def test_the_kernel_counts_every_cue_lists_words_as_the_row_does(sentence, rules, rng) -> None:
    """Every feature of the sentence weighted, each cue list's and its count
    at random, a word list member outside the model's words too."""
    model = _weighted(sentence, rng, rng.uniform(-1, 1))
    for name, _ in claim_cues.CUE_LISTS:
        model.weights[f"cue:{name}"] = rng.uniform(-2, 2)
        model.weights[f"cue:{name}_count"] = rng.uniform(-2, 2)
    rows = claim_rows.CompiledRows(BUILT, model, limit=5)
    for _ in range(2):  # the second time, the words it met are known to it
        for source in (None, True, False):
            pure = claim_rows.PureTerms(model, claim_rows.features(sentence, rules, source))
            assert _margins(rows.terms(sentence, rules, source)) == _margins(pure)


def _old_tag_paragraph(text, sentences, model) -> list[voice.SentenceVoice]:
    """``tag_paragraph`` as it was written before the split into tags and decision."""
    tagged = voice.tag_tokens(text, sentences, model)
    result = []
    for index, ((start, end), own) in enumerate(zip(sentences, tagged, strict=True)):
        _, _, share = own.summary
        row = voice_rows.sentence_row(tagged, index)
        if model.reported_probability(row) < model.reported_from:
            decided = "writer"
        else:
            decided = "attributed" if share >= model.attributed_from else "mixed"
        tags = voice_rows.tag_row(tagged, index)
        result.append(
            voice.SentenceVoice(start, end, own.tokens, own.probabilities, share, decided, tags)
        )
    return result


def _hex_voices(voices) -> list:
    return [
        (v.start, v.end, v.tokens, [p.hex() for p in v.probabilities], v.share.hex(), v.voice)
        for v in voices
    ]


def _same_voices(text: str, spans: tuple[tuple[int, int], ...]) -> None:
    tagger = voice.shipped_model()
    model = voice_sentence.shipped_sentence_model()
    if tagger is None or model is None:
        pytest.skip("no shipped voice models in this build")
    speech.block_voices.cache_clear()
    speech.block_tags.cache_clear()
    voice_sentence.learned_block_voices.cache_clear()
    old = _old_tag_paragraph(text, spans, tagger)
    assert _hex_voices(speech.block_voices(text, spans)) == _hex_voices(old)
    assert [v.row for v in speech.block_voices(text, spans)] == [v.row for v in old]
    learned = voice_sentence.learned_block_voices(text, spans)
    assert _hex_voices(learned) == _hex_voices(model.voices(text, spans))  # from scratch
    assert _hex_voices(learned) == _hex_voices(model.voices(text, spans, False, tuple(old)))


def test_undecided_tags_decided_after_are_the_voices_of_before_on_real_paragraphs() -> None:
    for text, spans in BLOCKS[::3]:
        if spans:
            _same_voices(text, spans)


@settings(max_examples=100, deadline=None)
@given(st.lists(_text(12), min_size=1, max_size=4))
def test_undecided_tags_decided_after_are_the_voices_of_before_on_generated_text(parts):
    for block in parse_text(" ".join(part.strip() + "." for part in parts), "t", "t").blocks:
        if block.sentences:
            _same_voices(block.text, tuple(block.sentences))


def _old_contributions(model: LinearModel, features: dict[str, float], top: int) -> list:
    """``LinearModel.contributions`` as it was written before (two look-ups, ``-x`` key)."""
    parts = [(n, model.weights[n] * v) for n, v in features.items() if n in model.weights]
    return sorted(parts, key=lambda item: -item[1])[:top]


@settings(max_examples=200, deadline=None)
@given(
    st.dictionaries(st.sampled_from("abcdefghij"), st.sampled_from([-1.0, -0.0, 0.0, 0.5, 2.0])),
    st.dictionaries(st.sampled_from("abcdefghijk"), st.sampled_from([0.0, 1.0, 0.25, 3.0])),
    st.integers(0, 12),
)
def test_contributions_are_the_ones_of_before_ties_included(weights, features, top) -> None:
    model = LinearModel("t", weights, 0.0, 0.5)
    got = model.contributions(features, top)
    expected = _old_contributions(model, features, top)
    assert [(n, w.hex()) for n, w in got] == [(n, w.hex()) for n, w in expected]


def test_the_reason_names_the_words_it_named_before_on_real_sentences() -> None:
    """``_reason_words`` stops at the second word: the two words and the second's
    rank are those of the whole list read as before."""
    from qualitycheck.document.lexicon import STOPWORDS

    model = DETECTOR.model
    checked = 0
    for sentence in SENTENCES[::2]:
        row = claim_rows.features(sentence, set())
        whole = [
            (rank, name.split(":", 1)[1])
            for rank, (name, weight) in enumerate(_old_contributions(model, row, len(row)))
            if weight > 0
            and name[:2] in ("w:", "b:")
            and not all(word in STOPWORDS for word in name[2:].split())
        ]
        words, ranks = DETECTOR._reason_words(row, len(row))
        assert words == [word for _, word in whole[:2]]
        assert ranks == [rank for rank, _ in whole[:2]]
        checked += len(whole) > 2
    assert checked  # sentences with more than two words to name: the stop is exercised


def _every_pattern(sentence: str) -> tuple[str, ...]:
    return claim_cues.pattern_cues(sentence, (1 << len(claim_cues.PATTERN_NAMES)) - 1)


@settings(max_examples=300, deadline=None)
@given(_text())
def test_the_possible_patterns_hold_every_pattern_that_matches(sentence) -> None:
    """The patterns a sentence holds the words for (the kernel's mask and the
    pure one, the same) include every one that matches it."""
    possible = claim_cues.possible_patterns(sentence)
    if BUILT is not None:
        assert SHIPPED_PATHS[1].pattern_mask(sentence) == possible
    assert claim_cues.pattern_cues(sentence, possible) == _every_pattern(sentence)


@needs_shared()
def test_the_possible_patterns_on_real_sentences() -> None:
    kernel = SHIPPED_PATHS[1] if BUILT is not None else None
    masks = set()
    for sentence in SENTENCES:
        possible = claim_cues.possible_patterns(sentence)
        masks.add(possible)
        assert kernel is None or kernel.pattern_mask(sentence) == possible
        assert claim_cues.pattern_cues(sentence, possible) == _every_pattern(sentence)
    assert 0 in masks and len(masks) > 2  # the mask leaves patterns out, and not always


def test_with_voice_copies_every_field_as_replace_does():
    """The learned sentence voices are copied by ``SentenceVoice.with_voice``,
    which names each field: one added to the dataclass must be added there too."""
    import dataclasses

    # Fields made on demand (the token ends) are not copied: each copy makes its own.
    values = {f.name: object() for f in dataclasses.fields(voice.SentenceVoice) if f.init}
    original = voice.SentenceVoice(**values)
    copied, replaced = original.with_voice("mixed"), dataclasses.replace(original, voice="mixed")
    for name in values:
        assert getattr(copied, name) is getattr(replaced, name), name
    assert copied.voice == "mixed" and original.voice is values["voice"]
