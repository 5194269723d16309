"""Generated docs are up to date; the README opens with the two set-up commands."""

from __future__ import annotations

import json

from conftest import REPO, SEEDS, needs_shared

from qualitycheck.tools import docgen


def test_generated_docs_are_current():
    for name, render in docgen.DOCS.items():
        committed = (REPO / "docs" / name).read_text(encoding="utf-8")
        stale = f"docs/{name} is stale: run python -m qualitycheck.tools.docgen"
        assert committed == render(), stale


def test_readme_opens_with_the_two_commands_and_ci_runs_the_second():
    lines = (REPO / "README.md").read_text(encoding="utf-8").splitlines()
    block = lines[lines.index("```sh") + 1 : lines.index("```")]
    assert [line.split("#")[0].strip() for line in block] == ["make demo", "make test"]
    assert lines.index("```sh") <= 3
    assert "make test" in (REPO / ".ci" / "run").read_text(encoding="utf-8")


def test_readme_example_output_is_what_the_command_prints(cli):
    lines = (REPO / "README.md").read_text(encoding="utf-8").splitlines()
    start = lines.index("```console")
    block = lines[start + 1 : lines.index("```", start)]
    command = block[0].removeprefix("$ qualitycheck ").split()
    printed = cli(*command, cwd=REPO).out.splitlines()
    shown = [line for line in block[1:] if line != "..."]
    assert shown and all(line in printed for line in shown), "README example is stale"


def _shown_in(shown: object, actual: object, where: str, places: int | None = None) -> None:
    """Every value the example shows is the real one (a ``"..."`` key or value
    stands for the rest; a finding is matched by its rule; with ``places``, a
    number shown is the real one rounded to at most that many decimals)."""
    if isinstance(shown, dict):
        assert isinstance(actual, dict), where
        for key, value in shown.items():
            if key == "...":
                continue
            assert key in actual, f"{where}.{key} is not in the output"
            _shown_in(value, actual[key], f"{where}.{key}", places)
    elif isinstance(shown, list):
        assert isinstance(actual, list), where
        for index, value in enumerate(shown):
            if isinstance(value, dict) and "rule" in value:
                match = next(item for item in actual if item.get("rule") == value["rule"])
            else:
                match = actual[index]
            _shown_in(value, match, f"{where}[{index}]", places)
    elif places is not None and isinstance(shown, float) and isinstance(actual, float):
        rounded = {round(actual, digits) for digits in range(places + 1)}
        assert shown in rounded, f"{where}: the doc shows {shown!r}, the file has {actual!r}"
    elif shown != "...":
        assert shown == actual, f"{where}: the doc shows {shown!r}, the output has {actual!r}"


def test_the_json_example_is_what_check_writes(cli):
    """docs/json-output.md's example: each field it shows has the value check gives."""
    import json

    text = (REPO / "docs" / "json-output.md").read_text(encoding="utf-8")
    start = text.index("## Example")
    block = text[text.index("```json", start) + len("```json") : text.index("```\n", start + 20)]
    shown = json.loads(block)
    path = shown["articles"][0]["path"]
    actual = cli("check", path, "--format", "json", cwd=REPO).json()
    _shown_in(shown, actual, "document")


@needs_shared()
def test_scoring_example_lines_are_what_check_prints_on_the_seeds(cli):
    """docs/scoring.md's verdict lines are lines check prints over the seeds."""
    text = (REPO / "docs" / "scoring.md").read_text(encoding="utf-8")
    start = text.index("```\n", text.index("## Verdicts")) + len("```\n")
    shown = text[start : text.index("```", start)].splitlines()
    printed = cli("check", ".", cwd=SEEDS).out.splitlines()
    assert shown and all(line in printed for line in shown), "docs/scoring.md example is stale"


def test_report_doc_shows_what_report_prints_on_the_examples(cli, tmp_path):
    """docs/report.md's standard error of ``report examples`` is what it prints."""
    text = (REPO / "docs" / "report.md").read_text(encoding="utf-8")
    start = text.index("```text\n") + len("```text\n")
    shown = text[start : text.index("```", start)].splitlines()
    output = tmp_path / "report.html"
    printed = cli("report", "examples", "-o", output, cwd=REPO).err
    assert shown == printed.replace(str(output), "report.html").splitlines(), "stale example"


def _commands() -> dict[tuple[str, ...], set[str]]:
    """Every command and ``rules`` action, with the options it takes."""
    import argparse

    from qualitycheck.cli.parsers import build_parser

    found: dict[tuple[str, ...], set[str]] = {}

    def walk(parser: argparse.ArgumentParser, prefix: tuple[str, ...]) -> None:
        for action in parser._actions:
            if isinstance(action, argparse._SubParsersAction):
                for name, sub in action.choices.items():
                    found[(*prefix, name)] = {o for a in sub._actions for o in a.option_strings}
                    walk(sub, (*prefix, name))

    walk(build_parser(), ())
    return found


def _documentation() -> dict[str, str]:
    paths = [REPO / "README.md", *sorted((REPO / "docs").glob("*.md"))]
    return {path.name: path.read_text(encoding="utf-8") for path in paths}


def test_every_command_option_is_documented():
    """An option a command takes (``--help``) is named somewhere in README.md or docs/."""
    import re

    text = "\n".join(_documentation().values())
    for command, options in _commands().items():
        for option in sorted(o for o in options if o.startswith("--") and o != "--help"):
            assert re.search(rf"{option}(?![\w-])", text), f"{' '.join(command)} {option}"


def test_every_option_the_docs_give_a_command_exists():
    """``qualitycheck CMD ... --option`` in the docs' code names an option CMD takes."""
    import re

    commands = _commands()
    seen = 0
    for name, text in _documentation().items():
        text = text.replace("\\\n", " ")
        pieces = re.findall(r"`([^`\n]+)`", text)
        pieces += [
            line
            for block in re.findall(r"```\w*\n(.*?)```", text, re.S)
            for line in block.splitlines()
        ]
        for piece in pieces:
            for match in re.finditer(r"qualitycheck ((?:rules )?[a-z]+)((?: [^#|;&]*)?)", piece):
                command = tuple(match.group(1).split())
                if command not in commands:
                    continue
                for option in re.findall(r"(?<![\w-])--[a-z][\w-]*", match.group(2)):
                    seen += 1
                    assert option in commands[command], f"{name}: {piece.strip()}"
    assert seen > 50  # the pattern still finds the commands


def test_every_json_field_is_documented(cli):
    """Each field of the JSON Schema, and of check's output on the examples, has its
    row, or its place in a ``{path, line?, message}`` list, in docs/json-output.md."""
    import json
    import re

    text = (REPO / "docs" / "json-output.md").read_text(encoding="utf-8")
    schema = json.loads((REPO / "docs" / "json-output.schema.json").read_text(encoding="utf-8"))
    names: set[str] = set()

    def walk(node: object) -> None:
        if isinstance(node, dict):
            names.update(node.get("properties", {}))
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(schema)
    document = cli("check", "examples", "--format", "json", cwd=REPO).json()
    names.update(document, document["summary"], *document["articles"])
    names.update(key for article in document["articles"] for f in article["findings"] for key in f)
    assert len(names) > 30
    for name in sorted(names):
        assert re.search(rf"[`{{ ]{name}[`}},?]", text), f"{name} is not in docs/json-output.md"


def test_every_sarif_field_check_writes_is_in_ci_formats(cli, tmp_path):
    """The keys of check's SARIF run, driver, rules and results (with a suggestion,
    in a file and in a JSONL record) are named in docs/ci-formats.md."""
    import re

    pack = tmp_path / "house.yaml"
    pack.write_text(
        "rules:\n  - id: house-utilise\n    kind: phrase\n    category: readability\n"
        "    severity: info\n    message: 'Plain words: \"{match}\"'\n"
        "    swap: {utilise: use}\n    examples: {flag: [We utilise it.], pass: [We use it.]}\n",
        encoding="utf-8",
    )
    (tmp_path / "a.txt").write_text("Title\nWe utilise the harbour.\n", encoding="utf-8")
    (tmp_path / "b.jsonl").write_text('{"id": "r", "text": "We utilise it."}\n', encoding="utf-8")
    keys: set[str] = set()
    for paths in (["examples"], [tmp_path / "a.txt", tmp_path / "b.jsonl"]):
        out = cli("check", *paths, "--rules", pack, "--format", "sarif", cwd=REPO).json()
        run = out["runs"][0]
        driver = run["tool"]["driver"]
        keys.update(run, driver)
        for rule in driver["rules"]:
            keys.update(rule, rule["properties"])
        for result in run["results"]:
            keys.update(result, result["properties"])
    assert {"fixes", "suggestion", "artifact"} <= keys
    text = (REPO / "docs" / "ci-formats.md").read_text(encoding="utf-8")
    missing = sorted(key for key in keys if not re.search(rf"`{key}[`.:\[ ]", text))
    assert not missing, f"not in docs/ci-formats.md: {missing}"


def test_the_model_file_example_is_the_shipped_boilerplate_model():
    """docs/models.md's file format example shows the shipped model's values (rounded)."""
    import json

    text = (REPO / "docs" / "models.md").read_text(encoding="utf-8")
    start = text.index("```json", text.index("## Format")) + len("```json")
    shown = json.loads(text[start : text.index("```", start)])
    data = REPO / "qualitycheck" / "detect" / "models" / "data" / "boilerplate.json"
    _shown_in(shown, json.loads(data.read_text(encoding="utf-8")), "boilerplate.json", places=3)


def test_readme_counts_the_compiled_kernels():
    """README.md says how many Cython kernels the install compiles: one per .pyx."""
    words = "one two three four five six seven eight nine ten eleven twelve".split()
    count = len(list((REPO / "qualitycheck").rglob("*.pyx")))
    text = " ".join((REPO / "README.md").read_text(encoding="utf-8").split())
    assert f"compiles {words[count - 1]} small Cython kernels" in text


def test_readme_names_every_input_suffix():
    """Every suffix a reader takes is named in README.md's inputs."""
    from qualitycheck.readers import READERS

    text = (REPO / "README.md").read_text(encoding="utf-8")
    suffixes = [suffix for reader in READERS.values() for suffix in reader.suffixes]
    assert len(suffixes) > 5
    assert not [s for s in suffixes if f"`{s}`" not in text], "README.md misses a suffix"


def test_metrics_of_an_article_without_body_are_as_documented(cli, tmp_path):
    """docs/json-output.md: without body text the counts are 0, the readability null."""
    (tmp_path / "h.txt").write_text("Only a headline\n", encoding="utf-8")
    metrics = cli("check", "h.txt", "--no-models", "--format", "json").json()["articles"][0]
    counts = {key: value for key, value in metrics["metrics"].items() if value is not None}
    assert counts == {"words": 0, "sentences": 0, "characters": 0}
    assert (metrics["language"], metrics["language_confidence"]) == (None, 0.0)
    row = next(
        line
        for line in (REPO / "docs" / "json-output.md").read_text(encoding="utf-8").splitlines()
        if line.startswith("| `metrics` |")
    )
    assert "0 when there is no body text" in row


def test_jsonl_output_holds_only_articles_as_documented(cli, tmp_path):
    """docs/json-output.md: a JSONL result line is an article; input errors are not lines."""
    (tmp_path / "a.txt").write_text("Title\nShare This Article\n", encoding="utf-8")
    (tmp_path / "b.txt").write_bytes(b"PNG\x00\x00binary")
    run = cli("check", ".", "--no-models", "--format", "jsonl")
    lines = [json.loads(line) for line in run.out.splitlines()]
    assert run.code == 2 and [line["id"] for line in lines] == ["a.txt"]
    assert "input error: b.txt" in run.err
    text = (REPO / "docs" / "json-output.md").read_text(encoding="utf-8")
    assert "JSON Lines and Parquet hold articles only" in text
