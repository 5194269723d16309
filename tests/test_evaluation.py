"""`qualitycheck evaluate`: counts on small labeled sets written here."""

from __future__ import annotations

import json
import os
import random
from pathlib import Path

import pytest
from conftest import run_with_closed

from qualitycheck.detect.models.training import roc_auc
from qualitycheck.errors import InputError
from qualitycheck.readers.labeled import labeled_records, read_labeled
from qualitycheck.tools.evaluation import Counts
from qualitycheck.tools.labels import label_problem


def write_jsonl(path, rows):
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    return path


def test_counts_and_roc_auc():
    counts = Counts(tp=8, fp=2, fn=8, tn=80)
    assert counts.precision == pytest.approx(0.8)
    assert counts.recall == pytest.approx(0.5)
    assert counts.f1 == pytest.approx(2 * 0.8 * 0.5 / 1.3)
    assert roc_auc([0.9, 0.8], [0.1, 0.2]) == 1.0
    assert roc_auc([0.5], [0.5]) == 0.5
    assert roc_auc([0.1, 0.9], [0.5, 0.5]) == 0.5
    assert roc_auc([], [0.3]) is None


def test_roc_auc_counts_ties_half_like_the_pairwise_definition():
    """Rule scores tie a lot (most articles score 0): a tie between a positive
    and a negative counts half, as the hand-written versions did."""
    rng = random.Random(7)
    for _ in range(50):
        positives = [rng.choice((0.0, 0.25, 0.5, 1.0)) for _ in range(rng.randint(1, 30))]
        negatives = [rng.choice((0.0, 0.25, 0.5)) for _ in range(rng.randint(1, 30))]
        pairs = sum((p > n) + 0.5 * (p == n) for p in positives for n in negatives)
        expected = pairs / (len(positives) * len(negatives))
        assert roc_auc(positives, negatives) == pytest.approx(expected, abs=1e-12)


def test_boilerplate_lines_are_scored_and_titles_ignored(cli, tmp_path):
    data = write_jsonl(
        tmp_path / "bp.jsonl",
        [
            {
                "id": "d1",
                "text": "Bridge reopens\nShare This Article\nThe bridge reopened on Monday, "
                "the council said.\nTrending\nLeave a Reply",
                "lines": ["title", "boilerplate", "content", "boilerplate", "boilerplate"],
            }
        ],
    )
    result = cli("evaluate", "--task", "boilerplate", data, "--format", "json", "--no-models")
    assert result.code == 0
    report = json.loads(result.out)
    assert (report["tp"], report["fp"], report["fn"], report["tn"]) == (3, 0, 0, 1)
    assert report["rules"]["boilerplate-share"] == {"hits": 1, "right": 1, "precision": 1.0}


def test_claims_and_mt_tasks(cli, tmp_path):
    claims = write_jsonl(
        tmp_path / "claims.jsonl",
        [
            {"id": "c1", "text": "Many experts say the dam will fail.", "unsupported": True},
            {"id": "c2", "text": "The dam was finished in 1962.", "unsupported": False},
            {
                "id": "c3",
                "text": "The dam is a symbol of all that went wrong.",
                "unsupported": True,
            },
        ],
    )
    report = json.loads(
        cli("evaluate", "--task", "claims", claims, "--format", "json", "--no-models").out
    )
    assert (report["tp"], report["fp"], report["fn"], report["tn"]) == (1, 0, 1, 1)
    mt = write_jsonl(
        tmp_path / "mt.jsonl",
        [
            {
                "id": "m1",
                "label": "machine",
                "text": "The fair opened today, Thursday, with 3,5 billion euros of orders.",
            },
            {
                "id": "o1",
                "label": "original",
                "text": "The fair opened on Thursday with orders worth 3.5 billion euros.",
            },
        ],
    )
    report = json.loads(cli("evaluate", "--task", "mt", mt, "--format", "json", "--no-models").out)
    assert report["articles"] == {"machine": 1, "original": 1, "human_translation": 0}
    assert report["false_alarm_share"] == 0.0
    assert report["roc_auc"]["rules_machine_vs_original"] == 1.0


def test_bad_records_are_input_errors(cli, tmp_path):
    data = tmp_path / "bad.jsonl"
    data.write_text('{"id": 1, "text": "x", "lines": ["content"]}\nnot json\n', encoding="utf-8")
    result = cli("evaluate", "--task", "boilerplate", data)
    assert result.code == 2
    assert f"input error: {data}:2: invalid JSON: Expecting value (column 1)" in result.err
    assert "input error" not in result.out  # the measurements alone, ready to paste
    # The bad line is counted as an error and the good one is still measured.
    report = cli("evaluate", "--task", "boilerplate", data, "--format", "json").json()
    assert report["input_errors"] == [
        {"path": str(data), "line": 2, "message": "invalid JSON: Expecting value (column 1)"}
    ]
    assert report["tp"] + report["fp"] + report["fn"] + report["tn"] == 1


def test_labeled_records_keep_their_line_numbers_and_bad_lines_are_named(tmp_path):
    data = tmp_path / "labeled.jsonl"
    data.write_bytes(
        b'\xef\xbb\xbf{"text": "a", "unsupported": true}\n'
        b"\n   \n"
        b'{"text": "b", "label": "machine"}\n'
        b"not json\n"
        b"[1]\n"
        b'{"id": 3, "text": null}\n'
        b'{"text": "\xff"}\n'
    )
    items = list(read_labeled(data))
    assert items[:2] == [
        (1, {"text": "a", "unsupported": True}),
        (4, {"text": "b", "label": "machine"}),
    ]
    assert [str(error) for error in items[2:]] == [
        f"{data}:5: invalid JSON: Expecting value (column 1)",
        f"{data}:6: expected a JSON object, got an array",
        f"{data}:7: 'text' is not text: None",
        f"{data}:8: not UTF-8 (invalid start byte at byte 10)",
    ]


def test_labeled_records_stop_at_the_first_bad_line(tmp_path):
    """What measurements read: the records in order, and a bad line raises
    instead of being skipped (a skipped line would change the numbers)."""
    data = write_jsonl(tmp_path / "labeled.jsonl", [{"text": "a"}, {"text": "b", "label": 1}])
    assert list(labeled_records(data)) == [{"text": "a"}, {"text": "b", "label": 1}]
    with data.open("a", encoding="utf-8") as stream:
        stream.write("not json\n")
    with pytest.raises(InputError, match=r"labeled\.jsonl:3: invalid JSON"):
        list(labeled_records(data))


def test_no_labeled_records_is_an_error_not_a_zero_score(cli, tmp_path):
    data = tmp_path / "empty.jsonl"
    data.write_text("\n", encoding="utf-8")
    result = cli("evaluate", "--task", "boilerplate", data)
    assert result.code == 2
    assert result.out == ""
    assert result.err.splitlines()[-1] == (
        f"qualitycheck: error: {data}: no labeled records to measure"
    )


# --- a data scientist's review (twelfth session) ------------------------------------


def test_labels_are_checked_as_train_checks_them(cli, tmp_path):
    """A ``"false"`` string counted as true, a ``"contnet"`` line as content,
    a ``"writr"`` sentence as attributed: confident wrong numbers, exit 0."""
    cases = {
        "claims": [
            {"id": "c1", "text": "Many experts say the dam will fail.", "unsupported": "false"},
            {"id": "c2", "text": "The dam was finished in 1962.", "unsupported": False},
        ],
        "boilerplate": [
            {"id": "b1", "text": "Dam news\nShare This Article", "lines": ["title", "contnet"]},
            {"id": "b2", "text": "Dam news\nThe dam opened.", "lines": ["title", "content"]},
        ],
        "attribution": [
            {"id": "a1", "text": "The dam opened.", "sentences": [[0, 15]], "voice": ["writr"]},
        ],
        "mt": [{"id": "m1", "text": "The dam opened on Monday.", "label": "machne"}],
    }
    said = {
        "claims": "'unsupported' must be true or false, not 'false'",
        "boilerplate": "line label 'contnet' is not one of content, boilerplate, title",
        "attribution": "voice 'writr' is not one of writer, mixed, attributed",
        "mt": "'label' must be one of machine, original, human_translation, not 'machne'",
    }
    for task, rows in cases.items():
        data = write_jsonl(tmp_path / f"{task}.jsonl", rows)
        result = cli("evaluate", "--task", task, data, "--no-models")
        assert result.code == 2, (task, result.err)
        assert f"{data}:1: {said[task]}" in result.err, (task, result.err)


def test_an_undefined_ratio_is_said_to_be_undefined(cli, tmp_path):
    data = write_jsonl(
        tmp_path / "negatives.jsonl",
        [{"id": "c1", "text": "The dam was finished in 1962.", "unsupported": False}],
    )
    result = cli("evaluate", "--task", "claims", data, "--no-models")
    assert result.code == 0
    assert "precision undefined  recall undefined  F1 undefined" in result.out
    report = cli("evaluate", "--task", "claims", data, "--no-models", "--format", "json").json()
    assert report["undefined"] == ["precision", "recall", "f1"] and report["precision"] == 0.0
    assert "undefined" not in Counts(tp=1, fp=1, fn=1).as_dict()
    assert Counts(tp=0, fp=2, fn=0).undefined == ["recall", "f1"]


def test_the_claims_roc_auc_does_not_move_with_the_threshold(cli, tmp_path):
    rows = [
        {"id": f"c{n}", "text": text, "unsupported": label}
        for n, (text, label) in enumerate(
            [
                ("This is surely the most shameful plan the council has ever made.", True),
                ("Many experts say the new dam will certainly fail within a decade.", True),
                ("It is clear that the minister has no idea what the farmers need.", True),
                ("The council approved the plan on Tuesday by seven votes to four.", False),
                ("The dam was finished in 1962 and supplies water to three towns.", False),
                ("Work on the second bridge will start in April, the council said.", False),
            ]
        )
    ]
    data = write_jsonl(tmp_path / "claims.jsonl", rows)
    aucs = []
    for threshold in ("0.2", "0.9"):
        config = tmp_path / f"t{threshold}.yaml"
        config.write_text(f"models:\n  claims:\n    threshold: {threshold}\n", encoding="utf-8")
        report = cli(
            "evaluate", "--task", "claims", data, "--config", config, "--format", "json"
        ).json()
        aucs.append(report["models_only"]["roc_auc"])
    assert aucs[0] == aucs[1] is not None


# --- nested fields of the wrong shape (a reviewer's findings) -----------------------

#: Long enough for the mt model to judge (50 words or more).
MT_TEXT = " ".join(
    ["The fair opened on Thursday with orders worth 3.5 billion euros, the organisers said."] * 6
)


def test_an_mt_system_or_language_may_contain_a_bar(cli, tmp_path):
    """Language and system were joined with "|" and split again for the
    figures per language and system: a system named ``online|b`` crashed the run."""
    data = write_jsonl(
        tmp_path / "mt.jsonl",
        [
            {"id": "m1", "text": MT_TEXT, "label": "machine", "system": "online|b"},
            {"id": "m2", "text": MT_TEXT, "label": "machine", "src_lang": "zh|hant"},
        ],
    )
    result = cli("evaluate", "--task", "mt", data, "--format", "json")
    assert result.code == 0, result.err
    report = result.json()
    assert report["mt_recall_by_system"]["online|b"][1] == 1
    assert report["mt_recall_by_language"]["zh|hant"][1] == 1


SENTENCE = "The dam opened."  # 15 characters
MQM_TEXT = "The dam opened today, Thursday.\nThe plan was approved."  # 54 characters


def _mqm(**fields):
    error = {"start": 4, "end": 7, "category": "Fluency/Grammar", "rater": "r1"}
    return {"text": MQM_TEXT, "errors": [error], "mqm_doc": 1.0, **fields}


def _attribution(**fields):
    attribution = {"source": [], "cue": [[4, 7]], "content": [[8, 14]]}
    record = {
        "text": SENTENCE,
        "sentences": [[0, 15]],
        "voice": ["attributed"],
        "attributions": [attribution],
    }
    return {**record, **fields}


@pytest.mark.parametrize(
    ("task", "record", "message"),
    [
        (
            "mt",
            {"text": "x", "label": "original", "source": 5},
            "'source' must be text or null, not 5",
        ),
        ("mt", {"text": "x", "label": "machine", "system": ["b"]}, "'system' must be text or null"),
        (
            "mt",
            {"text": "x", "label": "machine", "src_lang": True},
            "'src_lang' must be text or null, not true",
        ),
        ("mqm", {"text": "x"}, "'errors' is missing (a list of error spans, [] for none)"),
        (
            "mqm",
            _mqm(errors={"start": 1}),
            "'errors' must be a list of error spans, not {'start': 1}",
        ),
        (
            "mqm",
            _mqm(errors=[5]),
            "errors[0] must be an object with 'start', 'end', 'category', not 5",
        ),
        (
            "mqm",
            _mqm(errors=[{"category": "Fluency/Grammar"}]),
            "errors[0] must have integer 'start' and 'end', not missing and missing",
        ),
        (
            "mqm",
            _mqm(errors=[{"start": "a", "end": 3.0, "category": "Fluency/Grammar"}]),
            "errors[0] must have integer 'start' and 'end', not 'a' and 3.0",
        ),
        (
            "mqm",
            _mqm(errors=[{"start": 50, "end": 60, "category": "Fluency/Grammar"}]),
            "errors[0] [50, 60] is not a span of 'text' (0 <= start <= end <= 54)",
        ),
        (
            "mqm",
            _mqm(errors=[{"start": 7, "end": 4, "category": "Fluency/Grammar"}]),
            "errors[0] [7, 4] is not a span of 'text'",
        ),
        (
            "mqm",
            _mqm(errors=[{"start": 4, "end": 7}]),
            "errors[0].category must be text, not missing",
        ),
        ("mqm", _mqm(mqm_doc="1.5"), "'mqm_doc' must be a number or null, not '1.5'"),
        ("mqm", _mqm(mqm_fs_doc=float("nan")), "'mqm_fs_doc' must be a number or null, not nan"),
        (
            "mqm",
            _mqm(mqm_fs=["a"]),
            "'mqm_fs' must be a list of numbers (one per segment), not ['a']",
        ),
        (
            "attribution",
            _attribution(sentences=[5]),
            "sentences[0] must be [start, end] (two integers), not 5",
        ),
        (
            "attribution",
            _attribution(sentences=[[0, 99]]),
            "sentences[0] [0, 99] is not a span of 'text' (0 <= start <= end <= 15)",
        ),
        (
            "attribution",
            _attribution(attributions=[1, 2]),
            "attributions[0] must be an object of role spans, not 1",
        ),
        (
            "attribution",
            _attribution(attributions=[{"cue": [[4, "7"]]}]),
            "attributions[0].cue[0] must be [start, end] (two integers), not [4, '7']",
        ),
        (
            "attribution",
            _attribution(attributions=[{"source": 3}]),
            "attributions[0].source must be a list",
        ),
        (
            "attribution",
            {k: v for k, v in _attribution().items() if k != "attributions"},
            "'attributions' must be a list of {'source', 'cue', 'content'} objects "
            "([] for none), not missing",
        ),
        (
            "attribution",
            _attribution(voice=[None]),
            "voice null is not one of writer, mixed, attributed",
        ),
        (
            "boilerplate",
            {"text": "a\nb", "lines": ["content", None]},
            "line label null is not one of",
        ),
    ],
)
def test_nested_fields_are_checked_for_type_and_range(task, record, message):
    """Every field a measurement reads, nested ones too: the wrong shape in
    valid JSON crashed the run (``"start": "a"``, ``"sentences": [5]``), or was
    measured without a word (a text ``mqm_doc`` left the correlations, a null
    line label counted as content, a span past the text was accepted)."""
    problem = label_problem(task, record)
    assert problem is not None and problem.startswith(message), problem


def test_the_corpus_formats_pass_the_label_checks():
    """Records as the corpora write them (SOURCES.md), with the optional
    fields null or absent, are not input errors."""
    assert label_problem("mqm", _mqm()) is None
    assert (
        label_problem("mqm", _mqm(errors=[], mqm_doc=None, mqm_fs=[0.1, 2], source="ted")) is None
    )
    zero_length_at_end = {"start": 54, "end": 54, "category": "Fluency/Punctuation", "rater": 3}
    assert label_problem("mqm", _mqm(errors=[zero_length_at_end])) is None
    assert label_problem("attribution", _attribution()) is None
    assert label_problem("attribution", _attribution(attributions=[{}])) is None
    machine = {"text": "x", "label": "machine", "system": "online|b", "src_lang": "de"}
    assert label_problem("mt", machine) is None
    assert label_problem("mt", {"text": "x", "label": "original", "system": None}) is None


def test_a_record_of_the_wrong_shape_is_an_input_error_and_the_others_are_measured(cli, tmp_path):
    """The records that crashed ``evaluate`` (a traceback, "internal error")
    are each an input error naming file:line; the good record is measured."""
    cases = {
        "mt": (
            {"text": MT_TEXT, "label": "machine", "system": "online-b"},
            {"text": MT_TEXT, "label": "original", "source": 5},
            "'source' must be text or null, not 5",
        ),
        "mqm": (
            _mqm(text=MT_TEXT),
            _mqm(text=MT_TEXT, mqm_fs=["a"]),
            "'mqm_fs' must be a list of numbers (one per segment), not ['a']",
        ),
        "attribution": (
            _attribution(),
            _attribution(attributions=[1, 2]),
            "attributions[0] must be an object of role spans, not 1",
        ),
    }
    for task, (good, bad, message) in cases.items():
        data = write_jsonl(tmp_path / f"{task}.jsonl", [good, bad])
        result = cli("evaluate", "--task", task, data, "--format", "json")
        assert result.code == 2, (task, result.err)
        assert "Traceback" not in result.err and "internal error" not in result.err
        assert f"input error: {data}:2: {message}" in result.err, (task, result.err)
        report = result.json()
        assert [error["line"] for error in report["input_errors"]] == [2]
        measured = {
            "mt": lambda r: sum(r["articles"].values()),
            "mqm": lambda r: r["documents"],
            "attribution": lambda r: sum(r["sentences"].values()),
        }[task](report)
        assert measured == 1, (task, report)


def test_mqm_records_with_a_text_score_are_input_errors_not_left_out(cli, tmp_path):
    """A text ``mqm_doc`` left the document out of the correlations without a word."""
    data = write_jsonl(
        tmp_path / "mqm.jsonl", [_mqm(text=MT_TEXT), _mqm(text=MT_TEXT, mqm_doc="2")]
    )
    result = cli("evaluate", "--task", "mqm", data, "--format", "json")
    assert result.code == 2
    report = result.json()
    assert report["documents"] == 1 and report["correlation"]["documents"] == 1
    assert report["input_errors"] == [
        {"path": str(data), "line": 2, "message": "'mqm_doc' must be a number or null, not '2'"}
    ]


# --- a file of another task -----------------------------------------------------------


def _claims_rows(count):
    return [
        {"id": f"c{n}", "text": f"Plan {n} is doomed.", "unsupported": True} for n in range(count)
    ]


def test_a_file_of_another_task_is_no_report_of_zeros(cli, tmp_path):
    """``--task mqm`` on claims records counted each record as measured before
    the mqm measurement refused it, and printed a report of zeros."""
    data = write_jsonl(tmp_path / "claims.jsonl", _claims_rows(3))
    result = cli("evaluate", "--task", "mqm", data)
    assert result.code == 2
    assert result.out == ""
    lines = result.err.splitlines()
    assert lines[-1] == f"qualitycheck: error: {data}: no labeled records to measure"
    assert lines[:-1] == [
        f"qualitycheck: input error: {data}:{n}: "
        "'errors' is missing (a list of error spans, [] for none)"
        for n in (1, 2, 3)
    ]


def test_a_file_of_another_task_is_one_error_not_one_a_line(cli, tmp_path):
    """Twenty records in a row without the task's labels, and none with them:
    the file is another task's, said once (it was one error per line)."""
    data = write_jsonl(tmp_path / "claims.jsonl", _claims_rows(30))
    with data.open("a", encoding="utf-8") as stream:  # past the twentieth: not read
        stream.write(json.dumps({"text": "x", "errors": []}) + "\n")
    result = cli("evaluate", "--task", "mqm", data)
    assert result.code == 2 and result.out == ""
    assert result.err.splitlines() == [
        f"qualitycheck: input error: {data}: the first 20 records have no valid mqm labels "
        "(line 20: 'errors' is missing (a list of error spans, [] for none)); "
        "file skipped: is it a file of another task?",
        f"qualitycheck: error: {data}: no labeled records to measure",
    ]


def test_bad_records_before_and_after_a_good_one_are_each_reported_in_order(cli, tmp_path):
    rows = [json.dumps(row) for row in _claims_rows(2)]
    good = json.dumps({"id": "g", "text": "Plan g is doomed.", "errors": []})
    lines = [*rows, "not json", good, *[json.dumps(row) for row in _claims_rows(25)]]
    data = tmp_path / "mixed.jsonl"
    data.write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = cli("evaluate", "--task", "mqm", data, "--no-models", "--format", "json")
    assert result.code == 2
    report = result.json()
    assert report["documents"] == 1
    assert [error["line"] for error in report["input_errors"]] == [1, 2, 3, *range(5, 30)]


# --- size limit ---------------------------------------------------------------------


def test_a_labeled_record_over_the_size_limit_is_an_input_error(cli, tmp_path):
    """``check`` refuses an article over ``max_article_bytes``; labeled
    records had no limit (one 15 MB record: 100 s and 2 GB)."""
    data = write_jsonl(
        tmp_path / "claims.jsonl",
        [
            {"id": "big", "text": "The dam opened. " * 40, "unsupported": False},
            {"id": "c1", "text": "The dam was finished in 1962.", "unsupported": False},
        ],
    )
    config = tmp_path / "small.yaml"
    config.write_text("max_article_bytes: 200\n", encoding="utf-8")
    result = cli(
        "evaluate", "--task", "claims", data, "--config", config, "--no-models", "--format", "json"
    )
    assert result.code == 2
    report = result.json()
    assert report["input_errors"] == [
        {
            "path": str(data),
            "line": 1,
            "message": "too large to check: over the limit of 200 bytes per article",
        }
    ]
    assert report["tn"] == 1  # the other record is measured
    # train reads through the same limit, and stops at the record.
    result = cli("train", "--task", "claims", data, "--config", config, "--output", tmp_path / "m")
    assert result.code == 2
    assert result.err.splitlines()[-1] == (
        f"qualitycheck: error: {data}:1: "
        "too large to check: over the limit of 200 bytes per article"
    )


def test_the_labeled_reader_has_the_readers_size_limit_by_default(tmp_path, monkeypatch):
    from qualitycheck.readers import base

    monkeypatch.setattr(base, "MAX_ARTICLE_BYTES", 50)
    data = write_jsonl(tmp_path / "l.jsonl", [{"text": "x" * 60}, {"text": "short"}])
    items = list(read_labeled(data))
    assert [str(item) for item in items[:1]] == [
        f"{data}:1: too large to check: over the limit of 50 bytes per article"
    ]
    assert items[1:] == [(2, {"text": "short"})]
    assert len(list(read_labeled(data, limit=100))) == 2  # a limit given is the limit


# --- what evaluate reads from -----------------------------------------------------------


def test_a_folder_or_a_missing_file_is_said_to_be_one(cli, tmp_path):
    result = cli("evaluate", "--task", "claims", tmp_path)
    assert result.code == 2
    assert result.err.splitlines()[-1] == f"qualitycheck: error: {tmp_path}: is a folder"
    result = cli("evaluate", "--task", "claims", tmp_path / "nosuch.jsonl")
    assert result.code == 2
    assert result.err.splitlines()[-1] == (
        f"qualitycheck: error: {tmp_path / 'nosuch.jsonl'}: no such file"
    )


@pytest.mark.skipif(not Path("/dev/fd").is_dir(), reason="no /dev/fd")
def test_a_pipe_is_read_once_like_a_file(cli):
    """``evaluate <(head dev.jsonl)`` said "/dev/fd/63: no such file"."""
    rows = [{"id": "c1", "text": "The dam was finished in 1962.", "unsupported": False}]
    read, write = os.pipe()
    try:
        os.write(write, "".join(json.dumps(r) + "\n" for r in rows).encode())
        os.close(write)
        result = cli("evaluate", "--task", "claims", f"/dev/fd/{read}", "--no-models")
    finally:
        os.close(read)
    assert result.code == 0, result.err
    assert "(tp 0, fp 0, fn 0)" in result.out


@pytest.mark.skipif(not Path("/proc/self/mem").exists(), reason="no /proc")
def test_a_file_that_fails_to_read_is_an_error_not_a_traceback(cli):
    result = cli("evaluate", "--task", "claims", "/proc/self/mem", "--no-models")
    assert result.code == 2
    assert "Traceback" not in result.err
    assert result.err.splitlines()[-1].startswith(
        "qualitycheck: error: /proc/self/mem: cannot read:"
    )


def test_boilerplate_evaluation_counts_the_model_only_where_check_reports_it(
    cli, tmp_path, monkeypatch
):
    """``check`` never reports the model on a headline (nor its deck, the
    title, a marked-up caption); evaluate counted such a line as found when
    the model scored it high and its label said boilerplate."""
    import json

    from qualitycheck.detect.models.boilerplate import BoilerplateDetector

    monkeypatch.setattr(
        BoilerplateDetector,
        "probabilities",
        lambda self, article, findings: [1.0] * len(article.blocks),
    )
    lines = [
        "Council approves new cycle lanes for the town centre",
        "The town council approved four kilometres of new cycle lanes on Tuesday, its "
        "transport committee said after a long debate.",
        "Work starts in May and should be finished before the end of the year, officials said.",
    ]
    record = {"id": "r", "text": "\n".join(lines), "lines": ["boilerplate", "content", "content"]}
    data = tmp_path / "one.jsonl"
    data.write_text(json.dumps(record) + "\n", encoding="utf-8")
    report = cli("evaluate", "--task", "boilerplate", data, "--format", "json").json()
    checked = cli("check", data, "--format", "json").json()["articles"][0]["findings"]
    model_lines = {f["line"] for f in checked if f["rule"].startswith("model-boilerplate")}
    assert 1 not in model_lines and model_lines == {2, 3}  # the headline is never reported
    assert (report["models_only"]["tp"], report["models_only"]["fn"]) == (0, 1)
    assert report["models_only"]["fp"] == 2


def test_the_json_names_the_version_data_and_models_it_measured(cli, tmp_path):
    """A figure says what made it: the tool's version, the labeled file's
    SHA-256, and each model's file, SHA-256 and threshold in force."""
    import hashlib
    import shutil

    from qualitycheck import __version__
    from qualitycheck.detect.models.apply import SHIPPED

    data = write_jsonl(
        tmp_path / "claims.jsonl",
        [{"id": "c1", "text": "Many experts say the dam will surely fail.", "unsupported": True}],
    )
    config = tmp_path / "qc.yaml"
    config.write_text("models:\n  claims:\n    threshold: 0.9\n", encoding="utf-8")
    report = cli("evaluate", "--task", "claims", data, "--config", config, "--format", "json")
    figures = report.json()
    assert figures["tool"] == {"name": "qualitycheck", "version": __version__}
    assert figures["data_sha256"] == hashlib.sha256(data.read_bytes()).hexdigest()
    shipped = hashlib.sha256((SHIPPED / "claims.json").read_bytes()).hexdigest()
    assert figures["models"]["claims"] == {"file": "shipped", "sha256": shipped, "threshold": 0.9}
    assert figures["f1"] is not None and figures["task"] == "claims"  # the figures stay

    own = tmp_path / "models"
    own.mkdir()
    shutil.copy(SHIPPED / "claims.json", own / "claims.json")
    figures = cli("evaluate", "--task", "claims", data, "--models", own, "--format", "json").json()
    assert figures["models"]["claims"]["file"] == str(own / "claims.json")
    assert figures["models"]["boilerplate"]["file"] == "shipped"  # not in the folder

    figures = cli("evaluate", "--task", "claims", data, "--no-models", "--format", "json").json()
    assert figures["models"] == {}


# --- calibration: is a model's probability right as often as it says? -------------


def test_the_calibration_block_is_the_reliability_table_ece_and_brier():
    """Four probabilities worked by hand: two at 0.1 (both wrong to flag),
    two at 0.9 (one right)."""
    from qualitycheck.tools.calibration_figures import calibration_summary

    block = calibration_summary("line", [0.9, 0.9, 0.1, 0.1], [1, 0, 0, 0])
    assert block is not None
    assert block["bins"] == [[0.1, 0.2, 2, 0.1, 0.0], [0.9, 1.0, 2, 0.9, 0.5]]
    assert block["ece"] == pytest.approx((2 * 0.1 + 2 * 0.4) / 4)
    assert block["brier"] == pytest.approx((0.01 + 0.81 + 0.01 + 0.01) / 4)
    assert block["brier_base_rate"] == pytest.approx(0.25 * 0.75)
    assert (block["units"], block["positives"], block["prior"]) == (4, 1, None)
    assert block["mean_probability"] == 0.5 and block["observed_share"] == 0.25
    assert calibration_summary("line", [], []) is None


def test_mt_calibration_is_weighed_to_the_prior_the_probability_states():
    """One machine translation against three originals: at the stated prior of
    one half the machine article weighs as much as the three originals."""
    from qualitycheck.tools.mt_figures import model_figures

    scored = [
        ("machine", "ru", "online-b", 0.8),
        ("original:wmt", "en", "None", 0.2),
        ("original:wmt", "en", "None", 0.2),
        ("original:wmt", "en", "None", 0.6),
    ]
    block = model_figures(scored, 0.95, None)["calibration"]
    assert block["prior"] == 0.5 and block["unit"] == "article"
    assert block["brier"] == pytest.approx(0.5 * 0.04 + (0.04 + 0.04 + 0.36) / 6, abs=1e-4)
    expected_ece = (2 / 6) * 0.2 + (1 / 6) * 0.6 + 0.5 * 0.2
    assert block["ece"] == pytest.approx(expected_ece, abs=1e-4)
    assert block["ece"] == model_figures(scored, 0.95, None)["mt_ece"]
    assert [row[2] for row in block["bins"]] == [2, 1, 1]


def _claims_calibration_rows():
    return [
        {
            "id": "c1",
            "text": "The plan is surely the worst the council has made.",
            "unsupported": True,
        },
        {
            "id": "c2",
            "text": "The council approved the plan on a Tuesday in May.",
            "unsupported": False,
        },
        {
            "id": "c3",
            "text": "The new dam will certainly fail within a decade.",
            "unsupported": False,
        },
        {"id": "c4", "text": "Ok.", "unsupported": True},
    ]


def test_evaluate_prints_the_claims_models_calibration(cli, tmp_path, monkeypatch):
    """The model's probability per sentence, set here, against the labels; a
    sentence the model does not judge (no probability) is left out, not
    counted as a probability of 0."""
    from qualitycheck.detect.models.claims import ClaimDetector

    chosen = {"surely": 0.9, "approved": 0.3, "certainly": 0.9}

    def score(self, article, findings):
        words = article.source.split()
        return [(None, 0, 1, p, False) for word, p in chosen.items() if word in words]

    monkeypatch.setattr(ClaimDetector, "score", score)
    data = write_jsonl(tmp_path / "claims.jsonl", _claims_calibration_rows())
    report = cli("evaluate", "--task", "claims", data, "--format", "json").json()
    block = report["calibration"]
    assert (block["unit"], block["units"], block["positives"]) == ("sentence", 3, 1)
    assert block["bins"] == [[0.3, 0.4, 1, 0.3, 0.0], [0.9, 1.0, 2, 0.9, 0.5]]
    assert block["brier"] == pytest.approx((0.01 + 0.09 + 0.81) / 3, abs=1e-4)
    assert block["ece"] == pytest.approx((0.3 + 2 * 0.4) / 3, abs=1e-4)
    text = cli("evaluate", "--task", "claims", data).out
    assert "calibration (3 sentences the model scored, as measured): ECE 0.367" in text
    assert "    p 0.9-1.0      2  mean p 0.900  observed 0.500" in text
    rules_only = cli("evaluate", "--task", "claims", data, "--no-models", "--format", "json")
    assert "calibration" not in rules_only.json()  # no model, no probability


def test_evaluate_prints_the_boilerplate_models_calibration(cli, tmp_path, monkeypatch):
    """Each line's probability, set here; the headline, which ``check`` never
    reports the model on, and the title line are left out."""
    from qualitycheck.detect.models.boilerplate import BoilerplateDetector

    def probabilities(self, article, findings):
        return [0.95 if "Trending" in b.text or "Reply" in b.text else 0.15 for b in article.blocks]

    monkeypatch.setattr(BoilerplateDetector, "probabilities", probabilities)
    lines = [
        "Council approves new cycle lanes for the town centre",
        "The town council approved four kilometres of new cycle lanes on Tuesday, its "
        "transport committee said after a long debate.",
        "Work starts in May and should be finished before the end of the year, officials said.",
        "Trending",
        "Leave a Reply",
    ]
    record = {
        "id": "r",
        "text": "\n".join(lines),
        "lines": ["title", "content", "content", "boilerplate", "content"],
    }
    data = write_jsonl(tmp_path / "bp.jsonl", [record])
    block = cli("evaluate", "--task", "boilerplate", data, "--format", "json").json()["calibration"]
    assert (block["unit"], block["units"]) == ("line", 4)
    assert block["bins"] == [[0.1, 0.2, 2, 0.15, 0.0], [0.9, 1.0, 2, 0.95, 0.5]]
    assert block["brier"] == pytest.approx((2 * 0.15**2 + 0.05**2 + 0.95**2) / 4, abs=1e-4)


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no named pipes here")
@pytest.mark.parametrize("form", ["text", "json"])
def test_a_closed_standard_output_is_refused_before_the_data_is_read(tmp_path, form):
    # `evaluate ... >&-` measured the whole file (minutes on a corpus) and only
    # then failed to print. The data is a named pipe nobody writes: a run that
    # starts reading it waits until the timeout fails the test.
    data = tmp_path / "dev.jsonl"
    os.mkfifo(data)
    args = ["evaluate", "--task", "claims", "--no-models", "--format", form, str(data)]
    result = run_with_closed(">&-", args, tmp_path, timeout=60)
    assert result.returncode == 2
    assert (
        result.stderr.decode()
        == "qualitycheck: error: standard output: cannot write: Bad file descriptor\n"
    )
