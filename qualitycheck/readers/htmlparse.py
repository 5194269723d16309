"""The standard library's HTML parser, with the end of a page bounded.

``HTMLParser.close()`` reads what ``feed()`` left: the page from its first
unterminated construct (a tag without ``>``, a comment without ``-->``)
on. Before Python 3.13.5 (and 3.12.11) it searched the rest of the page
again for each such construct, so a 120 kB page of ``<a `` took two minutes
and a 1 MB one hours. Both HTML readers (the article text and the inline
suppression comments) use this parser: past a budget of work linear in what
was left, the rest of the page is handed over as text, which is what the old
parser made of each unterminated construct anyway (its characters up to the
next ``<``), and the reader says so in a warning.
"""

from __future__ import annotations

from html import unescape
from html.parser import HTMLParser

#: Characters of searching the unterminated constructs of the page's end may
#: cost, per character left by ``feed()``, on top of :data:`CLOSE_WORK_BASE`.
CLOSE_WORK_PER_CHARACTER = 8
CLOSE_WORK_BASE = 1_000_000


class BoundedHTMLParser(HTMLParser):
    """An ``HTMLParser`` whose :meth:`close` costs at most linear time.

    ``text_from`` is where the parser stopped looking for markup (an offset
    into the data fed), ``None`` when it never had to.
    """

    def __init__(self, *, convert_charrefs: bool = True) -> None:
        super().__init__(convert_charrefs=convert_charrefs)
        self.text_from: int | None = None
        self._fed = 0
        self._closing = False
        self._work = 0
        self._budget = 0

    def feed(self, data: str) -> None:
        self._fed += len(data)
        super().feed(data)

    def close(self) -> None:
        self._closing = True
        self._work = 0
        self._budget = CLOSE_WORK_PER_CHARACTER * len(self.rawdata) + CLOSE_WORK_BASE
        super().close()

    def _bounded(self, end: int, start: int) -> int:
        """``end`` of the construct at ``start``, or the end of the data once
        unterminated constructs have cost the budget (the rest is text)."""
        if end >= 0 or not self._closing:
            return end
        # An unterminated construct searched to the end of the data, and the
        # parser then searches again for the next ">" or "<".
        self._work += len(self.rawdata) - start
        if self._work <= self._budget:
            return end
        self.text_from = self._fed - len(self.rawdata) + start
        rest = self.rawdata[start:]
        self.handle_data(unescape(rest) if self.convert_charrefs else rest)
        return len(self.rawdata)

    def parse_starttag(self, i: int) -> int:
        return self._bounded(super().parse_starttag(i), i)

    def parse_endtag(self, i: int) -> int:
        return self._bounded(super().parse_endtag(i), i)

    def parse_comment(self, i: int, report: bool = True) -> int:
        return self._bounded(super().parse_comment(i, report), i)

    def parse_pi(self, i: int) -> int:
        return self._bounded(super().parse_pi(i), i)

    def parse_html_declaration(self, i: int) -> int:
        return self._bounded(super().parse_html_declaration(i), i)
