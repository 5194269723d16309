"""Machine-translation findings name the kind of damage (``artifact``): in the
pack, in every output, and in ``evaluate --task mqm``'s same-kind figures."""

from __future__ import annotations

import json

import pytest
from conftest import REPO, write

import qualitycheck
from qualitycheck.detect.rules.packs import load_pack, load_packs
from qualitycheck.document.artifacts import ARTIFACTS, same_kind
from qualitycheck.errors import RuleError

SHIPPED = [rule.meta for pack in load_packs() for rule in pack.rules]

# Written here: an opening quotation mark that is never closed, and a day
# name set off after "today", each in an otherwise ordinary report, and a
# share widget's text (a boilerplate finding, which names no artifact).
ARTICLE = (
    "Harbour works begin\n\n"
    "The port authority said today, Wednesday, that dredging would start in May.\n\n"
    "“The channel is too shallow for the new ferries, the harbour master said on Monday.\n\n"
    "Work on the northern pier will follow in the autumn, the authority added.\n\n"
    "Share This Article\n"
)

PACK = """\
rules:
  - id: my-rule
    kind: phrase
    category: {category}
    artifact: {artifact}
    message: m
    phrases: [some words]
"""


def test_every_shipped_mt_rule_names_an_artifact_and_no_other_rule_does():
    for meta in SHIPPED:
        if meta.category == "machine_translation":
            assert meta.artifact in ARTIFACTS, meta.id
        else:
            assert meta.artifact is None, meta.id


@pytest.mark.parametrize(
    ("category", "artifact", "problem"),
    [
        ("boilerplate", "punctuation", "artifact is for machine_translation rules"),
        ("machine_translation", "spelling", "is not one of"),
    ],
)
def test_a_misplaced_or_unknown_artifact_fails_with_file_and_line(
    tmp_path, category, artifact, problem
):
    pack = write(tmp_path / "mine.yaml", PACK.format(category=category, artifact=artifact))
    with pytest.raises(RuleError) as raised:
        load_pack(pack)
    shown = str(raised.value)
    assert "mine.yaml:5" in shown and problem in shown


def test_findings_carry_the_artifact_and_their_message_names_it():
    result = qualitycheck.check_text(ARTICLE, title="Harbour works begin")
    by_rule = {f["rule"]: f for f in result.to_dict()["findings"]}
    quote = by_rule["mt-unbalanced-quotes"]
    assert quote["artifact"] == "punctuation"
    assert quote["message"].startswith("Punctuation: ")
    day = by_rule["mt-day-apposition"]
    assert day["artifact"] == "unnatural_wording"
    assert day["message"].startswith("Unnatural wording: ")
    assert "today, Wednesday," in day["message"]
    # Findings of other categories have no such field (the contract only adds it).
    others = [f for f in by_rule.values() if f["category"] != "machine_translation"]
    assert others and all("artifact" not in f for f in others)


def test_sarif_and_the_schema_know_the_artifacts(cli, tmp_path):
    write(tmp_path / "story.txt", ARTICLE)
    sarif = json.loads(cli("check", "story.txt", "--format", "sarif", cwd=tmp_path).out)
    run = sarif["runs"][0]
    results = {r["ruleId"]: r for r in run["results"]}
    assert results["mt-unbalanced-quotes"]["properties"]["artifact"] == "punctuation"
    rules = {r["id"]: r for r in run["tool"]["driver"]["rules"]}
    assert rules["mt-day-apposition"]["properties"]["artifact"] == "unnatural_wording"
    assert "artifact" not in rules["boilerplate-share"]["properties"]
    schema = json.loads((REPO / "docs" / "json-output.schema.json").read_text(encoding="utf-8"))
    finding = schema["$defs"]["finding"]["properties"]["artifact"]
    assert finding["enum"] == list(ARTIFACTS)


def test_same_kind_matches_the_mqm_categories_of_the_artifact():
    assert same_kind("punctuation", "Fluency/Punctuation")
    assert not same_kind("punctuation", "Fluency/Grammar")
    assert same_kind("locale_format", "Locale convention/Date format")
    assert same_kind("inconsistency", "Terminology/Inconsistent use of terminology")
    assert not same_kind("untranslated", "Accuracy/Mistranslation")


def test_evaluate_mqm_scores_each_artifact_against_spans_of_its_kind(cli, tmp_path):
    text = ARTICLE.split("\n\n", 1)[1].replace("\n\n", "\n")
    quote = text.index("“")
    day = text.index("today, Wednesday,")
    errors = [
        # The quotation mark: a punctuation span of two raters.
        {"start": quote, "end": quote + 1, "category": "Fluency/Punctuation", "rater": "a"},
        {"start": quote, "end": quote + 1, "category": "Fluency/Punctuation", "rater": "b"},
        # The day name: marked, but as grammar, not as unnatural wording.
        {"start": day, "end": day + 5, "category": "Fluency/Grammar", "rater": "a"},
    ]
    path = tmp_path / "mqm.jsonl"
    path.write_text(json.dumps({"id": "d", "text": text, "errors": errors}) + "\n", "utf-8")
    report = json.loads(cli("evaluate", "--task", "mqm", path, "--format", "json").out)
    kinds = report["by_artifact"]
    assert set(kinds) == set(ARTIFACTS)
    assert kinds["punctuation"]["flagged"] == 1
    assert kinds["punctuation"]["precision_same_kind"] == 1.0
    assert kinds["punctuation"]["recall_same_kind"] == 1.0
    wording = kinds["unnatural_wording"]
    shown = (wording["flagged"], wording["precision"], wording["precision_same_kind"])
    assert shown == (1, 1.0, 0.0)
    assert kinds["grammar"]["same_kind_spans"] == 1 and kinds["grammar"]["recall_same_kind"] == 0.0
    assert "per artifact kind" in cli("evaluate", "--task", "mqm", path).out
