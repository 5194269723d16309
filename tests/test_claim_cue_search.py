"""The claim rules search their cue phrases with the alternation factored
(``kinds/claim.cue_search``): the same matches as the phrase regex."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from qualitycheck.config.settings import Config
from qualitycheck.detect.rules.kinds.claim import ClaimRule, cue_search, factored
from qualitycheck.detect.rules.kinds.phrase import phrase_regex
from qualitycheck.pipeline.checker import Checker

_WORDS = ["a", "ab", "abc", "b", "ba", "it", "is", "no", "doubt", "n't", "x-ray", "1st", "é"]


def _spans(pattern: re.Pattern[str], text: str) -> list[tuple[int, int]]:
    return [m.span() for m in pattern.finditer(text)]


def test_factored_joins_alternatives_by_their_first_letter() -> None:
    assert factored(["ab", "ac", "b"]) == "a(?:b|c)|b"
    # an alternative that may match where a later one does is never passed
    assert factored(["ab", "", "ac"]) == "ab||ac"
    assert factored(["ab", "\\s+c", "ac"]) == "a(?:b|c)|\\s+c"


def test_shipped_claim_rules_find_the_same_cues() -> None:
    rules = [r for r in Checker(Config()).rules if isinstance(r, ClaimRule) and r.cues]
    assert rules
    for rule in rules:
        assert rule.cues is not None and rule.cue_search is not rule.cues
        inner = rule.cues.pattern[len("(?<!\\w)(?:") : -len(")(?!\\w)")]
        phrases = inner.replace("\\s+", " ").replace("\\", "").split("|")
        text = " ".join(phrases) + " xno doubt, no doubtx; " + ", ".join(reversed(phrases))
        assert _spans(rule.cue_search, text) == _spans(rule.cues, text)


@settings(max_examples=300, deadline=None)
@given(
    st.lists(
        st.lists(st.sampled_from(_WORDS), min_size=1, max_size=3).map(" ".join),
        min_size=1,
        max_size=8,
    ),
    st.lists(st.sampled_from([*_WORDS, " ", "  ", ",", "-", "'", "\n"]), max_size=30),
)
def test_cue_search_matches_the_phrase_regex(phrases: list[str], pieces: list[str]) -> None:
    cues = phrase_regex(phrases)
    text = "".join(pieces)
    assert _spans(cue_search(cues), text) == _spans(cues, text)
