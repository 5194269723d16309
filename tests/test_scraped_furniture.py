"""Furniture that modern news pages leave in a scraper's text (players, paywalls,
app prompts, credits, short dates): pages written here, checked line by line."""

from __future__ import annotations

from conftest import flagged


def test_a_video_player_left_in_the_body_is_widget_text(cli, tmp_path):
    prose = [
        "The ferry left the harbour at 2:31 in the morning, an hour late.",
        "Divers said they would continue reading the seabed charts until Friday.",
    ]
    player = ["Now playing", "2:31", "38:20", "1:02:45", "Continue reading the main story"]
    assert flagged(cli, tmp_path, prose + player, "boilerplate-widget-label") == player


def test_a_watch_or_listen_teaser_is_a_teaser_and_a_quoted_call_is_not(cli, tmp_path):
    prose = [
        '"Listen: we have to act before the harbour wall gives way," the mayor said.',
        "Listen: we have to act before the harbour wall gives way.",
        "Watchdogs said the quay's budget had doubled since 2021.",
    ]
    teasers = [
        "Watch: Drone footage shows the fire crossing the ring road",
        "LISTEN: The Harbour Hour podcast on the new quay",
        "Video: Cranes arrive at the eastern breakwater",
    ]
    assert flagged(cli, tmp_path, prose + teasers, "boilerplate-related") == teasers


def test_a_date_with_a_short_weekday_is_a_date_line(cli, tmp_path):
    prose = ["Sat 19 Oct 2024 was the day the quay finally opened to the public."]
    dates = ["Sat 19 Oct 2024 17.05 BST", "Thu 4 Apr 2024 at 5:12am", "Sun, 2 Feb 2020"]
    assert flagged(cli, tmp_path, prose + dates, "boilerplate-date-line") == dates


def test_image_copyright_caption_and_credit_labels_are_credits(cli, tmp_path):
    prose = [
        "The bank said credit: conditions for small firms had tightened again this spring.",
        "Tax credit: a new allowance for dock workers will be paid from April, she said.",
    ]
    credits = [
        "Image copyright: Riverside Wildlife Trust",
        "Image caption, Flood barriers went up in the town centre last winter",
        "Image source, Harbour Board",
        "Anna Vos in the company's new bakery in Utrecht. Credit: Company handout",
        "The harbour master at work (Credit: Northport Pictures)",
    ]
    assert flagged(cli, tmp_path, prose + credits, "boilerplate-photo-credit") == credits


def test_paywall_and_app_prompts_are_subscription_prompts(cli, tmp_path):
    prose = [
        "Download the app to book a free test, the health board said.",
        "Readers get five free articles a month before the paywall appears, the editor said.",
    ]
    prompts = [
        "You have 2 free articles left this month.",
        "Subscribe for unlimited access.",
        "Already a subscriber? Log in",
        "Get the app",
        "Download our free weather app",
        "Download The Harbour Times app for iOS and Android and save stories for later.",
    ]
    assert flagged(cli, tmp_path, prose + prompts, "boilerplate-newsletter") == prompts


def test_learn_more_breaking_news_and_support_us_buttons_are_widget_text(cli, tmp_path):
    prose = [
        "Residents who want to learn more can visit the harbour office on Friday.",
        "Support us, the lifeboat crew asked, as the appeal reached its final week.",
    ]
    buttons = ["LEARN MORE", "Breaking News", "Support us"]
    assert flagged(cli, tmp_path, prose + buttons, "boilerplate-widget-label") == buttons


def test_opinion_and_health_disclaimers_and_tip_calls_are_site_notices(cli, tmp_path):
    prose = [
        "Critics said the views expressed at the meeting were not shared by most residents.",
        "Have a tip, the harbour master said, and keep your lines tidy.",
    ]
    notices = [
        "The views expressed here are the author's own.",
        "This article is for informational purposes only and is not medical advice.",
        "Got a confidential news tip? We want to hear from you.",
        "Do you have a story for us? Get in touch with the newsdesk",
    ]
    assert flagged(cli, tmp_path, prose + notices, "boilerplate-site-notice") == notices


def test_a_byline_with_its_date_in_the_same_line_is_a_byline(cli, tmp_path):
    # A CMS template sets the author and the date side by side in one block
    # (<span class="byline">By …</span> <time>…</time>): no separator between.
    prose = [
        "By March 11, 2026 the new ferries will carry their first passengers.",
        "By Friday 12 January 2026 had been set as the deadline for comments.",
    ]
    bylines = ["By Ruth Okafor March 11, 2026", "By Julian Pask 12 January 2026"]
    assert flagged(cli, tmp_path, prose + bylines, "boilerplate-byline") == bylines
