"""``claim``: a certainty, opinion, peacock or weasel cue in the writer's own voice.

The same cue is fine in "the minister said the plan was undoubtedly sound"
and a problem in "the plan is undoubtedly sound": who speaks decides (see
:mod:`qualitycheck.detect.signals.voice`). A cue is skipped when it is
reported speech: in quotation marks or a block quote (Markdown ``>``, HTML
``<blockquote>``: a speech or a letter quoted at length), a transcript's turn
(:mod:`qualitycheck.detect.signals.transcript`), or in the part of a
sentence that the voice tagger puts inside an attribution to a named source. In a sentence that
mixes voices ("Peskov said talks would start, but the plan is obviously
doomed") the writer's part is still checked, and a vague or missing source
("many experts say", "it is believed") leaves the sentence the writer's.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Callable, Iterator
from typing import Any

from qualitycheck.detect.rules.fastpath import PatternKey
from qualitycheck.detect.rules.kinds.base import (
    CheckContext,
    Hit,
    Rule,
    check_search_pattern,
    in_name,
)
from qualitycheck.detect.rules.kinds.phrase import phrase_regex
from qualitycheck.detect.rules.literals import alternatives, may_match, prefilter
from qualitycheck.detect.signals.attribution import attributed
from qualitycheck.detect.signals.framing import framed_alone, people_of
from qualitycheck.detect.signals.speech import (
    quotes_named_person,
    reported,
    voice_of,
)
from qualitycheck.detect.signals.transcript import article_turns
from qualitycheck.detect.signals.voice import SentenceVoice
from qualitycheck.document.article import QUOTE_BLOCK, Article, Block
from qualitycheck.primitives.lazyre import LazyRegex
from qualitycheck.primitives.options import Option
from qualitycheck.primitives.saferegex import finditer, lazy_pattern

#: A word of a cue, for :attr:`ClaimRule.vox_pop`.
_WORD = re.compile(r"[^\W\d_]+")

#: Distinct screen answers a rule keeps the pattern list of (then it starts afresh).
ANSWERS_KEPT = 256

#: Pattern syntax whose meaning depends on where the searched text starts or ends.
_SENTENCE_BOUND = re.compile(r"\^|\$|\\A|\\Z|\\z|\(\?<[=!]|\(\?[a-zA-Z]*m")


#: How :func:`~qualitycheck.detect.rules.kinds.phrase.phrase_regex` wraps its alternation.
_PHRASE_HEAD, _PHRASE_TAIL = r"(?<!\w)(?:", r")(?!\w)"


def factored(alternatives: list[str]) -> str:
    """The alternation of ``alternatives`` (regex texts, tried in order) with
    those that open with the same ASCII letter or digit joined under it:
    ``ab|ac|b`` as ``a(?:b|c)|b``, recursively. Python's ``re`` then tries an
    alternative's letter once, not once per alternative, at every word start.

    The matches are the same: alternatives opening with different literal
    characters cannot match at one place, so moving one past another changes
    no match, and an alternative that might match where a later one does (one
    opening with anything else than a letter, a digit or ``\\s``, or an
    empty one) is never passed: the later ones open new groups after it.
    """
    entries: list[tuple[str, list[str]] | str] = []
    groups: dict[str, list[str]] = {}
    for item in alternatives:
        first = item[:1]
        if first.isascii() and first.isalnum():
            members = groups.get(first)
            if members is None:
                members = groups[first] = []
                entries.append((first, members))
            members.append(item[1:])
        else:
            entries.append(item)
            if not item.startswith("\\s"):
                groups.clear()
    parts = []
    for entry in entries:
        if isinstance(entry, str):
            parts.append(entry)
        elif len(entry[1]) == 1:
            parts.append(entry[0] + entry[1][0])
        else:
            parts.append(f"{entry[0]}(?:{factored(entry[1])})")
    return "|".join(parts)


def cue_search(cues: LazyRegex) -> LazyRegex:
    """``cues`` (a :func:`phrase_regex`) with its alternation :func:`factored`:
    the same matches, found in about two thirds of the time; ``cues`` itself
    where it is not in the form that function writes."""
    body = cues.pattern
    if not (body.startswith(_PHRASE_HEAD) and body.endswith(_PHRASE_TAIL)) or cues.declared_flags:
        return cues
    inner = body[len(_PHRASE_HEAD) : -len(_PHRASE_TAIL)]
    if "\\|" in inner or "(" in inner.replace("\\(", ""):
        return cues  # an escaped bar, or a group: not a plain list of phrases
    return LazyRegex(_PHRASE_HEAD + factored(inner.split("|")) + _PHRASE_TAIL)


class ClaimRule(Rule):
    kind = "claim"
    description = (
        "Flags a cue (a phrase from `cues`, or a match of one of `cue_patterns`) in the "
        "writer's own voice: not in quotation marks, a block quote (Markdown `>`, HTML "
        "`<blockquote>`) or a transcript's turn (a paragraph opening with a speaker's "
        'label, "KOVALENKO:", "[00:12:31] SMITH:", "THE COURT:", and the paragraphs that '
        'carry it on, where two speakers or more take turns; an interview\'s "Q:" and "A:", '
        "not a writer's own questions and answers) and not in the part of a sentence that "
        'reports a named source ("the minister said", "said Peskov", "according to the '
        'ministry"); the voice tagger decides clause by clause. Vague sources ("many experts '
        'say", "according to some") and sourceless ones ("it is believed") do not count as '
        "attribution. Set `attribution: false` to flag the cue whatever the sentence says."
    )
    searches_patterns = True
    options = (
        Option(
            "cues",
            list,
            "Cue words or phrases (matched like `phrase` rules).",
            default=[],
            item=str,
        ),
        Option(
            "cue_patterns",
            list,
            "Cue regular expressions (case-insensitive).",
            default=[],
            item=str,
            check=check_search_pattern,
        ),
        Option(
            "attribution",
            bool,
            "Skip sentences that attribute the claim to a source.",
            default=True,
        ),
        Option(
            "skip_names",
            bool,
            "Skip a cue written with a capital and then a lower-case letter after a word "
            'inside its sentence: a name ("Iran\'s Revolutionary Guards", "the Bureau '
            'of Information and Propaganda"), not the writer\'s judgement. "I think", a '
            "cue in capitals, one opening a sentence or a clause and one in a title-case "
            "sentence (a headline) still count.",
            default=True,
        ),
        Option(
            "vox_pop",
            list,
            "Words for lay people (residents, voters): a cue that names such a group is "
            "skipped when the next sentence (in its paragraph, or the next paragraph's "
            'first) opens with a quotation and names the person who said it ("Some '
            "residents criticised the idea. 'It belongs to us,' said Kenji Sugimoto.\"): "
            "the writer reports what people told them and names one. An unnamed group of "
            "experts stays a vague source.",
            default=[],
            item=str,
        ),
    )
    message_fields = ("sentence",)

    def setup(self, options: dict[str, Any]) -> None:
        self.cues = phrase_regex(options["cues"]) if options["cues"] else None
        #: The same matches as ``cues``, searched faster (``cues`` names the prefilter).
        self.cue_search = cue_search(self.cues) if self.cues is not None else None
        # A pattern without anchors or look-behind finds the same matches in the
        # whole block as in each sentence; the others are searched per sentence.
        self.patterns = [
            (lazy_pattern(p, ignore_case=True), not _SENTENCE_BOUND.search(p))
            for p in options["cue_patterns"]
        ]
        self.keys: list[PatternKey] = [(p, True) for p in options["cue_patterns"]]
        self.all_whole = all(whole for _, whole in self.patterns)
        self._by_answer: dict[frozenset[PatternKey], tuple[list[tuple[Any, bool]], bool]] = {}
        self.check_attribution = options["attribution"]
        self.skip_names = options["skip_names"]
        self.vox_pop = frozenset(word.casefold() for word in options["vox_pop"])
        # A hit needs a cue: one of the cue phrases (folded) or a cue pattern.
        parts = []
        self.cue_filter = None
        if self.cues is not None:
            self.cue_filter = prefilter([self.cues.pattern], view="folded")
            parts.append(self.cue_filter)
        if options["cue_patterns"]:
            parts.append(prefilter(options["cue_patterns"], ignore_case=True))
        self.prefilters = alternatives(*parts)

    @classmethod
    def validate_options(cls, options: dict[str, Any]) -> str | None:
        if not options["cues"] and not options["cue_patterns"]:
            return "give 'cues' or 'cue_patterns' (or both)"
        return None

    def screened_patterns(self) -> tuple[list[PatternKey], list[PatternKey]]:
        return list(self.keys), []

    def _screened(self, block: Block, context: CheckContext) -> tuple[list[tuple[Any, bool]], bool]:
        """The cue patterns that may match in the block: all of them, unless the
        engine's screen rules some out (a match in a sentence is one in the block);
        and whether each of them is searched in the whole block. Blocks share few
        distinct screen answers: the list is kept per answer."""
        if not self.patterns:
            return self.patterns, True  # cue phrases only: nothing to screen
        accepted = context.candidates.searched(block) if context.candidates else None
        if accepted is None:
            return self.patterns, self.all_whole
        kept = self._by_answer.get(accepted)
        if kept is None:
            patterns = [
                pair for pair, key in zip(self.patterns, self.keys, strict=True) if key in accepted
            ]
            if len(self._by_answer) >= ANSWERS_KEPT:
                self._by_answer.clear()
            kept = self._by_answer[accepted] = (patterns, all(w for _, w in patterns))
        return kept

    def _block_cues(
        self, block: Block, patterns: list[tuple[Any, bool]], wanted: set[int] | None
    ) -> list[tuple[int, int]]:
        """Cue spans of the whole block, found in one pass per expression (rules run
        on every sentence of every article; one search per sentence was most of it);
        ``wanted``: the blocks that hold a cue phrase's strings (``None``: any)."""
        spans: list[tuple[int, int]] = []
        if self.cue_search is not None and (wanted is None or block.index in wanted):
            spans += [m.span() for m in self.cue_search.finditer(block.folded)]
        for pattern, whole_block in patterns:
            if whole_block:
                spans += [m.span() for m in finditer(pattern, block.text)]
        return spans

    def _cues(
        self,
        block: Block,
        found: list[tuple[int, int]],
        start: int,
        end: int,
        patterns: list[tuple[Any, bool]],
    ) -> list[tuple[int, int]]:
        # ``found`` is sorted: look only at the cues that start inside the sentence
        # (filtering all of them for every sentence made long paragraphs quadratic).
        spans = []
        index = bisect_left(found, (start,))
        while index < len(found) and found[index][0] <= end:
            if found[index][1] <= end:
                spans.append(found[index])
            index += 1
        sentence = block.text[start:end]
        for pattern, whole_block in patterns:
            if not whole_block:
                spans += [(start + m.start(), start + m.end()) for m in finditer(pattern, sentence)]
        return sorted(set(spans))

    def hits(self, article: Article, blocks: list[Block], context: CheckContext) -> Iterator[Hit]:
        if not may_match(self.prefilters, article, context.candidates):
            return
        candidates = context.candidates

        def people() -> frozenset[str]:  # asked only after "For X,": few sentences
            return people_of(article)

        wanted = candidates.blocks_with(self.cue_filter) if candidates is not None else None
        if not self.patterns and wanted is not None:
            # Cue phrases only: a block without one of their strings has no cue
            # (the test below), so only the others are visited.
            blocks = [block for block in blocks if block.index in wanted]
        turns = article_turns(article) if self.check_attribution else frozenset()
        for block in blocks:
            if block.kind == QUOTE_BLOCK or block.index in turns:
                continue  # a block quote's or a transcript turn's words are its speaker's
            patterns, all_whole = self._screened(block, context)
            if not patterns and (
                self.cues is None or (wanted is not None and block.index not in wanted)
            ):
                continue  # no cue can be found: what an empty `found` below skips
            found = sorted(self._block_cues(block, patterns, wanted))
            if not found and all_whole:
                continue
            for start, end in block.sentences:
                cues = self._cues(block, found, start, end, patterns)
                if not cues:
                    continue
                sentence = block.text[start:end]
                voice = voice_of(block.text, block.sentences, start)
                for cue_start, cue_end in cues:
                    if self.skip_names and in_name(block.text, (start, end), cue_start):
                        continue
                    if self._vox_pop(article, block, end, cue_start, cue_end):
                        continue
                    if self.check_attribution and self._reported(
                        voice, block.text, sentence, cue_start, cue_end, people
                    ):
                        continue
                    yield Hit(block, cue_start, cue_end, 1.0, {"sentence": sentence})

    def _vox_pop(self, article: Article, block: Block, end: int, start: int, stop: int) -> bool:
        """Whether the cue ``[start, stop)``, in a sentence of ``block`` that ends at
        ``end``, names a group of lay people (``vox_pop``) and the next sentence
        opens with a quotation by a named person: a reporter's vox pop, not an anonymous source."""
        if not self.vox_pop or not self.vox_pop & set(
            _WORD.findall(block.text[start:stop].casefold())
        ):
            return False
        sentences = block.sentences
        following = bisect_left(sentences, (end,))  # by bisection: a cue per sentence
        if following < len(sentences):
            return quotes_named_person(block.text, sentences, sentences[following][0])
        index = block.index + 1
        if index >= len(article.blocks) or not article.blocks[index].sentences:
            return False
        after = article.blocks[index]
        return quotes_named_person(after.text, after.sentences, after.sentences[0][0])

    @staticmethod
    def _reported(
        voice: SentenceVoice | None,
        text: str,
        sentence: str,
        start: int,
        end: int,
        people: Callable[[], frozenset[str]],
    ) -> bool:
        """Whether the cue is someone else's words (see :func:`reported`); without
        a voice model, whether the sentence names a source at all."""
        if voice is None:
            return attributed(sentence) or framed_alone(sentence) is not None
        return reported(voice, text, start, end, people)
