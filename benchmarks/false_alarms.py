"""The false-alarm benchmark: how often the gate fails or warns on clean text.

A gate that cries wolf gets switched off, so this measures, with the default
configuration, the share of clean articles that *fail* and that *warn*, and
which detectors are responsible, over the clean sets in ``../shared``:

- ``mt-original``: original English news of ``corpus/mt/dev.jsonl``;
- ``mt-human``: professional human translations into English (same file);
- ``attribution``: 2016 English political news of ``corpus/attribution/dev.jsonl``;
- ``boilerplate-cut``: the pages of ``corpus/boilerplate/dev.jsonl`` cut to
  their content lines (what a good scraper would have kept);
- ``example-clean``: the bundled clean example article;
- ``mt-machine`` (only with ``--category``): the machine translations of
  ``corpus/mt/dev.jsonl``, free of page furniture though not of MT artifacts.

It runs the code of this checkout (``PYTHONPATH`` is set to it), whatever is
installed in the interpreter's environment.

Nothing here is tuned on: it runs the installed command line on the dev
splits, exactly as a user would, and reads its JSON output.

    python benchmarks/false_alarms.py            # table on standard output
    python benchmarks/false_alarms.py --markdown # table rows for docs/accuracy.md
    python benchmarks/false_alarms.py --json     # machine-readable
    python benchmarks/false_alarms.py --split train  # the train splits' clean sets
    python benchmarks/false_alarms.py --category boilerplate  # only that category's verdicts
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
CORPUS = REPO.parent / "shared" / "corpus"


@dataclass
class SetResult:
    """Verdicts of one clean set and the detectors behind them."""

    name: str
    articles: int = 0
    failed: int = 0
    warned: int = 0
    #: Articles in which each detector raised an error (the gate's failures).
    fail_rules: Counter[str] = field(default_factory=Counter)
    #: Articles in which each detector raised a warning.
    warn_rules: Counter[str] = field(default_factory=Counter)

    def as_dict(self) -> dict[str, Any]:
        return {
            "set": self.name,
            "articles": self.articles,
            "fail_share": round(self.failed / max(self.articles, 1), 4),
            "warn_share": round(self.warned / max(self.articles, 1), 4),
            "fail_rules": dict(ranked(self.fail_rules)),
            "warn_rules": dict(ranked(self.warn_rules)),
        }


def _records(path: Path) -> Iterator[dict[str, Any]]:
    with path.open(encoding="utf-8") as stream:
        for line in stream:
            if line.strip():
                yield json.loads(line)


def clean_sets(split: str = "dev", machine: bool = False) -> dict[str, list[dict[str, str]]]:
    """Each clean set of ``split`` as JSONL records (``id``, ``text``); with
    ``machine``, the machine translations too (free of boilerplate, not of MT)."""
    sets: dict[str, list[dict[str, str]]] = {}
    mt = CORPUS / "mt" / f"{split}.jsonl"
    kinds = [("original", "mt-original"), ("human_translation", "mt-human")]
    if machine:
        kinds.append(("machine", "mt-machine"))
    if mt.is_file():
        for label, name in kinds:
            sets[name] = [
                {"id": r["id"], "text": r["text"]} for r in _records(mt) if r["label"] == label
            ]
    attribution = CORPUS / "attribution" / f"{split}.jsonl"
    if attribution.is_file():
        sets["attribution"] = [{"id": r["id"], "text": r["text"]} for r in _records(attribution)]
    boilerplate = CORPUS / "boilerplate" / f"{split}.jsonl"
    if boilerplate.is_file():
        cut = []
        for record in _records(boilerplate):
            lines = record["text"].split("\n")
            kept = [
                line
                for line, label in zip(lines, record["lines"], strict=False)
                if label != "boilerplate"
            ]
            if any(line.strip() for line in kept):
                cut.append({"id": record["id"], "text": "\n".join(kept)})
        sets["boilerplate-cut"] = cut
    example = REPO / "examples" / "clean-harbour-report.txt"
    sets["example-clean"] = [{"id": example.name, "text": example.read_text(encoding="utf-8")}]
    return sets


def measure(
    name: str, records: list[dict[str, str]], extra: list[str], category: str | None = None
) -> SetResult:
    """Run ``qualitycheck check`` on ``records`` and count verdicts (with
    ``category``, an article fails or warns by that category's findings only)."""
    result = SetResult(name)
    path = os.environ.get("PYTHONPATH", "")
    with tempfile.TemporaryDirectory() as folder:
        feed = Path(folder) / f"{name}.jsonl"
        feed.write_text(
            "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8"
        )
        run = subprocess.run(
            [sys.executable, "-m", "qualitycheck", "check", str(feed), "--format", "json", *extra],
            capture_output=True,
            text=True,
            check=False,
            env={**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [str(REPO), path]))},
        )
    if run.returncode not in (0, 1):
        raise SystemExit(f"{name}: qualitycheck exited {run.returncode}: {run.stderr.strip()}")
    for article in json.loads(run.stdout)["articles"]:
        result.articles += 1
        severities: dict[str, set[str]] = {}
        for finding in article["findings"]:
            if category is None or finding["category"] == category:
                severities.setdefault(finding["severity"], set()).add(finding["rule"])
        if category is None:
            result.failed += article["verdict"] == "fail"
            result.warned += article["verdict"] == "warn"
        else:
            result.failed += "error" in severities
            result.warned += "error" not in severities and "warning" in severities
        result.fail_rules.update(severities.get("error", set()))
        result.warn_rules.update(severities.get("warning", set()))
    return result


def ranked(counter: Counter[str]) -> list[tuple[str, int]]:
    """Most common first, ties by name: ``most_common`` keeps the order rules
    were first counted in, which came from a set and moved between runs."""
    return sorted(counter.items(), key=lambda item: (-item[1], item[0]))


def _top(counter: Counter[str], articles: int, count: int = 3) -> str:
    return (
        ", ".join(f"{rule} {n / max(articles, 1):.1%}" for rule, n in ranked(counter)[:count])
        or "-"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--markdown", action="store_true", help="print a Markdown table")
    parser.add_argument("--json", action="store_true", help="print JSON")
    parser.add_argument(
        "--split",
        choices=("dev", "train"),
        default="dev",
        help="which split's clean sets (train: the learned models were fitted on it, so their "
        "share there is optimistic; the rules are not fitted)",
    )
    parser.add_argument(
        "--category",
        help="count only this category's findings (e.g. boilerplate); adds mt-machine",
    )
    parser.add_argument(
        "extra", nargs="*", help="extra options passed to `qualitycheck check` (after --)"
    )
    args = parser.parse_args(argv)
    if not CORPUS.is_dir():
        print(f"no corpus at {CORPUS}: only the bundled example is measured", file=sys.stderr)
    sets = clean_sets(args.split, machine=args.category is not None)
    results = [measure(name, records, args.extra, args.category) for name, records in sets.items()]
    if args.json:
        print(json.dumps([r.as_dict() for r in results], indent=2))
        return 0
    if args.markdown:
        print("| clean set | articles | fail | warn | failed by (share of articles) | warned by |")
        print("|---|---:|---:|---:|---|---|")
    for r in results:
        fail, warn = r.failed / max(r.articles, 1), r.warned / max(r.articles, 1)
        if args.markdown:
            print(
                f"| {r.name} | {r.articles} | {fail:.1%} | {warn:.1%} | "
                f"{_top(r.fail_rules, r.articles)} | {_top(r.warn_rules, r.articles)} |"
            )
        else:
            print(
                f"{r.name:16} {r.articles:5} articles  fail {fail:6.1%}  warn {warn:6.1%}  "
                f"fail: {_top(r.fail_rules, r.articles)}  warn: {_top(r.warn_rules, r.articles)}"
            )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
