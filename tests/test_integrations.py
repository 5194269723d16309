"""The pre-commit hook and the GitHub Action call the CLI the way it really works.

Both files are parsed, their command lines are checked against the real
argument parser, and the action's check step is run in bash (with
``qualitycheck`` on PATH pointing at this checkout) to see it write SARIF and
hand over the exit code.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from conftest import BOILERPLATE_ARTICLE, CLEAN_ARTICLE, REPO

from qualitycheck.cli import build_parser
from qualitycheck.readers import SUFFIXES


def check_options() -> set[str]:
    parser = build_parser()
    [commands] = [a for a in parser._actions if isinstance(a, argparse._SubParsersAction)]
    return {
        option for action in commands.choices["check"]._actions for option in action.option_strings
    }


def test_pre_commit_hook_runs_check_on_every_article_format():
    [hook] = yaml.safe_load((REPO / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    assert hook["id"] == "qualitycheck"
    assert hook["language"] == "python"
    assert hook["entry"] == "qualitycheck check --force-exclude"
    assert hook.get("pass_filenames", True)
    files = re.compile(hook["files"])
    # Every text format; Parquet shards are binary corpora, not staged articles (the
    # hook's ``types: [text]`` would drop them, and it installs without pyarrow).
    for suffix in (suffix for suffix, name in SUFFIXES.items() if name != "parquet"):
        assert files.search(f"news/story{suffix}"), suffix
    for other in ("setup.py", "notes.mdx", "page.html.j2", "data.json", "part-0.parquet"):
        assert not files.search(other), other
    # What pre-commit runs: entry, the hook's args, then the staged files.
    argv = [*hook["entry"].split()[1:], *hook.get("args", []), "a.md", "b.jsonl"]
    args = build_parser().parse_args(argv)
    assert args.command == "check"
    assert args.paths == ["a.md", "b.jsonl"]
    assert args.force_exclude


def _action() -> dict:
    return yaml.safe_load((REPO / "action.yml").read_text(encoding="utf-8"))


def test_action_is_a_composite_that_uploads_sarif():
    action = _action()
    steps = action["runs"]["steps"]
    assert action["runs"]["using"] == "composite"
    uses = [step.get("uses", "") for step in steps]
    assert any(u.startswith("github/codeql-action/upload-sarif@") for u in uses)
    assert any(u.startswith("actions/setup-python@") for u in uses)
    [upload] = [s for s in steps if s.get("uses", "").startswith("github/codeql-action")]
    assert "steps.check.outputs.sarif-file" in upload["with"]["sarif_file"]
    # Two uses of the action (two corpora, two configs) need two categories: an
    # upload replaces the alerts of an earlier one with the same category.
    assert action["inputs"]["category"]["default"] == "qualitycheck"
    assert upload["with"]["category"] == "${{ inputs.category }}"
    assert {"paths", "args", "fail-on", "sarif-file", "baseline", "changed-since"} <= set(
        action["inputs"]
    )
    # Every option the scripts pass is one `qualitycheck check` accepts.
    known = check_options()
    scripts = "\n".join(step.get("run", "") for step in steps)
    used = set(re.findall(r"(?<![\w-])--[a-z][a-z-]+", scripts)) - {"--version"}
    pip_options = {"--disable-pip-version-check", "--quiet"}
    assert used - pip_options <= known, used - pip_options - known
    assert {"--format", "--output-format", "--baseline", "--changed-since"} <= used


#: The check step's inputs as the action passes them (each test sets QC_SARIF).
STEP_INPUTS = {
    "QC_PATHS": "articles",
    "QC_ARGS": "--no-models --no-config",
    "QC_FAIL_ON": "",
    "QC_BASELINE": "",
    "QC_CHANGED_SINCE": "",
}


def _run_check_step(tmp_path: Path, environment: dict[str, str]) -> tuple[int, dict[str, str]]:
    [step] = [s for s in _action()["runs"]["steps"] if s.get("id") == "check"]
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir(exist_ok=True)
    wrapper = bin_dir / "qualitycheck"
    wrapper.write_text(f'#!/bin/sh\nexec "{sys.executable}" -m qualitycheck "$@"\n')
    wrapper.chmod(0o755)
    # The step runs `python` (actions/setup-python provides it); a machine may only have python3.
    interpreter = bin_dir / "python"
    interpreter.write_text(f'#!/bin/sh\nexec "{sys.executable}" "$@"\n')
    interpreter.chmod(0o755)
    outputs = tmp_path / "github_output"
    outputs.write_text("")
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith(("GITHUB_", "QC_"))},
        "PATH": f"{bin_dir}{os.pathsep}{os.environ['PATH']}",
        "PYTHONPATH": str(REPO),
        "GITHUB_OUTPUT": str(outputs),
        **environment,
    }
    completed = subprocess.run(
        ["bash", "--noprofile", "--norc", "-eo", "pipefail", "-c", step["run"]],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    values = dict(line.split("=", 1) for line in outputs.read_text().splitlines() if "=" in line)
    return completed.returncode, values


@pytest.mark.skipif(shutil.which("bash") is None, reason="bash is not installed")
def test_action_check_step_writes_sarif_and_hands_over_the_exit_code(tmp_path):
    (tmp_path / "articles").mkdir()
    (tmp_path / "articles" / "scraped.txt").write_text(BOILERPLATE_ARTICLE, encoding="utf-8")
    (tmp_path / "articles" / "clean.txt").write_text(CLEAN_ARTICLE, encoding="utf-8")
    base = {**STEP_INPUTS, "QC_SARIF": "out/qualitycheck.sarif"}
    code, outputs = _run_check_step(tmp_path, base)
    assert code == 0  # the step itself never fails; the Gate step does
    assert outputs == {"exit-code": "1", "sarif-file": "out/qualitycheck.sarif"}
    sarif = (tmp_path / "out" / "qualitycheck.sarif").read_text(encoding="utf-8")
    assert '"boilerplate-share"' in sarif

    (tmp_path / "out" / "qualitycheck.sarif").unlink()
    code, outputs = _run_check_step(tmp_path, {**base, "QC_FAIL_ON": "never", "QC_SARIF": ""})
    assert outputs == {"exit-code": "0"}
    assert not (tmp_path / "out" / "qualitycheck.sarif").exists()


@pytest.mark.skipif(shutil.which("bash") is None, reason="bash is not installed")
def test_action_check_step_never_hands_over_a_sarif_file_an_earlier_run_left(tmp_path):
    (tmp_path / "articles").mkdir()
    (tmp_path / "articles" / "scraped.txt").write_text(BOILERPLATE_ARTICLE, encoding="utf-8")
    base = {**STEP_INPUTS, "QC_SARIF": "qualitycheck.sarif"}
    code, outputs = _run_check_step(tmp_path, base)
    assert outputs == {"exit-code": "1", "sarif-file": "qualitycheck.sarif"}
    # A second run that stops before writing (a bad option): the old file stays, unused.
    code, outputs = _run_check_step(tmp_path, {**base, "QC_ARGS": "--no-such-option"})
    assert code == 0 and outputs == {"exit-code": "2"}
    assert (tmp_path / "qualitycheck.sarif").is_file()


@pytest.mark.skipif(shutil.which("bash") is None, reason="bash is not installed")
def test_action_check_step_reads_every_line_of_a_multi_line_input(tmp_path):
    # `paths: |` with one folder per line is how YAML users write a list; the step
    # read only the first line, so the other folders (and args) were silently not checked.
    for folder in ("news", "opinion"):
        (tmp_path / folder).mkdir()
    (tmp_path / "news" / "clean.txt").write_text(CLEAN_ARTICLE, encoding="utf-8")
    (tmp_path / "opinion" / "scraped.txt").write_text(BOILERPLATE_ARTICLE, encoding="utf-8")
    inputs = {**STEP_INPUTS, "QC_PATHS": "news\nopinion\n", "QC_ARGS": "--no-models\n--no-config\n"}
    code, outputs = _run_check_step(tmp_path, {**inputs, "QC_SARIF": "qualitycheck.sarif"})
    assert code == 0 and outputs["exit-code"] == "1"
    sarif = (tmp_path / "qualitycheck.sarif").read_text(encoding="utf-8")
    assert "opinion/scraped.txt" in sarif
    # An empty input is no path at all, as before: the run says so (exit 2).
    code, outputs = _run_check_step(tmp_path, {**inputs, "QC_PATHS": "", "QC_SARIF": ""})
    assert outputs == {"exit-code": "2"}
