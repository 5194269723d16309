"""``json.dumps(value, ensure_ascii=False, indent=2)``, byte for byte, without
the standard library's pure-Python encoder.

With ``indent`` set, :mod:`json` cannot use its C encoder and walks the value
through a chain of Python generators, one ``yield`` per scalar and bracket:
the JSON and SARIF outputs spent about a seventh of a millisecond per article
there. :func:`indented` builds the same text with one recursive function that
appends a line at a time to a list, strings still escaped in C
(``json.encoder.encode_basestring``). Every rule of the standard encoder is
kept: ``[]`` and ``{}`` for empty containers, tuples as lists, floats by
``float.__repr__`` with ``NaN`` and ``Infinity``, ``int.__repr__`` for ints and
their subclasses (``True`` is ``true``), non-string keys turned into strings
the same way. A value of any other type (the standard encoder raises
``TypeError``) is handed to :func:`json.dumps` whole, so it fails as before.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from json.encoder import encode_basestring
from typing import Any

#: Spaces per nesting level (``indent=2``).
_STEP = "  "


class _Unsupported(Exception):
    """A value the standard encoder would not encode by itself."""


def _float(value: float) -> str:
    if value - value == 0.0:  # finite (an infinity or NaN gives NaN here)
        return float.__repr__(value)
    if value != value:
        return "NaN"
    return "Infinity" if value > 0 else "-Infinity"


def _bool(value: bool) -> str:
    return "true" if value else "false"


def _null(value: None) -> str:
    return "null"


#: Scalars by exact type (subclasses take :func:`_scalar`, the standard order of tests).
_ENCODE: dict[type, Callable[[Any], str]] = {
    str: encode_basestring,
    int: int.__repr__,
    float: _float,
    bool: _bool,
    type(None): _null,
}


def _scalar(value: object) -> str | None:
    """``value`` encoded as the standard encoder tests it, or None for a container."""
    if isinstance(value, str):
        return encode_basestring(value)
    if value is None:
        return "null"
    if value is True:
        return "true"
    if value is False:
        return "false"
    if isinstance(value, int):
        return int.__repr__(value)
    if isinstance(value, float):
        return _float(value)
    if isinstance(value, (list, tuple, dict)):
        return None
    raise _Unsupported


def _key(key: object) -> str:
    """A dict key as the standard encoder turns it into a string."""
    if isinstance(key, str):
        return key
    if isinstance(key, float):
        return _float(key)
    if key is True:
        return "true"
    if key is False:
        return "false"
    if key is None:
        return "null"
    if isinstance(key, int):
        return int.__repr__(key)
    raise _Unsupported


def _container(value: Any, pad: str, out: list[str]) -> None:
    """Append ``value`` (a dict, list or tuple) encoded to ``out``; ``pad`` is
    a newline and the spaces of the line the container starts on."""
    if not value:
        out.append("{}" if isinstance(value, dict) else "[]")
        return
    inner = pad + _STEP
    after = "," + inner
    encoders = _ENCODE
    if isinstance(value, dict):
        head = "{" + inner
        for key, item in value.items():
            head += encode_basestring(key if type(key) is str else _key(key)) + ": "
            encode = encoders.get(type(item))
            if encode is not None:
                out.append(head + encode(item))
            else:
                _item(item, head, inner, out)
            head = after
        out.append(pad + "}")
        return
    head = "[" + inner
    for item in value:
        encode = encoders.get(type(item))
        if encode is not None:
            out.append(head + encode(item))
        else:
            _item(item, head, inner, out)
        head = after
    out.append(pad + "]")


def _item(item: object, head: str, inner: str, out: list[str]) -> None:
    """An item that is not a scalar of an exact built-in type, after ``head``."""
    text = _scalar(item)
    if text is None:
        out.append(head)
        _container(item, inner, out)
    else:
        out.append(head + text)


def indented(value: object, depth: int = 0) -> str:
    """``json.dumps(value, ensure_ascii=False, indent=2)`` with every line but
    the first moved right by ``depth`` spaces (a value inside a streamed document)."""
    try:
        text = _scalar(value)
        if text is not None:
            return text
        out: list[str] = []
        _container(value, "\n" + " " * depth, out)
        return "".join(out)
    except _Unsupported:
        pass
    pad = " " * depth
    lines = json.dumps(value, ensure_ascii=False, indent=2).split("\n")
    return "\n".join(pad + line if index else line for index, line in enumerate(lines))
