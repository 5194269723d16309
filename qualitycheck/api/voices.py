"""``Voice``: who speaks in a sentence, the writer or a source (``sentence_voices``).

The claims model flags only what the writer says in their own voice; a data
team that keeps the writer's sentences (or drops them), and an editor who
wants to see which clause of a sentence a source holds, need that voice per
sentence. ``check`` reports findings, not every sentence, so
``sentence_voices`` (a function and a ``Checker`` method in ``checking``,
beside ``check_text``) gives it; this module makes its answer from a checked
article (docs/api.md).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal, cast

from qualitycheck.detect.models.article_voices import article_voices, located_runs
from qualitycheck.pipeline.results import ArticleResult

#: PolNeAR's three labels: no source, some clause a source's, all a source's.
VoiceLabel = Literal["writer", "mixed", "attributed"]


@dataclass(frozen=True)
class Voice:
    """One sentence of the body and who speaks in it.

    ``start`` and ``end`` index the text as a finding's do (``Result.text``:
    the text without a leading byte-order mark); ``line``, ``end_line`` and
    ``column`` are 1-based. ``reported`` holds the spans, in the same offsets,
    of the words read as a source's: its quotes, the reporting cue and what it
    reports (empty in the writer's voice; the whole sentence for a block quote).
    """

    line: int
    end_line: int
    column: int
    start: int
    end: int
    text: str
    voice: VoiceLabel
    reported: tuple[tuple[int, int], ...]

    def to_dict(self) -> dict[str, Any]:
        """The sentence as JSON values (``reported`` as lists of two offsets)."""
        entry: dict[str, Any] = {name: getattr(self, name) for name in _SCALARS}
        entry["reported"] = [list(span) for span in self.reported]
        return entry


#: The fields :meth:`Voice.to_dict` gives as they are, in its order.
_SCALARS = ("line", "end_line", "column", "start", "end", "text", "voice")


def voices_of(checked: ArticleResult) -> list[Voice]:
    """The voices of a checked article's prose: the body blocks ``clean``
    keeps (exactly as ``clean`` decides: a boilerplate finding of any severity,
    a rule's for a table cell or a list item that is no link; the headline ``check``
    settled on is no body block), none for an article ``check`` reads as
    another language than English, where it does not run the claims model
    either (a language it cannot tell counts as English, as there)."""
    from qualitycheck.tools.cleaning import block_spans  # (what clean cuts; loaded when asked)

    if checked.language not in (None, "en"):
        return []
    article = checked.article
    removed = {id(block) for block, _ in block_spans(checked)[0]}
    kept = [block for block in article.body_blocks if id(block) not in removed]
    source = article.source
    result = []
    for found in article_voices(kept):
        location = article.locate(found.block, found.start, found.end)
        result.append(
            Voice(
                line=location.line,
                end_line=location.end_line,
                column=location.column,
                start=location.start,
                end=location.end,
                text=source[location.start : location.end],
                voice=cast(VoiceLabel, found.voice),
                reported=located_runs(found.block, found.reported),
            )
        )
    return result
