"""What crosses between the main process and the ``--jobs`` workers.

A worker sends an article's result back without the article: the main
process still holds the article it handed out and attaches it again. That is
only right if checking leaves the article as it was (apart from warnings the
rules add, which travel back), and if ``finish`` runs in the main process on
every path, the retry after a dead worker included.
"""

from __future__ import annotations

import os
import pickle

import pytest
from conftest import EXAMPLES, SEEDS, needs_shared
from test_parallel import _lost, _square_or_die

from qualitycheck.config.settings import Config
from qualitycheck.document.article import Article
from qualitycheck.pipeline import executor, inputs
from qualitycheck.pipeline.checker import WARM_UP_TEXT, Checker
from qualitycheck.readers.txt import parse_text
from qualitycheck.renderers.contract import article_dict


def _in_main(item: int, sent: int) -> tuple[int, int, int]:
    return item, sent, os.getpid()


def test_finish_runs_in_the_main_process_on_every_path(tmp_path):
    """Items 13 (always) and 40 (once) kill their worker: the retried chunks are
    finished too, and a lost item gets ``on_lost`` alone."""
    results = list(
        executor.ordered_map(
            _square_or_die, str(tmp_path), range(60), 2, on_lost=_lost, chunk=4, finish=_in_main
        )
    )
    expected: list[object] = [(n, n * n, os.getpid()) for n in range(60)]
    expected[13] = f"lost 13: {executor.LOST}"
    assert results == expected
    assert (tmp_path / "killed-once").exists()


def _prepared(checker: Checker, text: str) -> Article:
    article = parse_text(text, "a.txt", "a.txt")
    checker.prepare(article)
    return article


def test_a_result_crosses_back_without_its_article(monkeypatch):
    checker = Checker(Config())
    article = _prepared(checker, WARM_UP_TEXT * 2)
    fresh = Checker(Config())
    expected = fresh.check(_prepared(fresh, WARM_UP_TEXT * 2))

    # A rule that runs out of time adds a warning to the article it checks.
    findings = checker.engine.findings

    def findings_with_a_warning(checked, context):
        checked.warnings.append("rule x: its pattern took too long")
        return findings(checked, context)

    monkeypatch.setattr(checker.engine, "findings", findings_with_a_warning)
    in_worker = pickle.loads(pickle.dumps(article))
    sent = pickle.dumps(inputs._check_detached(checker, in_worker))
    source = article.source.encode()
    assert source in pickle.dumps(article)
    assert source not in sent and b"Block" not in sent  # the article stays where it is
    result = inputs._attach(article, pickle.loads(sent))
    assert result.article is article
    assert result.warnings == ["rule x: its pattern took too long"]
    assert article.warnings == in_worker.warnings == result.warnings
    result.warnings = expected.warnings
    assert article_dict(result) == article_dict(expected)


def test_input_errors_and_crashes_cross_back_as_they_are(monkeypatch):
    checker = Checker(Config())
    article = _prepared(checker, WARM_UP_TEXT)
    error = inputs.InputError("b.txt", "binary file (not text); skipped")
    assert inputs._attach(error, inputs._check_detached(checker, error)) is error

    def crash(self, checked):
        raise ValueError("boom")

    monkeypatch.setattr(Checker, "check", crash)
    failed = inputs._attach(article, inputs._check_detached(checker, article))
    assert isinstance(failed, inputs.InputError)
    assert "internal error, please report it: ValueError: boom" in str(failed)


def _articles(folder) -> list[Article]:
    config = Config()
    return [item for item in inputs.read_inputs(config, [str(folder)]) if isinstance(item, Article)]


@pytest.mark.parametrize("folder", [EXAMPLES, pytest.param(SEEDS, marks=needs_shared())])
def test_checking_leaves_the_article_as_it_was(folder):
    """What the main process holds is what the worker checked: the article
    pickles to the same bytes before and after its check."""
    checker = Checker(Config())
    articles = _articles(folder)
    assert articles
    for article in articles:
        checker.prepare(article)
        before = pickle.dumps(article)
        checker.check(article)
        assert pickle.dumps(article) == before, article.path


def _frozen_objects(state: None, item: int) -> int:
    import gc

    return gc.get_freeze_count()


def test_workers_keep_the_collector_off_what_they_inherit():
    import gc

    counts = list(executor.ordered_map(_frozen_objects, None, range(4), 2, on_lost=_lost, chunk=1))
    assert min(counts) > 1000  # the modules and state of the parent, set aside
    assert gc.get_freeze_count() == 0  # the main process is left as it was


def _thresholds(state: None, item: int) -> tuple[int, int, int]:
    import gc

    return gc.get_threshold()


def _main_thresholds(item: int, sent: tuple[int, int, int]) -> tuple[object, ...]:
    import gc

    return (sent, gc.get_threshold())


def test_workers_collect_the_youngest_and_oldest_generations_less_often():
    """With the inherited state frozen, CPython's own brake on full collections
    no longer works in a worker; a higher threshold stands in for it there. An
    article's live temporaries set off young collections at CPython's 700: the
    workers, and the main process while the run lasts, wait for more."""
    import gc

    before = gc.get_threshold()
    seen = set(
        executor.ordered_map(
            _thresholds, None, range(4), 2, on_lost=_lost, chunk=1, finish=_main_thresholds
        )
    )
    young, oldest = executor.YOUNGEST_GENERATION_THRESHOLD, executor.OLDEST_GENERATION_THRESHOLD
    assert seen == {((young, before[1], oldest), (young, before[1], before[2]))}
    assert before[0] < young and before[2] < oldest
    assert gc.get_threshold() == before  # the main process is left as it was


def _square(state: None, item: int) -> int:
    return item * item


def _freeze_in_main(item: int, sent: int) -> int:
    import gc

    return gc.get_freeze_count()


def test_the_main_process_sets_its_state_aside_during_the_run_only():
    """The main process's full collections skip what it held before the run
    (the loaded checker) while the run lasts; afterwards, or when the consumer
    stops early, its collector is as it was."""
    import gc

    assert gc.get_freeze_count() == 0
    during = list(
        executor.ordered_map(
            _square, None, range(6), 2, on_lost=_lost, chunk=2, finish=_freeze_in_main
        )
    )
    assert min(during) > 1000  # the main process's objects, set aside
    assert gc.get_freeze_count() == 0
    stopped = executor.ordered_map(_square, None, range(60), 2, on_lost=_lost, chunk=2)
    next(stopped)
    assert gc.get_freeze_count() > 1000
    stopped.close()
    assert gc.get_freeze_count() == 0


def test_a_caller_that_froze_objects_keeps_its_collector():
    import gc

    gc.freeze()
    try:
        frozen, thresholds = gc.get_freeze_count(), gc.get_threshold()
        sent = list(
            executor.ordered_map(
                _square, None, range(4), 2, on_lost=_lost, chunk=1, finish=_main_thresholds
            )
        )
        assert [square for square, _ in sent] == [0, 1, 4, 9]
        assert {during for _, during in sent} == {thresholds}
        assert gc.get_freeze_count() == frozen
    finally:
        gc.unfreeze()


def test_a_one_process_run_sets_the_checker_aside_while_it_lasts(tmp_path):
    """``--jobs 1`` keeps the collector off the loaded checker during the run
    (what the first article loads lazily included), then puts it back, also
    when the consumer stops early."""
    import gc

    from qualitycheck.pipeline.collector import YOUNGEST_GENERATION_THRESHOLD
    from qualitycheck.pipeline.inputs import check_inputs

    for name in ("a", "b", "c"):
        (tmp_path / f"{name}.txt").write_text(
            f"Headline {name}\nThe council said the bridge would reopen.\n", encoding="utf-8"
        )
    checker = Checker(Config())
    before = gc.get_threshold()
    seen = []
    for result in check_inputs(checker, [str(tmp_path)]):
        seen.append((result.verdict, gc.get_freeze_count(), gc.get_threshold()[0]))
    assert len(seen) == 3
    assert min(frozen for _, frozen, _ in seen) > 1000
    assert seen[1][1] >= seen[0][1]  # the first article's lazy loads joined them
    assert {young for _, _, young in seen} == {max(before[0], YOUNGEST_GENERATION_THRESHOLD)}
    assert gc.get_freeze_count() == 0 and gc.get_threshold() == before
    stopped = check_inputs(checker, [str(tmp_path)])
    next(stopped)
    assert gc.get_freeze_count() > 1000
    stopped.close()
    assert gc.get_freeze_count() == 0 and gc.get_threshold() == before


def test_the_command_line_sets_everything_aside_at_exit_once():
    """The interpreter's exit would free the loaded checker object by object;
    the command line registers one ``gc.freeze`` for then, however often it runs."""
    import atexit

    from qualitycheck.cli import main
    from qualitycheck.pipeline import collector

    collector.skip_at_exit()
    registered = atexit._ncallbacks()
    collector.skip_at_exit()
    main(["rules"])
    assert atexit._ncallbacks() == registered
