"""``swap`` in phrase rules: flagged words with what to write instead, in
every output (JSON ``suggestion``, a SARIF fix, the text output)."""

from __future__ import annotations

from conftest import write
from test_ci_formats import SARIF_SCHEMA, validate_sarif

PACK = """\
rules:
  - id: house-plain-words
    kind: phrase
    category: unsupported_claim
    severity: warning
    message: 'Plain English: "{match}" has a plainer word'
    phrases: [leverage]
    swap:
      utilise: use
      in order to: to
    examples:
      flag: [We utilise the harbour.]
      pass: [We use the harbour.]
"""
STORY = "Harbour\nThe port will utilise new cranes in order to  speed up work and leverage it.\n"


def test_swapped_phrases_carry_their_suggestion(cli, tmp_path):
    write(tmp_path / "house.yaml", PACK)
    write(tmp_path / "a.txt", STORY)
    args = ("check", "a.txt", "--rules", "house.yaml", "--no-models")
    [article] = cli(*args, "--format", "json").json()["articles"]
    found = [(f["text"], f.get("suggestion"), f["message"]) for f in article["findings"]]
    assert found == [
        ("utilise", "use", 'Plain English: "utilise" has a plainer word'),
        ("in order to", "to", 'Plain English: "in order to" has a plainer word'),
        ("leverage", None, 'Plain English: "leverage" has a plainer word'),
    ]
    text = cli(*args).out
    assert "    = suggestion: use\n" in text and "= suggestion: to" in text
    sarif = cli(*args, "--format", "sarif").json()
    if SARIF_SCHEMA.is_file():  # the OASIS schema lives in ../shared
        validate_sarif(sarif)
    fixes = [r.get("fixes") for r in sarif["runs"][0]["results"]]
    assert fixes[2] is None
    [change] = fixes[0][0]["artifactChanges"]
    [replacement] = change["replacements"]
    assert replacement["insertedContent"] == {"text": "use"}
    region = replacement["deletedRegion"]
    line = STORY.splitlines()[1]
    assert line[region["startColumn"] - 1 : region["endColumn"] - 1] == "utilise"


def test_a_swap_needs_text_replacements(cli, tmp_path):
    write(tmp_path / "house.yaml", PACK.replace("utilise: use", "utilise: [use]"))
    result = cli("rules", "test", "house.yaml")
    assert result.code == 2
    assert "swap" in result.err and "the replacement must be text" in result.err
    only_swap = PACK.replace("    phrases: [leverage]\n", "")
    write(tmp_path / "house.yaml", only_swap)
    assert cli("rules", "test", "house.yaml").code == 0


def test_the_suggestion_in_a_message_needs_a_swap_for_every_phrase(cli, tmp_path):
    """``{suggestion}`` would print as written for a phrase without a replacement:
    the pack fails at load, naming the message's line."""
    message = '    message: \'Plain English: write "{suggestion}" for "{match}"\'\n'
    with_suggestion = PACK.replace(
        "    message: 'Plain English: \"{match}\" has a plainer word'\n", message
    )
    assert with_suggestion != PACK
    write(tmp_path / "house.yaml", with_suggestion)
    result = cli("rules", "test", "house.yaml")
    assert result.code == 2
    assert "house.yaml:6:" in result.err
    assert "{suggestion} is known only for phrases in swap; 'leverage'" in result.err
    write(tmp_path / "house.yaml", with_suggestion.replace("    phrases: [leverage]\n", ""))
    write(tmp_path / "a.txt", STORY)
    args = ("check", "a.txt", "--rules", "house.yaml", "--no-models", "--format", "json")
    [article] = cli(*args).json()["articles"]
    assert [f["message"] for f in article["findings"]] == [
        'Plain English: write "use" for "utilise"',
        'Plain English: write "to" for "in order to"',
    ]


def test_a_phrase_that_folds_to_a_swapped_one_has_its_suggestion(cli, tmp_path):
    """``Utilise`` in phrases and ``utilise`` in swap are one phrase (matching
    ignores case and accents): its findings carry the suggestion, so the
    message may quote it."""
    pack = PACK.replace("    phrases: [leverage]\n", "    phrases: [Utilise, 'IN  ORDER TO']\n")
    pack = pack.replace(
        "    message: 'Plain English: \"{match}\" has a plainer word'\n",
        '    message: \'Plain English: write "{suggestion}" for "{match}"\'\n',
    )
    write(tmp_path / "house.yaml", pack)
    assert cli("rules", "test", "house.yaml").code == 0
