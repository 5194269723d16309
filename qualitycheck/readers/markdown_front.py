"""A Markdown file's front matter: YAML between ``---`` lines (Jekyll, most
tools), TOML between ``+++`` lines (Hugo's own form) or a JSON object whose
``{`` and ``}`` stand on lines of their own (Hugo's third). It gives the
article's title, URL, language and metadata, and is no part of its text.

Read as text, a Hugo file's TOML block was the article's first paragraph
(``+++ title = "…" date = …``: quotes, dates and tags in the prose), and its
title was lost. Front matter that does not parse is ignored with a warning
naming its line; the article is still checked.
"""

from __future__ import annotations

import json
import re
import tomllib
from typing import Any

from qualitycheck.errors import LocatedError
from qualitycheck.primitives.yamlsource import load_yaml_data

_YAML = re.compile(r"\A---[ \t]*\r?\n(.*?\r?\n)?(?:---|\.\.\.)[ \t]*(?:\r?\n|\Z)", re.S)
_TOML = re.compile(r"\A\+\+\+[ \t]*\r?\n(.*?\r?\n)?\+\+\+[ \t]*(?:\r?\n|\Z)", re.S)
_JSON = re.compile(r"\A\{[ \t]*\r?\n(.*?\r?\n)?\}[ \t]*(?:\r?\n|\Z)", re.S)
#: Where tomllib says an error is ("(at line 3, column 5)"), in the TOML text.
_TOML_LINE = re.compile(r"\(at line (\d+), column \d+\)$")


def _toml(text: str, warnings: list[str]) -> Any:
    """``text`` as TOML, or ``{}`` with a warning naming the file's line (the
    TOML starts on the file's second line). Nesting too deep for the parser's
    recursion is refused as invalid, not a crash."""
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        message = str(error)
        where = _TOML_LINE.search(message)
        if where:
            message = message[: where.start()].rstrip()
            warnings.append(
                f"front matter ignored at line {int(where.group(1)) + 1}: invalid TOML: {message}"
            )
        else:
            warnings.append(f"front matter ignored: invalid TOML: {message}")
    except RecursionError:
        warnings.append("front matter ignored: invalid TOML: nested too deeply")
    return {}


def _json(text: str, warnings: list[str]) -> Any:
    """``text`` (the object's inside) as JSON, or ``None`` with a warning: a
    ``{`` line is a weaker sign of front matter than ``---``, so what does not
    parse is read as the article's text. The file's line is named; nesting
    past the parser's recursion and numbers past Python's digit limit are
    refused as invalid, not a crash."""
    try:
        return json.loads("{" + text + "}")
    except json.JSONDecodeError as error:  # its line 1 is the file's line 2
        where, message = f" at line {error.lineno + 1}", error.msg
    except (RecursionError, ValueError):
        where, message = "", "nested too deeply or too long"
    warnings.append(f"front matter not read{where}: invalid JSON: {message}; read as text")
    return None


def front_matter(source: str, path: str, warnings: list[str]) -> tuple[dict[str, Any], int]:
    """The front matter's values and where the body starts. Invalid YAML or
    TOML and YAML alias bombs (refused by the loader configs use) are ignored
    with a warning: the article is still checked."""
    match = _YAML.match(source)
    toml = None if match else _TOML.match(source)
    braces = None if match or toml else _JSON.match(source)
    if toml:
        data: Any = _toml(toml.group(1) or "", warnings)
        match = toml
    elif braces:
        data, match = _json(braces.group(1) or "", warnings), braces
        if data is None:
            return {}, 0
    elif not match:
        return {}, 0
    else:
        try:
            data = load_yaml_data(match.group(1) or "", path) or {}
        except LocatedError as error:
            where = f" at line {error.line + 1}" if error.line else ""  # after the "---" line
            warnings.append(f"front matter ignored{where}: {error.message}")
            data = {}
    if not isinstance(data, dict):
        warnings.append("front matter is not a mapping; ignored")
        data = {}
    return data, match.end()


def scalar(metadata: dict[str, Any], key: str, warnings: list[str]) -> str | None:
    """A front matter field as text; ``None`` when absent, null, a list or a mapping.

    A list or mapping is no title, URL or language.
    """
    value = metadata.get(key)
    if isinstance(value, list | dict):
        kind = "a list" if isinstance(value, list) else "a mapping"
        warnings.append(f"front matter {key!r} is {kind}, not text; ignored")
        return None
    return None if value is None else str(value)
