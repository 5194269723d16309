"""The machine-translation article model: it learns on fixtures written here
(short invented articles, machine-like and human-like), scores exactly as
scikit-learn does, trains deterministically and round-trips through JSON."""

from __future__ import annotations

import json
import random

import pytest

from qualitycheck.config.settings import Config
from qualitycheck.detect.models.apply import SHIPPED
from qualitycheck.detect.models.linear import LinearModel
from qualitycheck.detect.models.mt.detector import MtDetector
from qualitycheck.detect.models.mt.documents import assign_folds, documents
from qualitycheck.detect.models.mt.features import article_features, sentence_features
from qualitycheck.detect.models.mt.fitting import (
    Settings,
    article_rows,
    export_article,
    fit_article,
)
from qualitycheck.detect.models.mt.tokens import shape
from qualitycheck.detect.models.mt.training import train
from qualitycheck.detect.models.training import fit_logistic, roc_auc, to_linear_model
from qualitycheck.pipeline.checker import Checker
from qualitycheck.readers.txt import parse_text

# Invented sentences in the manner of literal machine output: straight quotes,
# hyphens for dashes, no contractions, "it is reported", "on the 12th".
MACHINE = [
    "On the 12th, the city administration of Velstad reported that the bridge will be repaired.",
    "It is reported that the works will be carried out in the territory of the old port.",
    'The head of the district said that "the situation is under control" - it is noted.',
    "At the same time, the residents of the district do not have the possibility to use the ferry.",
    "In the city of Velstad, the number of tourists increased by 15 percent in comparison.",
    "According to the press service, the meeting was held in the format of a video conference.",
    "The minister noted that it is necessary to take measures for the development of the region.",
    "It should be noted that the decision was made on the basis of the results of the inspection.",
    "The representative of the company did not give comments on the situation with the prices.",
    "On the territory of the park, the installation of new lamps will be carried out.",
    "In this regard, the administration is asking the residents to be careful on the roads.",
    'The deputy mayor said that "the works will be completed in time" - it is not planned.',
    "Earlier it was reported that the construction of the school is carried out with the delay.",
    "The amount of the financing is 2 million euros, it is specified in the document.",
    "The specialists of the ministry will carry out the check of the quality of the water.",
    "As it was reported, the repair of the road is planned in the summer period.",
]
# Invented sentences in the manner of an editor or translator: curly quotes,
# dashes, contractions, pronouns, varied structure.
HUMAN = [
    "Velstad’s council finally agreed on Tuesday to fix the old bridge — and it won’t be cheap.",
    "Residents aren’t happy: they’ve waited three years for the ferry to return.",
    "“We’re doing what we can,” the mayor told reporters, though she admitted the delays hurt.",
    "It’s the third time this spring that the harbour road has flooded.",
    "Tourists are back, too; hotel bookings climbed by about a sixth last summer.",
    "She says the money, roughly €2m, should cover the lamps as well as the paths.",
    "Nobody expects the school to open on time – builders blame a shortage of steel.",
    "The inspectors’ report, published late on Friday, found nothing alarming in the water.",
    "If the weather holds, they’ll reopen the park before the festival, officials hope.",
    "Shopkeepers, meanwhile, are counting the cost of a quiet winter.",
    "“Don’t close the road again,” pleaded one café owner, who’s lost half her trade.",
    "His company declined to comment, but a spokesman hinted at higher prices.",
    "For now, though, drivers should expect queues — especially near the port.",
    "That’s why the councillors voted, narrowly, to borrow the rest.",
    "Few people remember the last time the bridge was painted.",
    "The ferry’s captain, who has sailed the route for twenty years, isn’t worried.",
]
HEADLINES_MACHINE = [
    "In Velstad the bridge will be repaired until the end of the year",
    "The administration of the district reported about the works in the port",
    "The number of tourists in the region increased by 15 percent",
]
HEADLINES_HUMAN = [
    "Velstad finally fixes its bridge",
    "Port works: what residents need to know",
    "Tourists return to the coast",
]


def article(rng: random.Random, kind: str) -> str:
    pool, heads = (MACHINE, HEADLINES_MACHINE) if kind == "machine" else (HUMAN, HEADLINES_HUMAN)
    lines = [rng.choice(heads), *rng.sample(pool, 5)]
    return "\n".join(lines)


def fixture_rows(count: int, seed: int) -> list[dict]:
    """``count`` source documents: each gives a machine version (one of five
    systems) and, for every other one, a human translation; plus originals."""
    rng = random.Random(seed)
    rows = []
    for number in range(count):
        group = f"g{seed}-{number}"
        system = f"system-{number % 5}"
        rows.append(
            {
                "id": f"m{number}",
                "text": article(rng, "machine"),
                "label": "machine",
                "system": system,
                "group": group,
            }
        )
        if number % 2 == 0:
            rows.append(
                {
                    "id": f"h{number}",
                    "text": article(rng, "human"),
                    "label": "human_translation",
                    "system": None,
                    "group": group,
                }
            )
        else:
            rows.append(
                {
                    "id": f"o{number}",
                    "text": article(rng, "human"),
                    "label": "original",
                    "system": None,
                    "group": f"o{seed}-{number}",
                }
            )
    return rows


SMALL = Settings(folds=3, article_cs=(1.0,), min_docs=2, min_sentences=2)


@pytest.fixture(scope="module")
def rules_only() -> Checker:
    """The shipped rules without models: what ``qualitycheck train`` trains beside."""
    config = Config()
    config.use_models = False
    return Checker(config)


@pytest.fixture(scope="module")
def trained(rules_only) -> list[LinearModel]:
    return train(fixture_rows(30, seed=1), rules_only, seed=0, settings=SMALL)


def test_model_separates_held_out_fixture_articles(trained):
    detector = MtDetector(*trained)
    held_out = fixture_rows(12, seed=99)
    scores = {"machine": [], "other": []}
    for row in held_out:
        parsed = parse_text(row["text"], row["id"], row["id"], first_line_is_title=False)
        probability, evidence = detector.score(parsed, [])
        assert 0.0 <= probability <= 1.0
        assert len(evidence) <= 3
        for block, start, end, confidence in evidence:
            assert 0 <= start < end <= len(block.text)
            assert 0.5 < confidence <= 1.0
        scores["machine" if row["label"] == "machine" else "other"].append(probability)
    assert roc_auc(scores["machine"], scores["other"]) >= 0.95


def test_models_carry_training_metadata(trained):
    article_model, sentence_model = trained
    assert (article_model.task, sentence_model.task) == ("mt", "mt_sentence")
    info = article_model.training
    assert info["counts"] == {"human_translation": 15, "machine": 30, "original": 15}
    assert info["systems"] == [f"system-{n}" for n in range(5)]
    assert set(info["cv_auc"]) == {"machine_vs_original", "machine_vs_human_translation"}
    assert 0.0 < article_model.threshold < 1.0


def test_rule_features_never_count_against_machine_translation(rules_only):
    """An artifact a rule names is no evidence of human work, even when the
    training data's human articles carry it more often (in WMT, translators
    keep "today, Friday," from their sources): such a rule feature is left
    out rather than given a negative weight."""
    rows = fixture_rows(30, seed=2)
    for row in rows:
        if row["label"] != "machine":
            row["text"] += "\nThe council said today, Friday, that the ferry would run again."
    article_model, _ = train(rows, rules_only, seed=0, settings=SMALL)
    rule_weights = {k: w for k, w in article_model.weights.items() if k.startswith("r:")}
    assert "r:mt-day-apposition" not in rule_weights
    assert all(weight >= 0 for weight in rule_weights.values()), rule_weights


def test_linear_model_scores_like_scikit_learn(rules_only):
    docs = documents(fixture_rows(20, seed=3), rules_only)
    for doc in docs:
        doc.margins = [0.1 * len(doc.sentences), -0.2]
    scaling, vectorizer, classifier = fit_article(docs, 1.0, SMALL, seed=0)
    raw = article_rows(docs)
    expected = classifier.predict_proba(vectorizer.transform([scaling.apply(r) for r in raw]))[:, 1]
    # Scaling folded into the weights: the JSON model reads raw features.
    folded = export_article(scaling, vectorizer, classifier, 1.0, 0.0, digits=None)
    # The plain export on scaled features, as training.py makes it.
    plain = to_linear_model("mt", vectorizer, classifier, 0.5, {})
    for row, probability in zip(raw, expected, strict=True):
        assert folded.probability(row) == pytest.approx(probability, abs=1e-9)
        assert plain.probability(scaling.apply(row)) == pytest.approx(probability, abs=1e-9)


def test_sentence_model_scores_like_scikit_learn():
    rows = [sentence_features(s) for s in MACHINE + HUMAN]
    labels = [1] * len(MACHINE) + [0] * len(HUMAN)
    vectorizer, classifier = fit_logistic(rows, labels, c=1.0, seed=0)
    model = to_linear_model("mt_sentence", vectorizer, classifier, 0.5, {})
    expected = classifier.predict_proba(vectorizer.transform(rows))[:, 1]
    for row, probability in zip(rows, expected, strict=True):
        assert model.probability(row) == pytest.approx(probability, abs=1e-9)


def test_training_is_deterministic(trained, rules_only):
    again = train(fixture_rows(30, seed=1), rules_only, seed=0, settings=SMALL)
    for first, second in zip(trained, again, strict=True):
        assert json.dumps(first.to_json()) == json.dumps(second.to_json())


def test_detector_round_trips_through_json(trained, tmp_path):
    for model in trained:
        model.save(tmp_path / f"{model.task}.json")
    loaded = MtDetector.load(tmp_path)
    direct = MtDetector(*trained)
    parsed = parse_text(article(random.Random(5), "machine"), "a", "a", first_line_is_title=False)
    assert loaded.score(parsed, [])[0] == pytest.approx(direct.score(parsed, [])[0], abs=1e-12)
    assert loaded.threshold == pytest.approx(trained[0].threshold, abs=1e-6)


def test_features_are_cheap_and_named():
    parsed = parse_text(
        'Port plan\nThe mayor said "yes" - it is reported.\nShe’s sure they’ll agree — eventually.',
        "a",
        "a",
        first_line_is_title=False,
    )
    row = article_features(parsed, [])
    assert row["s:contractions"] > 0 and row["s:pronouns"] > 0
    # Quote and dash styles come from a site's CMS, not the translator: not features.
    removed = {"s:straight_quotes", "s:curly_quotes", "s:curly_apostrophe", "s:em_dash"}
    assert not removed & row.keys()
    assert any(k.startswith("m:") for k in row) and any(k.startswith("w:") for k in row)
    assert shape("Velstad") == "<C>" and shape("the") == "the" and shape("2024") == "<D>"


def test_folds_hold_out_whole_systems(rules_only):
    docs = documents(fixture_rows(20, seed=4), rules_only)
    folds = assign_folds(docs, 5, seed=0)
    by_system: dict[str, set[int]] = {}
    by_group: dict[str, set[int]] = {}
    for doc in docs:
        if doc.label == "machine":
            by_system.setdefault(doc.system, set()).add(doc.fold)
        by_group.setdefault(doc.group, set()).add(doc.fold)
    assert folds == 5
    assert all(len(f) == 1 for f in by_system.values())
    assert all(len(f) == 1 for f in by_group.values())


@pytest.mark.skipif(not (SHIPPED / "mt.json").is_file(), reason="no shipped mt model")
def test_shipped_models_load_and_are_small():
    detector = MtDetector.load(SHIPPED)
    files = [SHIPPED / "mt.json", SHIPPED / "mt_sentence.json"]
    assert sum(path.stat().st_size for path in files) < 2_000_000
    parsed = parse_text(article(random.Random(6), "human"), "a", "a", first_line_is_title=False)
    probability, evidence = detector.score(parsed, [])
    assert 0.0 <= probability <= 1.0 and len(evidence) <= 3
    assert 0.0 < detector.threshold < 1.0
