"""The predictability statistics of ``benchmarks/mt_predictability.py`` measure what they say.

That benchmark decided that language-model and word-frequency statistics do
not join the mt article model (docs/accuracy.md). Its verdict rests on a
proper language model (the probabilities of every next word sum to one, so a
lower mean log probability means less predictable text, not a leaky model),
on the statistics reading familiar text as more predictable than unfamiliar
text, and on pairs being counted within one source document only.
"""

from __future__ import annotations

import math

import pytest
from conftest import load_benchmark

BENCH = load_benchmark("mt_predictability")
NEWS = [
    "The council approved the budget on Monday.\nThe mayor said the vote was close.",
    "The council rejected the plan on Friday.\nThe mayor said the plan would return.",
    "Officials said the bridge would reopen in June after repairs.",
]


@pytest.mark.parametrize("history", ["<s>", "the", "council", "said", "unheard-of"])
def test_the_next_word_probabilities_sum_to_one(history):
    model = BENCH.BigramModel(NEWS)
    # Every word seen, plus the one slot all unseen words share.
    total = sum(model.bigram(history, w) for w in model.unigrams)
    total += model.bigram(history, "<unseen word>")
    assert math.isclose(total, 1.0, rel_tol=1e-9)


def test_familiar_text_is_more_predictable_than_unfamiliar_text():
    model = BENCH.BigramModel(NEWS)
    familiar = model.features("The mayor said the vote was close.")
    unfamiliar = model.features("Close was vote the said mayor the.")
    assert familiar["lm_mean"] > unfamiliar["lm_mean"]
    assert familiar["lm_unseen"] < unfamiliar["lm_unseen"]


def test_pairs_are_counted_within_one_source_document():
    rows = [
        {"group": "a", "label": "machine", "stats": {"x": 2.0}},
        {"group": "a", "label": "human_translation", "stats": {"x": 1.0}},
        {"group": "b", "label": "machine", "stats": {"x": 0.0}},
        {"group": "b", "label": "human_translation", "stats": {"x": 3.0}},
        {"group": "c", "label": "machine", "stats": {"x": 9.0}},  # no human version
        {"group": "d", "label": "original", "stats": {"x": -9.0}},
    ]
    assert BENCH.paired_share(rows, "x") == (0.5, 2)


def test_usage_statistics_count_listed_common_pairs():
    class Counts:
        def __init__(self) -> None:
            self.words = {"the": 10**9, "of": 10**9, "mayor": 10**6}
            self.pairs = {("of", "the"): 10**8}
            self.total = 10**11

        def expected(self, a, b):
            return self.words[a] * self.words[b] / self.total

    stats = BENCH.usage_features("Of the mayor, the of zorblax", Counts())
    # Common pairs (expected >= 3e5): "of the" (listed) and "the of" (not);
    # "the mayor" expects 1e4 and "mayor the" too: not common.
    assert stats["g_pair_listed"] == 0.5
    assert stats["g_oov"] == pytest.approx(1 / 6)
