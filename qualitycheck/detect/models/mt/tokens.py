"""Tokens and word shapes: how both stages of the mt model see text.

Kept apart from the features because both stages tokenise the same way and
the shape of a word is the one idea they share: function words stay as
themselves, other words become a shape (capitalised, number, ``-ing``...), so
n-grams over shapes carry syntax and typography rather than topic.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import lru_cache

from qualitycheck.document.lexicon import STOPWORDS

#: Words (apostrophes kept inside, so "don't" and "it’s" stay one token) and
#: single punctuation marks.
TOKEN = re.compile(r"[^\W_]+(?:['’][^\W_]+)*|[^\w\s]")
#: Curly and straight quotes, apostrophes, dashes and ellipses made one: on a
#: published page they come from the site's CMS or its editors, not from the
#: translator, and in the training data they tell corpora apart (WMT's
#: straight quotes, news sites' curly ones) rather than machines from people.
_TYPOGRAPHY = str.maketrans(
    {
        **dict.fromkeys("“”„‟«»″", '"'),
        **dict.fromkeys("‘’‚‛′", "'"),
        **dict.fromkeys("‐‑‒–—―", "-"),
        "…": "...",
    }
)


def tokens(text: str) -> list[str]:
    """The tokens of ``text`` with typography made uniform (see ``_TYPOGRAPHY``)."""
    return TOKEN.findall(text.translate(_TYPOGRAPHY))


WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)*")

#: Words whose use is style, not topic: kept as themselves in mixed n-grams.
FUNCTION_WORDS = STOPWORDS | frozenset(
    """
    across along amid among amongst around behind beside besides beyond despite
    except inside near onto outside since toward towards upon via within without
    although though unless whereas whether yet however therefore thus hence
    moreover furthermore meanwhile nevertheless otherwise instead also even still
    already ever never always often sometimes perhaps maybe quite rather
    may might must shall cannot ought need one another either neither every
    everyone everything anyone anything someone something nobody nothing none
    much many several less least lot lots wherever whenever whatever whoever
    according regarding including following let like unlike yes yeah okay ok
    oh please thanks mr mrs ms dr
    """.split()
)
CONTRACTION = re.compile(
    r"(?:n['’]t|['’](?:re|ve|ll|m|d))$|^(?:it|that|there|he|she|what|let|here|who)['’]s$", re.I
)
_SUFFIXES = ("ing", "ed", "ly", "tion", "ment", "s")


@lru_cache(maxsize=1 << 16)
def shape(token: str) -> str:
    """A token as mixed n-grams see it: function words and punctuation as
    themselves, other words as a shape (``<C>`` capitalised, ``<D>`` number,
    ``<ing>`` and similar suffix classes), so the n-grams carry syntax and
    typography but not the topic. Cached: a corpus repeats its words."""
    lower = token.lower()
    if lower in FUNCTION_WORDS:
        return lower
    first = token[0]
    if not first.isalnum():
        return token
    if first.isdigit():
        return "<D>"
    if ("'" in lower or "’" in lower) and CONTRACTION.search(lower):  # each form has one
        return (
            lower.replace("’", "'")
            if lower.split("'")[0].split("’")[0] in FUNCTION_WORDS
            else "<X'>"
        )
    if len(token) > 1 and token.isupper():
        return "<A>"
    if first.isupper():
        return "<C>"
    if lower.endswith(_SUFFIXES):  # most words end otherwise: one test for them
        for suffix in _SUFFIXES:
            if lower.endswith(suffix) and len(lower) > len(suffix) + 2:
                return f"<{suffix}>"
    return "<w>"


def grams(items: Sequence[str], sizes: Sequence[int]) -> list[str]:
    """All n-grams of the given sizes, smaller sizes first, in text order."""
    result: list[str] = []
    for n in sizes:
        if n == 1:
            result.extend(items)
        else:
            result.extend(map(" ".join, zip(*(items[i:] for i in range(n)), strict=False)))
    return result
