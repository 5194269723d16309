"""``qualitycheck.sentence_voices``: who speaks in each sentence of the body.

The texts are written for these tests; what each asserts is the shipped
models' reading of a plain case (a writer's claim, a reported statement, a
quoted speech), the offsets, and that the voices are the ones the claims
model gates on.
"""

from __future__ import annotations

import json

import pytest
from conftest import SHARED, needs_shared

import qualitycheck
from qualitycheck.api.voices import Voice
from qualitycheck.detect.models.article_voices import reported_runs
from qualitycheck.detect.models.voice_sentence import learned_block_voices
from qualitycheck.document import segmentation

CORPUS = SHARED / "corpus"

ARTICLE = (
    "Harbour reopens\n"
    "It is certain that the new quay will change the town for ever.\n"
    "The minister said that the plan would cut waiting lists by half within two years.\n"
    "Many experts say the dredging was long overdue, but the council disagrees with them.\n"
    "The quay cost four million pounds. Work began in May.\n"
)


@pytest.fixture(scope="module")
def voices() -> list[Voice]:
    return qualitycheck.sentence_voices(ARTICLE)


def test_every_body_sentence_in_order_without_the_headline(voices):
    assert [v.line for v in voices] == [2, 3, 4, 5, 5]
    assert all("Harbour reopens" not in v.text for v in voices)
    assert [v.start for v in voices] == sorted(v.start for v in voices)


def test_offsets_lines_and_columns_point_at_the_sentence(voices):
    for voice in voices:
        assert ARTICLE[voice.start : voice.end] == voice.text
        line_start = ARTICLE.rfind("\n", 0, voice.start) + 1
        assert voice.column == voice.start - line_start + 1
        assert ARTICLE.count("\n", 0, voice.start) + 1 == voice.line == voice.end_line
    last = voices[-1]
    assert (last.text, last.column) == ("Work began in May.", 36)


def test_the_writers_claim_and_the_ministers_statement(voices):
    claim, statement = voices[0], voices[1]
    assert (claim.voice, claim.reported) == ("writer", ())
    assert statement.voice == "attributed"
    [(start, end)] = statement.reported
    assert ARTICLE[start:end].startswith("The minister said that the plan")


def test_a_mixed_sentence_shows_which_clause_the_source_holds(voices):
    mixed = voices[2]
    assert mixed.voice == "mixed"
    [(start, end)] = mixed.reported
    assert ARTICLE[start:end] == "Many experts say the dredging was long overdue"


def test_a_block_quote_is_attributed_whole():
    text = (
        "# Harbour reopens\n\n"
        "The mayor spoke at the quay.\n\n"
        "> This harbour is the finest in the land. It will never close again.\n"
    )
    quoted = [v for v in qualitycheck.sentence_voices(text, format="md") if v.line == 5]
    assert [v.voice for v in quoted] == ["attributed", "attributed"]
    assert all(v.reported == ((v.start, v.end),) for v in quoted)


def test_the_voices_are_the_claims_models_gate():
    """Each sentence's voice is the one the claims model decides the block's with."""
    body = " ".join(ARTICLE.splitlines()[1:])
    headline = "Council votes\n"
    found = qualitycheck.sentence_voices(headline + body + "\n")
    gate = learned_block_voices(body, tuple(segmentation.sentences(body)), False)
    offset = len(headline)
    assert [(v.voice, v.start - offset, v.end - offset) for v in found] == [
        (g.voice, g.start, g.end) for g in gate
    ]
    assert [v.reported for v in found if v.voice != "writer"] == [
        tuple((s + offset, e + offset) for s, e in reported_runs(g))
        for g in gate
        if g.voice != "writer"
    ]


def test_the_headline_is_the_one_check_text_chooses_past_page_furniture():
    """A plain text whose first lines are a page's furniture: ``check`` reads
    the headline again under them; the voices leave out that same headline
    (they scored it as a body sentence, and left out "Skip to main content"),
    and the furniture ``clean`` cuts."""
    text = (
        "Skip to main content\n"
        "Sign in\n"
        "Harbour reopens after a long winter of repairs\n"
        "The mayor said the quay would open in May.\n"
        "It is certain the town will thrive.\n"
    )
    title = qualitycheck.check_text(text).title
    assert title == "Harbour reopens after a long winter of repairs"
    found = qualitycheck.sentence_voices(text)
    assert all(title not in v.text for v in found)
    assert [v.line for v in found] == [4, 5]


def test_the_gate_reads_the_words_again_as_api_md_says():
    """docs/api.md: the voice is the model's label the claims gate starts
    from; a crowd source leaves a sentence the writer's for the gate, and a
    named source's cue after it takes it out, whatever the label."""
    from qualitycheck.detect.signals.speech import never_writer, writer_sentence

    def gate_says_writer(sentence: str) -> bool:
        [voice] = learned_block_voices(sentence, ((0, len(sentence)),), False)
        return writer_sentence(voice, sentence) and not never_writer(sentence, 0, len(sentence))

    crowd = "Many experts say the dredging was long overdue, but the council disagrees with them."
    named = "Ships will return, the harbour master confirmed."
    [mixed] = qualitycheck.sentence_voices(crowd, title="Harbour")
    [writer] = qualitycheck.sentence_voices(named, title="Harbour")
    assert (mixed.voice, gate_says_writer(crowd)) == ("mixed", True)
    assert (writer.voice, gate_says_writer(named)) == ("writer", False)


def test_offsets_index_result_text_after_a_byte_order_mark():
    text = "\ufeffHarbour reopens\nThe mayor said the quay would open in May.\n"
    [voice] = qualitycheck.sentence_voices(text)
    assert qualitycheck.check_text(text).text[voice.start : voice.end] == voice.text


def test_to_dict_is_json():
    [voice] = qualitycheck.sentence_voices("Harbour\nOfficials said the quay had reopened.\n")
    entry = json.loads(json.dumps(voice.to_dict()))
    assert entry["voice"] == voice.voice
    assert entry["reported"] == [list(span) for span in voice.reported]
    assert set(entry) == {"line", "end_line", "column", "start", "end", "text", "voice", "reported"}


def test_refuses_what_check_text_refuses():
    with pytest.raises(TypeError, match="text must be str"):
        qualitycheck.sentence_voices(b"Harbour reopens")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="format must be one of"):
        qualitycheck.sentence_voices("Harbour reopens", format="docx")


def test_a_title_given_apart_makes_every_line_body():
    [voice] = qualitycheck.sentence_voices("The quay reopened today.\n", title="Harbour reopens")
    assert voice.text == "The quay reopened today."


def test_evaluate_counts_the_runs_word_by_word():
    """``evaluate --task attribution``'s ``reported_words``: each word against
    the gold spans, for the runs and for the whole sentence."""
    from collections import Counter

    from qualitycheck.detect.signals.voice import SentenceVoice, tokenize
    from qualitycheck.tools.voice_evaluation import _count_reported_words, _reported_words

    text = "Officials said the quay reopened. It rained."
    first, second = (0, 33), (34, 44)
    tokens, _ = tokenize(text[: first[1]])
    said = SentenceVoice(0, first[1], tokens, [0.9, 0.8, 0.2, 0.1, 0.3, 0.0], 0.4, "mixed")
    tokens, _ = tokenize(text[second[0] :], False, 0)
    rained = SentenceVoice(0, 10, tokens, [0.7, 0.7, 0.0], 1.0, "writer")
    record = {
        "text": text,
        "sentences": [list(first), list(second)],
        "attributions": [{"source": [[0, 9]], "cue": [[10, 14]], "content": [[15, 32]]}],
    }
    counts: Counter[str] = Counter()
    _count_reported_words(record, [said, rained], counts)
    words = _reported_words(counts)
    assert {k: words["runs"][k] for k in ("tp", "fp", "fn")} == {"tp": 2, "fp": 0, "fn": 3}
    assert {k: words["whole_sentences"][k] for k in ("tp", "fp", "fn")} == {
        "tp": 5,
        "fp": 0,
        "fn": 0,
    }
    assert (words["mixed_sentences"], words["mixed_without_run"]) == (1, 0)
    assert words["runs"]["precision"] == 1.0 and words["runs"]["recall"] == 0.4


@needs_shared()
def test_the_runs_point_at_the_source_more_precisely_on_polnear_dev():
    from qualitycheck.config.settings import Config
    from qualitycheck.pipeline.checker import Checker
    from qualitycheck.tools.evaluation import evaluate

    path = CORPUS / "attribution" / "dev.jsonl"
    words = evaluate(Checker(Config()), "attribution", path).as_dict()["reported_words"]
    runs, whole = words["runs"], words["whole_sentences"]
    assert runs["precision"] > whole["precision"] + 0.05
    assert runs["recall"] >= 0.7
    assert words["mixed_without_run"] < 0.2 * words["mixed_sentences"]


@pytest.mark.slow
def test_long_blocks_are_not_kept_after_their_articles():
    """The voices' per-block caches kept 512 blocks whatever their length:
    single-paragraph articles of 30,000 characters held about 2 MB more
    after each call (45 MB after twenty); now the text they keep is bounded."""
    import gc
    import tracemalloc

    words = "the mayor said quay would open harbour council critics argue plan town".split()

    def article(number: int) -> str:
        sentences = (
            " ".join(words[(number + i + j) % len(words)] for j in range(12)).capitalize() + "."
            for i in range(420)
        )
        return f"Harbour news {number}\n{' '.join(sentences)} Number {number}.\n"

    qualitycheck.sentence_voices(article(-1))
    tracemalloc.start()
    try:
        for number in range(20):
            qualitycheck.sentence_voices(article(number))
        gc.collect()
        held, _peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert held < 30_000_000, held


def test_a_block_cache_keeps_the_newest_and_a_bounded_text():
    from qualitycheck.primitives.blockcache import BlockCache

    calls: list[str] = []

    def length(text: str) -> int:
        calls.append(text)
        return len(text)

    cache = BlockCache(length, maxsize=3, max_chars=10)
    assert [cache("a" * 20), cache("a" * 20)] == [20, 20] and len(calls) == 1
    for text in ("b", "cc", "ddd", "eeee"):
        cache(text)
    assert cache.held_chars() == 2 + 3 + 4  # three entries at most; the 20 went first
    cache("f" * 9)
    assert cache.held_chars() == 3 + 4 + 9
    cache("g" * 8)  # besides the newest, at most ten characters: the oldest go
    assert cache.held_chars() == 9 + 8
    cache.cache_clear()
    assert cache.held_chars() == 0


def test_the_furniture_clean_cuts_has_no_voice():
    """A data team keeping the writer's sentences must not get "Share This
    Article" as one: the voices are those of the text ``clean_text`` keeps."""
    text = (
        "Harbour reopens\n"
        "The quay reopened on Monday after a week of repairs.\n"
        "Share This Article\n"
        "Leave a Reply\n"
    )
    kept = qualitycheck.clean_text(text)
    found = qualitycheck.sentence_voices(text)
    assert [v.text for v in found] == ["The quay reopened on Monday after a week of repairs."]
    assert all(v.text in kept for v in found)


def test_no_voices_for_an_article_in_another_language():
    """The voices come from models of English news; ``check`` runs no claims
    model on another language, and no voice is given for one either."""
    french = (
        "Le port rouvre\n"
        "Le maire a déclaré que le quai ouvrirait en mai, après des mois de travaux.\n"
        "Il est certain que la ville en profitera pendant de longues années.\n"
    )
    assert qualitycheck.check_text(french).language == "fr"
    assert qualitycheck.sentence_voices(french) == []
    assert qualitycheck.sentence_voices(french, language="fr") == []
    assert [v.voice for v in qualitycheck.sentence_voices(ARTICLE, language="en")] == [
        v.voice for v in qualitycheck.sentence_voices(ARTICLE)
    ]


def test_a_checker_gives_the_same_voices_with_its_config():
    checker = qualitycheck.Checker({"disable": ["readability"]})
    assert checker.sentence_voices(ARTICLE) == qualitycheck.sentence_voices(ARTICLE)
    text = "Harbour reopens\nThe quay reopened on Monday.\nShare This Article\n"
    config = {"disable": ["boilerplate-share"], "models": {"boilerplate": {"enabled": False}}}
    shown = qualitycheck.sentence_voices(text, config=config)
    assert "Share This Article" in [v.text for v in shown]
    assert "Share This Article" not in [v.text for v in qualitycheck.sentence_voices(text)]


def test_a_checker_names_the_text_in_its_errors_as_check_text_does():
    """``Checker.sentence_voices`` takes ``id`` as ``check_text`` and
    ``clean_text`` do: a text over the size limit names it in the error."""
    checker = qualitycheck.Checker({"max_article_bytes": 1000})
    text = "Harbour\n" + "The quay reopened. " * 100
    for call in (checker.check_text, checker.clean_text, checker.sentence_voices):
        with pytest.raises(qualitycheck.InputError, match=r"^story-17: too large"):
            call(text, id="story-17")


def test_the_cached_voice_functions_pickle_by_name_as_lru_caches_did():
    import pickle

    from qualitycheck.detect.signals import speech

    for function in (speech.block_voices, speech.block_tags, learned_block_voices):
        assert pickle.loads(pickle.dumps(function)) is function


def test_the_recent_blocks_of_voice_of_are_bounded_by_their_text_too():
    """``speech.voice_of`` remembers the last blocks by identity: eight long
    blocks held their voices after their articles, whatever the block caches
    bound; besides the newest it keeps at most ``MAX_CHARS`` characters."""
    from qualitycheck.detect.signals import speech
    from qualitycheck.primitives.blockcache import MAX_CHARS

    blocks = []
    for number in range(10):
        text = " ".join(f"The mayor said quay {number} would open." for _ in range(800))
        blocks.append((text, segmentation.sentences(text)))
        speech.voice_of(text, blocks[-1][1], 0)
    assert speech._RECENT[0][0] is blocks[-1][0]
    assert sum(len(entry[0]) for entry in speech._RECENT[1:]) <= MAX_CHARS
    short = ("The mayor said so.", segmentation.sentences("The mayor said so."))
    for text, spans in (short, blocks[-1], short):
        speech.voice_of(text, spans, 0)
    assert [entry[0] for entry in speech._RECENT[:2]] == [short[0], blocks[-1][0]]
