"""CPU time of the rules stage per article, with the fast path and without.

Articles of about 4 KB are built from the dev splits of ``../shared/corpus``
(``attribution``, ``boilerplate``, ``claims``, ``mqm``, ``mt``; consecutive
texts joined until an article reaches 4 KB), or from the bundled examples
when ../shared is absent. Reading, segmentation and language detection
happen before the clock starts; what is timed is ``Engine.findings`` on every
article (all default rules, no models), in CPU seconds
(``time.process_time``), ``--repeat`` times each way, interleaved, and the
median is reported.

    python benchmarks/rules_benchmark.py --articles 300 --repeat 5 --kinds

"Fast" is the literal automaton (pyahocorasick) and the RE2 screen
(google-re2) of :mod:`qualitycheck.detect.rules.fastpath`; "pure" is the
pure-Python fallback (``QUALITYCHECK_PURE_PYTHON=1``), which tests the
prefilters and runs the patterns as the engine did before the fast path.
``--kinds`` adds the CPU per rule kind and the cost of answering every
prefilter alone, both ways. Fresh articles are parsed for every run, so the
caches the rules fill per block are paid inside the clock.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import time
from pathlib import Path
from typing import Any

from qualitycheck.config.settings import Config
from qualitycheck.detect.rules.automaton import LiteralIndex
from qualitycheck.detect.rules.engine import Engine
from qualitycheck.pipeline.checker import Checker
from qualitycheck.readers.txt import parse_text

HERE = Path(__file__).resolve().parent
DEV = HERE.parent.parent / "shared" / "corpus"
SPLITS = ("attribution", "boilerplate", "claims", "mqm", "mt")


def texts() -> list[str]:
    found: list[str] = []
    for name in SPLITS:
        path = DEV / name / "dev.jsonl"
        if not path.is_file():
            continue
        for line in path.read_text(encoding="utf-8").splitlines():
            text = json.loads(line).get("text") if line.strip() else None
            if isinstance(text, str) and text.strip():
                found.append(text.strip())
    if not found:
        for path in sorted((HERE.parent / "examples").glob("*.txt")):
            found.append(path.read_text(encoding="utf-8"))
    return found


def articles(count: int) -> list[str]:
    sys.path.insert(0, str(HERE))
    from pipeline_benchmark import join_articles

    return join_articles(texts(), count)


def checker(pure: bool) -> Checker:
    if pure:
        os.environ["QUALITYCHECK_PURE_PYTHON"] = "1"
    else:
        os.environ.pop("QUALITYCHECK_PURE_PYTHON", None)
    return Checker(Config(), use_models=False)


class KindClock:
    """CPU seconds per rule kind, taken around the engine's call of each rule."""

    def __init__(self, engine: Engine) -> None:
        self.seconds: dict[str, float] = {}
        original = engine._hits

        def timed(rule: Any, article: Any, blocks: Any, context: Any) -> Any:
            started = time.process_time()
            try:
                return original(rule, article, blocks, context)
            finally:
                kind = rule.meta.kind
                self.seconds[kind] = self.seconds.get(kind, 0.0) + time.process_time() - started

        engine._hits = timed  # type: ignore[method-assign]


def literal_times(check: Checker, texts: list[str], repeat: int) -> dict[str, float]:
    """CPU ms per article to answer every prefilter of every rule: one ``in``
    scan per prefilter (stopping at the first string found), the automaton,
    or the automaton behind the RE2 literal sets (what the fast path runs)."""
    prefilters = [found for rule in check.engine.rules for found in rule.literal_prefilters()]
    runs: dict[str, list[float]] = {"pure": [], "automaton": [], "sets": []}
    for _ in range(repeat):
        for name in runs:
            index = LiteralIndex(prefilters, fast=name != "pure", sets=name == "sets")
            documents = [parse_text(text, f"a{i}", f"a{i}.txt") for i, text in enumerate(texts)]
            for doc in documents:  # the case-folded views: both ways need them
                _ = doc.casefolded_text, doc.folded_text
            started = time.process_time()
            for doc in documents:
                found = index.found(doc)
                for each in prefilters:
                    found.passes(each)
            runs[name].append((time.process_time() - started) / len(texts) * 1000)
    return {name: statistics.median(times) for name, times in runs.items()}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--articles", type=int, default=300)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--kinds", action="store_true", help="also CPU per rule kind")
    args = parser.parse_args()
    checkers = {"pure": checker(True), "fast": checker(False)}
    texts = articles(args.articles)
    # Language detection is not the rules' time: done once, outside the clock.
    contexts = [
        checkers["pure"]._context(parse_text(text, f"a{i}", f"a{i}.txt"))
        for i, text in enumerate(texts)
    ]
    clocks = {name: KindClock(c.engine) for name, c in checkers.items()} if args.kinds else {}
    times: dict[str, list[float]] = {name: [] for name in checkers}
    counts: dict[str, int] = {}
    for _ in range(args.repeat):
        for name, check in checkers.items():
            # Fresh articles each run, so the per-block caches the rules fill
            # (folded text, line keys, sentences) are paid inside the clock.
            documents = [parse_text(text, f"a{i}", f"a{i}.txt") for i, text in enumerate(texts)]
            check.engine.new_run()
            started = time.process_time()
            found = 0
            for doc, context in zip(documents, contexts, strict=True):
                found += len(check.engine.findings(doc, context))
            times[name].append(time.process_time() - started)
            counts[name] = found
    path = getattr(getattr(check.engine, "fast", None), "kind", "no fast")
    print(f"{len(texts)} articles, {path} path available, CPU ms per article")
    for name, runs in times.items():
        per = statistics.median(runs) / len(texts) * 1000
        spread = ", ".join(f"{r / len(texts) * 1000:.2f}" for r in runs)
        print(f"{name}: {per:.2f} ms (median; runs {spread}); {counts[name]} findings")
    print(f"speed-up: {statistics.median(times['pure']) / statistics.median(times['fast']):.2f}x")
    if args.kinds:
        literals = literal_times(checkers["fast"], texts, args.repeat)
        print(
            "prefilters alone: " + ", ".join(f"{name} {ms:.3f} ms" for name, ms in literals.items())
        )
    for name, clock in clocks.items():
        total = len(texts) * args.repeat / 1000
        kinds = sorted(clock.seconds.items(), key=lambda item: -item[1])
        print(f"{name} per kind: " + ", ".join(f"{k} {v / total:.2f}" for k, v in kinds))


if __name__ == "__main__":
    main()
