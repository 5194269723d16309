"""JSON Schemas for ``qualitycheck.yaml`` and for rule packs, generated from
the same declarations that validate them, so they cannot drift.

Editors' YAML plugins (the YAML language server behind VS Code, JetBrains and
Neovim) read them for completion, hover help and inline errors while a pack
or config is typed. ``python -m qualitycheck.tools.docgen`` writes them to
``docs/schemas/``; the test suite fails when they are stale and validates the
shipped packs against them. The schema is a help, not the judge: loading
still validates everything (regular expressions, placeholders, limits) and
reports file, line and column.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any

from qualitycheck.config.declarations import (
    CONFIG_OPTIONS,
    JSONL_OPTIONS,
    MODEL_OPTIONS,
    PENALTY_OPTIONS,
    SUPPRESSION_OPTIONS,
)
from qualitycheck.detect.models.registry import MODEL_TASKS
from qualitycheck.detect.rules.kinds import KINDS
from qualitycheck.detect.rules.kinds.base import COMMON_NAMES, COMMON_OPTIONS
from qualitycheck.document.findings import SEVERITIES
from qualitycheck.primitives.options import Option

DRAFT = "https://json-schema.org/draft/2020-12/schema"
_TYPES = {str: "string", int: "integer", float: "number", bool: "boolean", list: "array"}
_TYPES[dict] = "object"
#: Common rule fields a pack's ``defaults:`` may set (the loader's rule).
_DEFAULTABLE = COMMON_NAMES - {"id", "message", "examples", "description"}


def _json_value(value: Any) -> bool:
    try:
        json.dumps(value)
    except (TypeError, ValueError):
        return False
    return True


def option_schema(option: Option) -> dict[str, Any]:
    """One declared option as a JSON Schema property."""
    schema: dict[str, Any] = {"description": option.description}
    kind = _TYPES.get(option.type)
    if kind is not None:
        schema["type"] = [kind, "null"] if option.nullable else kind
    if option.type is list and option.item is not None:
        item: dict[str, Any] = {"type": _TYPES.get(option.item, "string")}
        if option.choices:
            item["enum"] = list(option.choices)
        schema["items"] = item
    elif option.choices:
        schema["enum"] = [*option.choices, *([None] if option.nullable else [])]
    if option.minimum is not None:
        schema["minimum"] = option.minimum
    if option.maximum is not None:
        schema["maximum"] = option.maximum
    if not option.required and option.default is not None and _json_value(option.default):
        schema["default"] = option.default
    return schema


def _object(options: Iterable[Option], **extra: Any) -> dict[str, Any]:
    options = list(options)
    schema: dict[str, Any] = {
        "type": "object",
        "properties": {option.name: option_schema(option) for option in options},
        "additionalProperties": False,
    }
    required = [option.name for option in options if option.required]
    if required:
        schema["required"] = required
    schema.update(extra)
    return schema


def config_schema() -> dict[str, Any]:
    """``qualitycheck.yaml`` (and ``[tool.qualitycheck]``)."""
    schema = _object(CONFIG_OPTIONS)
    properties = schema["properties"]
    properties["penalties"].update(_object(PENALTY_OPTIONS))
    properties["jsonl"].update(_object(JSONL_OPTIONS))
    properties["models"].update(
        {
            "type": "object",
            "properties": {task: _object(MODEL_OPTIONS) for task in MODEL_TASKS},
            "additionalProperties": False,
        }
    )
    properties["severity"].update(
        {"type": "object", "additionalProperties": {"enum": list(SEVERITIES)}}
    )
    properties["suppressions"].update({"items": _object(SUPPRESSION_OPTIONS)})
    return {"$schema": DRAFT, "title": "qualitycheck configuration", **schema}


def _examples_schema() -> dict[str, Any]:
    texts = {"type": "array", "items": {"type": "string"}}
    stated = {
        "type": "object",
        "properties": {
            "text": {"type": "string", "description": "The example text."},
            "match": {"type": "string", "description": "The words the rule must flag in it."},
        },
        "required": ["text"],
        "additionalProperties": False,
    }
    flags = {"type": "array", "items": {"anyOf": [{"type": "string"}, stated]}}
    return {
        "type": "object",
        "properties": {"flag": flags, "pass": texts},
        "additionalProperties": False,
    }


def pack_schema() -> dict[str, Any]:
    """A rule pack: ``rules:`` (one variant per kind), ``defaults:``, ``description:``."""
    common = {option.name: option_schema(option) for option in COMMON_OPTIONS}
    common["examples"] = {**common.get("examples", {}), **_examples_schema()}
    variants = []
    for name, kind in sorted(KINDS.items()):
        properties = {**common, "kind": {"const": name, "description": kind.__doc__ or name}}
        properties.update({option.name: option_schema(option) for option in kind.options})
        required = [option.name for option in kind.options if option.required]
        variants.append(
            {
                "if": {"properties": {"kind": {"const": name}}, "required": ["kind"]},
                "then": {
                    "properties": properties,
                    "required": ["id", "kind", "message", *required],
                    "additionalProperties": False,
                },
            }
        )
    rule = {
        "type": "object",
        "properties": {"kind": {"enum": sorted(KINDS)}},
        "required": ["id", "kind", "message"],
        "allOf": variants,
    }
    # An `extends:` entry adds to a shipped rule's lists (detect/rules/extensions.py).
    lists = {
        option.name: {**option_schema(option), "description": f"Added to: {option.description}"}
        for _, kind in sorted(KINDS.items())
        for option in kind.options
        if option.type is list
    }
    extension = {
        "type": "object",
        "properties": {
            "extends": {"type": "string", "description": "The id of the rule this adds to."},
            **dict(sorted(lists.items())),
            "exceptions": common["exceptions"],
            "examples": common["examples"],
        },
        "required": ["extends"],
        "additionalProperties": False,
    }
    defaults = {
        "type": "object",
        "properties": {name: common[name] for name in sorted(_DEFAULTABLE) if name in common},
        "additionalProperties": False,
    }
    return {
        "$schema": DRAFT,
        "title": "qualitycheck rule pack",
        "type": "object",
        "properties": {
            "description": {"type": "string", "description": "What the pack is for."},
            "defaults": defaults,
            "rules": {
                "type": "array",
                "items": {"if": {"required": ["extends"]}, "then": extension, "else": rule},
            },
        },
        "required": ["rules"],
        "additionalProperties": False,
    }


def render(schema: dict[str, Any]) -> str:
    return json.dumps(schema, indent=2, ensure_ascii=False) + "\n"
