"""The sentence-encoder benchmark (``benchmarks/embedding_cv.py``, issue 16)
measures what it says, without the encoder: embeddings are faked here.

Its verdict rests on the comparison being fair: the claims variants are cut
into the claims trainer's own folds and scored by its threshold rule and
fold error, a stack's training margins come from models that never saw
their rows, the texts embedded line up with the rows they extend, and the
house rule decides what would ship.
"""

from __future__ import annotations

import io
import json
import math
import random
from contextlib import redirect_stdout
from pathlib import Path

import pytest
from conftest import SHARED, load_benchmark

BENCH = load_benchmark("embedding_cv")


def test_texts_follow_the_voice_rows_and_context_starts_at_the_previous_sentence():
    first = {"text": "Title\nHe said so. It rains.", "sentences": [[0, 5], [6, 17], [18, 27]]}
    second = {"text": "Alone here.", "sentences": [[0, 11]]}
    assert BENCH.sentence_texts([first, second]) == [
        "Title",
        "He said so.",
        "It rains.",
        "Alone here.",
    ]
    assert BENCH.sentence_texts([first, second], context=True) == [
        "Title",
        "Title\nHe said so.",
        "He said so. It rains.",
        "Alone here.",  # never the previous article's last sentence
    ]
    assert BENCH.article_sentences(first, size=17) == ["Title", "He said so."]


def _claims_data(n: int = 80) -> tuple[list[dict[str, float]], list[int]]:
    rng = random.Random(3)
    rows, labels = [], []
    for i in range(n):
        label = int(i % 3 == 0)
        noisy = label if rng.random() < 0.8 else 1 - label
        rows.append({f"w:{rng.randrange(9)}": 1.0, "cue": float(noisy), "len": rng.random()})
        labels.append(label)
    return rows, labels


def test_claims_folds_and_scores_are_the_trainers_own():
    pytest.importorskip("sklearn")
    from qualitycheck.detect.models import claims_training

    rows, labels = _claims_data()
    groups = BENCH.claims_groups(labels)
    assert sorted(set(groups)) == [0, 1, 2, 3, 4]
    fit = BENCH.logistic_fit(BENCH.sparse_rows(rows), labels, 0.1, "balanced")
    ours = [BENCH.sigmoid(m) for m in BENCH.out_of_fold(fit, groups)]
    assert ours == pytest.approx(claims_training.out_of_fold(rows, labels, 0.1, 0), abs=1e-4)
    allowed = [i % 5 != 1 for i in range(len(rows))]
    scores = BENCH.gated(ours, allowed)
    assert all(s == 0.0 for s, ok in zip(scores, allowed, strict=True) if not ok)
    threshold, precision, recall, f1, folds = BENCH.claims_score(scores, labels, groups)
    assert (threshold, precision, recall) == claims_training.precision_threshold(scores, labels)
    assert f1 == pytest.approx(2 * precision * recall / (precision + recall))
    assert BENCH.voice_cv.standard_error(folds) == pytest.approx(
        claims_training._fold_f1_error(scores, labels, threshold, 0)
    )


def test_nested_margins_never_come_from_a_model_fitted_on_their_rows():
    groups = [i % 4 for i in range(20)]
    calls: list[tuple[list[int], list[int]]] = []

    def fit(train: list[int], test: list[int]) -> list[float]:
        calls.append((train, test))
        return [float(i) for i in test]

    layers = BENCH.nested(fit, groups)
    assert sorted(layers) == [0, 1, 2, 3]
    assert len(calls) == 16
    for train, test in calls:
        assert not set(train) & set(test)
        folds_in_test = {groups[i] for i in test}
        assert len(folds_in_test) == 1
        # the outer fold's rows: fitted on all other folds; others: also without the outer fold
        assert len({groups[i] for i in train}) in (2, 3)
    assert all(margins == [float(i) for i in range(20)] for margins in layers.values())


def test_nested_margins_match_the_voice_benchmarks_for_the_same_model():
    pytest.importorskip("sklearn")
    rows, labels = _claims_data(60)
    groups = [i % 4 for i in range(60)]
    fit = BENCH.logistic_fit(BENCH.sparse_rows(rows), labels, 0.1, None)
    ours = BENCH.nested(fit, groups)
    theirs = BENCH.voice_cv.nested_margins(rows, labels, groups, 0.1)
    for fold in range(4):
        assert ours[fold] == pytest.approx(theirs[fold], abs=1e-4)


def test_a_stack_is_trained_on_the_other_folds_margins_only():
    pytest.importorskip("sklearn")
    labels = [i % 2 for i in range(40)]
    groups = [i % 4 for i in range(40)]
    # in each outer fold's layer, the training rows' margins say the label and
    # the fold's own rows' margins say the opposite: a stack that learned from
    # the fold's own rows would get them right
    layer = {
        fold: [
            (-1.0 if labels[i] else 1.0) if groups[i] == fold else (1.0 if labels[i] else -1.0)
            for i in range(40)
        ]
        for fold in range(4)
    }
    probabilities = BENCH.stacked([layer], labels, groups, None)
    assert all((p >= 0.5) != bool(y) for p, y in zip(probabilities, labels, strict=True))


def test_the_house_rule_needs_half_a_point_and_one_standard_error():
    assert BENCH.paired([0.81, 0.82, 0.83], [0.80, 0.81, 0.82])[2] is True
    gain, error, ships = BENCH.paired([0.804, 0.804, 0.804], [0.80, 0.80, 0.80])
    assert gain == pytest.approx(0.004) and error == pytest.approx(0.0, abs=1e-12)
    assert ships is False  # below +0.005
    gain, error, ships = BENCH.paired([0.84, 0.77, 0.82], [0.80, 0.80, 0.80])
    assert gain == pytest.approx(0.01) and error > gain and ships is False


def test_the_embedding_block_is_scaled_beside_the_sparse_features():
    np = pytest.importorskip("numpy")
    matrix = BENCH.sparse_rows([{"a": 1.0}, {"b": 2.0}])
    dense = np.array([[0.5, -0.5], [1.0, 0.0]], dtype=np.float32)
    joined = BENCH.with_block(matrix, dense, 3.0).toarray()
    assert joined.tolist() == [[1.0, 0.0, 1.5, -1.5], [0.0, 2.0, 3.0, 0.0]]


def _fake_embeddings(np):
    def embed(texts):
        vectors = np.zeros((len(texts), 8), dtype=np.float32)
        for i, text in enumerate(texts):
            vectors[i, 0] = 1.0 if "surely" in text else 0.0
            vectors[i, 1 + len(text) % 7] = 1.0
        return vectors / np.linalg.norm(vectors, axis=1, keepdims=True)

    return embed


def test_the_claims_run_prints_every_variant_paired_with_the_shipped_design(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    np = pytest.importorskip("numpy")
    pytest.importorskip("sklearn")
    monkeypatch.setattr(BENCH, "embeddings", _fake_embeddings(np))
    monkeypatch.delenv("QUALITYCHECK_EMBED_PYTHON", raising=False)
    data = tmp_path / "claims.jsonl"
    rng = random.Random(5)
    subjects = ["The plan", "This policy", "The new road", "Our council", "The budget"]
    with data.open("w", encoding="utf-8") as handle:
        for i in range(100):
            claim = i % 3 == 0
            word = "surely" if claim == (rng.random() < 0.85) else "now"
            text = f"{rng.choice(subjects)} is {word} going to change the town for {i} years."
            handle.write(json.dumps({"id": f"c{i}", "text": text, "unsupported": claim}) + "\n")
    out = io.StringIO()
    with redirect_stdout(out):
        BENCH.main(["claims", str(data), "--c", "1", "--scales", "3"])
    lines = [line for line in out.getvalue().splitlines() if line.startswith("| (")]
    assert [line.split(" ")[1] for line in lines] == ["(a)", "(b)", "(c)", "(d)"]
    assert "(baseline)" in lines[0]
    for line in lines[1:]:
        assert re_gain(line.split(" | ")[5]), line
    # the fake encoder's "surely" dimension reaches the rows it belongs to
    assert float(lines[1].split(" | ")[3].split(" ")[0]) > 0.6


def re_gain(cell: str) -> bool:
    import re

    return re.fullmatch(r"[+-]\d\.\d{4} ± \d\.\d{4}", cell) is not None


def test_the_voice_run_uses_voice_cvs_articles_and_folds(monkeypatch: pytest.MonkeyPatch):
    np = pytest.importorskip("numpy")
    pytest.importorskip("sklearn")
    train = SHARED / "corpus" / "attribution" / "train.jsonl"
    if not train.exists():
        pytest.skip(f"{train} is absent (../shared is not checked out here)")
    monkeypatch.setattr(BENCH, "embeddings", _fake_embeddings(np))
    out = io.StringIO()
    with redirect_stdout(out):
        BENCH.main(["voice", str(train), "--limit", "10", "--c", "1", "--scales", "3"])
    text = out.getvalue()
    assert text.startswith("10 articles, ")
    names = [line.split(" ")[1] for line in text.splitlines() if line.startswith("| (")]
    assert names == ["(a)", "(b)", "(b')", "(c)", "(d)", "(d')"]
    scores = [float(line.split(" | ")[1].split(" ")[0]) for line in text.splitlines()[3:]]
    assert all(0.0 < s <= 1.0 for s in scores) and not math.isnan(sum(scores))


DEV = load_benchmark("embedding_dev")


def test_dev_scores_come_from_models_fitted_on_all_of_train_only():
    np = pytest.importorskip("numpy")
    pytest.importorskip("sklearn")
    rows, labels = _claims_data(60)
    train = DEV.cv.sparse_rows(rows)
    groups = [i % 4 for i in range(60)]
    dev = train[:7]
    # a dev row scores as a model fitted on the 60 train rows scores it
    fit = DEV.cv.logistic_fit(train, labels, 0.1, None)
    expected = fit(list(range(60)), list(range(7)))
    assert DEV.dev_margins((train, dev, 0.1), labels, None) == pytest.approx(expected, abs=1e-9)
    oof, found = DEV.probabilities([(train, dev, 0.1)], labels, groups, None)
    assert oof == pytest.approx(
        [DEV.cv.sigmoid(m) for m in DEV.cv.out_of_fold(fit, groups)], abs=1e-12
    )
    assert found == pytest.approx([DEV.cv.sigmoid(m) for m in expected], abs=1e-9)
    dense = np.asarray(train.toarray(), dtype=np.float32)
    oof, found = DEV.probabilities(
        [(train, dev, 0.1), (dense, dense[:7], 1.0)], labels, groups, "balanced"
    )
    assert len(oof) == 60 and len(found) == 7 and all(0 < p < 1 for p in oof + found)


def test_the_claims_dev_reading_runs_without_the_encoder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    np = pytest.importorskip("numpy")
    pytest.importorskip("sklearn")
    monkeypatch.setattr(DEV.cv, "embeddings", _fake_embeddings(np))
    rng = random.Random(7)
    for name, count in (("train", 100), ("dev", 30)):
        with (tmp_path / f"{name}.jsonl").open("w", encoding="utf-8") as handle:
            for i in range(count):
                claim = i % 3 == 0
                word = "surely" if claim == (rng.random() < 0.85) else "now"
                text = f"The plan is {word} going to change the town for {i} years."
                handle.write(json.dumps({"id": f"{name}{i}", "text": text, "unsupported": claim}))
                handle.write("\n")
    out = io.StringIO()
    with redirect_stdout(out):
        DEV.main(
            ["claims", str(tmp_path / "train.jsonl"), str(tmp_path / "dev.jsonl"), "--variant", "c"]
        )
    lines = [line for line in out.getvalue().splitlines() if line.startswith("| (")]
    assert [line.split(" ")[1] for line in lines] == ["(a)", "(c)"]
    assert all(line.count(" F1 ") == 2 for line in lines)
