"""Claim cues in a sense that judges nothing: words written for this test."""

from __future__ import annotations


def claims(cli, tmp_path, body: str) -> list[tuple[str, str]]:
    path = tmp_path / "a.txt"
    path.write_text("Headline\n" + body, encoding="utf-8")
    result = cli("check", path, "--format", "json", "--no-models")
    findings = result.json()["articles"][0]["findings"]
    return [(f["rule"], f["text"]) for f in findings if f["category"] == "unsupported_claim"]


def test_outstanding_as_unpaid_or_remaining_is_not_praise(cli, tmp_path):
    # "Outstanding" also means unpaid, unresolved or not yet counted: a live
    # blog's "the outstanding vote" or a court's "an outstanding warrant" is
    # no "Praise without a source".
    body = (
        "Most of the outstanding vote is in the suburbs around the capital.\n"
        "Police stopped a driver with an outstanding warrant for theft.\n"
        "The firm had 41 million shares outstanding and £2m of outstanding debts.\n"
        "Two questions remain outstanding: the route and the cost.\n"
        "The ferry crews did an outstanding job in the storm.\n"
    )
    assert claims(cli, tmp_path, body) == [("claim-peacock", "outstanding")]


def test_a_cue_written_as_part_of_a_name_is_not_the_writers_judgement(cli, tmp_path):
    # Capitalised after a word of its sentence, the cue is part of a name; in
    # capitals, as "I", opening the sentence or in a title-case line (a
    # headline, where every word has a capital) it is still the writer's.
    body = (
        "Iran's Revolutionary Guards seized a tanker in the Gulf on Friday.\n"
        "The Ministry of Information and Propaganda printed the leaflets.\n"
        "He drew the comic 'Spectacular Spider-Man' for two years.\n"
        "Revolutionary ideas rarely survive a budget meeting.\n"
        "The council was blunt, but I think the vote was a SHAM.\n"
        "Why The Absurd Parking Rules Must Go\n"
    )
    assert claims(cli, tmp_path, body) == [
        ("claim-peacock", "Revolutionary"),
        ("claim-editorial-voice", "I think"),
        ("claim-loaded-language", "SHAM"),
        ("claim-loaded-language", "Absurd"),
    ]


def test_skip_names_can_be_switched_off(cli, tmp_path):
    (tmp_path / "house").mkdir()
    (tmp_path / "house" / "names.yaml").write_text(
        "rules:\n"
        "  - id: house-praise\n"
        "    kind: claim\n"
        "    category: unsupported_claim\n"
        "    message: 'Praise: \"{match}\"'\n"
        "    skip_names: false\n"
        "    cues: [revolutionary]\n",
        encoding="utf-8",
    )
    path = tmp_path / "a.txt"
    path.write_text("Headline\nIran's Revolutionary Guards seized a tanker.\n", encoding="utf-8")
    result = cli("check", path, "--format", "json", "--no-models", "--rules", tmp_path / "house")
    found = [(f["rule"], f["text"]) for f in result.json()["articles"][0]["findings"]]
    assert ("house-praise", "Revolutionary") in found


def test_how_many_people_counts_people_and_names_no_source(cli, tmp_path):
    body = (
        "How many people come in just to read the papers? About half, the librarian said.\n"
        "Nobody knows how many residents have left the town since the mine closed.\n"
        "Many residents want the mine reopened.\n"
    )
    assert claims(cli, tmp_path, body) == [("claim-vague-source", "Many residents")]


def test_offence_names_are_not_the_writers_verdict(cli, tmp_path):
    # A court report names the offence: "hoax" and "sham" there are the charge's
    # words; the same words as the writer's verdict still warn.
    body = (
        "A man who made hoax bomb calls to three schools, forcing more than 2,000 pupils "
        "to be evacuated, has been jailed for two years.\n"
        "Kieran Walsh, 27, pleaded guilty to three counts of communicating false "
        "information with intent to cause a bomb hoax.\n"
        "His brother was convicted of arranging a sham marriage to obtain a visa.\n"
        "The whole inquiry was a sham from the start.\n"
    )
    assert claims(cli, tmp_path, body) == [("claim-loaded-language", "sham")]


def test_a_group_that_things_happen_to_is_no_source(cli, tmp_path):
    # A group is a vague source when it says, believes or judges something, or is
    # cited as one; "many residents were evacuated" counts people and cites no one.
    body = (
        "Many residents were evacuated during last year's flood.\n"
        "Some residents left the town after the mine closed.\n"
        "Several players were injured in the second half.\n"
        "The campaign sent him to cities that are home to many black voters.\n"
        "Many residents found their roads blocked by fallen trees.\n"
        "Some residents called the police after a tree fell on a parked car.\n"
        "Several players held a minute's silence before the match.\n"
        "Some historians, however, claim that the bridge is Roman.\n"
        "Many economists expect the central bank to cut rates in May.\n"
        "Most critics found it too long.\n"
    )
    assert claims(cli, tmp_path, body) == [
        ("claim-vague-source", "Some historians"),
        ("claim-vague-source", "Many economists"),
        ("claim-vague-source", "Most critics"),
    ]


def test_the_greatest_of_a_quantity_measures_and_does_not_praise(cli, tmp_path):
    body = (
        "Average earnings rose 5.6 per cent, the greatest rise since records began.\n"
        "The coastal wards had the greatest number of flooded homes.\n"
        "The band was the greatest act the festival had ever booked.\n"
    )
    assert claims(cli, tmp_path, body) == [("claim-peacock", "the greatest")]


def test_cannot_seem_to_is_inability_not_a_guess(cli, tmp_path):
    # "cannot seem to sit still" (a clean theatre review) and "just can't seem to
    # convince the voters" (attribution train pn-0090) say someone is unable to
    # do something; nobody is guessing. A plain "seem to" is still speculation.
    body = (
        "In the early scenes he laughs too loudly and cannot seem to sit still.\n"
        "The home side couldn't seem to find a way past the goalkeeper.\n"
        "He just can’t seem to convince the voters.\n"
        "The players seem to have given up on the season.\n"
    )
    assert claims(cli, tmp_path, body) == [("claim-speculation", "seem to")]


def test_a_vox_pop_followed_by_a_named_quote_is_reporting(cli, tmp_path):
    # Lay people the reporter spoke to ("some residents", "several voters"),
    # followed by a quotation from one of them by name, is a vox pop: the
    # reporter is the source and names a voice. An unnamed group of experts stays
    # vague however the next sentence reads, and so does a group whose quotation
    # comes from no named person.
    body = (
        "The city introduced paid seats along the route. Some residents criticised "
        'the idea. "The festival belongs to the streets, not to tourists," said Mr '
        "Kenji Ueda, whose family has built a float for four generations.\n"
        "At a polling station in the old town, several voters said they had brought "
        "lists prepared by their relatives.\n"
        '"I read the names last night and I still do not know them," said Elena '
        "Duarte, an accountant.\n"
        "Some historians doubt the story. "
        '"There is no record of it anywhere," said Anna Berg.\n'
        "Many residents say the square is too dark. "
        '"We will add more lamps next year," the council said.\n'
    )
    assert claims(cli, tmp_path, body) == [
        ("claim-vague-source", "Some historians"),
        ("claim-vague-source", "Many residents"),
    ]


def test_so_called_before_a_gloss_introduces_a_term(cli, tmp_path):
    # A translator keeps a term of the original and glosses it: "so-called"
    # then introduces the term rather than doubting it. Without a gloss, or
    # before an acronym in brackets, it still casts doubt.
    body = (
        "The law keeps the so-called Haltelinie (holding line) of 48 per cent.\n"
        "Sales of so-called new energy vehicles, a category that includes hybrids, rose.\n"
        "The so-called reform raised fares for every commuter.\n"
        "The so-called Donetsk People's Republic (DPR) held a vote.\n"
    )
    assert claims(cli, tmp_path, body) == [
        ("claim-distancing", "so-called"),
        ("claim-distancing", "so-called"),
    ]


def test_a_block_quote_is_its_speakers_voice_not_the_writers(cli, tmp_path):
    """A speech quoted at length in a Markdown or HTML block quote has no
    quotation marks, so the claim rules took "I think ... clearly the best"
    for the writer's opinion; the same words in the article's own paragraph
    still are."""
    opinion = (
        "I think this is clearly the best plan the city has seen in a generation, "
        "and everyone knows it."
    )
    lead = "The mayor set out her housing plan to the council on Tuesday evening."
    tail = "The council will vote on the plan next month."
    (tmp_path / "a.md").write_text(f"# Plan\n\n{lead}\n\n> {opinion}\n\n{tail}\n", encoding="utf-8")
    (tmp_path / "b.html").write_text(
        f"<h1>Plan</h1><p>{lead}</p><blockquote><p>{opinion}</p></blockquote><p>{tail}</p>",
        encoding="utf-8",
    )
    (tmp_path / "c.md").write_text(f"# Plan\n\n{lead}\n\n{opinion}\n\n{tail}\n", encoding="utf-8")
    result = cli("check", "a.md", "b.html", "c.md", "--format", "json", cwd=tmp_path)
    claims_of = {
        a["id"]: [f["rule"] for f in a["findings"] if f["category"] == "unsupported_claim"]
        for a in result.json()["articles"]
    }
    assert claims_of["a.md"] == [] and claims_of["b.html"] == []
    assert "claim-editorial-voice" in claims_of["c.md"]


def test_a_block_quote_right_under_a_paragraph_line_is_still_a_quote(cli, tmp_path):
    """A '>' line interrupts a paragraph (CommonMark renders a block quote):
    read into the paragraph above, the quoted "I think ... clearly the best"
    was the writer's opinion again."""
    opinion = (
        "I think this is clearly the best plan the city has seen in a generation, "
        "and everyone knows it."
    )
    lead = "The mayor set out her housing plan to the council on Tuesday evening."
    (tmp_path / "a.md").write_text(
        f"# Plan\n\n{lead}\n> {opinion}\n\nThe council will vote on the plan next month.\n",
        encoding="utf-8",
    )
    result = cli("check", "a.md", "--format", "json", cwd=tmp_path)
    [article] = result.json()["articles"]
    assert [f["rule"] for f in article["findings"] if f["category"] == "unsupported_claim"] == []


def test_a_list_inside_a_block_quote_is_the_speakers_too(cli, tmp_path):
    """'> - ...' and <blockquote><ul><li> were read as the article's own list
    items, so the claim rules took a quoted letter's points for the writer's."""
    opinion = (
        "I think this is clearly the best plan the city has seen in a generation, "
        "and everyone knows it."
    )
    lead = "The mayor set out her housing plan to the council on Tuesday evening."
    (tmp_path / "a.md").write_text(f"# Plan\n\n{lead}\n\n> - {opinion}\n", encoding="utf-8")
    (tmp_path / "b.html").write_text(
        f"<h1>Plan</h1><p>{lead}</p><blockquote><ul><li>{opinion}</li></ul></blockquote>",
        encoding="utf-8",
    )
    result = cli("check", "a.md", "b.html", "--format", "json", cwd=tmp_path)
    claims_of = {
        a["id"]: [f["rule"] for f in a["findings"] if f["category"] == "unsupported_claim"]
        for a in result.json()["articles"]
    }
    assert claims_of == {"a.md": [], "b.html": []}


def test_an_interview_answer_is_the_interviewees_voice_not_the_writers(cli, tmp_path):
    """A Q&A transcript's "A:" paragraph is the interviewee's speech (PolNeAR
    marks the "A" as the cue of an attribution whose content is the answer),
    so "I think" and "probably" there are not the writer's; the introduction
    and the same words without the label are."""
    lead = "The county's emergency planner spoke to us a year after the river flooded."
    intro = f"{lead}\n\nThe new bridge was indeed a turning point for the county."
    answer = (
        "A: I think the warning came too late, and probably the next one will too "
        "unless the county pays for it."
    )
    question = "Q: What went wrong with the warnings?"
    body = f"{intro}\n\n{question}\n\n{answer}\n\nQ: What would you change first?\n"
    assert claims(cli, tmp_path, body) == [("claim-certainty", "indeed")]
    plain = answer.removeprefix("A: ")
    assert claims(cli, tmp_path, f"{intro}\n\n{question}\n\n{plain}\n") == [
        ("claim-certainty", "indeed"),
        ("claim-editorial-voice", "I think"),
        ("claim-speculation", "probably"),
    ]
