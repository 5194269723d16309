"""``furniture``: a line the page itself marks up as furniture.

An HTML reader records, for each block, the class or id of the nearest
element around it that page extractors drop by name (a "related-posts" list,
a "newsletter" box, a "site-footer"; :mod:`qualitycheck.readers.html_furniture`
has the names and where they come from). This kind flags such blocks: the
page's own markup says what they are, which no line pattern could. Text and
Markdown carry no such names, so the kind finds nothing in them.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from qualitycheck.detect.rules.kinds.base import CheckContext, Hit, Rule
from qualitycheck.document.article import Article, Block
from qualitycheck.primitives.options import Option


class FurnitureRule(Rule):
    kind = "furniture"
    description = (
        "Flags a line of an HTML page that sits inside an element whose class or id names it "
        "as page furniture, by the names Readability.js (`unlikelyCandidates`) and trafilatura "
        "(`OVERALL_DISCARD_XPATH`) drop: related, comment, footer, menu, sidebar, social, "
        "sponsor, newsletter, share, cookie, tags, widget, byline, author, paywall... An element "
        "whose name also says article, body, content or main is not furniture (Readability's "
        "`okMaybeItsACandidate`), and a nearer `<article>`, `<main>` or element named as the "
        "body (entry, post, story, text...) takes its blocks out of the furniture around it. "
        "Lines inside a table are judged by the names outside it, as Readability does. The "
        'message may name the element as {furniture} (`class="related-posts"`). Only the '
        "HTML reader records the names: the rule finds nothing in text or Markdown."
    )
    message_fields = ("furniture",)
    default_languages = ("*",)  # class names are the page's, not the article's language
    reads_markup = True
    options = (
        Option(
            "except_names",
            list,
            "Parts of a class or id that are not furniture on your pages (a theme that names "
            "its article text 'comment-body', say); compared without case.",
            default=[],
            item=str,
        ),
    )

    def setup(self, options: dict[str, Any]) -> None:
        self.except_names = tuple(name.casefold() for name in options["except_names"] if name)

    def hits(self, article: Article, blocks: list[Block], context: CheckContext) -> Iterator[Hit]:
        for block in blocks:
            name = block.furniture
            if name is None or block.is_title:
                continue
            folded = name.casefold()
            if any(part in folded for part in self.except_names):
                continue
            yield Hit(block, 0, len(block.text), 1.0, {"furniture": name})
