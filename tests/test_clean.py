"""``qualitycheck clean``: boilerplate blocks go, everything else stays, inputs untouched."""

from __future__ import annotations

import codecs
import json
import os
from pathlib import Path

import pytest
from conftest import write

from qualitycheck.tools.cleaning import cut_lines

BODY = (
    "The ferry between the two islands will run every twenty minutes from May, "
    "the operator said on Tuesday."
)


def snapshot(folder: Path) -> dict[str, bytes]:
    """Every file under ``folder`` with its bytes."""
    return {
        str(path.relative_to(folder)): path.read_bytes()
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


def test_txt_loses_boilerplate_lines_and_keeps_crlf_bytes(cli, tmp_path):
    article = tmp_path / "in" / "ferry.txt"
    article.parent.mkdir()
    original = (
        b"Ferry timetable changes in May\r\n"
        b"Share This Article\r\n" + BODY.encode() + b"\r\n"
        b"\r\n"
        b"  7 Min Read  \r\n"
        b"Tickets stay at the same price.\r\n"
        b"Leave a Reply"
    )
    article.write_bytes(original)
    result = cli("clean", article, "--output", tmp_path / "out", "--no-models")
    assert result.code == 0, result.err
    assert (tmp_path / "out" / "ferry.txt").read_bytes() == (
        b"Ferry timetable changes in May\r\n"
        + BODY.encode()
        + b"\r\n\r\nTickets stay at the same price."  # no line ending at the end, as before
    )
    assert article.read_bytes() == original
    assert "cleaned 1 article (1 with boilerplate), removed 3 blocks" in result.err


def test_utf8_byte_order_mark_is_kept(cli, tmp_path):
    article = tmp_path / "bom.txt"
    article.write_bytes(codecs.BOM_UTF8 + f"Harbour news\nShare\n{BODY}\n".encode())
    assert cli("clean", article, "--output", tmp_path / "out", "--no-models").code == 0
    cleaned = (tmp_path / "out" / "bom.txt").read_bytes()
    assert cleaned == codecs.BOM_UTF8 + f"Harbour news\n{BODY}\n".encode()


def test_markdown_loses_whole_lines_with_their_syntax(cli, tmp_path):
    article = tmp_path / "story.md"
    article.write_text(
        "---\ntitle: Ferry timetable\n---\n"
        "# Ferry timetable changes in May\n\n"
        "- Share this\n\n"
        f"{BODY}\n"
        "Tickets stay at the same price.\n\n"
        "## Leave a Reply\n\n"
        "| Sign up for our newsletter | Departures |\n"
        "|---|---|\n",
        encoding="utf-8",
    )
    result = cli("clean", article, "--output", tmp_path / "out", "--no-models")
    assert result.code == 0, result.err
    assert (tmp_path / "out" / "story.md").read_text(encoding="utf-8") == (
        "---\ntitle: Ferry timetable\n---\n"
        # (a removed paragraph's blank lines after it go too: one blank line parts the rest)
        "# Ferry timetable changes in May\n\n"
        f"{BODY}\n"
        "Tickets stay at the same price.\n\n"
        # A kept cell shares the line: only the flagged cell's text goes.
        "|  | Departures |\n"
        "|---|---|\n"
    )


def test_a_figure_tags_boilerplate_caption_loses_its_text_and_the_figure_stays(cli, tmp_path):
    """A figure shortcode's caption is a block of its own (the reader takes it
    from the tag's parameters): cutting its whole line took the figure too."""
    article = tmp_path / "story.md"
    figure = '{{{{< figure src="/img/ferry.jpg" caption="{}" >}}}}\n\n'
    article.write_text(
        f"# Ferry timetable changes in May\n\n{BODY}\n\n{figure.format('Share this')}"
        "Tickets stay at the same price.\n",
        encoding="utf-8",
    )
    result = cli("clean", article, "--output", tmp_path / "out", "--no-models")
    assert result.code == 0, result.err
    assert (tmp_path / "out" / "story.md").read_text(encoding="utf-8") == (
        f"# Ferry timetable changes in May\n\n{BODY}\n\n{figure.format('')}"
        "Tickets stay at the same price.\n"
    )


@pytest.mark.parametrize(
    "markup",
    [
        # a figure written over two lines: its caption's line holds the tag's end
        '{{{{< figure src="/img/ferry.jpg"\n  caption="{}" >}}}}',
        # ... or its image
        '{{{{< figure\n  src="/img/ferry.jpg" caption="{}"\n>}}}}',
        # text after the end of a tag opened on the line above
        '{{{{< figure src="/img/ferry.jpg"\n  alt="The quay" >}}}} {}',
        "<Chart\n  data={{levels}}\n/> {}",
        # an admonition's title on its fence: the box and its closing fence stay
        ":::note {}\nThe timetable is online.\n:::",
        # an HTML figure's caption line holds the figure's end tag
        '<figure>\n<img src="/img/ferry.jpg">\n<figcaption>{}</figcaption></figure>',
        '<figure>\n<img src="/img/ferry.jpg">\n<figcaption>\n{}</figcaption></figure>',
        # a media player before the text
        '<video src="/v/ferry.mp4"></video> {}',
        # a template tag before the text: an embedded video
        '{{{{< youtube id="w7Ft2ymGmfc" >}}}} {}',
        '{{% include video.html id="w7Ft2ymGmfc" %}} {}',
        '{} {{{{< youtube id="w7Ft2ymGmfc" >}}}}',
    ],
)
def test_a_boilerplate_block_sharing_its_line_with_markup_loses_only_its_text(
    cli, tmp_path, markup
):
    """Its whole line went, and with it the end of a tag or element opened on a
    line above, an image, an embed, or an admonition's opening fence: the copy
    had an unclosed shortcode or component (the site no longer builds), a stray
    closing fence or no video."""
    # (a share line: a newsletter prompt set as a heading over a sentence, the
    # admonition's title here, is a section head to boilerplate-newsletter)
    prompt = "Share this article"
    article = tmp_path / "story.md"
    article.write_text(
        f"# Ferry timetable changes in May\n\n{BODY}\n\n{markup.format(prompt)}\n\n"
        "Tickets stay at the same price.\n",
        encoding="utf-8",
    )
    result = cli("clean", article, "--output", tmp_path / "out", "--no-models")
    assert result.code == 0, result.err
    assert (tmp_path / "out" / "story.md").read_text(encoding="utf-8") == (
        f"# Ferry timetable changes in May\n\n{BODY}\n\n{markup.format('')}\n\n"
        "Tickets stay at the same price.\n"
    )


def test_html_loses_the_text_of_boilerplate_blocks_and_keeps_the_tags(cli, tmp_path):
    article = tmp_path / "page.html"
    article.write_text(
        "<html><body><h1>Ferry timetable changes</h1>\n"
        "<p>Share <b>this</b> article</p>\n"
        f"<p>{BODY}</p>\n"
        '<ul class="widget"><li><a href="/comments">Leave a Reply</a></li></ul>\n'
        "</body></html>\n",
        encoding="utf-8",
    )
    result = cli("clean", article, "--output", tmp_path / "out", "--no-models")
    assert result.code == 0, result.err
    assert (tmp_path / "out" / "page.html").read_text(encoding="utf-8") == (
        "<html><body><h1>Ferry timetable changes</h1>\n"
        "<p><b></b></p>\n"
        f"<p>{BODY}</p>\n"
        '<ul class="widget"><li><a href="/comments"></a></li></ul>\n'
        "</body></html>\n"
    )


def test_jsonl_keeps_fields_rewrites_text_and_reports_the_bad_line(cli, tmp_path):
    article = tmp_path / "feed.jsonl"
    unchanged = json.dumps({"id": "b", "text": f"Quiet day\n{BODY}"}, separators=(",", ":"))
    article.write_text(
        json.dumps(
            {"id": "a", "text": f"Ferry news\nShare This Article\n{BODY}", "tags": ["port", 2]}
        )
        + "\n"
        + "\n"
        + unchanged
        + "\n"
        + '{"id": "broken", "text": \n'
        + json.dumps({"id": "c", "url": "https://example.org/c", "text": f"{BODY}\n7 Min Read"})
        + "\n",
        encoding="utf-8",
    )
    result = cli("clean", article, "--output", tmp_path / "out", "--no-models")
    assert result.code == 2
    assert f"{article}:4: invalid JSON" in result.err
    assert result.err.count("input error") == 1
    lines = (tmp_path / "out" / "feed.jsonl").read_text(encoding="utf-8").split("\n")
    assert lines[1] == ""  # blank line kept
    assert lines[2] == unchanged  # untouched records are copied as they were
    assert [json.loads(line) for line in lines if line.strip()] == [
        {"id": "a", "text": f"Ferry news\n{BODY}", "tags": ["port", 2]},
        {"id": "b", "text": f"Quiet day\n{BODY}"},
        {"id": "c", "url": "https://example.org/c", "text": BODY},
    ]
    assert "cleaned 3 articles (2 with boilerplate), removed 2 blocks" in result.err


def test_clean_writes_back_unpaired_surrogates_in_other_fields(cli, tmp_path):
    body = (
        "The port raises its mooring fees by four percent from the first of March.\\n"
        "Share This Article\\n"
        "Owners of small boats will pay the old rate until the end of the year."
    )
    lines = [
        # Unpaired surrogates (valid JSON escapes, not Unicode) in the id, the title,
        # an extra field and a key; the record has boilerplate, so it is re-serialised.
        '{"id": "fees\\ud800", "title": "Fees \\udc01", "note": {"\\ud834": "x\\udfff"}, '
        f'"text": "{body}"}}',
        # Left as it is: no boilerplate, copied byte for byte.
        '{"id": "plain", "note": "\\ud800", "text": "The port is open all night."}',
    ]
    feed = write(tmp_path / "feed.jsonl", "\n".join(lines) + "\n")
    cleaned = tmp_path / "cleaned"
    result = cli("clean", feed, "--output", cleaned)
    assert result.code == 0 and "internal error" not in result.err, result.err
    assert "unpaired surrogates" in result.err
    data = (cleaned / "feed.jsonl").read_bytes()
    first, second = data.decode("utf-8").splitlines()
    assert second == lines[1]
    # The other fields keep the escapes they were read from; the text lost its
    # boilerplate line and is otherwise the record's text.
    assert "\\ud800" in first and "\\udc01" in first and "\\ud834" in first and "\\udfff" in first
    rewritten = json.loads(first)
    assert rewritten["id"] == "fees\ud800" and rewritten["title"] == "Fees \udc01"
    assert rewritten["note"] == {"\ud834": "x\udfff"}
    assert rewritten["text"] == (
        "The port raises its mooring fees by four percent from the first of March.\n"
        "Owners of small boats will pay the old rate until the end of the year."
    )


def test_folder_inputs_are_mirrored_and_never_changed(cli, tmp_path):
    source = tmp_path / "articles"
    (source / "2024" / "may").mkdir(parents=True)
    (source / "top.txt").write_text(f"Ferry news\nShare\n{BODY}\n", encoding="utf-8")
    (source / "2024" / "may" / "deep.md").write_text(f"# Ferry\n\n{BODY}\n", encoding="utf-8")
    (source / "2024" / "broken.txt").write_bytes(b"\x00\x01\x02 binary")
    before = snapshot(source)
    result = cli("clean", source, "--output", tmp_path / "out", "--no-models")
    assert result.code == 2  # the binary file, reported after the others are written
    assert "broken.txt: binary file" in result.err
    assert snapshot(source) == before
    assert sorted(snapshot(tmp_path / "out")) == ["2024/may/deep.md", "top.txt"]


def test_output_inside_the_input_folder_is_not_read_again(cli, tmp_path):
    source = tmp_path / "articles"
    source.mkdir()
    (source / "story.txt").write_text(f"Ferry news\nShare\n{BODY}\n", encoding="utf-8")
    for _ in range(2):
        result = cli("clean", source, "--output", source / "cleaned")
        assert result.code == 0, result.err
        assert "cleaned 1 article " in result.err
    assert sorted(snapshot(source)) == ["cleaned/story.txt", "story.txt"]
    assert (source / "story.txt").read_text(encoding="utf-8").count("Share") == 1


def test_inputs_kept_in_the_output_folder_are_not_skipped_silently(cli, tmp_path):
    """``clean -o articles/sport articles``: the files already in sport/ are
    taken for earlier output and not cleaned; the run says so (it said
    nothing, and a corpus lost those articles from its cleaned copy)."""
    write(tmp_path / "articles" / "story.txt", f"Ferry news\nShare\n{BODY}\n")
    write(tmp_path / "articles" / "sport" / "match.txt", f"Match report\nShare\n{BODY}\n")
    write(tmp_path / "articles" / "sport" / "cup.txt", f"Cup final\nShare\n{BODY}\n")
    result = cli("clean", "articles", "--output", "articles/sport", "--no-models")
    assert result.code == 0, result.err
    assert (
        "warning: articles/sport: 2 files in the output folder not cleaned (taken for "
        "earlier output; to clean them, choose an output folder outside articles)"
    ) in result.err
    assert "cleaned 1 article " in result.err


def test_an_output_that_would_overwrite_an_input_is_refused_before_writing(cli, tmp_path):
    source = tmp_path / "articles"
    (source / "sub").mkdir(parents=True)
    (source / "a.txt").write_text(f"Ferry news\nShare\n{BODY}\n", encoding="utf-8")
    (source / "sub" / "a.txt").write_text(f"Bus news\nShare\n{BODY}\n", encoding="utf-8")
    before = snapshot(source)
    refused = [
        ("clean", source, "--output", source),
        ("clean", source / "a.txt", source / "sub", "--output", source / "sub"),
        ("clean", source / "a.txt", "--output", source / "a.txt"),
        # Two inputs with one output name.
        ("clean", source / "a.txt", source / "sub" / "a.txt", "--output", tmp_path / "out"),
    ]
    for args in refused:
        result = cli(*args)
        assert result.code == 2, args
        assert result.err.startswith("qualitycheck: error: "), result.err
    assert snapshot(source) == before
    assert not (tmp_path / "out").exists()


def test_an_output_that_is_a_link_to_an_input_is_refused_before_writing(cli, tmp_path):
    # Outputs are written through links, so a link left in the output folder
    # (by an earlier tool, or by hand) must not lead the copy onto the input.
    source = tmp_path / "articles"
    source.mkdir()
    (source / "a.txt").write_text(f"Ferry news\nShare\n{BODY}\n", encoding="utf-8")
    out = tmp_path / "out"
    out.mkdir()
    (out / "a.txt").symlink_to(source / "a.txt")
    (tmp_path / "linked").symlink_to(source)
    before = snapshot(source)
    for args in (("clean", source, "--output", out), ("clean", source, "-o", tmp_path / "linked")):
        result = cli(*args)
        assert result.code == 2, args
        assert result.err.splitlines()[-1].endswith(
            f"would overwrite the input {source / 'a.txt'}; choose another --output folder"
        ), result.err
    assert snapshot(source) == before
    assert (out / "a.txt").is_symlink()


def test_an_output_that_is_the_input_under_another_spelling_is_refused(tmp_path, monkeypatch):
    """On a case-insensitive disk (macOS, Windows) `clean articles -o Articles`
    names the inputs' own files by other spellings, which the names' comparison
    did not see: a copy renamed into place would have replaced an input. This
    disk is case-sensitive, so the test makes `os.stat` read it as one that is
    not (`Articles` is `articles`), and the plan is refused by the entry."""
    from qualitycheck.tools.clean_plan import CleanError, plan

    source = tmp_path / "articles"
    source.mkdir()
    (source / "a.txt").write_text(f"Ferry news\nShare\n{BODY}\n", encoding="utf-8")
    real_stat = os.stat

    def case_blind(path, *args, **kwargs):
        return real_stat(str(path).replace("Articles", "articles"), *args, **kwargs)

    monkeypatch.setattr(os, "stat", case_blind)
    with pytest.raises(CleanError, match="would overwrite the input"):
        plan([str(source)], tmp_path / "Articles", ("*.txt",), ())


def test_a_hard_link_in_the_output_folder_is_replaced_not_the_input(cli, tmp_path):
    """`cp -al in out; clean in -o out`: out/a.txt is the input's file under
    another folder's name, and renaming the copy over it leaves the input as
    it was, so the run goes on (the entry check must not refuse it)."""
    source = tmp_path / "articles"
    source.mkdir()
    (source / "a.txt").write_text(f"Ferry news\nShare This Article\n{BODY}\n", encoding="utf-8")
    out = tmp_path / "out"
    out.mkdir()
    os.link(source / "a.txt", out / "a.txt")
    before = snapshot(source)
    result = cli("clean", source, "--output", out)
    assert result.code == 0, result.err
    assert snapshot(source) == before
    assert not os.path.samefile(out / "a.txt", source / "a.txt")
    assert "Share This Article" not in (out / "a.txt").read_text(encoding="utf-8")


def test_standard_input_and_missing_paths_are_usage_errors(cli, tmp_path):
    assert cli("clean", "-", "--output", tmp_path / "out").code == 2
    assert cli("clean", "--output", tmp_path / "out").code == 2
    assert cli("clean", tmp_path).code == 2  # --output is required
    assert not (tmp_path / "out").exists()


def test_a_dash_for_the_output_is_refused_not_made_a_folder(cli, tmp_path, monkeypatch):
    """``-o -`` means standard output to a user; clean writes a folder of
    copies, so it says so instead of making a folder named "-"."""
    article = tmp_path / "a.txt"
    article.write_text("The harbour reopened on Monday after repairs.\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    result = cli("clean", article, "-o", "-")
    assert result.code == 2
    assert "-o -" in result.err and "name a folder" in result.err
    assert not (tmp_path / "-").exists()


def test_disabled_rules_are_not_cleaned(cli, tmp_path):
    article = tmp_path / "story.txt"
    article.write_text(f"Ferry news\nShare\n{BODY}\n", encoding="utf-8")
    result = cli("clean", article, "--output", tmp_path / "out", "--disable", "boilerplate")
    assert result.code == 0, result.err
    assert (tmp_path / "out" / "story.txt").read_bytes() == article.read_bytes()


def test_cut_lines_cuts_only_the_span_when_a_kept_block_shares_the_line():
    source = "keep\ncut | kept\nlast"
    assert cut_lines(source, [(5, 8)], [(0, 4), (11, 15), (16, 20)]) == "keep\n | kept\nlast"
    assert cut_lines(source, [(5, 8), (11, 15)], [(0, 4), (16, 20)]) == "keep\nlast"


def test_cutting_the_last_line_keeps_a_text_without_a_final_line_ending_so():
    # "a\nb" without b is "a": the line ending before b went with it, as
    # nothing else of the text may change (a JSONL record's text gained a
    # trailing newline it never had)
    assert cut_lines("keep\ncut", [(5, 8)], [(0, 4)]) == "keep"
    assert cut_lines("keep\r\ncut", [(6, 9)], [(0, 4)]) == "keep"
    assert cut_lines("keep\ncut\n", [(5, 8)], [(0, 4)]) == "keep\n"
    assert cut_lines("cut", [(0, 3)], []) == ""


def test_paragraphs_removed_between_blank_lines_leave_one_blank_line_not_a_run():
    # a forum page: every other paragraph boilerplate left ten blank lines in a row
    source = "Title\n\nShare\n\nHome\n\nBody one.\n\nComments\n  \n\nBody two.\r\n\r\nReply\n"
    spans = [(7, 12), (14, 18), (31, 39), (57, 62)]
    kept = [(0, 5), (20, 29), (44, 53)]
    assert cut_lines(source, spans, kept) == "Title\n\nBody one.\n\nBody two.\r\n"
    # a removed line right under a kept one keeps the blank line after it
    assert cut_lines("Body\nShare\n\nMore\n", [(5, 10)], [(0, 4), (12, 16)]) == ("Body\n\nMore\n")
    # the first paragraph goes with the blank lines after it
    assert cut_lines("Menu\n\n\nBody\n", [(0, 4)], [(7, 11)]) == "Body\n"


def test_a_text_file_without_a_final_newline_still_has_none_when_its_last_line_goes(cli, tmp_path):
    write(tmp_path / "in" / "a.txt", f"{BODY}\r\nShare This Article")
    result = cli("clean", tmp_path / "in", "--output", tmp_path / "out", "--no-models")
    assert result.code == 0, result.err
    assert (tmp_path / "out" / "a.txt").read_bytes() == BODY.encode()


def test_min_severity_warning_keeps_the_lines_only_info_findings_mark(cli, tmp_path):
    # "7 Min Read" is boilerplate-reading-time, info (no labeled data measures
    # it); the share widget (error) and "Leave a Reply" (warning) still go.
    article = tmp_path / "in" / "ferry.txt"
    article.parent.mkdir()
    article.write_text(
        f"Ferry timetable changes in May\nShare This Article\n{BODY}\n7 Min Read\n"
        "Tickets stay at the same price.\nLeave a Reply\n",
        encoding="utf-8",
    )
    args = ("clean", article, "--output", tmp_path / "out", "--no-models")
    result = cli(*args, "--min-severity", "warning")
    assert result.code == 0, result.err
    assert (tmp_path / "out" / "ferry.txt").read_text(encoding="utf-8") == (
        f"Ferry timetable changes in May\n{BODY}\n7 Min Read\nTickets stay at the same price.\n"
    )
    assert "removed 2 blocks" in result.err
    result = cli(*args)  # the default, info: every block check reports
    assert "7 Min Read" not in (tmp_path / "out" / "ferry.txt").read_text(encoding="utf-8")
    assert "removed 3 blocks" in result.err


def test_classic_mac_line_endings_are_kept_in_the_copy(cli, tmp_path):
    article = tmp_path / "mac.txt"
    article.write_bytes(f"Ferry news\rShare\r{BODY}\r".encode())
    result = cli("clean", article, "--output", tmp_path / "out")
    assert result.code == 0, result.err
    assert (tmp_path / "out" / "mac.txt").read_bytes() == f"Ferry news\r{BODY}\r".encode()


def test_links_in_a_folder_are_mirrored_each_under_its_own_name(cli, tmp_path):
    # check reads a file once however many names it has; clean mirrors names.
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "2024.txt").write_text(f"Ferry news\nShare\n{BODY}\n", encoding="utf-8")
    (folder / "latest.txt").symlink_to("2024.txt")
    os.link(folder / "2024.txt", folder / "hard.txt")
    result = cli("clean", folder, "--output", tmp_path / "out")
    assert result.code == 0, result.err
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == [
        "2024.txt",
        "hard.txt",
        "latest.txt",
    ]
    checked = cli("check", folder, "--format", "json", "--no-models").json()
    assert checked["summary"]["articles"] == 1


def test_a_jsonl_record_whose_lines_end_in_carriage_returns_is_read_by_line(cli, tmp_path):
    """A record's text with lone CRs was one line to the rules, so no line
    rule saw "Share": it is read as a text file's is, and clean writes the
    CRs back."""
    feed = tmp_path / "mac.jsonl"
    text = f"Ferry news\rShare\r{BODY}\r"
    feed.write_text(json.dumps({"id": "m", "text": text}) + "\n", encoding="utf-8")
    checked = cli("check", feed, "--no-models", "--format", "json")
    [article] = checked.json()["articles"]
    assert "boilerplate-share" in [f["rule"] for f in article["findings"]]
    assert any("carriage returns" in warning for warning in article["warnings"])
    result = cli("clean", feed, "--output", tmp_path / "out")
    assert result.code == 0, result.err
    [copy] = (tmp_path / "out" / "mac.jsonl").read_text(encoding="utf-8").splitlines()
    assert json.loads(copy) == {"id": "m", "text": f"Ferry news\r{BODY}\r"}


def test_a_long_clean_shows_the_progress_line_check_shows(cli, tmp_path, monkeypatch):
    """A feed of 50,000 records takes minutes: on a terminal ``clean`` counts
    the articles as ``check`` does (erased before the summary), and
    ``--quiet`` leaves out the progress and the summary, not the errors."""
    from qualitycheck.cli import progress

    monkeypatch.setattr(progress, "DELAY", 0.0)
    monkeypatch.setattr(progress, "REFRESH", 0.0)
    monkeypatch.setattr(
        progress.Progress,
        "for_stream",
        classmethod(lambda cls, stream, quiet: cls(stream, not quiet)),
    )
    feed = write(
        tmp_path / "feed.jsonl",
        "".join(
            json.dumps({"id": str(n), "text": f"{BODY}\nShare This Article"}) + "\n"
            for n in range(3)
        )
        + "not json\n",
    )
    result = cli("clean", feed, "--output", tmp_path / "out", "--no-models")
    assert result.code == 2
    assert "\rqualitycheck: 3 articles checked, 1 input errors" in result.err
    assert result.err.rstrip("\n").endswith("wrote 1 file to " + str(tmp_path / "out"))
    quiet = cli("clean", feed, "--output", tmp_path / "quiet", "--no-models", "-q")
    assert quiet.code == 2
    assert "articles checked" not in quiet.err and "cleaned 3 articles" not in quiet.err
    assert "invalid JSON" in quiet.err
    assert (tmp_path / "quiet" / "feed.jsonl").read_bytes() == (
        tmp_path / "out" / "feed.jsonl"
    ).read_bytes()


def test_a_jsonl_copy_is_written_while_the_feed_is_checked(cli, tmp_path, monkeypatch):
    """Memory stays flat on a large feed: each record's line is written once
    the check has passed it, not every cleaned text kept to the end (a 50,000
    record feed took 322 MB against 203 MB for 10,000)."""
    from qualitycheck.tools import clean_run

    records = 400
    feed = write(
        tmp_path / "feed.jsonl",
        "".join(
            json.dumps({"id": str(n), "text": f"Share This Article\n{BODY} ({n})"}) + "\n"
            for n in range(records)
        ),
    )
    out = tmp_path / "out"
    written_while_checking: list[int] = []
    read_one = clean_run.read_one

    def watched(source, config):
        for article in read_one(source, config):
            written_while_checking.append(sum(p.stat().st_size for p in out.glob("*.tmp")))
            yield article

    monkeypatch.setattr(clean_run, "read_one", watched)
    result = cli("clean", feed, "--output", out, "--no-models")
    assert result.code == 0, result.err
    lines = (out / "feed.jsonl").read_text(encoding="utf-8").splitlines(keepends=True)
    assert [json.loads(line)["text"] for line in lines] == [f"{BODY} ({n})" for n in range(records)]
    # when the last record is checked, the others are in the copy (but for
    # what its 8 kB write buffer holds)
    copied = sum(len(line.encode()) for line in lines[:-1])
    assert copied > 40_000
    assert written_while_checking[-1] >= copied - 8192
    assert not list(out.glob("*.tmp"))
