# cython: language_level=3, boundscheck=False, wraparound=False, initializedcheck=False
"""langdetect's trials in C: ``Detector._detect_block`` after its text cleaning.

langdetect (1.0.9) scores a text by seven trials, each drawing n-grams at
random and multiplying every language's probability by the n-gram's weight
for it, normalising every fifth draw until one language passes 0.99999. The
draws stay Python's (``rng.choice`` and ``rng.gauss`` on the detector's own
seeded ``random.Random``, in the same order: its Mersenne Twister state is
read once, drawn from here as ``choice`` and ``gauss`` draw, and written back);
the products, the sums and the
divisions run here on C doubles, each one rounding as Python's float
operation does (no contraction: ``hatch_build.py`` passes
``-ffp-contract=off``), so the probabilities are langdetect's to the last
bit. ``sum()`` is Python 3.11's plain left-to-right addition from ``0.0``
(3.12 compensates): ``language_kernel.py`` uses this module only on 3.11 and
only over the langdetect source it was written for. This module imports
nothing from the package.

The n-grams' weights come from langdetect's own table (a dict of lists) or
from the compact one :mod:`language_profiles` loads from the per-user cache
(each n-gram's row number, and the rows' nonzero weights, 4 % of them, with
their languages): the same doubles either way. The n-grams themselves are
found here too (``_extract_ngrams``, ``NGram.add_char``), each character
normalised by langdetect's own ``NGram.normalize``, asked once per character
and remembered.
"""

from cpython.dict cimport PyDict_Contains, PyDict_GetItem
from cpython.object cimport PyObject
from cpython.unicode cimport Py_UNICODE_ISUPPER, PyUnicode_FromOrdinal
from libc.math cimport cos, log, sin, sqrt
from libc.stdint cimport uint32_t
from libc.stdlib cimport free, malloc

#: Bumped with every change to this file; ``language_kernel.py`` refuses a
#: compiled module whose number differs (a stale build next to newer sources).
VERSION = 3


def trials(list ngrams, dict word_lang_prob_map, Py_ssize_t languages, rng, seed,
           double alpha_default, double alpha_width, Py_ssize_t n_trial,
           double conv_threshold, Py_ssize_t iteration_limit, double base_freq):
    """``Detector.langprob`` as ``_detect_block`` leaves it, from the n-grams
    ``_extract_ngrams`` found (not empty, each in ``word_lang_prob_map``)."""
    return _trials(ngrams, word_lang_prob_map, None, None, None, languages, rng, seed,
                   alpha_default, alpha_width, n_trial, conv_threshold, iteration_limit,
                   base_freq)


def table_trials(list ngrams, row_numbers, const long long[::1] offsets,
                 const unsigned short[::1] columns, const double[::1] values,
                 Py_ssize_t languages, rng, seed, double alpha_default, double alpha_width,
                 Py_ssize_t n_trial, double conv_threshold, Py_ssize_t iteration_limit,
                 double base_freq):
    """:func:`trials` over the compact table: ``row_numbers`` (read as a plain
    dict, whatever its class) gives an n-gram's row ``r``; the row's nonzero
    weights are ``values[offsets[r]:offsets[r + 1]]``, for the languages
    ``columns`` gives, and every other weight is 0.0."""
    if not isinstance(row_numbers, dict):
        raise TypeError("row_numbers must be a dict (or a subclass)")
    return _trials(ngrams, row_numbers, offsets, columns, values, languages, rng, seed,
                   alpha_default, alpha_width, n_trial, conv_threshold, iteration_limit,
                   base_freq)


cdef list _trials(list ngrams, object weights_of, const long long[::1] offsets,
                  const unsigned short[::1] columns, const double[::1] values,
                  Py_ssize_t languages, rng, seed, double alpha_default, double alpha_width,
                  Py_ssize_t n_trial, double conv_threshold, Py_ssize_t iteration_limit,
                  double base_freq):
    """The trials; each distinct n-gram's weights are copied into one C table
    first, from ``weights_of``'s lists or, with ``values``, from its rows."""
    cdef dict rows = {}
    cdef Py_ssize_t distinct = 0, k, i, t, draw, r, j, column
    cdef double alpha, weight, total, top, p
    cdef double* table
    cdef Py_ssize_t* ids = NULL
    cdef Twister twister
    cdef double* row
    cdef double* prob
    cdef double* langprob
    cdef list weights
    cdef PyObject* found
    for word in ngrams:
        if word not in rows:
            rows[word] = distinct
            distinct += 1
    table = <double*>malloc((distinct * languages + 2 * languages + 1) * sizeof(double))
    if table == NULL:
        raise MemoryError()
    prob = table + distinct * languages
    langprob = prob + languages
    try:
        for word, k in rows.items():
            if values is None:
                weights = weights_of[word]
                if len(weights) != languages:
                    raise ValueError("an n-gram's weights do not cover every language")
                for i in range(languages):
                    table[k * languages + i] = weights[i]
                continue
            found = PyDict_GetItem(weights_of, word)
            if found == NULL:
                raise KeyError(word)
            r = <Py_ssize_t><object>found
            if r < 0 or r + 1 >= offsets.shape[0] or not (
                0 <= offsets[r] <= offsets[r + 1] <= values.shape[0]
            ):
                raise ValueError("an n-gram's row lies outside the table")
            for i in range(languages):
                table[k * languages + i] = 0.0
            for j in range(offsets[r], offsets[r + 1]):
                column = columns[j]
                if column >= languages:
                    raise ValueError("an n-gram's weight names no language")
                table[k * languages + column] = values[j]
        for i in range(languages):
            langprob[i] = 0.0
        if len(ngrams) > 0xFFFFFFFF:
            raise ValueError("more n-grams than 32-bit draws can choose from")
        ids = <Py_ssize_t*>malloc(len(ngrams) * sizeof(Py_ssize_t))
        if ids == NULL:
            raise MemoryError()
        for k in range(len(ngrams)):
            ids[k] = <Py_ssize_t>rows[ngrams[k]]
        rng.seed(seed)
        _load(&twister, rng)
        for t in range(n_trial):
            for i in range(languages):
                prob[i] = 1.0 / languages
            alpha = alpha_default + _gauss(&twister, 0.0, 1.0) * alpha_width
            weight = alpha / base_freq
            draw = 0
            while True:
                row = table + ids[_below(&twister, len(ngrams))] * languages
                for i in range(languages):
                    prob[i] *= weight + row[i]
                if draw % 5 == 0:
                    total = 0.0
                    for i in range(languages):
                        total += prob[i]
                    if total == 0.0:
                        raise ZeroDivisionError("float division by zero")
                    top = 0.0
                    for i in range(languages):
                        p = prob[i] / total
                        if top < p:
                            top = p
                        prob[i] = p
                    if top > conv_threshold or draw >= iteration_limit:
                        break
                draw += 1
            for i in range(languages):
                langprob[i] += prob[i] / n_trial
        _store(&twister, rng)
        return [langprob[i] for i in range(languages)]
    finally:
        free(table)
        free(ids)


# --- Python's random.Random, as choice() and gauss() draw (CPython 3.11) ---

cdef enum:
    _N = 624
    _M = 397

cdef struct Twister:
    uint32_t state[624]
    Py_ssize_t index
    double gauss_next
    bint has_gauss


cdef int _load(Twister* twister, rng) except -1:
    """The generator's state as ``rng.getstate()`` gives it (version 3)."""
    version, internal, gauss_next = rng.getstate()
    if version != 3 or len(internal) != _N + 1 or not 0 <= internal[_N] <= _N:
        raise ValueError("not a version 3 Mersenne Twister state")
    for i in range(_N):
        twister.state[i] = internal[i]
    twister.index = internal[_N]
    twister.has_gauss = gauss_next is not None
    twister.gauss_next = gauss_next if twister.has_gauss else 0.0
    return 0


cdef int _store(Twister* twister, rng) except -1:
    """``rng.setstate`` with the state the draws left."""
    internal = tuple([twister.state[i] for i in range(_N)]) + (twister.index,)
    rng.setstate((3, internal, twister.gauss_next if twister.has_gauss else None))
    return 0


cdef inline uint32_t _next(Twister* twister) noexcept nogil:
    """``genrand_uint32`` of CPython's ``_randommodule.c``."""
    cdef uint32_t y
    cdef uint32_t* mt = twister.state
    cdef int kk
    if twister.index >= _N:
        for kk in range(_N - _M):
            y = (mt[kk] & 0x80000000U) | (mt[kk + 1] & 0x7fffffffU)
            mt[kk] = mt[kk + _M] ^ (y >> 1) ^ ((y & 1U) * 0x9908b0dfU)
        for kk in range(_N - _M, _N - 1):
            y = (mt[kk] & 0x80000000U) | (mt[kk + 1] & 0x7fffffffU)
            mt[kk] = mt[kk + (_M - _N)] ^ (y >> 1) ^ ((y & 1U) * 0x9908b0dfU)
        y = (mt[_N - 1] & 0x80000000U) | (mt[0] & 0x7fffffffU)
        mt[_N - 1] = mt[_M - 1] ^ (y >> 1) ^ ((y & 1U) * 0x9908b0dfU)
        twister.index = 0
    y = mt[twister.index]
    twister.index += 1
    y ^= y >> 11
    y ^= (y << 7) & 0x9d2c5680U
    y ^= (y << 15) & 0xefc60000U
    y ^= y >> 18
    return y


cdef inline double _random(Twister* twister) noexcept nogil:
    """``random()``: 53 bits from two words."""
    cdef uint32_t a = _next(twister) >> 5
    cdef uint32_t b = _next(twister) >> 6
    return (a * 67108864.0 + b) * (1.0 / 9007199254740992.0)


cdef inline Py_ssize_t _below(Twister* twister, Py_ssize_t n) noexcept nogil:
    """``_randbelow_with_getrandbits(n)`` for ``0 < n < 2**32`` (what ``choice``
    draws): ``getrandbits(k)`` is a word's top ``k`` bits for ``k <= 32``."""
    cdef int k = 0
    cdef Py_ssize_t m = n
    cdef uint32_t r
    while m:
        k += 1
        m >>= 1
    r = _next(twister) >> (32 - k)
    while r >= n:
        r = _next(twister) >> (32 - k)
    return r


cdef double _gauss(Twister* twister, double mu, double sigma) noexcept nogil:
    """``gauss(mu, sigma)``, its second value kept for the next call."""
    cdef double z, x2pi, g2rad
    if twister.has_gauss:
        z = twister.gauss_next
        twister.has_gauss = False
    else:
        x2pi = _random(twister) * (2.0 * 3.141592653589793)
        g2rad = sqrt(-2.0 * log(1.0 - _random(twister)))
        z = cos(x2pi) * g2rad
        twister.gauss_next = sin(x2pi) * g2rad
        twister.has_gauss = True
    return mu + z * sigma


def draws(rng, seed, sizes):
    """For testing: after ``rng.seed(seed)``, ``rng.gauss(0.0, 1.0)`` for each
    size 0 and ``rng._randbelow(size)`` for the others, drawn here (the
    generator's state written back, as the trials leave it)."""
    cdef Twister twister
    cdef Py_ssize_t size
    rng.seed(seed)
    _load(&twister, rng)
    found = []
    for size in sizes:
        if not 0 <= size <= 0xFFFFFFFF:
            raise ValueError("a size outside 0 .. 2**32 - 1")
        found.append(_gauss(&twister, 0.0, 1.0) if size == 0 else _below(&twister, size))
    _store(&twister, rng)
    return found


# --- langdetect's _extract_ngrams and NGram.add_char ---

#: ``normalize(chr(c))`` for the characters of the Basic Multilingual Plane
#: met so far (``_UNSEEN``: not asked yet), and a dict for the others; kept
#: for one ``normalize`` function (another one starts them afresh).
cdef uint32_t _UNSEEN = 0xFFFFFFFFU
cdef uint32_t* _bmp = NULL
cdef dict _astral = {}
cdef object _normalizer = None


cdef uint32_t _normal(uint32_t c, normalize) except? 0xFFFFFFFEU:
    global _bmp, _astral, _normalizer
    cdef uint32_t found
    cdef Py_ssize_t i
    if normalize is not _normalizer and normalize != _normalizer:
        if _bmp == NULL:
            _bmp = <uint32_t*>malloc(0x10000 * sizeof(uint32_t))
            if _bmp == NULL:
                raise MemoryError()
        for i in range(0x10000):
            _bmp[i] = _UNSEEN
        _astral = {}
        _normalizer = normalize
    if c < 0x10000:
        if _bmp[c] != _UNSEEN:
            return _bmp[c]
    else:
        known = _astral.get(<long>c)
        if known is not None:
            return known
    result = normalize(PyUnicode_FromOrdinal(c))
    if not isinstance(result, str) or len(result) != 1:
        raise ValueError("normalize gave something other than one character")
    found = ord(result)
    if c < 0x10000:
        _bmp[c] = found
    elif len(_astral) < 65536:
        _astral[<long>c] = found
    return found


def extract_ngrams(str text, table, normalize):
    """``Detector._extract_ngrams()`` over ``text`` (the detector's cleaned
    text): its n-grams found in ``table`` (``in``, as a plain dict answers),
    with ``normalize`` as ``NGram.normalize``."""
    cdef list result = []
    cdef Py_UCS4 grams[3]
    cdef Py_ssize_t length = 1, n
    cdef bint capital = False
    cdef Py_UCS4 ch, c, last
    if not isinstance(table, dict):
        raise TypeError("table must be a dict (or a subclass)")
    grams[0] = 32
    for ch in text:
        c = _normal(ch, normalize)
        # NGram.add_char
        last = grams[length - 1]
        if last == 32:
            grams[0] = 32
            length = 1
            capital = False
            if c == 32:
                continue  # nothing to find in " "
        elif length >= 3:
            grams[0] = grams[1]
            grams[1] = grams[2]
            length = 2
        grams[length] = c
        length += 1
        if Py_UNICODE_ISUPPER(c):
            if Py_UNICODE_ISUPPER(last):
                capital = True
        else:
            capital = False
        # _extract_ngrams' loop over n = 1 .. 3
        if capital:
            continue
        for n in range(1, 4):
            if length < n:
                break
            if n == 1 and c == 32:
                continue
            word = _gram(grams, length, n)
            if PyDict_Contains(table, word) == 1:
                result.append(word)
    return result


cdef inline object _gram(Py_UCS4* grams, Py_ssize_t length, Py_ssize_t n):
    """``grams[-n:]`` as a str (in its canonical, narrowest form)."""
    return PyUnicode_FromKindAndData(4, &grams[length - n], n)


cdef extern from "Python.h":
    object PyUnicode_FromKindAndData(int kind, const void* buffer, Py_ssize_t size)


# --- Detector.append's space collapsing and Detector.cleaning_text ---

def collapsed(str text, Py_ssize_t limit):
    """What ``Detector.append`` adds to its text once the URLs, e-mail
    addresses and Vietnamese marks are replaced: the first ``limit``
    characters, each space that follows a space left out."""
    cdef Py_ssize_t n = min(len(text), limit), i, length = 0
    cdef Py_UCS4 ch, previous = 0
    cdef Py_UCS4* kept
    if n <= 0:
        return ""
    kept = <Py_UCS4*>malloc(n * sizeof(Py_UCS4))
    if kept == NULL:
        raise MemoryError()
    try:
        for i in range(n):
            ch = text[i]
            if ch != 32 or previous != 32:
                kept[length] = ch
                length += 1
            previous = ch
        return PyUnicode_FromKindAndData(4, kept, length)
    finally:
        free(kept)


def cleaned(str text):
    """``Detector.cleaning_text``: when fewer than half as many characters
    are in ``A``..``z`` as are at or past U+0300 (its block test never
    excludes one: ``unicode_block`` answers numbers, not the name it is
    compared with), the text without the ``A``..``z`` ones; else the text."""
    cdef Py_ssize_t latin = 0, other = 0, length = 0
    cdef Py_UCS4 ch
    cdef Py_UCS4* kept
    for ch in text:
        if 65 <= ch <= 122:
            latin += 1
        elif ch >= 0x300:
            other += 1
    if latin * 2 >= other:
        return text
    kept = <Py_UCS4*>malloc((len(text) + 1) * sizeof(Py_UCS4))
    if kept == NULL:
        raise MemoryError()
    try:
        for ch in text:
            if ch < 65 or ch > 122:
                kept[length] = ch
                length += 1
        return PyUnicode_FromKindAndData(4, kept, length)
    finally:
        free(kept)
