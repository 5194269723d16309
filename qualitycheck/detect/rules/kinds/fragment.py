"""``fragment``: a stray verbless or orphan sentence inside a paragraph.

Machine translation and careless scraping leave pieces of sentences standing
alone between full ones: "… the ministry said on Monday. Interview for CNN. The
talks …" or "… the ministry said. senior official." Without a
part-of-speech tagger the kind relies on cheap signals: a compact lexicon of
common English verbs and auxiliaries, verb endings (-ed, -ing), contractions,
pronouns and word order. It only looks at paragraphs of two or more sentences,
never at the one that opens a paragraph (nothing stands before it: a live
blog's run-in head, "The view from Tenby. Our reader says …"), never at
quoted speech, and lets pass the short sentences good writers use on purpose
("Not yet.", "Of course.", "It ended.").
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from qualitycheck.detect.rules.kinds.base import CheckContext, Hit, Rule
from qualitycheck.document.article import Article, Block
from qualitycheck.document.segmentation import _ABBREVIATIONS, overlaps
from qualitycheck.document.textfold import normalize
from qualitycheck.primitives.options import Option


def _words(text: str) -> frozenset[str]:
    """A set of the whitespace-separated words of ``text``."""
    return frozenset(text.split())


# Verbs whose -s, -ed and -ing forms are derived (regular or not, the
# inflections below cover the irregular pasts).
_VERB_BASES = """
accept accuse add admit agree aim allow announce answer appear apply argue arrive ask
attend avoid become begin believe belong break bring build buy call carry cause change
choose claim close come compare complain concern confirm consider contain continue cost
count create cut decide declare decline deliver demand deny depend describe deserve die
disagree discover do drive drop earn eat emerge encourage end enjoy enter escape exist
expect explain face fail fall fear feel fight find finish fly follow forget get give go
grow happen hate have hear help hide hit hold hope hurt identify improve include increase
insist intend introduce invite involve join keep kill know last laugh lead learn leave let
lie like listen live look lose love make manage matter mean meet miss move need note offer
open order own pass pay plan play point prefer prepare present prevent promise protect
prove provide pull push put raise reach read realize receive recall recognize reduce
refuse reject release rely remain remember remove repeat replace reply require respond
rest return reveal rise run save say see seek seem sell send serve set share show sign
sit sleep speak spend stand start stay stop struggle succeed suffer suggest support
suppose survive take talk teach tell tend thank think threaten throw touch travel try
turn understand urge use vote wait wake walk want warn watch wear win wish wonder work
worry write
achieve act admire afford appreciate approve arrest assume attempt bear beat beg behave
belong bet bite blame blow borrow bother breathe burn call care catch celebrate cheat check
choose clean climb collapse collect combine commit complete convince cook cope cover crash
cross cry dance deal defend delay destroy determine develop disappear discuss dislike divide
doubt dream dress drink earn eliminate embrace ensure establish examine exceed expand
explore express feed fill fit fix forgive freeze gain gather govern grab greet guarantee
guess hand handle hang hunt ignore imagine imply impose influence inform intervene invest
jump kick kiss knock lack land laugh lay lend lift limit link lock maintain mark marry
measure mention mind mix observe obtain occur operate oppose organize overcome owe pack
paint perform permit persuade pick place pour pray predict preserve pretend produce protest
publish punish pursue qualify quote rain recommend recover refer reflect regret relax
remind rent repair represent rescue resign resist resolve restore retire ride ring rob
roll rule rush satisfy search secure seize select settle shake shine shoot shout sing sink
smile smoke solve sound spread steal stick strike study submit suit supply surprise
surround suspect swear swim switch tear test testify thrive tie trade train transform treat
trust undergo unite vanish visit wander waste weigh welcome win withdraw worsen yell
"""

_IRREGULAR = """
am is are was were be been being has had having does did done doing will would shall
should can could may might must ought cannot dare need
said says told went gone came got gotten made took taken knew known thought saw seen gave
given found kept ran sat stood held left felt brought began begun showed shown heard met
meant led grew grown fell fallen sent built spent rose risen fought caught taught spoke
spoken broke broken chose chosen drove driven wrote written ate eaten flew flown drew
drawn threw thrown wore worn slept won lost paid bought sold lay laid hid hidden became
forgot forgotten understood woke woken born bore stole stolen struck swore sworn
swam sang sung sank sunk shook shaken shot hung rode ridden rang rung bit bitten blew
blown froze frozen dealt dug fed fit forgave forgiven lent spun stuck swept swung tore torn
wept withdrew withdrawn undertook overcame overtook
"""

#: Verbs of instructions (recipes, how-tos, notices) the lexicon above lacks;
#: first in a sentence they make it an imperative ("Season to taste.", "Preheat
#: the oven."), a full sentence, not a fragment.
_IMPERATIVES = _words(
    """
    season stir whisk chop dice slice grate peel simmer bake roast grill fry saute drain
    rinse soak sprinkle garnish preheat knead melt blend mash toss drizzle squeeze scatter
    chill refrigerate marinate boil poach sieve sift tighten loosen unscrew insert attach
    detach wipe scrub unplug unlock
    """
)

_SUBJECTS = _words(
    "i you he she it we they who there this that these those one nobody everybody somebody "
    "everyone someone anyone nothing something everything"
)

#: Openers of the short sentences English uses on purpose.
_STYLISTIC = _words(
    """
    not no yes never hardly still until perhaps maybe again exactly indeed absolutely sure well
    oh so then now why how what when where which too also only just even all much more less
    nothing nobody none everything everyone certainly of for in at after by far quite enough
    once twice ever always often sometimes rarely very almost nearly about around such plenty
    thanks thank hello hi goodbye bye sorry please okay ok right wow and but or as if unless
    without with from to on off out up down before since while though although because whether
    here there this that these those good bad great fine true false sadly luckily fortunately
    unfortunately finally first second third next last meanwhile instead otherwise anyway
    besides likewise similarly hence thus therefore mostly partly largely definitely probably
    possibly clearly obviously apparently really honestly seriously literally simply truly
    either neither both each every another other some any many few several most lots
    """
)

_WORD = re.compile(r"[^\W\d_][\w'’-]*")
# A full stop (not an ellipsis) followed by whitespace and a lower-case letter:
# ``(?<![.…])\.\s+(?=[a-z])`` with the look-behind after the full stop (two
# characters back, the second the full stop), the same matches; starting with
# the literal, ``re`` jumps from one full stop to the next instead of trying
# the look-behind at every character (0.065 -> 0.006 ms a 4 KB article).
_LOWER_START = re.compile(r"\.(?<![.…]\.)\s+(?=[a-z])")
_EXTRA_ABBREVIATIONS = _words(
    """
    al cf ca op ed eds pp ft lb lbs oz km mi min max hr hrs sec yr yrs mln bn tel ext incl
    esp govt univ assn bros ave blvd rd mph kg cm mm viz resp ibid approx abt misc ref refs sq
    cu tsp tbsp sens reps wz nr art sec chap para
    """
)
_PARTICLES = _words("de da del della di du la le van von der den ter al el bin ibn ben")
_DIGIT = re.compile(r"\d")
_INNER_DOT = re.compile(r"\.\w")
_OPEN_QUOTE = re.compile(r"""["“”„«»]""")


def _verb_forms() -> frozenset[str]:
    forms = set(_IRREGULAR.split())
    for base in _VERB_BASES.split():
        stem = base[:-1] if base.endswith("e") else base
        forms.update({base, base + "s", base + "es", stem + "ed", stem + "ing"})
        if base.endswith("y") and base[-2] not in "aeiou":
            forms.update({base[:-1] + "ies", base[:-1] + "ied"})
    return frozenset(forms)


_VERBS = _verb_forms()
_OBJECTS = _words("it them him us me")
_NOT_S = ("ss", "us", "is", "'s", "’s")
# Words in -ed and -ing that are not verbs.
_NOT_VERBS = _words(
    "hundred naked sacred wicked kindred rugged ragged beloved learned aged bed red shed "
    "seed need feed speed breed creed greed fled sled ahmed mohammed muhammad "
    "thing things morning evening spring string ceiling beijing wyoming sterling wedding "
    "pudding sibling darling"
)


def has_verb(words: list[str]) -> bool:
    """Whether the (lower-case) words probably contain a finite verb."""
    last = len(words) - 1
    for index, word in enumerate(words):
        bare = word.replace("’", "'")
        if bare in _VERBS or bare.endswith(("n't", "'s", "'re", "'ve", "'ll", "'d", "'m")):
            return True
        if index == 0 and bare in _IMPERATIVES and last > 0:
            return True  # an instruction: "Season to taste.", "Preheat the oven."
        if len(bare) > 4 and bare.endswith(("ed", "ing")) and bare not in _NOT_VERBS:
            return True
        if bare in _SUBJECTS and index < last:
            return True  # "It ended.", "We won." — a subject is followed by its verb
        if bare in _OBJECTS and index > 0:
            return True  # "Storms damage it.": an object pronoun follows a verb
        if 0 < index < last and len(bare) > 3 and bare.endswith("s") and not bare.endswith(_NOT_S):
            return True  # "Tourism sustains the town.": a noun, a verb in -s, an object
    return False


def _token_before(text: str, end: int) -> str:
    r"""The run of non-space characters that ends at ``end`` (what ``(\S+)$``
    finds in ``text[:end]``), found by scanning backwards: a regex search from
    0 costs O(end) per call, which made long paragraphs quadratic."""
    if end > 0 and text[end - 1] == "\n":
        end -= 1  # ``$`` also matches before a final newline
    start = end
    while start > 0 and not text[start - 1].isspace():
        start -= 1
    return text[start:end]


def _abbreviation_before(text: str, dot: int) -> bool:
    token = _token_before(text, dot)
    if not token:
        return True
    token = token.lstrip("(\"'“‘[").lower()
    if not token or not token[-1].isalpha():
        return True  # "82. minute", "(a). the"
    if "." in token or len(token) == 1:
        return True  # "U.S", "a.m", initials
    return token in _ABBREVIATIONS or token in _EXTRA_ABBREVIATIONS


def _pieces(text: str, spans: list[tuple[int, int]]) -> list[tuple[int, int, bool]]:
    """Sentence spans, further split where a full stop is followed by a lower-case
    word ("… the ministry said. senior official."); the flag marks such orphan starts."""
    pieces: list[tuple[int, int, bool]] = []
    for start, end in spans:
        cut, lower = start, False
        for match in _LOWER_START.finditer(text, start, end):
            if _abbreviation_before(text, match.start()):
                continue
            pieces.append((cut, match.start() + 1, lower))
            cut, lower = match.end(), True
        pieces.append((cut, end, lower))
    return pieces


class FragmentRule(Rule):
    kind = "fragment"
    description = (
        "Flags a stray sentence inside a paragraph of two or more sentences: one that starts "
        'in lower case after a full stop and has no verb ("… the ministry said. senior '
        'official.") or a short one with no verb ("… on Monday. Interview for CNN. The …"). '
        "Verbs are recognised from a compact lexicon of common English verbs and auxiliaries, "
        "-ed and -ing endings, contractions, subject and object pronouns, a word in -s "
        "between two others and a verb of instructions first (an imperative: 'Season to "
        "taste.'). Left alone: the sentence that opens a paragraph (a run-in head); quoted "
        "speech; sentences with digits, colons, "
        "brackets or inner full stops, or not ending in a full stop; a sentence followed by a "
        "digit or a lower-case word (a split at an abbreviation); runs of short verbless "
        'sentences (a list); and the short sentences English uses on purpose ("Not yet.", '
        '"Of course.", "Cheaper, not better.").'
    )
    options = (
        Option(
            "max_words",
            int,
            "A verbless sentence of at most this many words is a fragment.",
            default=4,
            minimum=1,
        ),
        Option(
            "min_words",
            int,
            "Sentences shorter than this many words (one-word exclamations, stray letters) pass.",
            default=2,
            minimum=1,
        ),
        Option(
            "max_orphan_words",
            int,
            "A verbless sentence starting in lower case after a full stop is a fragment up to "
            "this many words (0: never).",
            default=8,
            minimum=0,
        ),
        Option(
            "ignore",
            list,
            "Sentences never flagged (compared without case, accents or final punctuation).",
            default=["Thank you.", "Thanks a lot.", "Good luck.", "Happy birthday."],
            item=str,
        ),
    )

    def setup(self, options: dict[str, Any]) -> None:
        self.max_words = options["max_words"]
        self.min_words = options["min_words"]
        self.max_orphan = options["max_orphan_words"]
        self.ignore = frozenset(self._key(text) for text in options["ignore"])

    @staticmethod
    def _key(text: str) -> str:
        return normalize(text).rstrip(".!?… ")

    def _fragment(self, text: str, lower: bool) -> bool:
        if not text.endswith(".") or text.endswith(("..", "…")) or _INNER_DOT.search(text):
            return False
        if _DIGIT.search(text) or any(c in text for c in ":;()[]/@#|=+&*") or "http" in text:
            return False
        if self._key(text) in self.ignore:
            return False
        found = _WORD.findall(text)
        if not found:
            return False
        words = [w.lower() for w in found]
        if len(words) < self.min_words:
            return False
        if lower:
            if words[0] in _PARTICLES or len(words) > self.max_orphan:
                return False
            if any(c.isupper() for c in found[0][1:]):
                return False  # "iPhone", "eBay"
        else:
            if len(words) > self.max_words:
                return False
            if words[0] in _STYLISTIC or "," in text or "not" in words:
                return False  # "Of course.", "Cheaper, not better." are style
            if all(w[0].isupper() for w in found):
                return False  # an all-capitals kicker or a name on its own ("John Smith.")
        return not has_verb(words)

    def hits(self, article: Article, blocks: list[Block], context: CheckContext) -> Iterator[Hit]:
        for block in blocks:
            text = block.text
            spans = block.sentences
            if len(spans) < 2 and not _LOWER_START.search(text):
                continue
            pieces = _pieces(text, spans)
            if len(pieces) < 2:
                continue
            quotes = block.quotes
            for index, (start, end, lower) in enumerate(pieces):
                piece = text[start:end]
                limit = self.max_orphan if lower else self.max_words
                if not piece.endswith(".") or piece.count(" ") >= limit:
                    continue  # cheap tests first: most sentences are long
                if overlaps(quotes, start, end) or _OPEN_QUOTE.search(piece):
                    continue
                after = text[end : end + 3].lstrip()
                if after[:1].isdigit() or after[:1].islower():
                    continue  # split at an abbreviation: "Art. 5", "approx. ten"
                if index == 0 and not lower:
                    continue  # opens its paragraph: a run-in head ("The view from Tenby. Our …")
                if not self._fragment(piece, lower):
                    continue
                if not lower and any(
                    0 <= other < len(pieces) and self._verbless(text[slice(*pieces[other][:2])])
                    for other in (index - 1, index + 1)
                ):
                    continue  # a list written as sentences: "Museums. Old docks. Parks."
                yield Hit(block, start, end)

    def _verbless(self, text: str) -> bool:
        words = [w.lower() for w in _WORD.findall(text)]
        return len(words) <= self.max_words and not has_verb(words)
