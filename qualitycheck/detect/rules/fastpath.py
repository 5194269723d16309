"""Which rules, and which of their patterns, can match an article: the
literal automaton and the regex screen, built once per loaded rule set.

The engine builds one :class:`FastPath` from its rules (their prefilters and
their patterns) and asks it, per article, for :class:`Candidates`: which
prefilters pass (:mod:`qualitycheck.detect.rules.automaton`) and, per line,
which patterns the RE2 screen lets through
(:mod:`qualitycheck.detect.rules.screen`). Rules skip what cannot match and
run the exact ``regex`` search, with its time budget, on the rest, so the
findings are the same with or without the fast path.

The fast path needs the optional packages ``pyahocorasick`` and
``google-re2`` (``pip install 'qualitycheck[fast]'``) and is chosen
automatically when they import; each one missing falls back to pure Python
on its own (one ``in`` test per literal; every pattern on every line). Set
``QUALITYCHECK_PURE_PYTHON=1`` to force the pure-Python path (the tests run
both and compare the output byte for byte).
"""

from __future__ import annotations

import importlib.util
from collections.abc import Iterable
from typing import Any

from qualitycheck.detect.rules.automaton import Found, LiteralIndex
from qualitycheck.detect.rules.literals import Prefilter, line_text_view, prefilter
from qualitycheck.document.article import Article, Block
from qualitycheck.primitives.accelerators import pure_python_forced

#: A pattern as a rule searches it: the source and whether it ignores case.
PatternKey = tuple[str, bool]
#: Longer lines are not screened whole (line rules skip long lines; an
#: unscreened line runs every pattern of a rule that looks at it).
LONGEST_SCREENED_LINE = 1000


def available() -> dict[str, bool]:
    """Which accelerators are installed and allowed: ``automaton``, ``screen``."""
    if pure_python_forced():
        return {"automaton": False, "screen": False}
    return {
        "automaton": importlib.util.find_spec("ahocorasick") is not None,
        "screen": importlib.util.find_spec("re2") is not None,
    }


_NONE: frozenset[PatternKey] = frozenset()


class _Screen:
    """One :class:`~qualitycheck.detect.rules.screen.PatternSet` with each
    pattern's key, and the keys that may match each line of an article."""

    def __init__(self, keys: list[PatternKey], whole: bool) -> None:
        from qualitycheck.detect.rules.screen import PatternSet

        self.keys = keys
        self.whole = whole
        self.set = PatternSet(keys, whole)

    def accepted(self, text: str, sets: list[Any] | None = None) -> frozenset[PatternKey]:
        indices = self.set.accepts(text, sets)
        if not indices:
            return _NONE  # most lines: one shared empty answer
        return frozenset(map(self.keys.__getitem__, indices))


class FastPath:
    """The automaton over every prefilter of a rule set and the screens over
    its patterns (searched in a line's text, or matching all of it)."""

    def __init__(
        self,
        prefilters: Iterable[Prefilter],
        searched: Iterable[PatternKey],
        whole: Iterable[PatternKey],
        use: dict[str, bool] | None = None,
        longest_line: int | None = None,
    ) -> None:
        use = available() if use is None else use
        #: The longest line any caller asks the whole-line screen about
        #: (``None``: any): longer lines are left out of the screen and of
        #: :meth:`Candidates.line_blocks`, which only such callers read.
        self.longest_line = longest_line
        self.literals = LiteralIndex(prefilters, use["automaton"], sets=use["screen"])
        self.searched: _Screen | None = None
        self.whole: _Screen | None = None
        if use["screen"]:
            searched_keys, whole_keys = sorted(set(searched)), sorted(set(whole))
            self.searched = _Screen(searched_keys, False) if searched_keys else None
            self.whole = _Screen(whole_keys, True) if whole_keys else None
        #: The whole-line sets a line may skip, with their patterns' strings.
        self.gates = _gates(self.whole, self.literals) if self.whole is not None else []

    def __getstate__(self) -> dict[str, Any]:
        # The gates name RE2 sets by position: a spawned ``--jobs`` worker
        # builds the sets again, and the gates from them (see __setstate__).
        return {key: value for key, value in self.__dict__.items() if key != "gates"}

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.__dict__.update(state)
        self.gates = _gates(self.whole, self.literals) if self.whole is not None else []

    @property
    def kind(self) -> str:
        """What runs: ``fast``, ``pure`` or which half is fast."""
        parts = [
            name
            for name, on in (
                ("automaton", self.literals.fast),
                ("screen", self.searched is not None or self.whole is not None),
            )
            if on
        ]
        return "fast" if len(parts) == 2 else ("+".join(parts) if parts else "pure")

    def candidates(self, article: Article) -> Candidates:
        return Candidates(self, article, self.literals.found(article))


def _gates(screen: _Screen, literals: LiteralIndex) -> list[tuple[int, frozenset[str]]]:
    """The whole-line RE2 sets whose patterns start with a run of any
    character (the costly ones: their DFA reads each line to its end and
    builds states for every new one), each with the strings of its patterns'
    ``"text"`` prefilters: a line holding none of them cannot be matched by
    any of its patterns, and is not matched against the set. Only sets whose
    every pattern has a prefilter whose strings the automaton looks for."""
    indexed = frozenset(literals.views["text"].strings) if literals.fast else frozenset()
    gates: list[tuple[int, frozenset[str]]] = []
    for position, ((_, indices), anywhere) in enumerate(
        zip(screen.set.sets, screen.set.anywhere, strict=True)
    ):
        strings: set[str] = set()
        for index in indices if anywhere else ():
            found = prefilter([screen.keys[index][0]], ignore_case=screen.keys[index][1])
            if found is None:
                break
            strings |= found.strings
        else:
            if anywhere and strings <= indexed:
                gates.append((position, frozenset(strings)))
    return gates


def _sets_for(
    text: str,
    gates: list[tuple[int, frozenset[str]]],
    chosen: dict[tuple[int, ...], list[Any]],
    screen: _Screen,
) -> list[Any] | None:
    """The whole-line sets a line is matched against (``None``: all): not a
    gated one whose strings (those in the article) the line does not hold.
    ``chosen`` keeps each choice's list for the article."""
    line = None
    skipped: list[int] = []
    for position, strings in gates:
        if strings:
            line = line_text_view(text) if line is None else line
            if any(string in line for string in strings):
                continue
        skipped.append(position)
    if not skipped:
        return None
    sets = chosen.get(key := tuple(skipped))
    if sets is None:
        sets = chosen[key] = [found for i, found in enumerate(screen.set.sets) if i not in key]
    return sets


class Candidates:
    """What may match in one article: prefilters that pass and, per block,
    the patterns the screen accepts (``None``: no screen, every pattern)."""

    __slots__ = (
        "_article",
        "_by_key",
        "_fast",
        "_found",
        "_line_keys",
        "_search_blocks",
        "_searched",
        "_unscreened",
        "_whole",
        "shared",
    )

    def __init__(self, fast: FastPath, article: Article, found: Found) -> None:
        self._fast = fast
        self._article = article
        self._found = found
        self._searched: dict[int, frozenset[PatternKey]] = {}
        self._whole: dict[int, frozenset[PatternKey]] = {}
        self._by_key: dict[PatternKey, set[int]] | None = None
        self._unscreened: set[int] = set()
        self._line_keys: dict[str, list[int]] | None = None
        self._search_blocks: dict[PatternKey, set[int]] | None = None
        #: What several rules of one kind compute from this article, computed
        #: once: each kind keys it by its own name (the quotes rules' marks).
        self.shared: dict[str, Any] = {}

    def passes(self, prefilter: Prefilter) -> bool:
        return self._found.passes(prefilter)

    def may_match(self, prefilters: tuple[Prefilter, ...] | None) -> bool:
        """A rule's prefilters pass (or it has none)."""
        return self._found.any_passes(prefilters)

    def present(self, view: str) -> frozenset[str] | None:
        """The strings of every rule's prefilters of ``view`` that occur in the
        article (``None``: no automaton, not known)."""
        return self._found.present(view)

    def blocks_with(self, prefilter: Prefilter | None) -> set[int] | None:
        """The blocks whose folded text holds one of the strings of a
        ``"folded"`` prefilter (``None``: not known, any block)."""
        return None if prefilter is None else self._found.blocks_with(prefilter)

    def searched(self, block: Block) -> frozenset[PatternKey] | None:
        """The patterns whose search in ``block.text`` may find a match."""
        screen = self._fast.searched
        if screen is None:
            return None
        accepted = self._searched.get(block.index)
        if accepted is None:
            accepted = self._searched[block.index] = screen.accepted(block.text)
        return accepted

    def search_blocks(self, key: PatternKey) -> set[int] | None:
        """The blocks (indices) in which a search for the pattern ``key`` may
        find something (``None``: no screen, any block): every block's
        :meth:`searched` answer, taken once per article."""
        if self._fast.searched is None:
            return None
        by_key = self._search_blocks
        if by_key is None:
            by_key = self._search_blocks = {}
            for block in self._article.blocks:
                for accepted in self.searched(block) or ():
                    by_key.setdefault(accepted, set()).add(block.index)
        return by_key.get(key, set())

    def _screen_lines(self, screen: _Screen) -> dict[PatternKey, set[int]]:
        """Every line of the article through the whole-line screen, once."""
        by_key: dict[PatternKey, set[int]] = {}
        longest = self._fast.longest_line
        gates = self._gates()
        chosen: dict[tuple[int, ...], list[Any]] = {}
        for block in self._article.blocks:
            # A full-match screen reads the whole line (its sentinel matches
            # anything): a paragraph no caller looks at whole is not read.
            if longest is not None and len(block.text) > longest:
                continue
            if len(block.text) > LONGEST_SCREENED_LINE:
                self._unscreened.add(block.index)
                continue
            sets = _sets_for(block.text, gates, chosen, screen) if gates else None
            accepted = self._whole[block.index] = screen.accepted(block.stripped, sets)
            for key in accepted:
                by_key.setdefault(key, set()).add(block.index)
        self._by_key = by_key
        return by_key

    def _gates(self) -> list[tuple[int, frozenset[str]]]:
        """The fast path's gates with only the strings that occur in the article."""
        gates = self._fast.gates
        present = self._found.present("text") if gates else None
        if present is None:
            return []
        return [(position, strings & present) for position, strings in gates]

    def line_blocks(self, keys: Iterable[PatternKey]) -> set[int] | None:
        """The blocks (indices) whose whole line one of ``keys`` may match
        (``None``: no screen, any block)."""
        screen = self._fast.whole
        if screen is None:
            return None
        by_key = self._by_key if self._by_key is not None else self._screen_lines(screen)
        found = set(self._unscreened)
        for key in keys:
            found.update(by_key.get(key, ()))
        return found

    def line_keys(self) -> dict[str, list[int]]:
        """Each ``Block.line_key`` of the article's lines that a whole-line rule
        looks at (at most ``longest_line`` characters), with the blocks holding it:
        line rules look up their lines here instead of testing every block."""
        if self._line_keys is None:
            longest = self._fast.longest_line
            keys: dict[str, list[int]] = {}
            for block in self._article.blocks:
                if longest is None or len(block.text) <= longest:
                    keys.setdefault(block.line_key, []).append(block.index)
            self._line_keys = keys
        return self._line_keys

    def whole(self, block: Block) -> frozenset[PatternKey] | None:
        """The patterns that may match all of ``block.stripped`` (``None``:
        no screen for this line, every pattern)."""
        screen = self._fast.whole
        if screen is None:
            return None
        if self._by_key is None:
            self._screen_lines(screen)
        return self._whole.get(block.index)
