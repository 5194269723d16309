"""A sentence's word runs, lower-cased: one pass instead of many regex scans.

Several signals ask a sentence whether a case-insensitive pattern of whole
ASCII words matches: ``\\b(?:said|says|...)\\b`` over 200 reporting verbs,
"I think", "is widely regarded". Python's ``re`` tries every alternative at
every position (about 40 µs a sentence for the reporting verbs). The same
answer comes from the sentence's ``\\w+`` runs: a match of ``\\b word \\b`` is
a whole run, and a run matches an ASCII word under ``re.IGNORECASE`` exactly
when its lower case is that word, provided the sentence holds none of the few
non-ASCII characters that ``re`` folds to an ASCII letter (the Kelvin sign,
the long s, the dotless i, ligatures: :data:`FOLDS_TO_ASCII`). Callers use
the runs only where :func:`foldable` says so and the regex otherwise, so the
answers are the regex's; tests/test_wordruns.py checks the character list
against every code point and the answers against the patterns.
"""

from __future__ import annotations

import re
from functools import lru_cache

#: Every non-ASCII character that ``re.IGNORECASE`` matches to an ASCII
#: letter, or whose lower, upper or case-folded form holds one (a superset:
#: a sentence with one of them just takes the regex).
FOLDS_TO_ASCII = frozenset(
    "\u00df\u0130\u0131\u0149\u017f\u01f0\u1e96\u1e97\u1e98\u1e99\u1e9a\u1e9e\u212a"
    "\ufb00\ufb01\ufb02\ufb03\ufb04\ufb05\ufb06"
)
_FOLDS = re.compile("[" + "".join(sorted(FOLDS_TO_ASCII)) + "]")
RUN = re.compile(r"\w+")


def foldable(text: str) -> bool:
    """Whether ``text``'s word runs answer case-insensitive ASCII word patterns:
    it holds no character of :data:`FOLDS_TO_ASCII`."""
    return text.isascii() or _FOLDS.search(text) is None


@lru_cache(maxsize=2048)
def lowered_runs(text: str) -> frozenset[str] | None:
    """The lower case of every ``\\w+`` run of ``text``, or ``None`` when
    ``text`` is not :func:`foldable` (cached: the claims model, the voice
    model and the claim rules ask about the same sentences)."""
    if text.isascii():  # lower case keeps an ASCII text's runs where they are
        return frozenset(RUN.findall(text.lower()))
    if not foldable(text):
        return None
    return frozenset(run.lower() for run in RUN.findall(text))
