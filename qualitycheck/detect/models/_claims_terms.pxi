# Included (``include``) by ``_claims_kernel.pyx``: the terms one sentence's row
# adds up, and the hint that fetches a word's short-table slot before it is read.

from libc.stdlib cimport free

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


cdef class Terms:
    """One claims sentence's products ``weight * value`` in its row's order,
    with the two voice features left to :meth:`margin`."""

    cdef double* values
    cdef Py_ssize_t count
    cdef double intercept, share_weight, writer_weight

    def __cinit__(self):
        self.values = NULL

    def __dealloc__(self):
        free(self.values)

    def margin(self, double share, double writer):
        """``LinearModel.margin`` of the row with ``reported_share`` and
        ``writer_voice`` set to ``share`` and ``writer``."""
        cdef double total = self.intercept
        cdef Py_ssize_t i
        total += self.values[0]
        total += self.values[1]
        total += self.share_weight * share
        total += self.writer_weight * writer
        for i in range(4, self.count):
            total += self.values[i]
        return total
