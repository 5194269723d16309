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
``tests/test_mt_kernel.py`` checks the two agree.
"""

from libc.math cimport log, log2, sqrt
from libc.stdint cimport int32_t, int64_t, uint32_t, uint64_t
from libc.stdlib cimport calloc, free, malloc, realloc
from libc.string cimport memcpy, memset

cdef extern from "Python.h":
    Py_ssize_t PyUnicode_GET_LENGTH(object)
    int PyUnicode_KIND(object)
    void* PyUnicode_DATA(object)

cdef extern from *:
    """
    #include <stdlib.h>
    #include <string.h>
    #if defined(__linux__)
    #include <sys/mman.h>
    #endif
    /* A table of at least 2 MiB on 2 MiB pages where Linux gives them: its
       look-ups land anywhere in it, and one page-table entry then covers what
       512 did (fewer TLB misses). Elsewhere plain malloc. free() releases it. */
    static void* qc_big_alloc(size_t size) {
    #if defined(__linux__) && defined(MADV_HUGEPAGE)
        if (size >= ((size_t)2 << 20)) {
            void* p = NULL;
            if (posix_memalign(&p, (size_t)2 << 20, size) != 0) return NULL;
            madvise(p, size, MADV_HUGEPAGE);
            return p;
        }
    #endif
        return malloc(size);
    }
    """
    void* qc_big_alloc(size_t size) nogil

#: Bumped with every change to this file; ``kernel.py`` refuses a compiled
#: module whose number differs (a stale build next to newer sources).
VERSION = 5

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

ctypedef struct Key:
    uint64_t hash
    int32_t tag  # kind * 8 + size
    int32_t ids[MAXN]

ctypedef struct Slot:  # 32 bytes: two to a cache line (a look-up lands anywhere)
    uint64_t low   # the key packed (_pack): three ids,
    uint64_t high  # the fourth and the tag; enough to tell any two keys apart
    double weight  # (weights: a hit's weight and the sentence it was last
    uint32_t stamp  # added in, read with its key)
    int32_t entry  # -1 when the slot is empty


ctypedef struct Short:  # a short token's packed ids, keyed by its characters (32 bytes)
    uint64_t tag  # its hash's high bits, its length and kind (0: empty)
    uint64_t value
    uint64_t chars[2]  # its characters' bytes (at most 16), zero-padded


cdef enum:
    SHORT_SLOTS = 1 << 17  # (4 MiB; cleared when half full)


cdef inline uint64_t _mix(uint64_t h) nogil:
    h ^= h >> 33
    h *= 0xff51afd7ed558ccdULL
    h ^= h >> 33
    h *= 0xc4ceb9fe1a85ec53ULL
    h ^= h >> 33
    return h


cdef inline void _make(Key* key, int kind, const int32_t* ids, int n) noexcept nogil:
    cdef uint64_t h = <uint64_t>(kind * 8 + n)
    cdef int i
    key.tag = kind * 8 + n
    for i in range(MAXN):
        key.ids[i] = ids[i] if i < n else -1
        h = (h * 0x9E3779B97F4A7C15ULL) ^ <uint64_t>(<uint32_t>key.ids[i])
    key.hash = _mix(h)


cdef inline uint64_t _low(const Key* key) noexcept nogil:
    """A key's first three ids, 21 bits each (an absent id, -1, is ``ID_MASK``,
    which no id reaches: ids stay below ``id_limit``, at most ``ID_MASK``)."""
    return ((<uint64_t>(<uint32_t>key.ids[0]) & ID_MASK)
            | ((<uint64_t>(<uint32_t>key.ids[1]) & ID_MASK) << ID_BITS)
            | ((<uint64_t>(<uint32_t>key.ids[2]) & ID_MASK) << (2 * ID_BITS)))


cdef inline uint64_t _high(const Key* key) noexcept nogil:
    """A key's fourth id and its tag."""
    return (<uint64_t>(<uint32_t>key.ids[3]) & ID_MASK) | (<uint64_t>key.tag << ID_BITS)


cdef inline void _unpack(const Slot* slot, Key* key) noexcept nogil:
    """The key a slot holds, hash included (to place it again when the table grows)."""
    cdef int32_t ids[MAXN]
    cdef int i, tag = <int>(slot.high >> ID_BITS)
    for i in range(3):
        ids[i] = <int32_t>((slot.low >> (i * ID_BITS)) & ID_MASK)
    ids[3] = <int32_t>(slot.high & ID_MASK)
    _make(key, tag >> 3, ids, tag & 7)


cdef class _Table:
    """Open addressing (linear probing) from a key to an entry number; with ``bits``,
    a bit per class of hashes set for each key put: most keys not in the table meet
    a clear bit, in an array that stays in the cache where the slots do not."""
    cdef Slot* slots
    cdef Py_ssize_t mask
    cdef Py_ssize_t used
    cdef uint64_t* bits
    cdef uint64_t bits_mask

    def __cinit__(self, Py_ssize_t expected, Py_ssize_t bits=0):
        cdef Py_ssize_t size = 16
        while size < 2 * expected + 2:
            size *= 2
        self.slots = NULL
        self._allocate(size)
        self.bits = <uint64_t*>calloc(bits // 64 + 1, sizeof(uint64_t)) if bits >= 64 else NULL
        self.bits_mask = <uint64_t>(bits - 1)  # (bits: a power of two)

    def __dealloc__(self):
        free(self.slots)
        free(self.bits)

    cdef inline bint maybe(self, const Key* key) noexcept nogil:
        """False when ``key`` is certainly not in the table."""
        cdef uint64_t b = (key.hash >> 40) & self.bits_mask
        return self.bits == NULL or (self.bits[b >> 6] >> (b & 63)) & 1

    cdef int _allocate(self, Py_ssize_t size) except -1:
        cdef Py_ssize_t i
        cdef Slot* slots = <Slot*>qc_big_alloc(size * sizeof(Slot))
        if slots == NULL:
            raise MemoryError()
        for i in range(size):
            slots[i].entry = -1
        free(self.slots)
        self.slots = slots
        self.mask = size - 1
        self.used = 0
        return 0

    cdef inline Py_ssize_t find(self, const Key* key) noexcept nogil:
        """The slot of ``key``, or of the empty slot where it would go."""
        cdef Py_ssize_t slot = <Py_ssize_t>(key.hash & <uint64_t>self.mask)
        cdef uint64_t low = _low(key), high = _high(key)
        while self.slots[slot].entry >= 0 and (self.slots[slot].low != low
                                              or self.slots[slot].high != high):
            slot = (slot + 1) & self.mask
        return slot

    cdef int put(self, Py_ssize_t slot, const Key* key, int32_t entry) except -1:
        """Fill an empty slot found by ``find``; grows (and rehashes) past half full."""
        cdef Slot* old
        cdef Py_ssize_t i, size, target
        cdef Key moved
        self.slots[slot].low = _low(key)
        self.slots[slot].high = _high(key)
        self.slots[slot].entry = entry
        self.used += 1
        if self.bits != NULL:
            self.bits[((key.hash >> 40) & self.bits_mask) >> 6] |= 1ULL << ((key.hash >> 40) & 63)
        if 2 * self.used > self.mask:
            size = self.mask + 1
            old = self.slots
            self.slots = NULL
            try:
                self._allocate(2 * size)
            except MemoryError:
                self.slots = old
                raise
            for i in range(size):
                if old[i].entry >= 0:
                    _unpack(&old[i], &moved)
                    target = self.find(&moved)
                    self.slots[target] = old[i]
                    self.used += 1
            free(old)
        return 0

    cdef void clear(self) noexcept nogil:
        cdef Py_ssize_t i
        for i in range(self.mask + 1):
            self.slots[i].entry = -1
        self.used = 0


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
    # Tokens of at most 16 bytes: their packed ids by their characters, one
    # cache line a look-up where a dict look-up reads three (its index, its
    # entry, the key's string); longer ones stay in ``cache``.
    cdef Short* shorts
    cdef Py_ssize_t short_count
    # The article's n-gram counts (reused between calls).
    cdef _Table counted
    cdef Key* keys
    cdef int64_t* counts
    cdef Py_ssize_t used, capacity

    def __cinit__(self):
        self.keys, self.counts = NULL, NULL
        self.shorts = NULL

    def __init__(self, dict sentence_weights, double sentence_intercept, list length_weights,
                 dict article_weights, shape, Py_ssize_t cache_limit=200000,
                 int32_t id_limit=ID_MASK):
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
        self.shorts = <Short*>qc_big_alloc(SHORT_SLOTS * sizeof(Short))
        if self.shorts == NULL:
            raise MemoryError()
        self._forget_shorts()
        self.shape = shape
        self.counted = _Table(1024)
        self.capacity = 0
        self.used = 0

    def vocabulary_size(self):
        """How many strings the models' n-grams are made of (ids below this)."""
        return self.base

    def __dealloc__(self):
        free(self.keys)
        free(self.counts)
        free(self.shorts)

    cdef void _forget_shorts(self) noexcept:
        memset(self.shorts, 0, SHORT_SLOTS * sizeof(Short))
        self.short_count = 0

    cdef int32_t _known(self, str text) except -1:
        """A model string's id, numbered in first-seen order."""
        found = self.vocab.get(text)
        if found is None:
            found = len(self.vocab)
            self.vocab[text] = found
        return <int32_t>found

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

    cdef uint64_t _token(self, str token) except? 0:
        """Raw, lower-case and shape ids and the "starts alphanumeric" flag, packed:
        remembered by characters for a short token (``shorts``), else in ``cache``."""
        cdef Py_ssize_t length = PyUnicode_GET_LENGTH(token)
        cdef int kind = PyUnicode_KIND(token)
        cdef Py_ssize_t size = length * kind, slot
        cdef uint64_t chars[2]
        cdef uint64_t h, tag, packed
        cdef Short* entry
        if 0 < size <= 16:
            chars[0] = 0
            chars[1] = 0
            memcpy(<char*>chars, PyUnicode_DATA(token), size)
            h = _mix((chars[0] * 0x9E3779B97F4A7C15ULL) ^ _mix(chars[1] ^ <uint64_t>size))
            # equal tags and bytes: the same length, kind and characters, so the same string
            tag = (h & ~(<uint64_t>0xFF)) | (<uint64_t>length << 3) | <uint64_t>kind
            if tag < 0x100:
                tag |= 0x100  # (never 0, the empty slot's)
            slot = <Py_ssize_t>(h & (SHORT_SLOTS - 1))
            while self.shorts[slot].tag != 0:
                entry = &self.shorts[slot]
                if entry.tag == tag and entry.chars[0] == chars[0] and entry.chars[1] == chars[1]:
                    return entry.value
                slot = (slot + 1) & (SHORT_SLOTS - 1)
            packed = self._pack(token)
            if 2 * (self.short_count + 1) > SHORT_SLOTS:
                self._forget_shorts()  # (the ids stay in vocab and fresh)
                slot = <Py_ssize_t>(h & (SHORT_SLOTS - 1))
            entry = &self.shorts[slot]
            entry.tag, entry.value = tag, packed
            entry.chars[0], entry.chars[1] = chars[0], chars[1]
            self.short_count += 1
            return packed
        cached = self.cache.get(token)
        if cached is not None:
            return <uint64_t>cached
        packed = self._pack(token)
        self.cache[token] = packed
        return packed

    cdef uint64_t _pack(self, str token) except? 0:
        """A token's ids, from the vocabularies (and its shape, from Python)."""
        cdef dict fresh = self.fresh
        cdef uint64_t packed = (
            <uint64_t>self._id(token, fresh)
            | (<uint64_t>self._id(token.lower(), fresh) << ID_BITS)
            | (<uint64_t>self._id(self.shape(token), fresh) << (2 * ID_BITS))
            | ((<uint64_t>1 << 63) if token[0].isalnum() else 0)
        )
        return packed

    cdef inline double _weight(self, int kind, const int32_t* ids, int n) noexcept:
        """A feature's weight if it is new in this sentence, else 0.0 (already added)."""
        cdef Key key
        cdef int i
        key.hash = 0
        for i in range(n):
            if ids[i] >= self.base:
                return 0.0
        _make(&key, kind, ids, n)
        if not self.table.maybe(&key):
            return 0.0
        cdef Slot* slot = &self.table.slots[self.table.find(&key)]
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

    cdef double _profile(self, int kind, Py_ssize_t first, Py_ssize_t last, double total):
        """``total`` plus the article model's share of one normalised profile
        (``_add_normalised``): sublinear counts over their Euclidean norm, both
        sums in the profile's first-occurrence order."""
        cdef Py_ssize_t e, slot
        cdef double norm = 0.0, value, weight
        cdef Key key
        key.hash = 0
        if last == first:
            return total
        for e in range(first, last):
            value = 1.0 if self.counts[e] == 1 else 1.0 + log(<double>self.counts[e])
            norm += value * value
        norm = sqrt(norm)
        for e in range(first, last):
            value = 1.0 if self.counts[e] == 1 else 1.0 + log(<double>self.counts[e])
            weight = 0.0
            if (self.keys[e].ids[0] < self.base and self.keys[e].ids[1] < self.base
                    and self.keys[e].ids[2] < self.base and self.keys[e].ids[3] < self.base):
                _make(&key, kind, self.keys[e].ids, self.keys[e].tag & 7)
                slot = self.table.find(&key) if self.table.maybe(&key) else -1
                if slot >= 0 and self.table.slots[slot].entry >= 0:
                    weight = self.table.slots[slot].weight
            total += weight * (value / norm)
        return total

    def score(self, list sentences, double article_start):
        """Each sentence's margin, and ``article_start`` plus the article
        model's n-gram profile terms, from the sentences' token lists.

        Raises OverflowError when an article brings more distinct unknown
        tokens than the id range holds (the caller then takes the pure path).
        """
        cdef Py_ssize_t i, n, size, longest = 0, all_tokens = 0, words_end, at
        cdef int32_t *buffer, *raw, *low, *shapes, *shp
        cdef uint64_t packed
        cdef double total
        cdef int words, length
        cdef list margins = []
        cdef list tokens
        if (self.next_id > self.id_limit // 2
                or len(self.cache) + self.short_count > self.cache_limit):
            self.cache = {}
            self._forget_shorts()  # (their values hold fresh ids)
            self.fresh = {}
            self.next_id = self.base
        for tokens in sentences:
            longest = max(longest, len(tokens))
            all_tokens += len(tokens) + 2
        buffer = <int32_t*>malloc((2 * longest + all_tokens + 4) * sizeof(int32_t))
        if buffer == NULL:
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
                for i in range(n):
                    packed = self._token(tokens[i])
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
                total = self.sentence_intercept
                for i in range(1, n + 1):
                    total += self._weight(S_WORD, &low[i], 1)
                for i in range(n + 1):
                    total += self._weight(S_PAIR, &low[i], 2)
                for size in range(2, 5):
                    for i in range(n + 3 - size):
                        total += self._weight(S_MIXED, &shp[i], size)
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
            total = self._profile(A_WORD, 0, words_end, article_start)
            total = self._profile(A_MIXED, words_end, self.used, total)
        finally:
            free(buffer)
        return margins, total
