"""The boilerplate model's two levels, and what it flags in a finished article.

A line the model scores at or above its warning threshold is a
``model-boilerplate`` warning; between its threshold and the warning threshold
it is a ``model-boilerplate-possible`` info finding, which never warns
(docs/accuracy.md, "No position-only boilerplate flags"). A clean wire story
gets no boilerplate warning, its short closing sentence no finding at all;
the furniture a scraper leaves inside an article is still reported.
"""

from __future__ import annotations

import json
from pathlib import Path

from conftest import write

from qualitycheck.config.settings import Config
from qualitycheck.detect.models.apply import SHIPPED
from qualitycheck.detect.models.boilerplate import BoilerplateDetector, line_features
from qualitycheck.detect.rules.kinds.layout import is_prose
from qualitycheck.pipeline.checker import Checker
from qualitycheck.readers.txt import parse_text

WIRE = """Central bank raises rates for the third time this year

The central bank raised its main interest rate by a quarter of a percentage point on Thursday, \
its third increase this year, as inflation stayed well above its target.

The decision was expected by most economists after consumer prices rose again in May, driven by \
energy and food costs.

Governor Maria Lindqvist told reporters that the bank would keep watching wage growth closely \
before deciding on further moves.

Mortgage lenders said they would pass the increase on to borrowers with variable-rate loans from \
next month.

The currency firmed slightly after the announcement.
"""

PAGE = """Harbour expansion approved after long debate

The harbour authority will build a second container quay on the eastern breakwater, its board \
decided on Tuesday after a debate that lasted most of the day.

Photo: Northport Harbour Authority

The quay is expected to cost 240 million euros, according to the published budget, and should \
open in 2029 if the permits arrive on time.

Related: Dock workers strike over night shifts

Fishermen had asked for years that the new quay leave room for a larger mooring area for small \
boats.

Advertisement

The board also approved a study of rail links to the port, which residents of the old town have \
opposed.

Previously, the board had rejected two smaller plans for the same breakwater.

The first ships are expected to berth at the new quay in the spring of 2029, the authority said.
"""


def boilerplate(result) -> list[tuple[str, str, str]]:
    [article] = result.json()["articles"]
    return [
        (f["rule"], f["severity"], f["text"])
        for f in article["findings"]
        if f["category"] == "boilerplate"
    ]


def test_a_clean_wire_story_gets_no_boilerplate_warning(cli, tmp_path):
    result = cli("check", write(tmp_path / "wire.txt", WIRE), "--format", "json")
    found = boilerplate(result)
    assert all(severity == "info" for _, severity, _ in found), found
    # The short closing sentence is not called furniture at any level.
    assert all(not text.startswith("The currency firmed") for _, _, text in found), found


def test_furniture_inside_an_article_is_flagged_and_its_prose_is_not(cli, tmp_path):
    result = cli("check", write(tmp_path / "page.txt", PAGE), "--format", "json")
    flagged = {text: (rule, severity) for rule, severity, text in boilerplate(result)}
    assert flagged["Photo: Northport Harbour Authority"] == ("boilerplate-photo-credit", "error")
    assert flagged["Related: Dock workers strike over night shifts"][0] == "boilerplate-related"
    assert flagged["Advertisement"][0] == "boilerplate-widget-label"
    # A paragraph that opens with "Previously," is prose, not a "Previous" link.
    prose = [line for line in PAGE.split("\n\n") if len(line.split()) > 8]
    assert not [line for line in prose if line.strip() in flagged], flagged


def test_the_warning_threshold_splits_model_findings(cli, tmp_path):
    article = write(tmp_path / "page.txt", PAGE)
    model = json.loads((Path(SHIPPED) / "boilerplate.json").read_text(encoding="utf-8"))
    assert model["settings"]["warning_threshold"] > model["threshold"]
    # Everything the model reports here falls below a warning threshold of 1 (a
    # model file's thresholds are probabilities: above 1 is refused).
    model["settings"]["warning_threshold"] = 1.0
    folder = tmp_path / "models"
    folder.mkdir()
    (folder / "boilerplate.json").write_text(json.dumps(model), encoding="utf-8")
    options = ("--format", "json", "--disable", "boilerplate-widget-label")
    found = boilerplate(cli("check", article, *options, "--models", str(folder)))
    assert ("model-boilerplate-possible", "info", "Advertisement") in found, found
    assert not [f for f in found if f[0] == "model-boilerplate"], found
    # A warning threshold at or below the threshold: every reported line warns.
    model["settings"]["warning_threshold"] = 0.0
    (folder / "boilerplate.json").write_text(json.dumps(model), encoding="utf-8")
    found = boilerplate(cli("check", article, *options, "--models", str(folder)))
    assert ("model-boilerplate", "warning", "Advertisement") in found, found
    assert not [f for f in found if f[0] == "model-boilerplate-possible"], found


DECK = """Harbour board halts the dredging of the northern channel
Mayor Ana Ruiz's plan needs to be fundamentally revised
The harbour board stopped the dredging of the northern channel on Tuesday, saying the \
environmental study submitted by the city was incomplete and had ignored the fish spawning season.
The city had hoped to start the work in April so that larger container ships could reach the new \
quay by the end of next year.
Environmental groups welcomed the decision and said they would ask the court to review the \
permits already granted.
The mayor said the city would submit a revised study within two months and still expected the \
channel to open on time.
"""


def test_the_deck_under_a_headline_is_no_model_finding(cli, tmp_path):
    # The model scores the deck above its threshold (it learned short unpunctuated
    # lines above the body as teasers of other articles) ...
    detector = BoilerplateDetector.load(SHIPPED)
    article = parse_text(DECK, "deck", "deck.txt", first_line_is_title=False)
    rules = Checker(Config(use_models=False)).rule_findings(article)
    probabilities = detector.probabilities(article, rules)
    assert probabilities[1] >= detector.threshold, probabilities
    # ... but it stands under the headline, above the first paragraph: set aside.
    result = cli("check", write(tmp_path / "deck.txt", DECK), "--format", "json")
    assert boilerplate(result) == []


def test_a_sentence_closed_by_double_apostrophes_is_a_sentence() -> None:
    # Some newspapers (and PolNeAR's New York Times articles) quote with two
    # apostrophes: the line ends ".''", which the layout rule and the model's
    # "terminal" feature read as no sentence end, so a long paragraph after the
    # body was flagged as page furniture (p = 1.00).
    line = (
        "Speaking to students this week, the vice president responded to the claim that "
        "not paying taxes made him ''smart.''"
    )
    assert is_prose(line, 10)
    assert line_features([line, line], set())[0]["terminal"] == 1.0
    assert not is_prose("Partial transcript as follows", 1)


def test_model_messages_quote_like_the_rules_and_write_p_alike(cli, tmp_path):
    # The boilerplate model wrote "(model, p=0.98)" beside the other models'
    # "(model p = 0.86; ...)", and the claims model named its words lower-cased in
    # single quotes ('chinese') where every rule quotes the text as written.
    article = write(
        tmp_path / "page.txt",
        PAGE + "Moreover, some of the fund has been spent on help for fishermen hit by "
        "Chinese quotas, to the tune of $3 billion since spring.\n",
    )
    options = ("--format", "json", "--disable", "boilerplate-widget-label")
    findings = cli("check", article, *options).json()["articles"][0]["findings"]
    messages = {f["rule"]: f["message"] for f in findings}
    assert "(model p = 0.78, below" in messages["model-boilerplate-possible"], messages
    claims = [f["message"] for f in findings if f["rule"] == "model-unsupported-claim"]
    assert any('words that weigh most: "spent", "Chinese")' in m for m in claims), claims
    assert not [m for m in claims if "'" in m.split("weigh most:")[-1]], claims
