# Included (``include``) at the end of ``_claims_kernel.pyx``: the word and
# word-pair features of a sentence's claims row that weigh towards a claim,
# for ``ClaimDetector.reason`` (which names two of them in its message).


def positive_words(ClaimRows rows, str sentence):
    """``(weight, name)`` of each of ``sentence``'s word features (``"w:word"``),
    then word-pair features (``"b:first second"``), whose weight is above zero:
    each distinct one once, in the order of ``claim_rows.features``'s row
    (which makes the names, from the same words, without the kernel)."""
    cdef Py_ssize_t length = len(sentence), at = 0, stop, n = 0, i, word_id, other
    cdef int kind = PyUnicode_KIND(sentence)
    cdef void* data = PyUnicode_DATA(sentence)
    cdef Py_ssize_t* ids
    cdef Seen seen
    cdef uint64_t key
    cdef double weight
    cdef list found = []
    cdef list names = rows.names
    if names is None:  # each model word by its id, made at the first call
        names = [None] * rows.nknown
        for name, word_id in rows.known.items():
            names[word_id] = name
        rows.names = names
    ids = <Py_ssize_t*>malloc((length + 1) * sizeof(Py_ssize_t))
    if ids == NULL:
        raise MemoryError()
    seen.keys = NULL
    try:
        while at < length:  # WORD.findall, each match lower-cased (as in ``terms``)
            stop = _word_end(kind, data, at, length)
            if stop == at:
                at += 1
                continue
            ids[n] = <Py_ssize_t>(rows._packed(sentence, kind, data, at, stop, rows.vocab)
                                  & <uint64_t>0xFFFFFFFFFF)
            n += 1
            at = stop
        if n:
            _seen_init(&seen, n)
            for i in range(n):  # "w:word", each distinct word once, in order
                word_id = ids[i]
                if _seen_add(&seen, <uint64_t>word_id) and word_id < rows.nknown:
                    weight = rows.word_weights[word_id]
                    if weight > 0.0:
                        found.append((weight, "w:" + names[word_id]))
            memset(seen.keys, 0xFF, (seen.mask + 1) * sizeof(uint64_t))
            for i in range(n - 1):  # "b:first second", each distinct pair once
                word_id, other = ids[i], ids[i + 1]
                key = (<uint64_t>word_id << 32) | <uint64_t>other
                if _seen_add(&seen, key) and word_id < rows.nknown and other < rows.nknown:
                    weight = rows._pair(key)
                    if weight > 0.0:
                        found.append((weight, "b:" + names[word_id] + " " + names[other]))
    finally:
        free(ids)
        free(seen.keys)
    return found
