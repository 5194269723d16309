"""Where reports go: never over an input. A named pipe, a device, ``/dev/null``
or ``/dev/stdout`` at the target is written into, not renamed over; a symbolic
link keeps pointing at its replaced target; an existing file keeps its
permission bits. A run that breaks (an error or Ctrl-C) keeps the previous
output and leaves no temporary file; a closed pipe neither passes a failing
gate nor stops the other outputs."""

from __future__ import annotations

import bz2
import gzip
import json
import lzma
import os
import stat
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from conftest import (
    BOILERPLATE_ARTICLE,
    CLEAN_ARTICLE,
    REPO,
    record,
    run_child,
    run_with_closed,
    tree,
    write,
)

from qualitycheck.primitives import output
from qualitycheck.renderers import RENDERERS
from qualitycheck.tools import clean_jsonl

# --- never over an input ------------------------------------------------------------


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


def test_an_output_that_names_a_folder_is_refused_before_the_check(cli, tmp_path, monkeypatch):
    """An existing folder failed only after the whole check; ``-o new/`` wrote
    a file named ``new``."""
    from qualitycheck.pipeline import checker

    article = write(tmp_path / "a.txt", BOILERPLATE_ARTICLE)
    (tmp_path / "reports").mkdir()
    monkeypatch.setattr(checker.Checker, "__init__", lambda *a, **k: pytest.fail("checked"))
    for target, said in [
        (tmp_path / "reports", "is a folder"),
        (f"{tmp_path / 'new'}/", "names a folder"),
    ]:
        for command in (["report"], ["check", "--format", "json"], ["check", "--write-baseline"]):
            arguments = (
                [*command, "-o", target]
                if "--write-baseline" not in command
                else [*command, target]
            )
            result = cli(*arguments, article)
            assert result.code == 2, (command, result.err)
            assert said in result.err and "name the file to write" in result.err
    assert not (tmp_path / "new").exists()


def test_a_jsonl_feed_is_not_overwritten_by_its_own_report(cli, tmp_path):
    feed = write(tmp_path / "feed.jsonl", '{"id": "1", "text": "Headline\\nBody text here."}\n')
    before = feed.read_bytes()
    result = cli("check", feed, "--format", "jsonl", "-o", feed)
    assert result.code == 2
    assert feed.read_bytes() == before


def test_an_output_that_is_no_regular_file_costs_no_walk_of_the_inputs(tmp_path, monkeypatch):
    """``-o /dev/null`` (a device, a pipe, a terminal) replaces nothing, so
    the inputs are not listed a second time to compare them with it."""
    from qualitycheck.cli import check
    from qualitycheck.config.settings import Config
    from qualitycheck.errors import QualitycheckError
    from qualitycheck.readers import discovery

    article = write(tmp_path / "a.txt", BOILERPLATE_ARTICLE)
    walks: list[list[str]] = []
    listed = discovery.discover

    def counted(paths, *args, **kwargs):
        walks.append(paths)
        return listed(paths, *args, **kwargs)

    monkeypatch.setattr(discovery, "discover", counted)
    check.refuse_overwriting_inputs(
        [os.devnull, str(tmp_path / "new.json")], [str(article)], Config()
    )
    assert walks == []
    with pytest.raises(QualitycheckError, match="is also an input"):
        check.refuse_overwriting_inputs([os.devnull, str(article)], [str(article)], Config())
    assert walks == [[str(article)]]


def test_a_baseline_is_not_written_over_an_input(cli, tmp_path):
    article = write(tmp_path / "a.txt", BOILERPLATE_ARTICLE)
    result = cli("check", article, "--write-baseline", article)
    assert result.code == 2
    assert article.read_text(encoding="utf-8") == BOILERPLATE_ARTICLE


def test_an_output_beside_the_inputs_is_fine(cli, tmp_path):
    article = write(tmp_path / "a.txt", CLEAN_ARTICLE)
    result = cli("check", article, "-o", tmp_path / "report.json", "--format", "json")
    assert result.code == 0, result.err


# --- special files, links and permissions at the target ---------------------------------


def _article(tmp_path: Path) -> Path:
    path = tmp_path / "in" / "article.txt"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(BOILERPLATE_ARTICLE, encoding="utf-8")
    return path


def test_a_named_pipe_at_the_target_is_written_into_and_stays_a_pipe(cli, tmp_path):
    article = _article(tmp_path)
    pipe = tmp_path / "out" / "report.json"
    pipe.parent.mkdir()
    os.mkfifo(pipe)
    received: list[bytes] = []
    reader = threading.Thread(target=lambda: received.append(pipe.read_bytes()), daemon=True)
    reader.start()
    result = cli("check", article, "--format", "json", "-o", pipe)
    reader.join(timeout=60)
    assert result.code == 1, result.err
    assert stat.S_ISFIFO(pipe.lstat().st_mode)
    assert json.loads(received[0])["articles"][0]["path"] == str(article)
    assert sorted(p.name for p in pipe.parent.iterdir()) == ["report.json"]


@pytest.mark.skipif(os.geteuid() != 0, reason="creating a device node needs root")
def test_a_device_at_the_target_is_written_into_and_stays_a_device(cli, tmp_path):
    article = _article(tmp_path)
    device = tmp_path / "null"
    os.mknod(device, 0o666 | stat.S_IFCHR, os.makedev(1, 3))  # a null device of our own
    result = cli("check", article, "--format", "sarif", "-o", device)
    assert result.code == 1, result.err
    assert stat.S_ISCHR(device.lstat().st_mode)
    assert os.major(device.lstat().st_rdev) == 1
    assert sorted(p.name for p in tmp_path.iterdir()) == ["in", "null"]


def test_dev_null_and_descriptor_names_are_written_directly(cli, tmp_path):
    # Checked first, so that a version which would rename over /dev/null fails
    # here without ever being given the system's /dev/null.
    for name in ("/dev/null", "/dev/stdout", "/dev/stderr", "/dev/fd/1", "/proc/self/fd/2"):
        assert output.writes_directly(name), name
    assert not output.writes_directly(str(tmp_path / "new.json"))
    article = _article(tmp_path)
    before = os.stat("/dev/null")
    result = cli("check", article, "--format", "json", "-o", "/dev/null")
    assert result.code == 1, result.err
    after = os.stat("/dev/null")
    assert stat.S_ISCHR(after.st_mode) and after.st_rdev == before.st_rdev
    assert after.st_ino == before.st_ino


_JSON_TO_STDOUT = ("--format", "json", "-o", "/dev/stdout")


def test_dev_stdout_appends_to_the_file_the_shell_opened(tmp_path):
    # As above: a version that would rename over /dev/stdout (run as root, it
    # replaced the link with a plain file) fails here before it is run.
    assert output.writes_directly("/dev/stdout")
    article = _article(tmp_path)
    target = tmp_path / "out.log"
    with target.open("w") as stdout:
        stdout.write("before\n")
        stdout.flush()
        completed = subprocess.run(
            [sys.executable, "-m", "qualitycheck", "check", str(article), *_JSON_TO_STDOUT],
            stdout=stdout,
            stderr=subprocess.PIPE,
            env={**os.environ, "PYTHONPATH": str(REPO)},
            timeout=300,
            check=False,
        )
    assert completed.returncode == 1, completed.stderr
    text = target.read_text(encoding="utf-8")
    assert text.startswith("before\n{")
    json.loads(text.removeprefix("before\n"))


def test_a_symbolic_link_keeps_pointing_at_its_replaced_target(cli, tmp_path):
    article = _article(tmp_path)
    real = tmp_path / "reports" / "latest.json"
    real.parent.mkdir()
    real.write_text("old\n", encoding="utf-8")
    link = tmp_path / "report.json"
    link.symlink_to(real)
    result = cli("check", article, "--format", "json", "-o", link)
    assert result.code == 1, result.err
    assert link.is_symlink() and os.readlink(link) == str(real)
    assert json.loads(real.read_text(encoding="utf-8"))["articles"]
    assert sorted(p.name for p in real.parent.iterdir()) == ["latest.json"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["in", "report.json", "reports"]


def test_a_dangling_link_creates_its_target(cli, tmp_path):
    article = _article(tmp_path)
    link = tmp_path / "report.json"
    link.symlink_to(tmp_path / "made" / "here.json")
    assert cli("check", article, "--format", "json", "-o", link).code == 1
    assert link.is_symlink()
    assert json.loads((tmp_path / "made" / "here.json").read_text(encoding="utf-8"))


def test_an_existing_file_keeps_its_permission_bits(cli, tmp_path):
    article = _article(tmp_path)
    private = tmp_path / "private.json"
    private.write_text("old\n", encoding="utf-8")
    private.chmod(0o640)
    assert cli("check", article, "--format", "json", "-o", private).code == 1
    assert stat.S_IMODE(private.stat().st_mode) == 0o640
    fresh = tmp_path / "fresh.json"
    assert cli("check", article, "--format", "json", "-o", fresh).code == 1
    umask = os.umask(0)
    os.umask(umask)
    assert stat.S_IMODE(fresh.stat().st_mode) == 0o666 & ~umask


def test_a_target_that_cannot_be_written_is_a_clear_error(cli, tmp_path):
    article = _article(tmp_path)
    plain = write(tmp_path / "plain-file", "not a folder\n")
    target = plain / "out.json"  # a folder is refused before the check (above)
    result = cli("check", article, "--format", "json", "-o", target)
    assert result.code == 2
    assert result.err.strip().splitlines()[-1] == (
        f"qualitycheck: error: {target}: cannot write: {plain} is a file, not a folder"
    )
    assert plain.read_text(encoding="utf-8") == "not a folder\n" and "Traceback" not in result.err


needs_dev_full = pytest.mark.skipif(not os.path.exists("/dev/full"), reason="no /dev/full here")


@needs_dev_full
@pytest.mark.parametrize(
    "command",
    [
        ["rules", "list"],
        ["rules", "show", "boilerplate-share"],
        ["rules", "test"],
        ["evaluate", "--task", "claims", "labeled.jsonl", "--no-models"],
        ["clean", "--diff", "in", "--no-models"],
        ["check", "in", "--no-models"],
    ],
    ids=["rules-list", "rules-show", "rules-test", "evaluate", "clean-diff", "check"],
)
def test_a_full_standard_output_is_one_line_for_every_command(tmp_path, command):
    # `rules list`, `rules test`, `evaluate` > /dev/full printed a traceback
    # ("internal error"); `clean --diff` blamed every input ("cannot read: No
    # space left on device") and exit 0 could follow.
    for number in range(3):
        write(tmp_path / "in" / f"a{number}.txt", BOILERPLATE_ARTICLE)
    write(
        tmp_path / "labeled.jsonl", json.dumps({"text": "Plan a is doomed.", "unsupported": True})
    )
    with open("/dev/full", "wb") as full:
        run = subprocess.run(
            [sys.executable, "-m", "qualitycheck", *command],
            stdout=full,
            stderr=subprocess.PIPE,
            cwd=tmp_path,
            env={**os.environ, "PYTHONPATH": str(REPO)},
            text=True,
            check=False,
            timeout=300,
        )
    assert run.returncode == 2
    errors = [line for line in run.stderr.splitlines() if "error" in line]
    assert errors == ["qualitycheck: error: standard output: cannot write: No space left on device"]


@needs_dev_full
def test_an_output_not_written_leaves_no_folder_it_created(cli, tmp_path):
    # `-o reports/2026/r.json` created reports/2026/ when the run began; a run
    # that then failed (or was stopped) left the empty folders behind.
    article = _article(tmp_path)
    (tmp_path / "kept").mkdir()
    for target in ("reports/2026/r.json", "kept/new/r.json"):
        result = cli("check", article, "--format", "json", "-o", target,
                     "--output-format", "sarif=/dev/full")  # fmt: skip
        assert result.code == 2, result.err
    assert not (tmp_path / "reports").exists()
    assert list((tmp_path / "kept").iterdir()) == []  # a folder it found stays
    # Written, they stay of course.
    assert cli("check", article, "--format", "json", "-o", "reports/2026/r.json").code == 1
    assert (tmp_path / "reports" / "2026" / "r.json").is_file()


@needs_dev_full
def test_a_full_disk_is_a_clear_error_and_no_output_is_renamed_into_place(cli, tmp_path):
    # /dev/full fails every write with ENOSPC, as a full disk does.
    article = _article(tmp_path)
    other = tmp_path / "other.json"
    for args in (
        ("-o", "/dev/full"),
        ("--format", "concise", "--output-format", "json=/dev/full"),
        ("--format", "parquet", "-o", "/dev/full"),  # written through the binary buffer
        ("--format", "json", "-o", "/dev/full", "--output-format", f"sarif={other}"),
    ):
        result = cli("check", article, *args)
        assert result.code == 2, args
        assert result.err.splitlines()[-1] == (
            "qualitycheck: error: /dev/full: cannot write: No space left on device"
        ), result.err
        assert "Traceback" not in result.err
    # The run did not finish, so the other file is not put in place half-made.
    assert not other.exists()
    assert [p.name for p in tmp_path.iterdir() if p.name.endswith(".tmp")] == []
    # A compressed output holds its data until its end: that end is written
    # before any output is renamed (the SARIF was in place, then the gzip failed).
    full = tmp_path / "full.jsonl.gz"
    full.symlink_to("/dev/full")
    result = cli(
        "check", article, "--format", "jsonl", "-o", full, "--output-format", f"sarif={other}"
    )
    assert result.code == 2 and result.err.splitlines()[-1] == (
        f"qualitycheck: error: {full}: cannot write: No space left on device"
    ), result.err
    assert not other.exists()


@needs_dev_full
def test_standard_output_on_a_full_disk_is_a_clear_error(tmp_path):
    article = _article(tmp_path)
    with open("/dev/full", "w") as full:
        completed = run_child("check", article, stdout=full)
    assert completed.returncode == 2
    assert completed.stderr.decode().splitlines() == [
        "qualitycheck: error: standard output: cannot write: No space left on device"
    ]


# --- a run that breaks ---------------------------------------------------------------


def _break_renderer(monkeypatch, name: str, exception: type[BaseException]) -> None:
    def broken(self, summary):
        self.stream.write("half of the output")
        self.stream.flush()
        raise exception("broken on purpose")

    monkeypatch.setattr(RENDERERS[name], "end", broken)


def _break_clean(monkeypatch, exception: type[BaseException]) -> None:
    def broken(line: str, field: str, text: str) -> str:
        raise exception("broken on purpose")

    monkeypatch.setattr(clean_jsonl, "spliced", broken)


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


# --- a closed pipe -------------------------------------------------------------------


#: Where this process's qualitycheck comes from: the children run the same one.
IMPORTED_FROM = str(Path(output.__file__).resolve().parents[2])


def _run_with_closed_stdout(args: list[str], cwd: Path) -> subprocess.CompletedProcess[bytes]:
    """Run the command line with a standard output whose reader is gone."""
    read_end, write_end = os.pipe()
    os.close(read_end)  # like `| head` that already exited
    env = {**os.environ, "PYTHONPATH": IMPORTED_FROM}
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
        [
            "check",
            "bad.txt",
            "--no-models",
            "-o",
            "out.sarif",
            "--format",
            "sarif",
            "--output-format",
            "text=-",
        ],
        tmp_path,
    )
    assert run.returncode == 1, run.stderr.decode()
    assert (tmp_path / "out.sarif").read_text(encoding="utf-8").lstrip().startswith("{")


@pytest.mark.skipif(not os.path.exists("/dev/stdout"), reason="no /dev/stdout here")
def test_dev_stdout_into_a_closed_pipe_is_standard_output_too(tmp_path):
    # `--output-format json=/dev/stdout` stopped at the closed pipe: exit 2
    # instead of the gate's 1, and the SARIF file was never written.
    write(tmp_path / "bad.txt", BOILERPLATE_ARTICLE * 3)
    run = _run_with_closed_stdout(
        ["check", "bad.txt", "--no-models", "--format", "sarif", "-o", "out.sarif",
         "--output-format", "json=/dev/stdout"],
        tmp_path,
    )  # fmt: skip
    assert run.returncode == 1, run.stderr.decode()
    assert b"Traceback" not in run.stderr
    assert (tmp_path / "out.sarif").read_text(encoding="utf-8").lstrip().startswith("{")


@pytest.mark.skipif(not os.path.exists("/dev/stdout"), reason="no /dev/stdout here")
@pytest.mark.parametrize("reader", ["gone before", "leaves after 10 bytes", "reads it all"])
@pytest.mark.parametrize(
    ("command", "code"),
    [
        (("check", "feed.jsonl", "--no-models", "--format", "json"), 1),
        (("report", "feed.jsonl", "--no-models"), 0),
        (("report", "--from-results", "results"), 0),
    ],
    ids=["check", "report", "report-from-results"],
)
def test_no_wrote_line_claims_standard_output_its_reader_left(tmp_path, command, code, reader):
    # `check --format json -o /dev/stdout | head -c 10` said "wrote /dev/stdout"
    # after head had left; a report, one large write, did not even notice; and
    # from results it stopped with exit 2 (`-o -`: exit 0 and "wrote -").
    with (tmp_path / "feed.jsonl").open("w", encoding="utf-8") as feed:
        for number in range(1000):  # over 1 MiB of output: more than a pipe holds
            text = BOILERPLATE_ARTICLE if number % 2 else CLEAN_ARTICLE
            feed.write(json.dumps({"id": f"r{number}", "text": text}) + "\n")
    if "--from-results" in command:
        results = (
            "check",
            "feed.jsonl",
            "--no-models",
            "--format",
            "jsonl",
            "-o",
            "results/p.jsonl",
        )
        made = subprocess.run(
            [sys.executable, "-m", "qualitycheck", *results],
            cwd=tmp_path,
            env={**os.environ, "PYTHONPATH": IMPORTED_FROM},
            capture_output=True,
            check=False,
            timeout=300,
        )
        assert made.returncode == 1, made.stderr  # (the boilerplate articles fail)
    args = [*command, "-q", "-o", "/dev/stdout"]
    if reader == "gone before":
        run = _run_with_closed_stdout(args, tmp_path)
        returncode, err = run.returncode, run.stderr.decode()
    else:
        process = subprocess.Popen(
            [sys.executable, "-m", "qualitycheck", *args],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            cwd=tmp_path,
            env={**os.environ, "PYTHONPATH": IMPORTED_FROM},
        )
        assert process.stdout is not None and process.stderr is not None
        read = process.stdout.read(10) if reader.startswith("leaves") else process.stdout.read()
        process.stdout.close()
        err = process.stderr.read().decode()
        returncode = process.wait(timeout=300)
        assert len(read) == 10 if reader.startswith("leaves") else len(read) > 2**20
    assert returncode == code, err  # the run went on: a gate's verdict, a report's 0
    assert "Traceback" not in err
    assert ("wrote /dev/stdout" in err) == (reader == "reads it all"), err


@pytest.mark.parametrize("log", ["closed pipe", "/dev/full"])
def test_a_log_that_cannot_be_written_stops_neither_the_run_nor_its_outputs(tmp_path, log):
    # `check ... -o r.json 2>&1 | head -50`: the first message after head
    # exited raised BrokenPipeError, so the run stopped there, r.json was never
    # written and a passing run exited 2 (`2>/dev/full`: exit 1, a "failing article").
    if log == "/dev/full" and not os.path.exists("/dev/full"):
        pytest.skip("no /dev/full here")
    write(tmp_path / "bad.txt", BOILERPLATE_ARTICLE)
    write(tmp_path / "good.txt", CLEAN_ARTICLE)
    env = {**os.environ, "PYTHONPATH": str(Path(output.__file__).resolve().parents[2])}
    env.pop("GITHUB_ACTIONS", None)

    def run(*args: str) -> int:
        if log == "/dev/full":
            with open("/dev/full", "w") as full:
                return _run_logged(args, tmp_path, env, full.fileno())
        read_end, write_end = os.pipe()
        os.close(read_end)
        try:
            return _run_logged(args, tmp_path, env, write_end)
        finally:
            os.close(write_end)

    # (missing.txt: an input error, said on standard error before bad.txt is checked)
    assert run("check", "good.txt", "missing.txt", "bad.txt", "-o", "all.json") == 2
    checked = json.loads((tmp_path / "all.json").read_text(encoding="utf-8"))
    assert [Path(a["path"]).name for a in checked["articles"]] == ["good.txt", "bad.txt"]
    assert run("check", "good.txt", "-o", "good.json") == 0  # "wrote good.json" failed: exit 2
    assert (tmp_path / "good.json").is_file()


def _run_logged(args: tuple[str, ...], cwd: Path, env: dict[str, str], log: int) -> int:
    return subprocess.run(
        [sys.executable, "-m", "qualitycheck", *args, "--no-models", "--format", "json"],
        stdout=subprocess.DEVNULL,
        stderr=log,
        cwd=cwd,
        env=env,
        check=False,
        timeout=300,
    ).returncode


def test_files_replaced_together_are_all_replaced_or_none(tmp_path):
    """train's two mt models: a failure on the second leaves the first as it was."""
    first = write(tmp_path / "mt.json", "old first\n")
    second = tmp_path / "mt_sentence.json"
    second.mkdir()  # cannot be replaced by a file
    with pytest.raises(output.QualitycheckError, match=r"mt_sentence\.json: cannot write"):
        output.replace_together([(first, "new first\n"), (second, "new second\n")])
    assert first.read_text(encoding="utf-8") == "old first\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["mt.json", "mt_sentence.json"]
    second.rmdir()
    output.replace_together([(first, "new first\n"), (second, "new second\n")])
    assert first.read_text(encoding="utf-8") == "new first\n"
    assert second.read_text(encoding="utf-8") == "new second\n"


# --- a standard stream the caller closed (``>&-``, ``2>&-``, ``<&-``) -----------------


def test_a_closed_standard_output_is_one_error_before_the_check(tmp_path):
    write(tmp_path / "bad.txt", BOILERPLATE_ARTICLE * 3)
    for args in (
        ["check", "bad.txt"],
        ["check", "bad.txt", "--format", "json", "-o", "-"],
        ["report", "bad.txt", "-o", "-"],
        ["check", "bad.txt", "--format", "json", "-o", "/dev/stdout"],  # not /dev/null's place
        ["clean", "bad.txt", "--diff"],
        ["rules", "list"],  # print()'s buffer, flushed by the command (not exit code 120)
        ["rules", "list", "--format", "json"],  # more than the buffer: a traceback once
        ["rules", "show", "boilerplate-share"],  # less than the buffer: exit code 120 once
        ["check", "--help"],  # argparse's print: exit code 120 once
    ):
        run = run_with_closed(">&-", args + ["--no-models"] * (args[0] != "rules"), tmp_path)
        err = run.stderr.decode()
        assert run.returncode == 2, (args, err)
        assert err.splitlines()[-1] == (
            "qualitycheck: error: standard output: cannot write: Bad file descriptor"
        ), (args, err)
    # Output that does not go there is written as usual, and the gate decides.
    run = run_with_closed(">&-", ["check", "bad.txt", "--no-models", "-o", "out.txt"], tmp_path)
    assert run.returncode == 1, run.stderr.decode()
    assert "boilerplate-share" in (tmp_path / "out.txt").read_text(encoding="utf-8")


def test_a_listing_longer_than_the_buffer_to_a_closed_standard_output_is_one_error(tmp_path):
    """``rules list`` with a pack of 150 rules prints more than print()'s
    buffer holds: the write failed mid-listing, an internal error."""
    rules = "".join(
        f"  - id: house-rule-{number:03d}\n    kind: phrase\n    category: language\n"
        f"    severity: info\n    message: Found {{match}}\n    phrases: [word{number}]\n"
        for number in range(150)
    )
    write(tmp_path / "house.yaml", "rules:\n" + rules)
    for args in (["rules", "list"], ["rules", "show", "house-rule-000"], ["rules", "test"]):
        run = run_with_closed(">&-", [*args, "--rules", "house.yaml"], tmp_path)
        err = run.stderr.decode()
        assert run.returncode == 2 and "Traceback" not in err, (args, err)
        assert err.splitlines() == [
            "qualitycheck: error: standard output: cannot write: Bad file descriptor"
        ], (args, err)


def test_a_closed_standard_error_changes_no_exit_code_and_no_output(tmp_path):
    """Messages have nowhere to go; they must not become a crash (exit 1,
    the code of a failing article, for a run where every article passes)
    nor land in a file the run opened on the free descriptor 2."""
    write(tmp_path / "good.txt", CLEAN_ARTICLE)
    expected = run_with_closed("", ["check", "good.txt", "--no-models", "-o", "ref.txt"], tmp_path)
    assert expected.returncode == 0, expected.stderr.decode()
    run = run_with_closed("2>&-", ["check", "good.txt", "--no-models", "-o", "out.txt"], tmp_path)
    assert run.returncode == 0 and run.stdout == b"" and run.stderr == b""
    assert (tmp_path / "out.txt").read_bytes() == (tmp_path / "ref.txt").read_bytes()


def test_a_closed_standard_input_is_an_input_error(tmp_path):
    run = run_with_closed("<&-", ["check", "-", "--no-models"], tmp_path)
    err = run.stderr.decode()
    assert run.returncode == 2, err
    assert "qualitycheck: input error: -: cannot read: Bad file descriptor" in err, err
    assert "internal error" not in err and "Traceback" not in err


# --- an output named for a compression --------------------------------------------


def test_an_output_named_for_a_compression_is_compressed(cli, tmp_path):
    """``-o results.jsonl.gz`` was plain JSON Lines under a gzip name: no tool
    could open it, and the next walk of the folder was an input error (exit 2)
    where the inputs are read decompressed by the same names."""
    folder = tmp_path / "in"
    write(folder / "bad.txt", BOILERPLATE_ARTICLE)
    write(folder / "good.txt", CLEAN_ARTICLE)
    plain = cli("check", folder, "--no-models", "--format", "jsonl", "-o", tmp_path / "r.jsonl")
    assert plain.code == 1
    expected = (tmp_path / "r.jsonl").read_bytes()
    for suffix, opener in ((".gz", gzip.open), (".bz2", bz2.open), (".xz", lzma.open)):
        target = tmp_path / f"r.jsonl{suffix}"
        for _ in range(2):  # the same bytes each time: no time or temporary name inside
            result = cli("check", folder, "--no-models", "--format", "jsonl", "-o", target)
            assert result.code == 1, result.err
            packed = target.read_bytes()
            assert packed == target.read_bytes()
        with opener(target, "rb") as stream:
            assert stream.read() == expected, suffix
    sarif = tmp_path / "r.sarif.gz"
    cli("check", folder, "--no-models", "--output-format", f"sarif={sarif}", "-q")
    assert json.loads(gzip.decompress(sarif.read_bytes()))["version"] == "2.1.0"
    # Written among the articles, the next walk passes over it as results.
    cli("check", folder, "--no-models", "--format", "jsonl", "-o", folder / "r.jsonl.gz")
    again = cli("check", folder, "--no-models")
    assert again.code == 1 and "skipped 1 file this tool wrote" in again.err, again.err
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.endswith(".tmp")) == []


def test_an_output_named_for_a_compression_it_cannot_write_is_refused(cli, tmp_path):
    write(tmp_path / "bad.txt", BOILERPLATE_ARTICLE)
    for args, message in (
        (["-o", "r.jsonl.zst"], "r.jsonl.zst: cannot write zstd-compressed output"),
        (["--format", "parquet", "-o", "r.parquet.gz"], "r.parquet.gz: Parquet compresses"),
    ):
        result = cli("check", "bad.txt", "--no-models", *args, cwd=tmp_path)
        assert result.code == 2 and message in result.err, result.err
        assert "articles checked" not in result.err + result.out  # refused before the check
    assert sorted(p.name for p in tmp_path.iterdir()) == ["bad.txt"]
