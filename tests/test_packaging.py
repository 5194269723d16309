"""The wheel carries the rule packs and templates, and the installed CLI works
from any folder without the source tree."""

from __future__ import annotations

import ast
import json
import os
import re
import shutil
import subprocess
import sys
import tarfile
import tomllib
import zipfile
from pathlib import Path

import pytest
from conftest import EXAMPLES, REPO

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    return _build("--wheel", tmp_path_factory.mktemp("dist"), "qualitycheck-*.whl")


@pytest.fixture(scope="module")
def sdist(tmp_path_factory) -> Path:
    return _build("--sdist", tmp_path_factory.mktemp("sdist"), "qualitycheck-*.tar.gz")


def _build(kind: str, out: Path, pattern: str) -> Path:
    """One distribution of this checkout, built as a release would be (no isolation:
    the test environment already holds the build requirements)."""
    command = [sys.executable, "-m", "build", kind, "--no-isolation", "--outdir", str(out)]
    subprocess.run([*command, str(REPO)], check=True, capture_output=True)
    [built] = out.glob(pattern)
    return built


def sdist_names(sdist: Path) -> set[str]:
    """The sdist's files, without its top folder (``qualitycheck-VERSION/``)."""
    with tarfile.open(sdist) as archive:
        return {name.split("/", 1)[1] for name in archive.getnames() if "/" in name}


def test_sdist_holds_every_tracked_file_and_nothing_built(sdist):
    # The sdist ships the tests, so it must ship what they read (the benchmark
    # scripts, action.yml, the pre-commit hook): from an unpacked sdist the
    # suite collects and runs as it does from a checkout.
    if shutil.which("git") is None or not (REPO / ".git").exists():
        pytest.skip("not a git checkout (an unpacked sdist has no file list to compare)")
    tracked = subprocess.run(
        ["git", "ls-files"], cwd=REPO, capture_output=True, text=True, check=True
    ).stdout.splitlines()
    names = sdist_names(sdist)
    assert sorted(set(tracked) - names) == []
    # A kernel built in place (gitignored) would be the wrong platform's.
    assert [n for n in names if n.endswith((".so", ".pyd", ".c"))] == []


def test_the_version_is_written_once(wheel):
    # A release bumps qualitycheck/version.py (what --version and the JSON print);
    # a second copy in pyproject.toml would let the wheel's metadata disagree.
    from qualitycheck.version import __version__

    project = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    assert "version" not in project and "version" in project["dynamic"]
    metadata = zipfile.ZipFile(wheel).read(f"qualitycheck-{__version__}.dist-info/METADATA")
    assert f"\nVersion: {__version__}\n" in metadata.decode("utf-8")


def test_licence_text_ships_in_both(wheel, sdist):
    # MIT asks that its text travel with every copy; "License: MIT" alone is not it.
    licence = (REPO / "LICENSE").read_text(encoding="utf-8")
    assert licence.startswith("MIT License") and "Permission is hereby granted" in licence
    assert "LICENSE" in sdist_names(sdist)
    names = zipfile.ZipFile(wheel).namelist()
    assert [n for n in names if n.endswith(".dist-info/licenses/LICENSE")] != []


def test_wheel_contains_rule_packs_and_templates(wheel):
    names = set(zipfile.ZipFile(wheel).namelist())
    for pack in (REPO / "rules").glob("*.yaml"):
        assert f"qualitycheck/_data/rules/{pack.name}" in names
    for template in (REPO / "reports").iterdir():
        assert f"qualitycheck/_data/reports/{template.name}" in names
    assert "qualitycheck/cli/__init__.py" in names
    # PEP 561: without the marker mypy treats the typed public API (docs/api.md) as Any
    # and reports "missing library stubs or py.typed marker" in every caller's code.
    assert "qualitycheck/py.typed" in names
    # The shipped models travel with their detectors.
    assert "qualitycheck/detect/models/data/mt.json" in names
    assert not any(name.startswith(("tests/", "examples/")) for name in names)


def test_installed_wheel_runs_from_any_folder(wheel, tmp_path):
    target = tmp_path / "site"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "install",
            "--quiet",
            "--no-deps",
            "--no-index",
            "--target",
            str(target),
            str(wheel),
        ],
        check=True,
        capture_output=True,
    )
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    env = {**os.environ, "PYTHONPATH": str(target)}
    where = subprocess.run(
        [sys.executable, "-c", "import qualitycheck.resources as r; print(r.rules_dir())"],
        cwd=elsewhere,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    assert where.stdout.strip().startswith(str(target))
    result = subprocess.run(
        [sys.executable, "-m", "qualitycheck", "check", str(EXAMPLES), "--format", "json"],
        cwd=elsewhere,
        env=env,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 1, result.stderr
    document = json.loads(result.stdout)
    assert document["summary"]["fail"] >= 1
    report = subprocess.run(
        [sys.executable, "-m", "qualitycheck", "report", str(EXAMPLES), "-o", "r.html"],
        cwd=elsewhere,
        env=env,
        capture_output=True,
        text=True,
    )
    assert report.returncode == 0, report.stderr
    assert "qualitycheck audit report" in (elsewhere / "r.html").read_text(encoding="utf-8")


def test_cibuildwheel_tests_every_kernel_with_what_the_tests_import():
    # docs/performance.md builds the other platforms' wheels with cibuildwheel, which
    # reads [tool.cibuildwheel]; its test command must compare every kernel with its
    # pure path on each wheel, run under Windows' cmd (no single-quote quoting), and
    # install what those tests import beyond the package's own dependencies.
    config = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))
    cibw = config["tool"]["cibuildwheel"]
    command = cibw["test-command"]
    assert "'" not in command
    # the kernel tests skip a kernel that is not built: the wheel must have them all
    assert command.startswith("python -m qualitycheck.tools.kernels --require-all && ")
    named = set(re.findall(r"\{project\}/(tests/test_\w+\.py)", command))
    kernel_tests = {f"tests/{p.name}" for p in (REPO / "tests").glob("test_*kernel*.py")}
    assert kernel_tests and kernel_tests <= named
    assert all((REPO / name).is_file() for name in named)
    provided = {"pytest", "conftest", "qualitycheck", "hatch_build"}
    provided |= {re.split(r"[<>=\[ ;]", r)[0].lower() for r in cibw["test-requires"]}
    provided |= {"langdetect", "pyphen", "yaml", "sklearn", "jinja2", "regex", "textstat"}
    for name in sorted(named):
        for node in ast.walk(ast.parse((REPO / name).read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                tops = {alias.name.split(".")[0] for alias in node.names}
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                tops = {node.module.split(".")[0]}
            else:
                continue
            assert tops - set(sys.stdlib_module_names) <= provided, (name, tops)
            if "hatch_build" in tops:  # the hook imports hatchling
                assert "hatchling" in provided


def test_classifiers_name_the_versions_wheels_are_built_for():
    config = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))
    classifiers = config["project"]["classifiers"]
    built = re.findall(r"cp3(\d+)-", config["tool"]["cibuildwheel"]["build"])
    named = [c.rsplit(" ", 1)[1] for c in classifiers if re.fullmatch(r".*:: 3\.\d+", c)]
    assert named == [f"3.{minor}" for minor in built]
    assert ">=" + named[0] == config["project"]["requires-python"]
    assert "Typing :: Typed" in classifiers  # qualitycheck/py.typed
