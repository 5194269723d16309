"""SIGTERM (a CI runner's timeout, ``kill``) ends a run cleanly: exit status
128 + 15 with one message and no traceback, no temporary or half-written
output left, no worker process left running. The handler is installed only
from the main thread, and the command line puts back the one it found.
"""

from __future__ import annotations

import io
import json
import os
import signal
import subprocess
import sys
import threading
import time
from contextlib import suppress
from pathlib import Path

import pytest
from conftest import BOILERPLATE_ARTICLE, CLEAN_ARTICLE, REPO, process_alive, wait_for

import qualitycheck
from qualitycheck.cli.messages import say
from qualitycheck.cli.progress import Progress
from qualitycheck.primitives import termination

#: Where this process's qualitycheck comes from: the children run the same one.
IMPORTED_FROM = str(Path(qualitycheck.__file__).resolve().parents[1])

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


@pytest.mark.parametrize(
    ("signum", "message"),
    [(signal.SIGTERM, "qualitycheck: terminated"), (signal.SIGHUP, "qualitycheck: hung up")],
    ids=["SIGTERM", "SIGHUP"],  # SIGHUP: the terminal or SSH session of the run went away
)
@pytest.mark.parametrize("jobs", ["1", "2"])
def test_sigterm_leaves_no_temporary_file_and_no_worker(tmp_path, jobs, signum, message):
    feed = _feed(tmp_path / "in" / "feed.jsonl", 20_000)
    out = tmp_path / "out"
    out.mkdir()
    target = out / "result.json"
    options = ("--format", "json", "-o", str(target), "--jobs", jobs)
    process = subprocess.Popen(
        [sys.executable, "-X", "faulthandler", "-c", _TERMINATED_RUN, "check", str(feed), *options],
        env={**os.environ, "PYTHONPATH": str(REPO)},
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        # The run is under way once its temporary output file exists.
        assert wait_for(lambda: any(out.iterdir())), "the run never opened its output"
        workers = int(jobs) if jobs != "1" else 0
        assert wait_for(lambda: len(_children(process.pid)) >= workers)
        children = _children(process.pid)
        process.send_signal(signum)
        try:
            _, err = process.communicate(timeout=120)
        except subprocess.TimeoutExpired:
            process.send_signal(signal.SIGABRT)  # faulthandler prints every thread's stack
            _, err = process.communicate(timeout=30)
            pytest.fail(f"the run did not end after SIGTERM:\n{err[-6000:]}")
    finally:
        process.kill()
    assert process.returncode == 128 + signum, err
    assert message in err and "Traceback" not in err
    assert list(out.iterdir()) == []
    assert wait_for(lambda: not any(process_alive(pid) for pid in children)), children


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


#: Runs the CLI as the console script does, with Python's own Ctrl-C handler
#: (a job a non-interactive shell started with ``&`` inherits SIGINT ignored).
_CTRL_C_RUN = """
import signal
signal.signal(signal.SIGINT, signal.default_int_handler)
from qualitycheck.cli import main
raise SystemExit(main())
"""


def test_a_second_ctrl_c_during_the_cleanup_changes_nothing(tmp_path):
    """Ctrl-C reaches the whole process group, and a second one soon after the
    first (an impatient user) raised inside the cleanup the first started: an
    "Exception ignored ... Bad file descriptor" trace of the pool's manager
    thread, a temporary output left beside the target, "interrupted" twice,
    a worker's trace, or death by SIGINT. Several runs: where the second one
    lands varies."""
    folder = tmp_path / "in"
    _feed(folder / "feed.jsonl", 20_000)
    for attempt in range(4):
        out = tmp_path / f"out{attempt}"
        out.mkdir()
        code, err = _interrupted_twice(folder, out)
        assert (code, err) == (130, "qualitycheck: interrupted\n"), attempt
        assert list(out.iterdir()) == []


def _interrupted_twice(folder: Path, out: Path) -> tuple[int, str]:
    """Exit code and standard error of ``check folder --jobs 2 -o out/...`` sent
    Ctrl-C twice, 10 ms apart, once it runs (its workers must be gone after)."""
    options = ("--format", "json", "-o", str(out / "result.json"), "--jobs", "2")
    process = subprocess.Popen(
        [sys.executable, "-X", "faulthandler", "-c", _CTRL_C_RUN, "check", str(folder), *options],
        env={**os.environ, "PYTHONPATH": IMPORTED_FROM},
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,  # a process group of its own, as a terminal's job
    )
    try:
        assert wait_for(lambda: any(out.iterdir())), "the run never opened its output"
        assert wait_for(lambda: len(_children(process.pid)) >= 2)
        children = _children(process.pid)
        for _ in range(2):
            with suppress(ProcessLookupError):  # (ended already)
                os.killpg(process.pid, signal.SIGINT)
            time.sleep(0.01)
        try:
            _, err = process.communicate(timeout=120)
        except subprocess.TimeoutExpired:
            process.send_signal(signal.SIGABRT)  # faulthandler prints every thread's stack
            _, err = process.communicate(timeout=30)
            pytest.fail(f"the run did not end after Ctrl-C:\n{err[-6000:]}")
    finally:
        process.kill()
    assert wait_for(lambda: not any(process_alive(pid) for pid in children)), children
    return process.returncode, err


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


@pytest.mark.parametrize("ends_process", [False, True])
def test_after_ctrl_c_the_handler_is_back_unless_the_process_ends(ends_process):
    """A second Ctrl-C is ignored from the first on; a host program that runs
    the command line gets Python's handler back, while the command line that
    is the program keeps ignoring it through the interpreter's exit."""
    # (a background job of a shell without job control starts with Ctrl-C
    # ignored, and Python keeps that: set Python's handler for the test)
    inherited = signal.signal(signal.SIGINT, signal.default_int_handler)
    try:
        with (
            pytest.raises(KeyboardInterrupt),
            termination.termination_handled(ends_process=ends_process),
        ):
            signal.raise_signal(signal.SIGINT)
        expected = signal.SIG_IGN if ends_process else signal.default_int_handler
        assert signal.getsignal(signal.SIGINT) is expected
    finally:
        signal.signal(signal.SIGINT, inherited)


def test_a_hangup_that_nohup_ignores_stays_ignored():
    """``nohup qualitycheck check ...`` must outlive its terminal: SIGHUP is
    handled like SIGTERM only where it would otherwise end the process."""
    previous = signal.signal(signal.SIGHUP, signal.SIG_IGN)
    try:
        with termination.termination_handled():
            assert signal.getsignal(signal.SIGHUP) is signal.SIG_IGN
            termination.restore_default_termination()  # as a worker does
            assert signal.getsignal(signal.SIGHUP) is signal.SIG_IGN
        assert signal.getsignal(signal.SIGHUP) is signal.SIG_IGN
    finally:
        signal.signal(signal.SIGHUP, previous)


def test_the_message_does_not_share_a_line_with_the_progress_line(monkeypatch):
    """On a terminal, SIGTERM wrote ``qualitycheck: terminated`` right after
    the progress line (``... (645/s, 5 s)qualitycheck: terminated``)."""
    written: list[bytes] = []
    monkeypatch.setattr(os, "write", lambda fd, data: written.append(data) or len(data))
    terminal = io.StringIO()
    progress = Progress(terminal, enabled=True)
    line = "qualitycheck: 3,025 articles checked (645/s, 5 s)"
    progress._draw(line)
    try:
        with pytest.raises(SystemExit):
            termination._terminate(signal.SIGTERM, None)
    finally:
        progress.close()
    assert b"".join(written) == b"\r" + b" " * len(line) + b"\rqualitycheck: terminated\n"
    written.clear()
    with pytest.raises(SystemExit):  # no line on the screen: the message alone
        termination._terminate(signal.SIGTERM, None)
    assert written == [b"qualitycheck: terminated\n"]


def test_a_message_after_ctrl_c_erases_the_progress_line_first(capsys):
    """Ctrl-C (or an error) with the progress line on the terminal printed
    ``... (1,034/s, 4 s)^Cqualitycheck: interrupted`` on one line."""
    terminal = io.StringIO()
    progress = Progress(terminal, enabled=True)
    line = "qualitycheck: 4,417 articles checked (1,034/s, 4 s)"
    progress._draw(line)
    say("interrupted")
    assert capsys.readouterr().err == "\r" + " " * len(line) + "\rqualitycheck: interrupted\n"
    say("interrupted")  # erased once: the next message is a line of its own
    assert capsys.readouterr().err == "qualitycheck: interrupted\n"
    progress.close()


#: Ctrl-C at a chosen moment of the start: the SIGINT is sent when
#: ``sys.argv[1]`` is imported, then the command line runs as
#: ``python -m qualitycheck`` runs it. Python's own Ctrl-C handler first, as a
#: terminal gives it: a job a non-interactive shell started with ``&`` (a CI
#: runner's script can) inherits SIGINT ignored, and the signal did nothing.
_INTERRUPTED_START = """
import os, signal, sys
signal.signal(signal.SIGINT, signal.default_int_handler)
class Interrupt:
    def find_spec(self, name, path=None, target=None):
        if name == sys.argv[1]:
            os.kill(os.getpid(), signal.SIGINT)
        return None
sys.meta_path.insert(0, Interrupt())
from qualitycheck.cli import main
raise SystemExit(main(sys.argv[2:]))
"""


@pytest.mark.parametrize(
    "module",
    ["qualitycheck.cli.parsers", "qualitycheck.renderers.json"],
)
def test_ctrl_c_while_the_command_starts_is_one_line_and_exit_130(tmp_path, module):
    # The imports take a few tenths of a second; Ctrl-C then was a traceback
    # of whichever import it hit, exit status -2 (killed by SIGINT).
    (tmp_path / "a.txt").write_text(CLEAN_ARTICLE, encoding="utf-8")
    run = subprocess.run(
        [sys.executable, "-c", _INTERRUPTED_START, module, "check", "a.txt", "--format", "json"],
        env={**os.environ, "PYTHONPATH": IMPORTED_FROM},
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=False,
        timeout=300,
    )
    assert (run.returncode, run.stderr, run.stdout) == (130, "qualitycheck: interrupted\n", "")


def test_importing_the_command_line_imports_next_to_nothing():
    # What runs before main()'s guard against Ctrl-C: the package root, its
    # version and the exit codes, and nothing heavier (typing took 40 ms).
    code = (
        "import sys; before = set(sys.modules); import qualitycheck.cli; "
        "print(sorted(set(sys.modules) - before))"
    )
    run = subprocess.run(
        [sys.executable, "-c", code],
        env={**os.environ, "PYTHONPATH": IMPORTED_FROM},
        capture_output=True,
        text=True,
        check=True,
    )
    loaded = set(json.loads(run.stdout.replace("'", '"')))
    assert loaded <= {
        "__future__",
        "qualitycheck",
        "qualitycheck.version",
        "qualitycheck.cli",
        "qualitycheck.cli.exit_codes",
    }
