"""The one switch to the pure-Python paths.

The compiled kernels and the rules' fast path (pyahocorasick, google-re2)
give the same output as pure Python; ``QUALITYCHECK_PURE_PYTHON=1`` forces
the pure paths anyway, to compare the two or to rule an accelerator out.
The models' kernels read it once per process (when first loaded), the rules'
fast path whenever a rule set is loaded.
"""

from __future__ import annotations

import os

#: Set to anything but "" or "0" to force the pure-Python paths.
PURE_PYTHON_ENV = "QUALITYCHECK_PURE_PYTHON"


def pure_python_forced() -> bool:
    """Whether the environment asks for the pure-Python paths."""
    return os.environ.get(PURE_PYTHON_ENV, "") not in ("", "0")
