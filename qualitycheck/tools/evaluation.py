"""Measure rules (and later models) on labeled JSONL in the formats of the
project corpora: ``qualitycheck evaluate --task boilerplate|claims|mt|attribution|mqm FILE``.

- ``boilerplate``: each record has ``text`` and ``lines`` (``content``,
  ``boilerplate`` or ``title`` per line). A line is predicted boilerplate when
  a boilerplate finding starts on it; ``title`` lines count as neither class.
  ``in_body`` counts the lines between the first and last content line.
- ``claims``: each record is one sentence with ``unsupported`` true/false; it
  is predicted unsupported when an unsupported-claim finding falls in it.
- ``attribution``: PolNeAR-style articles with ``sentences`` and ``voice``
  (``writer``, ``attributed``, ``mixed``): the voice tagger against a
  quote-or-reporting-verb baseline, and how often claim findings land on
  sentences that report a source (see :mod:`.voice_evaluation`).
- ``mt``: each record is an article labeled ``machine``, ``original`` or
  ``human_translation``. Reports how often an article is flagged, the share of
  ``original`` articles that fail (false alarms of the gate), and ROC-AUC of
  the machine-translation score (machine vs original, machine vs human).
- ``mqm``: machine translation with the error spans translators marked: do the
  word-level mt findings hit the Fluency/Style spans (see :mod:`.mqm_evaluation`).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from qualitycheck.detect.models.claims import ClaimDetector
from qualitycheck.detect.models.mt import kind_of
from qualitycheck.detect.models.set_aside import never_reported
from qualitycheck.detect.models.training import roc_auc
from qualitycheck.detect.rules.engine import named_under_generic
from qualitycheck.document.article import Article
from qualitycheck.errors import InputError
from qualitycheck.pipeline.checker import Checker
from qualitycheck.readers.txt import parse_text
from qualitycheck.tools.calibration_figures import calibration_summary, format_calibration
from qualitycheck.tools.labels import checked_records
from qualitycheck.tools.mt_figures import Scored, model_figures


@dataclass
class Counts:
    """A confusion count with the usual ratios."""

    tp: int = 0
    fp: int = 0
    fn: int = 0
    tn: int = 0

    def add(self, predicted: bool, actual: bool) -> None:
        if predicted and actual:
            self.tp += 1
        elif predicted:
            self.fp += 1
        elif actual:
            self.fn += 1
        else:
            self.tn += 1

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    @property
    def undefined(self) -> list[str]:
        """The ratios that divide by zero (given as 0.0): nothing predicted
        positive leaves precision undefined, nothing actually positive recall,
        and F1 with either."""
        names = []
        if not self.tp + self.fp:
            names.append("precision")
        if not self.tp + self.fn:
            names.append("recall")
        return [*names, "f1"] if names else []

    def as_dict(self) -> dict[str, Any]:
        result: dict[str, Any] = {
            "precision": round(self.precision, 4),
            "recall": round(self.recall, 4),
            "f1": round(self.f1, 4),
            "tp": self.tp,
            "fp": self.fp,
            "fn": self.fn,
            "tn": self.tn,
        }
        if self.undefined:  # added only then: the numbers above read 0.0
            result["undefined"] = self.undefined
        return result


@dataclass
class RuleHits:
    """How many of a rule's hits were right."""

    right: int = 0
    wrong: int = 0

    def as_dict(self) -> dict[str, float | int]:
        total = self.right + self.wrong
        return {"hits": total, "right": self.right, "precision": round(self.right / total, 4)}


@dataclass
class Evaluation:
    """Counts for the rules alone, the models alone and both (the default pipeline)."""

    task: str
    path: str
    counts: Counts = field(default_factory=Counts)
    rules_only: Counts = field(default_factory=Counts)
    models_only: Counts | None = None
    rules: dict[str, RuleHits] = field(default_factory=dict)
    extra: dict[str, Any] = field(default_factory=dict)
    errors: list[InputError] = field(default_factory=list)
    #: Labeled records read (the lines that were not input errors).
    records: int = 0
    model_scores: tuple[list[float], list[float]] = field(default_factory=lambda: ([], []))
    #: The probabilities the model gave (units it judged, as check can report
    #: them) and their labels, for the ``calibration`` block.
    calibration: tuple[list[float], list[int]] = field(default_factory=lambda: ([], []))

    def calibrate(self, probability: float, actual: bool) -> None:
        self.calibration[0].append(probability)
        self.calibration[1].append(int(actual))

    def hit(self, rule: str, right: bool) -> None:
        entry = self.rules.setdefault(rule, RuleHits())
        if right:
            entry.right += 1
        else:
            entry.wrong += 1

    def add(
        self,
        rules: bool,
        model: bool | None,
        score: float | None,
        actual: bool,
        combined: bool | None = None,
    ) -> None:
        """One unit: the rules' and the model's predictions, the model's score,
        and what the default pipeline decides (rules or model unless given)."""
        self.rules_only.add(rules, actual)
        self.counts.add(rules or bool(model) if combined is None else combined, actual)
        if model is not None:
            if self.models_only is None:
                self.models_only = Counts()
            self.models_only.add(model, actual)
        if score is not None:
            self.model_scores[0 if actual else 1].append(score)

    def as_dict(self) -> dict[str, Any]:
        errors = [error.as_dict() for error in self.errors]
        if self.task == "mqm":  # spans, not units: no confusion counts
            return {"task": self.task, "data": self.path, **self.extra, "input_errors": errors}
        result: dict[str, Any] = {
            "task": self.task,
            "data": self.path,
            **self.counts.as_dict(),
            "rules_only": self.rules_only.as_dict(),
        }
        if self.models_only is not None:
            result["models_only"] = self.models_only.as_dict()
            auc = roc_auc(*self.model_scores)
            result["models_only"]["roc_auc"] = None if auc is None else round(auc, 4)
        unit = {"boilerplate": "line", "claims": "sentence"}.get(self.task)
        if unit is not None and self.calibration[0]:
            result["calibration"] = calibration_summary(unit, *self.calibration)
        result.update(
            {k: v.as_dict() if isinstance(v, Counts) else v for k, v in self.extra.items()}
        )
        result["rules"] = {rule: hits.as_dict() for rule, hits in sorted(self.rules.items())}
        result["input_errors"] = errors
        return result


def _records(
    checker: Checker, path: Path, evaluation: Evaluation
) -> Iterator[tuple[int, dict[str, Any]]]:
    """The records whose labels are the task's, counted; the others are input
    errors (:func:`~qualitycheck.tools.labels.checked_records`), and the
    records over the config's ``max_article_bytes`` too, as ``check`` makes
    them."""
    limit = checker.config.read_settings.max_article_bytes
    for item in checked_records(evaluation.task, path, limit, evaluation.errors):
        evaluation.records += 1
        yield item


def _article(record: dict[str, Any], number: int, path: Path) -> Article:
    article = parse_text(
        record["text"], str(record.get("id", number)), str(path), first_line_is_title=False
    )
    article.record_line = number
    return article


def _boilerplate(checker: Checker, path: Path, evaluation: Evaluation) -> None:
    detector = checker.models.boilerplate if checker.models else None
    # Furniture inside the article (between its first and last content line):
    # captions, teasers, ad markers; the page edges are the easy part.
    in_body = Counts()
    evaluation.extra["in_body"] = in_body
    for number, record in _records(checker, path, evaluation):
        labels = record["lines"]  # checked by _records
        article = _article(record, number, path)
        findings = checker.rule_findings(article)
        flagged: dict[int, set[str]] = {}
        # with the named findings a generic one hid, which check reports where
        # the model drops the generic guess (models.apply)
        for finding in [*findings, *named_under_generic(article)]:
            if finding.category == "boilerplate":
                flagged.setdefault(finding.line - 1, set()).add(finding.rule)
        # With the model on, generic (layout) guesses count only where it agrees.
        named = {i for i, rules in flagged.items() if rules - checker.generic_rules}
        probabilities = detector.probabilities(article, findings) if detector else None
        by_line = {}
        unreported = set()  # lines check never reports the model on (the headline ...)
        if probabilities is not None:
            silent = never_reported(
                article, [f for f in findings if f.rule not in checker.generic_rules]
            )
            for block, probability in zip(article.blocks, probabilities, strict=True):
                line = article.locate(block, 0, 1).line - 1
                by_line[line] = probability
                if id(block) in silent:
                    unreported.add(line)
        content = [i for i, label in enumerate(labels) if label == "content"]
        for index, label in enumerate(labels):
            if label == "title":
                continue
            actual = label == "boilerplate"
            if detector is None:
                predicted = index in flagged
                evaluation.add(predicted, None, None, actual)
            else:
                score = by_line.get(index, 0.0)
                model = score >= detector.threshold and index not in unreported
                predicted = index in named or model
                evaluation.add(index in flagged, model, score, actual, predicted)
                if index in by_line and index not in unreported:
                    evaluation.calibrate(score, actual)
            if content and content[0] < index < content[-1]:
                in_body.add(predicted, actual)
            for rule in flagged.get(index, ()):
                evaluation.hit(rule, actual)


def _claims(checker: Checker, path: Path, evaluation: Evaluation) -> None:
    detector = checker.models.claims if checker.models else None
    # The same model with no threshold: every sentence it may judge gets its
    # probability, so the ROC-AUC does not depend on the threshold (scores
    # under it were 0 before); flagged is the probability at the threshold.
    scoring = (
        ClaimDetector(detector.model, threshold=0.0)
        if isinstance(detector, ClaimDetector)
        else detector  # another detector (a test's): its scores as they are
    )
    for number, record in _records(checker, path, evaluation):
        actual = record["unsupported"]  # a bool: checked by _records
        article = _article(record, number, path)
        findings = checker.rule_findings(article)
        rules = {f.rule for f in findings if f.category == "unsupported_claim"}
        if detector is None or scoring is None:
            evaluation.add(bool(rules), None, None, actual)
        else:
            # As at check time: the model speaks only on writer's-voice sentences
            # (a sentence it may not judge scores 0).
            scores = [item[3] for item in scoring.score(article, findings)]
            score = max(scores, default=0.0)
            evaluation.add(bool(rules), score >= detector.threshold, score, actual)
            if scores:  # a probability the model gave, not the 0 of a sentence it may not judge
                evaluation.calibrate(score, actual)
        for rule in rules:
            evaluation.hit(rule, actual)


def _attribution(checker: Checker, path: Path, evaluation: Evaluation) -> None:
    from qualitycheck.tools.voice_evaluation import measure_attribution

    measured = measure_attribution(checker, _records(checker, path, evaluation), path)
    # "rules": the quote-or-reporting-verb baseline; "model" and "combined":
    # the voice tagger. Positive = not the writer's voice (PolNeAR's scoring).
    for gold, tagged, lexical in zip(measured.gold, measured.tagged, measured.lexical, strict=True):
        reported = tagged != "writer"
        evaluation.add(lexical != "writer", reported, None, gold != "writer", reported)
    evaluation.extra = measured.summary
    evaluation.errors += measured.errors


def _mqm(checker: Checker, path: Path, evaluation: Evaluation) -> None:
    from qualitycheck.tools.mqm_evaluation import measure_mqm

    measured = measure_mqm(checker, _records(checker, path, evaluation), path)
    evaluation.extra, evaluation.errors = measured.summary, evaluation.errors + measured.errors


def _mt(checker: Checker, path: Path, evaluation: Evaluation) -> None:
    detector = checker.models.mt if checker.models else None
    rule_scores: dict[str, list[float]] = {"machine": [], "original": [], "human_translation": []}
    model_scores: dict[str, list[float]] = {label: [] for label in rule_scores}
    verdicts: dict[str, Counter[str]] = {label: Counter() for label in rule_scores}
    scored: list[Scored] = []
    for number, record in _records(checker, path, evaluation):
        label = record["label"]  # one of rule_scores' keys: checked by _records
        result = checker.check(_article(record, number, path))
        rule_findings = [
            f
            for f in result.findings
            if f.category == "machine_translation" and not f.rule.startswith("model-")
        ]
        rules = {f.rule for f in rule_findings}
        rule_scores[label].append(float(sum(f.confidence for f in rule_findings)))
        actual = label == "machine"
        probability = result.mt_probability
        model = (
            None if detector is None or probability is None else probability >= detector.threshold
        )
        kind = kind_of(label, record.get("source"))
        if probability is not None:
            model_scores[label].append(probability)
            scored.append(
                (kind, str(record.get("src_lang")), str(record.get("system")), probability)
            )
        evaluation.add(bool(rules), model, probability, actual)
        verdicts[label][result.verdict] += 1
        if kind != label:
            verdicts.setdefault(kind, Counter())[result.verdict] += 1
        for rule in rules:
            evaluation.hit(rule, actual)
    originals = sum(verdicts["original"].values())

    def auc(scores: dict[str, list[float]], negative: str) -> float | None:
        value = roc_auc(scores["machine"], scores[negative])
        return None if value is None else round(value, 4)

    evaluation.extra = {
        "articles": {label: len(values) for label, values in rule_scores.items()},
        # Articles the mt model gave no verdict (a body under its min_words).
        "model_unscored": {
            label: len(rule_scores[label]) - len(model_scores[label]) for label in rule_scores
        }
        if detector
        else None,
        "verdicts": {label: dict(sorted(counter.items())) for label, counter in verdicts.items()},
        "fail_share": {
            label: round(counter["fail"] / max(sum(counter.values()), 1), 4)
            for label, counter in verdicts.items()
        },
        "false_alarm_share": round(verdicts["original"]["fail"] / originals, 4)
        if originals
        else None,
        "roc_auc": {
            "rules_machine_vs_original": auc(rule_scores, "original"),
            "rules_machine_vs_human": auc(rule_scores, "human_translation"),
            "model_machine_vs_original": auc(model_scores, "original") if detector else None,
            "model_machine_vs_human": auc(model_scores, "human_translation") if detector else None,
        },
    }
    if detector is not None and scored:
        evaluation.extra.update(model_figures(scored, detector.threshold, detector.info_threshold))


def evaluate(checker: Checker, task: str, path: Path) -> Evaluation:
    """Run ``checker`` over labeled ``path`` for ``task``."""
    evaluation = Evaluation(task, str(path))
    tasks = {"boilerplate": _boilerplate, "claims": _claims, "mt": _mt, "attribution": _attribution}
    tasks["mqm"] = _mqm
    tasks[task](checker, path, evaluation)
    return evaluation


_MT_KEYS = ("articles", "model_unscored", "verdicts", "fail_share", "false_alarm_share", "roc_auc")
_VOICE_KEYS = (
    "sentences",
    "voice_macro_f1",
    "claim_flag_rate",
    "protected_sentences",
    "protected_flagged",
    "protected_flag_rate",
    "reported_words",
)


def format_text(evaluation: Evaluation) -> str:
    """A short human-readable report (input errors go to stderr, apart)."""
    data = evaluation.as_dict()
    if evaluation.task == "mqm":
        from qualitycheck.tools.mqm_evaluation import format_mqm

        return "\n".join([f"mqm on {evaluation.path}", *format_mqm(data)])

    def line(name: str, counts: dict[str, Any]) -> str:
        undefined = counts.get("undefined", ())

        def ratio(key: str) -> str:
            return "undefined" if key in undefined else f"{counts[key]:.3f}"

        text = (
            f"  {name:<10} precision {ratio('precision')}  recall {ratio('recall')}"
            f"  F1 {ratio('f1')}  (tp {counts['tp']}, fp {counts['fp']}, fn {counts['fn']})"
        )
        if isinstance(counts.get("roc_auc"), float):
            text += f"  ROC-AUC {counts['roc_auc']:.3f}"
        return text

    lines = [f"{evaluation.task} on {evaluation.path}", line("combined", data)]
    lines.append(line("rules", data["rules_only"]))
    if "models_only" in data:
        lines.append(line("model", data["models_only"]))
    if "in_body" in data:
        lines.append(line("in body", data["in_body"]))
    for key in (*_MT_KEYS, *_VOICE_KEYS):
        if key in data:
            lines.append(f"  {key}: {data[key]}")
    for key in sorted(k for k in data if k.startswith("mt_")):
        lines.append(f"  {key}: {data[key]}")
    if data.get("calibration"):
        lines.extend(format_calibration(data["calibration"]))
    if data["rules"]:
        lines.append("  per rule (hits, right, precision):")
        for rule, hits in sorted(data["rules"].items(), key=lambda item: -item[1]["hits"]):
            lines.append(
                f"    {rule:<34} {hits['hits']:>5} {hits['right']:>5}  {hits['precision']:.3f}"
            )
    return "\n".join(lines)
