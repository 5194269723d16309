"""Literal prefilters: skip a rule for an article that cannot contain a match.

Most rules look for words a typical article never uses ("privacy policy",
"share this", "according to some"), yet a regular expression has to be run
on every line to find that out, and the ``regex`` engine has no literal
scan: 40 rules cost about 0.2 ms each per article even when nothing matches.
From a pattern's syntax tree we derive a small set of strings such that every
match contains at least one of them; when none occurs in the article (one
``in`` test per string, in C), the rule cannot match and is skipped.

The tree is the one the ``regex`` package itself builds
(:func:`qualitycheck.primitives.saferegex.parse`), so syntax only it knows
(POSIX classes, fuzzy matching, ``\\g<1>``, set operations) means what it
means when the pattern runs. The sets only ever over-approximate: anything
the analysis does not understand (a class, a reference, fuzzy matching)
means "no prefilter", and so does a pattern whose analysis would take more
than ``WORK_LIMIT`` steps. Comparisons are made after case folding on
both sides (``str.casefold``, and the Turkish dotless ``ı`` read as ``i``,
as the ``regex`` package reads it when ignoring case); a letter matched
without case whose cases still fold apart breaks the run of certain text. A
test runs every shipped rule and a list of regex-only syntax with and without
prefilters and demands the same findings.
"""

from __future__ import annotations

import functools
import importlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

import regex

from qualitycheck.document.article import Article
from qualitycheck.primitives.patternfacts import remembered
from qualitycheck.primitives.saferegex import parse

_core: Any = importlib.import_module("regex._regex_core")
_cases: Any = importlib.import_module("regex._regex").get_all_cases

#: Most strings kept per set (products of alternatives grow fast).
LIMIT = 64
#: Longest string kept in an exact set (``a{1000}`` is not worth spelling out).
LONGEST = 200
#: Steps (nodes visited, strings joined) the analysis of one pattern may take.
WORK_LIMIT = 200_000
#: Longest pattern analysed: generated phrase alternations are longer than a
#: hand-written pattern may be, and their analysis stays linear.
MAX_ANALYSED_LENGTH = 1_000_000

# A node's analysis: the exact set of strings it can match (None: unknown or
# too many) and a set one of which every match contains (None: none known).
_Info = tuple[frozenset[str] | None, frozenset[str] | None]
_EMPTY: frozenset[str] = frozenset({""})
_UNKNOWN: _Info = (None, None)


class _TooMuchWork(Exception):
    """The analysis ran past ``WORK_LIMIT``: no prefilter for this pattern."""


def _score(strings: frozenset[str] | None) -> tuple[int, int]:
    """How selective a required set is: its shortest string, then fewer strings."""
    if not strings:
        return (0, 0)
    return (min(len(s) for s in strings), -len(strings))


def _best(*candidates: frozenset[str] | None) -> frozenset[str] | None:
    chosen = max(candidates, key=_score)
    return chosen if _score(chosen)[0] > 0 else None


def _union(sets: list[frozenset[str]] | None) -> frozenset[str] | None:
    if not sets:
        return None
    union = frozenset().union(*sets)
    return union if len(union) <= LIMIT else None


@functools.lru_cache(maxsize=4096)
def _letter(code: int, case_flags: int, casefold: bool) -> frozenset[str] | None:
    """The strings one character of a pattern can stand for in the compared
    view (``None``: full case folding, which matches across lengths)."""
    if case_flags & _core.FULLIGNORECASE == _core.FULLIGNORECASE:
        return None
    codes = {code}
    if case_flags & regex.IGNORECASE:
        codes.update(_cases(regex.IGNORECASE | regex.UNICODE, code))
    return frozenset(_fold(chr(c)) if casefold else chr(c) for c in codes)


#: Besides case folding, the "text" view drops the dot above and reads the
#: dotless ``ı`` as ``i``: ignoring case, the ``regex`` package matches ``I``
#: with ``ı`` and ``i`` with ``İ`` (folded ``i̇``), which ``str.casefold``
#: keeps apart. Both are per-character maps, so a match inside a text stays
#: inside it once both are mapped.
_DOTLESS = str.maketrans({"ı": "i", "\u0307": None})


def _fold(text: str) -> str:
    return text.casefold().translate(_DOTLESS)


class _Analysis:
    """One pattern's analysis, with its work counted."""

    def __init__(self, casefold: bool) -> None:
        self.casefold = casefold
        self.work = 0

    def _step(self, amount: int = 1) -> None:
        self.work += amount
        if self.work > WORK_LIMIT:
            raise _TooMuchWork

    def _product(self, left: frozenset[str], right: frozenset[str]) -> frozenset[str] | None:
        count = len(left) * len(right)
        if count > LIMIT:
            return None
        self._step(count)
        joined = frozenset(a + b for a in left for b in right)
        return joined if all(len(s) <= LONGEST for s in joined) else None

    def _join(self, infos: Iterable[_Info]) -> _Info:
        """The analysis of a sequence of nodes, from theirs."""
        exact: frozenset[str] | None = _EMPTY
        run: frozenset[str] = _EMPTY  # product of the current run of exact nodes
        required: frozenset[str] | None = None
        for node_exact, node_required in infos:
            required = _best(required, node_required)
            if node_exact is None:
                exact = None
                required = _best(required, run)
                run = _EMPTY
                continue
            if exact is not None:
                exact = self._product(exact, node_exact)
            joined = self._product(run, node_exact)
            if joined is None:  # too many: close the run, start again here
                required = _best(required, run)
                joined = node_exact
            run = joined
        required = _best(required, run, exact)
        return exact, required

    def _letters(self, codes: Iterable[int], case_flags: int) -> Iterator[_Info]:
        """Literal characters as they join a sequence. A letter whose cases
        fold apart (ignoring case, ``ß`` also matches a letter newer than
        Python's case tables) breaks the run of certain text: spelling out
        every combination would multiply the strings, and each string costs a
        scan of the article."""
        for code in codes:
            variants = _letter(code, case_flags, self.casefold)
            yield (variants, None) if variants is not None and len(variants) == 1 else _UNKNOWN

    def _pieces(self, node: Any) -> Iterator[_Info]:
        if isinstance(node, _core.Character) and node.positive and not node.zerowidth:
            yield from self._letters([node.value], node.case_flags)
        elif isinstance(node, _core.String):
            yield from self._letters(node.characters, node.case_flags)
        else:
            yield self.node(node)

    def _spelled(self, sets: list[frozenset[str]]) -> frozenset[str] | None:
        """Every way to pick one string of each set in turn (None: too many)."""
        exact: frozenset[str] | None = _EMPTY
        for strings in sets:
            exact = self._product(exact, strings) if exact is not None else None
        return exact

    def _set(self, node: Any) -> _Info:
        """A character class of plain characters (``[Pp]``), else unknown."""
        if not node.positive or node.zerowidth or not isinstance(node, _core.SetUnion):
            return _UNKNOWN
        members: set[str] = set()
        for item in node.items:
            if not isinstance(item, _core.Character) or not item.positive or item.zerowidth:
                return _UNKNOWN
            letter = _letter(item.value, node.case_flags | item.case_flags, self.casefold)
            if letter is None:
                return _UNKNOWN
            members |= letter
        return (frozenset(members), None) if len(members) <= LIMIT else _UNKNOWN

    def _branch(self, branches: list[Any]) -> _Info:
        exacts: list[frozenset[str]] | None = []
        requireds: list[frozenset[str]] | None = []
        for branch in branches:
            branch_exact, branch_required = self.node(branch)
            if branch_exact is None:
                exacts = None
            elif exacts is not None:
                exacts.append(branch_exact)
            chosen = _best(branch_required, branch_exact)
            if chosen is None:
                requireds = None
            elif requireds is not None:
                requireds.append(chosen)
        return _union(exacts), _union(requireds)

    def _repeat(self, node: Any) -> _Info:
        low, high = node.min_count, node.max_count
        inner_exact, inner_required = self.node(node.subpattern)
        if low == 0:
            if high == 1 and inner_exact is not None and len(inner_exact) < LIMIT:
                return inner_exact | _EMPTY, None
            return _UNKNOWN
        exact = None
        if low == high and inner_exact is not None:
            longest = max(len(s) for s in inner_exact)
            if low * longest <= LONGEST:
                exact = self._spelled([inner_exact] * low)
        return exact, _best(inner_required, inner_exact)

    def node(self, node: Any) -> _Info:
        """What one parse-tree node can match."""
        self._step()
        if isinstance(node, _core.Character):
            if not node.positive or node.zerowidth:
                return _UNKNOWN
            return self._join(self._pieces(node))
        if isinstance(node, _core.String):
            return self._join(self._pieces(node))
        if isinstance(node, _core.Sequence):
            return self._join(info for item in node.items for info in self._pieces(item))
        if isinstance(node, _core.Branch) and not isinstance(node, _core.StringSet):
            return self._branch(node.branches)
        if isinstance(node, _core.Group | _core.Atomic):
            # Atomic groups and inline flags need no care: they only ever
            # narrow the matches, and strings are compared case-folded.
            return self.node(node.subpattern)
        if isinstance(node, _core.GreedyRepeat):  # lazy and possessive ones too
            return self._repeat(node)
        if isinstance(node, _core.LookAround | _core.ZeroWidthBase):
            return _EMPTY, None  # zero width: consumes nothing
        if isinstance(node, _core.SetBase):
            return self._set(node)
        return _UNKNOWN  # any character, properties, references, fuzzy matching...


def required_strings(
    pattern: str, casefold: bool = True, ignore_case: bool = False
) -> frozenset[str] | None:
    """Strings one of which every match of ``pattern`` (compiled to ignore case
    or not) contains, case-folded unless ``casefold`` is false (``None`` when
    no useful set is known; remembered, :mod:`qualitycheck.primitives.patternfacts`)."""
    key = (pattern, casefold, ignore_case, LIMIT, LONGEST, WORK_LIMIT, MAX_ANALYSED_LENGTH)
    return remembered("strings", key, lambda: _required(pattern, casefold, ignore_case))


def _required(pattern: str, casefold: bool, ignore_case: bool) -> frozenset[str] | None:
    try:
        tree = parse(pattern, ignore_case, max_length=MAX_ANALYSED_LENGTH).tree
        _exact, required = _Analysis(casefold).node(tree)
    except (regex.error, _TooMuchWork, RecursionError):
        return None
    if required is None:
        return None
    return required if all(required) else None


@dataclass(frozen=True)
class Prefilter:
    """Strings, one of which must occur in a view of the article for a rule to
    have a chance: ``"text"``, the blocks case-folded (see :func:`_fold`;
    strings folded the same way), or ``"folded"``, the blocks as phrase
    matching folds them."""

    strings: frozenset[str]
    view: str = "text"

    def may_match(self, article: Article) -> bool:
        text = view_text(article, self.view)
        return any(s in text for s in self.strings)


def _undotted(folded: str) -> str:
    """Case-folded text with the dotless i and the combining dot mapped as the
    ``"text"`` prefilters' strings are (rare: most texts need no mapping)."""
    if "ı" in folded or "\u0307" in folded:
        return folded.translate(_DOTLESS)
    return folded


def line_text_view(text: str) -> str:
    """One line as ``"text"`` prefilters compare their strings with it: the
    article's view (:func:`view_text`) is its lines' views joined by newlines,
    so a string in a match inside the line occurs in this."""
    return _undotted(text.casefold())


def view_text(article: Article, view: str) -> str:
    """The article as prefilters of ``view`` compare their strings with it."""
    if view == "text":
        return _undotted(article.casefolded_text)
    return article.folded_text


def prefilter(
    patterns: Iterable[str], view: str = "text", ignore_case: bool = False
) -> Prefilter | None:
    """The prefilter of "any of these patterns matches" (``None``: none known)."""
    strings: set[str] = set()
    for pattern in patterns:
        found = required_strings(pattern, view == "text", ignore_case)
        if found is None:
            return None
        strings |= found
    return Prefilter(frozenset(strings), view) if strings else None


def alternatives(*found: Prefilter | None) -> tuple[Prefilter, ...] | None:
    """A rule's prefilters when it matches through any of several parts (cue
    phrases or cue patterns): ``None`` as soon as one part has none."""
    if not found or any(part is None for part in found):
        return None
    return tuple(part for part in found if part is not None)


def may_match(
    prefilters: tuple[Prefilter, ...] | None, article: Article, candidates: Any = None
) -> bool:
    """Whether a rule could match ``article``: true when it has no prefilter,
    else when one of its prefilters (each covering some of its patterns) passes.
    ``candidates`` (the engine's :class:`~qualitycheck.detect.rules.fastpath.Candidates`
    for the article, when it has them) answers from one pass over the article."""
    if prefilters is None:
        return True
    if candidates is not None:
        return bool(candidates.may_match(prefilters))
    return any(p.may_match(article) for p in prefilters)
