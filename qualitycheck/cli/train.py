"""``train``: fit one model on labeled JSONL and write it where ``--models`` reads it.

Kept in its own module because the training itself is per task, in
:mod:`qualitycheck.detect.models`, and the reading and writing around it in
:mod:`qualitycheck.tools.training`; this is only the command.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from qualitycheck.cli.exit_codes import EXIT_FAIL, EXIT_OK
from qualitycheck.cli.messages import say
from qualitycheck.cli.settings import config_from_args


def run_train(args: argparse.Namespace) -> int:
    """``train``: fit one model on labeled data and write it to DIR.

    The rules run without the models: their findings are the models' features.
    """
    from qualitycheck.pipeline.checker import Checker
    from qualitycheck.tools.training import train_task

    config = config_from_args(args)
    config.use_models = False
    trained = train_task(
        args.task,
        Path(args.data),
        Path(args.output),
        Checker(config),
        args.seed,
        say,
        config.read_settings.max_article_bytes,
    )
    return EXIT_FAIL if trained.shortfalls else EXIT_OK
