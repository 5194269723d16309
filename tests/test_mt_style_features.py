"""The mt model's style statistics give the same values, to the bit, as the
implementation they replaced (issue 17: same output, less CPU).

``reference_style_features`` is the previous ``style_features`` copied as it
was, with the ``_mattr`` it called (several passes over the text, a regex per
distinct word); the new one counts in one pass and with ``bytes`` methods in
C, runs two regexes only where they can match, and splits ``_mattr``'s loop
at the last window's start. Every value is compared as ``float.hex``, in the same
key order, on generated text that meets every branch and on real articles; where
the mt text kernel is built, its word counts (``TextReader.word_counts``, over
the words of its own tokens) are compared too, and the values computed from them.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Sequence
from pathlib import Path

import pytest
from conftest import EXAMPLES, SHARED, mt_dev_sentence_lists
from hypothesis import given, settings
from hypothesis import strategies as st

import qualitycheck.detect.models.mt.text_kernel as text_kernel
from qualitycheck.detect.models.mt.features import (
    _APOSTROPHE_LEFT_OUT,
    _DOUBLED,
    _NO_SPACE,
    _PRONOUNS,
    _TERMINAL,
    _mattr,
    _spread,
    article_sentences,
    sentence_words,
    style_features,
    type_facts,
    word_counts,
)
from qualitycheck.detect.models.mt.tokens import CONTRACTION, FUNCTION_WORDS, WORD
from qualitycheck.readers import InputSource, format_for, read_source
from qualitycheck.readers.base import ReadSettings

SHARED_MT = SHARED / "corpus" / "mt" / "dev.jsonl"


def _share(counts: Counter[str], words: frozenset[str] | tuple[str, ...]) -> int:
    """How often any of ``words`` occurs (the reference's helper, as it was)."""
    return sum(counts[w] for w in words if w in counts)


def reference_mattr(words: Sequence[str], window: int = 50) -> float:
    """``_mattr`` before issue 17's speed-up, unchanged."""
    count = len(words)
    if count <= window:
        return len(set(words)) / max(count, 1)
    last_start = count - window
    previous: dict[str, int] = {}
    get = previous.get
    total = 0
    for index, word in enumerate(words):
        first = get(word, -1) + 1  # at least 0
        previous[word] = index
        if index - window + 1 > first:
            first = index - window + 1
        last = index if index < last_start else last_start
        if last >= first:
            total += last - first + 1
    return total / (last_start + 1)


def reference_style_features(sentences: Sequence[str]) -> dict[str, float]:
    """``style_features`` before issue 17's speed-up, unchanged."""
    text = "\n".join(sentences)
    count_sentences = max(len(sentences), 1)
    words = WORD.findall(text)
    count = max(len(words), 1)
    lower = [w.lower() for w in words]
    types = Counter(lower)
    shapes = Counter(words)
    lengths = [len(WORD.findall(sentence)) for sentence in sentences]
    letters = sum(map(str.isalpha, text))
    accented = 0 if text.isascii() else sum(1 for ch in text if not ch.isascii() and ch.isalpha())
    content = Counter({w: n for w, n in types.items() if w not in FUNCTION_WORDS and len(w) > 3})
    content_total = sum(content.values())
    return {
        "s:semicolon": math.log1p(text.count(";") / count_sentences),
        "s:colon": math.log1p(text.count(":") / count_sentences),
        "s:parenthesis": math.log1p(text.count("(") / count_sentences),
        "s:ellipsis": math.log1p((text.count("...") + text.count("…")) / count_sentences),
        "s:contractions": math.log1p(
            100 * sum(n for w, n in types.items() if CONTRACTION.search(w)) / count
        ),
        "s:pronouns": _share(types, _PRONOUNS) / count,
        "s:the": types["the"] / count,
        "s:a_an": _share(types, ("a", "an")) / count,
        "s:is_are": _share(types, ("is", "are")) / count,
        "s:function_share": sum(n for w, n in types.items() if w in FUNCTION_WORDS) / count,
        "s:short_words": sum(n for w, n in shapes.items() if len(w) <= 3) / count,
        "s:long_words": sum(n for w, n in shapes.items() if len(w) >= 9) / count,
        "s:ing_words": sum(n for w, n in types.items() if w.endswith("ing") and len(w) > 5) / count,
        "s:word_length": sum(len(w) * n for w, n in shapes.items()) / count,
        "s:mattr": reference_mattr(lower),
        "s:repetition": (content_total - len(content)) / max(content_total, 1),
        "s:sentence_words": math.log1p(sum(lengths) / count_sentences),
        "s:sentence_spread": _spread(lengths),
        "s:unterminated": sum(not _TERMINAL.search(s) for s in sentences) / count_sentences,
        "s:capitalised": sum(n for w, n in shapes.items() if w[0].isupper()) / count,
        "s:digits": sum(map(str.isdigit, text)) / max(len(text), 1),
        "s:accented": accented / max(letters, 1),
        "s:lower_start": sum(s[:1].islower() for s in sentences) / count_sentences,
        "s:apostrophe_left_out": math.log1p(100 * _share(types, _APOSTROPHE_LEFT_OUT) / count),
        "s:lower_i": math.log1p(100 * shapes["i"] / count),
        "s:no_space": math.log1p(len(_NO_SPACE.findall(text)) / count_sentences),
        "s:doubled_punctuation": math.log1p(len(_DOUBLED.findall(text)) / count_sentences),
        "s:no_capitals": sum(not any(map(str.isupper, s)) for s in sentences) / count_sentences,
    }


def as_hex(row: dict[str, float]) -> list[tuple[str, str]]:
    return [(key, float.hex(float(value))) for key, value in row.items()]


BUILT = text_kernel.compiled_module()
#: One reader for every comparison (as a run has one): its word ids and facts
#: carry over from article to article.
COMPILED = None if BUILT is None else text_kernel.TextReader(BUILT)


def assert_same(sentences: Sequence[str]) -> None:
    expected = as_hex(reference_style_features(sentences))
    assert as_hex(style_features(sentences)) == expected
    if COMPILED is not None:
        words = sentence_words(sentences, COMPILED.tokenize(sentences))
        counts = COMPILED.word_counts(words)
        assert counts == word_counts(words)
        assert as_hex(style_features(sentences, words, counts)) == expected


#: Pieces that meet every branch: contractions with both apostrophes and in
#: upper case, words an apostrophe splits or joins, "-ing" words of every
#: length and function words ending in "ing", short and long words, the
#: doubled-punctuation and no-space patterns and their near misses, letters
#: and digits of other scripts, letters whose case mapping changes length.
PIECES = (
    "the The THE a an is are he she They their i I dont Dont cant im it's it’s It’S "
    "don't DON'T won’t they're we've I'll I'm she'd that's let's o'clock rock'n'roll a‘b "
    "sing thing bring running according everything nothing Something "
    "x ab abc abcd abcdefgh abcdefghi internationalisation "
    "!! !? ?! ?? .. ... .... ,, , . ! ? ; : ( ) … word.Next end.of it,is ab.C ab.cD "
    "Ünter naïve ø 東京 ١٢٣ ² Ⅻ ǅ ß İstanbul ﬁne ſ K 3,5 1990 _ __x x_y"
).split()
sentence = st.one_of(
    st.lists(st.sampled_from(PIECES), max_size=40).map(" ".join),
    st.lists(st.sampled_from(PIECES), max_size=20).map("".join),
    st.text(max_size=80),
)


@settings(max_examples=400, deadline=None)
@given(st.lists(sentence, max_size=12))
def test_generated_text_gives_the_reference_values_to_the_bit(sentences):
    assert_same(sentences)


@settings(max_examples=60, deadline=None)
@given(st.lists(st.sampled_from(PIECES), min_size=51, max_size=200))
def test_long_articles_take_the_moving_window_and_match(words):
    assert_same([" ".join(words[i : i + 17]) for i in range(0, len(words), 17)])


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from("abcdefghij"), max_size=160), st.integers(1, 60))
def test_mattr_counts_the_reference_windows(words, window):
    assert float.hex(_mattr(words, window)) == float.hex(reference_mattr(words, window))


def test_edge_cases_match():
    for sentences in ([], [""], ["", ""], ["\n"], ["a\nb"], ["It’s", "don't"], ["ab.Cd"]):
        assert_same(sentences)


def article_sentence_lists(paths: Sequence[Path]) -> list[list[str]]:
    found = []
    for path in paths:
        source = InputSource(str(path), format_for(str(path)), path)
        for article in read_source(source, ReadSettings()):
            if hasattr(article, "blocks"):
                found.append([b.text[s:e] for b, s, e in article_sentences(article)])
    return found


def test_the_examples_give_the_reference_values():
    lists = article_sentence_lists(sorted(p for p in EXAMPLES.iterdir() if p.is_file()))
    assert len(lists) >= 5
    for sentences in lists:
        assert_same(sentences)


def test_the_mt_dev_articles_give_the_reference_values():
    for sentences in mt_dev_sentence_lists():
        assert_same(sentences)


@pytest.mark.skipif(BUILT is None, reason="the compiled mt text kernel is not built here")
def test_kernel_word_counts_survive_forgetting_the_words():
    """A counter that remembers a few dozen words forgets them every few
    articles and numbers other words with the same ids."""
    assert BUILT is not None
    tiny = BUILT.WordCounter(type_facts, 40)
    articles = mt_dev_sentence_lists()[:30] if SHARED_MT.exists() else []
    articles += [["Dont stop, it’s running."], ["The the THE is are a an he she i I"]] * 20
    articles += [[" ".join(PIECES[i:] + PIECES[:i])] for i in range(0, len(PIECES), 7)]
    for sentences in articles:
        words = sentence_words(sentences, [text_kernel.tokens(s) for s in sentences])
        assert tiny.counts(words) == tuple(word_counts(words))


@pytest.mark.skipif(BUILT is None, reason="the compiled mt text kernel is not built here")
@settings(max_examples=500, deadline=None)
@given(st.text(alphabet="aeinrgtshdmyoI'’ïé1-", max_size=9))
def test_kernel_word_facts_are_type_facts(word):
    """The counter's facts in C (a word without an apostrophe) or from
    ``type_facts`` (with one) are ``type_facts``' bits; a counter given the
    word sets counts the pure path's integers, even after forgetting its words."""
    assert BUILT is not None
    sets = (FUNCTION_WORDS, _PRONOUNS, _APOSTROPHE_LEFT_OUT)
    counter = BUILT.WordCounter(type_facts, 40, word_sets=sets)
    assert counter.facts(word) == type_facts(word)
    for known in (word, word.lower(), word + "ing", "the", "a", "an", "is", "are", "i"):
        assert counter.facts(known) == type_facts(known)


@pytest.mark.skipif(BUILT is None, reason="the compiled mt text kernel is not built here")
def test_kernel_facts_of_every_listed_word_are_type_facts():
    assert BUILT is not None
    sets = (FUNCTION_WORDS, _PRONOUNS, _APOSTROPHE_LEFT_OUT)
    counter = BUILT.WordCounter(type_facts, word_sets=sets)
    listed = sorted(FUNCTION_WORDS | _PRONOUNS | _APOSTROPHE_LEFT_OUT)
    words = listed + [w + "ing" for w in listed] + [w[:-1] for w in listed] + ["", "ing", "sing"]
    assert [counter.facts(w) for w in words] == [type_facts(w) for w in words]
    tiny = BUILT.WordCounter(type_facts, 40, word_sets=sets)
    for i in range(0, len(PIECES), 5):
        words_of = [PIECES[i:] + PIECES[:i], listed[i : i + 60]]
        assert tiny.counts(words_of) == tuple(word_counts(words_of))


def test_the_kernel_reads_the_fact_bits_type_facts_sets():
    if BUILT is not None:
        assert text_kernel.FACT_BITS == BUILT.TYPE_FACT_BITS
        assert COMPILED is not None and COMPILED._counter is not None
    assert tuple(1 << i for i in range(9)) == text_kernel.FACT_BITS


def test_without_the_kernel_the_reader_counts_in_python():
    words = [["It’s", "the", "running", "dog"], ["I", "i", "dont"]]
    assert text_kernel.TextReader(None).word_counts(words) == word_counts(words)


def test_float_sums_do_not_depend_on_how_the_interpreter_rounds_sum(monkeypatch):
    """From Python 3.12 ``sum()`` of floats is compensated, so its last bit can
    differ from 3.11's left-to-right additions, and a model's feature, then a
    margin near the threshold, with it: one input, two outputs on a cluster of
    mixed interpreters. The feature sums add left to right, as the compiled
    kernels do, whatever ``sum`` does (here it is made compensated)."""
    import builtins
    import math

    from qualitycheck.detect.models.mt import features

    margins = [0.1] * 10  # left to right: 0.9999999999999999; compensated: 1.0
    expected = features.sentence_aggregates(margins)
    real_sum = builtins.sum

    def compensated(values, start=0):
        values = list(values)
        if values and all(isinstance(v, float) for v in values):
            return math.fsum([start, *values])
        return real_sum(values, start)

    monkeypatch.setattr(builtins, "sum", compensated)
    assert features.sentence_aggregates(margins) == expected
    assert expected["a:mean"] == 0.9999999999999999 / 10
