# cython: language_level=3, boundscheck=False, wraparound=False, cdivision=True, initializedcheck=False
"""The learned sentence voice's word and word-pair sums in C, without feature names.

The learned sentence voice model (``voice_sentence.py``) reads a row that opens
with the tagger's sentence row: ``w:<word>`` for each distinct word of the
sentence, then ``b:<word> <word>`` for each distinct pair of neighbouring
words, each at 1.0, in order (``voice.sentence_row``). Those names are most
of the row (about 50 of 61) and nine tenths of the model's 43,921 weights.
:meth:`WordSums.total` adds their weights onto a running total in the same
order, with plain double additions, as ``LinearModel.margin`` adds them
(``functools.reduce(add)``), so the total is the pure path's to the last bit;
the rest of the row (tag summaries, context) continues from it in Python.

A word of the model is an integer id from a dictionary built from its JSON
weights at its first use (nothing baked in); a pair is looked up in an
open-addressing table keyed by both ids, each slot holding its key and its
weight (one cache line a probe). Every hit is exact: an id stands for one
whole string. The table stays the model's: a word outside it gets no id and
is not remembered. Its names weigh nothing, and ``+0.0`` added more often
than the pure path adds it changes no sum: ``t + 0.0`` is ``t`` except for
``t = -0.0``, and once ``+0.0`` has been added a total is never ``-0.0`` again
(round-to-nearest gives ``-0.0`` only for ``-0.0 + -0.0``). So such a word
(or a pair with one) adds ``0.0`` wherever it occurs, its first occurrence
where the pure path adds its one term. It imports nothing from the package,
and ``tests/test_voice_sentence_kernel.py`` checks it against
``voice_sentence_words.pure_total``. A word of at most 16 bytes finds its id
by its characters (``primitives/_short_strings.pxi``, compiled in).
"""

from libc.stdint cimport uint64_t
from libc.stdlib cimport free, malloc

include "../../primitives/_short_strings.pxi"

#: Bumped with every change to this file; ``voice_sentence_words.py`` refuses
#: a compiled module whose number differs (a stale build next to newer sources).
VERSION = 4

#: Where a token tuple (``voice.Token``) holds its lower-cased text and its
#: word flag: the wrapper checks the type's fields against these.
LOWER, IS_WORD = 3, 5

cdef uint64_t EMPTY = 0xFFFFFFFFFFFFFFFFULL


ctypedef struct Slot:
    uint64_t key       # (first id << 32) | second id; EMPTY when free
    double weight


cdef inline bint _add(uint64_t* seen, uint64_t key, Py_ssize_t mask) noexcept:
    """Whether ``key`` is new to ``seen`` (an open-addressing set; now added)."""
    cdef Py_ssize_t slot = <Py_ssize_t>(_short_mix(key) & <uint64_t>mask)
    while seen[slot] != EMPTY:
        if seen[slot] == key:
            return False
        slot = (slot + 1) & mask
    seen[slot] = key
    return True


cdef class WordSums:
    """The word and word-pair weights of one weights dictionary, by id."""

    cdef dict vocab              # the model's words -> id
    cdef Py_ssize_t nknown
    cdef double* word_weights    # "<word prefix><word>" by id
    cdef Slot* pairs             # "<pair prefix><first> <second>" by both ids
    cdef Py_ssize_t pair_mask
    cdef Shorts shorts           # a short word -> its id plus one (0: outside the model)

    def __cinit__(self):
        self.word_weights = NULL
        self.pairs = NULL
        self.shorts.slots = NULL

    def __init__(self, dict weights, str word_prefix, str pair_prefix):
        cdef Py_ssize_t k, size = 16, slot, wlen = len(word_prefix), plen = len(pair_prefix)
        cdef list words = [], pairs = []
        cdef str name
        cdef list parts
        cdef uint64_t key
        cdef dict vocab = {}
        for name, value in weights.items():
            if _starts(name, word_prefix):
                words.append((vocab.setdefault(name[wlen:], len(vocab)), value))
            elif _starts(name, pair_prefix):
                # a word holds no space: a name with another count never matches
                parts = name[plen:].split(" ")
                if len(parts) == 2:
                    pairs.append((vocab.setdefault(parts[0], len(vocab)),
                                  vocab.setdefault(parts[1], len(vocab)), value))
        self.vocab, self.nknown = vocab, len(vocab)
        shorts_init(&self.shorts, 1 << 16)  # (2 MiB: 32,768 words before it starts again)
        self.word_weights = <double*>malloc((self.nknown + 1) * sizeof(double))
        while size < 2 * len(pairs) + 2:
            size <<= 1
        self.pairs = <Slot*>malloc(size * sizeof(Slot))
        if self.word_weights == NULL or self.pairs == NULL:
            raise MemoryError()
        self.pair_mask = size - 1
        for k in range(size):
            self.pairs[k].key = EMPTY
            self.pairs[k].weight = 0.0
        for k in range(self.nknown + 1):
            self.word_weights[k] = 0.0
        for k, value in words:
            self.word_weights[k] = value
        for first, second, value in pairs:
            key = (<uint64_t>first << 32) | <uint64_t>second
            slot = <Py_ssize_t>(_short_mix(key) & <uint64_t>self.pair_mask)
            while self.pairs[slot].key != EMPTY and self.pairs[slot].key != key:
                slot = (slot + 1) & self.pair_mask
            self.pairs[slot].key = key
            self.pairs[slot].weight = value

    def __dealloc__(self):
        free(self.word_weights)
        free(self.pairs)
        free(self.shorts.slots)

    cdef Py_ssize_t _id(self, str word) except -2:
        """A word's id, or -1 outside the model: by its characters where it is short."""
        cdef ShortKey key
        cdef ShortSlot* slot = NULL
        if short_key(word, &key):
            slot = short_find(&self.shorts, &key)
            if slot.tag != 0:
                return <Py_ssize_t>slot.value - 1
        found = self.vocab.get(word)
        cdef Py_ssize_t word_id = -1 if found is None else <Py_ssize_t>found
        if slot != NULL:
            short_put(&self.shorts, slot, &key, <uint64_t>(word_id + 1))
        return word_id

    cdef inline double _pair(self, uint64_t key) noexcept:
        cdef Py_ssize_t slot = <Py_ssize_t>(_short_mix(key) & <uint64_t>self.pair_mask)
        while self.pairs[slot].key != EMPTY:
            if self.pairs[slot].key == key:
                return self.pairs[slot].weight
            slot = (slot + 1) & self.pair_mask
        return 0.0

    def total(self, list tokens, double start):
        """``start`` plus the weight of each distinct word of ``tokens`` (the
        lower-cased text of those that are words), then of each distinct pair
        of neighbouring words, in order: ``reduce(add)`` over the names'
        weights times 1.0, as ``LinearModel.margin`` adds a row that opens
        with them (a word outside the model adds 0.0 at every occurrence:
        the same sum, as the module says)."""
        cdef Py_ssize_t count = len(tokens), n = 0, i, size = 16, word_id
        cdef Py_ssize_t* ids = NULL  # -1: outside the model
        cdef uint64_t* seen = NULL   # the ids, then the pairs, the sentence added already
        cdef object token
        cdef double total = start
        cdef uint64_t key
        while size < 2 * count + 2:
            size <<= 1
        ids = <Py_ssize_t*>malloc((count + 1) * sizeof(Py_ssize_t))
        seen = <uint64_t*>malloc(size * sizeof(uint64_t))
        try:
            if ids == NULL or seen == NULL:
                raise MemoryError()
            for i in range(count):
                token = tokens[i]
                if not (<tuple>token)[IS_WORD]:
                    continue
                ids[n] = self._id(<str>(<tuple>token)[LOWER])
                n += 1
            memset(seen, 0xFF, size * sizeof(uint64_t))
            for i in range(n):  # "w:word", each distinct word once, in order
                word_id = ids[i]
                if word_id < 0:
                    total += 0.0
                elif _add(seen, <uint64_t>word_id, size - 1):
                    total += self.word_weights[word_id] * 1.0
            memset(seen, 0xFF, size * sizeof(uint64_t))
            for i in range(n - 1):  # "b:first second", each distinct pair once
                if ids[i] < 0 or ids[i + 1] < 0:
                    total += 0.0
                    continue
                key = (<uint64_t>ids[i] << 32) | <uint64_t>ids[i + 1]
                if _add(seen, key, size - 1):
                    total += self._pair(key) * 1.0
        finally:
            free(ids)
            free(seen)
        return total
