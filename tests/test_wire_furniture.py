"""Furniture that news agencies (Reuters, AP, AFP, Bloomberg, PA, dpa, Xinhua,
UPI) put around their copy and that scraped wire stories keep: credit sign-offs,
trailers, follow lines, photo credits. Lines written here, checked one by one
between paragraphs of prose; the datelines that open a wire story's lead stay."""

from __future__ import annotations

from conftest import flagged


def test_wire_credit_sign_offs_are_bylines(cli, tmp_path):
    prose = [
        "The report was compiled by the agency's staff from port records.",
        "She contributed to the fund in 2019, when its first port investments were made.",
        "Reporting by local journalists first exposed the delays at the harbour.",
        "Editing by hand took the inspectors three weeks, the board said.",
        "He contributed to this report on the harbour's finances before he retired.",
        "LONDON, Dec 4 (Reuters) - Dock workers at Northport walked out for a second day.",
        "(Bloomberg) -- Grain exporters are diverting cargoes away from Northport.",
    ]
    credits = [
        "Additional reporting by Petra Kowal in Warsaw; Writing by Sarah Bell; "
        "Editing by Alex Richardson and Jan Harvey",
        "Compiled by Anna Vos",
        "Additional reporting by Sam Tate, PA",
        "Associated Press writer Tom Weller in Boston contributed to this report.",
        "Associated Press writers Lisa Brandt in Seattle and Omar Haddad in Washington "
        "contributed.",
        "—With assistance from Ines Meyer and Tom Clark.",
        "-- AFP",
        "(dpa)",
        "Source: Xinhua | 2024-12-04 18:21:05 | Editor: huaxia",
        "Editor: Zhou Ping",
    ]
    assert flagged(cli, tmp_path, prose + credits, "boilerplate-byline") == credits


def test_agency_trailers_are_site_notices(cli, tmp_path):
    prose = [
        "The editors responsible for the harbour page declined to comment on Tuesday.",
        "Residents can contact the harbour office at its new address on Quay Street.",
        "The principles of the trust were set out in its founding charter in 1941.",
    ]
    trailers = [
        "Our Standards: The Thomson Reuters Trust Principles.",
        "To contact the reporters on this story:",
        "Sam Hale in London at shale12@example.net;",
        "To contact the editors responsible for this story: Alex Richardson at "
        "arichardson3@example.net",
        "The Associated Press’ climate and environmental coverage receives financial support "
        "from multiple private foundations. AP is solely responsible for all content.",
    ]
    assert flagged(cli, tmp_path, prose + trailers, "boilerplate-site-notice") == trailers


def test_a_dpa_rights_line_is_a_copyright_notice(cli, tmp_path):
    prose = ["Hamburg (dpa) - Container traffic through the port fell by 4.5% this year."]
    notices = ["dpa-infocom, dpa:241204-930-306123/1"]
    assert flagged(cli, tmp_path, prose + notices, "boilerplate-copyright") == notices


def test_follow_the_reporter_lines_are_prompts(cli, tmp_path):
    prose = [
        "Follow the coastal path for two miles to reach the lifeboat station.",
        "Follow Route 9 on foot to the old quay, the guide said.",
    ]
    prompts = [
        "Follow Jane Doe on X: https://x.com/janedoe",
        "Follow Mark Lowell on Twitter: https://twitter.com/marklowell",
        "Follow AP’s coverage of the harbour strike at https://apnews.com/hub/ports",
    ]
    assert flagged(cli, tmp_path, prose + prompts, "boilerplate-newsletter") == prompts


def test_follow_official_advice_at_an_address_is_the_story(cli, tmp_path):
    # Public-service lines in a storm or health story point to an authority's
    # advice: the reader is told what to do, not asked to follow a reporter.
    prose = [
        "Follow Met Office warnings at https://www.metoffice.gov.uk/weather/warnings",
        "Follow NHS guidance at https://www.nhs.uk/conditions/flu/",
        "Follow Harbour Board advice: https://harbour.example.org/storm",
    ]
    prompts = [
        "Follow Mark Lowell on Bluesky: https://bsky.app/profile/marklowell",
        "Follow Reuters on Instagram at https://instagram.com/reuters",
        "Follow AP’s full coverage of the harbour strike at https://apnews.com/hub/ports",
    ]
    assert flagged(cli, tmp_path, prose + prompts, "boilerplate-newsletter") == prompts


def test_agency_photo_credits_after_a_caption_are_credits(cli, tmp_path):
    prose = [
        "The harbour opened in 1921, and its first pilot was a fisherman (and/or ferryman).",
    ]
    credits = [
        "Workers clear debris from Front Street in Northport, Jan. 11, 2024. "
        "(AP Photo/Robert Linde, File)",
        "Flood water on the promenade at Northport in January (Ben Ash/PA)",
        "A Coast Guard helicopter crew trains near Kodiak. File Photo by Coast Guard/UPI",
    ]
    assert flagged(cli, tmp_path, prose + credits, "boilerplate-photo-credit") == credits


def test_bloomberg_and_upi_link_labels_are_furniture(cli, tmp_path):
    prose = ["Most readers from Bloomberg terminals saw the notice before the market opened."]
    teaser = ["Most Read from Bloomberg"]
    labels = ["License Photo", "Opens new tab"]
    text = prose + teaser + labels
    assert flagged(cli, tmp_path, text, "boilerplate-related") == teaser
    assert flagged(cli, tmp_path, text, "boilerplate-widget-label") == labels


def test_wire_update_notes_are_notes_to_editors(cli, tmp_path):
    # A wire desk's "(Updates …)" note tells subscribing editors what changed
    # since the last version; a correction or update notice written for
    # readers is the article's own, and so are sentences about an update.
    prose = [
        "This story has been corrected to show that the vote is on Tuesday, not Wednesday.",
        "This article has been updated to include a statement from the company.",
        "This version of the story corrects the spelling of the minister's name.",
        "Oil prices rose 2% on update of the OPEC forecast.",
        "(Adds a nice crunch to any salad)",
        "(Updates to the timetable are posted on the station's board every Friday.)",
    ]
    notes = [
        "(Updates prices, adds analyst comment in paragraphs 5-6)",
        "(Adds quote from minister, paragraph 5)",
        "(Corrects spelling of minister's name in paragraph 3)",
        "(Recasts with operator's statement, adds background)",
        "(Repeats story published on Monday with no changes to text)",
    ]
    # Each note between two lines of prose: above or under the body, the layout
    # rule's warning takes the line (the engine keeps the more severe finding
    # of one span), and the boilerplate model then decides it.
    pairs = zip(prose[: len(notes)], notes, strict=True)
    lines = [line for pair in pairs for line in pair] + prose[len(notes) :]
    assert flagged(cli, tmp_path, lines, "boilerplate-wire-note") == notes


def test_a_counter_alone_is_a_widget_but_a_bare_number_is_not(cli, tmp_path):
    # "347" alone is a score or a share price as often as a counter; "10K" heads
    # a race's results, "1.5 m" a length in metres. A decimal with a K or M is
    # a share row's counter.
    prose = ["347", "10K", "225.86", "1.5 m", "2.45 m"]
    counters = ["1.2K", "438.3K", "2.3M", "1.2k"]
    assert flagged(cli, tmp_path, prose + counters, "boilerplate-widget-label") == counters


def test_a_named_rule_s_line_stays_reported_where_the_model_drops_the_layout_guess(cli, tmp_path):
    # Above the body, the update note is flagged by boilerplate-wire-note (info)
    # and by the layout rule (warning, kept by the engine for its severity). The
    # model keeps a layout guess only where it agrees; where it drops it, the
    # named rule's finding must not go with it (named rules are never overruled).
    note = "(Adds power company figures in paragraph 4, quote from mayor in paragraph 6)"
    path = tmp_path / "storm.txt"
    path.write_text(
        "Storm batters the west coast as thousands lose power\n"
        f"{note}\n"
        "DUBLIN, Nov 3 - A storm with winds of up to 130 km per hour battered the west "
        "coast on Sunday, closing ports and cutting power to tens of thousands of homes.\n"
        "Ferries between the mainland and the islands were cancelled for a second day, and "
        "the coast guard warned people to stay away from the sea fronts.\n"
        "Trees fell across roads in three counties, and police closed a coastal road after "
        "waves washed stones onto it.\n"
        "The power company said 68,000 homes were without electricity at noon, down from "
        "94,000 in the morning.\n"
    )
    rules_only = cli("check", path, "--format", "json", "--no-models").json()
    on_note = [f for f in rules_only["articles"][0]["findings"] if f["line"] == 2]
    assert [f["rule"] for f in on_note] == ["boilerplate-outside-body"]
    with_models = cli("check", path, "--format", "json").json()
    on_note = [f["rule"] for f in with_models["articles"][0]["findings"] if f["line"] == 2]
    assert on_note, "the note's line lost every finding"
    assert set(on_note) <= {
        "boilerplate-wire-note",
        "model-boilerplate",
        "model-boilerplate-possible",
    }


def test_a_figure_a_lower_case_line_goes_on_from_is_a_stat_card(cli, tmp_path):
    # A data story's stat card sets its figure over the words it counts:
    # "1.2M" / "households still cannot buy a fibre connection." is one
    # sentence on two lines, where a share row's counter stands over another
    # counter or a button.
    cards = [
        "1.2M",
        "households in rural areas still cannot buy a fibre connection.",
        "438.3K",
        "premises were connected last year, fewer than the plan promised.",
    ]
    counters = ["84.1K", "57"]
    found = flagged(cli, tmp_path, cards + counters, "boilerplate-widget-label")
    assert found == ["84.1K"]


def test_a_recipe_s_note_in_brackets_is_no_update_note(cli, tmp_path):
    # A desk's note is telegraphic, its verb straight on its object ("(Adds
    # background on sanctions)"); a recipe's "(Adds a smoky background note)"
    # says what an ingredient does.
    lines = [
        "1 tsp smoked paprika",
        "(Adds a smoky background note)",
        "2 tbsp toasted seeds",
        "(Adds an extra layer of texture and detail)",
        "(Adds background on sanctions in paragraphs 7-8)",
    ]
    found = flagged(cli, tmp_path, lines, "boilerplate-wire-note")
    assert found == ["(Adds background on sanctions in paragraphs 7-8)"]
