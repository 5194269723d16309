"""claim (with attribution), layout and foreign: behaviour on articles written here."""

from __future__ import annotations

import pytest

from qualitycheck.detect.signals.attribution import attributed


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("The port is undoubtedly too small, the harbour master said.", True),
        ("Harbour master Ana Ruiz said the port was too small.", True),
        ("According to the port authority, the quay is too short.", True),
        ("“The quay is too short,” she warned.", True),
        ("The union called the plan a disgrace.", True),
        ("Many experts say the quay is too short.", False),
        ("According to some, the quay is too short.", False),
        ("According to Western military experts, the quay is too short.", False),
        ("Critics argue the quay is too short.", False),
        ("The quay is clearly too short.", False),
    ],
)
def test_attribution(sentence, expected):
    assert attributed(sentence) is expected


def rules(result, article=0) -> list[tuple[str, str]]:
    return [(f["rule"], f["text"]) for f in result.json()["articles"][article]["findings"]]


def test_claim_cues_only_count_without_a_source(cli, tmp_path):
    path = tmp_path / "a.txt"
    path.write_text(
        "Port plans\n"
        "The new quay is undoubtedly the best investment the town has made.\n"
        "The harbour master said the new quay was undoubtedly the best investment.\n"
        "“It is certain that we will need it,” the mayor said.\n"
        "Some critics call the quay a waste of money.\n",
        encoding="utf-8",
    )
    found = rules(cli("check", path, "--format", "json", "--no-models"))
    assert ("claim-certainty", "undoubtedly") in found
    assert [text for rule, text in found if rule == "claim-certainty"] == ["undoubtedly"]
    assert ("claim-weasel", "Some critics") in found


def test_doubt_and_hedge_words_are_not_called_vague_attributions(cli, tmp_path):
    # "So-called" and "presumably" attribute nothing: their findings must say
    # what they are (doubt, a guess), not "Vague attribution".
    path = tmp_path / "a.txt"
    path.write_text(
        "Port plans\n"
        "The so-called reform of the harbour dues raised fees for every trawler.\n"
        "The board presumably wanted the quay finished before the election.\n"
        "Many experts say the new quay is too short for container ships.\n",
        encoding="utf-8",
    )
    result = cli("check", path, "--format", "json", "--no-models")
    found = rules(result)
    assert ("claim-distancing", "so-called") in found
    assert ("claim-speculation", "presumably") in found
    assert [text for rule, text in found if rule == "claim-weasel"] == ["Many experts say"]
    messages = {f["rule"]: f["message"] for f in result.json()["articles"][0]["findings"]}
    assert messages["claim-distancing"].startswith("Doubt cast in the writer's voice")


def test_layout_flags_menus_around_the_body_but_not_the_headline_or_sentences(cli, tmp_path):
    body = (
        "The harbour authority will build a second container quay on the eastern "
        "breakwater, its board decided on Tuesday after a long debate.\n"
        "The quay is expected to cost 240 million euros, according to the published "
        "budget, and should open in the summer of 2029.\n"
        "Fishing cooperatives had asked the board to keep the northern basin free for "
        "their boats, and the approved plan leaves that basin untouched.\n"
    )
    path = tmp_path / "a.txt"
    path.write_text(
        "Harbour gets a second quay\nHome\nLocal News\n"
        + body
        + "Residents can comment until March.\nMost Shared Stories\nWeather Desk\n"
        "Scores 2 1 3\n",
        encoding="utf-8",
    )
    findings = cli("check", path, "--format", "json", "--no-models").json()["articles"][0][
        "findings"
    ]
    flagged = [f["text"] for f in findings if f["category"] == "boilerplate"]
    assert flagged == ["Home", "Local News", "Most Shared Stories", "Weather Desk"]
    # "Home" is a named widget label; the layout rule yields that span to it.
    by_layout = [f["text"] for f in findings if f["rule"] == "boilerplate-outside-body"]
    assert by_layout == ["Local News", "Most Shared Stories", "Weather Desk"]


def untranslated(cli, tmp_path, text: str) -> list[str]:
    """The texts ``mt-untranslated-segment`` flags in an article of ``text``."""
    path = tmp_path / "a.txt"
    path.write_text(text, encoding="utf-8")
    found = rules(cli("check", path, "--format", "json", "--no-models"))
    return [flagged for rule, flagged in found if rule == "mt-untranslated-segment"]


def test_foreign_scripts_and_sentences(cli, tmp_path):
    foreign = untranslated(
        cli,
        tmp_path,
        "Council news\n"
        "The mayor opened the new library on Monday and thanked the volunteers who "
        "had collected the books. The banner over the door read Добро пожаловать for "
        "the guests from the twin town. Der Bürgermeister hat die neue Bibliothek am "
        "Montag eröffnet. Children's story hours will start next week.\n"
        "The library café serves crème brûlée and croissants every morning.\n",
    )
    assert foreign == [
        "Добро пожаловать",
        "Der Bürgermeister hat die neue Bibliothek am Montag eröffnet.",
    ]


def test_an_untranslated_quotation_is_flagged_without_its_marks_and_attribution(cli, tmp_path):
    """A foreign sentence quoted in an English article: the finding pointed at
    the opening mark too (the message read 'Text left in German: ""Wir ...'),
    and ran on past the closing mark into the English words that name the
    speaker. Written for this test."""
    foreign = untranslated(
        cli,
        tmp_path,
        "Council news\n"
        "The mayor of the twin town opened the new library on Monday and thanked the "
        'volunteers. "Wir haben lange auf diesen Tag gewartet und freuen uns sehr über '
        'die neue Bibliothek," she said, smiling at the children.\n'
        "The library opens at nine.\n„Die Kinder werden hier jeden Samstag Geschichten "
        "hören und neue Bücher lesen.“\n",
    )
    assert foreign == [
        "Wir haben lange auf diesen Tag gewartet und freuen uns sehr über die neue Bibliothek",
        "Die Kinder werden hier jeden Samstag Geschichten hören und neue Bücher lesen.",
    ]


def test_language_messages_name_the_language_in_words(cli, tmp_path):
    # They read "Text left in de: ...", "Text left in cjk script: ..." and
    # 'Article language is "es", expected en': codes an editor has to look up.
    mixed = tmp_path / "mixed.txt"
    mixed.write_text(
        "Council news\n"
        "The mayor opened the new library on Monday and thanked the volunteers. "
        "The sign at the door read 東京都庁舎 for the guests from the twin town. "
        # (long enough for the fit of langdetect's guess to be judged)
        "Der Bürgermeister hat die neue Bibliothek am Montag feierlich eröffnet und sich bei "
        "allen freiwilligen Helfern herzlich bedankt, die in den vergangenen Monaten so "
        "fleißig mitgearbeitet haben. "
        "Children's story hours will start next week.\n",
        encoding="utf-8",
    )
    spanish = tmp_path / "es.txt"
    spanish.write_text(
        "Biblioteca\n"
        "La biblioteca central abrirá hasta las nueve de la noche los días laborables a "
        "partir de septiembre, según informó el viernes el departamento de cultura.\n",
        encoding="utf-8",
    )
    out = cli(
        "check",
        mixed,
        spanish,
        "--format",
        "json",
        "--no-models",
        "--language",
        "en",
        "--language",
        "fr",
    ).json()
    messages = [f["message"] for article in out["articles"] for f in article["findings"]]
    assert (
        'Untranslated word: Text left in Chinese or Japanese script: "東京都庁舎"; '
        "translate it unless it is meant to stay"
    ) in messages
    assert any(m.startswith('Untranslated word: Text left in German: "Der ') for m in messages)
    assert 'Article language is Spanish ("es"), not English or French as expected' in messages
