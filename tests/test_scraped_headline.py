"""The headline of a scraped plain-text page that opens with site furniture.

A ``.txt`` page's headline was its first line, so a page opening with "Skip to
main content" or a section label ("Transport") had that line reported as its
title, and its real headline read as a body line: the boilerplate model took
it for a teaser and ``clean`` cut it (19 of 25 scraped pages of a review). The
headline is now the first line that reads as one under the labels, dates and
the lines a named boilerplate rule reports; a first line that is a headline
stays one.
"""

from __future__ import annotations

import json

from qualitycheck.readers import InputSource, read_source
from qualitycheck.readers.base import ReadSettings
from qualitycheck.readers.html import read_html
from qualitycheck.readers.txt import parse_text

HEADLINE = "Ferry timetable cut as crew shortage bites"
BODY = [
    "The island ferry will run four crossings a day instead of seven from next month, "
    "the operator said on Wednesday, because it cannot find enough qualified deckhands.",
    "Passengers who commute to the mainland say the later first sailing will make them "
    "miss the early train, and several employers have already changed shift times.",
    "The operator said it had advertised twelve posts since January and filled only three "
    "of them, blaming the cost of housing on the island for the gap.",
    "A spokesperson for the county council said talks about a temporary housing allowance "
    "for crews would begin next week.",
]


def page(*top: str) -> str:
    return "\n".join([*top, *BODY]) + "\n"


def title_of(text: str) -> str | None:
    return parse_text(text, "a.txt", "a.txt").title


#: A scraped story for the deck tests: its headline, then its three paragraphs.
BRIDGE_HEADLINE = "Harbour bridge to close for a week of repairs"
BRIDGE_STORY = (
    "The harbour bridge will close on Monday for a week while engineers repair cracks "
    "found in its deck after last month's storm, the council said on Friday.\n"
    "Drivers will be sent along the coast road, which adds about ten minutes to the "
    "journey into town, and the ferry will run every half hour instead of every hour.\n"
    "The council said the repairs would cost about 400,000 pounds and would be paid from "
    "its roads budget, which was set aside for such repairs.\n"
)


def test_check_and_clean_keep_the_headline_under_a_skip_link(cli, tmp_path):
    source = tmp_path / "page.txt"
    source.write_text(page("Skip to main content", "Sign in", HEADLINE), encoding="utf-8")
    [article] = cli("check", source, "--format", "json").json()["articles"]
    assert article["title"] == HEADLINE
    flagged = {f["line"]: f["rule"] for f in article["findings"] if f["category"] == "boilerplate"}
    assert flagged == {1: "boilerplate-widget-label", 2: "boilerplate-widget-label"}

    assert cli("clean", source, "-o", tmp_path / "out").code == 0
    cleaned = (tmp_path / "out" / "page.txt").read_text(encoding="utf-8")
    assert cleaned == page(HEADLINE)


def test_a_section_label_gives_way_to_the_headline_under_it(cli, tmp_path):
    source = tmp_path / "page.txt"
    source.write_text(page("Transport", HEADLINE), encoding="utf-8")
    [article] = cli("check", source, "--format", "json").json()["articles"]
    assert article["title"] == HEADLINE
    assert [f["line"] for f in article["findings"] if f["category"] == "boilerplate"] == [1]
    # Labels, a menu and a breadcrumb trail, a date: all passed over.
    for top in (
        ("Live scores", "Fixtures", HEADLINE),
        ("News | Local | Transport", HEADLINE),
        ("Home > News > Transport", HEADLINE),
        ("Arts & Culture", "Tuesday, March 5, 2024", HEADLINE),
    ):
        assert title_of(page(*top)) == HEADLINE, top


def test_a_first_line_that_is_a_headline_stays_the_headline():
    # A short headline over its story, a page title with the site's name, a
    # three-word headline over a deck, a headline ending like a sentence.
    assert title_of(page("Ferry cuts", *BODY)) == "Ferry cuts"
    assert title_of(page(f"{HEADLINE} | Island Courier")) == f"{HEADLINE} | Island Courier"
    deck = "Island commuters face a later first sailing from next month"
    assert title_of(page("Ferry crossings cut", deck)) == "Ferry crossings cut"
    assert title_of(page("Ferry cuts!", HEADLINE)) == "Ferry cuts!"
    assert title_of(page("Transport")) == "Transport"  # nothing better: as before


def test_furniture_alone_above_the_body_is_no_headline(cli, tmp_path):
    source = tmp_path / "page.txt"
    source.write_text(page("Skip to main content", "Sign in"), encoding="utf-8")
    [article] = cli("check", source, "--format", "json", "--no-models").json()["articles"]
    assert article["title"] is None
    lines = [f["line"] for f in article["findings"] if f["category"] == "boilerplate"]
    assert lines == [1, 2]


def test_an_html_headline_under_the_site_name_is_the_title(cli, tmp_path):
    """``<title>Headline | Site</title>`` over a menu that names the site: the
    name was the first block the title contains, so it was marked the title and
    the model reported the ``<h1>`` under it, which ``clean`` cut."""
    paragraphs = "".join(f"<p>{line}</p>\n" for line in BODY)
    source = tmp_path / "page.html"
    source.write_text(
        f"<html><head><title>{HEADLINE} | Island Courier</title></head><body>\n"
        '<div class="nav"><a href="/">Island Courier</a></div>\n'
        '<div class="nav"><a href="#main">Skip to main content</a></div>\n'
        f"<h1>{HEADLINE}</h1>\n{paragraphs}</body></html>\n",
        encoding="utf-8",
    )
    [article] = cli("check", source, "--format", "json").json()["articles"]
    assert article["title"] == f"{HEADLINE} | Island Courier"
    assert 4 not in [f["line"] for f in article["findings"]]  # the <h1>
    assert cli("clean", source, "-o", tmp_path / "out").code == 0
    assert f"<h1>{HEADLINE}</h1>" in (tmp_path / "out" / "page.html").read_text(encoding="utf-8")


def test_a_jsonl_headline_under_furniture_is_the_titled_line(cli, tmp_path):
    """A record's ``title`` marked the text's headline only on its first line:
    under "Skip to main content" the headline was a body line, and the model
    reported it."""
    text = page("Skip to main content", "Sign in", HEADLINE)
    feed = tmp_path / "feed.jsonl"
    feed.write_text(json.dumps({"id": "f-1", "title": HEADLINE, "text": text}) + "\n")
    [article] = cli("check", feed, "--format", "json").json()["articles"]
    assert [f["line"] for f in article["findings"]] == [1, 2]
    assert cli("clean", feed, "-o", tmp_path / "out").code == 0
    [cleaned] = (tmp_path / "out" / "feed.jsonl").read_text(encoding="utf-8").splitlines()
    assert json.loads(cleaned)["text"] == page(HEADLINE)


def test_the_headline_chosen_in_a_worker_is_the_one_shown(cli, tmp_path):
    """With ``--jobs 2`` the worker chose the headline and the main process
    showed its own copy's guess: "Skip to main content" stayed the title."""
    for number in range(4):
        top = ("Skip to main content", "Sign in") if number % 2 else ("Transport",)
        (tmp_path / f"p{number}.txt").write_text(page(*top, HEADLINE), encoding="utf-8")
    one = cli("check", tmp_path, "--format", "json", "--no-models", "--jobs", "1")
    two = cli("check", tmp_path, "--format", "json", "--no-models", "--jobs", "2")
    assert [a["title"] for a in two.json()["articles"]] == [HEADLINE] * 4
    assert two.out == one.out


def test_an_html_headline_the_title_repeats_whole_beats_a_subheading(cli, tmp_path):
    """A headline in a ``<div>`` that the ``<title>`` repeats whole is the
    title, not a subheading the title only contains ("Crew shortage"): a
    heading came first, the ``<div>`` headline was then read as body, the
    model took it for furniture and ``clean`` cut it."""
    first, rest = ("".join(f"<p>{line}</p>\n" for line in part) for part in (BODY[:2], BODY[2:]))
    source = tmp_path / "page.html"
    source.write_text(
        f"<html><head><title>{HEADLINE}</title></head><body>\n"
        '<div class="nav"><a href="/">Island Courier</a></div>\n'
        '<div class="nav"><a href="/news">News</a> | <a href="/sport">Sport</a></div>\n'
        f'<div class="headline">{HEADLINE}</div>\n<div class="byline">By Ann Lee</div>\n'
        f"{first}<h2>Crew shortage bites</h2>\n{rest}</body></html>\n",
        encoding="utf-8",
    )
    [article] = read_source(InputSource(str(source), "html", source), ReadSettings())
    assert [b.text for b in article.blocks if b.is_title] == [HEADLINE]
    assert cli("clean", source, "-o", tmp_path / "out").code in (0, 1)
    assert HEADLINE in (tmp_path / "out" / "page.html").read_text(encoding="utf-8")


def test_the_deck_under_a_headline_found_below_furniture_is_not_reported(cli, tmp_path):
    """The boilerplate model leaves a headline's deck alone (a line that reads
    as a headline over the first paragraph); it did so only under a headline
    on the first line, and took the deck under a headline the reader found
    below "Skip to main content" for a teaser."""
    deck = "Engineers found cracks in the deck after last month's storm"
    (tmp_path / "a.txt").write_text(
        f"Skip to main content\nNews | Local | Sport\n{BRIDGE_HEADLINE}\n{deck}\n" + BRIDGE_STORY,
        encoding="utf-8",
    )
    [article] = cli("check", "a.txt", "--format", "json").json()["articles"]
    assert article["title"] == BRIDGE_HEADLINE
    assert [f["rule"] for f in article["findings"] if f["line"] == 4] == []


def test_a_subtitle_heading_over_the_byline_is_the_deck(cli, tmp_path):
    """Substack and Medium set a post's deck as a heading (``<h3
    class="subtitle">``) under the ``<h1>`` and put the byline, date and
    like/share counts between it and the first paragraph. The deck was looked
    for only straight above prose, so the model called this one a teaser (a
    warning) and ``clean`` removed it."""
    deck = "Fewer pumps, older pipes and a budget nobody has raised since 2012"
    (tmp_path / "post.html").write_text(
        "<html><head><title>Why the town's water pressure keeps dropping</title></head><body>\n"
        '<div class="topbar"><a href="/">The Pipe Letter</a>'
        '<a class="button" href="/subscribe">Subscribe</a></div>\n'
        "<h1>Why the town's water pressure keeps dropping</h1>\n"
        f'<h3 class="subtitle">{deck}</h3>\n'
        '<div class="post-meta"><a href="/@ann">Ann Kerr</a></div>\n'
        "<div>Mar 03, 2026</div>\n"
        '<a class="share" href="#">Share</a>\n'
        "<p>Households on the hill above the town have complained for three summers that "
        "their taps slow to a trickle in the evening, and this year the complaints came "
        "in May.</p>\n"
        "<p>The water company says two of the four pumps that lift water to the hill "
        "reservoir are more than forty years old and break down every few weeks in hot "
        "weather.</p>\n"
        "<p>Replacing them would cost about two million pounds, and the company says that "
        "money is not in its plan until the end of the decade.</p>\n"
        "<p>Residents have started a petition asking the regulator to bring the work "
        "forward, and it has gathered about a thousand names so far.</p>\n"
        "</body></html>\n",
        encoding="utf-8",
    )
    [article] = cli("check", "post.html", "--format", "json").json()["articles"]
    assert [f["rule"] for f in article["findings"] if f["line"] == 4] == []
    assert cli("clean", "post.html", "-o", tmp_path / "out").code == 0
    assert deck in (tmp_path / "out" / "post.html").read_text(encoding="utf-8")


def test_furniture_under_a_headline_is_no_deck(cli, tmp_path):
    """A deck tells its headline's story and shares a word with it or the
    lead; a share row under a headline reads as a headline too (four words or
    more, no sentence stop) and was left out of the model's view as a deck."""
    lead, rest = BRIDGE_STORY.split("\n", 1)
    share = "Share on Facebook Share on Twitter Email"
    (tmp_path / "a.txt").write_text(
        f"Skip to main content\nNews | Local | Sport\n{BRIDGE_HEADLINE}\n{share}\n{lead}\n{rest}",
        encoding="utf-8",
    )
    (tmp_path / "b.html").write_text(
        f"<html><head><title>{BRIDGE_HEADLINE}</title></head>"
        f"<body><h1>{BRIDGE_HEADLINE}</h1>"
        f"<h3>{share}</h3><div>Ann Kerr</div><div>Mar 03, 2026</div><p>{lead}</p>"
        + "".join(f"<p>{line}</p>" for line in rest.splitlines())
        + "</body></html>",
        encoding="utf-8",
    )
    articles = cli("check", "a.txt", "b.html", "--format", "json").json()["articles"]
    for article in articles:
        on_share = [f["rule"] for f in article["findings"] if f["text"] == share]
        assert "model-boilerplate" in on_share, (article["path"], article["findings"])


def _html_page(title: str, top: str, headline_markup: str) -> str:
    paragraphs = "".join(f"<p>{line}</p>\n" for line in BODY)
    return (
        f"<html><head><title>{title}</title></head><body>\n{top}\n"
        f"{headline_markup}\n{paragraphs}</body></html>\n"
    )


def test_an_html_headline_under_a_title_of_the_site_name_is_the_title(cli, tmp_path):
    """A ``<title>`` of the site's name alone ("Island Courier") or of a
    section ("Transport | Island Courier") named no block, or the masthead's
    link home: the ``<h1>`` under it was read as a body line and the model
    reported it (p = 0.96), as it did a blog's post title under the blog's
    name."""
    pages = {
        "name.html": _html_page(
            "Island Courier",
            '<nav><a href="/">Home</a> <a href="/news">News</a></nav>',
            f"<h1>{HEADLINE}</h1>",
        ),
        "section.html": _html_page(
            "Transport | Island Courier",
            '<div class="masthead"><a href="/">Island Courier</a></div>\n'
            '<div class="top"><a href="/">Home</a> | <a href="/transport">Transport</a></div>',
            f"<h1>{HEADLINE}</h1>",
        ),
        "blog.html": _html_page(
            "Notes from the Island Quay",
            '<div id="header"><h1><a href="/">Notes from the Island Quay</a></h1>'
            "<p>A commuter's diary</p></div>",
            f'<h3 class="post-title">{HEADLINE}</h3>',
        ),
    }
    for name, text in pages.items():
        source = tmp_path / name
        source.write_text(text, encoding="utf-8")
        [article] = read_source(InputSource(str(source), "html", source), ReadSettings())
        assert [b.text for b in article.blocks if b.is_title] == [HEADLINE], name
        [result] = cli("check", source, "--format", "json").json()["articles"]
        headline_line = text.splitlines().index(next(x for x in text.splitlines() if HEADLINE in x))
        assert headline_line + 1 not in [f["line"] for f in result["findings"]], name


def test_a_linked_headline_the_title_names_keeps_it_over_a_heading_under_it():
    """A headline that is a link (``<h1><a href=permalink>``) and that the
    ``<title>`` repeats stays the title: the heading under it, over the story,
    is its deck, which shares the title's words."""
    text = _html_page(
        f"{HEADLINE} | Island Courier",
        f'<h1><a href="/2026/ferry">{HEADLINE}</a></h1>',
        "<h2>Crew shortage on the island ferry means fewer crossings</h2>",
    )
    [article] = read_html(text, "a.html", ReadSettings())
    assert [b.text for b in article.blocks if b.is_title] == [HEADLINE]


def test_an_untitled_jsonl_headline_under_furniture_is_not_reported(cli, tmp_path):
    """A record with no ``title`` that opens with furniture ("Skip to main
    content", a section label): the model set its first line aside as the
    headline, since it reads as one, and warned on the real headline under it."""
    feed = tmp_path / "feed.jsonl"
    tops = [("Skip to main content", "Sign in", HEADLINE), ("Transport", HEADLINE)]
    feed.write_text(
        "".join(
            json.dumps({"id": f"u-{n}", "text": page(*top)}) + "\n" for n, top in enumerate(tops)
        )
    )
    articles = cli("check", feed, "--format", "json").json()["articles"]
    for article, top in zip(articles, tops, strict=True):
        headline_line = top.index(HEADLINE) + 1
        reported = [f["rule"] for f in article["findings"] if f["line"] == headline_line]
        assert reported == [], (top, reported)
        assert article["title"] is None  # the record names none; the output says so


def test_a_menu_line_of_four_words_or_more_gives_way_to_the_headline(cli, tmp_path):
    """A menu of four words or more with no separator ("Home News Sport
    Weather Business Culture") was taken for the headline, and the model
    warned on the real one under it."""
    for menu in (
        "Home News Sport Weather Business Culture Travel",
        "Contact Us About Us Advertise With Us",
        "Arts & Culture Science History Travel",
    ):
        assert title_of(page(menu, HEADLINE)) == HEADLINE, menu
    source = tmp_path / "page.txt"
    source.write_text(page("Home News Sport Weather Business Culture", HEADLINE))
    [article] = cli("check", source, "--format", "json").json()["articles"]
    assert article["title"] == HEADLINE
    assert 2 not in [f["line"] for f in article["findings"]]
    # A headline in title case is no menu, though some of its words are.
    title_case = "Council Approves New Home for Local News Archive"
    assert title_of(page(title_case, HEADLINE)) == title_case


def test_an_html_headline_over_its_deck_under_a_site_name_title_is_the_title(cli, tmp_path):
    """Under a ``<title>`` of the site's name, the heading over the story was
    the ``<h2>`` standfirst, and the model warned on the ``<h1>`` above it."""
    deck = "Island commuters face a later first sailing and fewer crossings"
    text = _html_page(
        "Island Courier",
        '<div class="top"><a href="/">Island Courier</a> <a href="/news">News</a></div>',
        f'<h1>{HEADLINE}</h1>\n<h2 class="standfirst">{deck}</h2>',
    )
    source = tmp_path / "deck.html"
    source.write_text(text, encoding="utf-8")
    [article] = read_html(text, "deck.html", ReadSettings())
    assert [b.text for b in article.blocks if b.is_title] == [HEADLINE]
    [result] = cli("check", source, "--format", "json").json()["articles"]
    assert not {4, 5} & {f["line"] for f in result["findings"]}, result["findings"]
    # A blog's name over a post's title is a link home, no headline over a deck.
    blog = _html_page(
        "Island Notes",
        '<h1><a href="/">Notes from the Island Quay</a></h1>',
        f"<h3>{HEADLINE}</h3>",
    )
    [article] = read_html(blog, "blog.html", ReadSettings())
    assert [b.text for b in article.blocks if b.is_title] == [HEADLINE]


def test_a_jsonl_headline_under_a_title_of_the_site_name_is_not_reported(cli, tmp_path):
    """A record whose ``title`` is the site's name marked that name over the
    menu as the title; the model warned on the headline under them. (The
    site is named after the island its stories are about.)"""
    text = page("Island Courier", "Home News Sport", HEADLINE)
    feed = tmp_path / "feed.jsonl"
    feed.write_text(json.dumps({"id": "s-1", "title": "Island Courier", "text": text}) + "\n")
    [article] = cli("check", feed, "--format", "json").json()["articles"]
    assert 3 not in [f["line"] for f in article["findings"]], article["findings"]
    # A title that tells the story is the headline as marked, whatever is under it.
    story = page(HEADLINE, "Crew shortage hits island crossings hard")
    feed.write_text(json.dumps({"id": "s-2", "title": HEADLINE, "text": story}) + "\n")
    [article] = cli("check", feed, "--format", "json").json()["articles"]
    assert article["title"] == HEADLINE


def test_an_html_headline_over_a_byline_and_its_deck_under_a_site_name_title_is_kept(cli, tmp_path):
    """A byline between the ``<h1>`` and the ``<h2>`` standfirst over the story:
    the standfirst was taken for the headline, the model warned on the real
    headline and ``clean`` emptied its ``<h1>``."""
    deck = "Island commuters face a later first sailing and fewer crossings"
    text = _html_page(
        "Island Courier",
        '<div class="top"><a href="/">Island Courier</a> <a href="/news">News</a></div>',
        f"<h1>{HEADLINE}</h1>\n<p>By Ann Kerr, 3 March 2026</p>\n<h2>{deck}</h2>",
    )
    source = tmp_path / "byline.html"
    source.write_text(text, encoding="utf-8")
    [article] = read_html(text, "byline.html", ReadSettings())
    assert [b.text for b in article.blocks if b.is_title] == [HEADLINE]
    assert cli("clean", source, "-o", tmp_path / "out").code == 0
    assert f"<h1>{HEADLINE}</h1>" in (tmp_path / "out" / "byline.html").read_text(encoding="utf-8")
