"""Threads that share one checker (a Dask worker's, an API user's) get the
findings a sequential run gets: the rules' time budgets charge each search
to its own thread's CPU, never to what other threads ran meanwhile."""

from __future__ import annotations

import threading
import time
from concurrent.futures import ThreadPoolExecutor

from conftest import REPO

from qualitycheck.config.settings import Config
from qualitycheck.document.article import Article
from qualitycheck.pipeline.checker import Checker
from qualitycheck.pipeline.inputs import read_inputs
from qualitycheck.primitives import saferegex


def test_a_search_is_not_charged_for_another_threads_cpu():
    """A rule's matches are consumed lazily: while its search is suspended,
    another thread burns CPU, which the rule's budgets must not pay."""
    article, run = saferegex.Budget(0.25), saferegex.Budget(1.0)
    compiled = saferegex.compile_pattern(r"\bharbour\b")

    def burn() -> None:
        started = time.thread_time()
        while time.thread_time() - started < 0.1:
            pass

    with saferegex.Spending(article, run):
        matches = saferegex.finditer(compiled, "harbour and harbour")
        next(matches)
        other = threading.Thread(target=burn)
        other.start()
        other.join()
        assert len(list(matches)) == 1
    # Only the search's own microseconds were charged, not the other thread's 0.1 s.
    assert run.left > 0.95 and article.left > 0.2


def _burn_in_another_thread(seconds: float) -> None:
    def burn() -> None:
        started = time.thread_time()
        while time.thread_time() - started < seconds:
            pass

    other = threading.Thread(target=burn)
    other.start()
    other.join()


def test_a_search_outlives_the_regex_clock_running_on_another_threads_cpu():
    """The ``regex`` package times a search by the process's CPU: another
    thread's 0.3 s expire a suspended search's 0.25 s timeout. The search
    resumes with its own thread's time left and gives every match once."""
    compiled = saferegex.compile_pattern(r"\bharbour\b")
    text = " ".join(["harbour"] * 5)
    with saferegex.Spending(saferegex.Budget(0.25), saferegex.Budget(1.0)):
        matches = saferegex.finditer(compiled, text)
        first = next(matches)
        _burn_in_another_thread(0.3)
        rest = list(matches)
    assert [m.span() for m in [first, *rest]] == [m.span() for m in compiled.finditer(text)]


class _StoppedOnce:
    """A compiled pattern whose first search the ``regex`` clock stops after
    ``after`` matches, as another thread's CPU time can."""

    def __init__(self, pattern: str, after: int) -> None:
        self.compiled = saferegex.compile_pattern(pattern)
        self.pattern = pattern
        self.flags = self.compiled.flags
        self.after = after
        self.searches: list[int] = []

    def finditer(self, text: str, pos: int = 0, timeout: float | None = None):
        self.searches.append(pos)
        for count, match in enumerate(self.compiled.finditer(text, pos, timeout=timeout)):
            if len(self.searches) == 1 and count == self.after:
                raise TimeoutError("regex timed out")
            yield match


def test_a_resumed_search_gives_the_matches_an_uninterrupted_one_gives():
    """Resumed from the last match's end, empty matches included: the same
    spans in the same order, none twice."""
    cases = [
        (r"x*", "abxd"),
        (r"^|\w+", "foo bar"),
        (r"(?<=a)", "aab b"),
        (r"\w*", "a b  c"),
        (r"(?=b)|b", "bb ab"),
        (r"\bharbour\b", "harbour, harbour and harbour"),
    ]
    for pattern, text in cases:
        expected = [m.span() for m in saferegex.compile_pattern(pattern).finditer(text)]
        for after in range(len(expected)):
            stopped = _StoppedOnce(pattern, after)
            got = [m.span() for m in saferegex.finditer(stopped, text)]
            assert got == expected, (pattern, text, after)
            assert len(stopped.searches) == 2


def test_a_search_that_spends_its_own_time_still_times_out():
    """Only the thread's own CPU time ends a search: a catastrophic pattern
    is stopped however often it would be resumed."""
    compiled = saferegex.compile_pattern(r"(a|aa)+$")
    with saferegex.Spending(saferegex.Budget(0.05), saferegex.Budget(1.0)):
        started = time.thread_time()
        try:
            list(saferegex.finditer(compiled, "a" * 60 + "b"))
        except saferegex.PatternTimeout:
            pass
        else:
            raise AssertionError("the catastrophic search finished")
    assert time.thread_time() - started < 1.0


def _summary(checker: Checker, article: Article) -> str:
    result = checker.check(article)
    found = [(f.rule, f.start, f.end, f.message, f.severity) for f in result.findings]
    return repr((found, result.mt_probability, result.scores))


def test_threads_sharing_a_checker_find_what_one_thread_finds():
    def articles() -> list[Article]:
        return [
            a for a in read_inputs(Config(), [str(REPO / "examples")]) if isinstance(a, Article)
        ]

    sequential = Checker(Config())
    first = articles()
    for article in first:
        sequential.prepare(article)
    expected = [_summary(sequential, article) for article in first]

    shared = Checker(Config())
    again = articles()
    for article in again:
        shared.prepare(article)
    with ThreadPoolExecutor(8) as pool:
        got = list(pool.map(lambda article: _summary(shared, article), again * 4))
    assert got == expected * 4
    assert not shared.engine._disabled


def test_tasks_running_at_once_on_a_worker_get_checkers_of_their_own():
    """A Dask worker with several threads: each task starts a run afresh, so two
    tasks at once must not share a checker; one after the other reuse it."""
    from qualitycheck.dask.shards import RunConfig, worker_checker

    run = RunConfig.of(Config())
    with worker_checker(run) as first, worker_checker(run) as second:
        assert first is not second
    with worker_checker(run) as again:
        assert again in (first, second)
    other = RunConfig.of(Config(use_models=False))
    with worker_checker(other) as fresh:
        assert fresh not in (first, second)
    with worker_checker(other) as reused:
        assert reused is fresh


def test_a_reverse_search_is_not_resumed_but_times_out():
    """A (?r) search runs from the end: resumed after its last match it would
    search what it had searched, and lose the matches before it."""
    stopped = _StoppedOnce(r"(?r)\bharbour\b", 1)
    text = "harbour and harbour and harbour"
    try:
        list(saferegex.finditer(stopped, text))
    except saferegex.PatternTimeout:
        pass
    else:
        raise AssertionError("a reverse search was resumed")
    assert len(stopped.searches) == 1
