"""Configuration: ``qualitycheck.yaml`` (or ``.qualitycheck.yaml``) or
``[tool.qualitycheck]`` in ``pyproject.toml``, found by walking up from the
working directory, or named with ``--config``.

Every key is declared below with its type; an unknown key or a wrong type
stops the run (exit 2) with the file, line and key.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from qualitycheck.config.suppressions import Suppression, split_selectors
from qualitycheck.detect.models.settings import ModelSettings
from qualitycheck.document.findings import SEVERITIES
from qualitycheck.document.textfold import normalize
from qualitycheck.errors import ConfigError, LocatedError
from qualitycheck.primitives.options import Option, validate_mapping
from qualitycheck.primitives.yamlsource import LocatedDict, LocatedList, load_yaml_file
from qualitycheck.readers.base import ReadSettings
from qualitycheck.readers.discovery import DEFAULT_EXCLUDE, DEFAULT_INCLUDE

CONFIG_NAMES = ("qualitycheck.yaml", ".qualitycheck.yaml", "qualitycheck.yml", ".qualitycheck.yml")
FAIL_ON = ("error", "warning", "never")

JSONL_OPTIONS = (
    Option("id", str, "Field holding the record id.", default="id"),
    Option("text", str, "Field holding the article text.", default="text"),
    Option("title", str, "Field holding the headline.", default="title"),
    Option("url", str, "Field holding the article URL.", default="url"),
    Option("language", str, "Field holding a declared language code.", default="language"),
)

PENALTY_OPTIONS = (
    Option("error", float, "Score points an error-level finding costs.", default=25.0, minimum=0),
    Option("warning", float, "Score points a warning costs.", default=10.0, minimum=0),
    Option("info", float, "Score points an info finding costs.", default=2.0, minimum=0),
)

MODEL_OPTIONS = (
    Option("enabled", bool, "Run this model.", default=True),
    Option(
        "threshold",
        float,
        "Probability from which the model reports (default: the model's own, chosen at training).",
        nullable=True,
        minimum=0,
        maximum=1,
    ),
    Option(
        "severity",
        str,
        "Severity of the model's findings (default: warning for boilerplate, info for "
        "claims; the machine-translation verdict is always an error).",
        nullable=True,
        choices=SEVERITIES,
    ),
)
MODEL_TASKS = ("boilerplate", "claims", "mt")


def _not_blank(value: str) -> str | None:
    return None if value.strip() else "must not be empty"


SUPPRESSION_OPTIONS = (
    Option(
        "rule",
        str,
        "Rule ids, globs or categories to suppress (several separated by commas), "
        "as `disable` takes them.",
        required=True,
        check=_not_blank,
    ),
    Option(
        "reason",
        str,
        "Why these findings are accepted; a suppression without one is an error.",
        required=True,
        check=_not_blank,
    ),
    Option(
        "paths",
        list,
        "Globs of the article files it covers, relative to the config file (default: every file).",
        default=[],
        item=str,
    ),
    Option(
        "text",
        str,
        "Only findings whose text contains this (case, accents and spacing ignored).",
        nullable=True,
        check=_not_blank,
    ),
)

CONFIG_OPTIONS = (
    Option(
        "rules",
        list,
        "Extra rule pack files or folders, relative to the config file.",
        default=[],
        item=str,
    ),
    Option("builtin_rules", bool, "Load the rule packs shipped with qualitycheck.", default=True),
    Option(
        "enable",
        list,
        "Rule ids, globs or categories to switch on (after `disable`).",
        default=[],
        item=str,
    ),
    Option("disable", list, "Rule ids, globs or categories to switch off.", default=[], item=str),
    Option(
        "severity",
        dict,
        "Severity overrides: rule id, glob or category to error, warning or info.",
        default={},
    ),
    Option(
        "languages",
        list,
        "Languages articles are expected to be in (ISO 639-1).",
        default=["en"],
        item=str,
    ),
    Option(
        "include",
        list,
        "Globs of files to read when walking folders.",
        default=list(DEFAULT_INCLUDE),
        item=str,
    ),
    Option(
        "exclude",
        list,
        "Globs of files and folders to skip when walking folders.",
        default=list(DEFAULT_EXCLUDE),
        item=str,
    ),
    Option(
        "fail_on",
        str,
        "Lowest severity that makes an article fail.",
        default="error",
        choices=FAIL_ON,
    ),
    Option(
        "fail_under",
        float,
        "An article whose overall score is below this fails.",
        nullable=True,
        minimum=0,
        maximum=100,
    ),
    Option(
        "penalties",
        dict,
        "Score points each severity costs (keys error, warning, info).",
        default={},
    ),
    Option(
        "jsonl",
        dict,
        "Field names of JSONL records (keys id, text, title, url, language).",
        default={},
    ),
    Option(
        "models",
        dict,
        "Per model (boilerplate, claims, mt): enabled, threshold, severity.",
        default={},
    ),
    Option(
        "models_dir",
        str,
        "Folder of retrained models (from `qualitycheck train`), "
        "relative to the config file; missing ones fall back to the shipped models.",
        nullable=True,
    ),
    Option(
        "suppressions",
        list,
        "Accepted findings, each with `rule`, `reason` and optionally `paths` and `text` "
        "(see docs/ci.md).",
        default=[],
        item=dict,
    ),
)


@dataclass
class Selector:
    """A rule selector from the config, with where it was written."""

    value: str
    path: str
    line: int | None


@dataclass
class Config:
    """The effective configuration of a run."""

    path: str | None = None
    rules: list[Path] = field(default_factory=list)
    builtin_rules: bool = True
    enable: list[Selector] = field(default_factory=list)
    disable: list[Selector] = field(default_factory=list)
    severity: list[tuple[Selector, str]] = field(default_factory=list)
    languages: tuple[str, ...] = ("en",)
    include: tuple[str, ...] = DEFAULT_INCLUDE
    exclude: tuple[str, ...] = DEFAULT_EXCLUDE
    fail_on: str = "error"
    fail_under: float | None = None
    penalties: dict[str, float] = field(
        default_factory=lambda: {"error": 25.0, "warning": 10.0, "info": 2.0}
    )
    read_settings: ReadSettings = field(default_factory=ReadSettings)
    models: dict[str, ModelSettings] = field(default_factory=dict)
    models_dir: Path | None = None
    #: Command line only (--no-models): run the rules without the learned models.
    use_models: bool = True
    suppressions: list[Suppression] = field(default_factory=list)
    #: Command line only (--warn-unused-suppressions).
    warn_unused_suppressions: bool = False


def find_config(start: Path) -> Path | None:
    """The nearest config file at or above ``start``."""
    for folder in (start, *start.parents):
        for name in CONFIG_NAMES:
            candidate = folder / name
            if candidate.is_file():
                return candidate
        pyproject = folder / "pyproject.toml"
        if pyproject.is_file() and _has_tool_table(pyproject):
            return pyproject
    return None


def _has_tool_table(path: Path) -> bool:
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return False
    return re.search(r"^\s*\[tool\.qualitycheck(?:\.[\w-]+)?\]", text, re.M) is not None


def _locate_toml(table: dict[str, Any], text: str, prefix: str, start_line: int) -> LocatedDict:
    """Give a TOML table line numbers (tomllib has none) by finding its keys."""
    lines = text.splitlines()
    located = LocatedDict(table)
    located.line = start_line
    for key, value in table.items():
        header = re.compile(rf"^\s*\[{re.escape(prefix + '.' + key)}\]")
        assign = re.compile(rf"^\s*[\"']?{re.escape(key)}[\"']?\s*=")
        line = next(
            (
                n + 1
                for n, content in enumerate(lines)
                if n + 1 >= start_line and (header.match(content) or assign.match(content))
            ),
            start_line,
        )
        located.key_lines[key] = line
        if isinstance(value, dict):
            located[key] = _locate_toml(value, text, f"{prefix}.{key}", line)
    return located


def _read_raw(path: Path) -> LocatedDict:
    shown = str(path)
    if path.name == "pyproject.toml":
        try:
            text = path.read_text(encoding="utf-8")
            data = tomllib.loads(text)
        except (OSError, UnicodeDecodeError) as exc:
            raise ConfigError(shown, None, f"cannot read: {exc}") from None
        except tomllib.TOMLDecodeError as exc:
            line = re.search(r"line (\d+)", str(exc))
            raise ConfigError(
                shown, int(line.group(1)) if line else None, f"invalid TOML: {exc}"
            ) from None
        table = data.get("tool", {}).get("qualitycheck", {})
        if not isinstance(table, dict):
            raise ConfigError(shown, None, "must be a table", "tool.qualitycheck")
        match = re.search(r"^\s*\[tool\.qualitycheck\]", text, re.M)
        start = text.count("\n", 0, match.start()) + 1 if match else 1
        return _locate_toml(table, text, "tool.qualitycheck", start)
    try:
        data = load_yaml_file(path)
    except LocatedError as error:
        raise ConfigError(error.path, error.line, error.message, error.key) from None
    if data is None:
        empty = LocatedDict()
        empty.line = 1
        return empty
    if not isinstance(data, LocatedDict):
        raise ConfigError(shown, getattr(data, "line", 1), "the config must be a mapping of keys")
    return data


def _selectors(values: Any, raw: LocatedDict, key: str, path: str) -> list[Selector]:
    lines = getattr(values, "line_of", None)
    return [
        Selector(value, path, lines(index) if lines else raw.line_of(key))
        for index, value in enumerate(values)
    ]


def load_config(path: Path | None) -> Config:
    """Read and validate the config at ``path``; defaults when ``None``."""
    if path is None:
        return Config()
    shown = str(path)
    raw = _read_raw(path)
    try:
        values = validate_mapping(raw, CONFIG_OPTIONS, shown)
        penalties = validate_mapping(_sub(raw, "penalties"), PENALTY_OPTIONS, shown, "penalties.")
        jsonl = validate_mapping(_sub(raw, "jsonl"), JSONL_OPTIONS, shown, "jsonl.")
    except LocatedError as error:
        raise ConfigError(error.path, error.line, error.message, error.key) from None
    models = _model_settings(raw, shown)
    severity_map = raw.get("severity") or LocatedDict()
    severity: list[tuple[Selector, str]] = []
    for selector, level in severity_map.items():
        line = severity_map.line_of(selector) if isinstance(severity_map, LocatedDict) else None
        if level not in SEVERITIES:
            raise ConfigError(
                shown, line, f"expected one of {', '.join(SEVERITIES)}", f"severity.{selector}"
            )
        severity.append((Selector(selector, shown, line), level))
    base = path.parent
    return Config(
        path=shown,
        rules=[base / entry for entry in values["rules"]],
        builtin_rules=values["builtin_rules"],
        enable=_selectors(raw.get("enable", []), raw, "enable", shown),
        disable=_selectors(raw.get("disable", []), raw, "disable", shown),
        severity=severity,
        languages=tuple(values["languages"]),
        include=tuple(values["include"]),
        exclude=tuple(values["exclude"]),
        fail_on=values["fail_on"],
        fail_under=values["fail_under"],
        penalties=penalties,
        models=models,
        models_dir=base / values["models_dir"] if values["models_dir"] else None,
        suppressions=_suppressions(raw, shown, base),
        read_settings=ReadSettings(
            id_field=jsonl["id"],
            text_field=jsonl["text"],
            title_field=jsonl["title"],
            url_field=jsonl["url"],
            language_field=jsonl["language"],
        ),
    )


def _sub(raw: LocatedDict, key: str) -> LocatedDict:
    value = raw.get(key)
    if isinstance(value, LocatedDict):
        return value
    empty = LocatedDict()
    empty.line = raw.line_of(key)
    return empty


def _model_settings(raw: LocatedDict, path: str) -> dict[str, ModelSettings]:
    section = _sub(raw, "models")
    settings: dict[str, ModelSettings] = {}
    for task in section:
        if task not in MODEL_TASKS:
            raise ConfigError(
                path,
                section.line_of(task),
                f"unknown model; models: {', '.join(MODEL_TASKS)}",
                f"models.{task}",
            )
        values = _sub(section, task)
        try:
            checked = validate_mapping(values, MODEL_OPTIONS, path, f"models.{task}.")
        except LocatedError as error:
            raise ConfigError(error.path, error.line, error.message, error.key) from None
        settings[task] = ModelSettings(**checked)
    return settings


def _suppressions(raw: LocatedDict, path: str, base: Path) -> list[Suppression]:
    """The ``suppressions`` list; each entry is checked like a mapping of its own,
    so a missing reason names the entry's line."""
    entries = raw.get("suppressions") or []
    result: list[Suppression] = []
    for index, entry in enumerate(entries):
        line = entries.line_of(index) if isinstance(entries, LocatedList) else None
        line = line or raw.line_of("suppressions")
        where = f"suppressions[{index + 1}]."
        if not isinstance(entry, LocatedDict):
            located = LocatedDict(entry)
            located.line = line
            entry = located
        try:
            values = validate_mapping(entry, SUPPRESSION_OPTIONS, path, where)
        except LocatedError as error:
            raise ConfigError(error.path, error.line, error.message, error.key) from None
        result.append(
            Suppression(
                selectors=split_selectors(values["rule"]),
                reason=values["reason"].strip(),
                origin=path,
                origin_line=entry.line or line,
                paths=tuple(values["paths"]),
                text=normalize(values["text"]) if values["text"] else None,
                base=base,
            )
        )
    return result
