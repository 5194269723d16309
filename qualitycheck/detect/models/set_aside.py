"""Which lines the boilerplate model never reports: the title, the headline
and its deck, and a caption the page marks up.

The model never saw headlines (its training pages label them as titles) and
takes a clean article's headline for a teaser or a menu line; ``check`` and
``evaluate`` both ask :func:`never_reported` which lines to leave alone, so
``evaluate`` counts the model's lines as ``check`` reports them.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Collection, Sequence
from functools import cache

from qualitycheck.detect.models.boilerplate import flagged_blocks, headline_first
from qualitycheck.detect.models.boilerplate_kernel import BODY_MIN_WORDS, BODY_PENALTY
from qualitycheck.detect.rules.kinds.layout import article_body_span, is_prose
from qualitycheck.document.article import Article, Block
from qualitycheck.document.findings import Finding
from qualitycheck.document.lexicon import content_words
from qualitycheck.readers.txt import HEADLINE_SEARCHED, choose_headline, reads_as_headline


def never_reported(article: Article, named: Sequence[Finding] = ()) -> set[int]:
    """The ``id`` of each block the boilerplate model does not report, whatever
    it scores: the title, the headline and its deck (:func:`_headlines`), and
    a caption the page marks up as one (an HTML figcaption belongs to an image
    that is still there: the page's own, not furniture a scraper left in the
    text, as boilerplate-photo-credit's skip_blocks says). ``named``: the
    findings of the named (not generic) rules, whose boilerplate lines the
    headline is looked for under. ``evaluate`` counts the model's lines as
    ``check`` reports them through this."""
    furniture = flagged_blocks(article, list(named)) if named else set()
    silent = {id(block) for block in _headlines(article, furniture)}
    silent.update(id(b) for b in article.blocks if b.is_title or b.kind == "caption")
    return silent


#: How many lines under a deck marked up as a heading the first paragraph may
#: stand: a byline, a date, a row of like and share counts, a reading time.
_DECK_REACH = 6


def _headlines(article: Article, furniture: Collection[int] = ()) -> list[Block]:
    """Lines the boilerplate model does not report: the headline and its deck.

    The first line of an article without a marked title, when it sits
    straight above the body or reads as a headline (four to thirty words, no
    link, no "|" of a menu): the headline of a JSONL record or a text that
    the reader could not tell apart. Under lines a named rule reports, labels
    and dates, the line the plain-text reader would choose
    (:func:`_headline_under_furniture`) instead: a record without a title
    that opens "Skip to main content" or "News" had the model warn on its
    headline. The boilerplate model never saw
    headlines, which the training data labels as titles, and took a clean
    article's headline for a teaser or a menu line on a third of the clean
    articles measured (benchmarks/false_alarms.py). A first line that a named
    rule flags (a date line, "Skip to content") is still reported by that rule.

    Under a headline (found so, or marked as the title), its deck: a second
    line that reads as a headline, has no sentence punctuation and stands
    straight above a paragraph of prose ("Minister's proposal needs to be
    fundamentally revised"). The model called such decks teasers in 3 of the
    152 WMT dev documents; no line of the boilerplate pages is one. A deck the
    page marks up as a heading (Substack's ``<h3 class="subtitle">``,
    Medium's ``<h2>``) may stand above the byline, date and share counts
    instead: prose within :data:`_DECK_REACH` lines under it will do. Either
    way a deck shares a content word (``lexicon.content_words``) with the
    headline or the story's first blocks: furniture under a headline ("Share
    on Facebook Share on Twitter Email", "Listen to this article 4 min", "Most
    read stories this week") reads as a headline too, and the model caught it."""
    blocks = article.blocks
    if len(blocks) < 2:
        return []
    texts = [block.text for block in blocks]

    @cache
    def body() -> tuple[int, int] | None:  # asked by up to three paths: worked out once
        return article_body_span(article, BODY_MIN_WORDS, BODY_PENALTY)

    title = next((block.index for block in blocks if block.is_title), None)
    if title is not None:
        under = _headline_under_site_name(blocks, title, body)
    else:
        under = _headline_under_furniture(texts, furniture, body)
    if title is not None and under is None:
        found: list[Block] = []  # (the title is silent anyway; its deck may be below
        # furniture when the reader chose a headline under it: readers/txt.py)
    elif under is not None:
        found, title = [blocks[under]], under
    elif headline_first([blocks[0].text]):
        found, title = [blocks[0]], 0
    else:
        span = body()
        return [blocks[0]] if span is not None and span[0] == 1 else []
    deck = title + 1
    reach = _DECK_REACH if deck < len(blocks) and blocks[deck].kind == "heading" else 1
    if len(blocks) <= deck + 1 or not headline_first([blocks[deck].text]):
        return found
    lead = next(
        (block for block in blocks[deck + 1 : deck + 1 + reach] if is_prose(block.text, 15)),
        None,
    )
    if lead is None or is_prose(blocks[deck].text, 1):
        return found
    story = [blocks[title], *blocks[lead.index : lead.index + _STORY_BLOCKS]]
    if content_words(blocks[deck].text) & set().union(*(content_words(b.text) for b in story)):
        found.append(blocks[deck])
    return found


#: How far above the body a headline found under furniture may stand: a
#: byline, a date and a share row between them.
_HEADLINE_REACH = 4
#: Words of letters a headline found under furniture has at least.
_HEADLINE_WORDS = 4


def _headline_under_furniture(
    texts: list[str], furniture: Collection[int], body: Callable[[], tuple[int, int] | None]
) -> int | None:
    """The headline of an untitled text whose first line is furniture (a line
    a named rule reports, a label, a date): the line ``choose_headline``
    takes under them, when it reads as a headline and stands at most
    :data:`_HEADLINE_REACH` lines above the body (a menu line under "Log Out"
    reads as a headline too, far above the story), opens with no small letter
    and has four words of letters ("you are here: HomeNews...", "Nov.November
    18, 2019 12:02 PM" under a section label read as headlines by their shape
    alone, and the model's finding on them was lost). ``texts``: the article's
    lines; ``body``: the span of its body."""
    index = choose_headline(texts[:HEADLINE_SEARCHED], furniture)
    if not index or not reads_as_headline(texts[index]) or not _worded(texts[index]):
        return None  # none, or the first line (the caller's own test)
    span = body()
    return index if span is not None and index < span[0] <= index + _HEADLINE_REACH else None


def _headline_under_site_name(
    blocks: list[Block], title: int, body: Callable[[], tuple[int, int] | None]
) -> int | None:
    """The headline under a title that is only the site's name: a JSONL
    record's ``title`` "The Valley Gazette" marked the site's name over the
    menu, and the model warned on the headline under them. The line straight
    above the body is the headline when it reads as one, shares a content
    word with the story's first blocks and none with the title (a site named
    after its town shares the town with its stories, not with a headline).
    ``body``: the span of the article's body."""
    span = body()
    if span is None or span[0] - 1 <= title:
        return None
    above = span[0] - 1
    text = blocks[above].text
    if not reads_as_headline(text) or not _worded(text):
        return None
    words = content_words(text)
    story = set().union(*(content_words(b.text) for b in blocks[span[0] : span[0] + _STORY_BLOCKS]))
    return above if words & story and not words & content_words(blocks[title].text) else None


_WORD = re.compile(r"[^\W\d_]{2,}")


def _worded(text: str) -> bool:
    """Four words of two letters or more, and no small letter first."""
    first = next((c for c in text if c.isalpha()), "")
    return not first.islower() and len(_WORD.findall(text)) >= _HEADLINE_WORDS


#: The blocks from the lead on that a deck may share a word with: a deck sums
#: up the story, not always in its headline's or first paragraph's words
#: ("Fewer pumps, older pipes ..." over a lead about taps that slow to a trickle).
_STORY_BLOCKS = 5
