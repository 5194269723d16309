"""The hostile-input campaign (issue 13, "Done when"): folders of generated
hostile files through ``check`` with every output format at once.

Hypothesis builds each folder from the cases the issue found and their
neighbours: file names and JSONL ids with escape sequences, newlines, fake
workflow commands and bytes that are not UTF-8; text with control characters,
bidirectional overrides and NUL bytes; YAML alias bombs, deep nesting and
invalid YAML in front matter; HTML tag soup, huge character references and a
page that looks like this tool's own report; JSONL records of every wrong
shape. ``derandomize`` makes the examples the same on every run, so CI
never meets a failure it cannot reproduce.

Every run must end with exit code 0, 1 or 2, no internal error and no
traceback; every output must parse (JSON, SARIF, JSON Lines, JUnit XML, the
HTML report), the text and GitHub outputs must carry no raw control
character and no line a GitHub runner would take for a command, the output
folder must hold the outputs and nothing else, and the inputs must be
unchanged.
"""

from __future__ import annotations

import json
import os
import re
import tempfile
import xml.etree.ElementTree as ET
from html.parser import HTMLParser
from pathlib import Path

from conftest import assert_safe_for_a_log, tree
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

FILE_OUTPUTS = {
    "json": "r.json",
    "sarif": "r.sarif",
    "junit": "r.xml",
    "jsonl": "r.jsonl",
    "markdown": "r.md",
    "html": "r.html",
    "github": "r.log",
}
CAMPAIGN = settings(
    max_examples=60,
    derandomize=True,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

# --- pieces of hostile text ------------------------------------------------------------

TERMINAL = [
    "\x1b[2J",
    "\x1b]0;owned\x07",
    "\x9b31m",
    "\x1b[1A\x1b[2K",
    "\r",
    "\u202e",
    "\u2066",
    "\u2028",
    "\x85",
    "\x7f",
    "\x00",
]
CI_LOG = ["\n::error file=a.txt,line=1::forged\n", "::warning::x", "##[error]v1", "%0A", "%"]
WORDS = [
    "The council met on Tuesday, the mayor said.",
    "Share This Article",
    "the the",
    "Experts say it is without doubt the best.",
    "Καλημέρα σας",
    "عربي",
    "🚲",
    "It is certain.",
    " ",
    "\t",
]
TEXT = st.lists(st.sampled_from(WORDS + TERMINAL + CI_LOG), max_size=12).map("".join)
NAME = st.lists(
    st.sampled_from(["a", "b", "news", " ", "\x1b[2J", "\u202e", "\n", "::error::x", "##[", "é"]),
    min_size=1,
    max_size=4,
).map("".join)


def front_matter(kind: str, text: str) -> str:
    """Front matter of one hostile ``kind`` for a Markdown article."""
    if kind == "bomb":
        lines = ["a0: &a0 [x, x, x, x, x, x, x, x, x]"]
        lines += [f"a{n}: &a{n} [{', '.join([f'*a{n - 1}'] * 9)}]" for n in range(1, 9)]
        return "---\n" + "\n".join(lines) + "\ntitle: *a8\n---\n"
    if kind == "deep":
        return "---\ntitle: " + "[" * 3000 + "]" * 3000 + "\n---\n"
    if kind == "invalid":
        return "---\ntitle: [unclosed\n---\n"
    if kind == "duplicate":
        return f"---\ntitle: one\ntitle: {json.dumps(text)}\n---\n"
    return f"---\ntitle: {json.dumps(text)}\nurl: {json.dumps(text)}\n---\n"


HTML_PIECES = [
    "<p>",
    "</p>",
    "<div hidden>",
    "</div>",
    "<script>alert(1)</script>",
    "&#" + "9" * 5000 + ";",
    "&#x1b;",
    "<title>",
    "</title>",
    '<meta name="generator" content="other">',
    "<" * 50,
    "<!--",
]


#: Every shape of JSONL line the campaign writes (see jsonl_record).
RECORD_KINDS = (
    "ok",
    "int-id",
    "bool-id",
    "null-text",
    "number-text",
    "nested",
    "invalid",
    "deep",
    "surrogate",
)


def jsonl_record(kind: str, text: str) -> str:
    """One JSONL line of a hostile ``kind``."""
    records = {
        "ok": {"id": text, "text": f"Lanes\n{text}"},
        "int-id": {"id": 10**30, "text": text},
        "bool-id": {"id": True, "text": text},
        "null-text": {"id": "n", "text": None},
        "number-text": {"id": "n", "text": 3.5},
        "nested": {"id": "d", "text": text, "extra": [[[[[]]]]]},
    }
    if kind == "invalid":
        return '{"id": "x", "text": ' + json.dumps(text)[:-1]
    if kind == "deep":
        return "[" * 5000
    if kind == "surrogate":
        return '{"id": "s\\udc00", "text": "Share This Article\\n\\ud800"}'
    return json.dumps(records[kind], ensure_ascii=bool(len(text) % 2))


ARTICLE = st.one_of(
    st.tuples(st.just("txt"), TEXT.map(lambda t: f"Harbour lanes\n{t}\n")),
    st.tuples(
        st.just("md"),
        st.tuples(st.sampled_from(["bomb", "deep", "invalid", "duplicate", "text"]), TEXT).map(
            lambda case: front_matter(*case) + f"# Lanes\n\n{case[1]}\n"
        ),
    ),
    st.tuples(
        st.just("html"),
        st.lists(st.one_of(st.sampled_from(HTML_PIECES), TEXT), max_size=10).map("".join),
    ),
    st.tuples(
        st.just("jsonl"),
        st.lists(
            st.tuples(
                st.sampled_from(RECORD_KINDS),
                TEXT,
            ).map(lambda case: jsonl_record(*case)),
            max_size=5,
        ).map(lambda lines: "\n".join(lines) + "\n"),
    ),
    st.tuples(st.just("txt"), st.binary(max_size=64).map(lambda b: b"\x89PNG\x00" + b)),
    st.tuples(st.just("txt"), st.binary(max_size=200)),
)


@given(articles=st.lists(st.tuples(NAME, ARTICLE), min_size=1, max_size=6))
@CAMPAIGN
def test_hostile_folders_through_every_output_format(cli, articles):
    with tempfile.TemporaryDirectory() as scratch:
        corpus, out = Path(scratch) / "corpus", Path(scratch) / "out"
        corpus.mkdir()
        for index, (name, (suffix, content)) in enumerate(articles):
            data = content.encode() if isinstance(content, str) else content
            raw_name = os.fsencode(f"{index}-{name}.{suffix}")
            if index % 3 == 2:
                raw_name = b"\xff" + raw_name  # not UTF-8
            (corpus / os.fsdecode(raw_name)).write_bytes(data)
        before = tree(corpus)
        extra = [f"--output-format={name}={out / file}" for name, file in FILE_OUTPUTS.items()]
        result = cli("check", corpus, "--format", "text", *extra)

        assert result.code in (0, 1, 2), result.err
        assert "Traceback" not in result.err and "internal error" not in result.err, result.err
        assert tree(corpus) == before
        assert sorted(path.name for path in out.iterdir()) == sorted(FILE_OUTPUTS.values())
        document = json.loads((out / "r.json").read_text(encoding="utf-8"))
        assert document["summary"]["articles"] == len(document["articles"])
        json.loads((out / "r.sarif").read_text(encoding="utf-8"))
        for line in (out / "r.jsonl").read_bytes().split(b"\n")[:-1]:
            json.loads(line)  # not str.splitlines: JSON writes U+2028 as it is
        ET.fromstring((out / "r.xml").read_bytes())
        HTMLParser().feed((out / "r.html").read_text(encoding="utf-8"))

        assert_safe_for_a_log(result.out, "text output")
        assert_safe_for_a_log(result.err, "standard error")
        assert not [line for line in result.out.splitlines() if line.lstrip().startswith("::")]
        github = (out / "r.log").read_text(encoding="utf-8")
        assert_safe_for_a_log(github, "github output")
        for line in github.split("\n")[:-1]:
            assert re.match(r"::(error|warning|notice) ", line), line
