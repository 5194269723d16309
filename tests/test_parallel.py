"""``--jobs``: several processes, the same output byte for byte, in input order;
the progress line on a terminal."""

from __future__ import annotations

import io
import json

from conftest import BOILERPLATE_ARTICLE, CLEAN_ARTICLE

from qualitycheck.cli import progress
from qualitycheck.config.settings import Config
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
