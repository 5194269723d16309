"""The command line's parsers: every option is documented, every command reaches
its handler, and every command's namespace carries what the handlers read."""

from __future__ import annotations

import argparse
from collections.abc import Iterator

import pytest
from conftest import CLEAN_ARTICLE, write

from qualitycheck.cli import parsers
from qualitycheck.cli.parsers import build_parser
from qualitycheck.cli.settings import config_from_args

#: One valid invocation of each command, and the handler it must reach.
INVOCATIONS = {
    "run_check": ["check", "a.md"],
    "run_report": ["report", "a.md", "-o", "report.html"],
    "run_clean": ["clean", "a.md", "-o", "cleaned"],
    "run_evaluate": ["evaluate", "--task", "mt", "labeled.jsonl"],
    "run_train": ["train", "--task", "mt", "labeled.jsonl", "-o", "models"],
    "run_rules_list": ["rules", "list"],
    "run_rules_show": ["rules", "show", "mt-calque"],
    "run_rules_test": ["rules", "test"],
}


def commands(
    parser: argparse.ArgumentParser, path: tuple[str, ...] = ()
) -> Iterator[tuple[tuple[str, ...], argparse.ArgumentParser]]:
    """``parser`` and every (nested) subcommand parser, with the words that reach it."""
    yield path, parser
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for name, sub in action.choices.items():
                yield from commands(sub, (*path, name))


def test_the_walk_sees_every_command_and_each_leaf_has_an_invocation():
    paths = {" ".join(path) for path, _ in commands(build_parser())}
    assert paths == {
        "",
        "check",
        "report",
        "clean",
        "evaluate",
        "train",
        "rules",
        "rules list",
        "rules show",
        "rules test",
    }
    invoked = {" ".join(argv[: 2 if argv[0] == "rules" else 1]) for argv in INVOCATIONS.values()}
    assert invoked == paths - {"", "rules"}


COMMANDS = list(commands(build_parser()))


@pytest.mark.parametrize(
    ("path", "parser"), COMMANDS, ids=[" ".join(path) or "top" for path, _ in COMMANDS]
)
def test_every_option_and_subcommand_has_help(path, parser):
    undocumented = []
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            undocumented += [c.dest for c in action._choices_actions if not (c.help or "").strip()]
        elif not (action.help or "").strip():
            undocumented.append("/".join(action.option_strings) or action.metavar or action.dest)
    assert undocumented == [], f"qualitycheck {' '.join(path)}"


def test_the_top_level_help_names_every_rules_action(cli):
    result = cli("--help")
    assert result.code == 0
    assert "list, show or test rules" in result.out


@pytest.mark.parametrize(
    ("argv", "usage"),
    [([], "usage: qualitycheck [-h]"), (["rules"], "usage: qualitycheck rules [-h] ACTION")],
    ids=["no command", "rules without action"],
)
def test_a_command_without_its_subcommand_prints_its_own_help_and_exits_2(cli, argv, usage):
    result = cli(*argv)
    assert result.code == 2
    assert result.out == ""
    assert result.err.startswith(usage)
    if argv == ["rules"]:
        for action in ("list", "show", "test"):
            assert f"\n    {action} " in result.err
        assert "evaluate" not in result.err


@pytest.mark.parametrize("handler", sorted(INVOCATIONS))
def test_each_command_dispatches_to_its_handler(cli, monkeypatch, handler):
    seen: list[argparse.Namespace] = []

    def record(args: argparse.Namespace) -> int:
        seen.append(args)
        return 42

    monkeypatch.setattr(parsers, handler, record)
    assert cli(*INVOCATIONS[handler]).code == 42
    assert len(seen) == 1


@pytest.mark.parametrize("handler", sorted(INVOCATIONS))
def test_every_command_namespace_builds_a_config(handler):
    """``config_from_args`` reads its attributes directly, whatever the command."""
    args = build_parser().parse_args([*INVOCATIONS[handler], "--no-config"])
    config = config_from_args(args)
    assert config.use_models is True
    assert config.fail_on == "error"


def test_check_and_report_namespaces_carry_the_same_attributes():
    """Both run the same code path (``run_check``), which reads ``args.x`` directly."""
    parser = build_parser()
    check = vars(parser.parse_args(INVOCATIONS["run_check"]))
    report = vars(parser.parse_args(INVOCATIONS["run_report"]))
    assert set(check) == set(report)


def test_options_override_the_config():
    args = build_parser().parse_args(
        [
            "check",
            "a.md",
            "--no-config",
            "--enable",
            "mt",
            "--disable",
            "boilerplate",
            "--language",
            "de",
            "--include",
            "*.md",
            "--exclude",
            "drafts",
            "--fail-on",
            "warning",
            "--fail-under",
            "70",
            "--no-models",
            "--warn-unused-suppressions",
        ]
    )
    config = config_from_args(args)
    assert [s.value for s in config.enable] == ["mt"]
    assert [(s.value, s.path) for s in config.disable] == [("boilerplate", "command line")]
    assert config.languages == ("de",)
    assert config.include == ("*.md",)
    assert config.exclude[-1] == "drafts"
    assert (config.fail_on, config.fail_under) == ("warning", 70.0)
    assert config.use_models is False
    assert config.warn_unused_suppressions is True


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["--fail-under", "abc"], "argument --fail-under: invalid score value: 'abc'"),
        (["--fail-under", "101"], "argument --fail-under: must be between 0 and 100"),
        (["--jobs", "many"], "argument -j/--jobs: invalid job count value: 'many'"),
        (["--jobs", "-1"], "argument -j/--jobs: must be 0 (automatic) or more"),
    ],
)
def test_bad_numbers_name_what_was_expected(cli, argv, message):
    result = cli("check", "a.md", *argv)
    assert result.code == 2
    assert result.err.splitlines()[-1] == f"qualitycheck: error: {message}"


@pytest.mark.parametrize(
    ("argv", "paths"),
    [
        (["check", "a.md", "--format", "json", "b.md"], ["a.md", "b.md"]),
        (["check", "--format", "json", "a.md", "--no-models", "-", "c.md"], ["a.md", "-", "c.md"]),
        (["check", "a.md", "--", "-odd.md"], ["a.md", "-odd.md"]),
        (["report", "a.md", "-o", "r.html", "b.md"], ["a.md", "b.md"]),
        (["clean", "-o", "out", "a.md", "--min-severity", "warning", "b.md"], ["a.md", "b.md"]),
    ],
)
def test_paths_may_follow_options(cli, monkeypatch, argv, paths):
    seen: list[argparse.Namespace] = []
    handler = {"check": "run_check", "report": "run_report", "clean": "run_clean"}[argv[0]]
    monkeypatch.setattr(parsers, handler, lambda args: seen.append(args) or 0)
    assert cli(*argv).code == 0
    assert seen[0].paths == paths


@pytest.mark.parametrize(
    ("argv", "unknown"),
    [
        (["check", "a.md", "--bogus", "b.md"], "--bogus"),
        (["evaluate", "--task", "mt", "x.jsonl", "y.jsonl"], "y.jsonl"),
        (["rules", "list", "extra"], "extra"),
    ],
)
def test_unknown_arguments_are_still_usage_errors(cli, argv, unknown):
    result = cli(*argv)
    assert result.code == 2
    assert result.err.splitlines()[-1] == f"qualitycheck: error: unrecognized arguments: {unknown}"


@pytest.mark.parametrize(
    ("argv", "usage", "last"),
    [
        (
            ["check", "a.md", "--formt", "json"],
            "usage: qualitycheck check ",
            "unrecognized arguments: --formt (did you mean '--format'?)",
        ),
        (
            ["report", "a.md", "-o", "r.html", "--min-severty=warning"],
            "usage: qualitycheck report ",
            "unrecognized arguments: --min-severty=warning (did you mean '--min-severity'?)",
        ),
        (["rules", "test", "--bogus"], "usage: qualitycheck rules test ", "--bogus"),
    ],
)
def test_an_unknown_option_shows_its_commands_usage_and_the_nearest_option(cli, argv, usage, last):
    """As ruff and git do: the usage of the command the option was given to
    (not the top level's 'COMMAND ...'), and the option that was probably meant."""
    result = cli(*argv)
    assert result.code == 2
    assert result.err.startswith(usage)
    assert result.err.splitlines()[-1].endswith(last)


def test_report_help_leaves_out_the_dask_options_it_only_refuses(cli):
    """``report --dask`` says to run ``check --dask`` then ``--from-results``; its
    help must not offer --dask as writing shards 'into the folder -o DIR' (report's
    -o is the HTML file, and report has no --format)."""
    shown = cli("report", "--help").out
    assert "--dask SCHEDULER" not in shown and "--dask-shard-runs" not in shown
    refused = cli("report", "a.txt", "--dask", "local:1", "-o", "r.html")
    assert refused.code == 2 and "run check --dask -o DIR, then --from-results DIR" in refused.err
    assert "--dask SCHEDULER" in cli("check", "--help").out


def test_models_and_no_models_together_are_a_usage_error(cli, tmp_path):
    """One of the two would be ignored without a word."""
    for command in (["check", tmp_path], ["evaluate", "--task", "claims", tmp_path / "x.jsonl"]):
        result = cli(*command, "--models", tmp_path, "--no-models")
        assert result.code == 2
        assert "argument --no-models: not allowed with argument --models" in result.err


@pytest.mark.parametrize(
    "args",
    [
        ["check", "a.txt"],
        ["report", "a.txt"],
        ["clean", "a.txt"],
        ["train", "--task", "claims", "a.jsonl"],
    ],
    ids=["check", "report", "clean", "train"],
)
def test_an_empty_output_path_is_a_usage_error(cli, args):
    """``-o "$OUT"`` with OUT unset named the working directory and failed
    late with ": cannot write: Is a directory"."""
    result = cli(*args, "-o", "")
    assert result.code == 2
    assert result.err.splitlines()[-1].endswith(": is empty; name a file or folder")
    assert "output" in result.err.splitlines()[-1]


@pytest.mark.parametrize(
    ("argv", "last"),
    [
        (["chek"], "argument COMMAND: invalid choice: 'chek' (did you mean 'check'?); "),
        (["rules", "shwo", "x"], "invalid choice: 'shwo' (did you mean 'show'?); "),
        (["check", "a.md", "--format", "jsn"], "invalid choice: 'jsn' (did you mean 'json'?); "),
        (["check", "a.md", "--format", "JSON"], "invalid choice: 'JSON' (did you mean 'json'?); "),
        (["check", "--min-severity", "warn", "a.md"], "(did you mean 'warning'?); "),
        (["evaluate", "--task", "mtt", "x.jsonl"], "invalid choice: 'mtt' (did you mean 'mt'?); "),
        (["check", "a.md", "--output-format", "jsn=o.json"], "(did you mean 'json'? choose "),
    ],
)
def test_a_misspelt_command_or_choice_names_the_nearest_one(cli, argv, last):
    """As options already did: the command, action or value that was probably meant."""
    result = cli(*argv)
    assert result.code == 2
    assert last in result.err.splitlines()[-1]


def test_a_choice_with_nothing_close_lists_the_choices_without_a_guess(cli):
    result = cli("check", "a.md", "--fail-on", "wrn")
    assert result.code == 2
    last = result.err.splitlines()[-1]
    assert last.endswith("invalid choice: 'wrn'; choose from error, warning, never")


@pytest.mark.parametrize(
    ("argv", "last"),
    [
        (["check", "a.md", "--form", "json"], "--form (did you mean '--format'?)"),
        (["check", "a.md", "--form=json"], "--form=json (did you mean '--format'?)"),
        (["check", "--conf", "q.yaml", "a.md"], "--conf (did you mean '--config'?)"),
        (
            ["check", "a.md", "--out", "o.txt"],
            "--out (did you mean '--output' or '--output-format'?)",
        ),
        (["report", "a.md", "-o", "r.html", "--min-sev", "warning"], "--min-sev (did you mean"),
        (["check", "a.md", "--no-mod"], "--no-mod (did you mean '--no-models'?)"),
    ],
)
def test_an_abbreviated_option_is_refused_with_its_full_name(cli, monkeypatch, argv, last):
    """argparse took a unique prefix; an option added later with the same prefix
    would then break (or change) every script that abbreviated, so, as ruff and
    clap do, only the full name is taken, and the refusal names it."""
    reached: list[argparse.Namespace] = []
    handler = {"check": "run_check", "report": "run_report"}[argv[0]]
    monkeypatch.setattr(parsers, handler, lambda args: reached.append(args) or 0)
    result = cli(*argv)
    assert result.code == 2 and reached == []
    assert result.err.splitlines()[-1].startswith(
        f"qualitycheck: error: unrecognized arguments: {last}"
    )


@pytest.mark.parametrize(
    ("argv", "hint"),
    [
        (["check", "--no-color", "a.md"], "--no-color (did you mean '--color never'?)"),
        (["check", "--no-color=yes", "a.md"], "--no-color=yes (did you mean '--color never'?)"),
        (["check", "--no", "a.md"], "--no (did you mean '--no-config' or '--no-models'?)"),
        (["clean", "--no", "a.md", "-o", "out"], "(did you mean '--no-config' or '--no-models'?)"),
    ],
)
def test_a_negated_choice_and_an_ambiguous_prefix_get_the_right_hint(cli, argv, hint):
    """``--no-color`` was told ``--color`` (which then wants a value), and
    ``--no`` was told only one of the two options it starts."""
    result = cli(*argv)
    assert result.code == 2
    assert result.err.splitlines()[-1].endswith(hint)


def test_full_option_names_short_options_and_equals_still_work(cli, monkeypatch):
    reached: list[argparse.Namespace] = []
    monkeypatch.setattr(parsers, "run_check", lambda args: reached.append(args) or 0)
    assert cli("check", "a.md", "--format=json", "-qj2", "--no-models").code == 0
    args = reached[0]
    assert (args.format, args.quiet, args.jobs, args.no_models) == ("json", True, 2, True)


@pytest.mark.parametrize(
    "args",
    [
        ["check", "a.txt", "--config"],
        ["check", "a.txt", "--baseline"],
        ["check", "a.txt", "--write-baseline"],
        ["check", "a.txt", "--models"],
        ["report", "a.txt", "-o", "r.html", "--template"],
        ["report", "-o", "r.html", "--from-results"],
        ["check", "a.txt", "--rules"],
    ],
    ids=["config", "baseline", "write-baseline", "models", "template", "from-results", "rules"],
)
def test_an_empty_path_of_any_option_is_a_usage_error(cli, tmp_path, args):
    """``--write-baseline "$BASELINE"`` with BASELINE unset wrote no baseline
    and said nothing; ``--config ""`` and ``--models ""`` ran with the config
    found by walking up and the shipped models, as if the option were not there."""
    write(tmp_path / "a.txt", CLEAN_ARTICLE)
    result = cli(*args, "", cwd=tmp_path)
    assert result.code == 2, result.err
    assert result.err.splitlines()[-1].endswith(": is empty; name a file or folder"), result.err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.txt"]


@pytest.mark.parametrize(
    "args",
    [["check", ""], ["check", "a.txt", "--no-models", ""], ["report", "-o", "r.html", ""]],
    ids=["check", "after-an-option", "report"],
)
def test_an_empty_path_is_a_usage_error(cli, tmp_path, args):
    """``check "$FILES"`` with FILES unset checked every file of the working
    directory (and passed), while no PATH at all is a usage error."""
    write(tmp_path / "a.txt", CLEAN_ARTICLE)
    result = cli(*args, cwd=tmp_path)
    assert result.code == 2, result.err
    assert result.err.splitlines()[-1].endswith(
        "argument PATH: is empty; name a file or folder ('.' for this one)"
    ), result.err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.txt"]
