"""Write the mt model's training and evaluation files from ``../shared/corpus``.

``qualitycheck train --task mt`` and ``qualitycheck evaluate --task mt`` read
one labeled JSONL each. The model's "original" side needs original English
web news besides the WMT originals (see
:mod:`qualitycheck.detect.models.mt.corpus`), so this script combines, per
split, the WMT records of ``mt/<split>.jsonl``, the PolNeAR articles of
``attribution/<split>.jsonl`` and the pages of ``boilerplate/<split>.jsonl``
cut to their content lines, and writes ``<output>/<split>.jsonl``. Corpus text
never enters the repository: write to a temporary folder.

    python benchmarks/mt_data.py --output /tmp/mt-data
    qualitycheck train --task mt /tmp/mt-data/train.jsonl --output /tmp/mt-model
    qualitycheck evaluate --task mt /tmp/mt-data/dev.jsonl

Only train splits are for training; dev is for selection and reporting. The
output is deterministic (same corpus, same bytes).
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

from qualitycheck.detect.models.mt.corpus import combined  # noqa: E402

CORPUS = HERE.parent.parent / "shared" / "corpus"
SPLITS = ("train", "dev")


def _rows(path: Path) -> Iterator[dict[str, Any]]:
    with path.open(encoding="utf-8") as stream:
        for line in stream:
            if line.strip():
                yield json.loads(line)


def write_split(corpus: Path, split: str, output: Path) -> Counter[tuple[str, str]]:
    """Write ``output/<split>.jsonl``; returns the count per (source, label)."""
    records = combined(
        _rows(corpus / "mt" / f"{split}.jsonl"),
        _rows(corpus / "attribution" / f"{split}.jsonl"),
        _rows(corpus / "boilerplate" / f"{split}.jsonl"),
    )
    output.mkdir(parents=True, exist_ok=True)
    with (output / f"{split}.jsonl").open("w", encoding="utf-8") as stream:
        for record in records:
            stream.write(json.dumps(record, ensure_ascii=False, sort_keys=True) + "\n")
    return Counter((str(r["source"]), str(r["label"])) for r in records)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpus", type=Path, default=CORPUS, help="the shared corpus folder")
    parser.add_argument("--output", type=Path, required=True, help="folder to write into")
    parser.add_argument("--split", choices=SPLITS, action="append", help="default: both")
    args = parser.parse_args(argv)
    if args.output.resolve().is_relative_to(HERE.parent.resolve()):
        parser.error("write corpus text outside the repository (e.g. /tmp/mt-data)")
    for split in args.split or SPLITS:
        counts = write_split(args.corpus, split, args.output)
        summary = ", ".join(f"{s}/{label} {n}" for (s, label), n in sorted(counts.items()))
        print(f"{args.output / f'{split}.jsonl'}: {summary}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
