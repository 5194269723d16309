"""The language benchmark records what reaches langdetect, and only that.

The benchmark (benchmarks/language_benchmark.py) compares other detectors
with langdetect on exactly the texts langdetect is asked about; if its
recording missed the foreign rule's sentences, or counted articles the
English screen settles, its agreement figures would describe other text.
"""

from __future__ import annotations

from conftest import load_benchmark

from qualitycheck.readers.txt import parse_text

ENGLISH = (
    "The city council said on Tuesday that the new bridge would open in the spring, and "
    "that the work on the roads around it was going to take another year."
)
GERMAN = "Der Hund spielt jeden Morgen mit dem roten Ball im Garten hinter dem Haus."


def test_records_the_foreign_rules_sentences_and_unsettled_articles() -> None:
    benchmark = load_benchmark("language_benchmark")
    english = parse_text(f"Bridge\n\n{ENGLISH} {GERMAN}", "a1", "a1.txt")
    german = parse_text(f"Hund\n\n{GERMAN} {GERMAN}", "a2", "a2.txt")
    samples, sentences, counts = benchmark.asked([english, german])
    assert sentences == [GERMAN]  # asked in the English article only
    assert len(samples) == 1 and samples[0].startswith(GERMAN)  # the English one was screened
    assert counts["articles"] == 2


def test_codes_compare_as_language_py_normalises_them() -> None:
    same_code = load_benchmark("language_benchmark").same_code
    assert same_code("zh-cn") == same_code("zh") == "zh"
    assert same_code("en-US") == "en"
    assert same_code("nb") == "no"
    assert same_code(None) is None
