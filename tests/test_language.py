"""Language detection: a cheap English screen first, langdetect for the rest."""

from __future__ import annotations

import pytest

from qualitycheck.detect.signals import language

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


def test_detection_is_deterministic():
    text = "Ceci est un petit texte en français, écrit pour vérifier la détection."
    assert {language.detect(text) for _ in range(5)} == {language.detect(text)}


def test_german_is_detected_the_same_each_time_and_digits_have_no_language():
    text = "Das ist ein kurzer deutscher Text über das Wetter in der Stadt und die Brücke."
    first = language.detect(text)
    assert first[0] == "de"
    assert all(language.detect(text) == first for _ in range(5))
    assert language.detect("12 34") == (None, 0.0)
