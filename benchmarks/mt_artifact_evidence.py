"""Are the mt rules' findings evidence for the article score?

Issue 15, item 2 asks for "the artifact spans as evidence" in an article score
that holds on unseen languages and systems. This measures it on ``train`` as
``benchmarks/mt_data.py`` writes it: each document's ``machine_translation``
rule findings (the default rule packs, no models), counted per artifact kind
(:mod:`qualitycheck.document.artifacts`) per 100 words, then

1. **How often** each kind appears in machine translations, human
   translations and original English (share of documents with one);
2. **With the model**: the shipped trainer's out-of-fold article margins in its
   two schemes (systems held out, source languages held out; the folds of
   ``qualitycheck train --task mt``), and a logistic regression over the
   margin and the counts fitted fold by fold on the same folds (as
   ``mt_predictability.py`` does): does adding them raise the ROC-AUC?

    python benchmarks/mt_data.py --output /tmp/mt-data
    python benchmarks/mt_artifact_evidence.py /tmp/mt-data/train.jsonl   # ~15 min CPU
"""

from __future__ import annotations

import argparse
import re
import sys
from collections import Counter, defaultdict
from collections.abc import Iterable
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent))

from qualitycheck.document.artifacts import ARTIFACTS  # noqa: E402
from qualitycheck.document.findings import Finding  # noqa: E402
from qualitycheck.readers.labeled import labeled_records  # noqa: E402

_WORD = re.compile(r"\w+")
#: The feature sets added to the margin.
SETS = {
    "+ any finding": ("any",),
    "+ one per kind": tuple(ARTIFACTS),
    "+ has a finding": ("present",),
}


def artifact_counts(text: str, findings: Iterable[Finding]) -> dict[str, float]:
    """Findings that name an artifact kind (the mt rules'; not the models'
    article-level ones), per 100 words, per kind and in all (``any``), and
    whether there is one (``present``: 0 or 1)."""
    counted = Counter(f.artifact for f in findings if f.artifact is not None)
    per_100 = 100.0 / max(len(_WORD.findall(text)), 1)
    counts = {kind: counted.get(kind, 0) * per_100 for kind in ARTIFACTS}
    total = sum(counted.values())
    return {**counts, "any": total * per_100, "present": float(total > 0)}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("data", help="train.jsonl written by benchmarks/mt_data.py")
    args = parser.parse_args(argv)
    from mt_predictability import out_of_fold_margins, print_with_model

    from qualitycheck.config.settings import Config
    from qualitycheck.pipeline.checker import Checker
    from qualitycheck.readers.txt import parse_text

    records = list(labeled_records(Path(args.data)))
    config = Config()
    config.use_models = False
    checker = Checker(config)
    rows: list[dict[str, Any]] = out_of_fold_margins(records)
    for number, (row, record) in enumerate(zip(rows, records, strict=True)):
        article = parse_text(record["text"], str(number), "-", first_line_is_title=False)
        row["stats"] = artifact_counts(record["text"], checker.check(article).findings)
    print(f"{len(rows)} documents\n\n| kind | " + " | ".join(sorted(_groups(rows))) + " |")
    print("|---|" + "---:|" * len(_groups(rows)))
    for kind in (*ARTIFACTS, "any"):
        shares = {
            group: sum(rows[i]["stats"][kind] > 0 for i in members) / len(members)
            for group, members in _groups(rows).items()
        }
        print(f"| {kind} | " + " | ".join(f"{shares[g]:.3f}" for g in sorted(shares)) + " |")
    print_with_model(rows, SETS)
    return 0


def _groups(rows: list[dict[str, Any]]) -> dict[str, list[int]]:
    groups: defaultdict[str, list[int]] = defaultdict(list)
    for number, row in enumerate(rows):
        groups["machine" if row["label"] == "machine" else row["kind"]].append(number)
    return dict(groups)


if __name__ == "__main__":
    raise SystemExit(main())
