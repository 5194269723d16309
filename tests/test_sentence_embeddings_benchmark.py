"""The embedding cache of ``benchmarks/sentence_embeddings.py``: a key per list
of texts that never lets two different lists share cached vectors."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import load_benchmark

embedding = load_benchmark("sentence_embeddings")


def test_key_depends_on_every_text_their_order_and_their_boundaries() -> None:
    key = embedding.texts_key
    assert key(["a", "bc"]) != key(["ab", "c"])
    assert key(["a", "b"]) != key(["b", "a"])
    assert key(["a"]) != key(["a", ""])
    assert key(["a", "b"]) == key(("a", "b"))


def test_uncached_texts_without_an_encoder_environment_stop_with_the_reason(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(embedding, "CACHE", tmp_path)
    monkeypatch.delenv("QUALITYCHECK_EMBED_PYTHON", raising=False)
    pytest.importorskip("numpy")
    with pytest.raises(SystemExit, match="QUALITYCHECK_EMBED_PYTHON"):
        embedding.embeddings(["never embedded"])
