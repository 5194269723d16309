"""Markup that static-site generators and docs tools put in Markdown: Hugo
shortcodes (``{{< figure … >}}``, ``{{% notice %}}``), Liquid tags and
output (Jekyll's ``{% include … %}``, ``{{ page.date }}``), the colon
fences of admonitions and Pandoc divs (``:::note`` … ``:::``), Pandoc and
kramdown attribute lists (``{#id .class}``, ``{: .lead}``), kramdown's
``{::comment}`` and other extensions (``{::options … /}``), GitHub's
alert markers (``> [!NOTE]``) and MDX's ``import`` and ``export`` lines
and ``{/* comments */}``.

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
    r"|(?P<comment>\{/\*)"
)
#: A shortcode or Liquid tag that opens a line.
_OPEN_TAG = re.compile(
    r"[ \t]{0,3}(?:\{\{(?P<shortcode>[<%])\s*+/?\s*+[A-Za-z_][\w./-]*+|\{%-?\s*+[a-z_]\w*+)"
)
#: A figure alone on a line: Hugo's ``figure`` shortcode, or the ``include
#: figure`` of Jekyll themes.
_FIGURE = re.compile(r"[ \t]{0,3}(?:\{\{[<%]\s*+figure\b|\{%-?\s*+include\s++figure(?:\.html)?\b)")
#: A figure's parameters whose values its figcaption shows.
_CAPTION_PARAMETER = re.compile(
    r"(?<![\w-])(?:caption|title|attr)=(?:\"((?:[^\"\\\n]|\\.)*+)\"|`([^`\n]*+)`)"
)
#: A paired tag whose body is never prose: code (Hugo's ``highlight``,
#: Liquid's ``highlight``) or a comment (Liquid's, kramdown's). It runs to its
#: closing tag.
_CODE_START = re.compile(
    r"[ \t]{0,3}(?:\{\{[<%]\s*+(?P<shortcode>highlight)\b"
    r"|\{%-?\s*+(?P<tag>highlight|comment)\b|(?P<kramdown>\{::comment\}))"
)
#: kramdown's end of an extension: ``{:/comment}`` or ``{:/}``.
_KRAMDOWN_END = re.compile(r"\{:/(?:comment)?\}")
#: The colons that open or close an admonition or a Pandoc div, at least three.
_COLON_FENCE = re.compile(r"[ \t]{0,3}:{3,}+[ \t]*+")
#: An admonition's type or a Pandoc div's class, right after the colons.
_FENCE_NAME = re.compile(r"[A-Za-z][\w-]*+")
#: A Pandoc or kramdown attribute list: ids, classes, ``key=value`` pairs.
_ATTRIBUTES = re.compile(
    r"\{:?[ \t]*+(?:(?:[#.][\w:-]++|[\w-]++=(?:\"[^\"\n]*+\"|'[^'\n]*+'|[^\s{}\"']++))[ \t]*+)++\}"
)
#: The first line of a GitHub alert, a box of the writer's own words set as a
#: block quote: ``> [!NOTE]``.
_ALERT = re.compile(
    r"[ \t]{0,3}>[ \t]*+\[!(?:NOTE|TIP|IMPORTANT|WARNING|CAUTION)\][ \t]*+", re.IGNORECASE
)
#: The first line of an MDX file's ``import`` or ``export`` (ESM): code, up to
#: the blank line that ends its paragraph. Only the forms of the syntax: an
#: import names a module in quotes after ``from`` (or opens its braces on the
#: line), an export declares something.
_ESM = re.compile(
    r"(?:import[ \t]++(?:[^\n]*?[ \t}]from[ \t]*+[\"']|[\"']|\{[^}\n]*+$)"
    r"|export[ \t]++(?:const|let|var|function|class|default|async)\b|export[ \t]*+\{)"
)
#: A template tag in a link's destination, ``({{ site.baseurl }}/a.pdf)``,
#: ``({{< ref "about.md" >}})``, ``({% link about.md %})``: the pattern the
#: reader's link and image patterns take it in with (spaces and quotes in it).
DESTINATION_TAG = r"\{\{[^{}\n]*+\}\}|\{%[^{}%\n]*+%\}"
#: The pattern of an attribute list, for the reader's image line.
ATTRIBUTES = _ATTRIBUTES.pattern
#: An attribute list at the end of a line, after a space or not.
_TRAILING_ATTRIBUTES = re.compile(_ATTRIBUTES.pattern + r"[ \t]*+$")
#: A line that is only an attribute list (kramdown's ``{: .lead}`` under the
#: block it styles), a kramdown attribute definition (``{:wide: .full}``) or
#: a kramdown extension's tag (``{::options auto_ids="false" /}``,
#: ``{::nomarkdown}`` and its ``{:/nomarkdown}``, whose inside is read).
_ATTRIBUTE_LINE = re.compile(
    r"[ \t]{0,3}+(?:" + _ATTRIBUTES.pattern + r"|\{:[\w-]++:[^{}\n]*+\}"
    r"|\{::[a-z]++(?:[ \t][^{}\n]*+)?\}|\{:/[a-z]*+\})[ \t]*+"
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
    close = "*/}" if start.group("comment") else close
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
    return captions(source, figure.end(), stop)


def captions(source: str, start: int, end: int) -> list[tuple[int, int]]:
    """The spans of the values of the caption, title and credit parameters
    in ``source[start:end]`` (a figure's tag, or a line of it)."""
    spans = []
    for parameter in _CAPTION_PARAMETER.finditer(source, start, end):
        group = 1 if parameter.group(1) is not None else 2
        spans.append(parameter.span(group))
    return spans


def open_tag(source: str, start: int, end: int) -> tuple[str, bool] | None:
    """The closing delimiter that a shortcode or Liquid tag opening the line
    ``source[start:end]`` and not closed on it waits for, and whether it is a
    figure (Hugo's figure written a parameter a line); ``None``: no such tag.
    Its lines are markup up to that delimiter, or to a blank line when it
    never comes (the rest of the article is not taken for a tag)."""
    opened = _OPEN_TAG.match(source, start, end)
    if opened is None or tag_end(source, source.index("{", start, end), end, {}) != -1:
        return None
    kind = opened.group("shortcode")
    close = (">}}" if kind == "<" else "%}}") if kind else "%}"
    return close, _FIGURE.match(source, start, end) is not None


def code_end(line: str) -> re.Pattern[str] | None:
    """The closing tag of the code or comment that ``line`` opens, if it opens one."""
    opened = _CODE_START.match(line)
    if opened is None:
        return None
    name = opened.group("shortcode")
    if opened.group("kramdown"):
        return _KRAMDOWN_END
    if name:
        return re.compile(rf"\{{\{{[<%]\s*/\s*{name}\s*[>%]\}}\}}")
    return re.compile(rf"\{{%-?\s*end{opened.group('tag')}\s*-?%\}}")


def colon_fence(source: str, start: int, end: int) -> tuple[int, int] | None:
    """Where the title is on the fence line ``source[start:end]`` of an
    admonition (Docusaurus ``:::tip[Title]``, VitePress ``::: warning Title``)
    or a Pandoc div (``::: {.sidebar}``, ``:::``); an empty span when it has
    none; ``None`` when the line is no such fence. The fence is markup; the
    body between two fences is the article's text, read as it is."""
    fence = _COLON_FENCE.match(source, start, end)
    if fence is None:
        return None
    rest_end = end
    while rest_end > fence.end() and source[rest_end - 1] in " \t:":
        rest_end -= 1  # Pandoc may close the line with colons
    if rest_end <= fence.end():
        return fence.end(), fence.end()
    if _ATTRIBUTES.fullmatch(source, fence.end(), rest_end):
        return fence.end(), fence.end()
    name = _FENCE_NAME.match(source, fence.end(), rest_end)
    if name is None:
        return None
    title_start, title_end = name.end(), rest_end
    attributes = _TRAILING_ATTRIBUTES.search(source, title_start, title_end)
    if attributes:  # ``:::note{title="…"}``, ``::: warning Title {.wide}``
        title_end = attributes.start()
    if source.startswith("[", title_start) and source[title_end - 1] == "]":
        title_start, title_end = title_start + 1, title_end - 1
    elif title_start < title_end and source[title_start] not in " \t":
        return None  # ":::notes:" or ":::a.b": no admonition's name
    while title_start < title_end and source[title_start] in " \t":
        title_start += 1
    return title_start, max(title_start, title_end)


def attributes_end(source: str, index: int, end: int) -> int:
    """Where the attribute list at ``index`` ends (``{width=60%}`` after an
    image, ``{.smallcaps}`` after a bracketed span); ``-1``: there is none."""
    attributes = _ATTRIBUTES.match(source, index, end)
    return -1 if attributes is None else attributes.end()


def is_attribute_line(line: str) -> bool:
    """Whether ``line`` is only an attribute list or definition (kramdown)."""
    return _ATTRIBUTE_LINE.fullmatch(line) is not None


def heading_text_end(source: str, start: int, end: int) -> int:
    """Where a heading's text ends before the attribute list that may close
    it after a space (``# The award {#award .news}``, Pandoc and kramdown)."""
    attributes = _TRAILING_ATTRIBUTES.search(source, start, end)
    if attributes and attributes.start() > start and source[attributes.start() - 1] in " \t":
        return attributes.start()
    return end


def is_alert(line: str) -> bool:
    """Whether ``line`` opens a GitHub alert (``> [!WARNING]``): the marker is
    markup, and the lines quoted under it are the article's, not a speaker's."""
    return _ALERT.fullmatch(line) is not None


def is_esm(line: str) -> bool:
    """Whether ``line`` opens an MDX ``import`` or ``export`` block (Docusaurus
    reads ``.md`` as MDX too): no prose, up to the next blank line."""
    return _ESM.match(line) is not None
