"""``python -m qualitycheck.tools.kernels``: which compiled kernels this install uses.

The build hook's warning about a pure-Python build is all a user would get,
and pip shows a build's output only with ``-v``: after a plain ``pip install``
nothing says whether the kernels compiled. Each is optional and has a pure
path of the same output, so a missing one costs time, never findings; this
lists each one as a run would load it (the same loaders, so a stale build, a
forced pure path or a langdetect/Pyphen it does not reproduce show as pure).
"""

from __future__ import annotations

import importlib
import importlib.util
from typing import NamedTuple

from qualitycheck.primitives.accelerators import PURE_PYTHON_ENV, pure_python_forced
from qualitycheck.tools import run_tool


class Wrapper(NamedTuple):
    """A kernel's label, its wrapper module (with ``compiled_module()``) and the
    compiled module the build hook makes from its ``.pyx``."""

    label: str
    wrapper: str
    compiled: str


#: Every kernel (``hatch_build.KERNELS``; tests/test_kernel_status.py keeps the two equal).
WRAPPERS = [
    Wrapper("mt", "qualitycheck.detect.models.mt.kernel", "qualitycheck.detect.models.mt._kernel"),
    Wrapper(
        "mt text",
        "qualitycheck.detect.models.mt.text_kernel",
        "qualitycheck.detect.models.mt._text_kernel",
    ),
    Wrapper(
        "boilerplate",
        "qualitycheck.detect.models.boilerplate_kernel",
        "qualitycheck.detect.models._boilerplate_kernel",
    ),
    Wrapper(
        "claims",
        "qualitycheck.detect.models.claims_kernel",
        "qualitycheck.detect.models._claims_kernel",
    ),
    Wrapper(
        "voice sentence",
        "qualitycheck.detect.models.voice_sentence_words",
        "qualitycheck.detect.models._voice_sentence_kernel",
    ),
    Wrapper(
        "language",
        "qualitycheck.detect.signals.language_kernel",
        "qualitycheck.detect.signals._language_kernel",
    ),
    Wrapper(
        "voice",
        "qualitycheck.detect.signals.voice_kernel",
        "qualitycheck.detect.signals._voice_kernel",
    ),
    Wrapper(
        "text scan", "qualitycheck.detect.signals.scans", "qualitycheck.detect.signals._scan_kernel"
    ),
    Wrapper(
        "hyphenation",
        "qualitycheck.detect.signals.hyphen_kernel",
        "qualitycheck.detect.signals._hyphen_kernel",
    ),
]


def status(kernel: Wrapper) -> str:
    """``compiled PATH`` or ``pure Python (why)`` for one kernel."""
    if pure_python_forced():
        return f"pure Python ({PURE_PYTHON_ENV} is set)"
    if importlib.util.find_spec(kernel.compiled) is None:
        return "pure Python (not built: no C compiler or Cython when it was installed)"
    module = importlib.import_module(kernel.wrapper).compiled_module()
    if module is None:
        return "pure Python (a stale build, or a Python or library version it does not reproduce)"
    return f"compiled {module.__file__}"


def main(argv: list[str] | None = None) -> int:
    """List the kernels; with ``--require-all``, exit 1 unless every one is
    compiled. A platform wheel must carry them all, and the kernel tests skip
    a kernel that is not built, so cibuildwheel's test of a wheel in which one
    failed to compile passed without it."""
    import argparse

    parser = argparse.ArgumentParser(prog="python -m qualitycheck.tools.kernels")
    parser.add_argument(
        "--require-all", action="store_true", help="exit 1 unless every kernel is compiled"
    )
    args = parser.parse_args(argv)
    lines = [(kernel.label, status(kernel)) for kernel in WRAPPERS]
    width = max(len(label) for label, _ in lines)
    for label, text in lines:
        print(f"{label:<{width}}  {text}")
    compiled = sum(text.startswith("compiled") for _, text in lines)
    print(f"{compiled} of {len(lines)} kernels compiled (the pure paths give the same output)")
    return 1 if args.require_all and compiled < len(lines) else 0


if __name__ == "__main__":
    run_tool(main)
