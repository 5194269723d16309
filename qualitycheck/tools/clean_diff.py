"""``clean --diff``: what ``clean`` would remove, as a unified diff, with
nothing written (as ``ruff format --diff`` and ``sqlfluff fix --diff`` show
a change before it is made).

Each changed file is one diff from the input's path to the copy's; the texts
are compared as decoded, and the command line writes a diff to a pipe or a file
in the input's encoding (``cli/clean.py``), so it patches the file's bytes (a
byte-order mark is not shown). A file with nothing to remove gives no diff.
"""

from __future__ import annotations

import difflib

NO_NEWLINE = "\\ No newline at end of file\n"


def _lines(text: str) -> list[str]:
    """``text`` cut after each ``\\n`` only (``str.splitlines`` also cuts at
    ``\\r``, form feeds and U+2028, which a patch does not)."""
    pieces = text.split("\n")
    lines = [piece + "\n" for piece in pieces[:-1]]
    return [*lines, pieces[-1]] if pieces[-1] else lines


def unified(before: str, after: str, source: str, copy: str) -> str:
    """The unified diff of ``before`` and ``after`` ("" when they are equal),
    headed by the two paths; a last line without its newline is marked as
    ``diff`` marks it."""
    if before == after:
        return ""
    lines = difflib.unified_diff(
        _lines(before),
        _lines(after),
        fromfile=source,
        tofile=copy,
    )
    return "".join(line if line.endswith("\n") else line + "\n" + NO_NEWLINE for line in lines)
