"""Text from articles, file names and JSONL ids, made safe for a terminal or a CI log.

A file name, a record id or a quoted sentence is hostile input: written as it
is, an escape sequence clears the screen or sets the window title, a newline
starts a line of its own (a fake ``pass`` line, or a GitHub Actions workflow
command such as ``::error``), and bidirectional overrides reorder what a
reader sees. Every place where such text meets a terminal or a log writes it
through :func:`for_terminal`; text that is only printable comes back as it is,
so ordinary output does not change.
"""

from __future__ import annotations

import re

#: C0 controls but tab, DEL, C1 controls, Unicode line and paragraph
#: separators (log viewers break lines there) and the bidirectional
#: embeddings, overrides and isolates ("Trojan Source").
_UNSAFE = re.compile("[\x00-\x08\x0a-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")
#: GitHub Actions reads ``##[command]`` anywhere in a log line (the runner's
#: older command syntax), not only at its start.
_V1_COMMAND = "##["
#: Escapes as Python writes them in a string, so they read as what they are.
_NAMED = {"\n": "\\n", "\r": "\\r"}


def _escape(match: re.Match[str]) -> str:
    char = match.group()
    if char in _NAMED:
        return _NAMED[char]
    code = ord(char)
    return f"\\x{code:02x}" if code <= 0xFF else f"\\u{code:04x}"


def for_terminal(text: str) -> str:
    """``text`` on one line with every control character written as an escape
    (``\\x1b``, ``\\n``, ``\\u202e``) and ``##[`` defused as ``##\\[``.

    Tab stays: it moves the cursor, nothing more.
    """
    text = _UNSAFE.sub(_escape, text)
    return text.replace(_V1_COMMAND, "##\\[") if _V1_COMMAND in text else text


def line_start_for_terminal(text: str) -> str:
    """:func:`for_terminal` for text that begins a line: a leading ``::`` (after
    any whitespace, as the runner reads it) would make the line a GitHub
    Actions workflow command, so its first colon is escaped."""
    text = for_terminal(text)
    stripped = text.lstrip()
    if not stripped.startswith("::"):
        return text
    return text[: len(text) - len(stripped)] + "\\x3a" + stripped[1:]
