"""The readability metrics are textstat's numbers: the fast implementation in
``qualitycheck.detect.signals.readability`` must give exactly what textstat 0.7.8 gives."""

from __future__ import annotations

import textstat
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from qualitycheck.detect.signals import readability

TEXTS = [
    "The town will fix the old bridge this summer. Work starts in June!",
    "Notwithstanding considerable institutional reluctance, intergovernmental "
    "coordination mechanisms necessitated comprehensive reconsideration.",
    "It's the dogs' bowl, isn't it? They'd said they'll come... Yes.",
    "Hyphen-ated words, e-mail, co-operation; numbers 1,200 and 3.5 per cent.",
    "Ünïcödé wörds, İstanbul, naïve café, ŒUVRE — and “curly quotes”.",
    "One. Two words. Three short ones here. And finally a much longer sentence.",
    "   ",
    "!!! ??? ...",
    "x",
]

WORDS = st.sampled_from(
    [
        "the",
        "bridge",
        "comprehensive",
        "reconsideration",
        "it's",
        "dogs'",
        "e-mail",
        "İstanbul",
        "naïve",
        "1,200",
        "Mr.",
        "U.S.",
        "zxqwv",
        "\u00a0",
        "\n",
        ".",
        "!",
        "?",
        ",",
        "'",
        "“",
    ]
)
GENERATED = st.lists(WORDS | st.text(max_size=12), max_size=40).map(" ".join)


def textstat_numbers(text: str) -> dict[str, float]:
    return {
        "flesch_reading_ease": textstat.flesch_reading_ease(text),
        "flesch_kincaid_grade": textstat.flesch_kincaid_grade(text),
        "gunning_fog": textstat.gunning_fog(text),
    }


def test_fixed_texts_give_textstats_numbers_exactly():
    for text in TEXTS:
        assert readability.textstat_metrics(text) == textstat_numbers(text), text


@settings(max_examples=300, deadline=None, suppress_health_check=list(HealthCheck))
@given(GENERATED)
def test_generated_texts_give_textstats_numbers_exactly(text):
    assert readability.textstat_metrics(text) == textstat_numbers(text)


def test_syllables_come_from_cmudict_then_pyphen():
    assert readability.syllables("bridge") == 1
    assert readability.syllables("comprehensive") == 4
    # Not in CMUdict: Pyphen's hyphenation points + 1, as textstat counts.
    assert (
        readability.syllables("zxqwvbridgeful")
        == len(readability._pyphen().positions("zxqwvbridgeful")) + 1
    )
    readability._syllable_cache.clear()  # counted again, by the same route
    assert (
        readability.syllables("zxqwvbridgefuls")
        == readability._hyphenation_points().count("zxqwvbridgefuls") + 1
        == len(readability._pyphen().positions("zxqwvbridgefuls")) + 1
    )


def test_one_metric_is_computed_on_request_and_rounded():
    text = TEXTS[1]
    assert readability.metric(text, 1, "words") == len(text.split())
    assert readability.metric(text, 1, "gunning_fog") == round(textstat.gunning_fog(text), 2)
    assert readability.metric("   ", 0, "flesch_reading_ease") is None


def test_a_word_of_a_megabyte_is_not_hyphenated(monkeypatch):
    """Pyphen is not asked about "words" over MAX_HYPHENATED characters (its
    time grows faster than their length: a 1 MB blob took 11 s); their vowel
    groups are their syllables."""

    def no_pyphen():
        raise AssertionError("Pyphen asked about a very long word")

    monkeypatch.setattr(readability, "_pyphen", no_pyphen)
    monkeypatch.setattr(readability, "_hyphenation_points", no_pyphen)
    blob = "harbour" * 150_000  # 1.05 MB without a space
    assert readability.syllables(blob) == 2 * 150_000
    assert readability.syllables("a" + "b" * readability.MAX_HYPHENATED) == 1


@settings(max_examples=100, deadline=None, suppress_health_check=list(HealthCheck))
@given(GENERATED, GENERATED, st.integers(1, 12))
def test_new_words_are_learned_alone_and_full_caches_change_nothing(seen, text, limit):
    """An article with some new words computes the facts of those only; a
    cache that fills up and is cleared meanwhile (a tiny limit here) leaves
    the numbers textstat's."""
    readability._textstat_numbers.__wrapped__(seen)  # some of the words known
    original = readability._SYLLABLE_CACHE_LIMIT
    readability._SYLLABLE_CACHE_LIMIT = limit
    try:
        numbers = readability._textstat_numbers.__wrapped__(text)
    finally:
        readability._SYLLABLE_CACHE_LIMIT = original
    if readability._words(text):
        assert dict(zip(readability.TEXTSTAT_METRICS, numbers, strict=True)) == (
            textstat_numbers(text)
        )


@settings(max_examples=300, deadline=None, suppress_health_check=list(HealthCheck))
@given(GENERATED)
def test_words_learned_in_one_loop_pack_their_word_facts(text):
    """``_learn`` over an article's new words at once (CMUdict asked directly,
    the easy words only for three syllables or more) packs what it packs for
    each word alone (``_word_facts``), with both caches empty or full; the
    tests above hold both to textstat's numbers."""
    words = list(dict.fromkeys([*readability._words(text), "Reconsideration", "İNDİA"]))
    readability._word_packed.clear()
    expected = {word: readability._word_facts(word) for word in words}
    for clear_syllables in (True, False):
        readability._word_packed.clear()
        if clear_syllables:
            readability._syllable_cache.clear()
        readability._learn(words)
        learned = {
            word: divmod(readability._word_packed[word], readability._PACK) for word in words
        }
        assert learned == {word: (count, int(hard)) for word, (count, hard) in expected.items()}
