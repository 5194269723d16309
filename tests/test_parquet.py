"""Parquet in and out: a ``.parquet`` shard is read row by row exactly as a JSONL
file is read line by line (ids, warnings, input errors naming the row), a bad
file is one input error and the run goes on, pyarrow missing is an input error
rather than a crash; ``--format parquet`` writes the JSON contract's article
fields, one row per article, and a folder walk skips it.
"""

from __future__ import annotations

import io
import json
import sys

import pytest
from conftest import BOILERPLATE_ARTICLE, CLEAN_ARTICLE, check_json, record, write

pa = pytest.importorskip("pyarrow")
pq = pytest.importorskip("pyarrow.parquet")

ROWS = [
    {"id": "a1", "text": BOILERPLATE_ARTICLE, "title": "Bridge"},
    {"id": None, "text": CLEAN_ARTICLE, "title": None},
    {"id": "a3", "text": None, "title": None},
    {"id": "a1", "text": CLEAN_ARTICLE, "title": "Again"},
]


def _shard(path, rows=ROWS):
    pq.write_table(pa.Table.from_pylist(rows), path)
    return path


def test_rows_read_as_jsonl_records_are_with_the_row_number(cli, tmp_path):
    _shard(tmp_path / "feed.parquet")
    write(
        tmp_path / "feed.jsonl",
        "".join(record(**row) + "\n" for row in ROWS),
    )
    from_parquet = check_json(cli, "feed.parquet", cwd=tmp_path)
    from_jsonl = check_json(cli, "feed.jsonl", cwd=tmp_path)
    assert from_parquet.code == from_jsonl.code == 2  # the null text is an input error

    def comparable(document, suffix):
        articles = document["articles"]
        for article in articles:
            assert article.pop("path") == f"feed.{suffix}"
            article["id"] = article["id"].replace(f"feed.{suffix}", "feed")
            article["warnings"] = [
                w.replace("row ", "line ").replace(f"feed.{suffix}", "feed")
                for w in article["warnings"]
            ]
        errors = document["summary"]["input_errors"]
        return articles, [(e["line"], e["message"]) for e in errors]

    assert comparable(from_parquet.json(), "parquet") == comparable(from_jsonl.json(), "jsonl")
    articles = from_parquet.json()["articles"]
    assert [a["id"] for a in articles] == ["a1", "feed.parquet:2", "a1"]
    assert [a["record_line"] for a in articles] == [1, 2, 4]
    assert articles[1]["warnings"] == ["row 2: no 'id'; using feed.parquet:2"]
    assert articles[2]["warnings"] == ["row 4: duplicate id 'a1'"]
    assert "feed.parquet:3: field 'text' is null" in from_parquet.err


def test_configured_fields_integer_ids_and_the_size_limit(cli, tmp_path):
    rows = [{"key": 7, "body": CLEAN_ARTICLE}, {"key": 8, "body": "x" * 5000}]
    _shard(tmp_path / "feed.parquet", rows)
    write(tmp_path / "qualitycheck.yaml", "jsonl: {id: key, text: body}\nmax_article_bytes: 4000\n")
    result = check_json(cli, "feed.parquet", cwd=tmp_path)
    assert [a["id"] for a in result.json()["articles"]] == ["7"]
    [error] = result.json()["summary"]["input_errors"]
    assert error["line"] == 2 and error["message"].startswith("too large to check")


def test_a_bad_file_is_one_input_error_and_the_run_goes_on(cli, tmp_path):
    pq.write_table(pa.table({"body": ["x"]}), tmp_path / "nocol.parquet")
    pq.write_table(pa.table({"text": [b"Share This Article"]}), tmp_path / "bytes.parquet")
    pq.write_table(pa.table({"text": ["t"], "id": [1.5]}), tmp_path / "floatid.parquet")
    (tmp_path / "fake.parquet").write_bytes(b"Share This Article\n" * 3)
    _shard(tmp_path / "good.parquet", ROWS[:1])
    result = check_json(cli, ".", cwd=tmp_path)
    assert result.code == 2
    assert [a["id"] for a in result.json()["articles"]] == ["a1"]
    errors = result.json()["summary"]["input_errors"]
    messages = {e["path"].removeprefix("./"): e["message"] for e in errors}
    assert messages["bytes.parquet"] == "column 'text' is binary, not text"  # never decoded
    assert messages["floatid.parquet"] == "column 'id' is double, not text or an integer"
    assert messages["nocol.parquet"] == "no column 'text' (columns: 'body')"
    assert messages["fake.parquet"].startswith("not a Parquet file")


def test_without_pyarrow_a_parquet_input_is_an_input_error(cli, tmp_path, monkeypatch):
    _shard(tmp_path / "feed.parquet")
    write(tmp_path / "a.txt", CLEAN_ARTICLE)
    for name in [m for m in sys.modules if m == "pyarrow" or m.startswith("pyarrow.")]:
        monkeypatch.setitem(sys.modules, name, None)
    result = check_json(cli, ".", cwd=tmp_path)
    assert result.code == 2 and len(result.json()["articles"]) == 1
    [error] = result.json()["summary"]["input_errors"]
    assert "pip install 'qualitycheck[parquet]'" in error["message"]
    assert "Traceback" not in result.err


def test_parquet_output_has_the_contract_fields_one_row_per_article(cli, tmp_path):
    (tmp_path / "in").mkdir()
    _shard(tmp_path / "in" / "feed.parquet")
    write(tmp_path / "in" / "story.txt", BOILERPLATE_ARTICLE)
    result = cli(
        "check", "in", "--no-models", "--format", "parquet", "-o", "out/results.parquet",
        "--output-format", "json=out/results.json", cwd=tmp_path,
    )  # fmt: skip
    assert result.code == 2
    expected = json.loads((tmp_path / "out/results.json").read_text())["articles"]
    rows = pq.read_table(tmp_path / "out/results.parquet").to_pylist()
    assert [row.pop("schema_version") for row in rows] == ["1.0"] * len(expected)
    # An optional finding field the JSON leaves out is a null in the fixed schema.
    for row in rows:
        for finding in row["findings"]:
            for optional in ("suggestion", "artifact"):
                if finding[optional] is None:
                    del finding[optional]
    assert rows == expected
    # A folder walk skips results this tool wrote, as it does its JSONL results.
    again = check_json(cli, "out", cwd=tmp_path)
    assert again.json()["articles"] == [] and again.json()["summary"]["input_errors"] == []


def test_an_empty_run_writes_the_schema(cli, tmp_path):
    result = cli("check", "--no-models", "--format", "parquet", "-o", "e.parquet", "nothing.txt")
    table = pq.read_table(tmp_path / "e.parquet")
    assert result.code == 2 and table.num_rows == 0
    assert table.schema.field("findings").type.value_type.field("rule").type == pa.string()


def test_parquet_from_standard_input_is_an_input_error(cli, tmp_path, monkeypatch):
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(_Unseekable(b"PAR1")))
    result = cli("check", "-", "--stdin-format", "parquet", "--no-models", "--format", "json")
    [error] = result.json()["summary"]["input_errors"]
    assert error["message"].startswith("cannot read Parquet from a pipe")


class _Unseekable(io.BytesIO):
    def seekable(self):
        return False


def test_dictionary_encoded_columns_read_as_their_values(cli, tmp_path):
    table = pa.table(
        {
            "id": pa.array(["d1", "d2"]).dictionary_encode(),
            "text": pa.array([CLEAN_ARTICLE, CLEAN_ARTICLE]).dictionary_encode(),
            "language": pa.array(["en", "en"]).dictionary_encode(),
        }
    )
    pq.write_table(table, tmp_path / "cats.parquet")
    result = check_json(cli, "cats.parquet", cwd=tmp_path)
    assert result.code == 0, result.err
    assert [a["id"] for a in result.json()["articles"]] == ["d1", "d2"]


def test_string_view_and_large_string_columns_read_as_text(cli, tmp_path):
    """Every text type the reader accepts is read (a string_view text column
    was accepted, then lost the whole file to a missing size kernel)."""
    for kind in (pa.string_view(), pa.large_string()):
        table = pa.table(
            {
                "id": pa.array(["v1", "v2"], kind),
                "text": pa.array([CLEAN_ARTICLE, CLEAN_ARTICLE], kind),
            }
        )
        pq.write_table(table, tmp_path / "views.parquet")
        result = check_json(cli, "views.parquet", cwd=tmp_path)
        assert result.code == 0, (kind, result.err)
        assert [a["id"] for a in result.json()["articles"]] == ["v1", "v2"]


def test_without_pyarrow_format_parquet_is_a_clear_error(cli, tmp_path, monkeypatch):
    write(tmp_path / "a.txt", CLEAN_ARTICLE)
    for name in [m for m in sys.modules if m == "pyarrow" or m.startswith("pyarrow.")]:
        monkeypatch.setitem(sys.modules, name, None)
    result = cli("check", "a.txt", "--format", "parquet", "-o", "out.parquet")
    assert result.code == 2 and "pip install 'qualitycheck[parquet]'" in result.err
    assert "Traceback" not in result.err and not (tmp_path / "out.parquet").exists()


def test_a_text_column_of_nulls_only_is_one_null_error_per_row(cli, tmp_path):
    """pandas writes a column whose every value is None with Arrow's null type;
    its rows are read as missing texts, as the reader's type check promises
    (the whole file was lost to a pyarrow "no kernel matching input types")."""
    pq.write_table(pa.table({"id": ["n1", "n2"], "text": pa.nulls(2)}), tmp_path / "n.parquet")
    result = check_json(cli, "n.parquet", cwd=tmp_path)
    errors = result.json()["summary"]["input_errors"]
    assert [(e["line"], e["message"]) for e in errors] == [
        (1, "field 'text' is null"),
        (2, "field 'text' is null"),
    ]


def test_a_column_named_twice_is_one_input_error_not_an_internal_error(cli, tmp_path):
    table = pa.Table.from_arrays(
        [pa.array(["d1"]), pa.array([CLEAN_ARTICLE]), pa.array(["other"])],
        names=["id", "text", "text"],
    )
    pq.write_table(table, tmp_path / "twice.parquet")
    _shard(tmp_path / "good.parquet", ROWS[:1])
    result = check_json(cli, ".", cwd=tmp_path)
    [error] = result.json()["summary"]["input_errors"]
    assert error["message"] == "column 'text' appears more than once"
    assert [a["id"] for a in result.json()["articles"]] == ["a1"]


def test_a_row_that_is_not_utf8_is_its_own_input_error(cli, tmp_path):
    """A string column holding bytes that are not UTF-8 (Spark writes them) is
    an error for that row, as a JSONL line is; the rows before it in the same
    batch and the rest of the file are checked (all were lost)."""
    texts = [CLEAN_ARTICLE.encode(), b"Bad \xff byte\nmore words", CLEAN_ARTICLE.encode()]
    table = pa.table({"id": ["u1", "u2", "u3"], "text": pa.array(texts).view(pa.string())})
    pq.write_table(table, tmp_path / "bytes.parquet")
    result = check_json(cli, "bytes.parquet", cwd=tmp_path)
    assert [a["id"] for a in result.json()["articles"]] == ["u1", "u3"]
    assert [a["record_line"] for a in result.json()["articles"]] == [1, 3]
    [error] = result.json()["summary"]["input_errors"]
    assert error["line"] == 2
    assert error["message"] == "field 'text' is not UTF-8 (invalid start byte at byte 4)"


def test_ctrl_c_mid_run_leaves_no_file_and_no_trace_from_the_writer(cli, tmp_path, monkeypatch):
    """Ctrl-C after the Parquet writer began: exit 130, no file, and the writer
    is let go with the run, not later when it is collected (it wrote its footer
    into the closed temporary file: 'Exception ignored in ParquetWriter.__del__')."""
    import gc

    from qualitycheck.renderers.group import RendererGroup

    for name in ("a.txt", "b.txt"):
        write(tmp_path / name, CLEAN_ARTICLE)

    def interrupted(self, result):
        raise KeyboardInterrupt

    unraisable = []
    monkeypatch.setattr(sys, "unraisablehook", unraisable.append)
    monkeypatch.setattr(RendererGroup, "article", interrupted)
    result = cli(
        "check", "a.txt", "b.txt", "--no-models", "--format", "parquet", "-o", "out.parquet"
    )
    gc.collect()
    assert result.code == 130
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.txt", "b.txt"]
    assert [str(u.exc_value) for u in unraisable] == []


def test_parquet_into_a_closed_pipe_still_gives_the_gates_exit_code(cli, tmp_path, monkeypatch):
    """``check --format parquet | head -c 10``: as for the text formats, the
    reader going away does not turn a failing gate into exit 2 (docs/ci.md)."""
    import contextlib
    import os

    write(tmp_path / "bad.txt", BOILERPLATE_ARTICLE)
    read_end, write_end = os.pipe()
    os.close(read_end)  # like `| head -c 10` that already exited
    gone = open(write_end, "w", encoding="utf-8")  # noqa: SIM115
    monkeypatch.setattr(sys, "stdout", gone)
    try:
        result = cli("check", "bad.txt", "--no-models", "--format", "parquet")
    finally:
        with contextlib.suppress(OSError):
            gone.close()
    assert result.code == 1, result.err
    assert "Traceback" not in result.err


def test_sarif_and_github_locate_a_row_without_a_line_of_the_binary_file(cli, tmp_path):
    """A row number given as ``region.startLine`` (or a GitHub ``line``) made a
    viewer show a line of the Parquet file's binary data. The row is a logical
    location (the record's id, ``properties.row``), and the output stays valid."""
    from test_ci_formats import validate_sarif

    _shard(tmp_path / "feed.parquet")
    write(tmp_path / "feed.jsonl", "".join(record(**row) + "\n" for row in ROWS))
    document = cli("check", "feed.parquet", "--no-models", "--format", "sarif", cwd=tmp_path).json()
    validate_sarif(document)
    run = document["runs"][0]
    (location,) = {json.dumps(r["locations"], sort_keys=True) for r in run["results"]}
    assert json.loads(location) == [
        {
            "physicalLocation": {
                "artifactLocation": {"uri": "feed.parquet", "uriBaseId": "%SRCROOT%"}
            },
            "logicalLocations": [{"name": "a1", "kind": "object", "properties": {"row": 1}}],
        }
    ]
    assert run["results"][0]["properties"]["textRegion"]["startLine"] == 2
    (error,) = run["invocations"][0]["toolExecutionNotifications"]
    assert error["locations"] == [
        {
            "physicalLocation": {
                "artifactLocation": {"uri": "feed.parquet", "uriBaseId": "%SRCROOT%"}
            },
            "logicalLocations": [{"name": "row 3", "kind": "object", "properties": {"row": 3}}],
        }
    ]
    # A JSONL record keeps its line in the file, which is a line of text.
    jsonl = cli("check", "feed.jsonl", "--no-models", "--format", "sarif", cwd=tmp_path).json()
    assert jsonl["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["region"] == {
        "startLine": 1,
        "snippet": {"text": "Share This Article"},
    }

    github = cli("check", "feed.parquet", "--no-models", "--format", "github", cwd=tmp_path).out
    assert "line=" not in github
    assert "::error file=feed.parquet,title=input error::row 3: field 'text' is null" in github
    assert "title=boilerplate-share::a1 (row 1, text line 2, column 1): Share" in github


@pytest.mark.parametrize("dictionary", [False, True])
def test_a_row_over_the_size_limit_is_refused_before_its_text_becomes_a_python_string(
    tmp_path, dictionary
):
    """The batch was made into Python rows first and the size looked at after:
    a refused 72 MB row cost its text again as a string (Python's peak during
    the read went from 22 to 130 MB for three 27 MB rows)."""
    import tracemalloc

    from qualitycheck.errors import InputError
    from qualitycheck.readers import InputSource, read_source
    from qualitycheck.readers.base import ReadSettings

    huge = "harbour " * 1_000_000  # 8 MB
    table = pa.table({"id": ["a", "b", "c"], "text": [CLEAN_ARTICLE, huge, BOILERPLATE_ARTICLE]})
    if dictionary:  # (a pandas categorical)
        table = table.set_column(1, "text", table.column("text").dictionary_encode())
    path = tmp_path / "feed.parquet"
    pq.write_table(table, path)
    source = InputSource(str(path), "parquet", path)
    tracemalloc.start()
    try:
        items = list(read_source(source, ReadSettings(max_article_bytes=100_000)))
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert [getattr(item, "id", None) for item in items] == ["a", None, "c"]
    assert isinstance(items[1], InputError) and items[1].line == 2
    assert items[1].message.startswith("too large to check")
    assert peak < len(huge) / 2  # no Python string of the refused text was made


def test_junit_names_a_parquet_row_as_a_row_not_a_line(cli, tmp_path):
    _shard(tmp_path / "feed.parquet")
    junit = cli("check", "feed.parquet", "--no-models", "--format", "junit", cwd=tmp_path).out
    assert "record row 1; places are in its text" in junit and "on line" not in junit


def test_a_damaged_page_is_one_line_naming_the_rows_read_before_it(cli, tmp_path):
    # pyarrow says a damaged page with an OSError over two lines ending in
    # "\n": it was "cannot read: Couldn't deserialize thrift: ...\nDeserializing
    # page header failed.\n" (escaped), without the row it stopped at.
    path = tmp_path / "damaged.parquet"
    texts = [f"Harbour {n}\n" + "The council met on Tuesday. " * 20 for n in range(2_000)]
    table = pa.table({"id": [str(n) for n in range(2_000)], "text": texts})
    pq.write_table(table, path, row_group_size=200, compression="none")
    data = bytearray(path.read_bytes())
    data[len(data) // 2 : len(data) // 2 + 2_000] = b"A" * 2_000
    path.write_bytes(bytes(data))
    result = check_json(cli, path)
    assert result.code == 2, result.err
    [error] = result.json()["summary"]["input_errors"]
    assert error["message"].startswith("cannot read Parquet after row "), error
    assert "\n" not in error["message"] and "\\n" not in result.err, error
    read = int(error["message"].split("after row ")[1].split(":")[0])
    assert 0 < read == len(result.json()["articles"]) < 2_000
