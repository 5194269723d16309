# cython: language_level=3, boundscheck=False, wraparound=False, cdivision=True, initializedcheck=False
"""Scans of text in C that give what a regular expression (or ``str.split``)
gives, without the regex engine or the intermediate strings:

- :func:`doubled_spans`, where ``DOUBLED_PATTERN`` (the ``repetition`` rule's
  "the the") matches. Python's ``re`` tries that pattern at every character
  of a block (its lookbehind first, so no character is skipped), about 45 ns
  a character, and most blocks hold no doubled word;
- :func:`word_counts`, how many words ``WORD_PATTERN`` finds in a sentence
  (``language.words_of``) and how many of them are function words (the
  ``foreign`` rule's first test of every sentence of an English article),
  without making a string of every word;
- :func:`textstat_words`, textstat's word list (``readability._words``: two
  substitutions and a split, three passes and two copies of an article);
- :func:`split_count`, ``len(text.split())`` without the list;
- :func:`textstat_sentences`, textstat's sentence count
  (``readability._sentence_count``: the pieces ``SENTENCE_PATTERN`` finds
  that hold more than two ``WORD_TOKEN_PATTERN`` matches).

Each reads text as ``re`` reads it for ``str`` patterns: ``\\w`` is
``str.isalnum()`` or ``_``, ``\\d`` ``str.isdecimal()``, ``\\s``
``str.isspace()`` (``Py_UNICODE_ISALNUM``, ``_ISDECIMAL``, ``_ISSPACE``, the
macros ``re`` itself uses; for ASCII a table built from them at import).
``scans.py`` checks the patterns this module was written for, and
``tests/test_scan_kernel.py`` compares both scans with ``re`` (every code
point's reading, generated and real text).
"""

from cpython.unicode cimport Py_UNICODE_TOLOWER

#: Bumped with every change to this file; ``scans.py`` refuses a compiled
#: module whose number differs (a stale build next to newer sources).
VERSION = 1

#: The pattern (compiled with ``re.IGNORECASE``) whose matches :func:`doubled_spans` gives.
DOUBLED_PATTERN = r"(?<![\w'’-])([^\W\d_]++(?:['’][^\W\d_]+)?+)\s+(\1)(?![\w'’-])"
#: The pattern whose matches :func:`word_counts` counts (``language.WORD``).
WORD_PATTERN = r"[^\W\d_]+(?:['’-][^\W\d_]+)*"
#: The two substitutions :func:`textstat_words` makes before splitting
#: (``readability._NONCONTRACTION_APOSTROPHE``, then ``_PUNCTUATION``, each by "").
NONCONTRACTION_PATTERN = r"\'(?!(?:[tsd]|ve|ll|re))"
PUNCTUATION_PATTERN = r"[^\w\s\']"
#: The pieces :func:`textstat_sentences` reads and the tokens it counts in each.
SENTENCE_PATTERN = r"\b[^.!?]+[.!?]*"
WORD_TOKEN_PATTERN = r"\w\S*"


from libc.stdlib cimport free, malloc

cdef extern from "Python.h":
    enum: PyUnicode_1BYTE_KIND
    enum: PyUnicode_4BYTE_KIND
    object PyUnicode_FromKindAndData(int, const void*, Py_ssize_t)
    int PyUnicode_KIND(object)
    void* PyUnicode_DATA(object)
    Py_UCS4 PyUnicode_READ(int, void*, Py_ssize_t)

cdef enum:
    LETTER = 1   # [^\W\d_]
    WORDISH = 2  # [\w'’-]
    SPACE = 4    # \s (and what str.split() splits at)
    WORD = 8     # \w


cdef inline unsigned char _slow_class(Py_UCS4 ch) noexcept:
    """The classes of one character, from the macros ``re`` uses."""
    cdef bint alnum = ch.isalnum()
    cdef unsigned char found = 0
    if alnum and not ch.isdecimal():
        found |= LETTER
    if alnum or ch == u"_" or ch == u"'" or ch == u"\u2019" or ch == u"-":
        found |= WORDISH
    if ch.isspace():
        found |= SPACE
    if alnum or ch == u"_":
        found |= WORD
    return found


cdef unsigned char _ASCII[128]
cdef int _code
for _code in range(128):
    _ASCII[_code] = _slow_class(<Py_UCS4>_code)


cdef inline unsigned char _class(Py_UCS4 ch) noexcept:
    """:func:`_slow_class`, from a table for ASCII (the same answers, built
    from it when the module loads)."""
    if ch < 128:
        return _ASCII[ch]
    return _slow_class(ch)


cdef inline Py_UCS4 _lower(Py_UCS4 ch) noexcept:
    """The simple lower case (``str.lower`` is the full one: ``İ`` -> ``i̇``)."""
    return Py_UNICODE_TOLOWER(ch)


def reading(str text):
    """How the scans read each character of ``text`` (for the tests): whether
    it is a letter (``[^\\W\\d_]``), ``[\\w'’-]``, whitespace, ``\\w``, and its
    simple lower case."""
    cdef Py_UCS4 ch
    cdef unsigned char found
    result = []
    for ch in text:
        found = _class(ch)
        result.append((bool(found & LETTER), bool(found & WORDISH), bool(found & SPACE),
                       bool(found & WORD), <Py_UCS4>_lower(ch)))
    return result


def doubled_spans(str text):
    """Each match of ``DOUBLED_PATTERN`` in ``text``, in order, as ``(start,
    end, length)``: the first word is ``text[start:start + length]``, the second
    ``text[end - length:end]`` (``finditer``'s ``match.span()`` and groups).

    The word and its apostrophe part are possessive and the whitespace run can
    give back nothing the back-reference could use (the twin starts with a
    letter), so each start has at most one match, found without backtracking;
    the back-reference ignoring case compares simple lower cases
    (``Py_UNICODE_TOLOWER``, what ``re`` compares, ``_sre.unicode_tolower``);
    after a match the search goes on from its end, as ``finditer`` does."""
    cdef Py_ssize_t n = len(text)
    cdef int kind = PyUnicode_KIND(text)
    cdef void* data = PyUnicode_DATA(text)
    cdef Py_ssize_t i = 0, j, k, m, length, end
    cdef Py_UCS4 ch
    cdef list found = []
    cdef bint same, after_wordish = False  # the character before i is [\w'’-]
    while i < n:
        if after_wordish or not _class(PyUnicode_READ(kind, data, i)) & LETTER:
            after_wordish = _class(PyUnicode_READ(kind, data, i)) & WORDISH
            i += 1
            continue
        # The word, possessive: every letter, then an apostrophe and letters if
        # there are (the optional part is atomic too).
        j = i + 1
        while j < n and _class(PyUnicode_READ(kind, data, j)) & LETTER:
            j += 1
        if j + 1 < n and _class(PyUnicode_READ(kind, data, j + 1)) & LETTER:
            ch = PyUnicode_READ(kind, data, j)
            if ch == u"'" or ch == u"\u2019":
                j += 2
                while j < n and _class(PyUnicode_READ(kind, data, j)) & LETTER:
                    j += 1
        length = j - i
        # The whitespace, all of it (the twin starts with a letter, not a space).
        k = j
        while k < n and _class(PyUnicode_READ(kind, data, k)) & SPACE:
            k += 1
        end = k + length
        if k > j and end <= n:
            same = True
            for m in range(length):
                if _lower(PyUnicode_READ(kind, data, k + m)) != _lower(
                    PyUnicode_READ(kind, data, i + m)
                ):
                    same = False
                    break
            if same and (end == n or not _class(PyUnicode_READ(kind, data, end)) & WORDISH):
                found.append((i, end, length))
                i = end
                after_wordish = True  # the twin's last letter
                continue
        # No match starts at i; none can start inside the word (a letter or an
        # apostrophe before each of its characters): go on at its end.
        i = j
        after_wordish = True
    return found


def word_counts(frozenset function_words, Py_ssize_t longest, str text, Py_ssize_t start,
                Py_ssize_t end):
    """``(len(words), count)`` for ``words = WORD_PATTERN.findall(text[start:end])``
    and ``count`` the number of them whose ``str.lower()`` is in
    ``function_words``, none of which is longer than ``longest``.

    A word is a run of letters (``[^\\W\\d_]``) and any ``'``, ``’`` or ``-``
    followed by more letters (the pattern has no lookaround, so the slice's
    ends are the only context). Only a word of at most ``longest`` characters
    is looked up (a lower case is never shorter than its word): an ASCII one
    lower-cased here, any other by ``str.lower``."""
    cdef int kind = PyUnicode_KIND(text)
    cdef void* data = PyUnicode_DATA(text)
    cdef Py_ssize_t n = len(text)
    cdef Py_ssize_t i, j, m, words = 0, found = 0
    cdef Py_UCS4 ch
    cdef bint ascii
    cdef unsigned char lowered[64]
    if end > n:
        end = n
    if start < 0:
        start = 0
    if longest > 64:
        raise ValueError("a function word of more than 64 characters")
    i = start
    while i < end:
        if not _class(PyUnicode_READ(kind, data, i)) & LETTER:
            i += 1
            continue
        j = i + 1
        while True:
            while j < end and _class(PyUnicode_READ(kind, data, j)) & LETTER:
                j += 1
            if j + 1 < end and _class(PyUnicode_READ(kind, data, j + 1)) & LETTER:
                ch = PyUnicode_READ(kind, data, j)
                if ch == u"'" or ch == u"\u2019" or ch == u"-":
                    j += 2
                    continue
            break
        words += 1
        if j - i <= longest:
            ascii = True
            for m in range(j - i):
                ch = PyUnicode_READ(kind, data, i + m)
                if ch >= 128:
                    ascii = False
                    break
                lowered[m] = <unsigned char>(<int>ch + 32 if u"A" <= ch <= u"Z" else <int>ch)
            if ascii:
                if PyUnicode_FromKindAndData(PyUnicode_1BYTE_KIND, lowered, j - i) in function_words:
                    found += 1
            elif text[i:j].lower() in function_words:
                found += 1
        i = j
    return words, found


def textstat_words(str text):
    """``_PUNCTUATION.sub("", _NONCONTRACTION_APOSTROPHE.sub("", text)).split()``:
    the whitespace-separated tokens of ``text`` with every character that is
    neither ``\\w`` nor ``'`` left out, and an apostrophe only kept when the
    original text goes on with ``t``, ``s``, ``d``, ``ve``, ``ll`` or ``re``
    (the first substitution looks ahead in the text as it was); tokens left
    empty are dropped, as ``split`` drops them."""
    cdef int kind = PyUnicode_KIND(text)
    cdef void* data = PyUnicode_DATA(text)
    cdef Py_ssize_t n = len(text), i, length = 0
    cdef Py_UCS4 ch, nxt, after
    cdef unsigned char found
    cdef bint keep
    cdef list words = []
    cdef Py_UCS4* word = <Py_UCS4*>malloc((n + 1) * sizeof(Py_UCS4))
    if word == NULL:
        raise MemoryError()
    try:
        for i in range(n):
            ch = PyUnicode_READ(kind, data, i)
            found = _class(ch)
            if found & SPACE:
                if length:
                    words.append(PyUnicode_FromKindAndData(PyUnicode_4BYTE_KIND, word, length))
                    length = 0
            elif found & WORD:
                word[length] = ch
                length += 1
            elif ch == u"'":
                keep = False
                if i + 1 < n:
                    nxt = PyUnicode_READ(kind, data, i + 1)
                    if nxt == u"t" or nxt == u"s" or nxt == u"d":
                        keep = True
                    elif i + 2 < n:
                        after = PyUnicode_READ(kind, data, i + 2)
                        keep = ((nxt == u"v" and after == u"e") or (nxt == u"l" and after == u"l")
                                or (nxt == u"r" and after == u"e"))
                if keep:
                    word[length] = ch
                    length += 1
        if length:
            words.append(PyUnicode_FromKindAndData(PyUnicode_4BYTE_KIND, word, length))
    finally:
        free(word)
    return words


def split_count(str text):
    """``len(text.split())``: the runs of characters that are not whitespace
    (``str.isspace()``, what ``split`` splits at)."""
    cdef int kind = PyUnicode_KIND(text)
    cdef void* data = PyUnicode_DATA(text)
    cdef Py_ssize_t n = len(text), i, count = 0
    cdef bint inside = False
    for i in range(n):
        if _class(PyUnicode_READ(kind, data, i)) & SPACE:
            inside = False
        elif not inside:
            inside = True
            count += 1
    return count


cdef inline bint _terminal(Py_UCS4 ch) noexcept:
    return ch == u"." or ch == u"!" or ch == u"?"


def textstat_sentences(str text):
    """``max(1, the pieces of SENTENCE_PATTERN.findall(text) with more than two
    WORD_TOKEN_PATTERN matches)``, 0 for an empty text. A piece starts at a
    word boundary (``\\b``: ``\\w`` on one side only) before a character
    that is not ``.``, ``!`` or ``?``, runs over every such character and then
    over every ``.``, ``!`` and ``?`` (the two runs cannot give back anything:
    the second can be empty), and the search goes on from its end. In a piece,
    ``\\w\\S*`` matches once in each whitespace-separated token that holds a
    ``\\w`` character, from the first one to the token's end."""
    cdef int kind = PyUnicode_KIND(text)
    cdef void* data = PyUnicode_DATA(text)
    cdef Py_ssize_t n = len(text), p = 0, q, tokens, counted = 0
    cdef Py_UCS4 ch
    cdef unsigned char found
    cdef bint in_token, has_word, word_before
    if n == 0:
        return 0
    while p < n:
        ch = PyUnicode_READ(kind, data, p)
        word_before = p > 0 and (_class(PyUnicode_READ(kind, data, p - 1)) & WORD) != 0
        if _terminal(ch) or ((_class(ch) & WORD) != 0) == word_before:
            p += 1
            continue
        q = p
        tokens = 0
        in_token = has_word = False
        while q < n:
            ch = PyUnicode_READ(kind, data, q)
            if _terminal(ch):
                break
            found = _class(ch)
            if found & SPACE:
                if in_token and has_word:
                    tokens += 1
                in_token = has_word = False
            else:
                in_token = True
                if found & WORD:
                    has_word = True
            q += 1
        while q < n and _terminal(PyUnicode_READ(kind, data, q)):
            in_token = True  # the marks end the piece's last token (or are one)
            q += 1
        if in_token and has_word:
            tokens += 1
        if tokens > 2:
            counted += 1
        p = q
    return counted if counted > 1 else 1
