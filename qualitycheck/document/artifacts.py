"""Kinds of machine-translation artifact: what an editor would fix, by name.

A ``machine_translation`` rule may say which kind of damage its findings
point at (``artifact:`` in its pack); the finding then carries it (the JSON
field ``artifact``), and the renderers show it beside the message, so an
editor sees "punctuation" or "unnatural wording" and not only a rule id.

Each kind names the MQM error categories (the typology professional
translators mark in ``../shared/corpus/mqm``) that describe the same damage,
so ``evaluate --task mqm`` can measure a finding against rater spans of its
own kind and not only against any Fluency/Style span. The list is closed:
a pack naming another kind fails to load, with file and line.
"""

from __future__ import annotations

from typing import NamedTuple


class Artifact(NamedTuple):
    """One kind of artifact: its words for people and its MQM counterparts."""

    label: str
    description: str
    #: MQM category prefixes of the same damage ("Locale convention/" covers
    #: every locale category; a full name matches only itself).
    mqm: tuple[str, ...]


ARTIFACTS: dict[str, Artifact] = {
    "punctuation": Artifact(
        "punctuation",
        "Quotation marks, spaces and marks placed by another language's rules.",
        ("Fluency/Punctuation",),
    ),
    "grammar": Artifact(
        "grammar",
        "A construction English grammar does not allow, such as a doubled word.",
        ("Fluency/Grammar", "Style/Bad sentence structure"),
    ),
    "fragment": Artifact(
        "fragment",
        "A piece of a sentence left standing between full sentences.",
        ("Fluency/Grammar", "Style/Bad sentence structure"),
    ),
    "unnatural_wording": Artifact(
        "unnatural wording",
        "Words English would not put together: calques and translated constructions.",
        ("Style/Unnatural or awkward", "Style/Awkward"),
    ),
    "capitalisation": Artifact(
        "capitalisation",
        "Capital letters where English has none (MQM counts them as spelling).",
        ("Fluency/Spelling",),
    ),
    "locale_format": Artifact(
        "source-language format",
        "Numbers, times and datelines written in the source language's convention.",
        ("Locale convention/",),
    ),
    "inconsistency": Artifact(
        "inconsistent spelling",
        "One name or word spelled two ways in one article.",
        ("Fluency/Inconsistency", "Fluency/Spelling", "Terminology/Inconsistent"),
    ),
    "untranslated": Artifact(
        "untranslated word",
        "Words left in the source language.",
        ("Accuracy/Source language fragment", "Accuracy/Untranslated text", "Non-translation"),
    ),
}


def same_kind(artifact: str, mqm_category: str) -> bool:
    """Whether an MQM category describes the damage of this artifact kind."""
    return mqm_category.startswith(ARTIFACTS[artifact].mqm)
