"""The lines a run has seen: a site's furniture repeats across its pages, so
how often a line came before in the same run is evidence for the boilerplate
model. Kept apart so a run's memory can be made, swapped and resumed without
the model (``Checker.run_state``)."""

from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field

#: Distinct lines a run remembers at most (memory stays bounded on a corpus
#: of any size).
MEMORY_LINES = 200_000
#: Articles whose text a run remembers at most, to know a copy of one
#: (oldest forgotten first: memory stays bounded).
MEMORY_ARTICLES = 200_000


@dataclass
class LineMemory:
    """Lines seen in earlier articles of the same run (a site's furniture repeats).

    When it holds ``limit`` lines it forgets the rarest until a quarter of
    the room is free: the lines seen once (an article's own sentences, nearly
    all of them), then, should that not be enough, those seen twice, and so
    on (among lines seen equally often, the longest remembered go first). Furniture
    repeats, so it stays; and a site whose pages come after the first
    ``limit`` distinct lines still has its furniture counted (a memory that
    stopped adding lines at the limit made a line's evidence depend on where
    in a large corpus its site came). The forgetting happens at the same
    articles in every run over the same inputs in the same order.
    """

    counts: Counter[str] = field(default_factory=Counter)
    limit: int = MEMORY_LINES
    #: Digests of the articles seen (in order, for forgetting the oldest): a
    #: copy of one is no new evidence that its lines repeat.
    articles: dict[bytes, None] = field(default_factory=dict)
    article_limit: int = MEMORY_ARTICLES

    def remember(self, normals: Iterable[str]) -> None:
        """Count each line (normalized) once more, making room when full."""
        for line in sorted(set(normals)):  # sorted: the same forgetting every run
            if line not in self.counts and len(self.counts) >= self.limit:
                self._forget_rarest()
            self.counts[line] += 1

    def _forget_rarest(self) -> None:
        """Drop the lines seen least often, oldest first among equals, until a
        quarter of the room is free (one pass to find the count to cut at,
        one to cut: never emptied, however alike the counts)."""
        excess = len(self.counts) - (self.limit - self.limit // 4)
        if excess <= 0:
            return
        how_many = Counter(self.counts.values())
        dropped = 0
        for cut in sorted(how_many):
            if dropped + how_many[cut] >= excess:
                break
            dropped += how_many[cut]
        ties = excess - dropped  # lines seen ``cut`` times to drop, oldest first
        kept: Counter[str] = Counter()
        for line, seen in self.counts.items():
            if seen < cut:
                continue
            if seen == cut and ties > 0:
                ties -= 1
                continue
            kept[line] = seen
        self.counts = kept

    def history(self, normals: list[str]) -> list[int]:
        """How often each line (normalized: ``Block.normalized``) was seen
        before in other articles; then remember them.

        A copy of an article seen before (the same lines: a feed that holds a
        story twice, a syndicated story repeated whole) counts its lines as
        its first copy left them, less that copy: every line of a story seen
        once already read as a site's furniture, and ``clean`` emptied 54 % of
        the content lines of a feed of pages repeated (P 0.55). The copy
        adds nothing to the counts either."""
        digest = hashlib.blake2b(
            "\n".join(normals).encode("utf-8", "surrogatepass"), digest_size=16
        ).digest()
        if digest in self.articles:
            return [max(0, self.counts.get(line, 0) - 1) for line in normals]
        if len(self.articles) >= self.article_limit:
            for old in list(self.articles)[: self.article_limit // 4]:
                del self.articles[old]
        self.articles[digest] = None
        seen = [self.counts.get(line, 0) for line in normals]
        self.remember(normals)
        return seen
