"""Furniture that blog and newsletter platforms (Substack, Medium, WordPress) and
social embeds leave inside an article's text, with the author box under it: each
such line is a warning or an error of a named boilerplate rule, and prose that
borrows its words is not (issue 16). Pages written here, checked line by line."""

from __future__ import annotations

from conftest import BODY


def warned(cli, tmp_path, lines: list[str]) -> dict[str, str]:
    """Each of ``lines`` that a boilerplate rule reports at warning or error,
    with the rule, set between two paragraphs of prose (rules only)."""
    path = tmp_path / "a.txt"
    path.write_text("Headline\n" + BODY + "".join(line + "\n" for line in lines) + BODY)
    result = cli("check", path, "--format", "json", "--no-models")
    findings = result.json()["articles"][0]["findings"]
    return {
        f["text"]: f["rule"]
        for f in findings
        if f["category"] == "boilerplate" and f["severity"] != "info" and f["text"] in lines
    }


def test_substack_subscribe_boxes_buttons_and_counters(cli, tmp_path):
    prose = [
        "Thanks for reading the report, the mayor told the council before the vote on Tuesday.",
        "The paper is a reader-supported publication, its editor said, and has no owner.",
        "More from the council's budget report is expected to be published next week.",
    ]
    furniture = {
        "Thanks for reading The Quayside Letter! Subscribe for free to receive new posts "
        "and support my work.": "boilerplate-newsletter",
        "The Quayside Letter is a reader-supported publication. To receive new posts and "
        "support my work, consider becoming a free or paid subscriber.": "boilerplate-newsletter",
        "Already have an account? Sign in": "boilerplate-newsletter",
        "Subscribe now": "boilerplate-widget-label",
        "42 Likes": "boilerplate-widget-label",
        "3 Restacks": "boilerplate-widget-label",
        "Discover more from The Quayside Letter": "boilerplate-related",
    }
    assert warned(cli, tmp_path, prose + list(furniture)) == furniture


def test_instagram_tiktok_and_youtube_embed_residue(cli, tmp_path):
    prose = [
        "A post shared by the harbour board on Monday drew hundreds of replies from residents.",
        "She said she would watch on YouTube as the council met, since the hall was full.",
        "A video shared by the mayor (@harbourmayor) on Monday showed water over the quay.",
    ]
    furniture = {
        "View this post on Instagram": "boilerplate-widget-label",
        "A post shared by Lena Brook (@lenabrook.sails)": "boilerplate-widget-label",
        "A post shared by Lena Brook (@lenabrook.sails) on Jan 5, 2024 at 3:14pm PST": (
            "boilerplate-widget-label"
        ),
        "♬ original sound - quaysidecrew": "boilerplate-widget-label",
        "Watch on YouTube": "boilerplate-widget-label",
    }
    assert warned(cli, tmp_path, prose + list(furniture)) == furniture


def test_medium_author_block_and_counters(cli, tmp_path):
    prose = [
        "The account had 1,200 followers before the harbour board closed it, she said.",
        "She has been a writer for The Harbour Times since 2019 and covers shipping.",
    ]
    furniture = {
        "Member-only story": "boilerplate-widget-label",
        "1.2K Followers": "boilerplate-widget-label",
        "·Writer for Quayside Engineering": "boilerplate-byline",
        "More from Ruth Okafor and Quayside Engineering": "boilerplate-related",
        "Recommended from Medium": "boilerplate-related",
        "Responses (27)": "boilerplate-comments",
    }
    assert warned(cli, tmp_path, prose + list(furniture)) == furniture


def test_wordpress_comment_thread_and_form(cli, tmp_path):
    prose = [
        "Three thoughts on the new quay came up at the meeting, the chair said afterwards.",
        "Residents were asked to save the date of the next public meeting in April.",
        "One response to “the harbour plan” came from the port authority, which said no.",
        '2 comments on "the quay" reached the council before the deadline, the clerk said.',
    ]
    furniture = {
        "3 thoughts on “Harbour board approves second quay”": "boilerplate-comments",
        '12 Responses to "Is the harbour’s new quay safe?"': "boilerplate-comments",
        "Leave a Reply Cancel reply": "boilerplate-comments",
        "Save my name, email, and website in this browser for the next time I comment.": (
            "boilerplate-comments"
        ),
        "Post Comment": "boilerplate-comments",
        "This site uses Akismet to reduce spam. Learn how your comment data is processed.": (
            "boilerplate-site-notice"
        ),
    }
    assert warned(cli, tmp_path, prose + list(furniture)) == furniture


def test_an_author_box_head_is_a_byline(cli, tmp_path):
    # The bio under the head is left to the model: a rule for its last sentence
    # ("... Follow her on X @handle.") flagged a bio the attribution corpus keeps
    # as article text (docs/accuracy.md).
    prose = [
        "Ruth Okafor is a senior engineer at the harbour board and has worked there since 2004.",
        "About the author of the report, the council said little on Tuesday.",
    ]
    furniture = {
        "About the author": "boilerplate-byline",
        "About the authors": "boilerplate-byline",
    }
    assert warned(cli, tmp_path, prose + list(furniture)) == furniture
