"""``--jobs``: several processes give the same output byte for byte, in input
order; a worker that dies loses nothing but the article that killed it, and
workers die with the main process; the progress line on a terminal.

What SIGTERM leaves (no temporary file, no worker) is in tests/test_termination.py.
"""

from __future__ import annotations

import io
import json
import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import BOILERPLATE_ARTICLE, CLEAN_ARTICLE, REPO, process_alive, wait_for, write

from qualitycheck.cli import progress
from qualitycheck.config.settings import Config
from qualitycheck.errors import OutputError
from qualitycheck.pipeline import executor, inputs
from qualitycheck.pipeline.checker import Checker
from qualitycheck.pipeline.inputs import check_inputs


def write_corpus(path, count: int) -> None:
    """Records that share furniture lines, so cross-article counts matter."""
    with path.open("w", encoding="utf-8") as stream:
        for number in range(count):
            text = (BOILERPLATE_ARTICLE if number % 3 else CLEAN_ARTICLE) + (
                f"Reporting by desk number {number % 5}.\nSign up for our newsletter\n"
            )
            stream.write(json.dumps({"id": f"r{number}", "text": text}) + "\n")
            if number == 7:
                stream.write("{not json\n")


def test_jobs_give_byte_identical_output(cli, tmp_path):
    corpus = tmp_path / "corpus.jsonl"
    write_corpus(corpus, 60)
    outputs = []
    for jobs in ("1", "2"):
        target = tmp_path / f"out{jobs}.jsonl"
        result = cli("check", corpus, "--format", "jsonl", "-o", target, "--jobs", jobs)
        assert result.code == 2  # the broken record is an input error in both runs
        assert "corpus.jsonl:9: invalid JSON" in result.err
        outputs.append(target.read_bytes())
    assert outputs[0] == outputs[1]
    ids = [json.loads(line)["id"] for line in outputs[0].decode().splitlines()]
    assert ids == [f"r{n}" for n in range(60)]
    # The cross-article line counts reached the workers: repeated furniture lines
    # were scored as seen before in both runs (same findings, checked above).
    assert b"Sign up for our newsletter" in outputs[0]


def test_warm_up_loads_without_leaving_run_state():
    """A parallel run warms its checker before forking: the warm-up article's
    lines must not count as seen (the boilerplate model's run memory), so the
    same text checked next gets what a fresh checker gives it."""
    from qualitycheck.pipeline.checker import WARM_UP_TEXT
    from qualitycheck.readers.txt import parse_text

    def result(checker: Checker):
        article = parse_text(WARM_UP_TEXT * 3, "a.txt", "a.txt")
        checker.prepare(article)
        return checker.check(article)

    warmed = Checker(Config())
    warmed.warm_up()
    fresh = result(Checker(Config()))
    again = result(warmed)
    assert again.findings == fresh.findings
    assert (again.mt_probability, again.scores) == (fresh.mt_probability, fresh.scores)
    # Without the fresh start the warm-up's lines would have been seen once more.
    unreset = Checker(Config())
    unreset.warm_up()
    unreset.prepare(parse_text(WARM_UP_TEXT, "b.txt", "b.txt"))
    assert result(unreset).findings != fresh.findings


def test_warm_up_builds_what_the_first_articles_would():
    """What a one-file run builds lazily (langdetect's profiles; the compiled
    tables after the first sentences) is built before a parallel run forks,
    so its workers share it instead of each building its own."""
    from qualitycheck.detect.models.voice_sentence import shipped_sentence_model
    from qualitycheck.detect.signals import language
    from qualitycheck.detect.signals.voice import shipped_model

    checker = Checker(Config())
    checker.warm_up()
    claims = checker.models.claims
    voices = shipped_sentence_model()
    assert claims is not None and voices is not None
    assert language._factory.cache_info().currsize == 1
    assert max(claims._pending, voices._pending, shipped_model()._pending) <= 0
    # Built where the kernels are (None on the pure path), before any article.
    compiled = claims._compiled_rows() is not None
    assert (claims._rows is not None) == compiled
    assert voices._sums is not None and (voices._sums[0] is not None) == compiled
    assert shipped_model()._compiled is not None


def test_parallel_results_keep_input_order_and_errors(tmp_path):
    corpus = tmp_path / "corpus.jsonl"
    write_corpus(corpus, 40)
    checker = Checker(Config())
    sequential = [repr_of(item) for item in check_inputs(checker, [str(corpus)])]
    checker = Checker(Config())
    parallel_run = [repr_of(item) for item in check_inputs(checker, [str(corpus)], jobs=2)]
    assert parallel_run == sequential
    assert sum(1 for item in sequential if item.startswith("error")) == 1


def repr_of(item) -> str:
    if hasattr(item, "findings"):
        return f"{item.article.id} {item.verdict} {[f.as_dict() for f in item.findings]}"
    return f"error {item}"


def test_default_jobs_depend_on_input_size(tmp_path):
    small = tmp_path / "small.txt"
    small.write_text(CLEAN_ARTICLE, encoding="utf-8")
    assert inputs.input_bytes([str(small)], Config()) == small.stat().st_size
    assert inputs.default_jobs(small.stat().st_size) == 1
    assert inputs.default_jobs(inputs.PARALLEL_FROM_BYTES) == executor.available_cores()


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
        assert len(workers) == 2 and all(process_alive(pid) for pid in workers)
        parent.send_signal(signal.SIGKILL)
        parent.wait(timeout=60)
        assert wait_for(lambda: not any(process_alive(pid) for pid in workers), 60), workers
    finally:
        parent.kill()
        for pid in workers:
            if process_alive(pid):
                os.kill(pid, signal.SIGKILL)


# --- the progress line ------------------------------------------------------------------


class FakeTerminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_progress_line_appears_only_after_the_delay_and_is_erased(monkeypatch):
    now = [100.0]
    monkeypatch.setattr(progress.time, "monotonic", lambda: now[0])
    stream = FakeTerminal()
    bar = progress.Progress.for_stream(stream, quiet=False)
    bar.tick()
    assert stream.getvalue() == ""  # a quick run stays silent
    now[0] += progress.DELAY + 1
    bar.tick()
    drawn = stream.getvalue()
    assert drawn.startswith("\r") and "2 articles checked" in drawn and "/s" in drawn
    bar.close()
    assert stream.getvalue().endswith("\r") and stream.getvalue().count("\r") == 3


def test_no_progress_when_quiet_or_not_a_terminal(monkeypatch):
    now = [0.0]
    monkeypatch.setattr(progress.time, "monotonic", lambda: now[0])
    for stream, quiet in ((FakeTerminal(), True), (io.StringIO(), False)):
        bar = progress.Progress.for_stream(stream, quiet=quiet)
        now[0] += 10
        bar.tick()
        bar.close()
        assert stream.getvalue() == ""


def test_progress_never_shares_the_terminal_with_findings_written_there(monkeypatch, tmp_path):
    """Findings streamed to the terminal the progress line is drawn on were
    glued to it: ``(2,123/s, 2 s)big/a.txt:3:1: warning ...``. The line is
    erased before each article printed there (clean articles print nothing, so
    without it a long clean run was silent), and shows with ``-o FILE`` too."""
    import re

    from qualitycheck.cli import main

    for number in range(6):
        write(tmp_path / "in" / f"a{number}.txt", BOILERPLATE_ARTICLE)
    monkeypatch.setattr(progress, "DELAY", 0.0)
    monkeypatch.setattr(progress, "REFRESH", 0.0)
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("GITHUB_ACTIONS", raising=False)
    for output in ([], ["-o", "out.txt"]):
        terminal = FakeTerminal()  # standard output and error: one terminal
        monkeypatch.setattr(sys, "stdout", terminal)
        monkeypatch.setattr(sys, "stderr", terminal)
        assert main(["check", "in", "--no-models", "--format", "concise", *output]) == 1
        shown = terminal.getvalue()
        assert not re.search(r"/s, \d+ s\)[^\r ]", shown), shown
        assert "articles checked (" in shown, shown


def test_clean_jobs_write_and_report_the_same(cli, tmp_path):
    """``clean -j 2`` checks on two processes and writes the copies ``-j 1``
    writes, byte for byte, with the same messages in the same order: a feed
    with a broken record, text, Markdown and HTML files, a file reached twice
    (a link: its copy written under both names), a Parquet-like file clean
    does not rewrite, and a diff that is the same patch."""
    folder = tmp_path / "in"
    folder.mkdir()
    write_corpus(folder / "feed.jsonl", 40)
    write(folder / "a.txt", BOILERPLATE_ARTICLE)
    write(folder / "b.md", "# Harbour\n\n" + BOILERPLATE_ARTICLE)
    write(folder / "c.html", f"<p>{CLEAN_ARTICLE}</p><p>Share This Article</p>")
    write(folder / "d.jsonl.gz", "not rewritten")
    (folder / "e.txt").symlink_to(folder / "a.txt")
    copies, messages, patches = [], [], []
    for jobs in ("1", "2"):
        out = tmp_path / f"out{jobs}"
        result = cli("clean", folder, "-o", out, "--jobs", jobs)
        assert result.code == 2  # the broken record and the compressed file
        copies.append({p.relative_to(out): p.read_bytes() for p in sorted(out.rglob("*"))})
        messages.append(result.err.replace(str(out), "OUT"))
        patch = cli("clean", folder, "--diff", "--jobs", jobs)
        patches.append(patch.out)
    assert copies[0] == copies[1] and messages[0] == messages[1] and patches[0] == patches[1]
    assert sorted(map(str, copies[0])) == ["a.txt", "b.md", "c.html", "e.txt", "feed.jsonl"]
    assert copies[0][Path("e.txt")] == copies[0][Path("a.txt")]
    assert b"Share This Article" not in copies[0][Path("a.txt")]
    feed = copies[0][Path("feed.jsonl")].decode().splitlines()
    assert len(feed) == 40 and "{not json" not in feed  # (a line that is not JSON is left out)
    assert "feed.jsonl:9: invalid JSON" in messages[0]
    assert "d.jsonl.gz: clean does not rewrite compressed files; skipped" in messages[0]
    assert "wrote 5 files to OUT" in messages[0]
    assert "-Share This Article" in patches[0]


def test_clean_jobs_reads_no_further_into_an_input_whose_copy_cannot_be_written(
    tmp_path, monkeypatch
):
    """A JSON Lines copy that cannot be opened stops that input's reading at its
    next record (a 1 GB feed is not checked for nothing); the next input is
    cleaned as usual."""
    from qualitycheck.tools import clean_run

    folder = tmp_path / "in"
    folder.mkdir()
    write_corpus(folder / "a.jsonl", 30)
    write(folder / "b.txt", BOILERPLATE_ARTICLE)
    out = tmp_path / "out"
    read, open_output = clean_run.read_one, clean_run.open_output
    records_read: list[str] = []

    def counted(source, config):
        for article in read(source, config):
            records_read.append(source.path)
            yield article

    def refused(path, *args):  # (a full disk, a quota: found only on opening)
        if path.endswith("a.jsonl"):
            raise OutputError(path, "cannot write: No space left on device")
        return open_output(path, *args)

    monkeypatch.setattr(clean_run, "read_one", counted)
    monkeypatch.setattr(clean_run, "open_output", refused)
    errors: list[str] = []
    checker = Checker(Config(use_models=False))
    summary = clean_run.clean_inputs(
        checker, [str(folder)], out, lambda error: errors.append(str(error)), print
    )
    assert errors == [f"{out / 'a.jsonl'}: cannot write: No space left on device"]
    assert records_read.count(str(folder / "a.jsonl")) <= 1
    assert summary.files == 1 and b"Share This Article" not in (out / "b.txt").read_bytes()
