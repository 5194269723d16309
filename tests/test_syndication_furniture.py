"""Lines that say where a copy came from: syndication notices under republished
stories ("This article originally appeared on X", "... is republished with
permission", "Distributed by X, LLC."), the markers an aggregator leaves in and
under the copy ("Story continues below", "Read the original article on X"), and
the heads and credits science aggregators print under a release ("Story Source:",
"Provided by X", "Citation: ... retrieved ... from https://..."). Lines written
here, checked one by one between paragraphs of prose; sentences of a story that
read close to them stay."""

from __future__ import annotations

from conftest import flagged

# Sentences of a story that share words with the notices below.
PROSE = [
    "The data were provided by the ministry.",
    "More information about the scheme is due in March.",
    "The study, published in Nature on Tuesday, found that weekend opening cut visits by 8%.",
    "Read the full report on the council's website.",
    "Provided the county approves the budget, a second doctor will join the clinic.",
    "Provided by the county, the buses will run until May.",
    "The plan first appeared in the department's annual report in 2023, the spokesman said.",
    "The article originally appeared in a Sunday edition in 1954, the archivist said.",
    "The story continues next week, when the council debates the budget.",
    "Materials for the new waiting room were donated by a local builder.",
    "Materials provided by Eastvale University were used in the lab.",
    "Distributed by volunteers, the leaflets reached 4,000 homes.",
    "The photographs were used with permission from the families.",
    "The agency said it was not responsible for the accuracy of news releases sent by councils.",
    # The words of a notice in a story's sentence: a clause after a comma, a
    # reprint by whom.
    "Originally published in 1962 as a serial, the novel has never been out of print.",
    "Originally posted on Monday, the video had a million views by Friday.",
    "This column originally appeared in 2019, before the pandemic closed the theatre.",
    "This story was reprinted by dozens of newspapers across the country after the trial.",
    "This report was republished by the ministry in 2020 with corrections.",
    # Phys.org's reference of the paper: the labeled corpus reads it as content.
    "More information: Anna Sorby et al, Basal sliding after lake drainage, Geophysical "
    "Research Letters (2025). DOI: 10.1029/2024GL112233",
]


def test_syndication_notices_are_site_notices(cli, tmp_path):
    notices = [
        "This article originally appeared on Riverbend Post.",
        "This article originally appeared in The Riverbend Post.",
        "This story was originally published by The Lakeshore Ledger and is republished "
        "with permission.",
        "This article is republished from The Conversation under a Creative Commons license. "
        "Read the original article.",
        "This story was produced by the Prairie Ledger Report, a nonprofit newsroom, and is "
        "republished with permission.",
        "Originally published on Prairie Ledger Report.",
        "Originally published on Prairie Ledger Report on March 3, 2025.",
        "This article is republished here with permission from the Millbrook Courier.",
        "Republished with permission.",
        "Distributed by Tribune Content Agency, LLC.",
        "Disclaimer: AlertWire and the Science News Trust are not responsible for the accuracy "
        "of news releases posted to AlertWire by contributing institutions.",
        "Materials provided by University of Northport. Note: Content may be edited for style "
        "and length.",
        "Citation: Meltwater lakes speed up a glacier's slide for weeks after draining (2025, "
        "March 3) retrieved 4 March 2025 from https://physnet.example/news/2025-03-meltwater.html",
    ]
    assert flagged(cli, tmp_path, PROSE + notices, "boilerplate-site-notice") == notices


def test_continuation_markers_and_links_to_the_original_are_teasers(cli, tmp_path):
    markers = [
        "Story continues below advertisement",
        "Story continues below",
        "Story continues",
        "Advertisement - story continues below",
        # Phys.org's head over its teasers, which are headlines (no full stop)
        "Explore further",
        "Continue reading on Millbrook Courier",
        "Read the original article on Harbour Insider",
    ]
    assert flagged(cli, tmp_path, PROSE + markers, "boilerplate-related") == markers


def test_explore_further_over_a_paragraph_is_a_section_head(cli, tmp_path):
    # A travel guide's last section: the head stands over the guide's own prose,
    # where Phys.org's stands over headlines of its other stories.
    lines = [
        "Explore further",
        "Vienne, thirty minutes away by train, has a Roman temple in its main square.",
    ]
    assert flagged(cli, tmp_path, lines, "boilerplate-related") == []


def test_science_aggregator_heads_and_credits_are_source_notes(cli, tmp_path):
    notes = [
        "Story Source:",
        "Journal Reference:",
        "Cite This Page:",
        "Materials provided by University of Northport.",
        "Provided by Carrow Institute of Technology",
        "Journal information: Geophysical Research Letters",
    ]
    # Each between long sentences, inside the body: a short head at the body's
    # edge is the layout rule's (`boilerplate-outside-body`, a warning).
    long = "The team counted the mussels at forty sites around the lake over two summers."
    lines = PROSE + [line for note in notes for line in (note, long)]
    assert flagged(cli, tmp_path, lines, "boilerplate-source-note") == notes


def test_continue_reading_on_several_devices_is_a_feature(cli, tmp_path):
    # An app review's list of features: "Continue reading on X" names one site
    # the copy came from, never a list of devices or platforms.
    lines = [
        "Continue reading on Android, iOS or the web",
        "Continue reading on Kindle or paper",
        "Highlight and export notes",
    ]
    assert flagged(cli, tmp_path, lines, "boilerplate-related") == []


def test_a_films_distributor_in_a_reviews_credits_is_content(cli, tmp_path):
    # A film's or a record's distributor is a fact of a review's credits; a
    # syndicate's line says it is a syndicate or a company (LLC, Inc).
    credits = ["Directed by Ana Ruiz", "Distributed by Northlight Pictures", "Certificate: 12A"]
    notices = ["Distributed by King Features Syndicate", "Distributed by Harbour Content Agency"]
    assert flagged(cli, tmp_path, credits + notices, "boilerplate-site-notice") == notices


def test_a_sentence_that_goes_on_after_a_permission_is_the_story(cli, tmp_path):
    # The credit names who gave the permission and stops; a sentence that goes
    # on after a comma ("..., the afterword now closes the book.") is prose.
    prose = ["Reprinted with permission of the Marr estate, the afterword now closes the book."]
    notices = [
        "Reprinted with permission of the Marr estate.",
        "Republished with permission from Tribune Content Agency, LLC.",
    ]
    assert flagged(cli, tmp_path, prose + notices, "boilerplate-site-notice") == notices
