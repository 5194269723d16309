"""Unsupported claims in opinionated copy written for this test: a crowd that
worries ("Many in the West worry"), a consensus nobody is named for
("everyone knows"), and predictions stated as fact ("is bound to"). Each
finding must name the cue words; the same words with a named source, or in a
sense that claims nothing, stay unflagged."""

from __future__ import annotations


def claims(cli, tmp_path, body: str) -> list[tuple[str, str, str]]:
    path = tmp_path / "a.txt"
    path.write_text("Headline\n\n" + body, encoding="utf-8")
    result = cli("check", path, "--format", "json", "--no-models")
    findings = result.json()["articles"][0]["findings"]
    return [
        (f["rule"], f["text"], f["message"])
        for f in findings
        if f["category"] == "unsupported_claim"
    ]


def test_a_crowd_in_a_place_or_body_is_a_vague_source(cli, tmp_path):
    body = (
        "Many in Northbay worry that the cable deal ties the region to one supplier.\n\n"
        "Some in the ruling party privately fear a split over the budget.\n\n"
        "Many in the crowd said they had waited for three hours.\n\n"
        "Many in the valley lost their homes in the flood.\n\n"
        "Some in the town felt the tremor at about three in the morning.\n\n"
        "Many in the administration felt that the unit was stretched too thin.\n"
    )
    found = claims(cli, tmp_path, body)
    assert [(rule, text) for rule, text, _ in found] == [
        ("claim-weasel", "Many in Northbay worry"),
        ("claim-weasel", "Some in the ruling party privately fear"),
        ("claim-weasel", "Many in the administration felt that"),
    ]
    assert found[0][2].startswith('Vague attribution: "Many in Northbay worry"')


def test_a_consensus_nobody_is_named_for_is_a_vague_source(cli, tmp_path):
    body = (
        "Everyone knows the harbour will be too small within a decade.\n\n"
        "That figure is optimistic, and nobody doubts that the council knows it.\n\n"
        "Not everyone agrees on the route of the new ring road.\n"
    )
    assert [(rule, text) for rule, text, _ in claims(cli, tmp_path, body)] == [
        ("claim-weasel", "Everyone knows"),
        ("claim-weasel", "nobody doubts"),
    ]


def test_a_forecast_stated_as_fact_is_certainty_without_a_source(cli, tmp_path):
    body = (
        "The coalition is bound to collapse before the summer.\n\n"
        "Engineers said the new bridge was bound to close within a year.\n"
    )
    found = claims(cli, tmp_path, body)
    assert [(rule, text) for rule, text, _ in found] == [("claim-certainty", "is bound to")]
    assert found[0][2].startswith('Certainty asserted without a source: "is bound to"')


def test_will_never_reports_as_often_as_it_forecasts(cli, tmp_path):
    # "will never" was a certainty cue for a while: "the savings will never
    # reach households" is a forecast, but news states "he will never play
    # again" after an injury as a fact it reports.
    body = (
        "He will never play for the club again after the knee injury.\n\n"
        "She will never forget the night the river rose.\n"
    )
    assert claims(cli, tmp_path, body) == []
