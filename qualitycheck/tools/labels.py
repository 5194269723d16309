"""The labels each task's records must carry, checked the same way by
``train`` (which stops at the first bad record) and ``evaluate`` (which
reports it and measures the rest): a ``"false"`` read as true, a
``"contnet"`` line or a ``"writr"`` sentence would otherwise make a wrong
model, or a confident wrong measurement, without a word."""

from __future__ import annotations

from typing import Any

from qualitycheck.detect.models import mt
from qualitycheck.detect.models.voice import VOICES

#: The labels of each task's records, as the project corpora spell them
#: (docs/models.md): a label outside them is a typo, not a class.
LINE_LABELS = ("content", "boilerplate", "title")
MT_LABELS = (mt.POSITIVE, *mt.NEGATIVES)


def label_problem(task: str, record: dict[str, Any]) -> str | None:
    """What is wrong with ``record``'s labels for ``task``, if anything."""
    if task == "boilerplate":
        labels = record.get("lines")
        if not isinstance(labels, list) or len(labels) != len(record["text"].split("\n")):
            return "'lines' must be a list with one label per line of 'text'"
        wrong = next((label for label in labels if label not in LINE_LABELS), None)
        if wrong is not None:
            return f"line label {wrong!r} is not one of {', '.join(LINE_LABELS)}"
    elif task == "claims":
        if "unsupported" not in record:
            return "'unsupported' is missing (true or false)"
        if not isinstance(record["unsupported"], bool):
            return f"'unsupported' must be true or false, not {record.get('unsupported')!r}"
    elif task == "mt" and "label" not in record:
        return f"'label' is missing (one of {', '.join(MT_LABELS)})"
    elif task == "mt" and record.get("label") not in MT_LABELS:
        return f"'label' must be one of {', '.join(MT_LABELS)}, not {record.get('label')!r}"
    elif task == "attribution":
        voices, sentences = record.get("voice"), record.get("sentences")
        if not isinstance(voices, list) or not isinstance(sentences, list):
            return "'voice' and 'sentences' must be lists"
        if len(voices) != len(sentences):
            return "'voice' must have one label per sentence of 'sentences'"
        wrong = next((voice for voice in voices if voice not in VOICES), None)
        if wrong is not None:
            return f"voice {wrong!r} is not one of {', '.join(VOICES)}"
    return None
