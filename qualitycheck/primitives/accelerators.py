"""The one switch to the pure-Python paths.

The compiled kernels and the rules' fast path (pyahocorasick, google-re2)
give the same output as pure Python; ``QUALITYCHECK_PURE_PYTHON=1`` forces
the pure paths anyway, to compare the two or to rule an accelerator out.
The models' kernels read it once per process (when first loaded), the rules'
fast path whenever a rule set is loaded.
"""

from __future__ import annotations

import importlib
import os
import sys
from types import ModuleType

#: Set to anything but "" or "0" to force the pure-Python paths.
PURE_PYTHON_ENV = "QUALITYCHECK_PURE_PYTHON"


#: Sentences a compiled kernel leaves to the pure path before it builds its
#: weight tables (about 11 ms CPU each): a one-file run (a pre-commit hook)
#: never pays for them, a long run pays once. Same output either way.
WARM_UP_SENTENCES = 32


def pure_python_forced() -> bool:
    """Whether the environment asks for the pure-Python paths."""
    return os.environ.get(PURE_PYTHON_ENV, "") not in ("", "0")


def compiled_kernel(name: str, version: int, label: str) -> ModuleType | None:
    """The compiled module ``name`` when it is there, current and allowed.

    ``version`` is what its wrapper expects of the module's ``VERSION``: a
    module built from an older source (left next to newer sources by an
    editable install) is refused with one warning line, and the caller takes
    the pure path, whose output is the same.
    """
    if pure_python_forced():
        return None
    try:
        module = importlib.import_module(name)
    except ImportError:
        return None
    found = getattr(module, "VERSION", None)
    if found != version:
        sys.stderr.write(
            f"qualitycheck: warning: ignoring a stale compiled {label} kernel (version "
            f"{found}, expected {version}); reinstall to rebuild it\n"
        )
        return None
    return module


def source_digest(owners: list[tuple[object, tuple[str, ...]]]) -> str:
    """The SHA-256 of the named methods' source text, joined ("" without it):
    what a kernel that reproduces another package's code checks that code by
    (langdetect's, Pyphen's), so another version takes the pure path."""
    import hashlib  # (here: only a kernel's guard asks, after start-up)
    import inspect

    try:
        text = "".join(
            inspect.getsource(getattr(owner, name)) for owner, names in owners for name in names
        )
    except (AttributeError, OSError, TypeError):
        return ""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()
