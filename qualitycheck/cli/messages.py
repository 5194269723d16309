"""One-line messages on standard error, safe for a terminal or a CI log.

File names, JSONL ids and article text reach these lines; written raw, an
escape sequence in a file name could clear the screen or a newline in an id
could print a line of its own. Every message goes through
:func:`~qualitycheck.primitives.terminal.for_terminal`.
"""

from __future__ import annotations

import sys

from qualitycheck.primitives.terminal import for_terminal
from qualitycheck.primitives.termination import status_line_erased


def say(message: str) -> None:
    """Write ``qualitycheck: MESSAGE`` as one line on standard error, on a line
    of its own when the progress line is showing."""
    sys.stderr.write(f"{status_line_erased()}qualitycheck: {for_terminal(message)}\n")
