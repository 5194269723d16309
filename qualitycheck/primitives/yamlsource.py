"""YAML loading that remembers where every key came from.

Config files and rule packs are written by hand, so an error has to point at
the exact line. PyYAML's composer keeps marks on nodes; we turn the node tree
into plain Python containers that also carry their line numbers.

Every YAML document read here (configs, rule packs, Markdown front matter) is
checked for alias bombs before it is turned into Python values: an alias
repeats a whole anchored value, so nine short lines can stand for a billion
values, and a config found by walking up from a hostile folder grew to 6 GB.
A document whose aliases add more than ``ALIAS_BUDGET`` values is refused
with the line of the alias that crossed the budget. Sizes are counted on the
composed node graph, shared nodes once, so the check itself stays linear.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from qualitycheck.errors import LocatedError, os_reason
from qualitycheck.primitives import yamlcache
from qualitycheck.primitives.located import LocatedDict as LocatedDict
from qualitycheck.primitives.located import LocatedList as LocatedList

if TYPE_CHECKING:
    import yaml

#: Values that aliases may add to one document: plenty for anchors that share
#: a list of languages or a block of options, far below what hurts.
ALIAS_BUDGET = 10_000


@lru_cache(maxsize=1)
def _loader_class() -> Any:
    """A safe loader; only its composer and scalar constructors are used.
    libyaml's parser when PyYAML was built with it: the same nodes and marks,
    about ten times faster. PyYAML is imported here, at the first file the
    cache (:mod:`qualitycheck.primitives.yamlcache`) does not hold: a run
    whose packs are all cached never imports it (0.04 s)."""
    import yaml

    return type("_UniqueKeyLoader", (getattr(yaml, "CSafeLoader", yaml.SafeLoader),), {})


def _convert(node: yaml.Node, loader: yaml.SafeLoader, path: str) -> Any:
    import yaml

    line = node.start_mark.line + 1
    if isinstance(node, yaml.MappingNode):
        loader.flatten_mapping(node)
        mapping = LocatedDict()
        mapping.line = line
        mapping.key_lines = {}
        for key_node, value_node in node.value:
            key = _convert(key_node, loader, path)
            key_line = key_node.start_mark.line + 1
            if not isinstance(key, str):
                raise LocatedError(path, key_line, f"keys must be text, not {key!r}")
            if key in mapping:
                raise LocatedError(
                    path, key_line, f"duplicate key (first at line {mapping.key_lines[key]})", key
                )
            mapping[key] = _convert(value_node, loader, path)
            mapping.key_lines[key] = key_line
            mapping.key_columns[key] = key_node.start_mark.column + 1
        return mapping
    if isinstance(node, yaml.SequenceNode):
        sequence = LocatedList()
        sequence.line = line
        sequence.item_lines = []
        for item in node.value:
            sequence.append(_convert(item, loader, path))
            sequence.item_lines.append(item.start_mark.line + 1)
            sequence.item_columns.append(item.start_mark.column + 1)
        return sequence
    try:
        return loader.construct_object(node, deep=True)
    except (ValueError, OverflowError) as exc:  # a date that is none, an int past 4,300 digits
        raise _bad_value(node, exc, path) from None


def _first_bad_scalar(root: yaml.Node, path: str) -> LocatedError | None:
    """The error of the first scalar in document order that cannot be built
    (by a fresh loader: the failed one is left mid-construction)."""
    import yaml

    loader = _loader_class()("")
    stack, seen = [root], set()
    while stack:
        node = stack.pop()
        if id(node) in seen:
            continue
        seen.add(id(node))
        if isinstance(node, yaml.ScalarNode):
            try:
                loader.construct_object(node, deep=True)
            except (ValueError, OverflowError) as exc:
                return _bad_value(node, exc, path)
            except yaml.YAMLError:
                continue
        else:
            stack.extend(reversed([child for child, _ in _children(node)]))
    return None


def _bad_value(node: yaml.Node, exc: Exception, path: str) -> LocatedError:
    """The error of a scalar YAML resolves to a type it then cannot build
    (``2024-02-30`` is read as a date; a 100,000-digit number as an int)."""
    shown = str(node.value)
    shown = shown if len(shown) <= 40 else shown[:40] + "…"
    reason = str(exc).split(";")[0]  # not Python's advice on raising its digit limit
    mark = node.start_mark
    return LocatedError(
        path, mark.line + 1, f"invalid value {shown!r}: {reason} (quote it to keep it as text)",
        column=mark.column + 1,
    )  # fmt: skip


def _children(node: yaml.Node) -> list[tuple[yaml.Node, int]]:
    """A node's children with the line an alias among them is written on: a
    mapping's key line, a sequence's first line (an alias node carries the
    place of its anchor, not its own)."""
    import yaml

    if isinstance(node, yaml.MappingNode):
        return [
            (child, key.start_mark.line + 1) for key, value in node.value for child in (key, value)
        ]
    if isinstance(node, yaml.SequenceNode):
        return [(item, node.start_mark.line + 1) for item in node.value]
    return []


def _expanded_sizes(root: yaml.Node, path: str) -> dict[int, int]:
    """How many values each node stands for once aliases are expanded, by
    ``id``; each shared node is counted once (iterative: no recursion limit).
    A node that contains an alias of itself (``&a [*a]``) expands forever:
    :class:`LocatedError` at the alias's line."""
    sizes: dict[int, int] = {}
    open_nodes: set[int] = set()
    stack: list[tuple[yaml.Node, int, bool]] = [(root, root.start_mark.line + 1, False)]
    while stack:
        node, line, children_done = stack.pop()
        if id(node) in sizes:
            continue
        children = _children(node)
        if children_done:
            sizes[id(node)] = 1 + sum(sizes[id(child)] for child, _ in children)
            open_nodes.discard(id(node))
            continue
        if id(node) in open_nodes:
            raise LocatedError(path, line, "a YAML alias refers to the value that contains it")
        open_nodes.add(id(node))
        stack.append((node, line, True))
        stack.extend(
            (child, child_line, False) for child, child_line in children if id(child) not in sizes
        )
    return sizes


def check_aliases(root: yaml.Node, path: str, budget: int = ALIAS_BUDGET) -> None:
    """Raise :class:`LocatedError` when aliases in the document at ``root`` add
    more than ``budget`` values, or refer to the value that contains them; the
    line is where the budget ran out or the alias is written."""
    sizes = _expanded_sizes(root, path)
    added = 0
    seen: set[int] = set()
    stack: list[tuple[yaml.Node, int]] = [(root, root.start_mark.line + 1)]
    while stack:  # in document order: an anchor comes before its aliases
        node, line = stack.pop()
        if id(node) in seen:
            added += sizes[id(node)]
            if added > budget:
                raise LocatedError(
                    path, line, f"YAML aliases expand past {budget:,} values (an alias bomb?)"
                )
            continue
        seen.add(id(node))
        stack.extend(reversed(_children(node)))


#: Values (scalars, lists, mappings, aliases) one document may hold. PyYAML
#: builds every node before a list can be counted against ``MAX_LIST_ITEMS``:
#: a 2 MB config of a million one-letter items took 29 s and 530 MB, one at
#: ``MAX_YAML_BYTES`` minutes and gigabytes. The shipped packs hold a few
#: thousand values; a phrase rule at the list limit, 100,000. A value takes at
#: least one character, so a shorter document is not counted.
MAX_YAML_VALUES = 500_000


def _count_values(text: str, path: str) -> None:
    """Refuse a document of more than ``MAX_YAML_VALUES`` values from its
    parser events, before any node is built (at about 4 s per million)."""
    import yaml

    if len(text) <= MAX_YAML_VALUES:
        return
    kinds = (yaml.ScalarEvent, yaml.SequenceStartEvent, yaml.MappingStartEvent, yaml.AliasEvent)
    parser = _loader_class()(text)
    try:
        values = 0
        while parser.check_event():
            event = parser.get_event()
            values += isinstance(event, kinds)
            if values > MAX_YAML_VALUES:
                raise LocatedError(
                    path,
                    event.start_mark.line + 1,
                    f"more than {MAX_YAML_VALUES:,} YAML values; not read",
                    column=event.start_mark.column + 1,
                )
    finally:
        parser.dispose()


def _compose(text: str, path: str, construct: Any) -> Any:
    """Compose ``text``, check its size and aliases, and hand the root node
    (with the loader) to ``construct``; every failure is a :class:`LocatedError`."""
    import yaml

    loader = _loader_class()(text)
    node = None
    try:
        _count_values(text, path)
        node = loader.get_single_node()
        if node is None:
            return None
        check_aliases(node, path)
        return construct(node, loader)
    except yaml.MarkedYAMLError as exc:
        raise _syntax_error(exc, path, text) from None
    except yaml.reader.ReaderError as exc:  # a character YAML does not allow: no mark
        message = f"invalid YAML: unacceptable character #x{exc.character:04x}: {exc.reason}"
        if exc.encoding != "unicode":  # libyaml counts the bytes of the UTF-8 text
            text = text.encode("utf-8")[: exc.position].decode("utf-8", errors="replace")
            raise _at_position(text, len(text), message, path) from None
        raise _at_position(text, exc.position, message, path) from None
    except yaml.YAMLError as exc:
        raise LocatedError(path, None, f"invalid YAML: {exc}") from None
    except RecursionError:
        raise LocatedError(path, None, "nested too deeply to read") from None
    except (ValueError, OverflowError) as exc:  # load_yaml_data's scalars (see _bad_value)
        raise (node is not None and _first_bad_scalar(node, path)) or LocatedError(
            path, None, f"invalid YAML value: {exc}"
        ) from None
    finally:
        loader.dispose()


def _at_position(text: str, position: int, message: str, path: str) -> LocatedError:
    """``message`` at the line and column of character ``position`` of ``text``
    (PyYAML's reader and the UTF-8 decoder say only an offset)."""
    line_start = text.rfind("\n", 0, position) + 1
    return LocatedError(
        path, text.count("\n", 0, position) + 1, message, column=position - line_start + 1
    )


def _decode(data: bytes, path: str) -> str:
    """A file's bytes as text: UTF-8 (a byte-order mark allowed), else an
    error at the line and column of the first byte that is not UTF-8."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise LocatedError(path, None, "UTF-16 text (a byte-order mark): save it as UTF-8")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        before = data[: exc.start].decode("utf-8-sig", errors="replace")
        message = f"not UTF-8: byte 0x{data[exc.start]:02x} cannot be read; save the file as UTF-8"
        raise _at_position(before, len(before), message, path) from None


def _syntax_error(exc: Any, path: str, text: str = "") -> LocatedError:
    """PyYAML's error where it went wrong, with its context ("while parsing a
    block mapping" and where that began). Where that place is only the
    file's end ("found unexpected end of stream" for an unclosed quote), the
    error is told where the unfinished construct starts, which is what to fix."""
    problem, context = exc.problem or str(exc), exc.context
    mark, begun = exc.problem_mark, exc.context_mark
    if begun is not None and context and (mark is None or "end of stream" in problem):
        message = f"invalid YAML: {context}: {problem}"
        if mark is not None:
            message += f" (at line {mark.line + 1}, column {mark.column + 1})"
        return LocatedError(path, begun.line + 1, message, column=begun.column + 1)
    if mark is None:
        return LocatedError(path, None, f"invalid YAML: {problem}")
    message = f"invalid YAML: {problem}"
    if "cannot start any token" in problem and _character_at(text, mark) == "\t":
        message += " (a tab: YAML indents with spaces)"  # libyaml does not name the character
    if context and begun is not None and (begun.line, begun.column) != (mark.line, mark.column):
        message += f" ({context} at line {begun.line + 1}, column {begun.column + 1})"
    elif context:
        message += f" ({context})"
    return LocatedError(path, mark.line + 1, message, column=mark.column + 1)


def _character_at(text: str, mark: Any) -> str:
    """The character at a PyYAML mark's line and column ("" past the text)."""
    lines = text.split("\n", mark.line + 1)
    line = lines[mark.line] if mark.line < len(lines) else ""
    return line[mark.column : mark.column + 1]


def load_yaml_text(text: str, path: str) -> Any:
    """Parse one YAML document from ``text`` into located containers;
    ``path`` names it in errors."""
    return _compose(text, path, lambda node, loader: _convert(node, loader, path))


def load_yaml_data(text: str, path: str) -> Any:
    """Parse one YAML document into plain Python values, as
    ``yaml.safe_load`` does (duplicate and non-text keys allowed), with the
    same alias budget."""
    return _compose(text, path, lambda node, loader: loader.construct_document(node))


#: Bytes of a config or rule pack. PyYAML holds about a kilobyte per scalar
#: while it composes a document, so a pack of tens of megabytes took minutes
#: and gigabytes before its lists could be counted; the shipped packs are
#: tens of kilobytes.
MAX_YAML_BYTES = 16 * 1024 * 1024


def load_yaml_file(path: Path) -> Any:
    """Read and parse a YAML file (or take what it read as from the per-user
    cache, :mod:`qualitycheck.primitives.yamlcache`); unreadable or oversized
    files raise :class:`LocatedError`."""
    try:
        with path.open("rb") as stream:
            data = stream.read(MAX_YAML_BYTES + 1)
        if len(data) > MAX_YAML_BYTES:
            raise LocatedError(str(path), None, f"larger than {MAX_YAML_BYTES:,} bytes; not read")
        kept = yamlcache.load(data)
        if kept is not None:
            return kept.value
    except OSError as exc:
        raise LocatedError(str(path), None, f"cannot read: {os_reason(exc)}") from None
    text = _decode(data, str(path))
    value = load_yaml_text(text, str(path))
    yamlcache.store(data, value)
    return value
