"""Boilerplate line rules on prose sentences a clean article keeps: words written here."""

from __future__ import annotations

from conftest import BODY, flagged


def test_a_sentence_about_a_newsletter_is_not_a_subscription_prompt(cli, tmp_path):
    prose = [
        "The school sends a weekly newsletter to parents every Friday.",
        "In a newsletter to investors, the fund's manager said returns had disappointed.",
        "Subscribers to the council's newsletter will get updates on the bridge work.",
    ]
    prompts = [
        "Newsletters",
        "Most recent newsletter",
        "Click here to subscribe to The Harbour Newsletter",
        "Want more harbour news? Join the Quayside newsletter.",
        "Our free newsletter: the week's best stories, every Sunday.",
    ]
    assert flagged(cli, tmp_path, prose + prompts, "boilerplate-newsletter") == prompts


def test_from_left_wing_is_politics_not_a_caption(cli, tmp_path):
    prose = [
        "She moved from left-wing activism to the centre of the party in the 1990s.",
        "The coach switched him from left-back to central defence last season.",
    ]
    captions = ["The new harbour board, from left, Ana Ruiz, Tom Weller and Li Na."]
    assert flagged(cli, tmp_path, prose + captions, "boilerplate-caption") == captions


def test_a_sentence_opening_with_published_in_a_year_is_not_a_date_line(cli, tmp_path):
    prose = [
        "Published in 1998, it sold two million copies.",
        "Updated in 2019, the guidance now covers e-scooters.",
    ]
    chrome = ["Published 9:15 AM EST Oct 2, 2023", "Updated: 18 Nov 2024 9:38 pm"]
    assert flagged(cli, tmp_path, prose + chrome, "boilerplate-date-line") == chrome


def test_a_sentence_about_photos_by_people_is_not_a_photo_credit(cli, tmp_path):
    prose = [
        "Photos by local residents fill the walls of the new café on Quay Street.",
        "Pictures by children from the harbour school will be shown at the library.",
    ]
    credits = ["Photo by Jane Doe/Northwind Images", "Photos courtesy of the Ruiz family"]
    assert flagged(cli, tmp_path, prose + credits, "boilerplate-photo-credit") == credits


def test_a_sentence_pointing_to_a_source_is_not_a_teaser(cli, tmp_path):
    # A paragraph of its own that sends the reader to a source is prose; link
    # text after "Read more" and a teaser headline (no full stop) are furniture.
    prose = [
        "Read more about the plan on the council's website.",
        "See also the ombudsman's report on the ferry timetable, published in May.",
        "Read more about the plan in the council's report on cycling.",
    ]
    teasers = [
        'Read more about the flood in the material "Harbour walls give way again".',
        "Read more about the verdict in our story “Judge rules on ferry fares”.",
        "Read more about sharing.",
        "Read more",
        "READ MORE ON THE HARBOUR HERALD BY CLICKING HERE",
        "Also read Budget talks stall as ministers trade blame",
        "read more: Budget talks stall as ministers trade blame.",
    ]
    assert flagged(cli, tmp_path, prose + teasers, "boilerplate-related") == teasers


def test_next_and_topics_opening_a_sentence_are_not_widget_labels(cli, tmp_path):
    # A timeline's "Next:", a column's "Next:" and a meeting's "Topics:" open
    # sentences; pagination links and tag lists have no sentence's full stop.
    prose = [
        "Next: Work on the new quay is due to start in June and to last 14 months.",
        "Next: readers ask about moss on lawns and when to sow sweet peas.",
        "Topics: the new bus timetable, parking charges and the cycle route to the station.",
    ]
    labels = [
        "Next Article",
        "Next article: Budget talks stall as ministers trade blame",
        "Previous »",
        "Tags: harbour, shipping, Northport",
        "Topics",
        "Filed under: U.S.",
    ]
    assert flagged(cli, tmp_path, prose + labels, "boilerplate-widget-label") == labels


def test_up_next_over_a_sentence_is_a_recap_section_not_a_widget(cli, tmp_path):
    # A wire game recap ends with "UP NEXT" over each team's next game, a
    # sentence (as on boilerplate train aeb-0166, labeled content); a video
    # player's "Up next" stands over another story's headline.
    recap = [
        "UP NEXT",
        "Tigers: Host the Riverhawks on Saturday night.",
        "Riverhawks: Visit the Tigers on Saturday.",
    ]
    assert flagged(cli, tmp_path, recap, "boilerplate-widget-label") == []
    widget = ["Up next", "Seals return to the old harbour after 40 years"]
    assert flagged(cli, tmp_path, widget, "boilerplate-widget-label") == ["Up next"]


def test_a_live_blogs_times_over_its_entries_are_a_timeline_not_a_player(cli, tmp_path):
    # A live blog exported by a CMS puts each entry's time on a line of its own
    # (a 2,200-word storm blog warned 40 times); a player's running time stands
    # alone or over a headline, and a video list's durations over headlines.
    blog = [
        "06:02",
        "Good morning and welcome to our live coverage of the storm.",
        "06:10",
        "The highest gust recorded so far is 94mph at Mumbles Head, near Swansea.",
        "06:18",
        "People in the warning area are being advised to stay indoors if they can.",
    ]
    assert flagged(cli, tmp_path, blog, "boilerplate-widget-label") == []
    newest_first = ["16:30", blog[1], "16:12", blog[3], "15:55", blog[5]]
    assert flagged(cli, tmp_path, newest_first, "boilerplate-widget-label") == []
    player = ["2:31", "Seals return to the old harbour after 40 years"]
    assert flagged(cli, tmp_path, player, "boilerplate-widget-label") == ["2:31"]
    titles = ["Seals return to the harbour", "Storm in pictures", "Ferry cancelled again"]
    videos = ["2:31", titles[0], "12:05", titles[1], "4:40", titles[2]]
    assert flagged(cli, tmp_path, videos, "boilerplate-widget-label") == ["2:31", "12:05", "4:40"]
    two = blog[:4]
    assert flagged(cli, tmp_path, two, "boilerplate-widget-label") == ["06:02", "06:10"]


def test_unless_sentence_follows_names_lines_of_the_rule(cli, tmp_path):
    pack = tmp_path / "pack.yaml"
    pack.write_text(
        "rules:\n"
        "  - id: test-label\n"
        "    kind: line\n"
        "    category: boilerplate\n"
        "    message: label\n"
        "    lines: [up next]\n"
        "    unless_sentence_follows: [next up]\n",
        encoding="utf-8",
    )
    result = cli("check", "--rules", pack, tmp_path)
    assert result.code == 2, result.err
    assert "unless_sentence_follows: 'next up' is not one of 'lines'" in result.err


def test_a_sentence_or_dateline_with_a_wire_date_is_not_a_caption(cli, tmp_path):
    # US news writes "on Tuesday, March 4, 2025," in prose, and a press release
    # opens with its dateline; a wire caption sets the date off by a comma, or
    # after "on" ends the line with it or follows it with ", in <place>".
    prose = [
        "The council voted on Tuesday, March 4, 2025, to close the old bridge for repairs.",
        "NORTHPORT, Tuesday, March 4, 2025 — Northport Water has completed the upgrade of "
        "the Hollins Reservoir, the company announced today.",
    ]
    captions = [
        "A shopper looks at garden hoses in a hardware store, Tuesday, March 4, 2025, "
        "in Northport.",
        "Harbour City's Tomás Reyes shoots against Northport on Saturday, March 8, 2025, "
        "in Harbour City.",
        "The mayor greets volunteers at the harbour on Saturday, March 8, 2025.",
    ]
    assert flagged(cli, tmp_path, prose + captions, "boilerplate-caption") == captions


TABLES = """# Cup draw: the fixtures for the third round

The draw for the third round of the county cup was made on Monday night at the
clubhouse, with the holders Kelso Rovers drawn away at Millbrook.

| Date | Home | Away | Report |
|---|---|---|---|
| 14 February 2025 | Millbrook | Kelso Rovers | Next |

| Party | Votes | Share | Change |
|---|---:|---:|---:|
| Labour | 1,204 | 41.0% | +3.2 |

| Paper | Editor | Close | Comments |
|---|---|---:|---|
| Harbour Gazette | Ann Ray | 118p | Tags |

Share

All ties will be played on the weekend of 14 and 15 February.
"""


def test_cells_of_a_marked_up_table_are_not_page_lines(cli, tmp_path):
    # A column head or value ("Share" over vote shares, "Home", a fixture's date)
    # is a cell of the table, not a widget's line: the share, comments, date,
    # byline and widget-label rules skip table cells (a line alone still counts).
    (tmp_path / "draw.md").write_text(TABLES, encoding="utf-8")
    (tmp_path / "results.html").write_text(
        "<h1>Mill End by-election</h1><p>The Greens won the seat from Labour on Thursday, "
        "with a turnout of 31 per cent, up from 27 per cent at the last election.</p>"
        "<table><tr><th>Party</th><th>Share</th><th>Date</th></tr>"
        "<tr><td><p>Green</p></td><td><p>41.2%</p></td><td><p>7 March 2024</p></td></tr>"
        "</table><p>Share</p><p>The count finished shortly after 2am.</p>",
        encoding="utf-8",
    )
    result = cli("check", tmp_path, "--format", "json", "--no-models")
    found = {
        a["path"].rsplit("/", 1)[-1]: [(f["rule"], f["text"]) for f in a["findings"]]
        for a in result.json()["articles"]
    }
    share = [("boilerplate-share", "Share")]
    assert found == {"draw.md": share, "results.html": share}


def test_a_call_to_sign_up_in_lower_case_continues_a_list_not_a_prompt(cli, tmp_path):
    # An item of a list under "Travellers should:" continues that sentence; a
    # prompt or button a scraper leaves starts with a capital.
    items = [
        "- avoid the area around the parliament building;",
        "- register for email alerts about changes to the travel advice;",
        "- carry a copy of their passport at all times.",
    ]
    page = tmp_path / "advice.md"
    page.write_text(
        "# Travel advice updated after protests\n\n"
        + BODY
        + "\nTravellers should:\n\n"
        + "\n".join(items)
        + "\n\nSign up for email alerts about travel advice\n\n"
        + BODY,
        encoding="utf-8",
    )
    result = cli("check", page, "--format", "json", "--no-models")
    findings = result.json()["articles"][0]["findings"]
    prompts = [f["text"] for f in findings if f["rule"] == "boilerplate-newsletter"]
    assert prompts == ["Sign up for email alerts about travel advice"]
