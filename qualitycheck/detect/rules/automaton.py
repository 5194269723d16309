"""All the rules' literal strings found in one pass over an article.

Each rule's prefilters (:mod:`qualitycheck.detect.rules.literals`) are sets
of strings one of which must occur in the article; tested one by one that is
an ``in`` scan of the article per string, several hundred per article for
the shipped rules. Here every string of every rule goes into one
Aho-Corasick automaton per view of the article (``"text"``: case-folded,
``"folded"``: as phrase matching folds it), built once when the rules are
loaded; one pass over each view gives the set of strings that occur, and a
rule's prefilter passes when that set meets its strings.

Without pyahocorasick (or with the pure-Python path forced, see
:mod:`qualitycheck.detect.rules.fastpath`) each prefilter tests its own
strings with ``in``, stopping at the first found, as before the automaton:
the answer is the same either way, so the findings are too.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from qualitycheck.detect.rules.literals import Prefilter, view_text
from qualitycheck.document.article import Article

VIEWS = ("text", "folded")


class _Strings:
    """The distinct strings of one view, and how to find which occur in a text."""

    def __init__(self, strings: Iterable[str], fast: bool) -> None:
        self.strings = sorted(set(strings))
        self.automaton: Any = None
        if fast and self.strings:
            import ahocorasick

            automaton = ahocorasick.Automaton(ahocorasick.STORE_ANY, ahocorasick.KEY_STRING)
            for string in self.strings:
                automaton.add_word(string, string)
            automaton.make_automaton()
            self.automaton = automaton

    def present(self, text: str) -> frozenset[str]:
        if self.automaton is not None:
            return frozenset(found for _, found in self.automaton.iter(text))
        return frozenset(s for s in self.strings if s in text)


class LiteralIndex:
    """Every string of some prefilters, one automaton per view."""

    def __init__(self, prefilters: Iterable[Prefilter], fast: bool) -> None:
        by_view: dict[str, set[str]] = {view: set() for view in VIEWS}
        #: The prefilters indexed, by identity (held, so no id is reused):
        #: any other prefilter is tested on its own.
        self.known: dict[int, Prefilter] = {}
        for found in prefilters:
            by_view[found.view].update(found.strings)
            self.known[id(found)] = found
        self.views = {view: _Strings(strings, fast) for view, strings in by_view.items()}
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

    __slots__ = ("_answers", "_article", "_held", "_index", "_present")

    def __init__(self, index: LiteralIndex, article: Article) -> None:
        self._index = index
        self._article = article
        self._present: dict[str, frozenset[str]] = {}
        self._answers: dict[int, bool] = {}
        self._held: list[Prefilter] = []

    def _strings(self, view: str) -> frozenset[str]:
        present = self._present.get(view)
        if present is None:
            text = view_text(self._article, view)
            present = self._present[view] = self._index.views[view].present(text)
        return present

    def passes(self, found: Prefilter) -> bool:
        """Whether one of the prefilter's strings occurs in the article."""
        if not self._index.fast or id(found) not in self._index.known:
            # Without the automaton (or for a prefilter it was not built with)
            # each prefilter scans for its strings and stops at the first found;
            # the answer is kept, as the engine and the rule both ask.
            answer = self._answers.get(id(found))
            if answer is None:
                answer = self._answers[id(found)] = found.may_match(self._article)
                self._held.append(found)  # so that no other prefilter takes its id
            return answer
        return not self._strings(found.view).isdisjoint(found.strings)

    def any_passes(self, prefilters: tuple[Prefilter, ...] | None) -> bool:
        """A rule's prefilters: true when it has none, or one of them passes."""
        if prefilters is None:
            return True
        return any(self.passes(found) for found in prefilters)
