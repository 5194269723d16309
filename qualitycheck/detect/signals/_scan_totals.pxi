# Included by _scan_kernel.pyx: textstat's words looked up in a table of their
# packed facts, without a string or a dict look-up per word.

from libc.stdlib cimport calloc
from libc.string cimport memcmp, memcpy

cdef enum:
    _INLINE = 40  # the longest word the table keeps (in Latin-1 characters)
    _FIRST_SLOTS = 4096
    _MOST_SLOTS = 1 << 17  # 8 MB; a full table starts afresh

cdef struct _Slot:
    unsigned long long hash  # 0: an empty slot
    unsigned long long value
    unsigned int length
    unsigned char chars[40]

cdef _Slot* _slots = NULL
cdef Py_ssize_t _capacity = 0, _used = 0
#: The ``packed`` function whose values the table holds (another one empties it).
cdef object _owner = None


cdef int _resize(Py_ssize_t size, bint keep) except -1:
    """A table of ``size`` slots, with the words of the old one if ``keep``."""
    global _slots, _capacity, _used
    cdef _Slot* fresh = <_Slot*>calloc(size, sizeof(_Slot))
    cdef _Slot* old = _slots
    cdef Py_ssize_t old_capacity = _capacity, i, at
    if fresh == NULL:
        raise MemoryError()
    _slots, _capacity, _used = fresh, size, 0
    if keep:
        for i in range(old_capacity):
            if old[i].hash:
                at = old[i].hash & (size - 1)
                while fresh[at].hash:
                    at = (at + 1) & (size - 1)
                fresh[at] = old[i]
                _used += 1
    free(old)
    return 0


def textstat_forget():
    """Empty the table (for the tests: its answers never depend on it)."""
    _resize(_FIRST_SLOTS, False)


cdef unsigned long long _value(unsigned char* chars, Py_ssize_t length, Py_UCS4* word,
                               packed) except? 0xFFFFFFFFFFFFFFFFULL:
    """The packed facts of a word of at most ``_INLINE`` Latin-1 characters:
    from the table, else from ``packed`` (then kept)."""
    global _used
    cdef unsigned long long h = 14695981039346656037ULL, value
    cdef Py_ssize_t i, at
    for i in range(length):
        h = (h ^ chars[i]) * 1099511628211ULL
    if h == 0:
        h = 1
    if _slots == NULL:
        _resize(_FIRST_SLOTS, False)
    at = h & (_capacity - 1)
    while _slots[at].hash:
        if (_slots[at].hash == h and _slots[at].length == length
                and memcmp(_slots[at].chars, chars, length) == 0):
            return _slots[at].value
        at = (at + 1) & (_capacity - 1)
    value = packed(PyUnicode_FromKindAndData(PyUnicode_4BYTE_KIND, word, length))
    if (_used + 1) * 2 > _capacity:
        _resize(_capacity * 2 if _capacity < _MOST_SLOTS else _capacity, _capacity < _MOST_SLOTS)
        at = h & (_capacity - 1)
        while _slots[at].hash:
            at = (at + 1) & (_capacity - 1)
    _slots[at].hash = h
    _slots[at].value = value
    _slots[at].length = <unsigned int>length
    memcpy(_slots[at].chars, chars, length)
    _used += 1
    return value


def textstat_totals(str text, packed):
    """``(len(words), sum(map(packed, words)))`` for ``words =
    textstat_words(text)``, the same words read the same way. ``packed``
    gives a word's value (an int below 2**64, the same for the same word
    every time): a word of at most 40 Latin-1 characters is asked once and
    its value kept here (for this ``packed``: another one empties the table).
    OverflowError where the sum would pass 2**64."""
    global _owner
    cdef int kind = PyUnicode_KIND(text)
    cdef void* data = PyUnicode_DATA(text)
    cdef Py_ssize_t n = len(text), i, length = 0, count = 0
    cdef Py_UCS4 ch, nxt, after
    cdef unsigned char found
    cdef bint keep, latin = True
    cdef unsigned long long total = 0, value
    cdef unsigned char chars[40]
    cdef Py_UCS4* word = <Py_UCS4*>malloc((n + 1) * sizeof(Py_UCS4))
    if word == NULL:
        raise MemoryError()
    try:
        if packed is not _owner:
            _resize(_FIRST_SLOTS, False)
            _owner = packed
        for i in range(n + 1):
            ch = PyUnicode_READ(kind, data, i) if i < n else 32
            found = _class(ch) if i < n else SPACE
            if found & SPACE:
                if length:
                    if latin and length <= _INLINE:
                        value = _value(chars, length, word, packed)
                    else:
                        value = packed(PyUnicode_FromKindAndData(PyUnicode_4BYTE_KIND, word, length))
                    if total > 0xFFFFFFFFFFFFFFFFULL - value:
                        raise OverflowError("the packed facts add up past 2**64")
                    total += value
                    count += 1
                    length = 0
                    latin = True
                continue
            keep = found & WORD
            if not keep and ch == u"'" and i + 1 < n:
                nxt = PyUnicode_READ(kind, data, i + 1)
                if nxt == u"t" or nxt == u"s" or nxt == u"d":
                    keep = True
                elif i + 2 < n:
                    after = PyUnicode_READ(kind, data, i + 2)
                    keep = ((nxt == u"v" and after == u"e") or (nxt == u"l" and after == u"l")
                            or (nxt == u"r" and after == u"e"))
            if keep:
                if length < _INLINE:
                    chars[length] = <unsigned char>ch
                if ch > 0xFF:
                    latin = False
                word[length] = ch
                length += 1
        return count, total
    finally:
        free(word)
