"""What an ``evaluate`` measurement was made with, so two figures can be
compared or reproduced: the tool's version, the labeled file's SHA-256 and,
for each model that ran, the file it came from, its SHA-256 and the threshold
in force. A figure in a dashboard without these cannot say whether the model,
the data or the code moved."""

from __future__ import annotations

import os
import stat
from pathlib import Path
from typing import Any

from qualitycheck.detect.models.apply import SHIPPED, ModelSet
from qualitycheck.primitives.cache import file_sha256
from qualitycheck.version import __version__


def data_sha256(path: Path) -> str | None:
    """The labeled file's SHA-256, or ``None`` for a pipe (read once, already
    consumed by the measurement) or a file that cannot be read again."""
    try:
        regular = stat.S_ISREG(os.stat(path).st_mode)
    except OSError:
        return None
    return (file_sha256(path) or None) if regular else None


def model_records(models: ModelSet | None) -> dict[str, dict[str, Any]]:
    """Each loaded model task: ``file`` (``"shipped"`` for the package's own,
    else the path), ``sha256`` of ``TASK.json`` and the ``threshold`` used."""
    records: dict[str, dict[str, Any]] = {}
    if models is None:
        return records
    for task, folder in sorted(models.sources.items()):
        detector = getattr(models, task)
        path = folder / f"{task}.json"
        records[task] = {
            "file": "shipped" if folder == SHIPPED else str(path),
            "sha256": file_sha256(path) or None,
            "threshold": round(detector.threshold, 6),
        }
    return records


def provenance(models: ModelSet | None, data_digest: str | None) -> dict[str, Any]:
    """The fields ``evaluate --format json`` adds to its figures (``data_digest``:
    :func:`data_sha256` of the labeled file)."""
    return {
        "tool": {"name": "qualitycheck", "version": __version__},
        "data_sha256": data_digest,
        "models": model_records(models),
    }
