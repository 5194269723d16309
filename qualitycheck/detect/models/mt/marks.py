"""The character and punctuation counts of the mt model's style statistics
(``features.style_features``), each in C or with a regex that skips to where
a match can be: the same integers as the regexes ``features`` defines
(``_NO_SPACE``, ``_DOUBLED``, ``_TERMINAL``), which the tests compare them
with, and ``str.isalpha`` and ``str.isdigit`` counts.
"""

from __future__ import annotations

import re

#: ASCII letters and digits: for an ASCII character ``str.isalpha`` and
#: ``str.isdigit`` are true for exactly these, so they are counted by deleting
#: them from the text's ASCII bytes (in C) and only the other characters are
#: tested one by one.
_ASCII_LETTERS = b"abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
_ASCII_DIGITS = b"0123456789"
_NON_ASCII = re.compile(r"[^\x00-\x7f]")
#: The mark of each ``_NO_SPACE`` match (led by a set of four characters,
#: which the regex engine skips to in C, where ``_NO_SPACE`` tries every
#: position): ``pattern_count`` keeps the leftmost of overlapping ones, as
#: ``findall`` does.
_NO_SPACE_MARK = re.compile(r"[.!?,](?<=[a-z]{2}.)(?=[A-Za-z]{2})")
#: ``_DOUBLED`` with each branch led by a literal (the same matches, found as
#: fast as ``_NO_SPACE_MARK``'s): ``[!?]{2,}`` split by its first character,
#: and "." not after a "." written as a look-behind after it.
_DOUBLED_LED = re.compile(r"![!?]+|\?[!?]+|\.(?<!\.\.)\.(?!\.)|,,")


def characters(text: str) -> tuple[int, int, int]:
    """Letters, digits and non-ASCII letters of ``text``: the counts of
    ``str.isalpha``, ``str.isdigit`` and non-ASCII ``str.isalpha``."""
    ascii_bytes = text.encode("ascii", "ignore")
    letters = len(ascii_bytes) - len(ascii_bytes.translate(None, _ASCII_LETTERS))
    digits = len(ascii_bytes) - len(ascii_bytes.translate(None, _ASCII_DIGITS))
    if len(ascii_bytes) == len(text):
        return letters, digits, 0
    others = _NON_ASCII.findall(text)
    accented = sum(map(str.isalpha, others))
    return letters + accented, digits + sum(map(str.isdigit, others)), accented


def pattern_count(text: str) -> tuple[int, int]:
    """How many matches ``_NO_SPACE.findall`` and ``_DOUBLED.findall`` give.

    A ``_NO_SPACE`` match is five characters around its mark; ``findall``
    resumes after a match, so a mark less than five characters after the last
    counted one belongs to an overlapping match and is not counted.
    """
    no_space = 0
    last = -5
    for mark in _NO_SPACE_MARK.finditer(text):
        at = mark.start()
        if at >= last + 5:
            no_space += 1
            last = at
    return no_space, len(_DOUBLED_LED.findall(text))


#: What may follow a sentence's final mark in ``_TERMINAL``, and the marks.
_CLOSERS = "\"'”’»)]"
_TERMINALS = frozenset(".!?…:;")


def terminated(sentence: str) -> bool:
    """Whether ``_TERMINAL`` matches: the last character before the closing
    quotes and brackets (and one final newline, where ``$`` also matches) is a
    terminal mark. No regex run along the sentence."""
    if sentence.endswith("\n"):
        sentence = sentence[:-1]
    return sentence.rstrip(_CLOSERS)[-1:] in _TERMINALS
