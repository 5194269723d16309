"""Training the mt model: two cross-validation schemes, the choice of C,
calibration to a stated prior, the false-alarm operating point, and the final
fit of both stages with what was measured on the way.

- Cross-validation holds out whole MT systems (5 folds) and, separately,
  whole source languages (one fold per language): a deployed model meets
  both. Human translations stay with their source document, PolNeAR
  originals with their outlet.
- The probability is calibrated (Platt) on the system-held-out out-of-fold
  margins, with the classes weighted to ``Settings.prior``; the language-held-
  out margins check that calibration on data it was not fitted on.
- The error threshold is the lowest at which, in *both* schemes, at most
  ``original_share`` of the original English articles and ``human_share`` of
  the human translations reach it (out of fold, calibrated).
- C is chosen by the mean recall on machine translation at that point.

This is what ``qualitycheck train --task mt`` runs (through the model
registry); it is never imported on the check path.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from typing import Any

from qualitycheck.detect.models.linear import LinearModel, sigmoid
from qualitycheck.detect.models.mt import NEGATIVES, POSITIVE, kind_of
from qualitycheck.detect.models.mt.calibration import (
    crossing,
    expected_calibration_error,
    operating_threshold,
    platt,
    prior_weights,
    reliability,
    share_threshold,
)
from qualitycheck.detect.models.mt.crossval import OutOfFold, out_of_fold
from qualitycheck.detect.models.mt.documents import (
    Document,
    assign_folds,
    documents,
    language_folds,
)
from qualitycheck.detect.models.mt.fitting import (
    Settings,
    export_article,
    fit_article,
    fit_sentence_model,
    keep_largest,
)
from qualitycheck.detect.models.protocols import RuleSource
from qualitycheck.detect.models.training import roc_auc


def kind(doc: Document) -> str:
    """The document's label, for originals with their source (:func:`kind_of`)."""
    return kind_of(doc.label, doc.source)


def _by(values: Sequence[float], keys: Sequence[str]) -> dict[str, list[float]]:
    grouped: dict[str, list[float]] = {}
    for value, key in zip(values, keys, strict=True):
        grouped.setdefault(key, []).append(value)
    return grouped


def aucs(scores: Sequence[float], docs: Sequence[Document]) -> dict[str, float]:
    """ROC-AUC of machine articles against each kind of negative present
    (all originals together, and each source of originals apart)."""
    kinds = [kind(d) for d in docs]
    grouped = _by(scores, kinds)
    machine = grouped.get(POSITIVE, [])
    negatives: dict[str, list[float]] = {
        label: [s for s, d in zip(scores, docs, strict=True) if d.label == label]
        for label in NEGATIVES
    }
    sources = sorted(k for k in grouped if k.startswith("original:"))
    if len(sources) > 1:
        negatives.update((k, grouped[k]) for k in sources)
    result = {}
    for name, values in negatives.items():
        value = roc_auc(machine, values)
        if value is not None:
            result[f"machine_vs_{name}"] = round(value, 4)
    return result


def _clean_scores(
    probabilities: Sequence[float], docs: Sequence[Document]
) -> dict[str, list[float]]:
    return {
        label: [p for p, d in zip(probabilities, docs, strict=True) if d.label == label]
        for label in NEGATIVES
    }


class Scheme:
    """One fold scheme's out-of-fold results, calibrated."""

    def __init__(self, name: str, result: OutOfFold, docs: Sequence[Document]) -> None:
        self.name = name
        self.result = result
        self.docs = docs

    def probabilities(self, c: float, slope: float, offset: float) -> list[float]:
        return [sigmoid(slope * m + offset) for m in self.result.margins[c]]

    def threshold(self, probabilities: Sequence[float], settings: Settings) -> float:
        shares = {"original": settings.original_share, "human_translation": settings.human_share}
        return operating_threshold(_clean_scores(probabilities, self.docs), shares)

    def originals_threshold(self, probabilities: Sequence[float], settings: Settings) -> float:
        """The threshold that only the originals' limit would set (human
        translations unconstrained): where a lower, warning band could start."""
        originals = _clean_scores(probabilities, self.docs)["original"]
        return share_threshold(originals, settings.original_share) if originals else 0.5


def _recall(probabilities: Sequence[float], docs: Sequence[Document], threshold: float) -> float:
    machine = [p for p, d in zip(probabilities, docs, strict=True) if d.label == POSITIVE]
    return crossing(machine, threshold)


def _operating_point(
    schemes: Sequence[Scheme], c: float, labels: Sequence[int], settings: Settings
) -> tuple[float, float, float, float]:
    """``(slope, offset, threshold, mean recall)`` for one C: calibrated on
    the first scheme, the threshold strict enough for every scheme."""
    weights = prior_weights(labels, settings.prior)
    slope, offset = platt(schemes[0].result.margins[c], labels, weights)
    probabilities = [s.probabilities(c, slope, offset) for s in schemes]
    threshold = max(s.threshold(p, settings) for s, p in zip(schemes, probabilities, strict=True))
    recall = sum(_recall(p, s.docs, threshold) for s, p in zip(schemes, probabilities, strict=True))
    return slope, offset, threshold, recall / len(schemes)


def _rounded(values: dict[str, float], digits: int = 4) -> dict[str, float]:
    return {k: round(v, digits) for k, v in sorted(values.items())}


def measurements(
    schemes: Sequence[Scheme],
    c: float,
    slope: float,
    offset: float,
    threshold: float,
    settings: Settings,
) -> dict[str, Any]:
    """What the model's metadata reports per scheme: ROC-AUC, calibration
    (reliability table, ECE), the share of each kind at the threshold, and
    recall on machine translation per source language and per MT system."""
    report: dict[str, Any] = {}
    for scheme in schemes:
        docs = scheme.docs
        probabilities = scheme.probabilities(c, slope, offset)
        labels = [d.positive for d in docs]
        weights = prior_weights(labels, settings.prior)
        table = reliability(probabilities, labels, weights)
        kinds = _by(probabilities, [kind(d) for d in docs])
        machine = [(p, d) for p, d in zip(probabilities, docs, strict=True) if d.positive]
        languages = _by([p for p, _ in machine], [d.language for _, d in machine])
        systems = _by([p for p, _ in machine], [d.system for _, d in machine])
        report[scheme.name] = {
            "folds": len(set(scheme.result.folds)),
            "auc": aucs(scheme.result.margins[c], docs),
            "ece": round(expected_calibration_error(table), 4),
            "reliability": [
                [b.low, b.high, b.count, round(b.predicted, 4), round(b.observed, 4)] for b in table
            ],
            "share_at_threshold": _rounded({k: crossing(v, threshold) for k, v in kinds.items()}),
            "share_at_half": _rounded({k: crossing(v, 0.5) for k, v in kinds.items()}),
            "recall_by_language": {
                k: [round(crossing(v, threshold), 4), len(v)] for k, v in sorted(languages.items())
            },
            "recall_by_system": {
                k: [round(crossing(v, threshold), 4), len(v)] for k, v in sorted(systems.items())
            },
        }
    return report


def train(
    records: Sequence[dict[str, Any]],
    rules: RuleSource,
    seed: int = 0,
    settings: Settings | None = None,
) -> list[LinearModel]:
    """Fit both stages; returns ``[article model, sentence model]``.

    ``rules`` supplies the machine-translation rule findings the article model
    reads. Records need ``text`` and ``label``; ``system``, ``group``,
    ``src_lang`` and ``source`` make the cross-validation grouped (see the
    module docstring).
    """
    settings = settings or Settings()
    docs = documents(records, rules)
    labels = [d.positive for d in docs]
    assign_folds(docs, settings.folds, seed)
    system_folds = [d.fold for d in docs]
    cs = settings.article_cs
    schemes = [Scheme("systems_held_out", out_of_fold(docs, system_folds, settings, cs), docs)]
    if len({d.language for d in docs if d.label != "original"}) > 1:
        language_folds(docs, seed)
        language = [d.fold for d in docs]
        schemes.append(
            Scheme("languages_held_out", out_of_fold(docs, language, settings, cs), docs)
        )
    points = {c: _operating_point(schemes, c, labels, settings) for c in settings.article_cs}
    best_c = max(settings.article_cs, key=lambda c: (points[c][3], -c))
    slope, offset, threshold, _ = points[best_c]
    lower = max(
        s.originals_threshold(s.probabilities(best_c, slope, offset), settings) for s in schemes
    )
    sentence_model = fit_sentence_model(docs, settings)
    fitted = fit_article(docs, best_c, settings, schemes[0].result.sentences)
    article_model = keep_largest(export_article(*fitted, slope, offset), settings.max_weights)
    article_model.threshold = threshold
    counts = Counter(kind(d) for d in docs)
    description = {
        "data": "articles labeled machine / original / human_translation",
        "counts": dict(sorted(counts.items())),
        "systems": sorted({d.system for d in docs if d.positive}),
        "languages": sorted({d.language for d in docs if d.label != "original"}),
        "seed": seed,
        "folds": (
            f"two schemes: {settings.folds} folds holding out whole MT systems (case-folded "
            "names), and one fold per source language; human translations with their source "
            "document, originals by group (a PolNeAR outlet is one group)"
        ),
    }
    article_model.training = {
        **description,
        "chosen_c": best_c,
        "c_selection": {
            str(c): {"mean_recall_at_threshold": round(p[3], 4), "threshold": round(p[2], 6)}
            for c, p in points.items()
        },
        "calibration": {
            "method": "Platt scaling of the systems-held-out out-of-fold margins",
            "prior": settings.prior,
            "prior_meaning": (
                f"p assumes {settings.prior:.0%} of checked articles are machine-translated; "
                "the other articles weigh as originals and human translations do in training"
            ),
            "slope": round(slope, 6),
            "offset": round(offset, 6),
        },
        "threshold_rule": (
            f"lowest threshold that at most {settings.original_share:.0%} of original and "
            f"{settings.human_share:.0%} of human-translated articles reach, out of fold and "
            "calibrated, in every scheme"
        ),
        "cv": measurements(schemes, best_c, slope, offset, threshold, settings),
        "originals_only_threshold": round(lower, 6),
        "cv_at_originals_only_threshold": {
            name: {k: v for k, v in m.items() if k in ("share_at_threshold", "recall_by_language")}
            for name, m in measurements(schemes, best_c, slope, offset, lower, settings).items()
        },
    }
    article_model.settings = {
        "human_weight": settings.human_weight,
        "sentence_cap": settings.sentence_cap,
        "min_docs": settings.min_docs,
        "max_weights": settings.max_weights,
        "style_scale": settings.style_scale,
        "sentence_scale": settings.sentence_scale,
        "original_share": settings.original_share,
        "human_share": settings.human_share,
        "prior": settings.prior,
        "stage": "article: n-gram profile, style, MT rule findings, mt_sentence aggregates",
    }
    present = {d.label for d in docs}
    missing = [name for name in ("original", "human_translation") if name not in present]
    if missing:
        article_model.training["shortfall"] = (
            f"no {' and no '.join(k.replace('_', ' ') for k in missing)} articles in the data: "
            "the threshold rule cannot hold the false alarms on "
            f"{'them' if len(missing) > 1 else 'those'} to its limit (the threshold stands "
            "where the limits it could apply put it); add clean articles of that kind"
        )
    if lower < threshold:
        # The informational band: where only the originals' limit holds.
        article_model.settings["info_threshold"] = round(lower, 6)
    sentence_model.training = {**description, "labels": "sentence takes its article's label"}
    sentence_model.settings = {
        "c": settings.sentence_c,
        "human_weight": settings.human_weight,
        "sentence_cap": settings.sentence_cap,
        "min_sentences": settings.min_sentences,
        "max_weights": settings.max_weights,
    }
    return [article_model, sentence_model]
