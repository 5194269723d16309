"""Input errors of one input are listed one by one up to a cap, then counted;
so are the lines its articles' warnings print on stderr.

A small ``.jsonl.gz`` of lines that are not JSON held one error per line to
the end of the run (300,000 errors from 10 KB: 1.4 GB for SARIF, as many lines
on stderr). Past ``MAX_LISTED_ERRORS`` the rest are counted into one error at
the input's end; the records between them are still read and checked.
"""

from __future__ import annotations

import gzip
import tracemalloc

from conftest import CLEAN_ARTICLE, check_json, record

from qualitycheck.errors import InputError
from qualitycheck.primitives.input_warnings import MAX_SHOWN_PER_INPUT, InputWarnings
from qualitycheck.readers import InputSource, read_source
from qualitycheck.readers.base import MAX_LISTED_ERRORS, ReadSettings
from qualitycheck.readers.labeled import read_labeled


def _feed(bad_lines: int, good_every: int = 0) -> bytes:
    """``bad_lines`` lines that are not JSON, a good record first and last
    (and after every ``good_every`` bad lines when given)."""
    good = record(text=CLEAN_ARTICLE).encode() + b"\n"
    lines = [good]
    for number in range(1, bad_lines + 1):
        lines.append(b"not json\n")
        if good_every and number % good_every == 0:
            lines.append(good)
    lines.append(good)
    return b"".join(lines)


def _read(path) -> list:
    return list(read_source(InputSource(str(path), "jsonl", path), ReadSettings()))


def test_errors_past_the_cap_are_one_error_and_every_good_record_is_read(tmp_path):
    path = tmp_path / "feed.jsonl"
    path.write_bytes(_feed(250, good_every=50))
    items = _read(path)
    errors = [item for item in items if isinstance(item, InputError)]
    articles = [item for item in items if not isinstance(item, InputError)]
    assert len(articles) == 2 + 5  # first, last and one after every 50 bad lines
    assert len(errors) == MAX_LISTED_ERRORS + 1
    listed, counted = errors[:-1], errors[-1]
    assert all(error.message.startswith("invalid JSON") for error in listed)
    # Line 1 is good, then 50 bad, a good one, ...: the 100th bad line is 102.
    assert listed[-1].line == 102
    assert counted.line == 104  # (103 is good) the first error it stands for: file:line leads there
    assert counted.message == (
        "150 more input errors (from line 104 to 255) not listed one by one; the first 100 are"
    )
    assert items[-1] is counted  # after the last article: nothing after it is lost


def test_at_the_cap_nothing_is_counted(tmp_path):
    path = tmp_path / "feed.jsonl"
    path.write_bytes(_feed(MAX_LISTED_ERRORS))
    errors = [item for item in _read(path) if isinstance(item, InputError)]
    assert len(errors) == MAX_LISTED_ERRORS
    assert all(error.message.startswith("invalid JSON") for error in errors)
    path.write_bytes(_feed(MAX_LISTED_ERRORS + 1))
    errors = [item for item in _read(path) if isinstance(item, InputError)]
    assert errors[-1].message == ("1 more input error not listed one by one; the first 100 are")
    assert errors[-1].line == MAX_LISTED_ERRORS + 2


def test_the_cap_is_per_input(tmp_path):
    (tmp_path / "a.jsonl").write_bytes(_feed(120))
    (tmp_path / "b.jsonl").write_bytes(_feed(3))
    errors = [
        e
        for name in ("a", "b")
        for e in _read(tmp_path / f"{name}.jsonl")
        if isinstance(e, InputError)
    ]
    assert [e.path.rsplit("/", 1)[-1] for e in errors].count("a.jsonl") == MAX_LISTED_ERRORS + 1
    assert [e.path.rsplit("/", 1)[-1] for e in errors].count("b.jsonl") == 3


def test_memory_does_not_grow_with_the_errors_of_one_input(tmp_path):
    """Held memory after reading 20,000 and 80,000 bad lines: the same (it was
    one kept error per line); a bound by allocation, not by time."""
    peaks = []
    for bad in (20_000, 80_000):
        path = tmp_path / f"feed{bad}.jsonl.gz"
        path.write_bytes(gzip.compress(_feed(bad)))
        tracemalloc.start()
        kept = _read(path)
        held, _ = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        assert len(kept) == 2 + MAX_LISTED_ERRORS + 1
        peaks.append(held)
    assert peaks[1] < peaks[0] * 1.5 + 100_000


def test_check_reports_the_count_in_json_and_on_stderr(cli, tmp_path):
    (tmp_path / "feed.jsonl").write_bytes(_feed(300))
    result = check_json(cli, "feed.jsonl", cwd=tmp_path)
    assert result.code == 2
    summary = result.json()["summary"]
    assert summary["articles"] == 2
    assert len(summary["input_errors"]) == MAX_LISTED_ERRORS + 1
    assert summary["input_errors"][-1] == {
        "path": "feed.jsonl",
        "line": 102,
        "message": "200 more input errors (from line 102 to 301) not listed one by one; "
        "the first 100 are",
    }
    assert len(result.err.splitlines()) < MAX_LISTED_ERRORS + 10
    assert "feed.jsonl:102: 200 more input errors" in result.err


def test_evaluate_lists_a_labeled_corpus_errors_up_to_the_cap(tmp_path):
    path = tmp_path / "labeled.jsonl"
    path.write_bytes(b'{"text": "a", "label": "original"}\n' + b"[1]\n" * 130)
    items = list(read_labeled(path))
    assert items[0] == (1, {"text": "a", "label": "original"})
    errors = items[1:]
    assert len(errors) == MAX_LISTED_ERRORS + 1
    assert str(errors[-1]) == (
        f"{path}:102: 30 more input errors (from line 102 to 131) not listed one by one; "
        "the first 100 are"
    )


def _no_ids(count: int) -> str:
    return "".join(record(text=f"{CLEAN_ARTICLE} Record {n}.") + "\n" for n in range(count))


def test_reader_warnings_on_stderr_are_capped_per_input_and_kept_in_the_output(cli, tmp_path):
    """300 records without an id printed 300 'no id' lines; the log now shows
    one input's first 100 and counts the rest, and the JSON keeps them all."""
    (tmp_path / "a.jsonl").write_text(_no_ids(130), encoding="utf-8")
    (tmp_path / "b.jsonl").write_text(_no_ids(3), encoding="utf-8")
    result = check_json(cli, "a.jsonl", "b.jsonl", cwd=tmp_path)
    assert result.code == 0
    lines = result.err.splitlines()
    a_lines = [line for line in lines if "warning: a.jsonl:" in line]
    assert len(a_lines) == MAX_SHOWN_PER_INPUT + 1
    assert a_lines[-1] == (
        "qualitycheck: warning: a.jsonl: 30 more warnings not shown (the first 100 are); "
        "the JSON output lists each article's"
    )
    # The count comes where a.jsonl's warnings end, before b.jsonl's three.
    assert lines.index(a_lines[-1]) < min(
        i for i, line in enumerate(lines) if "warning: b.jsonl:" in line
    )
    assert sum("warning: b.jsonl: line" in line for line in lines) == 3
    articles = result.json()["articles"]
    assert len(articles) == 133
    assert all(len(article["warnings"]) == 1 for article in articles)


def test_clean_caps_its_warning_lines_per_input_too(cli, tmp_path):
    (tmp_path / "feed.jsonl").write_text(_no_ids(105), encoding="utf-8")
    result = cli("clean", "feed.jsonl", "-o", "out", cwd=tmp_path)
    assert result.code == 0
    warned = [line for line in result.err.splitlines() if "warning: feed.jsonl:" in line]
    assert len(warned) == MAX_SHOWN_PER_INPUT + 1
    assert (
        warned[-1]
        == "qualitycheck: warning: feed.jsonl: 5 more warnings not shown (the first 100 are)"
    )


def test_input_warnings_count_each_input_on_its_own():
    written: list[str] = []
    shown = InputWarnings(written.append, limit=2)
    for path, count in (("a", 3), ("b", 1), ("a", 2)):
        for n in range(count):
            shown.show(path, f"w{n}")
    shown.finish()
    assert written == [
        "a: w0",
        "a: w1",
        "a: 1 more warning not shown (the first 2 are)",
        "b: w0",
        "a: w0",
        "a: w1",
    ]


def test_a_reader_crash_past_the_cap_keeps_the_count(tmp_path, monkeypatch):
    """A reader that fails after the cap (a bug, memory) ends the input with
    an internal error; the errors counted before it are still reported."""
    from qualitycheck import readers
    from qualitycheck.config.settings import Config
    from qualitycheck.pipeline.inputs import read_one

    def failing(stream, path, settings):
        for number in range(1, MAX_LISTED_ERRORS + 31):
            yield InputError(path, "invalid JSON", number)
        raise RuntimeError("reader bug")

    monkeypatch.setitem(readers.READERS, "jsonl", readers.Reader((".jsonl",), failing))
    path = tmp_path / "feed.jsonl"
    path.write_bytes(b"")
    errors = list(read_one(InputSource(str(path), "jsonl", path), Config()))
    assert len(errors) == MAX_LISTED_ERRORS + 2, [e.message for e in errors[-2:]]
    assert errors[-2].message.startswith("30 more input errors (from line 101 to 130)")
    assert "RuntimeError: reader bug" in errors[-1].message


def test_the_count_of_warnings_comes_before_the_next_inputs_lines(cli, tmp_path):
    """An input whose articles have no warnings, or that cannot be read, ends
    the one before it too: its count came after the next input's error (and
    after every input that followed, when none warned)."""
    (tmp_path / "a.jsonl").write_text(_no_ids(105), encoding="utf-8")
    (tmp_path / "b.txt").write_bytes(b"\x00\x01binary")
    result = check_json(cli, "a.jsonl", "b.txt", cwd=tmp_path)
    lines = result.err.splitlines()
    count = lines.index(
        "qualitycheck: warning: a.jsonl: 5 more warnings not shown (the first 100 are); "
        "the JSON output lists each article's"
    )
    error = next(i for i, line in enumerate(lines) if "input error: b.txt" in line)
    assert count < error, lines[-3:]
