"""``boilerplate-date-line`` by where the date stands: a date under the headline
or over a comment is chrome; the heads of a timeline's entries are the
article's own. Articles written here."""

from __future__ import annotations

from pathlib import Path

RULE = "boilerplate-date-line"
INTRO = "The quay plan took five years to reach the harbour board. These were the main steps."
TIMELINE = [
    "March 2019",
    "The harbour board first proposes a second quay in a report to the council.",
    "14 February 2024",
    "The board submits its plans for a quay on the eastern breakwater.",
    "November 2024",
    "After objections about traffic, the quay is cut by forty metres.",
    "Tuesday, 4 March 2025",
    "The board approves the quay by seven votes to three.",
]
OUTRO = "The board says building work should begin in the spring."


def dates(cli, path: Path) -> list[str]:
    result = cli("check", path, "--format", "json", "--no-models")
    return [f["text"] for f in result.json()["articles"][0]["findings"] if f["rule"] == RULE]


def text(tmp_path: Path, lines: list[str]) -> Path:
    path = tmp_path / "a.txt"
    path.write_text("\n\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_the_dated_heads_of_a_timeline_are_its_entries(cli, tmp_path):
    path = text(tmp_path, ["Harbour quay plan approved", INTRO, *TIMELINE, OUTRO])
    assert dates(cli, path) == []  # was "14 February 2024" and "Tuesday, 4 March 2025"


def test_a_date_under_the_headline_is_chrome_even_over_a_timeline(cli, tmp_path):
    path = text(tmp_path, ["Harbour quay plan approved", "3 March 2025", INTRO, *TIMELINE])
    assert dates(cli, path) == ["3 March 2025"]
    # Over the first entry's text, the date under the headline is the run's
    # first head, but no prose comes before it.
    path = text(tmp_path, ["Harbour quay plan approved", "5 March 2025", *TIMELINE[1:]])
    assert dates(cli, path) == ["5 March 2025"]


def test_two_dated_paragraphs_or_stamps_with_a_time_are_no_timeline(cli, tmp_path):
    two = TIMELINE[2:6]
    assert dates(cli, text(tmp_path, ["Quay plan", INTRO, *two])) == [two[0]]
    stamped = [
        line if i % 2 else f"{14 + i} February 2024 10:{10 + i}" for i, line in enumerate(TIMELINE)
    ]
    found = dates(cli, text(tmp_path, ["Quay plan", INTRO, *stamped]))
    assert found == stamped[::2]


def test_dates_over_comments_are_chrome(cli, tmp_path):
    thread = [
        "Comments",
        "Maria Lindqvist",
        "14 February 2024",
        "About time, the old quay is far too small.",
        "Reply",
        "Tom Okafor",
        "15 February 2024",
        "I worry about the traffic on the harbour road.",
        "Reply",
        "Ann Brook",
        "16 February 2024",
        "Good news for the town and its workers.",
        "Reply",
    ]
    found = dates(cli, text(tmp_path, ["Quay plan", INTRO, OUTRO, *thread]))
    assert found == ["14 February 2024", "15 February 2024", "16 February 2024"]
