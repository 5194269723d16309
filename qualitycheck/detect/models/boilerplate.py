"""The boilerplate line classifier.

Rules name the widgets they know; this model generalises to sites nobody
wrote a rule for. Each line is described by its own shape (length, case,
punctuation, digits, function words, character n-grams), its context
(position, the main body found by the layout rule, its neighbours, whether it
repeats within the article or in other articles of the same run) and the
rule findings on it. A logistic regression turns that into a probability.
"""

from __future__ import annotations

import math
import re
from bisect import bisect_left
from collections import Counter
from collections.abc import Sequence
from pathlib import Path
from typing import Any, cast

from qualitycheck.detect.models.boilerplate_kernel import (
    BODY_MIN_WORDS,
    BODY_PENALTY,
    CompiledBoilerplate,
    compiled,
)
from qualitycheck.detect.models.line_memory import LineMemory
from qualitycheck.detect.models.linear import LinearModel, load_task, sigmoid
from qualitycheck.detect.models.protocols import RuleSource
from qualitycheck.detect.rules.kinds.layout import body_span, is_prose
from qualitycheck.document.article import Article, Block
from qualitycheck.document.findings import Finding
from qualitycheck.document.lexicon import STOPWORDS
from qualitycheck.document.textfold import normalize
from qualitycheck.readers.txt import parse_text, reads_as_headline

TASK = "boilerplate"
_WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)?")
_TERMINAL = re.compile(r"[.!?…。！？][\"”’'»)\]]*\s*$")
_SEPARATOR = re.compile(r"[|·•»›/]")
_URL = re.compile(r"https?://|www\.|\S+@\S+\.\w")


def _normal(text: str) -> str:
    return normalize(text)


def _shape(text: str) -> dict[str, float]:
    words = _WORD.findall(text)
    count = len(words)
    # map() over the str methods: the same counts as a generator, three times faster.
    letters = sum(map(str.isalpha, text)) or 1
    features = {
        "len_words": math.log1p(count),
        "len_chars": math.log1p(len(text)),
        "terminal": 1.0 if _TERMINAL.search(text) else 0.0,
        "ends_colon": 1.0 if text.rstrip().endswith(":") else 0.0,
        "upper_share": sum(map(str.isupper, text)) / letters,
        "digit_share": sum(map(str.isdigit, text)) / max(len(text), 1),
        "separator": 1.0 if _SEPARATOR.search(text) else 0.0,
        "url": 1.0 if _URL.search(text) else 0.0,
        "prose": 1.0 if is_prose(text, BODY_MIN_WORDS) else 0.0,
    }
    if count:
        features["title_share"] = sum(w[:1].isupper() for w in words) / count
        features["stop_share"] = sum(w.lower() in STOPWORDS for w in words) / count
    features[f"words={min(count, 12)}"] = 1.0
    return features


def _ngrams(text: str) -> dict[str, float]:
    folded = " " + _normal(text)[:80] + " "
    names = ["c3:" + folded[i : i + 3] for i in range(len(folded) - 2)]
    names += ["c4:" + folded[i : i + 4] for i in range(len(folded) - 3)]
    names += ["w:" + word for word in _WORD.findall(folded)[:12]]
    return dict.fromkeys(names, 1.0)


def line_features(
    texts: Sequence[str],
    flagged_by_rules: set[int],
    memory_counts: Sequence[int] | None = None,
) -> list[dict[str, float]]:
    """Features of every line of one article."""
    count = len(texts)
    span = body_span(list(texts), BODY_MIN_WORDS, BODY_PENALTY)
    counts = Counter(_normal(t) for t in texts)
    shapes = [_shape(t) for t in texts]
    runs = _short_runs([shape["prose"] == 0.0 for shape in shapes])
    rows: list[dict[str, float]] = []
    for index, text in enumerate(texts):
        row = dict(shapes[index])
        row.update(_ngrams(text))
        row["position"] = index / max(count - 1, 1)
        row["first"] = 1.0 if index == 0 else 0.0
        row["last"] = 1.0 if index == count - 1 else 0.0
        if span is None:
            row["no_body"] = 1.0
        elif index < span[0]:
            row["before_body"] = 1.0
            row["dist_body"] = math.log1p(span[0] - index)
        elif index > span[1]:
            row["after_body"] = 1.0
            row["dist_body"] = math.log1p(index - span[1])
        else:
            row["in_body"] = 1.0
        for offset, name in ((-1, "prev"), (1, "next")):
            other = index + offset
            if 0 <= other < count:
                row[f"{name}_prose"] = shapes[other]["prose"]
                row[f"{name}_terminal"] = shapes[other]["terminal"]
                row[f"{name}_len"] = shapes[other]["len_words"]
                row[f"{name}_rule"] = 1.0 if other in flagged_by_rules else 0.0
            else:
                row[f"{name}_edge"] = 1.0
        row["run"] = math.log1p(runs[index])
        for offset, name in ((-2, "prev2"), (2, "next2")):
            other = index + offset
            if 0 <= other < count:
                row[f"{name}_prose"] = shapes[other]["prose"]
        row["repeated"] = 1.0 if counts[_normal(text)] > 1 else 0.0
        if memory_counts is not None and memory_counts[index]:
            row["seen_elsewhere"] = math.log1p(memory_counts[index])
        row["rule"] = 1.0 if index in flagged_by_rules else 0.0
        rows.append(row)
    return rows


def headline_first(texts: Sequence[str]) -> bool:
    """Whether the first line reads as a headline: four to thirty words, no
    link and none of the separators of a menu or a breadcrumb trail."""
    return bool(texts) and reads_as_headline(texts[0])


#: Features that say where a line stands on the page rather than what it is.
_PLACE = ("before_body", "after_body", "no_body", "dist_body", "first", "last", "position")
_NEIGHBOUR = ("prose", "terminal", "len", "rule")


def mid_body(row: dict[str, float]) -> dict[str, float]:
    """The same line as if it stood in the middle of the article's body.

    The pages the model learned from keep their furniture at the edges, so a
    line's place alone can push it over the threshold: a clean article's
    headline, or the short closing sentence of a wire story ("Sterling fell
    ... after the decision, traders said.") that nobody would flag in
    mid-article. A line is reported only when it looks like furniture here
    too: its words, its shape, the rules on it and on its real neighbours,
    and whether it repeats, with its place set to mid-body and a missing
    neighbour (the page's edge) replaced by the neighbour on the other side.
    """
    result = {k: v for k, v in row.items() if k not in _PLACE}
    result["in_body"] = 1.0
    result["position"] = 0.5
    for side, other in (("prev", "next"), ("next", "prev")):
        if result.pop(f"{side}_edge", None) is None:
            continue
        for name in _NEIGHBOUR:
            if f"{other}_{name}" in row:
                result[f"{side}_{name}"] = row[f"{other}_{name}"]
    return result


def _short_runs(short: Sequence[bool]) -> list[int]:
    """For each line, the length of the run of consecutive non-prose lines it is in."""
    lengths = [0] * len(short)
    index = 0
    while index < len(short):
        if not short[index]:
            index += 1
            continue
        end = index
        while end < len(short) and short[end]:
            end += 1
        for position in range(index, end):
            lengths[position] = end - index
        index = end
    return lengths


#: Lines an article needs before the model scores it. Much of what the model
#: knows is where a line sits on a page: first or last, its neighbours up to two
#: lines away, inside or outside the body of prose. In an article of one to three
#: lines every line is at an edge of the "page" or next to one, with (nearly)
#: nothing around it; the pages the model learned from keep navigation and
#: footers there, so it called plain prose boilerplate (a one-line record, the
#: first sentence of a three-line one). No scraped page it was trained on (6
#: lines and more; one of the 71 copies cut to their article has 2) or measured
#: on (4 and more) is that short, so such articles are left to the rules, which
#: name widgets by what they say.
MIN_LINES = 4

#: From this probability a model finding is ``model-boilerplate`` (a warning);
#: from the model's threshold up to here it is ``model-boilerplate-possible``
#: (info). Chosen on the dev pages and on clean text (docs/accuracy.md, "No
#: position-only boilerplate flags"): above it 0.889 of the findings ``check``
#: shows on dev are right, in the band below 0.602; on boilerplate-free articles the
#: band holds a third of the documents the model flagged. Training writes it into
#: the model file (``settings.warning_threshold``).
WARNING_THRESHOLD = 0.9


class BoilerplateDetector:
    """Scores the lines of an article with the shipped (or a retrained) model."""

    def __init__(self, model: LinearModel, threshold: float | None = None) -> None:
        self.model = model
        self.threshold = model.threshold if threshold is None else threshold
        # A model file without one (older, or retrained elsewhere) warns on every line it reports.
        self.warning_threshold = float(model.settings.get("warning_threshold", 0.0))
        self.memory = LineMemory()
        self._kernel: CompiledBoilerplate | bool | None = False  # False: not looked for yet

    def __getstate__(self) -> dict[str, Any]:
        # The compiled tables stay behind: a worker process builds its own.
        return {**self.__dict__, "_kernel": False}

    def _compiled(self) -> CompiledBoilerplate | None:
        if self._kernel is False:
            self._kernel = compiled(self.model)
        return self._kernel if isinstance(self._kernel, CompiledBoilerplate) else None

    @classmethod
    def load(cls, folder: Path, threshold: float | None = None) -> BoilerplateDetector:
        return cls(load_task(folder, TASK), threshold)

    def new_run(self) -> None:
        """Forget the lines seen so far (a Dask task checks each shard as a run)."""
        self.memory = LineMemory(limit=self.memory.limit)

    def run_state(self) -> object:
        return self.memory  # the run's line memory, for resume()

    def resume(self, state: object) -> None:
        self.memory = cast(LineMemory, state)

    def prepare(self, article: Article) -> None:
        """Count the article's lines in the run's memory, in input order.

        A parallel run calls this in the main process before handing the
        article to a worker, so the "seen in earlier articles" counts are those
        of a one-process run whatever ``--jobs`` is.
        """
        if article.line_history is None:
            article.line_history = self.memory.history([b.normalized for b in article.blocks])

    def probabilities(self, article: Article, findings: list[Finding]) -> list[float]:
        """The model's probability for every block, in order."""
        texts = [block.text for block in article.blocks]
        normals = [block.normalized for block in article.blocks]  # normalize(text), kept
        seen = article.line_history
        if seen is None:
            # Remembered even when not scored below: --jobs N computes the
            # history for every article, and the output must not depend on N.
            seen = self.memory.history(normals)
        if len(texts) < MIN_LINES:
            return [0.0] * len(texts)  # too short for a page layout: see MIN_LINES
        flagged = flagged_blocks(article, findings)
        result = []
        if (
            headline_first(texts)
            and 0 not in flagged
            and not any(b.is_title for b in article.blocks)
        ):
            # An untitled article that opens with its headline: the model never
            # learned headlines (the training pages mark them as titles) and
            # took the paragraph under one for a standfirst or a byline. It
            # scores the article from its first paragraph; the headline is no
            # furniture.
            texts, seen, normals = texts[1:], seen[1:], normals[1:]
            flagged = {index - 1 for index in flagged if index}
            result.append(0.0)
        if (kernel := self._compiled()) is not None:  # the same margins, in C
            for margin, middle in zip(*kernel.margins(texts, flagged, seen, normals), strict=True):
                probability = sigmoid(margin)
                if probability >= self.threshold:
                    probability = min(probability, sigmoid(middle))
                result.append(probability)
            return result
        for row in line_features(texts, flagged, seen):
            probability = self.model.probability(row)
            if probability >= self.threshold:
                probability = min(probability, self.model.probability(mid_body(row)))
            result.append(probability)
        return result

    def score(self, article: Article, findings: list[Finding]) -> list[tuple[Block, float]]:
        """Blocks the model calls boilerplate, with its probability."""
        pairs = zip(article.blocks, self.probabilities(article, findings), strict=True)
        return [(b, p) for b, p in pairs if p >= self.threshold and not b.is_title]


def flagged_blocks(article: Article, findings: list[Finding]) -> set[int]:
    """The indices of the blocks a boilerplate finding starts in."""
    starts = sorted({f.start for f in findings if f.category == "boilerplate"})
    flagged: set[int] = set()
    if not starts:  # most articles: no block's source span needs working out
        return flagged
    for block in article.blocks:
        start, end = block.mapping.source_span(0, len(block.text))
        first = bisect_left(starts, start)  # not a scan: pages can have 100,000 lines
        if first < len(starts) and starts[first] < max(end, start + 1):
            flagged.add(block.index)
    return flagged


def _rule_flags(rules: RuleSource, text: str) -> tuple[set[int], set[int]]:
    """Blocks flagged by any boilerplate rule, and by a specific (named) rule."""
    article = parse_text(text, "train", "train", first_line_is_title=False)
    findings = rules.rule_findings(article)
    generic = rules.generic_rules
    specific = [f for f in findings if f.rule not in generic]
    return flagged_blocks(article, findings), flagged_blocks(article, specific)


def _cropped(record: dict[str, Any]) -> dict[str, Any] | None:
    """The page cut to its article: from the first to the last line that is not
    boilerplate (boilerplate inside the body kept), or ``None`` when that
    changes nothing. The scraped training pages nearly always start and end in
    furniture, so without these copies the model learns that a page's last line
    is boilerplate and flags the last paragraph of a clean article."""
    labels = record["lines"]
    kept = [i for i, label in enumerate(labels) if label != "boilerplate"]
    if not kept or (kept[0] == 0 and kept[-1] == len(labels) - 1):
        return None
    first, last = kept[0], kept[-1] + 1
    lines = record["text"].split("\n")[first:last]
    return {"text": "\n".join(lines), "lines": labels[first:last]}


def dataset(
    records: Sequence[dict[str, Any]], rules: RuleSource, cropped: bool = True
) -> tuple[list[dict[str, float]], list[int], list[int], list[bool], list[bool]]:
    """Feature rows, labels, document groups, named-rule flags and whether the
    row comes from the page as given (not a cropped copy), per line.

    With ``cropped``, each page also appears cut to its article (same group,
    so cross-validation keeps the two together): see :func:`_cropped`.
    """
    documents = [[_normal(t) for t in r["text"].split("\n")] for r in records]
    frequency: Counter[str] = Counter()
    for lines in documents:
        frequency.update(set(lines))
    rows: list[dict[str, float]] = []
    labels: list[int] = []
    groups: list[int] = []
    named: list[bool] = []
    original: list[bool] = []
    for number, record in enumerate(records):
        own = set(documents[number])
        versions = [record]
        if cropped and (cut := _cropped(record)) is not None:
            versions.append(cut)
        for version in versions:
            texts = version["text"].split("\n")
            seen = [frequency[line] - (1 if line in own else 0) for line in map(_normal, texts)]
            flagged, specific = _rule_flags(rules, version["text"])
            features = line_features(texts, flagged, seen)
            for index, (row, label) in enumerate(zip(features, version["lines"], strict=True)):
                if label == "title":
                    continue
                rows.append(row)
                labels.append(1 if label == "boilerplate" else 0)
                groups.append(number)
                named.append(index in specific)
                original.append(version is record)
    return rows, labels, groups, named, original


def combined_f1(
    scores: Sequence[float], labels: Sequence[int], named: Sequence[bool], threshold: float
) -> float:
    """F1 of "a named rule or the model at ``threshold``" (what ships)."""
    predicted = [n or s >= threshold for s, n in zip(scores, named, strict=True)]
    tp = sum(p and y for p, y in zip(predicted, labels, strict=True))
    return 2 * tp / max(sum(predicted) + sum(labels), 1)


def combined_threshold(
    scores: Sequence[float], labels: Sequence[int], named: Sequence[bool]
) -> float:
    """The threshold that maximises :func:`combined_f1` (0.5 when nothing is found)."""
    best, best_f1 = 0.5, 0.0
    for step in range(5, 100):
        f1 = combined_f1(scores, labels, named, step / 100)
        if f1 > best_f1:
            best, best_f1 = step / 100, f1
    return best


def train(records: Sequence[dict[str, Any]], rules: RuleSource, seed: int = 0) -> list[LinearModel]:
    """Fit on labeled records; the threshold comes from grouped cross-validation
    on the pages as given (their cropped copies only train)."""
    from sklearn.model_selection import GroupKFold

    from qualitycheck.detect.models.training import fit_logistic, prune_rare, to_linear_model

    rows, labels, groups, named, original = dataset(records, rules)
    rows = prune_rare(rows, 3)
    scores = [0.0] * len(rows)
    for train_index, test_index in GroupKFold(n_splits=5).split(rows, labels, groups):
        vectorizer, classifier = fit_logistic(
            [rows[i] for i in train_index], [labels[i] for i in train_index], c=0.5, seed=seed
        )
        probabilities = classifier.predict_proba(
            vectorizer.transform([rows[i] for i in test_index])
        )
        for position, index in enumerate(test_index):
            scores[index] = float(probabilities[position, 1])
    given = [i for i, kept in enumerate(original) if kept]
    given_rows = ([scores[i] for i in given], [labels[i] for i in given], [named[i] for i in given])
    threshold = combined_threshold(*given_rows)
    vectorizer, classifier = fit_logistic(rows, labels, c=0.5, seed=seed)
    training = {
        "data": "boilerplate lines (content vs boilerplate; title lines left out)",
        "documents": len(records),
        "lines": len(given),
        "boilerplate_lines": sum(labels[i] for i in given),
        "threshold_rule": "best F1 of 'named rule or model' in 5-fold CV grouped by page",
        "augmentation": "each page also cut to its article (first to last non-boilerplate line)",
        "cv_f1": round(combined_f1(*given_rows, threshold), 4),
        "seed": seed,
    }
    settings = {"warning_threshold": WARNING_THRESHOLD}
    return [to_linear_model(TASK, vectorizer, classifier, threshold, training, settings)]
