"""CPU time per article of the claims stage's hot loops: the pure-Python paths
against the compiled kernels (``_voice_kernel.pyx``, ``_claims_kernel.pyx``,
``_voice_sentence_kernel.pyx``), on the same articles, in one process.

    python hatch_build.py                      # build the kernels in place (or pip install .)
    python benchmarks/claims_kernel_benchmark.py --articles 300 --repeats 5

The articles are those of ``pipeline_benchmark.py`` (about 4 KB each, joined
from the unlabeled texts of ``../shared/corpus/audit``, the bundled examples
when ../shared is absent; used for timing only). Timed with
``time.process_time()``, the two paths interleaved in each repeat, median of
the repeats: the voice tokenizer over every body block's sentences (quote
state carried), the tagger's token probabilities over those tokens, and the
claims model's margin of every sentence of six words or more (its row with
the voice at zero: ``features`` and ``LinearModel.margin`` against the
kernel's terms), and the learned sentence voice's margins of every body
block's sentences from the tagger's kept tags (``SentenceVoiceModel.margins``:
whole rows against the compiled word sums and the rest of the row). The
attribution and word-run caches are cleared before each
timing, so both paths pay for ``attributed`` alike. The results are compared
(``float.hex``) in every repeat; the script fails if they differ.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from pipeline_benchmark import build_articles  # noqa: E402

from qualitycheck.detect.models import claim_rows  # noqa: E402
from qualitycheck.detect.models.apply import SHIPPED  # noqa: E402
from qualitycheck.detect.models.claims import MIN_WORDS, ClaimDetector  # noqa: E402
from qualitycheck.detect.models.linear import LinearModel  # noqa: E402
from qualitycheck.detect.models.voice_sentence import SHIPPED as VOICE_SENTENCE  # noqa: E402
from qualitycheck.detect.models.voice_sentence import SentenceVoiceModel  # noqa: E402
from qualitycheck.detect.models.voice_sentence_words import compiled_sums  # noqa: E402
from qualitycheck.detect.signals import attribution, voice, wordruns  # noqa: E402
from qualitycheck.readers.txt import parse_text  # noqa: E402


def timed(function: Callable[[], Any]) -> tuple[float, Any]:
    attribution.attributed.cache_clear()
    wordruns.lowered_runs.cache_clear()
    start = time.process_time()
    result = function()
    return time.process_time() - start, result


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=300)
    parser.add_argument("--repeats", type=int, default=5)
    args = parser.parse_args()
    texts, origin = build_articles(args.articles)
    tagger = voice.VoiceModel.load()  # no warm-up: compiled from the first sentence
    detector = ClaimDetector.load(SHIPPED)
    rows = detector._compiled_rows()
    if rows is None or voice._compiled_tokenizer() is None or not compiled_sums({}):
        print("the compiled kernels are not built (python hatch_build.py) or are turned off")
        return 2
    blocks = []
    for index, text in enumerate(texts):
        for block in parse_text(text, f"a{index}", f"a{index}.txt").body_blocks:
            blocks.append((block.text, list(block.sentences)))
    sentences = [
        text[start:end]
        for text, spans in blocks
        for start, end in spans
        if len(text[start:end].split()) >= MIN_WORDS
    ]

    def tokens_of(tokenize: Callable[..., Any]) -> list[Any]:
        found = []
        for text, spans in blocks:
            quoted = False
            for start, end in spans:
                tokens, quoted = tokenize(text[start:end], quoted, start)
                found.append(tokens)
        return found

    all_tokens = [tokens for tokens in tokens_of(voice.pure_tokenize) if tokens]
    learned = LinearModel.load(VOICE_SENTENCE)
    pure_voices = SentenceVoiceModel(tagger, learned, _pending=2**62)  # never compiled
    compiled_voices = SentenceVoiceModel(tagger, learned)
    tagged = [(text, spans, voice.tag_rows(text, spans, tagger)) for text, spans in blocks if spans]

    def learned_margins(model: SentenceVoiceModel) -> list[str]:
        return [
            margin.hex()
            for text, spans, tags in tagged
            for margin in model.margins(text, spans, False, tags)[0]
        ]

    parts: dict[str, tuple[Callable[[], Any], Callable[[], Any]]] = {
        "voice tokenizer": (
            lambda: tokens_of(voice.pure_tokenize),
            lambda: tokens_of(voice.tokenize),
        ),
        "tagger token probabilities": (
            lambda: [[p.hex() for p in tagger.pure_token_probabilities(t)] for t in all_tokens],
            lambda: [[p.hex() for p in tagger.token_probabilities(t)] for t in all_tokens],
        ),
        "claims sentence margins": (
            lambda: [detector.model.margin(claim_rows.features(s, set())).hex() for s in sentences],
            lambda: [rows.terms(s, set()).margin(0.0, 0.0).hex() for s in sentences],
        ),
        "learned sentence voices": (
            lambda: learned_margins(pure_voices),
            lambda: learned_margins(compiled_voices),
        ),
    }
    per = 1000 / len(texts)
    print(
        f"{len(texts)} articles from {origin} ({len(blocks)} body blocks, "
        f"{len(sentences)} sentences of {MIN_WORDS}+ words), median of {args.repeats} "
        "(CPU ms per article)"
    )
    same = True
    for name, (pure, compiled) in parts.items():
        times: dict[str, list[float]] = {"pure": [], "compiled": []}
        for _ in range(args.repeats):
            pure_time, pure_result = timed(pure)
            compiled_time, compiled_result = timed(compiled)
            times["pure"].append(pure_time)
            times["compiled"].append(compiled_time)
            same = same and pure_result == compiled_result
        slow, fast = (statistics.median(times[key]) * per for key in ("pure", "compiled"))
        print(f"{name:28s} pure {slow:6.3f} ms  compiled {fast:6.3f} ms  ({slow / fast:.1f}x)")
    print("results identical" if same else "RESULTS DIFFER")
    return 0 if same else 1


if __name__ == "__main__":
    raise SystemExit(main())
