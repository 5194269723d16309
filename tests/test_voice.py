"""Who speaks: the voice tagger, claims only in the writer's voice, and no
boilerplate flag that a line earns by its place alone.

The sentences here are written for these tests. The corpus tests read
../shared (PolNeAR dev, the mt dev documents) and skip when it is absent.
"""

from __future__ import annotations

import json
from functools import cache

import pytest
from conftest import EXAMPLES, SEEDS, SHARED, needs_shared

from qualitycheck.config.settings import Config
from qualitycheck.detect.signals.attribution import attributed
from qualitycheck.detect.signals.speech import block_voices, reported, writer_sentence
from qualitycheck.detect.signals.voice import shipped_model, tokenize
from qualitycheck.document.segmentation import sentences
from qualitycheck.errors import InputError
from qualitycheck.pipeline.checker import Checker
from qualitycheck.readers import InputSource, format_for, read_source
from qualitycheck.readers.base import ReadSettings
from qualitycheck.readers.txt import parse_text

CORPUS = SHARED / "corpus"


def voice(text: str):
    [only] = block_voices(text, ((0, len(text)),))
    return only


def cue_is_reported(text: str, cue: str) -> bool:
    spans = sentences(text)
    start = text.index(cue)
    [sentence] = [v for v in block_voices(text, tuple(spans)) if v.start <= start < v.end]
    return reported(sentence, text, start, start + len(cue))


def test_the_shipped_voice_model_is_there():
    model = shipped_model()
    assert model is not None
    assert {"said", "told", "according"} <= model.cues
    assert 0 < model.reported_from < 1


@pytest.mark.parametrize(
    "sentence",
    [
        "The harbour board approved the new quay on Tuesday by seven votes to two.",
        "The quay will be 420 metres long and cost 160 million euros.",
    ],
)
def test_plain_reporting_is_the_writer_s_voice(sentence):
    assert voice(sentence).voice == "writer"
    assert writer_sentence(voice(sentence), sentence)


@pytest.mark.parametrize(
    "sentence",
    [
        "“The quay is undoubtedly the best plan we have seen,” the chairwoman, Ana Ruiz, said.",
        "The director told reporters that the quay was indeed a game changer for the region.",
        "According to the port authority, the new quay will certainly bring 400 jobs.",
        "Sterling fell by a cent against the dollar after the decision, traders said.",
        "The plan is undoubtedly sound, the minister said.",
    ],
)
def test_reported_speech_with_a_source_is_not_the_writer_s(sentence):
    assert voice(sentence).voice != "writer"
    assert not writer_sentence(voice(sentence), sentence)


@pytest.mark.parametrize(
    "sentence",
    [
        "Many experts say the harbour will be too small within a decade.",
        "It is widely believed that the quay will certainly ruin the beach.",
        "According to some, the new quay will certainly bring 400 jobs.",
        "Many residents worry that the quay will certainly ruin the beach.",
        "I think the plan is a disaster.",
    ],
)
def test_a_crowd_no_source_or_the_writer_leaves_the_claim_to_the_writer(sentence):
    """Weasel attributions are the claims the gate exists for: the tagger hears
    an attribution, but without a named source the sentence stays the writer's."""
    assert writer_sentence(voice(sentence), sentence)


def test_a_quote_inside_a_writer_sentence_is_the_speaker_s():
    text = "The quay will undoubtedly be a white elephant, not the “world-class” port of the ads."
    assert not cue_is_reported(text, "undoubtedly")
    assert cue_is_reported(text, "world-class")


def test_a_quote_runs_over_the_sentences_of_its_paragraph():
    tokens, still_open = tokenize("“The quay is sound. It is certainly the best plan.")
    assert still_open
    assert all(t.quoted for t in tokens)
    tokens, _ = tokenize("”Frankly, the plan is absurd,” she wrote.")  # a closing mark typed first
    assert [t.quoted for t in tokens if t.is_word][:4] == [True] * 4


def test_the_words_of_a_span_are_found_by_bisection_as_by_a_walk():
    text = (
        "“The quay,” the mayor said on Monday, “is  certainly a white elephant” — and "
        "many experts agree, obviously, that it will never pay off.\t"
    )
    sentence = voice(text)
    assert sentence is not None
    pairs = list(zip(sentence.tokens, sentence.probabilities, strict=True))
    for start in range(len(text) + 1):
        for end in range(start, min(len(text), start + 30) + 1):
            walked = [(t, p) for t, p in pairs if t.is_word and t.start < end and t.end > start]
            assert sentence.words_within(start, end) == walked, (start, end)


def test_it_is_said_is_no_source():
    assert not attributed("It is said that the mayor will resign.")
    assert not attributed("It has long been suggested that the mayor will resign.")
    assert attributed("The council met on Monday. It also confirmed that the mayor will resign.")
    assert attributed("The plan is undoubtedly sound, the minister said.")
    assert attributed("The registration issue was first reported by The Washington Post.")


@pytest.mark.parametrize(
    "sentence",
    [
        "Chlorine is considered safer than iodine for treating drinking water.",
        "The ferry operator is thought to be losing money on every crossing.",
        "Heads of state met in the United States last week to sign the pact.",
    ],
)
def test_what_is_spoken_of_and_nouns_are_no_source(sentence):
    """A passive cue's subject is what is spoken of, not who speaks ("Chlorine
    is considered ..." names no one who considers), and "state" in "heads of
    state" or "the United States" is no reporting verb: the words stay the
    writer's, where before the gate took them for reported speech."""
    assert not attributed(sentence)
    assert writer_sentence(voice(sentence), sentence)


@pytest.mark.parametrize(
    "sentence",
    [
        "The mayor recently approved the quay, easily the worst idea in a decade.",
        "The board repeatedly ignored the warnings, and the town is paying for it now.",
    ],
)
def test_an_act_is_no_speech(sentence):
    """The tagger's cues include words of acts and time ("recently",
    "repeatedly", "also"); the noun before one is no speaker, and the
    judgement after it is the writer's."""
    assert writer_sentence(voice(sentence), sentence)


@pytest.mark.parametrize(
    "sentence",
    [
        "The quay was described as a costly mistake by the mayor on Tuesday.",
        "Kelly is slamming the harbour board over the closure of the quay.",
    ],
)
def test_a_passive_with_its_agent_or_a_progressive_still_names_the_source(sentence):
    assert attributed(sentence)
    assert not writer_sentence(voice(sentence), sentence)


@pytest.fixture(scope="module")
def checker() -> Checker:
    return Checker(Config())


def claim_findings(checker: Checker, text: str) -> list:
    article = parse_text(text, "t", "t.txt", first_line_is_title=False)
    return [f for f in checker.check(article).findings if f.category == "unsupported_claim"]


def test_claim_rules_skip_reported_cues_and_flag_the_writer_s(checker):
    text = (
        "Harbour quay approved after long debate\n"
        "The harbour board approved the new quay on Tuesday by seven votes to two.\n"
        "“It is undoubtedly the best plan we have seen,” the chairwoman, Ana Ruiz, said.\n"
        "The director told reporters that the quay was indeed a game changer.\n"
        "It is widely believed that the mayor will resign over the vote.\n"
        "The quay will undoubtedly be a white elephant for the town.\n"
    )
    found = {(f.line, f.text) for f in claim_findings(checker, text)}
    assert (6, "undoubtedly") in found
    assert (5, "It is widely believed") in found or (5, "widely believed") in found
    assert not {line for line, _ in found} & {3, 4}


def test_a_quote_that_lost_its_opening_mark_is_the_speaker_s(checker):
    """Seed 003 line 31: a paragraph of quoted speech whose opening mark the
    text lost; the closing mark and "he told reporters" still say who speaks."""
    writer = (
        "Harbour vote\n"
        "The harbour board will vote on the new quay on Tuesday.\n"
        "I would not be surprised if the board approved the quay before the vote, "
        "perhaps even before the debate. It is a deliberate attempt to divide the town.\n"
    )
    assert {f.line for f in claim_findings(checker, writer)} >= {3}
    quoted = writer.replace("divide the town.\n", "divide the town,” she told reporters.\n")
    assert 3 not in {f.line for f in claim_findings(checker, quoted)}


def test_the_claims_model_message_says_what_was_measured(checker):
    text = (
        "Quay plan splits the town\n"
        "The harbour board approved the new quay on Tuesday by seven votes to two.\n"
        "Frankly, nobody in their right mind would build a quay in the middle of the bay.\n"
        "This is surely the worst and most shameful decision the board has ever made.\n"
        "Construction is scheduled to begin in April 2026, the board said.\n"
    )
    model = [f for f in claim_findings(checker, text) if f.rule == "model-unsupported-claim"]
    for finding in model:
        assert "p = " in finding.message
        assert "reads as opinion" not in finding.message
        assert finding.confidence >= 0.5


@pytest.mark.parametrize(
    "closing",
    [
        "Sterling fell half a cent after the decision.",
        "Sterling slipped, traders said.",
        "Sterling fell by a cent against the dollar after the decision, traders said.",
    ],
)
def test_a_clean_wire_story_gets_no_boilerplate_flag(checker, closing):
    """The issue's example: a short closing sentence of a wire story. Before,
    the model flagged such stories by position: the first paragraph under the
    headline (taken for a standfirst) or the closing line, at the end and not
    in mid-article. Wherever the closing line stands, nothing is furniture."""
    body = [
        "The Bank of England raised its main interest rate by a quarter point on Thursday.",
        "Mortgage lenders are likely to pass the rise on to borrowers within weeks.",
        "The bank's next decision is due in August, when new forecasts are published.",
        "Inflation rose to 3.4 percent in May, the highest level in a year.",
    ]
    for lines in (
        ["Bank of England raises rates again", *body, closing],
        ["Bank of England raises rates again", body[0], closing, *body[1:]],
    ):
        article = parse_text("\n".join(lines), "t", "t.txt", first_line_is_title=False)
        flagged = [f.text for f in checker.check(article).findings if f.category == "boilerplate"]
        assert flagged == []


# --- on the corpora ---------------------------------------------------------------


def _records(path):
    with path.open(encoding="utf-8") as stream:
        return [json.loads(line) for line in stream if line.strip()]


@cache
def attribution_measurement():
    from qualitycheck.tools.voice_evaluation import measure_attribution

    path = CORPUS / "attribution" / "dev.jsonl"
    return measure_attribution(Checker(Config()), enumerate(_records(path), 1), path)


@needs_shared()
def test_voice_beats_the_quote_or_reporting_verb_baseline_on_polnear_dev():
    summary = attribution_measurement().summary["voice_macro_f1"]
    assert summary["baseline_binary"] == pytest.approx(0.72, abs=0.01)
    assert summary["tagger_binary"] >= 0.80
    assert summary["tagger_binary"] > summary["baseline_binary"] + 0.08


@needs_shared()
def test_claims_stay_out_of_reported_speech_on_polnear_dev():
    """At most 1 % of sentences that are quoted or wholly attributed to a named
    source get a claim finding; at most 3 % of all attributed sentences."""
    summary = attribution_measurement().summary
    assert summary["protected_sentences"] > 1000
    assert summary["protected_flag_rate"] <= 0.01
    assert summary["claim_flag_rate"]["attributed"] <= 0.03


def test_claims_stay_out_of_reported_speech_in_the_examples(checker):
    """In the bundled examples, no claim finding sits in a sentence inside
    quotation marks or attributed by a reporting verb with a source (checked
    with the lexical test, independent of the tagger)."""
    protected = flagged = 0
    for path in sorted(EXAMPLES.iterdir()):
        source = InputSource(str(path), format_for(path.name), path)
        for article in read_source(source, ReadSettings()):
            assert not isinstance(article, InputError)
            findings = [
                f for f in checker.check(article).findings if f.category == "unsupported_claim"
            ]
            for block in article.body_blocks:
                for start, end in block.sentences:
                    text = block.text[start:end]
                    words = [t for t in tokenize(text)[0] if t.is_word]
                    quoted = words and sum(t.quoted for t in words) / len(words) >= 0.5
                    if not (quoted or attributed(text)):
                        continue
                    protected += 1
                    span = block.mapping.source_span(start, end)
                    flagged += any(span[0] <= f.start < span[1] for f in findings)
    assert protected >= 10
    assert flagged <= 0.01 * protected


@needs_shared()
def test_the_seeds_weasel_claim_is_still_found(cli):
    """004's "Many in the West and Ukraine worry ..." (line 21): a crowd is no
    source, so the claim stays the writer's; the seeds' reported speech is not
    flagged (000's quoted "of course", line 3)."""
    document = cli("check", SEEDS, "--format", "json").json()
    claims = {
        a["path"].rsplit("/", 1)[-1][:3]: {
            f["line"] for f in a["findings"] if f["category"] == "unsupported_claim"
        }
        for a in document["articles"]
    }
    assert 21 in claims["004"]
    assert 3 not in claims["000"]
