"""Hostile inputs: YAML alias bombs, huge and vanishing files, and a campaign.

- An article or JSONL record over the size limit is an input error, binary
  content is recognised from its first block, a MemoryError is an input error
  for that article (item 16, the reader part).
- A file removed during the run is not called a broken symbolic link (item 17).
- The campaign: generated hostile inputs through ``check`` with every output
  format at once; no internal error, every output parseable, nothing raw
  reaches a terminal, the inputs untouched.
"""

from __future__ import annotations

import io
import json
import os
import threading
from pathlib import Path

import pytest
from conftest import BOILERPLATE_ARTICLE, CLEAN_ARTICLE, CpuClock

from qualitycheck.config.settings import Config
from qualitycheck.errors import InputError
from qualitycheck.pipeline import inputs
from qualitycheck.pipeline.checker import Checker
from qualitycheck.readers import base, discovery
from qualitycheck.readers.decoding import decode, read_document
from qualitycheck.readers.jsonl import read_jsonl


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8", newline="")
    return path


# --- item 16: the size limit per article, binary sniffing, MemoryError -----------------

LIMIT = base.MAX_ARTICLE_BYTES


def test_a_sparse_2_gb_file_is_rejected_as_binary_from_its_first_block(tmp_path):
    sparse = tmp_path / "disk.img"
    with sparse.open("wb") as stream:
        stream.truncate(2 * 1024**3)  # no blocks on disk: reads as zeros
    with sparse.open("rb") as stream:
        with pytest.raises(InputError, match=r"binary file \(not text\); skipped"):
            read_document(stream, "disk.img", LIMIT)
        assert stream.tell() <= 64 * 1024


def test_a_text_file_over_the_limit_is_refused_before_it_is_read(tmp_path):
    big = tmp_path / "big.txt"
    line = "The council met again on Tuesday to discuss the harbour.\n"
    big.write_text(line * (LIMIT // len(line) + 1), encoding="utf-8")
    size = big.stat().st_size
    with big.open("rb") as stream:
        with pytest.raises(InputError) as refused:
            read_document(stream, "big.txt", LIMIT)
        assert stream.tell() <= 64 * 1024
    assert refused.value.message == (
        f"too large to check: {size:,} bytes, over the limit of 10,000,000 bytes per article"
    )
    small = tmp_path / "small.txt"
    small.write_bytes("Café\r\nau lait\n".encode("cp1252"))
    with small.open("rb") as stream:
        assert read_document(stream, "small.txt", LIMIT) == decode(small.read_bytes(), "x")


def test_a_pipe_over_the_limit_is_read_no_further_than_the_limit():
    reading, writing = os.pipe()
    outcome: list[str] = []

    def feed() -> None:
        try:
            with os.fdopen(writing, "wb") as stream:
                for _ in range(1000):  # about 1 GB in all
                    stream.write(b"a line of text\n" * 65536)
            outcome.append("all of it was read")
        except BrokenPipeError:
            outcome.append("the reader stopped")

    writer = threading.Thread(target=feed, daemon=True)
    writer.start()
    too_large = r"^-: too large to check: over the limit of 1,000 "
    with os.fdopen(reading, "rb") as stream, pytest.raises(InputError, match=too_large):
        read_document(stream, "-", 1000)
    writer.join(timeout=120)
    assert outcome == ["the reader stopped"]


def test_jsonl_records_over_the_limit_are_input_errors_and_skipped_in_pieces():
    settings = base.ReadSettings(max_article_bytes=60)
    fits = json.dumps({"id": "a", "text": "x" * 37})  # 60 bytes exactly
    assert len(fits.encode()) == 60
    lines = [
        fits + "\n",
        json.dumps({"id": "b", "text": "x" * 38}) + "\n",  # 61 bytes
        fits + "\r\n",
        '{"id": "c", "text": "' + "y" * 5000 + '"}\n',
        json.dumps({"id": "d", "text": "ok"}),
    ]
    items = list(read_jsonl(io.BytesIO("".join(lines).encode()), "f.jsonl", settings))
    assert [(getattr(i, "id", None), getattr(i, "line", None)) for i in items] == [
        ("a", None),
        (None, 2),
        ("a", None),
        (None, 4),
        ("d", None),
    ]
    assert items[1].message == "too large to check: over the limit of 60 bytes per article"


def test_a_huge_jsonl_record_is_an_input_error_and_the_others_are_checked(cli, tmp_path):
    feed = tmp_path / "feed.jsonl"
    with feed.open("w", encoding="utf-8") as stream:
        stream.write(json.dumps({"id": "before", "text": CLEAN_ARTICLE}) + "\n")
        stream.write(json.dumps({"id": "huge", "text": "word " * (LIMIT // 5)}) + "\n")
        stream.write(json.dumps({"id": "after", "text": BOILERPLATE_ARTICLE}) + "\n")
    result = cli("check", feed, "--format", "json")
    assert result.code == 2, result.err
    document = result.json()
    assert [a["id"] for a in document["articles"]] == ["before", "after"]
    assert document["summary"]["input_errors"] == [
        {
            "path": str(feed),
            "line": 2,
            "message": "too large to check: over the limit of 10,000,000 bytes per article",
        }
    ]


def test_memory_error_is_an_input_error_for_that_article(cli, tmp_path, monkeypatch):
    feed = tmp_path / "feed.jsonl"
    feed.write_text(
        "".join(json.dumps({"id": n, "text": CLEAN_ARTICLE}) + "\n" for n in ("a", "b", "c")),
        encoding="utf-8",
    )
    check = Checker.check

    def check_or_run_out(self, article):
        if article.id == "b":
            raise MemoryError
        return check(self, article)

    monkeypatch.setattr(Checker, "check", check_or_run_out)
    result = cli("check", feed, "--format", "json")
    assert result.code == 2, result.err
    document = result.json()
    assert [a["id"] for a in document["articles"]] == ["a", "c"]
    assert document["summary"]["input_errors"] == [
        {"path": str(feed), "line": 2, "message": "too large to check in memory"}
    ]
    assert "internal error" not in result.err

    def reader_runs_out(source, settings):
        raise MemoryError
        yield  # a generator, as the reader is

    monkeypatch.setattr(inputs, "read_source", reader_runs_out)
    [error] = list(inputs.read_inputs(Config(), [str(feed)]))
    assert str(error) == f"{feed}: too large to check in memory"


# --- item 17: a file removed during the run --------------------------------------------


def test_a_file_removed_during_the_walk_is_not_called_a_broken_link(tmp_path, monkeypatch):
    folder = tmp_path / "corpus"
    for name in ("a.txt", "b.txt", "c.txt"):
        (folder / name).parent.mkdir(exist_ok=True)
        (folder / name).write_text(CLEAN_ARTICLE, encoding="utf-8")
    (folder / "dangling.txt").symlink_to(folder / "gone.txt")
    walk = os.walk

    def walk_then_remove(*args, **kwargs):
        for entry in walk(*args, **kwargs):
            (folder / "b.txt").unlink()  # after the listing, before it is read
            yield entry

    monkeypatch.setattr(discovery.os, "walk", walk_then_remove)
    found = [
        (item.path, item.message if isinstance(item, InputError) else "ok")
        for item in discovery.discover([str(folder)])
    ]
    assert found == [
        (f"{folder}/a.txt", "ok"),
        (f"{folder}/b.txt", "removed before it could be read"),
        (f"{folder}/c.txt", "ok"),
        (f"{folder}/dangling.txt", "broken symbolic link"),
    ]


def test_files_over_the_article_limit_are_input_errors_without_being_read(cli, tmp_path):
    big = tmp_path / "corpus" / "big.txt"
    big.parent.mkdir()
    big.write_text("A line of text.\n" * 1_400_000, encoding="utf-8")  # 22 MB
    sparse = tmp_path / "corpus" / "disk.txt"
    with sparse.open("wb") as stream:  # 2 GB that take no disk: only the size is read
        stream.truncate(2_000_000_000)
    (tmp_path / "corpus" / "ok.txt").write_text(CLEAN_ARTICLE, encoding="utf-8")
    with CpuClock() as clock:
        result = cli("check", tmp_path / "corpus", "--no-models", "--format", "json")
    assert result.code == 2
    errors = {Path(e["path"]).name: e["message"] for e in result.json()["summary"]["input_errors"]}
    assert set(errors) == {"big.txt", "disk.txt"}
    assert "too large to check: 22,400,000 bytes" in errors["big.txt"]
    # All zeros: told from its first block (binary) or refused from its size.
    assert "binary" in errors["disk.txt"] or "too large" in errors["disk.txt"]
    assert [Path(a["path"]).name for a in result.json()["articles"]] == ["ok.txt"]
    assert clock.seconds < 10


def test_the_article_limit_is_a_config_key(cli, tmp_path):
    (tmp_path / "qualitycheck.yaml").write_text("max_article_bytes: 100\n", encoding="utf-8")
    (tmp_path / "a.txt").write_text(CLEAN_ARTICLE, encoding="utf-8")
    result = cli("check", "a.txt", "--no-models", "--format", "json", cwd=tmp_path)
    assert result.code == 2
    [error] = result.json()["summary"]["input_errors"]
    assert "over the limit of 100 bytes" in error["message"]
    (tmp_path / "qualitycheck.yaml").write_text("max_article_bytes: 0\n", encoding="utf-8")
    assert cli("check", "a.txt", cwd=tmp_path).code == 2
