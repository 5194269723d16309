"""Furniture of live blogs, embeds, email newsletters, printed stories and shop
widgets that no rule named: a live blog's controls ("Show key events only",
"Refresh", "Load more updates") and the text a page shows where its script did
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
        "Refresh",
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
