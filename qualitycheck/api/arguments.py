"""A text given to the API, checked and read into an article as a file is.

Kept apart from ``checking`` so that every function of the API that takes a
text (``check_text``, ``clean_text``, ``sentence_voices``) refuses and
repairs it alike: a ``bytes`` text gets a clear :class:`TypeError`, an
unpaired surrogate (which no output can encode) becomes U+FFFD with a
warning, as the JSONL reader does, and the text is read by the reader of its
format, with every check a file gets.
"""

from __future__ import annotations

import io

from qualitycheck.document.article import Article, mark_title
from qualitycheck.errors import InputError
from qualitycheck.readers import READERS, read_untitled_text
from qualitycheck.readers.base import ReadSettings, declared_language
from qualitycheck.readers.decoding import UNPAIRED_SURROGATE
from qualitycheck.readers.txt import HEADLINE_SEARCHED

#: What a string read from a UTF-8 file with its BOM begins with (``encoding="utf-8"``).
BYTE_ORDER_MARK = "\ufeff"

#: What names a text checked without an ``id``.
DEFAULT_ID = "<text>"

#: Formats ``check_text`` reads; JSONL holds many articles: use ``check_paths``.
TEXT_FORMATS = ("txt", "md", "html")


def scrubbed(value: str, what: str, warnings: list[str]) -> str:
    """``value`` with unpaired surrogates (which no output can encode) as U+FFFD,
    with a warning, as the JSONL reader scrubs a record's id and title."""
    clean = UNPAIRED_SURROGATE.sub("\ufffd", value)
    if clean != value:
        warnings.append(
            f"the {what} has characters that are not valid Unicode (unpaired surrogates); "
            "replaced with U+FFFD"
        )
    return clean


def require_text(value: object, what: str) -> None:
    """A clear :class:`TypeError` where a later step would fail obscurely
    (``bytes`` have no ``splitlines`` of text; an ``int`` id breaks renderers)."""
    if isinstance(value, str):
        return
    hint = " (decode it first)" if isinstance(value, (bytes, bytearray)) else ""
    raise TypeError(f"{what} must be str, not {type(value).__name__}{hint}")


def read_text(
    text: str,
    title: str | None,
    format: str,
    id: str,
    language: str | None,
    settings: ReadSettings,
) -> Article:
    """The article a text argument makes, read as a file of that ``format`` is
    (size limit, binary, carriage returns), with the API's own repairs: a
    blank ``id`` named :data:`DEFAULT_ID`, unpaired surrogates as U+FFFD, a
    leading byte-order mark left out, each with a warning, and a ``title``
    given apart marking the line that repeats it as the headline."""
    require_text(text, "text")
    require_text(id, "id")
    for value, what in ((title, "title"), (language, "language")):
        if value is not None:
            require_text(value, what)
    if format not in TEXT_FORMATS:
        raise ValueError(
            f"format must be one of {', '.join(TEXT_FORMATS)}, not {format!r} "
            "(a JSONL file holds many articles: use check_paths)"
        )
    # Unpaired surrogates cannot be encoded: replaced, with a warning, as in JSONL.
    repaired = UNPAIRED_SURROGATE.sub("\ufffd", text)
    stream = io.BytesIO(repaired.encode("utf-8"))
    # With a title given apart, the first line is not the headline; either
    # way the text gets every check a file gets (size limit, binary, CR).
    read = read_untitled_text if format == "txt" and title is not None else READERS[format].read
    notes: list[str] = []
    id = scrubbed(id, "id", notes)
    if not id.strip():  # (errors would name nothing: ": binary file")
        notes.append(f"the id is blank; using {DEFAULT_ID}")
        id = DEFAULT_ID
    [item] = list(read(stream, id, settings))
    if isinstance(item, InputError):
        raise item
    item.id = id
    item.warnings.extend(notes)
    if language is not None:  # (as a JSONL record's: a code, else detected, with a warning)
        item.language_hint = declared_language(language, item.warnings, "")
    if repaired != text:
        item.warnings.append(
            "the text has characters that are not valid Unicode (unpaired surrogates); "
            "replaced with U+FFFD"
        )
    if text.startswith(BYTE_ORDER_MARK):  # (read as a file's: it is no character of it)
        item.warnings.append(
            "the text starts with a byte-order mark (U+FEFF), left out as a file's is: "
            "offsets index Result.text, one character shorter than the text given"
        )
    if title is not None and title.strip():  # (a blank one is none: null, as in JSONL)
        item.title = scrubbed(title, "title", item.warnings)
        if read is read_untitled_text:
            # A line that repeats the title is its headline, as in a JSONL
            # record with that title: the same result as the file.
            mark_title(item.blocks, item.title, search=HEADLINE_SEARCHED)
    return item
