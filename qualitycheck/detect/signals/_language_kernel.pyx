# cython: language_level=3, boundscheck=False, wraparound=False, initializedcheck=False
"""langdetect's trials in C: the arithmetic of ``Detector._detect_block``.

langdetect (1.0.9) scores a text by seven trials, each drawing n-grams at
random and multiplying every language's probability by the n-gram's weight
for it, normalising every fifth draw until one language passes 0.99999. The
draws stay Python's (``rng.choice`` and ``rng.gauss`` on the detector's own
seeded ``random.Random``, in the same order); the products, the sums and the
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
their languages): the same doubles either way.
"""

from cpython.dict cimport PyDict_GetItem
from cpython.object cimport PyObject
from libc.stdlib cimport free, malloc

#: Bumped with every change to this file; ``language_kernel.py`` refuses a
#: compiled module whose number differs (a stale build next to newer sources).
VERSION = 2


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
        choice = rng.choice
        gauss = rng.gauss
        rng.seed(seed)
        for t in range(n_trial):
            for i in range(languages):
                prob[i] = 1.0 / languages
            alpha = alpha_default + <double>gauss(0.0, 1.0) * alpha_width
            weight = alpha / base_freq
            draw = 0
            while True:
                row = table + <Py_ssize_t>rows[choice(ngrams)] * languages
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
        return [langprob[i] for i in range(languages)]
    finally:
        free(table)
