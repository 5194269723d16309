"""The per-article machine-translation classifier.

Rules catch the loud artifacts (a decimal comma, guillemets, a calque); most
machine-translated articles have none and read as plain, slightly flat
English. What gives them away is a profile: which function words and word
shapes follow each other, which words are chosen, no contractions, shorter
and more frequent words, fewer pronouns. Single signals are weak; a linear
model over many of them is not. Typography (quote and dash styles), line
breaks and length are deliberately not read: they tell publishing systems
and corpora apart, not translators (see :mod:`.features`).

Two stages, each a :class:`LinearModel` stored as JSON:

- ``mt_sentence``: one sentence's words, word pairs and "mixed" n-grams (function
  words kept, other words reduced to their shape, so the model sees syntax,
  not topic). Its scores show an editor *which* sentences read as translated.
- ``mt``: the article's word and mixed n-gram profile, its style statistics,
  the machine-translation rule findings and the sentence scores (mean, top
  three, maximum, share above one half). Its probability is calibrated to a
  stated prior (:mod:`.calibration`).

Scaling (idf weights of the n-gram profile, standardisation of the style
statistics, the calibration of the final margin) is folded into the exported
weights, so scoring is a plain dot product with no scikit-learn.

The package is split by job: :mod:`.tokens` (tokenisation and word shapes),
:mod:`.features` (what both stages read), :mod:`.detector` (scoring, the only
part check loads), and for training :mod:`.corpus` (the training records
from the project corpora), :mod:`.documents` (featurised records and folds),
:mod:`.fitting` (the two stages and their export), :mod:`.crossval`
(out-of-fold margins), :mod:`.calibration` (probability, reliability,
operating point) and :mod:`.training` (the whole run and what it measured).
"""

#: The article model's task (``data/mt.json``) and the sentence model's.
TASK = "mt"
SENTENCE_TASK = "mt_sentence"
#: The finding category of the rules whose findings the article model reads.
CATEGORY = "machine_translation"
#: Training labels: the positive class and the negatives, each measured apart.
POSITIVE = "machine"
NEGATIVES = ("original", "human_translation")


def kind_of(label: str, source: str | None) -> str:
    """What a labeled article is for the measurements: its label, and for an
    original also where it came from (``original:wmt``, ``original:polnear``,
    ``original:article-extraction``), since original English from WMT and
    from news sites behave differently and both must stay clean."""
    if label != "original":
        return label
    name = source or "wmt"
    return "original:wmt" if name.startswith("wmt") else f"original:{name}"
