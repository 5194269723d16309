"""``qualitycheck clean``: copies of the inputs without their boilerplate blocks.

The articles go through the normal check pipeline, so ``clean`` removes
exactly what ``check`` reports: every block (line, paragraph, list item…)
that carries a finding of category ``boilerplate`` from an enabled rule or
model, at or above ``--min-severity`` (default ``info``: every one).
Cutting happens on the *source* text through each block's source span, so
everything else stays as it was, byte for byte (UTF-8 inputs):

* ``.txt`` and ``.md``: the whole lines of a removed block go, line ending and
  Markdown syntax (``## ``, ``- ``, ``> ``) included, unless a kept block
  shares one of those lines (Markdown table cells); then only its text goes.
* ``.html``: the text of the block's span goes but the tags inside it stay, so
  the markup stays balanced; that can leave empty elements (``<p></p>``).
* ``.jsonl``: records keep all their fields; a record with boilerplate gets
  its ``text`` rewritten like a ``.txt`` file and is re-serialised, other
  records and blank lines are copied unchanged. A record that cannot be read
  is reported and left out, so the output is valid JSON Lines. An unpaired
  surrogate (``"\\ud800"``) in another field of a re-serialised record stays
  the JSON escape it was (as in a copied record); the text has U+FFFD instead,
  like every check of it (the reader warns).

Outputs mirror the inputs under the output folder: a file found in a folder
keeps its path relative to that folder, a file named directly keeps its name.
Outputs are UTF-8 (a UTF-8 byte-order mark is kept); inputs in other
encodings are converted. Standard input is not supported: an output needs a
path to mirror and JSONL output needs to re-read the input.

The inputs are never written: every output place is worked out before the
first write, and the run stops (exit 2) when one would replace an input or
two inputs would land on the same output. Files under the output folder that
a folder walk finds are skipped, so a run never re-reads earlier output.
"""

from __future__ import annotations

import codecs
import json
import os
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from qualitycheck.document.findings import SEVERITY_RANK
from qualitycheck.errors import InputError, QualitycheckError
from qualitycheck.pipeline.checker import Checker
from qualitycheck.pipeline.inputs import check_source
from qualitycheck.pipeline.results import ArticleResult
from qualitycheck.primitives.output import open_output
from qualitycheck.readers import InputSource
from qualitycheck.readers.decoding import CR_LINES
from qualitycheck.readers.discovery import discover

#: The finding category whose blocks ``clean`` removes.
CATEGORY = "boilerplate"

Span = tuple[int, int]

# An unpaired surrogate: JSON can spell it, UTF-8 cannot.
_SURROGATE = re.compile("[\ud800-\udfff]")
# Tags and comments survive an HTML cut; text and entities do not. A ``<``
# not followed by a tag name is text to html.parser too, so it is cut.
_MARKUP = re.compile(r"<!--.*?-->|</?[A-Za-z][^<>]*>|<![^<>]*>", re.S)


class CleanError(QualitycheckError):
    """The run cannot start: standard input, or an output that would replace an input."""


@dataclass(frozen=True)
class Target:
    """One input file and the file its cleaned copy goes to."""

    source: InputSource
    output: Path


@dataclass
class CleanSummary:
    """What a run did, for the one-line summary and the exit code."""

    files: int = 0
    articles: int = 0
    changed: int = 0
    lines_removed: int = 0
    input_errors: list[InputError] = field(default_factory=list)

    def line(self, output_dir: Path) -> str:
        return (
            f"cleaned {self.articles} article{'s' * (self.articles != 1)} "
            f"({self.changed} with boilerplate), removed {self.lines_removed} "
            f"line{'s' * (self.lines_removed != 1)}; wrote {self.files} "
            f"file{'s' * (self.files != 1)} to {output_dir}"
        )


def _place(path: Path) -> Path:
    """Where a file's bytes live: the path with every link followed.

    Outputs are written through symbolic links (``open_output`` replaces what
    a link points to), so an output clashes with an input when both lead to
    the same real file, whatever names the links give them.
    """
    return Path(os.path.realpath(path))


def plan(
    paths: list[str],
    output_dir: Path,
    include: tuple[str, ...],
    exclude: tuple[str, ...],
    base: Path | None = None,
) -> list[Target | InputError]:
    """Every input with its output file, in input order, checked before any write.

    Raises :class:`CleanError` for standard input, when an output would
    replace an input, or when two inputs map to the same output.
    """
    if "-" in paths:
        raise CleanError("clean reads files and folders, not standard input ('-')")
    if output_dir.exists() and not output_dir.is_dir():
        raise CleanError(f"{output_dir}: exists and is not a folder")
    root = output_dir.resolve()
    planned: list[Target | InputError] = []
    for given in paths:
        walked = Path(given).is_dir()
        # Output folder strictly inside a walked folder: what the walk finds in
        # it is earlier output, not input. (The same folder, or one above it,
        # is not skipped: its files are inputs, and the overwrite check below
        # refuses the run.)
        skip_output = (
            walked and root != Path(given).resolve() and root.is_relative_to(Path(given).resolve())
        )
        for source in discover([given], include, exclude, once=False, base=base):
            if isinstance(source, InputError):
                planned.append(source)
                continue
            assert source.location is not None  # only standard input has none
            if skip_output and _place(source.location).is_relative_to(root):
                continue
            relative = source.location.relative_to(given) if walked else Path(given).name
            planned.append(Target(source, output_dir / relative))
    targets = [item for item in planned if isinstance(item, Target)]
    inputs = {_place(t.source.location): t.source.path for t in targets if t.source.location}
    outputs: dict[Path, str] = {}
    for target in targets:
        place = _place(target.output)
        if place in inputs:
            raise CleanError(
                f"{target.output}: would overwrite the input {inputs[place]}; "
                "choose another --output folder"
            )
        if place in outputs:
            raise CleanError(
                f"{target.output}: both {outputs[place]} and {target.source.path} "
                "would be written there"
            )
        outputs[place] = target.source.path
    return planned


def _overlaps(block: Span, finding: Span) -> bool:
    if finding[0] == finding[1]:  # an empty span lies where it points
        return block[0] <= finding[0] < block[1]
    return finding[0] < block[1] and block[0] < finding[1]


def block_spans(result: ArticleResult, min_severity: str = "info") -> tuple[list[Span], list[Span]]:
    """Source spans of the blocks to remove (a boilerplate finding at or above
    ``min_severity``) and of the blocks to keep."""
    article = result.article
    rank = SEVERITY_RANK[min_severity]
    hits = [
        (f.start, f.end)
        for f in result.findings
        if f.category == CATEGORY and SEVERITY_RANK[f.severity] <= rank
    ]
    removed: list[Span] = []
    kept: list[Span] = []
    for block in article.blocks:
        location = article.locate(block, 0, len(block.text))
        span = (location.start, location.end)
        (removed if any(_overlaps(span, hit) for hit in hits) else kept).append(span)
    return removed, kept


def _splice(source: str, edits: list[tuple[int, int, str]]) -> str:
    """``source`` with each sorted, disjoint ``(start, end, replacement)`` applied."""
    pieces: list[str] = []
    position = 0
    for start, end, replacement in edits:
        pieces += [source[position:start], replacement]
        position = end
    pieces.append(source[position:])
    return "".join(pieces)


def cut_lines(source: str, removed: list[Span], kept: list[Span]) -> str:
    """``source`` without the removed blocks' lines (text, Markdown, JSONL text).

    A removed span grows to its whole lines, line ending included, so nothing
    of the block (nor its Markdown syntax) is left behind; when a kept block
    shares one of those lines only the span itself is cut.
    """
    ranges: list[Span] = []
    for start, end in removed:
        line_start = source.rfind("\n", 0, start) + 1
        newline = source.find("\n", end)
        line_end = len(source) if newline == -1 else newline + 1
        shared = any(k_start < line_end and line_start < k_end for k_start, k_end in kept)
        ranges.append((start, end) if shared else (line_start, line_end))
    merged: list[Span] = []
    for start, end in sorted(ranges):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
        else:
            merged.append((start, end))
    return _splice(source, [(start, end, "") for start, end in merged])


def cut_html(source: str, removed: list[Span]) -> str:
    """``source`` without the visible text of the removed blocks, tags kept.

    Cutting tags too could unbalance the document (a block's span may start
    inside one element and end inside another); empty elements are harmless.
    """
    edits = [
        (start, end, "".join(m.group(0) for m in _MARKUP.finditer(source, start, end)))
        for start, end in sorted(removed)
    ]
    return _splice(source, edits)


def clean_source(
    result: ArticleResult, format_name: str, min_severity: str = "info"
) -> tuple[str, int]:
    """The cleaned source of one article and the number of blocks removed
    (a classic Mac OS file keeps its carriage returns: ``with_line_feeds``)."""
    removed, kept = block_spans(result, min_severity)
    source = result.article.source
    if not removed:
        cleaned = source
    elif format_name == "html":
        cleaned = cut_html(source, removed)
    else:
        cleaned = cut_lines(source, removed, kept)
    if CR_LINES in result.article.warnings:
        cleaned = cleaned.replace("\n", "\r")
    return cleaned, len(removed)


def _has_utf8_bom(path: Path) -> bool:
    with path.open("rb") as stream:
        return stream.read(len(codecs.BOM_UTF8)) == codecs.BOM_UTF8


def _line_ending(raw: bytes) -> str:
    if raw.endswith(b"\r\n"):
        return "\r\n"
    return "\n" if raw.endswith(b"\n") else ""


def _write_jsonl(
    location: Path, output: Path, text_field: str, cleaned: dict[int, str], skipped: set[int]
) -> None:
    """Copy a JSONL file line by line, rewriting ``text`` of the cleaned records.

    Unchanged records are copied as they are rather than re-serialised, so a
    diff of input and output shows only the records that lost lines.
    """
    with location.open("rb") as lines, open_output(str(output)) as stream:
        for number, raw in enumerate(lines, start=1):
            if number in skipped:
                continue
            if number == 1 and raw.startswith(codecs.BOM_UTF8):
                stream.write("\ufeff")
                raw = raw[len(codecs.BOM_UTF8) :]
            if number not in cleaned:
                stream.write(raw.decode("utf-8"))
                continue
            record = json.loads(raw)
            record[text_field] = cleaned[number]
            line = json.dumps(record, ensure_ascii=False)
            # An unpaired surrogate in another field (or a key) cannot be written as
            # UTF-8: write it back as the JSON escape it was read from.
            line = _SURROGATE.sub(lambda m: f"\\u{ord(m.group()):04x}", line)
            stream.write(line + _line_ending(raw))


def clean_inputs(
    checker: Checker,
    paths: list[str],
    output_dir: Path,
    report_error: Callable[[InputError], None],
    warn: Callable[[str], None],
    min_severity: str = "info",
) -> CleanSummary:
    """Check and clean every input; report input errors and warnings as they come.

    Only blocks with a boilerplate finding at or above ``min_severity`` go:
    ``warning`` trades recall for precision, leaving the lines the models and
    rules are least sure of (docs/accuracy.md, "What clean removes")."""
    config = checker.config
    summary = CleanSummary()
    text_field = config.read_settings.text_field

    def failed(error: InputError) -> None:
        report_error(error)
        summary.input_errors.append(error)

    for item in plan(paths, output_dir, config.include, config.exclude, config.base):
        if isinstance(item, InputError):
            failed(item)
            continue
        source, location = item.source, item.source.location
        assert location is not None  # plan() only targets files
        cleaned: dict[int, str] = {}
        skipped: set[int] = set()
        documents: list[str] = []
        unreadable = False
        for result in check_source(checker, source):
            if isinstance(result, InputError):
                failed(result)
                if result.line is None:
                    unreadable = True
                else:
                    skipped.add(result.line)
                continue
            for warning in result.warnings:
                warn(f"{result.article.path}: {warning}")
            text, count = clean_source(result, source.format, min_severity)
            summary.articles += 1
            summary.changed += int(count > 0)
            summary.lines_removed += count
            if source.format != "jsonl":
                documents.append(text)
            elif count and result.article.record_line is not None:
                cleaned[result.article.record_line] = text
        if unreadable:
            continue  # not (fully) checked: writing it would pass boilerplate through
        if source.format == "jsonl":
            _write_jsonl(location, item.output, text_field, cleaned, skipped)
        else:
            bom = "\ufeff" if _has_utf8_bom(location) else ""
            with open_output(str(item.output)) as stream:
                stream.write(bom + "".join(documents))
        summary.files += 1
    return summary
