"""Phrase, cue and spelling alternations are compiled at their first search:
the same matches as re.compile, and a short article leaves most uncompiled."""

from __future__ import annotations

import re

from qualitycheck.config.settings import Config
from qualitycheck.detect.rules.kinds.claim import ClaimRule
from qualitycheck.detect.rules.kinds.phrase import PhraseRule
from qualitycheck.pipeline.checker import Checker
from qualitycheck.primitives.lazyre import LazyRegex
from qualitycheck.readers.txt import parse_text


def test_a_lazy_regex_finds_what_re_compile_finds():
    text = "Share this article, it is CERTAIN that share  this is shared."
    for pattern, flags in [(r"(?<!\w)(?:share\s+this)(?!\w)", 0), (r"certain", re.I), ("", 0)]:
        lazy = LazyRegex(pattern, flags)
        assert lazy._compiled is None
        eager = re.compile(pattern, flags)
        assert [m.span() for m in lazy.finditer(text)] == [m.span() for m in eager.finditer(text)]
        assert [m.span() for m in lazy.finditer(text, 5, 40)] == [
            m.span() for m in eager.finditer(text, 5, 40)
        ]
        found, expected = lazy.search(text, 3), eager.search(text, 3)
        assert (found and found.span()) == (expected and expected.span())
        assert lazy.flags == eager.flags and lazy.pattern == eager.pattern


def test_a_short_article_compiles_only_the_alternations_its_rules_search():
    checker = Checker(Config(), use_models=False)
    lazy = [
        regex
        for rule in checker.rules
        if isinstance(rule, PhraseRule | ClaimRule)
        for regex in (getattr(rule, "regex", None), getattr(rule, "cue_search", None))
        if isinstance(regex, LazyRegex)
    ]
    assert len(lazy) >= 5 and all(regex._compiled is None for regex in lazy)
    article = parse_text("Harbour\nThe harbour reopened on Monday.\n", "a.txt", "a.txt")
    checker.check(article)
    assert sum(regex._compiled is None for regex in lazy) >= len(lazy) - 1
