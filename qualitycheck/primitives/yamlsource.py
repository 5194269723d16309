"""YAML loading that remembers where every key came from.

Config files and rule packs are written by hand, so an error has to point at
the exact line. PyYAML's composer keeps marks on nodes; we turn the node tree
into plain Python containers that also carry their line numbers.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from qualitycheck.errors import LocatedError


class LocatedDict(dict[str, Any]):
    """A mapping that knows its own line and the line of each key."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.line = 0
        self.key_lines: dict[str, int] = {}

    def line_of(self, key: str) -> int:
        """Line of ``key`` if present, else the line of the mapping itself."""
        return self.key_lines.get(key, self.line)


class LocatedList(list[Any]):
    """A sequence that knows its own line and the line of each item."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.line = 0
        self.item_lines: list[int] = []

    def line_of(self, index: int) -> int:
        """Line of item ``index``, or of the list when out of range."""
        if 0 <= index < len(self.item_lines):
            return self.item_lines[index]
        return self.line


#: libyaml's parser when PyYAML was built with it: the same nodes and marks,
#: about ten times faster (rule packs are parsed on every run).
_BaseLoader: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _UniqueKeyLoader(_BaseLoader):
    """Safe loader; we only use its composer and scalar constructors."""


def _convert(node: yaml.Node, loader: yaml.SafeLoader, path: str) -> Any:
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
        return mapping
    if isinstance(node, yaml.SequenceNode):
        sequence = LocatedList()
        sequence.line = line
        sequence.item_lines = []
        for item in node.value:
            sequence.append(_convert(item, loader, path))
            sequence.item_lines.append(item.start_mark.line + 1)
        return sequence
    return loader.construct_object(node, deep=True)


def load_yaml_text(text: str, path: str) -> Any:
    """Parse one YAML document from ``text``; ``path`` names it in errors."""
    loader = _UniqueKeyLoader(text)
    try:
        node = loader.get_single_node()
        if node is None:
            return None
        return _convert(node, loader, path)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else None
        raise LocatedError(path, line, f"invalid YAML: {exc.problem or exc}") from None
    except yaml.YAMLError as exc:
        raise LocatedError(path, None, f"invalid YAML: {exc}") from None
    finally:
        loader.dispose()


def load_yaml_file(path: Path) -> Any:
    """Read and parse a YAML file; unreadable files raise :class:`LocatedError`."""
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise LocatedError(str(path), None, f"cannot read: {exc}") from None
    return load_yaml_text(text, str(path))
