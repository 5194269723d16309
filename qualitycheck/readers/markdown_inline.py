"""The visible text of a Markdown line's inline syntax: code spans, links and
images, footnote marks, inline HTML and comments, emphasis, escapes, entities
and character references, and the template tags and attribute lists of site
generators (:mod:`qualitycheck.readers.markdown_sites`). Each character kept is added
with its place in the file, so a finding on it points there.

Apart from the block reader (:mod:`qualitycheck.readers.markdown`): one job
each, and a module of each under the size limit.
"""

from __future__ import annotations

import html
import re
from array import array

from qualitycheck.document.textmap import TextBuilder
from qualitycheck.readers import markdown_sites as sites

#: A footnote's reference in the text, ``[^1]``: not a word of it. Its label is
#: short (at most 64 characters, no ``[``), so a line of a million ``[^`` is
#: searched a few characters at each, not to its end each time.
FOOTNOTE_MARK = re.compile(r"\[\^[^\]\s\[]{1,64}\]")
#: A link's or image's destination (and title), or a reference's label. A
#: template tag in the destination is part of it; the possessive loop never
#: tries another split of what it took (it could only fail again).
_LINK_TAIL = re.compile(
    rf"\((?:{sites.DESTINATION_TAG}|[^()\s]|\([^()]*\))*+(?:\s+\"[^\"]*\")?\)|\[[^\]]*\]"
)
#: Characters that may start inline syntax; everything else is copied as it is.
_PLAIN = re.compile(r"[^\\`!\[<*_~{&]+")
#: An entity or numeric character reference, as CommonMark bounds them.
_ENTITY = re.compile(r"&(?:#[xX][0-9a-fA-F]{1,6}|#[0-9]{1,7}|[A-Za-z][A-Za-z0-9]{1,31});")
_TICKS = re.compile(r"`+")
_INLINE_HTML = re.compile(r"<(?:/?[A-Za-z][\w-]*(?:\s[^<>]*)?/?|https?://[^<>\s]+|!--.*?--)>")


def inline(
    builder: TextBuilder,
    source: str,
    start: int,
    end: int,
    marks: array[int] | None = None,
) -> None:
    """Append the visible text of ``source[start:end]``, skipping inline syntax
    (where each footnote mark skipped starts goes to ``marks``).

    Each search ahead (a closing bracket, backticks, a comment end) is
    remembered, so a line of a million ``[`` or backticks stays linear.
    """
    index = start
    known_close: int | None = None  # first "]" at or after the last search; -1: none
    tails: dict[int, re.Match[str] | None] = {}
    unclosed_ticks: set[int] = set()
    unclosed_comment = False
    closes: dict[str, int] = {}  # where each template tag's closing delimiter was found

    def link(after: int) -> tuple[int, re.Match[str] | None]:
        """The first ``]`` at or after ``after`` and the link tail behind it."""
        nonlocal known_close
        if known_close is None or -1 < known_close < after:
            known_close = source.find("]", after, end)
        close = known_close
        if close == -1:
            return -1, None
        if close not in tails:
            tails[close] = _LINK_TAIL.match(source, close + 1, end)
        return close, tails[close]

    while index < end:
        plain = _PLAIN.match(source, index, end)
        if plain:  # a run of characters without syntax, copied at once
            builder.add(plain.group(), index)
            index = plain.end()
            continue
        char = source[index]
        if char == "\\" and index + 1 < end and not source[index + 1].isalnum():
            builder.add(source[index + 1], index + 1)
            index += 2
            continue
        if char == "`":
            ticks = _TICKS.match(source, index, end).end() - index  # type: ignore[union-attr]
            if ticks not in unclosed_ticks:
                close = source.find("`" * ticks, index + ticks, end)
                if close != -1:
                    index = close + ticks
                    continue
                unclosed_ticks.add(ticks)
            # No closing run: the whole run is text (as in CommonMark).
            builder.add(source[index : index + ticks], index)
            index += ticks
            continue
        if char == "!" and source.startswith("[", index + 1):
            close, tail = link(index + 2)
            if tail:
                attributes = sites.attributes_end(source, tail.end(), end)
                index = tail.end() if attributes == -1 else attributes
                continue
        if char == "[" and source.startswith("^", index + 1):
            mark = FOOTNOTE_MARK.match(source, index, end)
            if mark:
                if marks is not None:
                    marks.append(index)
                index = mark.end()
                continue
        if char == "[":
            close, tail = link(index + 1)
            if tail:
                link_start = len(builder)
                inline(builder, source, index + 1, close, marks)
                builder.link_length += len(builder) - link_start
                attributes = sites.attributes_end(source, tail.end(), end)
                index = tail.end() if attributes == -1 else attributes
                continue
            attributes = -1 if close == -1 else sites.attributes_end(source, close + 1, end)
            if attributes != -1:  # a Pandoc span, "[the citation]{.smallcaps}": its text
                inline(builder, source, index + 1, close, marks)
                index = attributes
                continue
        if char == "<" and source.startswith("<!--", index):
            tag = None if unclosed_comment else _INLINE_HTML.match(source, index, end)
            unclosed_comment = tag is None
            if tag:
                if not builder.ends_with_space():
                    builder.add(" ", index, tag.end())
                index = tag.end()
                continue
        elif char == "<":
            tag = _INLINE_HTML.match(source, index, end)
            if tag:
                if not builder.ends_with_space():
                    builder.add(" ", index, tag.end())
                index = tag.end()
                continue
        if char == "&":  # "&rsquo;", "&nbsp;": the character, as a renderer shows it
            entity = _ENTITY.match(source, index, end)
            text = html.unescape(entity.group()) if entity else ""
            if entity and text != entity.group():  # not an unknown name
                if not text.isspace():
                    builder.add(text, index, entity.end())
                elif not builder.ends_with_space():
                    builder.add(" ", index, entity.end())
                index = entity.end()
                continue
        if char == "{":  # a shortcode or Liquid tag: markup, no text
            template = sites.tag_end(source, index, end, closes)
            if template != -1:
                if not builder.ends_with_space():
                    builder.add(" ", index, template)
                index = template
                while index < end and source[index] in " \t":  # "on {{ page.date }} by": one space
                    index += 1
                continue
        if char in "*_~":
            run_end = index
            while run_end < end and source[run_end] == char:
                run_end += 1
            before = source[index - 1] if index > start else " "
            after = source[run_end] if run_end < end else " "
            intraword = before.isalnum() and after.isalnum()
            spaced = before.isspace() and after.isspace()
            if (
                not spaced
                and not (char == "_" and intraword)
                and (char != "~" or run_end - index >= 2)
            ):
                index = run_end
                continue
        builder.add(char, index)
        index += 1
