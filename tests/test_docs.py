"""Generated docs are up to date; the README opens with the two set-up commands."""

from __future__ import annotations

from conftest import REPO

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
