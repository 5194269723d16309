"""Sentence and quotation spans inside one block of text.

Rules need sentences (fragments, claims) and quoted speech (a claim inside
quotation marks belongs to the person quoted, not to the writer). Both are
computed with cheap scans; abbreviations such as "U.S." and "J.D." do not end
sentences.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right

Span = tuple[int, int]

_ABBREVIATIONS = frozenset(
    [
        "mr",
        "mrs",
        "ms",
        "dr",
        "prof",
        "sr",
        "jr",
        "st",
        "mt",
        "gen",
        "col",
        "lt",
        "sgt",
        "capt",
        "cmdr",
        "adm",
        # Titles before a name in Nigerian, Philippine, Indian and British copy
        # ("Engr. Rafael Lim", "Atty. Cruz", "Supt. Rao", "Det. Insp. Hale").
        "engr",
        "atty",
        "supt",
        "insp",
        "det",
        "maj",
        "brig",
        "cpl",
        "pvt",
        "gov",
        "sen",
        "rep",
        "pres",
        "rev",
        "hon",
        "fig",
        "no",
        "nos",
        "vol",
        "vs",
        "etc",
        "inc",
        "ltd",
        "co",
        "corp",
        "dept",
        "est",
        "approx",
        "jan",
        "feb",
        "mar",
        "apr",
        "jun",
        "jul",
        "aug",
        "sep",
        "sept",
        "oct",
        "nov",
        "dec",
        "e.g",
        "i.e",
        "u.s",
        "u.k",
        "u.n",
        "a.m",
        "p.m",
        "d.c",
        "u.s.a",
    ]
)

# A sentence ends after ., ! ?, … (possibly repeated) and any closing quotes or
# brackets, when whitespace follows. Only a whole run of marks can be followed
# by whitespace, so a try starts only where a run starts and never gives
# marks back: "[.!?…]+" tried from every dot of a run of 32,000 dots that
# ends a block took 15 s (the run cost its length at each of its positions).
# “ closes after the mark too: German quotes „…“, and English copy's closing
# marks turned the wrong way ("Mostly False.“); „ opens the next sentence.
_BOUNDARY = re.compile(r"""(?<![.!?…])[.!?…]++["'”’»“)\]]*+(?=\s)""")
_DOTTED = re.compile(r"(?:\w\.)+\w")
_NEXT_START = re.compile(r"""\s+(?=["'“‘«„(\[]?[\w“"‘«„(\[])""")


def _word_before(text: str, end: int) -> str:
    r"""The run of word characters and dots that ends at ``end`` (what
    ``([\w.]+)$`` finds in ``text[:end]``), found by scanning backwards: a regex
    search from 0 costs O(end) per call, which made long paragraphs quadratic."""
    if end > 0 and text[end - 1] == "\n":
        end -= 1  # ``$`` also matches before a final newline
    start = end
    while start > 0 and (text[start - 1].isalnum() or text[start - 1] in "_."):
        start -= 1
    return text[start:end]


def is_abbreviation(text: str, dot_index: int) -> bool:
    """Whether the character at ``dot_index`` is the dot of an abbreviation
    ("Dr.", "Inc.", an initial's "J."), which ends no sentence."""
    if text[dot_index] != ".":
        return False
    word = _word_before(text, dot_index)
    if not word:
        return False
    word = word.lower().strip(".")
    if word in _ABBREVIATIONS:
        return True
    # Initials ("J." in "J. D. Vance") and dotted acronyms ("J.D").
    return (len(word) == 1 and word.isalpha()) or _DOTTED.fullmatch(word) is not None


def sentences(text: str) -> list[Span]:
    """Split ``text`` into sentence spans (whitespace outside every span)."""
    spans: list[Span] = []
    start = 0
    length = len(text)
    while start < length and text[start].isspace():
        start += 1
    for match in _BOUNDARY.finditer(text):
        end = match.end()
        if end <= start or is_abbreviation(text, match.start()):
            continue
        following = _NEXT_START.match(text, end)
        if not following:
            continue
        nxt = following.end()
        if nxt < length and text[nxt].islower():
            continue
        spans.append((start, end))
        start = nxt
    tail = text[start:].rstrip()
    if tail:
        spans.append((start, start + len(tail)))
    return spans


_PAIRS = {"“": "”", "«": "»", "„": "“", "‹": "›"}
# Every character quotes() acts on: the loop skips to them instead of visiting
# each character of the block in Python (seconds on a 20 MB paragraph).
_QUOTE_MARK = re.compile("[" + "".join(sorted({*_PAIRS, *_PAIRS.values(), '"', "‘", "’"})) + "]")


def quotes(text: str) -> list[Span]:
    """Spans of quoted speech, quotation marks included.

    Curly, guillemet and straight double quotes are paired; a quote left open
    runs to the end of the block (scraped paragraphs often lose the closing
    mark, and what follows is still the speaker's). Single quotes count only
    when they cannot be apostrophes.
    """
    spans: list[Span] = []
    open_at: int | None = None
    closer = ""
    for mark in _QUOTE_MARK.finditer(text):
        index, char = mark.start(), mark.group()
        if open_at is None:
            if char in _PAIRS:
                open_at, closer = index, _PAIRS[char]
            elif char == '"':
                open_at, closer = index, '"'
            elif char == "‘" and (index == 0 or not text[index - 1].isalnum()):
                open_at, closer = index, "’"
        elif char == closer and not (
            closer == "’" and index + 1 < len(text) and text[index + 1].isalpha()
        ):
            spans.append((open_at, index + 1))
            open_at = None
    if open_at is not None:
        spans.append((open_at, len(text)))
    return spans


def inside(spans: list[Span], start: int, end: int) -> bool:
    """Whether ``[start, end)`` lies within one of ``spans``.

    ``spans`` are sorted and do not overlap (as :func:`quotes` returns them), so
    only the last span starting at or before ``start`` can hold it: a binary
    search, not a scan (rules ask once per hit, and a long paragraph has
    thousands of quotes and hits).
    """
    index = bisect_right(spans, start, key=_first) - 1
    return index >= 0 and end <= spans[index][1]


def overlaps(spans: list[Span], start: int, end: int) -> bool:
    """Whether ``[start, end)`` shares a character with one of ``spans`` (sorted,
    not overlapping): only the first span ending after ``start`` can."""
    index = bisect_left(spans, start + 1, key=_second)
    return index < len(spans) and spans[index][0] < end


def _first(span: Span) -> int:
    return span[0]


def _second(span: Span) -> int:
    return span[1]
