"""``qualitycheck train``: fit one task's model on labeled JSON Lines and
write the model files, ready for ``check --models DIR``.

The command line parses its options and builds the rules; everything after
that is here, and the same for every task: the registry names the task's
trainer, which takes ``(records, rules, seed)`` and returns its models (mt
returns two). Training imports scikit-learn; nothing on the check path
imports this module.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from pathlib import Path
from typing import Any

from qualitycheck.detect.models import mt
from qualitycheck.detect.models.protocols import RuleSource, Trainer
from qualitycheck.detect.models.registry import TRAINERS
from qualitycheck.errors import InputError, QualitycheckError
from qualitycheck.readers.labeled import read_labeled

#: The labels of each task's records, as the project corpora spell them
#: (docs/models.md): a label outside them is a typo, not a class.
LINE_LABELS = ("content", "boilerplate", "title")
MT_LABELS = (mt.POSITIVE, *mt.NEGATIVES)


def label_problem(task: str, record: dict[str, Any]) -> str | None:
    """What is wrong with ``record``'s labels for training ``task``, if anything.

    Training fits whatever it is given, so a ``"false"`` read as true or a
    ``"contnet"`` line would make a wrong model without a word."""
    if task == "boilerplate":
        labels = record.get("lines")
        if not isinstance(labels, list) or len(labels) != len(record["text"].split("\n")):
            return "'lines' must be a list with one label per line of 'text'"
        wrong = next((label for label in labels if label not in LINE_LABELS), None)
        if wrong is not None:
            return f"line label {wrong!r} is not one of {', '.join(LINE_LABELS)}"
    elif task == "claims":
        if not isinstance(record.get("unsupported"), bool):
            return f"'unsupported' must be true or false, not {record.get('unsupported')!r}"
    elif task == "mt" and record.get("label") not in MT_LABELS:
        return f"'label' must be one of {', '.join(MT_LABELS)}, not {record.get('label')!r}"
    return None


def read_records(path: Path, task: str | None = None) -> list[dict[str, Any]]:
    """Every record of a labeled file. The first line that cannot be read, or
    whose labels are not ``task``'s, stops training with an error naming
    ``path:line``: a model fitted on part of a file would pass for one fitted
    on all of it."""
    records: list[dict[str, Any]] = []
    try:
        for item in read_labeled(path):
            if isinstance(item, InputError):
                raise item
            number, record = item
            problem = label_problem(task, record) if task is not None else None
            if problem is not None:
                raise InputError(str(path), problem, number)
            records.append(record)
    except OSError as exc:
        raise QualitycheckError(f"{path}: cannot read: {exc}") from None
    if not records:
        raise QualitycheckError(f"{path}: no labeled records to train on")
    return records


def train_task(
    task: str,
    data: Path,
    output: Path,
    rules: RuleSource,
    seed: int,
    report: Callable[[str], object],
) -> list[Path]:
    """Train ``task`` on the labeled file ``data`` beside ``rules`` and write
    each model to ``output/<model task>.json``; ``report`` hears of each file
    written. Returns the files written."""
    if task not in TRAINERS:
        raise QualitycheckError(f"unknown model task {task!r}; tasks: {', '.join(TRAINERS)}")
    if output.exists() and not output.is_dir():
        raise QualitycheckError(f"{output}: not a folder (train writes TASK.json files into one)")
    records = read_records(data, task)
    module, name = TRAINERS[task]
    trainer: Trainer = getattr(importlib.import_module(module), name)
    try:
        models = trainer(records, rules, seed)
    except ValueError as exc:  # scikit-learn: one class, fewer records than folds ...
        raise QualitycheckError(f"{data}: cannot train {task} on it: {exc}") from None
    written: list[Path] = []
    for model in models:
        model.training["file"] = data.name
        target = output / f"{model.task}.json"
        try:
            model.save(target)
        except OSError as exc:  # -o naming a file, a folder without write permission
            raise QualitycheckError(f"{target}: cannot write: {exc.strerror or exc}") from None
        report(f"wrote {target} ({len(model.weights)} weights, threshold {model.threshold:.3f})")
        written.append(target)
    return written
