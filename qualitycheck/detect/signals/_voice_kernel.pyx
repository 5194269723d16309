# cython: language_level=3, boundscheck=False, wraparound=False, cdivision=True, initializedcheck=False
"""The voice tagger's token probabilities in C, without building feature names.

``voice.token_features`` and ``voice.sentence_features`` stay the definition;
this module adds the same weights in the same order as the pure path
(``VoiceModel.pure_token_probabilities``: ``functools.reduce(add)`` from the
sentence's share), with plain double additions, so the probabilities are the
pure path's to the last bit. A word is an integer id from a dictionary built
from the model's JSON weights at its first use (nothing baked in), which
holds the seven weights bound to it; a nearest cue's weights sit in arrays by
side, cue, gap and distance. Every hit is exact: an id stands for one whole
string. It imports nothing from the package (``voice_kernel.py`` and
``voice.py`` pass in what they need), and ``tests/test_claims_kernel.py``
checks the two paths agree. A lower-cased token of at most 16 bytes finds its
word id, its sentence weight's place and whether it is a conjunction or a cue
by its characters (``primitives/_short_strings.pxi``, compiled in; ``_entry``).
"""

from cpython.ref cimport PyObject, Py_DECREF, Py_INCREF
from libc.math cimport exp
from libc.stdlib cimport free, malloc

include "../../primitives/_short_strings.pxi"

cdef extern from "Python.h":
    ctypedef struct PyTypeObject:
        PyObject* (*tp_alloc)(PyTypeObject*, Py_ssize_t)
    void PyTuple_SET_ITEM(object, Py_ssize_t, object)

#: Bumped with every change to this file; ``voice_kernel.py`` refuses a
#: compiled module whose number differs (a stale build next to newer sources).
VERSION = 6

#: Gap marks between a token and its nearest cue, by code (1, 2, 3).
GAP_MARKS = ",qc"

cdef enum:
    NWORD = 7      # weights bound to one word (w:, wq:q:, wq:u:, p1:, n1:, p2:, n2:)
    NGAPS = 64     # a gap: up to three marks, two bits each, in the order they came
    NDIST = 10     # distances 0..9 (9: anything farther)
    IDS = 24       # bits of a word id (plus one) and of a sentence weight's place (plus one)


cdef str _gap_text(int code):
    """The gap string of a code, or None for a code no gap has."""
    cdef str text = ""
    cdef int mark
    while code:
        mark = code & 3
        if mark == 0 or GAP_MARKS[mark - 1] in text:
            return None
        text += GAP_MARKS[mark - 1]
        code >>= 2
    return text


cdef inline double _sigmoid(double margin) noexcept:
    """``voice._sigmoid``."""
    return 1.0 / (1.0 + exp(-margin)) if margin > -30.0 else 0.0


#: The pattern :class:`Tokenizer` reads tokens by (``voice._TOKEN``; the test
#: fails when that pattern changes and this module does not).
TOKEN_PATTERN = r"''|``|[“”\"«»„]|[^\W_]+(?:['’][^\W_]+)*|[^\w\s]"


cdef inline Py_ssize_t _token_end(str text, Py_ssize_t i, Py_ssize_t n) noexcept:
    """The end of the match of ``TOKEN_PATTERN`` at ``i``, or ``i`` for none
    (``re``'s ``\\w`` is ``str.isalnum()`` or ``_``, ``\\s`` ``str.isspace()``)."""
    cdef Py_UCS4 ch = text[i]
    if (ch == u"'" or ch == u"`") and i + 1 < n and text[i + 1] == ch:
        return i + 2
    if ch in u"“”\"«»„":
        return i + 1
    if ch.isalnum():
        i += 1
        while i < n and text[i].isalnum():
            i += 1
        # (?:['’][^\W_]+)*: an apostrophe joins two runs
        while i + 1 < n and (text[i] == u"'" or text[i] == u"’") and text[i + 1].isalnum():
            i += 2
            while i < n and text[i].isalnum():
                i += 1
        return i
    if ch == u"_" or ch.isspace():
        return i
    return i + 1


cdef inline object _token(type cls, Py_ssize_t start, Py_ssize_t end, str text, str lower,
                          bint quoted, bint word):
    """``cls(start, end, text, lower, quoted, word)`` for a tuple subclass (a
    ``NamedTuple``), made as ``tuple.__new__`` makes one (its type's
    ``tp_alloc``, then the items) without calling its Python ``__new__``."""
    cdef PyObject* raw = (<PyTypeObject*>cls).tp_alloc(<PyTypeObject*>cls, 6)
    if raw == NULL:
        raise MemoryError()
    cdef object token = <object>raw
    Py_DECREF(token)  # <object> took a second reference to the new object
    cdef object item = start
    Py_INCREF(item)
    PyTuple_SET_ITEM(token, 0, item)
    item = end
    Py_INCREF(item)
    PyTuple_SET_ITEM(token, 1, item)
    Py_INCREF(text)
    PyTuple_SET_ITEM(token, 2, text)
    Py_INCREF(lower)
    PyTuple_SET_ITEM(token, 3, lower)
    item = quoted
    Py_INCREF(item)
    PyTuple_SET_ITEM(token, 4, item)
    item = word
    Py_INCREF(item)
    PyTuple_SET_ITEM(token, 5, item)
    return token


cdef class Tokenizer:
    """``voice.tokenize`` in C: the same tokens (``voice.Token``), made without
    the regex's match objects."""

    cdef type token
    cdef frozenset marks, closers, toggles

    def __init__(self, type token, marks, closers, toggles):
        if not issubclass(token, tuple) or len(getattr(token, "_fields", ())) != 6:
            raise TypeError("the token type must be a NamedTuple of six fields")
        self.token = token
        self.marks, self.closers, self.toggles = (
            frozenset(marks), frozenset(closers), frozenset(toggles))

    def tokenize(self, str text, bint quoted=False, Py_ssize_t offset=0):
        """``voice.tokenize(text, quoted, offset)``."""
        cdef Py_ssize_t n = len(text), i = 0, end
        cdef list tokens = []
        cdef str piece
        cdef bint glued
        token = self.token
        while i < n:
            end = _token_end(text, i, n)
            if end == i:
                i += 1
                continue
            piece = text[i:end]
            if piece in self.marks:
                # a closing mark glued to the next word opens a quote
                glued = end < n and text[end].isalnum()
                if ((piece in self.closers and not (glued and not quoted))
                        or (piece in self.toggles and quoted)):
                    tokens.append(_token(token, i + offset, end + offset, piece, piece, True, False))
                    quoted = False
                else:
                    quoted = True
                    tokens.append(_token(token, i + offset, end + offset, piece, piece.lower(),
                                         True, False))
            else:
                tokens.append(_token(token, i + offset, end + offset, piece, piece.lower(),
                                     quoted, text[i].isalnum()))
            i = end
        return tokens, quoted


cdef class Tagger:
    """The voice tagger's token probabilities for one weights dictionary."""

    cdef dict vocab             # word -> id, for the names bound to one word
    cdef double* words          # id * NWORD + k
    cdef dict sentence          # word -> weight of "s:word"
    cdef dict sentence_index    # word -> its place in sentence_weights
    cdef double* sentence_weights
    cdef Shorts shorts          # a short lower-cased token -> _entry's value
    cdef dict cue_ids
    cdef Py_ssize_t ncues
    cdef double* cue_names      # (side * ncues + cue): "{side}c:{cue}"
    cdef double* cue_gaps       # (side * ncues + cue) * NGAPS + gap: "{side}c:{cue}|{gap}"
    cdef double distances[2][NDIST][NGAPS]
    cdef double quoted_gaps[2][2][NGAPS]
    cdef double quoted, unquoted, start1, end1, start2, end2, cap
    cdef double none[2]
    cdef double positions[6]
    cdef double reverse[6]
    cdef double s_quote, s_all_quoted
    cdef double s_cues[4]
    cdef double intercept
    cdef frozenset cues, breaks, conjunctions

    def __cinit__(self):
        self.words = NULL
        self.cue_names = NULL
        self.cue_gaps = NULL
        self.sentence_weights = NULL
        self.shorts.slots = NULL

    def __init__(self, dict weights, double intercept, cues, prefixes, bins, breaks,
                 conjunctions):
        cdef Py_ssize_t k, side, cue, gap, distance, index, nprefixes = len(prefixes)
        cdef str name, prefix, text, label
        cdef object value
        if nprefixes != NWORD or len(bins) != NDIST:
            raise ValueError("the kernel expects 7 word prefixes and 10 distance bins")
        self.intercept = intercept
        self.cues = frozenset(cues)
        self.breaks = frozenset(breaks)
        self.conjunctions = frozenset(conjunctions)
        self.vocab = {}
        self.sentence = {}
        # (word id * NWORD + k, weight) of every name bound to a word, in C
        cdef Py_ssize_t* slots = <Py_ssize_t*>malloc((len(weights) + 1) * sizeof(Py_ssize_t))
        cdef double* values = <double*>malloc((len(weights) + 1) * sizeof(double))
        cdef Py_ssize_t count = 0
        cdef tuple known = tuple(prefixes)
        try:
            if slots == NULL or values == NULL:
                raise MemoryError()
            for name, value in weights.items():
                if _starts(name, "s:"):
                    self.sentence[name[2:]] = value
                for k in range(NWORD):
                    prefix = known[k]
                    if _starts(name, prefix):
                        index = self.vocab.setdefault(name[len(prefix):], len(self.vocab))
                        slots[count] = index * NWORD + k
                        values[count] = value
                        count += 1
            self.words = <double*>malloc((len(self.vocab) * NWORD + 1) * sizeof(double))
            if self.words == NULL:
                raise MemoryError()
            for k in range(len(self.vocab) * NWORD):
                self.words[k] = 0.0
            for k in range(count):
                self.words[slots[k]] = values[k]
        finally:
            free(slots)
            free(values)
        if len(self.vocab) >= (1 << IDS) - 1 or len(self.sentence) >= (1 << IDS) - 1:
            raise ValueError("more words than the packed ids hold")
        self.sentence_index = {word: k for k, word in enumerate(self.sentence)}
        self.sentence_weights = <double*>malloc((len(self.sentence) + 1) * sizeof(double))
        if self.sentence_weights == NULL:
            raise MemoryError()
        for k, value in enumerate(self.sentence.values()):
            self.sentence_weights[k] = value
        shorts_init(&self.shorts, 1 << 16)  # (2 MiB: 32,768 words before it starts again)
        ordered = sorted(self.cues)
        self.ncues = len(ordered)
        self.cue_ids = {word: number for number, word in enumerate(ordered)}
        self.cue_names = <double*>malloc((2 * self.ncues + 1) * sizeof(double))
        self.cue_gaps = <double*>malloc((2 * self.ncues * NGAPS + 1) * sizeof(double))
        if self.cue_names == NULL or self.cue_gaps == NULL:
            raise MemoryError()
        look_up = weights.get
        gaps = [_gap_text(gap) for gap in range(NGAPS)]
        for side in range(2):
            label = "lr"[side]
            self.none[side] = look_up(f"{label}c:none", 0.0)
            for cue in range(self.ncues):
                self.cue_names[side * self.ncues + cue] = look_up(
                    f"{label}c:{ordered[cue]}", 0.0)
                for gap in range(NGAPS):
                    text = gaps[gap]
                    self.cue_gaps[(side * self.ncues + cue) * NGAPS + gap] = (
                        0.0 if text is None else look_up(f"{label}c:{ordered[cue]}|{text}", 0.0))
            for gap in range(NGAPS):
                text = gaps[gap]
                for distance in range(NDIST):
                    self.distances[side][distance][gap] = (
                        0.0 if text is None else look_up(f"{label}d:{bins[distance]}{text}", 0.0))
                for k in range(2):
                    self.quoted_gaps[side][k][gap] = (
                        0.0 if text is None else look_up(f"{label}cq:{'uq'[k]}{text}", 0.0))
        self.quoted, self.unquoted = look_up("q", 0.0), look_up("u", 0.0)
        self.start1, self.end1 = look_up("p1:<s>", 0.0), look_up("n1:</s>", 0.0)
        self.start2, self.end2 = look_up("p2:<s>", 0.0), look_up("n2:</s>", 0.0)
        self.cap = look_up("cap", 0.0)
        for k in range(6):
            self.positions[k] = look_up(f"pos={k}", 0.0)
            self.reverse[k] = look_up(f"rpos={k}", 0.0)
        self.s_quote, self.s_all_quoted = look_up("s_quote", 0.0), look_up("s_all_quoted", 0.0)
        for k in range(4):
            self.s_cues[k] = look_up(f"s_cues={k}", 0.0)

    def __dealloc__(self):
        free(self.words)
        free(self.cue_names)
        free(self.cue_gaps)
        free(self.sentence_weights)
        free(self.shorts.slots)

    cdef uint64_t _entry(self, str lower) except? 0:
        """A lower-cased token's word id plus one, its sentence weight's place
        plus one (0: none), and from bit 48 conjunction, from bit 49 cue."""
        found = self.vocab.get(lower)
        place = self.sentence_index.get(lower)
        return ((<uint64_t>(0 if found is None else <Py_ssize_t>found + 1))
                | ((<uint64_t>(0 if place is None else <Py_ssize_t>place + 1)) << IDS)
                | ((<uint64_t>(lower in self.conjunctions)) << (2 * IDS))
                | ((<uint64_t>(lower in self.cues)) << (2 * IDS + 1)))

    cdef uint64_t _short_entry(self, str lower) except? 0:
        """``_entry``, by the token's characters where it is short."""
        cdef ShortKey key
        cdef ShortSlot* slot
        cdef uint64_t packed
        if not short_key(lower, &key):
            return self._entry(lower)
        slot = short_find(&self.shorts, &key)
        if slot.tag != 0:
            return slot.value
        packed = self._entry(lower)
        short_put(&self.shorts, slot, &key, packed)
        return packed

    cdef inline double _word(self, Py_ssize_t word, int k) noexcept:
        return 0.0 if word < 0 else self.words[word * NWORD + k]

    def probabilities(self, list tokens):
        """``VoiceModel.token_probabilities`` of one sentence's tokens (``voice.Token``:
        start, end, text, lower, quoted, is_word)."""
        cdef Py_ssize_t n = len(tokens), i, position, distance, cues = 0, c
        cdef tuple token
        cdef str text, lower
        cdef object found
        cdef int gap, marks, shift, side
        cdef bint any_quoted = False, all_quoted = True
        cdef double shared, total
        cdef uint64_t packed
        cdef Py_ssize_t place
        cdef dict words = {}          # a word of the sentence -> its "s:" weight
        cdef list result = []
        if n == 0:
            return result
        cdef Py_ssize_t* ids = <Py_ssize_t*>malloc(n * 7 * sizeof(Py_ssize_t))
        if ids == NULL:
            raise MemoryError()
        cdef Py_ssize_t* cue = ids + n
        cdef Py_ssize_t* left = ids + 2 * n
        cdef Py_ssize_t* right = ids + 3 * n
        cdef Py_ssize_t* left_gap = ids + 4 * n
        cdef Py_ssize_t* right_gap = ids + 5 * n
        cdef Py_ssize_t* flags = ids + 6 * n   # 1 quoted, 2 break, 4 conjunction, 8 capital
        try:
            for i in range(n):
                token = <tuple>tokens[i]
                text, lower = token[2], token[3]
                packed = self._short_entry(lower)
                ids[i] = <Py_ssize_t>(packed & ((1 << IDS) - 1)) - 1
                flags[i] = 1 if token[4] else 0
                if text in self.breaks:
                    flags[i] |= 2
                if (packed >> (2 * IDS)) & 1:
                    flags[i] |= 4
                cue[i] = -1
                if token[4]:
                    any_quoted = True
                if token[5]:
                    place = <Py_ssize_t>((packed >> IDS) & ((1 << IDS) - 1)) - 1
                    words[lower] = self.sentence_weights[place] if place >= 0 else 0.0
                    if not token[4]:
                        all_quoted = False
                    if text[0].isupper():
                        flags[i] |= 8
                    if (packed >> (2 * IDS + 1)) & 1:
                        cues += 1
                        if not token[4]:
                            cue[i] = self.cue_ids[lower]
            # the sentence's share: s:{word} (sorted), s_quote, s_all_quoted, s_cues=
            shared = self.intercept
            for lower in sorted(words):
                shared += <double>words[lower]
            if any_quoted:
                shared += self.s_quote
                if all_quoted:
                    shared += self.s_all_quoted
            shared += self.s_cues[cues if cues < 3 else 3]
            # the nearest cue on each side and the gap to it (voice._nearest_cues)
            for side in range(2):
                position, gap, marks, shift = -1, 0, 0, 0
                for c in range(n):
                    i = c if side == 0 else n - 1 - c
                    if side == 0:
                        left[i], left_gap[i] = position, gap
                    else:
                        right[i], right_gap[i] = position, gap
                    if cue[i] >= 0:
                        position, gap, marks, shift = i, 0, 0, 0
                    elif position >= 0:
                        if flags[i] & 2 and not marks & 1:
                            gap |= 1 << shift
                            shift += 2
                            marks |= 1
                        if (flags[i] & 1) != (flags[position] & 1) and not marks & 2:
                            gap |= 2 << shift
                            shift += 2
                            marks |= 2
                        if flags[i] & 4 and not marks & 4:
                            gap |= 3 << shift
                            shift += 2
                            marks |= 4
            for i in range(n):
                total = shared
                total += self._word(ids[i], 0)
                total += self._word(ids[i], 1 if flags[i] & 1 else 2)
                total += self.quoted if flags[i] & 1 else self.unquoted
                total += self._word(ids[i - 1], 3) if i else self.start1
                total += self._word(ids[i + 1], 4) if i + 1 < n else self.end1
                total += self._word(ids[i - 2], 5) if i > 1 else self.start2
                total += self._word(ids[i + 2], 6) if i + 2 < n else self.end2
                total += self.positions[i if i < 5 else 5]
                total += self.reverse[n - 1 - i if n - 1 - i < 5 else 5]
                if flags[i] & 8 and i:
                    total += self.cap
                for side in range(2):
                    position = left[i] if side == 0 else right[i]
                    if position < 0:
                        total += self.none[side]
                        continue
                    gap = left_gap[i] if side == 0 else right_gap[i]
                    c = side * self.ncues + cue[position]
                    distance = i - position if side == 0 else position - i
                    total += self.cue_names[c]
                    total += self.cue_gaps[c * NGAPS + gap]
                    total += self.distances[side][distance if distance < 9 else 9][gap]
                    total += self.quoted_gaps[side][flags[i] & 1][gap]
                result.append(_sigmoid(total))
        finally:
            free(ids)
        return result
