"""Start-up of two source trees side by side: CPU of checking one short file.

Each tree runs ``python -m qualitycheck check --format json`` on the same short
article with its folder first on ``PYTHONPATH``, bytecode cached (a pycache
folder per tree, filled by two untimed runs, as an installed package has it),
alternately, ``--rounds`` times; the child's CPU (user + system, from
``getrusage``, :func:`pipeline_benchmark.measured_run`) is reported as the
median per tree. ``--env`` adds variables to every run, e.g.
``QUALITYCHECK_CACHE_DIR=off`` for a run without the per-user caches.

    python benchmarks/startup_benchmark.py ../main . --rounds 7
    python benchmarks/startup_benchmark.py ../main . --env QUALITYCHECK_CACHE_DIR=off

It sets PYTHONPATH itself: run it from a folder outside both trees.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from pipeline_benchmark import measured_run

TEXT = (
    "Harbour reopens after the storm\nThe harbour reopened on Monday after the storm, and "
    "the first ferry left at six with more passengers than the crew had expected.\n"
)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("trees", nargs="+", type=Path, help="source trees to compare")
    parser.add_argument("--rounds", type=int, default=7)
    parser.add_argument("--env", action="append", default=[], help="KEY=VALUE for every run")
    args = parser.parse_args()
    extra = dict(item.split("=", 1) for item in args.env)
    with tempfile.TemporaryDirectory() as temporary:
        folder = Path(temporary)
        one = folder / "one-article.txt"
        one.write_text(TEXT, encoding="utf-8")
        envs = {}
        for index, tree in enumerate(args.trees):
            env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
            env.update(extra)
            env["PYTHONPATH"] = str(tree.resolve())
            env["PYTHONPYCACHEPREFIX"] = str(folder / f"pycache-{index}")
            envs[str(tree)] = env
        command = [sys.executable, "-m", "qualitycheck", "check", "--format", "json", str(one)]
        for env in envs.values():
            measured_run(command, env)
            measured_run(command, env)
        cpu: dict[str, list[float]] = {name: [] for name in envs}
        for _ in range(args.rounds):
            for name, env in envs.items():
                cpu[name].append(measured_run(command, env)[1])
    for name, runs in cpu.items():
        spread = " ".join(f"{run:.3f}" for run in runs)
        print(f"{name}: {statistics.median(runs):.3f} s CPU (median of {len(runs)}; {spread})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
