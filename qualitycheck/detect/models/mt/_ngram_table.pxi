# Included (``include``) by ``_kernel.pyx``, after its constants (MAXN, ID_BITS,
# ID_MASK): the n-gram keys and the open-addressing tables of weights and counts.

from libc.stdint cimport int32_t, uint32_t, uint64_t
from libc.stdlib cimport calloc, free

cdef extern from *:
    """
    /* A hint that a table slot will be read soon (its cache line fetched while
       other work goes on); nothing where the compiler has no such builtin. */
    #if defined(__GNUC__) || defined(__clang__)
    #define qc_prefetch(p) __builtin_prefetch((const void*)(p))
    #else
    #define qc_prefetch(p) ((void)(p))
    #endif
    """
    void qc_prefetch(const void* p) nogil

cdef enum:
    AHEAD = 8  # how many look-ups ahead a slot is fetched

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


cdef inline void _make(Key* key, int kind, const int32_t* ids, int n) noexcept nogil:
    cdef uint64_t h = <uint64_t>(kind * 8 + n)
    cdef int i
    key.tag = kind * 8 + n
    for i in range(MAXN):
        key.ids[i] = ids[i] if i < n else -1
        h = (h * 0x9E3779B97F4A7C15ULL) ^ <uint64_t>(<uint32_t>key.ids[i])
    key.hash = _short_mix(h)


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

    cdef inline void fetch(self, const Key* key) noexcept nogil:
        """Start reading ``key``'s first slot (where a look-up will begin)."""
        qc_prefetch(&self.slots[key.hash & <uint64_t>self.mask])

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
