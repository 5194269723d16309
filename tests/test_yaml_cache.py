"""Parsed YAML files from the per-user cache (primitives/yamlcache.py): the
same containers, lines and columns as parsing; errors never kept."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from qualitycheck.errors import LocatedError
from qualitycheck.primitives import cache, yamlcache, yamlsource
from qualitycheck.primitives.located import LocatedDict, LocatedList

DOCUMENT = """\
# a pack
rules:
  harbour-phrase:
    kind: phrase
    severity: warn
    phrases: [ "a", 'b', c ]
    weights: {x: 1.5, y: -2, z: .inf}
    flags:
      - true
      - null
      - ~
      -
        nested: [[1, 2], {deep: "é"}]
    blob: !!binary aGFyYm91cg==
    anchors: &a [1, 2]
    again: *a
empty: {}
none: []
"""

ROOT = Path(__file__).resolve().parents[1]


def same(left: object, right: object) -> bool:
    """Equal values, container types, lines and columns all the way down."""
    if type(left) is not type(right):
        return False
    if isinstance(left, LocatedDict):
        assert isinstance(right, LocatedDict)
        return (
            list(left) == list(right)
            and (left.line, left.key_lines, left.key_columns)
            == (right.line, right.key_lines, right.key_columns)
            and all(same(left[k], right[k]) for k in left)
        )
    if isinstance(left, LocatedList):
        assert isinstance(right, LocatedList)
        return (
            len(left) == len(right)
            and (left.line, left.item_lines, left.item_columns)
            == (right.line, right.item_lines, right.item_columns)
            and all(same(a, b) for a, b in zip(left, right, strict=True))
        )
    return bool(left == right)


@pytest.fixture
def cache_folder(tmp_path, monkeypatch):
    folder = tmp_path / "cache"
    monkeypatch.setenv(cache.ENVIRONMENT, str(folder))
    return folder


def test_a_document_comes_back_the_same_from_its_flat_form():
    parsed = yamlsource.load_yaml_text(DOCUMENT, "pack.yaml")
    back = yamlcache.unflattened(yamlcache.flattened(parsed))
    assert same(back, parsed)
    assert back["rules"]["harbour-phrase"]["blob"] == b"harbour"
    assert back["rules"].line_of("harbour-phrase") == 3
    assert back["rules"]["harbour-phrase"]["flags"].line_of(3) == 13
    assert not same(back, yamlsource.load_yaml_text(DOCUMENT.replace("# a pack\n", ""), "p"))


def test_a_second_read_of_a_file_is_the_kept_one_and_does_not_parse(
    cache_folder, tmp_path, monkeypatch
):
    pack = tmp_path / "pack.yaml"
    pack.write_text(DOCUMENT, encoding="utf-8")
    first = yamlsource.load_yaml_file(pack)
    assert list(cache_folder.glob("yaml-located-*.marshal"))

    def no_parse(text: str, path: str) -> None:
        raise AssertionError("parsed again")

    monkeypatch.setattr(yamlsource, "load_yaml_text", no_parse)
    assert same(yamlsource.load_yaml_file(pack), first)
    pack.write_text(DOCUMENT.replace("warn", "fail"), encoding="utf-8")  # another key
    with pytest.raises(AssertionError, match="parsed again"):
        yamlsource.load_yaml_file(pack)


def test_an_empty_document_is_kept_as_nothing(cache_folder, tmp_path, monkeypatch):
    empty = tmp_path / "empty.yaml"
    empty.write_text("# nothing yet\n", encoding="utf-8")
    assert yamlsource.load_yaml_file(empty) is None
    monkeypatch.setattr(yamlsource, "load_yaml_text", lambda text, path: 1 / 0)
    assert yamlsource.load_yaml_file(empty) is None


def test_a_date_is_not_kept_and_the_file_reads_the_same_each_time(cache_folder, tmp_path):
    dated = tmp_path / "dated.yaml"
    dated.write_text("since: 2024-05-01\n", encoding="utf-8")
    first = yamlsource.load_yaml_file(dated)
    assert not list(cache_folder.glob("yaml-located-*.marshal"))
    assert same(yamlsource.load_yaml_file(dated), first)
    assert str(first["since"]) == "2024-05-01"


@pytest.mark.parametrize(
    "text, line",
    [("a: 1\na: 2\n", 2), ("a: [1, 2\n", None), ("a: &x [*x]\n", 1)],
    ids=["duplicate key", "unclosed", "self alias"],
)
def test_an_error_is_never_kept_and_names_its_line_each_time(cache_folder, tmp_path, text, line):
    broken = tmp_path / "broken.yaml"
    broken.write_text(text, encoding="utf-8")
    for _ in range(2):
        with pytest.raises(LocatedError) as caught:
            yamlsource.load_yaml_file(broken)
        assert caught.value.path == str(broken)
        if line is not None:
            assert caught.value.line == line
    assert not list(cache_folder.glob("yaml-located-*.marshal"))


@pytest.mark.parametrize(
    "entry",
    [
        ("d", 1, ["a"], [1], [1]),  # a field short
        ("d", 1, ["a", "a"], [1, 2], [1, 1], [1, 2]),  # a key twice
        ("d", 1, ["a"], [1], [1], [object]),  # a value marshal cannot hold: never read
        ("l", 1, [1, 2], [1], [1, 2]),  # a line missing
        ("l", "1", [], [], []),  # a line that is text
        ("x", 1, [], [], []),
        ["d", 1, [], [], [], []],  # a list, not a tuple
        ((("d", 1, [], [], [], []),),),  # boxed twice
    ],
)
def test_a_kept_entry_of_another_shape_is_parsed_again(cache_folder, tmp_path, entry):
    pack = tmp_path / "pack.yaml"
    pack.write_text(DOCUMENT, encoding="utf-8")
    data = pack.read_bytes()
    # (marshal refuses ``object``: nothing is kept then, as in a real run)
    cache.store(yamlcache.CACHE_NAME, yamlcache.key_of(data), (entry,))
    assert yamlcache.load(data) is None
    assert same(yamlsource.load_yaml_file(pack), yamlsource.load_yaml_text(DOCUMENT, "p"))


def test_what_is_kept_is_plain_data_marshal_writes():
    flat = yamlcache.flattened(yamlsource.load_yaml_text(DOCUMENT, "pack.yaml"))

    def plain(value: object) -> bool:
        if isinstance(value, tuple | list):
            return all(plain(item) for item in value)
        return type(value) in (str, int, float, bool, type(None), bytes)

    assert plain(flat)
    with pytest.raises(ValueError):
        yamlcache.flattened(yamlsource.load_yaml_text("since: 2024-05-01\n", "d"))


def test_a_run_with_its_packs_kept_does_not_import_pyyaml(tmp_path):
    """The point of the cache: the second run of a check never imports
    PyYAML (0.04 s of a one-file run) and finds the same."""
    article = tmp_path / "article.txt"
    article.write_text(
        "Harbour reopens\nThe harbour reopened on Monday, and it is certain that the "
        "West does not possess such ferries. Share This Article\n",
        encoding="utf-8",
    )
    program = (
        "import sys\n"
        "from qualitycheck.cli import main\n"
        "code = main(['check', '--format', 'json', sys.argv[1]])\n"
        "sys.stderr.write('yaml imported\\n' if 'yaml' in sys.modules else 'no yaml\\n')\n"
        "sys.exit(code)\n"
    )
    env = {**os.environ, cache.ENVIRONMENT: str(tmp_path / "cache"), "PYTHONPATH": str(ROOT)}
    runs = [
        subprocess.run(
            [sys.executable, "-c", program, str(article)],
            capture_output=True,
            text=True,
            env=env,
            cwd=tmp_path,
            timeout=120,
        )
        for _ in range(2)
    ]
    assert runs[0].stderr.strip().endswith("yaml imported")
    assert runs[1].stderr.strip().endswith("no yaml")
    assert runs[0].stdout == runs[1].stdout
    assert '"findings": [' in runs[0].stdout and runs[0].returncode == runs[1].returncode
