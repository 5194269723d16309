"""The pure parts of ``benchmarks/mt_embeddings.py``, with fake embeddings.

That benchmark measured whether a pretrained sentence encoder lifts the mt
scores (docs/accuracy.md, issue 15). Its figures rest on documents being cut
into the sentences that are embedded and pooled back to the right document,
on out-of-fold scores never seeing their own fold, on the leakage check
telling a language signal from none, and on flagged sentences being scored as
``evaluate --task mqm`` scores spans. No encoder or PyTorch is needed here:
the vectors are made up so that the right answer is known.
"""

from __future__ import annotations

import pytest
from conftest import load_benchmark

np = pytest.importorskip("numpy")
pytest.importorskip("sklearn")
BENCH = load_benchmark("mt_embeddings")


def test_sentences_are_cut_per_line_and_keep_their_offsets() -> None:
    text = "The mayor spoke. The vote was close.\nA second line"
    spans = BENCH.sentence_spans(text)
    assert [text[s:e] for s, e in spans] == [
        "The mayor spoke.",
        "The vote was close.",
        "A second line",
    ]
    regions = [(0, 16), (17, 36)]
    assert [text[s:e] for s, e in BENCH.sentence_spans(text, regions)] == [
        "The mayor spoke.",
        "The vote was close.",
    ]


def test_units_name_the_document_each_sentence_belongs_to() -> None:
    sentences, owners, spans = BENCH.units(["One. Two.", "Three.", "Four.\nFive. Six."])
    assert sentences == ["One.", "Two.", "Three.", "Four.", "Five.", "Six."]
    assert owners == [0, 0, 1, 2, 2, 2]
    assert spans[4] == (6, 11)


def test_pooling_gives_each_document_the_statistics_of_its_own_sentences() -> None:
    vectors = np.array([[1.0, 0.0], [3.0, 2.0], [5.0, 5.0], [-1.0, 4.0], [1.0, 0.0]])
    pooled = BENCH.pool(vectors, [0, 0, 1, 2, 2], 3, ("mean", "std", "max"))
    assert pooled.shape == (3, 6)
    np.testing.assert_allclose(pooled[0], [2.0, 1.0, 1.0, 1.0, 3.0, 2.0])
    np.testing.assert_allclose(pooled[1], [5.0, 5.0, 0.0, 0.0, 5.0, 5.0])
    np.testing.assert_allclose(pooled[2], [0.0, 2.0, 1.0, 2.0, 1.0, 4.0])


def test_out_of_fold_scores_learn_a_signal_and_not_their_own_labels() -> None:
    rng = np.random.default_rng(0)
    labels = [i % 2 == 0 for i in range(200)]
    folds = [i % 5 for i in range(200)]
    signal = rng.normal(size=(200, 8))
    signal[:, 0] += np.where(labels, 2.0, -2.0)
    scores = BENCH.fold_scores(signal, labels, folds, 1.0)
    right = sum((s > 0) == y for s, y in zip(scores, labels, strict=True))
    assert right > 180
    # Noise alone: whatever a fold's model learned about its own rows, the
    # held-out rows get scores no better than chance.
    noise = rng.normal(size=(200, 50))
    scores = BENCH.fold_scores(noise, labels, folds, 100.0)
    right = sum((s > 0) == y for s, y in zip(scores, labels, strict=True))
    assert 70 < right < 130


def _rows(languages: list[str]) -> list[dict[str, object]]:
    return [
        {
            "label": "machine" if i % 2 else "human_translation",
            "kind": "machine" if i % 2 else "human_translation",
            "group": f"doc{i // 2}",
            "language": language,
        }
        for i, language in enumerate(languages)
    ]


def test_the_leakage_check_tells_a_language_signal_from_none() -> None:
    rng = np.random.default_rng(1)
    languages = [("cs", "de", "ja")[(i // 2) % 3] for i in range(180)]
    rows = _rows(languages)
    column = {"cs": 0, "de": 1, "ja": 2}
    marked = rng.normal(size=(180, 6))
    for i, language in enumerate(languages):
        marked[i, column[language]] += 3.0
    found = BENCH.language_leakage(rows, marked)
    assert found["languages"] == 3
    assert found["macro_auc"] > 0.95
    unmarked = BENCH.language_leakage(rows, rng.normal(size=(180, 6)))
    assert 0.35 < unmarked["macro_auc"] < 0.65


def test_stable_folds_keep_a_key_in_one_fold_and_use_them_all() -> None:
    keys = [f"g{i % 23}" for i in range(100)]
    folds = BENCH.stable_folds(keys)
    assert set(folds) == {0, 1, 2, 3, 4}
    for key in set(keys):
        assert len({f for k, f in zip(keys, folds, strict=True) if k == key}) == 1
    assert BENCH.stable_folds(keys) == folds


def _mqm_record() -> dict[str, object]:
    text = "The cat sat on mat. It was sunny.\nHe go to school yesterday. The end."
    return {
        "text": text,
        "segments": [[0, 33], [34, len(text)]],
        "source": "wmt23-zhen-news",
        "group": "d1",
        "system": "s1",
        "errors": [
            # "on mat": two raters agree; "go": one rater only; an accuracy span.
            {"start": 11, "end": 18, "category": "Fluency/Grammar", "rater": "r1"},
            {"start": 14, "end": 18, "category": "Fluency/Grammar", "rater": "r2"},
            {"start": 37, "end": 39, "category": "Fluency/Grammar", "rater": "r1"},
            {"start": 20, "end": 32, "category": "Accuracy/Mistranslation", "rater": "r2"},
        ],
    }


def test_mqm_sentences_are_labelled_by_fluency_style_spans_and_agreement() -> None:
    found = BENCH.mqm_units([_mqm_record()])
    assert found["sentences"] == [
        "The cat sat on mat.",
        "It was sunny.",
        "He go to school yesterday.",
        "The end.",
    ]
    assert found["any"] == [True, False, True, False]
    assert found["agreed"] == [True, False, False, False]


def test_flagged_sentences_are_scored_as_evaluate_scores_spans() -> None:
    record = _mqm_record()
    found = BENCH.mqm_units([record])
    scores = [0.9, 0.1, 0.5, 0.2]
    points = BENCH.operating_points([record], scores, found["owners"], found["spans"], (0.25, 0.5))
    # Top quarter: the first sentence only (right, and the agreed region found).
    assert points[0] == (0.25, 1, 1.0, 1.0)
    # Top half: both error sentences; every sentence: half of four are right.
    assert points[1] == (0.5, 2, 1.0, 1.0)
    assert points[-1] == (1.0, 4, 0.5, 1.0)
    assert BENCH.best_at_recall(points) == (0.25, 1, 1.0, 1.0)
    assert BENCH.best_at_recall([(0.5, 9, 0.9, 0.1)]) is None


def test_four_kb_articles_stop_at_a_line_within_4096_characters() -> None:
    line = "A sentence that is long enough to fill the page. " * 5
    records = [{"text": "\n".join([line] * 40)} for _ in range(3)]
    articles = BENCH.four_kb_articles(records, 2)
    assert len(articles) == 2
    assert sum(len(s) + 1 for s in articles[0]) <= 4096
    assert len(articles[0]) > 50


def test_rows_left_out_of_fitting_are_still_scored() -> None:
    rng = np.random.default_rng(2)
    labels = [i % 3 == 0 for i in range(150)]
    matrix = rng.normal(size=(150, 4))
    matrix[:, 0] += np.where(labels, 2.0, -2.0)
    # Fitted on the first 100 rows only; the other 50 get out-of-fold scores too.
    fit_on = [i < 100 for i in range(150)]
    scores = BENCH.fold_scores(matrix, labels, [i % 5 for i in range(150)], 1.0, fit_on=fit_on)
    late = range(100, 150)
    assert sum((scores[i] > 0) == labels[i] for i in late) > 45


def test_the_article_report_credits_the_embeddings_with_the_signal_they_carry() -> None:
    rng = np.random.default_rng(3)
    rows = []
    kinds = ("machine", "machine", "human_translation", "original:wmt")
    for i in range(160):
        kind = kinds[i % 4]
        rows.append(
            {
                "label": kind.split(":")[0],
                "kind": kind,
                "group": f"doc{i // 4}",
                "language": ("cs", "ja")[(i // 4) % 2] if kind != "original:wmt" else "en",
                "folds": {"systems": i % 4, "languages": (i // 4) % 2},
                "margins": {"systems": float(rng.normal()), "languages": float(rng.normal())},
                "stats": {},
            }
        )
    matrix = rng.normal(size=(160, 5))
    matrix[:, 0] += [3.0 if r["label"] == "machine" else 0.0 for r in rows]
    report = BENCH.measure_articles(rows, matrix, [1.0])
    for scheme in BENCH.SCHEMES:
        assert report[scheme]["embeddings C 1.0"]["human_translation"] > 0.9
        assert 0.3 < report[scheme]["margin"]["human_translation"] < 0.7
        combined = report[scheme]["margin + embeddings C 1.0"]
        assert combined["gain_vs_human"] > 0.2
        assert combined["gain_se_vs_human"] > 0


def test_version_similarity_compares_translations_of_one_source_with_others() -> None:
    rows = [
        {"kind": "machine", "group": "a", "language": "cs"},
        {"kind": "human_translation", "group": "a", "language": "cs"},
        {"kind": "machine", "group": "b", "language": "cs"},
        {"kind": "human_translation", "group": "c", "language": "ja"},
    ]
    matrix = np.array([[1.0, 0.0], [2.0, 0.0], [0.0, 3.0], [1.0, 1.0]])
    found = BENCH.version_similarity(rows, matrix)
    assert found["same_source"] == pytest.approx(1.0)
    assert found["same_source_pairs"] == 1
    # a's human translation against b's machine translation: orthogonal.
    assert found["other_source_same_language"] == pytest.approx(0.0)
