"""User-written patterns and message templates cannot hang, exhaust memory or
crash a run (issue 13).

- Templates: only plain ``{placeholder}`` fields, checked on load.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from qualitycheck.detect.rules.engine import Engine
from qualitycheck.detect.rules.kinds.base import CheckContext
from qualitycheck.detect.rules.packs import load_pack
from qualitycheck.errors import RuleError
from qualitycheck.readers.txt import parse_text

CONTEXT = CheckContext("en", 1.0, ("en",))


def pack(path: Path, rules: str) -> Path:
    path.write_text("rules:\n" + rules, encoding="utf-8")
    return path


def rule(rule_id: str, body: str, kind: str = "pattern", message: str = "'{match}'") -> str:
    return (
        f"  - id: {rule_id}\n    kind: {kind}\n    category: boilerplate\n"
        f"    message: {message}\n    languages: ['*']\n" + body
    )


# --- item 11: message templates -----------------------------------------------------------


@pytest.mark.parametrize(
    "message",
    ["'{match:d}'", "'{match:>20000000}'", "'{match!r}'", "'{match.__class__}'", "'{match[0]}'"],
)
def test_a_message_template_with_more_than_plain_placeholders_is_refused(tmp_path, message):
    rules = pack(tmp_path / "house.yaml", rule("house-x", "    pattern: 'x'\n", message=message))
    with pytest.raises(RuleError) as raised:
        load_pack(rules)
    assert raised.value.line == 5 and raised.value.key == "rules[0].message"


def test_a_bad_template_stops_the_run_before_any_article_is_lost(cli, tmp_path):
    """It used to pass validation and turn every matching article into an internal error."""
    rules = pack(
        tmp_path / "house.yaml", rule("house-x", "    pattern: 'x'\n", message="'{match:d}'")
    )
    article = tmp_path / "a.txt"
    article.write_text("Headline\nA text with an x in it.\n", encoding="utf-8")
    result = cli("check", article, "--rules", rules)
    assert result.code == 2
    assert f"{rules}:5: rules[0].message: bad placeholder: {{match:d}}" in result.err


def test_plain_placeholders_and_escaped_braces_still_load(tmp_path):
    rules = pack(
        tmp_path / "house.yaml",
        rule("house-x", "    pattern: 'xx'\n", message="'{{literal}} braces around {match}'"),
    )
    [loaded] = load_pack(rules).rules
    article = parse_text("A text with an xx in it.", "x", "x.txt", first_line_is_title=False)
    [finding] = Engine([loaded]).findings(article, CONTEXT)
    assert finding.message == "{literal} braces around xx"
