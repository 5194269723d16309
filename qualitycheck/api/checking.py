"""Checking from Python: a reusable :class:`Checker` and its shortcuts.

A checker loads the rule packs and models once (about half a second); make
one and reuse it for many texts. ``check_text``, ``clean_text``,
``sentence_voices`` and ``check_paths`` without a config share one default
checker per process, so calling them in a loop does not reload anything.
"""

from __future__ import annotations

import functools
import os
import threading
import warnings
import weakref
from collections.abc import Callable, Iterable, Iterator, Mapping
from typing import Any, Literal, TypeVar, overload

from qualitycheck.api.arguments import BYTE_ORDER_MARK, DEFAULT_ID, read_text
from qualitycheck.api.result import Result
from qualitycheck.api.voices import Voice, voices_of
from qualitycheck.config.loading import resolve_config
from qualitycheck.config.settings import Config, with_absolute_files
from qualitycheck.errors import InputError
from qualitycheck.pipeline.checker import Checker as PipelineChecker
from qualitycheck.pipeline.checker import RunState
from qualitycheck.pipeline.inputs import check_inputs, check_one
from qualitycheck.pipeline.results import ArticleResult
from qualitycheck.readers.discovery import path_names

#: What ``config=`` accepts: ``None`` (the built-in defaults, whatever the
#: working directory holds), a path to ``qualitycheck.yaml`` or a
#: ``pyproject.toml`` with ``[tool.qualitycheck]``, or the same keys as a
#: mapping (``{"disable": ["readability"], "fail_on": "warning"}``).
ConfigLike = str | os.PathLike[str] | Mapping[str, Any] | None

T = TypeVar("T")


def _config(config: ConfigLike | Config) -> Config:
    return resolve_config(config)


#: The checker each thread last unpickled, by its config's run key (which
#: covers the contents of its rule packs and models folder) and model switch.
_LANDED = threading.local()


def _unpickled(config: Config, models: bool) -> Checker:
    """The checker a pickled one stands for, built once per thread and config.

    Dask sends ``bag.map(checker.check_text)``'s checker with every partition:
    each built its own (20 partitions, 20 loads of the rules and models on
    one worker). Each call is a run of its own, so tasks may share one; per
    thread, so a worker's threads do not take turns on it. A pack or model
    edited since gives another key, so a long-lived worker loads it again.
    """
    from qualitycheck.dask.shards import RunConfig  # (its key; no Dask needed)

    key = (RunConfig.of(config).key, models)
    landed: dict[tuple[str, bool], Checker] | None = getattr(_LANDED, "checkers", None)
    if landed is None:
        landed = _LANDED.checkers = {}
    checker = landed.get(key)
    if checker is None:
        landed.clear()  # (one config at a time, as the Dask run's own workers keep)
        # (a Config is taken as is)
        checker = landed[key] = Checker(config, models=models)  # type: ignore[arg-type]
    return checker


class Checker:
    """Rules and models loaded once, for checking many texts or files.

    ``config`` is validated like a config file: an unknown key or a wrong
    type raises :class:`~qualitycheck.errors.ConfigError` naming the key.
    ``models=False`` runs the rules alone (faster, no model findings).

    Each ``check_text`` call and each ``check_paths`` iterator is a run of its
    own, as one ``qualitycheck check`` is: iterators may be interleaved, and a
    ``check_text`` inside a ``check_paths`` loop changes nothing in the loop's
    results. A checker may be shared by threads; its calls then take turns.
    """

    def __init__(self, config: ConfigLike = None, *, models: bool = True) -> None:
        if not isinstance(models, bool):  # ("false" from a setting would switch them on)
            raise TypeError(f"models must be True or False, not {models!r}")
        self._pipeline = PipelineChecker(_config(config), use_models=models)
        self._models = models
        self._turn = threading.RLock()
        _CHECKERS.add(self)

    def __reduce__(self) -> tuple[Callable[[Config, bool], Checker], tuple[Config, bool]]:
        """A checker is pickled as its validated config and model switch, and
        loads its rules and models again where it is unpickled (a Dask or
        multiprocessing worker), once per thread of the worker however many
        tasks bring it: ``bag.map(checker.check_text)`` works. Each call is a
        run of its own, so nothing of a run needs to travel. Its rule
        packs and models folder travel as absolute paths: the worker's working
        folder may be another."""
        return (_unpickled, (with_absolute_files(self._pipeline.config), self._models))

    def _fresh_run(self) -> RunState:
        """A new run's state, leaving the current one as it was."""
        with self._turn:
            current = self._pipeline.run_state()
            self._pipeline.new_run()
            fresh = self._pipeline.run_state()
            self._pipeline.resume(current)
            return fresh

    def _in_run(self, run: list[RunState], step: Callable[[], T]) -> T:
        """``step()`` inside the run ``run[0]`` (updated), whatever run was current."""
        with self._turn:
            current = self._pipeline.run_state()
            self._pipeline.resume(run[0])
            try:
                return step()
            finally:
                run[0] = self._pipeline.run_state()
                self._pipeline.resume(current)

    def check_text(
        self,
        text: str,
        *,
        title: str | None = None,
        format: str = "txt",
        id: str = DEFAULT_ID,
        language: str | None = None,
    ) -> Result:
        """Check one article given as a string.

        ``format`` is how to read it: ``txt`` (one paragraph per line; the
        first line is the headline unless ``title`` is given, and then only
        if it repeats the title, as in a JSONL record), ``md`` (YAML
        front matter allowed) or ``html``. ``id`` names it in the result and in
        error messages. ``language`` declares its language code (``"en"``), as
        a JSONL record's ``language`` does: detection is skipped. A text the
        readers refuse (over the size limit per article) raises
        :class:`~qualitycheck.errors.InputError`.
        """
        return Result.from_pipeline(self._checked(text, title, format, id, language))

    def _checked(
        self, text: str, title: str | None, format: str, id: str, language: str | None
    ) -> ArticleResult:
        """The pipeline's result for one text, in a run of its own."""
        settings = self._pipeline.config.read_settings
        article = read_text(text, title, format, id, language, settings)
        run = [self._fresh_run()]
        outcome = self._in_run(run, lambda: check_one(self._pipeline, article))
        if isinstance(outcome, InputError):
            raise outcome
        return outcome

    def clean_text(
        self,
        text: str,
        *,
        title: str | None = None,
        format: str = "txt",
        id: str = DEFAULT_ID,
        language: str | None = None,
        min_severity: str = "info",
    ) -> str:
        """The text without its boilerplate, as ``qualitycheck clean`` writes
        a file of that ``format`` (a data team had to write each text to a
        file for it): every block with a boilerplate finding at or above
        ``min_severity`` goes, the rest stays character for character, a
        leading byte-order mark too. Arguments as :meth:`check_text`.
        """
        from qualitycheck.document.findings import SEVERITY_RANK
        from qualitycheck.tools.cleaning import clean_source

        if min_severity not in SEVERITY_RANK:
            raise ValueError(
                f"min_severity must be one of {', '.join(SEVERITY_RANK)}, not {min_severity!r}"
            )
        outcome = self._checked(text, title, format, id, language)
        cleaned = clean_source(outcome, format, min_severity)[0]
        return BYTE_ORDER_MARK + cleaned if text.startswith(BYTE_ORDER_MARK) else cleaned

    def sentence_voices(
        self,
        text: str,
        *,
        title: str | None = None,
        format: str = "txt",
        id: str = DEFAULT_ID,
        language: str | None = None,
    ) -> list[Voice]:
        """Who speaks in each sentence of the text ``clean_text`` keeps
        (:func:`qualitycheck.sentence_voices`); arguments as :meth:`check_text`."""
        return voices_of(self._checked(text, title, format, id, language))

    @overload
    def check_paths(
        self,
        paths: Iterable[str | os.PathLike[str]] | str | os.PathLike[str],
        *,
        jobs: int = ...,
        raise_errors: Literal[True],
    ) -> Iterator[Result]: ...

    @overload
    def check_paths(
        self,
        paths: Iterable[str | os.PathLike[str]] | str | os.PathLike[str],
        *,
        jobs: int = ...,
        raise_errors: bool = ...,
    ) -> Iterator[Result | InputError]: ...

    def check_paths(
        self,
        paths: Iterable[str | os.PathLike[str]] | str | os.PathLike[str],
        *,
        jobs: int = 1,
        raise_errors: bool = False,
    ) -> Iterator[Result | InputError]:
        """Check files and folders (recursively, with the config's include and
        exclude globs) as ``qualitycheck check`` does, in input order;
        ``paths`` may also be one path. Text, ids and paths that are not
        ``str`` (``bytes``) raise :class:`TypeError`.

        An input that cannot be read, or a JSONL record that is not an article,
        arrives as an :class:`~qualitycheck.errors.InputError` in its place, so
        one bad file does not stop a corpus; ``raise_errors=True`` raises it
        instead. ``jobs`` > 1 checks on that many processes, same results
        (in a daemonic process, which cannot start any, in this one, with a
        :class:`RuntimeWarning`).
        """
        # Checked here, when called, not at the first ``next()`` of the iterator.
        if isinstance(jobs, bool) or not isinstance(jobs, int) or jobs < 1:
            raise ValueError(f"jobs must be a whole number of processes, 1 or more, not {jobs!r}")
        if jobs > 1 and _daemonic():
            warnings.warn(
                f"jobs={jobs}: this process is a daemonic worker (of a multiprocessing pool, "
                "or Dask's) and cannot start processes; checking in this one (same results)",
                RuntimeWarning,
                stacklevel=2,
            )
            jobs = 1
        return self._results(path_names(paths), jobs, raise_errors)

    def _results(
        self, names: list[str], jobs: int, raise_errors: bool
    ) -> Iterator[Result | InputError]:
        run = [self._fresh_run()]
        outcomes = check_inputs(self._pipeline, names, jobs=jobs)
        try:
            while True:
                outcome = self._in_run(run, lambda: next(outcomes, None))
                if outcome is None:
                    return
                if isinstance(outcome, InputError):
                    if raise_errors:
                        raise outcome
                    yield outcome
                else:
                    yield Result.from_pipeline(outcome)
        finally:
            # Closed now, not when the traceback of a raised error lets it go:
            # its run may have set the collector aside (or hold worker processes).
            outcomes.close()


#: Every checker of the process, weakly (a checker its program drops is not kept).
_CHECKERS: weakref.WeakSet[Checker] = weakref.WeakSet()


def _new_turns_after_fork() -> None:
    """In a forked child, each checker's turn lock anew. One that another
    thread held at the fork (a web service checking a request while a
    ``multiprocessing`` pool forks) stays held in the child, where that thread
    does not exist: the child's first call waited for it forever. Each call is
    a run of its own, so no state of the interrupted call is carried on. The
    default checker's lookup lock too (another thread may be building it)."""
    global _DEFAULT_TURN
    _DEFAULT_TURN = threading.Lock()
    for checker in list(_CHECKERS):
        checker._turn = threading.RLock()


os.register_at_fork(after_in_child=_new_turns_after_fork)


def _daemonic() -> bool:
    """Whether this process is a daemonic one (a ``multiprocessing`` pool's
    worker, a Dask worker), which multiprocessing forbids to start processes
    (it failed with "AssertionError: daemonic processes are not allowed to
    have children" at the first result)."""
    import multiprocessing  # (here: only asked with jobs > 1)

    return bool(multiprocessing.current_process().daemon)


@functools.lru_cache(maxsize=1)
def _default_checker() -> Checker:
    return Checker()


#: Taken while the default checker is looked up: threads making their first
#: call at once (a web service's first requests) each built one, 8 for 8.
_DEFAULT_TURN = threading.Lock()


def _shared_checker() -> Checker:
    with _DEFAULT_TURN:
        return _default_checker()


def _checker_for(config: ConfigLike) -> Checker:
    return _shared_checker() if config is None else Checker(config)


def check_text(
    text: str,
    *,
    title: str | None = None,
    format: str = "txt",
    config: ConfigLike = None,
    language: str | None = None,
) -> Result:
    """Check one article given as a string (see :meth:`Checker.check_text`).

    With a ``config``, each call loads rules and models anew: for many texts,
    make a :class:`Checker` once.
    """
    return _checker_for(config).check_text(text, title=title, format=format, language=language)


def clean_text(
    text: str,
    *,
    title: str | None = None,
    format: str = "txt",
    config: ConfigLike = None,
    language: str | None = None,
    min_severity: str = "info",
) -> str:
    """The text without its boilerplate (see :meth:`Checker.clean_text`)."""
    return _checker_for(config).clean_text(
        text, title=title, format=format, language=language, min_severity=min_severity
    )


def sentence_voices(
    text: str,
    *,
    title: str | None = None,
    format: str = "txt",
    config: ConfigLike = None,
    language: str | None = None,
) -> list[Voice]:
    """Who speaks in each sentence of the text ``clean_text`` keeps (see
    :meth:`Checker.sentence_voices` and docs/api.md)."""
    checker = _checker_for(config)
    return checker.sentence_voices(text, title=title, format=format, language=language)


@overload
def check_paths(
    paths: Iterable[str | os.PathLike[str]] | str | os.PathLike[str],
    *,
    config: ConfigLike = ...,
    jobs: int = ...,
    raise_errors: Literal[True],
) -> Iterator[Result]: ...


@overload
def check_paths(
    paths: Iterable[str | os.PathLike[str]] | str | os.PathLike[str],
    *,
    config: ConfigLike = ...,
    jobs: int = ...,
    raise_errors: bool = ...,
) -> Iterator[Result | InputError]: ...


def check_paths(
    paths: Iterable[str | os.PathLike[str]] | str | os.PathLike[str],
    *,
    config: ConfigLike = None,
    jobs: int = 1,
    raise_errors: bool = False,
) -> Iterator[Result | InputError]:
    """Check files and folders (see :meth:`Checker.check_paths`); with
    ``raise_errors=True`` every item is a :class:`Result`, for type checkers too."""
    return _checker_for(config).check_paths(paths, jobs=jobs, raise_errors=raise_errors)
