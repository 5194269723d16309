"""The synthetic in-body furniture and its cross-validation are what they claim.

``benchmarks/boilerplate_cv.py`` decided whether training on written furniture
ships (issue 16, docs/accuracy.md). Its verdict rests on: the generator only
inserts labeled furniture *between* an article's paragraphs and keeps the
article whole and in order; it is deterministic for a seed; the folds keep a
site's pages together; and the trainer it compares with the shipped one is
the shipped one when no synthetic rows are added.
"""

from __future__ import annotations

import importlib.util
import random
import sys
from pathlib import Path
from types import ModuleType

BENCHMARKS = Path(__file__).resolve().parent.parent / "benchmarks"


def _load(name: str) -> ModuleType:
    if str(BENCHMARKS) not in sys.path:
        sys.path.insert(0, str(BENCHMARKS))
    spec = importlib.util.spec_from_file_location(name, BENCHMARKS / f"{name}.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


FURNITURE = _load("boilerplate_furniture")
CV = _load("boilerplate_cv")

ARTICLE = [
    f"Paragraph {n}: the council met on Tuesday and agreed the plan, officials said."
    for n in range(8)
]


def test_furniture_sits_between_paragraphs_and_the_article_stays_whole():
    for seed in range(40):
        page = FURNITURE.furniture_page(ARTICLE, random.Random(seed), 3)
        lines, labels = page["text"].split("\n"), page["lines"]
        assert len(lines) == len(labels) == len(page["kinds"])
        assert labels[0] == labels[-1] == "content"
        assert [t for t, y in zip(lines, labels, strict=True) if y == "content"] == ARTICLE
        furniture = [t for t, y in zip(lines, labels, strict=True) if y == "boilerplate"]
        assert 1 <= len(furniture) <= 12
        assert all(t.strip() and "\n" not in t for t in furniture)


def test_every_kind_writes_one_to_four_lines():
    rng = random.Random(0)
    seen = set()
    for _ in range(400):
        kind, block = FURNITURE.furniture(rng)
        seen.add(kind)
        assert 1 <= len(block) <= 4
    assert seen == set(FURNITURE.KINDS)


def test_pages_are_the_same_for_a_seed_and_differ_between_seeds():
    articles = [ARTICLE, ARTICLE[:4], ARTICLE[:2]]
    first = FURNITURE.furniture_pages(articles, seed=3, copies=2)
    assert first == FURNITURE.furniture_pages(articles, seed=3, copies=2)
    assert first != FURNITURE.furniture_pages(articles, seed=4, copies=2)
    assert [p["base"] for p in first] == [0, 1, 0, 1]  # the 2-line article is skipped


def test_headline_is_left_out_of_a_plain_article():
    text = "Senate passes the bill\n\nThe Senate passed it.\n\nIt goes to the House."
    assert FURNITURE.paragraphs(text) == ["The Senate passed it.", "It goes to the House."]


def test_site_folds_keep_pages_that_share_a_line_together():
    menu = "Home News Sport Weather Contact"
    records = [{"text": f"{menu}\nStory {n} text here."} for n in range(3)]
    records += [{"text": f"Other page {n} with words\nline"} for n in range(7)]
    folds = CV.site_folds(records, 5)
    assert sorted(i for fold in folds for i in fold) == list(range(10))
    assert any({0, 1, 2} <= set(fold) for fold in folds)


def test_without_synthetic_rows_the_trainer_is_the_shipped_one():
    from qualitycheck.config.settings import Config
    from qualitycheck.detect.models import boilerplate as bp
    from qualitycheck.pipeline.checker import Checker

    config = Config()
    config.use_models = False
    rules = Checker(config)
    bases = [[f"{line} ({n})" for line in ARTICLE[: 4 + n % 4]] for n in range(10)]
    records = FURNITURE.furniture_pages(bases, seed=1)
    (shipped,) = bp.train(records, rules, seed=0)
    mirrored = CV.train_with(bp.dataset(records, rules), ([], []), 1.0, seed=0)
    assert mirrored.threshold == shipped.threshold
    assert mirrored.weights == shipped.weights
    assert mirrored.intercept == shipped.intercept
