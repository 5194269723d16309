"""``python -m qualitycheck.tools.kernels`` says which compiled kernels a run
uses: pip hides the build hook's warning, so after ``pip install`` this is
how a user tells a compiled install from a pure one (README, Install)."""

from __future__ import annotations

import importlib.util
import os
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import REPO

import qualitycheck
from qualitycheck.primitives.accelerators import PURE_PYTHON_ENV
from qualitycheck.tools import kernels

#: Where this process's qualitycheck comes from (a checkout, or an installed wheel
#: when cibuildwheel runs these tests): the child reports on the same one.
IMPORTED_FROM = str(Path(qualitycheck.__file__).resolve().parents[1])


def run(**env: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "qualitycheck.tools.kernels"],
        env={**os.environ, "PYTHONPATH": IMPORTED_FROM, **env},
        capture_output=True,
        text=True,
        check=False,
    )


def test_it_lists_every_kernel_the_package_has_a_source_for():
    sources = {
        ".".join(path.relative_to(REPO).with_suffix("").parts)
        for path in (REPO / "qualitycheck").rglob("_*.pyx")
    }
    assert {kernel.compiled for kernel in kernels.WRAPPERS} == sources
    for kernel in kernels.WRAPPERS:  # each wrapper has the loader the status asks
        assert importlib.util.find_spec(kernel.wrapper) is not None


def test_forced_pure_reports_every_kernel_pure():
    result = run(**{PURE_PYTHON_ENV: "1"})
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert len(lines) == len(kernels.WRAPPERS) + 1
    assert all(f"pure Python ({PURE_PYTHON_ENV} is set)" in line for line in lines[:-1])
    assert lines[-1].startswith(f"0 of {len(kernels.WRAPPERS)} kernels compiled")


def test_a_kernel_that_was_not_built_is_named(monkeypatch, capsys):
    monkeypatch.delenv(PURE_PYTHON_ENV, raising=False)
    missing = kernels.WRAPPERS[0].compiled
    real = importlib.util.find_spec
    monkeypatch.setattr(
        importlib.util, "find_spec", lambda name, *a: None if name == missing else real(name, *a)
    )
    assert kernels.main([]) == 0
    first = capsys.readouterr().out.splitlines()[0]
    assert first.startswith(kernels.WRAPPERS[0].label) and "pure Python (not built" in first
    # cibuildwheel's test: a wheel missing one kernel fails (its kernel tests skip it)
    assert kernels.main(["--require-all"]) == 1


@pytest.mark.skipif(
    any(importlib.util.find_spec(k.compiled) is None for k in kernels.WRAPPERS),
    reason="not every kernel is built here (run `python hatch_build.py`)",
)
def test_a_built_checkout_reports_every_kernel_compiled():
    result = run(**{PURE_PYTHON_ENV: "0"})
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert all(" compiled " in f" {line} " for line in lines[:-1]), result.stdout
    assert lines[-1].startswith(f"{len(kernels.WRAPPERS)} of {len(kernels.WRAPPERS)} kernels")


@pytest.mark.parametrize("tool", ["kernels", "docgen"])
def test_a_reader_that_left_ends_the_tool_quietly(tool, tmp_path):
    # `python -m qualitycheck.tools.kernels | head -1` was a BrokenPipeError
    # traceback (exit 1) once head had its line; the command line exits 2 quietly.
    read_end, write_end = os.pipe()
    os.close(read_end)
    try:
        result = subprocess.run(
            # (docgen on an empty folder prints that every file is stale)
            [sys.executable, "-m", f"qualitycheck.tools.{tool}"]
            + (["--check", "--docs", str(tmp_path)] if tool == "docgen" else []),
            env={**os.environ, "PYTHONPATH": IMPORTED_FROM},
            stdout=write_end,
            stderr=subprocess.PIPE,
            text=True,
            check=False,
        )
    finally:
        os.close(write_end)
    assert (result.returncode, result.stderr) == (2, "")


def test_ctrl_c_in_a_tool_is_one_line_and_exit_130(capfd):
    from qualitycheck.tools import run_tool

    def interrupted() -> int:
        raise KeyboardInterrupt

    with pytest.raises(SystemExit) as stop:
        run_tool(interrupted)
    assert stop.value.code == 130
    assert capfd.readouterr().err == "qualitycheck: interrupted\n"


@pytest.mark.skipif(not os.path.exists("/dev/full"), reason="no /dev/full here")
@pytest.mark.parametrize(
    ("redirect", "reason"), [(">/dev/full", "No space left on device"), (">&-", "Bad file")]
)
def test_an_output_that_fails_is_one_line_and_exit_2(redirect, reason):
    # A full disk was an OSError traceback; a closed standard output was
    # exit 0 with nothing written (print writes nowhere then).
    result = subprocess.run(
        ["sh", "-c", f'exec "$0" -m qualitycheck.tools.kernels {redirect}', sys.executable],
        env={**os.environ, "PYTHONPATH": IMPORTED_FROM},
        stderr=subprocess.PIPE,
        text=True,
        check=False,
    )
    assert result.returncode == 2
    assert result.stderr.startswith(f"qualitycheck: error: standard output: cannot write: {reason}")
    assert len(result.stderr.splitlines()) == 1
