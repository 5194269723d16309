"""The foreign rule's script runs: styled Latin letters (mathematical bold,
fullwidth, circled) are English in costume, not text in another script."""

from __future__ import annotations

import pytest

from qualitycheck.detect.rules.kinds import foreign


def runs(text: str) -> list[tuple[str, str]]:
    return [(text[start:end], script) for start, end, script in foreign._foreign_runs(text, 3)]


@pytest.mark.parametrize(
    "text",
    [
        "𝐁𝐫𝐞𝐚𝐤𝐢𝐧𝐠 𝐍𝐞𝐰𝐬: the harbour reopened",  # mathematical bold
        "𝘛𝘩𝘦 𝘩𝘢𝘳𝘣𝘰𝘶𝘳 reopened",  # mathematical sans-serif italic
        "ＴＨＥ ＨＡＲＢＯＵＲ reopened",  # fullwidth
        "Ⓗⓐⓡⓑⓞⓤⓡ reopened",  # circled
        "the ﬁnal ﬂight left",  # ligatures
    ],
)
def test_styled_latin_letters_are_latin(text):
    assert runs(text) == []


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Добро пожаловать в наш город", [("Добро пожаловать в наш город", "CYRILLIC")]),
        ("the sign read 𝚨𝚩𝚪 today", [("𝚨𝚩𝚪", "GREEK")]),  # mathematical bold Greek
        ("a shop called ｱｲｳｴｵ opened", [("ｱｲｳｴｵ", "KATAKANA")]),  # halfwidth katakana
        ("東京 reopened", []),  # two letters: under the run's three
        ("the 東京都 office", [("東京都", "CJK")]),
    ],
)
def test_other_scripts_are_still_runs(text, expected):
    assert runs(text) == expected


def test_a_run_ends_after_its_last_vowel_sign():
    # "है" is a letter and a vowel sign (a mark, not a word character): the run
    # ended between them, and the span and the message's quote cut the syllable.
    assert runs("the banner read नमस्ते दुनिया स्वागत है today") == [
        ("नमस्ते दुनिया स्वागत है", "DEVANAGARI")
    ]
    assert runs("a sign said สวัสดี today") == [("สวัสดี", "THAI")]
