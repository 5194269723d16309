"""Gitignore-style globs for include/exclude: ``*``, ``?``, ``[…]`` and ``**``.

A pattern without a slash matches a file or folder name at any depth
(``*.md``, ``drafts``); one with a slash matches the path relative to the
folder being walked (``news/**/*.html``).
"""

from __future__ import annotations

import os
import re
from functools import lru_cache
from pathlib import Path


@lru_cache(maxsize=256)
def compile_glob(pattern: str) -> re.Pattern[str]:
    """Translate one glob into an anchored regular expression."""
    anchored = "/" in pattern.rstrip("/")
    pattern = pattern.strip("/")
    out: list[str] = []
    index = 0
    while index < len(pattern):
        char = pattern[index]
        if pattern.startswith("**/", index):
            out.append("(?:.*/)?")
            index += 3
            continue
        if pattern.startswith("**", index):
            out.append(".*")
            index += 2
            continue
        if char == "*":
            out.append("[^/]*")
        elif char == "?":
            out.append("[^/]")
        elif char == "[":
            close = pattern.find("]", index + 1)
            if close == -1:
                out.append(re.escape(char))
            else:
                body = pattern[index + 1 : close].replace("\\", "\\\\")
                if body.startswith("!"):
                    body = "^" + body[1:]
                out.append(f"[{body}]")
                index = close
        else:
            out.append(re.escape(char))
        index += 1
    prefix = "" if anchored else "(?:.*/)?"
    return re.compile(prefix + "".join(out) + r"\Z")


def matches(path: str, patterns: list[str] | tuple[str, ...]) -> bool:
    """Whether the relative posix ``path`` matches any of ``patterns``."""
    return any(compile_glob(pattern).match(path) for pattern in patterns)


def relative_path(path: str, base: Path | None) -> str:
    """``path`` relative to ``base`` in ``/`` form (as globs and baselines see it)."""
    if base is None or path == "-":
        return Path(path).as_posix()
    return Path(os.path.relpath(os.path.abspath(path), os.path.abspath(base))).as_posix()
