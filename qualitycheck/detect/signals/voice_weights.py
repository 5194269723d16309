"""The voice tagger's weights per token, without building feature names.

:func:`qualitycheck.detect.signals.voice.token_features` names every feature
of a token (``w:said``, ``lc:said|,``, ``ld:2,``, ...) and the tagger sums
their weights. Building and looking up those names was most of the tagger's
cost, so this module looks the weights up once and remembers them: the seven
names bound to one word once per word, and the four names of a nearest cue
once per cue, side, gap, distance and quote state (a small, finite set: the
cues are the model's list). The weights come out in the order of the names,
so the tagger adds the same floats in the same order.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

#: Prefixes of the names bound to one word, in the order of a token's row.
WORD_PREFIXES = ("w:", "wq:q:", "wq:u:", "p1:", "n1:", "p2:", "n2:")
#: Distances of a nearest cue as :func:`~qualitycheck.detect.signals.voice._bin`
#: writes them, by distance up to 9 (9 stands for anything farther).
BINS = ("1", "1", "2", "4", "4", "8", "8", "8", "8", "far")


@dataclass
class WeightTables:
    """Weights of the tagger's fixed feature names, and of the names bound to
    one word or to one nearest cue, read from one weights dictionary."""

    weights: dict[str, float]
    constants: dict[str, float]
    by_word: dict[str, tuple[float, ...]]
    by_cue: dict[tuple[str, str, str, int, bool], tuple[float, float, float, float]]

    def word(self, word: str) -> tuple[float, ...]:
        """The weights of ``w:``, ``wq:q:``, ``wq:u:``, ``p1:``, ``n1:``,
        ``p2:`` and ``n2:`` followed by ``word`` (remembered per word)."""
        found = self.by_word.get(word)
        if found is None:
            if len(self.by_word) >= 200_000:
                self.by_word.clear()  # bounded on endless vocabularies
            look_up = self.weights.get
            found = tuple(look_up(prefix + word, 0.0) for prefix in WORD_PREFIXES)
            self.by_word[word] = found
        return found

    def cue(
        self, side: str, cue: str, gap: str, distance: int, quoted: bool
    ) -> tuple[float, float, float, float]:
        """The weights of ``{side}c:{cue}``, ``{side}c:{cue}|{gap}``,
        ``{side}d:{bin}{gap}`` and ``{side}cq:{q|u}{gap}`` for a cue
        ``distance`` tokens away (remembered; ``distance`` at most 9)."""
        key = (side, cue, gap, distance, quoted)
        found = self.by_cue.get(key)
        if found is None:
            if len(self.by_cue) >= 200_000:
                self.by_cue.clear()  # bounded, should a cue list be endless
            look_up = self.weights.get
            found = (
                look_up(f"{side}c:{cue}", 0.0),
                look_up(f"{side}c:{cue}|{gap}", 0.0),
                look_up(f"{side}d:{BINS[distance]}{gap}", 0.0),
                look_up(f"{side}cq:{'q' if quoted else 'u'}{gap}", 0.0),
            )
            self.by_cue[key] = found
        return found


def weight_tables(weights: dict[str, float]) -> WeightTables:
    """Empty tables over ``weights``, with the fixed names looked up."""
    look_up = weights.get
    names = ["q", "u", "p1:<s>", "n1:</s>", "p2:<s>", "n2:</s>", "cap", "lc:none"]
    names += ["rc:none", *(f"pos={i}" for i in range(6)), *(f"rpos={i}" for i in range(6))]
    return WeightTables(weights, {name: look_up(name, 0.0) for name in names}, {}, {})


def token_weights(
    tables: WeightTables,
    tokens: Sequence[Any],
    left: Sequence[tuple[int, str]],
    right: Sequence[tuple[int, str]],
) -> list[list[float]]:
    """For every token, ``[weights.get(name, 0.0) for name in row]`` over its
    row of ``token_features``, in the same order; ``left`` and ``right`` are
    its nearest cues on each side (``_nearest_cues``)."""
    count = len(tokens)
    # the remembered tuples first (never empty, so never false), a call only for new words
    known_word, word = tables.by_word.get, tables.word
    by_word = [known_word(t.lower) or word(t.lower) for t in tokens]
    known_cue, cue = tables.by_cue.get, tables.cue
    constant = tables.constants
    start1, end1 = constant["p1:<s>"], constant["n1:</s>"]
    start2, end2 = constant["p2:<s>"], constant["n2:</s>"]
    quoted_weight, unquoted_weight = constant["q"], constant["u"]
    cap, left_none, right_none = constant["cap"], constant["lc:none"], constant["rc:none"]
    positions = [constant[f"pos={i}"] for i in range(6)]
    reverse = [constant[f"rpos={i}"] for i in range(6)]
    rows = []
    for index, token in enumerate(tokens):
        own = by_word[index]
        quoted = token.quoted
        row = [
            own[0],
            own[1] if quoted else own[2],
            quoted_weight if quoted else unquoted_weight,
            by_word[index - 1][3] if index else start1,
            by_word[index + 1][4] if index + 1 < count else end1,
            by_word[index - 2][5] if index > 1 else start2,
            by_word[index + 2][6] if index + 2 < count else end2,
            positions[index if index < 5 else 5],
            reverse[count - 1 - index if count - 1 - index < 5 else 5],
        ]
        if token.is_word and token.text[:1].isupper() and index:
            row.append(cap)
        position, gap = left[index]
        if position < 0:
            row.append(left_none)
        else:
            distance = index - position
            key = ("l", tokens[position].lower, gap, distance if distance < 9 else 9, quoted)
            row += known_cue(key) or cue(*key)
        position, gap = right[index]
        if position < 0:
            row.append(right_none)
        else:
            distance = position - index
            key = ("r", tokens[position].lower, gap, distance if distance < 9 else 9, quoted)
            row += known_cue(key) or cue(*key)
        rows.append(row)
    return rows
