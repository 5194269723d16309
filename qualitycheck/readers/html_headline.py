"""Which block of an HTML page is its headline when the ``<title>`` names only the site.

A page's ``<title>`` usually repeats its headline ("Headline | Site"), and
the block it repeats is marked as the title (:func:`title_block`). Many
sites title every page with their name alone ("The Valley Gazette") or with
a section ("Local News | Harbour Times"): the title then named no block, or
the site's name in the masthead (a link home), and the ``<h1>`` headline
was read as a body line, which the boilerplate model took for a teaser
(p = 0.96) and ``clean`` cut. Such a page's headline is the heading that
stands last above the story's first paragraph of prose, if it reads as a
headline (four to thirty words, no menu separator) and no element around it
is named as furniture, or the heading straight above that one when it is a
headline over its deck: the title's block gives way to it when the title
named none, or named only a link (a masthead, a blog's name) and shares no
content word with the heading (a site's name says nothing of the story; a
title that does is the headline's, and the heading under it a deck).
"""

from __future__ import annotations

import re

from qualitycheck.document.article import Block, title_block
from qualitycheck.document.lexicon import content_words
from qualitycheck.readers.txt import reads_as_headline

#: A paragraph of the story: ten words or more, ending like a sentence.
_PROSE_WORDS = 10
#: How many blocks above the deck the headline may stand: a byline, a date,
#: a share row between them (none of them prose, none a heading).
_DECK_REACH = 4
_SENTENCE_END = re.compile(r"[.!?…][\"'”’)\]]*$")


def headline_block(blocks: list[Block], title: str | None) -> Block | None:
    """The block to mark as the page's title (headline), if any, given the
    ``<title>`` (or, without one, the first heading's text)."""
    named = title_block(blocks, title, search=len(blocks))
    if named is not None and not named.linked:
        return named  # the title repeats a block that is no link: the headline, as before
    heading = _heading_above_story(blocks)
    if heading is None or heading is named:
        return named
    if named is not None and title and content_words(title) & content_words(heading.text):
        return named
    return heading


def _heading_above_story(blocks: list[Block]) -> Block | None:
    """The last heading above the first paragraph of prose, when it reads as
    a headline and stands in no element named as furniture; the heading
    above it instead (straight above, or over a byline or a date: at most
    :data:`_DECK_REACH` blocks up), when that one reads as a headline too and
    is no link: a headline over its deck (``<h1>`` over an ``<h2>``
    standfirst), not a blog's name (a link home) over a post's title. (With
    the byline between them, the standfirst was taken for the headline and
    ``clean`` emptied the ``<h1>``.)"""
    last = before = None
    last_at = -2
    for position, block in enumerate(blocks):  # (no Block.index yet: no article)
        if block.furniture is not None:
            continue
        if block.kind == "paragraph" and _is_prose(block.text):
            break
        if block.kind == "heading":
            before = last if position - last_at <= _DECK_REACH else None
            last, last_at = block, position
    else:
        return None  # no story under it
    if last is None or not reads_as_headline(last.text):
        return None
    if before is not None and not before.linked and reads_as_headline(before.text):
        return before
    return last


def _is_prose(text: str) -> bool:
    return len(text.split()) >= _PROSE_WORDS and bool(_SENTENCE_END.search(text))
