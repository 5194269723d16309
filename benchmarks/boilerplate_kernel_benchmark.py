"""CPU time per article of the boilerplate model, the mt model and the whole
check: the pure-Python paths against the compiled kernels, on the same articles.

    python hatch_build.py                      # build the kernels in place (or pip install .)
    python benchmarks/boilerplate_kernel_benchmark.py --articles 300 --repeats 3

The articles are those of ``pipeline_benchmark.py`` (about 4 KB each, joined
from the unlabeled texts of ``../shared/corpus/audit``, the bundled examples
when ../shared is absent; used for timing only). In one process, both paths
interleaved, ``time.process_time()`` around ``BoilerplateDetector.probabilities``
and ``MtDetector.score`` for every article, with the rule findings and the run's
line counts computed outside the clock; the results are compared. Then the
whole ``check --format json --jobs 1`` on the articles written as files, and
start-up (one short file), each as a child process's CPU time (``getrusage``)
with ``QUALITYCHECK_PURE_PYTHON=1`` and without, the JSON compared byte for
byte. Medians over repeats; the machine may be shared.
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from pipeline_benchmark import build_articles  # noqa: E402

from qualitycheck.config.settings import Config  # noqa: E402
from qualitycheck.detect.models.boilerplate import BoilerplateDetector  # noqa: E402
from qualitycheck.detect.models.boilerplate_kernel import compiled_module  # noqa: E402
from qualitycheck.detect.models.mt.detector import MtDetector  # noqa: E402
from qualitycheck.pipeline.checker import Checker  # noqa: E402
from qualitycheck.pipeline.inputs import read_inputs  # noqa: E402
from qualitycheck.primitives.accelerators import PURE_PYTHON_ENV  # noqa: E402


def timed(score: Callable[[Any], object], batch: list[Any]) -> tuple[float, list[object]]:
    clock = time.process_time
    start = clock()
    results = [score(item) for item in batch]
    return (clock() - start) / len(batch) * 1000, results


def in_process(folder: Path, repeats: int) -> dict[str, dict[str, list[float]]]:
    """Per-article CPU ms of each model, pure and compiled, interleaved."""
    checker = Checker(Config())
    models = checker.models
    assert models is not None and models.boilerplate is not None and models.mt is not None
    batch = []
    for path in sorted(folder.glob("*.txt")):
        (article,) = list(read_inputs(checker.config, [str(path)]))
        context = checker._context(article)
        models.prepare(article)  # the run's line counts, once, outside the clock
        batch.append((article, checker.engine.findings(article, context)))
    boilerplate = models.boilerplate
    assert isinstance(boilerplate, BoilerplateDetector)
    pure_b = BoilerplateDetector(boilerplate.model, boilerplate.threshold)
    pure_b._kernel = None
    fast_b = BoilerplateDetector(boilerplate.model, boilerplate.threshold)
    mt = models.mt
    assert isinstance(mt, MtDetector)
    pure_m = MtDetector(mt.model, mt.sentence_model)
    pure_m._kernel = None
    fast_m = MtDetector(mt.model, mt.sentence_model)
    if fast_b._compiled() is None or fast_m._compiled() is None:
        raise SystemExit("a compiled kernel is not available (build: python hatch_build.py)")
    runs: dict[str, dict[str, list[float]]] = {
        "boilerplate": {"pure": [], "kernel": []},
        "mt": {"pure": [], "kernel": []},
    }
    paths: dict[str, dict[str, Callable[[Any], object]]] = {
        "boilerplate": {
            "pure": lambda item: pure_b.probabilities(*item),
            "kernel": lambda item: fast_b.probabilities(*item),
        },
        "mt": {
            "pure": lambda item: pure_m.score(*item),
            "kernel": lambda item: fast_m.score(*item),
        },
    }
    for model, scorers in paths.items():
        for score in scorers.values():
            timed(score, batch[:20])  # warm caches (shapes, token ids, fold table)
        for repeat in range(repeats):
            order = ["pure", "kernel"] if repeat % 2 == 0 else ["kernel", "pure"]
            results = {}
            for name in order:
                per_article, results[name] = timed(scorers[name], batch)
                runs[model][name].append(per_article)
            if results["pure"] != results["kernel"]:
                raise SystemExit(f"MISMATCH: the {model} kernel's results differ")
    return runs


def child_cpu(command: list[str], pure: bool) -> tuple[float, bytes]:
    """CPU seconds (user + system) of one child process, and its stdout."""
    env = {**os.environ, PURE_PYTHON_ENV: "1" if pure else "0"}
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    result = subprocess.run(command, env=env, capture_output=True, check=False)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if result.returncode not in (0, 1) or b"warning" in result.stderr:
        raise SystemExit(result.stderr.decode())
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return cpu, result.stdout


def whole(command: list[str], repeats: int) -> dict[str, list[float]]:
    times: dict[str, list[float]] = {"pure": [], "kernel": []}
    outputs: dict[str, bytes] = {}
    for repeat in range(repeats):
        for name in ["pure", "kernel"] if repeat % 2 == 0 else ["kernel", "pure"]:
            cpu, outputs[name] = child_cpu(command, pure=name == "pure")
            times[name].append(cpu)
        if outputs["pure"] != outputs["kernel"]:
            raise SystemExit("MISMATCH: the JSON differs with and without the kernels")
    return times


def line(label: str, pure: list[float], kernel: list[float], unit: str, scale: float) -> str:
    p, k = statistics.median(pure) * scale, statistics.median(kernel) * scale
    return f"| {label} | {p:.2f} {unit} | {k:.2f} {unit} ({p / k:.2f}×) |"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=300)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--startup-runs", type=int, default=7)
    options = parser.parse_args()
    if compiled_module() is None:
        print("the compiled boilerplate kernel is not available (build: python hatch_build.py)")
        return 2
    texts, origin = build_articles(options.articles)
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        for number, text in enumerate(texts):
            (folder / f"a{number:05d}.txt").write_text(text + "\n", encoding="utf-8")
        runs = in_process(folder, options.repeats)
        python = [sys.executable, "-m", "qualitycheck", "check"]
        check = whole([*python, "--format", "json", "--jobs", "1", str(folder)], options.repeats)
        short = Path(name) / "short"
        short.mkdir()
        one = short / "one.txt"
        one.write_text("Harbour reopens\nThe harbour reopened on Monday after the storm.\n")
        startup = whole([*python, "--format", "json", str(one)], options.startup_runs)
    count = len(texts)
    print(f"{count} articles from {origin}; CPU, median of {options.repeats} interleaved runs")
    print("| CPU | pure Python | compiled kernels |\n|---|---|---|")
    print(line("boilerplate model, per article", *runs["boilerplate"].values(), "ms", 1.0))
    print(line("mt model, per article", *runs["mt"].values(), "ms", 1.0))
    print(line("whole check, per article", *check.values(), "ms", 1000.0 / count))
    print(line(f"start-up, one file (median of {options.startup_runs})", *startup.values(), "s", 1))
    for label, values in (*((f"{m} model", runs[m]) for m in runs), ("whole check s", check)):
        print(
            f"  {label} runs: "
            + "; ".join(f"{k} " + ", ".join(f"{v:.2f}" for v in vs) for k, vs in values.items())
        )
    print("results and JSON identical: yes")
    return 0


if __name__ == "__main__":
    sys.exit(main())
