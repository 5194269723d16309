"""The per-article machine-translation classifier.

Rules catch the loud artifacts (a decimal comma, guillemets, a calque); most
machine-translated articles have none and read as plain, slightly flat
English. What gives them away is a profile: which function words and word
shapes follow each other, straight quotes and hyphens where a translator
types curly quotes and dashes, no contractions, shorter and more frequent
words, fewer pronouns. Single signals are weak; a linear model over many of
them is not.

Two stages, each a :class:`LinearModel` stored as JSON:

- ``mt_sentence``: one sentence's words, word pairs and "mixed" n-grams (function
  words kept, other words reduced to their shape, so the model sees syntax,
  not topic). Its scores show an editor *which* sentences read as translated.
- ``mt``: the article's character, word and mixed n-gram profile, its style
  statistics, the machine-translation rule findings and the sentence scores
  (mean, top three, maximum, share above one half).

Scaling (idf weights of the n-gram profile, standardisation of the style
statistics, the calibration of the final margin) is folded into the exported
weights, so scoring is a plain dot product with no scikit-learn.
"""

from __future__ import annotations

import hashlib
import math
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from qualitycheck.detect.models.linear import LinearModel
from qualitycheck.document.article import Article, Block
from qualitycheck.document.findings import Finding
from qualitycheck.document.lexicon import STOPWORDS
from qualitycheck.readers.txt import parse_text

TASK = "mt"
SENTENCE_TASK = "mt_sentence"
CATEGORY = "machine_translation"
POSITIVE = "machine"
NEGATIVES = ("original", "human_translation")

# ---------------------------------------------------------------------------
# Tokens and word shapes
# ---------------------------------------------------------------------------

#: Words (apostrophes kept inside, so "don't" and "it’s" stay one token) and
#: single punctuation marks (the typography is part of the signal).
_TOKEN = re.compile(r"[^\W_]+(?:['’][^\W_]+)*|[^\w\s]")
_WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)*")

#: Words whose use is style, not topic: kept as themselves in mixed n-grams.
FUNCTION_WORDS = STOPWORDS | frozenset(
    """
    across along amid among amongst around behind beside besides beyond despite
    except inside near onto outside since toward towards upon via within without
    although though unless whereas whether yet however therefore thus hence
    moreover furthermore meanwhile nevertheless otherwise instead also even still
    already ever never always often sometimes perhaps maybe quite rather
    may might must shall cannot ought need one another either neither every
    everyone everything anyone anything someone something nobody nothing none
    much many several less least lot lots wherever whenever whatever whoever
    according regarding including following let like unlike yes yeah okay ok
    oh please thanks mr mrs ms dr
    """.split()
)
_PRONOUNS = frozenset("he she it they him her them his hers its their theirs we us our".split())
_CONTRACTION = re.compile(
    r"(?:n['’]t|['’](?:re|ve|ll|m|d))$|^(?:it|that|there|he|she|what|let|here|who)['’]s$", re.I
)
_SUFFIXES = ("ing", "ed", "ly", "tion", "ment", "s")
_TERMINAL = re.compile(r"""[.!?…:;]["'”’»)\]]*$""")
#: Slips an engine does not make: apostrophes left out, lower-case "i",
#: no space after a full stop, doubled punctuation.
_APOSTROPHE_LEFT_OUT = frozenset(
    "dont doesnt didnt cant wont isnt wasnt arent werent havent hasnt wouldnt couldnt "
    "shouldnt im ive youre theyre thats whats theres lets".split()
)
_NO_SPACE = re.compile(r"[a-z]{2}[.!?,][A-Za-z]{2}")
_DOUBLED = re.compile(r"[!?]{2,}|(?<!\.)\.\.(?!\.)|,,")


@lru_cache(maxsize=1 << 16)
def shape(token: str) -> str:
    """A token as mixed n-grams see it: function words and punctuation as
    themselves, other words as a shape (``<C>`` capitalised, ``<D>`` number,
    ``<ing>`` and similar suffix classes), so the n-grams carry syntax and
    typography but not the topic. Cached: a corpus repeats its words."""
    lower = token.lower()
    if lower in FUNCTION_WORDS:
        return lower
    first = token[0]
    if not first.isalnum():
        return token
    if first.isdigit():
        return "<D>"
    if _CONTRACTION.search(lower):
        return (
            lower.replace("’", "'")
            if lower.split("'")[0].split("’")[0] in FUNCTION_WORDS
            else "<X'>"
        )
    if len(token) > 1 and token.isupper():
        return "<A>"
    if first.isupper():
        return "<C>"
    for suffix in _SUFFIXES:
        if lower.endswith(suffix) and len(lower) > len(suffix) + 2:
            return f"<{suffix}>"
    return "<w>"


def _grams(items: Sequence[str], sizes: Sequence[int]) -> list[str]:
    """All n-grams of the given sizes, smaller sizes first, in text order."""
    result: list[str] = []
    for n in sizes:
        if n == 1:
            result.extend(items)
        else:
            result.extend(map(" ".join, zip(*(items[i:] for i in range(n)), strict=False)))
    return result


# ---------------------------------------------------------------------------
# Sentence features (the first stage)
# ---------------------------------------------------------------------------


def sentence_features(text: str) -> dict[str, float]:
    """Binary features of one sentence: lower-cased words and word pairs, mixed
    2- to 4-grams with sentence boundaries, and a length class (machine output
    keeps the source's sentence length; translators split and merge)."""
    tokens = _TOKEN.findall(text)
    lower = ["^", *(t.lower() for t in tokens), "$"]
    shapes = ["^", *(shape(t) for t in tokens), "$"]
    row = {f"w:{g}": 1.0 for g in _grams(lower[1:-1], (1,))}
    row.update((f"b:{g}", 1.0) for g in _grams(lower, (2,)))
    row.update((f"m:{g}", 1.0) for g in _grams(shapes, (2, 3, 4)))
    words = sum(1 for t in tokens if t[0].isalnum())
    row[f"len:{min(int(math.log2(words + 1)), 6)}"] = 1.0
    return row


def article_sentences(article: Article) -> list[tuple[Block, int, int]]:
    """Every sentence of every block (the headline included: it is translated too)."""
    return [(block, start, end) for block in article.blocks for start, end in block.sentences]


# ---------------------------------------------------------------------------
# Article features (the second stage)
# ---------------------------------------------------------------------------


def _add_normalised(counts: Counter[str], prefix: str, out: dict[str, float]) -> None:
    """Sublinear term frequencies scaled to unit length: long and short
    articles become comparable, and one repeated phrase cannot dominate."""
    if not counts:
        return
    log = math.log
    values = {key: 1.0 if count == 1 else 1.0 + log(count) for key, count in counts.items()}
    norm = math.sqrt(sum(v * v for v in values.values()))
    for key, value in values.items():
        out[prefix + key] = value / norm


def profile_features(lines: Sequence[str]) -> dict[str, float]:
    """The article's n-gram profile: words and word pairs (``w:``) and mixed 1-
    to 4-grams (``m:``). Character n-grams added nothing in cross-validation
    and would double the model file."""
    words: Counter[str] = Counter()
    mixed: Counter[str] = Counter()
    for line in lines:
        tokens = _TOKEN.findall(line)
        words.update(_grams(tokens, (1, 2)))
        mixed.update(_grams(["^", *(shape(t) for t in tokens), "$"], (1, 2, 3, 4)))
    out: dict[str, float] = {}
    _add_normalised(words, "w:", out)
    _add_normalised(mixed, "m:", out)
    return out


def _mattr(words: Sequence[str], window: int = 50) -> float:
    """Moving-average type/token ratio: vocabulary richness independent of length.

    The sum of distinct words over all windows is counted per position: a word
    adds one to each window in which it is the first of its kind, which needs
    only the position of its previous occurrence (linear, no counter updates).
    """
    count = len(words)
    if count <= window:
        return len(set(words)) / max(count, 1)
    last_start = count - window
    previous: dict[str, int] = {}
    total = 0
    for index, word in enumerate(words):
        earlier = previous.get(word, -1)
        previous[word] = index
        first = max(earlier + 1, index - window + 1, 0)
        last = min(index, last_start)
        if last >= first:
            total += last - first + 1
    return total / (last_start + 1)


def _spread(values: Sequence[float]) -> float:
    """Coefficient of variation (0 for fewer than two values)."""
    if len(values) < 2:
        return 0.0
    mean = sum(values) / len(values)
    if not mean:
        return 0.0
    return math.sqrt(sum((v - mean) ** 2 for v in values) / len(values)) / mean


def _share(counts: Counter[str], words: frozenset[str] | tuple[str, ...]) -> int:
    return sum(counts[w] for w in words if w in counts)


def style_features(lines: Sequence[str], sentence_lengths: Sequence[int]) -> dict[str, float]:
    """Whole-article statistics that separate translators from MT engines:
    punctuation habits (semicolons, colons, parentheses), contractions and
    pronouns (engines avoid them), word length and frequency classes, lexical
    richness and the regularity of line and sentence lengths.

    Word statistics are counted once per distinct word (an article repeats
    most of its words), character statistics with ``str`` methods in C.
    """
    text = "\n".join(lines)
    line_count = max(len(lines), 1)
    words = _WORD.findall(text)
    count = max(len(words), 1)
    lower = [w.lower() for w in words]
    types = Counter(lower)
    shapes = Counter(words)
    sentences = max(len(sentence_lengths), 1)
    line_words = [len(_WORD.findall(line)) for line in lines]
    first = _WORD.findall(lines[0]) if lines else []
    letters = sum(map(str.isalpha, text))
    accented = 0 if text.isascii() else sum(1 for ch in text if not ch.isascii() and ch.isalpha())
    content = Counter({w: n for w, n in types.items() if w not in FUNCTION_WORDS and len(w) > 3})
    content_total = sum(content.values())
    # Quote, apostrophe and dash styles are left out on purpose: on a published
    # page they come from the site's CMS, not from the translator, and a model
    # that keys on them calls every page with straight quotes machine-made.
    return {
        "s:semicolon": math.log1p(text.count(";") / sentences),
        "s:colon": math.log1p(text.count(":") / sentences),
        "s:parenthesis": math.log1p(text.count("(") / line_count),
        "s:ellipsis": math.log1p((text.count("...") + text.count("…")) / line_count),
        "s:contractions": math.log1p(
            100 * sum(n for w, n in types.items() if _CONTRACTION.search(w)) / count
        ),
        "s:pronouns": _share(types, _PRONOUNS) / count,
        "s:the": types["the"] / count,
        "s:a_an": _share(types, ("a", "an")) / count,
        "s:is_are": _share(types, ("is", "are")) / count,
        "s:function_share": sum(n for w, n in types.items() if w in FUNCTION_WORDS) / count,
        "s:short_words": sum(n for w, n in shapes.items() if len(w) <= 3) / count,
        "s:long_words": sum(n for w, n in shapes.items() if len(w) >= 9) / count,
        "s:ing_words": sum(n for w, n in types.items() if w.endswith("ing") and len(w) > 5) / count,
        "s:word_length": sum(len(w) * n for w, n in shapes.items()) / count,
        "s:mattr": _mattr(lower),
        "s:repetition": (content_total - len(content)) / max(content_total, 1),
        "s:line_words": math.log1p(sum(line_words) / line_count),
        "s:line_spread": _spread(line_words),
        "s:sentence_words": math.log1p(sum(sentence_lengths) / sentences),
        "s:sentence_spread": _spread(sentence_lengths),
        "s:sentences_per_line": sentences / line_count,
        "s:unterminated": sum(not _TERMINAL.search(line) for line in lines) / line_count,
        "s:headline_titlecase": sum(w[0].isupper() for w in first) / max(len(first), 1),
        "s:capitalised": sum(n for w, n in shapes.items() if w[0].isupper()) / count,
        "s:digits": sum(map(str.isdigit, text)) / max(len(text), 1),
        "s:accented": accented / max(letters, 1),
        "s:length": math.log1p(count),
        "s:lower_start": sum(line[:1].islower() for line in lines) / line_count,
        "s:apostrophe_left_out": math.log1p(100 * _share(types, _APOSTROPHE_LEFT_OUT) / count),
        "s:lower_i": math.log1p(100 * shapes["i"] / count),
        "s:no_space": math.log1p(len(_NO_SPACE.findall(text)) / line_count),
        "s:doubled_punctuation": math.log1p(len(_DOUBLED.findall(text)) / line_count),
        "s:no_capitals": sum(not any(map(str.isupper, line)) for line in lines) / line_count,
    }


def rule_features(findings: Sequence[Finding]) -> dict[str, float]:
    """The machine-translation rule findings: how many of each rule, and in all."""
    counts = Counter(f.rule for f in findings if f.category == CATEGORY)
    row = {f"r:{rule}": math.log1p(n) for rule, n in counts.items()}
    row["r:all"] = math.log1p(sum(counts.values()))
    return row


def article_features(article: Article, findings: list[Finding]) -> dict[str, float]:
    """Everything the article model reads except the sentence scores (which
    need the sentence model; :func:`sentence_aggregates` adds them)."""
    lines = [block.text for block in article.blocks]
    lengths = [
        len(_WORD.findall(block.text[start:end]))
        for block, start, end in article_sentences(article)
    ]
    row = profile_features(lines)
    row.update(style_features(lines, lengths))
    row.update(rule_features(findings))
    return row


def sentence_aggregates(margins: Sequence[float]) -> dict[str, float]:
    """Sentence evidence at article level: the average sentence, the three
    most machine-like, the single worst, and the share above one half."""
    if not margins:
        return {"a:none": 1.0}
    ranked = sorted(margins, reverse=True)
    return {
        "a:mean": sum(ranked) / len(ranked),
        "a:top3": sum(ranked[:3]) / len(ranked[:3]),
        "a:max": ranked[0],
        "a:share": sum(m > 0 for m in ranked) / len(ranked),
    }


# ---------------------------------------------------------------------------
# Scoring
# ---------------------------------------------------------------------------


def _sigmoid(margin: float) -> float:
    if margin >= 0:
        return 1.0 / (1.0 + math.exp(-margin))
    exp = math.exp(margin)
    return exp / (1.0 + exp)


class MtDetector:
    """Scores an article with the shipped (or a retrained) pair of models."""

    def __init__(
        self, model: LinearModel, sentence_model: LinearModel, threshold: float | None = None
    ) -> None:
        self.model = model
        self.sentence_model = sentence_model
        self.threshold = model.threshold if threshold is None else threshold

    @classmethod
    def load(cls, folder: Path, threshold: float | None = None) -> MtDetector:
        return cls(
            LinearModel.load(folder / f"{TASK}.json"),
            LinearModel.load(folder / f"{SENTENCE_TASK}.json"),
            threshold,
        )

    def features(
        self, article: Article, findings: list[Finding]
    ) -> tuple[dict[str, float], list[tuple[Block, int, int]], list[float]]:
        """The article model's input, the sentences and each sentence's margin."""
        spans = article_sentences(article)
        margins = [
            self.sentence_model.margin(sentence_features(block.text[start:end]))
            for block, start, end in spans
        ]
        row = article_features(article, findings)
        row.update(sentence_aggregates(margins))
        return row, spans, margins

    def score(
        self, article: Article, findings: list[Finding]
    ) -> tuple[float, list[tuple[Block, int, int, float]]]:
        """The article's probability of being machine-translated and up to three
        sentences that weigh most towards it (sentence probability above one
        half), most machine-like first."""
        row, spans, margins = self.features(article, findings)
        probability = self.model.probability(row)
        ranked = sorted(range(len(spans)), key=lambda i: (-margins[i], i))
        evidence = [
            (*spans[i], round(_sigmoid(margins[i]), 4)) for i in ranked[:3] if margins[i] > 0
        ]
        return probability, evidence


# ---------------------------------------------------------------------------
# Training (scikit-learn is imported only here, through training.py)
# ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Settings:
    """Training choices; the defaults are what the shipped models use."""

    folds: int = 5
    #: Each human translation counts this many times (duplicated rows): the
    #: topic-matched negatives teach "machine", originals mostly teach "topic".
    human_weight: int = 4
    sentence_c: float = 0.3
    article_cs: tuple[float, ...] = (3.0, 10.0, 30.0)
    min_docs: int = 3
    #: Standardised style statistics are multiplied by this (a stronger prior
    #: on them: there are few, and each can key on one corpus's habits).
    style_scale: float = 0.3
    #: The same for the sentence aggregates.
    sentence_scale: float = 0.3
    min_sentences: int = 10
    false_alarm_share: float = 0.01
    #: A cap on each model's weights, largest kept (a safety net for the file
    #: size: the rare-feature cut-offs keep both models well below it, and
    #: dropping many small weights costs accuracy).
    max_weights: int = 50000


@dataclass(eq=False)
class Document:
    """One labeled record, featurised once."""

    label: str
    system: str
    group: str
    features: dict[str, float]
    sentences: list[dict[str, float]]
    fold: int = 0
    margins: list[float] = field(default_factory=list)

    @property
    def positive(self) -> int:
        return int(self.label == POSITIVE)


def _mt_rule_engine() -> Any:
    """The shipped machine-translation rules, for training without a checker."""
    from qualitycheck.detect.rules.engine import Engine
    from qualitycheck.detect.rules.kinds.base import CheckContext
    from qualitycheck.detect.rules.packs import load_packs

    # The shipped packs as a config without enable/disable/severity selects them.
    rules = [
        rule
        for pack in load_packs()
        for rule in pack.rules
        if rule.meta.enabled and rule.meta.category == CATEGORY
    ]
    engine = Engine(rules)
    context = CheckContext("en", 1.0, ("en",))
    return lambda article: engine.findings(article, context)


def documents(rows: Sequence[dict[str, Any]], checker: Any = None) -> list[Document]:
    """Featurise labeled records (``text``, ``label``, and for grouped
    cross-validation ``system`` and ``group``)."""
    findings_of = checker.rule_findings if checker is not None else _mt_rule_engine()
    result = []
    for number, row in enumerate(rows):
        identifier = str(row.get("id", number))
        article = parse_text(row["text"], identifier, identifier, first_line_is_title=False)
        findings = [f for f in findings_of(article) if f.category == CATEGORY]
        sentences = [sentence_features(b.text[s:e]) for b, s, e in article_sentences(article)]
        group = str(row.get("group") or identifier)
        result.append(
            Document(
                label=str(row["label"]),
                system=str(row.get("system") or group),
                group=group,
                features=article_features(article, findings),
                sentences=sentences,
            )
        )
    return result


def _stable(text: str, seed: int) -> str:
    return hashlib.sha256(f"{seed}:{text}".encode()).hexdigest()


def assign_folds(docs: Sequence[Document], folds: int, seed: int) -> int:
    """Cross-validation folds that hold out whole MT systems.

    Machine documents are grouped by system (largest first, each to the
    emptiest fold), so every fold scores systems the model never saw. A human
    translation goes with the machine version of its source document (same
    group), so a source text never sits on both sides; other negatives are
    spread by group. Returns the number of folds used.
    """
    systems = Counter(d.system for d in docs if d.label == POSITIVE)
    folds = max(2, min(folds, len(systems)))
    sizes = [0] * folds
    system_fold: dict[str, int] = {}
    for system, size in sorted(systems.items(), key=lambda kv: (-kv[1], _stable(kv[0], seed))):
        target = min(range(folds), key=lambda f: (sizes[f], f))
        system_fold[system] = target
        sizes[target] += size
    group_fold = {d.group: system_fold[d.system] for d in docs if d.label == POSITIVE}
    others = sorted(
        {d.group for d in docs if d.group not in group_fold}, key=lambda g: _stable(g, seed)
    )
    for index, group in enumerate(others):
        group_fold[group] = index % folds
    for doc in docs:
        doc.fold = system_fold[doc.system] if doc.label == POSITIVE else group_fold[doc.group]
    return folds


def _weighted(docs: Sequence[Document], human_weight: int) -> list[Document]:
    """Documents with each human translation repeated (integer sample weights)."""
    out: list[Document] = []
    for doc in docs:
        out.extend([doc] * (human_weight if doc.label == "human_translation" else 1))
    return out


def fit_sentence_model(docs: Sequence[Document], settings: Settings, seed: int) -> LinearModel:
    """Sentences labeled with their article's label (machine or not)."""
    from qualitycheck.detect.models.training import fit_logistic, prune_rare, to_linear_model

    rows, labels = [], []
    for doc in _weighted(docs, settings.human_weight):
        rows.extend(doc.sentences)
        labels.extend([doc.positive] * len(doc.sentences))
    rows = prune_rare(rows, settings.min_sentences)
    vectorizer, classifier = fit_logistic(rows, labels, c=settings.sentence_c, seed=seed)
    model = to_linear_model(SENTENCE_TASK, vectorizer, classifier, 0.5, {})
    model.weights = {k: round(v, 7) for k, v in model.weights.items()}
    model.intercept = round(model.intercept, 7)
    return keep_largest(model, settings.max_weights)


def keep_largest(model: LinearModel, count: int) -> LinearModel:
    """Keep the ``count`` weights of largest magnitude (ties by name)."""
    if len(model.weights) > count:
        ranked = sorted(model.weights.items(), key=lambda kv: (-abs(kv[1]), kv[0]))[:count]
        model.weights = dict(ranked)
    return model


def _sentence_margins(docs: Sequence[Document], folds: int, settings: Settings, seed: int) -> None:
    """Out-of-fold sentence margins for every document (what the article model
    is trained on must look like what it will see on unseen text)."""
    for fold in range(folds):
        model = fit_sentence_model([d for d in docs if d.fold != fold], settings, seed)
        for doc in docs:
            if doc.fold == fold:
                doc.margins = [model.margin(row) for row in doc.sentences]


@dataclass
class Scaling:
    """Per-feature scale and shift learned on the training documents.

    A shifted (dense) feature that a row lacks counts as 0 before the shift,
    which is what the folded weights assume."""

    scale: dict[str, float]
    shift: dict[str, float]

    def apply(self, row: dict[str, float]) -> dict[str, float]:
        scaled = {k: v * self.scale[k] for k, v in row.items() if k in self.scale}
        for name, shift in self.shift.items():
            scaled[name] = (row.get(name, 0.0) - shift) * self.scale[name]
        return scaled


def _is_dense(name: str) -> bool:
    return name[:2] in ("s:", "r:", "a:")


def fit_scaling(
    rows: Sequence[dict[str, float]], min_docs: int, style_scale: float, sentence_scale: float
) -> Scaling:
    """idf for the n-gram profile (features in fewer than ``min_docs``
    documents are dropped), mean and spread for the dense statistics."""
    n = len(rows)
    df: Counter[str] = Counter(k for row in rows for k in row)
    scale, shift = {}, {}
    for name, count in sorted(df.items()):
        if _is_dense(name):
            values = [row.get(name, 0.0) for row in rows]
            mean = sum(values) / n
            spread = math.sqrt(sum((v - mean) ** 2 for v in values) / n)
            if spread > 1e-9:
                factor = sentence_scale if name.startswith("a:") else style_scale
                scale[name], shift[name] = factor / spread, mean
        elif count >= min_docs:
            scale[name] = math.log((1 + n) / (1 + count)) + 1.0
    return Scaling(scale, shift)


def _article_rows(docs: Sequence[Document]) -> list[dict[str, float]]:
    rows = []
    for doc in docs:
        row = dict(doc.features)
        row.update(sentence_aggregates(doc.margins))
        rows.append(row)
    return rows


def fit_article(
    docs: Sequence[Document], c: float, settings: Settings, seed: int
) -> tuple[Scaling, Any, Any]:
    """The article model on scaled features: ``(scaling, vectorizer, classifier)``."""
    from qualitycheck.detect.models.training import fit_logistic

    weighted = _weighted(docs, settings.human_weight)
    raw = _article_rows(weighted)
    scaling = fit_scaling(
        _article_rows(docs), settings.min_docs, settings.style_scale, settings.sentence_scale
    )
    rows = [scaling.apply(r) for r in raw]
    labels = [d.positive for d in weighted]
    # A rule that names an artifact is never evidence against machine
    # translation, however the training corpus happens to use it (in WMT,
    # human translators keep the source's "today, Friday" and decimal commas
    # too): a rule feature whose weight comes out negative is dropped and the
    # model refitted, until none is left.
    while True:
        vectorizer, classifier = fit_logistic(rows, labels, c=c, seed=seed)
        negative = {
            name
            for name, weight in zip(
                vectorizer.get_feature_names_out(), classifier.coef_[0], strict=True
            )
            if name.startswith("r:") and weight < 0
        }
        if not negative:
            return scaling, vectorizer, classifier
        rows = [{k: v for k, v in row.items() if k not in negative} for row in rows]


def _round(value: float, digits: int | None) -> float:
    return value if digits is None else round(value, digits)


def export_article(
    scaling: Scaling,
    vectorizer: Any,
    classifier: Any,
    slope: float,
    offset: float,
    digits: int | None = 7,
) -> LinearModel:
    """Fold scaling and calibration into plain weights on raw features:
    ``slope * (b + sum w (x - shift) scale) + offset``. Weights are rounded to
    ``digits`` decimals (a smaller file; the margin moves by about 1e-6)."""
    from qualitycheck.detect.models.training import to_linear_model

    model = to_linear_model(TASK, vectorizer, classifier, 0.5, {})
    intercept = model.intercept
    weights = {}
    for name, weight in model.weights.items():
        folded = weight * scaling.scale[name]
        intercept -= folded * scaling.shift.get(name, 0.0)
        weights[name] = _round(slope * folded, digits)
    model.weights = {k: v for k, v in weights.items() if v != 0.0}
    model.intercept = _round(slope * intercept + offset, digits)
    return model


def auc(positives: Sequence[float], negatives: Sequence[float]) -> float:
    """ROC-AUC: the chance a random positive outscores a random negative."""
    if not positives or not negatives:
        return float("nan")
    wins = sum((p > n) + 0.5 * (p == n) for p in positives for n in negatives)
    return wins / (len(positives) * len(negatives))


def _aucs(scores: Sequence[float], docs: Sequence[Document]) -> dict[str, float]:
    machine = [s for s, d in zip(scores, docs, strict=True) if d.label == POSITIVE]
    result = {}
    for label in NEGATIVES:
        negative = [s for s, d in zip(scores, docs, strict=True) if d.label == label]
        if negative:
            result[f"machine_vs_{label}"] = round(auc(machine, negative), 4)
    return result


def calibrate(margins: Sequence[float], labels: Sequence[int], seed: int) -> tuple[float, float]:
    """Platt scaling of out-of-fold margins: ``(slope, offset)``."""
    from sklearn.linear_model import LogisticRegression

    model = LogisticRegression(C=1e6, solver="liblinear", random_state=seed)
    model.fit([[m] for m in margins], list(labels))
    return float(model.coef_[0][0]), float(model.intercept_[0])


def false_alarm_threshold(probabilities: Sequence[float], share: float) -> float:
    """The lowest threshold that at most ``share`` of these (original English)
    articles reach: halfway between the last allowed and the next score."""
    ranked = sorted(probabilities, reverse=True)
    allowed = int(share * len(ranked) + 1e-9)
    if allowed >= len(ranked):
        return 0.0
    above = ranked[allowed - 1] if allowed else 1.0
    return (above + ranked[allowed]) / 2


def cross_validate(
    docs: Sequence[Document], folds: int, settings: Settings, seed: int
) -> dict[float, list[float]]:
    """Out-of-fold article margins for every C of the grid, with the sentence
    stage nested inside (each outer fold trains its own sentence models)."""
    scores = {c: [0.0] * len(docs) for c in settings.article_cs}
    position = {id(d): i for i, d in enumerate(docs)}
    for fold in range(folds):
        inner = [d for d in docs if d.fold != fold]
        held = [d for d in docs if d.fold == fold]
        saved = {id(d): d.fold for d in inner}
        inner_folds = assign_folds(inner, folds, seed)
        _sentence_margins(inner, inner_folds, settings, seed)
        for doc in inner:
            doc.fold = saved[id(doc)]
        sentence_model = fit_sentence_model(inner, settings, seed)
        for doc in held:
            doc.margins = [sentence_model.margin(row) for row in doc.sentences]
        for c in settings.article_cs:
            fitted = fit_article(inner, c, settings, seed)
            model = keep_largest(export_article(*fitted, 1.0, 0.0), settings.max_weights)
            margins = [model.margin(row) for row in _article_rows(held)]
            for doc, margin in zip(held, margins, strict=True):
                scores[c][position[id(doc)]] = margin
    return scores


def train(
    rows: Sequence[dict[str, Any]],
    checker: Any = None,
    seed: int = 0,
    settings: Settings | None = None,
) -> list[LinearModel]:
    """Fit both stages; returns ``[article model, sentence model]``.

    ``checker`` (optional; the CLI passes one) supplies rule findings; without
    it the shipped machine-translation rules run. ``train(rows, seed=n)`` and
    ``train(rows, n)`` both work. C is chosen by cross-validation that holds
    out whole MT systems; the threshold lets at most 1% of the original-English
    articles through (their out-of-fold probabilities).
    """
    if isinstance(checker, int):
        checker, seed = None, checker
    settings = settings or Settings()
    docs = documents(rows, checker)
    folds = assign_folds(docs, settings.folds, seed)
    fold_of = [d.fold for d in docs]
    cv = cross_validate(docs, folds, settings, seed)
    results = {c: _aucs(scores, docs) for c, scores in cv.items()}
    best_c = max(settings.article_cs, key=lambda c: (sum(results[c].values()), -c))
    labels = [d.positive for d in docs]
    slope, offset = calibrate(cv[best_c], labels, seed)
    oof = [_sigmoid(slope * m + offset) for m in cv[best_c]]
    originals = [p for p, d in zip(oof, docs, strict=True) if d.label == "original"]
    threshold = false_alarm_threshold(originals, settings.false_alarm_share) if originals else 0.5
    for doc, fold in zip(docs, fold_of, strict=True):
        doc.fold = fold
    _sentence_margins(docs, folds, settings, seed)
    sentence_model = fit_sentence_model(docs, settings, seed)
    fitted = fit_article(docs, best_c, settings, seed)
    article_model = keep_largest(export_article(*fitted, slope, offset), settings.max_weights)
    article_model.threshold = threshold
    crossing = {
        label: round(
            sum(p >= threshold for p, d in zip(oof, docs, strict=True) if d.label == label)
            / max(sum(d.label == label for d in docs), 1),
            4,
        )
        for label in (POSITIVE, *NEGATIVES)
    }
    counts = Counter(d.label for d in docs)
    systems = sorted({d.system for d in docs if d.label == POSITIVE})
    description = {
        "data": "articles labeled machine / original / human_translation",
        "counts": dict(sorted(counts.items())),
        "systems": systems,
        "seed": seed,
        "cv": (
            f"{folds}-fold grouped CV: machine articles grouped by MT system (unseen systems "
            "in each fold), human translations with their source document, originals by group"
        ),
    }
    article_model.training = {
        **description,
        "cv_auc_by_c": {str(c): results[c] for c in settings.article_cs},
        "chosen_c": best_c,
        "cv_auc": results[best_c],
        "threshold_rule": f"at most {settings.false_alarm_share:.0%} of original articles "
        "(out-of-fold, calibrated) at or above it",
        "cv_share_at_threshold": crossing,
        "calibration": {"slope": round(slope, 6), "offset": round(offset, 6)},
    }
    article_model.settings = {
        "human_weight": settings.human_weight,
        "min_docs": settings.min_docs,
        "max_weights": settings.max_weights,
        "style_scale": settings.style_scale,
        "sentence_scale": settings.sentence_scale,
        "stage": "article: n-gram profile, style, MT rule findings, mt_sentence aggregates",
    }
    sentence_model.training = {**description, "labels": "sentence takes its article's label"}
    sentence_model.settings = {
        "c": settings.sentence_c,
        "human_weight": settings.human_weight,
        "min_sentences": settings.min_sentences,
        "max_weights": settings.max_weights,
    }
    return [article_model, sentence_model]

