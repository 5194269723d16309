"""``qualitycheck evaluate --task attribution``: who speaks, and whether the
claim findings stay out of reported speech.

Each record is a PolNeAR-style article (``../shared/corpus/attribution``):
``text``, ``sentences`` (offsets), ``voice`` per sentence (``writer``,
``attributed``, ``mixed``) and the ``attributions`` (source, cue and content
spans). Measured:

- sentence voice of the tagger (:mod:`qualitycheck.detect.signals.voice`)
  and of the learned sentence model over it
  (:mod:`qualitycheck.detect.models.voice_sentence`, which the claims model
  gates on) against a quote-or-reporting-verb baseline (the "rules" line): binary
  (writer vs not, as PolNeAR's scorer counts ``mixed``) and three-way
  macro-F1;
- the claim findings of the whole default pipeline (rules and model) per gold
  voice: the share of ``attributed`` sentences flagged (the gate must not
  call reported speech the writer's claim), and the share of *protected*
  sentences flagged: wholly attributed with a named span as source, or mostly
  inside quotation marks;
- the words ``sentence_voices`` reports as a source's (the API's ``reported``
  runs) against the words inside any attribution span, beside reporting
  every word of a sentence not in the writer's voice.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from qualitycheck.detect.models.article_voices import reported_runs
from qualitycheck.detect.models.voice import VOICES, _covered, binary, macro_f1, tag_record
from qualitycheck.detect.models.voice_sentence import shipped_sentence_model
from qualitycheck.detect.models.voice_sentence import tag_record as tag_record_learned
from qualitycheck.detect.signals.attribution import QUOTE_MARK, REPORTING_VERB, group_source
from qualitycheck.detect.signals.voice import SentenceVoice, shipped_model, tokenize
from qualitycheck.errors import InputError
from qualitycheck.readers.txt import parse_text

if TYPE_CHECKING:
    from qualitycheck.pipeline.checker import Checker


@dataclass
class VoiceMeasurement:
    """Per sentence: the gold voice, the tagger's and the baseline's; and the
    summary that ``evaluate`` prints."""

    gold: list[str] = field(default_factory=list)
    tagged: list[str] = field(default_factory=list)
    learned: list[str] = field(default_factory=list)
    lexical: list[str] = field(default_factory=list)
    summary: dict[str, Any] = field(default_factory=dict)
    errors: list[InputError] = field(default_factory=list)


def baseline(sentence: str) -> str:
    """The quote-or-reporting-verb baseline: any quotation mark or reporting verb."""
    return (
        "attributed" if QUOTE_MARK.search(sentence) or REPORTING_VERB.search(sentence) else "writer"
    )


def _sourced(record: dict[str, Any], start: int, end: int) -> bool:
    """Whether an attribution to a source overlaps ``[start, end)``: its source
    span names someone or an unnamed group news reports ("officials"), not a
    crowd ("many experts", "some"), which is the weasel form the claim
    findings are meant to catch."""
    text = record["text"]
    for attribution in record["attributions"]:
        words = [w for s, e in attribution.get("source", []) for w in text[s:e].split()]
        if not group_source(words):
            continue
        spans = [s for role in ("cue", "content") for s in attribution.get(role, [])]
        if any(s < end and e > start for s, e in spans):
            return True
    return False


def _quoted(text: str) -> bool:
    words = [t for t in tokenize(text)[0] if t.is_word]
    return bool(words) and sum(t.quoted for t in words) / len(words) >= 0.5


def _flagged_sentences(
    checker: Checker, record: dict[str, Any], number: int, path: Path
) -> set[int]:
    """Indices of the sentences that hold a claim finding of the default pipeline."""
    article = parse_text(
        record["text"], str(record.get("id", number)), str(path), first_line_is_title=False
    )
    starts = [s for s, _ in record["sentences"]]
    flagged = set()
    for finding in checker.check(article).findings:
        if finding.category != "unsupported_claim":
            continue
        for index, (start, end) in enumerate(record["sentences"]):
            if start <= finding.start < end:
                flagged.add(index)
                break
    del starts
    return flagged


def measure_attribution(
    checker: Checker, records: Iterable[tuple[int, dict[str, Any]]], path: Path
) -> VoiceMeasurement:
    """Measure the voice tagger and the claim findings (see the module docstring).

    ``records`` are those that passed
    :func:`~qualitycheck.tools.labels.label_problem` for ``attribution``: one
    voice per sentence, and every sentence and attribution span inside the text."""
    model = shipped_model()
    sentence_model = shipped_sentence_model()
    result = VoiceMeasurement()
    gold, tagged, lexical = result.gold, result.tagged, result.lexical
    sentences: Counter[str] = Counter()
    flagged: Counter[str] = Counter()
    protected = protected_flagged = claim_findings = 0
    words: Counter[str] = Counter()
    for number, record in records:
        voices = record["voice"]
        text = record["text"]
        tagger_voices = tag_record(record, model) if model else []
        predicted = [v.voice for v in tagger_voices] if model else ["writer"] * len(voices)
        learned = tag_record_learned(record, sentence_model) if sentence_model else tagger_voices
        result.learned += [v.voice for v in learned] if learned else predicted
        if learned:
            _count_reported_words(record, learned, words)
        hits = _flagged_sentences(checker, record, number, path)
        for index, ((start, end), voice) in enumerate(
            zip(record["sentences"], voices, strict=True)
        ):
            sentence = text[start:end]
            gold.append(voice)
            tagged.append(predicted[index])
            lexical.append(baseline(sentence))
            sentences[voice] += 1
            flagged[voice] += index in hits
            claim_findings += index in hits
            if (voice == "attributed" and _sourced(record, start, end)) or _quoted(sentence):
                protected += 1
                protected_flagged += index in hits
    gold_binary = [binary(v) for v in gold]
    result.summary = {
        "sentences": dict(sentences),
        "voice_macro_f1": {
            "tagger_binary": round(
                macro_f1(gold_binary, [binary(v) for v in tagged], ("writer", "attributed")), 4
            ),
            "tagger_three_way": round(macro_f1(gold, tagged, VOICES), 4),
            # The learned sentence model (detect/models/voice_sentence.py)
            # that decides the voice the claims model gates on.
            "sentence_model_binary": round(
                macro_f1(
                    gold_binary, [binary(v) for v in result.learned], ("writer", "attributed")
                ),
                4,
            ),
            "sentence_model_three_way": round(macro_f1(gold, result.learned, VOICES), 4),
            "baseline_binary": round(macro_f1(gold_binary, lexical, ("writer", "attributed")), 4),
        },
        "claim_flag_rate": {
            voice: round(flagged[voice] / sentences[voice], 4) if sentences[voice] else None
            for voice in VOICES
        },
        "protected_sentences": protected,
        "protected_flagged": protected_flagged,
        "protected_flag_rate": round(protected_flagged / protected, 4) if protected else None,
        "sentences_with_claim_findings": claim_findings,
        "reported_words": _reported_words(words),
    }
    return result


def _count_reported_words(
    record: dict[str, Any], voices: list[SentenceVoice], counts: Counter[str]
) -> None:
    """Count, word by word, the gold (inside any attribution's source, cue or
    content span) against the API's ``reported`` runs (``runs_*``) and against
    every word of a sentence not in the writer's voice (``whole_*``)."""
    covered = _covered(record)
    for (start, _end), voice in zip(record["sentences"], voices, strict=True):
        shift = start - voice.start  # (the voices' offsets are their paragraph's)
        runs = () if voice.voice == "writer" else reported_runs(voice)
        if voice.voice == "mixed":
            counts["mixed_sentences"] += 1
            counts["mixed_without_run"] += not runs
        for token in voice.tokens:
            if not token.is_word:
                continue
            gold = any(covered[shift + token.start : shift + token.end])
            in_run = any(s <= token.start and token.end <= e for s, e in runs)
            for name, said in (("runs", in_run), ("whole", voice.voice != "writer")):
                counts[f"{name}_tp"] += said and gold
                counts[f"{name}_fp"] += said and not gold
                counts[f"{name}_fn"] += gold and not said


def _reported_words(counts: Counter[str]) -> dict[str, Any]:
    """Word precision, recall and F1 of the runs and of whole sentences."""

    def scores(name: str) -> dict[str, float | int | None]:
        tp, fp, fn = (counts[f"{name}_{key}"] for key in ("tp", "fp", "fn"))
        precision = tp / (tp + fp) if tp + fp else None
        recall = tp / (tp + fn) if tp + fn else None
        f1 = 2 * precision * recall / (precision + recall) if precision and recall else None
        return {
            "precision": None if precision is None else round(precision, 4),
            "recall": None if recall is None else round(recall, 4),
            "f1": None if f1 is None else round(f1, 4),
            "tp": tp,
            "fp": fp,
            "fn": fn,
        }

    return {
        "runs": scores("runs"),
        "whole_sentences": scores("whole"),
        "mixed_sentences": counts["mixed_sentences"],
        "mixed_without_run": counts["mixed_without_run"],
    }
