"""Segmentation: sentences (abbreviations and initials do not end one) and
quotes (curly, straight and guillemets paired, apostrophes ignored, an
unclosed quote runs to the end of its block)."""

from __future__ import annotations

import pytest

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


def test_titles_before_a_name_do_not_end_a_sentence():
    """Nigerian, Philippine and British copy write "Engr.", "Atty.", "Supt." and
    "Det. Insp." before a name; a split there left "Project manager Engr." as a
    fragment (mt-fragment) in a clean article."""
    text = (
        "Project manager Engr. Rafael Lim said the test went well. Atty. Ana Cruz and "
        "Det. Insp. Tom Hale agreed. Supt. Rao left."
    )
    assert texts(text, sentences(text)) == [
        "Project manager Engr. Rafael Lim said the test went well.",
        "Atty. Ana Cruz and Det. Insp. Tom Hale agreed.",
        "Supt. Rao left.",
    ]


def test_german_quotes_and_wrong_way_closing_marks_end_and_start_sentences():
    """„ opens a sentence and “ may close one: German quotation marks, and English
    copy's closing mark turned the wrong way. Both sentences were one before."""
    text = "The council met. „Der Hafen bleibt offen.“ Then the mayor left."
    assert texts(text, sentences(text)) == [
        "The council met.",
        "„Der Hafen bleibt offen.“",
        "Then the mayor left.",
    ]
    text = "It rated the claim “Mostly False.“ The council did not reply."
    assert texts(text, sentences(text)) == [
        "It rated the claim “Mostly False.“",
        "The council did not reply.",
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


@pytest.mark.parametrize(
    "mark", [".", "!?", "…", ".”"], ids=["dots", "bangs", "ellipses", "quoted"]
)
def test_a_run_of_marks_at_the_end_of_a_block_is_split_in_linear_time(mark):
    # The boundary pattern was tried from every mark of a run that no
    # whitespace follows: 32,000 dots ending a block took 15 s, a 200 kB run hours.
    from conftest import CpuClock, deadline

    timings = []
    for size in (4_000, 32_000):
        text = "The ferry sails. It is late " + mark * (size // len(mark))
        with deadline(120), CpuClock() as clock:
            spans = sentences(text)
        timings.append(clock.seconds)
        assert spans == [(0, 16), (17, len(text))]
    # Linear is 8 times, quadratic 64: CPU time, with slack.
    assert timings[1] < max(1.0, 16 * timings[0]), timings
