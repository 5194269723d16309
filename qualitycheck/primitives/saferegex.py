"""Regular expressions from rule packs, bounded in size and in time.

Editors write patterns, and a pattern can stop a run in two ways; both are
bounded here, so a bad pattern costs a warning or a load error, never the run.

**Size.** The ``regex`` package writes fixed repeats out when it compiles:
``(?:a{65535}){65535}`` needs four billion nodes (it was killed at 24 GB), an
alternation repeated 200,000 times overflows the C stack, and groups nested a
few hundred deep exhaust Python's recursion. :func:`check_pattern` reads a
rule's patterns with the ``regex`` package's own parser, which writes nothing
out, and refuses them before they are compiled when they are longer than
``MAX_PATTERN_LENGTH`` characters, nested deeper than ``MAX_NESTING`` or
larger than ``MAX_COMPILED_SIZE`` nodes once every repeat is written out,
all of one option's patterns together.

**Time.** A pattern such as ``(a|aa)+$`` takes exponential time on the wrong
line. Every search runs with a timeout in CPU seconds (the ``regex`` package's
own clock) and draws on the rule's :class:`Budget` for the article and its
budget for the run (:class:`Spending`). A search that runs out raises
:class:`PatternTimeout`; the engine skips the rule for the rest of the
article, or, once the run budget is spent, for the rest of the run. What a
search spends is the CPU time of its own thread (``thread_time``): threads
that share a checker (a Dask worker's, an API user's) must not spend each
other's budgets, or the findings would depend on what ran beside them.
The ``regex`` package's clock, though, is the whole process's CPU time,
counted from the moment a search starts (a lazy ``finditer`` keeps counting
while it is suspended): with other threads busy it can expire before this
thread has spent its timeout. Such an expiry is not the pattern's doing, so
the search resumes where it stopped (after the last match it gave) with
what this thread has left; only a thread's own CPU time ends a search.

The same parse tree is what :func:`combine_patterns` looks at before joining
patterns and what :mod:`qualitycheck.detect.rules.literals` derives prefilters
from, so all three read a pattern exactly as the engine that runs it does.
"""

from __future__ import annotations

import importlib
from collections.abc import Iterator
from contextvars import ContextVar
from time import thread_time
from typing import Any, NamedTuple

import regex

from qualitycheck.primitives.patternfacts import remembered

#: The ``regex`` package's parser (private, but it is the engine's own reading
#: of a pattern; ``tests/test_rule_safety.py`` notices if it changes).
_core: Any = importlib.import_module("regex._regex_core")

#: Longest pattern accepted, in characters (all patterns of one option together).
MAX_PATTERN_LENGTH = 20_000
#: Deepest nesting of the parse tree (about two levels per group).
MAX_NESTING = 100
#: Most nodes the patterns of one option may compile to, every repeat written
#: out as the ``regex`` package does (``a{1000}`` is about 1,000 nodes,
#: ``(?:ab|cd){100}`` about 700, and ``(?:(?:a+)+)+`` doubles with every level).
MAX_COMPILED_SIZE = 100_000

#: CPU seconds a rule's searches may take in one article, beyond what they
#: earn (:data:`EARNED_PER_SEARCH`, :data:`EARNED_PER_MILLION`); also the most
#: one search may take when no budget applies.
ARTICLE_BUDGET = 0.25
#: CPU seconds a rule's searches may take in one run (per process with
#: ``--jobs``), beyond what they earn; a rule past it is disabled for the run.
RUN_BUDGET = 1.0
#: CPU seconds every search earns: a sound pattern needs a few microseconds
#: per line, and time in proportion to the text (a 20 MB paragraph takes the
#: shipped rules up to a second).
EARNED_PER_SEARCH = 0.0001
EARNED_PER_MILLION = 0.25


class PatternTimeout(Exception):
    """A rule's pattern ran out of its time budget (:class:`Budget`)."""


class PatternRefused(regex.error):
    """A pattern too long, too deeply nested or too large to compile safely."""


def _flags(ignore_case: bool) -> int:
    return (regex.IGNORECASE if ignore_case else 0) | regex.VERSION0


class Parsed(NamedTuple):
    """A pattern as the ``regex`` package reads it."""

    tree: Any  # a node of ``regex._regex_core``
    sets_flags: bool  # inline flags that apply to the whole pattern, e.g. ``a(?i)b``


def parse(pattern: str, ignore_case: bool = False, max_length: int = MAX_PATTERN_LENGTH) -> Parsed:
    """The parse tree of ``pattern``, the way :func:`compile_pattern` compiles it.

    Raises ``regex.error`` when the pattern is invalid and
    :class:`PatternRefused` when it is longer than ``max_length`` or nested too
    deeply to parse. (Parsing takes time in proportion to the pattern and
    writes no repeat out.)
    """
    if len(pattern) > max_length:
        raise PatternRefused(f"longer than {max_length:,} characters")
    flags = _flags(ignore_case)
    scoped = _core.Info(flags).flags
    try:
        while True:  # as regex.compile does: restart once a flag turns out global
            source = _core.Source(pattern)
            info = _core.Info(flags, source.char_type, {})
            source.ignore_space = bool(info.flags & regex.VERBOSE)
            try:
                tree = _core._parse_pattern(source, info)
            except _core._UnscopedFlagSet:
                flags = info.global_flags
                continue
            if not source.at_end():
                raise regex.error("unbalanced parenthesis", pattern, source.pos)
            return Parsed(tree, info.flags != scoped or flags != _flags(ignore_case))
    except RecursionError:
        raise PatternRefused(f"nested more than {MAX_NESTING // 2} groups deep") from None
    except ValueError as exc:  # e.g. (?V1) in a pattern compiled as version 0
        raise regex.error(str(exc), pattern) from None


def _children(node: Any) -> Iterator[Any]:
    """The sub-patterns of a parse-tree node, whatever its kind."""
    for name, value in vars(node).items():
        if name.startswith("_"):  # ``_key``: a hashable copy of the fields
            continue
        if isinstance(value, _core.RegexBase):
            yield value
        elif isinstance(value, list | tuple):
            yield from (item for item in value if isinstance(item, _core.RegexBase))


#: Nodes that mean the same alone and inside a larger alternation. Anything
#: else (group references and calls, conditionals, ``\K``, backtracking verbs,
#: ``\G``) keeps its pattern compiled on its own.
_LOCAL = frozenset(
    """Sequence Branch Group Atomic LookAround GreedyRepeat LazyRepeat PossessiveRepeat
    Fuzzy Character String Literal Property Range SetUnion SetInter SetDiff SetSymDiff
    Any AnyAll AnyU Grapheme Boundary DefaultBoundary StartOfWord EndOfWord
    DefaultStartOfWord DefaultEndOfWord StartOfLine StartOfLineU EndOfLine EndOfLineU
    StartOfString EndOfString EndOfStringLine EndOfStringLineU Failure""".split()
)


class Shape(NamedTuple):
    """What :func:`check_pattern` and :func:`combine_patterns` need to know."""

    size: int  # nodes once every repeat is written out as the regex package does
    depth: int  # levels of the parse tree
    local: bool  # can be joined with other patterns into one alternation


def _measure(node: Any, depth: int) -> Shape:
    if depth > MAX_NESTING:  # stop early: the caller refuses it anyway
        return Shape(0, depth, False)
    size, deepest, local = 1, depth, type(node).__name__ in _LOCAL
    for child in _children(node):
        inner = _measure(child, depth + 1)
        size += inner.size
        deepest = max(deepest, inner.depth)
        local = local and inner.local
    if isinstance(node, _core.GreedyRepeat):  # lazy and possessive ones too
        # Compiled as its minimum number of copies plus one for the rest:
        # ``a{3}`` and ``a{3,}`` are four copies of ``a``, ``a+`` two, ``a*`` one.
        size = 1 + (size - 1) * (node.min_count + 1)
    return Shape(size, deepest, local)


def shape(pattern: str, ignore_case: bool = False) -> Shape:
    """The size, depth and joinability of a pattern (remembered,
    :mod:`qualitycheck.primitives.patternfacts`: validation, the line rules'
    alternations and the subsets they join while articles are checked all ask)."""
    key = (pattern, ignore_case, MAX_PATTERN_LENGTH, MAX_NESTING)
    size, depth, local = remembered("shape", key, lambda: tuple(_shape(pattern, ignore_case)))
    return Shape(size, depth, bool(local))


def _shape(pattern: str, ignore_case: bool) -> Shape:
    parsed = parse(pattern, ignore_case)
    measured = _measure(parsed.tree, 1)
    if measured.depth > MAX_NESTING:
        raise PatternRefused(f"nested more than {MAX_NESTING // 2} groups deep")
    return measured._replace(local=measured.local and not parsed.sets_flags)


def _refuse_large(patterns: list[str]) -> None:
    together = "together " if len(patterns) > 1 else ""
    if sum(len(pattern) for pattern in patterns) > MAX_PATTERN_LENGTH:
        raise PatternRefused(f"{together}longer than {MAX_PATTERN_LENGTH:,} characters")
    size = sum(shape(pattern).size for pattern in patterns)
    if size > MAX_COMPILED_SIZE:
        raise PatternRefused(
            f"{together}would compile to about {size:,} nodes once repeats are written "
            f"out, more than {MAX_COMPILED_SIZE:,}: use smaller repeat counts ('*' and '?' "
            "cost the least)"
        )


def compile_pattern(pattern: str, ignore_case: bool = False) -> Any:
    """Compile a user pattern (``regex.error`` when invalid,
    :class:`PatternRefused` when too large to compile safely)."""
    _refuse_large([pattern])
    return regex.compile(pattern, _flags(ignore_case))


class LazyPattern:
    """A pattern the rules search with :func:`finditer` and :func:`fullmatch`,
    compiled at its first search (most rules never search in a short run:
    their prefilters and the screen rule them out), its size refused at once.
    ``pattern`` is the source, as on a compiled pattern."""

    __slots__ = ("_compiled", "flags", "pattern")

    def __init__(self, pattern: str, flags: int) -> None:
        self.pattern = pattern
        self.flags = flags
        self._compiled: Any = None

    def compiled(self) -> Any:
        if self._compiled is None:
            self._compiled = regex.compile(self.pattern, self.flags)
        return self._compiled

    def __reduce__(self) -> tuple[Any, ...]:
        return (LazyPattern, (self.pattern, self.flags))


def lazy_pattern(pattern: str, ignore_case: bool = False) -> LazyPattern:
    """:func:`compile_pattern`, compiled at the first search (checked for size now;
    packs validate their patterns with :func:`check_pattern` before)."""
    _refuse_large([pattern])
    return LazyPattern(pattern, _flags(ignore_case))


def combine_patterns(patterns: list[str], ignore_case: bool = False) -> list[LazyPattern]:
    """The patterns as few expressions as possible: one alternation for all that
    can be joined (one call, one timeout set-up per line instead of one per
    pattern), the rest alone, each compiled at its first search.
    ``fullmatch``/``search`` of the alternation succeeds exactly when one of the
    patterns would."""
    joinable = [p for p in patterns if shape(p).local]
    alone = [p for p in patterns if not shape(p).local]
    compiled = [lazy_pattern(p, ignore_case) for p in alone]
    if len(joinable) == 1:
        compiled.insert(0, lazy_pattern(joinable[0], ignore_case))
    elif joinable:
        _refuse_large(joinable)
        joined = "|".join(f"(?:{p})" for p in joinable)
        compiled.insert(0, LazyPattern(joined, _flags(ignore_case)))
    return compiled


def pattern_groups(pattern: str) -> int:
    """The capture groups of a valid pattern (remembered)."""
    return remembered("groups", pattern, lambda: int(compile_pattern(pattern).groups))


def check_pattern(value: Any) -> str | None:
    """Option validator: the value (or each item) compiles, and all of them
    together stay within the size limits (the answer remembered per list of
    patterns and limits, :mod:`qualitycheck.primitives.patternfacts`)."""
    patterns = value if isinstance(value, list) else [value]
    if not all(isinstance(pattern, str) for pattern in patterns):
        return _check_patterns(patterns)
    key = (*patterns, MAX_PATTERN_LENGTH, MAX_NESTING, MAX_COMPILED_SIZE, regex.__version__)
    return remembered("check", key, lambda: _check_patterns(patterns))


def _check_patterns(patterns: list[Any]) -> str | None:
    for pattern in patterns:
        try:
            compiled = compile_pattern(pattern)
        except PatternRefused as exc:
            return f"regular expression {shown_pattern(pattern)} refused: {exc}"
        except regex.error as exc:
            return f"invalid regular expression {shown_pattern(pattern)}: {exc}"
        if compiled.fullmatch("") is not None:
            # An empty match marks no words: such a rule loaded and never fired.
            return (
                f"regular expression {shown_pattern(pattern)} matches the empty string; "
                "make it match at least one character"
            )
    try:
        _refuse_large(patterns)
    except PatternRefused as exc:
        return f"regular expressions refused: {exc}"
    return None


def shown_pattern(pattern: str) -> str:
    """A pattern as an error message quotes it (cut after 80 characters)."""
    return repr(pattern if len(pattern) <= 80 else pattern[:77] + "...")


class Budget:
    """CPU seconds a rule's searches may still take: a leaky bucket.

    It holds at most ``capacity`` seconds. Each search first earns its fair
    share (:data:`EARNED_PER_SEARCH` plus :data:`EARNED_PER_MILLION` per
    million characters), may then take all that is left, and what it took is
    subtracted. A sound pattern stays far below its earnings and never touches
    the capacity; a catastrophic one empties the bucket after ``capacity``
    seconds however many lines it is given, and cannot have saved up more
    than ``capacity`` from earlier cheap searches.
    """

    __slots__ = ("capacity", "left")

    def __init__(self, capacity: float) -> None:
        self.capacity = capacity
        self.left = capacity

    @property
    def spent(self) -> bool:
        """Whether nothing is left (a search ran out of this budget)."""
        return self.left <= 0

    def available(self, earned: float) -> float:
        """What a search that earns ``earned`` may take."""
        left = self.left
        return (left if left < self.capacity else self.capacity) + earned

    def charge(self, earned: float, took: float) -> None:
        self.left = self.available(earned) - took


class Spending:
    """Searches inside the ``with`` block draw on ``article`` and ``run``, a
    rule's budgets for this article and for the run; outside one, each search
    may take :data:`ARTICLE_BUDGET` plus what it earns."""

    __slots__ = ("article", "run", "token")

    def __init__(self, article: Budget, run: Budget) -> None:
        self.article = article
        self.run = run

    def __enter__(self) -> None:
        self.token = _SPENDING.set(self)

    def __exit__(self, *exc: object) -> None:
        _SPENDING.reset(self.token)

    def timeout(self, earned: float) -> float:
        """The timeout of a search that earns ``earned``."""
        article, run = self.article.available(earned), self.run.available(earned)
        return article if article < run else run

    def charge(self, earned: float, took: float) -> None:
        self.article.charge(earned, took)
        self.run.charge(earned, took)


_SPENDING: ContextVar[Spending | None] = ContextVar("spending", default=None)


def _search(pattern: str, text: str) -> tuple[float, float, Spending | None]:
    """The timeout of one search over ``text``, what it earns and the budgets it draws on."""
    earned = EARNED_PER_SEARCH + EARNED_PER_MILLION * len(text) / 1_000_000
    budgets = _SPENDING.get()
    timeout = ARTICLE_BUDGET + earned if budgets is None else budgets.timeout(earned)
    if timeout <= 0:
        raise PatternTimeout(pattern)
    return timeout, earned, budgets


#: Least CPU time (seconds) a search resumes with after the ``regex``
#: package's clock expired early; with less left, the search has timed out.
MIN_RESUMED = 0.001


def _left(pattern: str, timeout: float, started: float) -> float:
    """What a search that the ``regex`` package stopped may still take: the
    rest of its timeout in this thread's CPU time (the package counts the
    whole process's), or :class:`PatternTimeout` when that is spent."""
    left = timeout - (thread_time() - started)
    if left < MIN_RESUMED:
        raise PatternTimeout(pattern)
    return left


def finditer(compiled: Any, text: str) -> Iterator[Any]:
    """Matches of ``compiled`` (or a :class:`LazyPattern`) in ``text``, or
    :class:`PatternTimeout`."""
    if isinstance(compiled, LazyPattern):
        compiled = compiled.compiled()  # before the clock: compiling is not searching
    timeout, earned, budgets = _search(compiled.pattern, text)
    started = thread_time()
    left, position = timeout, 0
    last: tuple[int, int] | None = None
    try:
        while True:
            try:
                for match in compiled.finditer(text, position, timeout=left):
                    span = match.span()
                    if span != last:  # a resumed search gives the last match again
                        last = span
                        yield match
                return
            except TimeoutError:
                if compiled.flags & regex.REVERSE:  # it searched from the end: no resuming
                    raise PatternTimeout(compiled.pattern) from None
                left = _left(compiled.pattern, timeout, started)
                # From the last match's end, as the search itself went on: an
                # empty match there comes again (skipped above), and the match
                # after it is the one the first search would have found.
                position = 0 if last is None else last[1]
    finally:
        if budgets is not None:
            budgets.charge(earned, thread_time() - started)


def fullmatch(compiled: Any, text: str) -> bool:
    """Whether ``compiled`` (or a :class:`LazyPattern`) matches all of ``text``,
    or :class:`PatternTimeout`."""
    if isinstance(compiled, LazyPattern):
        compiled = compiled.compiled()
    timeout, earned, budgets = _search(compiled.pattern, text)
    started = thread_time()
    left = timeout
    try:
        while True:
            try:
                return compiled.fullmatch(text, timeout=left) is not None
            except TimeoutError:
                left = _left(compiled.pattern, timeout, started)
    finally:
        if budgets is not None:
            budgets.charge(earned, thread_time() - started)
