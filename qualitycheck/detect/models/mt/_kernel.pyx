# cython: language_level=3, boundscheck=False, wraparound=False, cdivision=True, initializedcheck=False
"""The mt model's n-gram features summed in C, without building feature strings.

Each n-gram component (a lower-cased word, a raw token, a shape) is an integer id, an
n-gram is its kind plus up to four ids, and the weights sit in an open-addressing table
(a bit array in front) built from the models' JSON weights when they load. A hit is
verified on the whole key, so no two features share a weight, and the same values are
added in the same order as the feature dictionaries (a feature's first occurrence; words,
pairs, mixed n-grams) with plain double additions like ``LinearModel.margin``: the margins
are the pure path's to the last bit. ``features.py`` stays the definition; this module
imports nothing from the package (``kernel.py`` passes the shape function in), and
``tests/test_mt_kernel.py`` checks the two agree. The keys and tables are in
``_ngram_table.pxi``; a token's ids are remembered by its characters
(``primitives/_short_strings.pxi``); both are compiled into this module.
"""

from libc.math cimport log, log2, sqrt
from libc.stdint cimport int32_t, int64_t, uint32_t, uint64_t
from libc.stdlib cimport calloc, free, malloc, realloc

include "../../../primitives/_short_strings.pxi"

#: Bumped with every change to this file; ``kernel.py`` refuses a compiled
#: module whose number differs (a stale build next to newer sources).
VERSION = 9

cdef enum:
    MAXN = 4
    S_WORD = 1   # sentence model "w:" (lower-cased words)
    S_PAIR = 2   # sentence model "b:" (lower-cased word pairs with boundaries)
    S_MIXED = 3  # sentence model "m:" (2- to 4-grams of shapes with boundaries)
    A_WORD = 4   # article model "w:" (raw words and word pairs)
    A_MIXED = 5  # article model "m:" (1- to 4-grams of shapes with boundaries)
    ID_BITS = 21
    START = 0    # the id of "^", the sentence-start marker (and of a "^" token)
    END = 1      # the id of "$", the sentence-end marker (and of a "$" token)
    ID_MASK = (1 << 21) - 1

include "_ngram_table.pxi"

cdef enum:
    SHORT_SLOTS = 1 << 17  # tokens remembered by their characters (4 MiB; see the .pxi)

include "_shapes.pxi"


cdef class Kernel:
    """Both mt stages' n-gram sums for one pair of models.

    ``sentence_weights`` and ``article_weights`` are the models' weight
    dictionaries; features of other kinds (``len:``, ``s:``, ``r:``, ``a:``)
    stay with the Python caller, except the sentence length class, whose seven
    weights are passed in ``length_weights``.
    """
    cdef _Table table
    cdef uint32_t stamp
    cdef Py_ssize_t count
    cdef double sentence_intercept
    cdef double length_weights[7]
    cdef dict vocab
    cdef dict cache
    cdef dict fresh
    cdef int32_t base
    cdef int32_t next_id
    cdef int32_t id_limit
    cdef Py_ssize_t cache_limit
    cdef object shape
    # ``tokens.FUNCTION_WORDS`` (None: every shape from ``shape``), and the
    # ids of ``_SHAPES`` in this article's numbering (-1 until asked).
    cdef object function_words
    cdef int32_t shape_ids[SHAPES]
    # Tokens of at most 16 bytes: their packed ids by their characters, one
    # cache line a look-up where a dict look-up reads three (its index, its
    # entry, the key's string); longer ones stay in ``cache``.
    cdef Shorts shorts
    # The article's n-gram counts (reused between calls).
    cdef _Table counted
    cdef Key* keys
    cdef int64_t* counts
    cdef Py_ssize_t used, capacity

    def __cinit__(self):
        self.keys, self.counts = NULL, NULL
        self.shorts.slots = NULL

    def __init__(self, dict sentence_weights, double sentence_intercept, list length_weights,
                 dict article_weights, shape, Py_ssize_t cache_limit=200000,
                 int32_t id_limit=ID_MASK, function_words=None):
        cdef Py_ssize_t i, j, n, slot, size
        cdef int model, kind
        cdef Py_UCS4 first
        cdef str name, rest
        cdef list pieces
        cdef Key key
        cdef int32_t ids[MAXN]
        if id_limit > ID_MASK:
            raise ValueError("ids hold at most 21 bits")
        self.vocab = {"^": 0, "$": 1}
        size = len(sentence_weights) + len(article_weights)
        self.table = _Table(size, 1 << 21)  # (256 KB of bits: 3 % false positives at 60,000 keys)
        self.count = 0
        # One pass over both models' names: "w:", "b:" and "m:" n-grams go in the
        # table (the other kinds stay with the caller); a name's pieces are its
        # n-gram's components, as features.py joined them with single spaces.
        for model in range(2):
            for name, value in (sentence_weights if model == 0 else article_weights).items():
                if len(name) < 2 or name[1] != ":":
                    continue
                first = name[0]
                kind = ((S_WORD if model == 0 else A_WORD) if first == "w" else
                        (S_MIXED if model == 0 else A_MIXED) if first == "m" else
                        S_PAIR if first == "b" and model == 0 else 0)
                if not kind:
                    continue
                rest = name[2:]
                if " " in rest:
                    pieces = rest.split(" ")
                    n = len(pieces)
                    if n > MAXN:
                        continue
                    for j in range(n):
                        ids[j] = self._known(pieces[j])
                else:
                    n = 1
                    ids[0] = self._known(rest)
                _make(&key, kind, ids, n)
                slot = self.table.find(&key)
                if self.table.slots[slot].entry >= 0:
                    raise ValueError("two weights for one feature")
                self.table.put(slot, &key, <int32_t>self.count)
                slot = self.table.find(&key)  # (where it is after any growth)
                self.table.slots[slot].stamp = 0
                self.table.slots[slot].weight = value
                self.count += 1
        if len(self.vocab) >= id_limit:
            raise ValueError("the models' vocabulary does not fit the id range")
        self.stamp = 0
        self.sentence_intercept = sentence_intercept
        if len(length_weights) != 7:
            raise ValueError("seven length-class weights expected")
        for i in range(7):
            self.length_weights[i] = length_weights[i]
        self.base = len(self.vocab)
        self.next_id = self.base
        self.id_limit = id_limit
        self.cache = {}
        self.fresh = {}
        self.cache_limit = cache_limit
        shorts_init(&self.shorts, SHORT_SLOTS)
        self.shape = shape
        self.function_words = function_words
        self._forget_shapes()
        self.counted = _Table(1024)
        self.capacity = 0
        self.used = 0

    def vocabulary_size(self):
        """How many strings the models' n-grams are made of (ids below this)."""
        return self.base

    def __dealloc__(self):
        free(self.keys)
        free(self.counts)
        free(self.shorts.slots)

    cdef int32_t _known(self, str text) except -1:
        """A model string's id, numbered in first-seen order."""
        found = self.vocab.get(text)
        if found is None:
            found = len(self.vocab)
            self.vocab[text] = found
        return <int32_t>found

    cdef void _forget_shapes(self) noexcept:
        cdef int i
        for i in range(SHAPES):
            self.shape_ids[i] = -1

    def ascii_shape(self, str token):
        """What ``_ascii_shape`` makes of ``token`` as ``shape`` writes it, or
        None where it asks ``shape`` (the tests compare the two)."""
        cdef str lower = token.lower()
        cdef int found = _ascii_shape(self.function_words, token, lower)
        if found == AS_PYTHON:
            return None
        return lower if found == AS_LOWER else token if found == AS_TOKEN else _SHAPES[found]

    cdef int32_t _id(self, str text, dict fresh) except -1:
        """A string's id: the models' vocabulary, else a number of this article's own."""
        found = self.vocab.get(text)
        if found is not None:
            return <int32_t>found
        found = fresh.get(text)
        if found is not None:
            return <int32_t>found
        if self.next_id >= self.id_limit:
            raise OverflowError("too many distinct tokens for the kernel's id range")
        fresh[text] = self.next_id
        self.next_id += 1
        return self.next_id - 1

    cdef uint64_t _token(self, str token, const ShortKey* key, bint short) except? 0:
        """Raw, lower-case and shape ids and the "starts alphanumeric" flag, packed:
        remembered by characters for a short token (``key``, made by ``short_key``
        when ``short``), else in ``cache``."""
        cdef ShortSlot* slot
        cdef uint64_t packed
        if short:
            slot = short_find(&self.shorts, key)
            if slot.tag != 0:
                return slot.value
            packed = self._pack(token)
            short_put(&self.shorts, slot, key, packed)  # (the ids stay in vocab and fresh)
            return packed
        cached = self.cache.get(token)
        if cached is not None:
            return <uint64_t>cached
        packed = self._pack(token)
        self.cache[token] = packed
        return packed

    cdef uint64_t _pack(self, str token) except? 0:
        """A token's ids, from the vocabularies (and its shape: for an ASCII
        token without an apostrophe from ``_ascii_shape``, else from Python)."""
        cdef dict fresh = self.fresh
        cdef str lower
        cdef int found
        cdef int32_t raw, low, shp
        cdef Py_UCS4 first
        if self.function_words is not None and PyUnicode_IS_ASCII(token):
            lower = token.lower()
            found = _ascii_shape(self.function_words, token, lower)
            if found != AS_PYTHON:
                raw = self._id(token, fresh)
                low = raw if lower == token else self._id(lower, fresh)
                if found == AS_LOWER:
                    shp = low
                elif found == AS_TOKEN:
                    shp = raw
                else:
                    if self.shape_ids[found] < 0:
                        self.shape_ids[found] = self._id(<str>_SHAPES[found], fresh)
                    shp = self.shape_ids[found]
                first = token[0]
                return (<uint64_t>raw | (<uint64_t>low << ID_BITS)
                        | (<uint64_t>shp << (2 * ID_BITS))
                        | ((<uint64_t>1 << 63) if (u"0" <= first <= u"9" or u"A" <= first <= u"Z"
                                                   or u"a" <= first <= u"z") else 0))
        cdef uint64_t packed = (
            <uint64_t>self._id(token, fresh)
            | (<uint64_t>self._id(token.lower(), fresh) << ID_BITS)
            | (<uint64_t>self._id(self.shape(token), fresh) << (2 * ID_BITS))
            | ((<uint64_t>1 << 63) if token[0].isalnum() else 0)
        )
        return packed

    cdef inline Py_ssize_t _key(self, int kind, const int32_t* ids, int n, Key* key) noexcept:
        """Make a sentence n-gram's key in ``key`` (its tag -1 where the table
        certainly lacks it: an id outside the models', or a clear bit); 1."""
        cdef int i
        for i in range(n):
            if ids[i] >= self.base:
                key.tag = -1
                return 1
        _make(key, kind, ids, n)
        if not self.table.maybe(key):
            key.tag = -1
        return 1

    cdef inline double _weight(self, const Key* key) noexcept:
        """A feature's weight if it is new in this sentence, else 0.0 (already added)."""
        if key.tag < 0:
            return 0.0
        cdef Slot* slot = &self.table.slots[self.table.find(key)]
        if slot.entry < 0 or slot.stamp == self.stamp:
            return 0.0
        slot.stamp = self.stamp
        return slot.weight

    cdef int _count(self, int kind, const int32_t* ids, int n) except -1:
        """One more occurrence of an n-gram in the article's profile."""
        cdef Key key
        key.hash = 0
        _make(&key, kind, ids, n)
        cdef Py_ssize_t slot = self.counted.find(&key)
        cdef int32_t entry = self.counted.slots[slot].entry
        if entry >= 0:
            self.counts[entry] += 1
            return 0
        if self.used == self.capacity:
            self._grow()
        self.keys[self.used] = key
        self.counts[self.used] = 1
        self.counted.put(slot, &key, <int32_t>self.used)
        self.used += 1
        return 0

    cdef int _grow(self) except -1:
        cdef Py_ssize_t size = max(1024, 2 * self.capacity)
        cdef Key* keys = <Key*>realloc(self.keys, size * sizeof(Key))
        if keys == NULL:
            raise MemoryError()
        self.keys = keys
        cdef int64_t* counts = <int64_t*>realloc(self.counts, size * sizeof(int64_t))
        if counts == NULL:
            raise MemoryError()
        self.counts = counts
        self.capacity = size
        return 0

    cdef inline bint _known_ids(self, const Key* key) noexcept:
        return (key.ids[0] < self.base and key.ids[1] < self.base
                and key.ids[2] < self.base and key.ids[3] < self.base)

    cdef double _profile(self, Py_ssize_t first, Py_ssize_t last, double total):
        """``total`` plus the article model's share of one normalised profile
        (``_add_normalised``): sublinear counts over their Euclidean norm, both
        sums in the profile's first-occurrence order."""
        cdef Py_ssize_t e, slot
        cdef double norm = 0.0, value, weight
        if last == first:
            return total
        for e in range(first, last):
            value = 1.0 if self.counts[e] == 1 else 1.0 + log(<double>self.counts[e])
            norm += value * value
        norm = sqrt(norm)
        for e in range(first, last):
            if e + AHEAD < last and self._known_ids(&self.keys[e + AHEAD]):
                self.table.fetch(&self.keys[e + AHEAD])
            value = 1.0 if self.counts[e] == 1 else 1.0 + log(<double>self.counts[e])
            weight = 0.0
            # (the key was made with this kind in ``_count``: hash and all)
            if self._known_ids(&self.keys[e]) and self.table.maybe(&self.keys[e]):
                slot = self.table.find(&self.keys[e])
                if self.table.slots[slot].entry >= 0:
                    weight = self.table.slots[slot].weight
            total += weight * (value / norm)
        return total

    def score(self, list sentences, double article_start):
        """Each sentence's margin, and ``article_start`` plus the article
        model's n-gram profile terms, from the sentences' token lists.

        Raises OverflowError when an article brings more distinct unknown
        tokens than the id range holds (the caller then takes the pure path).
        """
        cdef Py_ssize_t i, n, size, longest = 0, all_tokens = 0, words_end, at, made
        cdef int32_t *buffer, *raw, *low, *shapes, *shp
        cdef ShortKey* token_keys = NULL  # a sentence's tokens' short keys,
        cdef char* short = NULL           # whether each has one,
        cdef Key* keys = NULL             # and its n-grams' keys for the sentence model
        cdef uint64_t packed
        cdef double total
        cdef int words, length
        cdef list margins = []
        cdef list tokens
        if (self.next_id > self.id_limit // 2
                or len(self.cache) + self.shorts.count > self.cache_limit):
            self.cache = {}
            shorts_clear(&self.shorts)  # (their values hold fresh ids)
            self.fresh = {}
            self.next_id = self.base
            self._forget_shapes()
        for tokens in sentences:
            longest = max(longest, len(tokens))
            all_tokens += len(tokens) + 2
        buffer = <int32_t*>malloc((2 * longest + all_tokens + 4) * sizeof(int32_t))
        token_keys = <ShortKey*>malloc((longest + 1) * sizeof(ShortKey))
        short = <char*>malloc(longest + 1)
        keys = <Key*>malloc((5 * longest + 8) * sizeof(Key))
        if buffer == NULL or token_keys == NULL or short == NULL or keys == NULL:
            free(buffer)
            free(token_keys)
            free(short)
            free(keys)
            raise MemoryError()
        raw = buffer
        low = buffer + longest + 2
        shapes = low + longest + 2
        self.used = 0
        self.counted.clear()
        try:
            at = 0
            for tokens in sentences:
                n = len(tokens)
                words = 0
                shp = shapes + at
                at += n + 2
                low[0] = START
                shp[0] = START
                # (each short token's slot fetched before the first is looked up)
                for i in range(n):
                    short[i] = short_key(tokens[i], &token_keys[i])
                    if short[i]:
                        qc_prefetch(&self.shorts.slots[token_keys[i].hash & self.shorts.mask])
                for i in range(n):
                    packed = self._token(tokens[i], &token_keys[i], short[i])
                    raw[i] = <int32_t>(packed & ID_MASK)
                    low[i + 1] = <int32_t>((packed >> ID_BITS) & ID_MASK)
                    shp[i + 1] = <int32_t>((packed >> (2 * ID_BITS)) & ID_MASK)
                    words += <int>(packed >> 63)
                low[n + 1] = END
                shp[n + 1] = END
                # The sentence model, in sentence_features' order.
                self.stamp += 1
                if self.stamp == 0:
                    for i in range(self.table.mask + 1):
                        self.table.slots[i].stamp = 0
                    self.stamp = 1
                made = 0
                for i in range(1, n + 1):
                    made += self._key(S_WORD, &low[i], 1, &keys[made])
                for i in range(n + 1):
                    made += self._key(S_PAIR, &low[i], 2, &keys[made])
                for size in range(2, 5):
                    for i in range(n + 3 - size):
                        made += self._key(S_MIXED, &shp[i], size, &keys[made])
                total = self.sentence_intercept
                for i in range(made):  # (each slot fetched AHEAD look-ups before its own)
                    if i + AHEAD < made and keys[i + AHEAD].tag >= 0:
                        self.table.fetch(&keys[i + AHEAD])
                    total += self._weight(&keys[i])
                length = <int>log2(<double>(words + 1))
                total += self.length_weights[min(length, 6)]
                margins.append(total)
                # The profile's words and pairs (profile_features' first Counter).
                for i in range(n):
                    self._count(A_WORD, &raw[i], 1)
                for i in range(n - 1):
                    self._count(A_WORD, &raw[i], 2)
            words_end = self.used
            # Its mixed 1- to 4-grams (the second Counter), sentence by sentence.
            at = 0
            for tokens in sentences:
                n = len(tokens)
                shp = shapes + at
                at += n + 2
                for size in range(1, 5):
                    for i in range(n + 3 - size):
                        self._count(A_MIXED, &shp[i], size)
            total = self._profile(0, words_end, article_start)
            total = self._profile(words_end, self.used, total)
        finally:
            free(buffer)
            free(token_keys)
            free(short)
            free(keys)
        return margins, total
