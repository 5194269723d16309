"""An editor's config file with several problems: all of them in one run,
each with file, line and column, capped; the run still stops (exit 2)."""

from __future__ import annotations

import pytest
from conftest import CLEAN_ARTICLE, write

from qualitycheck.errors import ConfigError, ConfigErrors

BROKEN = """\
fail_on: eror
languages: en
penalties:
  error: lots
bogus_key: 1
models:
  mt: {treshold: 0.5}
severity:
  boilerplate-share: loud
suppressions:
  - rule: boilerplate-share
"""


def test_every_problem_of_a_config_is_reported_in_one_run(cli, tmp_path):
    config = write(tmp_path / "qualitycheck.yaml", BROKEN)
    article = write(tmp_path / "a.txt", CLEAN_ARTICLE)
    result = cli("check", article, "--config", config)
    assert result.code == 2
    lines = [line for line in result.err.splitlines() if line.startswith("qualitycheck: error:")]
    places = [line.split(" ")[2] for line in lines]
    assert places == [
        f"{config}:{n}:{c}:" for n, c in [(1, 1), (2, 1), (4, 3), (5, 1), (7, 8), (9, 3), (11, 5)]
    ], result.err
    assert "fail_on: 'eror' is not one of" in result.err
    assert "models.mt.treshold: unknown key (did you mean 'threshold'?)" in result.err
    assert "suppressions[0]: missing required key 'reason'" in result.err


def test_the_problems_reported_are_capped_with_a_count_of_the_rest(tmp_path):
    from qualitycheck.config.loading import load_config
    from qualitycheck.errors import MAX_REPORTED

    keys = "".join(f"key_{n}: 1\n" for n in range(MAX_REPORTED + 7))
    config = write(tmp_path / "qualitycheck.yaml", keys)
    try:
        load_config(config)
    except ConfigErrors as caught:
        messages = caught.messages()
    else:  # pragma: no cover - the assertion below says what went wrong
        messages = []
    assert len(messages) == MAX_REPORTED + 1
    assert messages[-1] == f"{config}: ... and 7 more problem(s) not shown"


def test_a_config_with_one_problem_still_raises_one_config_error(tmp_path):
    from qualitycheck.config.loading import load_config

    config = write(tmp_path / "qualitycheck.yaml", "fail_on: eror\n")
    try:
        load_config(config)
    except ConfigError as caught:
        assert not isinstance(caught, ConfigErrors)
        assert (caught.line, caught.column, caught.key) == (1, 1, "fail_on")
    else:  # pragma: no cover
        raise AssertionError("fail_on: eror was accepted")


def test_a_suppression_that_is_no_mapping_is_a_config_error_not_a_crash(cli, tmp_path):
    """With every problem collected, the suppressions were read on after the
    list's wrong item type was noted: ``- 3`` became ``LocatedDict(3)``, a
    TypeError and an internal error instead of exit 2 with the line."""
    config = write(
        tmp_path / "qualitycheck.yaml",
        "suppressions:\n  - 3\n  - [boilerplate-share]\n  - text\n  -\n"
        "  - {rule: boilerplate-share}\n",
    )
    article = write(tmp_path / "a.txt", CLEAN_ARTICLE)
    result = cli("check", article, "--config", config)
    assert result.code == 2, result.err
    assert "internal error" not in result.err
    assert f"{config}:2" in result.err
    assert "suppressions[0]: expected a mapping, got the number 3" in result.err
    # The well-formed entry's own problem is still reported in the same run.
    assert "suppressions[4]: missing required key 'reason'" in result.err


_RULE = "rules:\n  - id: house-long\n    category: readability\n"


@pytest.mark.parametrize(
    ("pack", "place", "said"),
    [
        # A kind's own check of its options together (validate_options).
        (_RULE + "    kind: metric\n    metric: words\n    message: 'Long {value}'\n", "2:5",
         "rules[0] (house-long): give 'above' or 'below'"),
        (_RULE + "    kind: metric\n    message: 'Long {value}'\n    above: 3\n", "2:5",
         "rules[0]: missing required key 'metric'"),
        (_RULE + "    message: 'Long {value}'\n", "2:5", "rules[0].kind: no kind"),
        (_RULE + "    kind: metric\n    metric: words\n    above: 3\n    message: 'Long {valu}'\n",
         "7:5", "rules[0].message: unknown placeholder {valu}"),
        ("rules:\n  - extends: readability-long-sentenc\n    patterns: [x]\n", "2:5",
         "rules[0].extends: no loaded rule"),
    ],
)  # fmt: skip
def test_a_rule_level_problem_names_its_column_too(cli, tmp_path, pack, place, said):
    """Keys and values had file:line:col; a problem of a rule as a whole (its
    options together, a missing key, an unknown extends target) had only
    file:line. It points at the rule's first key now."""
    rules = write(tmp_path / "house.yaml", pack)
    article = write(tmp_path / "a.txt", CLEAN_ARTICLE)
    result = cli("check", article, "--rules", rules, "--no-models")
    assert result.code == 2
    assert f"qualitycheck: error: {rules}:{place}: {said}" in result.err, result.err
