"""``train``: fit one model on labeled JSONL and write it where ``--models`` reads it.

Kept in its own module because the training itself is per task, in
:mod:`qualitycheck.detect.models`; this is only the command around it.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from qualitycheck.cli.exit_codes import EXIT_ERROR, EXIT_OK
from qualitycheck.cli.settings import config_from_args


def run_train(args: argparse.Namespace) -> int:
    """``train``: fit one model on labeled data and write it to DIR."""
    import json

    from qualitycheck.pipeline.checker import Checker

    path = Path(args.data)
    records = []
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as exc:
        sys.stderr.write(f"qualitycheck: error: {path}: cannot read: {exc}\n")
        return EXIT_ERROR
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except json.JSONDecodeError as exc:
            sys.stderr.write(f"qualitycheck: error: {path}:{number}: invalid JSON: {exc.msg}\n")
            return EXIT_ERROR
        records.append(record)
    config = config_from_args(args)
    config.use_models = False
    module = __import__(f"qualitycheck.detect.models.{args.task}", fromlist=["train"])
    trained = module.train(records, Checker(config), args.seed)
    output = Path(args.output)
    for model in trained if isinstance(trained, list) else [trained]:
        model.training["file"] = path.name
        target = output / f"{model.task}.json"
        model.save(target)
        sys.stderr.write(
            f"qualitycheck: wrote {target} ({len(model.weights)} weights, "
            f"threshold {model.threshold:.3f})\n"
        )
    return EXIT_OK
