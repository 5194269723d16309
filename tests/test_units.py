"""Small pieces with sharp edges: sentences, quotes, folding, globs, text maps."""

from __future__ import annotations

import pytest
from conftest import CpuClock
from hypothesis import given, settings
from hypothesis import strategies as st

from qualitycheck.detect.signals import language
from qualitycheck.document.findings import Finding
from qualitycheck.document.segmentation import quotes, sentences
from qualitycheck.document.textfold import fold
from qualitycheck.document.textmap import TextBuilder
from qualitycheck.pipeline.scoring import scores, verdict
from qualitycheck.primitives.globs import GlobError, compile_glob, glob_problem, matches


def texts(text: str, spans) -> list[str]:
    return [text[s:e] for s, e in spans]


def test_sentences_respect_abbreviations_and_initials():
    text = 'U.S. Vice President J.D. Vance spoke to Mr. Smith. "Then what?" he asked. It ended.'
    assert texts(text, sentences(text)) == [
        "U.S. Vice President J.D. Vance spoke to Mr. Smith.",
        '"Then what?" he asked.',
        "It ended.",
    ]


def test_sentence_without_final_punctuation_and_empty_text():
    assert texts("  Interview for CNN  ", sentences("  Interview for CNN  ")) == [
        "Interview for CNN"
    ]
    assert sentences("") == []


def test_quotes_pair_curly_straight_and_guillemets_and_ignore_apostrophes():
    text = 'He said “we’re ready” and «never» then "fine" but it’s ‘odd’'
    assert texts(text, quotes(text)) == ["“we’re ready”", "«never»", '"fine"', "‘odd’"]


def test_unclosed_quote_runs_to_the_end_of_the_block():
    text = "Peskov said: “We are not talking about tomorrow. It is about hours."
    assert texts(text, quotes(text)) == [text[text.index("“") :]]


def test_fold_keeps_length_and_removes_case_and_accents():
    for text in ("Café KYIV Straße İstanbul — “ok”", "e\u0301 combining"):
        assert len(fold(text)) == len(text)
    assert fold("Café KYIV") == "cafe kyiv"


def test_globs():
    assert matches("a/b/c.md", ["*.md"])
    assert matches("news/x/y.html", ["news/**/*.html"])
    assert matches("news/y.html", ["news/**/*.html"])
    assert not matches("other/y.html", ["news/**/*.html"])
    assert matches("drafts", ["drafts"]) and matches("x/drafts", ["drafts"])
    assert not matches("a.txt", ["[!a].txt"])


def test_text_builder_maps_collapsed_and_entity_runs_back():
    source = "x  &amp;  y"
    builder = TextBuilder()
    builder.add("x", 0)
    builder.add(" ", 1, 3)
    builder.add("&", 3, 8)
    builder.add(" ", 8, 10)
    builder.add("y", 10)
    text, mapping = builder.build()
    assert text == "x & y"
    assert mapping.source_span(2, 3) == (3, 8)
    start, end = mapping.source_span(0, 5)
    assert source[start:end] == source


def finding(severity: str, category: str = "boilerplate", confidence: float = 1.0) -> Finding:
    return Finding("r", category, severity, "m", 1, 1, 1, 0, 1, "x", confidence)


def test_scores_and_verdicts():
    penalties = {"error": 25.0, "warning": 10.0, "info": 2.0}
    result = scores(
        [(finding("error"), 1.0), (finding("warning", "language", 0.5), 2.0)], penalties
    )
    assert result["overall"] == 65.0
    assert result["boilerplate"] == 75.0 and result["language"] == 90.0
    assert result["machine_translation"] == 100.0
    assert verdict([], 100.0, "error", None) == "pass"
    assert verdict([finding("info")], 98.0, "error", None) == "pass"
    assert verdict([finding("warning")], 90.0, "error", None) == "warn"
    assert verdict([finding("warning")], 90.0, "warning", None) == "fail"
    assert verdict([finding("error")], 75.0, "never", None) == "warn"
    assert verdict([finding("info")], 98.0, "error", 99.0) == "fail"


def test_language_detection_is_deterministic():
    text = "Das ist ein kurzer deutscher Text über das Wetter in der Stadt und die Brücke."
    first = language.detect(text)
    assert first[0] == "de"
    assert all(language.detect(text) == first for _ in range(5))
    assert language.detect("12 34") == (None, 0.0)


def test_glob_matching_costs_the_same_whatever_the_pattern():
    # A backtracking translation took minutes on this pair (issue 13).
    with CpuClock() as clock:
        assert not matches("a" * 60, ["*a*a*a*a*a*a*a*a*a*a*a*b"])
        assert matches("a" * 60 + "b", ["*a*a*a*a*a*a*a*a*a*a*a*b"])
    assert clock.seconds < 1


@pytest.mark.parametrize("pattern", ["[]", "[!]", "[z-a]", "x[]y", "a" * 1001])
def test_malformed_globs_are_errors_not_tracebacks(pattern):
    with pytest.raises(GlobError):
        compile_glob(pattern)
    assert glob_problem(pattern)


@settings(max_examples=400, derandomize=True, deadline=None)
@given(
    pattern=st.text(alphabet="ab/*?[]!-.", min_size=1, max_size=10),
    paths=st.lists(st.text(alphabet="ab/.-", max_size=10), min_size=1, max_size=5),
)
def test_the_fast_regex_form_agrees_with_the_automaton(pattern, paths):
    try:
        glob = compile_glob(pattern)
    except GlobError:
        return
    for path in paths:
        assert glob.match(path) == glob.simulate(path), (pattern, path)
