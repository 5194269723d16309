"""Readers: every format yields blocks whose positions point into the file;
empty, blank and odd files (a BOM alone, Unicode spaces, character references
of thousands of digits) are read without error through every command."""

from __future__ import annotations

import io
import sys
from pathlib import Path

from conftest import assert_positions, write

from qualitycheck.errors import InputError
from qualitycheck.readers import FORMATS, SUFFIXES, InputSource, format_for, read_source
from qualitycheck.readers.base import ReadSettings
from qualitycheck.readers.discovery import DEFAULT_INCLUDE, discover


def read(path: Path, fmt: str | None = None) -> list:
    source = InputSource(str(path), fmt or format_for(str(path)), path)
    return list(read_source(source, ReadSettings()))


def only_article(path: Path, fmt: str | None = None):
    [article] = read(path, fmt)
    assert not isinstance(article, InputError), article
    return article


def assert_blocks_map_to_source(article) -> None:
    """Every visible character maps to the same character in the source."""
    for block in article.blocks:
        for index, char in enumerate(block.text):
            start, end = block.mapping.source_span(index, index + 1)
            raw = article.source[start:end]
            if char.isalnum():
                assert raw == char or raw.startswith("&"), (block.text, index, raw)


def test_text_first_line_is_the_headline(tmp_path):
    path = tmp_path / "a.txt"
    path.write_text(
        "\n\n  Headline here  \n\nFirst paragraph.\nSecond paragraph.\n", encoding="utf-8"
    )
    article = only_article(path)
    assert article.title == "Headline here"
    assert [b.kind for b in article.blocks] == ["title", "paragraph", "paragraph"]
    assert [b.text for b in article.body_blocks] == ["First paragraph.", "Second paragraph."]
    assert_blocks_map_to_source(article)


def test_text_starting_with_a_paragraph_has_no_headline(tmp_path):
    """A scraper that lost the headline leaves the first paragraph on top: a
    long line ending like a sentence is body text, so the rules check it."""
    first = (
        "The harbour authority said on Tuesday that it expects the regional government "
        "to explain how the second container quay on the eastern breakwater will be paid "
        "for before the board votes on the budget next month."
    )
    path = tmp_path / "a.txt"
    path.write_text(f"{first}\nThe vote was postponed.\n", encoding="utf-8")
    article = only_article(path)
    assert article.title is None
    assert [b.text for b in article.body_blocks] == [first, "The vote was postponed."]
    # A long headline without sentence punctuation, or a short one with it, stays a headline.
    for headline in (first.rstrip("."), "Council votes on the harbour budget. Residents wait."):
        path.write_text(f"{headline}\nThe vote was postponed.\n", encoding="utf-8")
        assert only_article(path).title == headline


def test_text_crlf_keeps_offsets_into_the_file(tmp_path):
    path = tmp_path / "a.txt"
    path.write_bytes(b"Headline\r\n\r\nShare This Article\r\nBody text.\r\n")
    article = only_article(path)
    share = article.blocks[1]
    assert share.text == "Share This Article"
    location = article.locate(share, 0, len(share.text))
    assert article.source[location.start : location.end] == "Share This Article"
    assert (location.line, location.column, location.end_line) == (3, 1, 3)


def test_utf8_bom_is_dropped_and_utf16_is_read(tmp_path):
    bom = tmp_path / "bom.txt"
    bom.write_bytes("\ufeffHeadline\nBody".encode())
    assert only_article(bom).source == "Headline\nBody"
    wide = tmp_path / "wide.txt"
    wide.write_bytes("Headline\nCafé au lait".encode("utf-16"))
    article = only_article(wide)
    assert article.blocks[1].text == "Café au lait"
    assert article.warnings == []


def test_other_encodings_are_detected_with_a_warning(tmp_path):
    path = tmp_path / "latin.txt"
    text = "Headline\nThe café on the square reopened, the owner said — finally.\n" * 3
    path.write_bytes(text.encode("cp1252"))
    article = only_article(path)
    assert "café" in article.blocks[1].text
    assert any("not UTF-8" in w for w in article.warnings)
    cyrillic = tmp_path / "cyrillic.txt"
    cyrillic.write_bytes(
        ("Заголовок\nЭто короткий текст о погоде и новостях города.\n" * 3).encode("cp1251")
    )
    assert "погоде" in only_article(cyrillic).blocks[1].text


def test_binary_input_is_an_input_error(tmp_path):
    path = tmp_path / "image.txt"
    path.write_bytes(b"GIF89a\x00\x01\x02\x03" * 50)
    [error] = read(path)
    assert isinstance(error, InputError)
    assert error.path == str(path)


def test_empty_and_whitespace_only_files_of_every_format_and_command(cli, tmp_path):
    inputs = tmp_path / "in"
    inputs.mkdir()
    blank = " \t\r\n\u00a0\u3000\u2028\n\r\n"
    for suffix in ("txt", "md", "html", "jsonl"):
        (inputs / f"empty.{suffix}").write_bytes(b"")
        (inputs / f"blank.{suffix}").write_bytes(blank.encode("utf-8"))
    (inputs / "bom-only.txt").write_bytes(b"\xef\xbb\xbf")

    result = cli("check", inputs, "--format", "json")
    assert result.code == 0, result.err
    document = result.json()
    assert document["summary"]["input_errors"] == []
    articles = {Path(a["path"]).name: a for a in document["articles"]}
    # A JSONL file without records holds no article; every other file is one empty article.
    expected = [
        f"{stem}.{suffix}" for stem in ("empty", "blank") for suffix in ("txt", "md", "html")
    ]
    assert sorted(articles) == sorted([*expected, "bom-only.txt"])
    for article in articles.values():
        # They pass, but say that nothing was checked.
        assert (article["verdict"], article["findings"]) == ("pass", [])
        assert article["warnings"] == ["the article is empty: nothing to check"]
        assert article["metrics"]["words"] == 0

    report = tmp_path / "report.html"
    assert cli("report", inputs, "-o", report).code == 0
    assert "bom-only.txt" in report.read_text(encoding="utf-8")

    cleaned = tmp_path / "cleaned"
    assert cli("clean", inputs, "--output", cleaned).code == 0
    for path in inputs.iterdir():
        assert (cleaned / path.name).read_bytes() == path.read_bytes(), path.name


def test_markdown_front_matter_and_syntax_not_scored(tmp_path):
    path = tmp_path / "a.md"
    path.write_text(
        "---\ntitle: Front matter title\nlanguage: en-GB\nauthor: Someone\n---\n"
        "# The heading\n\n"
        "Some **bold** text with a [link](https://example.org) and `code`.\n"
        "It continues on a second line.\n\n"
        "```\nShare This Article\n```\n\n"
        "<!-- Share This Article -->\n"
        "- a list item\n"
        "| left | right |\n|---|---|\n| one | two |\n",
        encoding="utf-8",
    )
    article = only_article(path)
    assert article.title == "Front matter title"
    assert article.language_hint == "en-GB"
    assert article.metadata["author"] == "Someone"
    texts = [(b.kind, b.text) for b in article.blocks]
    assert texts == [
        ("title", "The heading"),
        ("paragraph", "Some bold text with a link and . It continues on a second line."),
        ("list_item", "a list item"),
        ("table_cell", "left"),
        ("table_cell", "right"),
        ("table_cell", "one"),
        ("table_cell", "two"),
    ]
    assert_blocks_map_to_source(article)
    paragraph = article.blocks[1]
    start = paragraph.text.index("bold")
    location = article.locate(paragraph, start, start + 4)
    assert article.source[location.start : location.end] == "bold"
    assert location.line == 8


def test_markdown_text_right_under_an_image_is_its_caption(tmp_path):
    path = tmp_path / "a.md"
    path.write_text(
        "# Seals return\n\n"
        "![Seals on the slipway](seals.jpg)\n"
        "*Seals rest on the slipway on Sunday. Photograph: Kilmory Wildlife Trust*\n\n"
        "![Pups](pups.jpg)\n\n"
        "A paragraph after a blank line is copy.\n\n"
        '[![Map](map.png "Map")](map-large.png)\n'
        "The harbour and the slipway,\ndrawn by the trust.\n\n"
        "Text before\n![Inline](x.jpg)\nand after the image is one paragraph.\n",
        encoding="utf-8",
    )
    article = only_article(path)
    assert [(b.kind, b.text) for b in article.blocks] == [
        ("title", "Seals return"),
        ("caption", "Seals rest on the slipway on Sunday. Photograph: Kilmory Wildlife Trust"),
        ("paragraph", "A paragraph after a blank line is copy."),
        ("caption", "The harbour and the slipway, drawn by the trust."),
        ("paragraph", "Text before and after the image is one paragraph."),
    ]
    assert_blocks_map_to_source(article)


def test_a_markdown_caption_under_its_image_is_not_a_scraper_credit(cli, tmp_path):
    path = tmp_path / "seals.md"
    path.write_text(
        "# Seals return to the old harbour after forty years\n\n"
        "A colony of grey seals has returned to the old harbour at Kilmory for the first "
        "time in forty years, according to a count by volunteers from the wildlife trust.\n\n"
        "![Grey seals resting on the slipway](seals.jpg)\n"
        "*Grey seals rest on the old slipway at Kilmory on Sunday morning. "
        "Photograph: Kilmory Wildlife Trust*\n\n"
        "The volunteers counted 46 seals on Sunday, including eleven pups. The last "
        "colony left the harbour in the 1980s, when fishing boats still used it.\n",
        encoding="utf-8",
    )
    [article] = cli("check", path, "--format", "json").json()["articles"]
    assert [f["rule"] for f in article["findings"] if f["severity"] != "info"] == []
    assert article["verdict"] == "pass"  # was boilerplate-photo-credit, an error


def test_html_visible_blocks_in_order(tmp_path):
    path = tmp_path / "a.html"
    path.write_text(
        "<html><head><title>Page &amp; title</title><style>p{}</style></head><body>"
        "<script>var share = 'Share This Article';</script>"
        "<h1>Main   heading</h1>\n<p>First <b>bold</b> words &amp; more.</p>"
        '<div hidden><p>Hidden text</p></div><p style="display: none">Also hidden</p>'
        "<ul><li>One</li><li>Two<br>lines</li></ul>"
        "<figure><figcaption>A caption</figcaption></figure>"
        "</body></html>",
        encoding="utf-8",
    )
    article = only_article(path)
    assert article.title == "Page & title"
    assert [(b.kind, b.text) for b in article.blocks] == [
        ("heading", "Main heading"),
        ("paragraph", "First bold words & more."),
        ("list_item", "One"),
        ("list_item", "Two"),
        ("list_item", "lines"),  # the item's second line
        ("caption", "A caption"),
    ]
    assert_blocks_map_to_source(article)
    paragraph = article.blocks[1]
    location = article.locate(paragraph, 0, len(paragraph.text))
    assert article.source[location.start : location.end] == "First <b>bold</b> words &amp; more."


def test_html_head_left_open_ends_where_the_body_starts(tmp_path):
    # </head> is optional in HTML: a page that leaves it out has its body
    # after <title> and <meta>. The reader skipped the head up to a </head>
    # that never came and read the whole page as empty (a pass with "no body
    # text to check"); the first tag that has no place in a head ends it, as
    # in a browser.
    path = tmp_path / "a.html"
    path.write_text(
        '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        "<title>Harbour bridge to close</title>\n<style>p { color: red }</style>\n"
        '<noscript><img src="pixel.gif"><div>Turn on JavaScript.</div></noscript>\n'
        "<body>\n<h1>Harbour bridge to close</h1>\n"
        "<p>The council closed the harbour bridge on Monday after the storm.</p>\n"
        "</body></html>\n",
        encoding="utf-8",
    )
    article = only_article(path)
    assert article.title == "Harbour bridge to close"
    assert [b.text for b in article.blocks] == [
        "Harbour bridge to close",
        "The council closed the harbour bridge on Monday after the storm.",
    ]
    no_body = tmp_path / "b.html"
    no_body.write_text(
        "<html><head><title>Ferry timetable</title><meta name=x content=y>"
        "<p>The ferry runs every hour on weekdays.</p>",
        encoding="utf-8",
    )
    assert [b.text for b in only_article(no_body).blocks] == [
        "The ferry runs every hour on weekdays."
    ]


def test_html_text_inside_a_skipped_element_never_closed_is_warned_about(tmp_path):
    # What is inside <video>, <iframe>, a hidden <div> ... is not read; one
    # never closed hides the rest of the page (browsers do not show it
    # either), and the article was checked without a word about what was left
    # out. A closed one, its fallback text skipped, warns of nothing.
    path = tmp_path / "a.html"
    path.write_text(
        "<html><body><h1>Harbour bridge to close</h1>\n"
        "<p>The council closed the harbour bridge on Monday after the storm.</p>\n"
        '<video src="clip.mp4" controls>\n'
        "<p>Engineers expect the repairs to take a week, the council said.</p>\n"
        "</body></html>\n",
        encoding="utf-8",
    )
    article = only_article(path)
    assert [b.text for b in article.blocks][-1].startswith("The council closed")
    assert len(article.warnings) == 1
    assert "line 4" in article.warnings[0] and "<video>" in article.warnings[0]
    closed = tmp_path / "b.html"
    closed.write_text(
        "<p>The council closed the bridge.</p><video>Your browser cannot play this.</video>"
        "<p>Repairs take a week.</p><div hidden>\n</div><iframe src=x>",
        encoding="utf-8",
    )
    assert only_article(closed).warnings == []


def test_html_hidden_element_ends_where_a_browser_ends_it(tmp_path):
    # A hidden element's end tag may be left out: a <p> ends at the next
    # block, and an element ends with the one around it. The reader waited
    # for an end tag that never came and lost the rest of the page.
    path = tmp_path / "a.html"
    path.write_text(
        "<html><body>\n<p>The council closed the harbour bridge on Monday.\n"
        '<p style="display:none">Sponsored\n'
        "<p>Engineers expect the repairs to take a week.\n"
        '<div class="meta"><span hidden>Print only</div>\n'
        "<p>Drivers will use the coast road until then.</p>\n"
        "<div hidden><div>Nested hidden</div><p>Still hidden</div>\n"
        "<p>The ferry will run every half hour.</p></body></html>\n",
        encoding="utf-8",
    )
    article = only_article(path)
    assert [b.text for b in article.blocks] == [
        "The council closed the harbour bridge on Monday.",
        "Engineers expect the repairs to take a week.",
        "Drivers will use the coast road until then.",
        "The ferry will run every half hour.",
    ]
    assert article.warnings == []


def test_html_media_fallback_text_is_not_read(tmp_path):
    # The text inside <audio> and <video> is for browsers that cannot play
    # them; others never show it (a podcast page's "Your browser does not
    # support ..." read as a line of the article, and its "Download the file."
    # as a scrap torn off a sentence).
    path = tmp_path / "a.html"
    path.write_text(
        "<html><body><h1>Episode 12: the last ferry</h1>\n"
        '<audio controls><source src="e12.mp3" type="audio/mpeg">Your browser cannot '
        'play this file. <a href="e12.mp3">Download the file</a>.</audio>\n'
        "<p>The crew of the last ferry tell us about their final week at sea.</p>\n"
        '<video controls><track kind="captions" src="c.vtt">Video is not supported '
        "here.</video><p>Recorded in the harbour office in June.</p>\n"
        "</body></html>",
        encoding="utf-8",
    )
    assert [b.text for b in only_article(path).blocks] == [
        "Episode 12: the last ferry",
        "The crew of the last ferry tell us about their final week at sea.",
        "Recorded in the harbour office in June.",
    ]


def test_html_blocks_inside_quotes_items_captions_and_cells_keep_their_kind(tmp_path):
    # CMSs wrap the text of these elements in <p>; read as paragraphs, a caption
    # the page marks up was taken for one a scraper left behind.
    path = tmp_path / "a.html"
    path.write_text(
        "<body><p>Intro.</p>"
        "<blockquote><p>Quoted one.</p><p>Quoted two.</p><footer>A speaker</footer></blockquote>"
        "<ul><li><p>Item text.</p><div>Item div.</div></li></ul>"
        "<figure><figcaption><p>A caption.</p></figcaption></figure>"
        "<table><tr><th>Column</th></tr><tr><td><p>Cell</p></td></tr></table>"
        "<h2>Head<p>After an unclosed head.</p>"
        "</li></blockquote><p>Outro.</p></body>",
        encoding="utf-8",
    )
    assert [(b.kind, b.text) for b in only_article(path).blocks] == [
        ("paragraph", "Intro."),
        ("quote", "Quoted one."),
        ("quote", "Quoted two."),
        ("quote", "A speaker"),
        ("list_item", "Item text."),
        ("list_item", "Item div."),
        ("caption", "A caption."),
        ("table_cell", "Column"),
        ("table_cell", "Cell"),
        ("title", "Head"),  # the first heading, without a <title>
        ("paragraph", "After an unclosed head."),
        ("paragraph", "Outro."),  # stray end tags close nothing
    ]


def test_a_layout_tables_cells_are_the_pages_paragraphs(cli, tmp_path):
    """Old pages set their whole text in a table's cells, byline, date and share
    buttons too: once cells were skipped by the line rules (a data table's
    "Share" column head is no widget), such a page lost its boilerplate
    findings (fail -> warn, clean removed 1 block of 10). A table with block
    elements (two <p>) inside a cell and no header cell, or with role
    "presentation", is for layout: its cells are paragraphs again; a table
    with a header cell keeps its cells, <p> or not."""
    layout = (
        "<html><body><table width=600><tr><td><p>By Marta Lindqvist</p>"
        "<p>March 4, 2003</p><p>Share This Article</p>"
        "<p>The harbour board met on Monday and agreed to dredge the channel.</p>"
        "</td></tr></table></body></html>"
    )
    presentation = (
        '<html><body><table role="presentation"><tr><td>Share This Article</td></tr>'
        "<tr><td>The harbour board met on Monday and agreed to dredge the channel.</td>"
        "</tr></table></body></html>"
    )
    data = (
        "<html><body><p>The harbour board met on Monday and agreed to dredge the channel.</p>"
        "<table><tr><th><p>Party</p></th><th><p>Share</p></th></tr>"
        "<tr><td><p>Harbour Alliance</p></td><td><p>41%</p></td></tr></table></body></html>"
    )
    for name, page in (("layout", layout), ("presentation", presentation), ("data", data)):
        (tmp_path / f"{name}.html").write_text(page, encoding="utf-8")
    kinds = {b.text: b.kind for b in only_article(tmp_path / "layout.html").blocks}
    assert kinds["Share This Article"] == kinds["March 4, 2003"] == "paragraph"
    kinds = {b.text: b.kind for b in only_article(tmp_path / "presentation.html").blocks}
    assert kinds["Share This Article"] == "paragraph"
    kinds = {b.text: b.kind for b in only_article(tmp_path / "data.html").blocks}
    assert kinds["Share"] == kinds["41%"] == "table_cell"
    nested = tmp_path / "nested.html"  # a table inside a cell: the outer one is for layout
    nested.write_text(
        "<table><tr><td><table><tr><td>Sailings</td></tr></table></td></tr>"
        "<tr><td>Share This Article</td></tr></table>",
        encoding="utf-8",
    )
    kinds = {b.text: b.kind for b in only_article(nested).blocks}
    assert kinds["Share This Article"] == "paragraph"
    result = cli(
        "check",
        "layout.html",
        "presentation.html",
        "data.html",
        "--no-models",
        "--format",
        "json",
        cwd=tmp_path,
    )
    rules = {a["id"]: {f["rule"] for f in a["findings"]} for a in result.json()["articles"]}
    assert {"boilerplate-share", "boilerplate-date-line", "boilerplate-byline"} <= rules[
        "layout.html"
    ]
    assert "boilerplate-share" in rules["presentation.html"]
    assert "boilerplate-share" not in rules["data.html"]


def test_a_cms_data_table_without_header_cells_keeps_its_cells(tmp_path):
    """CMSs wrap each cell's text in one <p> and often mark the head row up as
    bold cells, not <th>: such a timetable is data (its cells as paragraphs
    warned on model-boilerplate). Two blocks in one cell make a layout table,
    and the cells read before that showed are paragraphs too."""
    timetable = tmp_path / "timetable.html"
    timetable.write_text(
        "<table><tr><td><p><strong>Sailing</strong></p></td><td><p><strong>Departs</strong>"
        "</p></td></tr><tr><td><p>First</p></td><td><p>7.10am</p></td></tr></table>",
        encoding="utf-8",
    )
    kinds = {b.text: b.kind for b in only_article(timetable).blocks}
    assert set(kinds.values()) == {"table_cell"}
    layout = tmp_path / "layout.html"
    layout.write_text(
        "<blockquote><table><tr><td>Share This Article</td></tr><tr><td><p>The harbour "
        "board met on Monday.</p><p>It agreed to dredge the channel.</p></td></tr></table>"
        "</blockquote><p>After the table.</p>",
        encoding="utf-8",
    )
    article = only_article(layout)
    assert [(b.kind, b.text) for b in article.blocks] == [
        ("quote", "Share This Article"),
        ("quote", "The harbour board met on Monday."),
        ("quote", "It agreed to dredge the channel."),
        ("paragraph", "After the table."),
    ]
    assert_blocks_map_to_source(article)


def test_a_line_break_in_a_cell_is_no_second_block(tmp_path):
    """A timetable without header cells breaks a cell's text with a <br>
    ("7.10am<br>weekdays"): that counted as two blocks in one cell, so its
    cells were read as the page's paragraphs. A line after a <br> is no block
    of its own for that test; a <p> or a <div> after it still is."""
    timetable = tmp_path / "timetable.html"
    timetable.write_text(
        "<p>The new timetable starts on Monday.</p><table><tr><td>7.10am<br>weekdays</td>"
        "<td>Line 4</td></tr><tr><td><p>8.40am<br/>weekends</p></td><td>Line 9</td></tr>"
        "</table>",
        encoding="utf-8",
    )
    article = only_article(timetable)
    assert [(b.kind, b.text) for b in article.blocks] == [
        ("paragraph", "The new timetable starts on Monday."),
        ("table_cell", "7.10am"),
        ("table_cell", "weekdays"),
        ("table_cell", "Line 4"),
        ("table_cell", "8.40am"),
        ("table_cell", "weekends"),
        ("table_cell", "Line 9"),
    ]
    assert_blocks_map_to_source(article)
    layout = tmp_path / "layout.html"
    layout.write_text(
        "<table><tr><td>By Marta Lindqvist<br><div>March 4, 2003</div></td></tr>"
        "<tr><td>Share This Article</td></tr></table>",
        encoding="utf-8",
    )
    kinds = {b.text: b.kind for b in only_article(layout).blocks}
    assert set(kinds.values()) == {"paragraph"}


def test_a_table_of_one_cell_is_a_box_of_paragraphs(tmp_path):
    """An old page sets its byline, date and share line in one cell, broken
    by <br>: with a <br> no second block, that read as a data table's cells,
    which the line rules skip. A table of one cell holds no data."""
    box = tmp_path / "box.html"
    box.write_text(
        "<table><tr><td>By Marta Lindqvist<br>March 4, 2003<br>Share This Article</td></tr>"
        "</table><p>The harbour reopened on Monday after a year of repairs.</p>",
        encoding="utf-8",
    )
    assert [(b.kind, b.text) for b in only_article(box).blocks] == [
        ("paragraph", "By Marta Lindqvist"),
        ("paragraph", "March 4, 2003"),
        ("paragraph", "Share This Article"),
        ("paragraph", "The harbour reopened on Monday after a year of repairs."),
    ]
    two = tmp_path / "two.html"
    two.write_text("<table><tr><td>7.10am<br>weekdays</td><td>Line 4</td></tr></table>")
    assert {b.kind for b in only_article(two).blocks} == {"table_cell"}


def test_a_story_set_in_a_cell_with_line_breaks_is_a_layout_table(tmp_path):
    """An old page sets its menu in one cell and its story in the next, the
    lines broken by <br>: a line of prose after a <br> is a second block (a
    timetable's "7.10am<br>weekdays" is not), so the table is for layout and
    the byline and share line are paragraphs the line rules read."""
    page = tmp_path / "old.html"
    page.write_text(
        "<html><body><table><tr><td>Home<br>News<br>Sport</td><td><b>Storm closes the "
        "harbour bridge for a week</b><br>By Ann Lee<br>The council closed the harbour "
        "bridge on Monday after the storm damaged its deck, officials said.<br>Repairs are "
        "expected to take a week.<br>Share this article</td></tr></table></body></html>",
        encoding="utf-8",
    )
    kinds = {b.text: b.kind for b in only_article(page).blocks}
    assert "table_cell" not in kinds.values(), kinds
    assert kinds["By Ann Lee"] == kinds["Share this article"] == "paragraph"


def test_a_one_cell_table_left_open_is_a_box_of_paragraphs(tmp_path):
    page = tmp_path / "open.html"
    page.write_text(
        "<p>The harbour reopened on Monday.</p><table><tr><td>By Ann Lee<br>3 March 2025",
        encoding="utf-8",
    )
    assert [b.kind for b in only_article(page).blocks] == ["paragraph"] * 3


def test_html_caption_and_cells_in_paragraphs_neither_fail_nor_warn(cli, tmp_path):
    page = tmp_path / "terminal.html"
    page.write_text(
        '<html lang="en"><body><article><h1>Ferry terminal reopens after repairs</h1>\n'
        "<p>The ferry terminal at Kilbrannan reopened on Monday after a year of repairs to "
        "its pier, which was damaged by a storm in January last year.</p>\n"
        '<figure><img src="pier.jpg" alt=""><figcaption><p>Harbour master Fiona Keir, '
        "left, and the first passengers walk down the new pier on Monday morning. "
        "Photograph: Kilbrannan Harbour Trust</p></figcaption></figure>\n"
        "<p>The repairs cost two million pounds and were paid for by the harbour trust and "
        "the island council. About 300 people use the ferry on a normal weekday.</p>\n"
        "<table><tr><th><p>Sailing</p></th><th><p>Departs</p></th><th><p>Arrives</p></th></tr>\n"
        "<tr><td><p>First</p></td><td><p>7.10am</p></td><td><p>7.55am</p></td></tr>\n"
        "<tr><td><p>Last</p></td><td><p>6.40pm</p></td><td><p>7.25pm</p></td></tr></table>\n"
        "<p>The trust said the old timber pier would be kept as a walkway for visitors.</p>"
        "</article></body></html>\n",
        encoding="utf-8",
    )
    result = cli("check", page, "--format", "json")
    [article] = result.json()["articles"]
    loud = [(f["rule"], f["line"]) for f in article["findings"] if f["severity"] != "info"]
    assert loud == []  # was boilerplate-photo-credit (error) and model-boilerplate on cells
    assert article["verdict"] == "pass"


def test_a_wordpress_classic_caption_is_a_caption(cli, tmp_path):
    # WordPress's classic editor writes <div class="wp-caption"><img><p
    # class="wp-caption-text">: the page's own caption, as a figcaption is.
    page = tmp_path / "lifeboat.html"
    page.write_text(
        '<html lang="en"><body><h1>Lifeboat crew rescue two walkers</h1>\n'
        "<p>Two walkers were rescued by the lifeboat on Sunday afternoon after they were "
        "cut off by the incoming tide on the sands near the estuary mouth.</p>\n"
        '<div class="wp-caption aligncenter"><img src="boat.jpg" alt="">'
        '<p class="wp-caption-text">The lifeboat on the sands after the rescue on Sunday. '
        "Photo: RNLI/Gareth Evans</p></div>\n"
        '<div class="card"><p class="captioned">Photo: Harbour Archive</p></div>\n'
        "<p>The coastguard said the pair had followed a path that floods quickly at high "
        "water. Neither was hurt.</p></body></html>\n",
        encoding="utf-8",
    )
    assert [b.kind for b in only_article(page).blocks] == [
        "title",
        "paragraph",
        "caption",
        "paragraph",  # another class is no caption markup
        "paragraph",
    ]
    [article] = cli("check", page, "--format", "json", "--no-models").json()["articles"]
    credits = [f["text"] for f in article["findings"] if f["rule"] == "boilerplate-photo-credit"]
    assert credits == ["Photo: Harbour Archive"]


def test_html_decimal_references_of_thousands_of_digits(cli, tmp_path):
    # Python will not turn a decimal string of over 4,300 digits into an integer.
    huge = "&#" + "9" * 5000 + ";"  # far past U+10FFFF: the replacement character
    padded = "&#" + "0" * 5000 + "65;"  # leading zeros: the letter A
    page = (
        f'<html lang="{huge}"><head><title>Ferry {huge} timetable</title></head><body>\n'
        f'<p class="{huge}" title={padded}>The ferry {huge} leaves at seven.</p>\n'
        f"<p>Gate {padded} opens at half past six, the harbour office said.</p>\n"
        "</body></html>\n"
    )
    path = write(tmp_path / "references.html", page)
    result = cli("check", path, "--format", "json")
    assert result.code in (0, 1), result.err
    assert "internal error" not in result.err
    document = result.json()
    assert document["summary"]["input_errors"] == []
    [article] = document["articles"]
    assert article["title"] == "Ferry \ufffd timetable"
    assert_positions(article)
    report = tmp_path / "report.html"
    assert cli("report", path, "-o", report).code == 0
    cleaned = tmp_path / "cleaned"
    assert cli("clean", path, "--output", cleaned).code == 0


def test_stdin_is_read(cli, tmp_path, monkeypatch):
    data = b"Headline\nShare This Article\nBody.\n"
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(data)))
    result = cli("check", "-", "--stdin-name", "draft.txt", "--format", "json")
    assert result.code == 1
    [article] = result.json()["articles"]
    assert article["path"] == "draft.txt"
    assert article["findings"][0]["rule"] == "boilerplate-share"


def test_stdin_given_twice_is_read_once(cli, monkeypatch):
    """``check - -`` (or ``-`` in a list of names made by a script): one article,
    as a file given twice is one, not the text and then an empty second read."""
    data = b"Headline\nShare This Article\nBody.\n"
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(data)))
    result = cli("check", "-", "-", "--no-models", "--format", "json")
    assert [a["path"] for a in result.json()["articles"]] == ["-"]
    assert "empty" not in result.err
    assert result.code == 1


def test_stdin_takes_its_format_from_its_name_unless_given(cli, monkeypatch):
    # An editor pipes the buffer with its file name: HTML must be read as HTML
    # (as ruff and Vale infer from --stdin-filename), not as text with tags.
    page = b"<html><body><p>Share this article</p><p>The harbour reopened.</p></body></html>"

    def run(*options: str) -> dict:
        monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(page)))
        result = cli("check", "-", "--no-models", "--format", "json", *options)
        [article] = result.json()["articles"]
        return article

    as_html = run("--stdin-name", "page.html")
    assert [(f["rule"], f["text"]) for f in as_html["findings"]] == [
        ("boilerplate-share", "Share this article")
    ]
    as_text = run("--stdin-name", "page.html", "--stdin-format", "txt")
    assert as_text["title"].startswith("<html><body>")  # one line of text, tags and all
    plain = run()  # no name, so no suffix: text
    assert plain["title"] == as_text["title"] and plain["findings"] == as_text["findings"]


def test_formats_suffixes_and_default_globs_come_from_one_registry(tmp_path):
    assert FORMATS == ("txt", "md", "html", "jsonl", "parquet")
    assert SUFFIXES == {
        ".txt": "txt",
        ".text": "txt",
        ".md": "md",
        ".markdown": "md",
        ".html": "html",
        ".htm": "html",
        ".xhtml": "html",
        ".jsonl": "jsonl",
        ".ndjson": "jsonl",
        ".parquet": "parquet",
    }
    # The default include globs (docs/configuration.md shows them) follow, in order.
    expected = "*.txt *.text *.md *.markdown *.html *.htm *.xhtml *.jsonl *.ndjson *.parquet"
    # then plain text and JSON Lines compressed (docs/limits.md#compressed-inputs).
    packed = [
        f"*{s}{e}" for s in (".txt", ".text", ".jsonl", ".ndjson") for e in (".gz", ".bz2", ".xz")
    ]
    assert list(DEFAULT_INCLUDE) == expected.split() + packed
    assert [format_for(name) for name in ("A.HTM", "feed.ndjson", "notes.log", "README")] == [
        "html",
        "jsonl",
        "txt",
        "txt",
    ]
    # A file named on the command line with an unknown suffix is read as text.
    notes = tmp_path / "notes.log"
    notes.write_text("Title\n# Not a heading here\n", encoding="utf-8")
    [source] = discover([str(notes)])
    assert isinstance(source, InputSource) and source.format == "txt"
    assert [b.text for b in only_article(notes).blocks] == ["Title", "# Not a heading here"]


def test_an_empty_article_says_so_and_still_passes(cli, tmp_path):
    write(tmp_path / "empty.txt", "")
    write(tmp_path / "headline.txt", "Only a headline\n")
    write(tmp_path / "feed.jsonl", '{"id": "r1", "text": " "}\n')
    result = cli("check", ".", "--format", "json")
    assert result.code == 0
    by_id = {a["id"]: a for a in result.json()["articles"]}
    assert by_id["empty.txt"]["warnings"] == ["the article is empty: nothing to check"]
    assert by_id["empty.txt"]["verdict_reason"] == "the article is empty: nothing to check"
    assert by_id["headline.txt"]["warnings"] == [
        "no body text to check (only a headline or markup)"
    ]
    assert by_id["r1"]["warnings"] == ["line 1: the article is empty: nothing to check"]
    assert "warning: empty.txt: the article is empty" in result.err


def test_classic_mac_line_endings_are_line_breaks(tmp_path):
    # Carriage returns alone: one line to a reader that splits on "\n".
    lines = ["Harbour reopens after storm", "", "The harbour reopened on Monday.", "", "Share"]
    for name, text in (("a.txt", "\r".join(lines) + "\r"), ("a.md", "\r".join(lines))):
        path = tmp_path / name
        path.write_bytes(text.encode("utf-8"))
        [article] = read_source(InputSource(str(path), format_for(name), path), ReadSettings())
        assert not isinstance(article, InputError)
        assert [b.text for b in article.blocks] == [line for line in lines if line]
        assert article.warnings == [
            "lines end in carriage returns alone (classic Mac OS); read as line breaks"
        ]
        # One character for one: every offset into the file stays right.
        assert article.source.replace("\n", "\r") == text
    # Mixed endings are left as they are: "\r\n" is a line break already.
    mixed = tmp_path / "b.txt"
    mixed.write_bytes(b"Headline\r\nBody one.\rstill body.\r\n")
    [article] = read_source(InputSource(str(mixed), "txt", mixed), ReadSettings())
    assert not isinstance(article, InputError) and article.warnings == []


def test_blocks_that_are_mostly_link_text_are_marked_linked(tmp_path):
    # Menus and related-article lists are made of links; a list of facts is not
    # (the boilerplate model only warns on list items that are links).
    html = write(
        tmp_path / "p.html",
        "<ul><li><a href='/a'>Driver banned after crash</a></li>"
        "<li>one count of fraud, <a href='/law'>under the Act</a></li>"
        "<li><a name='x'>Not a link</a></li><li><a href='/b'>Bus</a> services cut back</li></ul>"
        "<p>Read <a href='/c'>the whole judgment</a> on the court&#39;s website.</p>",
    )
    [article] = read(html)
    assert [(b.text, b.linked) for b in article.blocks] == [
        ("Driver banned after crash", True),
        ("one count of fraud, under the Act", False),
        ("Not a link", False),
        ("Bus services cut back", False),
        ("Read the whole judgment on the court's website.", False),
    ]
    md = write(
        tmp_path / "p.md",
        "- [Gritters out overnight](/news/1)\n- Builth Wells High School\n"
        "- [Power lines](/n/3) down [again][ref]\n\n[ref]: /n/4\n",
    )
    [article] = read(md)
    assert [(b.text, b.linked) for b in article.blocks] == [
        ("Gritters out overnight", True),
        ("Builth Wells High School", False),
        ("Power lines down again", True),
    ]


def test_an_anchor_opened_in_an_open_anchor_closes_it(tmp_path):
    # As in a browser: "<a href>Home<a href>News</a>" leaves no link open. A
    # count of open links stayed at 1 and every block after it, the fact list
    # too, was read as links (the model warns on those).
    html = write(
        tmp_path / "p.html",
        "<nav><a href='/'>Home<a href='/news'>News</a></nav>"
        "<ul><li>Oat bars 200 g</li><li>Batch code L2409</li></ul>",
    )
    [article] = read(html)
    assert [(b.text, b.linked) for b in article.blocks] == [
        ("HomeNews", True),
        ("Oat bars 200 g", False),
        ("Batch code L2409", False),
    ]
