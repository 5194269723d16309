"""The labels each task's records must carry, checked the same way by
``train`` (which stops at the first bad record) and ``evaluate`` (which
reports it and measures the rest): a ``"false"`` read as true, a
``"contnet"`` line or a ``"writr"`` sentence would otherwise make a wrong
model, or a confident wrong measurement, without a word.

Every field a task's measurement reads is checked here, nested ones too (an
error span's offsets, a sentence's span, an attribution's roles), for its
type and its range: a record of the right fields in the wrong shape
(``"start": "a"``, ``"sentences": [5]``, a span past the end of the text)
would otherwise stop the whole run with a traceback deep in the measuring
code, or, worse, be measured wrong without a word. The formats are those of
the project corpora (``../shared/corpus/SOURCES.md``); one function per task.
:func:`checked_records` reads a labeled file for ``evaluate`` through them.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, TypeGuard

from qualitycheck.detect.models import mt
from qualitycheck.detect.models.voice import VOICES
from qualitycheck.errors import InputError
from qualitycheck.readers.jsonl import MISSING_FIELD_RECORDS
from qualitycheck.readers.labeled import read_labeled

#: The labels of each task's records, as the project corpora spell them
#: (docs/models.md): a label outside them is a typo, not a class.
LINE_LABELS = ("content", "boilerplate", "title")
MT_LABELS = (mt.POSITIVE, *mt.NEGATIVES)
#: The roles of a PolNeAR attribution, each a list of spans.
ATTRIBUTION_ROLES = ("source", "cue", "content")


def _shown(value: object) -> str:
    """``value`` for a one-line message, cut at 40 characters (a field can
    hold megabytes); null, true and false as JSON spells them."""
    if value is None or isinstance(value, bool):
        return "null" if value is None else str(value).lower()
    text = repr(value)
    return text if len(text) <= 40 else f"{text[:39]}…"


def _field(record: dict[str, Any], name: str) -> str:
    """``record[name]`` for a message, or ``missing``."""
    return _shown(record[name]) if name in record else "missing"


def _is_int(value: object) -> TypeGuard[int]:
    return isinstance(value, int) and not isinstance(value, bool)


def _is_number(value: object) -> bool:
    """A finite JSON number: Python's JSON reader also accepts ``NaN`` and
    ``Infinity``, which would turn every correlation into NaN."""
    return isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value)


def _span_problem(span: object, length: int, where: str) -> str | None:
    """What is wrong with ``span`` as ``[start, end]`` offsets into a text of
    ``length`` characters (``0 <= start <= end <= length``), if anything."""
    if not isinstance(span, list) or len(span) != 2 or not _is_int(span[0]) or not _is_int(span[1]):
        return f"{where} must be [start, end] (two integers), not {_shown(span)}"
    start, end = span
    if not 0 <= start <= end <= length:
        return f"{where} {span} is not a span of 'text' (0 <= start <= end <= {length})"
    return None


def _optional_text(record: dict[str, Any], names: tuple[str, ...]) -> str | None:
    """The first of ``names`` that is present but neither text nor null."""
    for name in names:
        value = record.get(name)
        if value is not None and not isinstance(value, str):
            return f"'{name}' must be text or null, not {_shown(value)}"
    return None


def _boilerplate(record: dict[str, Any]) -> str | None:
    labels = record.get("lines")
    if not isinstance(labels, list) or len(labels) != len(record["text"].split("\n")):
        return "'lines' must be a list with one label per line of 'text'"
    # By position: a null label is as wrong as a typo (next(..., None) missed it).
    wrong = next((i for i, label in enumerate(labels) if label not in LINE_LABELS), None)
    if wrong is not None:
        return f"line label {_shown(labels[wrong])} is not one of {', '.join(LINE_LABELS)}"
    return None


def _claims(record: dict[str, Any]) -> str | None:
    if "unsupported" not in record:
        return "'unsupported' is missing (true or false)"
    if not isinstance(record["unsupported"], bool):
        return f"'unsupported' must be true or false, not {_shown(record['unsupported'])}"
    return None


def _mt(record: dict[str, Any]) -> str | None:
    if "label" not in record:
        return f"'label' is missing (one of {', '.join(MT_LABELS)})"
    if record["label"] not in MT_LABELS:
        return f"'label' must be one of {', '.join(MT_LABELS)}, not {_shown(record['label'])}"
    # What the figures split by (originals by source, recall by language and
    # by system): names, so text; ``kind_of`` calls a string method on source.
    return _optional_text(record, ("source", "src_lang", "system"))


def _attribution(record: dict[str, Any]) -> str | None:
    voices, sentences = record.get("voice"), record.get("sentences")
    if not isinstance(voices, list) or not isinstance(sentences, list):
        return "'voice' and 'sentences' must be lists"
    if len(voices) != len(sentences):
        return "'voice' must have one label per sentence of 'sentences'"
    wrong = next((i for i, voice in enumerate(voices) if voice not in VOICES), None)
    if wrong is not None:
        return f"voice {_shown(voices[wrong])} is not one of {', '.join(VOICES)}"
    length = len(record["text"])
    for index, span in enumerate(sentences):
        problem = _span_problem(span, length, f"sentences[{index}]")
        if problem is not None:
            return problem
    attributions = record.get("attributions")
    if not isinstance(attributions, list):
        # Which attributed sentences name their source comes from these.
        return (
            "'attributions' must be a list of {'source', 'cue', 'content'} objects "
            f"([] for none), not {_field(record, 'attributions')}"
        )
    for index, attribution in enumerate(attributions):
        where = f"attributions[{index}]"
        if not isinstance(attribution, dict):
            return f"{where} must be an object of role spans, not {_shown(attribution)}"
        for role in ATTRIBUTION_ROLES:
            spans = attribution.get(role, [])
            if not isinstance(spans, list):
                return f"{where}.{role} must be a list of [start, end] spans, not {_shown(spans)}"
            for number, span in enumerate(spans):
                problem = _span_problem(span, length, f"{where}.{role}[{number}]")
                if problem is not None:
                    return problem
    return None


def _mqm(record: dict[str, Any]) -> str | None:
    if "errors" not in record:
        return "'errors' is missing (a list of error spans, [] for none)"
    errors = record["errors"]
    if not isinstance(errors, list):
        return f"'errors' must be a list of error spans, not {_shown(errors)}"
    length = len(record["text"])
    for index, error in enumerate(errors):
        where = f"errors[{index}]"
        if not isinstance(error, dict):
            return f"{where} must be an object with 'start', 'end', 'category', not {_shown(error)}"
        start, end = error.get("start"), error.get("end")
        if not _is_int(start) or not _is_int(end):
            found = f"{_field(error, 'start')} and {_field(error, 'end')}"
            return f"{where} must have integer 'start' and 'end', not {found}"
        if not 0 <= start <= end <= length:
            return (
                f"{where} [{start}, {end}] is not a span of 'text' (0 <= start <= end <= {length})"
            )
        if not isinstance(error.get("category"), str):
            return f"{where}.category must be text, not {_field(error, 'category')}"
        rater = error.get("rater")
        if rater is not None and not isinstance(rater, str) and not _is_int(rater):
            return f"{where}.rater must be text or an integer, not {_shown(rater)}"
    for name in ("mqm_doc", "mqm_fs_doc"):
        value = record.get(name)
        if value is not None and not _is_number(value):
            return f"'{name}' must be a number or null, not {_shown(value)}"
    scores = record.get("mqm_fs")
    if scores is not None and (
        not isinstance(scores, list) or not all(_is_number(v) for v in scores)
    ):
        return f"'mqm_fs' must be a list of numbers (one per segment), not {_shown(scores)}"
    return _optional_text(record, ("source",))


_CHECKS: dict[str, Callable[[dict[str, Any]], str | None]] = {
    "boilerplate": _boilerplate,
    "claims": _claims,
    "mt": _mt,
    "attribution": _attribution,
    "mqm": _mqm,
}


def label_problem(task: str, record: dict[str, Any]) -> str | None:
    """What is wrong with ``record``'s labels for ``task``, if anything (a task
    without checks has none). ``record`` has a ``text`` that is a string: the
    reader (:mod:`qualitycheck.readers.labeled`) makes sure of that."""
    check = _CHECKS.get(task)
    return None if check is None else check(record)


#: Records read whose labels are not the task's, with none that are, before
#: the file is taken for another task's and skipped with one error (as the
#: JSONL reader gives up a file whose records all lack the text field):
#: ``evaluate --task mqm`` on the claims dev file printed 1,575 errors, one a line.
WRONG_TASK_RECORDS = MISSING_FIELD_RECORDS


def checked_records(
    task: str, path: Path, limit: int, errors: list[InputError]
) -> Iterator[tuple[int, dict[str, Any]]]:
    """The records of ``path`` whose labels are ``task``'s, for ``evaluate``.

    A line that cannot be read, is over ``limit`` bytes or whose labels are
    not the task's (:func:`label_problem`, as ``train`` checks them) is added
    to ``errors`` in line order, and the other records still come. When the
    first :data:`WRONG_TASK_RECORDS` records all have label problems and none
    has come, the file is another task's: one error names the last problem
    and the rest of the file is not read.
    """
    #: The errors of the lines before the first good record, in order, each
    #: with whether it is a label problem; ``None`` once a record has come.
    held: list[tuple[InputError, bool]] | None = []
    unlabeled = 0
    for item in read_labeled(path, limit):
        if isinstance(item, InputError):
            if held is None:
                errors.append(item)
            else:
                held.append((item, False))
            continue
        number, record = item
        problem = label_problem(task, record)
        if problem is not None:
            error = InputError(str(path), problem, number)
            if held is None:
                errors.append(error)
                continue
            held.append((error, True))
            unlabeled += 1
            if unlabeled == WRONG_TASK_RECORDS:
                # The unreadable lines among them are each their own error.
                errors += [e for e, label in held if not label]
                errors.append(InputError(str(path), _wrong_task(task, error)))
                return
            continue
        if held is not None:
            errors += [e for e, _ in held]
            held = None
        yield item
    errors += [e for e, _ in held or ()]


def _wrong_task(task: str, last: InputError) -> str:
    return (
        f"the first {WRONG_TASK_RECORDS} records have no valid {task} labels (line {last.line}: "
        f"{last.message}); file skipped: is it a file of another task?"
    )
