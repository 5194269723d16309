"""What every rule kind shares: the common rule fields, the hit type and the
base class a kind module subclasses.

A kind module declares ``kind`` (its name in YAML), ``description`` and
``options`` (its own keys, validated on load) and implements :meth:`Rule.hits`.
The engine does the rest: scope, languages, quoted speech, exceptions,
messages and positions.
"""

from __future__ import annotations

import re
import string
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any, ClassVar, NamedTuple

from qualitycheck.detect.rules.fastpath import Candidates, PatternKey
from qualitycheck.detect.rules.literals import Prefilter
from qualitycheck.detect.signals.language import codes_problem
from qualitycheck.document.article import BLOCK_KINDS, Article, Block
from qualitycheck.document.artifacts import ARTIFACTS
from qualitycheck.document.findings import CATEGORIES, RULE_CATEGORIES, SEVERITIES
from qualitycheck.primitives.options import Option
from qualitycheck.primitives.patternfacts import remembered
from qualitycheck.primitives.saferegex import check_pattern, compile_pattern, shown_pattern

SCOPES = ("all", "body", "title", "headings")
_ID = re.compile(r"[a-z0-9][a-z0-9_.-]*\Z")


#: Characters of a message template: it is written out for every finding (a
#: 2,000,000-character message made a 554 MB JSON file of one article).
MAX_MESSAGE = 1_000
#: Characters of a description: written once per run (SARIF, reports, docs).
MAX_DESCRIPTION = 10_000


#: A line or sentence with at least this share of capitalised words is in
#: title case (a headline): a capital there says nothing about a name or a
#: sentence's start (the default of the `capitalization` kind's option, and
#: what the `claim` kind's ``skip_names`` reads).
TITLE_CASE_SHARE = 0.6


def capitalised_words(text: str) -> tuple[int, int]:
    """How many of ``text``'s words (those starting with a letter) are
    capitalised, and how many words there are."""
    words = [word for word in text.split() if word[:1].isalpha()]
    return sum(1 for word in words if word[0].isupper()), len(words)


#: Opening quotation marks and brackets between a word and the name it introduces.
_NAME_OPENERS = "\"'“‘«([ \t"


def in_name(text: str, sentence: tuple[int, int], cue_start: int) -> bool:
    """Whether the cue at ``cue_start`` is written as (part of) a name: a capital
    then a lower-case letter ("Revolutionary", not "I think" or "SHAM"), after
    a word or a comma of its sentence ("Iran's Revolutionary Guards", "from
    'Spectacular Spider-Man'"), not at the sentence's (or a clause's) start,
    in a sentence that is not in title case ("Sums Up The Absurd Double Standard")."""
    head = text[cue_start : cue_start + 2]
    if len(head) < 2 or not (head[0].isupper() and head[1].islower()):
        return False
    start, end = sentence
    # Read back from the cue, not the sentence's text up to it: a copy of that
    # (and a count of the sentence's words) per cue made a long sentence's
    # cues cost its length each (an 800 kB one took minutes).
    before = cue_start
    while before > start and text[before - 1] in _NAME_OPENERS:
        before -= 1
    if before == start or not (text[before - 1].isalnum() or text[before - 1] == ","):
        return False
    return not _in_title_case(text, start, end)


@lru_cache(maxsize=4)
def _in_title_case(text: str, start: int, end: int) -> bool:
    """Whether ``text[start:end]`` is in title case: once per sentence, as the
    cues of one sentence are judged one after another."""
    capitalised, words = capitalised_words(text[start:end])
    return capitalised >= TITLE_CASE_SHARE * words


def _at_most(text: str, limit: int) -> str | None:
    if len(text) > limit:
        return f"{len(text):,} characters; at most {limit:,} are accepted"
    return None


#: Id prefixes of the findings no pack defines (the learned detectors',
#: ``model-…``, and the suppression comments', ``suppression-…``): a rule
#: under such an id was listed twice by ``rules list`` and switched off with
#: the model by ``disable``.
RESERVED_PREFIXES = ("model-", "suppression-")


def _valid_id(value: str) -> str | None:
    if not _ID.match(value):
        return "rule ids use lower-case letters, digits, '-', '_' and '.'"
    if value.startswith(RESERVED_PREFIXES):
        return (
            "ids starting with 'model-' or 'suppression-' are kept for the findings of the "
            "models and of suppression comments"
        )
    if value in CATEGORIES:  # `disable: [boilerplate]` could not tell the two apart
        return f"{value!r} is a category; a rule id must differ from every category"
    return None


def _valid_examples(value: dict[str, Any]) -> str | None:
    for key, texts in value.items():
        if key not in ("flag", "pass"):
            return f"examples take 'flag' and 'pass', not {key!r}"
        if not isinstance(texts, list) or not all(example_item_ok(t, key) for t in texts):
            return f"examples.{key} must be a list of texts" + (
                " or of {text: ..., match: ...} mappings" if key == "flag" else ""
            )
    return None


def example_item_ok(item: Any, verdict: str) -> bool:
    if isinstance(item, str):
        return True
    return (
        verdict == "flag"
        and isinstance(item, dict)
        and set(item) <= {"text", "match"}
        and isinstance(item.get("text"), str)
        and isinstance(item.get("match", ""), str)
    )


def split_examples(
    examples: dict[str, list[Any]],
) -> tuple[dict[str, list[str]], dict[str, list[str | None]]]:
    """The example texts, and for each the words it must flag (``{text, match}``
    items state them; a plain text only has to be flagged somewhere)."""
    texts: dict[str, list[str]] = {}
    matches: dict[str, list[str | None]] = {}
    for verdict, items in examples.items():
        texts[verdict] = [item if isinstance(item, str) else item["text"] for item in items]
        matches[verdict] = [None if isinstance(item, str) else item.get("match") for item in items]
    return texts, matches


#: Fields every rule accepts, whatever its kind.
COMMON_OPTIONS: tuple[Option, ...] = (
    Option(
        "id",
        str,
        "Unique rule id, used in output, config and suppressions; not a category name, and "
        "not starting with 'model-' or 'suppression-' (kept for the models' and the suppression "
        "comments' findings).",
        required=True,
        check=_valid_id,
    ),
    Option("kind", str, "Which rule kind runs this rule (see the kinds below).", required=True),
    Option("category", str, "What the rule finds.", required=True, choices=RULE_CATEGORIES),
    Option("severity", str, "How serious a finding is.", default="warning", choices=SEVERITIES),
    Option(
        "message",
        str,
        "Shown for each finding; may quote the match as {match}.",
        required=True,
        check=lambda text: (
            "is empty: findings would say nothing"
            if not text.strip()
            else _at_most(text, MAX_MESSAGE)
        ),
    ),
    Option(
        "description",
        str,
        "Why the rule exists and what to do about a finding.",
        default="",
        check=lambda text: _at_most(text, MAX_DESCRIPTION),
    ),
    Option(
        "enabled",
        bool,
        "Whether the rule runs by default; false keeps it off unless the config or --enable"
        " switches it on.",
        default=True,
    ),
    Option(
        "weight", float, "Multiplies the rule's penalty in the scores.", default=1.0, minimum=0.0
    ),
    Option("scope", str, "Which blocks the rule looks at.", default="all", choices=SCOPES),
    Option(
        "skip_blocks",
        list,
        "Block kinds the rule does not look at, as the reader marks them up (an HTML "
        "figcaption is a 'caption', a Markdown table cell a 'table_cell').",
        default=[],
        item=str,
        choices=BLOCK_KINDS,
    ),
    Option(
        "languages",
        list,
        "Article languages the rule applies to ('*' for any). An article whose language "
        "is unknown (too short or too mixed to name) is checked by every rule.",
        default=["en"],
        item=str,
        check=lambda codes: codes_problem(codes, allow_any=True),
    ),
    Option("skip_quotes", bool, "Ignore matches inside quoted speech.", default=False),
    Option(
        "exceptions",
        list,
        "Phrases that, where they cover a match, make it acceptable.",
        default=[],
        item=str,
    ),
    Option(
        "artifact",
        str,
        "For machine_translation rules: the kind of damage a finding points at, "
        "shown beside the message and measured against the MQM spans of that kind.",
        choices=tuple(ARTIFACTS),
    ),
    Option(
        "examples",
        dict,
        "Texts the rule must flag ('flag') and must not ('pass').",
        default={},
        check=_valid_examples,
    ),
)
COMMON_NAMES = frozenset(option.name for option in COMMON_OPTIONS)


@dataclass
class RuleMeta:
    """The common fields of one rule, plus where it was defined."""

    id: str
    kind: str
    category: str
    severity: str
    message: str
    description: str
    enabled: bool
    weight: float
    scope: str
    skip_blocks: list[str]
    languages: list[str]
    skip_quotes: bool
    exceptions: list[str]
    examples: dict[str, list[str]]
    artifact: str | None
    pack: str = ""
    line: int = 0
    #: 1-based column of the rule's ``id`` key where the YAML said it (an
    #: error about the rule as a whole, a duplicate id, points at it).
    id_column: int | None = None
    options: dict[str, Any] = field(default_factory=dict)
    #: The line of each ``flag``/``pass`` example in the pack.
    example_lines: dict[str, list[int]] = field(default_factory=dict)
    #: The pack each example was written in where that is not ``pack``
    #: (examples an ``extends:`` entry added); ``""`` for the rule's own.
    example_packs: dict[str, list[str]] = field(default_factory=dict)
    #: The words each example must flag, where the pack states them.
    example_matches: dict[str, list[str | None]] = field(default_factory=dict)
    #: ``path:line`` of each ``extends:`` entry that added to the rule.
    extended_at: tuple[str, ...] = ()


class Hit(NamedTuple):
    """A match in one block's text: ``block.text[start:end]``."""

    block: Block
    start: int
    end: int
    confidence: float = 1.0
    fields: dict[str, str] | None = None


@dataclass(frozen=True)
class CheckContext:
    """Article-level facts a rule may need (language, configured languages)."""

    language: str | None
    language_confidence: float
    expected_languages: tuple[str, ...]
    #: What may match in this article (the engine's literal automaton and
    #: regex screen, :mod:`qualitycheck.detect.rules.fastpath`); ``None``
    #: outside the engine: every rule and pattern runs.
    candidates: Candidates | None = None


class Rule:
    """Base class of rule kinds. Subclasses declare options and find hits."""

    kind: ClassVar[str]
    description: ClassVar[str]
    options: ClassVar[tuple[Option, ...]] = ()
    #: Placeholders besides ``match`` that this kind fills in messages.
    message_fields: ClassVar[tuple[str, ...]] = ()
    #: A generic kind (a structural fallback) yields to a specific rule that
    #: flags the same span, so each problem is reported once, by name.
    generic: ClassVar[bool] = False
    #: Whether :meth:`hits` runs the rule's own patterns (through
    #: :mod:`qualitycheck.primitives.saferegex`), so the engine gives it time budgets.
    searches_patterns: ClassVar[bool] = False
    #: Whether the kind reads what only markup carries (an HTML element's
    #: class): its examples are then read as HTML, not as plain text.
    reads_markup: ClassVar[bool] = False
    #: Common fields that mean nothing to this kind: refused on the rule,
    #: left out of the pack's ``defaults`` (``skip_quotes`` for ``quotes``).
    not_applicable: ClassVar[frozenset[str]] = frozenset()
    #: The rule's ``languages`` where neither it nor the pack's defaults set them.
    default_languages: ClassVar[tuple[str, ...]] = ("en",)
    #: Strings one of which an article must contain for the rule to match
    #: (any prefilter of the tuple suffices); ``None``: always run. Kinds that
    #: search patterns set it in :meth:`setup` (see :mod:`qualitycheck.detect.rules.literals`).
    prefilters: tuple[Prefilter, ...] | None = None

    def __init__(self, meta: RuleMeta) -> None:
        self.meta = meta
        self.setup(meta.options)

    def setup(self, options: dict[str, Any]) -> None:
        """Compile the options (called once, at load time)."""

    @classmethod
    def validate_options(cls, options: dict[str, Any]) -> str | None:
        """Cross-option checks beyond each option's own; an error message or ``None``."""
        return None

    def literal_prefilters(self) -> list[Prefilter]:
        """Every prefilter the rule consults: the engine's automaton holds their strings."""
        return list(self.prefilters or ())

    def screened_patterns(self) -> tuple[list[PatternKey], list[PatternKey]]:
        """The patterns the rule searches in a block's text, and those that must
        match all of a stripped line: the engine's regex screen covers them."""
        return [], []

    def longest_whole_line(self) -> int | None:
        """The longest line (in characters of block text) the rule looks at
        whole: asks the whole-line screen about, or compares by its line key
        (``Candidates.line_keys``); ``None``: any length, or none at all."""
        return None

    @property
    def article_level(self) -> bool:
        """Whether a finding judges the whole article rather than the words it
        covers (its span is only a place to anchor it, the first body line):
        the HTML report shows such a finding as a banner, not a highlight. A
        kind says so from its options, so no list of rule ids has to follow
        the packs."""
        return False

    def hits(self, article: Article, blocks: list[Block], context: CheckContext) -> Iterator[Hit]:
        """Yield the matches of this rule in ``blocks`` (already scoped)."""
        raise NotImplementedError

    @classmethod
    def message_placeholders(cls) -> frozenset[str]:
        return frozenset(("match", *cls.message_fields))

    @classmethod
    def message_problem(cls, used: set[str], options: dict[str, Any]) -> str | None:
        """A placeholder some of the rule's findings cannot fill with these
        options (it would print as written); an error message or ``None``."""
        return None


def placeholders(message: str) -> set[str]:
    """The ``{name}`` fields a message uses.

    Raises ValueError when the template is malformed or a field is more than a
    plain name: a format spec or conversion (``{match:d}``, ``{match!r}``,
    ``{match:>20000000}``) would fail on every finding, or make each message
    megabytes long, only once articles are checked; attribute and index access
    (``{match.__class__}``, ``{match[0]}``) reach into Python objects.
    """
    names: set[str] = set()
    for _, name, spec, conversion in string.Formatter().parse(message):
        if name is None:
            continue
        if spec or conversion:
            field = name + (f"!{conversion}" if conversion else "") + (f":{spec}" if spec else "")
            raise ValueError(f"{{{field}}} takes no format spec or conversion; write {{{name}}}")
        if not name.isidentifier():
            raise ValueError(f"{{{name}}} is not a placeholder name")
        names.add(name)
    return names


#: Short texts a searched pattern is tried on at load: a pattern that matches
#: nothing but the empty string at some place in them (``\\b``, ``^``,
#: ``(foo)?`` before any other letter) would give rules empty matches, which
#: mark no words and are never reported.
ZERO_WIDTH_PROBES = ("a", "A b", "a. B", "1,2", " ", "-", "Ab cd.\nEf")


def check_search_pattern(value: Any) -> str | None:
    """:func:`check_pattern`, and for patterns searched in running text (the
    ``pattern`` kind, claim cues) no empty match on :data:`ZERO_WIDTH_PROBES`:
    such a rule loaded, fired nowhere its pattern matched empty and said
    nothing (remembered like :func:`check_pattern`)."""
    problem = check_pattern(value)
    if problem is not None:
        return problem
    patterns = value if isinstance(value, list) else [value]
    key = ("zero-width", *patterns, *ZERO_WIDTH_PROBES)
    return remembered("check", key, lambda: _zero_width(patterns))


def _zero_width(patterns: list[str]) -> str | None:
    for pattern in patterns:
        compiled = compile_pattern(pattern, ignore_case=True)
        for probe in ZERO_WIDTH_PROBES:
            try:
                empty = next(
                    (m for m in compiled.finditer(probe, timeout=0.05) if not m.group()), None
                )
            except TimeoutError:
                continue
            if empty is not None:
                return (
                    f"regular expression {shown_pattern(pattern)} can match the empty string "
                    f"(it does at character {empty.start()} of {probe!r}), and an empty match "
                    "is never reported: make every alternative match at least one character "
                    "(write '(foo)' not '(foo)?', 'x+' not 'x*'; '\\b' and lookarounds only "
                    "beside a character)"
                )
    return None
