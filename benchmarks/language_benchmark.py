"""Packaged language detectors against langdetect, on what reaches langdetect.

Issue 17, item 4. Two places ask langdetect (seeded) for a language:

* ``language.detect`` on an article's body, for the articles the English
  screen does not settle ("articles" below);
* the foreign-sentence rule, on the sentences of English articles that pass
  its cheap screens (``_latin_candidate``; "sentences" below).

The texts are the records of the dev splits of ``../shared/corpus``
(``attribution``, ``boilerplate``, ``claims``, ``mqm``, ``mt``), read with the
JSONL reader as ``check`` reads them. What langdetect is asked is recorded
by wrapping ``language.detect`` while the rule runs, so the sentences are
exactly the rule's. Each candidate gets the same string langdetect got (the
first ``SAMPLE_CHARS`` characters). Codes are normalised with
``language.normalize_code``; langdetect's ``zh-cn``/``zh-tw`` count as ``zh``
and Norwegian ``nb``/``nn`` as ``no``, since the candidates answer that way.

Reported per detector: agreement with langdetect's top language (all
samples, and only where langdetect is decided: probability ≥ 0.6 for
articles, the rule's decision "another language with ≥ 0.9" for sentences),
the disagreements by pair with examples, CPU per call
(``time.process_time``, after a warm-up call), and in a fresh subprocess the
CPU to import, load and answer a first call and the peak memory that adds
(``ru_maxrss``). The last part counts how often the slow path runs on the
4 KB articles of ``benchmarks/pipeline_benchmark.py``.

    python benchmarks/language_benchmark.py            # all detectors
    python benchmarks/language_benchmark.py --skip lingua-high

Candidates that are not installed are reported as missing: ``py3langid``
(pure Python + NumPy) and ``lingua-language-detector`` (compiled).
"""

from __future__ import annotations

import argparse
import io
import json
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
DEV = HERE.parent.parent / "shared" / "corpus"
SPLITS = ("attribution", "boilerplate", "claims", "mqm", "mt")

#: name -> Python source that builds ``detect(text) -> (code, probability)``.
LOADERS: dict[str, str] = {
    "langdetect": """
from langdetect import detector_factory
detector_factory.init_factory()
_f = detector_factory._factory
_f.set_seed(0)
def detect(text):
    d = _f.create()
    d.append(text)
    try:
        best = d.get_probabilities()[0]
    except Exception:
        return None, 0.0
    return best.lang, best.prob
""",
    "py3langid": """
from py3langid.langid import LanguageIdentifier, MODEL_FILE
_i = LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
def detect(text):
    code, prob = _i.classify(text)
    return code, float(prob)
""",
    "py3langid-55": """
from py3langid.langid import LanguageIdentifier, MODEL_FILE
_i = LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
_i.set_languages(sorted({c.split('-')[0] for c in LANGDETECT_CODES} & set(_i.nb_classes)))
def detect(text):
    code, prob = _i.classify(text)
    return code, float(prob)
""",
    "lingua-low": """
from lingua import LanguageDetectorBuilder
_d = LanguageDetectorBuilder.from_all_languages().with_low_accuracy_mode().build()
def detect(text):
    values = _d.compute_language_confidence_values(text)
    if not values:
        return None, 0.0
    return values[0].language.iso_code_639_1.name.lower(), values[0].value
""",
    "lingua-high": """
from lingua import LanguageDetectorBuilder
_d = LanguageDetectorBuilder.from_all_languages().build()
def detect(text):
    values = _d.compute_language_confidence_values(text)
    if not values:
        return None, 0.0
    return values[0].language.iso_code_639_1.name.lower(), values[0].value
""",
}

#: The fresh-process probe: import + load + first call, then calls in five more
#: languages (a detector may load a language's model on first need), CPU and
#: peak memory added. Peak memory is the process's VmHWM (``ru_maxrss`` would
#: carry the parent's peak across ``exec``).
PROBE = """
import time
def peak():
    with open("/proc/self/status") as status:
        return next(int(line.split()[1]) for line in status if line.startswith("VmHWM"))
before = peak()
started = time.process_time()
LANGDETECT_CODES = set({codes!r})
{loader}
detect("Der Hund spielt jeden Morgen mit dem roten Ball im Garten hinter dem Haus.")
first = time.process_time() - started, (peak() - before) / 1024
for text in {mix!r}:
    detect(text)
print(*first, time.process_time() - started, (peak() - before) / 1024)
"""
#: Short sentences in five more languages for the probe.
MIX = (
    "The minister said on Tuesday that the talks would resume next week.",
    "Le gouvernement a annoncé mardi une nouvelle réforme des retraites.",
    "El presidente anunció ayer un nuevo plan para la economía del país.",
    "Правительство объявило во вторник о новой реформе пенсионной системы.",
    "政府星期二宣布了一项新的养老金改革计划。",
)


def build(name: str, codes: set[str]) -> Callable[[str], tuple[str | None, float]]:
    space: dict[str, Any] = {"LANGDETECT_CODES": codes}
    exec(LOADERS[name], space)  # the loaders above, nothing read from outside
    detect: Callable[[str], tuple[str | None, float]] = space["detect"]
    return detect


def same_code(code: str | None) -> str | None:
    from qualitycheck.detect.signals.language import normalize_code

    if not code:
        return None
    code = normalize_code(code)
    if code.startswith("zh"):
        return "zh"
    return "no" if code in ("nb", "nn") else code


def read_articles() -> list[Any]:
    from qualitycheck.document.article import Article
    from qualitycheck.readers.base import ReadSettings
    from qualitycheck.readers.jsonl import read_jsonl

    found = []
    for name in SPLITS:
        path = DEV / name / "dev.jsonl"
        if not path.is_file():
            continue
        stream = io.BytesIO(path.read_bytes())
        found.extend(
            item
            for item in read_jsonl(stream, str(path), ReadSettings())
            if isinstance(item, Article)
        )
    return found


def four_kb_articles(count: int) -> list[Any]:
    """The 4 KB articles of the pipeline benchmark (consecutive dev texts joined)."""
    from qualitycheck.readers.txt import parse_text

    sys.path.insert(0, str(Path(__file__).resolve().parent))
    from pipeline_benchmark import join_articles

    pool = [article.source.strip() for article in read_articles()]
    return [
        parse_text(text, f"a{number}", f"a{number}.txt")
        for number, text in enumerate(join_articles(pool, count))
    ]


def asked(articles: list[Any]) -> tuple[list[str], list[str], dict[str, int]]:
    """What langdetect is asked: article samples and foreign-rule sentences."""
    from qualitycheck.config.settings import Config
    from qualitycheck.detect.rules.engine import _scoped
    from qualitycheck.detect.rules.kinds.base import CheckContext
    from qualitycheck.detect.signals import language
    from qualitycheck.pipeline.checker import Checker

    rules = [rule for rule in Checker(Config(), use_models=False).rules if rule.kind == "foreign"]
    article_samples: list[str] = []
    sentences: list[str] = []
    counts = Counter[str]()
    original = language.detect
    for article in articles:
        counts["articles"] += 1
        body = article.body_text
        sample = body[: language.SAMPLE_CHARS]
        enough = sum(char.isalpha() for char in sample) >= language.MIN_LETTERS
        if article.language_hint:
            counts["language given"] += 1
        elif enough and not language.is_plainly_english(sample):
            article_samples.append(sample)
        code, probability = (
            (language.normalize_code(article.language_hint), 1.0)
            if article.language_hint
            else original(body)
        )
        context = CheckContext(code, probability, ())

        def recording(text: str) -> tuple[str | None, float]:
            sentences.append(text[: language.SAMPLE_CHARS])
            return original(text)

        language.detect = recording  # type: ignore[assignment]
        try:
            for rule in rules:
                list(
                    rule.hits(
                        article,
                        _scoped(article, rule.meta.scope, tuple(rule.meta.skip_blocks)),
                        context,
                    )
                )
        finally:
            language.detect = original  # type: ignore[assignment]
    counts["article samples to langdetect"] = len(article_samples)
    counts["sentences to langdetect"] = len(sentences)
    return article_samples, sentences, dict(counts)


def probe(name: str, codes: set[str]) -> list[float] | None:
    """CPU s and MiB added at the first call, then after five more languages."""
    source = PROBE.format(codes=sorted(codes), loader=LOADERS[name], mix=MIX)
    done = subprocess.run(
        [sys.executable, "-c", source], capture_output=True, text=True, check=False
    )
    if done.returncode:
        return None
    return [float(value) for value in done.stdout.split()]


def compare(
    samples: list[str],
    answers: dict[str, list[tuple[str | None, float]]],
    threshold: float,
    sentences: bool,
) -> dict[str, Any]:
    reference = answers["langdetect"]
    report: dict[str, Any] = {}
    for name, theirs in answers.items():
        if name == "langdetect":
            continue
        same = decided = decided_same = 0
        pairs = Counter[str]()
        examples: dict[str, str] = {}
        for text, ours, other in zip(samples, reference, theirs, strict=True):
            a, b = same_code(ours[0]), same_code(other[0])
            same += a == b
            if sentences:  # the rule's decision: another language than English, confidently
                flag_a = a not in (None, "en") and ours[1] >= threshold
                flag_b = b not in (None, "en") and other[1] >= threshold
                decided += 1
                decided_same += flag_a == flag_b
            elif ours[1] >= threshold:
                decided += 1
                decided_same += a == b
            if a != b:
                pair = f"{a}->{b}"
                pairs[pair] += 1
                examples.setdefault(pair, text[:90].replace("\n", " "))
        report[name] = {
            "same top language": f"{same}/{len(samples)}",
            ("same flag decision" if sentences else "same where langdetect decided"): (
                f"{decided_same}/{decided}"
            ),
            "disagreements (langdetect->candidate)": dict(pairs.most_common(12)),
            "examples": dict(list(examples.items())[:6]),
        }
    return report


def cpu_per_call(detect: Callable[[str], Any], samples: list[str], repeat: int) -> float:
    if not samples:
        return 0.0
    detect(samples[0])
    started = time.process_time()
    for _ in range(repeat):
        for text in samples:
            detect(text)
    return (time.process_time() - started) / (repeat * len(samples)) * 1000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--skip", nargs="*", default=[], help="detectors to leave out")
    parser.add_argument("--repeat", type=int, default=3, help="timing passes over the samples")
    parser.add_argument("--four-kb", type=int, default=1000, help="4 KB articles to count")
    options = parser.parse_args()

    from qualitycheck.detect.signals import language

    codes = set(language.known_codes())
    articles = read_articles()
    if not articles:
        sys.exit("../shared/corpus dev splits not found")
    article_samples, sentences, counts = asked(articles)
    result: dict[str, Any] = {"dev records": counts}
    names = [name for name in LOADERS if name not in options.skip]
    answers_a: dict[str, list[tuple[str | None, float]]] = {}
    answers_s: dict[str, list[tuple[str | None, float]]] = {}
    timing: dict[str, Any] = {}
    mix: dict[str, list[str | None]] = {}
    for name in names:
        loaded = probe(name, codes)
        if loaded is None:
            timing[name] = "not installed or failed to load"
            continue
        detect = build(name, codes)
        answers_a[name] = [detect(text) for text in article_samples]
        answers_s[name] = [detect(text) for text in sentences]
        mix[name] = [same_code(detect(text)[0]) for text in MIX]
        timing[name] = {
            "first call in a fresh process (CPU s)": round(loaded[0], 3),
            "peak memory added at first call (MiB)": round(loaded[1], 1),
            "after five more languages (CPU s)": round(loaded[2], 3),
            "peak memory added after the mix (MiB)": round(loaded[3], 1),
            "CPU ms per article sample": round(
                cpu_per_call(detect, article_samples, options.repeat), 3
            ),
            "CPU ms per sentence": round(cpu_per_call(detect, sentences, options.repeat), 3),
        }
        del detect
    result["cost"] = timing
    if "langdetect" in answers_a:
        result["articles"] = compare(article_samples, answers_a, language.MIN_PROBABILITY, False)
        result["sentences"] = compare(sentences, answers_s, 0.9, True)
    # The dev texts are English: a non-English answer there is an error.
    for label, answers in (("answers on articles", answers_a), ("answers on sentences", answers_s)):
        result[label] = {
            name: dict(Counter(same_code(code) or "none" for code, _ in given).most_common())
            for name, given in answers.items()
        }
    result["answers on the probe's language mix"] = mix
    _, _, four = asked(four_kb_articles(options.four_kb))
    result["4 KB articles"] = four
    print(json.dumps(result, indent=1, ensure_ascii=False))


if __name__ == "__main__":
    main()
