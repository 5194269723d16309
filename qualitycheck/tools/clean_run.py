"""One ``clean`` run: every input checked, on one process or ``--jobs N``, and
its copy written (or its diff shown), in input order.

The inputs' articles go through :func:`qualitycheck.pipeline.inputs.check_stream`
as ``check``'s do, so ``clean -j 2`` checks on two processes and writes what
``clean -j 1`` writes, byte for byte. Around each input's articles the stream
carries two small marks (where its articles begin and end): the results come
back in input order, and the marks tell which input they belong to, while
the decisions about an input (skipped, the same file again, checked) stay in
the main process. Each input is read as late as the checking reaches it, so
:func:`.clean_plan.version` is taken just before its first read and compared
after its last result, as on one process; an input whose copy cannot be
written stops being read at its next article.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import ExitStack
from dataclasses import dataclass
from pathlib import Path

from qualitycheck.document.article import Article
from qualitycheck.errors import InputError, OutputError, QualitycheckError, os_reason
from qualitycheck.pipeline.checker import Checker
from qualitycheck.pipeline.inputs import check_stream, read_one
from qualitycheck.pipeline.results import ArticleResult
from qualitycheck.primitives.input_warnings import InputWarnings
from qualitycheck.primitives.output import open_output
from qualitycheck.readers.compressed import compression_of
from qualitycheck.readers.decoding import read_cr_lines
from qualitycheck.readers.discovery import shown
from qualitycheck.tools.clean_diff import unified
from qualitycheck.tools.clean_jsonl import JsonlCopy, jsonl_lines
from qualitycheck.tools.clean_plan import (
    NOT_A_FILE,
    NOT_A_FILE_MESSAGE,
    CleanError,
    Target,
    changed,
    output_encoding,
    plan,
    real_place,
    unsafe_output,
    version,
)
from qualitycheck.tools.clean_summary import CleanSummary
from qualitycheck.tools.cleaning import MOST_OF_AN_ARTICLE, clean_source


@dataclass(frozen=True)
class _Mark:
    """Where the articles of the run's input number ``index`` begin (or, with
    ``end``, end) in the checked stream: all that crosses to a worker for it."""

    index: int
    end: bool = False


@dataclass
class _Step:
    """What the run does with one planned input: report ``error``, write
    again the copy of a file already cleaned under another name (``again``),
    or check it (``checked_version`` taken just before its first read)."""

    target: Target | None = None
    error: InputError | OutputError | None = None
    again: bool = False
    place: Path | None = None
    checked_version: tuple[int, int, int] | None = None
    #: Set when the copy cannot be written: the input is read no further.
    abandoned: bool = False


class _NotWritten(Exception):
    """An input whose copy must not be written: unreadable, or changed while
    it was checked (``error``: what to report, ``None`` when it was)."""

    def __init__(self, error: InputError | None) -> None:
        super().__init__()
        self.error = error


def _name(result: ArticleResult) -> str:
    """A JSONL record's id and line, before a message about it ("" for a file)."""
    article = result.article
    return (
        "" if article.record_line is None else f"record {article.id} (line {article.record_line}): "
    )


def _steps(
    planned: list[Target | InputError],
    checker: Checker,
    root: Path | None,
    diff: bool,
    steps: dict[int, _Step],
) -> Iterator[Article | InputError | _Mark]:
    """The stream to check: each planned input's mark (its step in ``steps``)
    and, for one to check, its articles and its end mark."""
    seen: set[Path] = set()
    for index, item in enumerate(planned):
        if isinstance(item, InputError):
            steps[index] = _Step(error=item)
            yield _Mark(index)
            continue
        source, location = item.source, item.source.location
        assert location is not None  # plan() only targets files
        if source.format == "parquet" or compression_of(location.name):
            kind = "Parquet" if source.format == "parquet" else "compressed"
            error = InputError(source.path, f"clean does not rewrite {kind} files; skipped")
            steps[index] = _Step(error=error)
            yield _Mark(index)
            continue
        problem = None if diff or root is None else unsafe_output(item.output, root)
        if problem:
            steps[index] = _Step(error=OutputError(str(item.output), problem))
            yield _Mark(index)
            continue
        place = real_place(location)
        if place in seen:
            if not diff:  # the same file by another name: its copy again (a diff is shown once)
                steps[index] = _Step(item, again=True, place=place)
                yield _Mark(index)
            continue
        seen.add(place)
        # Cleaning reads an input twice (to check it, then to copy it): a pipe
        # would block the second time, and a file changed in between would get
        # the first version's cuts (a JSONL file: in the wrong records).
        checked_version = version(location)
        if checked_version == NOT_A_FILE:
            steps[index] = _Step(error=InputError(source.path, NOT_A_FILE_MESSAGE))
            yield _Mark(index)
            continue
        step = steps[index] = _Step(item, place=place, checked_version=checked_version)
        yield _Mark(index)
        for article in read_one(source, checker.config):
            if step.abandoned:
                break
            yield article
        yield _Mark(index, end=True)


def _articles(stream: Iterator[object]) -> Iterator[ArticleResult | InputError]:
    """The results of one input's articles: the stream up to its end mark."""
    for entry in stream:
        if isinstance(entry, _Mark):
            assert entry.end
            return
        assert isinstance(entry, ArticleResult | InputError)
        yield entry


class _Run:
    """The run's counts and the copies written so far, and what it does with
    each step."""

    def __init__(
        self,
        checker: Checker,
        output_dir: Path | None,
        report_error: Callable[[QualitycheckError], None],
        warn: Callable[[str], None],
        min_severity: str,
        diff: Callable[[str, str], None] | None,
        tick: Callable[[bool], None] | None,
    ) -> None:
        self.output_dir, self.report_error = output_dir, report_error
        self.min_severity, self.diff, self.tick = min_severity, diff, tick
        self.text_field = checker.config.read_settings.text_field
        self.summary = CleanSummary(diffs=None if diff is None else 0)
        self.warnings_shown = InputWarnings(warn)  # (one input's first hundred; the rest counted)
        #: Each real input file checked so far and its copy (None: not written).
        self.done: dict[Path, tuple[Path, str] | None] = {}

    def failed(self, error: InputError | OutputError) -> None:
        if isinstance(error, OutputError):  # a copy's name as every output shows one
            error = OutputError(shown(error.path), error.message)
            self.summary.output_errors.append(error)
        else:
            self.summary.input_errors.append(error)
        self.report_error(error)

    def again(self, target: Target, place: Path) -> None:
        """The same file by another name: its copy, written again."""
        copied = self.done.get(place)
        if copied is None:
            return
        written, encoding = copied
        with written.open(encoding=encoding, newline="") as copy:
            text = copy.read()
        try:
            with open_output(str(target.output), encoding) as stream:
                stream.write(text)
        except OutputError as error:
            self.failed(error)
            return
        self.summary.files += 1

    def clean(self, step: _Step, results: Iterator[ArticleResult | InputError]) -> None:
        """Clean one checked input from its results, and write its copy or diff."""
        target, place = step.target, step.place
        assert target is not None and place is not None
        source, location = target.source, target.source.location
        assert location is not None
        self.done[place] = None
        diff, summary, warnings_shown = self.diff, self.summary, self.warnings_shown
        cleaned: dict[int, str] = {}
        skipped: set[int] = set()
        documents: list[str] = []
        originals: list[str] = []
        warnings: list[str] = []
        encoding, unreadable = "utf-8", False
        found = CleanSummary()  # (counted once the input is read through, unchanged)
        try:
            with ExitStack() as stack:
                copier = None
                if source.format == "jsonl" and diff is None:  # written as it is checked
                    stream = stack.enter_context(open_output(str(target.output)))
                    copier = JsonlCopy(location, self.text_field, stream.write)
                    stack.callback(copier.close)
                    cleaned, skipped = copier.cleaned, copier.skipped
                for result in results:
                    if self.tick is not None:
                        self.tick(isinstance(result, InputError))
                    if isinstance(result, InputError):
                        self.failed(result)
                        if result.line is None:  # not (fully) checked: boilerplate would pass
                            unreadable = True
                            continue
                        skipped.add(result.line)
                        if copier is not None:
                            copier.write_before(result.line)
                        continue
                    # (every warning: clean shows no finding that says the same)
                    for warning in result.warnings:
                        warnings_shown.show(result.article.path, warning)
                    text, count, share = clean_source(result, source.format, self.min_severity)
                    if share > MOST_OF_AN_ARTICLE:
                        warnings_shown.show(
                            result.article.path,
                            f"{_name(result)}clean removed {share:.0%} of its words "
                            f"({count} block{'s' * (count != 1)}); check that the article was "
                            "not taken for boilerplate (--min-severity warning keeps what only "
                            "a hint marks)",
                        )
                    found.articles += 1
                    found.changed += int(count > 0)
                    found.blocks_removed += count
                    line = result.article.record_line
                    if source.format != "jsonl":
                        warnings += result.article.warnings
                        documents.append(text)
                        if diff is not None:
                            original = result.article.source
                            if read_cr_lines(result.article.warnings):
                                original = original.replace("\n", "\r")
                            originals.append(original)
                    elif line is not None:
                        if count:
                            cleaned[line] = text
                        if copier is not None:
                            copier.write_before(line)
                warnings_shown.finish()
                if unreadable:
                    raise _NotWritten(None)
                if version(location) != step.checked_version:
                    raise _NotWritten(InputError(source.path, changed(location)))
                summary.add(found)
                if copier is not None:
                    copier.write_before(None)
            if diff is not None:
                if source.format == "jsonl":
                    with location.open(encoding="utf-8", errors="replace", newline="") as stream:
                        before = stream.read()  # line endings as in the file, as the copy keeps
                    after = "".join(jsonl_lines(location, self.text_field, cleaned, skipped))
                else:
                    before, after = "".join(originals), "".join(documents)
                named = source.path if self.output_dir is None else shown(str(target.output))
                change = unified(before, after, source.path, named)
                if change:  # (in the input's codec: a patch of its bytes)
                    diff(change, output_encoding(location, warnings)[1])
                    summary.diffs = (summary.diffs or 0) + 1
                return
            if source.format != "jsonl":
                bom, encoding = output_encoding(location, warnings)
                with open_output(str(target.output), encoding) as stream:
                    stream.write(bom + "".join(documents))
        except _NotWritten as stop:  # (a copy begun is not renamed into place)
            warnings_shown.finish()
            if stop.error is not None:
                self.failed(stop.error)
            return
        except OutputError as error:
            self.failed(error)
            return
        except BrokenPipeError:  # the diff's reader went away (| head): not the input's fault
            raise
        except OSError as error:  # removed or replaced since the look just above
            self.failed(InputError(source.path, f"cannot read: {os_reason(error)}; not written"))
            return
        self.done[place] = (target.output, encoding)
        summary.files += 1


def clean_inputs(
    checker: Checker,
    paths: list[str],
    output_dir: Path | None,
    report_error: Callable[[QualitycheckError], None],
    warn: Callable[[str], None],
    min_severity: str = "info",
    diff: Callable[[str, str], None] | None = None,
    tick: Callable[[bool], None] | None = None,
    jobs: int = 1,
) -> CleanSummary:
    """Check and clean every input; report input errors and warnings as they come.

    Only blocks with a boilerplate finding at or above ``min_severity`` go:
    ``warning`` trades recall for precision, leaving the lines the models and
    rules are least sure of (docs/accuracy.md, "What clean removes"). With
    ``diff``, each change is handed to it as a unified diff with the input's
    codec, and nothing is written (:mod:`.clean_diff`); ``output_dir`` may be
    ``None``, and the diff goes from each input to itself (a patch of it).
    ``tick`` hears of each article checked (``False``) or record that could
    not be (``True``): a feed of many thousand records takes minutes, and the
    command line shows how far it got. ``jobs`` > 1 checks on that many
    processes; what is written and reported is the same."""
    if output_dir is None and diff is None:  # each input would be its own copy
        raise CleanError("clean needs an output folder, or a diff to show")
    config = checker.config
    run = _Run(checker, output_dir, report_error, warn, min_severity, diff, tick)
    root = None if output_dir is None else output_dir.resolve()
    planned = plan(paths, output_dir, config.include, config.exclude, config.base, warn)
    steps: dict[int, _Step] = {}
    stream = check_stream(checker, _steps(planned, checker, root, diff is not None, steps), jobs)
    for entry in stream:
        assert isinstance(entry, _Mark) and not entry.end
        step = steps.pop(entry.index)
        if step.error is not None:
            run.failed(step.error)
        elif step.again:
            assert step.target is not None and step.place is not None
            run.again(step.target, step.place)
        else:
            results = _articles(stream)
            run.clean(step, results)
            step.abandoned = True  # (whatever of it is left is not read)
            for _ in results:  # the rest of the input's results, up to its end mark
                pass
    run.warnings_shown.end_run()
    return run.summary
