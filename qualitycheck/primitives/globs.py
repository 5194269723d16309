"""Gitignore-style globs for include/exclude and suppression paths: ``*``,
``?``, ``[…]`` and ``**``.

A pattern without a slash matches a file or folder name at any depth
(``*.md``, ``drafts``); one with a slash matches the path relative to the
folder being walked (``news/**/*.html``).

Users write these globs (config, ``--exclude``), so matching must not depend
on how a pattern is written: a backtracking regex took minutes for
``*a*a*a*a*a*a*a*a*a*a*a*b`` on a 60-character name. Patterns are compiled
to a small automaton and simulated state-set by state-set, which costs at
most (path length × pattern length) steps whatever the pattern. The common
globs (``*.md``, ``.git``, ``drafts/*``) have at most one wildcard run, which
no regex can backtrack over more than once: those run as a compiled regular
expression, the same answer at C speed (a test compares both ways). A
malformed class (``[]``, ``[!]``, ``[z-a]``) is a :class:`GlobError` that
config validation reports with file and line.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

#: Longest glob accepted (the automaton has one state per token).
MAX_GLOB_LENGTH = 1000


class GlobError(ValueError):
    """A glob that cannot be compiled; the message says why."""


@dataclass(frozen=True)
class _Token:
    """One step of a glob.

    ``kind`` is ``char`` (one exact character), ``one`` (``?``: any character
    but ``/``), ``set`` (``[…]``), ``star`` (``*``: any run without ``/``),
    ``all`` (``**``: any run) or ``dirs`` (``**/`` and the implicit prefix of
    an unanchored glob: nothing, or any run that ends with ``/``).
    """

    kind: str
    char: str = ""
    ranges: tuple[tuple[str, str], ...] = ()
    negated: bool = False

    def accepts(self, char: str) -> bool:
        if self.kind == "char":
            return char == self.char
        if self.kind == "one":
            return char != "/"
        inside = any(low <= char <= high for low, high in self.ranges)
        return inside != self.negated


def _parse_class(body: str, pattern: str) -> _Token:
    negated = body.startswith(("!", "^"))
    if negated:
        body = body[1:]
    if not body:
        raise GlobError(f"empty character class in {pattern!r}")
    ranges: list[tuple[str, str]] = []
    index = 0
    while index < len(body):
        if index + 2 < len(body) and body[index + 1] == "-":
            low, high = body[index], body[index + 2]
            if low > high:
                raise GlobError(f"reversed range {low}-{high} in {pattern!r}")
            ranges.append((low, high))
            index += 3
        else:
            ranges.append((body[index], body[index]))
            index += 1
    return _Token("set", ranges=tuple(ranges), negated=negated)


def _tokens(pattern: str) -> tuple[_Token, ...]:
    anchored = "/" in pattern.rstrip("/")
    text = pattern.strip("/")
    tokens: list[_Token] = [] if anchored else [_Token("dirs")]
    index = 0
    while index < len(text):
        char = text[index]
        if text.startswith("**/", index):
            tokens.append(_Token("dirs"))
            index += 3
            continue
        if text.startswith("**", index):
            tokens.append(_Token("all"))
            index += 2
            continue
        if char == "*":
            tokens.append(_Token("star"))
        elif char == "?":
            tokens.append(_Token("one"))
        elif char == "[" and text.find("]", index + 1) != -1:
            close = text.find("]", index + 1)
            tokens.append(_parse_class(text[index + 1 : close], pattern))
            index = close
        else:
            tokens.append(_Token("char", char))
        index += 1
    return tuple(tokens)


class Glob:
    """One compiled glob; :meth:`match` tells whether a whole path matches."""

    def __init__(self, pattern: str) -> None:
        if len(pattern) > MAX_GLOB_LENGTH:
            raise GlobError(f"glob longer than {MAX_GLOB_LENGTH} characters")
        self.pattern = pattern
        self.tokens = _tokens(pattern)
        self._regex, self._name_only = _fast_form(self.tokens)

    def match(self, path: str) -> bool:
        """Whether the whole of ``path`` matches."""
        if self._regex is None:
            return self.simulate(path)
        if self._name_only:
            path = path.rpartition("/")[2]
        return self._regex.match(path) is not None

    def _closure(self, states: set[int]) -> set[int]:
        """Add the states reachable without reading a character.

        State ``2*i`` stands before token ``i``; ``2*i + 1`` is inside a
        ``dirs`` token that has read characters but not yet its final ``/``.
        """
        stack = list(states)
        while stack:
            state = stack.pop()
            if state % 2 or state // 2 >= len(self.tokens):
                continue
            if self.tokens[state // 2].kind in ("star", "all", "dirs"):
                following = state + 2
                if following not in states:
                    states.add(following)
                    stack.append(following)
        return states

    def simulate(self, path: str) -> bool:
        """Run the automaton over ``path`` (linear in it, for any pattern)."""
        tokens = self.tokens
        states = self._closure({0})
        for char in path:
            following: set[int] = set()
            for state in states:
                position = state // 2
                if state % 2:  # inside a dirs token
                    following.add(state)
                    if char == "/":
                        following.add(state + 1)
                    continue
                if position >= len(tokens):
                    continue
                token = tokens[position]
                if token.kind == "star":
                    if char != "/":
                        following.add(state)
                elif token.kind == "all":
                    following.add(state)
                elif token.kind == "dirs":
                    following.add(state + 1)
                    if char == "/":
                        following.add(state + 2)
                elif token.accepts(char):
                    following.add(state + 2)
            if not following:
                return False
            states = self._closure(following)
        return 2 * len(tokens) in states


_UNBOUNDED = ("star", "all", "dirs")


def _token_regex(token: _Token) -> str:
    if token.kind == "char":
        return re.escape(token.char)
    if token.kind == "one":
        return "[^/]"
    if token.kind == "star":
        return "[^/]*"
    if token.kind == "all":
        return ".*"
    if token.kind == "dirs":
        return "(?:.*/)?"
    body = "".join(
        re.escape(low) if low == high else f"{re.escape(low)}-{re.escape(high)}"
        for low, high in token.ranges
    )
    return f"[{'^' if token.negated else ''}{body}]"


def _fast_form(tokens: tuple[_Token, ...]) -> tuple[re.Pattern[str] | None, bool]:
    """A regular expression for globs with at most one wildcard run, and
    whether it applies to the last path segment only; ``None`` otherwise.

    An unanchored glob whose own part cannot cross a ``/`` matches exactly
    the last segment, so its leading ``dirs`` step is dropped and the name
    alone is matched.
    """
    body = tokens
    name_only = (
        bool(tokens)
        and tokens[0].kind == "dirs"
        and not any(
            t.kind in ("all", "dirs") or (t.kind == "set" and t.accepts("/")) for t in tokens[1:]
        )
    )
    if name_only:
        body = tokens[1:]
    if sum(token.kind in _UNBOUNDED for token in body) > 1:
        return None, False
    return re.compile("".join(map(_token_regex, body)) + r"\Z", re.S), name_only


@lru_cache(maxsize=256)
def compile_glob(pattern: str) -> Glob:
    """The compiled glob (cached: the same few patterns meet every path)."""
    return Glob(pattern)


def glob_problem(pattern: object) -> str | None:
    """Why ``pattern`` is not a valid glob, or ``None`` (for config validation)."""
    if not isinstance(pattern, str):
        return None  # the type check reports it
    if pattern.startswith("!"):
        # gitignore's negation: read as a name starting with '!', it matched
        # nothing, so `exclude: [drafts, "!drafts/keep.md"]` kept nothing back.
        return (
            f"{pattern!r}: a leading '!' (gitignore's negation) is not supported; "
            "narrow the other globs instead"
        )
    try:
        compile_glob(pattern)
    except GlobError as error:
        return f"invalid glob: {error}"
    return None


def globs_problem(patterns: object) -> tuple[int, str] | None:
    """:func:`glob_problem` for the first bad glob of a list, with its index."""
    if not isinstance(patterns, list):
        return None
    for index, pattern in enumerate(patterns):
        problem = glob_problem(pattern)
        if problem:
            return index, problem
    return None


def matches(path: str, patterns: list[str] | tuple[str, ...]) -> bool:
    """Whether the relative posix ``path`` matches any of ``patterns``."""
    return any(compile_glob(pattern).match(path) for pattern in patterns)


def relative_path(path: str, base: Path | None) -> str:
    """``path`` relative to ``base`` in ``/`` form (as globs and baselines see it)."""
    if base is None or path == "-":
        return Path(path).as_posix()
    return Path(os.path.relpath(os.path.abspath(path), os.path.abspath(base))).as_posix()
