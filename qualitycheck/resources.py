"""Where the shipped rule packs and report templates are.

In a wheel they sit inside the package (``qualitycheck/_data/…``); in a
source checkout or an editable install they are the repository's top-level
``rules/`` and ``reports/`` folders, which is where editors change them.
"""

from __future__ import annotations

from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent


def data_dir(name: str) -> Path:
    """The folder of shipped data ``name`` (``rules`` or ``reports``)."""
    for candidate in (_PACKAGE / "_data" / name, _PACKAGE.parent / name):
        if candidate.is_dir():
            return candidate
    raise FileNotFoundError(f"qualitycheck is missing its {name}/ folder (broken install?)")


def rules_dir() -> Path:
    return data_dir("rules")


def reports_dir() -> Path:
    return data_dir("reports")
