"""Shipped rules' messages say what is wrong, why and what to do, in words
an editor reads without the rule's documentation at hand."""

from __future__ import annotations

from conftest import write

from qualitycheck.detect.rules.packs import load_packs

RULES = {rule.meta.id: rule.meta for pack in load_packs() for rule in pack.rules}


def messages(cli, tmp_path, rule: str) -> list[str]:
    """The rule's messages on its own flag examples, one article each."""
    paths = [
        write(tmp_path / f"{rule}-{i}.txt", "Title\n\n" + text + "\n")
        for i, text in enumerate(RULES[rule].examples["flag"])
    ]
    out = cli("check", *paths, "--format", "json", "--no-models").json()
    return [f["message"] for a in out["articles"] for f in a["findings"] if f["rule"] == rule]


def test_readability_messages_give_the_limit_and_the_fix(cli, tmp_path):
    # They read "Very long sentence (52 words)" and "Hard to read: Flesch reading
    # ease 8.36": no limit to compare with, nothing to do about it.
    [long] = messages(cli, tmp_path, "readability-long-sentence")
    assert long.endswith("words, over 45); consider splitting it"), long
    [hard] = messages(cli, tmp_path, "readability-hard-article")
    assert "for the whole article, below 30" in hard and "shorter sentences" in hard, hard


def test_a_contact_address_is_not_called_a_policy_text(cli, tmp_path):
    # An e-mail address line was "Site notice or policy text left by the scraper".
    found = messages(cli, tmp_path, "boilerplate-site-notice")
    assert any('contact address left by the scraper: "Write to Jane Doe' in m for m in found)


def test_claim_messages_say_what_to_do(cli, tmp_path):
    # They named the cue ("Praise without a source: "legendary"") and stopped;
    # the fix (attribute it, name the source, soften it) was only in the docs.
    hints = {
        "claim-certainty": "; attribute the claim or soften it",
        "claim-weasel": "; name who says so, or drop the claim",
        "claim-distancing": "; name who doubts it, or use the plain term",
        "claim-speculation": "; quote or cite who thinks so, or cut the guess",
        "claim-peacock": "; show the evidence or attribute the praise",
        "claim-loaded-language": "; use a neutral word, or quote the source who said it",
        "claim-editorial-voice": "; report what is known, or attribute the view",
        "claim-vague-source": "; name them, or cite the survey or study",
    }
    for rule, hint in hints.items():
        found = messages(cli, tmp_path, rule)
        assert found and all(m.endswith(hint) for m in found), (rule, found)
