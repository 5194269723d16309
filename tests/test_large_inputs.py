"""Large inputs cost time linear in their size and keep exact positions: a 20 MB
line, 100,000 one-character lines, HTML nested 20,000 deep, Markdown inline
syntax on a long line.

Costs are bounded in CPU time (``CpuClock``) or as growth ratios with slack,
never in wall-clock time; ``deadline`` only turns a hang into a failure.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import CpuClock, assert_positions, deadline, record, write

from qualitycheck.errors import InputError
from qualitycheck.readers import InputSource, read_source
from qualitycheck.readers.base import ReadSettings


def prose(size: int) -> str:
    """About ``size`` characters of news prose on one line, with something for
    several rule kinds to find (a doubled word, a vague source, quoted speech, a
    Greek phrase, a line of boilerplate inside the paragraph)."""
    sentences = (
        "The harbour authority opened the new ferry terminal on Friday morning.",
        "Passengers can now board from two covered platforms instead of one.",
        "“We waited two winters for this,” said Ana Petrović, who runs the kiosk.",
        "The project cost about 14 million euros, according to the regional budget.",
        "Some residents complained about the noise of the night shifts last year.",
        "The ferry leaves at 7:40 and the the timetable is posted at the gate.",
        "A sign in the hall still reads καλημέρα σας for visitors from Piraeus.",
        "The new paint scheme for the waiting hall was chosen by pupils of the harbour school.",
        "Share This Article",
        "Ticket prices will stay the same until January, the operator said.",
    )
    return _repeated(sentences, size)[:size]


def _repeated(sentences: tuple[str, ...], size: int) -> str:
    """The sentences in turn, joined by spaces, until there are ``size`` characters."""
    parts: list[str] = []
    total = 0
    while total < size:
        sentence = sentences[len(parts) % len(sentences)]
        parts.append(sentence)
        total += len(sentence) + 1
    return " ".join(parts)


# --- a 20 MB single line and linear growth ----------------------------------------


@pytest.mark.slow
def test_a_20_mb_single_line_is_checked_with_exact_positions(cli, tmp_path, monkeypatch):
    """About 30 s here: every rule runs (none is skipped for its time budget) and
    every finding points at its characters. Rules only: the models add about a
    minute of per-sentence work on 20 MB, and minutes more while the claims
    model's loop named in the next test is quadratic."""
    from qualitycheck.readers import base

    monkeypatch.setattr(base, "MAX_ARTICLE_BYTES", 30_000_000)  # past the 10 MB default
    headline = "Harbour terminal opens after two winters of work"
    body = prose(20_000_000)
    path = write(tmp_path / "one-line.txt", f"{headline}\n{body}\n")
    output = tmp_path / "result.json"
    with deadline(600), CpuClock() as clock:
        result = cli("check", path, "--no-models", "--format", "json", "-o", output)
    assert result.code == 0, result.err  # warnings only: a widget inside a paragraph is text
    assert clock.seconds < 120, f"20 MB took {clock.seconds:.0f} s of CPU"
    [article] = json.loads(output.read_text(encoding="utf-8"))["articles"]
    assert article["warnings"] == []  # no rule ran out of time on the long line
    assert article["metrics"]["words"] > 3_000_000
    findings = article["findings"]
    rules = {f["rule"] for f in findings}
    assert rules == {"mt-doubled-word", "mt-untranslated-segment", "claim-vague-source"}
    assert article["verdict"] == "warn"
    source = f"{headline}\n{body}\n"
    assert all(f["line"] == f["end_line"] == 2 for f in findings)
    assert_positions(article, source)
    # One doubled word per round of ten sentences, to the very end of the line.
    doubled = [f["start"] for f in findings if f["rule"] == "mt-doubled-word"]
    assert len(doubled) == body.count(" the the ")
    assert doubled[-1] > len(source) - 2_000


LINEAR_SENTENCES = (
    "Many experts believe the new terminal is without doubt the best in the region.",
    "“We waited two winters for this,” said Ana Petrović, who runs the kiosk.",
    "The ferry now leaves at 7:40, and the the timetable is posted online.",
    "Critics say the project was a shameful waste of public money.",
    "According to the port authority, 1,200 passengers used it on Friday.",
    "Clearly, this is the most important harbour in the country.",
    "The colour of the hull was chosen by the crew; the color of the sails was not.",
)


def _dense_paragraph(size: int) -> str:
    return "Harbour terminal opens\n" + _repeated(LINEAR_SENTENCES, size) + "\n"


@pytest.mark.slow
def test_checking_time_grows_linearly_with_the_length_of_a_line():
    """Eight times the text may take about eight times as long, not sixty-four:
    CPU time of the default pipeline (models on) on one paragraph dense with
    claims, quotes, mixed spellings and rule exceptions, at 100 kB and 800 kB."""
    from qualitycheck.config.settings import Config
    from qualitycheck.pipeline.checker import Checker
    from qualitycheck.readers.txt import parse_text

    checker = Checker(Config())
    checker.check(parse_text(_dense_paragraph(5_000), "warm-up", "w.txt"))

    def cpu_seconds(size: int, runs: int) -> float:
        best = float("inf")
        for _ in range(runs):
            article = parse_text(_dense_paragraph(size), "x", "x.txt")
            with CpuClock() as clock:
                result = checker.check(article)
            best = min(best, clock.seconds)
            assert result.findings
        return best

    small, large = cpu_seconds(100_000, 3), cpu_seconds(800_000, 1)
    assert large / small < 12, f"100 kB: {small:.2f} s, 800 kB: {large:.2f} s"


@pytest.mark.slow
def test_100000_one_character_lines_are_checked_in_linear_time(cli, tmp_path):
    # Every line is a block and many are boilerplate findings; matching findings
    # to blocks once took blocks × findings steps (over three minutes here).
    lines = "\n".join("abc.#-|>*"[index % 9] for index in range(100_000))
    folder = tmp_path / "lines"
    write(folder / "lines.txt", lines)
    (folder / "lines.jsonl").write_text(record(id="lines", text=lines) + "\n", encoding="utf-8")
    with deadline(180), CpuClock() as clock:
        result = cli("check", folder, "--format", "json", "--jobs", "1")
    assert result.code in (0, 1), result.err
    assert result.json()["summary"]["input_errors"] == []
    assert clock.seconds < 60, f"{clock.seconds:.1f} s of CPU"


# --- deep HTML ---------------------------------------------------------------------


def test_html_nested_very_deep_is_read(tmp_path):
    path = tmp_path / "deep.html"
    depth = 20_000
    path.write_text("<div>" * depth + "Deep text" + "</div>" * depth, encoding="utf-8")
    [article] = read_source(InputSource(str(path), "html", path), ReadSettings())
    assert not isinstance(article, InputError), article
    assert [b.text for b in article.blocks] == ["Deep text"]


def test_html_nested_20000_deep_with_the_default_pipeline(cli, tmp_path):
    depth = 20_000
    sentence = "The harbour authority opened the new ferry terminal on Friday."
    folder = tmp_path / "deep"
    shapes = {
        "blocks.html": "<div><section>" * depth + f"<p>{sentence}</p>" + "</section></div>" * depth,
        "inline.html": "<p>" + "<span><b>" * depth + sentence + "</b></span>" * depth + "</p>",
        "unclosed.html": "<div>" * depth + "<p>" + sentence,
        "hidden.html": "<div hidden>" * depth
        + "Share This Article"
        + "</div>" * depth
        + f"<p>{sentence}</p>",
        "lists.html": "<ul><li>" * depth + sentence + "</li></ul>" * depth,
        "stray-closers.html": "</div></p></li>" * depth + f"<p>{sentence}</p>",
    }
    for name, text in shapes.items():
        write(folder / name, text)
    with deadline(120), CpuClock() as clock:
        result = cli("check", folder, "--format", "json")
    assert result.code in (0, 1), result.err
    assert clock.seconds < 30, f"{clock.seconds:.1f} s of CPU"
    document = result.json()
    assert document["summary"]["input_errors"] == []
    assert sorted(Path(a["path"]).name for a in document["articles"]) == sorted(shapes)
    for article in document["articles"]:
        assert article["warnings"] == [], article["path"]
        assert article["metrics"]["words"] == len(sentence.split()), article["path"]
        assert_positions(article)
        assert all(f["rule"] != "boilerplate-share" for f in article["findings"])
    report = tmp_path / "deep.html"
    assert cli("report", folder, "-o", report).code == 0
    # Every file is in the report (the sentence itself lies past the source the report
    # embeds, and a one-line article has no boilerplate finding to quote it).
    written = report.read_text(encoding="utf-8")
    assert all(name in written for name in shapes)


# --- long Markdown lines -------------------------------------------------------------


@pytest.mark.parametrize(
    "unit",
    ["[", "![", "`a", "[a]", "a <!--", "(b) [x]"],
    ids=["brackets", "images", "backticks", "bracketed", "comments", "mixed"],
)
def test_markdown_inline_syntax_on_a_long_line_reads_in_linear_time(unit):
    # Each unclosed "[" or backtick once searched the rest of the line again:
    # a 2 MB line of "[" took minutes.
    from qualitycheck.readers.base import ReadSettings
    from qualitycheck.readers.markdown import read_markdown

    timings = []
    for size in (200_000, 800_000):
        source = "Ferry news " + unit * (size // len(unit)) + " ends here."
        with deadline(60), CpuClock() as clock:
            [article] = read_markdown(source, "long.md", ReadSettings())
        timings.append(clock.seconds)
        assert article.blocks and article.blocks[-1].text.endswith("ends here.")
    # Linear is 4 times (800 kB against 200 kB), quadratic 16: CPU time, with slack.
    assert timings[1] < max(2.0, 10 * timings[0]), timings
