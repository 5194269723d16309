"""Literal prefilters: skip a rule for an article that cannot contain a match.

Most rules look for words a typical article never uses ("privacy policy",
"share this", "according to some"), yet a regular expression has to be run
on every line to find that out, and the ``regex`` engine has no literal
scan: 40 rules cost about 0.2 ms each per article even when nothing matches.
From a pattern's syntax tree we derive a small set of strings such that every
match contains at least one of them; when none occurs in the article (one
``in`` test per string, in C), the rule cannot match and is skipped.

The sets only ever over-approximate: anything the analysis does not
understand (a character class, a back-reference, syntax only the ``regex``
package knows) means "no prefilter", and comparisons are made after
``str.casefold`` on both sides, which is at least as permissive as the
simple case folding of a case-insensitive match. A test runs every shipped
rule with and without its prefilter on many texts and demands the same
findings.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from qualitycheck.document.article import Article

try:  # the parser behind ``re``: private, so any surprise means "no prefilter"
    from re import _constants as _c  # type: ignore[attr-defined]
    from re import _parser as _p  # type: ignore[attr-defined]
except ImportError:  # pragma: no cover - other Python versions
    _c = _p = None

#: Most strings kept per set (products of alternatives grow fast).
LIMIT = 64

# A node's analysis: the exact set of strings it can match (None: unknown or
# too many) and a set one of which every match contains (None: none known).
_Info = tuple[frozenset[str] | None, frozenset[str] | None]
_EMPTY: frozenset[str] = frozenset({""})


def _score(strings: frozenset[str] | None) -> tuple[int, int]:
    """How selective a required set is: its shortest string, then fewer strings."""
    if not strings:
        return (0, 0)
    return (min(len(s) for s in strings), -len(strings))


def _best(*candidates: frozenset[str] | None) -> frozenset[str] | None:
    chosen = max(candidates, key=_score)
    return chosen if _score(chosen)[0] > 0 else None


def _product(left: frozenset[str], right: frozenset[str]) -> frozenset[str] | None:
    if len(left) * len(right) > LIMIT:
        return None
    return frozenset(a + b for a in left for b in right)


def _union(sets: list[frozenset[str]] | None) -> frozenset[str] | None:
    if not sets:
        return None
    union = frozenset().union(*sets)
    return union if len(union) <= LIMIT else None


def _sequence(items: Iterable[Any]) -> _Info:
    exact: frozenset[str] | None = _EMPTY
    run: frozenset[str] = _EMPTY  # product of the current run of exact nodes
    required: frozenset[str] | None = None
    for item in items:
        node_exact, node_required = _node(*item)
        required = _best(required, node_required)
        if node_exact is None:
            exact = None
            required = _best(required, run)
            run = _EMPTY
            continue
        if exact is not None:
            exact = _product(exact, node_exact)
        joined = _product(run, node_exact)
        if joined is None:  # too many: close the run, start again here
            required = _best(required, run)
            joined = node_exact
        run = joined
    required = _best(required, run, exact)
    return exact, required


def _node(op: Any, value: Any) -> _Info:
    if op is _c.LITERAL:
        return frozenset({chr(value)}), None
    if op is _c.AT or op in (_c.ASSERT, _c.ASSERT_NOT):
        return _EMPTY, None  # zero width: consumes nothing
    if op is _c.IN:
        if all(kind is _c.LITERAL for kind, _ in value) and len(value) <= LIMIT:
            return frozenset(chr(code) for _, code in value), None
        return None, None
    if op is _c.SUBPATTERN:
        # Inline flags need no care: strings are compared case-folded.
        return _sequence(value[3])
    if op is getattr(_c, "ATOMIC_GROUP", None):
        return _sequence(value)
    if op is _c.BRANCH:
        exacts: list[frozenset[str]] | None = []
        requireds: list[frozenset[str]] | None = []
        for branch in value[1]:
            branch_exact, branch_required = _sequence(branch)
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
    if op in (_c.MAX_REPEAT, _c.MIN_REPEAT, getattr(_c, "POSSESSIVE_REPEAT", None)):
        low, high, inner = value
        inner_exact, inner_required = _sequence(inner)
        if low == 0:
            if high == 1 and inner_exact is not None and len(inner_exact) < LIMIT:
                return inner_exact | _EMPTY, None
            return None, None
        exact = None
        if low == high and inner_exact is not None:
            exact = _EMPTY
            for _ in range(low):
                exact = _product(exact, inner_exact) if exact is not None else None
        return exact, _best(inner_required, inner_exact)
    return None, None  # any character, classes, back-references, conditionals


def required_strings(pattern: str, casefold: bool = True) -> frozenset[str] | None:
    """Strings one of which every match of ``pattern`` contains, case-folded
    unless ``casefold`` is false (``None`` when no useful set is known)."""
    if _p is None:
        return None
    try:
        _exact, required = _sequence(_p.parse(pattern, 0))
    except Exception:  # re cannot read it (regex-only syntax) or a parser change
        return None
    if required is None:
        return None
    strings = frozenset(s.casefold() for s in required) if casefold else required
    return strings if all(strings) else None


@dataclass(frozen=True)
class Prefilter:
    """Strings, one of which must occur in a view of the article for a rule to
    have a chance: ``"text"``, the blocks case-folded (strings case-folded
    too), or ``"folded"``, the blocks as phrase matching folds them."""

    strings: frozenset[str]
    view: str = "text"

    def may_match(self, article: Article) -> bool:
        text = article.casefolded_text if self.view == "text" else article.folded_text
        return any(s in text for s in self.strings)


def prefilter(patterns: Iterable[str], view: str = "text") -> Prefilter | None:
    """The prefilter of "any of these patterns matches" (``None``: none known)."""
    strings: set[str] = set()
    for pattern in patterns:
        found = required_strings(pattern, casefold=view == "text")
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


def may_match(prefilters: tuple[Prefilter, ...] | None, article: Article) -> bool:
    """Whether a rule could match ``article``: true when it has no prefilter,
    else when one of its prefilters (each covering some of its patterns) passes."""
    if prefilters is None:
        return True
    return any(p.may_match(article) for p in prefilters)
