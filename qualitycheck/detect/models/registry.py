"""The one registry of learned detectors: each model task, the class that
loads it, the function that trains it, and every finding id it can emit with
its category, default severity and description.

Config validation, rule selection, the rule catalog (SARIF, ``rules list``)
and the model loader all read this table; a new model is one entry here.
Detector modules are named by string and imported only when enabled, so
reading the registry costs nothing.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class ModelFinding:
    """A finding id a model emits, described for users and selectors."""

    id: str
    task: str
    category: str
    #: Its severity unless the config sets the model's ``severity``; ``None``
    #: means the task's default (:data:`TASK_SEVERITY`).
    fixed_severity: str | None
    summary: str
    description: str
    #: A verdict on the whole article rather than on the words it points at
    #: (the report shows it as a banner, not as a highlight).
    article_level: bool = False


#: Model task -> (module, detector class): imported only when the model runs.
DETECTORS: dict[str, tuple[str, str]] = {
    "boilerplate": ("qualitycheck.detect.models.boilerplate", "BoilerplateDetector"),
    "claims": ("qualitycheck.detect.models.claims", "ClaimDetector"),
    "mt": ("qualitycheck.detect.models.mt.detector", "MtDetector"),
}
MODEL_TASKS: tuple[str, ...] = tuple(DETECTORS)
#: Model task -> (module, training function): each function is a
#: :class:`~qualitycheck.detect.models.protocols.Trainer`, imported only by
#: ``qualitycheck train``, so scikit-learn never loads on the check path.
TRAINERS: dict[str, tuple[str, str]] = {
    "boilerplate": ("qualitycheck.detect.models.boilerplate", "train"),
    "claims": ("qualitycheck.detect.models.claims_training", "train"),
    "mt": ("qualitycheck.detect.models.mt.training", "train"),
}

#: Severity of each model's findings unless the config says otherwise, as their
#: measured precision earns it (docs/accuracy.md, "Severity earned by precision"):
#: a line the boilerplate model reports at or above its warning threshold is
#: about 89% right (warning; the band below it is ``model-boilerplate-possible``,
#: info); a claims finding is below 0.8 (info); the mt verdict was right on all 19
#: dev articles it judged, one short of the support an error needs (warning).
TASK_SEVERITY = {"boilerplate": "warning", "claims": "info", "mt": "warning"}

FINDINGS: tuple[ModelFinding, ...] = (
    ModelFinding(
        "model-boilerplate",
        "boilerplate",
        "boilerplate",
        None,
        "A line the boilerplate model calls page boilerplate.",
        "The boilerplate model scores every line; a line at or above its warning threshold "
        "that no rule named is reported. The confidence is the model's probability.",
    ),
    ModelFinding(
        "model-boilerplate-possible",
        "boilerplate",
        "boilerplate",
        "info",
        "A line the boilerplate model may call page boilerplate (below its warning level).",
        "A line that scores between the boilerplate model's threshold and its warning "
        "threshold (settings.warning_threshold of the model file), where the model is right "
        "on about three lines in five, and no rule named it. It informs; it never warns.",
    ),
    ModelFinding(
        "model-unsupported-claim",
        "claims",
        "unsupported_claim",
        None,
        "A sentence the claims model calls opinion or an unsupported claim.",
        "The claims model scores the body sentences that speak in the writer's own voice (not "
        "quoted, not attributed to a named source); a sentence above its threshold in which no "
        "claim rule fired is reported, with the words that weigh most.",
    ),
    ModelFinding(
        "model-machine-translation",
        "mt",
        "machine_translation",
        None,
        "The article reads as machine-translated.",
        "The mt model's calibrated article probability reaches its threshold, which the shipped "
        "model sets so that, in cross-validation holding out whole MT systems and whole source "
        "languages, at most 1% of original English and 3% of human-translated articles reach "
        "it; the finding sits on the first body line, and model-mt-evidence findings mark the "
        "sentences that weigh most. A body under 50 words gets no verdict. Its severity is the "
        "one its measured precision earns (docs/accuracy.md); `severity: "
        "{model-machine-translation: error}` in a project's config makes it fail the gate.",
        article_level=True,
    ),
    ModelFinding(
        "model-mt-possible",
        "mt",
        "machine_translation",
        "info",
        "The article may be machine-translated (below the model's threshold).",
        "The mt model's calibrated article probability lies between its informational band "
        "and its threshold. The band starts where, in cross-validation, at most 1% of "
        "original English articles reach it, but about a quarter of human translations do "
        "too, so it only informs; it never fails or warns.",
        article_level=True,
    ),
    ModelFinding(
        "model-mt-evidence",
        "mt",
        "machine_translation",
        "info",
        "A sentence that weighs towards machine translation.",
        "One of the sentences that weigh most in the mt model's article probability; reported "
        "only when the article is above the threshold.",
    ),
)
#: Finding id -> category: model findings are selectable like rule ids.
MODEL_FINDINGS: dict[str, str] = {finding.id: finding.category for finding in FINDINGS}
#: Finding ids that judge the whole article.
ARTICLE_LEVEL: frozenset[str] = frozenset(f.id for f in FINDINGS if f.article_level)
