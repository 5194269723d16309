"""What the two mt stages read: sentence features, and the article's n-gram
profile, style statistics, rule findings and sentence-score aggregates.

The detector (at check time) and training build their rows with these same
functions, so a model scores exactly the features it was fitted on; they
depend on nothing but the article, the rule findings and, for the
aggregates, the sentence margins.

Everything is counted per *sentence*, never per line, and the article's
length is not a feature. How a text is cut into lines and how long it is say
where it came from, not whether a machine translated it: WMT21/22 documents
come one sentence per line and WMT23 one paragraph per line (machine and
human translations alike), scraped news one paragraph per line, and the WMT
documents are excerpts while web articles are whole. With line statistics
the model learned "one sentence per line" as machine translation once web
originals joined the training data.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Callable, Sequence
from functools import reduce
from operator import add
from typing import NamedTuple

from qualitycheck.detect.models.mt import CATEGORY
from qualitycheck.detect.models.mt.marks import characters, pattern_count, terminated
from qualitycheck.detect.models.mt.tokens import (
    CONTRACTION,
    FUNCTION_WORDS,
    WORD,
    grams,
    shape,
)
from qualitycheck.detect.models.mt.tokens import tokens as tokenize
from qualitycheck.document.article import Article, Block
from qualitycheck.document.findings import Finding

_PRONOUNS = frozenset("he she it they him her them his hers its their theirs we us our".split())
_TERMINAL = re.compile(r"""[.!?…:;]["'”’»)\]]*$""")
#: Slips an engine does not make: apostrophes left out, lower-case "i",
#: no space after a full stop, doubled punctuation.
_APOSTROPHE_LEFT_OUT = frozenset(
    "dont doesnt didnt cant wont isnt wasnt arent werent havent hasnt wouldnt couldnt "
    "shouldnt im ive youre theyre thats whats theres lets".split()
)
_NO_SPACE = re.compile(r"[a-z]{2}[.!?,][A-Za-z]{2}")
_DOUBLED = re.compile(r"[!?]{2,}|(?<!\.)\.\.(?!\.)|,,")


def sentence_features(text: str) -> dict[str, float]:
    """Binary features of one sentence: lower-cased words and word pairs, mixed
    2- to 4-grams with sentence boundaries, and a length class (machine output
    keeps the source's sentence length; translators split and merge)."""
    tokens = tokenize(text)
    lower = ["^", *(t.lower() for t in tokens), "$"]
    shapes = ["^", *(shape(t) for t in tokens), "$"]
    row = {f"w:{g}": 1.0 for g in grams(lower[1:-1], (1,))}
    row.update((f"b:{g}", 1.0) for g in grams(lower, (2,)))
    row.update((f"m:{g}", 1.0) for g in grams(shapes, (2, 3, 4)))
    words = sum(1 for t in tokens if t[0].isalnum())
    row[f"len:{min(int(math.log2(words + 1)), 6)}"] = 1.0
    return row


def article_sentences(article: Article) -> list[tuple[Block, int, int]]:
    """Every sentence of every block (the headline included: it is translated too)."""
    return [(block, start, end) for block in article.blocks for start, end in block.sentences]


def _add_normalised(counts: Counter[str], prefix: str, out: dict[str, float]) -> None:
    """Sublinear term frequencies scaled to unit length: long and short
    articles become comparable, and one repeated phrase cannot dominate."""
    if not counts:
        return
    log = math.log
    values = {key: 1.0 if count == 1 else 1.0 + log(count) for key, count in counts.items()}
    # Plain additions in order (not sum(), which compensates from Python 3.12),
    # as the compiled kernel adds them.
    norm = math.sqrt(reduce(add, (v * v for v in values.values()), 0.0))
    for key, value in values.items():
        out[prefix + key] = value / norm


def profile_features(sentences: Sequence[str]) -> dict[str, float]:
    """The article's n-gram profile: words and word pairs (``w:``) and mixed 1-
    to 4-grams (``m:``) with sentence boundaries. Character n-grams added
    nothing in cross-validation and would double the model file."""
    words: Counter[str] = Counter()
    mixed: Counter[str] = Counter()
    for sentence in sentences:
        tokens = tokenize(sentence)
        words.update(grams(tokens, (1, 2)))
        mixed.update(grams(["^", *(shape(t) for t in tokens), "$"], (1, 2, 3, 4)))
    out: dict[str, float] = {}
    _add_normalised(words, "w:", out)
    _add_normalised(mixed, "m:", out)
    return out


def _mattr(words: Sequence[str], window: int = 50) -> float:
    """Moving-average type/token ratio: vocabulary richness independent of length.

    The sum of distinct words over all windows is counted per position: a word
    adds one to each window in which it is the first of its kind, which needs
    only the position of its previous occurrence (linear, no counter updates;
    :func:`_mattr_parts`).
    """
    numerator, denominator = _mattr_parts(words, window)
    return numerator / denominator


def _spread(values: Sequence[float]) -> float:
    """Coefficient of variation (0 for fewer than two values)."""
    if len(values) < 2:
        return 0.0
    mean = reduce(add, values, 0.0) / len(values)
    if not mean:
        return 0.0
    return math.sqrt(reduce(add, ((v - mean) ** 2 for v in values), 0.0) / len(values)) / mean


#: The apostrophes ``tokens`` rewrites to a straight one (``_TYPOGRAPHY``): the
#: only characters whose rewriting changes a sentence's words. Every other
#: rewritten character is punctuation made other punctuation, which leaves
#: every word where it was.
_APOSTROPHES = re.compile("[‘’‚‛′]")


def sentence_words(
    sentences: Sequence[str],
    sentence_tokens: Sequence[Sequence[str]],
    word_tokens: Callable[[list[Sequence[str]]], list[list[str]]] | None = None,
) -> list[list[str]]:
    """Each sentence's ``WORD.findall``, taken from the tokens the kernel was
    given where that is the same list (no regex pass over the text again).

    ``TOKEN`` is ``WORD`` or one punctuation mark, so a sentence's word tokens
    are its words in order, and a token is a word exactly when its first
    character is alphanumeric (a word character other than "_"). Where the
    sentence holds an apostrophe the tokens saw rewritten, its words are found
    again. ``word_tokens`` is that filter over every sentence's tokens at
    once, where the compiled text kernel gives it (the same lists).
    """
    search = _APOSTROPHES.search
    if word_tokens is None:
        return [
            WORD.findall(sentence) if search(sentence) else [t for t in found if t[0].isalnum()]
            for sentence, found in zip(sentences, sentence_tokens, strict=True)
        ]
    if len(sentences) != len(sentence_tokens):
        raise ValueError("one token list per sentence expected")
    words = word_tokens(list(sentence_tokens))
    for index, sentence in enumerate(sentences):
        if search(sentence):
            words[index] = WORD.findall(sentence)
    return words


class WordCounts(NamedTuple):
    """The integer word statistics of an article (:func:`word_counts`): every
    count is over word occurrences except ``content_types`` (distinct lower-cased
    content words); ``mattr`` is ``_mattr``'s numerator and denominator."""

    words: int
    function: int
    contractions: int
    ing: int
    content_total: int
    content_types: int
    short: int
    long: int
    characters: int
    capitalised: int
    the: int
    a_an: int
    is_are: int
    pronouns: int
    left_out: int
    lower_i: int
    mattr: tuple[int, int]


#: A lower-cased word's facts (:func:`type_facts`), one bit each.
FUNCTION, CONTENT, CONTRACTED, ING, THE, A_AN, IS_ARE, PRONOUN, LEFT_OUT = (
    1 << i for i in range(9)
)
#: The bits in that order (the compiled text kernel declares the same).
FACT_BITS = (FUNCTION, CONTENT, CONTRACTED, ING, THE, A_AN, IS_ARE, PRONOUN, LEFT_OUT)


def type_facts(word: str) -> int:
    """What :func:`word_counts` counts of a lower-cased word, as bits: the compiled
    kernel asks once per distinct word and adds them up per occurrence."""
    bits = 0
    if word in FUNCTION_WORDS:
        bits |= FUNCTION
    elif len(word) > 3:
        bits |= CONTENT
    if ("'" in word or "’" in word) and CONTRACTION.search(word):
        bits |= CONTRACTED
    if len(word) > 5 and word.endswith("ing"):
        bits |= ING
    if word == "the":
        bits |= THE
    if word in ("a", "an"):
        bits |= A_AN
    if word in ("is", "are"):
        bits |= IS_ARE
    if word in _PRONOUNS:
        bits |= PRONOUN
    if word in _APOSTROPHE_LEFT_OUT:
        bits |= LEFT_OUT
    return bits


def _mattr_parts(words: Sequence[str], window: int = 50) -> tuple[int, int]:
    """``_mattr``'s numerator and denominator (its value is their quotient)."""
    count = len(words)
    if count <= window:
        return len(set(words)), max(count, 1)
    last_start = count - window
    previous: dict[str, int] = {}
    get = previous.get
    total = 0
    # Before the last window's start a word's windows run from the later of its
    # previous occurrence and its window's reach up to itself: the gap to that
    # occurrence, at most the window (the same integers, one comparison).
    for index, word in enumerate(words[:last_start]):
        gap = index - get(word, -1)
        previous[word] = index
        total += gap if gap < window else window
    # Comparisons instead of max()/min() calls: the same integers, twice as fast.
    for index in range(last_start, count):
        word = words[index]
        first = get(word, -1) + 1  # at least 0
        previous[word] = index
        if index - window + 1 > first:
            first = index - window + 1
        if last_start >= first:
            total += last_start - first + 1
    return total, last_start + 1


def word_counts(per_sentence: Sequence[list[str]]) -> WordCounts:
    """The word statistics of :func:`style_features`, from each sentence's words
    (``WORD.findall``). Counted once per distinct word (an article repeats most
    of its words), each lower-cased word's facts from :func:`type_facts`, as
    the compiled text kernel counts them (``text_kernel.TextReader``)."""
    words = [word for found in per_sentence for word in found]
    lower = [w.lower() for w in words]
    types = Counter(lower)
    shapes = Counter(words)
    totals = dict.fromkeys(FACT_BITS, 0)
    content_types = 0
    for w, n in types.items():
        facts = type_facts(w)
        for bit in FACT_BITS:
            if facts & bit:
                totals[bit] += n
        if facts & CONTENT:
            content_types += 1
    short = long = characters = capitalised = 0
    for w, n in shapes.items():
        size = len(w)
        characters += size * n
        if size <= 3:
            short += n
        elif size >= 9:
            long += n
        if w[0].isupper():
            capitalised += n
    return WordCounts(
        len(words),
        totals[FUNCTION],
        totals[CONTRACTED],
        totals[ING],
        totals[CONTENT],
        content_types,
        short,
        long,
        characters,
        capitalised,
        totals[THE],
        totals[A_AN],
        totals[IS_ARE],
        totals[PRONOUN],
        totals[LEFT_OUT],
        shapes["i"],
        _mattr_parts(lower),
    )


def style_features(
    sentences: Sequence[str],
    words_of: Sequence[list[str]] | None = None,
    counts: WordCounts | None = None,
) -> dict[str, float]:
    """Whole-article statistics that separate translators from MT engines:
    punctuation habits (semicolons, colons, parentheses), contractions and
    pronouns (engines avoid them), word length and frequency classes, lexical
    richness and the regularity of sentence lengths, each per sentence or per
    word (see the module docstring for why never per line).

    Word statistics are integers (:func:`word_counts`), character statistics
    are counted with ``str`` and ``bytes`` methods in C; the floats are
    computed from them as before. ``words_of`` is each sentence's
    ``WORD.findall`` when the caller has it (:func:`sentence_words`), and
    ``counts`` its :func:`word_counts` (from the compiled kernel).
    """
    text = "\n".join(sentences)
    count_sentences = max(len(sentences), 1)
    # Words never span the newline that joins the sentences, so the article's
    # words are its sentences' words in turn.
    per_sentence = (
        [WORD.findall(sentence) for sentence in sentences] if words_of is None else words_of
    )
    lengths = [len(found) for found in per_sentence]
    if counts is None:
        counts = word_counts(per_sentence)
    count = max(counts.words, 1)
    letters, digits, accented = characters(text)
    no_space, doubled = pattern_count(text)
    numerator, denominator = counts.mattr
    # Quote, apostrophe and dash styles are left out on purpose (and made
    # uniform in the n-grams, see tokens.py): on a published page they come
    # from the site's CMS, not from the translator, and a model that keys on
    # them calls every page with straight quotes machine-made. So is the share
    # of capitalised words in the headline: Title Case is a US site's house
    # style, and it told the web originals from all WMT documents.
    return {
        "s:semicolon": math.log1p(text.count(";") / count_sentences),
        "s:colon": math.log1p(text.count(":") / count_sentences),
        "s:parenthesis": math.log1p(text.count("(") / count_sentences),
        "s:ellipsis": math.log1p((text.count("...") + text.count("…")) / count_sentences),
        "s:contractions": math.log1p(100 * counts.contractions / count),
        "s:pronouns": counts.pronouns / count,
        "s:the": counts.the / count,
        "s:a_an": counts.a_an / count,
        "s:is_are": counts.is_are / count,
        "s:function_share": counts.function / count,
        "s:short_words": counts.short / count,
        "s:long_words": counts.long / count,
        "s:ing_words": counts.ing / count,
        "s:word_length": counts.characters / count,
        "s:mattr": numerator / denominator,
        "s:repetition": (counts.content_total - counts.content_types)
        / max(counts.content_total, 1),
        "s:sentence_words": math.log1p(sum(lengths) / count_sentences),
        "s:sentence_spread": _spread(lengths),
        "s:unterminated": sum(not terminated(s) for s in sentences) / count_sentences,
        "s:capitalised": counts.capitalised / count,
        "s:digits": digits / max(len(text), 1),
        "s:accented": accented / max(letters, 1),
        "s:lower_start": sum(s[:1].islower() for s in sentences) / count_sentences,
        "s:apostrophe_left_out": math.log1p(100 * counts.left_out / count),
        "s:lower_i": math.log1p(100 * counts.lower_i / count),
        "s:no_space": math.log1p(no_space / count_sentences),
        "s:doubled_punctuation": math.log1p(doubled / count_sentences),
        "s:no_capitals": sum(not any(map(str.isupper, s)) for s in sentences) / count_sentences,
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
    sentences = [block.text[start:end] for block, start, end in article_sentences(article)]
    row = profile_features(sentences)
    row.update(style_features(sentences))
    row.update(rule_features(findings))
    return row


def sentence_aggregates(margins: Sequence[float]) -> dict[str, float]:
    """Sentence evidence at article level: the average sentence, the three
    most machine-like, the single worst, and the share above one half."""
    if not margins:
        return {"a:none": 1.0}
    ranked = sorted(margins, reverse=True)
    return {
        "a:mean": reduce(add, ranked, 0.0) / len(ranked),
        "a:top3": reduce(add, ranked[:3], 0.0) / len(ranked[:3]),
        "a:max": ranked[0],
        "a:share": sum(m > 0 for m in ranked) / len(ranked),
    }
