"""YAML the tool reads is loaded within a budget: an alias bomb or nesting too
deep is refused with file and line in a config or a rule pack (the run stops),
and ignored with a warning in Markdown front matter (the article is checked).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import BOILERPLATE_ARTICLE, CpuClock, assert_positions, deadline, write

from qualitycheck.errors import LocatedError
from qualitycheck.primitives import yamlsource


def alias_bomb(levels: int, width: int = 8, indent: str = "") -> str:
    """``levels`` lines of anchors, each repeating the previous one ``width``
    times: ``width ** levels`` values in a few hundred bytes."""
    lines = [f"{indent}l0: &l0 [{', '.join(['x'] * width)}]"]
    for level in range(1, levels):
        lines.append(f"{indent}l{level}: &l{level} [{', '.join([f'*l{level - 1}'] * width)}]")
    return "\n".join(lines) + "\n"


def test_alias_budget_counts_expanded_values_and_names_the_line():
    # l0 is 9 values; each later line adds width * size of the line before.
    assert yamlsource.load_yaml_text(alias_bomb(3), "ok.yaml")["l2"][7][0] == ["x"] * 8
    with pytest.raises(yamlsource.LocatedError) as refused:
        yamlsource.load_yaml_text(alias_bomb(30), "bomb.yaml")
    # l1 adds 8 * 9, l2 8 * 73, l3 8 * 585: 5,336 in all; l4's first aliases pass 10,000.
    assert str(refused.value) == (
        "bomb.yaml:5: YAML aliases expand past 10,000 values (an alias bomb?)"
    )
    with pytest.raises(yamlsource.LocatedError):
        yamlsource.load_yaml_data("a: &a [1, 2]\n" + "b: [" + ", ".join(["*a"] * 6000) + "]", "x")
    # Shared nodes are counted, not expanded: a 2**200 bomb is refused at once,
    # on line 12 (a11), where the aliases have added 8,164 + 4,095 values.
    chain = "a0: &a0 [x, x]\n" + "".join(
        f"a{n}: &a{n} [*a{n - 1}, *a{n - 1}]\n" for n in range(1, 200)
    )
    with pytest.raises(yamlsource.LocatedError, match=r"^chain.yaml:12: YAML aliases expand"):
        yamlsource.load_yaml_text(chain, "chain.yaml")


def test_alias_bomb_in_a_found_config_is_a_config_error(cli, tmp_path):
    write(tmp_path / "qualitycheck.yaml", "languages: [en]\n" + alias_bomb(6))
    article = write(tmp_path / "hostile" / "folder" / "a.txt", BOILERPLATE_ARTICLE)
    result = cli("check", article, "--format", "json", cwd=article.parent)
    assert result.code == 2
    assert result.err.splitlines()[-1] == (
        "qualitycheck: error: ../../qualitycheck.yaml:6: "  # (found: named from where it ran)
        "YAML aliases expand past 10,000 values (an alias bomb?)"
    )
    assert result.out == ""


def test_alias_bomb_in_a_rule_pack_is_a_rule_error(cli, tmp_path):
    pack = write(tmp_path / "pack.yaml", alias_bomb(6) + "rules: []\n")
    article = write(tmp_path / "a.txt", BOILERPLATE_ARTICLE)
    result = cli("check", article, "--rules", pack)
    assert result.code == 2
    assert result.err.splitlines()[-1] == (
        f"qualitycheck: error: {pack}:5: YAML aliases expand past 10,000 values (an alias bomb?)"
    )


def test_markdown_front_matter_too_deep_or_aliased_is_ignored_with_a_warning(cli, tmp_path):
    body = "The town council approved four kilometres of new cycle lanes on Tuesday.\n"
    deep = "---\ntitle: Lanes\nnested: " + "[" * 5000 + "]" * 5000 + "\n---\n" + body
    # Nine lines of YAML aliases stand for 8**8 items: turned into text, the title
    # would never finish. The loader refuses them where they pass its budget
    # (line 6, the aliases of "e"); fewer aliases are read, and a list is no title.
    aliases = ["a: &a [x, x, x, x, x, x, x, x]"]
    for previous, name in zip("abcdefg", "bcdefgh", strict=True):
        aliases.append(f"{name}: &{name} [{', '.join([f'*{previous}'] * 8)}]")
    bomb = "---\n" + "\n".join(aliases) + "\ntitle: *h\nurl: *h\nlang: *h\n---\n" + body
    lists = "---\n" + "\n".join(aliases[:2]) + "\ntitle: *b\nurl: *b\nlang: *b\n---\n" + body
    folder = tmp_path / "front"
    write(folder / "deep.md", deep)
    write(folder / "bomb.md", bomb)
    write(folder / "lists.md", lists)
    with deadline(60):
        result = cli("check", folder, "--format", "json")
    assert result.code in (0, 1), result.err
    document = result.json()
    assert document["summary"]["input_errors"] == []
    warnings = {Path(a["path"]).name: a["warnings"] for a in document["articles"]}
    assert warnings == {
        "bomb.md": [
            "front matter ignored at line 6: YAML aliases expand past 10,000 values "
            "(an alias bomb?)"
        ],
        "deep.md": [
            "front matter ignored at line 3: invalid YAML: exceeded maximum nesting depth "
            "(while increasing flow level)"
        ],
        "lists.md": [
            "front matter 'title' is a list, not text; ignored",
            "front matter 'lang' is a list, not text; ignored",
            "front matter 'url' is a list, not text; ignored",
        ],
    }
    for article in document["articles"]:
        assert article["title"] is None and article["url"] is None
        assert article["metrics"]["words"] == len(body.split())
        assert_positions(article)


@pytest.mark.parametrize(
    ("text", "line"),
    [
        ("a: &a [*a]\n", 1),
        ("top:\n  inner: &m\n    again: *m\n", 3),
        ("- &s\n  - x\n  - - *s\n", 3),
    ],
)
def test_an_alias_inside_its_own_anchor_is_refused_at_its_line(text, line):
    # Each expands forever; without the check the loader never returns.
    for load in (yamlsource.load_yaml_text, yamlsource.load_yaml_data):
        with deadline(20), pytest.raises(yamlsource.LocatedError) as refused:
            load(text, "cycle.yaml")
        assert str(refused.value) == (
            f"cycle.yaml:{line}: a YAML alias refers to the value that contains it"
        )
    # A shared anchor that is not inside itself is read.
    assert yamlsource.load_yaml_text("a: &a [1]\nb: [*a, *a]\n", "ok.yaml")["b"] == [[1], [1]]


def test_a_self_referring_alias_stops_a_config_and_pack_and_is_ignored_in_front_matter(
    cli, tmp_path
):
    article = write(tmp_path / "a.txt", BOILERPLATE_ARTICLE)
    config = write(tmp_path / "conf" / "qualitycheck.yaml", "languages: [en]\nx: &x [*x]\n")
    pack = write(tmp_path / "pack.yaml", "rules:\n  - &r [*r]\n")
    marked = write(tmp_path / "m.md", "---\ntitle: &t [*t]\n---\n\nThe council met on Monday.\n")
    for option, path in (("--config", config), ("--rules", pack)):
        with deadline(60):
            result = cli("check", article, option, path)
        assert result.code == 2
        assert result.err.splitlines()[-1] == (
            f"qualitycheck: error: {path}:2: a YAML alias refers to the value that contains it"
        )
    with deadline(60):
        result = cli("check", marked, "--format", "json")
    assert result.code in (0, 1), result.err
    (checked,) = result.json()["articles"]
    assert checked["warnings"] == [
        "front matter ignored at line 2: a YAML alias refers to the value that contains it"
    ]
    assert checked["title"] is None


def test_a_syntax_error_points_where_the_broken_construct_starts(tmp_path):
    """An unclosed quote is reported at its opening quote, with column and
    PyYAML's context, not at the end of the file; UTF-16 is named as such."""
    pack = tmp_path / "p.yaml"
    pack.write_text(
        'rules:\n  - id: x\n    kind: phrase\n    message: "x {match}\n    phrases: [a]\n',
        encoding="utf-8",
    )
    with pytest.raises(LocatedError) as caught:
        yamlsource.load_yaml_file(pack)
    assert (caught.value.line, caught.value.column) == (4, 14)
    assert "while scanning a quoted scalar" in caught.value.message
    pack.write_bytes("a: 1\n".encode("utf-16"))
    with pytest.raises(LocatedError, match=r"UTF-16 text .*save it as UTF-8"):
        yamlsource.load_yaml_file(pack)


def test_a_syntax_error_deep_in_a_file_is_told_at_its_line_not_the_mapping_s_start(tmp_path):
    pack = tmp_path / "block.yaml"
    pack.write_text(
        "rules:\n" + "".join(f"  - id: r{n}\n" for n in range(150)) + " - id: oops\n",
        encoding="utf-8",
    )
    with pytest.raises(LocatedError) as caught:
        yamlsource.load_yaml_file(pack)
    assert (caught.value.line, caught.value.column) == (152, 2)
    assert "while parsing a block mapping at line 1, column 1" in caught.value.message


def test_a_value_yaml_reads_as_a_type_it_cannot_build_is_an_error_at_its_line(cli, tmp_path):
    """``2024-02-30`` resolves to a date that does not exist and a number of
    100,000 digits to an int past Python's limit: PyYAML raises ValueError,
    which was an internal error (front matter) or a traceback (config)."""
    body = "The town council approved four kilometres of new cycle lanes on Tuesday.\n"
    write(tmp_path / "a.md", "---\ntitle: Lanes\ndate: 2024-02-30\n---\n" + body)
    write(tmp_path / "b.md", "---\ntitle: Lanes\nviews: " + "1" * 100_000 + "\n---\n" + body)
    result = cli("check", "a.md", "b.md", "--no-models", "--format", "json")
    assert result.code == 0, result.err
    document = result.json()
    assert document["summary"]["input_errors"] == []
    assert [a["warnings"] for a in document["articles"]] == [
        [
            "front matter ignored at line 3: invalid value '2024-02-30': day is out of range "
            "for month (quote it to keep it as text)"
        ],
        [
            "front matter ignored at line 3: invalid value '" + "1" * 40 + "…': Exceeds the "
            "limit (4300 digits) for integer string conversion: value has 100000 digits (quote "
            "it to keep it as text)"
        ],
    ]
    write(tmp_path / "qualitycheck.yaml", "exclude:\n  - drafts\nfail_on: 2024-02-30\n")
    config = cli("check", "a.md", "--no-models")
    assert config.code == 2 and "Traceback" not in config.err
    assert config.err.splitlines()[-1] == (
        "qualitycheck: error: qualitycheck.yaml:3:10: invalid value '2024-02-30': "
        "day is out of range for month (quote it to keep it as text)"
    )


def test_a_file_that_is_not_utf8_or_holds_a_control_character_is_told_at_its_line(cli, tmp_path):
    """A Latin-1 config and a pack with a NUL byte were refused with Python's
    codec error ("can't decode byte 0xe9 in position 11") or PyYAML's reader
    error ('in "<unicode string>", position 90'): an offset, no line."""
    latin = tmp_path / "latin.yaml"
    latin.write_bytes("languages: [en]\ndisable: [café]\n".encode("latin-1"))
    with pytest.raises(LocatedError) as caught:
        yamlsource.load_yaml_file(latin)
    assert (caught.value.line, caught.value.column) == (2, 14)
    assert caught.value.message == "not UTF-8: byte 0xe9 cannot be read; save the file as UTF-8"
    pack = tmp_path / "nul.yaml"
    pack.write_bytes("rules:\n  - phrases: [café, a\x00b]\n".encode())
    with pytest.raises(LocatedError) as caught:
        yamlsource.load_yaml_file(pack)
    assert (caught.value.line, caught.value.column) == (2, 22)
    assert caught.value.message == (
        "invalid YAML: unacceptable character #x0000: control characters are not allowed"
    )
    article = write(tmp_path / "a.txt", BOILERPLATE_ARTICLE)
    result = cli("check", article, "--config", latin)
    assert result.code == 2
    assert result.err.splitlines()[-1] == (
        f"qualitycheck: error: {latin}:2:14: not UTF-8: byte 0xe9 cannot be read; "
        "save the file as UTF-8"
    )


def test_a_document_of_too_many_values_is_refused_before_its_nodes_are_built(cli, tmp_path):
    """A 2 MB config of a million one-letter list items took 29 s and 530 MB
    to be refused for its list length (PyYAML built every node first), and one
    at the 16 MiB file limit minutes and gigabytes."""
    config = tmp_path / "qualitycheck.yaml"
    config.write_text(
        "fail_on: error\nexclude: [" + ",".join(["a"] * 1_000_000) + "]\n", encoding="utf-8"
    )
    article = write(tmp_path / "a.txt", BOILERPLATE_ARTICLE)
    with CpuClock() as clock:
        result = cli("check", article, "--config", config)
    assert result.code == 2
    assert result.err.splitlines()[-1] == (
        f"qualitycheck: error: {config}:2:1000001: more than 500,000 YAML values; not read"
    )
    assert clock.seconds < 12  # about 2 s: the events of 500,000 values, no nodes
    # Below the budget a long document (counted: over 500,000 characters) still
    # loads, and its list is then refused for its length.
    config.write_text("exclude: [" + ",".join(["abcd"] * 150_000) + "]\n", encoding="utf-8")
    assert (
        "exclude: 150,000 items; at most 100,000" in cli("check", article, "--config", config).err
    )


def test_a_tab_that_indents_is_named_as_a_tab(tmp_path):
    """libyaml says only "found character that cannot start any token" for a
    tab at the start of a line; an editor cannot see which character."""
    config = tmp_path / "qualitycheck.yaml"
    config.write_text("disable:\n\t- readability\n", encoding="utf-8")
    with pytest.raises(LocatedError) as caught:
        yamlsource.load_yaml_file(config)
    assert (caught.value.line, caught.value.column) == (2, 1)
    assert caught.value.message == (
        "invalid YAML: found character that cannot start any token (a tab: YAML indents with "
        "spaces) (while scanning for the next token)"
    )
    config.write_text("disable:\n  - readability\n@x: 1\n", encoding="utf-8")
    with pytest.raises(LocatedError) as caught:
        yamlsource.load_yaml_file(config)
    assert "tab" not in caught.value.message
