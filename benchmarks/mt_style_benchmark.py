"""CPU time of the mt model's style statistics per article: ``style_features``
against the implementation it replaced (kept in
``tests/test_mt_style_features.py`` as the reference), on the same articles in
one process, interleaved, with every value compared as ``float.hex``.

    python benchmarks/mt_style_benchmark.py --articles 300 --repeats 5

The articles are ``mt_kernel_benchmark.py``'s (about 4 KB joined from
``../shared/corpus/mt/train.jsonl`` texts, the examples when it is absent).
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path[:0] = [str(HERE), str(HERE.parent / "tests")]

from mt_kernel_benchmark import articles  # noqa: E402
from test_mt_style_features import reference_style_features  # noqa: E402

from qualitycheck.detect.models.mt.features import article_sentences, style_features  # noqa: E402

Style = Callable[[Sequence[str]], dict[str, float]]


def timed(function: Style, batch: list[list[str]]) -> tuple[float, list[list[str]]]:
    clock = time.process_time
    start = clock()
    rows = [function(sentences) for sentences in batch]
    spent = (clock() - start) / len(batch) * 1000
    return spent, [[f"{k}={float.hex(v)}" for k, v in row.items()] for row in rows]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=300)
    parser.add_argument("--repeats", type=int, default=5)
    options = parser.parse_args()
    batch = [
        [block.text[start:end] for block, start, end in article_sentences(article)]
        for article in articles(options.articles)
    ]
    functions: list[tuple[str, Style]] = [
        ("reference", reference_style_features),
        ("current", style_features),
    ]
    for _, function in functions:
        timed(function, batch[:20])  # warm up
    times: dict[str, list[float]] = {name: [] for name, _ in functions}
    for repeat in range(options.repeats):
        outputs = {}
        for name, function in functions if repeat % 2 == 0 else functions[::-1]:
            spent, outputs[name] = timed(function, batch)
            times[name].append(spent)
        if outputs["reference"] != outputs["current"]:
            print("MISMATCH: style_features differs from the reference")
            return 1
    print(f"{len(batch)} articles; style_features CPU per article, median of {options.repeats}:")
    for name, runs in times.items():
        listed = ", ".join(f"{t:.3f}" for t in runs)
        print(f"  {name:<9} {statistics.median(runs):.3f} ms  (runs: {listed})")
    print("  values identical (float.hex): yes")
    return 0


if __name__ == "__main__":
    sys.exit(main())
