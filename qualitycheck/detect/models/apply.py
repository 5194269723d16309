"""Run the learned detectors on a checked article and turn their output into
findings that merge with the rule findings.

- boilerplate: a line the model calls boilerplate becomes a finding, unless a
  rule already flagged it;
- claims: a sentence the model calls unsupported becomes a finding, unless a
  claim rule already flagged a cue in it;
- mt: the article's ``mt_probability``; above the threshold a finding on
  the article's first paragraph (:func:`verdict_block`), and the sentences
  that weigh most as info findings, so an editor sees why; in a band below
  the threshold one info finding (likely enough to mention, not precise
  enough to warn).
"""

from __future__ import annotations

import importlib
import re
from pathlib import Path

from qualitycheck.detect.models.boilerplate import flagged_blocks
from qualitycheck.detect.models.boilerplate_kernel import BODY_MIN_WORDS
from qualitycheck.detect.models.protocols import (
    ArticleDetector,
    Detector,
    LineDetector,
    SentenceDetector,
)
from qualitycheck.detect.models.registry import DETECTORS
from qualitycheck.detect.models.set_aside import never_reported
from qualitycheck.detect.models.settings import ModelSettings, finding_severity, severity_of
from qualitycheck.detect.rules.engine import named_under_generic
from qualitycheck.detect.rules.kinds.layout import is_prose
from qualitycheck.document.article import Article, Block
from qualitycheck.document.findings import Finding, merge_findings
from qualitycheck.errors import QualitycheckError

SHIPPED = Path(__file__).resolve().parent / "data"
#: The boilerplate model's finding below its warning threshold.
BAND = "model-boilerplate-possible"


class ModelSet:
    """The enabled detectors, loaded once per run."""

    def __init__(self, folder: Path | None, settings: dict[str, ModelSettings]) -> None:
        if folder is not None and not folder.is_dir():
            # A mistyped --models would otherwise run the shipped models unnoticed.
            found = "is not a folder" if folder.exists() else "no such folder"
            raise QualitycheckError(f"{folder}: models folder: {found}")
        self.settings = settings
        self.boilerplate: LineDetector | None = None
        self.claims: SentenceDetector | None = None
        self.mt: ArticleDetector | None = None
        #: The folder each loaded task's model came from (``evaluate`` names it).
        self.sources: dict[str, Path] = {}
        for task, (module, name) in DETECTORS.items():
            options = settings.get(task, ModelSettings())
            if not options.enabled:
                continue
            source = folder if folder is not None and _has_model(folder, task) else SHIPPED
            if not _has_model(source, task):
                continue  # this build ships no such model: the rules still run
            loader: type[Detector] = getattr(importlib.import_module(module), name)
            detector = loader.load(source)
            if options.threshold is not None:
                detector.threshold = options.threshold
            setattr(self, task, detector)
            self.sources[task] = source

    def new_run(self) -> None:
        """Forget the articles seen so far: the next article starts a run."""
        if self.boilerplate is not None:
            self.boilerplate.new_run()

    def run_state(self) -> object:
        """What this run has seen (the boilerplate model's line memory)."""
        return self.boilerplate.run_state() if self.boilerplate is not None else None

    def resume(self, state: object) -> None:
        """Carry on the run :meth:`run_state` returned."""
        if self.boilerplate is not None:
            self.boilerplate.resume(state)

    def build_tables(self) -> None:
        """Build now the tables a run builds after its first sentences (a
        one-file run never needs them); a parallel run does this before forking."""
        if self.claims is not None:
            self.claims.build_tables()

    def prepare(self, article: Article) -> None:
        """Fill in what depends on the articles before this one (in input order)."""
        if self.boilerplate is not None:
            self.boilerplate.prepare(article)

    def apply(
        self,
        article: Article,
        findings: list[Finding],
        language: str | None,
        generic_rules: frozenset[str] = frozenset(),
    ) -> tuple[list[Finding], float | None]:
        """The merged findings and the article's machine-translation probability.

        The boilerplate model arbitrates the structural guesses of generic rules
        (``layout``): such a finding stays only where the model agrees, and the
        model adds the lines no rule named. Named rules are never overruled.
        """
        extra: list[Finding] = []
        if self.boilerplate is not None:
            findings = self._boilerplate(self.boilerplate, article, findings, generic_rules, extra)
        english = language in (None, "en")
        if self.claims is not None and english:
            self._claims(self.claims, article, findings, extra)
        mt_probability = None
        if self.mt is not None and english and article.body_blocks:
            mt_probability = self._mt(self.mt, article, findings, extra)
        return merge_findings([*findings, *extra]), mt_probability

    def _claims(
        self,
        detector: SentenceDetector,
        article: Article,
        findings: list[Finding],
        extra: list[Finding],
    ) -> None:
        severity = severity_of("claims", self.settings)
        for block, start, end, probability, has_rule in detector.score(article, findings):
            if not has_rule:
                extra.append(
                    Finding.at(
                        article,
                        block,
                        (start, end),
                        rule="model-unsupported-claim",
                        category="unsupported_claim",
                        severity=severity,
                        message=_claim_message(
                            probability, detector.reason(block.text[start:end], set())
                        ),
                        confidence=probability,
                    )
                )

    def _mt(
        self,
        detector: ArticleDetector,
        article: Article,
        findings: list[Finding],
        extra: list[Finding],
    ) -> float | None:
        """The article's probability; at or above the error threshold the
        gate's finding and its evidence sentences, in the informational band
        below it one info finding (measured in docs/accuracy.md). None, and
        no finding, for a body shorter than the detector's ``min_words``."""
        if len(article.body_text.split(maxsplit=detector.min_words)) < detector.min_words:
            return None
        probability, evidence = detector.score(article, findings)
        threshold, band = detector.threshold, detector.info_threshold

        def article_finding(rule: str, message: str) -> Finding:
            # the boilerplate model's findings are in ``extra``: a teaser it
            # flags over the story reads as prose, and no rule names it
            first = verdict_block(article, [*findings, *extra])
            return Finding.at(
                article,
                first,
                (0, len(first.text)),
                rule=rule,
                category="machine_translation",
                severity=finding_severity(rule, self.settings),
                message=message,
                confidence=probability,
            )

        if probability >= threshold:
            extra.append(
                article_finding(
                    "model-machine-translation",
                    f"Article reads as machine-translated (model p = {probability:.2f}, "
                    f"threshold {threshold:.2f}){_evidence_note(len(evidence))}",
                )
            )
        else:
            if band is not None and probability >= band:
                # The band only informs: no evidence sentences, which on the
                # originals and human translations in it would be noise.
                extra.append(
                    article_finding(
                        "model-mt-possible",
                        f"Article may be machine-translated (model p = {probability:.2f}, "
                        f"below the threshold {threshold:.2f}; many human translations "
                        "score this high too)",
                    )
                )
            return round(probability, 4)
        for rank, (block, start, end, weight) in enumerate(evidence, 1):
            extra.append(
                Finding.at(
                    article,
                    block,
                    (start, end),
                    rule="model-mt-evidence",
                    category="machine_translation",
                    severity=finding_severity("model-mt-evidence", self.settings),
                    message=(
                        "Sentence weighs towards machine translation: "
                        f"{_among(rank, len(evidence))} in the article's verdict "
                        f"(sentence model p = {weight:.2f})"
                    ),
                    confidence=weight,
                )
            )
        return round(probability, 4)

    def _boilerplate(
        self,
        detector: LineDetector,
        article: Article,
        findings: list[Finding],
        generic_rules: frozenset[str],
        extra: list[Finding],
    ) -> list[Finding]:
        probabilities = detector.probabilities(article, findings)
        threshold = detector.threshold
        warning = max(threshold, detector.warning_threshold)
        silent = never_reported(article, [f for f in findings if f.rule not in generic_rules])
        for block, probability in zip(article.blocks, probabilities, strict=True):
            if probability >= threshold and id(block) not in silent:
                # Below the warning threshold the model is right on about three lines
                # in five (0.60 on dev): worth showing, not worth a warning (accuracy.md).
                # A cell of a table the document marks up (Markdown, HTML) is short
                # because tables are: the model, which read only lines of text, took a
                # league table's "Pos" and "Team" for a menu. Shown, never warned.
                cell = block.kind == "table_cell"
                # A line of rating stars ("★★★★☆") is a review's verdict; the model never
                # saw one (no line of the boilerplate corpus has a star) and took it for a
                # widget because it is short and has no words. Shown, never warned.
                stars = is_star_rating(block.text)
                # An item of a list the document marks up that is not a link is a
                # fact of the article (a list of charges, of schools closed, a fact
                # box's "Use by" date): menus and related-article lists are links.
                # The model read only lines of text and took such items for menus
                # (p 0.90-0.99 on clean CMS articles). Shown, never warned.
                item = block.is_fact_item
                quiet = cell or stars or item
                rule = "model-boilerplate" if probability >= warning and not quiet else BAND
                if rule != BAND:
                    message = f"Line looks like page boilerplate (model p = {probability:.2f})"
                elif cell:
                    message = (
                        f"Table cell may be page boilerplate (model p = {probability:.2f}; "
                        "a cell of a marked-up table is shown, not warned about)"
                    )
                elif item:
                    message = (
                        f"List item may be page boilerplate (model p = {probability:.2f}; "
                        "an item of a marked-up list that is no link is shown, "
                        "not warned about)"
                    )
                elif stars:
                    message = (
                        f"Rating line may be page boilerplate (model p = {probability:.2f}; "
                        "a line of rating stars is shown, not warned about)"
                    )
                else:
                    message = (
                        f"Line may be page boilerplate (model p = {probability:.2f}, "
                        f"below the warning level {warning:.2f})"
                    )
                extra.append(
                    Finding.at(
                        article,
                        block,
                        (0, len(block.text)),
                        rule=rule,
                        category="boilerplate",
                        severity=finding_severity(rule, self.settings),
                        message=message,
                        confidence=probability,
                    )
                )
        # A guess of a generic rule stands only where the model agrees, and then the
        # model's finding (with its confidence) reports the line; a named rule wins.
        kept = [
            f for f in findings if not (f.category == "boilerplate" and f.rule in generic_rules)
        ]
        named = {f.start for f in kept if f.category == "boilerplate"}
        extra[:] = [
            f for f in extra if f.rule not in ("model-boilerplate", BAND) or f.start not in named
        ]
        # A named rule's finding that the rules' merge hid under a generic guess
        # of higher severity (the wire desk's note that boilerplate-outside-body
        # also flags) is reported where the model drops the guess and names
        # nothing there itself: named rules are never overruled.
        reported = named | {f.start for f in extra if f.category == "boilerplate"}
        extra += [
            f
            for f in named_under_generic(article)
            if f.category == "boilerplate" and f.start not in reported
        ]
        return kept


#: A line of nothing but one to five rating stars, filled and empty ("★★★★☆",
#: "★★★"), with spaces between them at most.
_STARS = re.compile(r"[ \t]*(?:[★☆✩✭✮✯][ \t]*){1,5}")


def is_star_rating(text: str) -> bool:
    """Whether a line is only a star rating (a review's verdict, not a widget:
    a ratings widget says more, "4.5 ★ (1,203 reviews)", "Rate this")."""
    return len(text) <= 20 and _STARS.fullmatch(text) is not None


def _claim_message(probability: float, reason: str) -> str:
    """What the claims model measured, in words that claim no more than that:
    a sentence in the writer's own voice (no quote, no named source) that the
    model scores at ``probability``, and the words that weighed most."""
    cue = f"; words that weigh most: {reason}" if reason else ""
    return (
        "Writer's-voice sentence without a source, scored as an unsupported claim "
        f"(model p = {probability:.2f}{cue})"
    )


def _has_model(folder: Path, task: str) -> bool:
    return (folder / f"{task}.json").is_file()


def _evidence_note(count: int) -> str:
    """Where the verdict's evidence is shown: the sentences the
    ``model-mt-evidence`` findings mark, if any."""
    if not count:
        return ""
    if count == 1:
        return "; the sentence that weighs most is flagged (model-mt-evidence)"
    return f"; the {count} sentences that weigh most are flagged (model-mt-evidence)"


def _among(rank: int, count: int) -> str:
    """Where an evidence sentence stands: "the one that weighs most", "the
    second of the 3 that weigh most" (not "second of the article's evidence",
    a phrase of the code's, not an editor's)."""
    if count == 1:
        return "the one that weighs most"
    ordinal = {1: "first", 2: "second", 3: "third"}.get(rank, f"number {rank}")
    return f"the {ordinal} of the {count} that weigh most"


def verdict_block(article: Article, findings: list[Finding]) -> Block:
    """The block an article-level verdict is shown on: the first body paragraph
    of prose that no boilerplate finding starts in, else the first body block
    no such finding starts in, else the first body block.

    The verdict judges the whole article; shown on a scraped page's first line
    (a menu, "Home | News"), it read as a finding about the menu.
    """
    body = article.body_blocks
    flagged = flagged_blocks(article, findings)
    kept = [block for block in body if block.index not in flagged]
    for block in kept:
        if is_prose(block.text, BODY_MIN_WORDS):
            return block
    return kept[0] if kept else body[0]
