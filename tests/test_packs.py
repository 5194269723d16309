"""Rule packs: shipped packs are valid and self-tested; bad packs fail fast."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import CpuClock, write

from qualitycheck.detect.rules.kinds import KINDS
from qualitycheck.detect.rules.packs import load_pack, load_packs
from qualitycheck.detect.rules.selftest import run_examples
from qualitycheck.errors import RuleError
from qualitycheck.resources import rules_dir

SHIPPED = [rule for pack in load_packs() for rule in pack.rules]


def test_every_shipped_pack_loads_and_every_category_has_rules():
    names = sorted(p.name for p in rules_dir().glob("*.yaml"))
    assert names == [
        "boilerplate.yaml",
        "language.yaml",
        "machine_translation.yaml",
        "readability.yaml",
        "unsupported_claims.yaml",
    ]
    categories = {rule.meta.category for rule in SHIPPED}
    assert categories == {
        "boilerplate",
        "machine_translation",
        "unsupported_claim",
        "language",
        "readability",
    }


@pytest.mark.parametrize("rule", SHIPPED, ids=lambda rule: rule.meta.id)
def test_shipped_rule_examples_behave(rule):
    assert rule.meta.examples.get("flag") and rule.meta.examples.get("pass"), "needs both"
    failures = [r.describe() for r in run_examples([rule]) if not r.ok]
    assert failures == []


def test_rules_test_command_reports_a_broken_example(cli, tmp_path):
    pack = tmp_path / "broken.yaml"
    pack.write_text(
        "rules:\n  - id: broken\n    kind: phrase\n    category: boilerplate\n"
        "    message: m\n    phrases: [subscribe now]\n"
        "    examples:\n      flag: [Please subscribe today]\n      pass: [Nothing here]\n",
        encoding="utf-8",
    )
    result = cli("rules", "test", pack)
    assert result.code == 1
    assert "broken: flag example wanted a finding, got none" in result.out
    assert "1 rule, 2 examples: 1 passed, 1 failed" in result.out
    assert cli("rules", "test").code == 0


def test_rules_list_and_show(cli):
    listing = cli("rules", "list")
    assert listing.code == 0
    assert "boilerplate-share" in listing.out and "claim-weasel" in listing.out
    shown = cli("rules", "show", "boilerplate-share")
    assert shown.code == 0 and "boilerplate.yaml" in shown.out
    assert "artifact:" not in shown.out
    # Values as a pack writes them, not Python's True/None
    assert "ignore_case: true" in shown.out and "first_lines: null" in shown.out
    assert "True" not in shown.out and "None" not in shown.out
    assert "artifact: punctuation" in cli("rules", "show", "mt-unbalanced-quotes").out
    assert cli("rules", "show", "nope").code == 2


def test_rules_list_and_show_cover_every_finding_id_a_run_can_emit(cli, tmp_path):
    from qualitycheck.detect.models.registry import FINDINGS

    listing = cli("rules", "list").out.splitlines()
    header, rows = listing[0], [line.split() for line in listing[1:]]
    ids = [row[0] for row in rows]
    assert {f.id for f in FINDINGS} <= set(ids)
    assert ["model-unsupported-claim", "unsupported_claim", "info", "model:claims", "yes"] in rows
    # Columns line up: every row's ENABLED column starts where the header's does.
    column = header.index("ENABLED")
    assert all(line[column:].strip() in ("yes", "no") for line in listing[1:])

    model = cli("rules", "show", "model-unsupported-claim")
    assert model.code == 0
    assert "writer's own voice" in model.out and "models: {claims: {enabled: false}}" in model.out
    rule = cli("rules", "show", "claim-weasel").out
    for shown in ("scope: body", "skips quoted speech: yes", "exceptions", "examples it flags"):
        assert shown in rule
    typo = cli("rules", "show", "boilerplate-shar")
    assert typo.code == 2 and "did you mean 'boilerplate-share'?" in typo.err

    write(tmp_path / "qualitycheck.yaml", "models: {claims: {enabled: false}}\n")
    off = cli("rules", "list", cwd=tmp_path).out
    claims_row = next(r for r in off.splitlines() if r.startswith("model-unsupported-claim"))
    assert claims_row.endswith("no")


def test_rules_list_as_json_gives_the_rows_for_tools(cli, tmp_path):
    """``rules list --format json``: the text table's rows as objects (an editor
    plugin's rule picker cannot parse padded columns), with a summary and, for a
    pack rule, the file and line it is defined at; the config's switches show."""
    text = [line.split() for line in cli("rules", "list").out.splitlines()[1:]]
    write(tmp_path / "qualitycheck.yaml", "disable: [claim-weasel]\n")
    listed = cli("rules", "list", "--format", "json", cwd=tmp_path)
    assert listed.code == 0
    rows = json.loads(listed.out)
    assert [row["id"] for row in rows] == [row[0] for row in text]
    weasel = next(row for row in rows if row["id"] == "claim-weasel")
    assert weasel["enabled"] is False and weasel["severity"] == "warning"
    assert "unsupported_claims.yaml:" in weasel["defined_at"]
    assert "source" in weasel["summary"]
    model = next(row for row in rows if row["id"] == "model-mt-possible")
    assert model["kind"] == "model:mt" and model["defined_at"] is None and model["summary"]
    assert set(rows[0]) == {
        "id",
        "category",
        "severity",
        "kind",
        "enabled",
        "summary",
        "defined_at",
    }


RULE = (
    "rules:\n  - id: r\n    kind: {kind}\n    category: boilerplate\n"
    "    message: '{message}'\n{extra}"
)


@pytest.mark.parametrize(
    ("text", "line", "expected"),
    [
        (
            RULE.format(kind="phrase", message="m", extra="    phrases: [a]\n    colour: red\n"),
            7,
            "rules[0].colour: unknown key",
        ),
        (
            RULE.format(kind="phrases", message="m", extra="    phrases: [a]\n"),
            3,
            "rules[0].kind: unknown kind 'phrases' (did you mean 'phrase'?)",
        ),
        (
            RULE.format(kind="pattern", message="m", extra="    pattern: '(unclosed'\n"),
            6,
            "rules[0].pattern: invalid regular expression",
        ),
        (
            RULE.format(kind="phrase", message="found {matched}", extra="    phrases: [a]\n"),
            5,
            "rules[0].message: unknown placeholder {matched}",
        ),
        (RULE.format(kind="line", message="m", extra=""), 2, "give 'lines' or 'patterns'"),
        (
            RULE.format(
                kind="phrase", message="m", extra="    phrases: [a]\n    severity: fatal\n"
            ),
            7,
            "rules[0].severity: 'fatal' is not one of: error, warning, info",
        ),
        (
            "rules:\n  - id: Bad Id\n    kind: phrase\n    category: boilerplate\n"
            "    message: m\n    phrases: [a]\n",
            2,
            "rules[0].id: rule ids use",
        ),
        (
            RULE.format(
                kind="phrase", message="m", extra="    phrases: [a]\n    skip_blocks: [captions]\n"
            ),
            7,
            "rules[0].skip_blocks[0]: 'captions' is not one of: title, heading, paragraph,"
            " list_item, term, definition, quote, caption, table_cell (did you mean 'caption'?)",
        ),
        (
            RULE.format(
                kind="phrase", message="m", extra="    phrases: [a]\n    skip_blocks: quote\n"
            ),
            7,
            "rules[0].skip_blocks: expected a list of title, heading, paragraph, list_item, term,"
            " definition, quote, caption, table_cell, got text 'quote'",
        ),
        (
            RULE.format(kind="phrase", message="x" * 1001, extra="    phrases: [a]\n"),
            5,
            "rules[0].message: 1,001 characters; at most 1,000 are accepted",
        ),
        (
            RULE.format(
                kind="phrase", message="m", extra="    phrases: [a]\n    languages: [en, no]\n"
            ),
            7,
            "rules[0].languages[1]: expected text, got false (YAML reads unquoted yes, no,",
        ),
        (
            RULE.format(kind="phrase", message="m", extra="    phrases: [a, ~]\n"),
            6,
            "rules[0].phrases[1]: expected text, got null",  # was "got NoneType"
        ),
        (
            RULE.format(kind="phrase", message="m", extra="    phrases: [a, 2024-01-01]\n"),
            6,
            "rules[0].phrases[1]: expected text, got the date 2024-01-01 (quote it to keep"
            " it as text)",  # was "got date"
        ),
        # The ids of the models' and suppression comments' findings, and categories,
        # were accepted: `rules list` showed model-boilerplate twice, and
        # `disable: [model-boilerplate]` switched off the house rule with the model.
        (
            RULE.format(kind="phrase", message="m", extra="    phrases: [a]\n").replace(
                "id: r", "id: model-boilerplate"
            ),
            2,
            "rules[0].id: ids starting with 'model-' or 'suppression-' are kept for the findings",
        ),
        (
            RULE.format(kind="phrase", message="m", extra="    phrases: [a]\n").replace(
                "id: r", "id: suppression-unused"
            ),
            2,
            "rules[0].id: ids starting with 'model-' or 'suppression-' are kept for the findings",
        ),
        (
            RULE.format(kind="phrase", message="m", extra="    phrases: [a]\n").replace(
                "id: r", "id: readability"
            ),
            2,
            "rules[0].id: 'readability' is a category; a rule id must differ from every category",
        ),
        ("rules: {}\n", 1, "rules: expected a list, got a mapping"),
        (
            RULE.format(kind="pattern", message="m", extra="    pattern: 'z*'\n"),
            6,
            "rules[0].pattern: regular expression 'z*' matches the empty string",
        ),
        # Empty only in context: a word boundary, an anchor, an optional part
        # before a boundary, a lookahead. Each loaded and never fired there.
        *(
            (
                RULE.format(kind="pattern", message="m", extra=f"    pattern: '{pattern}'\n"),
                6,
                f"rules[0].pattern: regular expression {pattern!r} can match the empty string",
            )
            for pattern in ["\\b", "(?:bar)?\\b", "(?=a)", "(?<=[a-z])", "x+|(?=b)"]
        ),
        (
            RULE.format(
                kind="claim", message="m", extra="    cue_patterns: [surely, 'clearly|\\b']\n"
            ),
            6,
            "rules[0].cue_patterns: regular expression 'clearly|\\\\b' can match the empty",
        ),
        (
            RULE.format(
                kind="metric",
                message="m",
                extra="    metric: words\n    above: 5\n    below: 20\n",
            ),
            2,
            "'below' (20) is greater than 'above' (5): every value would be flagged",
        ),
        ("rules:\n  - id: r\n    kind: phrase\n    kind: line\n", 4, "kind: duplicate key"),
        ("rules: [\n", 2, "invalid YAML"),
        ("rule: []\n", 1, "rule: unknown key (did you mean 'rules'?)"),
        (
            RULE.format(
                kind="phrase",
                message="m",
                extra="    phrases: [a]\n    examples:\n      flagged: [x]\n",
            ),
            7,
            "examples take 'flag' and 'pass'",
        ),
    ],
)
def test_bad_packs_fail_with_file_line_and_key(tmp_path, text, line, expected):
    pack = tmp_path / "pack.yaml"
    pack.write_text(text, encoding="utf-8")
    with pytest.raises(RuleError) as caught:
        load_pack(pack)
    message = str(caught.value)
    assert message.startswith(f"{pack}:{line}:"), message
    assert expected in message, message


def test_duplicate_rule_ids_across_packs_are_refused(tmp_path):
    pack = tmp_path / "dup.yaml"
    pack.write_text(
        "rules:\n  - id: boilerplate-share\n    kind: phrase\n    category: boilerplate\n"
        "    message: m\n    phrases: [a]\n",
        encoding="utf-8",
    )
    with pytest.raises(RuleError, match="duplicate rule id") as caught:
        load_packs([pack])
    # At the id, line and column, as every other rule error (an editor jumps to it).
    assert str(caught.value).startswith(f"{pack}:2:5: boilerplate-share: duplicate rule id")


def test_a_pack_named_twice_is_loaded_once(cli, tmp_path):
    """The config's pack again with --rules, a pack under two spellings, or a
    shipped pack named to ``rules test`` from a checkout: one file, its rules
    once, not 'duplicate rule id (already defined at' the same file and line."""
    pack = write(
        tmp_path / "house.yaml",
        "rules:\n  - id: house-promo\n    kind: line\n    category: boilerplate\n"
        "    severity: warning\n    message: m\n    lines: [become a harbour friend]\n"
        "    examples:\n      flag: [Become a Harbour Friend]\n"
        "      pass: [We became friends of the harbour]\n",
    )
    write(tmp_path / "qualitycheck.yaml", "rules: [house.yaml]\n")
    # A line no shipped rule names ("Subscribe now" is widget text since issue 16).
    write(tmp_path / "a.txt", "Harbour news\nBecome a Harbour Friend\n")
    result = cli("check", "a.txt", "--rules", pack, "--rules", "./house.yaml", "--no-models")
    assert "duplicate rule id" not in result.err
    assert result.code == 0 and "[house-promo]" in result.out
    shipped = rules_dir() / "boilerplate.yaml"
    tested = cli("rules", "test", shipped)
    assert "duplicate rule id" not in tested.err
    assert tested.code == 0 and " 0 failed" in tested.out
    assert [p.path for p in load_packs([shipped])] == [p.path for p in load_packs()]


def test_every_kind_declares_documented_options():
    for name, kind in KINDS.items():
        assert kind.kind == name and kind.description
        for option in kind.options:
            assert option.description, (name, option.name)


def test_missing_pack_path_is_an_error(tmp_path):
    with pytest.raises(RuleError, match="no such rule pack"):
        load_packs([Path(tmp_path / "nowhere.yaml")])


def test_catastrophic_user_pattern_is_bounded_and_reported(cli, tmp_path):

    pack = tmp_path / "slow.yaml"
    pack.write_text(
        "rules:\n  - id: slow\n    kind: pattern\n    category: boilerplate\n"
        "    message: m\n    languages: ['*']\n    pattern: '(a|aa)+$'\n",
        encoding="utf-8",
    )
    article = tmp_path / "a.txt"
    article.write_text("Headline\n" + "a" * 5000 + "!\nSecond line.\n", encoding="utf-8")
    with CpuClock() as clock:
        result = cli("check", article, "--rules", pack, "--format", "json")
    assert clock.seconds < 5
    [entry] = result.json()["articles"]
    assert any("rule slow: its pattern took over" in w for w in entry["warnings"])


def test_a_rule_language_the_detector_never_answers_is_refused(tmp_path):
    path = tmp_path / "house.yaml"
    path.write_text(
        "rules:\n  - id: house-x\n    kind: phrase\n    category: boilerplate\n"
        "    message: m\n    languages: ['*', en, english]\n    phrases: [foo]\n",
        encoding="utf-8",
    )
    with pytest.raises(RuleError) as caught:
        load_pack(path)
    assert caught.value.line == 6 and "languages[2]: unknown language code 'english'" in str(
        caught.value
    )


HOUSE_WITH_TYPOS = """\
rules:
  - id: house-one
    kind: phrase
    category: boilerplate
    mesage: 'x {match}'
    phrases: [foo]
  - id: house-two
    kind: phrase
    category: boilerplate
    severty: error
    message: 'y {match}'
    phrases: [bar]
  - id: house-three
    kind: phrase
    category: boilerplat
    message: 'z {match}'
    phrases: [baz]
"""


def test_every_pack_error_is_reported_at_once_with_line_column_and_a_suggestion(cli, tmp_path):
    pack = write(tmp_path / "house.yaml", HOUSE_WITH_TYPOS)
    result = cli("rules", "test", pack)
    assert result.code == 2
    assert result.err.splitlines() == [
        f"qualitycheck: error: {pack}:5:5: rules[0].mesage: unknown key (did you mean "
        "'message'?) for a rule of kind 'phrase' (its keys: docs/rule-kinds.md)",
        f"qualitycheck: error: {pack}:10:5: rules[1].severty: unknown key (did you mean "
        "'severity'?) for a rule of kind 'phrase' (its keys: docs/rule-kinds.md)",
        f"qualitycheck: error: {pack}:15:5: rules[2].category: 'boilerplat' is not one of: "
        "boilerplate, machine_translation, unsupported_claim, language, readability "
        "(did you mean 'boilerplate'?)",
    ]
    # The same from a check, and the errors of a second pack join them.
    write(tmp_path / "other.yaml", "rules:\n  - id: house-one\n    kind: phrasee\n")
    both = cli("check", "--rules", tmp_path, "x.txt")
    assert both.code == 2
    assert len(both.err.splitlines()) == 4 and "did you mean 'phrase'?" in both.err


def test_examples_are_reported_at_their_own_line_and_a_missing_one_says_so(cli, tmp_path):
    pack = write(
        tmp_path / "house.yaml",
        "rules:\n"
        "  - id: house-three\n    kind: phrase\n    category: boilerplate\n"
        "    message: 'z {match}'\n    phrases: [baz]\n"
        "    examples:\n      flag:\n        - nothing here\n      pass:\n        - baz is here\n"
        "  - id: house-four\n    kind: phrase\n    category: boilerplate\n"
        "    message: 'z {match}'\n    phrases: [qux]\n",
    )
    out = cli("rules", "test", pack).out.splitlines()
    assert out[:3] == [
        f"FAIL {pack}:9: house-three: flag example wanted a finding, got none: 'nothing here'",
        f"FAIL {pack}:11: house-three: pass example wanted no finding, got 1 ('baz'): "
        "'baz is here'",
        f"FAIL {pack}:12: house-four: no 'flag' example: add one under 'examples: flag:' so "
        "that 'rules test' can show the rule works",
    ]


def test_a_house_pack_extends_a_shipped_rule_without_copying_it(cli, tmp_path):
    write(
        tmp_path / "house.yaml",
        "rules:\n"
        "  - extends: boilerplate-share\n"
        "    lines: [share on mastodon]\n"
        "    exceptions: [share on mastodon today]\n"
        "    examples:\n      flag: [Share on Mastodon]\n",
    )
    story = "Harbour\nThe port reopened.\nShare on Mastodon\nShare This Article\n"
    write(tmp_path / "a.txt", story)
    result = cli("check", "a.txt", "--rules", "house.yaml", "--no-models", "--format", "json")
    found = [(f["rule"], f["line"]) for f in result.json()["articles"][0]["findings"]]
    assert found == [("boilerplate-share", 3), ("boilerplate-share", 4)]  # old lines still flag
    without = cli("check", "a.txt", "--no-models", "--format", "json").json()["articles"][0]
    assert [f["line"] for f in without["findings"]] == [4]
    tested = cli("rules", "test", "house.yaml")
    assert tested.code == 0 and tested.out.startswith("1 rule,")  # the extended rule
    # `rules show` says where the added lines came from, not only the shipped pack.
    shown = cli("rules", "show", "boilerplate-share", "--rules", "house.yaml").out.splitlines()
    assert shown[1].startswith("defined at ") and shown[1].endswith("boilerplate.yaml:15")
    assert shown[2] == "extended at house.yaml:2"
    assert "  - share on mastodon" in shown


def test_extensions_are_checked_like_rules(cli, tmp_path):
    write(
        tmp_path / "house.yaml",
        "rules:\n"
        "  - extends: boilerplate-shar\n    lines: [x]\n"
        "  - extends: claim-weasel\n    message: other\n"
        "  - extends: boilerplate-date-line\n    patterns: ['(unclosed']\n",
    )
    result = cli("rules", "test", "house.yaml")
    assert result.code == 2
    lines = result.err.splitlines()
    assert len(lines) == 3
    assert "no loaded rule 'boilerplate-shar' (did you mean 'boilerplate-share'?)" in lines[0]
    assert "house.yaml:5:5: rules[1].message: cannot be extended" in lines[1]
    assert "rules[2].patterns: invalid regular expression" in lines[2]
    unlike = write(tmp_path / "unlike.yaml", "rules:\n  - extends: no-such-rule\n    lines: [x]\n")
    result = cli("rules", "test", unlike)
    assert result.code == 2  # no guess at a name like none, but where the names are
    assert result.err.rstrip().endswith(
        "rules[0].extends: no loaded rule 'no-such-rule' to extend; see 'qualitycheck rules list'"
    ), result.err


def test_an_extension_is_held_to_the_rule_s_message_and_list_forms(cli, tmp_path):
    """A phrase added to a swap rule whose message prints {suggestion} would
    print it as written: refused as in the rule itself. Lists of lists
    (groups) and {text, match} examples are added as the kind takes them."""
    write(
        tmp_path / "p.yaml",
        "rules:\n  - id: house-phrase\n    kind: phrase\n    category: readability\n"
        '    message: \'Write "{suggestion}" not "{match}"\'\n    swap: {utilise: use}\n'
        "    examples: {flag: [We utilise it.], pass: [We use it.]}\n",
    )
    write(tmp_path / "e.yaml", "rules:\n  - extends: house-phrase\n    phrases: [leverage]\n")
    write(tmp_path / "a.txt", "Budget\nThe council will leverage the funds and utilise them.\n")
    refused = cli("check", "a.txt", "--no-models", "--rules", "p.yaml", "--rules", "e.yaml")
    assert refused.code == 2
    assert "e.yaml:2" in refused.err and "{suggestion}" in refused.err
    write(
        tmp_path / "g.yaml",
        "rules:\n  - extends: mt-mixed-spellings\n    groups: [[Harbourtown, Harbortown]]\n"
        "    examples:\n      flag:\n"
        "        - {text: Harbourtown and Harbortown met., match: Harbortown}\n",
    )
    tested = cli("rules", "test", "g.yaml")
    assert tested.code == 0, tested.out + tested.err
    write(
        tmp_path / "b.txt",
        "Port\nShips left Harbourtown.\nIn Harbortown it was calm.\n",
    )
    found = cli("check", "b.txt", "--no-models", "--rules", "g.yaml", "--format", "json")
    rules = [f["rule"] for f in found.json()["articles"][0]["findings"]]
    assert "mt-mixed-spellings" in rules


@pytest.mark.parametrize(
    "body, message",
    [
        ("    message: ''\n    phrases: [x]\n", "message: is empty"),
        ("    message: m\n    phrases: [x, '  ']\n", "phrases[1]: must not be empty"),
    ],
)
def test_blank_messages_and_list_items_are_refused(cli, tmp_path, body, message):
    write(
        tmp_path / "h.yaml",
        "rules:\n  - id: house-x\n    kind: phrase\n    category: readability\n" + body,
    )
    result = cli("rules", "test", "h.yaml")
    assert result.code == 2 and message in result.err, result.err


def test_a_rule_without_a_kind_says_so(cli, tmp_path):
    write(tmp_path / "h.yaml", "rules:\n  - id: house-x\n    category: readability\n")
    result = cli("rules", "test", "h.yaml")
    assert result.code == 2 and "h.yaml:2" in result.err and "no kind (one of:" in result.err


def test_a_flag_example_can_state_the_words_it_must_flag(cli, tmp_path):
    write(
        tmp_path / "house.yaml",
        "rules:\n  - id: house-match\n    kind: phrase\n    category: boilerplate\n"
        "    message: 'm {match}'\n    phrases: [share this, share this article]\n"
        "    examples:\n      flag:\n"
        "        - {text: Please share this article now, match: share this article}\n"
        "        - {text: Please share this now, match: share this article}\n"
        "      pass: [nothing]\n",
    )
    result = cli("rules", "test", "house.yaml")
    assert result.code == 1
    assert result.out.splitlines() == [
        "FAIL house.yaml:10: house-match: flag example wanted "
        "'share this article' flagged, got 'share this': 'Please share this now'",
        "1 rule, 3 examples: 2 passed, 1 failed",
    ]


def test_skip_blocks_passes_over_the_block_kinds_a_reader_marks_up(cli, tmp_path):
    write(
        tmp_path / "house.yaml",
        "rules:\n"
        "  - id: house-sponsor\n    kind: phrase\n    category: boilerplate\n"
        "    message: 'Sponsor line: {match}'\n    phrases: [sponsored by]\n"
        "    skip_blocks: [table_cell, caption]\n"
        "    examples:\n      flag: [Sponsored by Harbour Bank]\n      pass: [Nothing here]\n",
    )
    write(
        tmp_path / "a.md",
        "# Regatta results\n\nThe regatta was sponsored by Harbour Bank this year.\n\n"
        "| Boat | Sponsor |\n|---|---|\n| Gull | Sponsored by Harbour Bank |\n",
    )
    result = cli("check", "a.md", "--rules", "house.yaml", "--no-models", "--format", "json")
    found = [(f["rule"], f["line"]) for f in result.json()["articles"][0]["findings"]]
    assert found == [("house-sponsor", 3)]  # the paragraph, not the table cell on line 7
    shown = cli("rules", "show", "house-sponsor", "--rules", "house.yaml")
    assert "skips blocks: table_cell, caption" in shown.out


def test_a_list_option_past_its_size_limit_is_refused_at_its_line(tmp_path, monkeypatch):
    monkeypatch.setattr("qualitycheck.primitives.options.MAX_LIST_ITEMS", 3)
    pack = write(
        tmp_path / "pack.yaml",
        RULE.format(kind="phrase", message="m", extra="    phrases: [a, b, c, d]\n"),
    )
    with pytest.raises(RuleError, match=r"pack.yaml:6:5: rules\[0\].phrases: 4 items; at most 3 "):
        load_pack(pack)


def test_a_pack_file_past_its_size_limit_is_refused_unread(tmp_path, monkeypatch):
    monkeypatch.setattr("qualitycheck.primitives.yamlsource.MAX_YAML_BYTES", 100)
    pack = write(tmp_path / "pack.yaml", RULE.format(kind="phrase", message="m" * 80, extra=""))
    with pytest.raises(RuleError, match=r"pack\.yaml: larger than 100 bytes; not read"):
        load_pack(pack)


def test_rules_test_reads_examples_as_the_rule_looks_at_text(cli, tmp_path):
    write(
        tmp_path / "house.yaml",
        "rules:\n"
        "  - id: house-title-caps\n    kind: pattern\n    category: boilerplate\n"
        "    message: m\n    scope: title\n    pattern: 'BREAKING:'\n    ignore_case: false\n"
        "    examples:\n      flag: ['BREAKING: Bridge closes']\n      pass: [Bridge closes]\n"
        "  - id: house-cookies\n    kind: line\n    category: boilerplate\n    message: m\n"
        "    lines: ['Wir verwenden Cookies, um Ihnen das beste Erlebnis zu bieten']\n"
        "    examples:\n"
        "      flag: ['Wir verwenden Cookies, um Ihnen das beste Erlebnis zu bieten']\n"
        "      pass: [The council met on Monday.]\n",
    )
    result = cli("rules", "test", "house.yaml")
    assert result.code == 0, result.out
    assert "2 rules, 4 examples: 4 passed" in result.out


def test_rules_test_fails_an_example_the_rule_ran_out_of_time_on(cli, tmp_path):
    write(
        tmp_path / "slow.yaml",
        "rules:\n  - id: slow\n    kind: pattern\n    category: boilerplate\n"
        "    message: m\n    languages: ['*']\n    pattern: '^([\\w ]|[\\w ][\\w ])+$'\n"
        "    examples:\n      flag: ['a b']\n"
        f"      pass: ['{'word ' * 12}ending.']\n",
    )
    with CpuClock() as clock:
        result = cli("rules", "test", "slow.yaml")
    assert clock.seconds < 10
    assert result.code == 1
    assert "slow.yaml:10: slow: pass example not tested: rule slow: its pattern took over" in (
        result.out
    )


def test_rules_test_names_the_extension_s_line_for_an_example_it_added(cli, tmp_path):
    write(
        tmp_path / "ext.yaml",
        "rules:\n  - extends: boilerplate-share\n    examples:\n"
        "      flag:\n        - Share This Article\n        - Share on Bluesky\n",
    )
    result = cli("rules", "test", "ext.yaml")
    assert result.code == 1
    failed = [line for line in result.out.splitlines() if line.startswith("FAIL")]
    assert failed == [
        "FAIL ext.yaml:6: boilerplate-share: flag example wanted a finding, "
        "got none: 'Share on Bluesky'"
    ]


def test_every_wrong_value_of_one_rule_is_reported_at_once(cli, tmp_path):
    pack = write(
        tmp_path / "multi.yaml",
        "rules:\n"
        "  - id: house-a\n    kind: line\n    category: boilerplat\n    message: m\n"
        "    severity: fatal\n    lines: [x]\n    first_lines: -3\n    max_length: -1\n",
    )
    result = cli("rules", "test", pack)
    assert result.code == 2
    assert [line.split(": ")[3] for line in result.err.splitlines()] == [
        "rules[0].category",
        "rules[0].severity",
        "rules[0].first_lines",
        "rules[0].max_length",
    ]


def test_a_rules_folder_is_read_whatever_the_suffix_case_and_an_empty_one_is_refused(cli, tmp_path):
    (tmp_path / "empty").mkdir()
    refused = cli("rules", "list", "--rules", "empty")
    assert refused.code == 2 and "a rules folder without any .yaml or .yml pack" in refused.err
    write(
        tmp_path / "house" / "House.YAML",
        "rules:\n  - id: house-x\n    kind: phrase\n    category: readability\n"
        "    message: m\n    phrases: [harbourmaster]\n",
    )
    listed = cli("rules", "list", "--rules", "house")
    assert listed.code == 0 and "house-x" in listed.out


def test_a_rules_folder_is_read_with_its_subfolders_in_path_order(cli, tmp_path):
    """``rules: [house]`` read only house/*.yaml: a pack in house/sports/ was
    ignored without a word. Subfolders count (hidden ones do not), in path order."""
    pack = (
        "rules:\n  - id: house-{0}\n    kind: phrase\n    category: readability\n"
        "    message: m\n    phrases: [{0}]\n"
    )
    write(tmp_path / "house" / "top.yaml", pack.format("top"))
    write(tmp_path / "house" / "sports" / "nested.yml", pack.format("nested"))
    write(tmp_path / "house" / "a" / "b" / "deep.yaml", pack.format("deep"))
    write(tmp_path / "house" / ".git" / "hidden.yaml", pack.format("hidden"))
    write(tmp_path / "qualitycheck.yaml", "rules: [house]\nbuiltin_rules: false\n")
    listed = cli("rules", "list")
    assert listed.code == 0, listed.err
    ids = [line.split()[0] for line in listed.out.splitlines() if line.startswith("house-")]
    assert ids == ["house-deep", "house-nested", "house-top"]


def test_rules_test_of_a_pack_loads_the_configured_packs_it_extends(cli, tmp_path):
    """`rules test e.yaml` with the pack it extends named by --rules or by the
    config: the extension finds its target, and both are tested once."""
    write(
        tmp_path / "p.yaml",
        "rules:\n  - id: house-phrase\n    kind: phrase\n    category: readability\n"
        "    message: m {match}\n    phrases: [utilise]\n"
        "    examples: {flag: [We utilise it.], pass: [We use it.]}\n",
    )
    write(
        tmp_path / "e.yaml",
        "rules:\n  - extends: house-phrase\n    phrases: [leverage]\n"
        "    examples: {flag: [We leverage it.]}\n",
    )
    by_option = cli("rules", "test", "--no-config", "--rules", "p.yaml", "e.yaml")
    assert by_option.code == 0, by_option.err
    assert by_option.out.splitlines()[-1] == "1 rule, 3 examples: 3 passed, 0 failed"
    write(tmp_path / "qualitycheck.yaml", "rules: [p.yaml]\n")
    by_config = cli("rules", "test", "e.yaml", "p.yaml")
    assert by_config.code == 0, by_config.err


def test_rules_list_shows_a_switched_off_rule_at_its_configured_severity(cli, tmp_path):
    """What `--enable` would report: the config's severity applies to every rule."""
    write(
        tmp_path / "qualitycheck.yaml",
        'severity: {"boilerplate-*": error}\ndisable: [boilerplate-byline]\n',
    )
    listed = cli("rules", "list").out.splitlines()
    [byline] = [line.split() for line in listed if line.startswith("boilerplate-byline ")]
    assert byline[2:] == ["error", "line", "no"]


def test_every_problem_of_a_rule_is_reported_at_once_in_file_order(cli, tmp_path):
    write(
        tmp_path / "h.yaml",
        "rules:\n  - id: m2\n    kind: phrase\n    category: readabilty\n    mesage: x\n"
        "    severity: high\n    phrases: utilise\n",
    )
    result = cli("rules", "test", "h.yaml")
    assert result.code == 2
    lines = result.err.splitlines()
    assert [line.split("h.yaml:")[1].split(":")[0] for line in lines] == ["4", "5", "6", "7"]
    assert "did you mean 'readability'" in lines[0] and "did you mean 'message'" in lines[1]
    assert not any("missing required key 'message'" in line for line in lines)


@pytest.mark.parametrize(
    "defaults, message",
    [
        ("{severty: error}", "defaults.severty: unknown key (did you mean 'severity'?)"),
        ("{id: x}", "defaults.id: cannot be a default; defaults take artifact"),
    ],
)
def test_a_key_defaults_cannot_take_is_named_with_a_hint(cli, tmp_path, defaults, message):
    write(tmp_path / "d.yaml", f"defaults: {defaults}\nrules: []\n")
    result = cli("rules", "test", "d.yaml")
    assert result.code == 2 and message in result.err, result.err


def test_an_error_in_an_extension_s_list_names_the_item_as_written(cli, tmp_path):
    write(
        tmp_path / "house.yaml",
        "rules:\n  - extends: claim-weasel\n    cues:\n      - insiders say\n      - ''\n",
    )
    result = cli("rules", "test", "house.yaml")
    assert (
        result.code == 2 and "house.yaml:5" in result.err and "[1]: must not be empty" in result.err
    )


def test_every_finding_id_outside_the_packs_has_a_reserved_prefix():
    """A pack rule cannot take the id of a model or suppression finding
    because those ids all start with a prefix pack ids may not use."""
    from qualitycheck.detect.models.registry import MODEL_FINDINGS
    from qualitycheck.detect.rules.kinds.base import RESERVED_PREFIXES
    from qualitycheck.pipeline.suppressions import SUPPRESSION_FINDINGS

    for finding_id in [*MODEL_FINDINGS, *SUPPRESSION_FINDINGS]:
        assert finding_id.startswith(RESERVED_PREFIXES), finding_id


def test_a_language_rule_written_from_the_docs_applies_to_every_article(cli, tmp_path):
    """A ``language`` rule took the common default ``languages: [en]``: it ran
    only on English articles, which it never flags, and a German one was never
    looked at. Its own default is every language; a rule that sets them keeps them."""
    german = (
        "Der Bürgermeister hat am Montag gesagt, dass die Brücke im Mai für sechs Wochen "
        "geschlossen wird und die Arbeiten im Sommer beginnen."
    )
    pack = write(
        tmp_path / "house.yaml",
        "rules:\n  - id: house-language\n    kind: language\n    category: language\n"
        "    message: 'In {language}, expected {expected}'\n"
        f"    examples:\n      flag: ['{german}']\n      pass: ['The mayor spoke on Monday.']\n",
    )
    tested = cli("rules", "test", pack, "--no-config")
    assert tested.code == 0, tested.out + tested.err
    write(tmp_path / "qualitycheck.yaml", "rules: [house.yaml]\nbuiltin_rules: false\n")
    article = write(tmp_path / "a.txt", f"Brücke\n{german}\n")
    result = cli("check", article, "--format", "json")
    assert [f["rule"] for f in result.json()["articles"][0]["findings"]] == ["house-language"]
    [rule] = [r for p in load_packs([pack], builtin=False) for r in p.rules]
    assert rule.meta.languages == ["*"]
    limited = write(
        tmp_path / "limited.yaml",
        pack.read_text().replace(
            "    kind: language\n", "    kind: language\n    languages: [de]\n"
        ),
    )
    [rule] = [r for p in load_packs([limited], builtin=False) for r in p.rules]
    assert rule.meta.languages == ["de"]


def test_rules_test_says_when_a_pattern_matched_only_empty_or_its_group_nothing(cli, tmp_path):
    """A lookahead the load-time probes cannot see, or an optional group, made a
    flag example fail with only 'got none': the pattern did match there."""
    pack = write(
        tmp_path / "z.yaml",
        "rules:\n"
        "  - id: z-look\n    kind: pattern\n    category: boilerplate\n    message: m\n"
        "    pattern: 'zzz|(?=share)'\n"
        "    examples: {flag: [please share this], pass: [nothing]}\n"
        "  - id: z-group\n    kind: pattern\n    category: boilerplate\n    message: m\n"
        "    pattern: 'updated(\\s+\\d+:\\d+)?'\n    group: 1\n"
        "    examples: {flag: [it was updated today], pass: [nothing]}\n"
        "  - id: z-quoted\n    kind: pattern\n    category: boilerplate\n    message: m\n"
        "    pattern: 'share'\n    skip_quotes: true\n"
        "    examples: {flag: ['he said \"share\"'], pass: [nothing]}\n",
    )
    result = cli("rules", "test", pack, "--no-config")
    assert result.code == 1
    fails = [line for line in result.out.splitlines() if line.startswith("FAIL")]
    assert fails == [
        f"FAIL {pack}:7: z-look: flag example wanted a finding, got none (its pattern matched "
        "only the empty string, at character 7; empty matches are never reported): "
        "'please share this'",
        f"FAIL {pack}:14: z-group: flag example wanted a finding, got none (its pattern matched "
        "'updated', but group 1 matched nothing): 'it was updated today'",
        # A real match left out for another reason: no note.
        f"FAIL {pack}:21: z-quoted: flag example wanted a finding, got none: 'he said \"share\"'",
    ]


QUOTES_RULE = (
    "  - id: q-quotes\n    kind: quotes\n    category: machine_translation\n    message: m\n"
    "    examples: {flag: ['He said \"no to the plan.'], pass: ['He said \"no\" to the plan.']}\n"
)


def test_a_quotes_rule_takes_no_skip_quotes_and_ignores_the_pack_default(cli, tmp_path):
    """``defaults: {skip_quotes: true}`` (rule-packs.md's example) made a quotes
    rule skip every mark it flags: it loaded and never fired."""
    pack = write(tmp_path / "q.yaml", "defaults:\n  skip_quotes: true\nrules:\n" + QUOTES_RULE)
    tested = cli("rules", "test", pack, "--no-config")
    assert tested.code == 0, tested.out
    own = write(tmp_path / "own.yaml", "rules:\n" + QUOTES_RULE + "    skip_quotes: true\n")
    refused = cli("rules", "test", own, "--no-config")
    assert refused.code == 2
    assert f"{own}:7:5: rules[0].skip_quotes: does not apply to a rule of kind 'quotes'" in (
        refused.err
    )


def test_a_line_rule_of_lines_only_refuses_ignore_case_false(tmp_path):
    """``ignore_case: false`` was accepted and changed nothing: lines match without case."""
    pack = write(
        tmp_path / "l.yaml",
        RULE.format(
            kind="line", message="m", extra="    lines: [Read More]\n    ignore_case: false\n"
        ),
    )
    with pytest.raises(RuleError, match="ignore_case: false applies to 'patterns' only"):
        load_pack(pack)
    with_pattern = write(
        tmp_path / "p.yaml",
        RULE.format(
            kind="line", message="m", extra="    patterns: ['Read More']\n    ignore_case: false\n"
        ),
    )
    assert [r.meta.id for r in load_pack(with_pattern).rules] == ["r"]


def test_rules_show_gives_the_words_a_flag_example_must_flag(cli, tmp_path):
    """``{text: ..., match: ...}`` was shown as its text alone."""
    pack = write(
        tmp_path / "m.yaml",
        RULE.format(kind="pattern", message="m", extra="    pattern: 'updated\\s+\\d+:\\d+'\n")
        + "    examples:\n      flag: [{text: 'Updated 10:45 by staff', match: 'Updated 10:45'}]\n"
        "      pass: [nothing]\n",
    )
    shown = cli("rules", "show", "r", "--rules", pack, "--no-config")
    assert shown.code == 0, shown.err
    assert "  - Updated 10:45 by staff  (flags: Updated 10:45)\n" in shown.out
    assert "  - nothing\n" in shown.out


def test_a_rule_written_enabled_false_runs_only_when_switched_on(cli, tmp_path):
    """``enabled: false`` (docs/rule-kinds.md): off by default, on with --enable or the config."""
    write(
        tmp_path / "house.yaml",
        "rules:\n  - id: house-off\n    kind: phrase\n    category: readability\n"
        "    severity: info\n    enabled: false\n    message: 'x \"{match}\"'\n"
        "    phrases: [harbour]\n    examples: {flag: [the harbour], pass: [nothing]}\n",
    )
    write(tmp_path / "a.txt", "Title\nThe harbour opened.\n")
    options = ("--rules", "house.yaml", "--no-models", "--format", "json")
    off = cli("check", "a.txt", *options, cwd=tmp_path).json()
    on = cli("check", "a.txt", *options, "--enable", "house-off", cwd=tmp_path).json()
    assert [f["rule"] for f in off["articles"][0]["findings"]] == []
    assert [f["rule"] for f in on["articles"][0]["findings"]] == ["house-off"]
    write(tmp_path / "qualitycheck.yaml", "enable: [house-off]\n")
    configured = cli("check", "a.txt", *options, cwd=tmp_path).json()
    assert [f["rule"] for f in configured["articles"][0]["findings"]] == ["house-off"]
