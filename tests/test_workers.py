"""``--jobs``: a worker that dies loses nothing but what killed it, and workers
die with the main process (issue 13, items 4 and 15)."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from conftest import BOILERPLATE_ARTICLE, CLEAN_ARTICLE, REPO

from qualitycheck.pipeline import executor
from qualitycheck.pipeline.checker import Checker
from qualitycheck.primitives import termination


def _wait_for(condition, seconds: float = 120.0) -> bool:
    """Poll ``condition`` until it holds; ``seconds`` only guards against a hang."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.05)
    return condition()


def _alive(pid: int) -> bool:
    """Running, and not a zombie waiting to be reaped (Linux ``/proc``)."""
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


# --- a worker that dies ----------------------------------------------------------------


def _square_or_die(marker_dir: str, item: int) -> int:
    """Kill this worker on items 13 (always) and 40 (the first time only)."""
    if item == 13:
        os.kill(os.getpid(), signal.SIGKILL)
    marker = Path(marker_dir) / "killed-once"
    if item == 40 and not marker.exists():
        marker.touch()
        os.kill(os.getpid(), signal.SIGKILL)
    return item * item


def _lost(item: int, reason: str) -> str:
    return f"lost {item}: {reason}"


@pytest.mark.parametrize("jobs", [2, 3])
def test_a_dead_worker_loses_only_the_item_that_kills_it(tmp_path, jobs):
    results = list(
        executor.ordered_map(
            _square_or_die, str(tmp_path), range(100), jobs, on_lost=_lost, chunk=4
        )
    )
    expected: list[object] = [n * n for n in range(100)]
    expected[13] = f"lost 13: {executor.LOST}"
    assert results == expected  # item 40 was retried: its worker was killed once
    assert (tmp_path / "killed-once").exists()


def test_a_worker_killed_from_outside_is_retried(cli, tmp_path, monkeypatch):
    feed = tmp_path / "feed.jsonl"
    with feed.open("w", encoding="utf-8") as stream:
        for number in range(80):
            text = BOILERPLATE_ARTICLE if number % 2 else CLEAN_ARTICLE
            stream.write(json.dumps({"id": f"r{number}", "text": text}) + "\n")
    marker = tmp_path / "killed"
    check = Checker.check

    def check_or_die(self, article):
        if article.id == "doomed" or (article.id == "r33" and not marker.exists()):
            marker.touch()
            os.kill(os.getpid(), signal.SIGKILL)  # as the out-of-memory killer would
        return check(self, article)

    one_core = cli("check", feed, "--format", "json", "--jobs", "1")
    monkeypatch.setattr(Checker, "check", check_or_die)
    result = cli("check", feed, "--format", "json", "--jobs", "2")
    assert result.code == one_core.code == 1, result.err
    assert marker.exists()  # r33's worker did die, and r33 was checked again
    assert result.out == one_core.out

    with feed.open("a", encoding="utf-8") as stream:
        stream.write(json.dumps({"id": "doomed", "text": CLEAN_ARTICLE}) + "\n")
        stream.write(json.dumps({"id": "after", "text": CLEAN_ARTICLE}) + "\n")
    result = cli("check", feed, "--format", "json", "--jobs", "2")
    assert result.code == 2, result.err
    document = result.json()
    ids = [article["id"] for article in document["articles"]]
    assert ids == [f"r{n}" for n in range(80)] + ["after"]
    assert document["summary"]["input_errors"] == [
        {
            "path": str(feed),
            "line": 81,
            "message": "the worker process died while checking it (killed or out of memory)",
        }
    ]
    assert f"{feed}:81: the worker process died" in result.err
    assert "internal error" not in result.err and "Traceback" not in result.err


# --- workers die with the main process -------------------------------------------------

#: A main process that keeps two workers busy, prints their process ids, then
#: waits to be killed.
_PARENT = """
import os, sys, time
from qualitycheck.pipeline.executor import ordered_map

def slow(state, item):
    time.sleep(0.02)
    return os.getpid()

workers = set()
for pid in ordered_map(slow, None, range(100_000), 2, on_lost=lambda item, why: None, chunk=1):
    workers.add(pid)
    if len(workers) == 2:
        print(*sorted(workers), flush=True)
        time.sleep(3600)
"""


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="reads /proc")
def test_workers_die_when_the_main_process_is_killed(tmp_path):
    parent = subprocess.Popen(
        [sys.executable, "-c", _PARENT],
        stdout=subprocess.PIPE,
        text=True,
        env={**os.environ, "PYTHONPATH": str(REPO)},
    )
    workers: list[int] = []
    try:
        assert parent.stdout is not None
        workers = [int(pid) for pid in parent.stdout.readline().split()]
        assert len(workers) == 2 and all(_alive(pid) for pid in workers)
        parent.send_signal(signal.SIGKILL)
        parent.wait(timeout=60)
        assert _wait_for(lambda: not any(_alive(pid) for pid in workers), 60), workers
    finally:
        parent.kill()
        for pid in workers:
            if _alive(pid):
                os.kill(pid, signal.SIGKILL)


# --- SIGTERM: no temporary file, no worker left ---------------------------------------

#: Runs the CLI as the console script does (``main`` installs the handler).
_TERMINATED_RUN = """
import sys
from qualitycheck.cli import main
raise SystemExit(main(sys.argv[1:]))
"""


def _feed(path: Path, records: int) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8") as stream:
        for number in range(records):
            text = BOILERPLATE_ARTICLE if number % 2 else CLEAN_ARTICLE
            stream.write(json.dumps({"id": f"r{number}", "text": text}) + "\n")
    return path


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_sigterm_leaves_no_temporary_file_and_no_worker(tmp_path, jobs):
    feed = _feed(tmp_path / "in" / "feed.jsonl", 20_000)
    out = tmp_path / "out"
    out.mkdir()
    target = out / "result.json"
    options = ("--format", "json", "-o", str(target), "--jobs", jobs)
    process = subprocess.Popen(
        [sys.executable, "-c", _TERMINATED_RUN, "check", str(feed), *options],
        env={**os.environ, "PYTHONPATH": str(REPO)},
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        # The run is under way once its temporary output file exists.
        assert _wait_for(lambda: any(out.iterdir())), "the run never opened its output"
        workers = int(jobs) if jobs != "1" else 0
        assert _wait_for(lambda: len(_children(process.pid)) >= workers)
        children = _children(process.pid)
        process.send_signal(signal.SIGTERM)
        _, err = process.communicate(timeout=120)
    finally:
        process.kill()
    assert process.returncode == 128 + signal.SIGTERM, err
    assert "qualitycheck: terminated" in err and "Traceback" not in err
    assert list(out.iterdir()) == []
    assert _wait_for(lambda: not any(_alive(pid) for pid in children)), children


def _children(pid: int) -> list[int]:
    """Process ids whose parent is ``pid`` (Linux ``/proc``)."""
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == pid:
                found.append(int(entry.name))
    return found


def test_the_handler_is_installed_only_from_the_main_thread():
    before = signal.getsignal(signal.SIGTERM)
    errors: list[BaseException] = []

    def install() -> None:
        try:
            with termination.termination_handled():
                pass
        except BaseException as error:  # signal.signal raises ValueError off the main thread
            errors.append(error)

    worker = threading.Thread(target=install)
    worker.start()
    worker.join()
    assert errors == [] and signal.getsignal(signal.SIGTERM) is before


def test_the_command_line_puts_back_the_handler_it_found(cli, tmp_path):
    def host_handler(signum, frame) -> None:
        return None

    previous = signal.signal(signal.SIGTERM, host_handler)
    try:
        (tmp_path / "a.txt").write_text(CLEAN_ARTICLE, encoding="utf-8")
        assert cli("check", tmp_path / "a.txt", "--no-models").code == 0
        assert signal.getsignal(signal.SIGTERM) is host_handler
    finally:
        signal.signal(signal.SIGTERM, previous)

