# Included (``include``) by ``_kernel.pyx``: ``tokens.shape`` in C for the
# tokens where it is plain to read (ASCII, no apostrophe), without a call into
# Python for each new token; every other token still goes to ``shape``.

cdef enum:
    SHAPES = 10  # the shapes ``_ascii_shape`` names by number (``_SHAPES``)
    AS_LOWER = -1  # the token's lower form (a function word)
    AS_TOKEN = -2  # the token itself (a punctuation mark)
    AS_PYTHON = -3  # not answered here: ask the Python ``shape``


cdef extern from "Python.h":
    bint PyUnicode_IS_ASCII(object)

#: ``tokens.shape``'s word classes, numbered for ``_ascii_shape``: a number,
#: an acronym, a capitalised word, the suffix classes in its order, any other.
_SHAPES = ("<D>", "<A>", "<C>", "<ing>", "<ed>", "<ly>", "<tion>", "<ment>", "<s>", "<w>")
_SUFFIXES = ("ing", "ed", "ly", "tion", "ment", "s")  # (shapes 3 to 8)


cdef int _ascii_shape(object function_words, str token, str lower) except -4:
    """``tokens.shape(token)`` for an ASCII token without an apostrophe
    (``lower`` its lower form): ``AS_LOWER``, ``AS_TOKEN`` or a shape's
    number in ``_SHAPES``; ``AS_PYTHON`` for any other token, and for every
    token when ``function_words`` is None."""
    cdef Py_ssize_t n = len(token), k
    cdef Py_UCS4 first, ch
    cdef bint upper = False, lowercase = False
    cdef str suffix
    if function_words is None or n == 0 or not PyUnicode_IS_ASCII(token):
        return AS_PYTHON
    for k in range(n):
        ch = token[k]
        if ch == u"'":
            return AS_PYTHON
        if u"A" <= ch <= u"Z":
            upper = True
        elif u"a" <= ch <= u"z":
            lowercase = True
    if lower in function_words:
        return AS_LOWER
    first = token[0]
    if not (u"0" <= first <= u"9" or u"A" <= first <= u"Z" or u"a" <= first <= u"z"):
        return AS_TOKEN
    if u"0" <= first <= u"9":
        return 0
    if n > 1 and upper and not lowercase:  # (token.isupper(): ASCII letters only)
        return 1
    if u"A" <= first <= u"Z":
        return 2
    for k in range(6):
        suffix = <str>_SUFFIXES[k]
        if n > len(suffix) + 2 and lower.endswith(suffix):
            return 3 + k
    return 9

