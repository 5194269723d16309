"""Shared helpers: run the CLI in-process, write articles and records, check
finding positions against the source, snapshot folders, guard against hangs,
measure CPU time, find ../shared.

Test files import the plain functions (``from conftest import write``); the
``cli`` fixture is found by pytest.
"""

from __future__ import annotations

import atexit
import contextlib
import hashlib
import importlib.util
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from bisect import bisect_right
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from qualitycheck.cli import main
from qualitycheck.primitives.accelerators import PURE_PYTHON_ENV
from qualitycheck.primitives.cache import ENVIRONMENT as CACHE_ENVIRONMENT

REPO = Path(__file__).resolve().parent.parent

# The tests' runs, and the processes they start, cache in a folder of their own
# (emptied when the session ends), not in the user's ~/.cache/qualitycheck.
if CACHE_ENVIRONMENT not in os.environ:
    os.environ[CACHE_ENVIRONMENT] = tempfile.mkdtemp(prefix="qualitycheck-test-cache-")
    atexit.register(shutil.rmtree, os.environ[CACHE_ENVIRONMENT], ignore_errors=True)
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

# Lines that are hard to count positions in: an emoji sequence and a flag, right-to-
# left text with bidirectional marks, zero-width characters, combining marks; each
# but the first and the last has one doubled word, the last is boilerplate.
UNICODE_LINES = (
    "Harbour festival 🎉 draws record crowds",
    "👩🏽‍🚒🇳🇱🏳️‍🌈 Visitors said the the fireworks started late on Saturday.",
    "המבקרים אמרו \u200f— and the the mayor thanked the volunteers, the council said.",
    "مرحبا بكم \u202bنص\u202c then the the band played until midnight, organisers said.",
    "\u200b\u200c\u200d\u2060\ufeffZero-width marks came before the the last sentence.",
    "Cafe\u0301 owners and Z\u0336\u0317a\u0337\u0358l\u0334go fans said the the square was full.",
    "Share This Article",
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


# --- files and records ----------------------------------------------------------------


def run_child(*arguments: object, stdout: Any = subprocess.PIPE) -> subprocess.CompletedProcess:
    """``python -m qualitycheck ARGUMENTS`` in a child process of this checkout,
    its standard output on ``stdout`` (a pipe by default; a file the shell
    would have redirected, ``/dev/full``), its standard error captured."""
    return subprocess.run(
        [sys.executable, "-m", "qualitycheck", *map(str, arguments)],
        stdout=stdout,
        stderr=subprocess.PIPE,
        env={**os.environ, "PYTHONPATH": str(REPO)},
        timeout=300,
        check=False,
    )


def run_with_closed(
    redirection: str, args: list[str], cwd: Path, timeout: float = 300
) -> subprocess.CompletedProcess[bytes]:
    """Run the command line from a shell that closed a standard stream
    (``>&-``, ``2>&-``, ``<&-``): Python then starts with ``sys.stdout`` (or
    ``stderr``, ``stdin``) ``None``, and the next file opened gets its number."""
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    env.pop("GITHUB_ACTIONS", None)
    return subprocess.run(
        ["sh", "-c", f'exec "$0" -m qualitycheck "$@" {redirection}', sys.executable, *args],
        capture_output=True,
        cwd=cwd,
        env=env,
        check=False,
        timeout=timeout,
    )


def run_both_ways(arguments: list[str], pure: bool) -> bytes:
    """``python -m qualitycheck ARGUMENTS``'s standard output, with the compiled
    kernels (``pure=False``) or the pure-Python path forced (``pure=True``): the
    kernel tests compare the two byte for byte. A warning on stderr about a
    kernel (a stale or missing one) fails the run, so a silent fallback cannot
    pass; the articles' own warnings (another language's "not checked") may
    stand."""
    env = {**os.environ, PURE_PYTHON_ENV: "1" if pure else "0"}
    result = subprocess.run(
        [sys.executable, "-m", "qualitycheck", *arguments],
        env=env,
        capture_output=True,
        check=False,
    )
    assert result.returncode in (0, 1), result.stderr.decode()
    assert not [line for line in result.stderr.splitlines() if b"kernel" in line]
    return result.stdout


def load_benchmark(name: str) -> ModuleType:
    """The script ``benchmarks/NAME.py`` as a module (the benchmarks are scripts,
    not a package), for the tests that check what a benchmark measures."""
    path = REPO / "benchmarks" / f"{name}.py"
    spec = importlib.util.spec_from_file_location(name, path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module  # (a dataclass looks its module up there)
    spec.loader.exec_module(module)
    return module


def mt_dev_sentence_lists() -> list[list[str]]:
    """Each article of ``mt/dev.jsonl`` as the sentences the mt model reads
    (the test is skipped where ../shared is absent)."""
    from qualitycheck.detect.models.mt.features import article_sentences
    from qualitycheck.readers.txt import parse_text

    dev = SHARED / "corpus" / "mt" / "dev.jsonl"
    if not dev.exists():
        pytest.skip(f"{dev} is absent (../shared is not checked out here)")
    with dev.open(encoding="utf-8") as handle:
        texts = [json.loads(line)["text"] for line in handle if line.strip()]
    assert texts
    lists = []
    for index, text in enumerate(texts):
        article = parse_text(text, f"d{index}", f"d{index}", first_line_is_title=True)
        lists.append([b.text[s:e] for b, s, e in article_sentences(article)])
    return lists


def kernel_corpora(fast: tuple[str, ...] = (), slow: tuple[str, ...] = ()) -> list:
    """What a kernel test checks both ways: the examples, the seeds, and the dev
    sets of ``../shared`` named in ``fast`` and (marked slow) in ``slow``."""
    named = [("examples", EXAMPLES, ()), ("seeds", SEEDS, ())]
    named += [(f"{n}-dev", SHARED / "corpus" / n / "dev.jsonl", ()) for n in fast]
    named += [(f"{n}-dev", SHARED / "corpus" / n / "dev.jsonl", (pytest.mark.slow,)) for n in slow]
    return [pytest.param(path, id=name, marks=marks) for name, path, marks in named]


def dev_sample(names: tuple[str, ...], about: int) -> list[str]:
    """About ``about`` texts of each named dev split of ../shared (every n-th
    record, in order); none from a split that is absent."""
    texts = []
    for name in names:
        path = SHARED / "corpus" / name / "dev.jsonl"
        if path.is_file():
            lines = path.read_text(encoding="utf-8").splitlines()
            texts += [json.loads(line)["text"] for line in lines[:: max(1, len(lines) // about)]]
    return texts


def paragraphs(texts: list[str]) -> list[tuple[str, tuple[tuple[int, int], ...]]]:
    """Every block of ``texts`` read as plain text: its text and sentence spans."""
    from qualitycheck.readers.txt import parse_text

    return [
        (block.text, tuple(block.sentences))
        for text in texts
        for block in parse_text(text, "t", "t.txt").blocks
    ]


@contextlib.contextmanager
def cleared(*caches: Any) -> Iterator[None]:
    """Run with these ``functools.cache``d choices empty, and empty them again
    after: a test that forces the pure path must not leave its choice behind."""
    for cached in caches:
        cached.cache_clear()
    try:
        yield
    finally:
        for cached in caches:
            cached.cache_clear()


def assert_check_json_same_both_ways(path: Path) -> None:
    """``check --format json PATH`` prints the same bytes compiled and pure."""
    if not path.exists():
        pytest.skip(f"{path} is absent (../shared is not checked out here)")
    compiled = run_both_ways(["check", "--format", "json", str(path)], pure=False)
    assert b'"articles"' in compiled
    assert compiled == run_both_ways(["check", "--format", "json", str(path)], pure=True)


def write(path: Path, text: str) -> Path:
    """Write ``text`` as UTF-8 exactly as given (no newline translation), making
    the parent folders; return ``path``."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8", newline="")
    return path


def record(**fields) -> str:
    """One JSONL line (without its newline), non-ASCII characters as they are."""
    return json.dumps(fields, ensure_ascii=False)


def check_json(cli, *args, cwd: Path | None = None) -> CliResult:
    """``qualitycheck check ARGS`` with the rules only (no models), JSON output."""
    return cli("check", *args, "--no-models", "--format", "json", cwd=cwd)


def tree(folder: Path) -> dict[str, tuple]:
    """Every entry under ``folder``: file bytes' hash, mode and mtime; link targets.

    Equal before and after a run: nothing under ``folder`` was written, replaced,
    touched or added."""
    entries: dict[str, tuple] = {}
    for path in sorted(folder.rglob("*")):
        relative = str(path.relative_to(folder))
        status = path.lstat()
        if path.is_symlink():
            entries[relative] = ("link", os.readlink(path))
        elif path.is_file():
            digest = hashlib.sha256(path.read_bytes()).hexdigest()
            entries[relative] = ("file", digest, status.st_mode, status.st_mtime_ns)
        else:
            entries[relative] = ("other", status.st_mode, status.st_mtime_ns)
    return entries


# --- output formats -------------------------------------------------------------------

# Every output format and the suffix tests give its file.
OUTPUT_SUFFIX = {
    "text": "txt",
    "json": "json",
    "jsonl": "jsonl",
    "sarif": "sarif",
    "junit": "xml",
    "markdown": "md",
    "html": "html",
    "github": "log",
}
# The formats tests write to files beside the default text on standard output.
FORMATS_BUT_TEXT = tuple(name for name in OUTPUT_SUFFIX if name != "text")


def output_format_options(folder: Path, stem: str, formats=tuple(OUTPUT_SUFFIX)) -> list[str]:
    """``--output-format`` options writing each of ``formats`` to ``folder/stem.SUFFIX``."""
    return [
        f"--output-format={name}={folder / f'{stem}.{OUTPUT_SUFFIX[name]}'}" for name in formats
    ]


#: What a terminal or a CI log must never receive from an article: C0 controls
#: but tab and the line ends the renderer writes itself, DEL, C1 controls, line
#: separators and bidirectional overrides.
RAW_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")


def assert_safe_for_a_log(text: str, what: str = "output") -> list[str]:
    """No raw control character and no line a GitHub runner would read as a
    command the renderer did not write; the lines, for more checks."""
    found = RAW_CONTROL.search(text)
    assert not found, f"{what}: raw {found.group()!r}"
    assert "##[" not in text, what
    return text.splitlines()


# --- positions ------------------------------------------------------------------------


def source_of(article: dict) -> str:
    """What a finding's offsets point into, read independently of the tool: the
    file's text, or the ``text`` of the article's JSONL record."""
    raw = Path(article["path"]).read_bytes().decode("utf-8-sig")
    if article["record_line"] is None:
        return raw
    return json.loads(raw.splitlines()[article["record_line"] - 1])["text"]


def assert_positions(article: dict, source: str | None = None) -> int:
    """Every finding of a JSON ``article``: ``source[start:end] == text``; line,
    column (in code points) and end line agree. Returns how many were checked."""
    source = source_of(article) if source is None else source
    starts = [0] + [index + 1 for index, char in enumerate(source) if char == "\n"]
    for finding in article["findings"]:
        start, end = finding["start"], finding["end"]
        assert 0 <= start <= end <= len(source), finding
        assert source[start:end] == finding["text"], finding
        line = bisect_right(starts, start)
        assert finding["line"] == line, finding
        assert finding["column"] == start - starts[line - 1] + 1, finding
        assert finding["end_line"] == bisect_right(starts, max(end - 1, start)), finding
    return len(article["findings"])


# --- hangs ----------------------------------------------------------------------------


class Hang(BaseException):
    """A run took far longer than it may (not an ``Exception``: the CLI must not catch it)."""


@contextlib.contextmanager
def deadline(seconds: float) -> Iterator[None]:
    """Turn a hang (a blocking read, an endless walk) into a test failure.

    A guard, not a measurement: ``seconds`` is wall time, generous enough for a
    loaded machine; bound cost with ``CpuClock``."""
    if not hasattr(signal, "setitimer"):
        yield
        return

    def expire(signum, frame):
        raise Hang(f"still running after {seconds} s")

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


# --- processes ------------------------------------------------------------------------


def wait_for(condition, seconds: float = 120.0) -> bool:
    """Poll ``condition`` until it holds; ``seconds`` only guards against a hang."""
    until = time.monotonic() + seconds
    while time.monotonic() < until:
        if condition():
            return True
        time.sleep(0.05)
    return condition()


def process_alive(pid: int) -> bool:
    """Running, and not a zombie waiting to be reaped (Linux ``/proc``)."""
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


@pytest.fixture(scope="module")
def browser():
    """Debian's Chromium under Playwright, for the report's browser tests
    (skipped without it, except in CI, which must run them)."""
    from test_report_browser import CHROMIUM, FLAGS

    if CHROMIUM is None:
        message = "Chromium is not installed (make test installs Debian's chromium)"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        yield chromium
        chromium.close()


#: A prose paragraph around the lines a line-rule test checks (tests of the
#: boilerplate rules on prose and on scraped furniture).
BODY = (
    "The harbour authority will build a second container quay on the eastern breakwater, "
    "its board decided on Tuesday after a long debate that lasted most of the day.\n"
)


def flagged(cli, tmp_path, lines: list[str], rule: str) -> list[str]:
    """The texts ``rule`` flags among ``lines`` set between two paragraphs of
    prose under a headline (rules only)."""
    path = tmp_path / "a.txt"
    path.write_text("Headline\n" + BODY + "".join(line + "\n" for line in lines) + BODY)
    result = cli("check", path, "--format", "json", "--no-models")
    findings = result.json()["articles"][0]["findings"]
    return [f["text"] for f in findings if f["rule"] == rule]
