"""Markup that static-site generators and docs tools put in Markdown: Hugo
shortcodes (``{{< figure … >}}``, ``{{% notice %}}``), Liquid tags and
output (Jekyll's ``{% include … %}``, ``{{ page.date }}``).

Read as prose, that markup was the article's text: the quotes around its
attributes were unbalanced quotation marks, a shortcode or ``include`` line
alone was a line of page furniture to the boilerplate model, which ``clean``
then removed (the page lost its figure), and a figure's ``caption="…"``
was taken for a photo credit a scraper left behind. The reader leaves the
markup out and keeps the human text it holds: a figure's caption, title and
credit are the figure's caption, a paired shortcode's inner text is the
article's.

Each construct is recognised by its own syntax only (``{{<`` or ``{%``
and a name, up to its closing delimiter on the same line): a sentence with
a brace in it stays prose.
"""

from __future__ import annotations

import re

#: The start of a shortcode or Liquid tag or output, up to its name (or, for
#: output, its first character): ``{{< name``, ``{{% /name``, ``{% name``,
#: ``{{ page``. The named group tells which delimiter closes it.
_TAG_START = re.compile(
    r"\{\{(?P<shortcode>[<%])\s*+(?:/\*|/?\s*+[A-Za-z_][\w./-]*+)"
    r"|(?P<tag>\{%)-?\s*+[a-z_]\w*+"
    r"|\{\{-?\s*+[\w$\"'\[]"
)
#: A figure alone on a line: Hugo's ``figure`` shortcode, or the ``include
#: figure`` of Jekyll themes.
_FIGURE = re.compile(r"[ \t]{0,3}(?:\{\{[<%]\s*+figure\b|\{%-?\s*+include\s++figure(?:\.html)?\b)")
#: A figure's parameters whose values its figcaption shows.
_CAPTION_PARAMETER = re.compile(
    r"(?<![\w-])(?:caption|title|attr)=(?:\"((?:[^\"\\\n]|\\.)*+)\"|`([^`\n]*+)`)"
)
#: A paired tag whose body is never prose: code (Hugo's ``highlight``,
#: Liquid's ``highlight``) or a Liquid comment. It runs to its closing tag.
_CODE_START = re.compile(
    r"[ \t]{0,3}(?:\{\{[<%]\s*+(?P<shortcode>highlight)\b|\{%-?\s*+(?P<tag>highlight|comment)\b)"
)


def tag_end(source: str, index: int, end: int, closes: dict[str, int]) -> int:
    """Where the shortcode or Liquid tag or output starting at ``index`` ends
    (``-1``: none starts there, or it does not close before ``end``).

    ``closes`` remembers where each closing delimiter was last found, so a
    line of a million ``{{<`` is searched once, not once a ``{{<``.
    """
    start = _TAG_START.match(source, index, end)
    if start is None:
        return -1
    kind = start.group("shortcode")
    close = f"{kind}}}}}" if kind else "%}" if start.group("tag") else "}}"
    close = ">}}" if close == "<}}" else close
    found = closes.get(close)
    if found is None or -1 < found < start.end():
        found = closes[close] = source.find(close, start.end(), end)
    return -1 if found == -1 else found + len(close)


def figure_captions(source: str, start: int, end: int) -> list[tuple[int, int]] | None:
    """The spans of the caption, title and credit of the figure that is
    ``source[start:end]`` alone (``None``: the line is no figure tag)."""
    figure = _FIGURE.match(source, start, end)
    if figure is None:
        return None
    opener = source.index("{", start, end)
    stop = tag_end(source, opener, end, {})
    if stop == -1 or source[stop:end].strip():
        return None
    spans = []
    for parameter in _CAPTION_PARAMETER.finditer(source, figure.end(), stop):
        group = 1 if parameter.group(1) is not None else 2
        spans.append(parameter.span(group))
    return spans


def code_end(line: str) -> re.Pattern[str] | None:
    """The closing tag of the code or comment that ``line`` opens, if it opens one."""
    opened = _CODE_START.match(line)
    if opened is None:
        return None
    name = opened.group("shortcode")
    if name:
        return re.compile(rf"\{{\{{[<%]\s*/\s*{name}\s*[>%]\}}\}}")
    return re.compile(rf"\{{%-?\s*end{opened.group('tag')}\s*-?%\}}")
