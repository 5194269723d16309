"""Furniture of live blogs, embeds, email newsletters, printed stories and shop
widgets that no rule named: a live blog's controls ("Show key events only",
"Load more updates") and the text a page shows where its script did
not run ("Please turn on JavaScript in your browser to see this content."), the
links an embedded post leaves alone on a line ("pic.twitter.com/…", Mastodon's
"Post by @user@instance"), an archived newsletter's head and foot ("View this
email in your browser", "Unsubscribe | Update your preferences | Forward to a
friend"), the paper's notes under a printed story's web copy ("A version of this
article appears in print on …", "Continued on Page A4") and a shop's "Buy now".
Lines written here, checked one by one between paragraphs of prose; sentences of a
story that share their words stay."""

from __future__ import annotations

from conftest import flagged

# Sentences of a story that share words with the furniture below.
PROSE = [
    'In a post on X, the mayor wrote: "Every euro of the quay comes back to us in jobs."',
    # A tweet's own text ending in its picture's link is the quote: the
    # boilerplate corpus labels such lines content.
    "The quay will cost 240 million euros. pic.twitter.com/a8Zk3LmQ2x",
    "The union's account, @carrowdockers, has 12,000 followers.",
    "Many pages ask visitors to turn on JavaScript in their browser before they can see any "
    "content.",
    "JavaScript frameworks make pages faster to build, the web manager said.",
    # A how-to's steps: a notice pleads or says what the script would show.
    "Turn on JavaScript",
    "Enable JavaScript in your browser",
    "The audit found that the live-blog page hides its key events behind a button.",
    "Refresh rates on the council's traffic cameras were also criticised.",
    "The email goes on to say that the harbour will close for two weeks in May.",
    "Readers can forward their own complaints to the audit office by email.",
    # A how-to's head: a newsletter's foot manages preferences or a subscription.
    "Change your settings",
    # A how-to's step: "it" is the email only after "Having trouble viewing this email?".
    "Open it in your browser.",
    "The last print edition appears on March 31, and from April the paper will print only on "
    "Saturdays.",
    "A version of the front page from 1894 will be reprinted inside the final edition.",
    "The paper's first story about the harbour appeared in print on page 4 of its second issue.",
    "The story continued on page 12, where a reporter listed the names of the firemen.",
    "Continued on Page A4, the old layout joke, is the title of the staff's farewell exhibition.",
    "The kettle costs $129 at Best Buy and $119 online.",
    "Buy now, pay later plans have grown fast among young shoppers, the central bank said.",
    # A budget's list of what it pays for: jobs, not a live blog's counter.
    "120 new posts",
]


def test_live_blog_controls_embed_links_and_script_notices_are_widget_labels(cli, tmp_path):
    labels = [
        "Show key events only",
        "Load more updates",
        "Show 12 more updates",
        "3 new updates",
        "Please turn on JavaScript in your browser to see this content.",
        "Enable JavaScript to view this content.",
        "This slideshow requires JavaScript.",
        "To view this content, you need to enable JavaScript or use another browser",
        "pic.twitter.com/Lm7Vx2Qa9K",
        "Post by @carrowarts@mastodon.example",
        "View on Threads",
        "Buy now",
        "Shop now",
    ]
    assert flagged(cli, tmp_path, PROSE + labels, "boilerplate-widget-label") == labels


def test_key_events_is_left_to_the_model_an_explainers_head_says_the_same(cli, tmp_path):
    lines = [
        "Key events",
        "2019: the board first proposes a second quay",
        "2021: a fire closes the old fish market",
    ]
    assert flagged(cli, tmp_path, lines, "boilerplate-widget-label") == []


def test_an_archived_newsletters_head_and_foot_are_newsletter_prompts(cli, tmp_path):
    prompts = [
        "View this email in your browser",
        "View in browser",
        "Having trouble viewing this email? View it in your browser.",
        "You are receiving this email because you signed up for The Evening Ledger.",
        "Was this email forwarded to you? Sign up here.",
        "Unsubscribe | Update your preferences | Forward to a friend",
        "Unsubscribe from this list",
        "Manage your email preferences",
        "Our mailing address is: Carrow Tide, 4 Quay Street, Carrow",
    ]
    assert flagged(cli, tmp_path, PROSE + prompts, "boilerplate-newsletter") == prompts


def test_a_printed_storys_notes_are_site_notices(cli, tmp_path):
    notes = [
        "A version of this article appears in print on March 4, 2025, Section A, Page 12 of "
        "the New York edition with the headline: Harbour Quay Wins Approval.",
        "A version of this article appeared in the print edition of The Eastvale Gazette on "
        "March 5, 2025.",
        'This article appeared in the print edition under the headline "Ferry crews to strike".',
        "Continued on Page A4",
        "Continued from Page 1",
    ]
    assert flagged(cli, tmp_path, PROSE + notes, "boilerplate-site-notice") == notes


def test_the_signature_of_an_embedded_post_is_left_to_the_model(cli, tmp_path):
    # The boilerplate corpus labels "— Name (@handle) March 3, 2025" content
    # (the quote's attribution) wherever it holds one: no rule names it.
    signature = "— Harbour Watch (@harbourwatch) March 3, 2025"
    for rule in ("boilerplate-widget-label", "boilerplate-share"):
        assert flagged(cli, tmp_path, [signature], rule) == []


def _boilerplate_texts(cli, path) -> list[str]:
    result = cli("check", path, "--format", "json", "--no-models")
    findings = result.json()["articles"][0]["findings"]
    return [f["text"] for f in findings if f["rule"].startswith("boilerplate-")]


def test_a_writers_heading_over_a_paragraph_is_a_section_head_not_furniture(cli, tmp_path):
    # The same words as the buttons and footers above, set by the writer as
    # Markdown's and HTML's section heads over prose: a housing explainer's
    # "Buy now", an inbox how-to's "Unsubscribe", a history's "Continued on
    # Page 2", a kitchen how-to's "Refresh".
    heads = [
        "Buy now",
        "Shop now",
        "Refresh",
        "Load more posts",
        "JavaScript is turned off",
        "Unsubscribe",
        "Update your preferences",
        "Forward to a friend",
        "Our mailing address is:",
        "Continued on Page 2",
    ]
    paragraph = "Prices in the town rose three per cent last year, the agents said."
    markdown = tmp_path / "a.md"
    markdown.write_text(
        "# Choices for buyers\n\n"
        + paragraph
        + "\n\n"
        + "".join(f"## {head}\n\n{paragraph}\n\n" for head in heads)
    )
    assert _boilerplate_texts(cli, markdown) == []
    page = tmp_path / "a.html"
    page.write_text(
        "<html><body><article><h1>Choices for buyers</h1>"
        + f"<p>{paragraph}</p>"
        + "".join(f"<h2>{head}</h2><p>{paragraph}</p>" for head in heads)
        + "</article></body></html>"
    )
    assert _boilerplate_texts(cli, page) == []


def test_a_heading_over_no_sentence_or_a_line_over_a_sentence_stays_furniture(cli, tmp_path):
    # A heading over a list of links is not a section head over prose, and
    # plain text marks no headings: the live blog's "Show key events only" over
    # its first entry keeps its finding.
    markdown = tmp_path / "a.md"
    markdown.write_text(
        "# Storm live\n\nThe harbour is closed, the coastguard said.\n\n"
        "## Unsubscribe\n\n## Buy now\n\n- Harbour kettle\n- Tide kettle\n"
    )
    assert _boilerplate_texts(cli, markdown) == ["Unsubscribe", "Buy now"]
    text = tmp_path / "b.txt"
    text.write_text(
        "Storm live\nThe harbour is closed, the coastguard said.\nShow key events only\n"
        "Winds reached 110 km/h on the headland just after six o'clock.\n"
    )
    assert _boilerplate_texts(cli, text) == ["Show key events only"]


def test_refresh_alone_is_left_to_the_model(cli, tmp_path):
    # A live blog's "Refresh" button is the plain word a tech story's subhead,
    # a list's line or a poem's line is (a false-alarm hunt's clean articles):
    # no rule names it; the model judges the line by where it sits.
    lines = ["Refresh", "Refresh...", "Refresh."]
    assert flagged(cli, tmp_path, lines, "boilerplate-widget-label") == []


def test_a_storys_history_in_print_is_no_print_note(cli, tmp_path):
    # A book review's history of a short story, and a paper's story about its
    # own special edition: the note names the day and then the page, the
    # section or the edition ("... in print on March 4, 2025, Section A, Page 12").
    history = [
        "A version of this story appeared in print in 1971, in a literary magazine that folded "
        "a month later, and Quell rewrote it twice since.",
        "A version of this article appears in print on Saturday, with a photograph of every "
        "front page the paper has kept since 1884.",
    ]
    note = "A version of this review appears in print on May 2, 2025, Page AR14."
    assert flagged(cli, tmp_path, [*history, note], "boilerplate-site-notice") == [note]


def test_a_print_note_ends_with_its_headline(cli, tmp_path):
    # A readers' editor on a wrong headline: the sentence goes on after it.
    column = (
        'This story ran in the print edition under the headline "Board Sells Harbour", and '
        "within an hour the board's chairman had called the newsroom."
    )
    notes = [
        'This story ran in the print edition under the headline "Board Sells Harbour".',
        "This article appeared in the print edition with the headline: Quay Wins Approval",
        "This review appeared in the print edition as ‘A harbour in winter’.",
    ]
    assert flagged(cli, tmp_path, [column, *notes], "boilerplate-site-notice") == notes


def test_open_it_in_your_browser_is_a_how_tos_step(cli, tmp_path):
    # A tax form's how-to: "it" is the form. The newsletter's head names the
    # email first ("Having trouble viewing this email? View it in your browser.").
    step = "Open it in your browser."
    head = "Having trouble viewing this email? View it in your browser."
    assert flagged(cli, tmp_path, [step, head], "boilerplate-newsletter") == [head]


def test_a_label_ending_in_its_own_full_stop_is_the_writers_sentence(cli, tmp_path):
    # A consumer-credit story's one-line paragraphs and a results-day
    # feature's moments; the buttons carry no stop (and a loading label's
    # ellipsis is no full stop).
    sentences = ["Buy now.", "Pay later.", "Refresh.", "Nothing.", "Shop now."]
    buttons = ["Buy now", "Load more updates...", "Shop now ›"]
    assert flagged(cli, tmp_path, sentences + buttons, "boilerplate-widget-label") == buttons


def test_unless_full_stop_names_lines_of_the_rule(cli, tmp_path):
    pack = tmp_path / "pack.yaml"
    pack.write_text(
        "rules:\n"
        "  - id: test-label\n"
        "    kind: line\n"
        "    category: boilerplate\n"
        "    message: label\n"
        "    lines: [buy now]\n"
        "    unless_full_stop: [shop now]\n",
        encoding="utf-8",
    )
    result = cli("check", "--rules", pack, tmp_path)
    assert result.code == 2, result.err
    assert "unless_full_stop: 'shop now' is not one of 'lines'" in result.err


def test_a_newsletters_foot_quoted_with_its_speaker_is_the_storys_sentence(cli, tmp_path):
    # A scam story and a charity profile quote the words and say who wrote or
    # said them; a newsletter's foot names no speaker, even with commas in it.
    quoted = [
        "You're receiving this message because your bank flagged the transfer, the scam text "
        "claims.",
        "Our mailing address is: the old post office on Quay Street, the charity's founder said.",
    ]
    feet = [
        "You are receiving this email because you signed up at our shop, our site or an event.",
        "Our mailing address is: Carrow Tide, 4 Quay Street, Carrow",
    ]
    assert flagged(cli, tmp_path, quoted + feet, "boilerplate-newsletter") == feet


def test_a_newsletter_box_s_heading_over_its_blurb_is_still_reported(cli, tmp_path):
    # The section-head exemption names no newsletter box's heading ("## Subscribe
    # to our newsletter" over "Get the best local stories ..."): the model still
    # warns on it, so `check` reports it and `clean` cuts it, without the rule's
    # name (docs/accuracy.md, "A second false-alarm hunt").
    story = (
        "The harbour company will run two extra ferries on weekdays from the first of "
        "May, its director said on Monday.\n\nThe timetable was changed after complaints "
        "from commuters about crowded morning boats.\n\n"
    )
    page = tmp_path / "a.md"
    page.write_text(
        "# Ferry timetable changes in May\n\n" + story + "## Subscribe to our newsletter\n\n"
        "Get the best local stories in your inbox every Friday.\n\n"
        "Tickets stay at the same price, the company said.\n"
    )
    findings = cli("check", page, "--format", "json").json()["articles"][0]["findings"]
    on_head = [f for f in findings if f["line"] == 7 and f["category"] == "boilerplate"]
    assert on_head and on_head[0]["severity"] in ("warning", "error"), findings


def test_unsubscribe_with_its_own_full_stop_is_a_column_s_sentence(cli, tmp_path):
    # A foot's link carries no full stop; a one-word paragraph in an
    # email-privacy column does ("Unsubscribe." as the writer's advice).
    lines = ["Unsubscribe.", "Unsubscribe"]
    assert flagged(cli, tmp_path, lines, "boilerplate-newsletter") == ["Unsubscribe"]
