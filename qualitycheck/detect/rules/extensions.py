"""``extends:``: a house pack adds to a rule defined elsewhere (a shipped rule,
usually) without copying it.

    rules:
      - extends: boilerplate-share
        phrases: [share on mastodon]
        exceptions: [share of the vote]
        examples:
          flag: [Share on Mastodon]

The list options of the rule's kind (``phrases``, ``lines``, ``patterns``,
``cues`` ...), ``exceptions`` and the examples are *added to*; nothing else can
be changed this way (a different message or severity is a different rule:
disable the shipped one and write your own, or set ``severity:`` in the
config). The extended rule is validated and compiled again with its new
options, so a bad pattern is refused with the house pack's file and line.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

from qualitycheck.detect.rules.kinds.base import Rule, example_item_ok, placeholders, split_examples
from qualitycheck.errors import LocatedError, RuleError
from qualitycheck.primitives.options import closest, validate_value
from qualitycheck.primitives.yamlsource import LocatedDict, LocatedList

KEY = "extends"


@dataclass(frozen=True)
class Extension:
    """One ``extends:`` entry of a pack, as written."""

    target: str
    values: LocatedDict
    path: str
    where: str


def extension_of(raw: Any, path: str, index: int) -> Extension | None:
    """The entry as an extension, when it is one (it has an ``extends`` key)."""
    if not isinstance(raw, LocatedDict) or KEY not in raw:
        return None
    where = f"rules[{index}]."
    target = raw[KEY]
    if not isinstance(target, str) or not target.strip():
        raise RuleError(path, raw.line_of(KEY), "expected a rule id", where + KEY)
    for key in ("id", "kind"):
        if key in raw:
            raise RuleError(
                path,
                raw.line_of(key),
                f"an 'extends' entry adds to {target!r}; it has no {key} of its own",
                where + key,
            )
    return Extension(target, raw, path, where)


def apply_extension(rule: Rule, extension: Extension) -> Rule:
    """``rule`` with the extension's lists added, validated and compiled anew."""
    meta = rule.meta
    kind = type(rule)
    lists = {o.name: o for o in kind.options if o.type is list}
    values = extension.values
    options = dict(meta.options)
    exceptions = list(meta.exceptions)
    examples = {k: list(v) for k, v in meta.examples.items()}
    example_lines = {k: list(v) for k, v in meta.example_lines.items()}
    example_packs = {k: list(v) for k, v in meta.example_packs.items()}
    example_matches = {k: list(v) for k, v in meta.example_matches.items()}
    for key in values:
        if key == KEY:
            continue
        line, where = values.line_of(key), extension.where + key
        added = values[key]
        if key == "exceptions":
            exceptions += _texts(added, extension.path, line, where)
        elif key == "examples":
            if not isinstance(added, LocatedDict) or set(added) - {"flag", "pass"}:
                raise RuleError(extension.path, line, "takes 'flag' and 'pass' lists", where)
            for verdict, texts in added.items():
                if not isinstance(texts, list) or not all(
                    example_item_ok(t, verdict) for t in texts
                ):
                    form = " or {text, match} mappings" if verdict == "flag" else ""
                    raise RuleError(
                        extension.path,
                        line,
                        f"expected a list of texts{form}",
                        f"{where}.{verdict}",
                    )
                split, wanted = split_examples({verdict: list(texts)})
                new = split[verdict]
                before = len(examples.setdefault(verdict, []))
                examples[verdict].extend(new)
                matches = example_matches.setdefault(verdict, [])
                matches[:] = [*matches, *[None] * (before - len(matches))][:before]
                matches += wanted[verdict]
                # Each added example is reported at its own line of the extension.
                lines = example_lines.setdefault(verdict, [])
                lines[:] = [*lines, *[meta.line] * (before - len(lines))][:before]
                lines += texts.item_lines if isinstance(texts, LocatedList) else [line] * len(new)
                packs = example_packs.setdefault(verdict, [])
                packs[:] = [*packs, *[""] * (before - len(packs))][:before]
                packs += [extension.path] * len(new)
        elif key in lists:
            if not isinstance(added, list):
                raise RuleError(extension.path, line, "expected a list to add", where)
            combined = [*options.get(key, []), *added]
            try:
                # The added items alone first, so an error names the item and
                # line as written in the extension; then the whole list.
                validate_value(lists[key], added, extension.path, line, where)
                options[key] = validate_value(lists[key], combined, extension.path, line, where)
            except LocatedError as error:
                raise RuleError(error.path, error.line, error.message, error.key) from None
        else:
            extendable = sorted([*lists, "exceptions", "examples"])
            hint = closest(key, extendable)
            suggestion = f" (did you mean {hint!r}?)" if hint else ""
            raise RuleError(
                extension.path,
                line,
                f"cannot be extended{suggestion}; {meta.id!r} ({meta.kind}) takes added "
                f"{', '.join(extendable)}. To change anything else, disable it and write "
                "your own rule",
                where,
                values.column_of(key),
            )
    problem = kind.validate_options(options) or kind.message_problem(
        placeholders(meta.message), options
    )
    if problem:
        raise RuleError(
            extension.path,
            values.line,
            f"{problem} ({meta.id})",
            extension.where.rstrip("."),
            values.start_column(),
        )
    extended = replace(
        meta,
        options=options,
        exceptions=exceptions,
        examples=examples,
        example_lines=example_lines,
        example_packs=example_packs,
        example_matches=example_matches,
        extended_at=(*meta.extended_at, f"{extension.path}:{values.line}"),
    )
    return kind(extended)


def _texts(value: Any, path: str, line: int, where: str) -> list[str]:
    if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
        raise RuleError(path, line, "expected a list of texts to add", where)
    return list(value)


def unknown_target(extension: Extension, known: list[str]) -> RuleError:
    """The error for an ``extends`` naming no loaded rule."""
    hint = closest(extension.target, known)
    # A name like none of them gets no guess (it would be a wrong one), but
    # where to find the ids, as ``rules show`` says it.
    after = (
        f" (did you mean {hint!r}?) to extend"
        if hint
        else " to extend; see 'qualitycheck rules list'"
    )
    return RuleError(
        extension.path,
        extension.values.line_of(KEY),
        f"no loaded rule {extension.target!r}{after}",
        extension.where + KEY,
        extension.values.column_of(KEY),
    )
