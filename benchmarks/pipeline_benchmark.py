"""The performance benchmark: throughput, time per stage, start-up, memory,
``--jobs 1`` against ``--jobs 2``, and proselint on the same files.

Corpus: plain-text articles of about 4 KB. With ../shared present they are
built from the texts of ``../shared/corpus/audit`` (unlabeled workload text;
only timed here, never used to tune anything), consecutive texts joined until
an article reaches 4 KB, repeated to ``--articles``; without it, from the
bundled example articles. The files live in a temporary folder.

    python benchmarks/pipeline_benchmark.py --articles 2000
    python benchmarks/pipeline_benchmark.py --articles 2000 --markdown  # table rows for the docs

Whole-process numbers run the installed ``qualitycheck`` (and ``proselint``
when installed: ``pip install -e '.[bench]'``) in child processes, ``--repeat``
interleaved rounds (each round runs every command once), and report the median
wall and CPU time (user + system, workers included) and the ratios: ``--jobs 2``
over ``--jobs 1`` and qualitycheck's CPU against proselint's; for ``--jobs 2`` also
the main process's CPU, the part of it spent before the first worker was forked
(one core idle), and the ratio those CPU times give on two idle cores, which
swings far less with the machine's load than the wall-time ratio. The per-stage
numbers run the pipeline in this process on a sample and count CPU time.
"""

from __future__ import annotations

import argparse
import io
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from importlib import metadata
from pathlib import Path

HERE = Path(__file__).resolve().parent
AUDIT = HERE.parent.parent / "shared" / "corpus" / "audit"
ARTICLE_CHARS = 4000


def source_texts() -> tuple[list[str], str]:
    """Workload texts and where they came from."""
    texts: list[str] = []
    if AUDIT.is_dir():
        for path in sorted(AUDIT.glob("*.jsonl")):
            for line in path.read_text(encoding="utf-8").splitlines():
                text = json.loads(line).get("text") if line.strip() else None
                if isinstance(text, str) and text.strip():
                    texts.append(text.strip())
        return texts, f"../shared/corpus/audit ({len(texts)} texts)"
    sys.path.insert(0, str(HERE))
    from report_benchmark import example_texts

    return example_texts(), "the bundled example articles"


def join_articles(texts: list[str], count: int) -> list[str]:
    """``count`` articles of about 4 KB: consecutive ``texts`` joined until one
    reaches ``ARTICLE_CHARS``, going round the list as often as needed."""
    articles: list[str] = []
    current: list[str] = []
    index = 0
    while texts and len(articles) < count:
        current.append(texts[index % len(texts)])
        index += 1
        if sum(len(t) for t in current) >= ARTICLE_CHARS:
            articles.append("\n\n".join(current)[: ARTICLE_CHARS + 400])
            current = []
    return articles


def build_articles(count: int) -> tuple[list[str], str]:
    """``count`` articles of about 4 KB each."""
    texts, origin = source_texts()
    return join_articles(texts, count), origin


def tool(name: str) -> str | None:
    """A console script of this environment (or from PATH)."""
    beside = Path(sys.executable).parent / name
    return str(beside) if beside.exists() else shutil.which(name)


def measured_run(
    command: list[str], env: dict[str, str] | None = None
) -> tuple[float, float, float]:
    """Wall seconds, CPU seconds (user + system) and peak resident MiB of one
    child process and its own children (``--jobs`` workers)."""
    command = [tool(command[0]) or command[0], *command[1:]]
    wrapper = (
        "import resource, subprocess, sys, time\n"
        "start = time.perf_counter()\n"
        "subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)\n"
        "usage = resource.getrusage(resource.RUSAGE_CHILDREN)\n"
        "print(time.perf_counter() - start, usage.ru_utime + usage.ru_stime, "
        "usage.ru_maxrss / 1024)\n"
    )
    output = subprocess.run(
        [sys.executable, "-c", wrapper, *command],
        capture_output=True,
        text=True,
        check=True,
        env=env,
    ).stdout.split()
    return float(output[0]), float(output[1]), float(output[2])


#: Patches the pool to note the main process's CPU when it forks its first
#: worker (only for ``--jobs`` > 1 runs: a one-process run never imports the pool).
_FORK_PROBE = (
    "import concurrent.futures.process as _pool\n"
    "_spawn = getattr(_pool.ProcessPoolExecutor, '_spawn_process', None)\n"
    "def _spawn_process(self):\n"
    "    if not forked:\n"
    "        usage = resource.getrusage(resource.RUSAGE_SELF)\n"
    "        forked.append(usage.ru_utime + usage.ru_stime)\n"
    "    return _spawn(self)\n"
    "if _spawn is not None:\n"
    "    _pool.ProcessPoolExecutor._spawn_process = _spawn_process\n"
)


def measured_check(arguments: list[str]) -> tuple[float, float, float, float, float]:
    """Like :func:`measured_run` for ``qualitycheck`` itself, run in a child
    process that also reports the CPU of the main process alone (the rest is its
    ``--jobs`` workers'): what the main process spends competes with the workers
    for the cores, and unlike wall time it does not depend on the machine's load.
    The last number is the main process's CPU when it forked its first worker
    (0 for a one-process run): until then one process runs and other cores idle."""
    parallel = "--jobs" in arguments and int(arguments[arguments.index("--jobs") + 1]) > 1
    probe = _FORK_PROBE if parallel else ""
    wrapper = (
        "import resource, sys, time\nforked = []\n"
        + probe
        + (
            "start = time.perf_counter()\n"
            "from qualitycheck.cli import main\n"
            "try:\n"
            "    main(sys.argv[1:])\n"
            "except SystemExit:\n"
            "    pass\n"
            "wall = time.perf_counter() - start\n"
            "own = resource.getrusage(resource.RUSAGE_SELF)\n"
            "workers = resource.getrusage(resource.RUSAGE_CHILDREN)\n"
            "main_cpu = own.ru_utime + own.ru_stime\n"
            "print(wall, main_cpu + workers.ru_utime + workers.ru_stime, "
            "max(own.ru_maxrss, workers.ru_maxrss) / 1024, main_cpu, "
            "forked[0] if forked else 0.0)\n"
        )
    )
    output = subprocess.run(
        [sys.executable, "-c", wrapper, *arguments],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
        check=True,
        # Not the current folder: "-c" would import a qualitycheck found there
        # first, where the console script imports the installed one.
        cwd=tempfile.gettempdir(),
    ).stdout.split()
    wall, cpu, memory, main_cpu, serial = (float(value) for value in output[:5])
    return wall, cpu, memory, main_cpu, serial


def stage_times(folder: Path, sample: int) -> dict[str, float]:
    """CPU milliseconds per article for each stage of the default pipeline, once
    the checker is warm."""
    from qualitycheck.config.settings import Config
    from qualitycheck.detect.signals import readability
    from qualitycheck.pipeline.checker import Checker
    from qualitycheck.pipeline.inputs import read_inputs
    from qualitycheck.pipeline.results import ArticleResult
    from qualitycheck.renderers.contract import Summary
    from qualitycheck.renderers.json import JsonLinesRenderer

    checker = Checker(Config())
    # What the first article loads (dictionaries, model tables) is start-up, measured
    # apart; langdetect's profiles still load at the first non-English text.
    checker.warm_up()
    files = sorted(folder.glob("*.txt"))[:sample]
    totals = dict.fromkeys(
        ("read", "segment", "language", "rules", "models", "scoring", "rendering"), 0.0
    )
    renderer = JsonLinesRenderer(io.StringIO())
    renderer.begin()
    clock = time.process_time
    for path in files:
        start = clock()
        (article,) = list(read_inputs(checker.config, [str(path)]))
        mark = clock()
        totals["read"] += mark - start
        for block in article.blocks:
            _ = block.sentences, block.quotes, block.folded
        start, mark = mark, clock()
        totals["segment"] += mark - start
        context = checker._context(article)
        start, mark = mark, clock()
        totals["language"] += mark - start
        findings = checker.engine.findings(article, context)
        start, mark = mark, clock()
        totals["rules"] += mark - start
        mt_probability = None
        if checker.models is not None:
            findings, mt_probability = checker.models.apply(
                article, findings, context.language, checker.generic_rules
            )
        start, mark = mark, clock()
        totals["models"] += mark - start
        scores, verdict, reason = checker.judge(findings)
        metrics = readability.article_metrics(article)
        start, mark = mark, clock()
        totals["scoring"] += mark - start
        result = ArticleResult(
            article,
            context.language,
            context.language_confidence,
            metrics,
            findings,
            scores,
            verdict,
            mt_probability,
            verdict_reason=reason,
        )
        mark = clock()
        renderer.article(result)
        totals["rendering"] += clock() - mark
    renderer.end(Summary())
    return {stage: seconds * 1000 / len(files) for stage, seconds in totals.items()}


def startup_seconds(folder: Path, runs: int = 5, cached: bool = True) -> tuple[float, float]:
    """Median wall and CPU seconds of checking one short article (a pre-commit run).

    ``cached``: Python may keep the modules' bytecode (in a pycache folder of
    its own under ``folder``, filled by one untimed run), as an installed
    package has it; ``pip install`` compiles it. Without it (what
    ``PYTHONDONTWRITEBYTECODE=1`` gives a source checkout) every run compiles
    about 140 modules again, some 0.05-0.1 s more."""
    one = folder / "one-article.txt"
    one.write_text(
        "Harbour reopens after the storm\nThe harbour reopened on Monday after the storm, and "
        "the first ferry left at six with more passengers than the crew had expected.\n",
        encoding="utf-8",
    )
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    if cached:
        env["PYTHONPYCACHEPREFIX"] = str(folder / "pycache")
        measured_run(["qualitycheck", "check", str(one)], env)
    else:
        env["PYTHONDONTWRITEBYTECODE"] = "1"
    command = ["qualitycheck", "check", str(one)]
    runs_measured = [measured_run(command, env) for _ in range(runs)]
    one.unlink()
    return (
        statistics.median(run[0] for run in runs_measured),
        statistics.median(run[1] for run in runs_measured),
    )


def version(package: str) -> str:
    try:
        return metadata.version(package)
    except metadata.PackageNotFoundError:
        return "not installed"


def code_folder() -> str:
    """The qualitycheck package this process and its children import: a
    benchmark run from another tree measures the installed code unless
    ``PYTHONPATH`` names that tree, so the report says which one ran."""
    import qualitycheck

    return str(Path(qualitycheck.__file__).resolve().parent)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=2000)
    parser.add_argument("--sample", type=int, default=500, help="articles for the stage times")
    parser.add_argument("--markdown", action="store_true", help="print table rows for the docs")
    parser.add_argument(
        "--repeat", type=int, default=3, help="interleaved rounds of the whole-process runs"
    )
    args = parser.parse_args()
    articles, origin = build_articles(args.articles)
    size = sum(len(a.encode("utf-8")) for a in articles)
    print(
        f"corpus: {len(articles)} articles, {size / len(articles) / 1024:.1f} KB each, "
        f"from {origin}"
    )
    print(
        f"machine: {platform.machine()}, {platform.processor() or 'cpu'}, "
        f"Python {platform.python_version()}; qualitycheck {version('qualitycheck')}, "
        f"langdetect {version('langdetect')}, textstat {version('textstat')}, "
        f"scikit-learn {version('scikit-learn')}, proselint {version('proselint')}"
    )
    print(f"code: {code_folder()} (what every run here imports: PYTHONPATH, else the install)")
    with tempfile.TemporaryDirectory() as temporary:
        folder = Path(temporary) / "corpus"
        folder.mkdir()
        for number, text in enumerate(articles):
            (folder / f"article-{number:06d}.txt").write_text(text + "\n", encoding="utf-8")
        startup_wall, startup_cpu = startup_seconds(Path(temporary))
        _, uncached_cpu = startup_seconds(Path(temporary), cached=False)
        print(
            f"start-up (check one short file, median of 5): {startup_cpu:.2f} s CPU, "
            f"{startup_wall:.2f} s wall (bytecode cached, as installed; "
            f"{uncached_cpu:.2f} s CPU when Python may not cache it)"
        )
        stages = stage_times(folder, min(args.sample, len(articles)))
        per_article = sum(stages.values())
        print(
            "per stage (CPU ms per article): "
            + ", ".join(f"{k} {v:.2f}" for k, v in stages.items())
        )
        print(f"  sum {per_article:.2f} ms = {1000 / per_article:.0f} articles/s of pipeline work")
        commands = {
            f"qualitycheck check --jobs {jobs}": [
                "qualitycheck",
                "check",
                str(folder),
                "--format",
                "jsonl",
                "-o",
                "/dev/null",
                "--jobs",
                str(jobs),
            ]
            for jobs in (1, 2)
        }
        if tool("proselint"):
            commands["proselint check (one process)"] = ["proselint", "check", str(folder)]
        # Interleaved: each round runs every command once, so load changes hit all alike.
        measured: dict[str, list[tuple[float, float, float]]] = {name: [] for name in commands}
        main_cpu: dict[str, list[float]] = {name: [] for name in commands}
        serial_cpu: dict[str, list[float]] = {name: [] for name in commands}
        for _ in range(args.repeat):
            for name, command in commands.items():
                if command[0] == "qualitycheck":
                    wall, cpu, memory, own, serial = measured_check(command[1:])
                    measured[name].append((wall, cpu, memory))
                    main_cpu[name].append(own)
                    serial_cpu[name].append(serial)
                else:
                    measured[name].append(measured_run(command))
        rows = [
            (name, *(statistics.median(run[i] for run in runs) for i in range(3)))
            for name, runs in measured.items()
        ]
        for name, wall, cpu, memory in rows:
            print(
                f"{name}: {wall:.1f} s wall, {cpu:.1f} s CPU, {len(articles) / wall:.0f} "
                f"articles/s, peak {memory:.0f} MiB (median of {args.repeat})"
            )
        by_name = {row[0]: row for row in rows}
        one, two = by_name["qualitycheck check --jobs 1"], by_name["qualitycheck check --jobs 2"]
        print(f"--jobs 2 over --jobs 1: {one[1] / two[1]:.2f}x the throughput (wall)")
        ones, twos = measured[one[0]], measured[two[0]]
        print(
            "  per round: "
            + ", ".join(f"{a[0] / b[0]:.2f}x" for a, b in zip(ones, twos, strict=True))
            + f"; CPU --jobs 2 over --jobs 1: {two[2] / one[2]:.3f}"
        )
        per_thousand = 1000 / len(articles)
        print(
            "  --jobs 2 main process: "
            f"{statistics.median(main_cpu[two[0]]) * per_thousand:.2f} s CPU per 1,000 articles "
            "(start-up included; the rest is the workers')"
        )
        serial = statistics.median(serial_cpu[two[0]])
        if serial:
            # On two idle cores: --jobs 1 takes its CPU time; --jobs 2 what ran
            # before the first fork alone, then the rest of its CPU on both cores.
            alone = serial + (two[2] - serial) / 2
            print(
                f"  --jobs 2 main process before the first fork: {serial:.2f} s CPU (one core"
                f" idle); from CPU alone, on two idle cores: {one[2] / alone:.2f}x --jobs 1"
                " (--jobs 1's CPU over that plus half the rest: steadier under load, no end-of-run"
                " idle counted)"
            )
        peer = by_name.get("proselint check (one process)")
        if peer:
            print(
                f"qualitycheck --jobs 1 against proselint: {one[2] / peer[2]:.2f}x its CPU time, "
                f"{one[1] / peer[1]:.2f}x its wall time (the aim is 0.2x)"
            )
        if args.markdown:
            print(
                "\n| run | wall time | CPU time | articles/s | peak memory |\n|---|---|---|---|---|"
            )
            for name, wall, cpu, memory in rows:
                rate = len(articles) / wall
                print(f"| `{name}` | {wall:.1f} s | {cpu:.1f} s | {rate:.0f} | {memory:.0f} MiB |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
