"""Suppressions: inline comments in Markdown and HTML, and config entries.

Every suppression needs a reason: inline ones without one are not honoured
(a warning names the line), config ones without one stop the run.
"""

from __future__ import annotations

import json

from conftest import BOILERPLATE_ARTICLE, CLEAN_ARTICLE, REPO, check_json, write
from test_ci_formats import SARIF_SCHEMA, validate_sarif

from qualitycheck.config.loading import config_from_mapping
from qualitycheck.pipeline.checker import Checker
from qualitycheck.readers.txt import parse_text

MARKDOWN = """\
# Harbour bridge to close for repairs

<!-- qualitycheck: disable-next-line boilerplate-share reason="the share box is quoted" -->
Share This Article

The harbour bridge will close for six weeks from May, the port authority said on Friday.

<!-- qualitycheck: disable boilerplate-comments reason="archived page, kept as published" -->
Leave a Reply

Leave a Reply
<!-- qualitycheck: enable boilerplate-comments -->

Leave a Reply
"""

HTML = """\
<html><head><title>Harbour bridge to close</title></head><body>
<h1>Harbour bridge to close</h1>
<!-- qualitycheck: disable-next-line boilerplate reason="screenshot caption of the widget" -->
<p>Share This Article</p>
<p>The harbour bridge will close for six weeks from May, the port authority said.</p>
<!-- qualitycheck: disable boilerplate-comments,boilerplate-share reason='legacy footer' -->
<footer><p>Leave a Reply</p><p>Share This Article</p></footer>
<!-- qualitycheck: enable boilerplate-comments,boilerplate-share -->
<p>Leave a Reply</p>
<script>var s = "<!-- qualitycheck: disable boilerplate reason='not a comment' -->";</script>
<p>Share This Article</p>
</body></html>
"""

NOTICE = (
    "Library extends opening hours\n"
    "The central library will open until nine in the evening on weekdays from June, "
    "the council said.\n"
    "Share This Article\n"
    "Leave a Reply\n"
)


def located(result) -> list[tuple[str, int]]:
    return [(f["rule"], f["line"]) for a in result.json()["articles"] for f in a["findings"]]


def test_markdown_next_line_and_region_with_reasons(cli, tmp_path):
    write(tmp_path / "story.md", MARKDOWN)
    # The reply prompt is a warning (its measured precision): fail on warnings.
    result = check_json(cli, "story.md", "--fail-on", "warning")
    # Line 4 (next line) and lines 9 and 11 (region) are suppressed; line 14 is
    # after the enable.
    assert located(result) == [("boilerplate-comments", 14)]
    assert result.code == 1
    # Control: the same lines without the directives are all reported.
    plain = "\n".join("" if line.startswith("<!--") else line for line in MARKDOWN.splitlines())
    write(tmp_path / "plain.md", plain + "\n")
    assert [line for _, line in located(check_json(cli, "plain.md"))] == [4, 9, 11, 14]
    [article] = result.json()["articles"]
    assert article["warnings"] == []
    # Only the one reported reply prompt (a warning, 10 points) costs.
    assert article["scores"]["boilerplate"] == 90.0


def test_html_comments_with_lists_and_categories(cli, tmp_path):
    write(tmp_path / "page.html", HTML)
    result = check_json(cli, "page.html")
    # Suppressed: line 4 (category `boilerplate`), line 7 (two rules, a region).
    # Kept: line 9 after the enable, and line 11: the "comment" in a script is not one.
    assert located(result) == [("boilerplate-comments", 9), ("boilerplate-share", 11)]


def test_a_comment_inside_a_textarea_or_title_is_text_not_a_directive(cli, tmp_path):
    directive = "<!-- qualitycheck: disable boilerplate reason='shown in a form' -->"
    page = (
        f"<html><head><title>Harbour {directive}</title></head><body>\n"
        f"<form><textarea>{directive}</textarea></form>\n"
        "<p>The harbour bridge will close for six weeks from May, the port authority said.</p>\n"
        "<p>Share This Article</p>\n"
        "</body></html>\n"
    )
    write(tmp_path / "page.html", page)
    assert located(check_json(cli, "page.html")) == [("boilerplate-share", 4)]


def test_inline_suppression_without_reason_is_not_honoured_and_names_its_line(cli, tmp_path):
    text = (
        "# Notice\n\n"
        "<!-- qualitycheck: disable-next-line boilerplate-share -->\n"
        "Share This Article\n\n"
        '<!-- qualitycheck: disable-next-line boilerplate-comments reason="" -->\n'
        "Leave a Reply\n"
    )
    write(tmp_path / "notice.md", text)
    result = check_json(cli, "notice.md")
    assert result.code == 1
    # The findings stay, and each comment that is not honoured is a finding too
    # (in every output format), besides the warning on standard error.
    assert located(result) == [
        ("suppression-invalid", 3),
        ("boilerplate-share", 4),
        ("suppression-invalid", 6),
        ("boilerplate-comments", 7),
    ]
    problem = result.json()["articles"][0]["findings"][0]
    assert problem["category"] == "suppression" and problem["severity"] == "warning"
    assert problem["text"] == "<!-- qualitycheck: disable-next-line boilerplate-share -->"
    assert problem["message"] == (
        'Inline suppression of boilerplate-share has no reason="…"; not honoured'
    )
    assert (
        "qualitycheck: warning: notice.md: line 3: inline suppression of boilerplate-share has "
        'no reason="…"; not honoured'
    ) in result.err
    assert "notice.md: line 6: inline suppression of boilerplate-comments has no reason" in (
        result.err
    )
    [article] = result.json()["articles"]
    assert len(article["warnings"]) == 2


def test_inline_typos_are_warned_about(cli, tmp_path):
    text = (
        "# Notice\n\n"
        '<!-- qualitycheck: disabel boilerplate-share reason="x" -->\n'
        '<!-- qualitycheck: disable-next-line boilerplate-shar reason="typo" -->\n'
        "Share This Article\n"
        "<!-- qualitycheck: enable boilerplate-share -->\n"
    )
    write(tmp_path / "notice.md", text)
    result = check_json(cli, "notice.md")
    assert located(result) == [
        ("suppression-invalid", 3),
        ("suppression-invalid", 4),
        ("boilerplate-share", 5),
        ("suppression-invalid", 6),
    ]
    [article] = result.json()["articles"]
    assert article["scores"]["suppression"] == 100.0  # they cost no points
    sarif = cli("check", "notice.md", "--no-models", "--format", "sarif").json()
    results = sarif["runs"][0]["results"]
    assert [r["ruleId"] for r in results].count("suppression-invalid") == 3
    rules = {r["id"] for r in sarif["runs"][0]["tool"]["driver"]["rules"]}
    assert {"suppression-invalid", "suppression-unused"} <= rules
    github = cli("check", "notice.md", "--no-models", "--format", "github").out
    assert github.count("title=suppression-invalid") == 3
    assert "line 3: inline suppression: unknown directive 'disabel'" in result.err
    assert "line 4: inline suppression: 'boilerplate-shar' matches no rule id" in result.err
    assert "line 6: inline suppression: 'enable boilerplate-share' has no open 'disable'" in (
        result.err
    )


def test_comments_in_code_and_plain_text_are_not_directives(cli, tmp_path):
    directive = '<!-- qualitycheck: disable boilerplate reason="example" -->'
    markdown = (
        f"# How to\n\n```html\n{directive}\n```\n\n"
        f"Use `{directive}` like this.\n\nShare This Article\n"
    )
    write(tmp_path / "howto.md", markdown)
    assert located(check_json(cli, "howto.md")) == [("boilerplate-share", 9)]
    write(tmp_path / "notice.txt", f"Notice\n{directive}\nShare This Article\n")
    plain = check_json(cli, "notice.txt")
    # It hides nothing, and says so (the surviving finding alone did not say why).
    assert located(plain) == [("suppression-invalid", 2), ("boilerplate-share", 3)]
    assert "line 2: inline suppression in plain text" in plain.err
    record = json.dumps({"id": "r1", "text": f"Notice\n{directive}\nShare This Article"})
    write(tmp_path / "feed.jsonl", record + "\n")
    assert located(check_json(cli, "feed.jsonl")) == [
        ("suppression-invalid", 2),
        ("boilerplate-share", 3),
    ]
    write(tmp_path / "other.txt", "Notice\n<!-- an editor's note -->\nShare This Article\n")
    assert located(check_json(cli, "other.txt")) == [("boilerplate-share", 3)]


def test_comments_in_raw_html_blocks_of_markdown_are_not_directives(cli, tmp_path):
    """The reader skips <pre> and <script> blocks; a comment in one is part of
    a code sample, and one after the block's end tag is a directive again."""
    directive = '<!-- qualitycheck: disable boilerplate reason="example" -->'
    markdown = (
        f"# How to\n\n<pre>\n{directive}\n</pre>\n\nShare This Article\n\n"
        f"<script>\nvar a = 1;\n</SCRIPT>\n{directive}\n\nShare This Article\n"
    )
    write(tmp_path / "howto.md", markdown)
    assert located(check_json(cli, "howto.md")) == [("boilerplate-share", 7)]


def test_config_suppressions_by_path_and_text(cli, tmp_path):
    write(
        tmp_path / "qualitycheck.yaml",
        "suppressions:\n"
        "  - rule: boilerplate-share\n"
        "    paths: [archive/**]\n"
        "    reason: The archive keeps pages as they were published.\n"
        "  - rule: boilerplate-*\n"
        "    text: leave a  REPLY\n"
        '    reason: "Reply prompts are handled by the CMS."\n',
    )
    write(tmp_path / "archive" / "2019" / "notice.txt", NOTICE)
    write(tmp_path / "news" / "notice.txt", NOTICE)
    result = check_json(cli, ".")
    by_path = {a["path"]: [f["rule"] for f in a["findings"]] for a in result.json()["articles"]}
    assert by_path == {
        "archive/2019/notice.txt": [],
        "news/notice.txt": ["boilerplate-share"],
    }
    # From a subfolder the globs still count from the config file's folder.
    nested = check_json(cli, "2019", cwd=tmp_path / "archive")
    assert located(nested) == []


def test_config_suppression_without_reason_is_an_error_at_its_line(cli, tmp_path):
    write(tmp_path / "notice.txt", NOTICE)
    write(
        tmp_path / "qualitycheck.yaml",
        "languages: [en]\n"
        "suppressions:\n"
        "  - rule: boilerplate-share\n"
        "    reason: fine\n"
        "  - rule: boilerplate-comments\n"
        "    paths: [news/*]\n",
    )
    result = check_json(cli, "notice.txt")
    assert result.code == 2
    assert result.err == (
        "qualitycheck: error: qualitycheck.yaml:5:5: suppressions[1]: missing required key "
        "'reason'\n"
    )
    write(
        tmp_path / "qualitycheck.yaml",
        "suppressions:\n  - rule: boilerplate-share\n    reason: '  '\n",
    )
    blank = check_json(cli, "notice.txt")
    assert blank.code == 2
    assert "qualitycheck.yaml:3:5: suppressions[0].reason: must not be empty" in blank.err


def test_config_suppression_of_an_unknown_rule_is_an_error(cli, tmp_path):
    write(tmp_path / "notice.txt", NOTICE)
    write(
        tmp_path / "qualitycheck.yaml",
        "suppressions:\n  - rule: boilerplate-shar\n    reason: typo\n",
    )
    result = check_json(cli, "notice.txt")
    assert result.code == 2
    assert "qualitycheck.yaml:2: suppressions: 'boilerplate-shar' matches no rule" in result.err


def test_pyproject_suppressions(cli, tmp_path):
    write(
        tmp_path / "pyproject.toml",
        '[project]\nname = "x"\n\n[tool.qualitycheck]\n'
        '[[tool.qualitycheck.suppressions]]\nrule = "boilerplate"\nreason = "legacy feed"\n',
    )
    write(tmp_path / "notice.txt", NOTICE)
    result = check_json(cli, "notice.txt")
    assert result.code == 0
    assert located(result) == []


def test_unused_suppressions_are_reported_only_when_asked(cli, tmp_path):
    write(
        tmp_path / "qualitycheck.yaml",
        "suppressions:\n"
        "  - rule: boilerplate-share\n"
        "    reason: used\n"
        "  - rule: boilerplate-newsletter\n"
        "    reason: stale\n",
    )
    write(tmp_path / "notice.txt", NOTICE)
    write(
        tmp_path / "story.md",
        "# Notice\n\n"
        '<!-- qualitycheck: disable-next-line boilerplate-comments reason="used" -->\n'
        "Leave a Reply\n\n"
        '<!-- qualitycheck: disable unsupported_claim reason="stale" -->\n'
        "The library opens at nine.\n",
    )
    quiet = check_json(cli, ".")
    assert "unused" not in quiet.err
    result = check_json(cli, ".", "--warn-unused-suppressions", "--fail-on", "warning")
    assert result.code == 1  # notice.txt still has its reply prompt (a warning)
    stale = [
        (a["path"], f["rule"], f["line"])
        for a in result.json()["articles"]
        for f in a["findings"]
        if f["category"] == "suppression"
    ]
    assert stale == [("story.md", "suppression-unused", 6)]
    quiet_rules = {f["rule"] for a in quiet.json()["articles"] for f in a["findings"]}
    assert "suppression-unused" not in quiet_rules
    unused = [line for line in result.err.splitlines() if "unused" in line]
    assert unused == [
        "qualitycheck: warning: story.md: line 6: unused suppression of unsupported_claim: "
        "it hid no finding",
        "qualitycheck: warning: qualitycheck.yaml:4: unused suppression of "
        "boilerplate-newsletter: it hid no finding",
    ]
    # The stale config entry reaches the machine-readable outputs too.
    config = "qualitycheck.yaml"  # found in the working folder: named as the inputs are
    assert result.json()["summary"]["config_warnings"] == [
        {
            "path": config,
            "line": 4,
            "rule": "suppression-unused",
            "message": "unused suppression of boilerplate-newsletter: it hid no finding",
        }
    ]
    import jsonschema  # the contract's schema declares them

    schema = json.loads((REPO / "docs" / "json-output.schema.json").read_text(encoding="utf-8"))
    schema["$defs"]["summary"]["additionalProperties"] = False  # so an undeclared key fails
    jsonschema.validate(result.json(), schema)
    assert "config_warnings" not in quiet.json()["summary"]
    args = ("check", ".", "--no-models", "--warn-unused-suppressions")
    sarif = cli(*args, "--format", "sarif").json()
    if SARIF_SCHEMA.is_file():
        validate_sarif(sarif)
    [notice] = sarif["runs"][0]["invocations"][0]["toolConfigurationNotifications"]
    assert notice["descriptor"] == {"id": "suppression-unused"} and notice["level"] == "warning"
    assert notice["locations"][0]["physicalLocation"]["region"] == {"startLine": 4}
    github = cli(*args, "--format", "github").out
    assert "title=suppression-unused::unused suppression of boilerplate-newsletter" in github


def test_a_new_run_counts_config_suppressions_afresh(tmp_path):
    """The API starts a run per call, and a parallel run warms its checker on
    an article of its own first: what a suppression hid before does not count."""
    from qualitycheck.config.loading import config_from_mapping
    from qualitycheck.pipeline.checker import WARM_UP_TEXT, Checker

    config = config_from_mapping(
        {"suppressions": [{"rule": "boilerplate-share", "reason": "handled by the CMS"}]},
        tmp_path,
    )
    checker = Checker(config)
    [suppression] = checker.suppressor.configured
    assert "Share This Article" in WARM_UP_TEXT
    from qualitycheck.pipeline.inputs import read_inputs

    write(tmp_path / "notice.txt", NOTICE)
    write(tmp_path / "plain.txt", NOTICE.replace("Share This Article\n", ""))
    [notice, plain] = read_inputs(config, [str(tmp_path / n) for n in ("notice.txt", "plain.txt")])

    def check(article) -> None:
        checker.prepare(article)
        checker.check(article)

    checker.warm_up()
    assert checker.suppressor.unused() == []  # no article of this run has tested it yet
    check(plain)
    assert checker.suppressor.unused() == [suppression]  # the warm-up's use does not count
    check(notice)
    assert checker.suppressor.unused() == []
    checker.new_run()
    check(plain)
    assert checker.suppressor.unused() == [suppression]


def test_enable_names_selectors_in_any_order_and_may_end_some_of_them(cli, tmp_path):
    write(
        tmp_path / "order.md",
        "# Bridge closes\n\n"
        '<!-- qualitycheck: disable boilerplate-comments,boilerplate-share reason="archived" -->\n'
        "Leave a Reply\n"
        "<!-- qualitycheck: enable boilerplate-share boilerplate-comments -->\n\n"
        "Share This Article\n",
    )
    write(
        tmp_path / "partial.md",
        "# Bridge closes\n\n"
        '<!-- qualitycheck: disable boilerplate-comments,boilerplate-share reason="archived" -->\n'
        "Share This Article\n"
        "<!-- qualitycheck: enable boilerplate-share -->\n\n"
        "Share This Article\n\n"
        "Leave a Reply\n",
    )
    result = check_json(cli, "order.md", "partial.md", "--warn-unused-suppressions")
    found = {
        a["path"]: [(f["rule"], f["line"]) for f in a["findings"]]
        for a in result.json()["articles"]
    }
    # Ended in another order: the share line after it is reported, nothing warns.
    assert found["order.md"] == [("boilerplate-share", 7)]
    # Share ended, comments still disabled to the end; the comment hid something.
    assert found["partial.md"] == [("boilerplate-share", 7)]
    assert "no open" not in result.err and "unused" not in result.err


def test_suppression_findings_can_be_raised_or_switched_off_like_any_finding(cli, tmp_path):
    write(
        tmp_path / "a.md",
        "# Bridge\n\n<!-- qualitycheck: disable boilerplate-share -->\n"
        "Leave a Reply\n\nThe bridge opened on Monday after four years of work on its deck.\n",
    )
    plain = check_json(cli, "a.md")
    assert located(plain) == [("suppression-invalid", 3), ("boilerplate-comments", 4)]
    assert plain.code == 0  # warnings only
    write(tmp_path / "qualitycheck.yaml", "severity:\n  suppression-invalid: error\n")
    raised = check_json(cli, "a.md")
    assert raised.code == 1
    [invalid] = [
        f for f in raised.json()["articles"][0]["findings"] if f["category"] == "suppression"
    ]
    assert invalid["severity"] == "error"
    listed = cli("rules", "list").out.splitlines()
    assert any(
        line.split()[:3] == ["suppression-invalid", "suppression", "error"] for line in listed
    )
    off = check_json(cli, "a.md", "--disable", "suppression")
    assert located(off) == [("boilerplate-comments", 4)] and "no reason" not in off.err
    write(
        tmp_path / "qualitycheck.yaml",
        "severity: {suppression-invalid: error}\ndisable: [suppression]\n",
    )
    shown = cli("rules", "show", "suppression-invalid").out
    assert shown.startswith(
        "suppression-invalid  (suppression comments, suppression, error, disabled)"
    )


def test_a_directive_written_almost_right_is_warned_about_not_ignored(cli, tmp_path):
    write(
        tmp_path / "typo.md",
        "# Bridge\n\n"
        '<!-- QUALITYCHECK: disable-next-line boilerplate-share reason="kept" -->\n'
        "Share This Article\n\n"
        "<!-- qualitycheck-disable-next-line boilerplate-share -->\n"
        "Share This Article\n\n"
        "<!-- an ordinary comment about quality checks -->\n"
        "The bridge opened on Monday after four years of work on its deck.\n",
    )
    result = check_json(cli, "typo.md")
    assert located(result) == [
        ("suppression-invalid", 3),
        ("boilerplate-share", 4),
        ("suppression-invalid", 6),
        ("boilerplate-share", 7),
    ]
    first = result.json()["articles"][0]["findings"][0]["message"]
    assert first.startswith("Inline suppression: 'QUALITYCHECK: disable-next-line")
    assert "is not a directive" in first


def test_a_config_suppression_for_files_the_run_did_not_check_is_not_judged(cli, tmp_path):
    """Its paths covered no checked article: nothing was put to the test."""
    write(
        tmp_path / "qualitycheck.yaml",
        "suppressions:\n"
        "  - rule: boilerplate-share\n"
        "    paths: [archive/**]\n"
        "    reason: as published\n",
    )
    plain = NOTICE.replace("Share This Article\n", "")
    write(tmp_path / "archive" / "old.txt", NOTICE)
    write(tmp_path / "news" / "new.txt", plain)
    narrow = check_json(cli, "news", "--warn-unused-suppressions")
    assert "unused" not in narrow.err
    assert "config_warnings" not in narrow.json()["summary"]
    assert (
        "config_warnings"
        not in check_json(cli, ".", "--warn-unused-suppressions").json()["summary"]
    )
    write(tmp_path / "archive" / "old.txt", plain)  # the archive no longer needs it
    whole = check_json(cli, ".", "--warn-unused-suppressions")
    assert [w["line"] for w in whole.json()["summary"]["config_warnings"]] == [2]


def test_a_suppression_of_a_rule_or_model_the_run_left_out_is_not_judged(cli, tmp_path):
    """A pre-commit hook runs --no-models (docs/ci.md): it called a suppression
    of a model finding, or of a --disable'd rule, unused; removing it as told
    made the full CI run fail on the finding it hid."""
    write(
        tmp_path / "qualitycheck.yaml",
        "suppressions:\n  - rule: model-boilerplate\n    reason: the desk keeps the footer\n",
    )
    write(
        tmp_path / "story.md",
        "# Harbour bridge to close\n\n"
        "The harbour bridge will close for six weeks from May, the port authority said.\n\n"
        '<!-- qualitycheck: disable-next-line model-boilerplate reason="our footer" -->\n'
        "Read the port authority's notice on its website.\n\n"
        '<!-- qualitycheck: disable-next-line claim-weasel reason="a quote" -->\n'
        "The ferries will run every twenty minutes.\n",
    )
    left_out = check_json(
        cli, "story.md", "--warn-unused-suppressions", "--no-models", "--disable", "claim-weasel"
    )
    assert "unused" not in left_out.err
    assert "config_warnings" not in left_out.json()["summary"]
    assert [f["rule"] for f in left_out.json()["articles"][0]["findings"]] == []
    # A rule that runs and finds nothing there: that suppression is stale, as before.
    rules = check_json(cli, "story.md", "--warn-unused-suppressions")
    assert [(f["rule"], f["line"]) for f in rules.json()["articles"][0]["findings"]] == [
        ("suppression-unused", 8)
    ]
    assert "config_warnings" not in rules.json()["summary"]


def test_a_directive_naming_no_rule_is_reported_once_as_invalid(cli, tmp_path):
    write(
        tmp_path / "dup.md",
        "# T\n\nThe council met on Monday, officials said.\n\n"
        '<!-- qualitycheck: disable-next-line boilerplate-shar reason="typo" -->\n'
        "Share This Article\n",
    )
    result = check_json(cli, "dup.md", "--warn-unused-suppressions")
    rules = [f["rule"] for f in result.json()["articles"][0]["findings"]]
    assert rules == ["suppression-invalid", "boilerplate-share"]


def test_a_pre_line_inside_a_comment_opens_no_raw_block_for_directives(cli, tmp_path):
    write(
        tmp_path / "a.md",
        "# T\n\nThe council met on Monday, officials said.\n\n"
        "<!--\n<pre> note: editors removed a sample\n-->\n\n"
        '<!-- qualitycheck: disable-next-line boilerplate reason="quoted widget" -->\n'
        "Share This Article\n",
    )
    assert located(check_json(cli, "a.md")) == []


def test_checkers_of_one_config_count_their_own_suppression_uses(tmp_path):
    """Two checkers built from one config object (a Dask worker's threads, each
    running a shard) each count what the config suppressions hid in their own
    run: one's use no longer hides the other's unused suppression."""
    config = config_from_mapping(
        {"suppressions": [{"rule": "boilerplate-share", "reason": "accepted"}]},
        base=tmp_path,
    )
    config.warn_unused_suppressions = True
    first, second = Checker(config, use_models=False), Checker(config, use_models=False)
    first.check(parse_text(BOILERPLATE_ARTICLE, "a.txt", "a.txt"))
    second.check(parse_text(CLEAN_ARTICLE, "b.txt", "b.txt"))
    assert first.suppressor.unused() == []
    assert [s.describe() for s in second.suppressor.unused()] == ["boilerplate-share"]


def test_a_reason_written_twice_is_named_as_such_and_the_first_is_used(cli, tmp_path):
    """The second ``reason="…"`` was read as a rule selector: the warning said
    'reason="other"' matches no rule id, glob or category."""
    write(
        tmp_path / "twice.md",
        "# T\n\nThe council met on Monday, officials said.\n\n"
        '<!-- qualitycheck: disable-next-line boilerplate-share reason="kept" reason="other" -->\n'
        "Share This Article\n",
    )
    result = check_json(cli, "twice.md")
    [article] = result.json()["articles"]
    assert [(f["rule"], f["line"]) for f in article["findings"]] == [("suppression-invalid", 5)]
    assert article["warnings"] == [
        "line 5: inline suppression: reason=\"…\" written 2 times; the first ('kept') is used"
    ]
    # The share widget's line is hidden (by the first reason): no other finding.
    assert "matches no rule" not in result.err


def test_a_config_suppression_names_several_rules_with_commas_or_spaces(cli, tmp_path):
    """``suppressions[].rule`` (docs/configuration.md): several selectors, separated
    by commas, spaces or both, as ``--disable`` takes them."""
    write(tmp_path / "a.txt", BOILERPLATE_ARTICLE)
    for written in (
        "boilerplate-share boilerplate-comments",
        "boilerplate-share, boilerplate-comments",
    ):
        write(
            tmp_path / "qualitycheck.yaml", f"suppressions:\n  - rule: {written}\n    reason: r\n"
        )
        result = check_json(cli, "a.txt", cwd=tmp_path).json()
        assert [f["rule"] for f in result["articles"][0]["findings"]] == [], written


# --- many suppressions, comments and selectors: linear ---------------------------------


def _checked_markdown(source: str):
    from qualitycheck.config.settings import Config
    from qualitycheck.readers.base import ReadSettings
    from qualitycheck.readers.markdown import read_markdown

    [article] = read_markdown(source, "many.md", ReadSettings())
    return Checker(Config()).check(article)


def _cpu_seconds(make, sizes=(500, 4_000)) -> list[float]:
    from conftest import CpuClock, deadline

    make(100)  # warm-up: rules and models loaded
    timings = []
    for size in sizes:
        with deadline(240), CpuClock() as clock:
            make(size)
        timings.append(clock.seconds)
    return timings


def test_many_inline_suppressions_cost_linear_time():
    # Every suppression was asked about every finding: 10,000 disable-next-line
    # comments over 10,000 findings took 90 s.
    def make(count: int):
        pair = '<!-- qualitycheck: disable-next-line boilerplate reason="quoted" -->\n'
        pair += "Share This Article\n\n"
        region = '<!-- qualitycheck: disable boilerplate-comments reason="kept" -->\n'
        result = _checked_markdown("# Harbour\n\nThe ferry sails.\n\n" + (pair + region) * count)
        assert not any(f.rule.startswith("boilerplate-share") for f in result.findings)

    small, large = _cpu_seconds(make)
    # Linear is 8 times, quadratic 64: CPU time, with slack.
    assert large < max(1.0, 16 * small), (small, large)


def test_many_regions_closed_one_by_one_cost_linear_time():
    # Each 'enable' asked every open region: 100,000 regions of distinct rules
    # closed one by one was quadratic (1 s at 10,000).
    from qualitycheck.pipeline.suppressions import inline_suppressions
    from qualitycheck.readers.base import ReadSettings
    from qualitycheck.readers.markdown import read_markdown

    def make(count: int):
        opened = "".join(
            f'<!-- qualitycheck: disable rule-{n} reason="r" -->\n' for n in range(count)
        )
        closed = "".join(f"<!-- qualitycheck: enable rule-{n} -->\n" for n in range(count))
        source = "# Harbour\n\n" + opened + "\nThe ferry sails.\n\n" + closed
        [article] = read_markdown(source, "many.md", ReadSettings())
        suppressions, problems = inline_suppressions(article, lambda selector: True)
        assert len(suppressions) == count and not problems
        assert all(s.end is not None and s.end < len(source) for s in suppressions)

    def cpu(count: int) -> float:
        from conftest import CpuClock

        with CpuClock() as clock:
            make(count)
        return clock.seconds

    make(100)
    small, large = min(cpu(1_500) for _ in range(2)), min(cpu(6_000) for _ in range(2))
    # Linear is 4 times, quadratic 16: CPU time, with slack.
    assert large < max(0.5, 8 * small), (small, large)


def test_a_partial_enable_keeps_the_rest_of_a_region_open():
    from qualitycheck.pipeline.suppressions import inline_suppressions
    from qualitycheck.readers.base import ReadSettings
    from qualitycheck.readers.markdown import read_markdown

    source = (
        "# Harbour\n\n"
        '<!-- qualitycheck: disable a, b reason="r" -->\n\nOne.\n\n'
        "<!-- qualitycheck: enable b -->\n\nTwo.\n\n"
        "<!-- qualitycheck: enable -->\n\nThree.\n"
    )
    [article] = read_markdown(source, "part.md", ReadSettings())
    suppressions, problems = inline_suppressions(article, lambda selector: True)
    assert not problems
    spans = [(s.selectors, source[s.start : s.end]) for s in suppressions]
    assert [selectors for selectors, _ in spans] == [("a", "b"), ("a",)]
    assert "One." in spans[0][1] and "Two." not in spans[0][1]
    assert "Two." in spans[1][1] and "Three." not in spans[1][1]


def test_many_comments_fences_and_raw_blocks_cost_linear_time():
    # Each comment was compared with every fence and raw block, and each
    # unclosed "<!--" searched the rest of the file: 230 kB took 12 s.
    from qualitycheck.pipeline.suppressions import inline_suppressions

    def make(count: int):
        from qualitycheck.readers.base import ReadSettings
        from qualitycheck.readers.markdown import read_markdown

        source = (
            "# Harbour\n\nqualitycheck\n\n"
            + "```\n<!-- a -->\n```\n" * count
            + "<!-- x -->\n<pre></pre>\n" * count
            + "a <!-- b --> `" * count
            + "\n"
            + "<!--" * count
        )
        [article] = read_markdown(source, "many.md", ReadSettings())
        assert inline_suppressions(article, lambda selector: True) == ([], [])

    small, large = _cpu_seconds(make, (1_000, 8_000))
    assert large < max(1.0, 16 * small), (small, large)


def test_selectors_that_match_no_rule_are_named_ten_at_a_time(cli, tmp_path):
    # Each problem quotes its comment: 10,000 of an 80 kB comment took 850 MB.
    selectors = " ".join(f"no-such-rule-{n}" for n in range(5_000))
    write(
        tmp_path / "a.md",
        "# Harbour\n\nThe ferry sails.\n\n"
        f'<!-- qualitycheck: disable {selectors} no-such-rule-0 reason="x" -->\n'
        "Share This Article\n",
    )
    result = check_json(cli, tmp_path / "a.md")
    [article] = result.json()["articles"]
    messages = [f["message"] for f in article["findings"] if f["rule"] == "suppression-invalid"]
    assert len(messages) == 11, messages[:3]
    assert "'no-such-rule-9' matches no rule id" in messages[9]
    assert "4,990 more selectors match no rule id, glob or category" in messages[10]


def test_inline_suppressions_hide_what_each_one_covers():
    """The indexed lookup hides and marks used exactly what asking every
    suppression about every finding (``Suppression.covers``) does."""
    import random

    from qualitycheck.pipeline.covering import hidden_inline
    from qualitycheck.pipeline.selection import selector_matches
    from qualitycheck.pipeline.suppressions import inline_suppressions
    from qualitycheck.readers.base import ReadSettings
    from qualitycheck.readers.markdown import read_markdown

    pieces = [
        '<!-- qualitycheck: disable boilerplate reason="x" -->',
        "<!-- qualitycheck: enable boilerplate -->",
        '<!-- qualitycheck: disable-next-line * reason="y" -->',
        "<!-- qualitycheck: disable-next-line mt-* reason='z' -->",
        '<!-- qualitycheck: disable boilerplate-comments,readability reason="w" -->',
        "<!-- qualitycheck: enable readability -->",
        "Share This Article",
        "Leave a Reply",
        "The the council met met on on Tuesday.",
        "Experts say it is without doubt the best.",
        "",
    ]
    randomness = random.Random(7)
    checker = Checker(config_from_mapping({}))
    counts = [0, 0]
    for _ in range(20):
        lines = [randomness.choice(pieces) for _ in range(60)]
        source = "# Harbour\n\n" + "\n".join(lines)
        [article] = read_markdown(source, "m.md", ReadSettings())
        # The findings before suppression: the same text with the comments blanked.
        blanked = "\n".join(" " * len(line) if "<!--" in line else line for line in lines)
        [plain] = read_markdown("# Harbour\n\n" + blanked, "m.md", ReadSettings())
        findings = checker.check(plain).findings
        inline, _ = inline_suppressions(article, lambda selector: True)
        hidden = hidden_inline(inline, findings, selector_matches)
        expected = {
            i for i, f in enumerate(findings) if any(s.covers(f, selector_matches) for s in inline)
        }
        assert hidden == expected
        counts[0] += len(findings)
        counts[1] += len(hidden)
        for s in inline:
            assert bool(s.used) == any(s.covers(f, selector_matches) for f in findings)
    assert counts[0] > 2 * counts[1] > 100, counts  # hidden and kept findings both tried


def test_many_config_suppressions_cost_linear_time(tmp_path):
    # Every config suppression was asked about every finding: 8,000 of them
    # (420 kB of YAML) over 2,000 findings took 18 s.
    from qualitycheck.config.loading import config_from_mapping
    from qualitycheck.readers.txt import parse_text

    def make(count: int):
        entries = [
            {"rule": "boilerplate", "reason": "x", "text": f"share {n}"} for n in range(count)
        ]
        entries.append({"rule": "boilerplate", "reason": "y", "text": "leave a reply"})
        checker = Checker(config_from_mapping({"suppressions": entries}, tmp_path))
        text = "Harbour\n" + "Share This Article\nLeave a Reply\n" * (count // 2)
        result = checker.check(parse_text(text, "many", "many.txt"))
        rules = {f.rule for f in result.findings}
        assert "boilerplate-share" in rules and "boilerplate-comments" not in rules
        return checker

    small, large = _cpu_seconds(make)
    assert large < max(1.0, 16 * small), (small, large)


def test_config_suppressions_hide_what_each_one_covers(tmp_path):
    """The lookup by text hides and marks used what ``Suppression.covers`` does,
    for texts of every length, in both ways of looking them up."""
    from qualitycheck.config.loading import config_from_mapping
    from qualitycheck.pipeline.covering import hidden_configured
    from qualitycheck.pipeline.selection import selector_matches
    from qualitycheck.readers.txt import parse_text

    texts = ["share", "SHARE  this", "article", "reply", "share this article!", "a", "e"]
    for few in (True, False):
        entries = [
            {"rule": rule, "reason": "x", "text": text}
            for rule in ("boilerplate-share", "boilerplate", "readability")
            # Past 200 texts a short finding's pieces are looked up instead.
            for text in (texts[:2] if few else texts + [f"zz{n}" for n in range(200)])
        ] + [{"rule": "readability", "reason": "z"}]
        checker = Checker(config_from_mapping({}, tmp_path))
        configured = Checker(config_from_mapping({"suppressions": entries}, tmp_path))
        findings = checker.check(parse_text(NOTICE + "Share this\n", "n", "n.txt")).findings
        suppressions = configured.suppressor.configured
        hidden = hidden_configured(suppressions, findings, selector_matches)
        assert hidden == {
            i
            for i, f in enumerate(findings)
            if any(s.covers(f, selector_matches) for s in suppressions)
        }
        assert hidden and (len(hidden) < len(findings) if few else len(hidden) == len(findings))
        for s in suppressions:
            assert bool(s.used) == any(s.covers(f, selector_matches) for f in findings)


def test_whether_a_config_suppression_is_judged_is_asked_once_per_run(tmp_path):
    # Whether a config suppression names a rule or model the run runs (22df87d)
    # was asked again for every article, over every rule and model each time:
    # 2,000 suppressions of a rule late in the packs cost 28 ms per article,
    # twenty times the rest of the suppressions' work.
    entries = [
        {"rule": "readability-hard-article", "reason": "x", "text": f"share {n}"} for n in range(50)
    ]
    checker = Checker(config_from_mapping({"suppressions": entries}, tmp_path))
    calls = []
    matcher = checker.suppressor.matcher
    checker.suppressor.matcher = lambda *selection: calls.append(selection) or matcher(*selection)
    for n in range(20):
        checker.check(parse_text("Harbour\nThe ferry sails at noon.\n", f"a{n}", f"a{n}.txt"))
    assert len(calls) < 50 * 20, len(calls)  # (fewer than once per suppression and article)
