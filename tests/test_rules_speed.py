"""Each shortcut of the rules stage (issue 17) against the code it replaced:
the old computation is kept here and compared on generated text (hypothesis)
and on real text (the examples; the dev corpora when ../shared is present).
The byte-for-byte ``check --format json`` comparisons are in test_fastpath.py."""

from __future__ import annotations

import importlib.util
import json
import re

import pytest
from conftest import EXAMPLES, SHARED
from hypothesis import given, settings
from hypothesis import strategies as st

from qualitycheck.config.settings import Config
from qualitycheck.detect.rules.kinds import layout
from qualitycheck.detect.rules.kinds.base import CheckContext
from qualitycheck.detect.rules.kinds.foreign import _DICTIONARY_MIN_LENGTH
from qualitycheck.detect.rules.kinds.repetition import _line_key
from qualitycheck.detect.signals import language, readability
from qualitycheck.detect.signals.cmu import is_english_word
from qualitycheck.document.lexicon import STOPWORDS
from qualitycheck.document.textfold import _TABLE, fold, normalize, normalize_line
from qualitycheck.pipeline.checker import Checker
from qualitycheck.readers.txt import parse_text

HAVE_AUTOMATON = importlib.util.find_spec("ahocorasick") is not None

# Pieces that meet every branch: letters past Latin Extended-B, digits that are
# not decimal (², Ⅻ: \w but not alphabetic), apostrophes kept and removed by
# textstat, punctuation-only tokens, Unicode spaces, sentence ends, folding.
_PIECES = st.sampled_from(
    [
        *"the of and a to in is was said colour color Kyiv Kiev tire entire".split(),
        *"der die und nicht über straße Ελλάδα слово 東京 İstanbul ß ǅ".split(),
        *"don't it's '90s 'quoted' rock'n'roll ² Ⅻ ٣ _ -- … ’ “ ” \" ' ( )".split(),
        " ",
        "  ",
        "\n",
        "\t",
        "\u00a0",
        "\u2003",
        ". ",
        "! ",
        "? ",
        ", ",
        "- ",
        "-",
    ]
)
_TEXT = st.lists(_PIECES, max_size=60).map("".join)
_ANY = st.text(max_size=80)


def _real_texts() -> list[str]:
    texts = [p.read_text(encoding="utf-8") for p in sorted(EXAMPLES.glob("*.txt"))]
    for name in ("mt", "claims", "boilerplate", "attribution"):
        path = SHARED / "corpus" / name / "dev.jsonl"
        if path.is_file():
            lines = path.read_text(encoding="utf-8").splitlines()[:60]
            texts += [json.loads(line).get("text") or "" for line in lines if line.strip()]
    return [text for text in texts if text.strip()]


REAL = _real_texts()


# --- language: the screen's letter count, Latin test and function-word share ---


def _old_detect_gate(sample: str) -> bool:
    return sum(char.isalpha() for char in sample) < language.MIN_LETTERS


def _old_share(words: list[str]) -> float:
    if not words:
        return 0.0
    return sum(1 for word in words if word.lower() in STOPWORDS) / len(words)


def _old_latin(text: str) -> bool:
    return all(ord(char) < 0x250 for char in text if char.isalpha())


def _language_as_before(text: str) -> None:
    assert (not language.has_letters(text, language.MIN_LETTERS)) == _old_detect_gate(text)
    for count in (0, 1, 5):
        assert language.has_letters(text, count) == (sum(c.isalpha() for c in text) >= count)
    words = language.words_of(text)
    assert language.function_word_share(words).hex() == _old_share(words).hex()
    assert language.only_latin_letters(text) == _old_latin(text)


@settings(max_examples=400, deadline=None)
@given(st.one_of(_TEXT, _ANY))
def test_language_screen_as_before_on_generated_text(text: str) -> None:
    _language_as_before(text)


def test_language_screen_as_before_on_real_text() -> None:
    for text in REAL:
        _language_as_before(text)
        _language_as_before(text[: language.SAMPLE_CHARS])


# --- readability: textstat's short pieces and the one metric asked for ---


def _old_numbers(text: str) -> tuple[float, float, float]:
    words = readability._words(text)
    if not words:
        return 0.0, 0.0, 0.0
    total_syllables = 0
    difficult = 0
    for word in words:
        count, hard = readability._word_facts(word)
        total_syllables += count
        difficult += hard
    pieces = readability._SENTENCE.findall(text)
    short = sum(1 for piece in pieces if len(readability._words(piece)) <= 2)
    sentence_length = len(words) / max(1, len(pieces) - short)
    per_word = total_syllables / len(words)
    if per_word == 0:
        reading_ease = grade = 0.0
    else:
        reading_ease = 206.835 - 1.015 * sentence_length - 84.6 * per_word
        grade = (0.39 * sentence_length) + (11.8 * per_word) - 15.59
    fog = 0.4 * (sentence_length + 100 * difficult / len(words))
    return reading_ease, grade, fog


def _readability_as_before(text: str) -> None:
    expected = [value.hex() for value in _old_numbers(text)]
    assert [v.hex() for v in readability._textstat_numbers.__wrapped__(text)] == expected
    readability._word_packed.clear()  # the path that learns new words
    assert [v.hex() for v in readability._textstat_numbers.__wrapped__(text)] == expected
    for piece in [*readability._SENTENCE.findall(text), text]:
        assert len(readability._WORD_TOKEN.findall(piece)) == len(readability._words(piece))
    words = len(text.split())
    for name in readability.METRICS:
        for sentences in (0, 1, 3):
            old = (
                (
                    None
                    if not text.split()
                    else round(float(readability.textstat_metrics(text)[name]), 2)
                )
                if name in readability.TEXTSTAT_METRICS
                else readability.text_metrics(text, sentences, with_textstat=False)[name]
            )
            assert repr(readability.metric(text, sentences, name, words)) == repr(old)
            assert repr(readability.metric(text, sentences, name)) == repr(old)


@settings(max_examples=300, deadline=None)
@given(st.one_of(_TEXT, _ANY))
def test_readability_as_before_on_generated_text(text: str) -> None:
    _readability_as_before(text)


def test_readability_as_before_on_real_text() -> None:
    for text in REAL[:40]:
        _readability_as_before(text)


# --- foreign: the candidate test with its independent conditions reordered ---


def _old_candidate(rule, sentence: str) -> bool:
    words = language.words_of(sentence)
    if len(words) < rule.min_words:
        return False
    lowercase = [word.lower() for word in words if word[0].islower()]
    if len(lowercase) < rule.min_lowercase * len(words):
        return False
    if _old_share(words) > rule.max_english:
        return False
    long_words = [word for word in lowercase if len(word) >= _DICTIONARY_MIN_LENGTH]
    known = sum(1 for word in long_words if is_english_word(word))
    return known <= rule.max_dictionary * len(long_words)


@pytest.fixture(scope="module")
def rules():
    checker = Checker(Config(), use_models=False)
    return {rule.meta.kind: rule for rule in checker.engine.rules} | {"_checker": checker}


@settings(max_examples=300, deadline=None)
@given(_TEXT)
def test_foreign_candidates_as_before_on_generated_text(rules, text: str) -> None:
    assert rules["foreign"]._latin_candidate(text) == _old_candidate(rules["foreign"], text)


def test_foreign_candidates_as_before_on_real_sentences(rules) -> None:
    for text in REAL:
        for block in parse_text(text, "a", "a.txt").blocks:
            for start, end in block.sentences:
                sentence = block.text[start:end]
                rule = rules["foreign"]
                assert rule._latin_candidate(sentence) == _old_candidate(rule, sentence)


# --- layout: each line's words and prose test computed once ---


def _old_layout_hits(rule, article) -> list[tuple[int, int, int]]:
    texts = [block.text for block in article.blocks]
    span = layout.body_span(texts, rule.min_words, rule.penalty)
    if span is None:
        return []
    first, last = span
    body_words = sum(
        len(t.split()) for t in texts[first : last + 1] if layout.is_prose(t, rule.min_words)
    )
    if body_words < rule.min_body_words:
        return []
    found = []
    for index, block in enumerate(article.blocks):
        if first <= index <= last or (index == 0 and first == 1):
            continue
        text = block.text
        if len(text.split()) > rule.max_words or layout.is_prose(text, rule.min_words):
            continue
        if layout._SENTENCE_END.search(text) and text[:1].isupper():
            continue
        if index > last and rule.strict_after and layout._DIGIT.search(text):
            continue
        found.append((block.index, 0, len(text)))
    return found


_LINES = st.lists(
    st.one_of(
        st.sampled_from(["Home", "Share this", "Menu | News", "12 May 2024", "Read more »"]),
        st.lists(_PIECES, min_size=1, max_size=30).map("".join),
        st.lists(st.sampled_from("word the said and of.!? "), max_size=80).map("".join),
    ),
    max_size=14,
)


def _layout_as_before(rule, text: str) -> None:
    article = parse_text(text, "a", "a.txt")
    context = CheckContext("en", 1.0, ())
    hits = [(h.block.index, h.start, h.end) for h in rule.hits(article, article.blocks, context)]
    assert hits == _old_layout_hits(rule, article)


@settings(max_examples=300, deadline=None)
@given(_LINES)
def test_layout_as_before_on_generated_lines(rules, lines: list[str]) -> None:
    _layout_as_before(rules["layout"], "\n\n".join(lines))


def test_layout_as_before_on_real_text(rules) -> None:
    for text in REAL:
        _layout_as_before(rules["layout"], text)


# --- blocks: the normalized text shared by line keys and repeated-line keys ---


@settings(max_examples=300, deadline=None)
@given(st.one_of(_TEXT, _ANY))
def test_line_keys_as_before(text: str) -> None:
    for block in parse_text(text, "a", "a.txt").blocks:
        assert block.normalized == normalize(block.text)
        assert block.line_key == normalize_line(block.text)
        assert block.normalized.strip(" \t\u00a0•·*>»›|:.!?…,;-–—") == _line_key(block.text)


@settings(max_examples=300, deadline=None)
@given(st.one_of(_TEXT, _ANY, st.text(alphabet=st.characters(max_codepoint=127))))
def test_fold_as_before(text: str) -> None:
    assert fold(text) == text.translate(_TABLE)


def test_every_ascii_character_folds_to_its_lower_case() -> None:
    for code in range(128):
        assert _TABLE[code] == chr(code).lower()


# --- consistency: the automaton's answer as a screen before the exact test ---


def _spelling_hits(checker: Checker, text: str, fast: bool) -> list[tuple]:
    article = parse_text(text, "a", "a.txt")
    candidates = checker.engine.fast.candidates(article) if fast else None
    context = CheckContext("en", 1.0, (), candidates=candidates)
    found = []
    for rule in checker.engine.rules:
        if rule.meta.kind == "consistency":
            for scope in (article.blocks, article.blocks[1:]):
                hits = rule.hits(article, scope, context)
                found += [(rule.meta.id, h.block.index, h.start, h.end, h.fields) for h in hits]
    return found


_SPELLINGS = st.lists(
    st.one_of(
        _PIECES,
        st.sampled_from(["Kyiv", "KIEV", "Kiev's", "colour", "Color", "colors", "tyre", "retire"]),
        st.sampled_from(["per cent", "percent", "organisations", "organizations", "grey"]),
    ),
    max_size=40,
).map("".join)


@pytest.mark.skipif(not HAVE_AUTOMATON, reason="pyahocorasick missing")
@settings(max_examples=300, deadline=None)
@given(st.lists(_SPELLINGS, min_size=1, max_size=5))
def test_consistency_as_before_on_generated_text(rules, paragraphs: list[str]) -> None:
    checker = rules["_checker"]
    text = "\n\n".join(paragraphs)
    assert _spelling_hits(checker, text, True) == _spelling_hits(checker, text, False)


@pytest.mark.skipif(not HAVE_AUTOMATON, reason="pyahocorasick missing")
def test_consistency_as_before_on_real_text(rules) -> None:
    checker = rules["_checker"]
    flagged = 0
    for text in [*REAL, "Kyiv said.\n\nKiev and Kyiv.\n\nThe colour, the color."]:
        fast = _spelling_hits(checker, text, True)
        assert fast == _spelling_hits(checker, text, False)
        flagged += bool(fast)
    assert flagged  # the comparison met hits, not only empty lists


# --- claim rules: the screened pattern list kept per screen answer ---


def test_claim_pattern_lists_kept_per_answer_are_the_computed_ones(rules) -> None:
    checker = rules["_checker"]
    claims = [rule for rule in checker.engine.rules if rule.meta.kind == "claim"]
    for text in REAL[:30]:
        article = parse_text(text, "a", "a.txt")
        context = CheckContext("en", 1.0, (), candidates=checker.engine.fast.candidates(article))
        for rule in claims:
            for block in article.blocks:
                patterns, all_whole = rule._screened(block, context)
                accepted = context.candidates.searched(block)
                expected = (
                    rule.patterns
                    if accepted is None
                    else [
                        p
                        for p, key in zip(rule.patterns, rule.keys, strict=True)
                        if key in accepted
                    ]
                )
                assert patterns == expected
                assert all_whole == all(whole for _, whole in expected)


@pytest.mark.slow
def test_textstat_word_tokens_match_the_definition_on_every_character() -> None:
    """The one-pass count holds for every code point next to an apostrophe."""
    for code in range(0x110000):
        char = chr(code)
        if 0xD800 <= code <= 0xDFFF:
            continue
        for piece in (f"{char}", f"'{char}", f"{char}'t", f"a {char} b"):
            if len(readability._WORD_TOKEN.findall(piece)) != len(readability._words(piece)):
                raise AssertionError((hex(code), piece))
    assert re.fullmatch(readability._WORD_TOKEN.pattern, "ab'c")


# --- the whole-line screen reads only lines a whole-line rule looks at ---


@pytest.mark.skipif(importlib.util.find_spec("re2") is None, reason="google-re2 missing")
def test_lines_longer_than_every_line_rule_looks_at_are_not_screened(rules) -> None:
    from qualitycheck.detect.rules.fastpath import FastPath

    checker = rules["_checker"]
    lengths = [r.max_length for r in checker.engine.rules if r.meta.kind == "line"]
    assert checker.engine.fast.longest_line == max(lengths)
    keys = [("photo: .*", True)]
    use = {"automaton": False, "screen": True}
    article = parse_text("Photo: the quay\n\nPhoto: " + "x " * 30, "x", "x.txt")
    limited = FastPath([], [], keys, use, longest_line=20).candidates(article)
    assert limited.line_blocks(keys) == {0}
    assert limited.whole(article.blocks[1]) is None  # not screened: every pattern
    assert FastPath([], [], keys, use).candidates(article).line_blocks(keys) == {0, 1}


# --- the screen's answer built only when a set names a candidate ---


def _old_accepts(patterns, text: str) -> frozenset[int]:
    try:
        encoded = text.encode("utf-8")
    except UnicodeEncodeError:
        return patterns._everything
    found = set(patterns.always)
    for match, indices in patterns._sets:  # each set's bound RE2 ``Match``
        matched = match(encoded) or ()
        if len(indices) not in matched:
            return patterns._everything
        for position in matched:
            if position < len(indices):
                found.add(indices[position])
    return frozenset(found)


@pytest.mark.skipif(importlib.util.find_spec("re2") is None, reason="google-re2 missing")
@settings(max_examples=200, deadline=None)
@given(st.one_of(_TEXT, _ANY, st.sampled_from(["Photo: AP", "Share this article", "7 min read"])))
def test_screen_answers_as_before(rules, text: str) -> None:
    fast = rules["_checker"].engine.fast
    for screen in (fast.searched, fast.whole):
        answer = screen.set.accepts(text)
        assert answer == _old_accepts(screen.set, text)
        assert screen.accepted(text) == frozenset(screen.keys[i] for i in answer)


@pytest.mark.skipif(importlib.util.find_spec("re2") is None, reason="google-re2 missing")
def test_screen_answers_as_before_on_real_lines(rules) -> None:
    fast = rules["_checker"].engine.fast
    some = 0
    for text in REAL:
        for block in parse_text(text, "a", "a.txt").blocks:
            for screen, line in ((fast.searched, block.text), (fast.whole, block.stripped)):
                answer = screen.set.accepts(line)
                assert answer == _old_accepts(screen.set, line)
                some += bool(answer)
    assert some


# --- line rules: only the lines the screen or the line-key index names are read ---


def _line_hits(rules: list, text: str, with_candidates: bool, engine=None) -> list[tuple]:
    article = parse_text(text, "a", "a.txt")
    candidates = engine.fast.candidates(article) if with_candidates else None
    context = CheckContext("en", 1.0, (), candidates=candidates)
    return [
        (rule.meta.id, h.block.index, h.start, h.end)
        for rule in rules
        for h in rule.hits(article, article.blocks, context)
    ]


def _line_texts(line_rules: list) -> list[str]:
    examples = [
        text if isinstance(text, str) else text["text"]
        for rule in line_rules
        for texts in rule.meta.examples.values()
        for text in texts
    ]
    return ["\n\n".join(examples[i : i + 12]) for i in range(0, len(examples), 12)]


def test_line_rules_as_before_on_examples_and_real_text(rules) -> None:
    checker = rules["_checker"]
    line_rules = [rule for rule in checker.engine.rules if rule.meta.kind == "line"]
    flagged = 0
    for text in [*_line_texts(line_rules), *REAL]:
        fast = _line_hits(line_rules, text, True, checker.engine)
        assert fast == _line_hits(line_rules, text, False)
        flagged += len(fast)
    assert flagged > 20


def test_a_long_line_of_a_lines_only_rule_is_still_found(tmp_path) -> None:
    import yaml

    from qualitycheck.detect.rules.engine import Engine
    from qualitycheck.detect.rules.packs import load_packs

    long_line = "subscribe " * 60
    pack = tmp_path / "long.yaml"
    rule = {"category": "boilerplate", "message": "{match}", "languages": ["*"], "kind": "line"}
    pack.write_text(
        yaml.safe_dump(
            {
                "rules": [
                    {**rule, "id": "short-pattern", "patterns": ["photo: .*"], "max_length": 50},
                    {**rule, "id": "long-lines", "lines": [long_line.strip()], "max_length": 900},
                ]
            }
        ),
        encoding="utf-8",
    )
    engine = Engine([r for p in load_packs([pack]) for r in p.rules])
    assert engine.fast.longest_line == 900
    text = f"Photo: the quay\n\n{long_line}\n\nA closing line."
    hits = _line_hits(engine.rules, text, True, engine)
    assert hits == _line_hits(engine.rules, text, False)
    assert ("long-lines", 1, 0, len(long_line.strip())) in hits


def test_cached_properties_compute_once_and_stay_out_of_pickles() -> None:
    """``document.article.cached_property`` (functools' without its lock)
    computes a value on first access, stores it in the instance and leaves it
    out of what a ``--jobs`` worker pickles, as functools' did."""
    import pickle

    from qualitycheck.document import article as module

    calls: list[str] = []
    article = parse_text("Harbour news. It reopens.\n\nShare this", "x", "x.txt")
    block = article.blocks[0]
    original = module.segmentation.sentences

    def counted(text: str):
        calls.append(text)
        return original(text)

    module.segmentation.sentences = counted
    try:
        assert block.sentences == block.sentences == original(block.text)
    finally:
        module.segmentation.sentences = original
    assert calls == [block.text]
    assert "sentences" in vars(block)
    assert isinstance(type(block).__dict__["sentences"], module.cached_property)
    assert type(block).sentences.__doc__ == type(block).__dict__["sentences"].func.__doc__
    _ = article.casefolded_text, article.folded_text
    again = pickle.loads(pickle.dumps(article))
    assert "casefolded_text" not in vars(again) and "sentences" not in vars(again.blocks[0])
    assert again.casefolded_text == article.casefolded_text


def _old_metric_hits(rule, article) -> list[tuple[int, int, int, dict]]:
    """The metric rule's hits as before the length bound: every piece split
    (at sentence level every sentence; the other levels are unbounded)."""
    found = []
    pieces = (
        (
            (block, start, end, block.text[start:end], 1)
            for block in article.blocks
            for start, end in block.sentences
        )
        if rule.level == "sentence"
        else rule._pieces(article, article.blocks)
    )
    for block, start, end, text, sentences in pieces:
        words = len(text.split())
        if words < rule.min_words:
            continue
        value = readability.metric(text, sentences, rule.metric, words)
        if rule._crosses(value):
            found.append((block.index, start, end, {"value": str(value), "metric": rule.metric}))
    return found


_WORDY = st.lists(
    st.sampled_from(["a", "bb", " ", "  ", "\u2003", ". ", "! Then", "\n", "x.y", "é"]),
    max_size=120,
).map("".join)


@settings(max_examples=300, deadline=None)
@given(_WORDY, st.sampled_from([0.0, 1.0, 2.5, 3.0, 7.0, 45.0, -1.0]), st.integers(0, 4))
def test_metric_length_bound_as_before(text: str, above: float, min_words: int) -> None:
    from qualitycheck.detect.rules.kinds.metric import MetricRule

    rule = object.__new__(MetricRule)
    rule.setup(
        {
            "metric": "words",
            "above": above,
            "below": None,
            "level": "sentence",
            "min_words": min_words,
        }
    )
    article = parse_text(text, "x", "x.txt")
    context = CheckContext("en", 1.0, ("en",))
    hits = [
        (hit.block.index, hit.start, hit.end, hit.fields)
        for hit in rule.hits(article, article.blocks, context)
    ]
    assert hits == _old_metric_hits(rule, article)


def test_metric_length_bound_as_before_on_real_text(rules) -> None:
    engine_rules = rules["_checker"].engine.rules
    metric_rules = [rule for rule in engine_rules if rule.meta.kind == "metric"]
    assert any(rule._fewest_characters() for rule in metric_rules)
    context = CheckContext("en", 1.0, ("en",))
    for text in _real_texts():
        article = parse_text(text, "x", "x.txt")
        for rule in metric_rules:
            hits = [
                (hit.block.index, hit.start, hit.end, hit.fields)
                for hit in rule.hits(article, article.blocks, context)
            ]
            assert hits == _old_metric_hits(rule, article), rule.meta.id


def test_ascii_words_as_the_unicode_pattern_finds_them() -> None:
    """``language.words_of`` reads ASCII text with an ASCII-range pattern: on
    every ASCII character and generated ASCII text, the same words."""
    every = "".join(map(chr, range(128)))
    assert language._ASCII_WORD.findall(every) == language.WORD.findall(every)
    for char in every:
        assert language._ASCII_WORD.findall(char) == language.WORD.findall(char), repr(char)


@settings(max_examples=500, deadline=None)
@given(st.text(alphabet=st.characters(max_codepoint=127), max_size=80) | _TEXT)
def test_words_of_as_before(text: str) -> None:
    assert language.words_of(text) == language.WORD.findall(text)


_TOKENS = st.lists(
    st.sampled_from(["a", "Bé", "(x", "x)", "--", "—", "'", "’s", "1", "_", "²", "..", "a-b", "é"])
    | st.text(max_size=3),
    max_size=8,
)
_SPACES = st.sampled_from([" ", "  ", "\t", "\n", "\u00a0", "\u2003", "\x1c"])


@settings(max_examples=500, deadline=None)
@given(_TOKENS, st.lists(_SPACES, min_size=8, max_size=8), st.booleans(), st.booleans())
def test_three_word_tokens_as_before(tokens, spaces, lead, trail) -> None:
    """A piece counts for textstat when it has more than two ``\\w\\S*`` tokens:
    ``_THREE_WORD_TOKENS`` finds in exactly those pieces."""
    piece = "".join(token + space for token, space in zip(tokens, spaces, strict=False))
    piece = (spaces[0] if lead else "") + (piece if trail else piece.rstrip())
    expected = len(readability._WORD_TOKEN.findall(piece)) > 2
    assert bool(readability._THREE_WORD_TOKENS.search(piece)) == expected, repr(piece)
