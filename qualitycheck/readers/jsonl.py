"""JSON Lines: one article per line, read as a stream.

Each record needs an id and a text (field names come from the config). A
record that is not valid JSON, not an object, or has no text (the field
missing, null, or not a string) is an input error naming the file and line;
the other records are still checked. The id is a string or an integer (written
in decimal); a missing, null or empty id falls back to ``path:line`` with a
warning, and any other id (true/false, a fraction, an object, an array) is an
input error, since turning it into text would give ids like ``True``.

A record longer than the size limit per article
(:data:`~qualitycheck.readers.base.MAX_ARTICLE_BYTES`) is an input error for
its line, and is skipped without ever being held in memory whole.

JSON can spell characters that are not Unicode text: an unpaired surrogate
(``"\\ud800"``) cannot be written as UTF-8, so it would break every output at
the end of a run. Such characters are replaced with U+FFFD (one character for
one, so offsets still point into the record's text), with a warning.
"""

from __future__ import annotations

import codecs
import json
from collections.abc import Iterator
from typing import IO, Any

from qualitycheck.document.article import Article, mark_title
from qualitycheck.errors import InputError
from qualitycheck.readers.base import ReadSettings, declared_language, too_large
from qualitycheck.readers.decoding import (
    BOM_CODECS,
    SAMPLE,
    UNPAIRED_SURROGATE,
    binary_problem,
    looks_binary,
    with_line_feeds,
)
from qualitycheck.readers.txt import HEADLINE_SEARCHED, parse_text

#: Bytes read at a time while skipping the rest of a line over the limit.
_SKIP_CHUNK = 1 << 20


def _scrub(value: str, field: str, warnings: list[str], where: str) -> str:
    """``value`` with unpaired surrogates replaced by U+FFFD (same length)."""
    if not UNPAIRED_SURROGATE.search(value):
        return value
    warnings.append(
        f"{where}: field {field!r} has characters that are not valid Unicode "
        "(unpaired surrogates); replaced with U+FFFD"
    )
    return UNPAIRED_SURROGATE.sub("\ufffd", value)


def _json_kind(value: object) -> str:
    """How JSON spells the type of ``value``, for an input error."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return f"a boolean ({str(value).lower()})"
    if isinstance(value, float):
        return f"a number with a fraction or exponent ({value!r})"
    if isinstance(value, dict):
        return "an object"
    if isinstance(value, list):
        return "an array"
    if isinstance(value, int):
        return f"a number ({value})"
    if isinstance(value, str):
        return "a string"
    return f"a {type(value).__name__}"


def _optional_text(
    record: dict[str, Any], field: str, warnings: list[str], where: str
) -> str | None:
    value = record.get(field)
    if value is not None and not isinstance(value, str):
        warnings.append(f"{where}: {field!r} is {_json_kind(value)}, not text; ignored")
        return None
    if not (isinstance(value, str) and value.strip()):
        return None
    return _scrub(value, field, warnings, where)


def parse_line(raw: bytes, path: str, line_number: int) -> dict[str, Any] | InputError | None:
    """One JSON Lines line as a JSON object; ``None`` for a blank line.

    The one place a line of a JSONL file is parsed, for articles here and for
    labeled corpora (:mod:`.labeled`), so both report a bad line in the same
    words. The first line may start with a UTF-8 byte-order mark (editors on
    Windows write one); an integer too long to convert and nesting deeper than
    Python can parse are invalid JSON like any other, not a crash.
    """
    try:
        line = raw.decode("utf-8-sig" if line_number == 1 else "utf-8")
    except UnicodeDecodeError as exc:
        return InputError(path, f"not UTF-8 ({exc.reason} at byte {exc.start})", line_number)
    if not line.strip():
        return None
    try:
        record = json.loads(line)
    except json.JSONDecodeError as exc:
        return InputError(path, f"invalid JSON: {exc.msg} (column {exc.colno})", line_number)
    except ValueError as exc:  # an integer too long to convert (over 4,300 digits)
        return InputError(path, f"invalid JSON: {str(exc).split(';')[0]}", line_number)
    except RecursionError:  # arrays or objects nested deeper than Python can parse
        return InputError(path, "invalid JSON: nested too deeply to read", line_number)
    if not isinstance(record, dict):
        return InputError(path, f"expected a JSON object, got {_json_kind(record)}", line_number)
    return record


def read_record(
    raw: bytes, path: str, line_number: int, settings: ReadSettings
) -> Article | InputError | None:
    """Parse one JSONL line; ``None`` for a blank line."""
    record = parse_line(raw, path, line_number)
    if record is None or isinstance(record, InputError):
        return record
    return record_article(record, path, line_number, settings)


def record_article(
    record: dict[str, Any], path: str, number: int, settings: ReadSettings, unit: str = "line"
) -> Article | InputError:
    """The article of one record (a JSONL line, or a Parquet row: ``unit``
    ``"row"``), or the input error naming the file and ``number``."""
    text = record.get(settings.text_field)
    if not isinstance(text, str):
        if settings.text_field not in record:
            found = "missing"
        elif text is None:
            found = "null"
        else:
            found = f"{_json_kind(text)}, not text"
        return InputError(path, f"field {settings.text_field!r} is {found}", number)
    raw_id = record.get(settings.id_field)
    if raw_id is not None and (isinstance(raw_id, bool) or not isinstance(raw_id, str | int)):
        return InputError(
            path,
            f"field {settings.id_field!r} is {_json_kind(raw_id)}, not text or an integer",
            number,
        )
    warnings: list[str] = []
    where = f"{unit} {number}"
    text = _scrub(text, settings.text_field, warnings, where)
    # Lone carriage returns as the only line breaks, as a text file's (clean
    # writes them back): one line to the rules would hide every line rule.
    text, line_warning = with_line_feeds(text)
    if line_warning:
        warnings.insert(0, f"{where}: {line_warning}")
    article_id = str(raw_id) if raw_id is not None and raw_id != "" else None
    if article_id is not None:
        article_id = _scrub(article_id, settings.id_field, warnings, where)
    article = parse_text(text, article_id or f"{path}:{number}", path, first_line_is_title=False)
    article.warnings.extend(warnings)
    article.record_line = number
    article.title = _optional_text(record, settings.title_field, article.warnings, where)
    # The line that repeats the title, under the page's furniture if the
    # scraper kept it ("Skip to main content"): searched in the first line
    # only, such a headline was a body line and the model cut it as a teaser.
    mark_title(article.blocks, article.title, search=HEADLINE_SEARCHED)
    article.url = _optional_text(record, settings.url_field, article.warnings, where)
    article.language_hint = declared_language(
        _optional_text(record, settings.language_field, article.warnings, where),
        article.warnings,
        f"{where}: ",
    )
    if article_id is None:
        article.warnings.append(f"{where}: no {settings.id_field!r}; using {article.id}")
    return article


def note_duplicate(article: Article, seen: set[str], where: str) -> None:
    """Warn on an id already seen in the same file (then remember it)."""
    if article.id in seen:
        article.warnings.append(f"{where}: duplicate id {article.id!r}")
    seen.add(article.id)


#: Records read without the text field, and no article, before the file is
#: given up as one error.
MISSING_FIELD_RECORDS = 20


def _no_text_field(raw: bytes, settings: ReadSettings, count: int) -> str:
    """The error for a file whose first records all lack the text field."""
    record = json.loads(raw)
    fields = ", ".join(sorted(map(repr, record))) or "none"
    return (
        f"field {settings.text_field!r} is missing in the first {count} records (the last has "
        f"{fields}); file skipped: name the text field with jsonl.text in the config"
    )


def bounded_lines(stream: IO[bytes], limit: int) -> Iterator[bytes | None]:
    """Each line of ``stream`` with its line end; ``None`` for a line of more
    than ``limit`` bytes (line end aside), read past in bounded pieces. For
    articles here and for labeled corpora (:mod:`.labeled`)."""
    while raw := stream.readline(limit + 2):  # room for the limit and a CRLF
        ending = 2 if raw.endswith(b"\r\n") else 1 if raw.endswith(b"\n") else 0
        if len(raw) - ending <= limit:
            yield raw
            continue
        if not ending:
            while (rest := stream.readline(_SKIP_CHUNK)) and not rest.endswith(b"\n"):
                pass
        yield None


def _not_jsonl(stream: IO[bytes]) -> str | None:
    """Why the whole file is no JSON Lines, told from its first block without
    consuming it (a binary dump gave one "not UTF-8" error per line, 800 for
    200 KB; a UTF-16 file one per line as well), or ``None``. A stream that
    cannot be peeked at (no buffer) is read line by line as before."""
    peek = getattr(stream, "peek", None)
    if peek is None:
        return None
    head = peek(SAMPLE)[:SAMPLE]
    for bom, codec in BOM_CODECS:
        if head.startswith(bom) and codec != "utf-8":  # (a UTF-8 mark is read past)
            name = codec[:6].upper()
            return f"{name} text (a byte-order mark); JSON Lines must be UTF-8: skipped"
    if looks_binary(head):
        return binary_problem(head)
    if head.removeprefix(codecs.BOM_UTF8).lstrip().split(b"\n", 1)[0].strip() in (b"[", b"{"):
        # (each of its lines would be an error of its own: thousands for one file)
        return "one JSON document over several lines, not JSON Lines (an article per line)"
    return None


def read_jsonl(
    stream: IO[bytes], path: str, settings: ReadSettings
) -> Iterator[Article | InputError]:
    """Reader entry point for ``.jsonl`` files; reads one line at a time."""
    problem = _not_jsonl(stream)
    if problem is not None:
        yield InputError(path, problem)
        return
    seen: set[str] = set()
    limit = settings.max_article_bytes
    missing = f"field {settings.text_field!r} is missing"
    #: The errors of records without the text field before any article: a
    #: file whose field has another name is one error, not one per record.
    held: list[InputError] | None = []
    for line_number, raw in enumerate(bounded_lines(stream, limit), start=1):
        if raw is None:
            yield from held or ()  # another kind of record: the held errors were each its own
            held = None
            yield InputError(path, too_large(limit), line_number)
            continue
        item = read_record(raw, path, line_number, settings)
        if item is None:
            continue
        if held is not None:
            if isinstance(item, InputError) and item.message == missing:
                held.append(item)
                if len(held) == MISSING_FIELD_RECORDS:
                    yield InputError(path, _no_text_field(raw, settings, len(held)))
                    return
                continue
            yield from held  # another record: the errors were each record's own
            held = None
        if isinstance(item, Article):
            note_duplicate(item, seen, f"line {line_number}")
        yield item
    yield from held or ()
