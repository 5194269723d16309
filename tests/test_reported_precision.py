"""Model findings are measured as ``check`` reports them (tools/reported.py).

A model written here flags every line holding the word "zork"; the page is
labeled line by line. ``evaluate`` counts the model's decisions on every line
(title lines left out), while a user sees neither the model's finding on a
line a named rule reports nor one on a line the labels leave out: the
severity table must count what is shown.
"""

from __future__ import annotations

import json
import math

from qualitycheck.config.settings import Config
from qualitycheck.detect.models.linear import LinearModel
from qualitycheck.pipeline.checker import Checker
from qualitycheck.tools.evaluation import evaluate
from qualitycheck.tools.reported import reported_model_hits

PARAGRAPH = (
    "The harbour reopened on Monday after three weeks of repairs to the storm wall, "
    "and the first ferries came in on time, the port authority said."
)
PAGE = [
    ("Zork", "boilerplate"),
    ("Share This Article", "boilerplate"),  # a named rule's line: the model's finding is dropped
    ("Zork harbour reopens after the storm repairs", "title"),  # the headline: set aside
    (PARAGRAPH, "content"),
    ("Zork widget", "boilerplate"),
    ("Maybe", "boilerplate"),  # p = 0.8: the band below the warning threshold
    ("Zork is also named in this line of the story, which is content.", "content"),
    (PARAGRAPH.replace("Monday", "Tuesday"), "content"),
]


def test_the_boilerplate_model_is_counted_on_the_lines_check_shows(tmp_path):
    models = tmp_path / "models"
    models.mkdir()
    weights = {"w:zork": 40.0, "w:share": 40.0, "w:maybe": 20.0 + math.log(4)}
    LinearModel("boilerplate", weights, -20.0, 0.5, {}, {"warning_threshold": 0.9}).save(
        models / "boilerplate.json"
    )
    data = tmp_path / "dev.jsonl"
    record = {
        "id": "page",
        "text": "\n".join(text for text, _ in PAGE),
        "lines": [label for _, label in PAGE],
    }
    data.write_text(json.dumps(record) + "\n", encoding="utf-8")
    checker = Checker(Config(models_dir=models))

    shown = reported_model_hits(checker, "boilerplate", data)

    # Lines 1, 5 and 7 (1-based) warn; line 2 is the named rule's, the headline
    # under it (3) is set aside (never shown), line 7 is wrong: 2 right of 3.
    # Line 6 is in the info band.
    assert shown == {"model-boilerplate": (2, 3), "model-boilerplate-possible": (1, 1)}
    # evaluate's model row counts the rule's line and leaves the title out: 4 of 5.
    model = evaluate(checker, "boilerplate", data).models_only
    assert model is not None
    assert (model.tp, model.tp + model.fp) == (4, 5)
