"""Every config key, declared once with its type, default and meaning.

Validation (:mod:`qualitycheck.config.loading`), the defaults of
:class:`~qualitycheck.config.settings.Config` and docs/configuration.md
(:mod:`qualitycheck.tools.docgen`) all read these tables, so a new key or a
changed default is one edit here.
"""

from __future__ import annotations

from qualitycheck.detect.models.registry import FINDINGS, MODEL_TASKS, TASK_SEVERITY
from qualitycheck.detect.signals.language import codes_problem
from qualitycheck.document.findings import SEVERITIES
from qualitycheck.primitives.globs import globs_problem
from qualitycheck.primitives.options import Option
from qualitycheck.primitives.saferegex import ARTICLE_BUDGET, RUN_BUDGET
from qualitycheck.readers.base import MAX_ARTICLE_BYTES, MAX_ARTICLE_BYTES_LIMIT
from qualitycheck.readers.discovery import DEFAULT_EXCLUDE, DEFAULT_INCLUDE

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

#: The severity defaults in words, from the model registry, so the docs follow
#: a model added or re-graded there.
_SEVERITY_DEFAULTS = "; ".join(
    (
        ", ".join(f"{severity} for {task}" for task, severity in TASK_SEVERITY.items()),
        ", ".join(f"{f.id} always {f.fixed_severity}" for f in FINDINGS if f.fixed_severity),
    )
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
        f"Severity of the model's findings (default: {_SEVERITY_DEFAULTS}).",
        nullable=True,
        choices=SEVERITIES,
    ),
)


def _not_blank(value: str) -> str | None:
    return None if value.strip() else "must not be empty"


def _include_problem(globs: object) -> str | tuple[int, str] | None:
    """No glob would read no file in any folder: refused, not a silent empty run."""
    if globs == []:
        return "must name at least one glob (for example ['*.txt', '*.md'])"
    return globs_problem(globs)


def _languages_problem(codes: object) -> str | tuple[int, str] | None:
    """No language would flag every article as unexpected: refused, not guessed."""
    if codes == []:
        return "must name at least one language (for example [en])"
    return codes_problem(codes)


SUPPRESSION_OPTIONS = (
    Option(
        "rule",
        str,
        "Rule ids, globs or categories to suppress (several separated by commas or spaces), "
        "as `--disable` takes them.",
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
        check=globs_problem,
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
        "Extra rule pack files or folders (with their subfolders), relative to the config file.",
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
        "Severity overrides: rule or model finding id, glob or category to error, warning or info.",
        default={},
    ),
    Option(
        "languages",
        list,
        "Languages articles are expected to be in (ISO 639-1; `und` for a language the "
        "detector does not identify, docs/json-output.md).",
        default=["en"],
        item=str,
        check=_languages_problem,
    ),
    Option(
        "include",
        list,
        "Globs of files to read when walking folders.",
        default=list(DEFAULT_INCLUDE),
        item=str,
        check=_include_problem,
    ),
    Option(
        "exclude",
        list,
        "Globs of files and folders to skip when walking folders.",
        default=list(DEFAULT_EXCLUDE),
        item=str,
        check=globs_problem,
    ),
    Option(
        "rule_seconds_per_article",
        float,
        "CPU seconds a rule's patterns may take in one article before the rule is skipped "
        "for the rest of it, with a warning naming it (docs/rule-packs.md).",
        default=ARTICLE_BUDGET,
        minimum=0.01,
        maximum=60,
    ),
    Option(
        "rule_seconds_per_run",
        float,
        "CPU seconds a rule's patterns may take in a whole run (per worker process) "
        "before the rule is disabled for the rest of it, with one warning.",
        default=RUN_BUDGET,
        minimum=0.01,
        maximum=3600,
    ),
    Option(
        "max_article_bytes",
        int,
        f"The largest article read, in bytes (a file, or one JSONL record); a larger one is "
        f"an input error (default: {MAX_ARTICLE_BYTES:,}; see docs/limits.md).",
        nullable=True,
        minimum=1,
        maximum=MAX_ARTICLE_BYTES_LIMIT,
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
        "Score points each severity costs "
        f"(keys {', '.join(option.name for option in PENALTY_OPTIONS)}).",
        default={},
    ),
    Option(
        "jsonl",
        dict,
        "Field names of JSONL records "
        f"(keys {', '.join(option.name for option in JSONL_OPTIONS)}).",
        default={},
    ),
    Option(
        "models",
        dict,
        f"Per model ({', '.join(MODEL_TASKS)}): "
        f"{', '.join(option.name for option in MODEL_OPTIONS)}.",
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
