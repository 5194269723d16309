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
