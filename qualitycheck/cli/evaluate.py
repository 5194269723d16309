"""``evaluate``: precision, recall and F1 of the rules and models on labeled data.

The measuring is in :mod:`qualitycheck.tools.evaluation`; this module reads the
command line and prints the result as text or JSON.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from qualitycheck.cli.exit_codes import EXIT_ERROR, EXIT_OK
from qualitycheck.cli.messages import say
from qualitycheck.cli.settings import config_from_args
from qualitycheck.errors import os_reason
from qualitycheck.primitives.output import open_output
from qualitycheck.primitives.standard_streams import refuse_closed_standard_output


def run_evaluate(args: argparse.Namespace) -> int:
    """``evaluate``: measure the rules on labeled data."""
    import json

    from qualitycheck.pipeline.checker import Checker
    from qualitycheck.tools.evaluation import evaluate, format_text
    from qualitycheck.tools.provenance import data_sha256, provenance

    # Standard output closed (``>&-``): refused now, as check refuses it, not
    # after the whole measurement (seconds to minutes) when the result is printed.
    refuse_closed_standard_output()
    path = Path(args.data)
    problem = _not_readable(path)
    if problem is not None:
        say(f"error: {path}: {problem}")
        return EXIT_ERROR
    checker = Checker(config_from_args(args))
    digest = data_sha256(path)  # once, before it is read: the warning and the JSON use it
    trained_on = _trained_on(checker, args.task, path, digest)
    if trained_on:
        say(
            f"warning: {path}: the {args.task} model was trained on {trained_on}; "
            "figures on training data overstate it: measure on a dev split"
        )
    try:
        evaluation = evaluate(checker, args.task, path)
    except OSError as exc:  # a device that fails to read, a file gone or locked
        say(f"error: {path}: cannot read: {os_reason(exc)}")
        return EXIT_ERROR
    for error in evaluation.errors:
        say(f"input error: {error}")
    if not evaluation.records:
        # Precision 0.000 over nothing would read as a measurement.
        say(f"error: {path}: no labeled records to measure")
        return EXIT_ERROR
    if args.format == "json":
        figures = {**evaluation.as_dict(), **provenance(checker.models, digest)}
        with open_output(None) as stream:  # UTF-8 whatever the locale, as check's JSON
            stream.write(json.dumps(figures, ensure_ascii=False, indent=2) + "\n")
    else:
        print(format_text(evaluation))
    return EXIT_ERROR if evaluation.errors else EXIT_OK


def _not_readable(path: Path) -> str | None:
    """Why ``path`` cannot be measured, or ``None``. Not only a regular file:
    a pipe (``evaluate <(head dev.jsonl)``, ``/dev/stdin``) is read once, from
    start to end, like a file."""
    if path.is_dir():
        return "is a folder"
    if not path.exists():
        return "no such file"
    return None


def _trained_on(checker: object, task: str, path: Path, digest: str | None) -> str | None:
    """What says ``task``'s model was trained on ``path`` (whose SHA-256 is
    ``digest``), or ``None``: by the SHA-256 when the model records one
    (``train`` does since it was added: a renamed copy is still the training
    data, another corpus's ``train.jsonl`` is not), else by name."""
    detector = getattr(getattr(checker, "models", None), task, None)
    model = getattr(detector, "model", None)
    training = getattr(model, "training", None)
    if not isinstance(training, dict):
        return None
    name = training.get("file")
    recorded = training.get("file_sha256")
    if isinstance(recorded, str):
        return f"this file ({name}, the same SHA-256)" if recorded == digest else None
    return f"a file of this name ({name})" if name == path.name else None
