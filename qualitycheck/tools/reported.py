"""Model findings as ``check`` reports them, counted against the labels.

``evaluate`` scores a model's decisions on every line or sentence, which is
the right measure of the model. A user sees less: ``check`` drops a
boilerplate model finding on a line a named rule already flags, and a claims
model finding on a sentence where a claim rule fired. Those are the lines and
sentences the model gets right most easily, so a model finding's precision
counted on every decision reads higher than the precision of the findings a
user is shown (``model-boilerplate`` on boilerplate dev: 411 of 426 against
280 of 315). A severity is earned by what is shown, so this counts exactly
that: each record goes through :meth:`Checker.check`, one run per file as a
``check`` of the JSONL file would make it.

What counts as right: a boilerplate finding on a line labeled boilerplate (a
finding on the page's headline, labeled ``title``, is wrong); a claim finding
in a sentence labeled unsupported; a machine-translation finding in an
article labeled machine.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from qualitycheck.document.findings import Finding
from qualitycheck.pipeline.checker import Checker
from qualitycheck.readers.labeled import labeled_records
from qualitycheck.readers.txt import parse_text

#: Task -> the category of the findings it labels.
CATEGORIES = {
    "boilerplate": "boilerplate",
    "claims": "unsupported_claim",
    "mt": "machine_translation",
}


def _boilerplate_right(record: dict[str, Any], finding: Finding) -> bool:
    labels = record["lines"]
    index = finding.line - 1
    return 0 <= index < len(labels) and labels[index] == "boilerplate"


def _claims_right(record: dict[str, Any], finding: Finding) -> bool:
    return bool(record.get("unsupported"))


def _mt_right(record: dict[str, Any], finding: Finding) -> bool:
    return record.get("label") == "machine"


_RIGHT: dict[str, Callable[[dict[str, Any], Finding], bool]] = {
    "boilerplate": _boilerplate_right,
    "claims": _claims_right,
    "mt": _mt_right,
}


def reported_model_hits(checker: Checker, task: str, path: Path) -> dict[str, tuple[int, int]]:
    """``{model finding id: (right, hits)}`` of the model findings of ``task``'s
    category that ``checker`` reports on the labeled records of ``path``."""
    category, right_of = CATEGORIES[task], _RIGHT[task]
    counts: dict[str, list[int]] = {}
    checker.new_run()
    for number, record in enumerate(labeled_records(path), start=1):
        article = parse_text(
            record["text"], str(record.get("id", number)), str(path), first_line_is_title=False
        )
        checker.prepare(article)
        for finding in checker.check(article).findings:
            if finding.rule.startswith("model-") and finding.category == category:
                entry = counts.setdefault(finding.rule, [0, 0])
                entry[0] += right_of(record, finding)
                entry[1] += 1
    return {rule: (right, hits) for rule, (right, hits) in counts.items()}
