"""Segmentation: sentences (abbreviations and initials do not end one) and
quotes (curly, straight and guillemets paired, apostrophes ignored, an
unclosed quote runs to the end of its block)."""

from __future__ import annotations

from qualitycheck.document.segmentation import quotes, sentences


def texts(text: str, spans) -> list[str]:
    return [text[s:e] for s, e in spans]


def test_sentences_respect_abbreviations_and_initials():
    text = 'U.S. Vice President J.D. Vance spoke to Mr. Smith. "Then what?" he asked. It ended.'
    assert texts(text, sentences(text)) == [
        "U.S. Vice President J.D. Vance spoke to Mr. Smith.",
        '"Then what?" he asked.',
        "It ended.",
    ]


def test_sentence_without_final_punctuation_and_empty_text():
    assert texts("  Interview for CNN  ", sentences("  Interview for CNN  ")) == [
        "Interview for CNN"
    ]
    assert sentences("") == []


def test_quotes_pair_curly_straight_and_guillemets_and_ignore_apostrophes():
    text = 'He said “we’re ready” and «never» then "fine" but it’s ‘odd’'
    assert texts(text, quotes(text)) == ["“we’re ready”", "«never»", '"fine"', "‘odd’"]


def test_unclosed_quote_runs_to_the_end_of_the_block():
    text = "Peskov said: “We are not talking about tomorrow. It is about hours."
    assert texts(text, quotes(text)) == [text[text.index("“") :]]
