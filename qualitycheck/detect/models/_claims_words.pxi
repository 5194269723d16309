# Included (``include``) by ``_claims_kernel.pyx`` after ``_short_strings.pxi``:
# reading a sentence's words in place (``claim_rows.WORD``'s matches, and a lower-
# cased ASCII word's short-table key without making its string), and the small
# set of ids a row's words and pairs are counted once by.

cdef extern from "Python.h":
    Py_UCS4 PyUnicode_READ(int kind, void* data, Py_ssize_t index)

cdef uint64_t EMPTY = 0xFFFFFFFFFFFFFFFFULL


ctypedef struct Seen:
    uint64_t* keys
    Py_ssize_t mask


cdef int _seen_init(Seen* seen, Py_ssize_t count) except -1:
    cdef Py_ssize_t size = 16
    while size < 2 * count + 2:
        size <<= 1
    seen.keys = <uint64_t*>malloc(size * sizeof(uint64_t))
    if seen.keys == NULL:
        raise MemoryError()
    memset(seen.keys, 0xFF, size * sizeof(uint64_t))
    seen.mask = size - 1
    return 0


cdef inline bint _seen_add(Seen* seen, uint64_t key) noexcept:
    """Whether ``key`` is new (and now added)."""
    cdef Py_ssize_t slot = <Py_ssize_t>(_short_mix(key) & <uint64_t>seen.mask)
    while seen.keys[slot] != EMPTY:
        if seen.keys[slot] == key:
            return False
        slot = (slot + 1) & seen.mask
    seen.keys[slot] = key
    return True


cdef inline bint _letter(Py_UCS4 ch) noexcept:
    """``[^\\W\\d_]``: ``re``'s ``\\w`` (``str.isalnum()`` or ``_``) but no
    ``\\d`` (``str.isdecimal()``) and no underscore: among ASCII, A-Z or a-z."""
    if ch < 128:
        return (u'a' <= ch <= u'z') or (u'A' <= ch <= u'Z')
    return ch.isalnum() and not ch.isdecimal()


cdef inline bint _decimal(Py_UCS4 ch) noexcept:
    """``str.isdecimal()`` of one character (among ASCII ones, 0-9)."""
    if ch < 128:
        return u'0' <= ch <= u'9'
    return ch.isdecimal()


cdef inline Py_ssize_t _word_end(int kind, void* text, Py_ssize_t i, Py_ssize_t n) noexcept:
    """The end of the match of ``WORD_PATTERN`` at ``i``, or ``i`` for none:
    letters, then at most one apostrophe joining more letters; or digits."""
    cdef Py_UCS4 ch = PyUnicode_READ(kind, text, i)
    if _letter(ch):
        i += 1
        while i < n and _letter(PyUnicode_READ(kind, text, i)):
            i += 1
        if i + 1 < n and _letter(PyUnicode_READ(kind, text, i + 1)):
            ch = PyUnicode_READ(kind, text, i)
            if ch == u"'" or ch == u"’":
                i += 2
                while i < n and _letter(PyUnicode_READ(kind, text, i)):
                    i += 1
        return i
    if _decimal(ch):
        i += 1
        while i < n and _decimal(PyUnicode_READ(kind, text, i)):
            i += 1
    return i


cdef inline bint _ascii_key(int kind, void* text, Py_ssize_t start, Py_ssize_t stop,
                            ShortKey* key) noexcept:
    """``short_key`` of ``text[start:stop].lower()`` when that is ASCII of at most
    16 characters, read in place (no string made); else False."""
    cdef Py_ssize_t size = stop - start, k
    cdef Py_UCS4 ch
    cdef unsigned char* chars = <unsigned char*>key.chars
    if size > 16:
        return False
    key.chars[0] = 0
    key.chars[1] = 0
    for k in range(size):
        ch = PyUnicode_READ(kind, text, start + k)
        if ch >= 128:
            return False
        chars[k] = <unsigned char>ch
        if u'A' <= ch <= u'Z':
            chars[k] += 32  # its lower case
    key.hash = _short_mix((key.chars[0] * 0x9E3779B97F4A7C15ULL)
                          ^ _short_mix(key.chars[1] ^ <uint64_t>size))
    key.tag = (key.hash & ~(<uint64_t>0xFF)) | (<uint64_t>size << 3) | <uint64_t>1
    if key.tag < 0x100:
        key.tag |= 0x100
    return True
