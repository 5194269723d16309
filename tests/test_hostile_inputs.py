"""Hostile inputs: YAML alias bombs, huge and vanishing files, and a campaign.

- A YAML alias bomb in a config or a rule pack is refused with file:line,
  and in Markdown front matter ignored with a warning (issue 13, item 10).
- An article or JSONL record over the size limit is an input error, binary
  content is recognised from its first block, a MemoryError is an input error
  for that article (item 16, the reader part).
- A file removed during the run is not called a broken symbolic link (item 17).
- The campaign: generated hostile inputs through ``check`` with every output
  format at once; no internal error, every output parseable, nothing raw
  reaches a terminal, the inputs untouched.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import BOILERPLATE_ARTICLE

from qualitycheck.primitives import yamlsource


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8", newline="")
    return path


def alias_bomb(levels: int, width: int = 8, indent: str = "") -> str:
    """``levels`` lines of anchors, each repeating the previous one ``width``
    times: ``width ** levels`` values in a few hundred bytes."""
    lines = [f"{indent}l0: &l0 [{', '.join(['x'] * width)}]"]
    for level in range(1, levels):
        lines.append(f"{indent}l{level}: &l{level} [{', '.join([f'*l{level - 1}'] * width)}]")
    return "\n".join(lines) + "\n"


# --- item 10: YAML alias bombs -------------------------------------------------------


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
        f"qualitycheck: error: {tmp_path / 'qualitycheck.yaml'}:6: "
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
