"""Declared options and their validation, shared by rule kinds and the config.

Like yamllint, every rule kind and the config file declare the options they
accept; a value is checked against its declaration when it is loaded, so a
typo fails fast with file, line and key instead of being silently ignored.
"""

from __future__ import annotations

import builtins
import copy
import datetime
import json
import math
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from qualitycheck.errors import LocatedError
from qualitycheck.primitives.yamlsource import LocatedDict, LocatedList

#: A problem with one item of a list value: its index (from 0, as in
#: ``phrases[2]``) and what is wrong with it.
ItemProblem = tuple[int, str]

_TYPE_NAMES = {
    str: "text",
    bool: "true or false",
    int: "a whole number",
    float: "a number",
    list: "a list",
    dict: "a mapping",
}


@dataclass(frozen=True)
class Option:
    """One accepted key: its type, default and documentation.

    ``type`` is the Python type of the value; for lists ``item`` is the type of
    each item. ``choices`` limits the value (or each item) to a set. ``check``
    is an extra validator returning an error message, an :data:`ItemProblem`
    (the message is about one item of a list, named by its index) or ``None``.
    """

    name: str
    type: type
    description: str
    default: Any = None
    required: bool = False
    item: builtins.type | None = None
    choices: tuple[Any, ...] | None = None
    minimum: float | None = None
    maximum: float | None = None
    nullable: bool = False
    check: Callable[[Any], str | ItemProblem | None] | None = field(default=None, compare=False)

    def type_name(self) -> str:
        """Human words for the expected type, used in errors and docs."""
        if self.choices:
            listed = ", ".join(str(c) for c in self.choices)
            return f"a list of {listed}" if self.type is list else f"one of {listed}"
        name = _TYPE_NAMES.get(self.type, self.type.__name__)
        if self.type is list and self.item is not None:
            name = f"a list of {_TYPE_NAMES.get(self.item, self.item.__name__)}"
        return name + (" or null" if self.nullable else "")


#: Items a list option may hold. A pack of a million phrases took two minutes
#: and 2.6 GB to load; the shipped lists hold a few hundred at most.
MAX_LIST_ITEMS = 100_000


def described_value(value: Any, expected: type | None) -> str:
    """What a wrong value is, in the words of the errors (never a class name
    such as ``LocatedDict``), with a hint where YAML 1.1 read it otherwise than
    it was meant: an unquoted ``no`` is false, ``1e9`` is text."""
    if value is None:  # an item or a value of a mapping: `phrases: [a, ~]`
        return "null"
    if isinstance(value, datetime.date):  # `phrases: [2024-01-01]`
        hint = " (quote it to keep it as text)" if expected is str else ""
        return f"the date {value.isoformat()}{hint}"
    if isinstance(value, bool):
        hint = ""
        if expected is str:
            hint = " (YAML reads unquoted yes, no, on and off as true or false: quote it)"
        return f"{str(value).lower()}{hint}"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, int | float):
        return f"the number {value!r}"
    if isinstance(value, str):
        shown = value if len(value) <= 40 else value[:40] + "…"
        hint = ""
        if expected in (int, float) and _PLAIN_NUMBER.fullmatch(value):
            hint = " (written in quotes: leave them out)"  # `fail_under: "60"`
        elif expected in (int, float) and _reads_as_number(value):
            hint = " (YAML reads 1e9 as text: write 1.0e+9, or the digits)"
        return f"text {shown!r}{hint}"
    return type(value).__name__


def written_value(value: Any) -> str:
    """An option's value as a rule pack writes it, for people reading ``rules
    show`` and the generated docs: ``true``, ``null``, ``3`` for 3.0, text
    unquoted, lists and mappings in JSON (YAML's flow style), never Python's
    ``True``, ``None`` or ``['a']``."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, str):
        return value
    return json.dumps(value, ensure_ascii=False, sort_keys=True)


#: A number YAML reads as one when it is not quoted (so a text one was quoted).
_PLAIN_NUMBER = re.compile(r"[-+]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)")


def _reads_as_number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return text.strip().lower() not in ("nan", "inf", "-inf", "+inf", "infinity")


def _type_ok(value: Any, expected: type) -> bool:
    if expected is float:
        return isinstance(value, int | float) and not isinstance(value, bool)
    if expected is int:
        return isinstance(value, int) and not isinstance(value, bool)
    return isinstance(value, expected)


def _column(container: Any, key: Any) -> int | None:
    if isinstance(container, (LocatedDict, LocatedList)):
        return container.column_of(key)
    return None


def _line(container: Any, key: Any, default: int | None) -> int | None:
    if isinstance(container, LocatedDict) and isinstance(key, str):
        return container.line_of(key)
    if isinstance(container, LocatedList) and isinstance(key, int):
        return container.line_of(key)
    return getattr(container, "line", default)


def validate_value(option: Option, value: Any, path: str, line: int | None, key: str) -> Any:
    """Check one value against its option; return it (ints widened to float)."""
    if value is None:
        if option.nullable:
            return None
        raise LocatedError(path, line, f"expected {option.type_name()}, got null", key)
    if not _type_ok(value, option.type):
        got = described_value(value, option.type)
        raise LocatedError(path, line, f"expected {option.type_name()}, got {got}", key)
    if option.type is float:
        value = float(value)
        if not math.isfinite(value):
            # NaN passes every comparison: `fail_under: .nan` switched the gate off.
            raise LocatedError(path, line, f"expected a finite number, got {value}", key)
    if option.type is list and len(value) > MAX_LIST_ITEMS:
        raise LocatedError(
            path, line, f"{len(value):,} items; at most {MAX_LIST_ITEMS:,} are accepted", key
        )
    items: Iterable[Any] = value if option.type is list else [value]
    if option.type is list and option.item is not None:
        for index, item in enumerate(value):
            if not _type_ok(item, option.item):
                raise LocatedError(
                    path,
                    _line(value, index, line),
                    f"expected {_TYPE_NAMES.get(option.item, 'a value')}, "
                    f"got {described_value(item, option.item)}",
                    f"{key}[{index}]",
                    _column(value, index),
                )
            if option.item is str and not item.strip():
                # A blank phrase, line or glob matches nothing (or, as a
                # pattern, everything): a slip, not a wish.
                raise LocatedError(
                    path,
                    _line(value, index, line),
                    "must not be empty",
                    f"{key}[{index}]",
                    _column(value, index),
                )
    if option.choices is not None:
        for index, item in enumerate(items):
            if item not in option.choices:
                hint = closest(str(item), [str(choice) for choice in option.choices])
                suggestion = f" (did you mean {hint!r}?)" if hint else ""
                listed = option.type is list
                raise LocatedError(
                    path,
                    _line(value, index, line) if listed else line,
                    f"{item!r} is not one of: {', '.join(map(str, option.choices))}{suggestion}",
                    f"{key}[{index}]" if listed else key,
                    _column(value, index) if listed else None,
                )
    if option.minimum is not None and value < option.minimum:
        raise LocatedError(path, line, f"must be at least {option.minimum}", key)
    if option.maximum is not None and value > option.maximum:
        raise LocatedError(path, line, f"must be at most {option.maximum}", key)
    if option.check is not None:
        problem = option.check(value)
        if isinstance(problem, tuple):  # one item of a list: named by its index
            index, message = problem
            raise LocatedError(
                path, _line(value, index, line), message, f"{key}[{index}]", _column(value, index)
            )
        if problem:
            raise LocatedError(path, line, problem, key)
    return value


def validate_mapping(
    data: Mapping[str, Any],
    options: Iterable[Option],
    path: str,
    where: str = "",
    ignore: Iterable[str] = (),
    problems: list[LocatedError] | None = None,
) -> dict[str, Any]:
    """Validate ``data`` against ``options``; return values with defaults filled.

    Unknown keys are errors (naming the closest known key when there is one);
    keys in ``ignore`` are left to the caller. ``where`` prefixes key names in
    messages, e.g. ``rules[3].``. The first error is raised, unless a
    ``problems`` list is given: then every error is added to it (the keys in
    error are left out of the result), so one run reports all of them.
    """

    def fail(error: LocatedError) -> None:
        if problems is None:
            raise error
        problems.append(error)

    declared = {option.name: option for option in options}
    ignored = set(ignore)
    base_line = getattr(data, "line", None)
    result: dict[str, Any] = {}
    for key in data:
        if key in ignored:
            continue
        if key not in declared:
            hint = closest(key, declared)
            suggestion = f" (did you mean {hint!r}?)" if hint else ""
            known = ", ".join(sorted(declared))
            fail(
                LocatedError(
                    path,
                    _line(data, key, base_line),
                    f"unknown key{suggestion}; known keys: {known}",
                    where + key,
                    _column(data, key),
                )
            )
    for name, option in declared.items():
        if name in data:
            line = _line(data, name, base_line)
            try:
                result[name] = validate_value(option, data[name], path, line, where + name)
            except LocatedError as error:
                if error.column is None and error.line == line:
                    error.column = _column(data, name)
                fail(error)
        elif option.required:
            start = data.start_column() if isinstance(data, LocatedDict) else None
            missing = f"missing required key {name!r}"
            fail(LocatedError(path, base_line, missing, where.rstrip("."), start))
        else:
            result[name] = copy.copy(option.default)
    return result


def closest(word: str, candidates: Iterable[str]) -> str | None:
    """The candidate most like ``word`` (for "did you mean" hints)."""
    import difflib

    matches = difflib.get_close_matches(word, list(candidates), n=1, cutoff=0.75)
    return matches[0] if matches else None


#: Letters (after the dashes) an abbreviation needs before it is read as one.
PREFIX_LETTERS = 2


def nearest(word: str, candidates: Iterable[str]) -> str | None:
    """The candidate ``word`` probably meant: the same word in other case, the
    one it abbreviates (the closest when several start with it), else the most
    similar one, or ``None``."""
    names = [str(name) for name in candidates]
    for name in names:
        if name.casefold() == word.casefold():
            return name
    if len(word.lstrip("-")) >= PREFIX_LETTERS:
        started = [name for name in names if name.startswith(word)]
        if len(started) == 1:
            return started[0]
        if started:
            return closest(word, started) or started[0]
    return closest(word, names)
