# cython: language_level=3, boundscheck=False, wraparound=False, cdivision=True, initializedcheck=False
"""The boilerplate model's line margins in C, without building feature dictionaries.

``boilerplate.line_features`` stays the definition; this module computes the
same values (the shape statistics with the same Unicode character classes as
``re`` and ``str``, the character 3- and 4-grams of the folded line, its first
twelve words, the context of its neighbours) and adds ``weight * value`` in the
same order as ``LinearModel.margin`` over the row dictionary, with plain double
additions: the margins are the pure path's to the last bit. An n-gram is its
code points, looked up in an open-addressing table (its slots hold the weights)
built from the model's JSON weights when it loads; a hit is verified on the whole
key. ``tests/test_boilerplate_kernel.py`` checks the two paths agree.
"""

from cpython.mem cimport PyMem_Free
from libc.math cimport log1p
from libc.stdint cimport int32_t, uint32_t, uint64_t
from libc.stdlib cimport calloc, free, malloc

include "../../primitives/_short_strings.pxi"  # (qc_big_alloc: the slots on 2 MiB pages)
include "_boilerplate_slots.pxi"

cdef extern from "Python.h":
    Py_UCS4* PyUnicode_AsUCS4Copy(object) except NULL

#: Bumped with every change to this file; ``boilerplate_kernel.py`` refuses a
#: compiled module whose number differs (a stale build next to newer sources).
VERSION = 8

#: The features with fixed names, in the order of the enum below.
FIXED = (
    "len_words", "len_chars", "terminal", "ends_colon", "upper_share", "digit_share",
    "separator", "url", "prose", "title_share", "stop_share",
    "words=0", "words=1", "words=2", "words=3", "words=4", "words=5", "words=6",
    "words=7", "words=8", "words=9", "words=10", "words=11", "words=12",
    "position", "first", "last", "no_body", "before_body", "dist_body", "after_body", "in_body",
    "prev_prose", "prev_terminal", "prev_len", "prev_rule", "prev_edge",
    "next_prose", "next_terminal", "next_len", "next_rule", "next_edge",
    "run", "prev2_prose", "next2_prose", "repeated", "seen_elsewhere", "rule",
)

cdef enum:
    LEN_WORDS, LEN_CHARS, TERMINAL, ENDS_COLON, UPPER, DIGIT, SEPARATOR, URL, PROSE
    TITLE, STOP, WORDS0
    POSITION = WORDS0 + 13
    FIRST, LAST, NO_BODY, BEFORE_BODY, DIST_BODY, AFTER_BODY, IN_BODY
    PREV, NEXT = PREV + 5
    RUN = NEXT + 5
    PREV2, NEXT2, REPEATED, SEEN, RULE, NFIXED
    NGRAM_CHARS = 80   # _ngrams folds the first 80 characters
    NGRAM_WORDS = 12   # and looks at the first 12 words
    MAX_GRAMS = 2 * (NGRAM_CHARS + 2)  # (more than its 3- and 4-grams)
    NONE = 0xFFFFFFFF  # the fourth code point of a 3-gram
    C_ALNUM = 1, C_ALPHA = 2, C_UPPER = 4, C_DIGIT = 8, C_SPACE = 16  # _is's tests

cdef inline bint _closer(Py_UCS4 ch) noexcept nogil:
    return ch in (u'"', u'\u201d', u'\u2019', u"'", u'\xbb', u')', u']')


cdef inline bint _stop(Py_UCS4 ch, bint wide=False) noexcept nogil:
    """``[.!?…]``, or ``[.!?…。！？]`` when ``wide``."""
    return ch in (u'.', u'!', u'?', u'\u2026') or wide and ch in (u'\u3002', u'\uff01', u'\uff1f')


#: The five tests of ``_is`` (a bit each) for the ASCII code points, from the same
#: methods (a one-character ``str`` method is the ``Py_UCS4`` one): most lines are
#: ASCII, and each method is a look-up in CPython's Unicode database.
_TESTS = (str.isalnum, str.isalpha, str.isupper, str.isdigit, str.isspace)
_TABLE = bytes(sum(1 << k for k, test in enumerate(_TESTS) if test(chr(c))) for c in range(128))
cdef const unsigned char* _ASCII = _TABLE


cdef inline bint _is(Py_UCS4 ch, int bit) noexcept:
    """``isalnum``, ``isalpha``, ``isupper``, ``isdigit`` or ``isspace``, by bit;
    ``_is(ch, C_ALNUM)`` is ``[^\\W_]``, re's word characters without the underscore."""
    if ch < 128:
        return (_ASCII[ch] & bit) != 0
    return (ch.isalnum() if bit == C_ALNUM else ch.isalpha() if bit == C_ALPHA else
            ch.isupper() if bit == C_UPPER else ch.isdigit() if bit == C_DIGIT else ch.isspace())


cdef inline Py_ssize_t _word_end(const Py_UCS4* s, Py_ssize_t i, Py_ssize_t n) noexcept:
    """The end of the ``[^\\W_]+(?:['’][^\\W_]+)?`` match that starts at ``i``."""
    while i < n and _is(s[i], C_ALNUM):
        i += 1
    if i + 1 < n and (s[i] == u"'" or s[i] == u'\u2019') and _is(s[i + 1], C_ALNUM):
        i += 1
        while i < n and _is(s[i], C_ALNUM):
            i += 1
    return i


cdef bint _has(const Py_UCS4* s, Py_ssize_t n, Py_ssize_t at, str text) noexcept:
    cdef Py_ssize_t k, m = len(text)
    if at + m > n:
        return False
    for k in range(m):
        if s[at + k] != text[k]:
            return False
    return True


cdef bint _url(const Py_UCS4* s, Py_ssize_t n) noexcept:
    """``https?://|www\\.|\\S+@\\S+\\.\\w`` found anywhere, in linear time."""
    cdef Py_ssize_t i, start, at
    for i in range(n):
        if s[i] == u'h' and _has(s, n, i, "http"):
            if _has(s, n, i + 4, "://") or _has(s, n, i + 4, "s://"):
                return True
        elif s[i] == u'w' and _has(s, n, i, "www."):
            return True
    # In a run of non-spaces: an "@" after its first character, then at least one
    # character later a "." before a word character (the first "@" is enough).
    i = 0
    while i < n:
        if _is(s[i], C_SPACE):
            i += 1
            continue
        start, at = i, -1
        while i < n and not _is(s[i], C_SPACE):
            if at < 0:
                if s[i] == u'@' and i > start:
                    at = i
            elif (i >= at + 2 and s[i] == u'.' and i + 1 < n
                    and (_is(s[i + 1], C_ALNUM) or s[i + 1] == u'_')):
                return True
            i += 1
    return False


ctypedef struct Line:
    double prefix     # intercept, shape and n-gram terms
    double len_words
    double terminal
    double prose
    Py_ssize_t split  # len(text.split())


cdef class Kernel:
    """The margins of every line of an article for one boilerplate model.

    ``weights`` is the model's weight dictionary: the fixed names (``FIXED``),
    ``c3:``/``c4:`` character n-grams and ``w:`` words; ``stopwords`` the set
    ``stop_share`` looks lower-cased words up in.
    """
    cdef double fixed[NFIXED]
    cdef double intercept
    cdef Slot* slots
    cdef Py_ssize_t mask
    cdef double* weights
    cdef uint32_t* stamps
    cdef uint32_t stamp
    cdef Py_ssize_t count
    cdef dict words
    cdef frozenset stopwords
    cdef Py_ssize_t longest_stopword

    def __cinit__(self):
        self.slots, self.weights, self.stamps = NULL, NULL, NULL

    def __init__(self, dict weights, double intercept, stopwords):
        cdef Py_ssize_t i, size = 16, slot
        cdef str name, rest
        cdef uint32_t c[4]
        self.intercept = intercept
        for i in range(NFIXED):
            self.fixed[i] = weights.get(FIXED[i], 0.0)
        self.stopwords = frozenset(stopwords)
        self.longest_stopword = max([len(w) for w in self.stopwords] or [0])
        while size < 2 * len(weights) + 2:
            size *= 2
        self.mask = size - 1
        self.slots = <Slot*>qc_big_alloc(size * sizeof(Slot))
        self.weights = <double*>malloc((len(weights) + 1) * sizeof(double))
        self.stamps = <uint32_t*>calloc(len(weights) + 1, sizeof(uint32_t))
        if self.slots == NULL or self.weights == NULL or self.stamps == NULL:
            raise MemoryError()
        for i in range(size):
            self.slots[i].entry = -1
        self.words, self.count, self.stamp = {}, 0, 0
        for name, value in weights.items():
            rest = name[3:]
            if name.startswith("w:"):
                self.words[name[2:]] = self.count
            elif (name.startswith("c3:") and len(rest) == 3) or (
                    name.startswith("c4:") and len(rest) == 4):
                for i in range(4):
                    c[i] = <uint32_t>ord(rest[i]) if i < len(rest) else NONE
                slot = self._find(c, _hash(c))
                if self.slots[slot].entry >= 0:
                    raise ValueError("two weights for one n-gram")
                self.slots[slot].c = c
                self.slots[slot].entry = <int32_t>self.count
                self.slots[slot].stamp = 0
                self.slots[slot].weight = value
            else:
                continue
            self.weights[self.count] = value
            self.count += 1

    def __dealloc__(self):
        free(self.slots)
        free(self.weights)
        free(self.stamps)

    cdef inline Py_ssize_t _find(self, const uint32_t* c, uint64_t h) noexcept:
        """The slot of the n-gram ``c`` (its hash ``h``), or the empty slot where it goes."""
        cdef Py_ssize_t slot = <Py_ssize_t>(h & <uint64_t>self.mask)
        while self.slots[slot].entry >= 0 and not (
                self.slots[slot].c[0] == c[0] and self.slots[slot].c[1] == c[1]
                and self.slots[slot].c[2] == c[2] and self.slots[slot].c[3] == c[3]):
            slot = (slot + 1) & self.mask
        return slot

    cdef inline double _once(self, uint32_t* stamp, double weight) noexcept:
        """``weight`` the first time its feature occurs on the line, else 0.0."""
        if stamp[0] == self.stamp:
            return 0.0
        stamp[0] = self.stamp
        return weight

    cdef double _ngrams(self, str normal, double total) except? -1.0:
        """``total`` plus the ``_ngrams`` terms of one line, of ``" " + normal[:80]
        + " "``: 3-grams, 4-grams, then the first twelve words, each distinct
        feature once, in first-occurrence order."""
        cdef Py_UCS4 s[NGRAM_CHARS + 2]
        cdef Py_ssize_t n = min(len(normal), NGRAM_CHARS) + 2, i, j, k, found = 0
        cdef int size
        cdef uint32_t grams[MAX_GRAMS][4]
        cdef uint64_t hashes[MAX_GRAMS]
        cdef Py_ssize_t made = 0, g
        cdef Slot* slot
        self.stamp += 1
        if self.stamp == 0:
            for i in range(self.count):
                self.stamps[i] = 0
            for i in range(self.mask + 1):
                self.slots[i].stamp = 0
            self.stamp = 1
        s[0] = s[n - 1] = u' '
        for i in range(n - 2):
            s[i + 1] = normal[i]
        for size in range(3, 5):
            for i in range(n - size + 1):
                for j in range(4):
                    grams[made][j] = <uint32_t>s[i + j] if j < size else NONE
                hashes[made] = _hash(grams[made])
                made += 1
        for g in range(made):  # (each slot fetched AHEAD look-ups before its own)
            if g + AHEAD < made:
                qc_prefetch(&self.slots[hashes[g + AHEAD] & <uint64_t>self.mask])
            slot = &self.slots[self._find(grams[g], hashes[g])]
            total += 0.0 if slot.entry < 0 else self._once(&slot.stamp, slot.weight)
        i = 0
        while i < n and found < NGRAM_WORDS:
            if not _is(s[i], C_ALNUM):
                i += 1
                continue
            j = _word_end(s, i, n)  # (the word is normal[i - 1:j - 1]: s[0] is a space)
            k = self.words.get(normal[i - 1:j - 1], -1)
            total += 0.0 if k < 0 else self._once(&self.stamps[k], self.weights[k])
            found += 1
            i = j
        return total

    cdef int _line(self, str text, str normal, Line* line, Py_ssize_t min_words) except -1:
        """One line's shape statistics and its margin up to its n-grams."""
        cdef Py_UCS4* s = PyUnicode_AsUCS4Copy(text)
        cdef Py_ssize_t n = len(text), i, j, e, c0, p
        cdef Py_ssize_t words = 0, titles = 0, stops = 0, letters = 0, upper = 0, digits = 0, split = 0
        cdef double terminal, ends_colon, separator = 0.0, prose, total
        cdef bint wide
        try:
            i = 0
            while i < n:
                if not _is(s[i], C_ALNUM):
                    i += 1
                    continue
                j = _word_end(s, i, n)
                words += 1
                titles += _is(s[i], C_UPPER)  # (a C int: ``str.isupper`` would add Python ints)
                if j - i <= self.longest_stopword and text[i:j].lower() in self.stopwords:
                    stops += 1
                i = j
            for i in range(n):
                letters += _is(s[i], C_ALPHA)
                upper += _is(s[i], C_UPPER)
                digits += _is(s[i], C_DIGIT)
                if s[i] in (u'|', u'\xb7', u'\u2022', u'\xbb', u'\u203a', u'/'):
                    separator = 1.0
                if not _is(s[i], C_SPACE) and (i == 0 or _is(s[i - 1], C_SPACE)):
                    split += 1
            e = n
            while e > 0 and _is(s[e - 1], C_SPACE):
                e -= 1
            c0 = e
            while c0 > 0 and _closer(s[c0 - 1]):
                c0 -= 1
            terminal = 1.0 if c0 > 0 and _stop(s[c0 - 1], True) else 0.0
            ends_colon = 1.0 if e > 0 and s[e - 1] == u':' else 0.0
            # layout.is_prose: min_words words and its _TERMINAL, the three alternatives.
            wide = e > 0 and (_stop(s[e - 1], True) or s[e - 1] in (u':', u';', u'"', u'\u201d', u'\xbb'))
            if not wide and c0 < e:
                p = c0 - 1
                while p >= 0 and _is(s[p], C_SPACE):
                    p -= 1
                wide = p >= 0 and _stop(s[p])
            prose = 1.0 if split >= min_words and wide else 0.0
            line.len_words, line.terminal, line.prose, line.split = log1p(<double>words), terminal, prose, split
            total = self.intercept
            total += self.fixed[LEN_WORDS] * line.len_words
            total += self.fixed[LEN_CHARS] * log1p(<double>n)
            total += self.fixed[TERMINAL] * terminal
            total += self.fixed[ENDS_COLON] * ends_colon
            total += self.fixed[UPPER] * (<double>upper / <double>(letters if letters else 1))
            total += self.fixed[DIGIT] * (<double>digits / <double>(n if n > 0 else 1))
            total += self.fixed[SEPARATOR] * separator
            total += self.fixed[URL] * (1.0 if _url(s, n) else 0.0)
            total += self.fixed[PROSE] * prose
            if words:
                total += self.fixed[TITLE] * (<double>titles / <double>words)
                total += self.fixed[STOP] * (<double>stops / <double>words)
            total += self.fixed[WORDS0 + (words if words < 12 else 12)] * 1.0
        finally:
            PyMem_Free(s)
        line.prefix = self._ngrams(normal, total)
        return 0

    def margins(self, list texts, list normals, list repeated, flagged, seen,
                Py_ssize_t min_words, double penalty):
        """Each line's margin, and its margin as if it stood mid-body
        (``mid_body``), for the lines of one article; ``normals`` are the
        lines' ``normalize``d forms, ``repeated`` whether each occurs twice,
        ``flagged`` the set of lines a rule flagged, ``seen`` the run's counts
        (or None); ``min_words`` and ``penalty`` the body span's."""
        cdef Py_ssize_t count = len(texts), i, o, k, j, side, start = 0, first = -1, last = -1
        cdef Py_ssize_t run_start
        cdef double best = 0.0, value, running = 0.0, t, m
        cdef double nb[4]
        cdef int place
        cdef Line* lines = <Line*>malloc((count + 1) * sizeof(Line))
        cdef char* rule = <char*>calloc(count + 1, 1)
        cdef Py_ssize_t* runs = <Py_ssize_t*>calloc(count + 1, sizeof(Py_ssize_t))
        cdef list full = [], middle = []
        if lines == NULL or rule == NULL or runs == NULL:
            free(lines)
            free(rule)
            free(runs)
            raise MemoryError()
        try:
            for i in range(count):
                self._line(texts[i], normals[i], &lines[i], min_words)
                rule[i] = i in flagged
                # layout.body_span
                value = <double>lines[i].split if lines[i].prose else -penalty
                if running <= 0:
                    running, start = value, i
                else:
                    running += value
                if running > best:
                    best, first, last = running, start, i
            i = 0
            while i < count:  # _short_runs
                if lines[i].prose != 0.0:
                    i += 1
                    continue
                run_start = i
                while i < count and lines[i].prose == 0.0:
                    i += 1
                for k in range(run_start, i):
                    runs[k] = i - run_start
            for i in range(count):
                t = lines[i].prefix
                t += self.fixed[POSITION] * (<double>i / <double>(count - 1 if count > 1 else 1))
                t += self.fixed[FIRST] * (1.0 if i == 0 else 0.0)
                t += self.fixed[LAST] * (1.0 if i == count - 1 else 0.0)
                if first < 0:
                    place = NO_BODY
                    t += self.fixed[NO_BODY] * 1.0
                elif i < first:
                    place = BEFORE_BODY
                    t += self.fixed[BEFORE_BODY] * 1.0
                    t += self.fixed[DIST_BODY] * log1p(<double>(first - i))
                elif i > last:
                    place = AFTER_BODY
                    t += self.fixed[AFTER_BODY] * 1.0
                    t += self.fixed[DIST_BODY] * log1p(<double>(i - last))
                else:
                    place = IN_BODY
                m = lines[i].prefix
                if place == IN_BODY:
                    t += self.fixed[IN_BODY] * 1.0
                    m += self.fixed[IN_BODY] * 1.0
                for side in range(2):
                    k = PREV if side == 0 else NEXT
                    o = i - 1 if side == 0 else i + 1
                    if 0 <= o < count:
                        nb[0], nb[1] = lines[o].prose, lines[o].terminal
                        nb[2], nb[3] = lines[o].len_words, 1.0 if rule[o] else 0.0
                        for j in range(4):
                            t += self.fixed[k + j] * nb[j]
                            m += self.fixed[k + j] * nb[j]
                    else:
                        t += self.fixed[k + 4] * 1.0
                value = log1p(<double>runs[i])
                t += self.fixed[RUN] * value
                m += self.fixed[RUN] * value
                if i >= 2:
                    t += self.fixed[PREV2] * lines[i - 2].prose
                    m += self.fixed[PREV2] * lines[i - 2].prose
                if i + 2 < count:
                    t += self.fixed[NEXT2] * lines[i + 2].prose
                    m += self.fixed[NEXT2] * lines[i + 2].prose
                value = 1.0 if repeated[i] else 0.0
                t += self.fixed[REPEATED] * value
                m += self.fixed[REPEATED] * value
                if seen is not None and seen[i]:
                    value = log1p(<double>seen[i])
                    t += self.fixed[SEEN] * value
                    m += self.fixed[SEEN] * value
                value = 1.0 if rule[i] else 0.0
                t += self.fixed[RULE] * value
                m += self.fixed[RULE] * value
                # mid_body's additions: in the body, mid-way, a missing
                # neighbour replaced by the one on the other side.
                if place != IN_BODY:
                    m += self.fixed[IN_BODY] * 1.0
                m += self.fixed[POSITION] * 0.5
                for side in range(2):
                    # prev_* from the next line when the previous one is missing, and back.
                    k = PREV if side == 0 else NEXT
                    o = i + 1 if side == 0 else i - 1
                    if 0 <= 2 * i - o < count or not (0 <= o < count):
                        continue
                    nb[0], nb[1] = lines[o].prose, lines[o].terminal
                    nb[2], nb[3] = lines[o].len_words, 1.0 if rule[o] else 0.0
                    for j in range(4):
                        m += self.fixed[k + j] * nb[j]
                full.append(t)
                middle.append(m)
        finally:
            free(lines)
            free(rule)
            free(runs)
        return full, middle
