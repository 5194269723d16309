# Included (``include``) by the compiled kernels that look words up by their
# characters; Cython compiles it into each, so no kernel imports another.
# Short strings looked up by their characters in C, tables on large pages,
# and the small helpers several kernels share (the 64-bit mixer their hash
# tables use, a prefix test on ``str``).
#
# A Python dict look-up of a fresh string reads three places far apart in
# memory (its index, its entry, and the stored key's string to compare), each
# a likely cache miss in a table of tens of thousands of words. A string of at
# most 16 bytes (its characters in their own kind: 1, 2 or 4 bytes each) is
# kept here in one 32-byte slot with its length, kind and a value: one cache
# line a look-up. Equal tags and bytes mean the same length, kind and
# characters, so the same string; a string is never mistaken for another.
# Longer strings are the caller's (a dict). The table starts again when half
# full: the values must be ones the caller can compute again.

from libc.stdint cimport uint64_t
from libc.stdlib cimport free
from libc.string cimport memcpy, memset

cdef extern from "Python.h":
    Py_ssize_t PyUnicode_GET_LENGTH(object)
    int PyUnicode_KIND(object)
    void* PyUnicode_DATA(object)

cdef extern from *:
    """
    #include <stdlib.h>
    #if defined(__linux__)
    #include <sys/mman.h>
    #endif
    /* A table of at least 2 MiB on 2 MiB pages where Linux gives them: its
       look-ups land anywhere in it, and one page-table entry then covers what
       512 did (fewer TLB misses). Elsewhere plain malloc; free() releases both. */
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

ctypedef struct ShortSlot:
    uint64_t tag  # the hash's high bits, the length and the kind; 0 when empty
    uint64_t value
    uint64_t chars[2]  # the characters' bytes, zero-padded

ctypedef struct ShortKey:
    uint64_t hash
    uint64_t tag
    uint64_t chars[2]

ctypedef struct Shorts:
    ShortSlot* slots
    Py_ssize_t mask
    Py_ssize_t count


cdef inline uint64_t _short_mix(uint64_t h) noexcept nogil:
    h ^= h >> 33
    h *= 0xff51afd7ed558ccdULL
    h ^= h >> 33
    h *= 0xc4ceb9fe1a85ec53ULL
    h ^= h >> 33
    return h


cdef inline bint _starts(str name, str prefix) noexcept:
    """``name.startswith(prefix)``, without a method call."""
    cdef Py_ssize_t k, m = len(prefix)
    if len(name) < m:
        return False
    for k in range(m):
        if name[k] != prefix[k]:
            return False
    return True


cdef int shorts_init(Shorts* table, Py_ssize_t size) except -1:
    """``size`` slots (a power of two), on large pages from 2 MiB."""
    table.slots = <ShortSlot*>qc_big_alloc(size * sizeof(ShortSlot))
    if table.slots == NULL:
        raise MemoryError()
    table.mask = size - 1
    shorts_clear(table)
    return 0


cdef void shorts_clear(Shorts* table) noexcept:
    memset(table.slots, 0, (table.mask + 1) * sizeof(ShortSlot))
    table.count = 0


cdef inline bint short_key(str text, ShortKey* key) noexcept:
    """Fill ``key`` for ``text``; False when it is empty or longer than 16 bytes."""
    cdef Py_ssize_t length = PyUnicode_GET_LENGTH(text)
    cdef int kind = PyUnicode_KIND(text)
    cdef Py_ssize_t size = length * kind
    if size == 0 or size > 16:
        return False
    key.chars[0] = 0
    key.chars[1] = 0
    memcpy(<char*>key.chars, PyUnicode_DATA(text), size)
    key.hash = _short_mix((key.chars[0] * 0x9E3779B97F4A7C15ULL)
                          ^ _short_mix(key.chars[1] ^ <uint64_t>size))
    key.tag = (key.hash & ~(<uint64_t>0xFF)) | (<uint64_t>length << 3) | <uint64_t>kind
    if key.tag < 0x100:
        key.tag |= 0x100  # (never 0, an empty slot's)
    return True


cdef inline ShortSlot* short_find(Shorts* table, const ShortKey* key) noexcept:
    """The slot holding ``key``, or the empty slot where it would go (``tag`` 0)."""
    cdef Py_ssize_t slot = <Py_ssize_t>(key.hash & <uint64_t>table.mask)
    cdef ShortSlot* entry = &table.slots[slot]
    while entry.tag != 0 and (entry.tag != key.tag or entry.chars[0] != key.chars[0]
                              or entry.chars[1] != key.chars[1]):
        slot = (slot + 1) & table.mask
        entry = &table.slots[slot]
    return entry


cdef inline void short_put(Shorts* table, ShortSlot* empty, const ShortKey* key,
                           uint64_t value) noexcept:
    """Put ``key`` in the ``empty`` slot ``short_find`` gave (starting the
    table again first when it is half full)."""
    if 2 * (table.count + 1) > table.mask + 1:
        shorts_clear(table)
        empty = short_find(table, key)
    empty.tag, empty.value = key.tag, value
    empty.chars[0], empty.chars[1] = key.chars[0], key.chars[1]
    table.count += 1
