"""Plain text: one paragraph per line, the headline among the first lines
(the shape scrapers produce).

The first line is the headline, unless it is only a date ("Tuesday, March 5,
2024"), a section label of one or two words ("Health", "Live scores") or a
menu or breadcrumb trail ("News | Local", "Home > Food"), as scraped pages
open with, or a menu of site words ("Home News Sport Weather Business"):
then the first line under those that reads as a headline (four
to thirty words, no full stop at its end) is the headline, and if a
sentence comes first, the first label stays it, as it was before. A first
line that reads as a paragraph (over 30 words, ending like a sentence) means
the scraper lost the headline, so there is none: headlines run to 24 words
at most in the labelled boilerplate training pages, and scraped article
bodies often start straight with their first paragraph.

That is a guess from the lines' shape alone (``Article.title_guessed``):
``check`` makes it again once the rules have run, passing over the lines a
named boilerplate rule reports ("Skip to main content", "Sign in", a cookie
notice), which often read as headlines (:func:`choose_headline`).
"""

from __future__ import annotations

import re
from collections.abc import Collection, Iterator, Sequence

from qualitycheck.document.article import Article, Block
from qualitycheck.readers.base import ReadSettings, line_blocks

_MONTH = r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?"
_DATE_ONLY = re.compile(
    rf"(?:(?:mon|tues|wednes|thurs|fri|satur|sun)day,?\s*)?"
    rf"(?:(?:\d{{1,2}}(?:st|nd|rd|th)?\s+{_MONTH}|{_MONTH}\s+\d{{1,2}}(?:st|nd|rd|th)?),?\s*\d{{4}}"
    rf"|\d{{4}}-\d{{2}}-\d{{2}}|\d{{1,2}}[./]\d{{1,2}}[./]\d{{2,4}})"
    rf"(?:[,\s]+(?:at\s+)?\d{{1,2}}[:.]\d{{2}}(?:\s*[ap]\.?m\.?)?(?:\s+[a-z]{{2,4}})?)?",
    re.IGNORECASE,
)
#: More words than any headline has, ending with sentence punctuation.
_PARAGRAPH_WORDS = 30
_SENTENCE_END = re.compile(r"[.!?…][\"'”’)\]]*$")
#: A link, or a separator of a menu: a first line with one is no headline to
#: the boilerplate model (:func:`reads_as_headline`).
_LINK = re.compile(r"https?://|www\.")
MENU_OR_LINK = re.compile(_LINK.pattern + r"|\||»|›")
#: Separators of a menu or a breadcrumb trail, and of a page title's site name.
_SEPARATORS = re.compile(r"\||»|›|\s>\s|\s[-–—]\s")
#: A line ending with punctuation: a sentence, or the start of one.
_PUNCTUATED = re.compile(r"[.!?…:;,][\"'”’)\]]*$")
_FULL_STOP = re.compile(r"(?<!\.)\.[\"'”’)\]]*$")
#: Words a headline has at least; fewer, and the line is a label.
_HEADLINE_WORDS = 4
#: Lines searched for the headline: furniture above it runs to 13 lines in
#: the labelled boilerplate pages.
HEADLINE_SEARCHED = 20


#: A line that opens with a bullet ("- ", "• ", "* ") or a number ("1. ",
#: "2) "): an item of a list written as text, as Markdown writes one.
_BULLET = re.compile(r"[-*•·▪◦‣]\s+\S")
_NUMBERED = re.compile(r"\d{1,2}[.)]\s+\S")


def mark_list_items(blocks: Sequence[Block]) -> None:
    """Mark the items of the lists a plain text writes as ``list_item``
    blocks, as the Markdown and HTML readers mark theirs: the boilerplate
    model, which read such lines as a menu's, then only shows them (a list of
    facts or steps inside a story is the article's; a menu is made of links)
    and ``clean`` keeps them unless a rule names them.

    A numbered line is an item; a bulleted one only in a run of two or more:
    a scraped page's lone "- Next Auto News" over a teaser is a link's label
    (the boilerplate corpus labels three lone dash lines boilerplate; the 20
    lines marked so there, all numbered, are content)."""
    bulleted = [bool(_BULLET.match(block.text)) for block in blocks]
    for index, block in enumerate(blocks):
        paired = (index and bulleted[index - 1]) or (
            index + 1 < len(blocks) and bulleted[index + 1]
        )
        if (bulleted[index] and paired) or _NUMBERED.match(block.text):
            block.kind = "list_item"


def reads_as_paragraph(line: str) -> bool:
    """Whether a first line is body text rather than a headline."""
    return len(line.split()) > _PARAGRAPH_WORDS and bool(_SENTENCE_END.search(line))


def reads_as_headline(line: str) -> bool:
    """Four to thirty words, no link and no separator of a menu."""
    return 4 <= len(line.split()) <= _PARAGRAPH_WORDS and not MENU_OR_LINK.search(line)


def choose_headline(texts: Sequence[str], furniture: Collection[int] = ()) -> int | None:
    """The index of the headline among a text's lines, or ``None``.

    ``furniture``: lines known not to be it (those a named boilerplate rule
    reports); lines that are only a date are passed over too. The first other
    line is the headline, unless it is a label (:func:`_label`) or it reads
    as a paragraph (then there is none). Under labels or furniture, the first
    line that is neither is the headline if it reads as one
    (:func:`_headline_under_labels`); a sentence there is the body's first,
    and the first label, if any, stays the headline as it was before: a short
    headline ("Cheap product") over its story is kept, and "Health" over a
    headline gives way to it.
    """
    first_label = None
    passed_over = False
    for index, text in enumerate(texts[:HEADLINE_SEARCHED]):
        if index in furniture:
            passed_over = True
            continue
        if _DATE_ONLY.fullmatch(text):
            continue
        if _label(text):
            if first_label is None:
                first_label = index
            passed_over = True
            continue
        if not passed_over:
            return None if reads_as_paragraph(text) else index
        return index if _headline_under_labels(text) else first_label
    return first_label


def _parts(text: str) -> list[str]:
    """The text between the separators of a menu or a breadcrumb trail."""
    return _SEPARATORS.split(text)


#: Words of a site's menu and footer ("Home News Sport Weather", "Contact Us
#: About Us Advertise With Us", "History Science Innovation Arts & Culture").
_MENU_WORDS = frozenset(
    """
    about account advertise archive archives arts autos blog blogs books business careers cars
    classifieds climate columns comments conditions contact cookie cookies crime culture deals
    donate economy editorial education entertainment environment events faq fashion features
    feedback film food games guides health help history home innovation jobs latest letters
    life lifestyle local log login markets menu money more motoring music national news
    newsletter newsletters obituaries opinion photos podcasts policy politics privacy profile
    property puzzles register reviews rss science search sections shop shopping sign sitemap
    specials sport sports store style subscribe support tech technology terms travel tv us
    use video videos weather world
    """.split()
)
#: Small words a menu's items may hold ("Terms of Use", "Arts & Culture").
_MENU_JOINERS = frozenset(["&", "and", "of", "with", "in", "out", "the", "to"])


def _menu(text: str) -> bool:
    """A menu written as one line of four words or more without separators:
    every word capitalised but the joiners (:data:`_MENU_JOINERS`), and two
    in three of them menu words (:data:`_MENU_WORDS`). A headline in title
    case has words of its own ("Council Approves New Skate Park")."""
    words = [word for word in text.split() if word.lower() not in _MENU_JOINERS]
    if len(text.split()) < _HEADLINE_WORDS or not all(word[0].isupper() for word in words):
        return False
    return 3 * sum(word.lower() in _MENU_WORDS for word in words) >= 2 * len(words)


def _label(text: str) -> bool:
    """A section label or a menu: one or two words ("&" not counted) and no
    punctuation at the end ("Health", "Live scores", "Arts & Culture"), or
    parts of under four words each between separators ("News | Local |
    Politics", "Home > Food > Recipes"), or a menu of four words or more
    without separators (:func:`_menu`). A page title ("Storm closes bridge |
    The Courier") has a part of four words or more. Three words are a label
    as often as a short headline ("Christmas Book Tips", "Voucher sounds
    great" over a review): counting them moved the headline of 19 of the 921
    WMT documents instead of 9, to find 6 more of the 67 headlines of the
    labelled boilerplate pages (42 instead of 36; 4 before labels counted)."""
    if _PUNCTUATED.search(text):
        return False
    if _menu(text):
        return True
    parts = _parts(text)
    if len(parts) == 1:
        return len([word for word in text.split() if word.isalnum() or len(word) > 1]) < 3
    return all(len(part.split()) < _HEADLINE_WORDS for part in parts)


def _headline_under_labels(text: str) -> bool:
    """A line under a section label that reads as a headline: four to thirty
    words (in one part, if separated), no link, not ending with a full stop
    (a body sentence does; headlines end with none, or with "?" or "!")."""
    words = len(text.split())
    return (
        _HEADLINE_WORDS <= words <= _PARAGRAPH_WORDS
        and not _LINK.search(text)
        and not _FULL_STOP.search(text)
        and any(len(part.split()) >= _HEADLINE_WORDS for part in _parts(text))
    )


def parse_text(
    source: str, article_id: str, path: str, *, first_line_is_title: bool = True
) -> Article:
    """Build an article from plain text lines (also used for JSONL records)."""
    blocks = [Block(text, mapping) for text, mapping, _start in line_blocks(source)]
    mark_list_items(blocks)
    article = Article(id=article_id, path=path, source=source, blocks=blocks)
    if first_line_is_title:
        article.title_guessed = True
        retitle(article, choose_headline([b.text for b in blocks[:HEADLINE_SEARCHED]]))
    return article


def headline_index(article: Article) -> int | None:
    """The block marked as the headline among those it is chosen from."""
    return next((b.index for b in article.blocks[:HEADLINE_SEARCHED] if b.is_title), None)


def retitle(article: Article, index: int | None) -> bool:
    """Make block ``index`` the article's headline (``None``: no headline);
    whether that changed it."""
    current = headline_index(article)
    if index == current:
        return False
    if current is not None:
        article.blocks[current].kind = "paragraph"
    if index is None:
        article.title = None
    else:
        block = article.blocks[index]
        block.kind = "title"
        start, end = block.mapping.source_span(0, len(block.text))
        article.title = article.source[start:end]  # as written (blocks are composed, NFC)
    return True


def read_text(source: str, path: str, settings: ReadSettings) -> Iterator[Article]:
    """Reader entry point for ``.txt`` files."""
    yield parse_text(source, path, path)
