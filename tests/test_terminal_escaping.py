"""Text from articles, file names and record ids never reaches a terminal or a
CI log raw: control characters, line separators and bidirectional overrides
are escaped in ``text`` and ``github`` output and in messages on standard
error, and no line can pass for a workflow command the renderer did not write.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from conftest import CLEAN_ARTICLE, assert_safe_for_a_log, write

from qualitycheck.primitives.terminal import for_terminal, line_start_for_terminal

#: A house rule that quotes what it finds, control characters included.
QUOTING_PACK = """\
rules:
  - id: house-zap
    kind: pattern
    category: boilerplate
    severity: error
    message: 'Zap found: "{match}"'
    pattern: 'zap\\S*'
    examples:
      flag: [The zap was loud.]
      pass: [The bell was loud.]
"""
#: Clears the screen, sets the window title, rings the bell, moves the cursor
#: with an 8-bit CSI, and reverses the text that follows.
HOSTILE = "\x1b[2J\x1b]0;owned\x07\x9b31m\u202eliaf\x7f"


def test_for_terminal_escapes_controls_and_keeps_ordinary_text():
    ordinary = "Café – “quoted” Ελληνικά 中文 עברית 🚲 tab\there % 100:1 ## [x]"
    assert for_terminal(ordinary) == ordinary
    assert for_terminal(HOSTILE) == "\\x1b[2J\\x1b]0;owned\\x07\\x9b31m\\u202eliaf\\x7f"
    assert for_terminal("a\nb\rc\x00d\u2028e") == "a\\nb\\rc\\x00d\\u2028e"
    assert for_terminal("see ##[error]fake") == "see ##\\[error]fake"
    assert line_start_for_terminal("::error file=a::fake") == "\\x3a:error file=a::fake"
    assert line_start_for_terminal("  ::warning::x") == "  \\x3a:warning::x"
    assert line_start_for_terminal("a::b") == "a::b"


@pytest.fixture
def hostile_names(tmp_path: Path) -> tuple[Path, Path]:
    """A folder whose file names, record ids and text carry terminal controls."""
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    body = f"The council met on Tuesday, the mayor said.\nThe zap{HOSTILE} was loud.\n"
    (corpus / f"name{HOSTILE}.txt").write_text("Lanes\n" + body, encoding="utf-8")
    (corpus / "::error file=x.txt::forged.txt").write_text("Lanes\n" + body, encoding="utf-8")
    records = [
        {"id": "r1\n::error file=a.txt,line=1::forged\r\n1 article checked: 1 pass", "text": body},
        {"id": f"r2{HOSTILE}##[error]v1", "text": body},
        {"id": "r3", "text": None},
    ]
    feed = corpus / f"feed{HOSTILE}\n::warning::x.jsonl"
    feed.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    pack = tmp_path / "house.yaml"
    pack.write_text(QUOTING_PACK, encoding="utf-8")
    return corpus, pack


def test_text_output_escapes_names_ids_and_quoted_text(cli, hostile_names):
    corpus, pack = hostile_names
    result = cli("check", corpus, "--rules", pack, "--format", "text")
    assert result.code == 2, result.err  # r3 has no text
    lines = assert_safe_for_a_log(result.out)
    assert not [line for line in lines if line.lstrip().startswith("::")]
    assert lines[-1].startswith("4 articles checked:")
    headers = [line for line in lines if re.search(r"  (pass|warn|fail)  score ", line)]
    assert len(headers) == 4  # four articles with findings
    assert any("\\x1b[2J\\x1b]0;owned\\x07" in line for line in headers)
    assert sum('Zap found: "zap\\x1b[2J' in line for line in lines) == 4
    # The source lines under the findings are escaped too (and never start a line).
    sources = [line for line in lines if line.startswith("  ") and " | " in line]
    assert sum("zap\\x1b[2J" in line for line in sources) == 4
    # Named relative to the working folder, the name starts the line.
    forged = "::error file=x.txt::forged.txt"
    result = cli("check", forged, "--rules", pack, "--format", "text", cwd=corpus)
    assert result.code == 1, result.err
    assert result.out.startswith("\\x3a:error file=x.txt::forged.txt  fail")


def test_github_output_escapes_names_ids_and_quoted_text(cli, hostile_names):
    corpus, pack = hostile_names
    result = cli("check", corpus, "--rules", pack, "--format", "github")
    assert result.code == 2, result.err
    lines = assert_safe_for_a_log(result.out)
    commands = [re.match(r"::(\w+)", line) for line in lines]
    assert all(commands), lines
    zaps = [line for line in lines if "title=house-zap" in line]
    assert len(zaps) == 4 and all(line.startswith("::error ") for line in zaps)
    assert sum("title=input error" in line for line in lines) == 1  # r3 has no text
    assert lines[-1].startswith("::notice title=qualitycheck::4 articles checked")
    assert any("r1\\n::error file=a.txt,line=1::forged\\r\\n1 article" in line for line in lines)


def test_messages_on_standard_error_escape_control_characters(cli, tmp_path):
    hostile = "\x1b]0;owned\x07\nqualitycheck: 0 articles fail"
    record = json.dumps({"id": hostile, "text": CLEAN_ARTICLE})
    write(tmp_path / "feed.jsonl", f"{record}\n{record}\n")  # duplicate id: a warning
    (tmp_path / "\x1b[2J\nfake.txt").write_bytes(b"\x00binary")  # an input error names it
    result = cli("check", tmp_path, "--no-models")
    assert "duplicate id" in result.err and "binary" in result.err
    assert "\x1b" not in result.err and "\x07" not in result.err
    assert all(line.startswith("qualitycheck: ") for line in result.err.splitlines())
