"""Time and peak memory of `qualitycheck report` on a large corpus.

Builds a JSONL corpus by repeating the bundled example articles (texts written
for this project) with numbered ids, runs the report in a child process and
prints wall time, peak resident memory and the report's size. The full
benchmark of the performance issue will extend this; numbers go to
docs/performance.md.

    python benchmarks/report_benchmark.py --articles 10000
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from qualitycheck.readers.base import ReadSettings
from qualitycheck.readers.html import read_html
from qualitycheck.readers.markdown import read_markdown

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"


def example_texts() -> list[str]:
    """Visible text of every example article (one article per text)."""
    texts = []
    for path in sorted(EXAMPLES.iterdir()):
        raw = path.read_text(encoding="utf-8")
        if path.suffix == ".jsonl":
            texts += [json.loads(line)["text"] for line in raw.splitlines() if line.strip()]
        elif path.suffix == ".md":
            texts += [
                "\n".join(b.text for b in a.blocks) for a in read_markdown(raw, "x", ReadSettings())
            ]
        elif path.suffix == ".html":
            texts += [
                "\n".join(b.text for b in a.blocks) for a in read_html(raw, "x", ReadSettings())
            ]
        else:
            texts.append(raw)
    return texts


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=10_000)
    args = parser.parse_args()
    texts = example_texts()
    with tempfile.TemporaryDirectory() as folder:
        corpus = Path(folder) / "corpus.jsonl"
        with corpus.open("w", encoding="utf-8") as stream:
            for number in range(args.articles):
                record = {"id": f"a{number:06d}", "text": texts[number % len(texts)]}
                stream.write(json.dumps(record, ensure_ascii=False) + "\n")
        report = Path(folder) / "report.html"
        started = time.perf_counter()
        completed = subprocess.run(
            [sys.executable, "-m", "qualitycheck", "report", str(corpus), "-o", str(report)],
            capture_output=True,
            text=True,
        )
        elapsed = time.perf_counter() - started
        peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
        if completed.returncode != 0:
            print(completed.stderr, file=sys.stderr)
            return 1
        size = report.stat().st_size / 1024 / 1024
        rate = args.articles / elapsed
        print(
            f"articles {args.articles}  wall {elapsed:.1f} s  {rate:.0f} articles/s  "
            f"peak RSS {peak:.0f} MiB  report {size:.1f} MiB"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
