"""All the rules' literal strings found in one pass over an article.

Each rule's prefilters (:mod:`qualitycheck.detect.rules.literals`) are sets
of strings one of which must occur in the article; tested one by one that is
an ``in`` scan of the article per string, several hundred per article for
the shipped rules. Here every string of every rule goes into one
Aho-Corasick automaton per view of the article (``"text"``: case-folded,
``"folded"``: as phrase matching folds it), built once when the rules are
loaded; one pass over each view gives the set of strings that occur, and a
rule's prefilter passes when that set meets its strings. In the folded view
the pass also tells which blocks each string occurs in, so phrase and claim
rules search their phrases only in those blocks.

With google-re2 as well, the same strings also go into one RE2 set per
view (each string quoted literally, :func:`_literal_set`), and a view is
matched against that first: the set's DFA reads the UTF-8 text several times
faster than the automaton walks it (0.095 against 0.021 ms for the
case-folded view of a 4 KB article; the automaton visits every character in
Python's iterator protocol and stops at every hit, and "at", "." and ","
occur a hundred times an article). The set answers which strings occur, as
the automaton does; where it cannot answer (a text that does not encode, a
DFA out of memory: its sentinel is missing) the automaton answers.

Without pyahocorasick (or with the pure-Python path forced, see
:mod:`qualitycheck.detect.rules.fastpath`) each prefilter tests its own
strings with ``in``, stopping at the first found, as before the automaton:
the answer is the same either way, so the findings are too.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterable
from typing import Any

from qualitycheck.detect.rules.literals import Prefilter, view_text
from qualitycheck.document.article import Article

VIEWS = ("text", "folded")


def _literal_set(strings: list[str]) -> Any:
    """The bound ``Match`` of an RE2 search set of ``strings``, each quoted
    literally, with a last pattern that matches any text (the sentinel: a set
    whose DFA runs out of memory matches nothing); ``None`` when it does not
    build (or google-re2 is missing)."""
    try:
        import re2
    except ImportError:
        return None

    from qualitycheck.detect.rules.screen import set_options

    built = re2.Set.SearchSet(set_options())
    try:
        for string in strings:
            built.Add(re2.escape(string))
        built.Add(r"(?s:.*)")
        built.Compile()
    except re2.error:
        return None
    # The wrapper's ``Match`` only re-encodes str and turns [] into None.
    return getattr(built, "_set", built).Match


class _Strings:
    """The distinct strings of one view, and how to find which occur in a text."""

    def __init__(self, strings: Iterable[str], fast: bool, sets: bool = False) -> None:
        self.strings = sorted(set(strings))
        self.automaton: Any = None
        self._match: Any = None
        if fast and self.strings:
            import ahocorasick

            automaton = ahocorasick.Automaton(ahocorasick.STORE_ANY, ahocorasick.KEY_STRING)
            for string in self.strings:
                automaton.add_word(string, string)
            automaton.make_automaton()
            self.automaton = automaton
            if sets and "" not in self.strings:  # the automaton never reports ""
                self._match = _literal_set(self.strings)
        #: No string spans two parts (``places`` may then match part by part).
        self._one_line = not any("\n" in string for string in self.strings)

    def __getstate__(self) -> dict[str, Any]:
        # An RE2 set does not pickle: a spawned ``--jobs`` worker builds it again.
        return {**self.__dict__, "_match": None, "_rebuild": self._match is not None}

    def __setstate__(self, state: dict[str, Any]) -> None:
        rebuild = state.pop("_rebuild", False)
        self.__dict__.update(state)
        if rebuild:
            self._match = _literal_set(self.strings)

    def _matched(self, text: str) -> list[str] | None:
        """The strings that occur in ``text``, from the RE2 set (with
        repeats; ``None``: the set cannot answer, ask the automaton)."""
        try:
            encoded = text.encode("utf-8")
        except UnicodeEncodeError:  # lone surrogates
            return None
        indices = self._match(encoded) or ()
        sentinel = len(self.strings)
        if sentinel not in indices:
            return None
        return [self.strings[index] for index in indices if index != sentinel]

    def present(self, text: str) -> frozenset[str]:
        if self._match is not None:
            found = self._matched(text)
            if found is not None:
                return frozenset(found)
        if self.automaton is not None:
            return frozenset(found for _, found in self.automaton.iter(text))
        return frozenset(s for s in self.strings if s in text)

    def places(self, text: str, starts: list[int], parts: list[str]) -> dict[str, set[int]]:
        """Each string found (automaton only) and the parts of ``text`` it occurs
        in, the parts starting at ``starts``; one spanning parts is in each.
        ``parts`` are the texts of the parts (``text`` is them joined by
        newlines): with the RE2 set each part is matched on its own, which
        finds the same places when no string holds a newline."""
        found: dict[str, set[int]] = {}
        if self._match is not None and self._one_line:
            places: list[tuple[str, int]] = []
            for index, part in enumerate(parts):
                strings = self._matched(part)
                if strings is None:
                    break  # the set cannot answer: the automaton does it all
                places += [(string, index) for string in strings]
            else:
                for string, index in places:
                    found.setdefault(string, set()).add(index)
                return found
        for end, string in self.automaton.iter(text):
            first = bisect_right(starts, end - len(string) + 1) - 1
            last = bisect_right(starts, end) - 1
            found.setdefault(string, set()).update(range(first, last + 1))
        return found


class LiteralIndex:
    """Every string of some prefilters, one automaton per view."""

    def __init__(self, prefilters: Iterable[Prefilter], fast: bool, sets: bool = False) -> None:
        by_view: dict[str, set[str]] = {view: set() for view in VIEWS}
        #: The prefilters indexed, by identity (held, so no id is reused):
        #: any other prefilter is tested on its own.
        self.known: dict[int, Prefilter] = {}
        for found in prefilters:
            by_view[found.view].update(found.strings)
            self.known[id(found)] = found
        #: ``sets``: also an RE2 set per view (google-re2), asked before the automaton.
        self.views = {view: _Strings(strings, fast, sets) for view, strings in by_view.items()}
        self.fast = fast and any(v.automaton is not None for v in self.views.values())

    def __setstate__(self, state: dict[str, Any]) -> None:
        # Unpickled (a spawned ``--jobs`` worker): the prefilters are new objects.
        state["known"] = {id(found): found for found in state["known"].values()}
        self.__dict__.update(state)

    def found(self, article: Article) -> Found:
        """Which strings occur in ``article`` (each view searched on first use)."""
        return Found(self, article)


class Found:
    """The strings of a :class:`LiteralIndex` that occur in one article."""

    __slots__ = ("_answers", "_article", "_blocks", "_held", "_index", "_present")

    def __init__(self, index: LiteralIndex, article: Article) -> None:
        self._index = index
        self._article = article
        self._present: dict[str, frozenset[str]] = {}
        self._answers: dict[int, bool] = {}
        self._held: list[Prefilter] = []
        #: In the folded view, the blocks each string occurs in.
        self._blocks: dict[str, set[int]] = {}

    def _strings(self, view: str) -> frozenset[str]:
        present = self._present.get(view)
        if present is None:
            strings = self._index.views[view]
            text = view_text(self._article, view)
            if view == "folded" and strings.automaton is not None:
                # The folded view is the blocks' folded texts (each as long as
                # the block's text) joined by newlines: where each one starts.
                starts, offset = [], 0
                parts = [block.folded for block in self._article.blocks]
                for part in parts:
                    starts.append(offset)
                    offset += len(part) + 1
                self._blocks = strings.places(text, starts, parts)
                present = frozenset(self._blocks)
            else:
                present = strings.present(text)
            self._present[view] = present
        return present

    def blocks_with(self, found: Prefilter) -> set[int] | None:
        """The blocks (indices) in whose folded text one of the strings of a
        ``"folded"`` prefilter occurs (``None``: not known, any block)."""
        if found.view != "folded" or id(found) not in self._index.known:
            return None
        if self._index.views["folded"].automaton is None:
            return None
        blocks: set[int] = set()
        for string in self._strings("folded") & found.strings:
            blocks |= self._blocks[string]
        return blocks

    def present(self, view: str) -> frozenset[str] | None:
        """Every indexed string of ``view`` that occurs in the article, from the
        automaton's one pass (``None`` without the automaton: not known)."""
        if self._index.views[view].automaton is None:
            return None
        return self._strings(view)

    def passes(self, found: Prefilter) -> bool:
        """Whether one of the prefilter's strings occurs in the article."""
        index = self._index
        if index.fast and id(found) in index.known:
            # The usual case, asked about a hundred times an article: the view's
            # strings looked up here, without a call for them once known.
            present = self._present.get(found.view)
            if present is None:
                present = self._strings(found.view)
            return not present.isdisjoint(found.strings)
        # Without the automaton (or for a prefilter it was not built with) each
        # prefilter scans for its strings and stops at the first found; the
        # answer is kept, as the engine and the rule both ask.
        answer = self._answers.get(id(found))
        if answer is None:
            answer = self._answers[id(found)] = found.may_match(self._article)
            self._held.append(found)  # so that no other prefilter takes its id
        return answer

    def any_passes(self, prefilters: tuple[Prefilter, ...] | None) -> bool:
        """A rule's prefilters: true when it has none, or one of them passes."""
        if prefilters is None:
            return True
        return any(map(self.passes, prefilters))  # stops at the first that passes
