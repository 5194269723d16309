"""CPU time of the mt model per article: the pure-Python path against the
compiled n-gram kernel, on the same articles in one process, interleaved.

    python hatch_build.py                      # build the kernel in place (or pip install .)
    python benchmarks/mt_kernel_benchmark.py --articles 300 --repeats 5

Articles of about 4 KB are joined from the texts of ``../shared/corpus/mt/train.jsonl``
(the bundled examples when ../shared is absent). The time is
``time.process_time()`` around ``MtDetector.score`` for every article,
reported as the median over repeats (the machine may be shared); each
repeat runs both paths, in alternating order. Scores are compared too: the
paths must agree exactly.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from pathlib import Path

from qualitycheck.detect.models.apply import SHIPPED
from qualitycheck.detect.models.mt.detector import MtDetector
from qualitycheck.detect.models.mt.kernel import compiled_module
from qualitycheck.document.article import Article
from qualitycheck.readers.txt import parse_text

HERE = Path(__file__).resolve().parent
TRAIN = HERE.parent.parent / "shared" / "corpus" / "mt" / "train.jsonl"
EXAMPLES = HERE.parent / "examples"


def texts() -> list[str]:
    if TRAIN.exists():
        with TRAIN.open(encoding="utf-8") as handle:
            return [json.loads(line)["text"] for line in handle if line.strip()]
    return [path.read_text(encoding="utf-8") for path in sorted(EXAMPLES.glob("*.txt"))]


def articles(count: int, size: int = 4096) -> list[Article]:
    pool = texts()
    built: list[Article] = []
    index = 0
    while len(built) < count:
        parts: list[str] = []
        while sum(map(len, parts)) < size:
            parts.append(pool[index % len(pool)].strip())
            index += 1
        name = f"a{len(built)}"
        built.append(parse_text("\n".join(parts) + "\n", name, name, first_line_is_title=True))
    return built


def timed(detector: MtDetector, batch: list[Article]) -> tuple[float, list[object]]:
    clock = time.process_time
    start = clock()
    results: list[object] = [detector.score(article, []) for article in batch]
    return (clock() - start) / len(batch) * 1000, results


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=300)
    parser.add_argument("--repeats", type=int, default=5)
    options = parser.parse_args()
    if compiled_module() is None:
        print("the compiled kernel is not available (build it: python hatch_build.py)")
        return 2
    batch = articles(options.articles)
    pure = MtDetector.load(SHIPPED)
    pure._kernel = None
    fast = MtDetector.load(SHIPPED)
    assert fast._compiled() is not None
    timed(pure, batch[:20])  # warm the caches (shapes, token ids) of both
    timed(fast, batch[:20])
    times: dict[str, list[float]] = {"pure": [], "kernel": []}
    for repeat in range(options.repeats):
        order = [("pure", pure), ("kernel", fast)]
        for name, detector in order if repeat % 2 == 0 else order[::-1]:
            per_article, results = timed(detector, batch)
            times[name].append(per_article)
            if name == "pure":
                expected = results
            else:
                kernel_results = results
        if kernel_results != expected:
            print("MISMATCH: the kernel's scores differ from the pure path's")
            return 1
    pure_ms, kernel_ms = statistics.median(times["pure"]), statistics.median(times["kernel"])
    print(f"{len(batch)} articles; mt model CPU per article, median of {options.repeats}:")
    for name, value in (("pure Python", pure_ms), ("kernel", kernel_ms)):
        runs = ", ".join(f"{t:.2f}" for t in times["pure" if name == "pure Python" else name])
        print(f"  {name:<11} {value:.2f} ms  (runs: {runs})")
    print(f"  {pure_ms / kernel_ms:.2f}x; scores identical: yes")
    return 0


if __name__ == "__main__":
    sys.exit(main())
