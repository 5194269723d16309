"""CPU time of the claims model and of the whole check, per article.

The articles are the ones ``pipeline_benchmark.py`` builds (about 4 KB each,
joined from the unlabeled texts of ``../shared/corpus/audit``, or from the
bundled examples when ../shared is absent); they are used for timing only.
Each repeat parses the articles afresh and clears the voice caches, then
times ``Checker.check`` on every article (default pipeline with models) and,
inside it, the claims model (``ClaimDetector.score`` and ``reason``), in CPU
seconds (``time.process_time``). The median of ``--repeat`` runs is
reported, with a digest of every finding (rule, span, severity, confidence,
message) so that two trees' runs can be shown to give the same output:

    python benchmarks/claims_benchmark.py --articles 300 --repeat 3

Run it with ``PYTHONPATH`` pointing at each tree to compare two versions
(``QUALITYCHECK_PURE_PYTHON=1`` for the pure-Python path).
"""

from __future__ import annotations

import argparse
import hashlib
import statistics
import sys
import time
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from pipeline_benchmark import build_articles  # noqa: E402

from qualitycheck.config.settings import Config  # noqa: E402
from qualitycheck.detect.models import voice_sentence  # noqa: E402
from qualitycheck.detect.models.claims import ClaimDetector  # noqa: E402
from qualitycheck.detect.signals import speech  # noqa: E402
from qualitycheck.pipeline.checker import Checker  # noqa: E402
from qualitycheck.readers.txt import parse_text  # noqa: E402

_spent = [0.0]


def _timed(method: Any) -> Any:
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        start = time.process_time()
        try:
            return method(*args, **kwargs)
        finally:
            _spent[0] += time.process_time() - start

    return wrapper


def run(texts: list[str]) -> tuple[float, float, str]:
    """CPU seconds of the whole check and of the claims model, and a digest.

    A fresh checker each run: the boilerplate model counts the lines it has
    seen in earlier articles, so a second run over the same articles differs."""
    checker = Checker(Config())
    speech.block_voices.cache_clear()
    if hasattr(speech, "block_tags"):  # (a tree before the tags had their own cache)
        speech.block_tags.cache_clear()
    voice_sentence.learned_block_voices.cache_clear()
    articles = [parse_text(text, f"a{i}", f"a{i}.txt") for i, text in enumerate(texts)]
    digest = hashlib.sha256()
    _spent[0] = 0.0
    total = 0.0
    for article in articles:
        start = time.process_time()
        result = checker.check(article)
        total += time.process_time() - start
        for f in result.findings:
            digest.update(
                f"{f.rule}|{f.start}|{f.end}|{f.severity}|{f.confidence!r}|{f.message}\n".encode()
            )
        digest.update(f"{result.verdict}|{result.mt_probability!r}\n".encode())
    return total, _spent[0], digest.hexdigest()[:16]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=300)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    texts, origin = build_articles(args.articles)
    ClaimDetector.score = _timed(ClaimDetector.score)  # type: ignore[method-assign]
    ClaimDetector.reason = _timed(ClaimDetector.reason)  # type: ignore[method-assign]
    runs = [run(texts) for _ in range(args.repeat)]
    digests = {digest for _, _, digest in runs}
    per = 1000 / len(texts)
    whole = statistics.median(r[0] for r in runs) * per
    claims = statistics.median(r[1] for r in runs) * per
    print(f"{len(texts)} articles from {origin}, median of {args.repeat} (CPU ms per article)")
    print(f"whole check {whole:.2f} ms  claims model {claims:.2f} ms  findings {sorted(digests)}")
    return 0 if len(digests) == 1 else 1


if __name__ == "__main__":
    raise SystemExit(main())
