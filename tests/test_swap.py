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
    message: 'Plain English: write "{suggestion}" for "{match}"'
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
        ("utilise", "use", 'Plain English: write "use" for "utilise"'),
        ("in order to", "to", 'Plain English: write "to" for "in order to"'),
        ("leverage", None, 'Plain English: write "{suggestion}" for "leverage"'),
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
