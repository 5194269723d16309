"""How the mt model's article verdict holds on short texts.

The mt model and its error threshold were fitted and measured on whole
articles. A data team also checks paragraphs, abstracts and single sentences,
and there a linear model over a handful of words can be as sure as over a
page. This measures it with the default ``check`` (models on) in two ways:

- **excerpts**: every document of the mt model's dev mixture (the WMT records
  of ``mt/dev.jsonl`` and the original English web news of ``attribution`` and
  ``boilerplate`` dev cut to their content, as ``benchmarks/mt_data.py``
  writes them) cut to its shortest opening run of lines holding at least
  ``B`` words, for each budget ``B``; per budget, the share of originals and
  of human translations that reach the error threshold (the gate fails them)
  and the share of machine translations that do;
- **sentences**: the single sentences of ``claims/dev.jsonl`` (Wikipedia and
  news, original English), each checked as an article of its own, by length.

The detector gives no verdict below its ``min_words`` (``MIN_WORDS`` in
``qualitycheck/detect/models/mt/detector.py``); ``--min-words 0`` shows what
the model would say without that floor. Dev only.

    python benchmarks/mt_short_texts.py                 # the two tables
    python benchmarks/mt_short_texts.py --min-words 0   # without the floor
    python benchmarks/mt_short_texts.py --json
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import defaultdict
from collections.abc import Iterable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from qualitycheck.config.settings import Config  # noqa: E402
from qualitycheck.detect.models.mt.corpus import combined  # noqa: E402
from qualitycheck.pipeline.checker import Checker  # noqa: E402
from qualitycheck.readers.labeled import labeled_records  # noqa: E402
from qualitycheck.readers.txt import parse_text  # noqa: E402

CORPUS = ROOT.parent / "shared" / "corpus"
BUDGETS = (10, 20, 40, 80, 160, 320)
#: Word-count bands of the single sentences.
BANDS = ((1, 10), (11, 20), (21, 30), (31, 50), (51, 10_000))


def excerpt(text: str, budget: int) -> str | None:
    """The shortest opening run of non-empty lines with at least ``budget``
    words; None when the whole text has fewer."""
    kept: list[str] = []
    words = 0
    for line in text.split("\n"):
        if not line.strip():
            continue
        kept.append(line)
        words += len(line.split())
        if words >= budget:
            return "\n".join(kept)
    return None


def _kind(record: dict[str, Any]) -> str:
    label = str(record.get("label"))
    return "human" if label == "human_translation" else label


def _verdict(checker: Checker, text: str, name: str) -> tuple[int, float | None]:
    # No title line: a short text is all body, as a data team's records are.
    article = parse_text(text, name, name, first_line_is_title=False)
    result = checker.check(article)
    return result.metrics.get("words", 0), result.mt_probability


def excerpts(checker: Checker, records: Iterable[dict[str, Any]]) -> dict[str, Any]:
    threshold = checker.models.mt.threshold if checker.models and checker.models.mt else 1.0
    counts: dict[int, dict[str, list[int]]] = {b: defaultdict(lambda: [0, 0]) for b in BUDGETS}
    for record in records:
        kind = _kind(record)
        for budget in BUDGETS:
            text = excerpt(record["text"], budget)
            if text is None:
                continue
            _words, probability = _verdict(checker, text, str(record["id"]))
            if probability is None:
                continue
            entry = counts[budget][kind]
            entry[0] += probability >= threshold
            entry[1] += 1
    return {str(b): {k: v for k, v in sorted(c.items())} for b, c in counts.items()}


def sentences(checker: Checker, records: Iterable[dict[str, Any]]) -> dict[str, list[int]]:
    threshold = checker.models.mt.threshold if checker.models and checker.models.mt else 1.0
    bands: dict[str, list[int]] = {f"{lo}-{hi}": [0, 0] for lo, hi in BANDS}
    for record in records:
        words, probability = _verdict(checker, record["text"], str(record["id"]))
        if probability is None:
            continue
        for lo, hi in BANDS:
            if lo <= words <= hi:
                bands[f"{lo}-{hi}"][0] += probability >= threshold
                bands[f"{lo}-{hi}"][1] += 1
    return bands


def _share(pair: list[int]) -> str:
    failed, total = pair
    return f"{100 * failed / total:.1f}% of {total}" if total else "-"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpus", type=Path, default=CORPUS)
    parser.add_argument("--json", action="store_true")
    parser.add_argument(
        "--min-words", type=int, default=None, help="the detector's floor (default: shipped)"
    )
    args = parser.parse_args(argv)
    checker = Checker(Config())
    if args.min_words is not None and checker.models and checker.models.mt:
        checker.models.mt.min_words = args.min_words
    mixture = combined(
        labeled_records(args.corpus / "mt" / "dev.jsonl"),
        labeled_records(args.corpus / "attribution" / "dev.jsonl"),
        labeled_records(args.corpus / "boilerplate" / "dev.jsonl"),
    )
    result = {
        "excerpts": excerpts(checker, mixture),
        "sentences": sentences(checker, labeled_records(args.corpus / "claims" / "dev.jsonl")),
    }
    if args.json:
        print(json.dumps(result, indent=2))
        return 0
    print("excerpts of the mt dev mixture: share reaching the error threshold")
    print("| words at least | original | human translation | machine |")
    print("|---|---|---|---|")
    for budget, kinds in result["excerpts"].items():
        cells = [_share(kinds.get(k, [0, 0])) for k in ("original", "human", "machine")]
        print(f"| {budget} | " + " | ".join(cells) + " |")
    print("\nclaims dev sentences (original English), each as an article")
    print("| words | failed by the mt model |")
    print("|---|---|")
    for band, pair in result["sentences"].items():
        print(f"| {band} | {_share(pair)} |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
