"""The faster claims and voice paths give the answers of the code they replaced.

Each shortcut is checked against the plain computation it stands for: the
word runs against the regexes they replace (on every code point that could
fold to ASCII, on generated text mixing reporting verbs, cue words, those
characters and punctuation, and on real sentences), the claims model's
feature rows and messages against the straightforward version, and the
voice tagger's weights against its feature names. Values are compared with
``float.hex``: the model's probabilities must be the same to the last bit.
"""

from __future__ import annotations

import math
import re
from itertools import pairwise

import pytest
from conftest import REPO, dev_sample, paragraphs
from hypothesis import given, settings
from hypothesis import strategies as st

from qualitycheck.detect.models import claim_cues, claim_rows, claims
from qualitycheck.detect.models.apply import SHIPPED
from qualitycheck.detect.signals import attribution, voice, voice_rows, wordruns

LETTERS = "abcdefghijklmnopqrstuvwxyz"


def _real_sentences() -> list[str]:
    """Sentences of the bundled examples, and of the claims and attribution
    dev splits when ../shared is checked out (a sample, to stay quick)."""
    texts = [p.read_text(encoding="utf-8") for p in sorted((REPO / "examples").glob("*.txt"))]
    texts += dev_sample(("claims", "attribution"), 150)
    return [text[s:e] for text, spans in paragraphs(texts) for s, e in spans]


SENTENCES = _real_sentences()


def test_every_character_that_folds_to_ascii_is_listed() -> None:
    pattern = re.compile("(?i)(?:" + "|".join(LETTERS) + ")")
    letter = re.compile("(?i)[a-z]")
    missing = [
        f"U+{code:04X}"
        for code in range(0x80, 0x110000)
        if (pattern.fullmatch(chr(code)) or letter.fullmatch(chr(code)))
        and chr(code) not in wordruns.FOLDS_TO_ASCII
    ]
    assert missing == []


_WORDS = [
    *attribution.REPORTING_VERBS[::7],
    *"according to i we think it is was has been have some many experts widely regarded".split(),
    *"known by the minister said The Ministry SAID Says it’s sources officials".split(),
]
_PIECES = st.sampled_from(
    [*_WORDS, *sorted(wordruns.FOLDS_TO_ASCII), " ", ", ", ". ", "“", "”", '"', "-", "_", "7"]
)
_TEXT = st.lists(_PIECES, max_size=30).map("".join)


def _screened(text: str) -> None:
    """Every word-run answer equals the regex's on ``text``."""
    runs = wordruns.lowered_runs(text)
    expected = [(m.start(), m.end(), m.group()) for m in attribution._VERB.finditer(text)]
    assert attribution._verb_matches(text) == expected
    assert attribution.mentions_reporting_verb(text) == bool(
        attribution.REPORTING_VERB.search(text)
    )
    if attribution._ACCORDING.search(text):
        assert runs is None or "according" in runs
    for _, pattern, (first, second) in claim_cues._PATTERNS:
        if pattern.search(text):
            assert runs is None or not (runs.isdisjoint(first) or runs.isdisjoint(second))


@settings(max_examples=400, deadline=None)
@given(_TEXT)
def test_word_runs_answer_as_the_regexes_do_on_generated_text(text: str) -> None:
    _screened(text)
    _screened(text.upper())
    _screened(text.title())


def test_word_runs_answer_as_the_regexes_do_on_real_sentences() -> None:
    for sentence in SENTENCES:
        _screened(sentence)


def _cue_features_reference(words: list[str], sentence: str) -> dict[str, float]:
    row: dict[str, float] = {}
    for name, members in claim_cues._LISTS:
        count = sum(word in members for word in words)
        if count:
            row[f"cue:{name}"] = 1.0
            row[f"cue:{name}_count"] = math.log1p(count)
    for name, pattern, _ in claim_cues._PATTERNS:
        if pattern.search(sentence):
            row[f"cue:{name}"] = 1.0
    return row


def _features_reference(
    sentence: str, rules: set[str], voice: tuple[float, bool]
) -> dict[str, float]:
    """``sentence_features`` as it was written before it was made faster."""
    words = [w.lower() for w in claim_rows.WORD.findall(sentence)]
    count = len(words) or 1
    evaluative = re.compile(r"(?:ful|ous|ive|ible|able|less|ic|ish)$")
    row: dict[str, float] = {
        "len": math.log1p(len(words)),
        "attributed": 1.0 if attribution.attributed.__wrapped__(sentence) else 0.0,
        "reported_share": voice[0],
        "writer_voice": 1.0 if voice[1] else 0.0,
        "quote": 1.0 if claim_rows.QUOTE.search(sentence) else 0.0,
        "digits": 1.0 if any(w.isdigit() for w in words) else 0.0,
        "first_person": sum(w in claim_rows.FIRST_PERSON for w in words) / count,
        "second_person": sum(w in claim_rows.SECOND_PERSON for w in words) / count,
        "evaluative": sum(bool(evaluative.search(w)) for w in words if len(w) > 5) / count,
        "superlative": sum(w.endswith("est") and len(w) > 5 for w in words) / count,
        "capitalised": sum(t[:1].isupper() for t in claim_rows.WORD.findall(sentence)[1:]) / count,
        "question": 1.0 if sentence.rstrip().endswith("?") else 0.0,
        "exclamation": 1.0 if "!" in sentence else 0.0,
    }
    row.update(_cue_features_reference(words, sentence))
    for rule in rules:
        row[f"rule:{rule}"] = 1.0
    for word in words:
        row[f"w:{word}"] = 1.0
    for first, second in pairwise(words):
        row[f"b:{first} {second}"] = 1.0
    return row


def _hex(row: dict[str, float]) -> list[tuple[str, str]]:
    return [(name, float.hex(float(value))) for name, value in row.items()]


def _same_features(sentence: str) -> None:
    voice = (0.375, True)
    expected = _hex(_features_reference(sentence, {"claim-weasel"}, voice))
    assert _hex(claims.sentence_features(sentence, {"claim-weasel"}, voice)) == expected
    words = [w.lower() for w in claim_rows.WORD.findall(sentence)]
    assert _hex(claim_cues.cue_features(words, sentence)) == _hex(
        _cue_features_reference(words, sentence)
    )


@settings(max_examples=300, deadline=None)
@given(_TEXT)
def test_claim_features_are_the_plain_computation_on_generated_text(text: str) -> None:
    _same_features(text)


def test_claim_features_are_the_plain_computation_on_real_sentences() -> None:
    for sentence in SENTENCES:
        _same_features(sentence)


@pytest.fixture(scope="module")
def detector() -> claims.ClaimDetector:
    return claims.ClaimDetector.load(SHIPPED)


def _reason_reference(detector: claims.ClaimDetector, sentence: str) -> str:
    """``reason`` as it was: the sentence tagged alone, then the top 40."""
    parts = detector.model.contributions(claims.sentence_features(sentence, set()), top=40)
    words = [
        name.split(":", 1)[1]
        for name, weight in parts
        if weight > 0
        and name[:2] in ("w:", "b:")
        and not all(word in claims.STOPWORDS for word in name[2:].split())
    ]
    return claims._quoted(words[:2], sentence)


def test_reason_is_the_one_read_from_the_sentence_tagged_alone(detector) -> None:
    for sentence in SENTENCES:
        if len(sentence.split()) >= claims.MIN_WORDS:
            assert detector.reason(sentence, set()) == _reason_reference(detector, sentence)


def test_reason_falls_back_when_the_voice_could_change_the_words(monkeypatch) -> None:
    # 37 rule features outweigh the two words; the voice features, tagged
    # (here: set) from the sentence alone, outweigh everything, and push the
    # second word out of the 40 places the message reads.
    original = claims.sentence_features

    def tagged_alone(sentence, rules, voice=None):
        return original(sentence, rules, (1.0, True) if voice is None else voice)

    monkeypatch.setattr(claims, "sentence_features", tagged_alone)
    rules = {f"r{i:02d}" for i in range(37)}
    weights = {f"rule:{rule}": 10.0 for rule in rules}
    weights.update({"reported_share": 50.0, "writer_voice": 100.0, "w:bridge": 1.0})
    weights["w:collapsed"] = 0.5
    detector = claims.ClaimDetector(claims.LinearModel("claims", weights, 0.0, 0.5))
    sentence = "Bridge collapsed"
    expected = _reason_reference_with(detector, sentence, rules)
    assert expected == '"Bridge"'  # the second word is out of the 40
    assert detector.reason(sentence, rules) == expected


def _reason_reference_with(detector: claims.ClaimDetector, sentence: str, rules: set[str]) -> str:
    parts = detector.model.contributions(claims.sentence_features(sentence, rules), top=40)
    words = [name.split(":", 1)[1] for name, weight in parts if weight > 0 and name[:2] == "w:"]
    return claims._quoted(words[:2], sentence)


def _same_token_weights(model: voice.VoiceModel, text: str) -> None:
    tokens, _ = voice.tokenize(text)
    expected = [
        [float.hex(model.weights.get(name, 0.0)) for name in row]
        for row in voice.token_features(tokens, model.cues)
    ]
    got = [[float.hex(weight) for weight in row] for row in model._token_weights(tokens)]
    assert got == expected


def test_token_weights_are_the_weights_of_the_feature_names() -> None:
    model = voice.shipped_model()
    if model is None:
        pytest.skip("no shipped voice model in this build")
    for sentence in SENTENCES:
        _same_token_weights(model, sentence)


@settings(max_examples=200, deadline=None)
@given(_TEXT)
def test_token_weights_are_the_weights_of_the_feature_names_on_generated_text(text) -> None:
    model = voice.shipped_model()
    if model is None:
        pytest.skip("no shipped voice model in this build")
    _same_token_weights(model, text)


def test_tokens_carry_their_paragraph_offsets() -> None:
    text = 'He said: "It works." ”Fortunately, it does.'
    alone, state = voice.tokenize(text[9:], True)
    placed, placed_state = voice.tokenize(text[9:], True, 9)
    assert state == placed_state
    assert [(t.start + 9, t.end + 9, t.text, t.quoted) for t in alone] == [
        (t.start, t.end, t.text, t.quoted) for t in placed
    ]


def test_attribution_is_the_same_from_the_cache() -> None:
    for sentence in ("Peskov said the talks would start.", "Experts say it will collapse."):
        first = attribution.attributed(sentence)
        assert attribution.attributed(sentence) is first
        assert first is attribution.attributed.__wrapped__(sentence)
    assert attribution.attributed("Peskov said the talks would start.")
    assert not attribution.attributed("Experts say it will collapse.")


def test_token_weights_follow_a_new_weights_dictionary() -> None:
    import dataclasses

    model = voice.shipped_model()
    if model is None:
        pytest.skip("no shipped voice model in this build")
    tokens, _ = voice.tokenize("The minister said the bridge was safe.")
    model.token_probabilities(tokens)  # fills the tables from the shipped weights
    changed = dataclasses.replace(model, weights={**model.weights, "w:bridge": 5.0})
    assert changed.token_probabilities(tokens) != model.token_probabilities(tokens)
    _same_token_weights(changed, "The minister said the bridge was safe.")


def test_token_weights_at_every_distance_from_a_cue() -> None:
    # the nearest cue's weights are remembered by distance up to 9 ("far")
    model = voice.shipped_model()
    if model is None:
        pytest.skip("no shipped voice model in this build")
    filler = "the bridge over the river was , “ built ” but in many years".split()
    for count in range(14):
        words = " ".join(filler[:count])
        for text in (f"The minister said {words} today.", f"{words} , the minister said."):
            _same_token_weights(model, text)


def _paragraphs() -> list[tuple[str, tuple[tuple[int, int], ...]]]:
    """Paragraphs of the bundled examples and a sample of the dev splits."""
    texts = [p.read_text(encoding="utf-8") for p in sorted((REPO / "examples").glob("*.txt"))]
    return paragraphs(texts + dev_sample(("claims", "attribution"), 60))


def _same_sentence_rows(text: str, sentences: tuple[tuple[int, int], ...]) -> None:
    """The learned sentence model's rows from the tagger's kept rows are the
    rows it computes itself, to the last bit and in the same order."""
    from qualitycheck.detect.models import voice_sentence

    model = voice_sentence.shipped_sentence_model()
    if model is None:
        pytest.skip("no shipped sentence voice model in this build")
    tagger_voices = voice.tag_paragraph(text, sentences, model.tagger)
    assert all(v.row is not None for v in tagger_voices)
    kept, _ = voice_sentence.paragraph_rows(text, sentences, model.tagger, False, tagger_voices)
    fresh, voices = voice_sentence.paragraph_rows(text, sentences, model.tagger, False)
    assert [_hex(row) for row in kept] == [_hex(row) for row in fresh]
    assert voices == tagger_voices
    # the tagger's own rows are left as they were (the learned rows are copies)
    assert [_hex(v.row) for v in tagger_voices if v.row is not None] == [
        _hex(voice_rows.sentence_row(voice.tag_tokens(text, sentences, model.tagger), i))
        for i in range(len(sentences))
    ]


def test_sentence_rows_from_the_tagger_are_the_computed_ones_on_real_paragraphs() -> None:
    for text, sentences in _paragraphs():
        if sentences:
            _same_sentence_rows(text, sentences)


@settings(max_examples=100, deadline=None)
@given(st.lists(_TEXT, min_size=1, max_size=4))
def test_sentence_rows_from_the_tagger_are_the_computed_ones_on_generated_text(parts) -> None:
    text, sentences, at = "", [], 0
    for part in parts:
        sentences.append((at, at + len(part)))
        text += part + " "
        at = len(text)
    _same_sentence_rows(text, tuple(sentences))


def _tokenize_reference(text: str, quoted: bool = False, offset: int = 0) -> list[tuple]:
    """``voice.tokenize`` as it was (tokens as frozen dataclasses), as field tuples."""
    tokens = []
    for match in voice._TOKEN.finditer(text):
        piece = match.group()
        mark = (
            piece in voice._TOGGLES
            or piece in voice._OPENERS
            or piece in voice._CLOSERS
            or piece == "``"
        )
        start, end = match.start() + offset, match.end() + offset
        if mark:
            glued = match.end() < len(text) and text[match.end()].isalnum()
            if (piece in voice._CLOSERS and not (glued and not quoted)) or (
                piece in voice._TOGGLES and quoted
            ):
                tokens.append((start, end, piece, piece, True, False))
                quoted = False
                continue
            quoted = True
        is_word = not mark and piece[0].isalnum()
        tokens.append((start, end, piece, piece.lower(), quoted, is_word))
    return [*tokens, quoted]


def _same_tokens(text: str) -> None:
    for quoted in (False, True):
        tokens, state = voice.tokenize(text, quoted, 7)
        got = [(t.start, t.end, t.text, t.lower, t.quoted, t.is_word) for t in tokens]
        assert [*got, state] == _tokenize_reference(text, quoted, 7)
        assert all(type(v) is bool for t in tokens for v in (t.quoted, t.is_word))


_QUOTED_TEXT = st.lists(
    st.sampled_from([*_WORDS, " ", ", ", ". ", "“", "”", '"', "''", "``", "`", "«", "»", "„"])
    | st.text(max_size=3),
    max_size=30,
).map("".join)


@settings(max_examples=300, deadline=None)
@given(_QUOTED_TEXT)
def test_tokens_are_the_ones_tokenize_made_on_generated_text(text: str) -> None:
    _same_tokens(text)


def test_tokens_are_the_ones_tokenize_made_on_real_sentences() -> None:
    for sentence in SENTENCES:
        _same_tokens(sentence)
