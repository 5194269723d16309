"""Baselines end to end: record findings, then only new ones fail the gate.

Findings are matched by rule, file (and record) and their text with a little
context, never by line, so moving lines around keeps them baselined.
"""

from __future__ import annotations

import bz2
import gzip
import json
import lzma
import os
from pathlib import Path

import pytest
from conftest import REPO, check_json, run_with_closed, write

STORY = (
    "# Harbour bridge to close for repairs\n"
    "\n"
    "Share This Article\n"
    "\n"
    "The harbour bridge will close for six weeks from May while engineers replace its "
    "expansion joints, the port authority said on Friday.\n"
    "\n"
    "Many experts say the repairs are long overdue.\n"
    "\n"
    "Ferries will run every twenty minutes during the closure, according to the operator's "
    "timetable.\n"
    "\n"
    "Leave a Reply\n"
)

NOTICE = (
    "Library extends opening hours\n"
    "The central library will open until nine in the evening on weekdays from June, "
    "the council said.\n"
    "Leave a Reply\n"
)


def findings(result) -> list[tuple[str, str, str]]:
    return [
        (article["path"], finding["rule"], finding["text"])
        for article in result.json()["articles"]
        for finding in article["findings"]
    ]


def test_write_baseline_records_sorted_versioned_entries_and_passes(cli, tmp_path):
    write(tmp_path / "news" / "story.md", STORY)
    write(tmp_path / "news" / "notice.txt", NOTICE)
    before = check_json(cli, "news")
    assert before.code == 1
    recorded = findings(before)

    result = check_json(cli, "news", "--write-baseline", "qc-baseline.json")
    assert result.code == 0
    assert findings(result) == []
    assert {a["verdict"] for a in result.json()["articles"]} == {"pass"}
    assert f"wrote qc-baseline.json with {len(recorded)} findings" in result.err

    document = json.loads((tmp_path / "qc-baseline.json").read_text(encoding="utf-8"))
    assert document["qualitycheck_baseline"] == 1
    entries = document["findings"]
    keys = [(e["path"], e.get("record", ""), e["rule"], e["fingerprint"]) for e in entries]
    assert keys == sorted(keys)
    assert sum(e["count"] for e in entries) == len(recorded)
    assert {e["path"] for e in entries} == {"news/story.md", "news/notice.txt"}
    assert {"rule": "boilerplate-share", "text": "Share This Article"}.items() <= entries[
        [e["rule"] for e in entries].index("boilerplate-share")
    ].items()
    # Inputs are never modified.
    assert (tmp_path / "news" / "story.md").read_text(encoding="utf-8") == STORY


def test_only_new_findings_fail_after_lines_move_and_fixed_ones_are_counted(cli, tmp_path):
    story = write(tmp_path / "news" / "story.md", STORY)
    write(tmp_path / "news" / "notice.txt", NOTICE)
    assert check_json(cli, "news", "--write-baseline", "qc-baseline.json").code == 0

    unchanged = check_json(cli, "news", "--baseline", "qc-baseline.json")
    assert unchanged.code == 0
    assert findings(unchanged) == []
    # "Many experts say" is one finding (claim-weasel; the overlapping
    # claim-vague-source finding is merged into it: pipeline/overlaps.py).
    assert "qualitycheck: baseline: 4 findings baselined, 0 fixed since the baseline" in (
        unchanged.err
    )

    # Move lines (a new paragraph on top, the reply prompt and the claim swapped
    # around) and add one new boilerplate line: only that line is new.
    moved = (
        "# Harbour bridge to close for repairs\n"
        "\n"
        "Drivers should expect delays on the ring road, the police said on Saturday.\n"
        "\n"
        "Leave a Reply\n"
        "\n"
        "Ferries will run every twenty minutes during the closure, according to the operator's "
        "timetable.\n"
        "\n"
        "The harbour bridge will close for six weeks from May while engineers replace its "
        "expansion joints, the port authority said on Friday.\n"
        "\n"
        "Many experts say the repairs are long overdue.\n"
        "\n"
        "Share This Article\n"
        "\n"
        "Subscribe to our newsletter\n"
    )
    write(story, moved)
    result = check_json(cli, "news", "--baseline", "qc-baseline.json")
    assert result.code == 1
    assert findings(result) == [
        ("news/story.md", "boilerplate-newsletter", "Subscribe to our newsletter")
    ]
    [story_result] = [a for a in result.json()["articles"] if a["path"] == "news/story.md"]
    assert story_result["verdict"] == "fail"
    assert "4 findings baselined, 0 fixed since the baseline" in result.err

    # Remove one baselined line (and the new one): the gate passes and one is fixed.
    write(
        story,
        moved.replace("Share This Article\n", "").replace("Subscribe to our newsletter\n", ""),
    )
    fixed = check_json(cli, "news", "--baseline", "qc-baseline.json")
    assert fixed.code == 0
    assert "3 findings baselined, 1 fixed since the baseline" in fixed.err
    # The same counts in the JSON summary (they were only on stderr), for a
    # job that refreshes the file when 'fixed' grows; none without --baseline.
    assert fixed.json()["summary"]["baseline"] == {
        "path": "qc-baseline.json",
        "baselined": 3,
        "fixed": 1,
    }
    assert unchanged.json()["summary"]["baseline"]["fixed"] == 0
    import jsonschema  # the contract's schema declares it

    schema = json.loads((REPO / "docs" / "json-output.schema.json").read_text(encoding="utf-8"))
    schema["$defs"]["summary"]["additionalProperties"] = False  # so an undeclared key fails
    jsonschema.validate(fixed.json(), schema)
    assert "baseline" not in check_json(cli, "news").json()["summary"]


def test_baselined_findings_do_not_count_in_scores(cli, tmp_path):
    write(tmp_path / "notice.txt", NOTICE)
    cli("check", "notice.txt", "--no-models", "--write-baseline", "base.json")
    write(tmp_path / "notice.txt", NOTICE + "Share This Article\n")
    [article] = check_json(cli, "notice.txt", "--baseline", "base.json").json()["articles"]
    without_baseline = check_json(cli, "notice.txt").json()["articles"][0]
    # The baselined reply prompt (a warning) costs nothing; the new share
    # widget (an error) costs 25 either way.
    assert article["scores"]["boilerplate"] == 75.0
    assert without_baseline["scores"]["boilerplate"] == 65.0
    assert [f["rule"] for f in article["findings"]] == ["boilerplate-share"]


def test_identical_findings_need_one_count_each(cli, tmp_path):
    text = NOTICE + "Leave a Reply\n"
    write(tmp_path / "notice.txt", text)
    check_json(cli, "notice.txt", "--write-baseline", "base.json")
    [entry] = [
        e
        for e in json.loads((tmp_path / "base.json").read_text())["findings"]
        if e["rule"] == "boilerplate-comments"
    ]
    assert entry["count"] == 2
    write(tmp_path / "notice.txt", text + "Leave a Reply\n")
    # The reply prompt is a warning (its measured precision): fail on warnings.
    third = check_json(cli, "notice.txt", "--baseline", "base.json", "--fail-on", "warning")
    assert third.code == 1
    assert [f[1] for f in findings(third)] == ["boilerplate-comments"]
    write(tmp_path / "notice.txt", NOTICE)
    one_gone = check_json(cli, "notice.txt", "--baseline", "base.json", "--fail-on", "warning")
    assert one_gone.code == 0
    assert "1 fixed since the baseline" in one_gone.err


def test_editing_the_flagged_sentence_makes_its_finding_new(cli, tmp_path):
    write(tmp_path / "story.md", STORY)
    check_json(cli, "story.md", "--write-baseline", "base.json")
    edited = STORY.replace("the repairs are long overdue", "the new joints will not last")
    write(tmp_path / "story.md", edited)
    result = check_json(cli, "story.md", "--baseline", "base.json")
    assert result.code == 0  # a weasel phrase is a warning, not an error
    assert ("story.md", "claim-weasel", "Many experts say") in findings(result)


def test_markup_added_inside_the_flagged_words_keeps_them_baselined(cli, tmp_path):
    """A baseline matches visible text: bold, a link or a span inside the
    flagged words is formatting, not a new finding (HTML and Markdown)."""
    page = (
        "<html><body><h1>Market opens</h1>\n"
        "<p>The market opens on Saturday, organisers said.</p>\n"
        "<p>Share This Article</p>\n<p>Many experts say it is overdue.</p></body></html>\n"
    )
    write(tmp_path / "m.html", page)
    write(tmp_path / "story.md", STORY)
    first = check_json(cli, ".", "--write-baseline", "base.json")
    recorded = json.loads((tmp_path / "base.json").read_text(encoding="utf-8"))["findings"]
    assert {f["rule"] for f in recorded} >= {"boilerplate-share", "claim-weasel"}
    write(
        tmp_path / "m.html",
        page.replace("Share This Article", "<span>Share</span> This <b>Article</b>").replace(
            "Many experts say", "Many <a href='/x'>experts</a> say"
        ),
    )
    write(tmp_path / "story.md", STORY.replace("Many experts say", "Many *experts* say"))
    result = check_json(cli, ".", "--baseline", "base.json")
    assert result.code == 0 and findings(result) == []
    assert " 0 fixed since the baseline" in result.err  # none counted as gone
    assert first.code == 0 and "wrote base.json" in first.err
    check_json(cli, ".", "--write-baseline", "again.json")
    again = json.loads((tmp_path / "again.json").read_text(encoding="utf-8"))["findings"]
    assert [f["fingerprint"] for f in again] == [f["fingerprint"] for f in recorded]
    assert "Share This Article" in {f["text"] for f in again}  # shown as the reader sees it


def test_a_baseline_written_with_source_text_fingerprints_still_matches(cli, tmp_path, monkeypatch):
    """Baselines written before fingerprints used visible text hashed the
    source slice, markup included: such an entry is still honoured."""
    from qualitycheck.gate import baseline as baseline_module

    page = (
        "<html><body><h1>Market opens</h1>\n<p>The market opens on Saturday.</p>\n"
        "<p><span>Share</span> This <b>Article</b></p></body></html>\n"
    )
    write(tmp_path / "m.html", page)
    [share] = [f for f in findings(check_json(cli, "m.html")) if f[1] == "boilerplate-share"]
    assert share[2] == "Share</span> This <b>Article"
    check_json(cli, "m.html", "--write-baseline", "now.json")
    with monkeypatch.context() as patch:  # write as before: the source text's fingerprint
        patch.setattr(
            baseline_module,
            "key",
            lambda a, f, b, *whole: baseline_module.keys(a, f, b, *whole)[-1],
        )
        check_json(cli, "m.html", "--write-baseline", "before.json")
    now, before = (
        json.loads((tmp_path / name).read_text(encoding="utf-8"))["findings"]
        for name in ("now.json", "before.json")
    )
    assert [f["fingerprint"] for f in now] != [f["fingerprint"] for f in before]
    result = check_json(cli, "m.html", "--baseline", "before.json")
    assert findings(result) == [] and result.code == 0


def test_baseline_paths_are_relative_to_the_baseline_file(cli, tmp_path):
    write(tmp_path / "repo" / "news" / "notice.txt", NOTICE + "Share This Article\n")
    result = check_json(cli, "news", "--write-baseline", "ci/base.json", cwd=tmp_path / "repo")
    assert result.code == 0
    document = json.loads((tmp_path / "repo" / "ci" / "base.json").read_text())
    assert {e["path"] for e in document["findings"]} == {"../news/notice.txt"}
    # The same baseline from another working directory, with other path spellings.
    elsewhere = check_json(
        cli,
        tmp_path / "repo" / "news" / "notice.txt",
        "--baseline",
        tmp_path / "repo" / "ci" / "base.json",
        cwd=tmp_path,
    )
    assert elsewhere.code == 0
    assert findings(elsewhere) == []


def test_jsonl_records_are_baselined_by_id(cli, tmp_path):
    records = [
        {"id": "a-1", "text": NOTICE},
        {"id": "a-2", "text": NOTICE.replace("Leave a Reply", "Share This Article")},
    ]
    feed = tmp_path / "feed.jsonl"
    write(feed, "".join(json.dumps(r) + "\n" for r in records))
    check_json(cli, "feed.jsonl", "--write-baseline", "base.json")
    entries = json.loads((tmp_path / "base.json").read_text())["findings"]
    assert {(e["record"], e["rule"]) for e in entries} == {
        ("a-1", "boilerplate-comments"),
        ("a-2", "boilerplate-share"),
    }
    # Record a-2 moves to the top and gets a reply prompt (new); a-1 is deleted (fixed).
    swapped = {"id": "a-2", "text": records[1]["text"] + "Leave a Reply\n"}
    write(feed, json.dumps(swapped) + "\n")
    result = check_json(cli, "feed.jsonl", "--baseline", "base.json", "--fail-on", "warning")
    assert result.code == 1
    assert [(a["id"], f["rule"]) for a in result.json()["articles"] for f in a["findings"]] == [
        ("a-2", "boilerplate-comments")
    ]
    assert "1 finding baselined, 1 fixed since the baseline" in result.err


def test_records_without_an_id_match_from_any_folder_and_after_records_above(cli, tmp_path):
    # The reader names such a record PATH:LINE; neither may be part of its key.
    feed = tmp_path / "feeds" / "wire.jsonl"
    write(feed, json.dumps({"text": NOTICE}) + "\n")
    check_json(cli, "feeds/wire.jsonl", "--write-baseline", "base.json")
    [entry] = json.loads((tmp_path / "base.json").read_text())["findings"]
    assert "record" not in entry and entry["path"] == "feeds/wire.jsonl"
    other = json.dumps({"text": "Ferry news\nThe ferry runs again on Monday, the operator said."})
    write(feed, other + "\n" + json.dumps({"text": NOTICE}) + "\n")  # now on line 2
    moved = check_json(cli, "wire.jsonl", "--baseline", "../base.json", cwd=feed.parent)
    assert moved.code == 0, moved.err
    assert "1 finding baselined, 0 fixed since the baseline" in moved.err
    # A baseline written before keyed the record as the reader named it: still matched.
    entry["record"] = "feeds/wire.jsonl:1"
    old = {"qualitycheck_baseline": 1, "findings": [entry]}
    write(tmp_path / "old.json", json.dumps(old))
    again = check_json(cli, "feeds/wire.jsonl", "--baseline", "old.json")
    assert again.code == 0 and "1 finding baselined, 0 fixed" in again.err
    entry["record"] = "wire-7:1"  # a real id that only looks like one: kept as it is
    write(tmp_path / "real.json", json.dumps({"qualitycheck_baseline": 1, "findings": [entry]}))
    assert "0 findings baselined, 1 fixed" in check_json(cli, ".", "--baseline", "real.json").err


def test_files_not_checked_are_not_counted_as_fixed_but_deleted_ones_are(cli, tmp_path):
    write(tmp_path / "a.txt", NOTICE)
    write(tmp_path / "b.txt", NOTICE)
    check_json(cli, ".", "--write-baseline", "base.json")
    only_a = check_json(cli, "a.txt", "--baseline", "base.json")
    assert "1 finding baselined, 0 fixed since the baseline" in only_a.err
    (tmp_path / "b.txt").unlink()
    after_delete = check_json(cli, "a.txt", "--baseline", "base.json")
    assert "1 finding baselined, 1 fixed since the baseline" in after_delete.err


def test_findings_of_rules_and_models_that_did_not_run_count_neither_way(cli, tmp_path):
    """A baseline written with the models, used by a run without them (the
    pre-commit hook's --no-models) or with a rule switched off: their entries
    are not "fixed", and an update keeps them."""
    story = (
        "Harbour reopens after the storm\n"
        "By Jane Smith, Staff Writer\n"
        "The harbour reopened on Monday after the storm, and the first ferry left at six "
        "with more passengers than the crew had expected.\n"
        "Port officials said the repairs to the northern pier would take another two weeks, "
        "and that the southern berths were open to all traffic.\n"
        "The mayor thanked the crews who had worked through the weekend.\n"
        "More from the coast desk\n"
        "Weather warnings for the week ahead\n"
        "How the storm reshaped the beach\n"
    )
    write(tmp_path / "story.txt", story)
    cli("check", ".", "--format", "json", "--write-baseline", "base.json")
    recorded = json.loads((tmp_path / "base.json").read_text(encoding="utf-8"))["findings"]
    rules = {f["rule"] for f in recorded}
    assert "model-boilerplate" in rules and "boilerplate-byline" in rules
    rules_only = cli(
        "check",
        ".",
        "--no-models",
        "--disable",
        "boilerplate-byline",
        "--format",
        "json",
        "--baseline",
        "base.json",
        "--write-baseline",
        "base.json",
    )
    assert " 0 fixed since base.json" in rules_only.err, rules_only.err
    kept = json.loads((tmp_path / "base.json").read_text(encoding="utf-8"))["findings"]
    assert all(entry in kept for entry in recorded)  # (plus what the rules alone find)
    full = cli("check", ".", "--format", "json", "--baseline", "base.json")
    assert findings(full) == []
    write(tmp_path / "story.txt", story.replace("By Jane Smith, Staff Writer\n", ""))
    fixed = cli("check", ".", "--no-models", "--format", "json", "--baseline", "base.json")
    assert " 0 fixed" not in fixed.err and " fixed since the baseline" in fixed.err  # it ran


def test_bad_baselines_are_one_line_errors_with_exit_2(cli, tmp_path):
    write(tmp_path / "notice.txt", NOTICE)
    missing = check_json(cli, "notice.txt", "--baseline", "nope.json")
    assert missing.code == 2
    assert "qualitycheck: error: nope.json: no such baseline" in missing.err
    write(tmp_path / "broken.json", '{\n  "qualitycheck_baseline": 1,\n  "findings": [\n')
    broken = check_json(cli, "notice.txt", "--baseline", "broken.json")
    assert broken.code == 2
    assert "broken.json:4: invalid JSON" in broken.err
    write(tmp_path / "future.json", '{"qualitycheck_baseline": 9, "findings": []}')
    future = check_json(cli, "notice.txt", "--baseline", "future.json")
    assert future.code == 2
    assert "baseline version 9 is not supported" in future.err
    write(tmp_path / "true.json", '{"qualitycheck_baseline": true, "findings": []}')
    true = check_json(cli, "notice.txt", "--baseline", "true.json")
    assert true.code == 2 and "baseline version True is not supported" in true.err
    write(tmp_path / "entry.json", '{"qualitycheck_baseline": 1, "findings": [{"path": "x"}]}')
    entry = check_json(cli, "notice.txt", "--baseline", "entry.json")
    assert entry.code == 2
    assert "entry.json: findings[0]: needs text fields path, rule and fingerprint" in entry.err
    assert len(entry.err.strip().splitlines()) == 1
    write(tmp_path / "deep.json", "[" * 100_000)  # was a RecursionError's traceback
    deep = check_json(cli, "notice.txt", "--baseline", "deep.json")
    assert deep.code == 2
    assert deep.err.strip() == "qualitycheck: error: deep.json: invalid JSON: nested too deeply"


@pytest.mark.parametrize("ending", [".gz", ".bz2", ".xz"])
def test_a_baseline_named_for_a_compression_is_written_and_read_compressed(cli, tmp_path, ending):
    # `--write-baseline b.json.gz` wrote plain JSON under that name (while
    # `-o x.json.gz` compressed), which gunzip and every other tool refused.
    write(tmp_path / "notice.txt", NOTICE)
    name = f"base.json{ending}"
    assert check_json(cli, "notice.txt", "--write-baseline", name).code == 0
    opener = {".gz": gzip.open, ".bz2": bz2.open, ".xz": lzma.open}[ending]
    with opener(tmp_path / name, "rt", encoding="utf-8") as stream:
        entries = json.load(stream)["findings"]
    assert [e["rule"] for e in entries] == ["boilerplate-comments"]
    again = check_json(cli, "notice.txt", "--baseline", name, "--write-baseline", name)
    assert again.code == 0 and f"(0 new, 0 fixed since {name})" in again.err
    assert check_json(cli, "notice.txt", "--baseline", name).json()["articles"][0]["findings"] == []


def test_compressed_baselines_that_cannot_be_read_or_written_are_one_line_errors(cli, tmp_path):
    write(tmp_path / "notice.txt", NOTICE)
    # Refused before the run, as `-o x.json.zst` is, not after every article was checked.
    zstd = cli("check", "notice.txt", "--write-baseline", "base.json.zst")
    assert zstd.code == 2 and not (tmp_path / "base.json.zst").exists()
    assert "base.json.zst: cannot write zstd-compressed output" in zstd.err
    assert zstd.out == ""  # no article was checked
    assert check_json(cli, "notice.txt", "--write-baseline", "base.json.gz").code == 0
    cut = (tmp_path / "base.json.gz").read_bytes()[:20]
    (tmp_path / "cut.json.gz").write_bytes(cut)
    truncated = check_json(cli, "notice.txt", "--baseline", "cut.json.gz")
    assert truncated.code == 2
    assert truncated.err.startswith("qualitycheck: error: cut.json.gz: cannot read: truncated gzip")
    # Versions before 2026-12-05 wrote plain JSON under a compressed name: it still loads.
    plain = json.dumps({"qualitycheck_baseline": 1, "findings": []})
    write(tmp_path / "old.json.gz", plain)
    old = check_json(cli, "notice.txt", "--baseline", "old.json.gz")
    assert old.code == 0 and "0 findings baselined" in old.err


def test_a_baseline_that_cannot_be_written_is_refused_before_the_run(cli, tmp_path):
    # The baseline is written at the end: a file where its folder should be
    # failed only after every article was checked and every report written.
    write(tmp_path / "notice.txt", NOTICE)
    result = cli("check", "notice.txt", "--write-baseline", "notice.txt/base.json", "-o", "r.json")
    assert result.code == 2
    assert result.err == (
        f"qualitycheck: error: notice.txt/base.json: cannot write: {tmp_path / 'notice.txt'} "
        "is a file, not a folder\n"
    )
    assert result.out == "" and not (tmp_path / "r.json").exists()
    long = cli("check", "notice.txt", "--write-baseline", "b" * 300 + ".json", "-o", "r.json")
    assert long.code == 2 and long.err.endswith(".json: cannot write: File name too long\n")
    assert long.out == "" and not (tmp_path / "r.json").exists()
    # The look leaves nothing behind: no folder made for it, no temporary file.
    assert check_json(cli, "notice.txt", "--write-baseline", "new/base.json").code == 0
    assert sorted(p.name for p in (tmp_path / "new").iterdir()) == ["base.json"]


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no named pipes here")
def test_a_baseline_to_a_closed_standard_output_is_refused_before_the_run(tmp_path):
    # `--write-baseline - >&-` checked the whole corpus, then could not print.
    # The input is a named pipe nobody writes: a run that reads it waits until
    # the timeout fails the test.
    os.mkfifo(tmp_path / "feed.txt")
    args = ["check", "feed.txt", "--no-models", "--write-baseline", "-"]
    result = run_with_closed(">&-", args, tmp_path, timeout=60)
    assert result.returncode == 2
    assert (
        result.stderr.decode()
        == "qualitycheck: error: standard output: cannot write: Bad file descriptor\n"
    )


def test_a_baseline_never_shares_its_place_with_another_output(cli, tmp_path):
    # The baseline replaced the JSON report written to the same file (exit 0,
    # "wrote" said twice), and `--write-baseline -` was printed after the text
    # output, so neither was readable.
    write(tmp_path / "notice.txt", NOTICE)
    clash = cli(
        "check", "notice.txt", "--output-format", "json=out.json", "--write-baseline", "out.json"
    )
    assert clash.code == 2 and not (tmp_path / "out.json").exists()
    assert "json and baseline output both go to out.json" in clash.err
    main = cli(
        "check", "notice.txt", "-o", "out.json", "--format", "json", "--write-baseline", "out.json"
    )
    assert main.code == 2 and "both go to out.json" in main.err
    mixed = cli("check", "notice.txt", "--format", "concise", "--write-baseline", "-")
    assert mixed.code == 2 and "concise and baseline output both go to standard output" in mixed.err
    # Alone on standard output, the baseline is the whole of it (as an extra output is).
    alone = cli("check", "notice.txt", "--write-baseline", "-")
    assert alone.code == 0
    assert [e["rule"] for e in alone.json()["findings"]] == ["boilerplate-comments"]


def test_rewriting_a_baseline_reports_new_and_fixed(cli, tmp_path):
    write(tmp_path / "notice.txt", NOTICE)
    check_json(cli, "notice.txt", "--write-baseline", "base.json")
    write(tmp_path / "notice.txt", NOTICE.replace("Leave a Reply", "Share This Article"))
    result = check_json(
        cli, "notice.txt", "--baseline", "base.json", "--write-baseline", "base.json"
    )
    assert result.code == 0
    assert "wrote base.json with 1 finding (1 new, 1 fixed since base.json)" in result.err
    entries = json.loads((tmp_path / "base.json").read_text())["findings"]
    assert [e["rule"] for e in entries] == ["boilerplate-share"]


def test_updating_a_baseline_on_fewer_files_keeps_the_others_entries(cli, tmp_path):
    # "check a.txt --baseline B --write-baseline B" (a pre-commit hook on the
    # files of one commit) must not drop what B recorded for b.txt and c.txt.
    for name in ("a.txt", "b.txt", "c.txt"):
        write(tmp_path / name, NOTICE)
    check_json(cli, ".", "--write-baseline", "base.json")
    before = json.loads((tmp_path / "base.json").read_text())["findings"]
    assert sorted(e["path"] for e in before) == ["a.txt", "b.txt", "c.txt"]
    write(tmp_path / "a.txt", NOTICE.replace("Leave a Reply", "Share This Article"))
    (tmp_path / "c.txt").unlink()  # gone: its entry is fixed, not kept
    update = check_json(cli, "a.txt", "--baseline", "base.json", "--write-baseline", "base.json")
    assert update.code == 0
    assert (
        "wrote base.json with 2 findings (1 new, 2 fixed since base.json; "
        "1 kept for files or rules not checked)" in update.err
    )
    after = json.loads((tmp_path / "base.json").read_text())["findings"]
    assert [(e["path"], e["rule"]) for e in after] == [
        ("a.txt", "boilerplate-share"),
        ("b.txt", "boilerplate-comments"),
    ]
    assert after[1] == next(e for e in before if e["path"] == "b.txt")  # text kept too
    full = check_json(cli, ".", "--baseline", "base.json")
    assert full.code == 0 and "2 findings baselined, 0 fixed" in full.err


def test_an_update_written_elsewhere_re_bases_the_kept_entries(cli, tmp_path):
    for name in ("a.txt", "b.txt"):
        write(tmp_path / "docs" / name, NOTICE)
    (tmp_path / "ci").mkdir()
    check_json(cli, "docs", "--write-baseline", "ci/b.json")
    paths = [e["path"] for e in json.loads((tmp_path / "ci" / "b.json").read_text())["findings"]]
    assert paths == ["../docs/a.txt", "../docs/b.txt"]
    check_json(cli, "docs/a.txt", "--baseline", "ci/b.json", "--write-baseline", "top.json")
    moved = json.loads((tmp_path / "top.json").read_text())["findings"]
    assert [e["path"] for e in moved] == ["docs/a.txt", "docs/b.txt"]
    full = check_json(cli, "docs", "--baseline", "top.json")
    assert full.code == 0 and "2 findings baselined, 0 fixed" in full.err


def test_a_real_id_shaped_like_file_and_line_matches_its_own_baseline(cli, tmp_path):
    feed = tmp_path / "feed.jsonl"
    write(feed, json.dumps({"id": "feed.jsonl:100", "text": NOTICE}) + "\n")
    check_json(cli, "feed.jsonl", "--write-baseline", "fb.json")
    again = check_json(cli, "feed.jsonl", "--baseline", "fb.json")
    assert again.code == 0 and "1 finding baselined, 0 fixed" in again.err


def test_entries_of_a_rule_no_pack_defines_any_more_are_fixed(cli, tmp_path):
    write(
        tmp_path / "house.yaml",
        "rules:\n  - id: house-foo\n    kind: phrase\n    category: readability\n"
        "    message: m\n    phrases: [harbourmaster]\n",
    )
    write(tmp_path / "a.txt", "Port\nThe harbourmaster spoke on Monday.\n")
    check_json(cli, ".", "--rules", "house.yaml", "--write-baseline", "b.json")
    assert "house-foo" in (tmp_path / "b.json").read_text(encoding="utf-8")
    update = check_json(cli, ".", "--baseline", "b.json", "--write-baseline", "b.json")
    assert "1 fixed since b.json" in update.err
    assert "house-foo" not in (tmp_path / "b.json").read_text(encoding="utf-8")


def test_a_baseline_of_the_previous_release_matches_beside_invisible_characters(cli, tmp_path):
    """Folding turns a soft hyphen (and a few more invisible characters) into a
    space since 2026-12-04; a baseline written before (this fingerprint is what
    e121592 wrote for this file) still matches the finding beside one."""
    write(
        tmp_path / "a.txt",
        "Council notice\nThe council\u00admembers, experts say, met on Monday to discuss "
        "the harbour.\n",
    )
    entry = {"path": "a.txt", "rule": "claim-weasel", "fingerprint": "9c92c6c5418cf8d2"}
    write(tmp_path / "old.json", json.dumps({"qualitycheck_baseline": 1, "findings": [entry]}))
    result = check_json(cli, "a.txt", "--baseline", "old.json")
    assert findings(result) == [] and "1 finding baselined, 0 fixed" in result.err


def test_runs_updating_one_baseline_at_once_keep_each_others_new_entries(cli, tmp_path):
    """pre-commit checks one commit's files in parallel batches, each run
    updating the baseline (``--baseline F --write-baseline F``): each loaded
    the file before the other wrote it, and the last to write dropped the
    other's new entries. The update now merges with the file as it is."""
    from qualitycheck.config.settings import Config
    from qualitycheck.gate.run import Gate
    from qualitycheck.pipeline.checker import Checker
    from qualitycheck.pipeline.inputs import check_source
    from qualitycheck.readers import InputSource

    names = ["a.txt", "b.txt", "c.txt", "d.txt"]
    for name in names:
        write(tmp_path / "news" / name, NOTICE.replace("Library", f"Library {name[0]}"))
    check_json(cli, "news", "--no-models", "--write-baseline", "base.json")
    for name in ("a.txt", "c.txt"):  # one new finding in each batch
        path = tmp_path / "news" / name
        path.write_text(path.read_text() + "Share This Article\n", encoding="utf-8")
    config = Config()
    config.use_models = False
    checker = Checker(config)
    baseline = tmp_path / "base.json"
    gates = [Gate(checker, baseline, baseline) for _ in range(2)]  # both read it now
    for gate, batch in zip(gates, (names[:2], names[2:]), strict=True):
        for name in batch:
            source = InputSource(f"news/{name}", "txt", tmp_path / "news" / name)
            for result in check_source(checker, source):
                gate.apply(result)
    lines: list[str] = []
    gates[1].finish(lines.append)
    gates[0].finish(lines.append)
    entries = json.loads(baseline.read_text(encoding="utf-8"))["findings"]
    shared = sorted(e["path"] for e in entries if e["rule"] == "boilerplate-share")
    assert shared == ["news/a.txt", "news/c.txt"]
    assert sum(e["count"] for e in entries if e["rule"] == "boilerplate-comments") == 4
    assert check_json(cli, "news", "--no-models", "--baseline", "base.json").code == 0


def test_a_whole_article_verdict_stays_baselined_when_its_first_paragraph_changes(
    cli, tmp_path, monkeypatch
):
    """``model-machine-translation`` judges the article but is attached to
    its first body paragraph: editing that paragraph, or adding a line above
    it, brought the baselined verdict back as new (and counted it fixed)."""

    from qualitycheck.gate import baseline as baseline_module

    example = Path(__file__).parent.parent / "examples" / "translated-trade-fair.md"
    text = example.read_text(encoding="utf-8")
    write(tmp_path / "fair.md", text)

    def check(*args: str):
        return cli("check", "fair.md", *args, "--format", "json", cwd=tmp_path)

    rules = [f[1] for f in findings(check())]
    assert "model-machine-translation" in rules
    check("--write-baseline", "base.json")
    with monkeypatch.context() as patch:  # as a baseline written before 2026-12-05
        patch.setattr(
            baseline_module,
            "key",
            lambda a, f, b, *whole: baseline_module.keys(a, f, b, *whole)[-1],
        )
        check("--write-baseline", "before.json")
    # An older baseline keyed the verdict by the paragraph: still honoured while it stands
    older = check("--baseline", "before.json")
    assert findings(older) == [] and "0 fixed" in older.err
    lede = "(Varnolia) The international trade fair opened today"
    edited = text.replace(lede, "Updated on Friday.\n\n" + lede.replace("fair", "city fair"))
    write(tmp_path / "fair.md", edited)
    kept = [f[1] for f in findings(check("--baseline", "base.json"))]
    assert "model-machine-translation" not in kept


def test_a_whole_article_rule_finding_stays_baselined_when_its_first_line_changes(cli, tmp_path):
    """``language-unexpected`` judges the article and is anchored on its first
    body line, like the model verdicts (Rule.article_level)."""
    french = (
        "Le conseil municipal a approuvé mardi quatre kilomètres de nouvelles pistes "
        "cyclables dans le centre-ville, a indiqué la commission des transports.\n\n"
        "Les travaux commenceront en mai et devraient être terminés avant la fin de "
        "l'année, selon les responsables de la ville.\n"
    )
    write(tmp_path / "velo.txt", "Pistes cyclables\n\n" + french)
    recorded = [f[1] for f in findings(check_json(cli, "velo.txt"))]
    assert "language-unexpected" in recorded
    check_json(cli, "velo.txt", "--write-baseline", "base.json")
    write(tmp_path / "velo.txt", "Pistes cyclables\n\nMis à jour vendredi.\n\n" + french)
    result = check_json(cli, "velo.txt", "--baseline", "base.json")
    assert "language-unexpected" not in [f[1] for f in findings(result)]
