"""User-written patterns and message templates cannot hang, exhaust memory or
crash a run (issue 13, items 6, 7, 8 and 11).

- Time: a catastrophic pattern costs one budget per article and per run, not
  one timeout per line; past the run budget the rule is disabled, once. A
  nested quantifier, as a ``pattern`` rule or a ``claim`` cue, is skipped for
  the article it stalls on while every other rule checks the rest.
- Size: patterns that expand when compiled, or nest too deeply, are refused
  with file and line before they are compiled; prefilter derivation is bounded.
- Syntax: patterns are read with the parser of the engine that runs them
  (prefilters and joined alternations; see also tests/test_literals.py).
- Templates: only plain ``{placeholder}`` fields, checked on load.

Cost is measured in CPU time (``CpuClock``, ``RLIMIT_CPU``), never by the
wall clock; what could exhaust memory runs in a subprocess under ``RLIMIT_AS``.
"""

from __future__ import annotations

import json
import os
import resource
import subprocess
import sys
from pathlib import Path

import pytest
import regex
from conftest import REPO, CpuClock, deadline, write

from qualitycheck.detect.rules.engine import Engine
from qualitycheck.detect.rules.kinds.base import CheckContext
from qualitycheck.detect.rules.packs import load_pack
from qualitycheck.errors import RuleError
from qualitycheck.primitives import saferegex
from qualitycheck.primitives.saferegex import (
    Budget,
    PatternRefused,
    PatternTimeout,
    Spending,
    check_pattern,
    compile_pattern,
    fullmatch,
    shape,
)
from qualitycheck.readers.txt import parse_text

#: The pattern of issue 13: exponential on a line of word characters that ends
#: in anything else, about 0.1 s of CPU for a 30-character line.
CATASTROPHIC = r"^([\w ]|[\w ][\w ])+$"
CONTEXT = CheckContext("en", 1.0, ("en",))


def pack(path: Path, rules: str) -> Path:
    path.write_text("rules:\n" + rules, encoding="utf-8")
    return path


def rule(rule_id: str, body: str, kind: str = "pattern", message: str = "'{match}'") -> str:
    return (
        f"  - id: {rule_id}\n    kind: {kind}\n    category: boilerplate\n"
        f"    message: {message}\n    languages: ['*']\n" + body
    )


def bad_line(number: int) -> str:
    """About 30 word characters and a full stop: the catastrophic case."""
    words = ["council", "said", "work", "would", "start", "in", "april", "and"]
    text = " ".join(words[(number + k) % len(words)] for k in range(6))
    return (text[:29].rstrip() + ".").capitalize()


# --- item 6: time budgets ------------------------------------------------------------


def test_a_catastrophic_pattern_costs_one_budget_per_article_not_one_per_line(cli, tmp_path):
    """Issue 13: a 6 KB article of 200 lines took 63 s (17 s of CPU) with no warning."""
    rules = pack(tmp_path / "house.yaml", rule("house-bad", f"    pattern: '{CATASTROPHIC}'\n"))
    article = tmp_path / "a.txt"
    article.write_text(
        "Headline about the harbour\n" + "\n".join(bad_line(n) for n in range(199)) + "\n",
        encoding="utf-8",
    )
    assert 5_000 < article.stat().st_size < 7_000
    with CpuClock() as clock:
        result = cli("check", article, "--rules", rules, "--format", "json")
    assert clock.seconds < 5, f"{clock.seconds:.1f} s of CPU"
    [entry] = result.json()["articles"]
    [warning] = [w for w in entry["warnings"] if "house-bad" in w]
    assert warning.startswith("rule house-bad: its pattern took over 0.25 s of CPU time")
    assert "skipped for the rest of this article" in warning
    assert result.err.count("house-bad") == 1


def _corpus(path: Path, count: int) -> Path:
    """Records whose second line the rule flags at once, then three costly lines."""
    with path.open("w", encoding="utf-8") as stream:
        for number in range(count):
            costly = [bad_line(number + k) for k in range(3)]
            lines = ["Harbour news:", "The quay reopens soon", *costly]
            stream.write(json.dumps({"id": f"r{number}", "text": "\n".join(lines)}) + "\n")
    return path


def _runaway_pack(tmp_path: Path) -> Path:
    return pack(tmp_path / "house.yaml", rule("house-bad", f"    pattern: '{CATASTROPHIC}'\n"))


def test_a_rule_past_its_run_budget_is_disabled_with_one_warning(cli, tmp_path):
    """Issue 13: 40 copies of an article cost the bad rule 0.5 s each."""
    corpus = _corpus(tmp_path / "feed.jsonl", 40)
    with CpuClock() as clock:
        result = cli(
            "check", corpus, "--rules", _runaway_pack(tmp_path), "--format", "json", "--jobs", "1"
        )
    assert clock.seconds < 6, f"{clock.seconds:.1f} s of CPU"
    articles = result.json()["articles"]
    disabled = [
        index
        for index, entry in enumerate(articles)
        for warning in entry["warnings"]
        if "house-bad" in warning and "disabled for the rest of the run" in warning
    ]
    assert len(disabled) == 1, disabled
    [where] = disabled
    assert result.err.count("disabled for the rest of the run") == 1
    for index, entry in enumerate(articles):
        flagged = [f["line"] for f in entry["findings"] if f["rule"] == "house-bad"]
        named = [w for w in entry["warnings"] if "house-bad" in w]
        if index <= where:  # checked until it ran out: the quick line is still flagged
            assert flagged == [2], index
        else:  # disabled: neither findings nor more warnings
            assert flagged == [] and named == [], index


def test_each_worker_has_its_own_run_budget(cli, tmp_path):
    """With --jobs 2 each worker disables the rule once, at most: the CPU of
    the whole run (workers included) stays bounded."""
    corpus = _corpus(tmp_path / "feed.jsonl", 40)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    with CpuClock() as clock:
        result = cli(
            "check", corpus, "--rules", _runaway_pack(tmp_path), "--format", "json", "--jobs", "2"
        )
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    workers = after.ru_utime + after.ru_stime - children.ru_utime - children.ru_stime
    assert clock.seconds + workers < 12, f"{clock.seconds + workers:.1f} s of CPU"
    assert [entry["id"] for entry in result.json()["articles"]] == [f"r{n}" for n in range(40)]
    assert 1 <= result.err.count("disabled for the rest of the run") <= 2


def test_a_search_that_overruns_the_run_budget_disables_the_rule_on_its_own_article(
    tmp_path, monkeypatch
):
    """A search can finish a little past what was left without timing out: the
    rule is disabled on that article (its finding kept), not at the next
    article's first search, which would lose the next article's quick match."""
    rules = pack(tmp_path / "house.yaml", rule("house-quay", "    pattern: 'qu(?:a|e)y[.]?'\n"))
    [quay] = load_pack(rules).rules
    ticks = iter(range(1_000_000))
    # Every search "takes" 0.3 s of CPU (its two clock readings are 0.3 s apart).
    monkeypatch.setattr(saferegex, "thread_time", lambda: next(ticks) * 0.3)
    engine = Engine([quay], article_budget=5.0, run_budget=0.5)
    articles = [
        parse_text("The quay reopens.", f"a{n}", f"a{n}.txt", first_line_is_title=False)
        for n in range(3)
    ]
    found = [[f.line for f in engine.findings(a, CONTEXT)] for a in articles]
    assert found == [[1], [1], []]
    disabled = ["disabled for the rest of the run" in " ".join(a.warnings) for a in articles]
    assert disabled == [False, True, False]


def test_a_budget_holds_at_most_its_capacity():
    budget = Budget(1.0)
    for _ in range(1000):  # cheap searches earn more than they take ...
        budget.charge(earned=0.5, took=0.001)
    assert budget.available(0.0) == 1.0  # ... but cannot save up past the capacity
    budget.charge(earned=0.0, took=1.5)
    assert budget.spent


@pytest.mark.parametrize("tight", ["article", "run"])
def test_a_search_stops_at_the_tighter_budget(tight):
    budgets = {"article": Budget(10.0), "run": Budget(10.0)}
    budgets[tight] = Budget(0.05)
    compiled = compile_pattern(CATASTROPHIC)
    spending = Spending(budgets["article"], budgets["run"])
    with CpuClock() as clock, pytest.raises(PatternTimeout), spending:
        fullmatch(compiled, "x" * 40 + ".")
    assert clock.seconds < 1
    assert budgets[tight].spent
    assert not budgets["run" if tight == "article" else "article"].spent


def test_sound_patterns_never_run_out_of_a_small_budget():
    """Each search earns far more than a sound pattern takes."""
    compiled = compile_pattern(r"\b(?:share|tweet) this\b", ignore_case=True)
    line = "The town council approved four kilometres of new cycle lanes on Tuesday."
    article, run = Budget(0.05), Budget(0.05)
    with Spending(article, run):
        for _ in range(20_000):
            assert not fullmatch(compiled, line)
    assert article.available(0.0) == 0.05 and run.available(0.0) == 0.05


@pytest.mark.parametrize(
    ("kind", "options"),
    [
        ("pattern", "    pattern: '(a+)+$'\n"),
        ("claim", "    cue_patterns: ['(a+)+$']\n    attribution: false\n"),
    ],
)
def test_nested_quantifier_pattern_is_bounded_and_the_rest_is_checked(cli, tmp_path, kind, options):
    pack = write(
        tmp_path / "house.yaml",
        "rules:\n"
        "  - id: house-runs-of-a\n"
        f"    kind: {kind}\n"
        "    category: boilerplate\n"
        "    severity: warning\n"
        "    message: 'A run of a: {match}'\n"
        "    languages: ['*']\n" + options,
    )
    bomb = write(
        tmp_path / "in" / "a-bomb.txt",
        "Museum reopens after renovation\n"
        "The city museum reopened on Sunday after eighteen months, its director said.\n"
        + "a" * 100_000
        + "b\n"
        + "Share This Article\n"
        + "The director thanked the the donors and the volunteers, the museum said.\n",
    )
    plain = write(
        tmp_path / "in" / "b-plain.txt",
        "Museum shop opens\nThe shop sells maps, the manager said.\naaaa\n",
    )
    with deadline(60), CpuClock() as clock:
        result = cli("check", tmp_path / "in", "--rules", pack, "--no-models", "--format", "json")
    assert clock.seconds < 10, f"{clock.seconds:.1f} s of CPU"
    assert result.code == 1, result.err
    first, second = result.json()["articles"]
    assert first["path"] == str(bomb) and second["path"] == str(plain)
    # Named in the warning (and on standard error), skipped for this article only.
    [warning] = [w for w in first["warnings"] if "house-runs-of-a" in w]
    assert warning.startswith("rule house-runs-of-a: its pattern took over")
    assert "house-runs-of-a" in result.err
    # The lines after the bomb are still checked by every other rule.
    assert ("boilerplate-share", 4) in {(f["rule"], f["line"]) for f in first["findings"]}
    assert ("mt-doubled-word", 5) in {(f["rule"], f["line"]) for f in first["findings"]}
    assert all(f["rule"] != "house-runs-of-a" for f in first["findings"])
    assert [(f["rule"], f["line"], f["text"]) for f in second["findings"]] == [
        ("house-runs-of-a", 3, "aaaa")
    ]
    assert second["warnings"] == []


# --- item 7: sizes bounded before compiling ----------------------------------------------

#: Patterns that exhausted memory (24 GB), overflowed the C stack (a segfault) or
#: the recursion limit, or raised a bare ValueError while a pack loaded.
HOSTILE = {
    "nested fixed repeats": "(?:a{65535}){65535}",
    "a huge fixed repeat": "a{4294967294}",
    "a repeated alternation": "(?:ab|cd){200000}",
    "doubling open repeats": "(?:a" * 40 + ")+" * 40,
    "deep nesting": "(" * 300 + "a" + ")" * 300,
    "a version-1 flag": "(?V1)[[a-z]--[aeiou]]",
    "an over-long pattern": "|".join(f"word{n}" for n in range(5000)),
}


def _limited(code: str, memory: int = 1 << 30, cpu: int = 30) -> subprocess.CompletedProcess:
    """Run ``code`` in a fresh interpreter limited to ``memory`` bytes and ``cpu`` seconds."""
    limits = (
        "import resource\n"
        f"resource.setrlimit(resource.RLIMIT_AS, ({memory}, {memory}))\n"
        f"resource.setrlimit(resource.RLIMIT_CPU, ({cpu}, {cpu}))\n"
    )
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    return subprocess.run(
        [sys.executable, "-c", limits + code], capture_output=True, text=True, env=env, cwd=REPO
    )


@pytest.mark.parametrize("pattern", list(HOSTILE.values()), ids=list(HOSTILE))
def test_a_hostile_pattern_is_refused_with_file_and_line_before_compiling(tmp_path, pattern):
    rules = pack(
        tmp_path / "house.yaml",
        rule("house-fine", "    pattern: 'fine'\n")
        + rule("house-hostile", f"    pattern: {json.dumps(pattern)}\n"),
    )
    done = _limited(
        "from qualitycheck.cli import main\n"
        f"raise SystemExit(main(['rules', 'test', {str(rules)!r}]))\n"
    )
    assert done.returncode == 2, (done.returncode, done.stderr[-800:])
    assert f"{rules}:13:5: rules[1].pattern:" in done.stderr
    assert "Traceback" not in done.stderr


def test_the_patterns_of_one_rule_are_limited_together(tmp_path):
    """A line rule joins its patterns into one alternation."""
    each = "(?:ab|cd){5000}"  # about 35,000 nodes: fine alone, too many three times
    assert check_pattern(each) is None
    rules = pack(
        tmp_path / "house.yaml", rule("house-lines", f"    patterns: {[each] * 3}\n", kind="line")
    )
    with pytest.raises(RuleError, match="together would compile") as raised:
        load_pack(rules)
    assert raised.value.line == 7 and raised.value.key == "rules[0].patterns"


def test_every_pattern_within_the_limits_compiles_in_bounded_memory_and_time():
    """The shapes that grow fastest, each as large as the limits allow, compile
    in a process limited to 1 GB and 60 s of CPU."""
    code = (
        "from qualitycheck.primitives.saferegex import MAX_COMPILED_SIZE, PatternRefused, shape\n"
        "import regex\n"
        "def largest(make):\n"
        "    n = 1\n"
        "    try:\n"
        "        while shape(make(n + 1)).size <= MAX_COMPILED_SIZE and n < 200_000:\n"
        "            n = n + 1 if n < 64 else n * 2\n"
        "    except PatternRefused:\n"
        "        pass\n"
        "    return make(n)\n"
        "counted = ['a{N}', '(?:ab|cd){N}', '(?:a|b|c|d|e|f|g|h){N}', '(?:(?=a)b|(?<=c)d){N}',\n"
        "           '(?:a{e<=1}){N}', '(?:[ab]c\\\\b){N}', '(?:(?:a|b){N}){N}',\n"
        "           '(?:a(?:b(?:c){N}){N}){N}']\n"
        "for template in counted:\n"
        "    pattern = largest(lambda n: template.replace('N', str(n)))\n"
        "    if shape(pattern).size <= MAX_COMPILED_SIZE:\n"
        "        regex.compile(pattern, regex.V0 | regex.I)\n"
        "for quantifier in ('+', '{2,3}', '{3}', '*', '++', '{1,}?'):\n"
        "    for body in ('a', 'a|b', '\\\\w'):\n"
        "        pattern = largest(lambda n: ('(?:' + body) * n + (')' + quantifier) * n)\n"
        "        if shape(pattern).size <= MAX_COMPILED_SIZE:\n"
        "            regex.compile(pattern, regex.V0 | regex.I)\n"
        "print('ok')\n"
    )
    done = _limited(code, memory=1 << 30, cpu=60)
    assert done.returncode == 0 and done.stdout.strip() == "ok", done.stderr[-800:]


def test_prefilter_derivation_is_bounded_in_memory_and_time():
    """The derivation alone ran past 30 s on nested fixed repeats."""
    done = _limited(
        "from qualitycheck.detect.rules.literals import required_strings\n"
        "print(sorted(required_strings('(?:a{65535}){65535}')))\n",
        memory=1 << 30,
        cpu=20,
    )
    assert done.returncode == 0, done.stderr[-800:]
    assert done.stdout.strip() == "['a']"


def test_prefilter_derivation_gives_up_past_its_work_limit(monkeypatch):
    from qualitycheck.detect.rules import literals

    assert literals.required_strings("share this article") == {"share this article"}
    monkeypatch.setattr(literals, "WORK_LIMIT", 10)
    assert literals.required_strings("share this article") is None


def test_the_parser_reads_patterns_as_the_engine_does():
    """The parser is private to the regex package: notice if it changes."""
    for pattern in (r"\bshare\b", r"[[:digit:]]{3}", r"(?:harbor){e<=1}", r"(\w+) \g<1>", "a(?i)b"):
        saferegex.parse(pattern)
        regex.compile(pattern, regex.V0)
    assert shape("a{1000}").size == 1003  # the sequence, the repeat, 1,001 copies
    assert shape("(?:a+)+").size > shape("a+").size > shape("a*").size
    assert [shape(p).local for p in (r"(\w+) \g<1>", "a(?i)b", r"a\Kb", "(?i:a)b")] == [
        False,
        False,
        False,
        True,
    ]
    with pytest.raises(PatternRefused):
        shape("(" * 80 + ")" * 80)


# --- item 8: joined patterns --------------------------------------------------------------


def test_a_line_rule_with_a_group_reference_still_fires_beside_other_patterns(tmp_path):
    """Joined into one alternation, ``\\g<1>`` pointed at the first pattern's group."""
    rules = pack(
        tmp_path / "house.yaml",
        rule(
            "house-doubled", "    patterns: ['(Photo|Image): .*', '(\\w+) \\g<1>']\n", kind="line"
        ),
    )
    [line_rule] = load_pack(rules).rules
    article = parse_text("Photo: the quay\nagain again\n", "x", "x.txt", first_line_is_title=False)
    found = Engine([line_rule]).findings(article, CONTEXT)
    assert [f.line for f in found] == [1, 2]


# --- item 11: message templates -----------------------------------------------------------


@pytest.mark.parametrize(
    "message",
    ["'{match:d}'", "'{match:>20000000}'", "'{match!r}'", "'{match.__class__}'", "'{match[0]}'"],
)
def test_a_message_template_with_more_than_plain_placeholders_is_refused(tmp_path, message):
    rules = pack(tmp_path / "house.yaml", rule("house-x", "    pattern: 'x'\n", message=message))
    with pytest.raises(RuleError) as raised:
        load_pack(rules)
    assert raised.value.line == 5 and raised.value.key == "rules[0].message"


def test_a_bad_template_stops_the_run_before_any_article_is_lost(cli, tmp_path):
    """It used to pass validation and turn every matching article into an internal error."""
    rules = pack(
        tmp_path / "house.yaml", rule("house-x", "    pattern: 'x'\n", message="'{match:d}'")
    )
    article = tmp_path / "a.txt"
    article.write_text("Headline\nA text with an x in it.\n", encoding="utf-8")
    result = cli("check", article, "--rules", rules)
    assert result.code == 2
    assert f"{rules}:5:5: rules[0].message: bad placeholder: {{match:d}}" in result.err


def test_plain_placeholders_and_escaped_braces_still_load(tmp_path):
    rules = pack(
        tmp_path / "house.yaml",
        rule("house-x", "    pattern: 'xx'\n", message="'{{literal}} braces around {match}'"),
    )
    [loaded] = load_pack(rules).rules
    article = parse_text("A text with an xx in it.", "x", "x.txt", first_line_is_title=False)
    [finding] = Engine([loaded]).findings(article, CONTEXT)
    assert finding.message == "{literal} braces around xx"


def test_the_time_budgets_are_config_keys(cli, tmp_path):
    corpus = _corpus(tmp_path / "feed.jsonl", 10)
    config = tmp_path / "qualitycheck.yaml"
    config.write_text(
        "rule_seconds_per_article: 0.05\nrule_seconds_per_run: 0.12\n", encoding="utf-8"
    )
    result = cli(
        "check",
        corpus,
        "--config",
        config,
        "--rules",
        _runaway_pack(tmp_path),
        "--format",
        "json",
        "--jobs",
        "1",
    )
    warnings = [w for a in result.json()["articles"] for w in a["warnings"] if "house-bad" in w]
    assert any("took over 0.05 s of CPU time in this article" in w for w in warnings)
    assert any("took over 0.12 s of CPU time in this run" in w for w in warnings)
