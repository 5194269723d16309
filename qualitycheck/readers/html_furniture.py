"""Which HTML elements page extractors drop as furniture, by class and id.

Mozilla's Readability (``Readability.js``, ``REGEXPS.unlikelyCandidates`` and
``okMaybeItsACandidate``) removes an element whose class and id, joined by a
space, match the first expression and not the second; the expressions below
are those two, word for word. Readability then never looks inside the removed
element; here an element is one step of a stack instead: the nearest element
around a block whose name says either "furniture" or "article body"
(Readability's ``positive`` names: article, body, content, entry, main, post,
text, story...) decides, so the ``entry-content`` of a page wrapped in a
``comments-enabled`` layout still reads as the article. ``<article>`` and
``<main>`` count as the body by their tag, whatever their class. Readability
also spares ``<body>`` and ``<a>`` and whatever a table holds (an element
in a table is judged by the names outside it); the reader only asks about
block elements, so ``<a>`` is never asked, and ``<body>`` names no furniture
here.
"""

from __future__ import annotations

import re

#: Readability.js ``unlikelyCandidates`` (mozilla/readability, Readability.js)
#: without "header": trafilatura (``xpaths.py``, the "conflicts" note under
#: ``OVERALL_DISCARD_XPATH``) leaves it out, and CMSs name the headline's and
#: the subheads' wrappers so ("post-header", "kg-header-card").
UNLIKELY = re.compile(
    r"-ad-|ai2html|banner|breadcrumbs|combx|comment|community|cover-wrap|disqus|extra|footer|"
    r"gdpr|legends|menu|related|remark|replies|rss|shoutbox|sidebar|skyscraper|social|"
    r"sponsor|supplemental|ad-break|agegate|pagination|pager|popup|yom-remote",
    re.I,
)
#: Names from trafilatura's ``OVERALL_DISCARD_XPATH`` (adbar/trafilatura,
#: ``xpaths.py``) that Readability's list lacks: newsletters, sharing, cookie
#: and consent banners, tag lists, widgets, navigation, bylines and author
#: boxes, paywalls, most-popular boxes and the recommendation networks.
DISCARDED = re.compile(
    r"newsletter|^shar|share-|cookie|consent|tags|tag-list|widget|navigation|navbar|subnav|"
    r"^nav|breadcrumb|bread-crumb|author|byline|paywall|paid-content|most-popular|"
    r"side-stories|outbrain|taboola",
    re.I,
)
#: Readability.js ``okMaybeItsACandidate``: a name matching both is kept.
MAYBE_CANDIDATE = re.compile(r"and|article|body|column|content|main|shadow", re.I)
#: Readability.js ``positive``: a name that says "the article's text".
POSITIVE = re.compile(
    r"article|body|content|entry|hentry|h-entry|main|page|pagination|post|text|blog|story", re.I
)
#: Readability.js ``UNLIKELY_ROLES``: ARIA roles of elements it drops.
UNLIKELY_ROLES = frozenset(
    ["menu", "menubar", "complementary", "navigation", "alert", "alertdialog", "dialog"]
)
#: Tags that are the article's body whatever their class says.
_BODY_TAGS = frozenset(["article", "main"])
#: Longest class or id read (a page's minified names are short; a runaway
#: attribute is not furniture's name).
_LONGEST = 300


def furniture_name(tag: str, attributes: dict[str, str | None]) -> str | None:
    """What an element says of the blocks in it: its ``class="…"``/``id="…"``
    when it is furniture, "" when it is the article body, None when it says
    nothing (its blocks take what the element around it says). A furniture
    role (``role="navigation"``) counts as Readability counts it."""
    if tag in _BODY_TAGS:
        return ""
    if tag == "body":
        return None  # Readability never drops <body> (themes name layouts on it)
    role = (attributes.get("role") or "").strip().lower()
    if role in UNLIKELY_ROLES:
        return f'role="{role}"'
    classes = (attributes.get("class") or "")[:_LONGEST]
    ident = (attributes.get("id") or "")[:_LONGEST]
    if not classes and not ident:
        return None
    joined = f"{classes} {ident}"
    if not MAYBE_CANDIDATE.search(joined):
        if UNLIKELY.search(classes) or DISCARDED.search(classes):
            return 'class="' + " ".join(classes.split()) + '"'
        if UNLIKELY.search(ident) or DISCARDED.search(ident):
            return 'id="' + " ".join(ident.split()) + '"'
    if POSITIVE.search(joined):
        return ""
    return None
