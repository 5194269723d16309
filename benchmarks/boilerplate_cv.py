"""Grouped cross-validation of the boilerplate model with synthetic in-body furniture (issue 16).

Dev has 37 pages; choosing on it would tune on it. This script measures on
the 72 train pages instead, in 5 folds grouped by site (pages that share a line
of four words or more are one site: its menus and footers must not fall into
two folds). In each fold it trains

* the shipped trainer (:func:`qualitycheck.detect.models.boilerplate.train`,
  what ``qualitycheck train`` runs) on the other folds' pages, and
* the same trainer with synthetic pages added to its training rows: articles
  with furniture written by ``benchmarks/boilerplate_furniture.py`` inserted
  between their paragraphs. Their articles are the training folds' pages cut to
  their content lines and PolNeAR train articles; they only ever train (the
  trainer's own inner cross-validation, which picks the threshold, scores the
  real pages alone),

and evaluates the held-out fold exactly as ``qualitycheck evaluate`` does
(rules + model: all lines, and the in-body lines between the first and last
content line). Each variant is paired with the shipped trainer per fold.

    python benchmarks/boilerplate_cv.py                        # the default variants
    python benchmarks/boilerplate_cv.py --variant train=1,polnear=100,weight=0.3
    python benchmarks/boilerplate_cv.py --rules-only   # synthetic lines the rules catch

A variant is ``train=K`` (each training page's content with furniture, K
copies), ``polnear=N`` (N PolNeAR train articles, a seeded sample) and
``weight=W`` (the synthetic rows' sample weight). Training is seeded: the same
data, variants and seed give the same numbers. It runs the code of this
checkout (put it first on ``PYTHONPATH``).
"""

from __future__ import annotations

import argparse
import json
import math
import random
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Sequence
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
CORPUS = HERE.parent.parent / "shared" / "corpus"

import boilerplate_furniture as furniture  # noqa: E402

from qualitycheck.detect.models import boilerplate as bp  # noqa: E402
from qualitycheck.detect.models.linear import LinearModel  # noqa: E402

Rows = list[dict[str, float]]
DEFAULT_VARIANTS = (
    "train=1,weight=1.0",
    "train=1,weight=0.3",
    "train=1,polnear=100,weight=1.0",
    "train=1,polnear=100,weight=0.3",
    "train=3,polnear=300,weight=0.3",
)


def site_groups(records: Sequence[dict[str, Any]]) -> list[int]:
    """A group per page, pages that share a line of four words or more joined."""
    parent = list(range(len(records)))

    def find(index: int) -> int:
        while parent[index] != index:
            parent[index] = parent[parent[index]]
            index = parent[index]
        return index

    owner: dict[str, int] = {}
    for number, record in enumerate(records):
        for line in sorted({bp._normal(t) for t in record["text"].split("\n")}):
            if len(line.split()) < 4:
                continue
            if line in owner:
                parent[find(number)] = find(owner[line])
            else:
                owner[line] = number
    return [find(index) for index in range(len(records))]


def site_folds(records: Sequence[dict[str, Any]], count: int) -> list[list[int]]:
    """Page indices of ``count`` folds of whole site groups, of about equal lines."""
    groups: dict[int, list[int]] = {}
    for index, group in enumerate(site_groups(records)):
        groups.setdefault(group, []).append(index)
    folds: list[list[int]] = [[] for _ in range(count)]
    sizes = [0] * count
    for members in sorted(groups.values(), key=lambda m: (-len(m), m[0])):
        target = min(range(count), key=lambda f: (sizes[f], f))
        folds[target].extend(members)
        sizes[target] += sum(len(records[i]["text"].split("\n")) for i in members)
    return folds


def parse_variant(text: str) -> dict[str, float]:
    values = {"train": 0.0, "polnear": 0.0, "weight": 1.0}
    for part in text.split(","):
        key, _, value = part.partition("=")
        if key not in values:
            raise SystemExit(f"unknown variant key {key!r} in {text!r}")
        values[key] = float(value)
    return values


class Synthetic:
    """Synthetic pages with their rule flags, built once and shared by the folds."""

    def __init__(
        self,
        records: list[dict[str, Any]],
        polnear: list[list[str]],
        rules: Any,
        copies: int,
        seed: int,
    ) -> None:
        bases = [furniture.cut_to_content(r) for r in records]
        self.train_pages = furniture.furniture_pages(bases, seed, copies)
        self.polnear_pages = furniture.furniture_pages(polnear, seed + 1, 1)
        for page in (*self.train_pages, *self.polnear_pages):
            page["flagged"], page["named"] = bp._rule_flags(rules, page["text"])

    def pages(
        self, variant: dict[str, float], train_ids: set[int]
    ) -> list[tuple[dict[str, Any], int | None]]:
        """The variant's pages for a fold (with the training page each was made from)."""
        chosen: list[tuple[dict[str, Any], int | None]] = []
        for page in self.train_pages:
            if int(page["id"].split("-")[1]) < variant["train"] and page["base"] in train_ids:
                chosen.append((page, page["base"]))
        for page in self.polnear_pages:  # the pages of the first N articles
            if page["base"] >= variant["polnear"]:
                continue
            chosen.append((page, None))
        return chosen


def synthetic_rows(
    pages: list[tuple[dict[str, Any], int | None]],
    records: list[dict[str, Any]],
    train_ids: Sequence[int],
) -> tuple[Rows, list[int]]:
    """Feature rows and labels of synthetic pages; "seen elsewhere" counts the
    real training pages' lines (not the page the article came from)."""
    frequency: Counter[str] = Counter()
    documents = {i: {bp._normal(t) for t in records[i]["text"].split("\n")} for i in train_ids}
    for lines in documents.values():
        frequency.update(lines)
    rows: Rows = []
    labels: list[int] = []
    for page, base in pages:
        own = documents.get(base, set()) if base is not None else set()
        texts = page["text"].split("\n")
        seen = [frequency[line] - (1 if line in own else 0) for line in map(bp._normal, texts)]
        rows += bp.line_features(texts, page["flagged"], seen)
        labels += [1 if label == "boilerplate" else 0 for label in page["lines"]]
    return rows, labels


def fit(rows: Rows, labels: list[int], weights: list[float], seed: int) -> tuple[Any, Any]:
    """``training.fit_logistic`` with sample weights (same solver, C and classes)."""
    from sklearn.feature_extraction import DictVectorizer
    from sklearn.linear_model import LogisticRegression

    vectorizer = DictVectorizer(sparse=True, sort=True)
    matrix = vectorizer.fit_transform(rows)
    classifier = LogisticRegression(
        C=0.5, class_weight="balanced", max_iter=5000, solver="lbfgs", random_state=seed
    )
    classifier.fit(matrix, labels, sample_weight=weights)
    return vectorizer, classifier


def train_with(
    real: tuple[Any, ...], extra: tuple[Rows, list[int]], weight: float, seed: int
) -> LinearModel:
    """The shipped trainer's steps with ``extra`` rows added to every fit."""
    from sklearn.model_selection import GroupKFold

    from qualitycheck.detect.models.training import prune_rare, to_linear_model

    rows, labels, groups, named, original = real
    count = len(rows)
    every = prune_rare([*rows, *extra[0]], 3)
    real_rows, extra_rows = every[:count], every[count:]
    extra_weights = [weight] * len(extra_rows)
    scores = [0.0] * count
    for train_index, test_index in GroupKFold(n_splits=5).split(real_rows, labels, groups):
        vectorizer, classifier = fit(
            [real_rows[i] for i in train_index] + extra_rows,
            [labels[i] for i in train_index] + extra[1],
            [1.0] * len(train_index) + extra_weights,
            seed,
        )
        probabilities = classifier.predict_proba(
            vectorizer.transform([real_rows[i] for i in test_index])
        )
        for position, index in enumerate(test_index):
            scores[index] = float(probabilities[position, 1])
    given = [i for i, kept in enumerate(original) if kept]
    threshold = bp.combined_threshold(
        [scores[i] for i in given], [labels[i] for i in given], [named[i] for i in given]
    )
    vectorizer, classifier = fit(every, [*labels, *extra[1]], [1.0] * count + extra_weights, seed)
    settings = {"warning_threshold": bp.WARNING_THRESHOLD}
    return to_linear_model(bp.TASK, vectorizer, classifier, threshold, {"seed": seed}, settings)


def evaluate_fold(
    checker: Any, model: LinearModel, held: list[dict[str, Any]], tmp: Path
) -> dict[str, dict[str, int]]:
    """``evaluate --task boilerplate`` of the held-out pages with ``model``."""
    from qualitycheck.tools.evaluation import evaluate

    data = tmp / "held.jsonl"
    data.write_text(
        "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in held), encoding="utf-8"
    )
    checker.models.boilerplate = bp.BoilerplateDetector(model)  # fresh run memory
    result = evaluate(checker, "boilerplate", data).as_dict()
    return {
        part: {k: int(counts[k]) for k in ("tp", "fp", "fn")}
        for part, counts in (("all", result), ("in_body", result["in_body"]))
    }


def f1(counts: dict[str, int]) -> float:
    return 2 * counts["tp"] / max(2 * counts["tp"] + counts["fp"] + counts["fn"], 1)


def summary(per_fold: list[dict[str, dict[str, int]]]) -> dict[str, dict[str, float]]:
    out = {}
    for part in ("all", "in_body"):
        total = {k: sum(f[part][k] for f in per_fold) for k in ("tp", "fp", "fn")}
        out[part] = {
            "P": total["tp"] / max(total["tp"] + total["fp"], 1),
            "R": total["tp"] / max(total["tp"] + total["fn"], 1),
            "F1": f1(total),
            **total,
        }
    return out


def paired(
    base: list[dict[str, dict[str, int]]], other: list[dict[str, dict[str, int]]], part: str
) -> tuple[float, float, list[float]]:
    gains = [f1(o[part]) - f1(b[part]) for b, o in zip(base, other, strict=True)]
    mean = sum(gains) / len(gains)
    deviation = math.sqrt(sum((g - mean) ** 2 for g in gains) / max(len(gains) - 1, 1))
    return mean, deviation / math.sqrt(len(gains)), gains


def rules_only(synthetic: Synthetic) -> None:
    """How many synthetic furniture lines the named rules (and any rule) already catch."""
    for name, pages in (("train", synthetic.train_pages), ("polnear", synthetic.polnear_pages)):
        by_kind: dict[str, list[int]] = {}
        content = [0, 0]
        for page in pages:
            for index, (label, kind) in enumerate(zip(page["lines"], page["kinds"], strict=True)):
                if label == "boilerplate":
                    row = by_kind.setdefault(kind, [0, 0, 0])
                    row[0] += 1
                    row[1] += index in page["named"]
                    row[2] += index in page["flagged"]
                else:
                    content[0] += 1
                    content[1] += index in page["named"]
        total = [sum(r[i] for r in by_kind.values()) for i in range(3)]
        print(
            f"{name}: {len(pages)} pages, furniture lines {total[0]}, named rule {total[1]} "
            f"({total[1] / max(total[0], 1):.1%}), any rule {total[2]} "
            f"({total[2] / max(total[0], 1):.1%}); "
            f"content lines {content[0]}, named rule on content {content[1]}"
        )
        for kind, row in sorted(by_kind.items()):
            print(f"  {kind:11} {row[0]:5}  named {row[1] / row[0]:.1%}  any {row[2] / row[0]:.1%}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=CORPUS / "boilerplate" / "train.jsonl")
    parser.add_argument("--polnear", type=Path, default=CORPUS / "attribution" / "train.jsonl")
    parser.add_argument("--variant", action="append", help="repeatable; default: DEFAULT_VARIANTS")
    parser.add_argument("--folds", type=int, default=5)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--rules-only", action="store_true")
    parser.add_argument("--json", type=Path, help="write the per-fold counts here")
    parser.add_argument(
        "--output",
        type=Path,
        help="no CV: train the first variant on every train page and write DIR/boilerplate.json",
    )
    args = parser.parse_args(argv)
    for path in (args.data, args.polnear):
        if not path.is_file():
            print(f"{path}: not found (needs ../shared)", file=sys.stderr)
            return 2

    from qualitycheck.config.settings import Config
    from qualitycheck.pipeline.checker import Checker
    from qualitycheck.tools.training import read_records

    started = time.process_time()
    records = read_records(args.data)
    variants = [parse_variant(v) for v in (args.variant or DEFAULT_VARIANTS)]
    articles = [furniture.paragraphs(r["text"]) for r in read_records(args.polnear)]
    random.Random(args.seed).shuffle(articles)
    wanted = int(max((v["polnear"] for v in variants), default=0))
    copies = int(max((v["train"] for v in variants), default=0))
    config = Config()
    config.use_models = False
    rules = Checker(config)
    synthetic = Synthetic(
        records,
        articles[:wanted] if not args.rules_only else articles[:300],
        rules,
        copies if not args.rules_only else 1,
        args.seed,
    )
    if args.rules_only:
        rules_only(synthetic)
        return 0
    if args.output:
        everything = list(range(len(records)))
        extra = synthetic_rows(synthetic.pages(variants[0], set(everything)), records, everything)
        model = train_with(bp.dataset(records, rules), extra, variants[0]["weight"], args.seed)
        model.save(args.output / f"{bp.TASK}.json")
        print(f"wrote {args.output / f'{bp.TASK}.json'} (threshold {model.threshold:.2f})")
        return 0
    checker = Checker(Config())
    results: dict[str, list[dict[str, dict[str, int]]]] = {"shipped": []}
    names = [",".join(f"{k}={v:g}" for k, v in v.items()) for v in variants]
    for name in names:
        results[name] = []
    with tempfile.TemporaryDirectory() as folder:
        tmp = Path(folder)
        for number, held_out in enumerate(site_folds(records, args.folds)):
            held = set(held_out)
            train_ids = [i for i in range(len(records)) if i not in held]
            training = [records[i] for i in train_ids]
            held_records = [records[i] for i in sorted(held_out)]
            (model,) = bp.train(training, rules, args.seed)
            results["shipped"].append(evaluate_fold(checker, model, held_records, tmp))
            real = bp.dataset(training, rules)
            for name, variant in zip(names, variants, strict=True):
                pages = synthetic.pages(variant, set(train_ids))
                extra = synthetic_rows(pages, records, train_ids)
                model = train_with(real, extra, variant["weight"], args.seed)
                results[name].append(evaluate_fold(checker, model, held_records, tmp))
            print(
                f"fold {number}: {len(held_out)} pages held out, "
                f"{time.process_time() - started:.0f} s CPU",
                file=sys.stderr,
            )
    _report(results)
    if args.json:
        args.json.write_text(json.dumps(results, indent=1), encoding="utf-8")
    return 0


def _report(results: dict[str, list[dict[str, dict[str, int]]]]) -> None:
    base = results["shipped"]
    print(
        "| variant | P | R | F1 | in-body P | in-body R | in-body F1 "
        "| in-body gain ± s.e. | F1 gain ± s.e. |"
    )
    print("|---|---|---|---|---|---|---|---|---|")
    for name, per_fold in results.items():
        s = summary(per_fold)
        a, b = s["all"], s["in_body"]
        gains = ""
        if name != "shipped":
            mean, error, _ = paired(base, per_fold, "in_body")
            mean_all, error_all, _ = paired(base, per_fold, "all")
            gains = f" {mean:+.3f} ± {error:.3f} | {mean_all:+.3f} ± {error_all:.3f} |"
        else:
            gains = " | |"
        print(
            f"| {name} | {a['P']:.3f} | {a['R']:.3f} | {a['F1']:.3f} | {b['P']:.3f} | {b['R']:.3f} "
            f"| {b['F1']:.3f} (tp {b['tp']}, fp {b['fp']}, fn {b['fn']}) |{gains}"
        )
    print()
    print("per-fold in-body F1:")
    for name, per_fold in results.items():
        print(f"  {name}: " + " ".join(f"{f1(f['in_body']):.3f}" for f in per_fold))


if __name__ == "__main__":
    sys.exit(main())
