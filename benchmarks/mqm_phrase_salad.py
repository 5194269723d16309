"""Does the "phrase salad" signal find the words translators mark as MT errors?

Arase & Zhou (2013) detect machine translation by word pairs that English
does not use. This measures that signal on ``corpus/mqm`` with the English
usage statistics that ship inside the ``symspellpy`` wheel (code MIT; the word
list is Google Books Ngram counts, CC BY 3.0, intersected with SCOWL; see
docs/models.md): ``frequency_dictionary_en_82_765.txt``
(82,765 words with counts) and ``frequency_bigramdictionary_en_243_342.txt``
(242,342 word pairs with counts; the rarest listed pair has 6.4 million). The
files are read straight from the installed distribution
(``importlib.metadata``), without importing symspellpy.

Two candidates, each scored the way ``qualitycheck evaluate --task mqm``
scores findings (precision: flagged spans that overlap any rater's
Fluency/Style span; agreed recall: agreed regions of two raters that a flag
overlaps) on ``mqm/dev.jsonl``, and on clean original English (the 28
``original`` articles of ``mt/dev.jsonl`` and the 84 of
``attribution/dev.jsonl``: how many get a span):

1. ``rule``: flag two adjacent lower-case words that are both in the word
   list, are not a listed pair, and whose expected count if English chose
   words independently (count(a) * count(b) / total) is at least ``E``: a
   pair of common words that English does not use together.
2. ``model``: a token-level logistic regression (the features of
   ``benchmarks/mqm_spans.py`` plus the usage-statistics features of
   :func:`salad_features`: word frequency band, and for the pair on each side
   attested or not, PMI band or expected-count band), fitted on MQM train
   (a token is positive when a Fluency/Style span covers it; ``--label
   agreed`` makes only agreed regions positive, on the three-rater news
   documents), threshold picked by 5-fold cross-validation grouped by source
   document (all systems' translations of one document stay in one fold).
   Spans made only of punctuation are dropped (``--keep-punctuation`` keeps
   them): they are what made the earlier probe fire on clean text.

Nothing from an audit or sealed split is read.

    python benchmarks/mqm_phrase_salad.py               # both candidates
    python benchmarks/mqm_phrase_salad.py --candidate model --label agreed
    python benchmarks/mqm_phrase_salad.py --candidate model --features salad --c 1 --quantiles
"""

from __future__ import annotations

import argparse
import math
import sys
import time
from importlib.metadata import PackageNotFoundError, distribution
from itertools import pairwise
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent))

from mqm_spans import (  # noqa: E402
    CORPUS,
    features,
    flagged,
    lines,
    read,
    score,
    sparse,
    vocabulary_of,
)

from qualitycheck.tools.mqm_evaluation import (  # noqa: E402
    Span,
    agreed_regions,
    gold_spans,
    overlaps,
)

#: Passages an editor marked as machine-translation damage in the seeds (issue 15).
PASSAGES = (
    "smuggling nearly 100,000 troops",
    "stated his want for additional discussions",
    "No signals have been received by us.",
    "Washington weighs in the opportunities",
    "Interview for CNN.",
)
WORDS = "symspellpy/frequency_dictionary_en_82_765.txt"
PAIRS = "symspellpy/frequency_bigramdictionary_en_243_342.txt"


class Usage:
    """Word and word-pair counts of the symspellpy English dictionaries."""

    def __init__(self) -> None:
        dist = distribution("symspellpy")
        self.words: dict[str, int] = {}
        for line in Path(str(dist.locate_file(WORDS))).read_text(encoding="utf-8").splitlines():
            word, _, count = line.partition(" ")
            if count:
                self.words[word] = int(count)
        self.pairs: dict[tuple[str, str], int] = {}
        for line in Path(str(dist.locate_file(PAIRS))).read_text(encoding="utf-8").splitlines():
            parts = line.split(" ")
            if len(parts) == 3:
                self.pairs[(parts[0], parts[1])] = int(parts[2])
        self.total = sum(self.words.values())
        self.floor = min(self.pairs.values())

    def expected(self, a: str, b: str) -> float:
        return self.words[a] * self.words[b] / self.total

    def pair_facts(self, a: str, b: str, side: str) -> list[str]:
        """What the statistics say about the pair ``a b`` (lower case words)."""
        if a not in self.words or b not in self.words:
            return [f"{side}:oov"]
        expected = self.expected(a, b)
        count = self.pairs.get((a, b))
        if count is None:
            band = min(max(int(math.log10(expected / self.floor) * 2), -4), 6)
            return [f"{side}:unseen", f"{side}:unseen{band}"]
        pmi = min(max(int(math.log2(count / expected)), -3), 8)
        return [f"{side}:seen", f"{side}:pmi{pmi}"]


def is_word(token: str) -> bool:
    return token.isalpha() and token.islower()


def salad_features(tokens: list[tuple[int, int, str]], i: int, usage: Usage) -> list[str]:
    """The usage-statistics features of token ``i``."""
    token = tokens[i][2]
    if not token.isalpha():
        return []
    w = token.lower()
    count = usage.words.get(w)
    unknown = "oovCap" if token[0].isupper() else "oov"
    found = [f"uf{int(math.log10(count))}" if count else unknown]
    if i > 0 and is_word(tokens[i - 1][2]) and is_word(token):
        found += usage.pair_facts(tokens[i - 1][2], w, "L")
    if i + 1 < len(tokens) and is_word(tokens[i + 1][2]) and is_word(token):
        found += usage.pair_facts(w, tokens[i + 1][2], "R")
    return found


def rule_spans(text: str, usage: Usage, least: float) -> list[Span]:
    """Candidate 1: unattested pairs of common words."""
    spans: list[Span] = []
    for tokens in lines(text):
        for (s1, _, a), (_, e2, b) in pairwise(tokens):
            if not (is_word(a) and is_word(b)) or a not in usage.words or b not in usage.words:
                continue
            if (a, b) in usage.pairs or usage.expected(a, b) < least:
                continue
            if spans and s1 < spans[-1][1]:
                spans[-1] = (spans[-1][0], e2)
            else:
                spans.append((s1, e2))
    return spans


def wordy(rows: list[dict[str, Any]], spans: dict[int, list[Span]]) -> dict[int, list[Span]]:
    """Only the spans with a letter or digit in them."""
    return {
        i: kept
        for i, found in spans.items()
        if (kept := [(s, e) for s, e in found if any(c.isalnum() for c in rows[i]["text"][s:e])])
    }


def read_seeds() -> list[dict[str, Any]]:
    folder = CORPUS / "seeds"
    if not folder.is_dir():
        return []
    return [
        {"id": path.name, "text": path.read_text(encoding="utf-8"), "errors": []}
        for path in sorted(folder.glob("*.txt"))
    ]


def show_seeds(seeds: list[dict[str, Any]], spans: dict[int, list[Span]]) -> str:
    """Per seed, the flagged texts; and which marked passages a flag overlaps."""
    covered = []
    for passage in PASSAGES:
        for index, seed in enumerate(seeds):
            at = seed["text"].find(passage)
            if at >= 0 and any(overlaps(f, (at, at + len(passage))) for f in spans.get(index, [])):
                covered.append(passage)
    flags = {
        seed["id"][:3]: [seed["text"][s:e] for s, e in spans.get(index, [])]
        for index, seed in enumerate(seeds)
    }
    hit = sum(bool(v) for v in flags.values())
    return f"seeds flagged {hit}/{len(seeds)} {flags}; passages covered {covered}"


def run_rule(
    usage: Usage,
    dev: list[dict[str, Any]],
    clean: list[dict[str, Any]],
    seeds: list[dict[str, Any]],
) -> None:
    print("candidate 1, rule: unattested pair of common words, expected count >= E")
    for least in (3e5, 1e6, 2e6, 4e6, 1e7):
        started = time.process_time()
        dev_spans = {i: rule_spans(r["text"], usage, least) for i, r in enumerate(dev)}
        took = time.process_time() - started
        size = sum(len(r["text"]) for r in dev)
        clean_spans = {
            i: s for i, r in enumerate(clean) if (s := rule_spans(r["text"], usage, least))
        }
        total, precision, recall, texts = score(dev, dev_spans, lower=True)
        print(
            f"  E {least:.0e}: flagged {total:>4} precision {precision:.3f} agreed recall "
            f"{recall:.3f} | clean articles with a span {len(clean_spans)}/{len(clean)} "
            f"({sum(map(len, clean_spans.values()))} spans) | "
            f"{1000 * took / size * 4096:.2f} ms CPU / 4 KB | {texts.most_common(4)}"
        )
        seed_spans = {i: rule_spans(r["text"], usage, least) for i, r in enumerate(seeds)}
        print(f"    {show_seeds(seeds, seed_spans)}")


def featurize(
    rows: list[dict[str, Any]], usage: Usage, label: str, with_salad: bool = True
) -> tuple[list[list[str]], list[int], list[tuple[int, int, int]]]:
    x, y, where = [], [], []
    for index, row in enumerate(rows):
        gold = gold_spans(row)
        targets = agreed_regions(gold) if label == "agreed" else [g for g, _, _ in gold]
        for tokens in lines(row["text"]):
            for i, (start, end, _) in enumerate(tokens):
                found = features(tokens, row["text"], i)
                if with_salad:
                    found += salad_features(tokens, i, usage)
                x.append(found)
                y.append(int(any(overlaps((start, end), g) for g in targets)))
                where.append((index, start, end))
    return x, y, where


def run_model(
    usage: Usage,
    train: list[dict[str, Any]],
    dev: list[dict[str, Any]],
    clean: list[dict[str, Any]],
    seeds: list[dict[str, Any]],
    args: argparse.Namespace,
) -> None:
    import numpy as np
    from sklearn.linear_model import LogisticRegression
    from sklearn.metrics import roc_auc_score
    from sklearn.model_selection import GroupKFold

    if args.label == "agreed":
        train = [r for r in train if int(r.get("raters") or 1) >= 2]
    salad = args.features != "probe"
    x_train, y_train, where_train = featurize(train, usage, args.label, salad)
    x_dev, y_dev, where_dev = featurize(dev, usage, "any", salad)
    x_clean, _, where_clean = featurize(clean, usage, "any", salad)
    x_seeds, _, where_seeds = featurize(seeds, usage, "any", salad)
    salad_only = args.features == "salad"
    if salad_only:
        keep = ("uf", "oov", "L:", "R:")
        x_train, x_dev, x_clean, x_seeds = (
            [[f for f in row if f.startswith(keep)] for row in xs]
            for xs in (x_train, x_dev, x_clean, x_seeds)
        )
    vocabulary = vocabulary_of(x_train, args.min_count)

    def matrix(rows: list[list[str]]) -> Any:
        return sparse(rows, vocabulary)

    m_train = matrix(x_train)
    groups = [str(train[row].get("group") or train[row]["id"]) for row, _, _ in where_train]
    out_of_fold = np.zeros(len(y_train))
    for fit, held in GroupKFold(n_splits=5).split(m_train, y_train, groups):
        model = LogisticRegression(C=args.c, max_iter=3000)
        model.fit(m_train[fit], np.asarray(y_train)[fit])
        out_of_fold[held] = model.predict_proba(m_train[held])[:, 1]
    thresholds: tuple[float, ...] = (0.3, 0.4, 0.5, 0.6, 0.7, 0.8)
    if args.quantiles:
        # The scores of the top 10, 5, 2, 1 and 0.5 % of training tokens (out of fold).
        thresholds = tuple(
            round(float(np.quantile(out_of_fold, q)), 4) for q in (0.9, 0.95, 0.98, 0.99, 0.995)
        )
    cv: dict[float, list[int]] = {t: [0, 0, 0, 0] for t in thresholds}
    for t in thresholds:
        spans = flagged(where_train, list(out_of_fold), t)
        if not args.keep_punctuation:
            spans = wordy(train, spans)
        total, precision, recall, _ = score(train, spans)
        cv[t] = [total, round(precision * 1000), round(recall * 1000), 0]
    model = LogisticRegression(C=args.c, max_iter=3000)
    model.fit(m_train, y_train)
    dev_scores = list(model.predict_proba(matrix(x_dev))[:, 1])
    clean_scores = list(model.predict_proba(matrix(x_clean))[:, 1])
    seed_scores = list(model.predict_proba(matrix(x_seeds))[:, 1]) if x_seeds else []
    print(
        f"candidate 2, model: features {args.features}, label {args.label}, train tokens "
        f"{len(y_train)} (positive {sum(y_train) / len(y_train):.3f}), features "
        f"{len(vocabulary)}, C {args.c}, punctuation-only spans "
        f"{'kept' if args.keep_punctuation else 'dropped'}"
    )
    print(
        f"  token ROC-AUC: grouped CV {roc_auc_score(y_train, out_of_fold):.3f}, "
        f"dev {roc_auc_score(y_dev, dev_scores):.3f}"
    )
    for t in thresholds:
        spans = flagged(where_dev, dev_scores, t)
        alarms = flagged(where_clean, clean_scores, t)
        if not args.keep_punctuation:
            spans, alarms = wordy(dev, spans), wordy(clean, alarms)
        total, precision, recall, texts = score(dev, spans, lower=True)
        n, p, r, _ = cv[t]
        print(
            f"  threshold {t}: CV flagged {n:>5} precision {p / 1000:.3f} agreed recall "
            f"{r / 1000:.3f} | dev flagged {total:>4} precision {precision:.3f} agreed recall "
            f"{recall:.3f} | clean articles with a span {len(alarms)}/{len(clean)} "
            f"({sum(map(len, alarms.values()))} spans) | {texts.most_common(3)}"
        )
        marked = flagged(where_seeds, seed_scores, t)
        if not args.keep_punctuation:
            marked = wordy(seeds, marked)
        print(f"    {show_seeds(seeds, marked)}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--candidate", choices=("rule", "model", "both"), default="both")
    parser.add_argument("--label", choices=("any", "agreed"), default="any")
    parser.add_argument(
        "--features",
        choices=("all", "salad", "probe"),
        default="all",
        help="all: probe + usage statistics; salad: usage statistics only; probe: mqm_spans.py's",
    )
    parser.add_argument("--c", type=float, default=0.1, help="inverse regularisation strength")
    parser.add_argument("--min-count", type=int, default=3)
    parser.add_argument("--keep-punctuation", action="store_true")
    parser.add_argument(
        "--quantiles",
        action="store_true",
        help="thresholds at the top 10/5/2/1/0.5%% of out-of-fold training scores",
    )
    args = parser.parse_args()
    mqm = CORPUS / "mqm"
    if not (mqm / "train.jsonl").is_file():
        print(f"{mqm}: not found", file=sys.stderr)
        return 1
    try:
        usage = Usage()
    except PackageNotFoundError:
        print("symspellpy is not installed (pip install symspellpy)", file=sys.stderr)
        return 1
    print(
        f"usage statistics: {len(usage.words)} words, {len(usage.pairs)} pairs, "
        f"rarest pair {usage.floor}, total words {usage.total:.3e}"
    )
    dev = read(mqm / "dev.jsonl")
    clean = read(CORPUS / "mt" / "dev.jsonl", True) + read(
        CORPUS / "attribution" / "dev.jsonl", True
    )
    seeds = read_seeds()
    if args.candidate in ("rule", "both"):
        run_rule(usage, dev, clean, seeds)
    if args.candidate in ("model", "both"):
        run_model(usage, read(mqm / "train.jsonl"), dev, clean, seeds, args)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
