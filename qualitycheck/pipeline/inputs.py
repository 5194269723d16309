"""Every input through the checker: discover, read, check, in input order.

Input errors pass through in their place so the caller reports them in
order; a crash in a reader, a rule or a model becomes an input error naming
the file (and record line), and the run goes on. Running out of memory on one
article is that article's input error too ("too large to check in memory"):
it says what to do about it, where "internal error, please report it" would
not. ``jobs`` > 1 hands the
checker to :func:`qualitycheck.pipeline.executor.ordered_map`.
"""

from __future__ import annotations

from collections.abc import Callable, Generator, Iterable, Iterator
from dataclasses import dataclass, fields
from typing import Any, TypeVar, cast

from qualitycheck.config.settings import Config
from qualitycheck.document.article import Article
from qualitycheck.errors import InputError
from qualitycheck.pipeline.checker import Checker
from qualitycheck.pipeline.collector import set_aside
from qualitycheck.pipeline.results import ArticleResult
from qualitycheck.readers import InputSource, read_source
from qualitycheck.readers.discovery import discover
from qualitycheck.readers.txt import headline_index, retitle

#: Inputs smaller than this are checked on one core by default (start-up costs).
PARALLEL_FROM_BYTES = 2_000_000
#: The input error of an article that did not fit in memory.
OUT_OF_MEMORY = "too large to check in memory"
#: What :func:`check_stream` passes through: input errors, and a caller's marks.
Passed = TypeVar("Passed")


def read_inputs(
    config: Config,
    paths: list[str],
    stdin_format: str | None = None,
    stdin_name: str = "-",
    keep: Callable[[InputSource], bool] | None = None,
    skipped: list[str] | None = None,
) -> Iterator[Article | InputError]:
    """Articles and input errors of every input, in input order (a stream).

    ``keep`` narrows the discovered inputs (``--changed-since``) after the
    usual include/exclude, so both select files the same way; ``skipped``
    hears of the files a walk passed over as this tool's own output.
    """
    for source in discover(
        paths,
        config.include,
        config.exclude,
        stdin_format,
        stdin_name,
        base=config.base,
        force_exclude=config.force_exclude,
        skipped=skipped,
    ):
        if isinstance(source, InputError):
            yield source
            continue
        if keep is not None and not keep(source):
            continue
        yield from read_one(source, config)


def read_one(source: InputSource, config: Config) -> Iterator[Article | InputError]:
    """The articles of one discovered input; a crash in a reader becomes an
    input error naming it, and the run goes on."""
    try:
        yield from read_source(source, config.read_settings)
    except MemoryError:
        yield InputError(source.path, OUT_OF_MEMORY)
    except Exception as exc:
        yield InputError(
            source.path, f"internal error, please report it: {type(exc).__name__}: {exc}"
        )


def check_source(checker: Checker, source: InputSource) -> Iterator[ArticleResult | InputError]:
    """Results and input errors of one discovered input (``clean`` checks the
    files it is about to rewrite, by where they are, not by their shown name)."""
    for item in read_one(source, checker.config):
        yield item if isinstance(item, InputError) else check_one(checker, item)


def check_one(checker: Checker, article: Article) -> ArticleResult | InputError:
    """One article's result; a crash in a rule or model becomes an input error
    naming the article (file and record line), and the run goes on."""
    try:
        return checker.check(article)
    except MemoryError:
        return InputError(article.path, OUT_OF_MEMORY, article.record_line)
    except Exception as exc:
        return InputError(
            article.path,
            f"internal error, please report it: {type(exc).__name__}: {exc}",
            article.record_line,
        )


def check_inputs(
    checker: Checker,
    paths: list[str],
    stdin_format: str | None = None,
    stdin_name: str = "-",
    keep: Callable[[InputSource], bool] | None = None,
    jobs: int = 1,
    skipped: list[str] | None = None,
) -> Generator[ArticleResult | InputError, None, None]:
    """Results and input errors for every input, in input order; ``jobs`` > 1
    checks on that many processes with the same results (:mod:`.executor`);
    ``skipped`` as for :func:`read_inputs`."""
    items = read_inputs(checker.config, paths, stdin_format, stdin_name, keep, skipped)
    return check_stream(checker, items, jobs)


def check_stream(
    checker: Checker, items: Iterable[Article | Passed], jobs: int = 1
) -> Generator[ArticleResult | InputError | Passed, None, None]:
    """Each article's result in its place, on one process or ``jobs``.

    Anything else in ``items`` (input errors, and the marks a caller threads
    through the stream to know where a file's articles begin and end:
    ``clean`` does) passes through unchanged, in its place: a worker sends
    nothing back for it (the main process still holds it), so marks should be
    small. Items are read one ahead of the results on one process and a few
    chunks ahead with ``jobs`` > 1."""
    if jobs > 1:
        # Imported here: the pool's modules (multiprocessing, concurrent.futures,
        # logging: 8 ms CPU) are not needed by a one-process run.
        from qualitycheck.pipeline.executor import ordered_map

        checker.warm_up()
        results = ordered_map(
            _check_detached,
            checker,
            items,
            jobs,
            on_lost=_lost,
            prepare=_prepare_item(checker),
            finish=_attach,
        )
        yield from cast(Iterator[ArticleResult | InputError | Passed], results)
        return
    # The collector stays off the loaded checker while the run lasts
    # (:mod:`.collector`); the first article loads the rest of it lazily.
    with set_aside() as set_aside_now:
        loaded = False
        for item in items:
            if not isinstance(item, Article):
                yield item
                continue
            yield check_one(checker, item)
            if not loaded:
                set_aside_now()
                loaded = True


#: The fields of a result after its article (its first), in order: what a worker sends back.
_DETACHED_FIELDS = tuple(f.name for f in fields(ArticleResult))[1:]


@dataclass(frozen=True)
class _Detached:
    """An article's result without the article: what a worker sends back.

    The main process still holds the article it handed out, so only the
    findings, scores and the rest cross back (a third of the bytes to pickle
    and unpickle), with the warnings the rules added to the article while
    checking it, so the main process's copy ends up as the worker's did.
    """

    values: tuple[Any, ...]
    added_warnings: list[str]
    #: The block the checking made the headline, for a plain text whose
    #: guessed headline it chose again (``Checker.check``); else ``-1``.
    headline: int | None = -1


def _check_detached(
    checker: Checker, item: object
) -> _Detached | ArticleResult | InputError | None:
    """In a worker: an article's result, sent back without the article
    (``None`` for anything else: the main process still holds it)."""
    if not isinstance(item, Article):
        return None
    before = len(item.warnings)
    result = check_one(checker, item)
    if isinstance(result, InputError) or result.article is not item:
        return result
    values = tuple(getattr(result, name) for name in _DETACHED_FIELDS)
    headline = headline_index(item) if item.title_guessed else -1
    return _Detached(values, item.warnings[before:], headline)


def _attach(item: object, sent: _Detached | ArticleResult | InputError | None) -> object:
    """In the main process: the result of ``item`` from what its worker sent."""
    if not isinstance(item, Article):
        return item  # passed through the stream, as it came
    if not isinstance(sent, _Detached):
        assert sent is not None  # (an article's worker always sends something)
        return sent  # an input error, or a result that carries its own article
    item.warnings.extend(sent.added_warnings)
    if sent.headline != -1:
        retitle(item, sent.headline)  # the title the output shows, as on one process
    return ArticleResult(item, *sent.values)


def _lost(item: object, reason: str) -> object:
    """The input error for an article whose worker process died checking it."""
    if not isinstance(item, Article):
        return item
    return InputError(item.path, reason, item.record_line)


def _prepare_item(checker: Checker) -> Callable[[object], None]:
    def prepare(item: object) -> None:
        if isinstance(item, Article):
            checker.prepare(item)

    return prepare


def default_jobs(input_bytes: int) -> int:
    """``--jobs`` when not given: every core for large inputs, one for small ones."""
    if input_bytes < PARALLEL_FROM_BYTES:
        return 1
    from qualitycheck.pipeline.executor import available_cores

    return available_cores()


def input_bytes(paths: list[str], config: Config) -> int:
    """Total size of the files ``paths`` name (standard input counts as small)."""
    total = 0
    for source in discover(
        paths, config.include, config.exclude, base=config.base, force_exclude=config.force_exclude
    ):
        location = getattr(source, "location", None)
        if location is not None:
            try:
                total += location.stat().st_size
            except OSError:
                continue
        if total >= PARALLEL_FROM_BYTES:
            break
    return total
