"""How well langdetect's answer fits a text: the check that turns a confident
wrong name into "not identified" (``und``).

langdetect knows 55 languages and always names one of them: its probabilities
are shares among those 55, so a text in a language it does not know gets the
nearest one, often at probability 1.0 (Hausa is "Swahili", Yoruba
"Vietnamese", Basque "Indonesian", Kinyarwanda and Zulu "Swahili", Kazakh
"Russian"). The probability cannot tell; the profile of the language named
can: a text in that language is made of the letter sequences its profile
holds, a text in another language of many it has never seen.

:func:`profile_fit` is the share of a sample's three-character sequences
(langdetect's own n-grams and character normalisation) that the named
language's profile holds, over the words that do not start with a capital:
names are anyone's. Measured (docs/accuracy.md, "Languages the detector does
not know") on texts written for this check and on every paragraph of the
boilerplate corpus's non-English pages: right answers in Latin script fitted
at 0.798 or more, texts in languages langdetect does not know at 0.673 or
less; Russian paragraphs fitted at 0.669 or more, Kazakh and Belarusian (as
"Russian", "Ukrainian") at 0.27 and 0.53, hence a lower bar for Cyrillic.
Close relatives are beyond it: Malay fits Indonesian, Galician Portuguese,
Latin Catalan, Serbian Macedonian (0.76 to 0.93).

Only answers in Latin and Cyrillic script are judged, the languages measured:
English keeps its meaning for the English corpora, and the answers in other
scripts (Arabic, Indic, Greek, Hebrew, Chinese, Japanese, Korean, Thai) are
not measured.
"""

from __future__ import annotations

from typing import Any

#: Below this share of fitting three-character sequences, the language named
#: is not the text's: the article's language is reported as not identified.
MIN_FIT = {
    **dict.fromkeys(
        "af ca cs cy da de es et fi fr hr hu id it lt lv nl no pl pt ro sk sl so sq sv sw "
        "tl tr vi".split(),
        0.70,
    ),
    **dict.fromkeys(("ru", "uk", "bg", "mk"), 0.60),
}
#: A text langdetect cannot decide on is not English below this fit of the
#: English profile: the corpora's English texts that reach langdetect fitted
#: at 0.659 or more (2,707 articles and paragraphs), the undecided texts in
#: languages it does not know at 0.39 to 0.56 (Malagasy at 0.68 stays unknown).
UNDECIDED_MIN_FIT = 0.60
#: Fewer three-character sequences than this, and the share is not judged.
MIN_TRIGRAMS = 80


def profile_fit(factory: Any, text: str, code: str) -> float | None:
    """Share of ``text``'s three-character sequences held by the profile of
    ``code`` (a langdetect language), or ``None`` when there are fewer than
    :data:`MIN_TRIGRAMS` of them or ``code`` is not one of its languages.

    ``factory`` is langdetect's loaded ``DetectorFactory``; the text goes
    through its ``Detector`` as for detection (URLs, e-mail addresses and,
    in a mostly non-Latin text, Latin letters removed); words that start with
    a capital letter are left out.
    """
    from langdetect.utils.ngram import NGram

    if code not in factory.langlist:
        return None
    column = factory.langlist.index(code)
    table = factory.word_lang_prob_map
    detector = factory.create()
    detector.append(text)
    detector.cleaning_text()
    lower = " ".join(word for word in detector.text.split() if not word[:1].isupper())
    total = held = 0
    ngram = NGram()
    for char in f" {lower} ":
        ngram.add_char(char)
        if ngram.capitalword or len(ngram.grams) < 3:
            continue
        gram = ngram.grams[-3:]
        total += 1
        if gram in table and table[gram][column] > 0:
            held += 1
    if total < MIN_TRIGRAMS:
        return None
    return held / total
