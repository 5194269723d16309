"""A transcript's turns ("KOVALENKO: ...", "[00:01:09] LINDQVIST: ...", "THE
COURT: ...", "**Harwood:** ...") are their speakers' words, not the
writer's: no claim finding may land on them (issue 16), while the writer's
own introduction and closing paragraphs are still judged, and a paragraph's
run-in head ("Note:", "Update:", "Background:") names no speaker.
"""

from __future__ import annotations

import pytest
from conftest import CpuClock
from hypothesis import given, settings
from hypothesis import strategies as st

from qualitycheck.readers.txt import parse_text

INTRO = (
    "President Anton Varga of Lorvia sat down with our correspondent on Thursday.\n\n"
    "The Lorvian economy has obviously been shrinking for two years.\n\n"
)
TURNS = [
    ("INTERVIEWER", "Have the sanctions worked, Mr President?"),
    ("VARGA", "Of course not. The sanctions are a disastrous mistake, and we certainly grew."),
    ("INTERVIEWER", "Your opponents say the vote in March was not free."),
    ("VARGA", "That is absurd propaganda. The vote was undoubtedly the cleanest we have held."),
]
CONTINUATION = "The opposition is a sham, and it will probably be gone by the autumn.\n\n"
OUTRO = "Lorvia's new bridge is undoubtedly the ugliest in Europe.\n"


def claims(cli, tmp_path, name: str, text: str) -> list[tuple[int, str]]:
    """(line, text) of every claim finding, models included."""
    (tmp_path / name).write_text(text, encoding="utf-8")
    result = cli("check", name, "--format", "json", cwd=tmp_path)
    findings = result.json()["articles"][0]["findings"]
    return sorted((f["line"], f["text"]) for f in findings if f["category"] == "unsupported_claim")


def article(label: str) -> str:
    """The interview with each turn's label written as ``label`` makes it."""
    turns = [f"{label.format(name=name)} {words}" for name, words in TURNS]
    turns.insert(2, CONTINUATION.strip())
    return "Varga: the interview\n\n" + INTRO + "\n\n".join(turns) + "\n\n" + OUTRO


@pytest.mark.parametrize(
    "label",
    ["{name}:", "[00:12:31] {name}:", "{name} (President of Lorvia):"],
)
def test_a_transcript_s_turns_are_their_speakers_words(cli, tmp_path, label):
    text = article(label)
    lines = text.splitlines()
    found = claims(cli, tmp_path, "a.txt", text)
    writer = {lines.index(line) + 1 for line in lines if "obviously" in line or "ugliest" in line}
    assert {line for line, _ in found} == writer
    assert (min(writer), "obviously") in found


def test_turns_in_markdown_bold_and_html_strong_labels(cli, tmp_path):
    markdown = article("**{name}:**").replace("Varga: the interview", "# Varga: the interview")
    found = claims(cli, tmp_path, "a.md", markdown)
    assert [cue for _, cue in found] == ["obviously", "undoubtedly"]
    paragraphs = article("<strong>{name}:</strong>").split("\n\n")
    body = "".join(f"<p>{p.strip()}</p>\n" for p in paragraphs[1:])
    html = f"<h1>Varga: the interview</h1>{body}"
    found = claims(cli, tmp_path, "b.html", f"<html><body><article>{html}</article></body></html>")
    assert [cue for _, cue in found] == ["obviously", "undoubtedly"]


def test_a_court_and_a_parliament_record(cli, tmp_path):
    court = (
        "Judge rebukes prosecutors\n\n"
        "A transcript of Tuesday's hearing was released on Wednesday.\n\n"
        "THE COURT: Mr. Jones, the evidence is late again. It is frankly outrageous.\n\n"
        "MR. JONES: Your Honor, we certainly did not intend the delay.\n\n"
        "THE COURT: I will probably rule on that tomorrow.\n"
    )
    assert claims(cli, tmp_path, "a.txt", court) == []
    commons = (
        "Housing dominates questions\n\n"
        "Housing dominated Wednesday's session. The following is from the official record.\n\n"
        "Mr Speaker: Order. Questions to the Prime Minister.\n\n"
        "Sarah Whitcombe (Eastfield) (Lab): Is this not a disgraceful betrayal of families?\n\n"
        "The Prime Minister: Her party's record on housing is frankly appalling.\n\n"
        "Sarah Whitcombe: His target is obviously a sham, Mr Speaker.\n"
    )
    assert claims(cli, tmp_path, "b.txt", commons) == []


def test_a_story_that_quotes_a_transcript_is_judged_after_it(cli, tmp_path):
    text = (
        "Minister defends rail plan\n\n"
        "Transport Minister Paul Everett was asked about the northern line on Sunday.\n\n"
        "HOST: Minister, is the line going to be built?\n\n"
        "EVERETT: Of course it is. The critics are frankly absurd.\n\n"
        "HOST: The budget has doubled.\n\n"
        "EVERETT: It has grown, certainly, but the benefits will obviously be larger.\n\n"
        "The answer was unconvincing. The line is undoubtedly doomed.\n"
    )
    assert claims(cli, tmp_path, "a.txt", text) == [(13, "undoubtedly")]


FAQ = (
    "Q: Is the tap water safe to drink again?\n\n"
    "A: Yes, and it is undoubtedly the best tap water in the region.\n\n"
    "Q: Why did the notice last nine days?\n\n"
    "A: The water company's response was a disastrous failure from the start.\n"
)


def test_a_writer_s_own_questions_and_answers_are_judged(cli, tmp_path):
    """An explainer in questions and answers is the writer's voice: nobody is
    interviewed, and its answers speak of the reader, not of an "I"."""
    intro = "Readers have sent us dozens of questions since the notice was lifted.\n\n"
    found = claims(cli, tmp_path, "a.txt", "Your questions answered\n\n" + intro + FAQ)
    assert found == [(7, "undoubtedly"), (11, "disastrous")]


def test_the_same_answers_in_an_interview_are_the_interviewee_s(cli, tmp_path):
    intro = "The water board's chair, Ruth Ames, spoke to us on Monday.\n\n"
    assert claims(cli, tmp_path, "a.txt", "Water chief answers\n\n" + intro + FAQ) == []


def test_labels_that_name_a_role_in_lower_case(cli, tmp_path):
    """ "Audience member:", "Second caller:", "Defence counsel:": a role in
    words after a capitalised first one is a speaker's label too."""
    text = (
        "Callers on the bin strike\n\n"
        "The bin strike entered its third week, and the station opened its lines.\n\n"
        "Host: Good morning. First caller, you are on the air.\n\n"
        "First caller: The rubbish on my street is a disgraceful sight.\n\n"
        "Host: Do you blame the drivers or the council?\n\n"
        "First caller: The council, certainly.\n\n"
        "Second caller: I drive a lorry myself. The pay offer is an absurd insult.\n\n"
        "The strike is undoubtedly the longest in the city's history.\n"
    )
    assert claims(cli, tmp_path, "a.txt", text) == [(15, "undoubtedly")]


DEBATE = (
    "MODERATOR: Taxes. Mr Halvorsen first.\n\n"
    "HALVORSEN: The Briggs plan is a giveaway. Property owners will certainly pay for it.\n\n"
    "BRIGGS: Nonsense. The Halvorsen numbers are obviously invented.\n\n"
    "MODERATOR: Schools next.\n\n"
    "HALVORSEN: The schools budget is a sham.\n\n"
    "BRIGGS: The schools budget is undoubtedly the largest in a decade.\n\n"
    "The candidates meet again on Friday. The format is undoubtedly tired.\n"
)


def test_turns_that_neither_speak_nor_ask_under_a_moderator(cli, tmp_path):
    """Debaters who assert and never say "I" or "you" still take turns: a
    moderator's label and an introduction naming excerpts or a debate say so."""
    intro = "The two candidates for governor met at the civic hall on Tuesday. Excerpts follow.\n\n"
    found = claims(cli, tmp_path, "a.txt", "Candidates clash on taxes\n\n" + intro + DEBATE)
    assert found == [(17, "undoubtedly")]


def test_a_fact_box_s_host_is_no_moderator(cli, tmp_path):
    """ "Host:" in a fact box names a city: with no introduction of an
    exchange and no turn that speaks, the writer's claims there are judged."""
    text = (
        "Cycling race comes to Yorkshire\n\n"
        "The Tour of the Dales returns in June.\n\n"
        "Host: the city of Leeds, for the third time.\n\n"
        "Route: seven stages. The climb at Buttertubs is obviously the decisive moment.\n\n"
        "Host: the start in Harrogate was dropped after the floods.\n"
    )
    assert claims(cli, tmp_path, "a.txt", text) == [(7, "obviously")]


def test_a_programme_s_chair_and_speaker_are_no_debate(cli, tmp_path):
    """ "Chair:" and "Speaker:" in a festival's programme name who fills a
    role: one "you" and a chair's label are no exchange, and the writer's
    praise of a speaker is judged."""
    text = (
        "What's on at the science festival\n\n"
        "The science festival opens on Friday with a talk on nuclear power.\n\n"
        "Chair: Prof Ann Lee. She will keep you in order.\n\n"
        "Speaker: Dr Tom Hall. He is undoubtedly the best lecturer in the county.\n\n"
        "Chair: Dr Rhys Owen.\n\n"
        "Speaker: Maria Kent. Her talk on comets is certainly the highlight of the week.\n"
    )
    assert claims(cli, tmp_path, "a.txt", text) == [(7, "undoubtedly"), (11, "certainly")]


def test_a_scorecard_that_names_its_subject_is_the_writer_s(cli, tmp_path):
    """A debate scorecard heads each verdict with the debater's office and name
    ("Housing minister Dev Raman: Raman was ..."): a paragraph that speaks of
    its label's name in the third person is the writer's note on that person,
    not the person's turn, and the writer's verdicts are judged."""
    text = (
        "Debate scorecard: how Raman and Vrane did\n\n"
        "The housing minister and the opposition leader met for a second televised debate "
        "on Thursday. Here is how each did.\n\n"
        "Housing minister Dev Raman: Raman was certainly the more confident of the two. "
        "Did he answer the question on caps? No.\n\n"
        "Opposition leader Piet Vrane: Vrane had the better figures but read them off a "
        "card.\n\n"
        "Housing minister Dev Raman: Raman's promise of 40,000 homes is undoubtedly the "
        "boldest pledge of the campaign.\n\n"
        "Opposition leader Piet Vrane: Vrane attacked the pledge but offered no number of "
        "his own. Why not?\n"
    )
    assert claims(cli, tmp_path, "a.txt", text) == [(5, "certainly"), (9, "undoubtedly")]


def test_a_scorecard_under_plain_names_is_the_writer_s(cli, tmp_path):
    """The same scorecard headed by names alone ("Ana Holt: Holt was ..."): its
    first sentence read as a headline's "Sanders: Clinton needs to ..." (a
    named speaker's words) and hid the verdict its paragraph's next sentence
    had flagged; a speaker's own words after the same label stay hers."""
    text = (
        "Our verdict on the housing debate\n\n"
        "Here is how our reporters scored the two speakers on Tuesday.\n\n"
        "Ana Holt: Holt was certainly the better prepared of the two. Her answer on "
        "footfall was undoubtedly the moment of the night.\n\n"
        "Tom Hall: Hall was certainly at his best with stories rather than numbers.\n\n"
        "Ana Holt: The evidence is certainly on our side.\n"
    )
    assert claims(cli, tmp_path, "a.txt", text) == [
        (5, "certainly"),
        (5, "undoubtedly"),
        (7, "certainly"),
    ]


def test_labels_of_many_names_cost_what_one_name_does():
    """Whether a paragraph speaks of its label's name is found without a
    pattern made of that name: compiled for each new name, 40,000 labels of
    as many speakers (a long hearing's record) cost four to five times what
    40,000 labels of one speaker do. The label is still read, and a
    paragraph naming its own label's person still has none."""
    from qualitycheck.detect.signals.transcript import label_of

    def name(number: int) -> str:
        letters = ""
        while number:
            number, digit = divmod(number, 26)
            letters += "abcdefghijklmnopqrstuvwxyz"[digit]
        return "K" + letters

    def cpu_seconds(names: list[str]) -> float:
        paragraphs = [f"{n}: we will talk about the harbour plan today." for n in names]
        with CpuClock() as clock:
            labels = [label_of(paragraph) for paragraph in paragraphs]
        assert labels == [n.lower() for n in names]
        return clock.seconds

    many = [name(number) for number in range(1_000, 41_000)]
    cpu_seconds(many[:1_000])  # warm-up
    one, each = cpu_seconds(["Kabc"] * len(many)), cpu_seconds(many)
    assert each < max(0.05, 2.5 * one), f"one name: {one:.2f} s, 40,000 names: {each:.2f} s"
    assert label_of("Dev Raman: Raman was the more confident.") is None
    assert label_of("Dev Raman: Ramanathan was the more confident.") == "dev raman"


@pytest.mark.parametrize(
    ("paragraph", "label"),
    [
        # a chair names the office in the third person; a speaker may say his name
        ("Chair: The Chair recognises Ms Holt for a question.", "chair"),
        ("Minister: The Minister has answered that point already.", "minister"),
        ("Raman: I am Raman and I will answer for the council.", "raman"),
        # the writer's note on Raman
        ("Dev Raman: Raman was certainly the more confident of the two.", None),
    ],
)
def test_a_label_that_names_itself_in_a_turn_is_a_speaker_s(paragraph, label):
    from qualitycheck.detect.signals.transcript import label_of

    assert label_of(paragraph) == label


def test_a_debate_listing_s_chair_and_sides_are_no_debate(cli, tmp_path):
    """A listing names each motion's sides and chair ("For: Ana Holt, housing
    campaigner", "Chair: Mark Ellis"): names, not sentences, so the chair's
    label stands for no turn that speaks, and the writer's praise between the
    listings is judged."""
    text = (
        "This week's debate at the Northbay Institute\n\n"
        "The Institute's monthly debate returns on Tuesday with a motion on housing.\n\n"
        "For: Ana Holt, housing campaigner\n\n"
        "Against: Tom Hall, estate agent\n\n"
        "Chair: Mark Ellis\n\n"
        "This is certainly the debate of the season, and tickets will go fast.\n\n"
        "For: Lea Brandt, planner\n\n"
        "Against: Sam Ode, farmer\n\n"
        "Chair: Mark Ellis\n\n"
        "The green belt motion is undoubtedly the harder one to argue.\n"
    )
    assert claims(cli, tmp_path, "a.txt", text) == [(11, "certainly"), (19, "undoubtedly")]
    # A title's dot ends no sentence: "Dr. Ana Holt" is still a name, not a turn.
    titled = text.replace("For: ", "For: Dr. ").replace("Against: ", "Against: Prof. ")
    assert claims(cli, tmp_path, "b.txt", titled) == [(11, "certainly"), (19, "undoubtedly")]


def test_a_list_of_places_takes_no_turns():
    """Labels that repeat, but nobody speaks: a list of towns."""
    from qualitycheck.detect.signals.transcript import article_turns

    text = (
        "Local news\n\n"
        "Palm Vale: the new library opened on Monday.\n\n"
        "Rockport: the harbour wall will be repaired in June.\n\n"
        "Palm Vale: the bypass is two years late.\n\n"
        "Rockport: the market hall reopens on Saturday.\n"
    )
    assert article_turns(parse_text(text, "t", "t.txt")) == frozenset()


@pytest.mark.parametrize(
    ("paragraph", "label"),
    [
        ("KOVALENKO: Of course not.", "kovalenko"),
        ("Mr Patel (council finance chair): If I may add.", "mr patel"),
        ("[00:01:09] LINDQVIST: Disastrous, honestly.", "lindqvist"),
        ("THE COURT: Intentions are irrelevant.", "the court"),
        ("Dr. Amara Okafor: The speed.", "dr. amara okafor"),
        ("Q: Will schools close?", "q"),
        ("Audience member: Why should we believe you?", "audience member"),
        ("Second caller: I drive a lorry myself.", "second caller"),
        ("Defence counsel: You were paid, were you not?", "defence counsel"),
        ("Housing minister Dev Raman: The towns will be built.", "housing minister dev raman"),
        ("Good news for renters: the cap stays.", None),
        ("The new minister: a profile.", None),
        ("Note: the figures are provisional.", None),
        ("Update: the ministry said on Monday that it would publish a budget.", None),
        ("Background: the line was first proposed in 2014.", None),
        ("Editor's note: this story was corrected.", None),
        ("The reason is simple: nobody paid.", None),
        ("WHY IT MATTERS: the bridge carries 40,000 cars a day.", None),
    ],
)
def test_a_label_is_a_name_or_a_role(paragraph, label):
    from qualitycheck.detect.signals.transcript import label_of

    assert label_of(paragraph) == label


@pytest.mark.parametrize("head", ["Note:", "Update:", "Background:", "Editor's note:"])
def test_a_run_in_head_names_no_speaker(cli, tmp_path, head):
    """A paragraph's run-in head is no headline's speaker ("Sanders: Clinton
    needs to ..."): what follows it is the writer's, judged as without it."""
    sentence = "it was undoubtedly the finest mill in the county."
    lead = "The Hartley mill will close at the end of the month, its owners said on Friday.\n\n"
    with_head = claims(cli, tmp_path, "a.txt", f"Mill to close\n\n{lead}{head} {sentence}\n")
    plain = claims(cli, tmp_path, "b.txt", f"Mill to close\n\n{lead}{sentence.capitalize()}\n")
    assert (
        [cue for _, cue in with_head] == [cue for _, cue in plain] == ["the finest", "undoubtedly"]
    )


def test_a_court_s_dotted_questions_and_answers(cli, tmp_path):
    """ "Q." and "A." open a cross-examination's turns; a lone "A." is an initial."""
    text = (
        "Witness describes crash\n\n"
        "The transcript of Tuesday's hearing reads:\n\n"
        "Q. Did you see the car?\n\n"
        "A. Yes, it was obviously speeding, and the driver was absurd.\n\n"
        "Q. Are you sure?\n\n"
        "A. Certainly.\n"
    )
    assert claims(cli, tmp_path, "a.txt", text) == []
    initial = "Bridge opens\n\nA. J. Harlow, the engineer, built undoubtedly the finest bridge.\n"
    assert claims(cli, tmp_path, "b.txt", initial) == [(3, "the finest"), (3, "undoubtedly")]


def test_a_checked_article_is_not_kept_alive_by_its_turns_or_people():
    """The turns and the people an article names are worked out once per
    article and kept on it: a module-level cache of the last few articles
    held them, text and all, after the run (and freed them in the middle of
    the next one)."""
    import gc
    import weakref

    from qualitycheck.config.settings import Config
    from qualitycheck.pipeline.checker import Checker

    checker = Checker(Config())
    text = INTRO + "".join(f"{who}: {said}\n\n" for who, said in TURNS) + OUTRO
    text += "Energy minister Laila Ormand spoke on Friday.\n\n"
    text += "For Ormand, the deal is undoubtedly good.\n"
    article = parse_text("Varga interview\n" + text, "a", "a.txt")
    result = checker.check(article)
    assert any(f.category == "unsupported_claim" for f in result.findings)
    alive = weakref.ref(article)
    del article, result
    gc.collect()
    assert alive() is None


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="QAa Sm:.*[]()0123\t\nÉ'-", max_size=40))
def test_a_paragraph_without_a_colon_or_a_dotted_q_or_a_has_no_label(text: str) -> None:
    """``speaker_turns`` matches a paragraph's label only when it holds ":",
    "Q." or "A.": the label patterns must never match without them."""
    from qualitycheck.detect.signals.transcript import _DOTTED, _LABEL

    assert ":" in text or _LABEL.match(text) is None
    assert "Q." in text or "A." in text or _DOTTED.match(text) is None
