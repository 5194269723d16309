"""``--format text`` and ``concise``: clickable ``path:line:col:`` lines, the
source line with carets under the flagged words, JSONL records located inside
the record."""

from __future__ import annotations

import json

from conftest import EXAMPLES, CpuClock, write
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from qualitycheck.renderers.snippet import display_width, snippet


def test_each_finding_is_located_and_underlined(cli, tmp_path):
    write(tmp_path / "story.txt", "Harbour reopens\nShare This Article\nThe harbour reopened.\n")
    out = cli("check", "story.txt", "--no-models").out.splitlines()
    at = out.index(
        'story.txt:2:1: error Share widget text left by the scraper: "Share This Article" '
        "[boilerplate-share]"
    )
    assert out[at + 1] == "  2 | Share This Article"
    assert out[at + 2] == "    | " + "^" * len("Share This Article")


def test_concise_prints_one_line_per_finding(cli, tmp_path):
    write(tmp_path / "story.txt", "Harbour reopens\nShare This Article\nLeave a Reply\n")
    lines = cli("check", "story.txt", "--no-models", "--format", "concise").out.splitlines()
    assert lines[:2] == [
        'story.txt:2:1: error Share widget text left by the scraper: "Share This Article" '
        "[boilerplate-share]",
        'story.txt:3:1: warning Comment form text left by the scraper: "Leave a Reply" '
        "[boilerplate-comments]",
    ]
    assert lines[2].startswith("1 article checked: 0 pass, 0 warn, 1 fail")
    assert len(lines) == 3


def test_jsonl_records_are_located_inside_the_record(cli, tmp_path):
    record = {"id": "id-42", "text": "Harbour\nThe harbour reopened.\nShare This Article"}
    calm = {"id": "a", "text": "Calm"}
    write(tmp_path / "feed.jsonl", json.dumps(calm) + "\n" + json.dumps(record) + "\n")
    out = cli("check", "feed.jsonl", "--no-models", "--format", "concise").out
    assert out.startswith("feed.jsonl#id-42:3:1: error Share widget text")


def test_carets_stand_under_the_words_after_wide_characters():
    source = "東京の港が再開した。 Share This"
    start = source.index("Share")
    shown = snippet(source, start, start + 5)
    assert shown.text == source
    assert shown.carets == " " * display_width("東京の港が再開した。 ") + "^^^^^"
    assert display_width("東京") == 4 and display_width("e\u0301") == 1


def test_carets_stand_under_the_words_after_vowel_signs_and_skin_tones():
    # A Hindi or Thai vowel sign and a variation selector are nonspacing marks of
    # combining class 0, and an emoji's skin tone is drawn inside the emoji: each
    # took a column, so the carets stood one column right per sign.
    for before, columns in (
        ("नमस्ते दुनिया ", 11),  # three vowel signs and a virama draw no column
        ("สวัสดี ", 5),  # two Thai vowel signs draw none
        ("Fans 👍🏽 waved ❤️ ", 16),  # the skin tone and VS16 draw none
    ):
        source = before + "Share This"
        start = source.index("Share")
        shown = snippet(source, start, start + 5)
        assert display_width(before) == columns, before
        assert shown.carets == " " * columns + "^^^^^"


def test_long_lines_are_cut_around_the_span():
    source = "x" * 400 + " Share This Article " + "y" * 400
    start = source.index("Share")
    shown = snippet(source, start, start + 18)
    assert display_width(shown.text) <= 100
    assert shown.text.startswith("…") and shown.text.endswith("…")
    column = shown.carets.index("^")
    assert shown.text[column : column + 18] == "Share This Article"
    assert shown.carets.count("^") == 18


def test_control_characters_in_the_source_line_are_escaped():
    source = "Zap\x1b[2J here and Share This Article"
    start = source.index("Share")
    shown = snippet(source, start, start + 18)
    assert "\x1b" not in shown.text and "\\x1b" in shown.text
    column = shown.carets.index("^")
    assert shown.text[column:].startswith("Share This Article")


def test_an_article_level_finding_has_no_carets(cli):
    out = cli("check", EXAMPLES / "translated-trade-fair.md").out.splitlines()
    [at] = [i for i, line in enumerate(out) if "[model-machine-translation]" in line]
    assert ": warning " in out[at]
    assert not out[at + 1].startswith("  ")  # the next finding, not a source line
    carets = [i for i, line in enumerate(out) if "[model-mt-evidence]" in line]
    assert carets and all("^" in out[i + 2] for i in carets)  # sentences are underlined


def _width_one_by_one(text: str) -> int:
    """Display width as the snippet module measured it before: each character
    looked up in the Unicode tables."""
    import unicodedata

    width = 0
    for char in text:
        if unicodedata.combining(char) or unicodedata.category(char) in ("Mn", "Me", "Cf"):
            continue
        if "\U0001f3fb" <= char <= "\U0001f3ff":
            continue
        width += 2 if unicodedata.east_asian_width(char) in ("W", "F") else 1
    return width


@settings(max_examples=500, derandomize=True, deadline=None)
@given(
    st.text(
        st.characters(codec=None) | st.sampled_from("東京港\u0301\u200b\u00ad\t\x1b…“”’—é"),
        max_size=60,
    )
)
def test_widths_skip_the_unicode_tables_for_ascii_alone(text):
    assert display_width(text) == _width_one_by_one(text)


def _take_one_by_one(text: str, columns: int) -> str:
    width = 0
    for index, char in enumerate(text):
        width += _width_one_by_one(char)
        if width > columns:
            return text[:index]
    return text


#: Property tests that patch with ``monkeypatch`` (a fixture hypothesis reuses).
patched_property = settings(
    max_examples=400,
    derandomize=True,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)


@patched_property
@given(
    st.text(st.characters(codec=None) | st.sampled_from("東京\u0301 abc…\n"), max_size=160),
    st.integers(min_value=0, max_value=160),
    st.integers(min_value=0, max_value=90),
    st.integers(min_value=5, max_value=60),
)
def test_snippets_are_cut_at_the_same_columns(monkeypatch, text, start, length, window):
    """Long lines are cut (``_take``) where the one-by-one widths cut them."""
    from qualitycheck.renderers import snippet as module

    start = min(start, len(text))
    end = min(start + length, len(text))
    shown = snippet(text, start, end, window)
    with monkeypatch.context() as patched:
        patched.setattr(module, "display_width", _width_one_by_one)
        patched.setattr(module, "_take", _take_one_by_one)
        assert snippet(text, start, end, window) == shown


def _line_by_search(source: str, start: int) -> tuple[int, int, int]:
    """The line holding ``start`` found by searching, as snippets once did."""
    line_start = source.rfind("\n", 0, start) + 1
    newline = source.find("\n", start)
    newline = len(source) if newline < 0 else newline
    return line_start, line_start + len(source[line_start:newline].rstrip("\r")), newline


@patched_property
@given(
    st.text(
        st.sampled_from("ab \n\r\t\x1b#[東\u0301\u200b\u202eé") | st.characters(codec=None),
        max_size=700,
    ),
    st.integers(min_value=0, max_value=700),
    st.integers(min_value=0, max_value=300),
    st.integers(min_value=5, max_value=60),
)
def test_snippets_escape_only_what_the_window_can_show(monkeypatch, text, start, length, window):
    """Escaping a window's worth of the line, not all of it, shows the same
    snippet as escaping the whole line (``##[`` across the cut included)."""
    from qualitycheck.renderers import snippet as module

    start = min(start, len(text))
    end = min(start + length, len(text))
    lines = module.LineBounds(text)
    assert lines.around(start) == _line_by_search(text, start)
    shown = snippet(text, start, end, window, lines=lines)
    with monkeypatch.context() as patched:
        patched.setattr(
            module,
            "_shown_piece",
            lambda source, low, high, *_, **__: module._shown(source[low:high]),
        )
        assert snippet(text, start, end, window) == shown


def test_text_output_on_one_long_line_grows_with_the_line_not_its_square():
    # Minified HTML puts a whole page on one line: thousands of findings, each
    # shown with its window of that line.
    from qualitycheck.renderers import snippet as module

    def cost(repeats: int) -> float:
        source = "Share this article. \x1b##[x] 東京 " * repeats
        lines = module.LineBounds(source)
        step = len(source) // 400
        with CpuClock() as cpu:
            for start in range(0, len(source) - 20, step):
                snippet(source, start, start + 18, lines=lines)
        return cpu.seconds

    small, large = cost(2_000), cost(32_000)
    # The same 400 snippets on a line 16 times longer: escaping whole lines
    # costs about 16 times more; windows cost about the same.
    assert large < 4 * small + 0.05, (small, large)


WEASEL_ONLY = (
    "Council approves cycle lanes\n\nThe town council approved four kilometres of new cycle "
    "lanes on Tuesday. Many experts say the lanes will cut traffic.\n"
)


def test_a_failing_article_is_named_with_its_reason_when_its_findings_are_hidden(cli, tmp_path):
    # It fails on a warning; --min-severity error shows no warning, but the
    # gate's reason for failing it must still be on screen (and in JUnit).
    write(tmp_path / "w.txt", WEASEL_ONLY)
    options = ("--no-models", "--fail-on", "warning", "--min-severity", "error")
    result = cli("check", "w.txt", *options)
    assert result.code == 1
    assert result.out.splitlines()[0] == (
        "w.txt  fail  score 90  (1 warning (claim-weasel) at or above fail_on warning)"
    )
    assert "claim-weasel]" not in result.out  # the finding itself stays hidden
    junit = cli("check", "w.txt", *options, "--format", "junit").out
    assert (
        'failure message="score 90: 1 warning (claim-weasel) at or above fail_on warning"' in junit
    )
    # concise names it too, and GitHub gets one error annotation on its file.
    concise = cli("check", "w.txt", *options, "--format", "concise").out
    assert concise.splitlines()[0] == result.out.splitlines()[0]
    github = cli("check", "w.txt", *options, "--format", "github").out
    assert github.splitlines()[0] == (
        "::error file=w.txt,title=qualitycheck::fail: 1 warning (claim-weasel) at or above "
        "fail_on warning"
    )
    # Failing on its score alone (no finding at fail_on), it is explained all the same.
    scored = cli("check", "w.txt", "--no-models", "--fail-under", "99", "--format", "github")
    assert scored.code == 1 and scored.out.startswith(
        "::error file=w.txt,title=qualitycheck::fail: overall score 90 is below fail_under 99"
    )
    # A passing or warned article with nothing to show stays out of the text.
    quiet = cli("check", "w.txt", "--no-models", "--min-severity", "error")
    assert quiet.code == 0 and not quiet.out.startswith("w.txt")
    assert cli("check", "w.txt", "--no-models", "--format", "github").out.count("::error") == 0


def test_quiet_leaves_only_the_summary_line_in_concise_output_as_in_text(cli, tmp_path):
    """--quiet said "only the summary and errors" but concise, the other format for
    people at a terminal, still printed every finding."""
    write(tmp_path / "story.txt", "Harbour reopens\nShare This Article\nLeave a Reply\n")
    for output in ("text", "concise"):
        result = cli("check", "story.txt", "--no-models", "--format", output, "-q")
        assert result.code == 1
        assert result.out.splitlines() == [
            "1 article checked: 0 pass, 0 warn, 1 fail; 2 findings (1 error, 1 warning)"
        ], output
    # Machine formats are written whole, --quiet or not.
    document = json.loads(cli("check", "story.txt", "--no-models", "--format", "json", "-q").out)
    assert len(document["articles"][0]["findings"]) == 2


def test_color_always_colours_concise_output_as_text(cli, tmp_path):
    write(tmp_path / "story.txt", "Harbour reopens\nShare This Article\n")
    coloured = cli("check", "story.txt", "--no-models", "--format", "concise", "--color", "always")
    assert coloured.out.startswith("story.txt:2:1: \x1b[31merror\x1b[0m Share widget")
    plain = cli("check", "story.txt", "--no-models", "--format", "concise", "--color", "never")
    assert "\x1b[" not in plain.out
