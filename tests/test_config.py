"""Config files: discovery, validation with file:line:key, rule selection."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest
from conftest import BOILERPLATE_ARTICLE, CLEAN_ARTICLE, CpuClock, write

from qualitycheck.config.declarations import (
    CONFIG_OPTIONS,
    JSONL_OPTIONS,
    MODEL_OPTIONS,
    PENALTY_OPTIONS,
)
from qualitycheck.config.loading import find_config, load_config
from qualitycheck.config.settings import Config
from qualitycheck.detect.models.settings import ModelSettings
from qualitycheck.errors import ConfigError
from qualitycheck.readers.base import MAX_ARTICLE_BYTES, ReadSettings
from qualitycheck.resources import rules_dir


def rules_of(result) -> list[str]:
    return [f["rule"] for a in result.json()["articles"] for f in a["findings"]]


def test_config_is_found_by_walking_up(cli, tmp_path):
    write(tmp_path / "qualitycheck.yaml", "disable: [boilerplate-share]\n")
    article = write(tmp_path / "deep" / "er" / "a.txt", BOILERPLATE_ARTICLE)
    result = cli("check", article, "--format", "json", cwd=tmp_path / "deep" / "er")
    assert "boilerplate-share" not in rules_of(result)
    assert "boilerplate-comments" in rules_of(result)
    ignored = cli("check", article, "--format", "json", "--no-config", cwd=tmp_path / "deep")
    assert "boilerplate-share" in rules_of(ignored)


def test_a_config_found_by_walking_up_is_named_relative_to_the_working_folder(cli, tmp_path):
    """Errors, warnings and ``config_warnings[].path`` name a found config as
    the inputs are named, relative to where the run started, so the output
    is the same in every checkout (it was the absolute path)."""
    write(
        tmp_path / "qualitycheck.yaml",
        "suppressions:\n  - rule: boilerplate-share\n    reason: an old widget\n",
    )
    write(tmp_path / "sub" / "a.txt", CLEAN_ARTICLE)
    result = cli(
        "check",
        ".",
        "--no-models",
        "--warn-unused-suppressions",
        "--format",
        "json",
        cwd=tmp_path / "sub",
    )
    assert result.json()["summary"]["config_warnings"][0]["path"] == "../qualitycheck.yaml"
    assert "qualitycheck: warning: ../qualitycheck.yaml:2: unused suppression" in result.err
    assert str(tmp_path) not in result.out + result.err
    at_top = cli("check", "sub", "--no-models", "--warn-unused-suppressions", "--format", "json")
    assert at_top.json()["summary"]["config_warnings"][0]["path"] == "qualitycheck.yaml"
    write(tmp_path / "qualitycheck.yaml", "fail_on: [\n")
    broken = cli("check", ".", cwd=tmp_path / "sub")
    assert broken.code == 2
    assert broken.err.startswith("qualitycheck: error: ../qualitycheck.yaml:2:"), broken.err
    write(tmp_path / "qualitycheck.yaml", "")
    write(tmp_path / "sub" / "pyproject.toml", '[tool.qualitycheck]\nfail_on = "sometimes"\n')
    toml = cli("check", ".", cwd=tmp_path / "sub")
    assert toml.err.startswith("qualitycheck: error: pyproject.toml:2"), toml.err


def test_pyproject_table_is_read(cli, tmp_path):
    write(
        tmp_path / "pyproject.toml",
        '[project]\nname = "x"\n\n[tool.qualitycheck]\nfail_on = "never"\n'
        'severity = { "boilerplate" = "warning" }\n',
    )
    article = write(tmp_path / "a.txt", BOILERPLATE_ARTICLE)
    result = cli("check", article, "--format", "json")
    assert result.code == 0
    # `severity:` sets the rules' levels; the boilerplate model's band finding is
    # always info, like model-mt-possible (docs/configuration.md).
    findings = [f for a in result.json()["articles"] for f in a["findings"]]
    severities = {f["severity"] for f in findings if f["rule"] != "model-boilerplate-possible"}
    assert severities == {"warning"}


def test_pyproject_unknown_key_names_its_line(cli, tmp_path):
    write(
        tmp_path / "pyproject.toml",
        '[project]\nname = "x"\n\n[tool.qualitycheck]\nlanguages = ["en"]\nfail_undr = 50\n',
    )
    result = cli("check", write(tmp_path / "a.txt", CLEAN_ARTICLE))
    assert result.code == 2
    assert "pyproject.toml:6:1: fail_undr: unknown key (did you mean 'fail_under'?)" in result.err


def test_wrong_types_and_values_exit_2_with_line_and_key(cli, tmp_path):
    article = write(tmp_path / "a.txt", CLEAN_ARTICLE)
    cases = {
        "languages: en\n": "1: languages: expected a list of text, got text 'en'",
        "languages: []\n": "1: languages: must name at least one language (for example [en])",
        "fail_on: sometimes\n": "1: fail_on: 'sometimes' is not one of: error, warning, never",
        "jsonl:\n  id: key\n  txt: body\n": "3: jsonl.txt: unknown key",
        "severity:\n  boilerplate: fatal\n": ":2:3: severity.boilerplate: expected one of",
        "disable: [no-such-rule]\n": "1: disable: 'no-such-rule' matches no rule",
        "penalties:\n  error: -3\n": ":2:3: penalties.error: must be at least 0",
        "fail_on: [error\n": "invalid YAML",
    }
    for text, expected in cases.items():
        config = write(tmp_path / "cfg" / "qualitycheck.yaml", text)
        result = cli("check", article, "--config", config)
        assert result.code == 2, text
        assert f"{config}:" in result.err and expected in result.err, (text, result.err)


def test_disable_then_enable_and_severity_specificity(cli, tmp_path):
    write(
        tmp_path / "qualitycheck.yaml",
        "disable: [boilerplate]\nenable: [boilerplate-comments]\n"
        "severity:\n  boilerplate: info\n  boilerplate-comments: warning\n",
    )
    result = cli("check", write(tmp_path / "a.txt", BOILERPLATE_ARTICLE), "--format", "json")
    findings = [f for a in result.json()["articles"] for f in a["findings"]]
    assert [(f["rule"], f["severity"]) for f in findings] == [("boilerplate-comments", "warning")]
    assert result.code == 0


def test_command_line_overrides(cli, tmp_path):
    article = write(tmp_path / "a.txt", BOILERPLATE_ARTICLE)
    result = cli("check", article, "--format", "json", "--disable", "boilerplate-*")
    assert set(rules_of(result)) <= {"model-boilerplate"}
    # A category switches off the rules and the model of that category.
    assert rules_of(cli("check", article, "--format", "json", "--disable", "boilerplate")) == []
    no_model = cli("check", article, "--format", "json", "--disable", "model-boilerplate")
    assert "model-boilerplate" not in rules_of(no_model)
    assert cli("check", article, "--disable", "no-such-rule").code == 2


def test_no_config_and_a_config_file_together_are_a_usage_error(cli, tmp_path):
    write(tmp_path / "qualitycheck.yaml", "fail_on: never\n")
    result = cli("check", write(tmp_path / "a.txt", BOILERPLATE_ARTICLE), "--no-config",
                 "--config", "qualitycheck.yaml")  # fmt: skip
    assert result.code == 2 and "--no-config and --config FILE contradict" in result.err


def test_command_line_disable_wins_over_the_file_s_enable(cli, tmp_path):
    write(tmp_path / "qualitycheck.yaml", "enable: [boilerplate-comments, model-boilerplate]\n")
    article = write(tmp_path / "a.txt", BOILERPLATE_ARTICLE)
    assert "boilerplate-comments" in rules_of(cli("check", article, "--format", "json"))
    result = cli(
        "check", article, "--format", "json", "--disable", "boilerplate-comments,model-boilerplate"
    )
    assert not {"boilerplate-comments", "model-boilerplate"} & set(rules_of(result))
    # And the command line's enable still undoes its own disable of a category.
    both = cli("check", article, "--format", "json", "--disable", "boilerplate")
    assert rules_of(both) == []
    again = cli(
        "check",
        article,
        "--format",
        "json",
        "--disable",
        "boilerplate",
        "--enable",
        "boilerplate-comments",
    )
    assert set(rules_of(again)) == {"boilerplate-comments"}


def test_unexpected_language_is_reported_and_english_rules_skip(cli, tmp_path):
    spanish = (
        "Nuevo puente\n"
        "El ayuntamiento aprobó ayer el nuevo presupuesto para reparar el puente del río, "
        "según informó el alcalde.\n"
        "Muchos expertos dicen que es indudablemente la mejor solución. Share This Article\n"
    )
    article = write(tmp_path / "es.txt", spanish)
    result = cli("check", article, "--format", "json", "--no-models")
    [entry] = result.json()["articles"]
    assert entry["language"] == "es"
    assert [f["rule"] for f in entry["findings"]] == ["language-unexpected"]
    accepted = cli(
        "check", article, "--format", "json", "--language", "es", "--language", "en", "--no-models"
    )
    assert [f["rule"] for a in accepted.json()["articles"] for f in a["findings"]] == []


def test_user_rule_pack_adds_rules(cli, tmp_path):
    pack = write(
        tmp_path / "packs" / "house.yaml",
        "defaults:\n  category: unsupported_claim\n  severity: error\n"
        "rules:\n  - id: house-banned-word\n    kind: phrase\n"
        "    message: 'House style bans \"{match}\"'\n    phrases: [traffic calming]\n",
    )
    article = write(tmp_path / "a.txt", CLEAN_ARTICLE + "The lanes are Traffic  Calming.\n")
    result = cli("check", article, "--rules", pack.parent, "--format", "json")
    assert result.code == 1
    [finding] = result.json()["articles"][0]["findings"]
    assert finding["message"] == 'House style bans "Traffic Calming"'
    assert finding["text"] == "Traffic  Calming"


def config_error(path: Path) -> str:
    with pytest.raises(ConfigError) as caught:
        load_config(path)
    return str(caught.value)


def test_pyproject_errors_name_the_line_of_the_key_in_tables_and_sub_tables(tmp_path):
    pyproject = tmp_path / "pyproject.toml"
    cases = {
        "[tool.qualitycheck]\nfail_on = \n": ":2:11: invalid TOML: ",
        # An unclosed array is found at the end of the file: that line, not none.
        '[project]\nname = "x"\n[tool.qualitycheck]\ndisable = ["boilerplate"\n': ":4: invalid "
        "TOML: Unclosed array (at end of document)",
        "[tool]\nqualitycheck = 3\n": ":2:1: tool.qualitycheck: must be a table",
        '[project]\nname = "x"\n\n[tool.qualitycheck]\nfail_on = "never"\n\n'
        "[tool.qualitycheck.models.mt]\nenabled = true\nthreshhold = 0.5\n": ":9:1: "
        "models.mt.threshhold: unknown key (did you mean 'threshold'?); "
        "known keys: enabled, severity, threshold",
        "[tool.qualitycheck.penalties]\nwarning = 1\n  error = -1\n": ":3:3: penalties.error: "
        "must be at least 0",
        "[tool.qualitycheck.models]\nsentiment = {}\n": ":2:1: models.sentiment: unknown model; "
        "models: boilerplate, claims, mt",
    }
    for text, expected in cases.items():
        write(pyproject, text)
        message = config_error(pyproject)
        assert message.startswith(str(pyproject) + expected), (text, message)


def test_a_yaml_config_must_be_a_mapping(tmp_path):
    config = write(tmp_path / "qualitycheck.yaml", "- disable\n- enable\n")
    assert config_error(config) == f"{config}:1: the config must be a mapping of keys"


def test_pyproject_without_a_qualitycheck_table_does_not_stop_the_walk(tmp_path):
    outer = write(tmp_path / "qualitycheck.yaml", "fail_on: never\n")
    write(tmp_path / "project" / "pyproject.toml", '[project]\nname = "x"\n')
    assert find_config(tmp_path / "project") == outer
    sub_table_only = write(
        tmp_path / "project" / "pyproject.toml", "[tool.qualitycheck.penalties]\ninfo = 0\n"
    )
    assert find_config(tmp_path / "project") == sub_table_only
    assert load_config(sub_table_only).penalties["info"] == 0


def _declared(options) -> dict:
    return {option.name: option.default for option in options}


def test_config_defaults_are_the_declared_defaults():
    """Config() holds each key's declared default (docs/configuration.md shows
    the declarations, so they must be what a run without a config uses)."""
    config = Config()
    as_declared = {
        "rules": [str(path) for path in config.rules],
        "builtin_rules": config.builtin_rules,
        "enable": [selector.value for selector in config.enable],
        "disable": [selector.value for selector in config.disable],
        "severity": {selector.value: level for selector, level in config.severity},
        "languages": list(config.languages),
        "include": list(config.include),
        "exclude": list(config.exclude),
        "fail_on": config.fail_on,
        "fail_under": config.fail_under,
        "rule_seconds_per_article": config.rule_seconds_per_article,
        "rule_seconds_per_run": config.rule_seconds_per_run,
        # None: the readers' own default (MAX_ARTICLE_BYTES), checked below.
        "max_article_bytes": None,
        # Tables: empty by default, their keys declared (and defaulted) below.
        "penalties": {},
        "jsonl": {},
        "models": config.models,
        "models_dir": config.models_dir,
        "suppressions": config.suppressions,
    }
    assert as_declared == _declared(CONFIG_OPTIONS)
    assert config.penalties == _declared(PENALTY_OPTIONS)
    jsonl = _declared(JSONL_OPTIONS)
    assert {name: getattr(config.read_settings, f"{name}_field") for name in jsonl} == jsonl
    assert ModelSettings() == ModelSettings(**_declared(MODEL_OPTIONS))
    assert ReadSettings() == config.read_settings
    assert config.read_settings.max_article_bytes == MAX_ARTICLE_BYTES
    # Each config gets its own lists, so one run's command line cannot leak into another.
    assert Config().rules is not config.rules and Config().penalties is not config.penalties


def test_an_empty_config_file_gives_the_defaults(tmp_path):
    for config_file, text in (
        ("qualitycheck.yaml", ""),
        ("qualitycheck.yaml", "{}\n"),
        ("pyproject.toml", "[tool.qualitycheck]\n"),
    ):
        path = write(tmp_path / config_file, text)
        loaded = load_config(path)
        assert loaded.path == str(path)
        assert replace(loaded, path=None) == Config() == load_config(None), config_file


@pytest.mark.parametrize(
    ("yaml_text", "line", "key"),
    [
        ("exclude:\n  - drafts\n  - '[z-a]'\n", 3, "exclude[1]"),  # the item's own line
        ("include: ['[]']\n", 1, "include[0]"),
        (
            "suppressions:\n  - rule: boilerplate\n    reason: legacy\n    paths: ['[!]']\n",
            4,
            "suppressions[0].paths[0]",
        ),
    ],
)
def test_invalid_globs_are_config_errors_with_their_line(tmp_path, yaml_text, line, key):
    config = tmp_path / "qualitycheck.yaml"
    config.write_text(yaml_text, encoding="utf-8")
    with pytest.raises(ConfigError) as caught:
        load_config(config)
    assert (caught.value.line, caught.value.key) == (line, key)
    assert "invalid glob" in caught.value.message


def test_an_invalid_glob_on_the_command_line_is_a_usage_error(cli, tmp_path):
    (tmp_path / "a.txt").write_text(CLEAN_ARTICLE, encoding="utf-8")
    result = cli("check", tmp_path, "--exclude", "[z-a]")
    assert result.code == 2
    assert "invalid glob" in result.err and "Traceback" not in result.err


@pytest.mark.parametrize(
    ("yaml_text", "key", "message"),
    [
        ("fail_under: .nan\n", "fail_under", "finite number"),
        ("models:\n  mt:\n    threshold: .nan\n", "models.mt.threshold", "finite number"),
        ("penalties:\n  info: .nan\n", "penalties.info", "finite number"),
        ("penalties:\n  error: .inf\n", "penalties.error", "finite number"),
        ("fail_under: 101\n", "fail_under", "at most 100"),
        ("languages: [english]\n", "languages[0]", "unknown language code 'english'"),
        ("languages: [en-US]\n", "languages[0]", "written 'en'"),
        ("languages: [zh]\n", "languages[0]", "'zh' is written 'zh-cn' (simplified) or 'zh-tw'"),
        ("languages: [nb]\n", "languages[0]", "'nb' is written 'no' here"),
        # YAML 1.1 traps are named as such: `no` is false, `1e9` is text.
        ("languages: [en, no]\n", "languages[1]", "got false (YAML reads unquoted yes, no"),
        ("rule_seconds_per_run: 1e9\n", "rule_seconds_per_run", "got text '1e9' (YAML reads"),
        # A number in quotes is told to lose them, not how YAML reads 1e9.
        ("fail_under: '60'\n", "fail_under", "got text '60' (written in quotes: leave them out)"),
        ('penalties:\n  error: "2.5"\n', "penalties.error", "'2.5' (written in quotes: leave"),
        ("fail_under: [1]\n", "fail_under", "expected a number or null, got a list"),
        ("include: []\n", "include", "must name at least one glob"),
    ],
)
def test_numbers_that_would_switch_the_gate_off_and_unknown_languages_are_refused(
    tmp_path, yaml_text, key, message
):
    config = tmp_path / "qualitycheck.yaml"
    config.write_text(yaml_text, encoding="utf-8")
    with pytest.raises(ConfigError) as caught:
        load_config(config)
    assert caught.value.key == key
    assert message in caught.value.message


def test_every_language_the_detector_answers_is_accepted(tmp_path):
    config = tmp_path / "qualitycheck.yaml"
    config.write_text("languages: [en, de, zh-cn, zh-tw]\n", encoding="utf-8")
    assert load_config(config).languages == ("en", "de", "zh-cn", "zh-tw")


def test_an_unknown_language_on_the_command_line_is_a_usage_error(cli, tmp_path):
    (tmp_path / "a.txt").write_text(CLEAN_ARTICLE, encoding="utf-8")
    result = cli("check", tmp_path, "--language", "english")
    assert result.code == 2
    assert "unknown language code" in result.err


def test_a_pyproject_with_only_a_deep_sub_table_is_found(cli, tmp_path):
    (tmp_path / "pyproject.toml").write_text(
        "[project]\nname = 'x'\n\n[tool.qualitycheck.models.mt]\nenabled = false\n",
        encoding="utf-8",
    )
    assert find_config(tmp_path) == tmp_path / "pyproject.toml"
    assert load_config(tmp_path / "pyproject.toml").models["mt"].enabled is False


def test_a_key_is_located_in_its_own_table_not_in_another_with_the_same_name(tmp_path):
    pyproject = tmp_path / "pyproject.toml"
    pyproject.write_text(
        "[tool.other]\nlanguages = ['xx']\n\n"  # same key, another tool's table
        "[tool.qualitycheck]\nfail_on = 'error'\nlanguages = ['english']\n",
        encoding="utf-8",
    )
    with pytest.raises(ConfigError) as caught:
        load_config(pyproject)
    assert (caught.value.line, caught.value.key) == (6, "languages[0]")


def test_suppression_entries_of_an_array_of_tables_have_their_own_lines(tmp_path):
    pyproject = tmp_path / "pyproject.toml"
    pyproject.write_text(
        "[tool.qualitycheck]\n\n"
        "[[tool.qualitycheck.suppressions]]\nrule = 'boilerplate'\nreason = 'ok'\n\n"
        "[[tool.qualitycheck.suppressions]]\nrule = 'boilerplate'\n",
        encoding="utf-8",
    )
    with pytest.raises(ConfigError) as caught:
        load_config(pyproject)
    assert caught.value.line == 7 and "reason" in caught.value.message


def test_many_unknown_keys_are_located_in_linear_time(tmp_path):
    pyproject = tmp_path / "pyproject.toml"
    keys = "".join(f"unknown_{index} = 1\n" for index in range(20_000))
    pyproject.write_text(f"[tool.qualitycheck]\n{keys}", encoding="utf-8")
    with CpuClock() as clock, pytest.raises(ConfigError) as caught:
        load_config(pyproject)
    assert caught.value.line == 2
    assert clock.seconds < 5, clock.seconds  # 45 s when each key rescanned the file


def test_severity_selectors_reach_model_findings(cli, tmp_path):
    """``severity`` names model findings as it names rules (id over glob over
    category), in the findings, the verdict and ``rules show``."""
    from conftest import EXAMPLES

    article = EXAMPLES / "translated-trade-fair.md"

    def severities(config: str) -> dict[str, set[str]]:
        (tmp_path / "qualitycheck.yaml").write_text(config, encoding="utf-8")
        found: dict[str, set[str]] = {}
        result = cli(
            "check", article, "--format", "json", "--config", tmp_path / "qualitycheck.yaml"
        )
        for f in result.json()["articles"][0]["findings"]:
            found.setdefault(f["rule"], set()).add(f["severity"])
        return found

    default = severities("fail_on: error\n")
    assert default["model-machine-translation"] == {"warning"}
    assert default["model-mt-evidence"] == {"info"}
    raised = severities("severity:\n  model-machine-translation: error\n")
    assert raised["model-machine-translation"] == {"error"}
    config = ("--config", tmp_path / "qualitycheck.yaml")
    assert cli("check", article, *config).code == 1  # the article now fails
    assert raised["model-mt-evidence"] == {"info"}
    by_category = severities("severity:\n  machine_translation: error\n  model-mt-evidence: info\n")
    assert by_category["model-machine-translation"] == {"error"}
    assert by_category["model-mt-evidence"] == {"info"}  # the id beats the category
    shown = cli(
        "rules", "show", "model-machine-translation", "--config", tmp_path / "qualitycheck.yaml"
    ).out
    assert "machine_translation, error," in shown.splitlines()[0]


def test_every_unknown_selector_is_reported_at_once_with_a_hint(cli, tmp_path):
    (tmp_path / "qualitycheck.yaml").write_text(
        'disable: [claim-peacok, "boilerplat-*", readabilty]\n', encoding="utf-8"
    )
    result = cli("rules", "list")
    assert result.code == 2
    errors = [line for line in result.err.splitlines() if "matches no rule" in line]
    assert len(errors) == 3
    assert "(did you mean 'claim-peacock'?)" in errors[0]
    assert "(did you mean 'readability'?)" in errors[2]


def test_a_missing_rule_pack_is_named_at_its_config_line(cli, tmp_path):
    (tmp_path / "house.yaml").write_text(
        "rules:\n  - id: house-x\n    kind: phrase\n    category: readability\n"
        "    message: m\n    phrases: [harbourmaster]\n",
        encoding="utf-8",
    )
    (tmp_path / "qualitycheck.yaml").write_text(
        "rules:\n  - house.yaml\n  - packs/nope.yaml\n", encoding="utf-8"
    )
    result = cli("rules", "list")
    assert result.code == 2
    assert "qualitycheck.yaml:3:5: rules[1]: no such rule pack file or folder: packs/nope.yaml" in (
        result.err
    )


def test_several_config_and_rule_errors_pickle_with_their_keys_and_columns():
    """They can be raised on a Dask worker (a checker pickled to it)."""
    import pickle

    from qualitycheck.errors import ConfigError, ConfigErrors, RuleError, RuleErrors

    rules = RuleErrors(
        [RuleError("a.yaml", 2, "x", "rules[0].kind", 3), RuleError("a.yaml", 3, "y")]
    )
    config = ConfigErrors([ConfigError("c.yaml", 1, "z", "disable")])
    for error in (rules, config):
        back = pickle.loads(pickle.dumps(error))
        assert type(back) is type(error) and back.messages() == error.messages()


@pytest.mark.parametrize("value", ["false", "off", "[]", "0.5"])
def test_a_model_set_to_anything_but_a_mapping_is_refused_at_its_line(tmp_path, value):
    """``models: {mt: false}`` reads as "switch the mt model off" and left it
    on without a word; the key's value must be a mapping like the others."""
    config = write(tmp_path / "qualitycheck.yaml", f"fail_on: error\nmodels:\n  mt: {value}\n")
    with pytest.raises(ConfigError) as caught:
        load_config(config)
    assert caught.value.line == 3
    assert caught.value.key == "models.mt"
    assert caught.value.message.startswith(
        "expected a mapping (keys enabled, threshold, severity), got "
    )
    assert caught.value.message.endswith("; to switch it off: {enabled: false}")
    write(config, "models:\n  mt: {enabled: false}\n")
    assert load_config(config).models["mt"].enabled is False


def test_a_pyproject_given_with_config_must_have_the_table(cli, tmp_path):
    """``--config pyproject.toml`` without ``[tool.qualitycheck]`` (say, a
    misspelt ``[tool.quality-check]``) checked with the defaults, silently;
    a top-level ``tool = "x"`` was an internal error (AttributeError)."""
    article = write(tmp_path / "a.txt", BOILERPLATE_ARTICLE)
    pyproject = tmp_path / "pyproject.toml"
    cases = {
        '[tool.quality-check]\nfail_on = "never"\n': (
            f"{pyproject}: no [tool.qualitycheck] table to read the config from"
        ),
        'name = "x"\ntool = "x"\n': f"{pyproject}:2:1: tool: must be a table",
        "[tool]\nqualitycheck = 3\n": f"{pyproject}:2:1: tool.qualitycheck: must be a table",
    }
    for text, expected in cases.items():
        write(pyproject, text)
        result = cli("check", article, "--config", pyproject)
        assert result.code == 2, text
        assert result.err.splitlines()[-1] == f"qualitycheck: error: {expected}", text
    write(pyproject, '[tool.qualitycheck]\nfail_on = "never"\n')
    assert cli("check", article, "--config", pyproject).code == 0


def test_a_pack_named_twice_is_loaded_once(cli, tmp_path):
    """The same pack in the config's ``rules:`` and ``--rules`` (or a shipped
    pack given to ``rules test``) was loaded twice, and every rule of it was
    refused as a duplicate of itself ("already defined at" the same line)."""
    pack = write(
        tmp_path / "packs" / "house.yaml",
        "rules:\n  - id: house-banned-word\n    kind: phrase\n    category: readability\n"
        "    message: 'House style bans \"{match}\"'\n    phrases: [traffic calming]\n"
        "    examples: {flag: [Traffic calming now.], pass: [Calm traffic.]}\n",
    )
    write(tmp_path / "qualitycheck.yaml", "rules: [packs/house.yaml]\n")
    article = write(tmp_path / "a.txt", CLEAN_ARTICLE + "The lanes are Traffic  Calming.\n")
    for extra in (["--rules", "packs/house.yaml"], ["--rules", "packs"], ["--rules", pack]):
        result = cli("check", article, *extra, "--no-models", "--format", "json", cwd=tmp_path)
        assert result.code == 0, (extra, result.err)
        [finding] = result.json()["articles"][0]["findings"]
        assert finding["rule"] == "house-banned-word"
    assert cli("rules", "test", "packs/house.yaml", cwd=tmp_path).code == 0
    shipped = cli("rules", "test", rules_dir() / "boilerplate.yaml", "--no-config")
    assert shipped.code == 0, shipped.err


def test_a_negated_glob_is_refused_not_read_as_a_name(cli, tmp_path):
    """``include`` and ``exclude`` are called gitignore-style, and gitignore
    negates with '!'. Here '!drafts/keep.txt' was a glob for a name starting
    with '!': it matched nothing, so the draft meant to be kept was skipped."""
    write(tmp_path / "drafts" / "keep.txt", BOILERPLATE_ARTICLE)
    config = write(tmp_path / "qualitycheck.yaml", 'exclude: [drafts, "!drafts/keep.txt"]\n')
    with pytest.raises(ConfigError) as caught:
        load_config(config)
    assert (caught.value.line, caught.value.key) == (1, "exclude[1]")
    assert caught.value.message == (
        "'!drafts/keep.txt': a leading '!' (gitignore's negation) is not supported; "
        "narrow the other globs instead"
    )
    result = cli("check", ".", "--no-config", "--exclude", "!keep.txt", cwd=tmp_path)
    assert result.code == 2 and "a leading '!' (gitignore's negation)" in result.err
    write(config, "suppressions:\n  - rule: boilerplate\n    reason: r\n    paths: ['!x/**']\n")
    with pytest.raises(ConfigError, match="gitignore's negation"):
        load_config(config)


def test_a_toml_config_of_another_name_is_read_as_toml(cli, tmp_path):
    """``--config ci.toml`` was parsed as YAML: a [tool.qualitycheck] table was
    'invalid YAML: did not find expected <document start>'."""
    article = write(tmp_path / "a.txt", BOILERPLATE_ARTICLE)
    config = write(tmp_path / "ci.toml", '[tool.qualitycheck]\nfail_on = "never"\n')
    result = cli("check", article, "--config", config)
    assert result.code == 0, result.err
    write(config, 'fail_on = "never"\n')
    refused = cli("check", article, "--config", config)
    assert refused.code == 2
    assert refused.err.splitlines()[-1] == (
        f"qualitycheck: error: {config}: no [tool.qualitycheck] table to read the config from"
    )


@pytest.mark.parametrize(
    ("severity", "expected"),
    [
        # Two globs pick boilerplate-share: the one that spells out more of the
        # id wins, whichever is written first.
        ('"boilerplate-*": info\n  "boilerplate-sh*": error\n', "error"),
        ('"boilerplate-sh*": error\n  "boilerplate-*": info\n', "error"),
        ('"*-share": error\n  "boilerplate-*": info\n', "info"),
        ('"boilerplate-*": info\n  "*-share": error\n', "info"),
        # Equally specific: the last written wins.
        ('"boilerplate-s*": info\n  "boilerplate-*e": error\n', "error"),
        ('"boilerplate-*e": error\n  "boilerplate-s*": info\n', "info"),
        # An exact id beats any glob, a glob any category.
        ('boilerplate-share: warning\n  "boilerplate-sh*": error\n', "warning"),
        ('"boilerplate-*": info\n  boilerplate: error\n', "info"),
    ],
)
def test_of_two_severity_globs_the_more_specific_then_the_last_wins(tmp_path, severity, expected):
    from qualitycheck.detect.rules.packs import load_packs
    from qualitycheck.pipeline.selection import select_rules

    config = load_config(write(tmp_path / "qualitycheck.yaml", f"severity:\n  {severity}"))
    rules = {rule.meta.id: rule for rule in select_rules(load_packs(), config)}
    assert rules["boilerplate-share"].meta.severity == expected


def test_a_config_or_rule_error_pickles_as_itself_with_its_key_and_column():
    """A single config or rule error pickled as an ``InputError`` without its
    key and column: a checker built in a multiprocessing or Dask worker from
    a mistyped config raised there, and ``except ConfigError`` on the
    caller's side missed it."""
    import pickle

    from qualitycheck.errors import RuleError

    for error in (
        ConfigError("c.yaml", 3, "'bad' is not one of: error, warning, never", "fail_on", 10),
        RuleError("pack.yaml", 7, "unknown kind", "rules[0].kind"),
        ConfigError("<mapping>", None, "unknown key", "disabel"),
    ):
        back = pickle.loads(pickle.dumps(error))
        assert type(back) is type(error)
        assert (back.path, back.line, back.message, back.key, back.column) == (
            error.path,
            error.line,
            error.message,
            error.key,
            error.column,
        )
        assert str(back) == str(error)
