"""Where reports go: never over an input; a run that breaks (an error or
Ctrl-C) keeps the previous output and leaves no temporary file; a closed pipe
neither passes a failing gate nor stops the other outputs."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import BOILERPLATE_ARTICLE, CLEAN_ARTICLE, REPO, record, tree, write

from qualitycheck.renderers import RENDERERS
from qualitycheck.tools import cleaning


def test_an_output_that_is_an_input_is_refused_and_the_input_kept(cli, tmp_path):
    article = write(tmp_path / "a.txt", BOILERPLATE_ARTICLE)
    result = cli("check", article, "-o", article)
    assert result.code == 2
    assert "is also an input" in result.err and str(article) in result.err
    assert article.read_text(encoding="utf-8") == BOILERPLATE_ARTICLE


def test_the_same_file_by_another_name_or_through_a_link_is_refused(cli, tmp_path):
    folder = tmp_path / "articles"
    article = write(folder / "a.txt", BOILERPLATE_ARTICLE)
    (tmp_path / "link.json").symlink_to(article)
    result = cli("check", folder, "--output-format", f"json={tmp_path / 'link.json'}")
    assert result.code == 2
    assert "is also an input" in result.err
    assert article.read_text(encoding="utf-8") == BOILERPLATE_ARTICLE
    assert (tmp_path / "link.json").is_symlink()


def test_a_jsonl_feed_is_not_overwritten_by_its_own_report(cli, tmp_path):
    feed = write(tmp_path / "feed.jsonl", '{"id": "1", "text": "Headline\\nBody text here."}\n')
    before = feed.read_bytes()
    result = cli("check", feed, "--format", "jsonl", "-o", feed)
    assert result.code == 2
    assert feed.read_bytes() == before


def test_a_baseline_is_not_written_over_an_input(cli, tmp_path):
    article = write(tmp_path / "a.txt", BOILERPLATE_ARTICLE)
    result = cli("check", article, "--write-baseline", article)
    assert result.code == 2
    assert article.read_text(encoding="utf-8") == BOILERPLATE_ARTICLE


def test_an_output_beside_the_inputs_is_fine(cli, tmp_path):
    article = write(tmp_path / "a.txt", CLEAN_ARTICLE)
    result = cli("check", article, "-o", tmp_path / "report.json", "--format", "json")
    assert result.code == 0, result.err


def _break_renderer(monkeypatch, name: str, exception: type[BaseException]) -> None:
    def broken(self, summary):
        self.stream.write("half of the output")
        self.stream.flush()
        raise exception("broken on purpose")

    monkeypatch.setattr(RENDERERS[name], "end", broken)


def _break_clean(monkeypatch, exception: type[BaseException]) -> None:
    class BrokenJson:
        loads = staticmethod(json.loads)

        @staticmethod
        def dumps(value, **options):
            raise exception("broken on purpose")

    monkeypatch.setattr(cleaning, "json", BrokenJson)


@pytest.mark.parametrize(
    ("exception", "code"), [(RuntimeError, 2), (KeyboardInterrupt, 130)], ids=["error", "ctrl-c"]
)
@pytest.mark.parametrize("command", ["check-o", "output-format", "report", "clean"])
def test_a_broken_run_keeps_the_previous_output_and_leaves_no_temporary_file(
    cli, tmp_path, monkeypatch, command, exception, code
):
    inputs = tmp_path / "in"
    # A clean record first (copied as it is), then one whose text clean rewrites.
    write(
        inputs / "feed.jsonl",
        record(id="ok", text=CLEAN_ARTICLE) + "\n" + record(id="bad", text=BOILERPLATE_ARTICLE),
    )
    out = tmp_path / "out"
    target, args = {
        "check-o": (out / "result.json", ["check", inputs, "--format", "json", "-o"]),
        "output-format": (out / "result.sarif", ["check", inputs, "--output-format"]),
        "report": (out / "report.html", ["report", inputs, "-o"]),
        "clean": (out / "feed.jsonl", ["clean", inputs, "--output", out]),
    }[command]
    if command == "output-format":
        args.append(f"sarif={target}")
    elif command != "clean":
        args.append(target)
    write(target, "the previous run's output\n")
    before = tree(out)

    with monkeypatch.context() as patch:
        if command == "clean":
            _break_clean(patch, exception)
        else:
            renderer = {"check-o": "json", "report": "html"}.get(command, "sarif")
            _break_renderer(patch, renderer, exception)
        result = cli(*args)
    assert result.code == code, result.err
    assert tree(out) == before  # the old file untouched, no temporary file left
    assert target.read_text(encoding="utf-8") == "the previous run's output\n"

    assert cli(*args).code in (0, 1)  # a run that finishes replaces it
    assert target.read_text(encoding="utf-8") != "the previous run's output\n"
    assert sorted(p.name for p in out.iterdir()) == [target.name]


def _run_with_closed_stdout(args: list[str], cwd: Path) -> subprocess.CompletedProcess[bytes]:
    """Run the command line with a standard output whose reader is gone."""
    read_end, write_end = os.pipe()
    os.close(read_end)  # like `| head` that already exited
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    env.pop("GITHUB_ACTIONS", None)
    try:
        return subprocess.run(
            [sys.executable, "-m", "qualitycheck", *args],
            stdout=write_end,
            stderr=subprocess.PIPE,
            cwd=cwd,
            env=env,
            check=False,
            timeout=300,
        )
    finally:
        os.close(write_end)


def test_a_closed_pipe_does_not_turn_a_failing_gate_into_a_pass(tmp_path):
    write(tmp_path / "bad.txt", BOILERPLATE_ARTICLE * 3)
    run = _run_with_closed_stdout(["check", "bad.txt", "--no-models"], tmp_path)
    assert run.returncode == 1, run.stderr.decode()
    assert b"Traceback" not in run.stderr


def test_a_closed_pipe_does_not_stop_the_other_outputs(tmp_path):
    write(tmp_path / "bad.txt", BOILERPLATE_ARTICLE * 3)
    run = _run_with_closed_stdout(
        ["check", "bad.txt", "--no-models", "-o", "out.sarif", "--format", "sarif",
         "--output-format", "text=-"],
        tmp_path,
    )
    assert run.returncode == 1, run.stderr.decode()
    assert (tmp_path / "out.sarif").read_text(encoding="utf-8").lstrip().startswith("{")


def test_messages_on_standard_error_escape_control_characters(cli, tmp_path):
    hostile = "\x1b]0;owned\x07\nqualitycheck: 0 articles fail"
    record = json.dumps({"id": hostile, "text": CLEAN_ARTICLE})
    write(tmp_path / "feed.jsonl", f"{record}\n{record}\n")  # duplicate id: a warning
    (tmp_path / "\x1b[2J\nfake.txt").write_bytes(b"\x00binary")  # an input error names it
    result = cli("check", tmp_path, "--no-models")
    assert "duplicate id" in result.err and "binary" in result.err
    assert "\x1b" not in result.err and "\x07" not in result.err
    assert all(line.startswith("qualitycheck: ") for line in result.err.splitlines())
