"""Configuration: ``qualitycheck.yaml`` (or ``.qualitycheck.yaml``) or
``[tool.qualitycheck]`` in ``pyproject.toml``, found by walking up from the
working directory, or named with ``--config``.

Every key is declared in :mod:`qualitycheck.config.declarations` with its
type; an unknown key or a wrong type stops the run (exit 2) with the file,
line and key.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from qualitycheck.config.declarations import (
    CONFIG_OPTIONS,
    JSONL_OPTIONS,
    MODEL_OPTIONS,
    PENALTY_OPTIONS,
    SUPPRESSION_OPTIONS,
)
from qualitycheck.config.pyproject import has_tool_table, read_tool_table
from qualitycheck.config.settings import Config, Selector, plain_fields, read_settings
from qualitycheck.config.suppressions import Suppression, split_selectors
from qualitycheck.detect.models.registry import MODEL_TASKS
from qualitycheck.detect.models.settings import ModelSettings
from qualitycheck.document.findings import SEVERITIES
from qualitycheck.document.textfold import normalize_composed
from qualitycheck.errors import ConfigError, ConfigErrors, LocatedError
from qualitycheck.primitives.options import Option, described_value, validate_mapping
from qualitycheck.primitives.yamlsource import LocatedDict, LocatedList, load_yaml_file

CONFIG_NAMES = ("qualitycheck.yaml", ".qualitycheck.yaml", "qualitycheck.yml", ".qualitycheck.yml")


def find_config(start: Path) -> Path | None:
    """The nearest config file at or above ``start``."""
    for folder in (start, *start.parents):
        for name in CONFIG_NAMES:
            candidate = folder / name
            if candidate.is_file():
                return candidate
        pyproject = folder / "pyproject.toml"
        if pyproject.is_file() and has_tool_table(pyproject):
            return pyproject
    return None


def shown_config(found: Path) -> str:
    """How messages and outputs name a config found by walking up from the
    working folder: relative to it (``qualitycheck.yaml``,
    ``../qualitycheck.yaml``), as inputs are named, so a run's output is the
    same in every checkout; absolute only where no relative path leads there
    (another drive)."""
    try:
        return os.path.relpath(found)
    except ValueError:
        return str(found)


def _read_raw(path: Path, shown: str) -> LocatedDict:
    if path.suffix.lower() == ".toml":  # `--config ci.toml` was read as YAML ("invalid YAML")
        return read_tool_table(path, shown)
    try:
        data = load_yaml_file(path)
    except LocatedError as error:
        raise ConfigError(shown, error.line, error.message, error.key, error.column) from None
    if data is None:
        empty = LocatedDict()
        empty.line = 1
        return empty
    if not isinstance(data, LocatedDict):
        raise ConfigError(shown, getattr(data, "line", 1), "the config must be a mapping of keys")
    return data


def _validate(
    raw: LocatedDict,
    options: Iterable[Option],
    path: str,
    where: str = "",
    problems: list[LocatedError] | None = None,
) -> dict[str, Any]:
    """``validate_mapping`` with its errors as config errors (exit 2): raised at
    once, or added to ``problems`` (the keys in error left out of the result)."""
    found: list[LocatedError] = []
    values = validate_mapping(raw, options, path, where, problems=found)
    errors: list[LocatedError] = [_config_error(error) for error in found]
    if problems is None and errors:
        _raise_all(errors)
    if problems is not None:
        problems.extend(errors)
    return values


def _config_error(error: LocatedError) -> ConfigError:
    if isinstance(error, ConfigError):
        return error
    return ConfigError(error.path, error.line, error.message, error.key, error.column)


def _raise_all(errors: list[LocatedError]) -> None:
    """Raise the one error, or all of them together (in file order)."""
    if len(errors) == 1:
        raise _config_error(errors[0])
    if errors:
        ordered = sorted(errors, key=lambda error: (error.line or 0, error.column or 0))
        raise ConfigErrors([_config_error(error) for error in ordered])


def _selectors(values: Any, raw: LocatedDict, key: str, path: str) -> list[Selector]:
    lines = getattr(values, "line_of", None)
    return [
        Selector(value, path, lines(index) if lines else raw.line_of(key))
        for index, value in enumerate(values)
    ]


def load_config(path: Path | None, shown: str | None = None) -> Config:
    """Read and validate the config at ``path``; defaults when ``None``.
    ``shown`` is how errors and outputs name the file (default: ``path``)."""
    if path is None:
        return Config()
    name = shown or str(path)
    return _config(_read_raw(path, name), name, path.parent)


#: What a Python caller may pass as ``config=``: ``None`` (the built-in
#: defaults, whatever the working directory holds), a path to
#: ``qualitycheck.yaml`` or a ``pyproject.toml`` with ``[tool.qualitycheck]``,
#: the same keys as a mapping (``{"disable": ["readability"]}``), or a
#: :class:`Config` already made.
ConfigLike = str | os.PathLike[str] | Mapping[str, Any] | Config | None


def resolve_config(config: ConfigLike) -> Config:
    """The :class:`Config` a ``config=`` argument stands for (the API and the
    Dask entry points take the same values)."""
    if config is None:
        return Config()
    if isinstance(config, Config):
        return config
    if isinstance(config, Mapping):
        return config_from_mapping(config)
    if isinstance(config, str | os.PathLike):
        return load_config(Path(config))
    raise TypeError(
        "config must be a path, a mapping of config keys, a Config or None, "
        f"not {type(config).__name__}"
    )


def config_from_mapping(values: Mapping[str, Any], base: Path | None = None) -> Config:
    """A config given as Python values (the keys of ``qualitycheck.yaml``),
    validated exactly like a file; errors name ``<mapping>`` and the key.
    Relative paths (``rules``, ``exclude``) are taken from ``base``, by default
    the working directory."""
    if not isinstance(values, Mapping):
        raise ConfigError("<mapping>", None, "the config must be a mapping of keys")
    raw = _located(values)
    assert isinstance(raw, LocatedDict)
    return _config(raw, "<mapping>", base or Path.cwd())


def _located(value: Any) -> Any:
    """Plain mappings and lists as the located ones YAML loading gives (no lines)."""
    if isinstance(value, Mapping):
        located = LocatedDict({str(k): _located(v) for k, v in value.items()})
        return located
    if isinstance(value, (list, tuple)):
        return LocatedList(_located(v) for v in value)
    return value


def _config(raw: LocatedDict, shown: str, base: Path) -> Config:
    """Validate ``raw`` (read from ``shown``) into a config. Every problem of the
    file is reported in one run (as yamllint and ruff do), each with its line
    and column, and the run stops (exit 2)."""
    problems: list[LocatedError] = []
    values = _validate(raw, CONFIG_OPTIONS, shown, problems=problems)
    _check_packs_exist(values.get("rules", []), raw, shown, base, problems)
    _check_models_dir(values.get("models_dir"), raw, shown, base, problems)
    penalties = _validate(_sub(raw, "penalties"), PENALTY_OPTIONS, shown, "penalties.", problems)
    jsonl = _validate(_sub(raw, "jsonl"), JSONL_OPTIONS, shown, "jsonl.", problems)
    models = _model_settings(raw, shown, problems)
    severity_map = raw.get("severity") or LocatedDict()
    severity: list[tuple[Selector, str]] = []
    for selector, level in severity_map.items() if isinstance(severity_map, dict) else ():
        line = severity_map.line_of(selector) if isinstance(severity_map, LocatedDict) else None
        if level not in SEVERITIES:
            problems.append(
                _problem_at(
                    severity_map,
                    selector,
                    shown,
                    f"expected one of {', '.join(SEVERITIES)}",
                    f"severity.{selector}",
                )
            )
            continue
        severity.append((Selector(selector, shown, line), level))
    suppressions = _suppressions(raw, shown, base, problems)
    _raise_all(problems)
    return Config(
        path=shown,
        **plain_fields(values, base),
        enable=_selectors(raw.get("enable", []), raw, "enable", shown),
        disable=_selectors(raw.get("disable", []), raw, "disable", shown),
        severity=severity,
        penalties=penalties,
        models=models,
        suppressions=suppressions,
        read_settings=read_settings(jsonl, values["max_article_bytes"]),
    )


def _column_of(container: Any, key: Any) -> int | None:
    column_of = getattr(container, "column_of", None)
    return column_of(key) if column_of is not None else None


def _problem_at(container: Any, key: Any, shown: str, message: str, name: str) -> ConfigError:
    """A config error at ``key`` of a YAML mapping or list (its line and column
    where the YAML said them), named ``name`` in the message."""
    line_of = getattr(container, "line_of", None)
    line = line_of(key) if line_of is not None else None
    return ConfigError(shown, line, message, name, _column_of(container, key))


def _check_packs_exist(
    entries: list[str], raw: LocatedDict, shown: str, base: Path, problems: list[LocatedError]
) -> None:
    """A ``rules:`` entry that names nothing is an error at its config line
    (the pack loader could only name the missing file, not who asked for it)."""
    written = raw.get("rules")
    for index, entry in enumerate(entries):
        if not (base / entry).exists():
            message = f"no such rule pack file or folder: {entry}"
            problems.append(_problem_at(written, index, shown, message, f"rules[{index}]"))


def _check_models_dir(
    entry: str | None, raw: LocatedDict, shown: str, base: Path, problems: list[LocatedError]
) -> None:
    """A ``models_dir`` that is no folder is an error at its config line (the
    models could only name the folder, not the config that set it)."""
    if entry is not None and not (base / entry).is_dir():
        found = "not a folder" if (base / entry).exists() else "no such folder"
        problems.append(_problem_at(raw, "models_dir", shown, f"{found}: {entry}", "models_dir"))


def _sub(raw: LocatedDict, key: str) -> LocatedDict:
    value = raw.get(key)
    if isinstance(value, LocatedDict):
        return value
    empty = LocatedDict()
    empty.line = raw.line_of(key)
    return empty


def _model_settings(
    raw: LocatedDict, path: str, problems: list[LocatedError]
) -> dict[str, ModelSettings]:
    section = _sub(raw, "models")
    settings: dict[str, ModelSettings] = {}
    for task in section:
        if task not in MODEL_TASKS:
            message = f"unknown model; models: {', '.join(MODEL_TASKS)}"
            problems.append(_problem_at(section, task, path, message, f"models.{task}"))
            continue
        if not isinstance(section[task], dict):  # `mt: false` left the model on, silently
            keys = ", ".join(option.name for option in MODEL_OPTIONS)
            message = (
                f"expected a mapping (keys {keys}), got "
                f"{described_value(section[task], dict)}; to switch it off: {{enabled: false}}"
            )
            problems.append(_problem_at(section, task, path, message, f"models.{task}"))
            continue
        before = len(problems)
        checked = _validate(_sub(section, task), MODEL_OPTIONS, path, f"models.{task}.", problems)
        if len(problems) == before:
            settings[task] = ModelSettings(**checked)
    return settings


def _suppressions(
    raw: LocatedDict, path: str, base: Path, problems: list[LocatedError]
) -> list[Suppression]:
    """The ``suppressions`` list; each entry is checked like a mapping of its own,
    so a missing reason names the entry's line."""
    entries = raw.get("suppressions") or []
    result: list[Suppression] = []
    if not isinstance(entries, list):  # the wrong type is already a problem
        return result
    for index, entry in enumerate(entries):
        line = entries.line_of(index) if isinstance(entries, LocatedList) else None
        line = line or raw.line_of("suppressions")
        where = f"suppressions[{index}]."
        if not isinstance(entry, dict):  # (its type is already a problem of the list)
            continue
        if not isinstance(entry, LocatedDict):
            located = LocatedDict(entry)
            located.line = line
            entry = located
        before = len(problems)
        values = _validate(entry, SUPPRESSION_OPTIONS, path, where, problems)
        if len(problems) > before:
            for error in problems[before:]:  # a missing key: the entry's own column
                if error.column is None and error.line == line:
                    error.column = _column_of(entries, index)
            continue
        result.append(
            Suppression(
                selectors=split_selectors(values["rule"]),
                reason=values["reason"].strip(),
                origin=path,
                origin_line=entry.line or line,
                paths=tuple(values["paths"]),
                text=normalize_composed(values["text"]) if values["text"] else None,
                base=base,
            )
        )
    return result
