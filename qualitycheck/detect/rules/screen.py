"""A screen for the rules' regular expressions: one RE2 set match per line
tells which patterns may match it, and only those run in the ``regex`` engine.

The ``regex`` package runs each pattern on each line, under a timeout; most
lines match none of them. RE2 (google-re2) matches a whole set of patterns in
one linear-time pass, but knows less syntax and means some of it differently
(``\\w``, ``\\d`` and case folding are ASCII or Unicode-version dependent). So
RE2 never decides a match: each pattern is translated into an RE2 pattern
that matches **at least** every text the original matches (an
over-approximation), and the exact engine, with its time budget, runs only on
lines the screen accepts. A line the screen rejects cannot match.

The translation walks the parse tree the ``regex`` package itself builds
(:func:`qualitycheck.primitives.saferegex.parse`) and only ever widens:

- a literal character becomes the class of every character the ``regex``
  engine matches it with (its own case table, ``K`` with ``k`` and the Kelvin
  sign), spelled as code points;
- anything zero-width (anchors, word boundaries, lookarounds, ``\\K``,
  backtracking verbs) is dropped, a backreference becomes ``.*``;
- a class it cannot spell exactly (properties such as ``\\w`` and ``\\d``,
  set operations, large case-insensitive ranges) becomes "any character", a
  negated class excludes only the characters it names, and ``\\X`` becomes
  ``.+``;
- possessive, atomic and lazy repeats become plain ones, and repeat counts
  beyond :data:`MAX_COUNT` are relaxed to open-ended ones.

Patterns that use what cannot be widened this way (full case folding, fuzzy
matching, conditionals, recursion, named lists), or whose translation RE2
refuses, have no screen and always run. ``tests/test_screen.py`` checks with
generated text that the screen never rejects a line a shipped pattern matches.
"""

from __future__ import annotations

import functools
import importlib
import re
from collections.abc import Iterable
from typing import Any

import regex

from qualitycheck.primitives.patternfacts import remembered
from qualitycheck.primitives.saferegex import parse

_core: Any = importlib.import_module("regex._regex_core")
_cases: Any = importlib.import_module("regex._regex").get_all_cases

#: Repeat counts up to this are kept; larger ones are relaxed to open-ended
#: repeats: ``.{0,200}`` as ``.*``. A counted repeat is a counter the set's
#: DFA must track in every state, and with many patterns in one set the
#: states multiply (49 line patterns: 200 µs a line with their counts kept,
#: a few µs relaxed).
MAX_COUNT = 8
#: Largest case-insensitive range spelled out character by character.
MAX_RANGE = 512
#: Patterns per RE2 set: the states of one set's DFA multiply with its
#: patterns; sets of 16 were the fastest for the 49 shipped line patterns
#: (5 µs a line, against 11 µs in one set and 24 µs one pattern a set).
SET_SIZE = 16
#: Patterns per whole-line set. Those are anchored at the line's start and end
#: (``(?:...)\z`` matched from the start) with an empty sentinel, so the DFA
#: stops as soon as no pattern can still match the line (most lines: after a
#: few characters) instead of reading every line to its end for the sentinel
#: ``(?s:.*)`` a full-match set needs: the 49 shipped line patterns in one set
#: take 0.055 ms a 4 KB article's lines, against 0.100 in four full-match sets.
#: Room for all the shipped anchored line patterns in one set: at 64 the 68 of
#: 2026-12-05 spilled four into a set of their own, one more RE2 call for every
#: line (0.109 against 0.091 ms a 4 KB article's lines, the same answers:
#: measured in docs/performance.md, "Stop 46").
WHOLE_SET_SIZE = 128
#: Memory RE2 may use per set for its program and lazy DFA (RE2's default;
#: a set that runs out says so, see :meth:`PatternSet.accepts`).
MAX_MEMORY = 8 << 20

# Flags as plain integers (arithmetic on the enum is slow, and the tree has thousands of nodes).
_IGNORECASE = int(regex.IGNORECASE)
_FULLCASE = int(_core.FULLIGNORECASE)
_CASES = int(regex.IGNORECASE | regex.UNICODE)
_ZERO_WIDTH_OK = (_core.ZeroWidthBase, _core.LookAround)
_UNSUPPORTED = (
    _core.Fuzzy,
    _core.Conditional,
    _core.LookAroundConditional,
    _core.CallGroup,
    _core.CallRef,
    _core.StringSet,
    _core.PrecompiledCode,
)


class _NoScreen(Exception):
    """The pattern uses syntax that cannot be widened into RE2 syntax."""


def _code(code: int) -> str:
    if 0xD800 <= code <= 0xDFFF:  # a lone surrogate: RE2 cannot spell it
        raise _NoScreen
    return f"\\x{{{code:x}}}"


@functools.lru_cache(maxsize=4096)
def _variants(code: int, case_flags: int) -> list[int]:
    """The characters the ``regex`` engine matches with ``code``."""
    if case_flags & _FULLCASE == _FULLCASE:
        raise _NoScreen  # full case folding matches across lengths (ß, ss)
    if case_flags & _IGNORECASE:
        return sorted({code, *_cases(_CASES, code)})
    return [code]


def _letter(code: int, case_flags: int) -> str:
    codes = _variants(code, case_flags)
    if len(codes) == 1:
        return _code(codes[0])
    return "[" + "".join(_code(c) for c in codes) + "]"


_ASCII = frozenset(range(128))
_has_property: Any = importlib.import_module("regex._regex").has_property_value


@functools.lru_cache(maxsize=1024)
def _property_members(value: int, flags: int, widen: bool) -> frozenset[int]:
    """The ASCII characters with a property. Ignoring case, a character one of
    whose cases has it may match: in when widening; when narrowing, only if
    all of them have it."""
    test = any if widen else all
    return frozenset(
        c for c in _ASCII if test(_has_property(value, v) for v in _variants(c, flags))
    )


def _ascii(node: Any, over: bool, case_flags: int = 0) -> frozenset[int]:
    """The ASCII characters a one-character node matches: at least all of them
    (``over``), or only ones it surely matches (``not over``, for what a
    negated class leaves out). Found with the ``regex`` package's own tables."""
    flags = case_flags | getattr(node, "case_flags", 0)
    positive = getattr(node, "positive", True)
    if isinstance(node, _core.Character | _core.Range):
        if isinstance(node, _core.Character):
            low, high = node.value, node.value
        else:
            low, high = node.lower, node.upper
        inside = set(range(low, min(high, 127) + 1))
        widen = over if positive else not over
        if widen and flags & _IGNORECASE:
            if high - low > MAX_RANGE:
                inside = set(_ASCII)
            else:
                inside = {v for c in range(low, high + 1) for v in _variants(c, flags) if v < 128}
        members = frozenset(inside)
    elif isinstance(node, _core.Property):
        members = _property_members(node.value, flags, over if positive else not over)
    elif isinstance(node, _core.SetUnion):
        inner_over = over if positive else not over
        members = frozenset().union(*(_ascii(item, inner_over, flags) for item in node.items))
    elif isinstance(node, _core.AnyAll | _core.AnyU | _core.SetBase):
        return _ASCII if over else frozenset()  # set operations: not worked out
    elif isinstance(node, _core.Any):
        return _ASCII - {10} if over else frozenset()
    else:
        raise _NoScreen
    return members if positive else _ASCII - members


def _single(node: Any) -> str:
    """A one-character node: exactly, when it is a plain class (``[A-Za-z]``,
    ``[«»]``), else its ASCII members exactly and any other character."""
    if isinstance(node, _core.SetUnion) and node.positive:
        inside = [_class_items(item, node.case_flags) for item in node.items]
        if inside and all(part is not None for part in inside):
            return "[" + "".join(part for part in inside if part is not None) + "]"
    if isinstance(node, _core.Range) and node.positive:
        inside_range = _class_items(node, 0)
        if inside_range is not None:
            return "[" + inside_range + "]"
    return "[" + _ranges(sorted(_ascii(node, over=True))) + "\\x{80}-\\x{10ffff}]"


def _ranges(codes: list[int]) -> str:
    """Sorted code points as the inside of a class, runs written as ranges."""
    parts: list[str] = []
    index = 0
    while index < len(codes):
        last = index
        while last + 1 < len(codes) and codes[last + 1] == codes[last] + 1:
            last += 1
        first_code, last_code = codes[index], codes[last]
        parts.append(
            _code(first_code)
            if first_code == last_code
            else f"{_code(first_code)}-{_code(last_code)}"
        )
        index = last + 1
    return "".join(parts)


def _class_items(node: Any, case_flags: int) -> str | None:
    """The inside of an RE2 class for a plain member of a set (``None``: not
    a plain character or range)."""
    flags = case_flags | getattr(node, "case_flags", 0)
    if isinstance(node, _core.Character) and node.positive and not node.zerowidth:
        return "".join(_code(c) for c in _variants(node.value, flags))
    if isinstance(node, _core.Range) and node.positive:
        if not flags & _IGNORECASE:
            return _code(node.lower) + "-" + _code(node.upper)
        if node.upper - node.lower > MAX_RANGE:
            return None
        codes: set[int] = set()
        for code in range(node.lower, node.upper + 1):
            codes.update(_variants(code, flags))
        return "".join(_code(c) for c in sorted(codes))
    return None


def _repeat(node: Any) -> str:
    inner = _translate(node.subpattern)
    low, high = node.min_count, node.max_count
    if high is None or high > MAX_COUNT:  # None: unbounded
        low = min(low, MAX_COUNT)
        suffix = "*" if low == 0 else ("+" if low == 1 else f"{{{low},}}")
    elif low == high:
        suffix = "" if low == 1 else f"{{{low}}}"
    else:
        suffix = "?" if (low, high) == (0, 1) else f"{{{low},{high}}}"
    if not suffix:
        return inner
    return f"(?:{inner}){suffix}" if inner else ""


def _translate(node: Any) -> str:
    """An RE2 pattern that matches every text ``node`` can match."""
    if isinstance(node, _UNSUPPORTED):
        raise _NoScreen
    if isinstance(node, _ZERO_WIDTH_OK):
        return ""
    if isinstance(node, _core.Character):
        if node.zerowidth:
            return ""
        if node.positive:
            return _letter(node.value, node.case_flags)
        return _single(node)
    if isinstance(node, _core.String):  # Literal too
        return "".join(_letter(code, node.case_flags) for code in node.characters)
    if isinstance(node, _core.Sequence):
        return "".join(_translate(item) for item in node.items)
    if isinstance(node, _core.Branch):
        return "(?:" + "|".join(_translate(branch) for branch in node.branches) + ")"
    if isinstance(node, _core.Group | _core.Atomic):
        inner = _translate(node.subpattern)
        return f"(?:{inner})" if inner else ""
    if isinstance(node, _core.GreedyRepeat):  # lazy and possessive ones too
        return _repeat(node)
    if isinstance(node, _core.RefGroup):
        return r"(?s:.*)"
    if isinstance(node, _core.Grapheme):
        return r"(?s:.+)"
    if isinstance(node, _core.Any | _core.Property | _core.Range | _core.SetBase):
        return "" if getattr(node, "zerowidth", False) else _single(node)
    raise _NoScreen  # a node this module does not know


def set_options() -> Any:
    """RE2 options of every screen and literal set: a DFA budget, no captures."""
    import re2

    options = re2.Options()
    options.max_mem = MAX_MEMORY
    options.never_capture = True
    return options


def widened(pattern: str, ignore_case: bool = False) -> str | None:
    """The RE2 over-approximation of ``pattern`` compiled to ignore case or not
    (``None``: no screen; the pattern always runs; remembered,
    :mod:`qualitycheck.primitives.patternfacts`)."""
    key = (pattern, ignore_case, MAX_COUNT, MAX_RANGE)
    return remembered("widened", key, lambda: _widened(pattern, ignore_case))


def _widened(pattern: str, ignore_case: bool) -> str | None:
    try:
        return _translate(parse(pattern, ignore_case).tree)
    except (_NoScreen, regex.error, RecursionError):
        return None


def _compiles(translated: str) -> bool:
    """Whether RE2 compiles a translation (remembered)."""
    return remembered("compiles", (translated, MAX_MEMORY), lambda: _re2_compiles(translated))


def _re2_compiles(translated: str) -> bool:
    import re2

    try:
        re2.compile(translated, set_options())
    except re2.error:
        return False
    return True


#: A widened ``.`` and ``(?s:.)`` (``_single``) as a repeat's inside.
_ANY_RUNS = tuple(
    f"(?:[{_ranges(sorted(members))}\\x{{80}}-\\x{{10ffff}}])"
    for members in (_ASCII - {10}, _ASCII)
)
_OPEN_COUNT = re.compile(r"[*+]|\{\d+,\}")


def _any_run(translated: str) -> bool:
    """Whether a widened pattern starts with an open-ended run of any
    character (``.*``, ``.+``, ``.{0,200}`` and ``.{10,300}`` widened): it may start
    matching anywhere in a line."""
    for run in _ANY_RUNS:
        if translated.startswith(run) and _OPEN_COUNT.match(translated, len(run)):
            return True
    return False


class PatternSet:
    """Patterns matched together: :meth:`accepts` gives, for one text, the
    indices of the patterns that may match it (searched anywhere in it, or,
    with ``whole``, matching all of it); patterns without a screen are always
    among them."""

    def __init__(self, patterns: Iterable[tuple[str, bool]], whole: bool) -> None:
        import re2

        self.whole = whole
        self.patterns = list(patterns)
        self.always: frozenset[int] = frozenset()
        self._sets: list[tuple[Any, list[int]]] = []  # an RE2 set, its patterns' indices
        #: Per RE2 set (:attr:`sets`), whether its patterns start with an
        #: open-ended run of any character (:func:`_any_run`; whole-line sets).
        self.anywhere: list[bool] = []
        always: set[int] = set()
        screened: list[tuple[int, str]] = []
        for index, (pattern, ignore_case) in enumerate(self.patterns):
            translated = widened(pattern, ignore_case)
            if translated is None or not _compiles(translated):
                always.add(index)
            else:
                screened.append((index, translated))
        size = WHOLE_SET_SIZE if whole else SET_SIZE
        # Whole-line patterns that start with a run of any characters go in sets
        # of their own: a set's DFA tracks every pattern at once, so theirs kept
        # the others' states alive to each line's end and multiplied the states
        # it builds (the first pass over new text: 0.30 -> 0.16 ms an article's
        # lines for the shipped patterns, the same on text seen before).
        groups = (
            [[s for s in screened if not _any_run(s[1])], [s for s in screened if _any_run(s[1])]]
            if whole
            else [screened]
        )
        chunks = [group[i : i + size] for group in groups for i in range(0, len(group), size)]
        for chunk in chunks:
            options = set_options()
            built = re2.Set.MatchSet(options) if whole else re2.Set.SearchSet(options)
            try:
                for _, translated in chunk:
                    built.Add(rf"(?:{translated})\z" if whole else translated)
                # Last, a pattern that matches any text (from its start, for a
                # whole-line set): a set whose DFA ran out of memory answers "no
                # match" for everything, and the missing sentinel tells (the
                # text then has no screen).
                built.Add("" if whole else r"(?s:.*)")
                built.Compile()
            except re2.error:
                always.update(index for index, _ in chunk)
                continue
            # The bound ``Match`` under the wrapper's (which only re-encodes str
            # and turns [] into None): one Python call less per line and set.
            match = getattr(built, "_set", built).Match
            self._sets.append((match, [index for index, _ in chunk]))
            self.anywhere.append(whole and _any_run(chunk[0][1]))
        self.always = frozenset(always)
        self._everything = frozenset(range(len(self.patterns)))

    def __reduce__(self) -> tuple[Any, ...]:
        # RE2 sets do not pickle: a spawned ``--jobs`` worker builds them again.
        return (PatternSet, (self.patterns, self.whole))

    @property
    def sets(self) -> list[tuple[Any, list[int]]]:
        """The RE2 sets, each with its patterns' indices."""
        return self._sets

    def accepts(self, text: str, sets: list[tuple[Any, list[int]]] | None = None) -> frozenset[int]:
        """Indices of the patterns that may match ``text`` (``sets``: only these
        of :attr:`sets` are matched, the caller knowing that no pattern of the
        others matches ``text``)."""
        try:
            encoded = text.encode("utf-8")
        except UnicodeEncodeError:  # lone surrogates: no screen for this text
            return self._everything
        found: set[int] | None = None
        for match, indices in self._sets if sets is None else sets:
            matched = match(encoded) or ()
            sentinel = len(indices)
            if sentinel not in matched:  # the sentinel: the set failed
                return self._everything
            if len(matched) > 1:  # most lines: the sentinel alone, nothing to add
                if found is None:
                    found = set(self.always)
                found.update(indices[position] for position in matched if position < sentinel)
        return self.always if found is None else frozenset(found)
