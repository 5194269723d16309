"""Print the cross-validation figures recorded in an mt model as Markdown.

``qualitycheck train --task mt`` measures the model while it trains (two
cross-validation schemes: whole MT systems held out, whole source languages
held out) and writes what it measured into the ``training`` block of
``mt.json``. This script prints those figures as the tables of
docs/accuracy.md, so the documentation is copied from the model file rather
than typed:

    python benchmarks/mt_report.py                       # the shipped model
    python benchmarks/mt_report.py --model /tmp/mt-model/mt.json
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
SHIPPED = HERE.parent / "qualitycheck" / "detect" / "models" / "data" / "mt.json"


def _pct(value: float) -> str:
    return f"{value:.1%}"


def tables(training: dict[str, Any], threshold: float) -> list[str]:
    """The Markdown lines: per scheme ROC-AUC and shares, calibration, recall."""
    schemes = training["cv"]
    names = list(schemes)
    out = [f"Error threshold {threshold:.4f}; calibration: {training['calibration']}", ""]
    out += ["| | " + " | ".join(names) + " |", "|---|" + "---|" * len(names)]
    aucs = sorted({k for s in schemes.values() for k in s["auc"]})
    for key in aucs:
        values = [f"{schemes[n]['auc'].get(key, float('nan')):.3f}" for n in names]
        out.append(
            f"| ROC-AUC {key.replace('machine_vs_', 'machine vs ')} | " + " | ".join(values) + " |"
        )
    out.append(
        "| expected calibration error | "
        + " | ".join(f"{schemes[n]['ece']:.3f}" for n in names)
        + " |"
    )
    kinds = sorted({k for s in schemes.values() for k in s["share_at_threshold"]})
    for kind in kinds:
        values = [
            f"{_pct(s['share_at_threshold'][kind])} / {_pct(s['share_at_half'][kind])}"
            for s in (schemes[n] for n in names)
        ]
        out.append(f"| {kind}: share at threshold / at 0.5 | " + " | ".join(values) + " |")
    counts = training["counts"]
    cells = []
    for n in names:
        hits = {k: v * counts[k] for k, v in schemes[n]["share_at_threshold"].items()}
        right, total = hits["machine"], sum(hits.values())
        cells.append(f"{right / total:.3f} ({round(total - right)} wrong)" if total else "-")
    out.append("| precision of the error finding (training mix) | " + " | ".join(cells) + " |")
    out += band(training, names)
    for name in names:
        out += ["", f"Reliability ({name}, prior {training['calibration']['prior']}):", ""]
        out += ["| p bin | articles | mean p | observed share machine |", "|---|---:|---:|---:|"]
        for low, high, count, predicted, observed in schemes[name]["reliability"]:
            out.append(f"| {low:.1f}–{high:.1f} | {count} | {predicted:.3f} | {observed:.3f} |")
    out += ["", "Recall on machine translation at the threshold, per source language:", ""]
    languages = sorted({k for s in schemes.values() for k in s["recall_by_language"]})
    out += ["| language | " + " | ".join(names) + " |", "|---|" + "---:|" * len(names)]
    for language in languages:
        cells = []
        for n in names:
            recall, count = schemes[n]["recall_by_language"].get(language, [0.0, 0])
            cells.append(f"{_pct(recall)} of {count}")
        out.append(f"| {language} | " + " | ".join(cells) + " |")
    systems = schemes[names[0]]["recall_by_system"]
    out += ["", f"Recall per MT system ({names[0]}, systems with 10 or more articles):", ""]
    out += ["| system | recall | articles |", "|---|---:|---:|"]
    for system, (recall, count) in sorted(systems.items(), key=lambda kv: -kv[1][1]):
        if count >= 10:
            out.append(f"| {system} | {_pct(recall)} | {count} |")
    small = [(r, c) for r, c in systems.values() if c < 10]
    if small:
        hits = sum(round(r * c) for r, c in small)
        total = sum(c for _, c in small)
        out.append(f"| {len(small)} smaller systems | {_pct(hits / total)} | {total} |")
    return out


def band(training: dict[str, Any], names: list[str]) -> list[str]:
    """The info band below the error threshold: the share of each kind that
    lands in it, and how often an article in it is machine-translated, as the
    training data is mixed (counts in ``training["counts"]``)."""
    lower = training.get("cv_at_originals_only_threshold")
    if not lower:
        return []
    counts = training["counts"]
    out = ["", f"Info band from {training['originals_only_threshold']:.4f} to the threshold:", ""]
    out += ["| kind | " + " | ".join(names) + " |", "|---|" + "---:|" * len(names)]
    inside: dict[str, dict[str, float]] = {}
    for name in names:
        top = training["cv"][name]["share_at_threshold"]
        inside[name] = {k: v - top[k] for k, v in lower[name]["share_at_threshold"].items()}
    for kind in sorted(counts):
        out.append(f"| {kind} | " + " | ".join(_pct(inside[n][kind]) for n in names) + " |")
    precision = []
    for name in names:
        hits = {k: inside[name][k] * counts[k] for k in counts}
        total = sum(hits.values())
        precision.append(f"{hits['machine'] / total:.3f}" if total else "-")
    out.append("| precision in the band (training mix) | " + " | ".join(precision) + " |")
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--model", type=Path, default=SHIPPED, help="an mt.json")
    args = parser.parse_args(argv)
    data = json.loads(args.model.read_text(encoding="utf-8"))
    print("\n".join(tables(data["training"], data["threshold"])))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
