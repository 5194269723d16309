"""Rule packs: YAML files with a ``rules:`` list, validated on load.

A pack may set ``defaults:`` (common fields applied to each of its rules) and
a ``description``. Every rule is checked against the common fields and its
kind's declared options. Every problem of every pack is reported, one line
each with file, line, column and key (``rules/boilerplate.yaml:42:5:
rules[3].phrases: expected a list``), and then the run stops: an editor fixes
them in one pass. A misspelt key is named as such, with the nearest valid key
of the rule (common field or kind option) as a suggestion.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import regex

from qualitycheck.detect.rules import literals, screen
from qualitycheck.detect.rules.extensions import (
    Extension,
    apply_extension,
    extension_of,
    unknown_target,
)
from qualitycheck.detect.rules.kinds import KINDS
from qualitycheck.detect.rules.kinds import base as kinds_base
from qualitycheck.detect.rules.kinds.base import (
    COMMON_NAMES,
    COMMON_OPTIONS,
    Rule,
    RuleMeta,
    placeholders,
    split_examples,
)
from qualitycheck.document.textfold import nfc
from qualitycheck.errors import LocatedError, RuleError, RuleErrors
from qualitycheck.primitives import patternfacts, saferegex
from qualitycheck.primitives.options import Option, closest, validate_mapping
from qualitycheck.primitives.yamlsource import LocatedDict, LocatedList, load_yaml_file
from qualitycheck.resources import rules_dir
from qualitycheck.version import __version__

_PACK_OPTIONS = (
    Option("rules", list, "The rules of the pack.", required=True),
    Option("defaults", dict, "Common fields applied to every rule of the pack.", default={}),
    Option("description", str, "What the pack is for.", default=""),
)
_DEFAULTABLE = COMMON_NAMES - {"id", "message", "examples", "description"}


@dataclass
class Pack:
    """A loaded pack: its file, description and rules in file order."""

    path: Path
    description: str
    rules: list[Rule]
    #: ``extends:`` entries, applied once every pack is loaded.
    extensions: list[Extension] = field(default_factory=list)


def _folder_packs(folder: Path) -> list[Path]:
    """The ``*.yaml``/``*.yml`` files (any case of the suffix) in ``folder`` and
    its subfolders, hidden ones (``.git``) left out, in path order. Only the top
    level was read: a pack in ``house/sports/`` was ignored without a word,
    while ``check`` walks folders recursively."""
    found: list[Path] = []
    for root, folders, names in os.walk(folder):
        folders[:] = sorted(name for name in folders if not name.startswith("."))
        found += [
            Path(root, name)
            for name in names
            if Path(name).suffix.lower() in (".yaml", ".yml") and Path(root, name).is_file()
        ]
    return sorted(found, key=lambda file: file.relative_to(folder).parts)


def pack_files(paths: Iterable[Path]) -> list[Path]:
    """Expand folders into their ``*.yaml``/``*.yml`` files, subfolders
    included (:func:`_folder_packs`); a folder without one is an error, not a
    run that quietly loads no house rules. A file named twice (in ``rules:`` and
    ``--rules``, or as a folder and as a file in it) is read once: loaded
    twice, every rule of it was a duplicate of itself."""
    files: dict[Path, Path] = {}
    for path in paths:
        if path.is_dir():
            found = _folder_packs(path)
            if not found:
                raise RuleError(str(path), None, "a rules folder without any .yaml or .yml pack")
        elif path.is_file():
            found = [path]
        else:
            raise RuleError(str(path), None, "no such rule pack file or folder")
        for file in found:
            files.setdefault(file.resolve(), file)
    return list(files.values())


def _rule_error(error: LocatedError) -> RuleError:
    if isinstance(error, RuleError):
        return error
    return RuleError(error.path, error.line, error.message, error.key, error.column)


def _missing_one_of(error: LocatedError, names: set[str | None]) -> bool:
    """Whether ``error`` says a required key in ``names`` is missing."""
    return any(error.message == f"missing required key {name!r}" for name in names if name)


def _unknown_keys(
    merged: LocatedDict, kind: type[Rule], kind_name: str, path: str, where: str
) -> list[RuleError]:
    """Keys neither common nor the kind's own, each with the nearest valid key
    (a ``mesage:`` typo is named as the typo, not as a missing ``message``)."""
    valid = COMMON_NAMES | {option.name for option in kind.options}
    errors = []
    for key in merged:
        if key in valid:
            continue
        hint = closest(key, valid)
        suggestion = f" (did you mean {hint!r}?)" if hint else ""
        errors.append(
            RuleError(
                path,
                merged.line_of(key),
                f"unknown key{suggestion} for a rule of kind {kind_name!r} "
                "(its keys: docs/rule-kinds.md)",
                where + key,
                merged.column_of(key),
            )
        )
    return errors


def _build_rule(raw: Any, defaults: LocatedDict, path: str, index: int, line: int) -> Rule:
    where = f"rules[{index}]."
    if not isinstance(raw, LocatedDict):
        raise RuleError(path, line, "each rule must be a mapping", where.rstrip("."))
    merged = LocatedDict({**defaults, **raw})
    merged.line = raw.line
    merged.key_lines = {**{k: defaults.line_of(k) for k in defaults}, **raw.key_lines}
    merged.key_columns = {**defaults.key_columns, **raw.key_columns}
    kind_name = merged.get("kind")
    kind = KINDS.get(kind_name) if isinstance(kind_name, str) else None
    if kind is None and "kind" not in merged:
        raise RuleError(
            path,
            merged.line,
            f"no kind (one of: {', '.join(sorted(KINDS))})",
            where + "kind",
            raw.start_column(),
        )
    if kind is None:
        hint = closest(str(kind_name), KINDS) if kind_name else None
        suggestion = f" (did you mean {hint!r}?)" if hint else ""
        raise RuleError(
            path,
            merged.line_of("kind"),
            f"unknown kind {kind_name!r}{suggestion}; kinds: {', '.join(sorted(KINDS))}",
            where + "kind",
            merged.column_of("kind"),
        )
    inapplicable = [
        RuleError(
            path,
            raw.line_of(name),
            f"does not apply to a rule of kind {kind_name!r}: remove it",
            where + name,
            raw.column_of(name),
        )
        for name in sorted(kind.not_applicable & raw.keys())
    ]
    for name in kind.not_applicable & merged.keys():  # a pack default: not for this kind
        del merged[name]
    # Every problem of the rule is reported in one run: its unknown keys and
    # each wrong value of the others ("missing 'message'" is left out where
    # an unknown key is its typo, ``mesage:``).
    problems: list[LocatedError] = [
        *inapplicable,
        *_unknown_keys(merged, kind, str(kind_name), path, where),
    ]
    valid = COMMON_NAMES | {option.name for option in kind.options}
    typos = {closest(key, valid) for key in merged if key not in valid}
    common = validate_mapping(
        merged, COMMON_OPTIONS, path, where, ignore=merged.keys() - COMMON_NAMES, problems=problems
    )
    category = common.get("category", "machine_translation")  # a wrong one is reported
    if common.get("artifact") is not None and category != "machine_translation":
        problems.append(
            RuleError(
                path,
                merged.line_of("artifact"),
                f"artifact is for machine_translation rules, not {category}",
                where + "artifact",
                merged.column_of("artifact"),
            )
        )
    own = {key: merged[key] for key in merged if key not in COMMON_NAMES and key in valid}
    own_located = LocatedDict(own)
    own_located.line, own_located.key_lines = merged.line, merged.key_lines
    own_located.key_columns = merged.key_columns
    options = validate_mapping(own_located, kind.options, path, where, problems=problems)
    problems = [p for p in problems if not _missing_one_of(p, typos)]
    if problems:
        problems.sort(key=lambda error: (error.line or 0, error.column or 0))  # file order
        raise RuleErrors([_rule_error(error) for error in problems])
    problem = kind.validate_options(options)
    if problem:
        raise RuleError(
            path,
            merged.line,
            problem,
            where.rstrip(".") + f" ({common['id']})",
            raw.start_column(),
        )
    try:
        used = placeholders(common["message"])
    except ValueError as exc:
        raise RuleError(
            path,
            merged.line_of("message"),
            f"bad placeholder: {exc}",
            where + "message",
            merged.column_of("message"),
        ) from None
    unknown = used - kind.message_placeholders()
    if unknown:
        allowed = ", ".join("{" + name + "}" for name in sorted(kind.message_placeholders()))
        raise RuleError(
            path,
            merged.line_of("message"),
            f"unknown placeholder {{{sorted(unknown)[0]}}}; this kind offers {allowed}",
            where + "message",
            merged.column_of("message"),
        )
    problem = kind.message_problem(used, options)
    if problem:
        raise RuleError(
            path, merged.line_of("message"), problem, where + "message", merged.column_of("message")
        )
    if "languages" not in merged:
        common["languages"] = list(kind.default_languages)
    common["examples"], matches = split_examples(common["examples"])
    meta = RuleMeta(
        **common,
        pack=path,
        line=merged.line,
        id_column=merged.column_of("id"),
        options=options,
        example_lines=_example_lines(merged),
        example_matches=matches,
    )
    return kind(meta)


def _example_lines(merged: LocatedDict) -> dict[str, list[int]]:
    """The line of each ``flag`` and ``pass`` example (``rules test`` points at it)."""
    examples = merged.get("examples")
    if not isinstance(examples, LocatedDict):
        return {}
    return {
        kind: list(texts.item_lines)
        for kind, texts in examples.items()
        if isinstance(texts, LocatedList)
    }


def _compose(value: Any) -> Any:
    """Every text of a pack in Unicode's composed form (NFC), in place, as
    articles are (``Article``): a phrase typed with a combining accent ("e" +
    U+0301) matched nothing in composed text. Lines and columns stay."""
    if isinstance(value, str):
        return nfc(value)
    if isinstance(value, LocatedList):
        for index, item in enumerate(value):
            value[index] = _compose(item)
    elif isinstance(value, LocatedDict):
        items = [(key, _compose(key), _compose(item)) for key, item in value.items()]
        value.clear()
        for key, new_key, item in items:
            value[new_key] = item
            if new_key != key:
                for places in (value.key_lines, value.key_columns):
                    if key in places:
                        places[new_key] = places.pop(key)
    return value


def load_pack(path: Path) -> Pack:
    """Load and validate one pack file."""
    shown = str(path)
    try:
        data = load_yaml_file(path)
    except LocatedError as error:
        raise _rule_error(error) from None
    if not isinstance(data, LocatedDict):
        raise RuleError(
            shown, getattr(data, "line", 1), "a rule pack is a mapping with a 'rules:' list"
        )
    _compose(data)
    try:
        top = validate_mapping(data, _PACK_OPTIONS, shown)
        defaults = data.get("defaults") or LocatedDict()
        for key in defaults:
            if key not in _DEFAULTABLE:
                hint = closest(key, _DEFAULTABLE) if key not in COMMON_NAMES else None
                told = f"unknown key (did you mean {hint!r}?)" if hint else "cannot be a default"
                raise RuleError(
                    shown,
                    defaults.line_of(key),
                    f"{told}; defaults take {', '.join(sorted(_DEFAULTABLE))}",
                    f"defaults.{key}",
                    defaults.column_of(key),
                )
        rules_list: LocatedList = data["rules"]
    except LocatedError as error:
        raise _rule_error(error) from None
    rules: list[Rule] = []
    extensions: list[Extension] = []
    errors: list[LocatedError] = []
    for index, raw in enumerate(rules_list):
        try:
            extension = extension_of(raw, shown, index)
            if extension is not None:
                extensions.append(extension)
                continue
            rules.append(_build_rule(raw, defaults, shown, index, rules_list.line_of(index)))
        except RuleErrors as many:
            errors.extend(many.errors)
        except LocatedError as error:
            errors.append(_rule_error(error))
    if errors:
        raise RuleErrors(errors)
    return Pack(path, top["description"], rules, extensions)


def _extend(packs: list[Pack]) -> list[LocatedError]:
    """Apply every pack's ``extends:`` entries, in load order; the errors."""
    where = {rule.meta.id: (pack, i) for pack in packs for i, rule in enumerate(pack.rules)}
    errors: list[LocatedError] = []
    for pack in packs:
        for extension in pack.extensions:
            found = where.get(extension.target)
            if found is None:
                errors.append(unknown_target(extension, sorted(where)))
                continue
            owner, index = found
            try:
                owner.rules[index] = apply_extension(owner.rules[index], extension)
            except LocatedError as error:
                errors.append(_rule_error(error))
    return errors


def _facts_key(files: list[Path]) -> str:
    """The key of the facts derived from these packs' patterns
    (:mod:`qualitycheck.primitives.patternfacts`): each pack's contents, and
    the source of the code that derives them, so an edited pack or another
    version of that code derives them again."""
    digest = hashlib.sha256(f"{__version__}|{regex.__version__}".encode())
    # kinds/base: the zero-width check of searched patterns (check_search_pattern).
    for module in (patternfacts, saferegex, literals, screen, kinds_base):
        try:
            digest.update(Path(module.__file__ or "").read_bytes())
        except OSError:  # no source to read (a frozen build): its name and the version
            digest.update(module.__name__.encode())
    for path in files:
        try:
            data = path.read_bytes()
        except OSError:  # load_pack reports it
            data = b""
        digest.update(f"{len(data)}|".encode() + data)
    return digest.hexdigest()


def load_packs(extra: Iterable[Path] = (), builtin: bool = True) -> list[Pack]:
    """The shipped packs (unless ``builtin`` is false), then ``extra`` packs.

    A file reached twice (by any spelling of its path) is loaded once, where it
    comes first. Rule ids must be unique across all packs: a user pack that
    wants to replace a shipped rule disables it in the config and adds its own
    under a new id.
    """
    files = pack_files([*([rules_dir()] if builtin else []), *extra])
    patternfacts.begin(_facts_key(files))
    packs: list[Pack] = []
    errors: list[LocatedError] = []
    for path in files:
        try:
            packs.append(load_pack(path))
        except RuleErrors as many:
            errors.extend(many.errors)
        except LocatedError as error:
            errors.append(error)
    seen: dict[str, RuleMeta] = {}
    for pack in packs:
        for rule in pack.rules:
            first = seen.get(rule.meta.id)
            if first is not None:
                errors.append(
                    RuleError(
                        rule.meta.pack,
                        rule.meta.line,
                        f"duplicate rule id (already defined at {first.pack}:{first.line})",
                        rule.meta.id,
                        rule.meta.id_column,
                    )
                )
            seen[rule.meta.id] = rule.meta
    errors += _extend(packs)
    if len(errors) == 1:
        raise _rule_error(errors[0])
    if errors:
        raise RuleErrors(errors)
    return packs
