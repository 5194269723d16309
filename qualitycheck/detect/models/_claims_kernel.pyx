# cython: language_level=3, boundscheck=False, wraparound=False, cdivision=True, initializedcheck=False
"""The claims model's sentence margins in C, without building feature dictionaries.

``claim_rows.features`` stays the definition; this module computes the same
values and adds ``weight * value`` in the row dictionary's order, as
``LinearModel.margin`` does (``functools.reduce(add)`` from the intercept),
with plain double additions, so the margins are the pure path's to the last
bit, for any voice (:meth:`Terms.margin` sets the two voice features in their
place). It reads the sentence's words itself (``claim_rows.WORD``'s matches,
lower-cased) and counts the cue lists' words (``claim_cues.list_cues``); the
cue patterns and the attribution check stay Python (passed in). A word is an
integer id from a dictionary built from the model's JSON weights and the cue
lists at the first score (nothing baked in), which also holds the lists the
word is in; a word pair is looked up in an open-addressing table keyed by its
two ids. Every hit is exact: an id stands for one whole string. A model
word's id also holds the facts the row counts of it (``ClaimRows._facts``);
a short word's id and facts are found by its characters (``primitives/_short_strings.pxi``).
It imports nothing from the package (``claim_rows.py`` passes in its word
lists), and ``tests/test_claims_kernel*.py`` check the two paths agree.
:meth:`ClaimRows.pattern_mask` tells which cue patterns a sentence holds the
words for (``claim_cues.possible_patterns``), from the same word table.
"""

from libc.math cimport log1p
from libc.stdint cimport uint64_t
from libc.stdlib cimport free, malloc

include "../../primitives/_short_strings.pxi"
include "_claims_words.pxi"

#: Bumped with every change to this file; ``claims_kernel.py`` refuses a
#: compiled module whose number differs (a stale build next to newer sources).
VERSION = 10

#: The pattern :meth:`ClaimRows.terms` reads words by (``claim_rows.WORD``; the
#: test fails when that pattern changes and this module does not).
WORD_PATTERN = r"[^\W\d_]+(?:['’][^\W\d_]+)?|\d+"

#: The claims row's fixed features, in the row's order (``claim_rows.features``).
FIXED = (
    "len", "attributed", "reported_share", "writer_voice", "quote", "digits",
    "first_person", "second_person", "evaluative", "superlative", "capitalised",
    "question", "exclamation",
)

cdef enum:
    NFIXED = 13
    MAXLISTS = 8   # cue lists a word's membership byte can hold
    # a word's facts, a bit each (ClaimRows._facts)
    DIGITS = 1, FIRST = 2, SECOND = 4, EVALUATIVE = 8, SUPERLATIVE = 16


include "_claims_terms.pxi"


cdef class ClaimRows:
    """The claims model's sentence rows as :class:`Terms`, for one weights dictionary."""

    cdef dict vocab              # word -> id: the model's words, then words seen since
    cdef dict known              # the model's words only (vocab starts again from it)
    cdef Shorts shorts           # a short word's id and facts (``_entry``) by its characters
    cdef Py_ssize_t nknown
    cdef double* word_weights    # "w:word" by id
    cdef unsigned char* masks    # the cue lists a known word is in, a bit each
    cdef unsigned char* facts    # a known word's facts (DIGITS, FIRST, ...), a bit each
    cdef Py_ssize_t nlists
    cdef double list_weights[MAXLISTS]   # "cue:<list>"
    cdef double count_weights[MAXLISTS]  # "cue:<list>_count"
    cdef uint64_t* pair_keys     # (first id << 32) | second id; EMPTY when free
    cdef double* pair_weights
    cdef Py_ssize_t pair_mask
    cdef double fixed[NFIXED]
    cdef double intercept
    cdef dict weights
    cdef dict rules
    cdef frozenset first_person, second_person
    cdef tuple evaluative
    cdef str superlative, quotes, folds
    cdef Py_ssize_t limit
    cdef unsigned char* pattern_sets  # the cue patterns' word sets a known word is in
    cdef Py_ssize_t npatterns
    cdef bint every_time              # a pattern word the table cannot hold: all may match
    cdef list names                   # each model word by its id (``positive_words``)

    def __cinit__(self):
        self.word_weights, self.masks, self.facts, self.pattern_sets = NULL, NULL, NULL, NULL
        self.pair_keys, self.pair_weights, self.shorts.slots = NULL, NULL, NULL

    def __init__(self, dict weights, double intercept, first_person, second_person,
                 tuple evaluative, str superlative, str quotes, tuple lists,
                 tuple pattern_words, str folds, Py_ssize_t limit=200_000):
        """``lists``: the cue lists, ``(name, words)`` in the row's order;
        ``pattern_words``: each cue pattern's two word sets; ``folds``: the
        characters after which a sentence's runs tell nothing (``wordruns``)."""
        cdef Py_ssize_t k, size = 16, slot
        cdef list words = [], pairs = []
        cdef str name
        cdef list parts
        cdef uint64_t key
        self.weights = weights
        self.intercept = intercept
        self.limit = limit
        self.first_person, self.second_person = frozenset(first_person), frozenset(second_person)
        self.evaluative, self.superlative, self.quotes = evaluative, superlative, quotes
        for k in range(NFIXED):
            self.fixed[k] = weights.get(FIXED[k], 0.0)
        self.rules = {}
        vocab = {}
        for name, value in weights.items():
            if name.startswith("w:"):
                words.append((vocab.setdefault(name[2:], len(vocab)), value))
            elif name.startswith("b:"):
                # a word holds no space: a name with another count never matches
                parts = name[2:].split(" ")
                if len(parts) == 2:
                    pairs.append((vocab.setdefault(parts[0], len(vocab)),
                                  vocab.setdefault(parts[1], len(vocab)), value))
            elif name.startswith("rule:"):
                self.rules[name[5:]] = value
        if len(lists) > MAXLISTS:
            raise ValueError(f"at most {MAXLISTS} cue lists")
        self.nlists = len(lists)
        member_ids = []
        for k, (list_name, members) in enumerate(lists):
            self.list_weights[k] = weights.get(f"cue:{list_name}", 0.0)
            self.count_weights[k] = weights.get(f"cue:{list_name}_count", 0.0)
            for member in members:
                member_ids.append((vocab.setdefault(member, len(vocab)), k))
        self.npatterns, self.folds = len(pattern_words), folds
        self.every_time = self.npatterns > 4
        for k, sets in enumerate(pattern_words[:4]):
            for j, members in enumerate(sets):
                for member in members:
                    member_ids.append((vocab.setdefault(member, len(vocab)), 8 + 2 * k + j))
                    # a lower-case ASCII run of at most 16 characters, or the table cannot tell
                    self.every_time |= not (member.isascii() and member.isalnum()
                                            and member.islower() and len(member) <= 16)
        self.known, self.vocab, self.nknown = vocab, dict(vocab), len(vocab)
        shorts_init(&self.shorts, 1 << 17)  # (4 MiB: 65,536 words before it starts again)
        self.masks = <unsigned char*>malloc((self.nknown + 1) * sizeof(unsigned char))
        if self.masks == NULL:
            raise MemoryError()
        self.pattern_sets = <unsigned char*>malloc((self.nknown + 1) * sizeof(unsigned char))
        if self.pattern_sets == NULL:
            raise MemoryError()
        memset(self.masks, 0, (self.nknown + 1) * sizeof(unsigned char))
        memset(self.pattern_sets, 0, (self.nknown + 1) * sizeof(unsigned char))
        for word_id, k in member_ids:  # a cue list's bit, or from 8 a pattern set's
            if k < 8:
                self.masks[<Py_ssize_t>word_id] |= <unsigned char>(1 << k)
            else:
                self.pattern_sets[<Py_ssize_t>word_id] |= <unsigned char>(1 << (k - 8))
        self.facts = <unsigned char*>malloc((self.nknown + 1) * sizeof(unsigned char))
        if self.facts == NULL:
            raise MemoryError()
        for name, word_id in vocab.items():  # each model word's facts, once
            self.facts[<Py_ssize_t>word_id] = self._facts(name)
        self.word_weights = <double*>malloc((self.nknown + 1) * sizeof(double))
        while size < 2 * len(pairs) + 2:
            size <<= 1
        self.pair_keys = <uint64_t*>malloc(size * sizeof(uint64_t))
        self.pair_weights = <double*>malloc(size * sizeof(double))
        if self.word_weights == NULL or self.pair_keys == NULL or self.pair_weights == NULL:
            raise MemoryError()
        self.pair_mask = size - 1
        memset(self.pair_keys, 0xFF, size * sizeof(uint64_t))
        for k in range(self.nknown):
            self.word_weights[k] = 0.0
        for k, value in words:
            self.word_weights[k] = value
        for first, second, value in pairs:
            key = (<uint64_t>first << 32) | <uint64_t>second
            slot = <Py_ssize_t>(_short_mix(key) & <uint64_t>self.pair_mask)
            while self.pair_keys[slot] != EMPTY and self.pair_keys[slot] != key:
                slot = (slot + 1) & self.pair_mask
            self.pair_keys[slot] = key
            self.pair_weights[slot] = value

    def __dealloc__(self):
        free(self.word_weights)
        free(self.masks)
        free(self.facts)
        free(self.pattern_sets)
        free(self.pair_keys)
        free(self.pair_weights)
        free(self.shorts.slots)

    cdef inline double _pair(self, uint64_t key) noexcept:
        cdef Py_ssize_t slot = <Py_ssize_t>(_short_mix(key) & <uint64_t>self.pair_mask)
        while self.pair_keys[slot] != EMPTY:
            if self.pair_keys[slot] == key:
                return self.pair_weights[slot]
            slot = (slot + 1) & self.pair_mask
        return 0.0

    cdef uint64_t _entry(self, str word, dict vocab) except? 0:
        """A word's id (numbered on first sight past the model's) and, from bit
        40, its facts: a model word's from its id, another's from the word."""
        found = vocab.get(word)
        if found is None:
            found = len(vocab)
            vocab[word] = found
        cdef Py_ssize_t word_id = <Py_ssize_t>found
        cdef unsigned char facts = (self.facts[word_id] if word_id < self.nknown
                                    else self._facts(word))
        return <uint64_t>word_id | (<uint64_t>facts << 40)

    cdef uint64_t _packed(self, str sentence, int kind, void* data, Py_ssize_t start,
                          Py_ssize_t stop, dict vocab) except? 0:
        """The ``_entry`` of ``sentence[start:stop].lower()``, found by its
        characters in the short table where it fits (the string made on a miss)."""
        cdef ShortKey key
        cdef bint short = _ascii_key(kind, data, start, stop, &key)
        return self._keyed(sentence, start, stop, vocab, key, short)

    cdef uint64_t _keyed(self, str sentence, Py_ssize_t start, Py_ssize_t stop, dict vocab,
                         ShortKey key, bint short) except? 0:
        """``_packed``, given the word's ``_ascii_key`` (``key`` where ``short``)."""
        cdef ShortSlot* entry = NULL
        if short:
            entry = short_find(&self.shorts, &key)
            if entry.tag != 0:
                return entry.value
        word = sentence[start:stop].lower()
        if not short:
            if not short_key(word, &key):
                return self._entry(word, vocab)
            entry = short_find(&self.shorts, &key)
            if entry.tag != 0:
                return entry.value
        packed = self._entry(word, vocab)
        short_put(&self.shorts, entry, &key, packed)
        return packed

    def pattern_mask(self, str sentence):
        """``claim_cues.possible_patterns``: a bit for each cue pattern, in order,
        both of whose word sets hold one of the sentence's ``\\w+`` runs
        lower-cased; every bit where it holds a character of ``folds``."""
        cdef int kind = PyUnicode_KIND(sentence)
        cdef void* data = PyUnicode_DATA(sentence)
        cdef Py_ssize_t n = len(sentence), at = 0, stop, word_id, k
        cdef unsigned int found = 0, mask = 0
        cdef bint ascii
        cdef Py_UCS4 ch
        if self.every_time or (not sentence.isascii() and any(c in sentence for c in self.folds)):
            return (1 << self.npatterns) - 1
        while at < n:  # the runs of ``\w`` (``str.isalnum()`` or an underscore)
            stop, ascii = at, True
            while stop < n:
                ch = PyUnicode_READ(kind, data, stop)
                if ch >= 128 and ch.isalnum():
                    ascii = False
                elif not (ch < 128 and (u'a' <= ch <= u'z' or u'A' <= ch <= u'Z'
                                        or u'0' <= ch <= u'9' or ch == u'_')):
                    break
                stop += 1
            if stop == at:
                at += 1
                continue
            if ascii and stop - at <= 16:  # (a non-ASCII run lower-cased is no ASCII word)
                word_id = <Py_ssize_t>(self._packed(sentence, kind, data, at, stop, self.vocab)
                                       & <uint64_t>0xFFFFFFFFFF)
                if word_id < self.nknown:
                    found |= self.pattern_sets[word_id]
            at = stop
        for k in range(self.npatterns):
            if (found >> (2 * k)) & 3 == 3:
                mask |= 1 << k
        return mask

    cdef bint _ends(self, str word, str ending) noexcept:
        cdef Py_ssize_t n = len(word), m = len(ending), k
        if m > n:
            return False
        for k in range(m):
            if word[n - m + k] != ending[k]:
                return False
        return True

    cdef unsigned char _facts(self, str word) noexcept:
        """What the row counts of a (lower-cased) word, a bit each: all digits,
        first or second person, past five characters an evaluative or superlative ending."""
        cdef unsigned char facts = DIGITS if len(word) else 0  # ``str.isdigit``
        cdef str ending
        cdef Py_UCS4 ch
        for ch in word:
            if not ch.isdigit():
                facts = 0
                break
        if word in self.first_person:
            facts |= FIRST
        if word in self.second_person:
            facts |= SECOND
        if len(word) > 5:
            for ending in self.evaluative:
                if self._ends(word, ending):
                    facts |= EVALUATIVE
                    break
            if self._ends(word, self.superlative):
                facts |= SUPERLATIVE
        return facts

    def terms(self, str sentence, bint attributed, tuple patterns, rules):
        """The :class:`Terms` of ``claim_rows.features(sentence, rules)``:
        ``attributed`` is whether it attributes, ``patterns`` the names of the
        cue patterns it matches (``claim_cues.pattern_cues``)."""
        cdef Py_ssize_t length = len(sentence), at = 0, stop, n = 0, count, i, k, word_id
        cdef int kind = PyUnicode_KIND(sentence)
        cdef void* data = PyUnicode_DATA(sentence)
        cdef Py_ssize_t first = 0, second = 0, evaluative = 0, superlative = 0, capitals = 0
        cdef Py_ssize_t counts[MAXLISTS]
        cdef bint digits = False, question = False, quote = False
        cdef unsigned char mask, facts
        cdef Py_UCS4 ch
        cdef Seen seen
        cdef Terms terms = Terms.__new__(Terms)
        cdef dict vocab = self.vocab
        cdef Py_ssize_t* ids
        cdef Py_ssize_t* bounds = NULL  # each word's start and stop,
        cdef ShortKey* keys = NULL      # its short key,
        cdef char* keyed = NULL         # and whether it has one
        cdef Py_ssize_t words = 0
        cdef uint64_t key, packed
        if len(vocab) > self.nknown + self.limit:
            vocab = dict(self.known)  # bounded on endless vocabularies
            self.vocab = vocab
            shorts_clear(&self.shorts)  # (their ids were numbered in the old vocab)
        ids = <Py_ssize_t*>malloc((length + 1) * sizeof(Py_ssize_t))
        seen.keys = NULL
        try:
            bounds = <Py_ssize_t*>malloc((2 * length + 2) * sizeof(Py_ssize_t))
            keys = <ShortKey*>malloc((length + 1) * sizeof(ShortKey))
            keyed = <char*>malloc(length + 1)
            if ids == NULL or bounds == NULL or keys == NULL or keyed == NULL:
                raise MemoryError()
            for k in range(self.nlists):
                counts[k] = 0
            while at < length:  # WORD.findall, each match lower-cased (read in place),
                stop = _word_end(kind, data, at, length)  # its slot fetched before it is read
                if stop == at:
                    at += 1
                    continue
                bounds[2 * words], bounds[2 * words + 1] = at, stop
                keyed[words] = _ascii_key(kind, data, at, stop, &keys[words])
                if keyed[words]:
                    qc_prefetch(&self.shorts.slots[keys[words].hash & <uint64_t>self.shorts.mask])
                words += 1
                at = stop
            for i in range(words):
                at, stop = bounds[2 * i], bounds[2 * i + 1]
                ch = PyUnicode_READ(kind, data, at)
                # a capital after the first word (among ASCII characters, A-Z)
                if n and ((u'A' <= ch <= u'Z') if ch < 128 else ch.isupper()):
                    capitals += 1
                packed = self._keyed(sentence, at, stop, vocab, keys[i], keyed[i])
                word_id = <Py_ssize_t>(packed & <uint64_t>0xFFFFFFFFFF)
                ids[n] = word_id
                n += 1
                facts = <unsigned char>(packed >> 40)
                if facts:
                    digits = digits or (facts & DIGITS) != 0
                    first += (facts & FIRST) != 0
                    second += (facts & SECOND) != 0
                    evaluative += (facts & EVALUATIVE) != 0
                    superlative += (facts & SUPERLATIVE) != 0
                if word_id < self.nknown:  # the cue lists it is in (each occurrence)
                    mask = self.masks[word_id]
                    k = 0
                    while mask:
                        if mask & 1:
                            counts[k] += 1
                        mask >>= 1
                        k += 1
            count = n if n else 1
            terms.intercept = self.intercept
            terms.share_weight, terms.writer_weight = self.fixed[2], self.fixed[3]
            terms.values = <double*>malloc((NFIXED + 2 * self.nlists + len(patterns)
                                            + len(rules) + 2 * n + 1) * sizeof(double))
            if terms.values == NULL:
                raise MemoryError()
            exclamation = u'!' in sentence
            for ch in self.quotes:  # a quotation mark anywhere: each mark searched for once
                if ch in sentence:
                    quote = True
                    break
            for i in range(length - 1, -1, -1):
                ch = PyUnicode_READ(kind, data, i)
                if not ch.isspace():
                    question = ch == u'?'
                    break
            values = terms.values
            values[0] = self.fixed[0] * log1p(<double>n)
            values[1] = self.fixed[1] * (1.0 if attributed else 0.0)
            values[2] = values[3] = 0.0  # the voice, added by Terms.margin
            values[4] = self.fixed[4] * (1.0 if quote else 0.0)
            values[10] = self.fixed[10] * (<double>capitals / <double>count)
            values[11] = self.fixed[11] * (1.0 if question else 0.0)
            values[12] = self.fixed[12] * (1.0 if exclamation else 0.0)
            values[5] = self.fixed[5] * (1.0 if digits else 0.0)
            values[6] = self.fixed[6] * (<double>first / <double>count)
            values[7] = self.fixed[7] * (<double>second / <double>count)
            values[8] = self.fixed[8] * (<double>evaluative / <double>count)
            values[9] = self.fixed[9] * (<double>superlative / <double>count)
            k = NFIXED
            for i in range(self.nlists):  # "cue:<list>", "cue:<list>_count", in order
                if counts[i]:
                    values[k] = self.list_weights[i] * 1.0
                    values[k + 1] = self.count_weights[i] * log1p(<double>counts[i])
                    k += 2
            look_up = self.weights.get
            for name in patterns:
                values[k] = <double>look_up(name, 0.0) * 1.0
                k += 1
            rule_weight = self.rules.get
            for rule in rules:
                values[k] = <double>rule_weight(rule, 0.0) * 1.0
                k += 1
            if n:
                _seen_init(&seen, n)
                for i in range(n):  # "w:word", each distinct word once, in order
                    word_id = ids[i]
                    if _seen_add(&seen, <uint64_t>word_id):
                        values[k] = (self.word_weights[word_id] if word_id < self.nknown
                                     else 0.0) * 1.0
                        k += 1
                memset(seen.keys, 0xFF, (seen.mask + 1) * sizeof(uint64_t))
                for i in range(n - 1):  # "b:first second", each distinct pair once
                    key = (<uint64_t>ids[i] << 32) | <uint64_t>ids[i + 1]
                    if _seen_add(&seen, key):
                        values[k] = (self._pair(key) if ids[i] < self.nknown
                                     and ids[i + 1] < self.nknown else 0.0) * 1.0
                        k += 1
        finally:
            free(ids)
            free(bounds)
            free(keys)
            free(keyed)
            free(seen.keys)
        terms.count = k
        return terms


include "_claims_reason.pxi"
