# cython: language_level=3, boundscheck=False, wraparound=False, cdivision=True, initializedcheck=False
"""How many hyphenation points Pyphen finds in a word, in C.

``len(Pyphen(lang=...).positions(word))`` is readability's syllable count
for a word CMUdict does not know. Pyphen (Liang's algorithm) looks up every
substring of ``.word.`` up to its longest pattern's length in a dictionary:
about 30 substrings built and looked up per character. This module puts the
same patterns in a trie (a node's child by character in one open-addressing
table) and walks it from each start, stopping where no pattern goes on, so a
start costs a few steps; the values are combined by ``max`` as Pyphen does
(its order does not matter), and a point counts where Pyphen keeps one: an
odd value, ``left`` characters from the start and ``right`` from the end.
It imports nothing from the package; ``hyphen_kernel.py`` checks that the
Pyphen it is given is the code this was written against, and
``tests/test_hyphen_kernel.py`` compares the counts with Pyphen's.
"""

from libc.stdint cimport int32_t, uint64_t
from libc.stdlib cimport free, malloc, realloc
from libc.string cimport memset

from cpython.long cimport PyLong_CheckExact

#: Bumped with every change to this file; ``hyphen_kernel.py`` refuses a
#: compiled module whose number differs (a stale build next to newer sources).
VERSION = 2

cdef enum:
    SHORT = 128  # characters of ``.word.`` kept on the stack


cdef inline uint64_t _slot_hash(uint64_t key) nogil:
    return key * <uint64_t>0x9E3779B97F4A7C15ULL


cdef class Counter:
    """The hyphenation points of a word: ``count(word)`` equals
    ``len(pyphen.Pyphen(...).positions(word))`` for the Pyphen whose
    ``hd.patterns``, ``hd.maxlen``, ``left`` and ``right`` it was built with."""

    cdef uint64_t* keys      # per slot: (parent node << 21 | character) + 1; 0 is empty
    cdef int32_t* children   # per slot: the child node
    cdef uint64_t mask
    cdef int shift
    cdef int32_t* starts     # per node: its pattern's first value in ``values``, or -1
    cdef int32_t* offsets    # per node: where its pattern's values start in the word
    cdef int32_t* lengths    # per node: how many values
    cdef int32_t* values
    cdef Py_ssize_t maxlen, left, right

    def __cinit__(self):
        self.keys = NULL
        self.children = NULL
        self.starts = NULL
        self.offsets = NULL
        self.lengths = NULL
        self.values = NULL

    def __dealloc__(self):
        free(self.keys)
        free(self.children)
        free(self.starts)
        free(self.offsets)
        free(self.lengths)
        free(self.values)

    def __init__(self, dict patterns, Py_ssize_t maxlen, Py_ssize_t left, Py_ssize_t right):
        """``patterns``: Pyphen's ``HyphDict.patterns`` (a pattern to its start
        and its values, plain non-negative integers; ``ValueError`` otherwise)."""
        cdef Py_ssize_t edges = 0, total = 0, size = 1, nodes = 1, slot, k
        cdef int shift = 64
        cdef int32_t node, next_value = 0
        cdef uint64_t key
        cdef Py_UCS4 c
        cdef str pattern
        cdef object entry, number
        self.maxlen, self.left, self.right = maxlen, left, right
        for pattern, entry in patterns.items():
            edges += len(pattern)
            total += len(entry[1])
        while size < 2 * edges + 2:
            size *= 2
            shift -= 1
        self.mask, self.shift = size - 1, shift
        self.keys = <uint64_t*>malloc(size * sizeof(uint64_t))
        self.children = <int32_t*>malloc(size * sizeof(int32_t))
        self.starts = <int32_t*>malloc((edges + 1) * sizeof(int32_t))
        self.offsets = <int32_t*>malloc((edges + 1) * sizeof(int32_t))
        self.lengths = <int32_t*>malloc((edges + 1) * sizeof(int32_t))
        self.values = <int32_t*>malloc((total + 1) * sizeof(int32_t))
        if not (self.keys and self.children and self.starts and self.offsets
                and self.lengths and self.values):
            raise MemoryError()
        memset(self.keys, 0, size * sizeof(uint64_t))
        self.starts[0] = -1
        for pattern, entry in patterns.items():
            if not pattern:
                continue  # Pyphen never looks up an empty substring
            offset, numbers = entry
            if not PyLong_CheckExact(offset) or not 0 <= offset < 1 << 30:
                raise ValueError("a pattern's start is not a plain integer")
            node = 0
            for c in pattern:
                key = ((<uint64_t>node) << 21 | <uint64_t>c) + 1
                slot = <Py_ssize_t>(_slot_hash(key) >> shift)
                while self.keys[slot] != 0 and self.keys[slot] != key:
                    slot = (slot + 1) & self.mask
                if self.keys[slot] == 0:
                    self.keys[slot] = key
                    self.children[slot] = <int32_t>nodes
                    self.starts[nodes] = -1
                    nodes += 1
                node = self.children[slot]
            self.starts[node] = next_value
            self.offsets[node] = <int32_t>offset
            self.lengths[node] = <int32_t>len(numbers)
            for number in numbers:
                if not PyLong_CheckExact(number) or not 0 <= number < 1 << 30:
                    raise ValueError("a pattern's value is not a plain integer")
                self.values[next_value] = <int32_t>number
                next_value += 1
        self._compact(nodes)

    cdef void _compact(self, Py_ssize_t nodes):
        """The node arrays cut to the nodes made, and the table again at twice
        their number of slots (both were sized for one node per pattern
        character; prefixes are shared: 15,267 nodes for en_US's 68,208
        characters, 0.6 MB instead of 4 MB)."""
        cdef Py_ssize_t size = 1, old_size = self.mask + 1, slot, at
        cdef int shift = 64
        cdef uint64_t* keys
        cdef int32_t* children
        cdef int32_t* smaller
        smaller = <int32_t*>realloc(self.starts, nodes * sizeof(int32_t))
        if smaller != NULL:
            self.starts = smaller
        smaller = <int32_t*>realloc(self.offsets, nodes * sizeof(int32_t))
        if smaller != NULL:
            self.offsets = smaller
        smaller = <int32_t*>realloc(self.lengths, nodes * sizeof(int32_t))
        if smaller != NULL:
            self.lengths = smaller
        while size < 2 * nodes + 2:
            size *= 2
            shift -= 1
        if size >= old_size:
            return
        keys = <uint64_t*>malloc(size * sizeof(uint64_t))
        children = <int32_t*>malloc(size * sizeof(int32_t))
        if keys == NULL or children == NULL:
            free(keys)
            free(children)
            return  # the larger table stays
        memset(keys, 0, size * sizeof(uint64_t))
        for at in range(old_size):
            if self.keys[at] != 0:
                slot = <Py_ssize_t>(_slot_hash(self.keys[at]) >> shift)
                while keys[slot] != 0:
                    slot = (slot + 1) & (size - 1)
                keys[slot] = self.keys[at]
                children[slot] = self.children[at]
        free(self.keys)
        free(self.children)
        self.keys, self.children = keys, children
        self.mask, self.shift = size - 1, shift

    cdef inline int32_t _child(self, int32_t node, Py_UCS4 c):
        cdef uint64_t key = ((<uint64_t>node) << 21 | <uint64_t>c) + 1
        cdef Py_ssize_t slot = <Py_ssize_t>(_slot_hash(key) >> self.shift)
        cdef uint64_t found
        while True:
            found = self.keys[slot]
            if found == key:
                return self.children[slot]
            if found == 0:
                return -1
            slot = (slot + 1) & self.mask

    def count(self, str word):
        """``len(positions(word))``: Pyphen's points, counted."""
        cdef str lower = word.lower()
        cdef Py_ssize_t n = len(lower) + 2, i, j, k, stop, at, end, points = 0
        cdef Py_ssize_t highest = len(word) - self.right
        cdef Py_UCS4 short_text[SHORT]
        cdef int32_t short_references[SHORT + 1]
        cdef Py_UCS4* text = short_text
        cdef int32_t* references = short_references
        cdef int32_t node, first, value
        cdef Py_UCS4 c
        if n > SHORT:
            text = <Py_UCS4*>malloc(n * sizeof(Py_UCS4))
            references = <int32_t*>malloc((n + 1) * sizeof(int32_t))
            if text == NULL or references == NULL:
                free(text)
                free(references)
                raise MemoryError()
        try:
            text[0] = text[n - 1] = u"."
            k = 1
            for c in lower:
                text[k] = c
                k += 1
            memset(references, 0, (n + 1) * sizeof(int32_t))
            for i in range(n - 1):
                node = 0
                stop = i + self.maxlen
                if stop > n:
                    stop = n
                for j in range(i, stop):
                    node = self._child(node, text[j])
                    if node < 0:
                        break
                    first = self.starts[node]
                    if first < 0:
                        continue
                    at = i + self.offsets[node]
                    end = at + self.lengths[node]
                    if end > n + 1:
                        end = n + 1
                    while at < end:
                        value = self.values[first]
                        if value > references[at]:
                            references[at] = value
                        at += 1
                        first += 1
            for k in range(n + 1):
                if references[k] % 2 and self.left <= k - 1 <= highest:
                    points += 1
            return points
        finally:
            if text != short_text:
                free(text)
                free(references)
