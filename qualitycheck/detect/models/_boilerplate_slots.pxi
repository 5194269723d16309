# Included (``include``) by ``_boilerplate_kernel.pyx``: the slots of its
# n-gram table, their hash, and the hint that fetches a slot ahead of its look-up.

from libc.stdint cimport int32_t, uint32_t, uint64_t

cdef extern from *:
    """
    /* A hint that a table slot will be read soon; nothing without the builtin. */
    #if defined(__GNUC__) || defined(__clang__)
    #define qc_prefetch(p) __builtin_prefetch((const void*)(p))
    #else
    #define qc_prefetch(p) ((void)(p))
    #endif
    """
    void qc_prefetch(const void* p) nogil

cdef enum:
    AHEAD = 8  # how many n-grams ahead a slot is fetched

ctypedef struct Slot:  # an n-gram with its weight and stamp: one look-up reads all
    uint32_t c[4]
    int32_t entry  # -1 when empty
    uint32_t stamp
    double weight


cdef inline uint64_t _hash(const uint32_t* c) noexcept nogil:
    cdef uint64_t h = (<uint64_t>c[0] << 42) ^ (<uint64_t>c[1] << 21) ^ <uint64_t>c[2]
    h = (h * 0x9E3779B97F4A7C15ULL) ^ <uint64_t>c[3]
    h = (h ^ (h >> 33)) * 0xff51afd7ed558ccdULL
    h = (h ^ (h >> 33)) * 0xc4ceb9fe1a85ec53ULL
    return h ^ (h >> 33)
