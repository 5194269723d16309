"""The article model every detector works on.

An article is a list of blocks (a headline, paragraphs, list items, captions)
of visible text. Each block knows where it came from in the source, its
sentences and its quoted spans. Offsets that rules report are offsets into a
block's text; :meth:`Article.locate` turns them into source offsets, lines and
columns, which is what findings carry.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Generic, TypeVar, overload

from qualitycheck.document import segmentation
from qualitycheck.document.textfold import LINE_EDGE, fold, nfc
from qualitycheck.document.textmap import TextMap, composed

#: A ``term`` and a ``definition`` are the two sides of an HTML definition list
#: (``<dt>``, ``<dd>``): a fact box's label and its value ("Use by" over a date),
#: which a rule may read apart from the lines of prose around them.
BLOCK_KINDS = (
    "title",
    "heading",
    "paragraph",
    "list_item",
    "term",
    "definition",
    "quote",
    "caption",
    "table_cell",
)
#: The kinds of a list's items (a definition list's terms and values among them).
_ITEM_KINDS = frozenset(("list_item", "term", "definition"))
#: A block quote (Markdown ``>``, HTML ``<blockquote>``): someone's words the
#: article quotes at length, a speech or a letter, not the writer's own voice,
#: so the claim rules and the claims model leave it (as text in quotation marks).
QUOTE_BLOCK = "quote"

_T = TypeVar("_T")


class cached_property(Generic[_T]):
    """``functools.cached_property`` without its lock: the value is computed on
    first access and stored in the instance's ``__dict__``, where later lookups
    find it without calling this descriptor. Python 3.11's version takes one
    lock shared by every instance on each first access (0.46 against 0.19 µs;
    a checked article makes about 150 first accesses); two threads that race
    compute the same value (every property here is a function of the text)."""

    def __init__(self, func: Callable[[Any], _T]) -> None:
        self.func = func
        self.attrname = func.__name__
        self.__doc__ = func.__doc__

    def __set_name__(self, owner: type, name: str) -> None:
        self.attrname = name

    @overload
    def __get__(self, instance: None, owner: type | None = None) -> cached_property[_T]: ...

    @overload
    def __get__(self, instance: object, owner: type | None = None) -> _T: ...

    def __get__(self, instance: object, owner: type | None = None) -> Any:
        if instance is None:
            return self
        value = instance.__dict__[self.attrname] = self.func(instance)
        return value


def _without_caches(instance: object) -> dict[str, Any]:
    """The instance's state without the values of its ``cached_property``
    attributes: they are functions of the text, recomputed where needed, and
    would triple what a ``--jobs`` worker pickles back to the main process."""
    cls = type(instance)
    cached = _CACHED_NAMES.get(cls)
    if cached is None:
        cached = _CACHED_NAMES[cls] = frozenset(
            name
            for klass in cls.__mro__
            for name, value in vars(klass).items()
            if isinstance(value, cached_property)
        )
    state = vars(instance)
    if cached.isdisjoint(state):  # nothing cached yet (an article on its way to a worker)
        return state
    return {key: value for key, value in state.items() if key not in cached}


_CACHED_NAMES: dict[type, frozenset[str]] = {}


@dataclass(eq=False)
class Block:
    """One unit of visible text: what a scraper would return as a line."""

    text: str
    mapping: TextMap
    kind: str = "paragraph"
    index: int = 0
    #: Whether the document marks at least half of the text up as a hyperlink
    #: (HTML ``<a href>``, Markdown ``[text](url)``): menus, related-article
    #: lists and tag clouds are made of links, a list of facts is not.
    linked: bool = False
    #: The class or id (``class="related-posts"``) of the nearest element
    #: around the block that page extractors drop as furniture
    #: (:mod:`qualitycheck.readers.html_furniture`); None when there is none
    #: or a nearer element is named as the article's body.
    furniture: str | None = None

    @cached_property
    def sentences(self) -> list[segmentation.Span]:
        return segmentation.sentences(self.text)

    @cached_property
    def quotes(self) -> list[segmentation.Span]:
        return segmentation.quotes(self.text)

    @cached_property
    def folded(self) -> str:
        """The text folded for case- and accent-insensitive matching (same
        length, same offsets); computed once, shared by every rule."""
        return fold(self.text)

    @cached_property
    def normalized(self) -> str:
        """The text folded and whitespace-collapsed (``textfold.normalize``): line
        rules and the repetition rule strip their own edges from it."""
        return " ".join(self.folded.split())  # normalize(text), from the folded text

    @cached_property
    def line_key(self) -> str:
        """The text folded, whitespace-collapsed and without decorative edges: the
        form in which whole lines are compared (computed once for every line rule;
        ``normalize_line(text)``)."""
        return self.normalized.strip(LINE_EDGE)

    @cached_property
    def stripped(self) -> str:
        return self.text.strip()

    @property
    def is_title(self) -> bool:
        return self.kind == "title"

    @property
    def is_fact_item(self) -> bool:
        """An item of a list the document marks up that is not a link: a
        fact of the article (a charge, a school closed, a fact box's term or
        value), where a menu or a related-article list is a list of links."""
        return self.kind in _ITEM_KINDS and not self.linked

    def __reduce__(self) -> tuple[Callable[..., Block], tuple[Any, ...]]:
        # A block goes to a ``--jobs`` worker as one tuple of its fields, its
        # map as flat integers: the main process pickles every article it hands
        # out while the workers compete for the same cores, and a block pickled
        # as an object (its dict, its map's slots, a list of runs) cost three
        # times as much. Its other cached views (sentences, quotes) stay behind.
        # The two views the main process computed for the run's line counts
        # (``prepare``) go along: the worker would compute them again.
        state = self.__dict__
        carried = (state.get("folded"), state.get("normalized"))
        return (
            _block,
            (
                self.text,
                self.mapping.flat(),
                self.kind,
                self.index,
                self.linked,
                *carried,
                self.furniture,
            ),
        )


def _block(
    text: str,
    flat: tuple[int, ...],
    kind: str,
    index: int,
    linked: bool = False,
    folded: str | None = None,
    normalized: str | None = None,
    furniture: str | None = None,
) -> Block:
    """A block unpickled (:meth:`Block.__reduce__`), with the views it carried."""
    block = Block(text, TextMap.from_flat(flat), kind, index, linked, furniture)
    if folded is not None:
        block.__dict__["folded"] = folded
    if normalized is not None:
        block.__dict__["normalized"] = normalized
    return block


#: A block's views computed from its text (dropped when the text is composed).
_BLOCK_VIEWS = frozenset(("sentences", "quotes", "folded", "normalized", "line_key", "stripped"))


@dataclass(frozen=True, slots=True)
class Location:
    """Where a span sits in the source: offsets, 1-based lines and column."""

    start: int
    end: int
    line: int
    end_line: int
    column: int


@dataclass(eq=False)
class Article:
    """An article read from a file, a JSONL record or standard input.

    ``source`` is the text that offsets point into: the decoded file (without
    a byte-order mark) or the JSONL record's ``text``. ``path`` is the file it
    came from; ``id`` is the path for files and the record's id for JSONL.
    """

    id: str
    path: str
    source: str
    blocks: list[Block]
    title: str | None = None
    url: str | None = None
    language_hint: str | None = None
    record_line: int | None = None
    metadata: dict[str, Any] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)
    #: Whether the headline is the plain-text reader's guess from the lines'
    #: shape (``readers.txt.choose_headline``), which ``check`` makes again
    #: once the rules have named the page's furniture; not a title the input
    #: declares (a JSONL field, front matter, an HTML page).
    title_guessed: bool = False
    #: The reader's format (``txt``, ``md``, ``html``): where inline
    #: suppression comments can be written.
    format: str = "txt"
    #: How often each block's line appeared in earlier articles of the run, when
    #: the run counted it in one place (parallel checking: workers see only part
    #: of the input). ``None``: the boilerplate model keeps its own count.
    line_history: list[int] | None = None

    def __post_init__(self) -> None:
        for index, block in enumerate(self.blocks):
            block.index = index
            # Rules see composed text (NFC): "café" typed with a combining
            # accent matched no rule written "café", and the reverse. The map
            # keeps findings on the source's own characters; composed text
            # (nearly all) is untouched, so its spans cannot move.
            text, mapping = composed(block.text, block.mapping)
            if text is not block.text:
                block.text, block.mapping = text, mapping
                for view in [name for name in block.__dict__ if name in _BLOCK_VIEWS]:
                    del block.__dict__[view]

    def __getstate__(self) -> dict[str, Any]:
        return _without_caches(self)

    @cached_property
    def _line_starts(self) -> list[int]:
        starts = [0]
        find = self.source.find
        position = find("\n")
        while position != -1:
            starts.append(position + 1)
            position = find("\n", position + 1)
        return starts

    def line_and_column(self, offset: int) -> tuple[int, int]:
        """1-based line and column (in characters) of a source offset."""
        index = bisect_right(self._line_starts, offset) - 1
        return index + 1, offset - self._line_starts[index] + 1

    def locate(self, block: Block, start: int, end: int) -> Location:
        """Source location of the block-text span ``[start, end)``."""
        source_start, source_end = block.mapping.source_span(start, end)
        line, column = self.line_and_column(source_start)
        last = max(source_end - 1, source_start)
        end_line, _ = self.line_and_column(last)
        return Location(source_start, source_end, line, end_line, column)

    @cached_property
    def derived(self) -> dict[str, Any]:
        """What the detectors work out once from the whole article and share
        between stages and rules (a transcript's turns, the people it names),
        keyed by name. Kept on the article, so it never outlives it (a
        module-level cache of recent articles held them, and their text, after
        the run), and, like every cached value, never pickled."""
        return {}

    @property
    def body_blocks(self) -> list[Block]:
        """Blocks other than the headline."""
        return [block for block in self.blocks if not block.is_title]

    @cached_property
    def casefolded_text(self) -> str:
        """All blocks, case-folded: where rule prefilters look for their strings."""
        return "\n".join(block.text for block in self.blocks).casefold()

    @cached_property
    def folded_text(self) -> str:
        """All blocks as phrase matching folds them (see ``Block.folded``)."""
        return "\n".join(block.folded for block in self.blocks)

    @cached_property
    def body_text(self) -> str:
        """Visible body text, one block per line (for language and readability)."""
        return "\n".join(block.text for block in self.body_blocks)


def _comparable(text: str) -> str:
    # Composed (NFC) as the blocks are: a decomposed headline field no longer
    # equalled its composed block, which stayed a paragraph.
    return " ".join(nfc(text).casefold().split())


def mark_title(blocks: list[Block], title: str | None, search: int = 5) -> None:
    """Mark the block that repeats the headline as the article's title.

    Readers of formats with a separate headline (front matter, ``<title>``, a
    JSONL field) call this so that the headline line in the text is treated as
    the title, not as a paragraph: rules that skip titles then skip it too. A
    page ``<title>`` often carries the site name ("Headline | Site"), so a
    block contained in the title counts. So does the site's name in the
    page's menu above the headline ("Site"): of the blocks that match, the
    one the title repeats whole comes first, then a heading, then the
    longest (the headline is longer than the name), then the first; the
    first block that matched was the name, and the model then took the
    ``<h1>`` under it for a teaser, which ``clean`` cut. (A heading first
    took a subheading the title contains, "The harbour bridge", over a
    ``<div>`` headline that repeats it whole, and ``clean`` cut that.)
    """
    block = title_block(blocks, title, search)
    if block is not None:
        block.kind = "title"


def title_block(blocks: list[Block], title: str | None, search: int = 5) -> Block | None:
    """The block :func:`mark_title` marks as the title, if any (it is not marked)."""
    if not title:
        return None
    wanted = _comparable(title)
    found: list[tuple[tuple[bool, bool, int, int], Block]] = []
    for position, block in enumerate(blocks[:search]):
        text = _comparable(block.text)
        if text and (text == wanted or (len(text) >= 12 and text in wanted)):
            found.append(((text != wanted, block.kind != "heading", -len(text), position), block))
    return min(found, key=lambda pair: pair[0])[1] if found else None
