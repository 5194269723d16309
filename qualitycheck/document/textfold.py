"""Case- and accent-insensitive text that keeps every offset.

Phrase rules must match "Kyiv" and "KYIV", "café" and "cafe", yet report
positions in the original text. Folding maps each character to exactly one
character (lower case, accents removed), so the folded string has the same
length as the original and offsets carry over unchanged.
"""

from __future__ import annotations

import unicodedata

_SPECIAL = {
    "ß": "s",
    "ẞ": "s",
    "İ": "i",
    "ı": "i",
    "’": "'",
    "‘": "'",
    "ʼ": "'",
    "–": "-",
    "—": "-",
    # Invisible characters scraped pages leave in text: a zero-width space is
    # a word break a page hides ("Share\u200bThis Article"), and a soft
    # hyphen, a word joiner or a stray byte-order mark ("Share This
    # Article\ufeff") sits where no letter is. Folded to a space, so phrase
    # and line rules see the words and the line's end. (Inside a word they
    # still split it: folding keeps every offset, so "Re\u00adply" is not
    # "Reply"; regular expressions split there already, none is a word
    # character. Joiners that shape scripts and emoji, U+200C and U+200D,
    # stay.)
    "\u200b": " ",
    "\u00ad": " ",
    "\u2060": " ",
    "\ufeff": " ",
}


class _FoldTable(dict[int, str]):
    """A lazily filled translation table for :meth:`str.translate`."""

    def __missing__(self, code: int) -> str:
        char = chr(code)
        folded = _SPECIAL.get(char)
        if folded is None:
            lower = char.lower()
            base = unicodedata.normalize("NFD", lower)[:1] if len(lower) == 1 else char
            folded = base if len(base) == 1 else char
            if unicodedata.combining(char):
                folded = char
        self[code] = folded
        return folded


_TABLE = _FoldTable()


def fold(text: str) -> str:
    """Lower-case ``text`` and strip accents, one character for one."""
    if text.isascii():
        # Every ASCII character folds to its lower case (no accents, none in
        # _SPECIAL): str.lower runs in C at a tenth of the table's cost.
        return text.lower()
    return text.translate(_TABLE)


def normalize(text: str) -> str:
    """Folded text with runs of whitespace collapsed: the form in which lines,
    phrases and spellings are compared."""
    return " ".join(fold(text).split())


def nfc(text: str) -> str:
    """``text`` in Unicode's composed form (NFC), as rules and articles see it
    ("e" + U+0301 as "é"); ASCII, nearly all text, is returned at once."""
    return text if text.isascii() else unicodedata.normalize("NFC", text)


def normalize_composed(text: str) -> str:
    """:func:`normalize` of the text in Unicode's composed form (NFC): how text
    a user wrote is compared with a finding's source text, in which "café" may
    be spelled with a combining accent."""
    return normalize(nfc(text))


#: Bullets and separators around a widget label do not change what it is.
LINE_EDGE = " \t\u00a0•·*>»›|:.!…-–—"


def normalize_line(text: str) -> str:
    """Folded, whitespace-collapsed line without decorative edges."""
    return normalize(text).strip(LINE_EDGE)
