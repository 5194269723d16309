"""What every reader shares: its settings, the line splitter and the cap on listed errors."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import TypeVar

from qualitycheck.document.textmap import TextMap
from qualitycheck.errors import InputError

#: The largest article read, in bytes: a file, or one JSONL record. Checking
#: takes far more memory than the text (1,000,000 short lines, 25 MB, peaked at
#: 8.1 GB), and no news article comes near this size; a larger one is an input
#: error, and the rest of the run goes on.
MAX_ARTICLE_BYTES = 10_000_000

#: The largest ``max_article_bytes`` a config may set (a terabyte): past
#: ``sys.maxsize`` a read overflowed ("cannot fit 'int' into an index-sized
#: integer"), an internal error on every article.
MAX_ARTICLE_BYTES_LIMIT = 10**12


@dataclass(frozen=True)
class ReadSettings:
    """Reader options from the config (JSONL field names, the size limit).

    The size limit defaults to :data:`MAX_ARTICLE_BYTES` as it is when the
    settings are made, so a program that embeds the checker (or a test) can
    move the default for every config it loads.
    """

    id_field: str = "id"
    text_field: str = "text"
    title_field: str = "title"
    url_field: str = "url"
    language_field: str = "language"
    max_article_bytes: int = field(default_factory=lambda: MAX_ARTICLE_BYTES)


#: A declared language the checker can use: a two-letter ISO 639-1 code, with
#: any region or script after it (``en``, ``en-US``, ``pt_BR``, ``zh-Hant``).
_LANGUAGE_CODE = re.compile(r"[A-Za-z]{2}(?:[-_][A-Za-z0-9]{2,8})*")


def declared_language(value: str | None, warnings: list[str], where: str) -> str | None:
    """``value`` if it is a language code, else ``None`` with a warning.

    Rules and models run by language code: a name (``english``), a three-letter
    code (``eng``) or a number would match none of them and switch them all
    off without a word, so the language is detected from the text instead.
    ``where`` begins the warning (``"record 3: "``, ``"front matter "``).
    """
    if value is None or not value.strip():
        return None
    if _LANGUAGE_CODE.fullmatch(value.strip()):
        return value.strip()
    warnings.append(
        f"{where}language {value!r} is not a language code like 'en' or 'en-US'; "
        "detected from the text instead"
    )
    return None


def too_large(limit: int, size: int | None = None) -> str:
    """The input error for an article over ``limit`` bytes (``size`` when known)."""
    found = f"{size:,} bytes, " if size is not None else ""
    return f"too large to check: {found}over the limit of {limit:,} bytes per article"


def line_blocks(
    source: str, start: int = 0, end: int | None = None
) -> Iterator[tuple[str, TextMap, int]]:
    """Non-blank lines of ``source[start:end]`` as ``(text, map, line_start)``.

    Leading and trailing whitespace (including the ``\\r`` of CRLF files) is
    left out of the text but the map keeps positions exact.
    """
    end = len(source) if end is None else end
    position = start
    one_run = TextMap.from_flat
    for line in source[start:end].split("\n"):
        stripped = line.strip()
        if stripped:
            offset = position + (len(line) - len(line.lstrip()))
            yield stripped, one_run((0, len(stripped), offset, offset + len(stripped))), position
        position += len(line) + 1


#: Input errors of one input listed one by one; the rest are counted and
#: reported as one error at the input's end. A 10 KB ``.jsonl.gz`` of 300,000
#: lines that are not JSON was 300,000 errors held to the end of the run (1.4
#: GB for SARIF) and as many lines on stderr; the records between them are
#: still read (docs/limits.md, "Input errors per input").
MAX_LISTED_ERRORS = 100

Item = TypeVar("Item")


def capped_errors(items: Iterator[Item | InputError], path: str) -> Iterator[Item | InputError]:
    """``items`` as they come, but past :data:`MAX_LISTED_ERRORS` input errors
    the others are counted, and one error at the end stands for them (at the
    first line it stands for, so ``file:line`` leads to it)."""
    listed = omitted = 0
    first: int | None = None
    last: int | None = None
    try:
        for item in items:
            if isinstance(item, InputError):
                if listed == MAX_LISTED_ERRORS:
                    omitted += 1
                    first = first or item.line
                    last = item.line or last
                    continue
                listed += 1
            yield item
    except Exception:
        # A reader that fails (a bug, memory) becomes an internal error in the
        # caller: the errors counted so far are reported before it, not lost.
        if omitted:
            yield InputError(path, _omitted(omitted, first, last), first)
        raise
    if omitted:
        yield InputError(path, _omitted(omitted, first, last), first)


def _omitted(count: int, first: int | None, last: int | None) -> str:
    """The message of the one error that stands for an input's unlisted ones."""
    where = f" (from line {first:,} to {last:,})" if first and last and last > first else ""
    return (
        f"{count:,} more input error{'s' * (count != 1)}{where} not listed one by one; "
        f"the first {MAX_LISTED_ERRORS} are"
    )
