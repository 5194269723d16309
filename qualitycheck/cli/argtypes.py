"""Argument types of the command line: each turns one option's text into its
value or says, in one line, what was expected (argparse prints it as a usage
error, exit 2)."""

from __future__ import annotations

import argparse

from qualitycheck.detect.signals.language import code_problem
from qualitycheck.primitives.globs import glob_problem


def score_arg(value: str) -> float:
    number = float(value)
    if not 0 <= number <= 100:
        raise argparse.ArgumentTypeError("must be between 0 and 100")
    return number


def jobs_arg(value: str) -> int:
    number = int(value)
    if number < 0:
        raise argparse.ArgumentTypeError("must be 0 (automatic) or more")
    return number


def language_arg(value: str) -> str:
    problem = code_problem(value)
    if problem:
        raise argparse.ArgumentTypeError(problem)
    return value


def glob_arg(value: str) -> str:
    problem = glob_problem(value)
    if problem:
        raise argparse.ArgumentTypeError(problem)
    return value


# argparse names the type in "invalid NAME value: 'abc'"; say what was expected.
score_arg.__name__ = "score"
jobs_arg.__name__ = "job count"
glob_arg.__name__ = "glob"
language_arg.__name__ = "language code"


def path_arg(value: str) -> str:
    """A file or folder to write: ``-o ''`` (an unset shell variable) would
    otherwise name the working directory and fail late as "Is a directory"."""
    if not value.strip():
        raise argparse.ArgumentTypeError("is empty; name a file or folder")
    return value
