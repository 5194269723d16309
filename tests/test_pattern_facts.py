"""The facts loading derives from patterns, remembered in the process and in
the per-user cache (qualitycheck.primitives.patternfacts), and the patterns
compiled at their first search (saferegex.LazyPattern): the same rules, the
same answers and the same findings as deriving and compiling everything at
load; a changed pack or tampered cache file is never taken on trust."""

from __future__ import annotations

import marshal
import random
import re

import pytest
from conftest import EXAMPLES
from hypothesis import given, settings
from hypothesis import strategies as st

from qualitycheck.config.settings import Config
from qualitycheck.detect.rules import literals, packs, screen
from qualitycheck.detect.rules.kinds.phrase import phrase_regex
from qualitycheck.pipeline.checker import Checker
from qualitycheck.primitives import cache, patternfacts, saferegex
from qualitycheck.readers.txt import parse_text


@pytest.fixture
def fresh(tmp_path, monkeypatch):
    """Empty tables and an empty cache folder: as a first run."""
    monkeypatch.setenv(cache.ENVIRONMENT, str(tmp_path))
    monkeypatch.setattr(patternfacts, "_tables", {name: {} for name in patternfacts.TABLES})
    monkeypatch.setattr(patternfacts, "_asked", {name: set() for name in patternfacts.TABLES})
    monkeypatch.setattr(patternfacts, "_session", {"key": None, "added": False})
    return tmp_path


def _forget() -> None:
    for facts in patternfacts._tables.values():
        facts.clear()


def _rule_facts(checker: Checker) -> list[tuple]:
    """What each loaded rule derived: prefilters, screened patterns, sources."""
    found = []
    for rule in checker.engine.rules:
        found.append(
            (
                rule.meta.id,
                [(sorted(p.strings), p.view) for p in rule.literal_prefilters()],
                rule.screened_patterns(),
                [
                    (p.pattern, p.flags)
                    for p in getattr(rule, "patterns", []) or []
                    if isinstance(p, saferegex.LazyPattern)
                ],
            )
        )
    return found


def _screens(checker: Checker) -> tuple:
    fast = checker.engine.fast
    return tuple(
        None if part is None else (part.keys, sorted(part.set.always), len(part.set._sets))
        for part in (fast.searched, fast.whole)
    )


def test_a_second_run_reads_the_facts_and_derives_the_same(fresh):
    first = Checker(Config(), use_models=False)
    files = list(fresh.glob("pattern-facts-*.marshal"))
    assert len(files) == 1
    stored = marshal.loads(files[0].read_bytes())
    assert stored["strings"] and stored["widened"] and stored["check"]
    _forget()  # a new process: only the file is left
    calls = []
    real = literals._required

    def counted(*args):
        calls.append(args)
        return real(*args)

    literals._required = counted
    try:
        second = Checker(Config(), use_models=False)
    finally:
        literals._required = real
    assert calls == []  # every prefilter came from the file
    assert _rule_facts(second) == _rule_facts(first)
    assert _screens(second) == _screens(first)
    # And with nothing remembered at all (the cache off), the same again.
    _forget()
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv(cache.ENVIRONMENT, "off")
        third = Checker(Config(), use_models=False)
    assert _rule_facts(third) == _rule_facts(first)
    assert _screens(third) == _screens(first)


def _findings(checker: Checker) -> list[tuple]:
    found = []
    for path in sorted(EXAMPLES.glob("*.txt")):
        article = parse_text(path.read_text(encoding="utf-8"), path.name, str(path))
        found += [
            (f.rule, f.start, f.end, f.message, f.severity) for f in checker.rule_findings(article)
        ]
    return found


def test_findings_are_the_same_from_the_cache(fresh):
    first = _findings(Checker(Config(), use_models=False))
    _forget()
    assert _findings(Checker(Config(), use_models=False)) == first
    assert first


def test_a_tampered_or_foreign_file_is_not_used(fresh):
    Checker(Config(), use_models=False)
    (path,) = fresh.glob("pattern-facts-*.marshal")
    stored = marshal.loads(path.read_bytes())
    key = next(iter(stored["strings"]))
    bad_values = [
        {**stored, "strings": {**stored["strings"], key: ["not", "a", "set"]}},
        {**stored, "extra": {}},
        {name: facts for name, facts in stored.items() if name != "shape"},
        {**stored, "shape": {("x", False, 1, 2): (1, 2)}},
        {**stored, "check": {object.__name__: 3}},
        [1, 2, 3],
    ]
    for bad in bad_values:
        assert not patternfacts._valid(bad)
    path.write_bytes(marshal.dumps(bad_values[0]))
    _forget()
    patternfacts.begin(patternfacts._session["key"])
    assert patternfacts._tables["strings"] == {}  # nothing read from it
    path.write_bytes(b"\x00garbage")
    patternfacts.begin(patternfacts._session["key"])
    assert patternfacts._tables["strings"] == {}


def test_an_edited_pack_changes_the_key(tmp_path):
    pack = tmp_path / "mine.yaml"
    pack.write_text("rules: []\n", encoding="utf-8")
    before = packs._facts_key([pack])
    assert packs._facts_key([pack]) == before
    pack.write_text("rules: []\n# edited\n", encoding="utf-8")
    assert packs._facts_key([pack]) != before
    assert packs._facts_key([]) != before


def test_remembered_answers_equal_derived_ones():
    """Each remembered fact against deriving it again (hypothesis-free: every
    shipped pattern, both case settings)."""
    checker = Checker(Config(), use_models=False)
    for rule in checker.engine.rules:
        searched, whole = rule.screened_patterns()
        for pattern, ignore_case in searched + whole:
            assert screen.widened(pattern, ignore_case) == screen._widened(pattern, ignore_case)
            assert saferegex.shape(pattern, ignore_case) == saferegex._shape(pattern, ignore_case)
            for casefold in (True, False):
                assert literals.required_strings(
                    pattern, casefold, ignore_case
                ) == literals._required(pattern, casefold, ignore_case)
            assert saferegex.check_pattern([pattern]) == saferegex._check_patterns([pattern])


def test_limits_are_part_of_the_key(monkeypatch):
    pattern = "(?:ab){40}"
    assert saferegex.check_pattern([pattern]) is None
    monkeypatch.setattr(saferegex, "MAX_COMPILED_SIZE", 10)
    assert "refused" in (saferegex.check_pattern([pattern]) or "")


def test_the_tables_stay_bounded(monkeypatch):
    monkeypatch.setattr(patternfacts, "TABLE_LIMIT", 5)
    monkeypatch.setattr(patternfacts, "_tables", {name: {} for name in patternfacts.TABLES})
    monkeypatch.setattr(patternfacts, "_asked", {name: set() for name in patternfacts.TABLES})
    for number in range(12):
        assert patternfacts.remembered("groups", f"p{number}", lambda n=number: n) == number
    assert len(patternfacts._tables["groups"]) <= 5


def test_a_lazy_pattern_searches_as_the_compiled_one():
    texts = ["Share this article", "share THIS", "Photo: AP", "", "x" * 50]
    for pattern, ignore_case in [("share\\s+this(?: article)?", True), ("photo:.*", False)]:
        lazy = saferegex.lazy_pattern(pattern, ignore_case)
        compiled = saferegex.compile_pattern(pattern, ignore_case)
        assert lazy._compiled is None
        for text in texts:
            assert saferegex.fullmatch(lazy, text) == saferegex.fullmatch(compiled, text)
            assert [m.span() for m in saferegex.finditer(lazy, text)] == [
                m.span() for m in saferegex.finditer(compiled, text)
            ]
        assert lazy._compiled is not None
    with pytest.raises(saferegex.PatternRefused):
        saferegex.lazy_pattern("(?:a{1000}){1000}")


_PHRASES = st.lists(
    st.text(alphabet="ab -x", min_size=1, max_size=6).filter(str.strip), min_size=1, max_size=8
)


@settings(max_examples=300, deadline=None)
@given(_PHRASES, st.text(alphabet="ab -x\n\u00a0", max_size=40), st.randoms())
def test_phrases_of_one_length_match_the_same_in_any_order(phrases, text, rng: random.Random):
    """phrase_regex puts phrases of one length in alphabetical order (the
    pattern is the same in every process); any other order of them, as a set's
    iteration gave before, finds the same matches."""
    from qualitycheck.document.textfold import normalize

    ordered = phrase_regex(phrases)
    parts = list({normalize(p) for p in phrases if p.strip()})
    rng.shuffle(parts)
    parts.sort(key=len, reverse=True)  # the old order: by length, ties as they come
    body = "|".join(r"\s+".join(map(re.escape, part.split(" "))) for part in parts)
    shuffled = re.compile(rf"(?<!\w)(?:{body})(?!\w)")
    assert [m.span() for m in ordered.finditer(text)] == [m.span() for m in shuffled.finditer(text)]
    assert ordered.pattern == phrase_regex(list(reversed(phrases))).pattern


def test_easy_words_read_without_importing_textstat():
    from importlib.resources import files

    from qualitycheck.detect.signals import readability

    resource = files("textstat").joinpath("resources/en/easy_words.txt")
    expected = frozenset(line.strip() for line in resource.read_text(encoding="utf-8").splitlines())
    readability._easy_words.cache_clear()
    assert readability._easy_words() == expected


def test_a_one_process_check_leaves_textstat_and_the_pool_unimported(tmp_path):
    import subprocess
    import sys

    one = tmp_path / "one.txt"
    one.write_text("The harbour reopened on Monday after the storm.\n", encoding="utf-8")
    script = (
        "import sys, io, contextlib\n"
        "from qualitycheck.cli import main\n"
        f"sys.argv = ['qualitycheck', 'check', '--format', 'json', {str(one)!r}]\n"
        "with contextlib.redirect_stdout(io.StringIO()):\n"
        "    try:\n        main()\n    except SystemExit:\n        pass\n"
        "print(sorted(m for m in ('textstat', 'multiprocessing', 'concurrent.futures')"
        " if m in sys.modules))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "[]", result.stderr
