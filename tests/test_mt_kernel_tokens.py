"""The compiled mt text kernel's tokenizer gives ``tokens.tokens``' lists
exactly, and the reader falls back to ``tokens`` where the kernel reads text
another way than the pure path (a changed pattern or typography table)."""

from __future__ import annotations

import re

import pytest
from conftest import EXAMPLES, mt_dev_sentence_lists
from hypothesis import given, settings
from hypothesis import strategies as st

import qualitycheck.detect.models.mt.text_kernel as text_kernel
from qualitycheck.detect.models.mt.features import article_sentences
from qualitycheck.detect.models.mt.tokens import _TYPOGRAPHY, TOKEN, tokens
from qualitycheck.readers.txt import parse_text

BUILT = text_kernel.compiled_module()
needs_kernel = pytest.mark.skipif(
    BUILT is None,
    reason="the compiled mt text kernel is not built here (no C compiler or Cython at install "
    "time, or QUALITYCHECK_PURE_PYTHON is set): run `python hatch_build.py` to build it",
)

#: Pieces that meet every branch of the scan: each character the typography
#: table rewrites (``…`` into three tokens), every apostrophe between letters,
#: at a word's end and doubled, underscores (``\w`` but no token), letters and
#: digits of other scripts, Unicode spaces, a lone surrogate, the ASCII marks.
PIECES = [
    *"“”„‟«»″‘’‚‛′‐‑‒–—―…'\"_-.,;:!?()[]$^",
    *("\u00a0", "\u2028", "\u3000", "\ud800", "\t"),
    *"don't it’s ‘quoted’ don‛t a‚b x′y k'’l it's' a''b o'' __ x_y ٣٤ ⅷ ² ½ Ünter 東京 ß".split(),
    *"the The USA 1990 3,5 naïve walked".split(),
]


@needs_kernel
def test_the_kernel_reads_the_pure_paths_pattern_and_typography():
    assert BUILT is not None
    assert TOKEN.pattern == BUILT.TOKEN_PATTERN
    assert BUILT.TYPOGRAPHY == _TYPOGRAPHY


@needs_kernel
@settings(max_examples=400, deadline=None)
@given(
    st.lists(
        st.one_of(
            st.lists(st.sampled_from(PIECES), max_size=30).map("".join),
            st.lists(st.sampled_from(PIECES), max_size=30).map(" ".join),
            st.text(max_size=60),
        ),
        max_size=6,
    )
)
def test_kernel_tokens_are_the_pure_tokens(sentences):
    assert BUILT is not None
    assert BUILT.tokenize(sentences) == [tokens(s) for s in sentences]


@needs_kernel
def test_kernel_tokens_on_real_text():
    assert BUILT is not None
    sentences = [s for found in mt_dev_sentence_lists() for s in found]
    for path in sorted(EXAMPLES.rglob("*.txt")) + sorted(EXAMPLES.rglob("*.md")):
        article = parse_text(path.read_text(encoding="utf-8"), path.name, str(path))
        sentences += [block.text[a:b] for block, a, b in article_sentences(article)]
    assert len(sentences) > 1000
    assert BUILT.tokenize(sentences) == [tokens(s) for s in sentences]


@needs_kernel
def test_another_token_pattern_takes_the_python_tokenizer(monkeypatch):
    monkeypatch.setattr(text_kernel, "TOKEN", re.compile(r"[^\W_]+|[^\w\s]"))
    reader = text_kernel.reader()
    assert reader._tokenize is None
    assert reader.tokenize(["don’t stop"]) == [tokens("don’t stop")]
    monkeypatch.undo()
    assert text_kernel.reader()._tokenize is BUILT.tokenize


def test_without_the_kernel_the_reader_tokenizes_in_python():
    reader = text_kernel.TextReader(None)
    assert reader.tokenize(["It’s “done”…"]) == [tokens("It’s “done”…")]
