"""``sentence_voices``: who speaks in each sentence, the writer or a source.

The claims model flags only what the writer says in their own voice; a data
team that keeps the writer's sentences (or drops them), and an editor who
wants to see which clause of a sentence a source holds, need that same
decision per sentence. ``check`` reports findings, not every sentence, so
this is a function of its own, beside ``check_text`` (docs/api.md).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal, cast

from qualitycheck.api.checking import _shared_checker
from qualitycheck.detect.models.article_voices import article_voices, located_runs

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
        return {
            "line": self.line,
            "end_line": self.end_line,
            "column": self.column,
            "start": self.start,
            "end": self.end,
            "text": self.text,
            "voice": self.voice,
            "reported": [list(span) for span in self.reported],
        }


def sentence_voices(
    text: str, *, title: str | None = None, format: str = "txt", language: str | None = None
) -> list[Voice]:
    """The voice of every sentence of the article's body, in text order.

    The text is read as :func:`qualitycheck.check_text` reads it (same
    ``title``, ``format`` and ``language`` arguments and the same errors); the
    headline is left out. The voices are the ones the claims model gates on,
    from models trained on English news (PolNeAR): for text in another
    language they mean nothing. Measured on PolNeAR dev: macro-F1 0.834 for
    writer against reported (docs/accuracy.md, "Who speaks").
    """
    checker = _shared_checker()
    article = checker._article(text, title, format, "<text>", language)
    if article.title_guessed:
        # A plain text's headline is a guess ``check`` makes again past the
        # furniture its rules report ("Skip to main content" above it): the
        # same headline is left out here, and the claims model scores the same
        # body. The rules run in a run of their own, as in ``check_text``.
        pipeline = checker._pipeline
        checker._in_run([checker._fresh_run()], lambda: pipeline.settle_headline(article))
    source = article.source
    result = []
    for found in article_voices(article):
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
