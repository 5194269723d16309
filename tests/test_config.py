"""Config files: discovery, validation with file:line:key, rule selection."""

from __future__ import annotations

from pathlib import Path

from conftest import BOILERPLATE_ARTICLE, CLEAN_ARTICLE


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


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


def test_pyproject_table_is_read(cli, tmp_path):
    write(
        tmp_path / "pyproject.toml",
        '[project]\nname = "x"\n\n[tool.qualitycheck]\nfail_on = "never"\n'
        'severity = { "boilerplate" = "warning" }\n',
    )
    article = write(tmp_path / "a.txt", BOILERPLATE_ARTICLE)
    result = cli("check", article, "--format", "json")
    assert result.code == 0
    severities = {f["severity"] for a in result.json()["articles"] for f in a["findings"]}
    assert severities == {"warning"}


def test_pyproject_unknown_key_names_its_line(cli, tmp_path):
    write(
        tmp_path / "pyproject.toml",
        '[project]\nname = "x"\n\n[tool.qualitycheck]\nlanguages = ["en"]\nfail_undr = 50\n',
    )
    result = cli("check", write(tmp_path / "a.txt", CLEAN_ARTICLE))
    assert result.code == 2
    assert "pyproject.toml:6: fail_undr: unknown key (did you mean 'fail_under'?)" in result.err


def test_wrong_types_and_values_exit_2_with_line_and_key(cli, tmp_path):
    article = write(tmp_path / "a.txt", CLEAN_ARTICLE)
    cases = {
        "languages: en\n": "1: languages: expected a list of text, got str",
        "fail_on: sometimes\n": "1: fail_on: 'sometimes' is not one of: error, warning, never",
        "jsonl:\n  id: key\n  txt: body\n": "3: jsonl.txt: unknown key",
        "severity:\n  boilerplate: fatal\n": "2: severity.boilerplate: expected one of",
        "disable: [no-such-rule]\n": "1: disable: 'no-such-rule' matches no rule",
        "penalties:\n  error: -3\n": "2: penalties.error: must be at least 0",
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
