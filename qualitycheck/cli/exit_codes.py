"""The exit codes of every command: the contract CI scripts rely on.

They live apart from ``main`` so the command modules can return them without
importing the package ``__init__`` back (an import cycle).
"""

from __future__ import annotations

#: No article fails (or the command did its job).
EXIT_OK = 0
#: At least one article fails, or a ``rules test`` example misbehaves.
EXIT_FAIL = 1
#: A usage, config or rule error, an unreadable input, or an internal error.
EXIT_ERROR = 2
#: Interrupted with Ctrl-C (128 + SIGINT, what shells report).
EXIT_INTERRUPTED = 130
