"""``benchmarks/false_alarms.py`` names the rules that failed or warned the
most articles: ties must come out in one order, whatever order the rules were
first counted in (they came from a set, whose order moves with the hash seed)."""

from __future__ import annotations

from collections import Counter

from conftest import load_benchmark


def test_rules_tied_on_articles_are_listed_by_name_in_every_run():
    benchmark = load_benchmark("false_alarms")
    first = Counter(["claim-vague-source", "claim-loaded-language", "claim-weasel", "claim-weasel"])
    second = Counter(
        ["claim-loaded-language", "claim-vague-source", "claim-weasel", "claim-weasel"]
    )
    assert (
        benchmark.ranked(first)
        == benchmark.ranked(second)
        == [
            ("claim-weasel", 2),
            ("claim-loaded-language", 1),
            ("claim-vague-source", 1),
        ]
    )
    assert benchmark._top(first, 10) == benchmark._top(second, 10)
