# cython: language_level=3, boundscheck=False, wraparound=False, cdivision=True, initializedcheck=False
"""The mt model's reading of text in C: its tokens and its style statistics' word counts.

:func:`tokenize` is ``tokens.tokens`` (``TOKEN.findall`` over the text
translated by ``_TYPOGRAPHY``) without the translated copy and the regex pass;
:class:`WordCounter` is ``features.word_counts``: each distinct word's facts
asked once (``features.type_facts``, passed in, or in C from the word sets it
reads, for a word without an apostrophe) and added per occurrence, the
moving-window type/token ratio over integer ids. Both give the pure path's
lists and integers exactly; this module imports nothing from the package
(``text_kernel.py`` passes in what it needs and checks the pattern, the
typography and the fact bits it was written for), and
``tests/test_mt_kernel_tokens.py`` and ``tests/test_mt_style_features.py``
compare the two. A word of at most 16 bytes is found by its characters
(``primitives/_short_strings.pxi``, compiled in) before the dict.
"""

from libc.stdint cimport int32_t, int64_t, uint32_t
from libc.stdlib cimport free, malloc, realloc

include "../../../primitives/_short_strings.pxi"

#: Bumped with every change to this file; ``text_kernel.py`` refuses a compiled
#: module whose number differs (a stale build next to newer sources).
VERSION = 6

#: What :func:`tokenize` reads text as (``tokens.TOKEN`` over the text
#: translated by ``tokens._TYPOGRAPHY``).
TOKEN_PATTERN = r"[^\W_]+(?:['’][^\W_]+)*|[^\w\s]"
TYPOGRAPHY = {
    **dict.fromkeys(map(ord, "“”„‟«»″"), '"'),
    **dict.fromkeys(map(ord, "‘’‚‛′"), "'"),
    **dict.fromkeys(map(ord, "‐‑‒–—―"), "-"),
    ord("…"): "...",
}

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
    AHEAD = 8  # how many words ahead a word's short-table slot is fetched
    # features.type_facts' bits (TYPE_FACT_BITS below)
    F_FUNCTION = 1
    F_CONTENT = 2
    F_CONTRACTED = 4
    F_ING = 8
    F_THE = 16
    F_A_AN = 32
    F_IS_ARE = 64
    F_PRONOUN = 128
    F_LEFT_OUT = 256
    FACT_BITS = 9

#: The bits :class:`WordCounter` reads ``type_facts``' answers by, in order.
TYPE_FACT_BITS = (F_FUNCTION, F_CONTENT, F_CONTRACTED, F_ING, F_THE, F_A_AN, F_IS_ARE,
                  F_PRONOUN, F_LEFT_OUT)


cdef inline bint _apostrophe(Py_UCS4 ch) noexcept:
    """What ``TYPOGRAPHY`` makes a straight apostrophe, and the apostrophe itself:
    in translated text, the ``'`` of ``TOKEN``'s inner apostrophe."""
    return (ch == u"'" or ch == u"\u2018" or ch == u"\u2019" or ch == u"\u201a"
            or ch == u"\u201b" or ch == u"\u2032")


cdef inline Py_UCS4 _mark(Py_UCS4 ch) noexcept:
    """A one-character punctuation token as ``TYPOGRAPHY`` writes it (``…``,
    three tokens, is handled by the caller)."""
    if (ch == u"\u201c" or ch == u"\u201d" or ch == u"\u201e" or ch == u"\u201f"
            or ch == u"\u00ab" or ch == u"\u00bb" or ch == u"\u2033"):
        return u'"'
    if _apostrophe(ch):
        return u"'"
    if ch >= 0x2010 and ch <= 0x2015:
        return u"-"
    return ch


cdef list _tokenize(str text):
    """``TOKEN.findall(text.translate(TYPOGRAPHY))``: ``re``'s ``\\w`` is
    ``str.isalnum()`` or ``_``, its ``\\s`` ``str.isspace()``; ``TYPOGRAPHY``
    maps punctuation to punctuation, so it moves no word boundary, except
    that the apostrophes it straightens join two words."""
    cdef Py_ssize_t at = 0, stop, length = len(text)
    cdef Py_UCS4 ch
    cdef bint bent
    cdef list found = []
    cdef str word
    while at < length:
        ch = text[at]
        if ch.isalnum():
            stop = at + 1
            bent = False
            while True:
                while stop < length and text[stop].isalnum():
                    stop += 1
                if stop + 1 < length and _apostrophe(text[stop]) and text[stop + 1].isalnum():
                    if text[stop] != u"'":
                        bent = True
                    stop += 2
                    continue
                break
            word = text[at:stop]
            if bent:
                word = "".join([u"'" if _apostrophe(c) else c for c in word])
            found.append(word)
            at = stop
            continue
        if ch == u"\u2026":
            found.extend((".", ".", "."))
        elif ch != u"_" and not ch.isspace():
            found.append(chr(_mark(ch)))
        at += 1
    return found


def tokenize(list sentences):
    """Each sentence's tokens, as ``tokens.tokens`` gives them."""
    cdef str sentence
    return [_tokenize(sentence) for sentence in sentences]


def word_tokens(list sentence_tokens):
    """Each token list's words, ``[t for t in tokens if t[0].isalnum()]`` (what
    ``features.sentence_words`` keeps of a sentence without a rewritten apostrophe)."""
    cdef list result = [], words, found
    cdef str token
    for found in sentence_tokens:
        words = []
        for token in found:
            if len(token) == 0:
                raise IndexError("string index out of range")  # (as t[0] raises)
            if (<Py_UCS4>token[0]).isalnum():
                words.append(token)
        result.append(words)
    return result


cdef class WordCounter:
    """``features.word_counts`` for a run's articles: a word's lower-cased form
    gets an integer id and its facts once (remembered up to ``limit`` words,
    then forgotten between two articles), and every article is counted by them."""
    cdef dict words     # a word -> its lower form's id << FACT_BITS | its facts
    cdef dict lowers    # a lower-cased word -> its id
    cdef object type_facts
    # type_facts' word sets (function words, pronouns, apostrophes left out),
    # or None: every word's facts from type_facts.
    cdef object function_words, pronouns, left_out
    cdef Py_ssize_t limit
    # Per id: the call that last saw it, and its previous position there.
    cdef uint32_t* seen
    cdef int32_t* last
    cdef Py_ssize_t capacity
    cdef uint32_t call
    cdef Shorts shorts  # a short word -> what ``words`` holds for it

    def __cinit__(self):
        self.seen, self.last, self.capacity, self.call = NULL, NULL, 0, 0
        self.shorts.slots = NULL

    def __init__(self, type_facts, Py_ssize_t limit=200000, tuple word_sets=None):
        self.words = {}
        self.lowers = {}
        self.type_facts = type_facts
        self.function_words = self.pronouns = self.left_out = None
        if word_sets is not None:
            self.function_words, self.pronouns, self.left_out = word_sets
        self.limit = limit
        shorts_init(&self.shorts, 1 << 17)  # (4 MiB: 65,536 words before it starts again)

    def __dealloc__(self):
        free(self.seen)
        free(self.last)
        free(self.shorts.slots)

    cdef int _grow(self, Py_ssize_t need) except -1:
        cdef Py_ssize_t size = max(need, 2 * self.capacity, 4096)
        cdef uint32_t* seen = <uint32_t*>realloc(self.seen, size * sizeof(uint32_t))
        if seen == NULL:
            raise MemoryError()
        self.seen = seen
        cdef int32_t* last = <int32_t*>realloc(self.last, size * sizeof(int32_t))
        if last == NULL:
            raise MemoryError()
        self.last = last
        memset(self.seen + self.capacity, 0, (size - self.capacity) * sizeof(uint32_t))
        self.capacity = size
        return 0

    cdef void _next_call(self) noexcept:
        self.call += 1
        if self.call == 0:
            memset(self.seen, 0, self.capacity * sizeof(uint32_t))
            self.call = 1

    cdef int _facts(self, str word) except -1:
        """``type_facts(word)``: in C for a word without an apostrophe (whose
        contraction bit is never set) when the word sets were given."""
        cdef Py_ssize_t n = len(word)
        cdef int bits = 0
        if self.function_words is None or u"'" in word or u"\u2019" in word:
            return <int>(<int64_t>self.type_facts(word) & ((1 << FACT_BITS) - 1))
        if word in self.function_words:
            bits |= F_FUNCTION
        elif n > 3:
            bits |= F_CONTENT
        if n > 5 and word.endswith("ing"):
            bits |= F_ING
        if word == "the":
            bits |= F_THE
        if word == "a" or word == "an":
            bits |= F_A_AN
        if word == "is" or word == "are":
            bits |= F_IS_ARE
        if word in self.pronouns:
            bits |= F_PRONOUN
        if word in self.left_out:
            bits |= F_LEFT_OUT
        return bits

    def facts(self, str word):
        """What ``_facts`` answers (the tests compare it with ``type_facts``)."""
        return self._facts(word)

    cdef int64_t _word(self, str word, bint keep=True) except -1:
        """A new word's packed id and facts (its lower form's, asked once),
        kept in ``words`` unless the short table holds it (``keep`` False)."""
        cdef str lower = word.lower()
        found = self.lowers.get(lower)
        if found is None:
            found = len(self.lowers)
            self.lowers[lower] = found
            if found >= self.capacity:
                self._grow(found + 1)
        cdef int64_t packed = ((<int64_t>found) << FACT_BITS) | <int64_t>self._facts(lower)
        if keep:
            self.words[word] = packed
        return packed

    def counts(self, list words_of, Py_ssize_t window=50):
        """``features.word_counts(words_of)`` as a flat tuple (its ``mattr`` pair last)."""
        cdef Py_ssize_t total = 0, index = 0, size, last_start, first, previous, gap
        cdef int64_t function = 0, contractions = 0, ing = 0, content_total = 0
        cdef int64_t content_types = 0, short = 0, long_words = 0, characters = 0
        cdef int64_t capitalised = 0, the = 0, a_an = 0, is_are = 0, pronouns = 0
        cdef int64_t left_out = 0, lower_i = 0, distinct = 0, windows = 0, packed
        cdef list words
        cdef str word
        cdef int32_t low
        cdef int f
        cdef int32_t* lows
        cdef ShortKey* keys  # each word's short key,
        cdef char* keyed     # whether it has one
        cdef ShortSlot* entry
        if len(self.words) > self.limit or len(self.lowers) > self.limit:
            self.words = {}  # bounded on endless vocabularies (ids start again)
            self.lowers = {}
            shorts_clear(&self.shorts)
        for words in words_of:
            total += len(words)
        lows = <int32_t*>malloc((total + 1) * sizeof(int32_t))
        keys = <ShortKey*>malloc((total + 1) * sizeof(ShortKey))
        keyed = <char*>malloc(total + 1)
        if lows == NULL or keys == NULL or keyed == NULL:
            free(lows)
            free(keys)
            free(keyed)
            raise MemoryError()
        try:
            self._next_call()
            for words in words_of:
                for word in words:
                    keyed[index] = short_key(word, &keys[index])
                    index += 1
            index = 0
            for words in words_of:
                for word in words:
                    # (a word's slot fetched AHEAD words before it is looked up)
                    if index + AHEAD < total and keyed[index + AHEAD]:
                        qc_prefetch(&self.shorts.slots[keys[index + AHEAD].hash
                                                       & <uint64_t>self.shorts.mask])
                    if keyed[index]:
                        entry = short_find(&self.shorts, &keys[index])
                        if entry.tag != 0:
                            packed = <int64_t>entry.value
                        else:
                            packed = self._word(word, False)  # (never in ``words``)
                            short_put(&self.shorts, entry, &keys[index], <uint64_t>packed)
                    else:
                        found = self.words.get(word)
                        packed = self._word(word) if found is None else <int64_t>found
                    low = <int32_t>(packed >> FACT_BITS)
                    f = <int>(packed & ((1 << FACT_BITS) - 1))
                    if self.seen[low] != self.call:
                        self.seen[low] = self.call
                        distinct += 1
                        if f & F_CONTENT:
                            content_types += 1
                    function += (f & F_FUNCTION) != 0
                    content_total += (f & F_CONTENT) != 0
                    contractions += (f & F_CONTRACTED) != 0
                    ing += (f & F_ING) != 0
                    the += (f & F_THE) != 0
                    a_an += (f & F_A_AN) != 0
                    is_are += (f & F_IS_ARE) != 0
                    pronouns += (f & F_PRONOUN) != 0
                    left_out += (f & F_LEFT_OUT) != 0
                    size = len(word)
                    characters += size
                    if size <= 3:
                        short += 1
                    elif size >= 9:
                        long_words += 1
                    if size and word[0].isupper():
                        capitalised += 1
                    if size == 1 and word[0] == u"i":
                        lower_i += 1
                    lows[index] = low
                    index += 1
            # features._mattr_parts over the lower-cased words' ids
            if total <= window:
                mattr = (distinct, max(total, 1))
            else:
                last_start = total - window
                self._next_call()
                for index in range(total):
                    low = lows[index]
                    if self.seen[low] != self.call:
                        self.seen[low] = self.call
                        previous = -1
                    else:
                        previous = self.last[low]
                    self.last[low] = <int32_t>index
                    if index < last_start:
                        gap = index - previous
                        windows += gap if gap < window else window
                    else:
                        first = previous + 1
                        if index - window + 1 > first:
                            first = index - window + 1
                        if last_start >= first:
                            windows += last_start - first + 1
                mattr = (windows, last_start + 1)
        finally:
            free(lows)
            free(keys)
            free(keyed)
        return (total, function, contractions, ing, content_total, content_types, short,
                long_words, characters, capitalised, the, a_an, is_are, pronouns, left_out,
                lower_i, mattr)
