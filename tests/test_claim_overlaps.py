"""Two claim rules on the same words are one problem: one finding is kept
(pipeline/overlaps.py), the most severe, then the longest."""

from __future__ import annotations

import json

from conftest import write

from qualitycheck.document.findings import Finding
from qualitycheck.pipeline.overlaps import merge_overlapping_claims


def finding(
    rule: str, start: int, end: int, severity: str = "warning", category: str = ""
) -> Finding:
    return Finding(
        rule=rule,
        category=category or ("unsupported_claim" if rule.startswith(("claim", "model")) else "x"),
        severity=severity,
        message=rule,
        line=1,
        end_line=1,
        column=start + 1,
        start=start,
        end=end,
        text="t" * (end - start),
    )


def test_of_two_claim_findings_on_the_same_words_the_longer_is_kept():
    weasel, vague = finding("claim-weasel", 10, 26), finding("claim-vague-source", 10, 22)
    assert merge_overlapping_claims([weasel, vague]) == [weasel]
    # "According to some authors": the vague source holds the weasel's words.
    weasel, vague = finding("claim-weasel", 0, 17), finding("claim-vague-source", 0, 25)
    assert merge_overlapping_claims([weasel, vague]) == [vague]


def test_the_more_severe_is_kept_before_the_longer():
    info, warning = finding("claim-peacock", 0, 30, "info"), finding("claim-weasel", 5, 12)
    assert merge_overlapping_claims([info, warning]) == [warning]


def test_a_chain_of_overlaps_is_one_group_and_apart_findings_all_stay():
    a, b, c = finding("claim-a", 0, 10), finding("claim-b", 8, 20), finding("claim-c", 18, 40)
    apart = finding("claim-d", 40, 45)  # touches, does not overlap
    assert merge_overlapping_claims([a, b, c, apart]) == [c, apart]


def test_other_categories_and_model_findings_are_left_alone():
    fragment = finding("mt-fragment", 0, 30, "info", "machine_translation")
    garbled = finding("mt-garbled-attribution", 0, 17, "info", "machine_translation")
    rule, model = finding("claim-weasel", 40, 56), finding("model-unsupported-claim", 35, 90)
    kept = [fragment, garbled, rule, model]
    assert merge_overlapping_claims(kept) == kept


def test_many_experts_say_is_one_warning_and_a_suppressed_rule_leaves_the_other(cli, tmp_path):
    text = (
        "Council approves cycle lanes\n\nThe council approved new cycle lanes on Tuesday. "
        "Many experts say the lanes will cut traffic.\n"
    )
    article = write(tmp_path / "a.txt", text)
    result = cli("check", article, "--no-models", "--format", "json")
    [checked] = json.loads(result.out)["articles"]
    assert [(f["rule"], f["text"]) for f in checked["findings"]] == [
        ("claim-weasel", "Many experts say")
    ]
    # Merged after suppressions: hiding the weasel finding shows the other rule's.
    config = write(
        tmp_path / "qualitycheck.yaml",
        "suppressions:\n  - rule: claim-weasel\n    reason: house style allows it\n",
    )
    result = cli("check", article, "--no-models", "--format", "json", "--config", config)
    [checked] = json.loads(result.out)["articles"]
    assert [(f["rule"], f["text"]) for f in checked["findings"]] == [
        ("claim-vague-source", "Many experts")
    ]
