"""Exit codes are the CI contract: 0 pass, 1 an article fails, 2 errors."""

from __future__ import annotations

import pytest
from conftest import BOILERPLATE_ARTICLE, CLEAN_ARTICLE, write


def test_clean_article_exits_0_with_verdict_pass(cli, tmp_path):
    article = write(tmp_path / "clean.txt", CLEAN_ARTICLE)
    result = cli("check", article, "--format", "json")
    assert result.code == 0
    [entry] = result.json()["articles"]
    assert entry["verdict"] == "pass"
    assert entry["findings"] == []


def test_article_with_boilerplate_exits_1(cli, tmp_path):
    article = write(tmp_path / "scraped.txt", BOILERPLATE_ARTICLE)
    result = cli("check", article)
    assert result.code == 1
    assert "boilerplate-share" in result.out
    assert "1 fail" in result.out


def test_fail_on_never_turns_the_gate_off(cli, tmp_path):
    article = write(tmp_path / "scraped.txt", BOILERPLATE_ARTICLE)
    assert cli("check", article, "--fail-on", "never").code == 0


def test_fail_on_warning_fails_an_article_with_only_warnings(cli, tmp_path):
    text = CLEAN_ARTICLE + "Many experts say the lanes will be too narrow.\n"
    article = write(tmp_path / "weasel.txt", text)
    assert cli("check", article).code == 0
    assert cli("check", article, "--fail-on", "warning").code == 1


def test_fail_under_fails_an_article_below_the_score(cli, tmp_path):
    text = CLEAN_ARTICLE + "Many experts say the lanes will be too narrow.\n"
    article = write(tmp_path / "weasel.txt", text)
    result = cli("check", article, "--format", "json", "--fail-under", "95")
    assert result.code == 1
    [entry] = result.json()["articles"]
    assert entry["scores"]["overall"] < 95
    assert entry["verdict"] == "fail"


def test_usage_errors_exit_2(cli):
    assert cli("check").code == 2
    assert cli("check", "--no-such-flag", "x.txt").code == 2
    assert cli("check", "x.txt", "--fail-under", "120").code == 2
    assert cli().code == 2


def test_version_and_help_exit_0(cli):
    assert cli("--version").code == 0
    assert cli("check", "--help").code == 0


def test_binary_file_is_an_input_error_and_the_good_file_is_still_checked(cli, tmp_path):
    write(tmp_path / "good.txt", BOILERPLATE_ARTICLE)
    (tmp_path / "picture.txt").write_bytes(
        b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256))
    )
    result = cli("check", tmp_path, "--format", "json")
    assert result.code == 2
    document = result.json()
    assert [a["path"] for a in document["articles"]] == [str(tmp_path / "good.txt")]
    assert document["articles"][0]["verdict"] == "fail"
    [error] = document["summary"]["input_errors"]
    assert error["path"] == str(tmp_path / "picture.txt")
    assert "binary" in error["message"]
    assert result.err.count("input error") == 1
    assert "picture.txt" in result.err


def test_input_errors_win_over_failing_articles(cli, tmp_path):
    good = write(tmp_path / "clean.txt", CLEAN_ARTICLE)
    result = cli("check", good, tmp_path / "missing.txt")
    assert result.code == 2
    assert "missing.txt: no such file or folder" in result.err


def test_malformed_jsonl_line_is_reported_with_its_line_and_others_are_checked(cli, tmp_path):
    feed = tmp_path / "feed.jsonl"
    feed.write_text(
        '{"id": "a", "text": "Share This Article"}\n'
        '{"id": "b", "text": \n'
        '{"id": "c", "text": "The bridge reopened on Monday, the council said."}\n',
        encoding="utf-8",
    )
    result = cli("check", feed, "--format", "json")
    assert result.code == 2
    document = result.json()
    assert [a["id"] for a in document["articles"]] == ["a", "c"]
    [error] = document["summary"]["input_errors"]
    assert error["line"] == 2 and error["path"] == str(feed)
    assert f"{feed}:2:" in result.err


def test_unknown_config_key_exits_2_naming_file_line_and_key(cli, tmp_path):
    write(tmp_path / "qualitycheck.yaml", "languages: [en]\nfail_onn: warning\n")
    article = write(tmp_path / "clean.txt", CLEAN_ARTICLE)
    result = cli("check", article)
    assert result.code == 2
    assert "qualitycheck.yaml:2:1: fail_onn: unknown key (did you mean 'fail_on'?)" in result.err
    assert result.out == ""


def test_invalid_rule_pack_exits_2_naming_file_line_and_key(cli, tmp_path):
    pack = write(
        tmp_path / "mine.yaml",
        "rules:\n"
        "  - id: my-rule\n"
        "    kind: phrase\n"
        "    category: boilerplate\n"
        "    message: found\n"
        "    phrases: just one string\n",
    )
    article = write(tmp_path / "clean.txt", CLEAN_ARTICLE)
    result = cli("check", article, "--rules", pack)
    assert result.code == 2
    expected = "rules[0].phrases: expected a list of text, got text 'just one string'"
    assert f"{pack}:6:5: {expected}" in result.err


def test_guessed_encoding_is_a_warning_on_stderr_not_an_error(cli, tmp_path):
    path = tmp_path / "latin.txt"
    path.write_bytes(
        ("Headline\nThe café reopened on Monday, the owner said.\n" * 3).encode("cp1252")
    )
    result = cli("check", path)
    assert result.code == 0
    assert f"qualitycheck: warning: {path}: not UTF-8; decoded as cp1252" in result.err


def test_empty_and_blank_files_are_checked_without_error(cli, tmp_path):
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "blank.md").write_text("  \n\t\n", encoding="utf-8")
    result = cli("check", tmp_path, "--format", "json")
    assert result.code == 0
    assert [a["verdict"] for a in result.json()["articles"]] == ["pass", "pass"]


def test_a_crash_on_one_article_is_an_input_error_and_the_run_goes_on(cli, tmp_path, monkeypatch):
    from qualitycheck.pipeline import checker as pipeline

    original = pipeline.Checker.check

    def flaky(self, article):
        if article.path.endswith("bad.txt"):
            raise ValueError("boom")
        return original(self, article)

    monkeypatch.setattr(pipeline.Checker, "check", flaky)
    write(tmp_path / "bad.txt", CLEAN_ARTICLE)
    write(tmp_path / "good.txt", CLEAN_ARTICLE)
    result = cli("check", tmp_path, "--format", "json")
    assert result.code == 2
    document = result.json()
    assert [a["path"] for a in document["articles"]] == [str(tmp_path / "good.txt")]
    assert "internal error" in document["summary"]["input_errors"][0]["message"]


@pytest.mark.parametrize(
    ("argv", "last"),
    [
        (
            ["check", "a.txt", "--config", "nope.yaml"],
            "nope.yaml: cannot read: No such file or directory",
        ),
        (["check", "a.txt", "--config", "folder"], "folder: cannot read: Is a directory"),
        (["check", "a.txt", "--baseline", "folder"], "folder: cannot read: Is a directory"),
        (
            ["train", "--task", "mt", "nope.jsonl", "-o", "m"],
            "nope.jsonl: cannot read: No such file or directory",
        ),
    ],
)
def test_a_file_that_cannot_be_read_is_named_once_with_the_reason(cli, tmp_path, argv, last):
    """Not "nope.yaml: cannot read: [Errno 2] No such file or directory: 'nope.yaml'",
    as input errors and evaluate already said it."""
    write(tmp_path / "a.txt", "Harbour reopens\nThe harbour reopened on Monday.\n")
    (tmp_path / "folder").mkdir()
    result = cli(*argv)
    assert result.code == 2
    assert result.err.splitlines()[-1] == f"qualitycheck: error: {last}"
