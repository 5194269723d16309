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

A word is an integer id from a dictionary built from the model's JSON
weights at its first use (nothing baked in); a pair is looked up in an
open-addressing table keyed by both ids. Every hit is exact: an id stands for
one whole string. A word outside the model gets an id too (remembered up to
``limit`` words, then forgotten), so that it is counted once. It imports
nothing from the package, and ``tests/test_voice_sentence_kernel.py`` checks
it against ``voice_sentence_words.pure_total``.
"""

from libc.stdint cimport uint64_t
from libc.stdlib cimport free, malloc
from libc.string cimport memset

#: Bumped with every change to this file; ``voice_sentence_words.py`` refuses
#: a compiled module whose number differs (a stale build next to newer sources).
VERSION = 1

#: Where a token tuple (``voice.Token``) holds its lower-cased text and its
#: word flag: the wrapper checks the type's fields against these.
LOWER, IS_WORD = 3, 5

cdef uint64_t EMPTY = 0xFFFFFFFFFFFFFFFFULL


cdef inline uint64_t _mix(uint64_t h) noexcept nogil:
    h ^= h >> 33
    h *= 0xff51afd7ed558ccdULL
    h ^= h >> 33
    h *= 0xc4ceb9fe1a85ec53ULL
    h ^= h >> 33
    return h


cdef inline bint _add(uint64_t* seen, uint64_t key, Py_ssize_t mask) noexcept:
    """Whether ``key`` is new to ``seen`` (an open-addressing set; now added)."""
    cdef Py_ssize_t slot = <Py_ssize_t>(_mix(key) & <uint64_t>mask)
    while seen[slot] != EMPTY:
        if seen[slot] == key:
            return False
        slot = (slot + 1) & mask
    seen[slot] = key
    return True


cdef inline bint _starts(str name, str prefix) noexcept:
    """``name.startswith(prefix)``, without a method call."""
    cdef Py_ssize_t k, m = len(prefix)
    if len(name) < m:
        return False
    for k in range(m):
        if name[k] != prefix[k]:
            return False
    return True


cdef class WordSums:
    """The word and word-pair weights of one weights dictionary, by id."""

    cdef dict vocab              # word -> id: the model's words, then words seen since
    cdef dict known              # the model's words only (vocab starts again from it)
    cdef Py_ssize_t nknown, limit
    cdef double* word_weights    # "<word prefix><word>" by id
    cdef uint64_t* pair_keys     # (first id << 32) | second id; EMPTY when free
    cdef double* pair_weights
    cdef Py_ssize_t pair_mask

    def __cinit__(self):
        self.word_weights = NULL
        self.pair_keys = NULL
        self.pair_weights = NULL

    def __init__(self, dict weights, str word_prefix, str pair_prefix,
                 Py_ssize_t limit=200_000):
        cdef Py_ssize_t k, size = 16, slot, wlen = len(word_prefix), plen = len(pair_prefix)
        cdef list words = [], pairs = []
        cdef str name
        cdef list parts
        cdef uint64_t key
        cdef dict vocab = {}
        self.limit = limit
        for name, value in weights.items():
            if _starts(name, word_prefix):
                words.append((vocab.setdefault(name[wlen:], len(vocab)), value))
            elif _starts(name, pair_prefix):
                # a word holds no space: a name with another count never matches
                parts = name[plen:].split(" ")
                if len(parts) == 2:
                    pairs.append((vocab.setdefault(parts[0], len(vocab)),
                                  vocab.setdefault(parts[1], len(vocab)), value))
        self.known, self.vocab, self.nknown = vocab, dict(vocab), len(vocab)
        self.word_weights = <double*>malloc((self.nknown + 1) * sizeof(double))
        while size < 2 * len(pairs) + 2:
            size <<= 1
        self.pair_keys = <uint64_t*>malloc(size * sizeof(uint64_t))
        self.pair_weights = <double*>malloc(size * sizeof(double))
        if self.word_weights == NULL or self.pair_keys == NULL or self.pair_weights == NULL:
            raise MemoryError()
        self.pair_mask = size - 1
        memset(self.pair_keys, 0xFF, size * sizeof(uint64_t))
        for k in range(self.nknown + 1):
            self.word_weights[k] = 0.0
        for k, value in words:
            self.word_weights[k] = value
        for first, second, value in pairs:
            key = (<uint64_t>first << 32) | <uint64_t>second
            slot = <Py_ssize_t>(_mix(key) & <uint64_t>self.pair_mask)
            while self.pair_keys[slot] != EMPTY and self.pair_keys[slot] != key:
                slot = (slot + 1) & self.pair_mask
            self.pair_keys[slot] = key
            self.pair_weights[slot] = value

    def __dealloc__(self):
        free(self.word_weights)
        free(self.pair_keys)
        free(self.pair_weights)

    cdef inline double _pair(self, uint64_t key) noexcept:
        cdef Py_ssize_t slot = <Py_ssize_t>(_mix(key) & <uint64_t>self.pair_mask)
        while self.pair_keys[slot] != EMPTY:
            if self.pair_keys[slot] == key:
                return self.pair_weights[slot]
            slot = (slot + 1) & self.pair_mask
        return 0.0


    def total(self, list tokens, double start):
        """``start`` plus the weight of each distinct word of ``tokens`` (the
        lower-cased text of those that are words), then of each distinct pair
        of neighbouring words, in order: ``reduce(add)`` over the names'
        weights times 1.0, as ``LinearModel.margin`` adds a row that opens
        with them."""
        cdef Py_ssize_t count = len(tokens), n = 0, i, size = 16, word_id
        cdef Py_ssize_t* ids = NULL
        cdef uint64_t* seen = NULL   # the ids, then the pairs, the sentence added already
        cdef object found, token
        cdef str word
        cdef dict vocab = self.vocab
        cdef double total = start
        cdef uint64_t key
        if len(vocab) > self.nknown + self.limit:
            vocab = dict(self.known)  # bounded on endless vocabularies
            self.vocab = vocab
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
                word = (<tuple>token)[LOWER]
                found = vocab.get(word)
                if found is None:
                    found = len(vocab)
                    vocab[word] = found
                ids[n] = <Py_ssize_t>found
                n += 1
            memset(seen, 0xFF, size * sizeof(uint64_t))
            for i in range(n):  # "w:word", each distinct word once, in order
                word_id = ids[i]
                if _add(seen, <uint64_t>word_id, size - 1):
                    total += (self.word_weights[word_id] if word_id < self.nknown
                              else 0.0) * 1.0
            memset(seen, 0xFF, size * sizeof(uint64_t))
            for i in range(n - 1):  # "b:first second", each distinct pair once
                key = (<uint64_t>ids[i] << 32) | <uint64_t>ids[i + 1]
                if _add(seen, key, size - 1):
                    total += (self._pair(key) if ids[i] < self.nknown
                              and ids[i + 1] < self.nknown else 0.0) * 1.0
        finally:
            free(ids)
            free(seen)
        return total
