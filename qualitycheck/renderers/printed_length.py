"""How long a value prints, counted without printing it: the size budget of
the report templates' sandbox (:mod:`qualitycheck.renderers.template_limits`).

``~``, ``%``, ``join`` and ``{{ }}`` make one string of their operands, and a
list holding one long string a million times is small in memory but huge once
printed (``["x" * 1000] * 3000000``), so the sandbox counts first. The counts
are upper bounds where Python's exact output would take work of its own (a
repr's escapes, markupsafe's entities), and stop once past their budget:
counting costs at most a step per character allowed.
"""

from __future__ import annotations

import re
from collections.abc import ItemsView, Iterable, Iterator, KeysView, Mapping, ValuesView
from typing import Any, NamedTuple

from jinja2.runtime import Undefined
from jinja2.utils import Namespace


def integers(*values: Any) -> bool:
    """Whether every value is an ``int`` (``True`` and ``False`` are not)."""
    return all(isinstance(v, int) and not isinstance(v, bool) for v in values)


#: Characters markupsafe's escape() writes for one (``&#34;``, ``&#39;``).
_ENTITY = 5
#: A float's repr (``-1.7976931348623157e+308``) is at most 24 characters.
_FLOAT = 24
#: What a numeric ``%`` conversion may write besides its width, precision and
#: an integer's digits: a float in ``%f`` has up to 309 digits before its point.
_NUMBER = 330
#: Over every container's brackets and name (``frozenset({})``, ``<Namespace {}>``).
_BRACKETS = 16
#: Digits in a ``%`` width or precision past which it is taken as over any budget.
_MAX_DIGITS = 10


class _Rest(NamedTuple):
    """The items of a container still to count (a value may be an iterator
    itself: a ``map`` filter's generator prints as a short repr)."""

    items: Iterator[Any]


class _Leave(NamedTuple):
    """The end of a container's items: a cycle through it is closed."""

    key: int


def _escaped_length(text: str) -> int:
    """``len(markupsafe.escape(text))``, without escaping it."""
    entities = text.count("&") + text.count('"') + text.count("'")
    return len(text) + (_ENTITY - 1) * entities + 3 * (text.count("<") + text.count(">"))


def _repr_length(text: str) -> int:
    """At least ``len(repr(text))``: a printable string gains its quotes and a
    backslash per backslash or quote; any other at most ten characters per
    character (``\\U0001ffff``)."""
    if text.isprintable():
        return len(text) + 2 + text.count("\\") + text.count("'")
    return 10 * len(text) + 2


def _contents(value: Any) -> tuple[Iterable[Any], int] | None:
    """The values a container prints (a mapping's keys and values alike) and
    the characters it adds around and between them; ``None`` for any other."""
    if isinstance(value, Namespace):
        value = object.__getattribute__(value, "_Namespace__attrs")
    if isinstance(value, Mapping):  # "k: v, " per item
        return (x for pair in value.items() for x in pair), _BRACKETS + 4 * len(value)
    if isinstance(value, ItemsView):  # "(k, v), " per item
        return (x for pair in value for x in pair), _BRACKETS + 6 * len(value)
    if isinstance(value, (KeysView, ValuesView, list, tuple, set, frozenset)):
        # A named tuple (groupby's) prints its type and field names too.
        names = sum(len(name) + 1 for name in getattr(value, "_fields", ()))
        return value, _BRACKETS + len(type(value).__name__) + names + 2 * len(value)
    return None


def printed_length(value: Any, budget: int, *, escaped: bool = False) -> int:
    """At least ``len(str(value))`` (``len(escape(value))`` when ``escaped``),
    counted without making it; once the count passes ``budget`` it stops
    there, returning a number above ``budget``."""
    if escaped and not hasattr(value, "__html__"):
        if isinstance(value, str):
            return _escaped_length(value)
        return _ENTITY * printed_length(value, budget // _ENTITY + 1)
    if isinstance(value, str):
        return len(value)
    total = 0
    walking: set[int] = set()  # containers inside themselves print as "[...]"
    stack: list[Any] = [value]
    while stack and total <= budget:
        item = stack.pop()
        if isinstance(item, _Leave):
            walking.discard(item.key)
        elif isinstance(item, _Rest):
            child = next(item.items, stack)  # the stack itself: none left
            if child is not stack:
                stack += [item, child]
        elif isinstance(item, str):  # inside a container: its repr
            total += _repr_length(item)
        elif isinstance(item, bool) or item is None:
            total += 5
        elif isinstance(item, int):
            total += item.bit_length() * 3 // 10 + 2
        elif isinstance(item, float):
            total += _FLOAT
        elif isinstance(item, Undefined):
            continue  # printing it raises (StrictUndefined), as it would have
        elif (contents := _contents(item)) is not None:
            if id(item) in walking:
                total += 5
                continue
            items, around = contents
            total += around
            walking.add(id(item))
            stack += [_Leave(id(item)), _Rest(iter(items))]
        else:  # a macro, a loop, a cycler, a range, a generator: a short repr
            total += len(str(item))
    return total


_CONVERSION = re.compile(
    r"%(?:\((?P<key>[^)]*)\))?[#0\- +]*(?P<width>\*|\d+)?(?:\.(?P<precision>\*|\d*))?"
    r"[hlL]?(?P<type>.?)",
    re.DOTALL,
)


def formatted_length(template: str, arguments: Any, budget: int, *, escaped: bool) -> int:
    """At least ``len(template % arguments)`` (markupsafe escaping the
    arguments when ``escaped``: ``Markup.__mod__``), counted without
    formatting, and stopping past ``budget`` as :func:`printed_length` does.
    Arguments that do not fit the template are left for ``%`` to refuse."""
    positional = iter(arguments if isinstance(arguments, tuple) else (arguments,))
    mapping = arguments if isinstance(arguments, Mapping) else {}
    total = len(template)
    for match in _CONVERSION.finditer(template):
        kind = match["type"]
        if kind == "%" or total > budget:
            continue
        sizes = []
        for part in (match["width"], match["precision"]):
            if part == "*":
                size = next(positional, 0)
                sizes.append(abs(size) if integers(size) else 0)
            elif not part:
                sizes.append(0)
            else:
                sizes.append(int(part) if len(part) <= _MAX_DIGITS else budget + 1)
        width, precision = sizes
        key = match["key"]
        argument = mapping.get(key) if key is not None else next(positional, None)
        if kind in "sra":
            left = budget - total
            if kind == "s":
                shown = printed_length(argument, left, escaped=escaped)
            else:  # its repr: as a list's item, the brackets counted too
                shown = printed_length([argument], left // _ENTITY + 1 if escaped else left)
                shown *= _ENTITY if escaped else 1
            if match["precision"] is not None:
                shown = min(shown, precision)
        elif kind == "c":
            shown = 1
        else:
            digits = argument.bit_length() // 3 + 2 if isinstance(argument, int) else 0
            shown = _NUMBER + precision + digits
        total += max(width, shown)
    return total
