"""Where a line stands, for the ``line`` kind: whether a line its patterns match
is part of the article's own content rather than page chrome.

A date alone on a line is the page's dateline when it sits under the headline,
at the edges or over a comment, but two places give the same line to the text:

- a timeline, whose entries each open with a date over a paragraph ("14 February
  2024" over "The developer submits its application."): three or more such heads
  in a row with only prose between them, after some prose (the page's date
  under its headline comes before any);
- a definition list, whose value (``<dd>``) a term names: a recall's "Use by"
  over its date is a fact of the notice, where a "Published" over a date is
  the page's own stamp.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from qualitycheck.document.article import Block

#: Heads in a row that make a timeline (two dated paragraphs are not yet one).
TIMELINE_RUN = 3
#: Marks that may close a sentence after its final stop.
_CLOSERS = "\"'”’)]"


def is_sentence(text: str, stops: tuple[str, ...] = (".", "!", "?")) -> bool:
    """A line of three words or more ending in one of ``stops`` (not an
    ellipsis). The line kind's ``unless_sentence_follows`` wants a full stop
    only: a headline may end in "?" or "!", never in "."."""
    core = text.rstrip().rstrip(_CLOSERS)
    return core.endswith(stops) and not core.endswith("..") and len(core.split(None, 3)) >= 3


def is_prose(block: Block) -> bool:
    """A line of three words or more ending in a sentence's stop (not an ellipsis)."""
    return is_sentence(block.text)


def timeline_entries(blocks: Sequence[Block], is_head: Callable[[Block], bool]) -> frozenset[int]:
    """The indices of the heads of ``blocks`` that open a timeline's entry: each
    one of :data:`TIMELINE_RUN` or more heads in a row, every head over prose and
    nothing but prose between them, and each with prose right before it (the
    previous entry's or the introduction's; a date under the headline or a
    byline has none)."""
    entries: set[int] = set()
    run: list[int] = []

    def close() -> None:
        if len(run) >= TIMELINE_RUN:
            entries.update(i for i in run if i > 0 and is_prose(blocks[i - 1]))
        run.clear()

    for index, block in enumerate(blocks):
        if not is_head(block):
            continue
        if index + 1 >= len(blocks) or not is_prose(blocks[index + 1]):
            close()  # a date over no text ends the run
            continue
        if not run or not all(is_prose(blocks[k]) for k in range(run[-1] + 1, index)):
            close()
        run.append(index)
    close()
    return frozenset(entries)


def terms_of(blocks: Sequence[Block]) -> dict[int, Block]:
    """The term (``<dt>``) each definition (``<dd>``) of ``blocks`` belongs to,
    by the definition's index: the nearest term before it across the
    definitions of the same term (none: not in the map). Worked out in one pass
    for the article: looked up from each definition, a list of 20,000
    ``<dd>`` under one term was walked back 200 million steps (minutes)."""
    terms: dict[int, Block] = {}
    term: Block | None = None
    for block in blocks:
        if block.kind == "term":
            term = block
        elif block.kind != "definition":
            term = None
        elif term is not None:
            terms[block.index] = term
    return terms
