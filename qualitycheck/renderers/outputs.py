"""Which formats one ``check`` run writes, and where.

``--format``/``-o`` name the main output; each ``--output-format FORMAT=FILE``
adds one more, so a pipeline gets JSON, SARIF and a summary from one check
instead of checking the corpus once per format. This module only decides the
plan: it reads the format names from the registry but imports no renderer, so
parsing the command line stays fast; the renderers are opened by
:mod:`qualitycheck.renderers.group`.
"""

from __future__ import annotations

import argparse
import os
import stat
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from qualitycheck.errors import QualitycheckError
from qualitycheck.primitives.compressing import compression_ending
from qualitycheck.primitives.options import nearest
from qualitycheck.primitives.output import STDOUT_NAMES
from qualitycheck.renderers import RENDERERS

#: The format names, in the registry's order (``--format`` lists them so).
OUTPUT_FORMATS = tuple(RENDERERS)


@dataclass(frozen=True)
class Target:
    """One output: a format and a file (``None`` for standard output)."""

    format: str
    path: str | None = None


def target_spec(value: str) -> Target:
    """Parse ``FORMAT=FILE`` (``FILE`` ``-`` for standard output); an argparse type."""
    name, equals, path = value.partition("=")
    if not equals or not path:
        raise argparse.ArgumentTypeError(
            f"{value!r}: expected FORMAT=FILE (FILE '-' for standard output)"
        )
    if name not in OUTPUT_FORMATS:
        close = nearest(name, OUTPUT_FORMATS)
        hint = f"did you mean {close!r}? " if close else ""
        raise argparse.ArgumentTypeError(
            f"{value!r}: unknown format {name!r} ({hint}choose from {', '.join(OUTPUT_FORMATS)})"
        )
    return Target(name, None if path == "-" else path)


def default_format(environ: Mapping[str, str]) -> str:
    """``github`` inside GitHub Actions (annotations on the pull request), else ``text``."""
    return "github" if environ.get("GITHUB_ACTIONS") == "true" else "text"


def plan_outputs(
    output_format: str | None,
    output: str | None,
    extra: Sequence[Target] = (),
    environ: Mapping[str, str] | None = None,
    baseline: str | None = None,
) -> list[Target]:
    """The outputs of a run: the main one first, then ``extra`` in order.

    Without ``--format``, the main output is ``github`` when it goes to standard
    output inside GitHub Actions and ``text`` otherwise; it is left out when an
    extra output already claims standard output. Two outputs to one place are a
    usage error rather than a silently clobbered file. ``baseline`` (from
    ``--write-baseline``; ``-`` for standard output) is written by the gate, not
    a renderer, but it is an output too: it takes its place like an extra one, so
    it can neither replace a report nor be mixed into the text on standard output.
    """
    environ = os.environ if environ is None else environ
    targets = list(extra)
    others = [] if baseline is None else [Target("baseline", None if baseline == "-" else baseline)]
    main_to_stdout = output is None or output == "-"
    implicit_main = output_format is None and main_to_stdout
    if not (implicit_main and any(t.path is None for t in targets + others)):
        chosen = output_format or (default_format(environ) if main_to_stdout else "text")
        targets.insert(0, Target(chosen, None if main_to_stdout else output))
    seen: dict[object, Target] = {}
    for target in targets + others:
        if target.format == "parquet" and target.path and compression_ending(target.path):
            raise QualitycheckError(
                f"{target.path}: Parquet compresses its own pages (zstd) and is not read "
                "compressed again; name it without its compression ending"
            )
        place = _place(target.path)
        if place in seen:
            where = "standard output" if target.path is None else target.path
            raise QualitycheckError(
                f"{seen[place].format} and {target.format} output both go to {where}; "
                "give each output its own FILE"
            )
        seen[place] = target
    return targets


def _place(path: str | None) -> object:
    """Where an output lands, so two outputs to one place are refused.

    Standard output is one place however it is named (``-``, ``/dev/stdout``,
    or the file the shell redirected it to); another file is its device and
    inode, or the real path a new file will have. A character device named
    as a path (``/dev/null``, a terminal) takes any number of outputs.
    """
    if path is None or os.path.abspath(path) in STDOUT_NAMES:
        return "-"
    try:
        status = os.stat(path)
    except (OSError, ValueError):
        return os.path.realpath(path)
    if stat.S_ISCHR(status.st_mode):  # /dev/null, a terminal: sharing one garbles nothing
        return object()
    try:
        stdout = os.fstat(1)
    except (OSError, ValueError):
        stdout = None
    if stdout is not None and (stdout.st_dev, stdout.st_ino) == (status.st_dev, status.st_ino):
        return "-"  # the file standard output was redirected to
    return (status.st_dev, status.st_ino)
