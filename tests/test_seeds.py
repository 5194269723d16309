"""The five seed articles of ../shared: every boilerplate line flagged and no
body paragraph; their MT artifacts and the unattributed Oresnik claims found.
Positions are asserted as line numbers so no seed text is copied here."""

from __future__ import annotations

from conftest import SEEDS, needs_shared

pytestmark = needs_shared()

BOILERPLATE_LINES = {
    "000": set(),
    "001": {3, 4, 5, 61},
    "002": {11, 13, 23, 35, 43, 44, 54, 56, 58, 60},
    "003": {1, 5, 7, 8, 9, 25, 33},
    "004": {22},
}


def seed_results(cli) -> dict[str, dict]:
    document = cli("check", SEEDS, "--format", "json").json()
    return {a["path"].rsplit("/", 1)[-1][:3]: a for a in document["articles"]}


def lines_of(article: dict, category: str, rule: str | None = None) -> set[int]:
    return {
        f["line"]
        for f in article["findings"]
        if f["category"] == category and (rule is None or f["rule"] == rule)
    }


def test_every_boilerplate_line_and_no_body_paragraph_is_flagged(cli):
    results = seed_results(cli)
    for seed, expected in BOILERPLATE_LINES.items():
        assert lines_of(results[seed], "boilerplate") == expected, seed


def test_machine_translation_artifacts_are_flagged(cli):
    results = seed_results(cli)
    assert {3, 21, 25} <= lines_of(results["002"], "machine_translation")
    assert lines_of(results["002"], "machine_translation", "mt-fragment") >= {3}
    capitalised = [
        f["text"] for f in results["002"]["findings"] if f["rule"] == "mt-capitalized-conjunction"
    ]
    assert capitalised == ["In", "Or", "Said"]
    assert {11, 19} <= lines_of(results["003"], "machine_translation")
    assert lines_of(results["001"], "machine_translation", "mt-day-apposition") == {21}


def test_unattributed_oresnik_claims_are_flagged(cli):
    claims = lines_of(seed_results(cli)["000"], "unsupported_claim")
    # The Oresnik section: lines 11 to 15; line 13 states a fact and is left alone.
    assert {12, 14, 15} <= claims
    assert 13 not in claims
    # Quoted speech before the section ("of course" inside a quote) is not flagged.
    assert 3 not in claims
