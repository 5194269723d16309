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
import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from qualitycheck.detect.models import mt
from qualitycheck.detect.models.apply import SHIPPED
from qualitycheck.detect.models.protocols import RuleSource, Trainer
from qualitycheck.detect.models.registry import TRAINERS
from qualitycheck.errors import InputError, QualitycheckError, os_reason
from qualitycheck.primitives.output import replace_together
from qualitycheck.readers.labeled import read_labeled
from qualitycheck.tools.labels import label_problem
from qualitycheck.tools.provenance import data_sha256


def read_records(
    path: Path, task: str | None = None, limit: int | None = None
) -> list[dict[str, Any]]:
    """Every record of a labeled file. The first line that cannot be read,
    over ``limit`` bytes (``max_article_bytes``), or whose labels are not
    ``task``'s, stops training with an error naming ``path:line``: a model
    fitted on part of a file would pass for one fitted on all of it."""
    records: list[dict[str, Any]] = []
    try:
        for item in read_labeled(path, limit):
            if isinstance(item, InputError):
                raise item
            number, record = item
            problem = label_problem(task, record) if task is not None else None
            if problem is not None:
                raise InputError(str(path), problem, number)
            records.append(record)
    except OSError as exc:
        raise QualitycheckError(f"{path}: cannot read: {os_reason(exc)}") from None
    if not records:
        raise QualitycheckError(f"{path}: no labeled records to train on")
    return records


@dataclass(frozen=True)
class Trained:
    """What a training run wrote, and where a model fell short of the rule its
    threshold is chosen by (``training.shortfall`` in its file): written, so
    it can be inspected, but ``train`` exits 1 for it."""

    files: list[Path]
    shortfalls: list[str]


def train_task(
    task: str,
    data: Path,
    output: Path,
    rules: RuleSource,
    seed: int,
    report: Callable[[str], object],
    max_record_bytes: int | None = None,
) -> Trained:
    """Train ``task`` on the labeled file ``data`` beside ``rules`` and write
    each model to ``output/<model task>.json``; ``report`` hears of each file
    written and of each shortfall. A record over ``max_record_bytes`` (the
    config's ``max_article_bytes``; default the readers') stops training."""
    if task not in TRAINERS:
        raise QualitycheckError(f"unknown model task {task!r}; tasks: {', '.join(TRAINERS)}")
    _refuse_output(output, data, task)
    records = read_records(data, task, max_record_bytes)
    repeated = duplicate_texts(records)
    if repeated:
        report(
            f"warning: {data}: {repeated} of {len(records)} records repeat an earlier record's "
            "text; cross-validation may score copies of training records (remove duplicates)"
        )
    if task == "mt":
        ungrouped = sum(1 for r in records if r["label"] == "machine" and not r.get("system"))
        if ungrouped:
            report(
                f"warning: {data}: {ungrouped} machine-translated records name no 'system' "
                "(nor 'src_lang'/'group' where missing): cross-validation cannot hold out whole "
                "MT systems or source languages for them, so its threshold may not hold on "
                "systems it has not seen (docs/models.md)"
            )
    module, name = TRAINERS[task]
    trainer: Trainer = getattr(importlib.import_module(module), name)
    try:
        models = trainer(records, rules, seed)
    except ValueError as exc:  # scikit-learn: one class, fewer records than folds ...
        raise QualitycheckError(f"{data}: cannot train {task} on it: {exc}") from None
    targets = [output / f"{model.task}.json" for model in models]
    # Every file to a temporary name first, all renamed into place at the end:
    # a full disk or a killed run leaves the models that were there before
    # (mt writes two files, which must not come from two different runs).
    digest = data_sha256(data)  # evaluate knows its training file by this, renamed or not
    for model in models:
        model.training["file"] = data.name
        if digest is not None:
            model.training["file_sha256"] = digest
    replace_together([(t, m.to_text()) for t, m in zip(targets, models, strict=True)])
    shortfalls: list[str] = []
    for model, target in zip(models, targets, strict=True):
        report(
            f"wrote {target} ({len(model.weights)} weights, threshold {model.threshold:.3f}"
            f"{_measured(model.training)})"
        )
        shortfall = model.training.get("shortfall")
        if shortfall:
            shortfalls.append(f"{target}: {shortfall}")
            report(f"warning: {target}: {shortfall}")
    return Trained(targets, shortfalls)


def _measured(training: dict[str, Any]) -> str:
    """What cross-validation measured at the chosen threshold, as the model file
    records it (``cv_f1``, ``cv_precision``, ``cv_recall``), for the report line."""
    names = {"cv_f1": "F1", "cv_precision": "precision", "cv_recall": "recall"}
    shown = [f"{name} {training[key]:.3f}" for key, name in names.items() if key in training]
    return f"; cross-validated {', '.join(shown)}" if shown else ""


def duplicate_texts(records: list[dict[str, Any]]) -> int:
    """Records whose ``text`` an earlier record of the file already has: in
    different folds they let cross-validation score a model on what it trained
    on, so its figures (and the threshold chosen from them) come out too good."""
    seen: set[str] = set()
    repeated = 0
    for record in records:
        text = record.get("text")
        if isinstance(text, str):
            repeated += text in seen
            seen.add(text)
    return repeated


def _refuse_output(output: Path, data: Path, task: str) -> None:
    """Stop before training (minutes on a large file) when the models could
    not be written, or would replace the models the package ships (every later
    check would use them: ``--models DIR`` is the way to use retrained ones)."""
    if output.exists() and not output.is_dir():
        raise QualitycheckError(f"{output}: not a folder (train writes TASK.json files into one)")
    if output.resolve() == SHIPPED.resolve():
        raise QualitycheckError(
            f"{output}: is the folder of the shipped models; write retrained models "
            "elsewhere and use them with --models DIR"
        )
    for name in _written_names(task):
        target = output / name
        if target.is_dir():
            raise QualitycheckError(f"{target}: is a folder; train writes a model there")
        if target.exists() and target.resolve() == data.resolve():
            raise QualitycheckError(f"{target}: is the training data; choose another --output")
    existing = next((p for p in (output, *output.parents) if p.exists()), None)
    if existing is not None and not os.access(existing, os.W_OK | os.X_OK):
        raise QualitycheckError(f"{output}: cannot write: permission denied ({existing})")


def _written_names(task: str) -> list[str]:
    """The model files training ``task`` writes (mt writes its sentence model too)."""
    return [f"{task}.json", *([f"{mt.SENTENCE_TASK}.json"] if task == "mt" else [])]
