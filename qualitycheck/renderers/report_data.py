"""What the HTML report shows, computed once in Python: overview statistics,
histograms for the SVG charts, and each article's data for the page's script.

The page renders articles lazily from embedded JSON, so a report of 10,000
articles stays responsive; each article's text is capped so the file stays
bounded. Everything a template receives is documented in docs/report.md.
"""

from __future__ import annotations

import json
import re
from bisect import bisect_right
from collections import Counter
from collections.abc import Iterable, Set
from decimal import Decimal
from functools import reduce
from operator import add
from typing import Any

from qualitycheck.detect.models.registry import ARTICLE_LEVEL
from qualitycheck.document.findings import CATEGORIES, SEVERITIES
from qualitycheck.pipeline.results import ArticleResult
from qualitycheck.renderers.contract import article_dict

#: Characters of an article's source kept in the report (the rest is cut, with a note).
MAX_SOURCE_CHARS = 20_000
#: A first line longer than this reads as a paragraph, not a headline.
HEADLINE_MAX_CHARS = 120
VERDICT_ORDER = {"fail": 0, "warn": 1, "pass": 2}
#: Fewest body words an article needs for the overview's readability figures:
#: the shipped readability-hard-article's ``min_words``, below which a Flesch
#: score swings on a sentence or two (a one-line record scored 118).
READABILITY_MIN_WORDS = 40


def article_level_rules(rules: Iterable[Any]) -> frozenset[str]:
    """The ids whose findings judge the whole article: the model verdicts, and
    the catalog's rules (:class:`~.rule_catalog.RuleInfo`) that say so."""
    return ARTICLE_LEVEL | {rule.id for rule in rules if rule.article_level}


def report_entry(result: ArticleResult, article_level: Set[str]) -> dict[str, Any]:
    """One article as the report needs it: the JSON contract fields plus the
    (capped) source text and finding counts per category."""
    return entry_of(article_dict(result), result.article.source, article_level)


def entry_of(entry: dict[str, Any], source: str, article_level: Set[str]) -> dict[str, Any]:
    """:func:`report_entry` from an article as the JSON contract spells it
    (a result shard's row) and its source text (``report --from-results``).

    A finding of a rule in ``article_level`` is a banner over the text, so it
    is never "past the cut", wherever its anchoring span ends."""
    entry["display_title"] = display_title(entry, source)
    entry["source"] = source[:MAX_SOURCE_CHARS]
    entry["truncated"] = len(source) > MAX_SOURCE_CHARS
    counts = Counter(f["category"] for f in entry["findings"])
    entry["counts"] = {category: counts.get(category, 0) for category in CATEGORIES}
    for finding in entry["findings"]:
        finding["article_level"] = finding["rule"] in article_level
    entry["hidden_findings"] = sum(
        1 for f in entry["findings"] if f["end"] > MAX_SOURCE_CHARS and not f["article_level"]
    )
    return entry


#: Bidirectional overrides, embeddings and isolates: they reorder the text
#: after them on screen ("Trojan Source"), so the report shows them instead.
BIDI_CONTROLS = re.compile("[\u202a-\u202e\u2066-\u2069]")
_BIDI_CHARACTERS = [*map(chr, range(0x202A, 0x202F)), *map(chr, range(0x2066, 0x206A))]
#: Characters a marker adds to its control (``⟨U+202E⟩`` is 8 for 1).
_MARKER_GROWTH = 7


def visible(text: object) -> str:
    """``text`` with each bidirectional control written as a marker
    (``⟨U+202E⟩``), as report.js's ``visible`` shows them in the parts the
    page's script builds: the template's filter of the same name, for the
    parts Jinja writes (a file name in "Input errors")."""
    return BIDI_CONTROLS.sub(lambda m: f"\u27e8U+{ord(m.group()):04X}\u27e9", str(text))


def visible_length(text: str) -> int:
    """``len(visible(text))``, counted without making it (a template's
    filter is refused by its size before it runs)."""
    return len(text) + _MARKER_GROWTH * sum(map(text.count, _BIDI_CHARACTERS))


def display_title(entry: dict[str, Any], source: str) -> str:
    """The headline the report shows: the article's ``title``, else its first
    line if that reads as a headline (:func:`first_line_headline`), else its id."""
    title = " ".join((entry.get("title") or "").split())
    return title or first_line_headline(source) or entry["id"]


def first_line_headline(source: str) -> str | None:
    """The first line of ``source`` if it reads as a headline: more text follows
    it, it is at most :data:`HEADLINE_MAX_CHARS` long and it does not end like a
    sentence or a clause (a full stop, comma, colon or semicolon), and it is not
    markup: a line starting with ``<`` (an HTML file without a ``<title>``) or a
    front-matter fence is no headline."""
    lines = source.strip().splitlines()
    if len(lines) < 2:
        return None  # a one-line text is a paragraph, not a headline over one
    first = " ".join(lines[0].split())
    if not first or len(first) > HEADLINE_MAX_CHARS or first.endswith((".", "。", ",", ":", ";")):
        return None
    if first.startswith(("<", "---", "+++")):
        return None
    return first


def histogram(values: list[float], bins: int, low: float, high: float) -> list[int]:
    """Counts of ``values`` in ``bins`` equal bins over ``[low, high]``; a
    value on an edge goes to the band above it (``high`` to the last one).

    The bands are the ones the page labels ("0.3–0.4"), so a value is placed
    as it is written: it is compared with each inner edge worked out in
    decimal and then made a float (``0.3`` is then the very float a
    probability of 0.3 reads as). Dividing in floats put 0.3, 0.6 and 0.7
    in the band below (``0.3 / 0.1`` is 2.9999999999999996)."""
    start = Decimal(repr(float(low)))
    span = Decimal(repr(float(high))) - start
    edges = [float(start + span * k / bins) for k in range(1, bins)]
    counts = [0] * bins
    for value in values:
        counts[bisect_right(edges, value)] += 1
    return counts


def overview(articles: list[dict[str, Any]]) -> dict[str, Any]:
    """Counts and distributions for the overview section."""
    rules: Counter[str] = Counter()
    categories: Counter[str] = Counter()
    severities: Counter[str] = Counter()
    languages: Counter[str] = Counter()
    for article in articles:
        languages[article["language"] or "unknown"] += 1
        for finding in article["findings"]:
            rules[finding["rule"]] += 1
            categories[finding["category"]] += 1
            severities[finding["severity"]] += 1
    scores = [a["scores"]["overall"] for a in articles]
    mt = [a["mt_probability"] for a in articles if a["mt_probability"] is not None]
    ease = [a["metrics"]["flesch_reading_ease"] for a in articles if _flesch_applies(a)]
    return {
        "score_histogram": histogram(scores, 10, 0.0, 100.0),
        "mt_histogram": histogram(mt, 10, 0.0, 1.0),
        "mt_articles": len(mt),
        "categories": {c: categories.get(c, 0) for c in CATEGORIES},
        "severities": {s: severities.get(s, 0) for s in SEVERITIES},
        "top_rules": rules.most_common(10),
        "languages": languages.most_common(),
        "readability": {
            "articles": len(ease),
            "mean_flesch_reading_ease": round(reduce(add, ease, 0.0) / len(ease), 1)
            if ease
            else None,
            "hard": sum(1 for value in ease if value < 30),
            "min_words": READABILITY_MIN_WORDS,
        },
    }


def _flesch_applies(article: dict[str, Any]) -> bool:
    """Whether the article's Flesch reading ease means something: its formula
    and syllable counts are English ones (a Russian article scored 108, a
    Japanese one 12 on 62 "words"), and a body under
    :data:`READABILITY_MIN_WORDS` words is too short for it."""
    metrics = article["metrics"]
    return (
        article["language"] == "en"
        and metrics.get("flesch_reading_ease") is not None
        and (metrics.get("words") or 0) >= READABILITY_MIN_WORDS
    )


def sorted_articles(articles: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Worst first: failing, then warning, then passing; lowest score first."""
    return sorted(
        articles, key=lambda a: (VERDICT_ORDER[a["verdict"]], a["scores"]["overall"], a["id"])
    )


def embedded_json(value: Any) -> str:
    """JSON safe to place inside a ``<script type="application/json">`` element:
    ``<``, ``>`` and ``&`` are escaped, so article text can never close the
    element or start markup."""
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    return text.replace("&", "\\u0026").replace("<", "\\u003c").replace(">", "\\u003e")
