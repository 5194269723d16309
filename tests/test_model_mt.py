"""The machine-translation article model: it learns on fixtures written here
(short invented articles, machine-like and human-like), scores exactly as
scikit-learn does, trains deterministically, round-trips through JSON, holds
out whole systems and languages in cross-validation, and its probability is
calibrated to a stated prior with an operating point chosen for false alarms."""

from __future__ import annotations

import copy
import json
import math
import random

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from qualitycheck.config.settings import Config
from qualitycheck.detect.models.apply import SHIPPED, ModelSet
from qualitycheck.detect.models.linear import LinearModel, sigmoid
from qualitycheck.detect.models.mt import kind_of
from qualitycheck.detect.models.mt.calibration import (
    crossing,
    expected_calibration_error,
    operating_threshold,
    platt,
    prior_weights,
    reliability,
)
from qualitycheck.detect.models.mt.corpus import combined, content_text
from qualitycheck.detect.models.mt.detector import MtDetector
from qualitycheck.detect.models.mt.documents import assign_folds, documents, language_folds
from qualitycheck.detect.models.mt.features import _mattr, article_features, sentence_features
from qualitycheck.detect.models.mt.fitting import (
    Settings,
    article_rows,
    export_article,
    fit_article,
    fit_weighted,
)
from qualitycheck.detect.models.mt.tokens import shape
from qualitycheck.detect.models.mt.training import train
from qualitycheck.detect.models.registry import MODEL_TASKS
from qualitycheck.detect.models.settings import ModelSettings
from qualitycheck.detect.models.training import fit_logistic, roc_auc, to_linear_model
from qualitycheck.document.findings import Finding
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


LANGUAGES = ("xx", "yy", "zz")


def fixture_rows(count: int, seed: int) -> list[dict]:
    """``count`` source documents: each gives a machine version (one of five
    systems) and, for every other one, a human translation; plus originals."""
    rng = random.Random(seed)
    rows = []
    for number in range(count):
        group = f"g{seed}-{number}"
        system = f"system-{number % 5}"
        language = LANGUAGES[number % 3]
        rows.append(
            {
                "id": f"m{number}",
                "text": article(rng, "machine"),
                "label": "machine",
                "system": system,
                "group": group,
                "src_lang": language,
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
                    "src_lang": language,
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
                    "src_lang": "en",
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
    assert info["counts"] == {"human_translation": 15, "machine": 30, "original:wmt": 15}
    assert info["systems"] == [f"system-{n}" for n in range(5)]
    assert info["languages"] == list(LANGUAGES)
    assert set(info["cv"]) == {"systems_held_out", "languages_held_out"}
    for scheme in info["cv"].values():
        assert set(scheme["auc"]) == {"machine_vs_original", "machine_vs_human_translation"}
        assert set(scheme["recall_by_language"]) == set(LANGUAGES)
        assert 0.0 <= scheme["ece"] <= 1.0
    assert info["calibration"]["prior"] == 0.5
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
    scaling, vectorizer, classifier = fit_article(docs, 1.0, SMALL)
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
    # Nor how the text is cut into lines, how long it is or a Title Case headline.
    removed |= {"s:line_words", "s:sentences_per_line", "s:length", "s:headline_titlecase"}
    assert not removed & row.keys()
    assert any(k.startswith("m:") for k in row) and any(k.startswith("w:") for k in row)
    assert shape("Velstad") == "<C>" and shape("the") == "the" and shape("2024") == "<D>"


def _shape_by_definition(token: str) -> str:
    """The shape as first written: the contraction pattern asked of every word,
    each suffix tried in turn (``shape`` skips both where they cannot match)."""
    from qualitycheck.detect.models.mt.tokens import _SUFFIXES, CONTRACTION, FUNCTION_WORDS

    lower = token.lower()
    if lower in FUNCTION_WORDS:
        return lower
    first = token[0]
    if not first.isalnum():
        return token
    if first.isdigit():
        return "<D>"
    if CONTRACTION.search(lower):
        return (
            lower.replace("’", "'")
            if lower.split("'")[0].split("’")[0] in FUNCTION_WORDS
            else "<X'>"
        )
    if len(token) > 1 and token.isupper():
        return "<A>"
    if first.isupper():
        return "<C>"
    for suffix in _SUFFIXES:
        if lower.endswith(suffix) and len(lower) > len(suffix) + 2:
            return f"<{suffix}>"
    return "<w>"


@settings(max_examples=500, deadline=None)
@given(st.text(alphabet="aeinstgdlymoTIWDrv'’-.1İ", min_size=1, max_size=12) | st.text(min_size=1))
def test_a_shape_is_the_one_its_definition_gives(token):
    assert shape.__wrapped__(token) == _shape_by_definition(token)


def test_row_weights_equal_repeated_rows():
    """A human translation weighing 4 is fitted exactly as four copies of it
    under balanced classes: the weighting is a speed-up, not a new model."""
    rows = [sentence_features(s) for s in MACHINE + HUMAN]
    labels = [1] * len(MACHINE) + [0] * len(HUMAN)
    weights = [1.0] * len(MACHINE) + [4.0, 1.0] * (len(HUMAN) // 2)
    repeated_rows, repeated_labels = [], []
    for row, label, weight in zip(rows, labels, weights, strict=True):
        repeated_rows.extend([row] * int(weight))
        repeated_labels.extend([label] * int(weight))
    _, weighted = fit_weighted(rows, labels, weights, 1.0)
    _, repeated = fit_logistic(repeated_rows, repeated_labels, c=1.0)
    assert weighted.coef_[0] == pytest.approx(repeated.coef_[0], abs=1e-4)
    assert weighted.intercept_[0] == pytest.approx(repeated.intercept_[0], abs=1e-4)


def test_features_ignore_typography_and_line_breaks():
    """The same words with curly or straight quotes, em dashes or hyphens, one
    sentence per line or one paragraph, are the same article to the model:
    those differences come from a site's CMS or the corpus, not the translator."""
    sentences = [
        "Port plan approved",
        "“We’re ready,” the mayor said — and nobody argued.",
        "The works start in May… if the money arrives.",
        "She called it “a fair deal”.",
    ]
    typeset = "\n".join(sentences)
    plain = "\n".join(
        [
            sentences[0],
            '"We\'re ready," the mayor said - and nobody argued. '
            "The works start in May... if the money arrives.",
            'She called it "a fair deal".',
        ]
    )
    rows = [
        article_features(parse_text(text, "a", "a", first_line_is_title=False), [])
        for text in (typeset, plain)
    ]
    assert rows[0] == pytest.approx(rows[1])
    assert sentence_features(sentences[1]) == sentence_features(
        '"We\'re ready," the mayor said - and nobody argued.'
    )


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


def test_system_names_are_case_folded(rules_only):
    """WMT spells one engine "Online-B" one year and "ONLINE-B" the next:
    holding out one spelling while training on the other would leak."""
    rows = fixture_rows(10, seed=7)
    for row in rows:
        if row["label"] == "machine":
            row["system"] = "Online-B" if int(row["id"][1:]) % 4 else "ONLINE-B"
    docs = documents(rows, rules_only)
    assert {d.system for d in docs if d.label == "machine"} == {"online-b"}


def test_folds_hold_out_whole_languages(rules_only):
    docs = documents(fixture_rows(24, seed=4), rules_only)
    folds = language_folds(docs, seed=0)
    by_language: dict[str, set[int]] = {}
    for doc in docs:
        if doc.label != "original":
            by_language.setdefault(doc.language, set()).add(doc.fold)
    assert folds == len(LANGUAGES)
    assert all(len(f) == 1 for f in by_language.values())
    assert len({next(iter(f)) for f in by_language.values()}) == len(LANGUAGES)
    assert {d.fold for d in docs if d.label == "original"} == set(range(folds))


@pytest.mark.skipif(not (SHIPPED / "mt.json").is_file(), reason="no shipped mt model")
def test_shipped_models_load_and_are_small():
    detector = MtDetector.load(SHIPPED)
    files = [SHIPPED / "mt.json", SHIPPED / "mt_sentence.json"]
    assert sum(path.stat().st_size for path in files) < 2_000_000
    parsed = parse_text(article(random.Random(6), "human"), "a", "a", first_line_is_title=False)
    probability, evidence = detector.score(parsed, [])
    assert 0.0 <= probability <= 1.0 and len(evidence) <= 3
    assert 0.0 < detector.threshold < 1.0


def _gaussian_margins(rng: random.Random, positives: int, negatives: int) -> tuple[list, list]:
    """Margins of two unit Gaussians at +1 and -1: at equal priors the true
    probability of the positive class is ``sigmoid(2 m)``."""
    margins = [rng.gauss(1.0, 1.0) for _ in range(positives)]
    margins += [rng.gauss(-1.0, 1.0) for _ in range(negatives)]
    return margins, [1] * positives + [0] * negatives


def test_platt_recovers_the_true_probability_at_the_stated_prior():
    """Three negatives for every positive in the sample, calibrated to a prior
    of one half: the fit must undo the sample's class mix, not learn it."""
    margins, labels = _gaussian_margins(random.Random(11), 2000, 6000)
    slope, offset = platt(margins, labels, prior_weights(labels, 0.5))
    assert slope == pytest.approx(2.0, abs=0.15)
    assert offset == pytest.approx(0.0, abs=0.1)
    # Calibrated to the sample's own prior, the offset moves by its log odds.
    _, sample_offset = platt(margins, labels, prior_weights(labels, 0.25))
    assert sample_offset == pytest.approx(math.log(1 / 3), abs=0.12)


def test_reliability_and_ece_tell_calibrated_from_overconfident():
    margins, labels = _gaussian_margins(random.Random(12), 3000, 3000)
    weights = prior_weights(labels, 0.5)
    calibrated = [sigmoid(2 * m) for m in margins]
    overconfident = [sigmoid(6 * m + 2) for m in margins]
    good = reliability(calibrated, labels, weights)
    bad = reliability(overconfident, labels, weights)
    assert expected_calibration_error(good) < 0.03
    assert expected_calibration_error(bad) > 0.1
    assert sum(b.count for b in good) == len(margins)
    assert all(0.0 <= b.low < b.high <= 1.0 for b in good)


def test_operating_threshold_keeps_each_clean_kind_within_its_share():
    """1% of 200 originals may reach the threshold (2), 3% of 100 human
    translations (3); the stricter of the two limits wins."""
    originals = [i / 1000 for i in range(200)]  # top scores 0.199, 0.198, 0.197
    humans = [0.5 + i / 1000 for i in range(100)]  # top scores 0.599, 0.598, 0.597, 0.596
    scores = {"original": originals, "human_translation": humans}
    shares = {"original": 0.01, "human_translation": 0.03}
    threshold = operating_threshold(scores, shares)
    assert threshold == pytest.approx((0.597 + 0.596) / 2)
    assert crossing(humans, threshold) <= 0.03 and crossing(originals, threshold) <= 0.01
    # Without the human translations the originals' own limit applies.
    alone = operating_threshold({"original": originals}, {"original": 0.01})
    assert alone == pytest.approx((0.198 + 0.197) / 2)
    assert sum(s >= alone for s in originals) == 2


@pytest.mark.skipif(not (SHIPPED / "mt.json").is_file(), reason="no shipped mt model")
def test_shipped_threshold_obeys_its_false_alarm_rule():
    """In every cross-validation scheme recorded in the shipped model, at most
    1% of originals and 3% of human translations reach the error threshold,
    and the probability is calibrated to the stated prior."""
    info = LinearModel.load(SHIPPED / "mt.json").training
    assert info["calibration"]["prior"] == 0.5
    assert set(info["cv"]) == {"systems_held_out", "languages_held_out"}
    for scheme in info["cv"].values():
        shares = scheme["share_at_threshold"]
        assert all(v <= 0.01 for k, v in shares.items() if k.startswith("original")), shares
        assert shares["human_translation"] <= 0.03, shares


def test_corpus_adds_web_news_as_originals():
    """Extra originals keep what grouped cross-validation reads: a PolNeAR
    outlet is one group, a page is cut to its content lines, and a page that
    is not English is left out (the gate does not score it either)."""
    articles = [
        {"id": "pn-1", "text": HUMAN[0], "outlet": "nyt"},
        {"id": "pn-2", "text": HUMAN[1], "outlet": "nyt"},
    ]
    pages = [
        {
            "id": "aeb-1",
            "text": "\n".join(["Menu", HEADLINES_HUMAN[0], *HUMAN[2:6], "Share this"]),
            "lines": ["boilerplate", "title", *["content"] * 4, "boilerplate"],
        },
        {
            "id": "aeb-2",
            "text": "Der Bürgermeister sagte am Dienstag, dass die Brücke repariert wird.",
            "lines": ["content"],
        },
    ]
    wmt = [{"id": "mt-1", "text": MACHINE[0], "label": "machine", "source": "wmt22"}]
    records = combined(wmt, articles, pages)
    assert [r["id"] for r in records] == ["mt-1", "pn-1", "pn-2", "aeb-1"]
    assert {r["group"] for r in records[1:3]} == {"polnear:nyt"}
    assert all(r["label"] == "original" and r["src_lang"] == "en" for r in records[1:])
    assert records[3]["text"].split("\n") == [HEADLINES_HUMAN[0], *HUMAN[2:6]]
    assert [kind_of(r["label"], r["source"]) for r in records] == [
        "machine",
        "original:polnear",
        "original:polnear",
        "original:article-extraction",
    ]
    with pytest.raises(ValueError, match="does not match"):
        content_text({"id": "x", "text": "a\nb", "lines": ["content"]})


def test_error_and_info_band_findings(trained):
    """At or above the error threshold the gate's finding; in the band below
    it one info finding that never fails or warns; below the band nothing."""
    detector = MtDetector(*trained)
    parsed = parse_text(article(random.Random(8), "machine"), "a", "a", first_line_is_title=False)
    probability, _ = detector.score(parsed, [])
    assert 0.0 < probability < 1.0
    models = ModelSet(None, {task: ModelSettings(enabled=False) for task in MODEL_TASKS})
    models.mt = detector

    def findings(threshold: float, band: float | None) -> dict[str, str]:
        detector.threshold, detector.info_threshold = threshold, band
        found, reported = models.apply(parsed, [], "en")
        assert reported == round(probability, 4)
        return {f.rule: f.severity for f in found if f.rule != "model-mt-evidence"}

    below, above = probability * 0.99, probability + (1.0 - probability) / 2
    assert findings(below, None) == {"model-machine-translation": "warning"}
    assert findings(above, below) == {"model-mt-possible": "info"}
    assert findings(above, None) == {}
    assert findings(above, (above + probability) / 2) == {}


def test_the_verdict_is_shown_on_the_first_paragraph_not_on_furniture(trained):
    """The article's verdict sits on its first paragraph of prose: not on a
    menu line or a headline above it, nor on a line a boilerplate finding
    starts in (on a scraped page's menu it read as a finding about the menu)."""
    detector = MtDetector(*trained)
    detector.threshold, detector.info_threshold = 0.0, None
    models = ModelSet(None, {task: ModelSettings(enabled=False) for task in MODEL_TASKS})
    models.mt = detector
    paragraphs = MACHINE[:5]
    text = "\n".join(["Home | News | Sport | Weather", "Harbour lamps", *paragraphs])
    parsed = parse_text(text, "a", "a", first_line_is_title=False)

    def verdict_line(findings: list[Finding]) -> int:
        found, _ = models.apply(parsed, findings, "en")
        return next(f.line for f in found if f.rule == "model-machine-translation")

    assert verdict_line([]) == 3
    share = Finding.at(
        parsed,
        parsed.blocks[2],
        (0, 10),
        rule="boilerplate-share",
        category="boilerplate",
        severity="error",
        message="scraper text",
    )
    assert verdict_line([share]) == 4


class _MenuAndTeaserModel:
    """A boilerplate model that flags the first two lines of a page: its menu
    and a teaser sentence under it, which no rule names."""

    threshold, warning_threshold = 0.65, 0.9

    def probabilities(self, article, findings):
        return [0.95 if block.index < 2 else 0.05 for block in article.blocks]


def test_the_verdict_is_not_shown_on_a_line_the_boilerplate_model_flags(trained):
    """A teaser sentence over the story reads as prose; when the boilerplate
    model (not a rule) flags it, the verdict still moves past it to the story."""
    detector = MtDetector(*trained)
    detector.threshold, detector.info_threshold = 0.0, None
    models = ModelSet(None, {task: ModelSettings(enabled=False) for task in MODEL_TASKS})
    models.mt = detector
    models.boilerplate = _MenuAndTeaserModel()
    teaser = "Why the harbour strike could be the start of a much longer fight over wages."
    text = "\n".join(["Home | News | Sport | Weather", teaser, *MACHINE[:5]])
    parsed = parse_text(text, "a", "a", first_line_is_title=False)
    found, _ = models.apply(parsed, [], "en")
    assert 2 in {f.line for f in found if f.category == "boilerplate"}
    assert next(f.line for f in found if f.rule == "model-machine-translation") == 3


def test_no_verdict_on_a_body_shorter_than_min_words(trained):
    """A body under ``min_words`` gets no probability and no finding, even
    with a threshold every probability reaches; one word more and it does."""
    detector = MtDetector(*trained)
    detector.threshold, detector.info_threshold = 0.0, None
    models = ModelSet(None, {task: ModelSettings(enabled=False) for task in MODEL_TASKS})
    models.mt = detector
    text = article(random.Random(9), "machine")
    words = text.split()
    assert len(words) > 12
    detector.min_words = len(words) + 1
    parsed = parse_text(text, "a", "a", first_line_is_title=False)
    found, probability = models.apply(parsed, [], "en")
    assert probability is None
    assert not [f for f in found if f.category == "machine_translation"]
    detector.min_words = len(words)
    found, probability = models.apply(parsed, [], "en")
    assert probability is not None
    assert "model-machine-translation" in {f.rule for f in found}


def test_the_shipped_detector_does_not_judge_a_single_sentence(cli, tmp_path):
    path = tmp_path / "short.txt"
    path.write_text(
        "Harbour notes\nThe lower basin of the harbour is generally less affected by the tides.\n",
        encoding="utf-8",
    )
    result = cli("check", path, "--format", "json").json()["articles"][0]
    assert result["mt_probability"] is None
    assert not [f for f in result["findings"] if f["category"] == "machine_translation"]


def test_evaluate_reports_the_mt_model_per_kind_language_and_system(cli, tmp_path, trained):
    """``evaluate --task mt`` with a model: the share of each kind (originals
    split by source) at the error threshold and in the info band, recall per
    source language and system, precision and calibration."""
    folder = tmp_path / "models"
    article_model, sentence_model = copy.deepcopy(trained)  # the fixture is shared
    article_model.settings["info_threshold"] = article_model.threshold / 2
    for model in (article_model, sentence_model):
        model.save(folder / f"{model.task}.json")
    rows = [
        {**row, "source": "polnear" if row["label"] == "original" else "wmt22"}
        for row in fixture_rows(12, seed=21)
    ]
    # every fixture article has 65 words or more; this one is too short to judge
    short = {**rows[0], "id": "short", "text": "Ferry notes\nThe ferry left early today."}
    rows.append(short)
    data = tmp_path / "mt.jsonl"
    data.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    report = cli("evaluate", "--task", "mt", data, "--models", folder, "--format", "json").json()
    assert set(report["mt_share_at_threshold"]) == {
        "machine",
        "human_translation",
        "original:polnear",
    }
    assert set(report["mt_recall_by_language"]) == set(LANGUAGES)
    assert set(report["mt_recall_by_system"]) == {f"system-{n}" for n in range(5)}
    assert report["mt_info_threshold"] == pytest.approx(article_model.threshold / 2, abs=1e-4)
    assert 0.0 <= report["mt_ece"] <= 1.0
    assert report["fail_share"]["original:polnear"] == report["fail_share"]["original"]
    unscored = {label: 0 for label in report["articles"]}
    unscored[short["label"]] = 1
    assert report["model_unscored"] == unscored


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from("a b c d e f g h".split()), max_size=140), st.integers(1, 60))
def test_mattr_is_the_mean_of_the_windows_distinct_counts(words, window):
    """The linear count of _mattr against its definition, window by window."""
    if len(words) <= window:
        expected = len(set(words)) / max(len(words), 1)
    else:
        starts = range(len(words) - window + 1)
        expected = sum(len(set(words[i : i + window])) for i in starts) / len(starts)
    assert _mattr(words, window) == expected


def test_training_without_originals_says_its_threshold_rule_fell_short(rules_only, trained):
    assert "shortfall" not in trained[0].training
    rows = [row for row in fixture_rows(30, seed=1) if row["label"] != "original"]
    article_model, _ = train(rows, rules_only, seed=0, settings=SMALL)
    assert article_model.training["shortfall"].startswith(
        "no original articles in the data: the threshold rule cannot hold the false alarms"
    )
