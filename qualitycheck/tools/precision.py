"""Severity earned by measured precision: the table behind every default severity.

A gate is believed only while its failures are right, so a detector's default
severity is not a matter of taste: it is read off its precision measured on
labeled data it was not fitted to.

- A rule's hits are counted on the dev **and** train splits of its task's
  corpus (rules are written by hand, not fitted; the train split only adds
  support). A learned model's findings are counted on **dev** only, since it
  was fitted on train.
- ``error`` where precision is at least 0.97, ``warning`` at least 0.80,
  ``info`` below. A precision measured on a handful of hits is not a
  measurement: ``error`` also needs at least 20 hits and ``warning`` 10, and
  a detector no labeled data measures is ``info``. The table also shows the
  Wilson lower bound (one-sided 90 %) of each precision, for the reader who
  wants to see how sure each number is.
- What counts as right: a boilerplate finding on a line labeled boilerplate;
  a claim finding on a sentence labeled unsupported; a machine-translation
  finding in an article labeled machine.
- Machine translation is measured on the articles the mt model is trained and
  selected on (:func:`qualitycheck.detect.models.mt.corpus.combined`): the
  WMT records of ``mt/`` *and* original English web news (the PolNeAR articles
  of ``attribution/``, the pages of ``boilerplate/`` cut to their content).
  The WMT originals alone are clean text one segment a line, two thirds of
  ``mt/`` is machine translation, and a rule that fires on scraped news as
  often as on translations would read as precise there: the gate sees news.

``python -m qualitycheck.tools.precision`` measures and writes
``docs/severity-table.json`` and the table in ``docs/accuracy.md``;
``tests/test_severity_table.py`` fails when a shipped severity disagrees with
the committed table.
"""

from __future__ import annotations

import argparse
import json
import math
import tempfile
from dataclasses import asdict, dataclass
from pathlib import Path

from qualitycheck.config.settings import Config
from qualitycheck.detect.models.mt.corpus import combined
from qualitycheck.detect.models.registry import FINDINGS
from qualitycheck.detect.models.settings import finding_severity
from qualitycheck.pipeline.checker import Checker
from qualitycheck.primitives.output import open_output
from qualitycheck.readers.labeled import labeled_records
from qualitycheck.tools import run_tool
from qualitycheck.tools.evaluation import Evaluation, evaluate
from qualitycheck.tools.reported import CATEGORIES, reported_model_hits

#: One-sided 90 % normal quantile for the Wilson lower bound shown in the table.
Z = 1.2816
ERROR_PRECISION = 0.97
WARNING_PRECISION = 0.80
#: Hits a detector needs before its precision can earn each severity.
ERROR_SUPPORT = 20
WARNING_SUPPORT = 10
#: Task -> the model findings measured on its dev split, as ``check`` reports
#: them (:mod:`qualitycheck.tools.reported`). ``model-mt-possible`` is info by
#: design (a quarter of human translations reach its band) and
#: ``model-mt-evidence`` only accompanies ``model-machine-translation``, whose
#: article it marks: neither earns a severity of its own.
MEASURED = {
    "boilerplate": ("model-boilerplate", "model-boilerplate-possible"),
    "claims": ("model-unsupported-claim",),
    "mt": ("model-machine-translation",),
}
#: The corpora whose splits make the mt model's mixture, in ``combined``'s order.
MT_MIXTURE = ("mt", "attribution", "boilerplate")
REPO = Path(__file__).resolve().parents[2]
TABLE = REPO / "docs" / "severity-table.json"
ACCURACY = REPO / "docs" / "accuracy.md"
START, END = "<!-- severity-table:start -->", "<!-- severity-table:end -->"


def lower_bound(right: int, hits: int) -> float:
    """Wilson score lower bound of the precision ``right / hits``."""
    if hits == 0:
        return 0.0
    share = right / hits
    z2 = Z * Z
    centre = share + z2 / (2 * hits)
    spread = Z * math.sqrt(share * (1 - share) / hits + z2 / (4 * hits * hits))
    return (centre - spread) / (1 + z2 / hits)


def earned(right: int, hits: int) -> str:
    """The severity a detector's measured precision earns."""
    precision = right / hits if hits else 0.0
    if precision >= ERROR_PRECISION and hits >= ERROR_SUPPORT:
        return "error"
    if precision >= WARNING_PRECISION and hits >= WARNING_SUPPORT:
        return "warning"
    return "info"


@dataclass
class Row:
    """One detector's measurement."""

    detector: str
    category: str
    data: str
    hits: int
    right: int
    precision: float | None
    lower_bound: float | None
    recall: float | None
    severity: str


def _row(detector: str, category: str, data: str, right: int, hits: int, positives: int) -> Row:
    return Row(
        detector,
        category,
        data,
        hits,
        right,
        round(right / hits, 4) if hits else None,
        round(lower_bound(right, hits), 4) if hits else None,
        round(right / positives, 4) if positives else None,
        earned(right, hits),
    )


def _positives(evaluation: Evaluation) -> int:
    return evaluation.counts.tp + evaluation.counts.fn


def _mt_with_web_news(corpus: Path, folder: Path) -> tuple[Path, Path]:
    """``dev`` and ``train`` of the mt model's own mixture, written to ``folder``."""
    paths = []
    for split in ("dev", "train"):
        records = combined(
            *(labeled_records(corpus / task / f"{split}.jsonl") for task in MT_MIXTURE),
        )
        path = folder / f"mt-{split}.jsonl"
        with path.open("w", encoding="utf-8") as stream:
            stream.writelines(json.dumps(r, ensure_ascii=False) + "\n" for r in records)
        paths.append(path)
    return paths[0], paths[1]


def measure(corpus: Path) -> list[Row]:
    """Every rule and model finding id, measured on ``corpus`` (``../shared/corpus``)."""
    with tempfile.TemporaryDirectory(prefix="qualitycheck-precision-") as folder:
        mt_files = _mt_with_web_news(corpus, Path(folder))
        return _measure(corpus, mt_files)


def _measure(corpus: Path, mt_files: tuple[Path, Path]) -> list[Row]:
    rules_checker = Checker(Config(use_models=False))
    full_checker = Checker(Config())
    rows: list[Row] = []
    measured: set[str] = set()
    for task, category in CATEGORIES.items():
        dev = corpus / task / "dev.jsonl"
        train = corpus / task / "train.jsonl"
        name = task
        if task == "mt":
            (dev, train), name = mt_files, "mt+web"
        hits: dict[str, list[int]] = {}
        positives = 0
        for path in (dev, train):
            evaluation = evaluate(rules_checker, task, path)
            positives += _positives(evaluation)
            for rule, counted in evaluation.rules.items():
                entry = hits.setdefault(rule, [0, 0])
                entry[0] += counted.right
                entry[1] += counted.right + counted.wrong
        for rule, (right, total) in sorted(hits.items()):
            rows.append(_row(rule, category, f"{name} dev+train", right, total, positives))
            measured.add(rule)
        found = _positives(evaluate(full_checker, task, dev))
        reported = reported_model_hits(full_checker, task, dev)
        for finding_id in MEASURED[task]:
            right, total = reported.get(finding_id, (0, 0))
            rows.append(_row(finding_id, category, f"{name} dev", right, total, found))
            measured.add(finding_id)
    for loaded in rules_checker.rules:
        meta = loaded.meta
        if meta.id not in measured:
            rows.append(Row(meta.id, meta.category, "-", 0, 0, None, None, None, "info"))
    for finding in FINDINGS:
        if finding.id not in measured:
            rows.append(Row(finding.id, finding.category, "-", 0, 0, None, None, None, "info"))
    return rows


def shipped_severities() -> dict[str, str]:
    """The default severity of every rule and model finding id as shipped."""
    checker = Checker(Config(use_models=False))
    shipped = {rule.meta.id: rule.meta.severity for rule in checker.rules}
    shipped.update({f.id: finding_severity(f.id, {}) for f in FINDINGS})
    return shipped


def markdown(rows: list[Row]) -> str:
    """The table for docs/accuracy.md."""
    lines = [
        START,
        "| detector | category | measured on | hits | right | precision | lower bound | "
        "recall | severity |",
        "|---|---|---|---:|---:|---:|---:|---:|---|",
    ]

    def number(value: float | None) -> str:
        return "–" if value is None else f"{value:.3f}"

    for row in rows:
        lines.append(
            f"| `{row.detector}` | {row.category} | {row.data} | {row.hits} | {row.right} | "
            f"{number(row.precision)} | {number(row.lower_bound)} | {number(row.recall)} | "
            f"{row.severity} |"
        )
    lines.append(END)
    return "\n".join(lines)


def write(rows: list[Row]) -> None:
    with open_output(str(TABLE)) as stream:  # (Ctrl-C leaves the old file whole)
        stream.write(json.dumps([asdict(r) for r in rows], indent=2) + "\n")
    text = ACCURACY.read_text(encoding="utf-8")
    table = markdown(rows)
    if START in text:
        text = text[: text.index(START)] + table + text[text.index(END) + len(END) :]
    else:
        text = text.rstrip() + "\n\n## Severity earned by precision\n\n" + table + "\n"
    with open_output(str(ACCURACY)) as stream:
        stream.write(text)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--corpus",
        type=Path,
        default=REPO.parent / "shared" / "corpus",
        help="the labeled corpora (default: ../shared/corpus)",
    )
    parser.add_argument("--check", action="store_true", help="print, write nothing")
    args = parser.parse_args(argv)
    rows = measure(args.corpus)
    if args.check:
        print(markdown(rows))
    else:
        write(rows)
    shipped = shipped_severities()
    for row in rows:
        if shipped.get(row.detector, row.severity) != row.severity:
            print(f"{row.detector}: shipped {shipped[row.detector]}, earned {row.severity}")
    return 0


if __name__ == "__main__":
    run_tool(main)
