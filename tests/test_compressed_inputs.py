"""Compressed inputs (``.jsonl.gz``, ``.bz2``, ``.xz``; ``.txt.gz``): read as the
file inside, streamed, with ``max_article_bytes`` per record, the JSONL line in
findings and errors, and a corrupt or truncated archive one input error naming
the file and the line reached while the run goes on; in ``check`` (and a
folder walk), ``evaluate`` (the labeled reader ``train`` shares) and ``clean``.
"""

from __future__ import annotations

import bz2
import gzip
import lzma
import sys

import pytest
from conftest import BOILERPLATE_ARTICLE, CLEAN_ARTICLE, record

from qualitycheck.errors import InputError
from qualitycheck.readers import InputSource, format_for, read_source
from qualitycheck.readers.base import ReadSettings
from qualitycheck.readers.labeled import read_labeled

COMPRESSORS = {".gz": gzip.compress, ".bz2": bz2.compress, ".xz": lzma.compress}


def _feed(count: int = 3) -> bytes:
    articles = [BOILERPLATE_ARTICLE, CLEAN_ARTICLE]
    lines = [record(id=f"r{i}", text=articles[(i - 1) % 2]) for i in range(1, count + 1)]
    return "".join(f"{line}\n" for line in lines).encode()


@pytest.mark.parametrize("ending", sorted(COMPRESSORS))
def test_compressed_jsonl_is_checked_as_the_jsonl_inside(cli, tmp_path, ending):
    data = _feed()
    (tmp_path / "feed.jsonl").write_bytes(data)
    (tmp_path / f"packed.jsonl{ending}").write_bytes(COMPRESSORS[ending](data))
    plain = cli("check", "feed.jsonl", "--format", "json", cwd=tmp_path).json()
    packed = cli("check", f"packed.jsonl{ending}", "--format", "json", cwd=tmp_path).json()
    assert packed["summary"] == plain["summary"] and packed["summary"]["articles"] == 3
    for a, b in zip(plain["articles"], packed["articles"], strict=True):
        assert (b["id"], b["record_line"], b["findings"]) == (
            a["id"],
            a["record_line"],
            a["findings"],
        )
    assert {f["rule"] for f in packed["articles"][0]["findings"]} >= {"boilerplate-share"}


def test_a_folder_walk_picks_compressed_jsonl_and_text(cli, tmp_path):
    folder = tmp_path / "corpus"
    folder.mkdir()
    (folder / "part-0.jsonl.gz").write_bytes(gzip.compress(_feed(2)))
    (folder / "story.txt.xz").write_bytes(lzma.compress(BOILERPLATE_ARTICLE.encode()))
    (folder / "archive.tar.gz").write_bytes(gzip.compress(b"not an article"))
    result = cli("check", "corpus", "--format", "json", cwd=tmp_path).json()
    assert [a["id"] for a in result["articles"]] == ["r1", "r2", "corpus/story.txt.xz"]
    assert result["articles"][2]["title"] == "Museum reopens after renovation"
    assert format_for("a.JSONL.GZ") == "jsonl" and format_for("b.ndjson.bz2") == "jsonl"
    assert format_for("c.gz") == "txt"


def test_a_truncated_archive_is_one_error_at_the_line_reached_and_the_run_goes_on(cli, tmp_path):
    packed = gzip.compress(_feed(400))
    (tmp_path / "cut.jsonl.gz").write_bytes(packed[: len(packed) // 2])
    (tmp_path / "good.txt").write_text(CLEAN_ARTICLE, encoding="utf-8")
    result = cli("check", "cut.jsonl.gz", "good.txt", "--format", "json", cwd=tmp_path)
    document = result.json()
    errors = document["summary"]["input_errors"]
    assert len(errors) == 1 and errors[0]["path"] == "cut.jsonl.gz"
    read = [a for a in document["articles"] if a["path"] == "cut.jsonl.gz"]
    assert read and errors[0]["line"] == len(read) + 1  # the records before it were checked
    assert errors[0]["message"].startswith("truncated gzip data")
    assert document["articles"][-1]["path"] == "good.txt"
    assert result.code == 2
    assert f"cut.jsonl.gz:{len(read) + 1}: truncated gzip data" in result.err


def test_corrupt_and_unsupported_archives_are_input_errors(cli, tmp_path):
    (tmp_path / "plain.jsonl.gz").write_bytes(_feed(1))  # named .gz, never compressed
    (tmp_path / "feed.jsonl.zst").write_bytes(b"(\xb5/\xfd")
    (tmp_path / "shard.parquet.gz").write_bytes(gzip.compress(b"PAR1"))
    result = cli("check", "plain.jsonl.gz", "feed.jsonl.zst", "shard.parquet.gz", cwd=tmp_path)
    assert result.code == 2
    assert "plain.jsonl.gz:1: corrupt gzip data (Not a gzipped file" in result.err
    assert "feed.jsonl.zst: zstd-compressed input is not supported" in result.err
    assert "shard.parquet.gz: a compressed Parquet file is not read" in result.err
    assert "internal error" not in result.err


def test_the_size_limit_holds_per_record_inside_an_archive(tmp_path):
    huge = record(id="huge", text="word " * 50_000)
    lines = [record(id="a", text=CLEAN_ARTICLE), huge, record(id="b", text=CLEAN_ARTICLE)]
    path = tmp_path / "feed.jsonl.gz"
    path.write_bytes(gzip.compress("\n".join(lines).encode()))
    settings = ReadSettings(max_article_bytes=10_000)
    items = list(read_source(InputSource(str(path), "jsonl", path), settings))
    assert [getattr(i, "id", None) for i in items] == ["a", None, "b"]
    assert isinstance(items[1], InputError) and items[1].line == 2
    assert "too large to check" in items[1].message


def test_a_compressed_text_over_the_limit_is_refused_by_its_text_size(tmp_path):
    path = tmp_path / "story.txt.gz"
    path.write_bytes(gzip.compress(("Title\n" + "word " * 10_000).encode()))
    items = list(
        read_source(InputSource(str(path), "txt", path), ReadSettings(max_article_bytes=1_000))
    )
    assert len(items) == 1 and isinstance(items[0], InputError)
    assert items[0].message == "too large to check: over the limit of 1,000 bytes per article"


def test_standard_input_is_decompressed_by_its_stdin_name(tmp_path, monkeypatch):
    packed = tmp_path / "in.gz"
    packed.write_bytes(gzip.compress(_feed(2)))
    with packed.open("rb") as stream:
        monkeypatch.setattr(sys, "stdin", type("In", (), {"buffer": stream})())
        items = list(read_source(InputSource("feed.jsonl.gz", "jsonl", None), ReadSettings()))
        assert not stream.closed  # standard input is not closed by the reader
    assert [a.id for a in items] == ["r1", "r2"]


def test_labeled_corpora_read_compressed_and_stop_at_the_damage(tmp_path):
    lines = "".join(f'{{"text": "Line {i}", "label": 1}}\n' for i in range(1, 301)).encode()
    whole = tmp_path / "dev.jsonl.bz2"
    whole.write_bytes(bz2.compress(lines))
    assert [number for number, _ in read_labeled(whole)] == list(range(1, 301))
    packed = gzip.compress(lines)
    cut = tmp_path / "cut.jsonl.gz"
    cut.write_bytes(packed[: len(packed) // 2])
    items = list(read_labeled(cut))
    *records, error = items
    assert isinstance(error, InputError) and error.line == len(records) + 1
    assert [number for number, _ in records] == list(range(1, len(records) + 1))


def test_evaluate_measures_a_compressed_corpus_as_the_plain_one(cli, tmp_path):
    rows = [
        {
            "text": "Harbour reopens\nShare This Article\nThe harbour reopened.",
            "lines": ["title", "boilerplate", "content"],
        },
        {
            "text": "Museum news\nThe museum reopened on Sunday.\nLeave a Reply",
            "lines": ["title", "content", "boilerplate"],
        },
    ]
    text = "".join(record(**row) + "\n" for row in rows)
    (tmp_path / "dev.jsonl").write_text(text, encoding="utf-8")
    (tmp_path / "dev.jsonl.xz").write_bytes(lzma.compress(text.encode()))
    plain = cli("evaluate", "--task", "boilerplate", "dev.jsonl", "--format", "json", cwd=tmp_path)
    packed = cli(
        "evaluate", "--task", "boilerplate", "dev.jsonl.xz", "--format", "json", cwd=tmp_path
    )
    assert plain.code == packed.code == 0, packed.err
    for key in ("tp", "fp", "fn", "tn", "precision", "recall"):
        assert packed.json()[key] == plain.json()[key]


def test_clean_refuses_to_rewrite_a_compressed_file(cli, tmp_path):
    (tmp_path / "story.txt.gz").write_bytes(gzip.compress(BOILERPLATE_ARTICLE.encode()))
    result = cli("clean", "story.txt.gz", "--output", "out", cwd=tmp_path)
    assert result.code == 2
    assert "story.txt.gz: clean does not rewrite compressed files; skipped" in result.err
    assert not (tmp_path / "out" / "story.txt.gz").exists()


def test_compressed_data_under_a_plain_name_says_how_to_have_it_read(cli, tmp_path):
    (tmp_path / "feed.jsonl").write_bytes(gzip.compress(_feed(1)))
    (tmp_path / "story.txt").write_bytes(lzma.compress(BOILERPLATE_ARTICLE.encode()))
    result = cli("check", "feed.jsonl", "story.txt", cwd=tmp_path)
    assert result.code == 2
    assert (
        "feed.jsonl: gzip-compressed data (not text): read when its name ends in .gz" in result.err
    )
    assert "story.txt: xz-compressed data (not text): read when its name ends in .xz" in result.err
