"""Learned detectors: they learn on fixtures written here, score exactly as
scikit-learn does, train deterministically and plug into check."""

from __future__ import annotations

import hashlib
import importlib
import inspect
import json
import random
import subprocess
import sys

import pytest

from qualitycheck.config.settings import Config
from qualitycheck.detect.models import boilerplate, claims, claims_training
from qualitycheck.detect.models.apply import SHIPPED
from qualitycheck.detect.models.linear import LinearModel
from qualitycheck.detect.models.protocols import ArticleDetector, LineDetector, SentenceDetector
from qualitycheck.detect.models.registry import DETECTORS, MODEL_TASKS, TRAINERS
from qualitycheck.detect.models.training import fit_logistic, roc_auc, to_linear_model
from qualitycheck.errors import InputError, QualitycheckError
from qualitycheck.pipeline.checker import Checker
from qualitycheck.readers.txt import parse_text
from qualitycheck.tools.training import train_task

CONTENT = [
    "The harbour authority approved a second container quay on Tuesday after a long debate.",
    "Work on the eastern breakwater is expected to start in the spring and last two years.",
    "The regional fund will cover about two thirds of the cost, the board's budget shows.",
    "Fishing cooperatives asked the board to keep the northern basin free for their boats.",
    "Residents of the old town can comment on the environmental assessment until March.",
    "The mayor said the new quay would bring about four hundred jobs to the area.",
    "Traffic through the port has grown by a fifth in three years, figures show.",
    "Two shipping lines have already asked for berths at the new quay, the director said.",
    "The council will vote on the road connection to the motorway next month.",
    "Opponents of the plan said the breakwater would change the currents near the beach.",
    "An independent engineer reviewed the designs and found no major problems.",
    "The first ships are expected to berth at the new quay in the summer of 2029.",
]
FURNITURE = [
    "Home",
    "News",
    "Sport",
    "Weather",
    "Most Read",
    "Trending Now",
    "Contact us",
    "Privacy",
    "Newsletter",
    "Follow",
    "Topics",
    "Local Business",
    "Opinion",
    "Video",
    "Sign in",
    "Shop",
    "Careers",
    "Events",
    "Obituaries",
    "Classifieds",
]


def synthetic_pages(count: int, seed: int) -> list[dict]:
    """Pages of furniture before and after a body of content sentences."""
    rng = random.Random(seed)
    pages = []
    for number in range(count):
        head = rng.sample(FURNITURE, rng.randint(2, 5))
        body = rng.sample(CONTENT, rng.randint(4, 7))
        tail = rng.sample(FURNITURE, rng.randint(2, 5))
        lines = head + body + tail
        labels = ["boilerplate"] * len(head) + ["content"] * len(body) + ["boilerplate"] * len(tail)
        pages.append({"id": f"p{number}", "text": "\n".join(lines), "lines": labels})
    return pages


OPINIONS = [
    "The new quay is a disgrace and a waste of everyone's money.",
    "Frankly, nobody in their right mind would build a quay there.",
    "This is surely the worst decision the board has ever made.",
    "The plan is obviously doomed and everyone knows it.",
    "What a ridiculous idea, and what a shameful process.",
    "The board clearly cares more about ships than about people.",
    "It is absurd to spend this much on concrete.",
    "The quay will undoubtedly be a white elephant.",
    "Everyone knows the director is hopelessly incompetent.",
    "This pathetic plan deserves to fail.",
]
FACTS = [
    "The board approved the quay on Tuesday by seven votes to two.",
    "The quay will be 420 metres long and 16 metres deep.",
    "Construction is scheduled to begin in April 2026.",
    "The regional fund will pay 160 million euros.",
    "The harbour handled 1.2 million containers last year.",
    "The director, Ingrid Solheim, presented the plan to the council.",
    "Two shipping lines have asked for berths, the port said.",
    "The environmental assessment runs to 300 pages.",
    "The council meets again on 14 March.",
    "Dredging will remove about two million cubic metres of sand.",
]


def claim_records() -> list[dict]:
    rows = [{"id": f"o{i}", "text": t, "unsupported": True} for i, t in enumerate(OPINIONS)]
    rows += [{"id": f"f{i}", "text": t, "unsupported": False} for i, t in enumerate(FACTS)]
    return rows


@pytest.fixture(scope="module")
def rules_only() -> Checker:
    config = Config()
    config.use_models = False
    return Checker(config)


def test_boilerplate_model_learns_to_separate_held_out_pages(rules_only):
    [model] = boilerplate.train(synthetic_pages(30, seed=1), rules_only, seed=0)
    detector = boilerplate.BoilerplateDetector(model)
    positives, negatives = [], []
    for page in synthetic_pages(8, seed=99):
        article = parse_text(page["text"], page["id"], "x", first_line_is_title=False)
        scores = detector.probabilities(article, rules_only.rule_findings(article))
        for score, label in zip(scores, page["lines"], strict=True):
            (positives if label == "boilerplate" else negatives).append(score)
    assert roc_auc(positives, negatives) > 0.95


def test_boilerplate_training_also_sees_each_page_cut_to_its_article(rules_only):
    """Scraped training pages nearly always end in furniture; a copy of each page
    cut to its article (first to last non-boilerplate line, in-body furniture
    kept) teaches the model that an article can end on content. The copies
    share their page's group (never split across folds) and do not count
    towards the threshold."""
    page = {
        "text": "Home\nNews\nTitle of the story\nFirst paragraph.\nShare\nLast paragraph.\nFooter",
        "lines": [
            "boilerplate",
            "boilerplate",
            "title",
            "content",
            "boilerplate",
            "content",
            "boilerplate",
        ],
    }
    cut = boilerplate._cropped(page)
    assert cut == {
        "text": "Title of the story\nFirst paragraph.\nShare\nLast paragraph.",
        "lines": ["title", "content", "boilerplate", "content"],
    }
    assert boilerplate._cropped(cut) is None  # already an article
    _rows, labels, groups, _named, original = boilerplate.dataset([page], rules_only)
    assert original == [True] * 6 + [False] * 3  # title lines are left out
    assert labels == [1, 1, 0, 1, 0, 1, 0, 1, 0]  # the page, then its cut
    assert set(groups) == {0}
    [model] = boilerplate.train(synthetic_pages(30, seed=1), rules_only, seed=0)
    assert model.training["lines"] == sum(
        label != "title" for p in synthetic_pages(30, seed=1) for label in p["lines"]
    )


def test_claims_model_learns_to_separate_held_out_sentences(rules_only):
    records = claim_records()
    held_out = [records[i] for i in (0, 1, 10, 11)]
    training = [r for r in records if r not in held_out]
    [model] = claims_training.train(training * 3, rules_only, seed=0)
    detector = claims.ClaimDetector(model)
    scores = {r["id"]: detector.probability(r["text"], set()) for r in held_out}
    assert min(scores["o0"], scores["o1"]) > max(scores["f0"], scores["f1"])


@pytest.mark.parametrize("task", MODEL_TASKS)
def test_registry_names_each_task_s_detector_and_trainer(task):
    """The registry's module strings resolve: the detector loads the shipped
    model and offers what check uses, the trainer takes the one signature."""
    module, name = DETECTORS[task]
    detector = getattr(importlib.import_module(module), name).load(SHIPPED)
    kind = {"boilerplate": LineDetector, "claims": SentenceDetector, "mt": ArticleDetector}[task]
    assert isinstance(detector, kind)
    assert 0.0 < detector.threshold < 1.0
    module, name = TRAINERS[task]
    trainer = getattr(importlib.import_module(module), name)
    parameters = list(inspect.signature(trainer).parameters.values())
    assert [p.name for p in parameters[:3]] == ["records", "rules", "seed"]
    assert parameters[2].default == 0
    assert all(p.default is not p.empty for p in parameters[2:])


def test_checking_with_every_model_never_imports_scikit_learn(tmp_path):
    """Training and evaluation import scikit-learn; check must not (start-up
    time): every model scores as a plain dot product."""
    article = tmp_path / "a.txt"
    article.write_text(
        "Port plan\nThe council meets again on 14 March, the mayor said today.\n"
        "This is surely the most shameful plan the board has ever made.\n"
        # the mt model judges a body of 50 words or more
        "The harbour board will publish the tender for the new quay in April, and "
        "the first ships should berth there in the summer of 2029, two years later "
        "than the town had hoped when the plan was first drawn up.\nShare this\n",
        encoding="utf-8",
    )
    probe = (
        "import contextlib, io, sys\n"
        "from qualitycheck.cli import main\n"
        "with contextlib.redirect_stdout(io.StringIO()) as out:\n"
        f"    main(['check', '--format', 'json', {str(article)!r}])\n"
        "assert json.loads(out.getvalue())['articles'][0]['mt_probability'] is not None\n"
        "print(sorted({m.split('.')[0] for m in sys.modules} & {'sklearn', 'scipy'}))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", "import json\n" + probe], capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]"


def test_linear_model_scores_exactly_like_scikit_learn():
    rng = random.Random(3)
    rows = [{f"f{rng.randint(0, 30)}": rng.random() for _ in range(6)} for _ in range(120)]
    labels = [1 if row.get("f1", 0) + row.get("f2", 0) > 0.3 else 0 for row in rows]
    vectorizer, classifier = fit_logistic(rows, labels, c=1.0)
    model = to_linear_model("test", vectorizer, classifier, 0.5, {})
    expected = classifier.predict_proba(vectorizer.transform(rows))[:, 1]
    for row, probability in zip(rows, expected, strict=True):
        assert model.probability(row) == pytest.approx(probability, abs=1e-9)


def test_training_is_deterministic(rules_only, tmp_path):
    [first] = claims_training.train(claim_records(), rules_only, seed=0)
    [second] = claims_training.train(claim_records(), rules_only, seed=0)
    first.save(tmp_path / "a.json")
    second.save(tmp_path / "b.json")
    assert (tmp_path / "a.json").read_bytes() == (tmp_path / "b.json").read_bytes()


def test_model_files_round_trip_and_bad_files_are_refused(tmp_path):
    model = LinearModel("claims", {"w:x": 1.5}, -0.5, 0.4, {"data": "fixture"})
    model.save(tmp_path / "claims.json")
    loaded = LinearModel.load(tmp_path / "claims.json")
    assert loaded == model
    (tmp_path / "bad.json").write_text('{"schema_version": 99}', encoding="utf-8")
    from qualitycheck.errors import QualitycheckError

    with pytest.raises(QualitycheckError, match="not a qualitycheck model"):
        LinearModel.load(tmp_path / "bad.json")


def test_train_task_writes_what_the_trainer_returns_and_reports_it(rules_only, tmp_path):
    data = tmp_path / "claims.jsonl"
    data.write_text("".join(json.dumps(r) + "\n" for r in claim_records()), encoding="utf-8")
    messages: list[str] = []
    written = train_task("claims", data, tmp_path / "out", rules_only, 0, messages.append).files
    assert written == [tmp_path / "out" / "claims.json"]
    [direct] = claims_training.train(claim_records(), rules_only, seed=0)
    direct.training["file"] = "claims.jsonl"
    direct.training["file_sha256"] = hashlib.sha256(data.read_bytes()).hexdigest()
    assert json.loads(written[0].read_text(encoding="utf-8")) == direct.to_json()
    cv = direct.training
    assert messages == [
        f"wrote {written[0]} ({len(direct.weights)} weights, threshold {direct.threshold:.3f}; "
        f"cross-validated F1 {cv['cv_f1']:.3f}, precision {cv['cv_precision']:.3f}, "
        f"recall {cv['cv_recall']:.3f})"
    ]
    twice = tmp_path / "twice.jsonl"
    twice.write_text(data.read_text(encoding="utf-8") * 2, encoding="utf-8")
    messages.clear()
    train_task("claims", twice, tmp_path / "out2", rules_only, 0, messages.append)
    records = len(claim_records())
    assert messages[0] == (
        f"warning: {twice}: {records} of {2 * records} records repeat an earlier record's text; "
        "cross-validation may score copies of training records (remove duplicates)"
    )


def test_train_task_stops_at_the_first_unreadable_line(rules_only, tmp_path):
    """A model fitted on part of a file would pass for one fitted on all of it."""
    data = tmp_path / "claims.jsonl"
    good = json.dumps(claim_records()[0])
    data.write_text(f"{good}\n\n[1, 2]\nnot json\n", encoding="utf-8")
    output = tmp_path / "out"
    with pytest.raises(InputError) as error:
        train_task("claims", data, output, rules_only, 0, print)
    assert str(error.value) == f"{data}:3: expected a JSON object, got an array"
    assert not output.exists()
    with pytest.raises(QualitycheckError, match=r"missing\.jsonl: cannot read: "):
        train_task("claims", tmp_path / "missing.jsonl", output, rules_only, 0, print)
    with pytest.raises(QualitycheckError, match="unknown model task 'sentiment'"):
        train_task("sentiment", data, output, rules_only, 0, print)


def test_train_command_and_check_with_retrained_models(cli, tmp_path):
    data = tmp_path / "claims.jsonl"
    data.write_text("".join(json.dumps(r) + "\n" for r in claim_records() * 3), encoding="utf-8")
    models = tmp_path / "models"
    result = cli("train", "--task", "claims", data, "--output", models)
    assert result.code == 0, result.err
    saved = json.loads((models / "claims.json").read_text(encoding="utf-8"))
    assert saved["task"] == "claims" and saved["training"]["file"] == "claims.jsonl"
    assert saved["training"]["file_sha256"] == hashlib.sha256(data.read_bytes()).hexdigest()
    # Measuring the model on its own training file says so, renamed or not.
    said = "the claims model was trained on this file (claims.jsonl, the same SHA-256)"
    assert said in cli("evaluate", "--task", "claims", data, "--models", models).err
    renamed = tmp_path / "dev.jsonl"
    renamed.write_bytes(data.read_bytes())
    assert said in cli("evaluate", "--task", "claims", renamed, "--models", models).err
    # Another corpus's file of the same name is not the training data.
    other = tmp_path / "other" / "claims.jsonl"
    other.parent.mkdir()
    other.write_text(json.dumps(claim_records()[0]) + "\n", encoding="utf-8")
    assert "trained on" not in cli("evaluate", "--task", "claims", other, "--models", models).err
    # A model written before the SHA-256 was kept is still known by its file's name.
    del saved["training"]["file_sha256"]
    (models / "claims.json").write_text(json.dumps(saved), encoding="utf-8")
    measured = cli("evaluate", "--task", "claims", other, "--models", models)
    assert "the claims model was trained on a file of this name (claims.jsonl)" in measured.err
    article = tmp_path / "a.txt"
    article.write_text(
        "Port plan\nThe council meets again on 14 March.\n"
        "This is surely the most shameful plan the board has ever made, and nobody wants it.\n",
        encoding="utf-8",
    )
    checked = cli("check", article, "--models", models, "--format", "json").json()
    rules = {f["rule"] for f in checked["articles"][0]["findings"]}
    assert "model-unsupported-claim" in rules or "claim-certainty" in rules
    none = cli("check", article, "--no-models", "--format", "json").json()
    assert not any(f["rule"].startswith("model-") for f in none["articles"][0]["findings"])
    assert none["articles"][0]["mt_probability"] is None


def test_a_models_folder_that_is_missing_or_holds_another_task_s_model_is_refused(cli, tmp_path):
    article = tmp_path / "a.txt"
    article.write_text("Port plan\nThe council meets again on 14 March.\n", encoding="utf-8")
    swapped = tmp_path / "swapped"
    swapped.mkdir()
    (swapped / "claims.json").write_bytes((SHIPPED / "boilerplate.json").read_bytes())
    empty = tmp_path / "empty"
    empty.mkdir()
    for folder, message in (
        (tmp_path / "nosuch", f"{tmp_path / 'nosuch'}: models folder: no such folder"),
        (article, f"{article}: models folder: is not a folder"),
        (swapped, f"{swapped / 'claims.json'}: a model for task 'boilerplate', not 'claims'"),
    ):
        result = cli("check", article, "--models", folder)
        assert result.code == 2
        assert result.err.splitlines()[-1] == f"qualitycheck: error: {message}"
    # A folder without some models is fine: those come from the shipped ones.
    assert cli("check", article, "--models", empty).code in (0, 1)
    # The config key: the error names the config file, line and key, not only the folder.
    config = tmp_path / "cfg" / "qualitycheck.yaml"
    config.parent.mkdir()
    config.write_text("fail_on: error\nmodels_dir: ../nosuch\n", encoding="utf-8")
    result = cli("check", article, "--config", config)
    assert result.code == 2
    assert result.err.splitlines()[-1] == (
        f"qualitycheck: error: {config}:2:1: models_dir: no such folder: ../nosuch"
    )
    config.write_text("models_dir: ../a.txt\n", encoding="utf-8")
    assert cli("check", article, "--config", config).err.splitlines()[-1] == (
        f"qualitycheck: error: {config}:1:1: models_dir: not a folder: ../a.txt"
    )
    config.write_text("models_dir: ../empty\n", encoding="utf-8")
    assert cli("check", article, "--config", config).code in (0, 1)


@pytest.mark.parametrize(
    ("task", "records", "message"),
    [
        ("claims", [{"text": "It is doomed.", "unsupported": "false"}], ":1: 'unsupported' must"),
        (
            "mt",
            [{"text": "It is doomed.", "unsupported": True}],
            ":1: 'label' is missing (one of machine",
        ),
        ("boilerplate", [{"text": "a\nb", "lines": ["content"]}], ":1: 'lines' must be a list"),
        (
            "boilerplate",
            [{"text": "a\nb", "lines": ["content", "contnet"]}],
            ":1: line label 'contnet' is not one of content, boilerplate, title",
        ),
        (
            "mt",
            [{"text": "It is doomed.", "label": "machine", "system": 5}],
            ":1: 'system' must be text or null, not 5",
        ),
        ("claims", [], ": no labeled records to train on"),
        (
            "claims",
            [{"text": f"Plan {n} is doomed.", "unsupported": True} for n in range(12)],
            ": cannot train claims on it: ",  # one class: scikit-learn's words follow
        ),
    ],
)
def test_train_refuses_bad_labels_and_too_little_data_in_one_line(
    cli, tmp_path, task, records, message
):
    data = tmp_path / "data.jsonl"
    data.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    result = cli("train", "--task", task, data, "--output", tmp_path / "models")
    assert result.code == 2
    assert result.err.splitlines()[-1].startswith(f"qualitycheck: error: {data}{message}")
    assert "Traceback" not in result.err
    assert not (tmp_path / "models").exists()


def test_train_into_a_file_is_refused(cli, tmp_path):
    data = tmp_path / "claims.jsonl"
    data.write_text("".join(json.dumps(r) + "\n" for r in claim_records()), encoding="utf-8")
    result = cli("train", "--task", "claims", data, "--output", data)
    assert result.code == 2
    assert result.err.splitlines()[-1] == (
        f"qualitycheck: error: {data}: not a folder (train writes TASK.json files into one)"
    )


def test_models_config_switches_and_validation(cli, tmp_path):
    article = tmp_path / "a.txt"
    article.write_text("Port plan\nThe council meets again on 14 March.\n", encoding="utf-8")
    (tmp_path / "qualitycheck.yaml").write_text(
        "models:\n  mt:\n    enabled: false\n  claims:\n    threshold: 0.0\n", encoding="utf-8"
    )
    result = cli("check", article, "--format", "json").json()
    entry = result["articles"][0]
    assert entry["mt_probability"] is None
    assert any(f["rule"] == "model-unsupported-claim" for f in entry["findings"])
    (tmp_path / "qualitycheck.yaml").write_text("models:\n  sentiment: {}\n", encoding="utf-8")
    bad = cli("check", article)
    assert bad.code == 2 and "models.sentiment: unknown model" in bad.err


def test_mt_evidence_says_its_rank_and_the_sentence_probability(cli):
    from conftest import EXAMPLES

    result = cli("check", EXAMPLES / "translated-trade-fair.md", "--format", "json")
    [article] = result.json()["articles"]
    evidence = [f for f in article["findings"] if f["rule"] == "model-mt-evidence"]
    assert 1 <= len(evidence) <= 3
    # It read "first of the article's evidence": the code's word, not an editor's.
    [verdict] = [f for f in article["findings"] if f["rule"] == "model-machine-translation"]
    assert verdict["message"].endswith(
        f"; the {len(evidence)} sentences that weigh most are flagged (model-mt-evidence)"
    )
    ranked = sorted(evidence, key=lambda f: -f["confidence"])
    among = f"of the {len(ranked)} that weigh most in the article's verdict"
    for rank, finding in zip(("first", "second", "third"), ranked, strict=False):
        wanted = f"the {rank} {among}" if len(ranked) > 1 else "the one that weighs most"
        assert wanted in finding["message"], finding["message"]
        assert f"sentence model p = {finding['confidence']:.2f}" in finding["message"]


def test_claim_cue_lists_group_the_words_a_claim_is_made_of():
    from qualitycheck.detect.models.claim_cues import cue_features

    hedged = "Critics have argued that the quay is arguably the best in the region."
    words = [w.lower() for w in hedged.rstrip(".").split()]
    row = cue_features(words, hedged)
    assert {"cue:hedge", "cue:evaluative", "cue:weasel"} <= set(row)
    passive = "The quay is widely regarded as a triumph of engineering."
    assert "cue:agentless_passive" in cue_features(passive.lower().split(), passive)
    sourced = "The quay was praised by the harbour master at the opening."
    assert "cue:agentless_passive" not in cue_features(sourced.lower().split(), sourced)
    plain = "The quay is 420 metres long and cost 160 million euros."
    assert cue_features(plain.lower().split(), plain) == {}


def test_the_shipped_claims_model_hears_hedges_and_judgements():
    detector = claims.ClaimDetector.load(SHIPPED)
    plain = detector.probability("The quay is 420 metres long and cost 160 million euros.", set())
    for claim in (
        "The new quay is arguably the finest piece of engineering the region has ever seen.",
        "This shameful decision will probably ruin the town for a generation.",
    ):
        assert detector.probability(claim, set()) > max(plain, 0.5)


def test_claims_training_takes_the_smallest_c_within_one_standard_error(rules_only):
    [model] = claims_training.train(claim_records() * 2, rules_only, seed=0)
    measured = {float(c): values for c, values in model.training["cv_f1_by_c"].items()}
    best_c = max(measured, key=lambda c: measured[c][0])
    best, error = measured[best_c]
    within = [c for c in sorted(measured) if measured[c][0] >= best - error]
    assert model.training["c"] == within[0]


@pytest.mark.parametrize(
    ("change", "said"),
    [
        ({"intercept": float("nan")}, "'intercept' is not a finite number: nan"),
        ({"weights": {"w:x": float("inf")}}, "weights['w:x'] is not a finite number: inf"),
        ({"weights": {"w:x": "0.5"}}, "weights['w:x'] is not a finite number: '0.5'"),
        ({"weights": {"w:x": True}}, "weights['w:x'] is not a finite number: True"),
        ({"threshold": -3}, "'threshold' must be a probability from 0 to 1, not -3"),
        ({"threshold": 1.5}, "'threshold' must be a probability from 0 to 1, not 1.5"),
        ({"kind": "random_forest"}, "'kind' must be 'logistic_regression', not 'random_forest'"),
        ({"settings": {"info_threshold": 2}}, "'settings.info_threshold' must be a probability"),
        ({"intercept": None}, "'intercept' is not a finite number: None"),
        ({"weights": {"w:x": 10**400}}, "weights['w:x'] is not a finite number: 1000"),
    ],
)
def test_a_model_file_with_a_value_no_model_can_have_is_refused(tmp_path, change, said):
    """A NaN weight switched the claims model off without a word, an infinite
    one wrote NaN into the JSON output, a threshold of -3 flagged everything."""
    model = LinearModel("claims", {"w:x": 1.5}, -0.5, 0.4, {"data": "fixture"})
    data = {**model.to_json(), **change}
    path = tmp_path / "claims.json"
    path.write_text(json.dumps(data), encoding="utf-8")  # NaN and Infinity as Python writes them
    with pytest.raises(QualitycheckError) as error:
        LinearModel.load(path)
    assert str(error.value).startswith(f"{path}: malformed model file: {said}")


def test_train_refuses_the_shipped_models_folder_and_its_own_data(
    cli, tmp_path, monkeypatch, rules_only
):
    from qualitycheck.tools import training

    data = tmp_path / "claims.jsonl"
    data.write_text("".join(json.dumps(r) + "\n" for r in claim_records()), encoding="utf-8")
    # A stand-in for the package's folder: a broken refusal must not replace the real models.
    shipped = tmp_path / "package" / "data"
    shipped.mkdir(parents=True)
    (shipped / "claims.json").write_text("the shipped model\n", encoding="utf-8")
    monkeypatch.setattr(training, "SHIPPED", shipped)
    result = cli("train", "--task", "claims", data, "--output", shipped)
    assert result.code == 2 and "is the folder of the shipped models" in result.err
    assert (shipped / "claims.json").read_text(encoding="utf-8") == "the shipped model\n"
    own = tmp_path / "own"
    own.mkdir()
    (own / "claims.json").write_text(data.read_text(encoding="utf-8"), encoding="utf-8")

    def trained_first(*args, **kwargs):
        raise AssertionError("trained before refusing")  # minutes, for mt

    with monkeypatch.context() as patched:
        patched.setattr(claims_training, "train", trained_first)
        result = cli("train", "--task", "claims", own / "claims.json", "--output", own)
    assert result.code == 2 and "is the training data" in result.err
    # A failing write keeps the model that was there (written through a temporary file).
    old = tmp_path / "old"
    old.mkdir()
    (old / "claims.json").write_text("the previous model\n", encoding="utf-8")

    def broken(self) -> str:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(LinearModel, "to_text", broken)
    with pytest.raises(OSError):
        training.train_task("claims", data, old, rules_only, 0, print)
    assert (old / "claims.json").read_text(encoding="utf-8") == "the previous model\n"
    assert [p.name for p in old.iterdir()] == ["claims.json"]


def test_mt_training_says_when_it_cannot_hold_out_systems(rules_only, tmp_path):
    rows = [
        {"id": f"m{n}", "label": "machine", "text": f"The fair {n} opened today, Thursday."}
        for n in range(3)
    ] + [{"id": "o1", "label": "original", "text": "The fair opened on Thursday.", "system": "x"}]
    data = tmp_path / "mt.jsonl"
    data.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    messages: list[str] = []
    with pytest.raises(QualitycheckError):  # far too little to train on
        train_task("mt", data, tmp_path / "out", rules_only, 0, messages.append)
    assert messages[0].startswith(f"warning: {data}: 3 machine-translated records name no 'system'")


def test_a_claims_model_short_of_its_precision_rule_is_written_and_train_exits_1(cli, tmp_path):
    """Labels unrelated to the text: no threshold reaches precision 0.65 in
    CV; the model used to be written with the rule's text and exit 0."""
    rng = random.Random(7)
    words = [*" ".join(OPINIONS + FACTS).lower().replace(".", "").replace(",", "").split()]
    shuffled = [
        {
            "id": str(n),
            "text": " ".join(rng.choice(words) for _ in range(12)).capitalize() + ".",
            "unsupported": rng.random() < 0.3,
        }
        for n in range(240)
    ]
    data = tmp_path / "noise.jsonl"
    data.write_text("".join(json.dumps(r) + "\n" for r in shuffled), encoding="utf-8")
    result = cli("train", "--task", "claims", data, "-o", tmp_path / "out", "--no-config")
    target = tmp_path / "out" / "claims.json"
    assert result.code == 1, result.err
    assert f"warning: {target}: no threshold reached the cross-validated precision of 0.65" in (
        result.err
    )
    training = json.loads(target.read_text(encoding="utf-8"))["training"]
    assert training["cv_precision"] < 0.65
    assert training["shortfall"].startswith("no threshold reached")
    assert training["threshold_rule"].endswith("the most precise threshold instead")
