"""Visible text built from pieces of a source file, with a map back to it.

Readers strip markup (Markdown syntax, HTML tags, entities, collapsed
whitespace) before rules see the text, but every finding must point into the
file the user opened. A :class:`TextMap` records, for each piece of visible
text, where it came from, so an offset in the visible text converts back to
an exact source offset.
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_right
from collections.abc import Iterator
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Run:
    """Visible text ``[text_start, text_end)`` came from source ``[source_start, source_end)``.

    A *linear* run has equal lengths and maps character by character; any
    other run (an entity, a collapsed stretch of whitespace) maps as a whole.
    """

    text_start: int
    text_end: int
    source_start: int
    source_end: int

    @property
    def linear(self) -> bool:
        return self.text_end - self.text_start == self.source_end - self.source_start

    def __reduce__(self) -> tuple[type[Run], tuple[int, int, int, int]]:
        # A slots dataclass otherwise pickles through ``dataclasses``' Python
        # ``__getstate__``/``__setstate__``, which look the fields up on every
        # call: an article has dozens of runs, and ``--jobs`` pickles each one.
        return (Run, (self.text_start, self.text_end, self.source_start, self.source_end))


class TextMap:
    """Sorted runs covering a visible text, and lookups from it to the source.

    A map made from flat integers (:meth:`from_flat`: a reader's one-run line,
    a block unpickled in a ``--jobs`` worker) keeps them and makes its runs on
    the first lookup: most blocks never get a finding to locate.
    """

    __slots__ = ("_flat", "_runs", "_starts")

    def __init__(self, runs: list[Run]) -> None:
        self._runs: list[Run] | None = runs
        self._starts = [run.text_start for run in runs]
        self._flat: tuple[int, ...] | None = None

    @property
    def runs(self) -> list[Run]:
        runs = self._runs
        if runs is None:
            flat = self._flat
            assert flat is not None  # one of the two is always set
            runs = self._runs = [Run(*flat[index : index + 4]) for index in range(0, len(flat), 4)]
            self._starts = [run.text_start for run in runs]
        return runs

    def flat(self) -> tuple[int, ...]:
        """The runs as four integers each, in order: what a block pickles."""
        if self._flat is not None:
            return self._flat
        return tuple(
            value
            for run in self.runs
            for value in (run.text_start, run.text_end, run.source_start, run.source_end)
        )

    @classmethod
    def from_flat(cls, flat: tuple[int, ...]) -> TextMap:
        """The map :meth:`flat` describes (its runs made when first needed)."""
        mapping = cls.__new__(cls)
        mapping._flat = flat
        mapping._runs = None
        mapping._starts = []
        return mapping

    def _run_at(self, offset: int) -> Run:
        runs = self.runs
        index = bisect_right(self._starts, offset) - 1
        return runs[max(index, 0)]

    def source_start(self, offset: int) -> int:
        """Source offset of the visible character at ``offset``."""
        run = self._run_at(offset)
        if run.linear:
            return run.source_start + min(offset - run.text_start, run.text_end - run.text_start)
        return run.source_start

    def source_end(self, offset: int) -> int:
        """Source offset just after the visible character at ``offset - 1``."""
        if offset <= 0:
            return self.runs[0].source_start if self.runs else 0
        run = self._run_at(offset - 1)
        if run.linear:
            return run.source_start + min(offset - run.text_start, run.text_end - run.text_start)
        return run.source_end

    def source_span(self, start: int, end: int) -> tuple[int, int]:
        """Source ``(start, end)`` for the visible span ``[start, end)``."""
        flat = self._flat
        if flat is not None and len(flat) == 4:
            return _one_run_span(flat, start, end)
        if end <= start:
            point = self.source_start(start)
            return point, point
        return self.source_start(start), self.source_end(end)


def _one_run_span(flat: tuple[int, ...], start: int, end: int) -> tuple[int, int]:
    """:meth:`TextMap.source_span` of a map with one run (a plain-text line),
    from its four integers: the same arithmetic without making the run."""
    text_start, text_end, source_start, source_end = flat
    length = text_end - text_start
    if length != source_end - source_start:  # not linear: the run maps as a whole
        if end <= start:
            return source_start, source_start
        return source_start, source_start if end <= 0 else source_end
    first = source_start + min(start - text_start, length)
    if end <= start:
        return first, first
    return first, source_start if end <= 0 else source_start + min(end - text_start, length)


class TextBuilder:
    """Accumulates visible text with its source positions (used by readers)."""

    def __init__(self) -> None:
        self._parts: list[str] = []
        self._runs: list[Run] = []
        self._length = 0
        #: How many of the characters added were a hyperlink's text (readers
        #: count them): a block that is mostly link is navigation-shaped.
        self.link_length = 0

    def __len__(self) -> int:
        return self._length

    def add(self, text: str, source_start: int, source_end: int | None = None) -> None:
        """Append ``text`` that stands for source ``[source_start, source_end)``.

        ``source_end`` defaults to a verbatim copy (same length as ``text``).
        """
        if not text:
            return
        if source_end is None:
            source_end = source_start + len(text)
        end = self._length + len(text)
        last = self._runs[-1] if self._runs else None
        if (
            last is not None
            and last.linear
            and last.text_end == self._length
            and last.source_end == source_start
            and source_end - source_start == len(text)
        ):
            self._runs[-1] = Run(last.text_start, end, last.source_start, source_end)
        else:
            self._runs.append(Run(self._length, end, source_start, source_end))
        self._parts.append(text)
        self._length = end

    def ends_with_space(self) -> bool:
        return not self._parts or self._parts[-1][-1:].isspace()

    def mostly_linked(self, text: str) -> bool:
        """Whether at least half of ``text`` (the built text, stripped) was
        a hyperlink's text."""
        return bool(text) and 2 * min(self.link_length, len(text)) >= len(text)

    def text(self) -> str:
        return "".join(self._parts)

    def build(self) -> tuple[str, TextMap]:
        return self.text(), TextMap(list(self._runs))

    def strip(self) -> tuple[str, TextMap]:
        """The built text without leading/trailing whitespace, map adjusted."""
        text, mapping = self.build()
        left = len(text) - len(text.lstrip())
        right = len(text.rstrip())
        if left == 0 and right == len(text):
            return text, mapping
        runs: list[Run] = []
        for run in mapping.runs:
            start, end = max(run.text_start, left), min(run.text_end, right)
            if start >= end:
                continue
            if run.linear:
                source_start = run.source_start + (start - run.text_start)
                runs.append(Run(start - left, end - left, source_start, source_start + end - start))
            else:
                runs.append(Run(start - left, end - left, run.source_start, run.source_end))
        return text[left:right], TextMap(runs)


def composed(text: str, mapping: TextMap) -> tuple[str, TextMap]:
    """``text`` in Unicode's composed form (NFC), its map still pointing at the
    source: a letter written with a combining accent ("e" + U+0301) becomes the
    one character a rule writes ("é"), mapped as a whole to both source
    characters, so a finding on it covers them both; everything else keeps its
    runs. Text already composed (nearly all) is returned as it is, the same
    objects. Should composing piece by piece not give the text's NFC (a
    sequence that composes across pieces), the text is left as it is."""
    if text.isascii() or unicodedata.is_normalized("NFC", text):
        return text, mapping
    source_runs = mapping.runs
    starts = [run.text_start for run in source_runs]
    runs: list[Run] = []
    out: list[str] = []
    done = length = 0  # old offset up to which runs are made; new text's length
    for start, end, new in _changed_pieces(text):
        _shift_runs(source_runs, starts, done, start, length - done, runs)
        out.append(text[done:start])
        length += start - done
        source_start, source_end = mapping.source_span(start, end)
        runs.append(Run(length, length + len(new), source_start, source_end))
        out.append(new)
        length += len(new)
        done = end
    _shift_runs(source_runs, starts, done, len(text), length - done, runs)
    out.append(text[done:])
    result = "".join(out)
    if result != unicodedata.normalize("NFC", text):
        return text, mapping
    return result, TextMap(runs)


#: A stretch of characters outside ASCII. No two ASCII characters compose, and an
#: ASCII character never joins what comes before it, so every piece NFC can
#: change lies in such a stretch together with the one character before it.
_NON_ASCII = re.compile(r"[^\x00-\x7f]+")


def _changed_pieces(text: str) -> Iterator[tuple[int, int, str]]:
    """(start, end, composed) of each piece of ``text`` that NFC changes, in order.

    Only the stretches outside ASCII are walked character by character (a
    mostly English text with a few decomposed accents costs little more than
    the regex scan); the pieces are those a walk over every character would
    cut, since each stretch is bounded by ASCII characters, where NFC always
    cuts."""
    for match in _NON_ASCII.finditer(text):
        piece_start = max(match.start() - 1, 0)
        end = match.end()
        for index in range(piece_start + 1, end + 1):
            if index < end and not _piece_boundary(text, index):
                continue
            piece = text[piece_start:index]
            if not piece.isascii():
                new = unicodedata.normalize("NFC", piece)
                if new != piece:
                    yield piece_start, index, new
            piece_start = index


def _piece_boundary(text: str, index: int) -> bool:
    """Whether NFC cannot join the characters before and after ``index``."""
    char, before = text[index], text[index - 1]
    if unicodedata.combining(char):
        return False
    pair = unicodedata.normalize("NFC", before + char)
    return pair == unicodedata.normalize("NFC", before) + unicodedata.normalize("NFC", char)


def _shift_runs(
    source_runs: list[Run], starts: list[int], start: int, end: int, shift: int, runs: list[Run]
) -> None:
    """Append the runs of ``source_runs`` (with each run's ``text_start`` in ``starts``)
    over old text ``[start, end)``, moved by ``shift``. Found by bisection, so a
    block of many runs and many decomposed letters stays linear."""
    if start >= end:
        return
    for index in range(max(bisect_right(starts, start) - 1, 0), len(source_runs)):
        run = source_runs[index]
        if run.text_start >= end:
            break
        first, last = max(run.text_start, start), min(run.text_end, end)
        if first >= last:
            continue
        if run.linear:
            source = run.source_start + (first - run.text_start)
            runs.append(Run(first + shift, last + shift, source, source + last - first))
        else:
            runs.append(Run(first + shift, last + shift, run.source_start, run.source_end))
