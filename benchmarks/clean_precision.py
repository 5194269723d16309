"""What ``qualitycheck clean`` removes, at each ``--min-severity``.

``clean`` removes every block that carries a boilerplate finding at or above
``--min-severity``. This counts, for ``info`` (the default), ``warning`` and ``error``:

- on the labeled pages of ``corpus/boilerplate/{split}.jsonl``, the lines
  removed that are boilerplate, content or the page's headline (labeled
  ``title``: a headline is not boilerplate, so removing it is wrong), and the
  boilerplate lines kept; precision counts content and headlines as wrong;
- on the clean sets of ``benchmarks/false_alarms.py`` (original English,
  human translations, PolNeAR news, the pages cut to their content), the lines
  removed, every one of which is a loss, and the articles that lose any.

Each file is one run of the default checker (models included), as a ``clean``
of the JSONL file would be. Nothing is tuned on it.

    python benchmarks/clean_precision.py [--split dev|train] [--json]
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
CORPUS = HERE.parent.parent / "shared" / "corpus"

import false_alarms  # noqa: E402

from qualitycheck.config.settings import Config  # noqa: E402
from qualitycheck.document.findings import SEVERITY_RANK  # noqa: E402
from qualitycheck.pipeline.checker import Checker  # noqa: E402
from qualitycheck.readers.labeled import labeled_records  # noqa: E402
from qualitycheck.readers.txt import parse_text  # noqa: E402

LEVELS = ("info", "warning", "error")


def removed_lines(checker: Checker, text: str, name: str) -> dict[int, int]:
    """0-based line -> the highest rank (0 error .. 2 info) of a boilerplate finding on it."""
    article = parse_text(text, name, name, first_line_is_title=False)
    checker.prepare(article)
    lines: dict[int, int] = {}
    for finding in checker.check(article).findings:
        if finding.category == "boilerplate":
            for line in range(finding.line - 1, finding.end_line):
                lines[line] = min(lines.get(line, 2), SEVERITY_RANK[finding.severity])
    return lines


def pages(checker: Checker, path: Path) -> dict[str, dict[str, Any]]:
    """Per level: removed boilerplate/content/title lines, kept boilerplate, P and R."""
    counts: Counter[tuple[str, str, bool]] = Counter()
    checker.new_run()
    for record in labeled_records(path):
        removed = removed_lines(checker, record["text"], str(record["id"]))
        for index, label in enumerate(record["lines"]):
            for level in LEVELS:
                gone = removed.get(index, 3) <= SEVERITY_RANK[level]
                counts[(level, label, gone)] += 1
    result = {}
    for level in LEVELS:
        right = counts[(level, "boilerplate", True)]
        wrong = counts[(level, "content", True)] + counts[(level, "title", True)]
        kept = counts[(level, "boilerplate", False)]
        result[level] = {
            "removed_boilerplate": right,
            "removed_content": counts[(level, "content", True)],
            "removed_title": counts[(level, "title", True)],
            "kept_boilerplate": kept,
            "precision": round(right / max(right + wrong, 1), 3),
            "recall": round(right / max(right + kept, 1), 3),
        }
    return result


def clean_sets(checker: Checker, split: str) -> dict[str, dict[str, Any]]:
    """Per clean set: articles, lines, and per level the lines removed and articles touched."""
    result = {}
    for name, articles in false_alarms.clean_sets(split).items():
        checker.new_run()
        row: dict[str, Any] = {"articles": len(articles), "lines": 0}
        for level in LEVELS:
            row[level] = {"lines_removed": 0, "articles_touched": 0}
        for article in articles:
            removed = removed_lines(checker, article["text"], str(article["id"]))
            row["lines"] += sum(1 for line in article["text"].split("\n") if line.strip())
            for level in LEVELS:
                count = sum(rank <= SEVERITY_RANK[level] for rank in removed.values())
                row[level]["lines_removed"] += count
                row[level]["articles_touched"] += count > 0
        result[name] = row
    return result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--split", default="dev", choices=("dev", "train"))
    parser.add_argument("--json", action="store_true", help="machine-readable output")
    args = parser.parse_args(argv)
    path = CORPUS / "boilerplate" / f"{args.split}.jsonl"
    if not path.is_file():
        print(f"{path}: not found (needs ../shared)", file=sys.stderr)
        return 2
    checker = Checker(Config())
    report = {"pages": pages(checker, path), "clean_sets": clean_sets(checker, args.split)}
    if args.json:
        print(json.dumps(report, indent=1))
        return 0
    print(f"boilerplate/{args.split} pages, lines:")
    for level, row in report["pages"].items():
        print(
            f"  --min-severity {level:7s} removed {row['removed_boilerplate']} boilerplate, "
            f"{row['removed_content']} content, {row['removed_title']} headline; kept "
            f"{row['kept_boilerplate']} boilerplate: P {row['precision']:.3f} "
            f"R {row['recall']:.3f}"
        )
    print(f"clean sets ({args.split}), content lines removed (articles touched):")
    for name, row in report["clean_sets"].items():
        cells = ", ".join(
            f"{level} {row[level]['lines_removed']} ({row[level]['articles_touched']})"
            for level in LEVELS
        )
        print(f"  {name}: {row['articles']} articles, {row['lines']} lines; {cells}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
