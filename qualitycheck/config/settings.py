"""The effective configuration of a run, defaulting to the declared defaults.

:func:`plain_fields` turns validated config values into :class:`Config`
fields; the loader applies it to a file's values and this module to the
declared defaults, so running without a config file and running with an empty
one cannot differ (tests/test_config.py holds them equal).
"""

from __future__ import annotations

import copy
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from qualitycheck.config.declarations import CONFIG_OPTIONS, JSONL_OPTIONS, PENALTY_OPTIONS
from qualitycheck.config.suppressions import Suppression
from qualitycheck.detect.models.settings import ModelSettings
from qualitycheck.primitives.options import Option
from qualitycheck.readers.base import ReadSettings


def declared_defaults(options: Iterable[Option]) -> dict[str, Any]:
    """Each option's declared default, copied so no two configs share a list."""
    return {option.name: copy.deepcopy(option.default) for option in options}


def plain_fields(values: Mapping[str, Any], base: Path) -> dict[str, Any]:
    """The fields of the keys that hold plain values (flags, numbers, lists of
    text), from their validated ``values``; paths are relative to ``base``."""
    return {
        "rules": [base / entry for entry in values["rules"]],
        "builtin_rules": values["builtin_rules"],
        "languages": tuple(values["languages"]),
        "include": tuple(values["include"]),
        "exclude": tuple(values["exclude"]),
        "fail_on": values["fail_on"],
        "fail_under": values["fail_under"],
        "rule_seconds_per_article": values["rule_seconds_per_article"],
        "rule_seconds_per_run": values["rule_seconds_per_run"],
        "models_dir": base / values["models_dir"] if values["models_dir"] else None,
    }


def read_settings(fields: Mapping[str, str], max_article_bytes: int | None = None) -> ReadSettings:
    """Reader settings from the validated ``jsonl`` table and size limit
    (``None``: the readers' own default, :data:`~qualitycheck.readers.base.MAX_ARTICLE_BYTES`)."""
    settings = ReadSettings(
        id_field=fields["id"],
        text_field=fields["text"],
        title_field=fields["title"],
        url_field=fields["url"],
        language_field=fields["language"],
    )
    if max_article_bytes is None:
        return settings
    return replace(settings, max_article_bytes=max_article_bytes)


#: The plain fields without a config file: the declared defaults, paths
#: relative to the working directory.
_DEFAULTS = plain_fields(declared_defaults(CONFIG_OPTIONS), Path())


def _default(name: str) -> Any:
    return copy.deepcopy(_DEFAULTS[name])


#: Where a selector given as ``--enable``/``--disable`` was written: the
#: command line's selectors are a layer over the file's, and win over them.
COMMAND_LINE = "command line"


@dataclass
class Selector:
    """A rule selector from the config, with where it was written (``path`` is
    :data:`COMMAND_LINE` for ``--enable``/``--disable``)."""

    value: str
    path: str
    line: int | None


@dataclass
class Config:
    """The effective configuration of a run.

    ``enable``, ``disable``, ``severity``, ``models`` and ``suppressions`` hold
    entries that carry where they were written, which a declared default
    cannot; their declared defaults are empty, and so are these.
    """

    path: str | None = None
    rules: list[Path] = field(default_factory=lambda: _default("rules"))
    builtin_rules: bool = field(default_factory=lambda: _default("builtin_rules"))
    enable: list[Selector] = field(default_factory=list)
    disable: list[Selector] = field(default_factory=list)
    severity: list[tuple[Selector, str]] = field(default_factory=list)
    languages: tuple[str, ...] = field(default_factory=lambda: _default("languages"))
    include: tuple[str, ...] = field(default_factory=lambda: _default("include"))
    exclude: tuple[str, ...] = field(default_factory=lambda: _default("exclude"))
    fail_on: str = field(default_factory=lambda: _default("fail_on"))
    fail_under: float | None = field(default_factory=lambda: _default("fail_under"))
    rule_seconds_per_article: float = field(
        default_factory=lambda: _default("rule_seconds_per_article")
    )
    rule_seconds_per_run: float = field(default_factory=lambda: _default("rule_seconds_per_run"))
    penalties: dict[str, float] = field(default_factory=lambda: declared_defaults(PENALTY_OPTIONS))
    read_settings: ReadSettings = field(
        default_factory=lambda: read_settings(declared_defaults(JSONL_OPTIONS))
    )
    models: dict[str, ModelSettings] = field(default_factory=dict)
    models_dir: Path | None = field(default_factory=lambda: _default("models_dir"))
    #: Command line only (--no-models): run the rules without the learned models.
    use_models: bool = True
    suppressions: list[Suppression] = field(default_factory=list)
    #: Command line only (--warn-unused-suppressions).
    warn_unused_suppressions: bool = False
    #: Command line only (--force-exclude): exclude holds for named files too.
    force_exclude: bool = False

    @property
    def base(self) -> Path | None:
        """The config file's folder, which globs with a slash are anchored to."""
        return Path(self.path).parent if self.path else None


def with_absolute_files(config: Config) -> Config:
    """``config`` with the files a checker loads, its rule packs and models
    folder, named by absolute paths, for a process whose working folder may
    differ from this one's (a Dask worker, a pickled checker's new home): a
    relative ``--config`` made every shard of a remote worker fail with "no
    such rule pack". Globs, inputs and suppressions keep their relative names,
    which the outputs show and the worker compares relatively."""
    models_dir = config.models_dir.absolute() if config.models_dir is not None else None
    return replace(config, rules=[path.absolute() for path in config.rules], models_dir=models_dir)
