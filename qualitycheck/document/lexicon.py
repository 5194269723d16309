"""Small English word lists shared by rules and features (no downloads)."""

from __future__ import annotations

import re

#: Frequent English function words: their share tells English prose from other text.
STOPWORDS = frozenset(
    """
    a about above after again against all am an and any are as at be because been before
    being below between both but by can could did do does doing down during each few for
    from further had has have having he her here hers herself him himself his how i if in
    into is it its itself just me more most my myself no nor not now of off on once only or
    other our ours ourselves out over own same she should so some such than that the their
    theirs them themselves then there these they this those through to too under until up
    very was we were what when where which while who whom why will with would you your
    yours yourself yourselves said says also its
    """.split()
)


_CONTENT_WORD = re.compile(r"[^\W\d_]{4,}")


def content_words(text: str) -> set[str]:
    """The words of four letters or more of ``text`` that are no function
    words, lower-cased: what tells one story from another (a deck shares
    them with its headline and lead; a site's name shares none with the
    headline of one of its stories)."""
    return {w for w in (m.lower() for m in _CONTENT_WORD.findall(text)) if w not in STOPWORDS}
