"""Language detection: a cheap English screen first, langdetect for the rest."""

from __future__ import annotations

import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from qualitycheck.detect.signals import language, scans

ENGLISH = (
    "The harbour reopened on Monday after the storm, and the first ferry left at six "
    "with more passengers than the crew had expected for a grey morning in March."
)
GERMAN = (
    "Der Hafen wurde am Montag nach dem Sturm wieder geöffnet, und die erste Fähre "
    "fuhr um sechs Uhr mit mehr Fahrgästen ab, als die Besatzung erwartet hatte."
)


def test_plain_english_is_decided_without_langdetect(monkeypatch):
    def no_langdetect():
        raise AssertionError("langdetect was asked")

    monkeypatch.setattr(language, "_factory", no_langdetect)
    assert language.detect(ENGLISH) == ("en", 1.0)


def test_other_languages_go_to_langdetect():
    assert not language.is_plainly_english(GERMAN)
    detected, probability = language.detect(GERMAN)
    assert detected == "de" and probability > 0.9


@pytest.mark.parametrize(
    "text",
    [
        "The harbour reopened.",  # too few words to decide
        ENGLISH + " Москва и Санкт-Петербург.",  # letters outside the Latin script
        "Hafen Fähre Sturm Montag Besatzung Fahrgäste Uhr Morgen März Wetter Wind Regen",
    ],
)
def test_the_screen_declines_short_mixed_or_function_word_free_text(text):
    assert not language.is_plainly_english(text)


#: Words around the screen's thresholds: function words, others, accents,
#: apostrophes and hyphens, digits, other scripts, curly quotes.
SCREEN_WORDS = (
    "the and of to in it is was that The AND Of don't well-known über Straße "
    "harbour ferry 1990 Москва 東京 ’s — , . i İ ı".split()
)


@settings(max_examples=300, deadline=None)
@given(
    st.lists(st.sampled_from(SCREEN_WORDS), max_size=40).map(" ".join) | st.text(max_size=120),
    st.booleans(),
)
def test_the_screen_is_english_share_and_latin_letters(text, pure):
    """The screen counts words and function words (in C where built) and
    decides as :func:`language.english_share`'s share and count do."""
    share, words = language.english_share(text)
    expected = (
        words >= language.SCREEN_WORDS
        and share >= language.SCREEN_SHARE
        and language.only_latin_letters(text)
    )
    with pytest.MonkeyPatch.context() as patch:
        if pure:
            patch.setattr(scans, "word_counter", lambda: scans.pure_word_counts)
        assert language.is_plainly_english(text) == expected


def test_detection_is_deterministic():
    text = "Ceci est un petit texte en français, écrit pour vérifier la détection."
    assert {language.detect(text) for _ in range(5)} == {language.detect(text)}


def test_german_is_detected_the_same_each_time_and_digits_have_no_language():
    text = "Das ist ein kurzer deutscher Text über das Wetter in der Stadt und die Brücke."
    first = language.detect(text)
    assert first[0] == "de"
    assert all(language.detect(text) == first for _ in range(5))
    assert language.detect("12 34") == (None, 0.0)


def test_the_past_latin_class_is_every_code_point_from_u0250_up():
    """The class is written "not below U+0250" (cheap to compile); it must
    match exactly the code points the positive range up to U+10FFFF names."""
    import re

    positive = re.compile("[\u0250-\U0010ffff]")
    differ = [
        code
        for code in range(0x110000)
        if bool(language._PAST_LATIN.match(chr(code))) != bool(positive.match(chr(code)))
    ]
    assert differ == []
    assert language._PAST_LATIN.findall("caf\u00e9 \u0250\u0416\U0001f43c") == [
        "\u0250",
        "\u0416",
        "\U0001f43c",
    ]


SHORT_ENGLISH = {
    "headline": "Nevada Senate candidate P.J.",  # langdetect: pt (as claims dev cl-09515)
    "sentence": "Sudden pressure may cause damage to tissue.",  # fr (as cl-09257)
}
OTHER_LANGUAGES = {
    "short-es": "El ayuntamiento aprobó ayer el nuevo presupuesto.",
    "short-de": "Der Stadtrat hat gestern den neuen Haushalt beschlossen.",
    "long-es": (
        "El ayuntamiento aprobó ayer el nuevo presupuesto para la reparación de las calles "
        "del centro histórico de la ciudad, que llevaban años esperando una solución."
    ),
    "long-de": GERMAN,
}


def test_a_short_english_text_is_not_called_another_language(cli, tmp_path):
    """langdetect's guess on a few words (pt, fr) is not an article language
    when every word is English; short and long Spanish and German still flag."""
    source = tmp_path / "short.jsonl"
    texts = {**SHORT_ENGLISH, **OTHER_LANGUAGES}
    source.write_text(
        "".join(json.dumps({"id": key, "text": text}) + "\n" for key, text in texts.items()),
        encoding="utf-8",
    )
    result = cli("check", source, "--format", "json", "--fail-on", "never", "--no-models")
    assert result.code == 0, result.err
    articles = {article["id"]: article for article in result.json()["articles"]}
    flagged = {
        key
        for key, article in articles.items()
        if any(f["rule"] == "language-unexpected" for f in article["findings"])
    }
    assert flagged == set(OTHER_LANGUAGES)
    for key in SHORT_ENGLISH:
        assert articles[key]["language"] is None, key
    assert [articles[key]["language"] for key in OTHER_LANGUAGES] == ["es", "de", "es", "de"]


def test_article_language_keeps_detect_for_english_long_and_unknown_words():
    assert language.article_language(ENGLISH) == ("en", 1.0)
    assert language.article_language(GERMAN) == language.detect(GERMAN)
    assert language.article_language(SHORT_ENGLISH["headline"]) == (None, 0.0)
    text = OTHER_LANGUAGES["short-de"]
    assert language.article_language(text) == language.detect(text)
