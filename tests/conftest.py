"""Shared helpers: run the CLI in-process, write articles, find ../shared."""

from __future__ import annotations

import json
import time
from dataclasses import dataclass
from pathlib import Path

import pytest

from qualitycheck.cli import main

REPO = Path(__file__).resolve().parent.parent
EXAMPLES = REPO / "examples"
SHARED = REPO.parent / "shared"
SEEDS = SHARED / "corpus" / "seeds"

CLEAN_ARTICLE = (
    "Town council approves new cycle lanes\n"
    "The town council approved four kilometres of new cycle lanes on Tuesday, "
    "the mayor's office said.\n"
    "Work will start in April and should take about three months, according to the "
    "council's published schedule.\n"
    "Councillor Mira Jansen said the lanes would connect the two secondary schools "
    "with the station.\n"
)

BOILERPLATE_ARTICLE = (
    "Museum reopens after renovation\n"
    "Share This Article\n"
    "The city museum reopened on Sunday after eighteen months of renovation, its "
    "director said.\n"
    "Leave a Reply\n"
)


@dataclass
class CliResult:
    code: int
    out: str
    err: str

    def json(self) -> dict:
        return json.loads(self.out)


@pytest.fixture
def cli(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path):
    """Run ``qualitycheck ARGS`` in-process from ``cwd`` (default: an empty folder)."""

    # Inside GitHub Actions the default format would be ``github``; tests that
    # want it set the variable themselves.
    monkeypatch.delenv("GITHUB_ACTIONS", raising=False)

    def run(*args: str, cwd: Path | None = None) -> CliResult:
        monkeypatch.chdir(cwd or tmp_path)
        capsys.readouterr()
        code = main([str(a) for a in args])
        captured = capsys.readouterr()
        return CliResult(code, captured.out, captured.err)

    return run


class CpuClock:
    """CPU seconds this process spent inside a ``with`` block.

    Tests bound cost by CPU time, never by wall-clock time: a loaded shared
    machine slows the wall clock several times, not the CPU a run needs.
    """

    seconds: float = 0.0

    def __enter__(self) -> CpuClock:
        self._started = time.process_time()
        return self

    def __exit__(self, *exc: object) -> None:
        self.seconds = time.process_time() - self._started


def needs_shared() -> pytest.MarkDecorator:
    return pytest.mark.skipif(not SEEDS.is_dir(), reason="../shared is not present")
