"""The voice cross-validation benchmark's experiments are measured fairly.

``benchmarks/voice_cv.py --experiments`` decided that nothing of the second
round of issue 16 ships. Its verdict rests on three things tested here: each
row knows its paragraph (a stack that read a neighbour across a block could
not run at check time, where the model sees one block), a stack's training
margins come from models that never saw their rows (else the stack learns
in-sample margins), and the outer margins are the shipped design's
out-of-fold scores (the baseline every variant is paired with).
"""

from __future__ import annotations

import math
import re

import pytest
from conftest import load_benchmark

BENCH = load_benchmark("voice_cv")


def _record(text: str) -> dict:
    """A record whose sentences are the runs ending in a full stop."""
    return {"text": text, "sentences": [m.span() for m in re.finditer(r"[^ \n][^.]*\.", text)]}


def test_places_follow_the_lines_of_each_article():
    first = _record("Headline.\nOne. Two. Three.\nFour.")
    second = _record("Alone.")
    assert [first["text"][a:b] for a, b in first["sentences"]] == [
        "Headline.",
        "One.",
        "Two.",
        "Three.",
        "Four.",
    ]
    assert BENCH.places([first, second]) == [
        (0, 0, 0, 1),
        (0, 1, 0, 3),
        (0, 1, 1, 3),
        (0, 1, 2, 3),
        (0, 2, 0, 1),
        (1, 0, 0, 1),
    ]


def _row(**extra: float) -> dict[str, float]:
    return {"mean": 0.5, "x_marks=0": 1.0, "x_no_cue": 1.0, **extra}


def test_a_stack_reads_neighbours_in_its_block_unless_told_to_read_across():
    layout = [(0, 0, 0, 1), (0, 1, 0, 2), (0, 1, 1, 2), (1, 0, 0, 1)]
    rows = [_row() for _ in layout]
    margins = [1.0, 2.0, 3.0, 4.0]
    inside = BENCH.dense_row(rows, layout, margins, 1, False)
    # own margin, then (previous, present?), (next, present?), two away each
    assert inside[:9] == [2.0, 0.0, 0.0, 3.0, 1.0, 0.0, 0.0, 0.0, 0.0]
    assert inside[9:11] == [3.0, 3.0]  # the paragraph's other sentences
    across = BENCH.dense_row(rows, layout, margins, 1, True)
    # the headline before it; never the next article's first sentence
    assert across[:9] == [2.0, 1.0, 1.0, 3.0, 1.0, 0.0, 0.0, 0.0, 0.0]
    last = BENCH.dense_row(rows, layout, margins, 3, True)
    assert last[1:9] == [0.0] * 8
    assert last[-2:] == [0.0, 1.0]


def _dataset() -> tuple[list[dict[str, float]], list[int], list[int]]:
    rows, labels, groups = [], [], []
    for i in range(60):
        label = i % 2
        rows.append({f"w:{i % 7}": 1.0, "cue": float(label ^ (i % 11 == 0)), "n": (i % 5) / 5})
        labels.append(label)
        groups.append(i % 3)
    return rows, labels, groups


def test_nested_margins_never_score_a_row_with_a_model_fitted_on_it():
    pytest.importorskip("sklearn")
    from qualitycheck.detect.models import voice_sentence_training as training

    rows, labels, groups = _dataset()
    nested = BENCH.nested_margins(rows, labels, groups, 0.1)
    out_of_fold = training.out_of_fold(rows, labels, groups, 0.1)
    for fold, margins in nested.items():
        for i, group in enumerate(groups):
            if group == fold:  # the baseline: the shipped design's out-of-fold score
                assert 1 / (1 + math.exp(-margins[i])) == pytest.approx(out_of_fold[i], abs=1e-12)
    # a training row's margin for fold 0's stack comes from a model fitted
    # without fold 0 and without the row's own fold
    inner = [i for i, g in enumerate(groups) if g == 1]
    train = [i for i, g in enumerate(groups) if g == 2]
    expected = BENCH._margins(rows, labels, train, inner, 0.1)
    assert [nested[0][i] for i in inner] == pytest.approx(expected, abs=1e-12)
    in_sample = BENCH._margins(rows, labels, inner + train, inner, 0.1)
    assert [nested[0][i] for i in inner] != pytest.approx(in_sample, abs=1e-6)


def test_the_standard_error_is_of_the_mean():
    assert BENCH.standard_error([1.0, 2.0, 3.0]) == pytest.approx(1 / math.sqrt(3))
