"""Page furniture named by the markup: the HTML reader records the class or id
of the element around a block that Readability and trafilatura drop by name,
and the ``furniture`` rule (``boilerplate-page-furniture``) flags such lines.
All pages here are written for the tests."""

from __future__ import annotations

import json
import pickle

from qualitycheck.readers.base import ReadSettings
from qualitycheck.readers.html import read_html

BODY = "The county will reopen the ferry slipway on Monday after three weeks of repairs."

PAGE = (
    "<html><head><title>Slipway reopens</title></head><body>"
    '<div class="post comments-open">'
    f'<div class="entry-content"><p>{BODY}</p><p>Crews replaced the worn timber deck.</p></div>'
    '<div class="related-posts"><h3>More from the coast</h3>'
    "<ul><li><a href='/a'>Lifeboat crew rescues two walkers</a></li></ul></div>"
    "</div>"
    '<aside class="sidebar"><article><p>A story the sidebar shows in full.</p></article></aside>'
    '<table><tr><td class="comment-cell">A table cell with a comment name.</td></tr></table>'
    '<nav role="navigation"><p>Home</p></nav>'
    "</body></html>"
)


def _blocks(page: str) -> dict[str, str | None]:
    [article] = read_html(page, "p.html", ReadSettings())
    return {b.text: b.furniture for b in article.blocks}


def test_blocks_in_elements_named_as_furniture_carry_the_name():
    furniture = _blocks(PAGE)
    assert furniture["More from the coast"] == 'class="related-posts"'
    assert furniture["Lifeboat crew rescues two walkers"] == 'class="related-posts"'
    assert furniture["Home"] == 'role="navigation"'


def test_the_nearer_article_body_wins_over_a_furniture_name_around_it():
    furniture = _blocks(PAGE)
    # "comments-open" names the whole post; the entry-content in it is the story.
    assert furniture[BODY] is None
    assert furniture["Crews replaced the worn timber deck."] is None
    # An <article> in a sidebar is an article, whatever the sidebar is called.
    assert furniture["A story the sidebar shows in full."] is None
    # Readability keeps what a table holds.
    assert furniture["A table cell with a comment name."] is None


def test_an_element_named_both_ways_is_not_furniture():
    # Readability's okMaybeItsACandidate: "content" in the name keeps it.
    page = '<div class="comment-content"><p>Readers wrote in about the ferry.</p></div>'
    assert _blocks(page)["Readers wrote in about the ferry."] is None


def test_pickled_blocks_keep_their_furniture():
    [article] = read_html(PAGE, "p.html", ReadSettings())
    copy = pickle.loads(pickle.dumps(article))
    assert [b.furniture for b in copy.blocks] == [b.furniture for b in article.blocks]
    assert 'class="related-posts"' in [b.furniture for b in copy.blocks]


def test_the_rule_flags_furniture_lines_and_not_the_story(cli, tmp_path):
    (tmp_path / "page.html").write_text(PAGE, encoding="utf-8")
    result = cli("check", "page.html", "--no-models", "--format", "json")
    findings = json.loads(result.out)["articles"][0]["findings"]
    ours = [f for f in findings if f["rule"] == "boilerplate-page-furniture"]
    flagged = {f["text"] for f in ours}
    assert "More from the coast" in flagged
    # No labeled data has markup to measure it on: a severity unmeasured is info.
    assert all(f["severity"] == "info" for f in ours)
    assert any(f["message"] == 'Line sits in page furniture: class="related-posts"' for f in ours)
    story = {BODY, "Crews replaced the worn timber deck.", "A story the sidebar shows in full."}
    assert not story & {f["text"] for f in findings}


def test_except_names_keeps_a_themes_own_name(cli, tmp_path):
    (tmp_path / "page.html").write_text(PAGE, encoding="utf-8")
    (tmp_path / "rules.yaml").write_text(
        "rules:\n"
        "  - id: site-furniture\n"
        "    kind: furniture\n"
        "    category: boilerplate\n"
        "    message: 'In {furniture}'\n"
        "    except_names: [RELATED]\n"
        "    examples:\n"
        "      flag: ['<div class=\"site-footer\"><p>Contact us</p></div>']\n"
        "      pass: ['<div class=\"related\"><p>Another story</p></div>']\n",
        encoding="utf-8",
    )
    # The pack's rules off: one finding per span is kept, theirs or this one.
    args = (
        "--no-models",
        "--format",
        "json",
        "--rules",
        "rules.yaml",
        "--disable",
        "boilerplate-*",
    )
    result = cli("check", "page.html", *args)
    assert result.code in (0, 1), result.err
    findings = json.loads(result.out)["articles"][0]["findings"]
    texts = {f["text"] for f in findings if f["rule"] == "site-furniture"}
    assert "Home" in texts
    assert not {"More from the coast", "Lifeboat crew rescues two walkers"} & texts


def test_text_input_has_no_furniture(cli, tmp_path):
    (tmp_path / "story.txt").write_text(f"Slipway reopens\n\n{BODY}\n\nRelated posts\n")
    result = cli("check", "story.txt", "--no-models", "--format", "json")
    findings = json.loads(result.out)["articles"][0]["findings"]
    assert not [f for f in findings if f["rule"] == "boilerplate-page-furniture"]
