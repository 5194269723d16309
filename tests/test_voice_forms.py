"""Reporting forms the voice tagger hears poorly, and the claim findings they
left on a source's words (a review of thirty fresh articles dense with
attribution): an interview's answer paragraphs ("A: ..."), a subject kept
from its reporting verb by a clause about it ("Alan Brookes, who was treated
there in 2021, said ..."), and what stands before a reporting aside ("The
savings were a sham, she said."). Each is checked both ways: the same cue in
the writer's own voice is still flagged.
"""

from __future__ import annotations

import pytest

from qualitycheck.config.settings import Config
from qualitycheck.detect.signals.attribution import attributed
from qualitycheck.detect.signals.framing import framed, framed_for, named_people
from qualitycheck.detect.signals.transcript import article_turns
from qualitycheck.pipeline.checker import Checker
from qualitycheck.readers.txt import parse_text


@pytest.fixture(scope="module")
def checker() -> Checker:
    return Checker(Config())


def claims(checker: Checker, text: str) -> set[tuple[int, str]]:
    """(line, text) of every claim finding, models included."""
    article = parse_text(text, "t", "t.txt", first_line_is_title=False)
    findings = checker.check(article).findings
    return {(f.line, f.text) for f in findings if f.category == "unsupported_claim"}


def test_an_interview_answer_is_the_interviewee_s_throughout(checker):
    text = (
        "Q: What frightens you?\n\n"
        "A: Success, probably. When you are full every night you stop listening. "
        "That is undoubtedly how I lost the first place.\n\n"
        "Q: What's next?\n\n"
        "Piwnica is undoubtedly the best restaurant in the city.\n"
    )
    found = claims(checker, text)
    assert not {line for line, _ in found} & {3}
    assert (7, "undoubtedly") in found
    article = parse_text(text, "t", "t.txt", first_line_is_title=False)
    assert article.blocks[1].index in article_turns(article)


@pytest.mark.parametrize(
    "sentence",
    [
        "Patient representative Alan Brookes, who was treated at the old unit in 2021, "
        "said the difference was remarkable.",
        "Former champion Martina Sels, commentating for television, called the match legendary.",
    ],
)
def test_a_clause_between_the_source_and_its_verb_keeps_the_source(checker, sentence):
    assert attributed(sentence)
    assert not claims(checker, sentence)


def test_a_clause_about_a_subject_that_speaks_of_nothing_stays_the_writer_s(checker):
    assert not attributed("The theory, using earlier tide tables, explains the flooding.")
    writer = "Alan Brookes, who was treated at the old unit, waited a remarkable five weeks."
    assert (1, "remarkable") in claims(checker, writer)


@pytest.mark.parametrize(
    ("sentence", "cue"),
    [
        (
            "Higher cocoa prices would probably weigh on margins in the second half, "
            "she added, but price rises already announced should offset most of the cost.",
            "probably",
        ),
        ("The savings were a sham, she said, and taxes would rise after the election.", "sham"),
        ("It was probably too late to win the Tour, he conceded.", "probably"),
        ("The loan, the mayor said on Tuesday, was undoubtedly a good deal.", "undoubtedly"),
        ("The match was legendary, said Martina Sels.", "legendary"),
        (
            "In his view she was already one of the greatest athletes the sport had produced.",
            "one of the greatest",
        ),
    ],
)
def test_the_words_a_reporting_aside_gives_a_source_are_not_flagged(checker, sentence, cue):
    assert attributed(sentence)
    assert cue not in {text for _, text in claims(checker, sentence)}


@pytest.mark.parametrize(
    ("sentence", "cue"),
    [
        # a clause of its own after the comma: the minister speaks only there
        ("Sales will probably fall, but the chief executive said the firm was ready.", "probably"),
        # a crowd, the writer or a passive is no aside's speaker
        ("The savings are obviously a sham, I think.", "sham"),
        ("The plan was undoubtedly a good deal, many said.", "undoubtedly"),
        ("In my view she is one of the greatest athletes the sport has produced.", "In my view"),
        # a name, not a speaker: "called" opening the aside
        (
            "It is remarkable that the villagers speak a dialect, called Old Varnish.",
            "remarkable",
        ),
        # "conceded" that is no speech: a clause with an object
        ("The striker was probably offside, the keeper conceded three goals.", "probably"),
    ],
)
def test_a_claim_beside_no_aside_stays_the_writer_s(checker, sentence, cue):
    assert cue in {text for _, text in claims(checker, sentence)}


@pytest.mark.parametrize(
    ("text", "cue"),
    [
        (
            "Economists at Fernley Bank estimated that deposits had risen by 40 percent. "
            "House prices would probably keep rising faster than wages, they wrote in a note.",
            "probably",
        ),
        (
            "Inspectors rated the home inadequate. "
            "They said managers had obviously been aware of the problems.",
            "obviously",
        ),
    ],
)
def test_they_with_a_past_reporting_verb_is_the_group_just_named(checker, text, cue):
    assert cue not in {found for _, found in claims(checker, text)}


@pytest.mark.parametrize(
    "text",
    ["They say the plan is obviously doomed.", "The plan is obviously doomed, they believe."],
)
def test_they_say_is_still_a_crowd(checker, text):
    assert "obviously" in {found for _, found in claims(checker, text)}


@pytest.mark.parametrize(
    ("text", "cues"),
    [
        # "called" in "so-called" read as a reporting verb after "the so-",
        # which looked like a definite source ("the mayor called"): the
        # sentence was taken as attributed and all its cues were dropped.
        (
            "But critics say the so-called affordable flats will cost far too much.",
            {"critics say", "so-called"},
        ),
        ("The so-called reform is obviously a tax on commuters.", {"so-called", "obviously"}),
    ],
)
def test_a_reporting_verb_inside_a_compound_word_names_no_source(checker, text, cues):
    assert not attributed(text)
    assert cues <= {found for _, found in claims(checker, text)}


def test_a_compound_word_does_not_hide_a_real_source(checker):
    sentence = "A self-described socialist, Ana Ruiz said the so-called reform was a sham."
    assert attributed(sentence)
    assert not claims(checker, sentence)


@pytest.mark.parametrize(
    "sentence",
    [
        "Ormand is convinced that the deal will undoubtedly pay off.",
        "Ormand is confident the deal will certainly pay off.",
        "The central bank's governor remains adamant that rates will obviously fall.",
    ],
)
def test_a_named_source_s_conviction_holds_the_view(checker, sentence):
    # "is convinced that" reports a belief as "believes that" does; the
    # tagger hears it poorly, and the booster was flagged as the writer's.
    assert attributed(sentence)
    assert not claims(checker, sentence)


@pytest.mark.parametrize(
    ("sentence", "cue"),
    [
        ("Many in the party are convinced the deal will undoubtedly fail.", "undoubtedly"),
        ("The team is confident of victory, and the final will obviously be close.", "obviously"),
    ],
)
def test_a_crowd_s_conviction_or_a_confidence_of_something_is_no_source(checker, sentence, cue):
    assert cue in {found for _, found in claims(checker, sentence)}


# Frames that give a sentence to a named source without a reporting verb (a
# review of probes dense with them): a possessive view and a colon, "As X put
# it", "In the view of X", a crowd with a named leader, "For X," where X is a
# person the article names. Each with the same words in the writer's voice.


@pytest.mark.parametrize(
    "sentence",
    [
        "Ormand's verdict: the deal is undoubtedly a good one.",
        "Brandt's answer was simple: the cut was obviously premature.",
        "Ormand's argument is that the deal is undoubtedly a bargain for households.",
        "The minister's conclusion: the rate cut was obviously premature.",
        "Vrane's message to voters: the deal is undoubtedly a blank cheque.",
        "The minister's take: the deal is undoubtedly a good one.",
        "Ormand's bottom line: the deal is undoubtedly a good one.",
        # a body's name after "The", as "the ministry's verdict" is an office's
        "The Treasury's view is that the offer is certainly generous.",
        "The Port Authority's verdict: the deal is undoubtedly a good one.",
    ],
)
def test_a_named_source_s_verdict_holds_the_view(checker, sentence):
    assert framed(sentence) == len(sentence)
    assert not claims(checker, sentence)


@pytest.mark.parametrize(
    ("sentence", "cue"),
    [
        ("The verdict is in: the deal is undoubtedly a good one.", "undoubtedly"),
        ("The bottom line: the deal is undoubtedly a good one.", "undoubtedly"),
        ("Our take: the deal is undoubtedly a good one.", "undoubtedly"),
        ("The common view is that the cut was obviously premature.", "obviously"),
        # the writer judges the view: no delivery of it
        ("Ormand's verdict was wrong: the deal is undoubtedly a bad one.", "undoubtedly"),
        # "the" and a thing, not an office
        ("The deal's message is plain: the blackouts are undoubtedly over.", "undoubtedly"),
        # a contrast after the frame is the writer's again
        ("Ormand's verdict: a good deal, but it is undoubtedly a risk.", "undoubtedly"),
        ("Ormand's verdict: a good deal — but it is undoubtedly a risk.", "undoubtedly"),
        ("Ormand's verdict: a good deal - but it is undoubtedly a risk.", "undoubtedly"),
        # a kind of person is no source: the writer generalises
        ("The average economist's view: the cut was obviously premature.", "obviously"),
        # history is no source: the writer judges
        ("History's verdict: the war was undoubtedly a disaster.", "undoubtedly"),
        ("Posterity's verdict: the war was undoubtedly a disaster.", "undoubtedly"),
        # a day is no source: the writer reads what the vote meant
        ("Sunday's verdict: the government is undoubtedly finished.", "undoubtedly"),
        ("Monday's message was clear: the strike is undoubtedly over.", "undoubtedly"),
        ("The Sunday's verdict: the government is undoubtedly finished.", "undoubtedly"),
    ],
)
def test_a_verdict_no_named_source_holds_stays_the_writer_s(checker, sentence, cue):
    assert cue in {found for _, found in claims(checker, sentence)}


@pytest.mark.parametrize(
    "sentence",
    [
        "As Brandt put it, the cut was obviously premature.",
        "As the minister sees it, the cable will certainly be finished on time.",
        "In the view of Lea Brandt, the cut was obviously premature.",
        # an editor named by office is a source; the board is the paper's voice
        "Editorial Director Holt's verdict: the deal is certainly fair.",
    ],
)
def test_as_a_named_source_puts_it_holds_the_view(checker, sentence):
    assert framed(sentence) == len(sentence)
    assert not claims(checker, sentence)


@pytest.mark.parametrize(
    ("sentence", "cue"),
    [
        ("As it turned out, the cut was obviously premature.", "obviously"),
        ("In the view of many, the cut was obviously premature.", "obviously"),
        ("In the eyes of the law, the deal is undoubtedly sound.", "undoubtedly"),
        ("As History has it, the deal was obviously a mistake.", "obviously"),
        # the paper's own board is the writer's voice, not a source
        ("In the view of the editorial board, the strike is undoubtedly justified.", "undoubtedly"),
        ("The editorial board's verdict: the strike is undoubtedly justified.", "undoubtedly"),
        # capitalised, as a style guide may have it: still the paper's, still anyone
        ("The Editorial Board's view: the strike is undoubtedly justified.", "undoubtedly"),
        ("The Average Voter's view is that the tax is obviously unfair.", "obviously"),
    ],
)
def test_as_it_turned_out_or_a_crowd_s_view_stays_the_writer_s(checker, sentence, cue):
    assert framed(sentence) is None
    assert cue in {found for _, found in claims(checker, sentence)}


def test_a_crowd_led_by_a_named_person_is_a_named_source(checker):
    # attributed, but the tagger tags the words after "argue that" just under
    # 0.5 ("critics" pulls them down), and the booster was the writer's
    sentence = (
        "The governor's critics, led by the opposition leader Piet Vrane, argue that "
        "the bank is undoubtedly no longer independent."
    )
    assert framed(sentence) == len(sentence)
    assert not claims(checker, sentence)


def test_a_crowd_with_a_named_member_among_them_is_a_named_source(checker):
    sentence = "Critics, Vrane among them, argue that the deal is undoubtedly a blank cheque."
    assert framed(sentence) == len(sentence)
    assert not claims(checker, sentence)


@pytest.mark.parametrize(
    ("sentence", "cue"),
    [
        (
            "The governor's critics argue that the bank is undoubtedly no longer free.",
            "critics argue",
        ),
        ("The protests, led by students, were undoubtedly the largest in a decade.", "undoubtedly"),
        # a crowd among them, not a named member
        (
            "Critics, many of them economists, argue that the deal is undoubtedly a cheque.",
            "undoubtedly",
        ),
        # no reporting verb after the leader: the writer describes the crowd
        ("The protests, led by Piet Vrane, were undoubtedly the largest in years.", "undoubtedly"),
    ],
)
def test_a_crowd_without_a_named_leader_or_verb_stays_the_writer_s(checker, sentence, cue):
    assert cue in {found for _, found in claims(checker, sentence)}


def claimed_sentences(checker: Checker, text: str) -> set[str]:
    """The sentences of ``text`` (split at ". ") a claim finding starts in."""
    article = parse_text(text, "t", "t.txt", first_line_is_title=False)
    starts = [f.start for f in checker.check(article).findings if f.category == "unsupported_claim"]
    found, offset = set(), 0
    for sentence in text.replace("\n\n", " ").split(". "):
        at = text.index(sentence, offset)
        if any(at <= start < at + len(sentence) for start in starts):
            found.add(sentence.strip().split(",")[0])
        offset = at
    return found


FRAMED_FOR = (
    "Energy minister Laila Ormand signed the cable agreement with Kessland on Tuesday.\n\n"
    "For Ormand, the deal is undoubtedly a good one. "
    "For Northbay, the deal is undoubtedly a turning point.\n\n"
    "For the finance minister, the rate cut was undoubtedly overdue. "
    "For the economy, the rate cut was undoubtedly premature. "
    "To Mr Vrane, the deal is obviously a blank cheque. "
    "To be sure, the deal is obviously a blank cheque.\n"
)


def test_for_a_person_gives_the_person_s_view_for_a_place_the_writer_s(checker):
    # "For Northbay," cannot be told from "For Ormand," in the sentence: the
    # article names Ormand a person ("Energy minister Laila Ormand")
    assert named_people([FRAMED_FOR]) >= {"Laila Ormand", "Ormand", "Vrane"}
    assert claimed_sentences(checker, FRAMED_FOR) == {
        "For Northbay",
        "For the economy",
        "To be sure",
    }


def test_for_a_name_the_article_gives_no_person_stays_the_writer_s(checker):
    # a known limit: with no office, title, age or "who" anywhere, a surname
    # is no person ("For Ormand," reads as "For Northbay,")
    text = "For Ormand, the deal is undoubtedly a good one.\n"
    assert framed_for(text) is None
    assert (1, "undoubtedly") in claims(checker, text)


def test_a_place_before_who_is_no_person(checker):
    # "Brandt of Vermont, who ...": the "who" is Brandt's, and "For Vermont,"
    # is the writer's judgement of what the law does there
    text = (
        "Senator Lea Brandt of Vermont, who wrote the farm law, spoke on Monday.\n\n"
        "For Vermont, the law is undoubtedly a windfall for dairy farms.\n"
    )
    assert "Vermont" not in named_people([text])
    assert "Brandt" in named_people([text])
    assert (3, "undoubtedly") in claims(checker, text)


def test_a_full_name_set_off_after_an_office_is_a_person(checker):
    text = (
        "The opposition leader, Piet Vrane, called the budget reckless.\n\n"
        "For Vrane, the budget is certainly a gift to the rich.\n"
    )
    assert "Vrane" in named_people([text])
    assert not claims(checker, text)


@pytest.mark.parametrize(
    "introduction",
    [
        "Arsenal drew, and the league leader, Port Vale, will go three clear on Monday.",
        "The market leader, Harbour Foods, cut its prices on Monday.",
    ],
)
def test_a_league_s_or_a_market_s_leader_set_off_is_no_person(checker, introduction):
    # The leader of a league or a market is a team or a company: "For Port
    # Vale," is the writer's judgement, as "For Arsenal," is.
    name = introduction.split(", ")[-2] if "Vale" in introduction else "Harbour Foods"
    text = f"{introduction}\n\nFor {name}, the title is certainly within reach.\n"
    assert name not in named_people([text])
    assert (3, "certainly") in claims(checker, text)


@pytest.mark.parametrize(
    ("introduction", "name"),
    [
        ("The championship leader, Max Verstappen, won in Austin on Sunday.", "Verstappen"),
        ("The race leader, Tadej Pogacar, lost a minute on the climb.", "Pogacar"),
        ("Another world leader, Emmanuel Macron, left the summit early.", "Macron"),
        ("The Socialist group leader, Iratxe Garcia, voted against the budget.", "Garcia"),
    ],
)
def test_a_driver_s_or_a_head_of_state_s_rank_set_off_is_a_person(checker, introduction, name):
    # A championship, a race, the world or a parliament's group is led by a
    # person as often as a league is by a team: the name set off after it is
    # a person's, and "For Verstappen," gives his view, not the writer's.
    text = f"{introduction}\n\nFor {name}, the title is certainly within reach.\n"
    assert name in named_people([text])
    assert not claims(checker, text)


@pytest.mark.parametrize(
    "introduction",
    [
        "Arsenal, who won 2-0 at Everton on Sunday, are three points clear.",
        "Arsenal, who have lost once all season, play Everton on Sunday.",
        "Manchester United drew again. United, who are eighth, play Arsenal next.",
    ],
)
def test_a_team_before_who_is_no_person(checker, introduction):
    # British English gives a team or a band "who": "For Arsenal," is then the
    # writer's judgement of the club's chances, as "For Northbay," is of a town's
    name = "United" if "United," in introduction else "Arsenal"
    text = f"{introduction}\n\nFor {name}, the title is certainly within reach.\n"
    assert name not in named_people([text])
    assert (3, "certainly") in claims(checker, text)


@pytest.mark.parametrize(
    "later",
    [
        "India won by 434 runs in Rajkot. England need to win here.",
        "The second Test was in Visakhapatnam. England lost it by 106 runs.",
    ],
)
def test_a_sentence_s_last_word_and_the_next_s_first_are_no_full_name(checker, later):
    # "Rajkot. England" is two sentences, not a full name whose surname is
    # England: the team before "who" stays no person, and "For England," the
    # writer's judgement of the side's day
    text = (
        "England, who had led by 46, lost seven wickets for 54 runs.\n\n"
        f"{later}\n\n"
        "For England, the collapse was certainly the worst of the tour.\n"
    )
    assert "England" not in named_people([text])
    assert (5, "certainly") in claims(checker, text)


def test_a_full_name_at_a_sentence_s_end_gives_its_surname(checker):
    # the surname of "Ana Holt." is Holt, not "Holt." with the sentence's dot
    text = (
        "The motion was put by Ana Holt. On Monday, Holt, who wrote the report, spoke first.\n\n"
        "For Holt, the plan is certainly affordable.\n"
    )
    assert "Holt" in named_people([text])
    assert not claims(checker, text)


def test_a_surname_or_a_full_name_before_who_is_a_person(checker):
    text = (
        "Laila Ormand signed the cable deal on Tuesday. Ormand, who took the energy brief "
        "in May, was in Kessland. Piet Vrane, who leads the opposition, was not.\n\n"
        "For Ormand, the deal is undoubtedly a good one. For Vrane, it is certainly a blunder.\n"
    )
    assert named_people([text]) >= {"Ormand", "Vrane", "Piet Vrane"}
    assert not claims(checker, text)


def test_a_full_name_framed_whose_surname_is_a_person_s_is_a_person(checker):
    # the frame gives the full name, the article only the surname before
    # "who": "For Unai Emery," is the manager's view, as "For Emery," is
    text = (
        "Villa drew 1-1 with Forest. Emery, who made three changes, left Rogers on the bench.\n\n"
        "For Unai Emery, the draw was certainly a fair reflection of the game.\n"
    )
    assert "Emery" in named_people([text])
    assert not claims(checker, text)


@pytest.mark.parametrize(
    ("sentence", "writer_s"),
    [
        ("For chief executive Mira Okafor, the quarter was certainly a vindication.", False),
        ("For finance minister Laila Ormand, the deal is certainly a good one.", False),
        # the office capitalised as a title
        ("For Finance Minister Laila Ormand, the deal is certainly a good one.", False),
        ("For Chief Executive Mira Okafor, the quarter was certainly a vindication.", False),
        ("For League Leader Port Vale, the title is certainly within reach.", True),
        # a league's or a market's leader is a team or a company, as set off
        ("For league leader Port Vale, the title is certainly within reach.", True),
        ("For market leader Harbour Foods, the quarter was certainly a record.", True),
    ],
)
def test_for_an_office_in_lower_case_and_a_full_name_is_the_holder_s(checker, sentence, writer_s):
    # no "the" before the office: "For chief executive Mira Okafor," gives her
    # view as "For the chief executive," and "For Ms Okafor," do
    text = f"Results were published on Thursday.\n\n{sentence}\n"
    assert bool(claims(checker, text)) is writer_s


def test_a_surname_before_who_and_a_singular_verb_is_a_person(checker):
    # the article never gives Ormand's full name, but "who has" wants one
    # person: a team takes "who have" in British English
    text = (
        "Ormand, who has championed the deal since 2022, said it would pass.\n\n"
        "For Ormand, the deal is certainly a good one.\n"
    )
    assert "Ormand" in named_people([text])
    assert not claims(checker, text)


@pytest.mark.parametrize(
    "introduction",
    [
        "Amina, who asked that her surname not be used, fled Khartoum in 2023.",
        "Yusuf, who turned 12 in March, says he wants to be a doctor like his mother.",
    ],
)
def test_a_first_name_before_who_with_his_or_her_is_a_person(checker, introduction):
    # A feature names a refugee or a child by first name only: "her" or "he"
    # in the "who" clause or the sentence it opens is a person's, never a
    # team's ("Arsenal, who have lost their last two").
    name = introduction.split(",")[0]
    text = f"{introduction}\n\nFor {name}, the new flat is undoubtedly a relief.\n"
    assert name in named_people([text])
    assert not claims(checker, text)


@pytest.mark.parametrize(
    "sentence",
    [
        "For the average manager, the new rules are undoubtedly a burden.",
        "For the first-time author, the market is undoubtedly harder than ever.",
        "To the typical lawyer, the hours are undoubtedly brutal.",
    ],
)
def test_for_a_kind_of_person_stays_the_writer_s(checker, sentence):
    # "the average manager" is anyone in the office, not one who holds a view:
    # the writer generalises
    assert framed_for(sentence) is None
    assert "undoubtedly" in {found for _, found in claims(checker, sentence)}


@pytest.mark.parametrize(
    "sentence",
    [
        "In Ormand's eyes, the deal is undoubtedly a good one.",
        "To Ormand's mind, the deal is undoubtedly a good one.",
        "From the minister's point of view, the deal is undoubtedly a good one.",
    ],
)
def test_a_named_source_s_eyes_or_mind_holds_the_view(checker, sentence):
    assert framed(sentence) == len(sentence)
    assert not claims(checker, sentence)


@pytest.mark.parametrize(
    "sentence",
    [
        "In our eyes, the deal is undoubtedly a good one.",
        "To my mind, the deal is undoubtedly a good one.",
        "From any point of view, the deal is undoubtedly a good one.",
    ],
)
def test_the_writer_s_eyes_or_mind_stay_the_writer_s(checker, sentence):
    assert framed(sentence) is None
    assert "undoubtedly" in {found for _, found in claims(checker, sentence)}


def test_a_named_source_of_the_view_that_holds_the_view(checker):
    sentence = "Ormand is of the view that the deal is undoubtedly a good one."
    assert framed(sentence) == len(sentence)
    assert not claims(checker, sentence)


def test_a_crowd_of_the_view_that_stays_the_writer_s(checker):
    sentence = "Many are of the view that the deal is undoubtedly a good one."
    assert framed(sentence) is None
    assert "undoubtedly" in {found for _, found in claims(checker, sentence)}
