"""Steady CPU per article and stage, two source trees alternated: where a
same-output speed change saves its time.

    python benchmarks/stage_ab_benchmark.py --tree OLD_TREE --tree . --rounds 3

Each round runs one child process per tree, in turn (``PYTHONPATH`` at the
tree, its kernels built there), so the load of a shared machine falls on both
alike. A child checks the pipeline benchmark's articles (about 4 KB each, from
the texts of ``../shared/corpus/audit``, timing only; the examples without it)
twice with one warmed ``Checker`` and times the second pass (``--first-pass``:
the first, each article new to the process as in a real run, so the costs of
words and texts seen for the first time count; the benchmark's articles share
much of their text, so the second pass finds most of it cached):
``time.process_time`` around the rules (``Engine.findings``), each model's
stage in ``ModelSet`` and the whole ``Checker.check``. It prints one JSON line
per child (CPU milliseconds per article, and a digest of every finding, which
must be the same for every tree) and the median per tree and stage.
"""

from __future__ import annotations

import argparse
import contextlib
import hashlib
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent


def child(folder: Path, first_pass: bool = False) -> dict[str, object]:
    """The stage times of the tree this process imports (``PYTHONPATH``)."""
    from qualitycheck.config.settings import Config
    from qualitycheck.detect.models.apply import ModelSet
    from qualitycheck.detect.rules.engine import Engine
    from qualitycheck.pipeline.checker import Checker
    from qualitycheck.pipeline.inputs import read_inputs

    clock = time.process_time
    spent: dict[str, float] = {}

    def timed(owner: type, name: str, stage: str) -> None:
        original = getattr(owner, name)

        def wrapper(*args: object, **kwargs: object) -> object:
            start = clock()
            try:
                return original(*args, **kwargs)
            finally:
                spent[stage] = spent.get(stage, 0.0) + clock() - start

        setattr(owner, name, wrapper)

    timed(Engine, "findings", "rules")
    for stage in ("boilerplate", "claims", "mt"):
        timed(ModelSet, f"_{stage}", stage)
    checker = Checker(Config())
    checker.warm_up()
    files = sorted(folder.glob("*.txt"))

    def one_pass() -> tuple[float, str]:
        articles = [a for path in files for a in read_inputs(checker.config, [str(path)])]
        digest = hashlib.sha256()
        start = clock()
        results = [checker.check(article) for article in articles]
        total = clock() - start
        for result in results:
            for f in result.findings:
                digest.update(f"{f.rule}|{f.start}|{f.end}|{f.confidence!r}|{f.message}".encode())
        return total, digest.hexdigest()[:16]

    try:
        from qualitycheck.pipeline.collector import set_aside
    except ImportError:  # a tree from before the run's collector settings
        set_aside = contextlib.nullcontext
    # As a run does: the loaded checker set aside from the collector, young
    # collections rarer (without this the passes paid collections runs do not).
    with set_aside():
        if not first_pass:
            one_pass()
            spent.clear()
        total, digest = one_pass()
    row: dict[str, object] = {k: round(v / len(files) * 1000, 3) for k, v in spent.items()}
    row["check"] = round(total / len(files) * 1000, 3)
    row["findings"] = digest
    return row


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--tree", action="append", default=[], help="a source tree (repeat)")
    parser.add_argument("--articles", type=int, default=300)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument(
        "--first-pass",
        action="store_true",
        help="time the first pass over the articles (cold words and texts) instead of the second",
    )
    parser.add_argument("--child", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(child(Path(args.child), args.first_pass)))
        return 0
    trees = [str(Path(t).resolve()) for t in args.tree] or [str(HERE.parent)]
    sys.path.insert(0, str(HERE))
    from pipeline_benchmark import build_articles

    texts, origin = build_articles(args.articles)
    print(f"{len(texts)} articles from {origin}; trees: {', '.join(trees)}")
    rows: dict[str, list[dict[str, Any]]] = {tree: [] for tree in trees}
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        for index, text in enumerate(texts):
            (folder / f"{index:05d}.txt").write_text(text, encoding="utf-8")
        for round_ in range(args.rounds):
            for tree in trees if round_ % 2 == 0 else trees[::-1]:
                env = {**os.environ, "PYTHONPATH": tree}
                done = subprocess.run(
                    [sys.executable, __file__, "--child", str(folder)]
                    + (["--first-pass"] if args.first_pass else []),
                    env=env,
                    cwd=tmp,
                    capture_output=True,
                    text=True,
                    check=True,
                )
                row = json.loads(done.stdout.strip().splitlines()[-1])
                rows[tree].append(row)
                print(f"round {round_ + 1} {tree}: {json.dumps(row)}", flush=True)
    for tree, found in rows.items():
        medians = {
            stage: statistics.median(float(r[stage]) for r in found)
            for stage in ("rules", "boilerplate", "claims", "mt", "check")
        }
        print(f"median {tree}: " + ", ".join(f"{k} {v:.2f} ms" for k, v in medians.items()))
    digests = {str(r["findings"]) for found in rows.values() for r in found}
    print(
        "findings digest: "
        + ("the same in every run " if len(digests) == 1 else "DIFFER ")
        + str(sorted(digests))
    )
    return 0 if len(digests) == 1 else 1


if __name__ == "__main__":
    raise SystemExit(main())
