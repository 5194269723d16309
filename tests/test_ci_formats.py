"""The CI output formats, each read back with a real parser or schema:
SARIF (jsonschema, OASIS 2.1.0 schema), JUnit XML (xml.etree), GitHub
workflow commands (a strict regex of the runner's grammar), Markdown
(markdown-it-py), and several outputs from one run (``--output-format``)."""

from __future__ import annotations

import argparse
import json
import re
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path
from urllib.parse import unquote, urlsplit

import jsonschema
import pytest
from conftest import BOILERPLATE_ARTICLE, CLEAN_ARTICLE, EXAMPLES, SHARED, run_child, write
from markdown_it import MarkdownIt

from qualitycheck.config.settings import Config
from qualitycheck.detect.models.registry import MODEL_FINDINGS
from qualitycheck.detect.rules.packs import load_packs
from qualitycheck.document.findings import CATEGORIES
from qualitycheck.pipeline.checker import Checker
from qualitycheck.renderers import RENDERERS
from qualitycheck.renderers.base import Renderer
from qualitycheck.renderers.github import command
from qualitycheck.renderers.markdown import WORST
from qualitycheck.renderers.outputs import OUTPUT_FORMATS, Target, plan_outputs, target_spec
from qualitycheck.renderers.rule_catalog import rule_catalog

SARIF_SCHEMA = SHARED / "schemas" / "sarif-schema-2.1.0.json"
WARN_ARTICLE = CLEAN_ARTICLE + "Many experts say the lanes will be too narrow.\n"
BINARY = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256))
#: A house rule whose message carries the characters workflow commands escape.
HOUSE_PACK = """\
rules:
  - id: house-percent
    kind: phrase
    category: unsupported_claim
    severity: warning
    message: 'Rate, "{match}": 100% unsourced'
    description: A house rule for percentages. It needs a source.
    phrases: [zero emissions]
    examples:
      flag: [The buses have zero emissions.]
      pass: [The buses are new.]
"""


def records(*texts: str) -> str:
    return "".join(
        json.dumps({"id": f"rec-{n}", "title": t.splitlines()[0], "text": t}) + "\n"
        for n, t in enumerate(texts, start=1)
    )


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    """A failing, a warning and a passing file, a JSONL file, an unreadable file."""
    folder = tmp_path / "articles"
    folder.mkdir()
    write(folder / "a-scraped.txt", BOILERPLATE_ARTICLE)
    write(folder / "b-weasel.txt", WARN_ARTICLE)
    write(folder / "c-clean.txt", CLEAN_ARTICLE)
    write(folder / "d-feed.jsonl", records(CLEAN_ARTICLE, BOILERPLATE_ARTICLE))
    (folder / "e-picture.txt").write_bytes(BINARY)
    return folder


def run_json(cli, *args) -> dict:
    return cli("check", *args, "--format", "json").json()


# --- SARIF -------------------------------------------------------------------


def sarif_schema() -> dict:
    if not SARIF_SCHEMA.is_file():
        pytest.skip("../shared is not present")
    return json.loads(SARIF_SCHEMA.read_text(encoding="utf-8"))


def validate_sarif(document: dict) -> None:
    schema = sarif_schema()
    validator = jsonschema.validators.validator_for(schema)
    validator.check_schema(schema)
    validator(schema, format_checker=validator.FORMAT_CHECKER).validate(document)


def test_sarif_validates_against_the_oasis_schema_and_has_one_result_per_finding(cli, corpus):
    result = cli("check", corpus, "--format", "sarif")
    assert result.code == 2  # the unreadable file
    document = result.json()
    validate_sarif(document)
    expected = run_json(cli, corpus)
    [run] = document["runs"]
    findings = [f for a in expected["articles"] for f in a["findings"]]
    assert len(run["results"]) == len(findings) > 0
    assert [r["ruleId"] for r in run["results"]] == [f["rule"] for f in findings]
    assert [r["message"]["text"] for r in run["results"]] == [f["message"] for f in findings]
    levels = {"error": "error", "warning": "warning", "info": "note"}
    assert [r["level"] for r in run["results"]] == [levels[f["severity"]] for f in findings]
    rules = run["tool"]["driver"]["rules"]
    for entry in run["results"]:
        assert rules[entry["ruleIndex"]]["id"] == entry["ruleId"]


def test_sarif_regions_point_at_the_flagged_text(cli, corpus):
    document = cli("check", corpus / "a-scraped.txt", "--format", "sarif").json()
    [run] = document["runs"]
    assert run["columnKind"] == "unicodeCodePoints"
    lines = BOILERPLATE_ARTICLE.splitlines(keepends=True)
    assert run["results"]
    for entry in run["results"]:
        [location] = entry["locations"]
        physical = location["physicalLocation"]
        assert unquote(physical["artifactLocation"]["uri"]) == "articles/a-scraped.txt"
        region = physical["region"]
        assert region["startLine"] == region["endLine"]
        line = lines[region["startLine"] - 1]
        flagged = line[region["startColumn"] - 1 : region["endColumn"] - 1]
        assert flagged == region["snippet"]["text"] != ""


def test_sarif_region_of_a_jsonl_record_is_its_line_in_the_file(cli, corpus):
    document = cli("check", corpus / "d-feed.jsonl", "--format", "sarif").json()
    [run] = document["runs"]
    assert run["results"]
    for entry in run["results"]:
        [location] = entry["locations"]
        region = location["physicalLocation"]["region"]
        assert region == {"startLine": 2, "snippet": region["snippet"]}
        assert location["logicalLocations"] == [{"name": "rec-2", "kind": "object"}]
        text_region = entry["properties"]["textRegion"]
        line = BOILERPLATE_ARTICLE.splitlines()[text_region["startLine"] - 1]
        start, end = text_region["startColumn"] - 1, text_region["endColumn"] - 1
        assert line[start:end] == region["snippet"]["text"]


def test_sarif_describes_every_rule_with_help_from_its_pack(cli, tmp_path):
    write(tmp_path / "house.yaml", HOUSE_PACK)
    article = write(tmp_path / "buses.txt", CLEAN_ARTICLE + "The buses have zero emissions.\n")
    document = cli("check", article, "--rules", "house.yaml", "--format", "sarif").json()
    validate_sarif(document)
    rules = {r["id"]: r for r in document["runs"][0]["tool"]["driver"]["rules"]}
    house = rules["house-percent"]
    assert house["shortDescription"]["text"] == "A house rule for percentages."
    assert house["fullDescription"]["text"] == "A house rule for percentages. It needs a source."
    assert "Defined in house.yaml:2." in house["help"]["text"]
    assert house["defaultConfiguration"] == {"level": "warning"}
    assert house["properties"]["category"] == "unsupported_claim"
    shipped = {r.meta.id: r.meta for pack in load_packs() for r in pack.rules}
    share = rules["boilerplate-share"]
    assert share["fullDescription"]["text"] == " ".join(
        shipped["boilerplate-share"].description.split()
    )
    assert "rules/boilerplate.yaml:" in share["help"]["text"]
    [hit] = [r for r in document["runs"][0]["results"] if r["ruleId"] == "house-percent"]
    assert hit["message"]["text"] == 'Rate, "zero emissions": 100% unsourced'


def test_sarif_describes_model_findings_too(cli):
    document = cli("check", EXAMPLES, "--format", "sarif").json()
    validate_sarif(document)
    [run] = document["runs"]
    described = {r["id"] for r in run["tool"]["driver"]["rules"]}
    reported = {r["ruleId"] for r in run["results"]}
    assert any(rule.startswith("model-") for rule in reported)
    assert reported <= described
    assert all("ruleIndex" in r for r in run["results"])


def test_rule_catalog_covers_every_model_finding_unless_models_are_off():
    ids = [info.id for info in rule_catalog(Checker(Config()))]
    assert len(ids) == len(set(ids))
    assert set(MODEL_FINDINGS) <= set(ids)
    assert not any(i.startswith("model-") for i in ids if i not in MODEL_FINDINGS)
    off = rule_catalog(Checker(Config(use_models=False)))
    assert not any(info.id.startswith("model-") for info in off)


def test_sarif_input_errors_are_notifications_of_an_unsuccessful_invocation(cli, corpus):
    document = cli("check", corpus, "--format", "sarif").json()
    [invocation] = document["runs"][0]["invocations"]
    assert invocation["executionSuccessful"] is False
    [notification] = invocation["toolExecutionNotifications"]
    assert notification["level"] == "error"
    assert "binary" in notification["message"]["text"]
    uri = notification["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
    assert uri == "articles/e-picture.txt"
    clean = cli("check", corpus / "c-clean.txt", "--format", "sarif").json()
    assert clean["runs"][0]["invocations"] == [{"executionSuccessful": True}]
    assert clean["runs"][0]["results"] == []
    validate_sarif(clean)


def test_sarif_fingerprints_survive_a_line_inserted_above(cli, tmp_path):
    article = write(tmp_path / "story.txt", BOILERPLATE_ARTICLE + "Share This Article\n")

    def fingerprints() -> dict[str, tuple[str, int]]:
        document = cli("check", article, "--format", "sarif", "--no-models").json()
        return {
            r["partialFingerprints"]["qualitycheck/v1"]: (
                r["ruleId"],
                r["locations"][0]["physicalLocation"]["region"]["startLine"],
            )
            for r in document["runs"][0]["results"]
        }

    before = fingerprints()
    shares = [key for key, (rule, _) in before.items() if rule == "boilerplate-share"]
    assert len(shares) == 2  # the same text twice, told apart by its occurrence
    headline, rest = BOILERPLATE_ARTICLE.split("\n", 1)
    write(
        article,
        f"{headline}\nThe museum first opened in 1921.\n{rest}Share This Article\n",
    )
    after = fingerprints()
    assert after.keys() == before.keys()
    assert all(after[key][1] == line + 1 for key, (_, line) in before.items())


def test_sarif_fingerprints_differ_for_records_that_share_an_id(cli, tmp_path):
    # Code scanning merges results with one fingerprint: two records with the
    # same id (the reader warns) must not hide each other's findings.
    record = json.dumps({"id": "r1", "text": BOILERPLATE_ARTICLE})
    once = write(tmp_path / "feed.jsonl", record + "\n")
    first = cli("check", once, "--format", "sarif", "--no-models").json()["runs"][0]["results"]
    write(once, record + "\n" + record + "\n")
    both = cli("check", once, "--format", "sarif", "--no-models").json()["runs"][0]["results"]
    keys = [r["partialFingerprints"]["qualitycheck/v1"] for r in both]
    assert len(both) == 2 * len(first) and len(set(keys)) == len(keys)
    # The first record keeps the fingerprints it had alone.
    assert keys[: len(first)] == [r["partialFingerprints"]["qualitycheck/v1"] for r in first]
    # Nor may the second record's clash with a record whose id spells its place.
    third = json.dumps({"id": "r1#2", "text": BOILERPLATE_ARTICLE})
    write(once, record + "\n" + record + "\n" + third + "\n")
    three = cli("check", once, "--format", "sarif", "--no-models").json()["runs"][0]["results"]
    keys = [r["partialFingerprints"]["qualitycheck/v1"] for r in three]
    assert len(three) == 3 * len(first) and len(set(keys)) == len(keys)


def test_sarif_uris_are_relative_inside_the_working_directory_and_encoded(cli, tmp_path):
    odd = write(tmp_path / "odd name #1.txt", BOILERPLATE_ARTICLE)
    document = cli("check", odd.resolve(), "--format", "sarif").json()
    uri = document["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"][
        "uri"
    ]
    assert uri == "odd%20name%20%231.txt"
    assert urlsplit(uri).scheme == "" and unquote(uri) == "odd name #1.txt"
    # A relative URI names its base, the source root code scanning resolves it against.
    physical = document["runs"][0]["results"][0]["locations"][0]["physicalLocation"]
    assert physical["artifactLocation"]["uriBaseId"] == "%SRCROOT%"
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    outside = cli("check", odd.resolve(), "--format", "sarif", cwd=elsewhere).json()
    location = outside["runs"][0]["results"][0]["locations"][0]["physicalLocation"]
    assert location["artifactLocation"] == {"uri": odd.resolve().as_uri()}  # no base: absolute
    # The same file named relatively from outside (../odd name #1.txt): a file: URI too.
    relative = cli("check", "../odd name #1.txt", "--format", "sarif", cwd=elsewhere).json()
    location = relative["runs"][0]["results"][0]["locations"][0]["physicalLocation"]
    assert location["artifactLocation"]["uri"] == odd.resolve().as_uri()


# --- JUnit -------------------------------------------------------------------


def test_junit_has_one_testcase_per_article_and_consistent_counts(cli, corpus):
    result = cli("check", corpus, "--format", "junit")
    assert result.code == 2
    root = ET.fromstring(result.out.encode("utf-8"))
    assert root.tag == "testsuites"
    [suite] = root.findall("testsuite")
    cases = suite.findall("testcase")
    expected = run_json(cli, corpus)
    articles = expected["articles"]
    assert len(cases) == len(articles) + 1  # and the unreadable file
    failures = [c for c in cases if c.find("failure") is not None]
    errors = [c for c in cases if c.find("error") is not None]
    for element in (root, suite):
        assert int(element.get("tests")) == len(cases)
        assert int(element.get("failures")) == len(failures) == expected["summary"]["fail"]
        assert int(element.get("errors")) == len(errors) == 1
        assert element.get("skipped") == "0"
    names = [(c.get("classname"), c.get("name")) for c in cases[: len(articles)]]
    # classname: the file without its suffix (Jenkins reads "a.md" as class "md").
    assert names == [(a["path"].rsplit(".", 1)[0], a["id"]) for a in articles]
    for case, article in zip(cases, articles, strict=False):
        failure = case.find("failure")
        assert (failure is not None) == (article["verdict"] == "fail")
        if failure is not None:
            assert failure.get("type") == "fail"
            assert failure.get("message").startswith(f"score {article['scores']['overall']:g}:")
            body = failure.text.splitlines()
            for finding in article["findings"]:
                assert (
                    f"{finding['line']}:{finding['column']} {finding['severity']} "
                    f"{finding['rule']}: {finding['message']}"
                ) in body
    [error] = errors
    assert error.get("classname").endswith("/e-picture")
    assert "binary" in error.find("error").get("message")
    assert error.find("error").get("type") == "input-error"


def test_junit_lists_findings_of_a_passing_article_in_system_out(cli, corpus):
    root = ET.fromstring(cli("check", corpus / "b-weasel.txt", "--format", "junit").out)
    [case] = root.iter("testcase")
    assert case.find("failure") is None
    assert "claim-weasel" in case.find("system-out").text


def test_junit_stays_well_formed_with_markup_and_control_characters_in_names(cli, tmp_path):
    name = 'a&b <c> "d"\x01.txt'
    write(tmp_path / name, BOILERPLATE_ARTICLE)
    result = cli("check", tmp_path, "--format", "junit")
    root = ET.fromstring(result.out.encode("utf-8"))
    [case] = root.iter("testcase")
    assert case.get("classname") == str(tmp_path / name).replace("\x01", "\ufffd")[: -len(".txt")]


# --- GitHub workflow commands -------------------------------------------------

_PROPERTY_VALUE = r"(?:[^,:%\r\n]|%(?:25|0D|0A|3A|2C))*"
_PROPERTY = rf"(?:file|line|endLine|col|endColumn|title)={_PROPERTY_VALUE}"
_DATA = r"(?:[^%\r\n]|%(?:25|0D|0A))*"
WORKFLOW_COMMAND = re.compile(
    rf"::(?P<command>error|warning|notice)(?: (?P<properties>{_PROPERTY}(?:,{_PROPERTY})*))?"
    rf"::(?P<data>{_DATA})"
)


def _unescape(text: str) -> str:
    for escaped, plain in (("%0D", "\r"), ("%0A", "\n"), ("%3A", ":"), ("%2C", ","), ("%25", "%")):
        text = text.replace(escaped, plain)
    return text


def parse_commands(out: str) -> list[dict]:
    """Every line must be a workflow command; returns each as a dict."""
    assert out.endswith("\n")
    parsed = []
    for line in out[:-1].split("\n"):
        match = WORKFLOW_COMMAND.fullmatch(line)
        assert match, f"not a workflow command: {line!r}"
        properties = dict(
            pair.split("=", 1) for pair in (match["properties"] or "").split(",") if pair
        )
        parsed.append(
            {
                "command": match["command"],
                "message": _unescape(match["data"]),
                **{key: _unescape(value) for key, value in properties.items()},
            }
        )
    return parsed


def test_workflow_command_escaping_round_trips():
    message = "100% sure,\r\nreally: yes"
    line = command("warning", message, {"file": "a,b:c%d.txt", "title": "x:y"})
    assert line == ("::warning file=a%2Cb%3Ac%25d.txt,title=x%3Ay::100%25 sure,%0D%0Areally: yes\n")
    [parsed] = parse_commands(line)
    assert parsed == {
        "command": "warning",
        "file": "a,b:c%d.txt",
        "title": "x:y",
        "message": message,
    }


def test_github_annotations_match_the_findings(cli, corpus, tmp_path):
    odd = write(corpus / "f-notes, draft: 100%.txt", BOILERPLATE_ARTICLE)
    write(tmp_path / "house.yaml", HOUSE_PACK)
    write(corpus / "g-buses.txt", CLEAN_ARTICLE + "The buses have zero emissions.\n")
    args = ("--rules", "house.yaml")
    result = cli("check", corpus, *args, "--format", "github", "--min-severity", "info")
    assert result.code == 2
    commands = parse_commands(result.out)
    expected = run_json(cli, corpus, *args)
    kinds = {"error": "error", "warning": "warning", "info": "notice"}
    annotations = [c for c in commands if c.get("title") not in ("qualitycheck", "input error")]
    wanted = [(a, f) for a in expected["articles"] for f in a["findings"]]
    assert len(annotations) == len(wanted)
    for annotation, (article, finding) in zip(annotations, wanted, strict=True):
        assert annotation["command"] == kinds[finding["severity"]]
        assert annotation["title"] == finding["rule"]
        assert annotation["file"] == str(Path(article["path"]).relative_to(tmp_path))
        if article["record_line"] is None:
            assert annotation["message"] == finding["message"]
            assert int(annotation["line"]) == finding["line"]
            assert int(annotation["col"]) == finding["column"]
            assert int(annotation["endLine"]) == finding["end_line"]
            if finding["end_line"] == finding["line"]:
                width = finding["end"] - finding["start"]
                assert int(annotation["endColumn"]) == finding["column"] + width
            else:
                assert "endColumn" not in annotation
        else:
            assert int(annotation["line"]) == article["record_line"]
            assert "col" not in annotation
            assert annotation["message"].startswith(f"{article['id']} (text line ")
            assert annotation["message"].endswith(finding["message"])
    assert any(a["file"] == f"articles/{odd.name}" for a in annotations)
    assert any(a["message"] == 'Rate, "zero emissions": 100% unsourced' for a in annotations)
    [error] = [c for c in commands if c.get("title") == "input error"]
    assert error["command"] == "error" and error["file"] == "articles/e-picture.txt"
    assert commands[-1]["command"] == "notice" and commands[-1]["title"] == "qualitycheck"
    assert "articles checked" in commands[-1]["message"]


def test_github_annotations_default_to_warnings_and_errors(cli, corpus, tmp_path):
    """GitHub keeps only a few annotations per step: info findings must not use them up."""
    expected = run_json(cli, corpus)
    assert any(f["severity"] == "info" for a in expected["articles"] for f in a["findings"])
    commands = parse_commands(cli("check", corpus, "--format", "github").out)
    shown = [c for c in commands if c.get("title") not in ("qualitycheck", "input error")]
    wanted = [f for a in expected["articles"] for f in a["findings"] if f["severity"] != "info"]
    assert [c["title"] for c in shown] == [f["rule"] for f in wanted]
    assert "notice" not in {c["command"] for c in shown}
    # The closing notice counts what was annotated, as the docs say, not the hidden info.
    [notice] = [
        c for c in commands if c.get("title") == "qualitycheck" and c["command"] == "notice"
    ]
    errors = sum(f["severity"] == "error" for f in wanted)
    assert f"{len(wanted)} findings ({errors} errors" in notice["message"]
    assert "info" not in notice["message"]


def test_min_severity_hides_findings_but_not_the_verdict(cli, corpus):
    everything = run_json(cli, corpus)
    errors_only = run_json(cli, corpus, "--min-severity", "error")
    for full, shown in zip(everything["articles"], errors_only["articles"], strict=True):
        assert shown["verdict"] == full["verdict"] and shown["scores"] == full["scores"]
        assert [f for f in full["findings"] if f["severity"] == "error"] == shown["findings"]
    counted = errors_only["summary"]["findings"]
    assert counted["warning"] == counted["info"] == 0
    assert counted["error"] == everything["summary"]["findings"]["error"]


def test_github_is_the_default_inside_github_actions(cli, tmp_path, monkeypatch):
    write(tmp_path / "scraped.txt", BOILERPLATE_ARTICLE)
    article = "scraped.txt"  # the fixture runs in tmp_path
    monkeypatch.setenv("GITHUB_ACTIONS", "true")
    result = cli("check", article)
    assert result.code == 1
    commands = parse_commands(result.out)
    assert "error" in {c["command"] for c in commands}
    assert commands[-1]["title"] == "qualitycheck"
    assert cli("check", article, "--format", "text").out.startswith("scraped.txt")
    cli("check", article, "-o", "out.txt")  # a file is for people: text
    assert (tmp_path / "out.txt").read_text(encoding="utf-8").startswith("scraped.txt")
    monkeypatch.setenv("GITHUB_ACTIONS", "false")
    assert cli("check", article).out.startswith("scraped.txt")


# --- Markdown ------------------------------------------------------------------


def markdown_tokens(text: str) -> list:
    return MarkdownIt("commonmark").enable("table").parse(text)


def inline_text(token) -> str:
    """The literal text of an inline token; fails on any markup but code."""
    parts = []
    for child in token.children:
        assert child.type in ("text", "code_inline"), child.type
        parts.append(child.content)
    return "".join(parts)


def markdown_tables(text: str) -> list[list[list[str]]]:
    """Each table as rows (the header row first) of cell texts."""
    tables, rows, cells = [], [], None
    for token in markdown_tokens(text):
        if token.type == "table_open":
            rows = []
        elif token.type == "tr_open":
            cells = []
        elif token.type == "inline" and cells is not None:
            cells.append(inline_text(token))
        elif token.type == "tr_close":
            rows.append(cells)
            cells = None
        elif token.type == "table_close":
            tables.append(rows)
    return tables


def test_markdown_summary_tables_agree_with_the_json_summary(cli, corpus):
    result = cli("check", corpus, "--format", "markdown")
    assert result.code == 2
    document = run_json(cli, corpus)
    summary = document["summary"]
    tokens = markdown_tokens(result.out)
    assert tokens[0].type == "heading_open" and tokens[0].tag == "h2"
    assert "fail" in tokens[1].content
    verdicts, categories, rules, worst = markdown_tables(result.out)
    assert verdicts == [["verdict", "articles"]] + [
        [v, str(summary[v])] for v in ("pass", "warn", "fail")
    ]
    assert categories[0] == ["category", "error", "warning", "info", "total"]
    assert [row[0] for row in categories[1:]] == list(CATEGORIES)
    for row in categories[1:]:
        assert len(row) == 5
        assert int(row[4]) == summary["categories"][row[0]] == sum(int(c) for c in row[1:4])
    assert sum(int(row[1]) for row in rules[1:]) == sum(summary["findings"].values())
    not_passing = [a for a in document["articles"] if a["verdict"] != "pass"]
    assert len(worst) - 1 == len(not_passing)
    assert all(len(row) == 7 for row in worst)
    ranked = sorted(
        not_passing, key=lambda a: (["fail", "warn"].index(a["verdict"]), a["scores"]["overall"])
    )
    names = [a["id"] if a["id"] == a["path"] else f"{a['path']} [{a['id']}]" for a in ranked]
    assert [row[0] for row in worst[1:]] == names
    assert [row[1] for row in worst[1:]] == [a["verdict"] for a in ranked]
    assert [float(row[2]) for row in worst[1:]] == [a["scores"]["overall"] for a in ranked]
    items = [t for t in tokens if t.type == "list_item_open"]
    assert len(items) == len(summary["input_errors"]) == 1
    assert "e-picture.txt" in result.out.split("### Input errors")[1]


def test_markdown_lists_only_the_worst_articles(cli, tmp_path):
    texts = [BOILERPLATE_ARTICLE + "Share This Article\n" * n for n in range(WORST + 3)]
    feed = write(tmp_path / "feed.jsonl", records(*texts))
    out = cli("check", feed, "--format", "markdown").out
    worst = markdown_tables(out)[-1]
    assert len(worst) - 1 == WORST
    scores = [float(row[2]) for row in worst[1:]]
    assert scores == sorted(scores)
    assert f"The {WORST} worst of {WORST + 3} articles" in out


def test_markdown_escapes_article_names(cli, tmp_path):
    name = "evil | *bold* _x_ [link](x.html) <b>`tick` &amp; $x$.txt"
    write(tmp_path / name, BOILERPLATE_ARTICLE)
    out = cli("check", tmp_path, "--format", "markdown").out
    worst = markdown_tables(out)[-1]  # inline_text fails on links, emphasis, HTML
    assert worst[1][0] == str(tmp_path / name)
    assert len(worst[1]) == 7


def test_markdown_for_a_clean_run_has_no_worst_table(cli, tmp_path):
    article = write(tmp_path / "clean.txt", CLEAN_ARTICLE)
    out = cli("check", article, "--format", "markdown").out
    assert out.startswith("## qualitycheck: no article fails (1 article checked)\n")
    assert "Worst articles" not in out
    assert len(markdown_tables(out)) == 2


# --- several outputs from one run ----------------------------------------------


def test_one_run_writes_every_requested_output(cli, corpus, tmp_path):
    result = cli(
        "check",
        corpus,
        "--output-format",
        "json=out/result.json",
        "--output-format",
        "sarif=out/result.sarif",
        "--output-format",
        "junit=out/result.xml",
        "--output-format",
        "markdown=out/summary.md",
        "--output-format",
        "text=out/result.txt",
    )
    assert result.code == 2
    assert "articles checked" in result.out  # the main output: text on stdout
    for name in ("result.json", "result.sarif", "result.xml", "summary.md", "result.txt"):
        assert f"wrote out/{name}" in result.err  # a text file too: every file written is named
    out = tmp_path / "out"
    assert json.loads((out / "result.json").read_text(encoding="utf-8")) == run_json(cli, corpus)
    single = cli("check", corpus, "--format", "sarif").out
    assert (out / "result.sarif").read_text(encoding="utf-8") == single
    ET.parse(out / "result.xml")
    assert (out / "summary.md").read_text(encoding="utf-8").startswith("## qualitycheck")
    assert (out / "result.txt").read_text(encoding="utf-8") == result.out
    assert sorted(p.name for p in out.iterdir()) == [
        "result.json",
        "result.sarif",
        "result.txt",
        "result.xml",
        "summary.md",
    ]


def test_an_extra_output_on_stdout_replaces_the_default_text(cli, corpus):
    result = cli("check", corpus / "a-scraped.txt", "--output-format", "sarif=-")
    assert result.code == 1
    assert result.json()["version"] == "2.1.0"
    both = cli(
        "check",
        corpus / "a-scraped.txt",
        "--format",
        "json",
        "-o",
        "r.json",
        "--output-format",
        "sarif=-",
    )
    assert both.json()["version"] == "2.1.0"


def test_two_outputs_to_one_place_are_a_usage_error(cli, corpus):
    article = corpus / "a-scraped.txt"
    clash = cli("check", article, "--format", "json", "--output-format", "sarif=-")
    assert clash.code == 2 and "both go to standard output" in clash.err
    same = cli("check", article, "-o", "x", "--output-format", "sarif=./x")
    assert same.code == 2 and "both go to" in same.err
    assert cli("check", article, "--output-format", "sarif").code == 2
    # Two outputs to /dev/null garble nothing.
    twice = cli("check", article, "-o", "/dev/null", "--output-format", "sarif=/dev/null")
    assert twice.code == 1, twice.err
    bad = cli("check", article, "--output-format", "pdf=x.pdf")
    assert bad.code == 2 and "unknown format 'pdf'" in bad.err


def test_dev_stdout_and_standard_output_are_one_place(corpus):
    # /dev/stdout names standard output by another path: both outputs would
    # interleave in one stream (a pipe here, as in CI).
    completed = run_child(
        "check", corpus / "a-scraped.txt", "-o", "/dev/stdout", "--output-format", "sarif=-"
    )
    assert completed.returncode == 2
    assert completed.stdout == b""
    assert completed.stderr.decode().splitlines() == [
        "qualitycheck: error: text and sarif output both go to standard output; "
        "give each output its own FILE"
    ]
    # Standard output redirected to a file that an extra output also names.
    target = corpus.parent / "redirected.json"
    with target.open("w") as redirected:
        clash = run_child(
            "check",
            corpus / "a-scraped.txt",
            "--output-format",
            f"json={target}",
            stdout=redirected,
        )
    assert clash.returncode == 2
    assert clash.stderr.decode().splitlines() == [
        f"qualitycheck: error: text and json output both go to {target}; "
        "give each output its own FILE"
    ]


def test_no_output_is_left_behind_when_the_run_breaks(cli, corpus, tmp_path, monkeypatch):
    def broken(self, summary):
        raise RuntimeError("boom")

    monkeypatch.setattr(RENDERERS["markdown"], "end", broken)
    result = cli(
        "check",
        corpus / "a-scraped.txt",
        "--output-format",
        "json=out/a.json",
        "--output-format",
        "markdown=out/b.md",
    )
    assert result.code == 2 and "internal error" in result.err
    assert not (tmp_path / "out").exists()  # nor the folder made for them


def test_plan_outputs():
    ci = {"GITHUB_ACTIONS": "true"}
    assert plan_outputs(None, None, environ={}) == [Target("text")]
    assert plan_outputs(None, None, environ=ci) == [Target("github")]
    assert plan_outputs(None, "o.txt", environ=ci) == [Target("text", "o.txt")]
    assert plan_outputs("json", None, environ=ci) == [Target("json")]
    extra = [Target("sarif", "a.sarif")]
    assert plan_outputs(None, None, extra, environ={}) == [Target("text"), *extra]
    assert plan_outputs(None, None, [Target("sarif")], environ=ci) == [Target("sarif")]


def test_output_formats_come_from_the_renderer_registry_without_importing_a_renderer():
    assert OUTPUT_FORMATS == (
        "text",
        "concise",
        "json",
        "jsonl",
        "html",
        "sarif",
        "junit",
        "github",
        "markdown",
        "parquet",
    )
    assert all(issubclass(RENDERERS[name], Renderer) for name in OUTPUT_FORMATS)
    expected = "choose from text, concise, json, jsonl, html,"
    with pytest.raises(argparse.ArgumentTypeError, match=expected):
        target_spec("pdf=out.pdf")
    # Start-up: the names are read without loading a renderer (html pulls in Jinja).
    probe = (
        "import sys\n"
        "from qualitycheck.cli import build_parser\n"
        "build_parser()\n"
        "print(' '.join(sorted(m for m in sys.modules if m.startswith('qualitycheck.renderers'))))"
    )
    loaded = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True
    ).stdout.split()
    renderer_modules = {RENDERERS[name].__module__ for name in OUTPUT_FORMATS}
    assert "qualitycheck.renderers" in loaded and not renderer_modules & set(loaded)


# --- every format ----------------------------------------------------------------


@pytest.mark.parametrize("output_format", ["sarif", "junit", "github", "markdown"])
def test_same_input_gives_byte_identical_output_and_the_usual_exit_codes(
    cli, corpus, output_format
):
    first = cli("check", corpus, "--format", output_format)
    second = cli("check", corpus, "--format", output_format)
    assert first.code == second.code == 2
    assert first.out == second.out != ""
    assert cli("check", corpus / "a-scraped.txt", "--format", output_format).code == 1
    assert cli("check", corpus / "c-clean.txt", "--format", output_format).code == 0


def test_sarif_fingerprint_of_a_whole_article_finding_survives_an_edit_of_its_line(cli, tmp_path):
    """``language-unexpected`` judges the article and is shown on its first
    body line: its fingerprint held that line's text, so editing the line made
    code scanning see a new alert."""
    article = write(
        tmp_path / "velo.txt",
        "Pistes cyclables\n\nLe conseil municipal a approuvé mardi quatre kilomètres de "
        "nouvelles pistes cyclables, a indiqué la commission des transports.\n",
    )

    def fingerprint() -> str:
        document = cli("check", article, "--format", "sarif", "--no-models").json()
        [found] = [
            r["partialFingerprints"]["qualitycheck/v1"]
            for r in document["runs"][0]["results"]
            if r["ruleId"] == "language-unexpected"
        ]
        return found

    before = fingerprint()
    text = article.read_text(encoding="utf-8")
    write(article, text.replace("mardi", "lundi soir"))
    assert fingerprint() == before


def test_junit_class_names_leave_out_the_file_suffixes():
    """Jenkins splits a classname at its last dot into package and class: with
    the suffix every Markdown article was class "md" (ruff and ESLint drop it)."""
    from qualitycheck.renderers.junit import class_name

    assert class_name("articles/bridge.md") == "articles/bridge"
    assert class_name("feeds/wire.jsonl.gz") == "feeds/wire"
    # Read as compressed in any case, so named without it in any case too.
    assert class_name("feeds/WIRE.JSONL.GZ") == "feeds/WIRE"
    assert class_name("dump.Xz") == "dump"
    assert class_name("news.v2/story") == "news.v2/story"
    assert class_name("news.v2\\story.txt") == "news.v2\\story"
    assert class_name(".hidden") == ".hidden"
    assert class_name("-") == "-"
