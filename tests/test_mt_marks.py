"""The mt style statistics' mark counts (``mt/marks.py``) give the integers of
the regexes they replaced (``features._NO_SPACE``, ``_DOUBLED``, ``_TERMINAL``),
on text dense in the characters those regexes read, where matches overlap."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from qualitycheck.detect.models.mt.features import _DOUBLED, _NO_SPACE, _TERMINAL
from qualitycheck.detect.models.mt.marks import pattern_count, terminated

dense = st.one_of(
    st.text(alphabet="ab.!?,. Xy\n", max_size=40),
    st.text(alphabet="a.!?…:;\"'”’»)]\n Aǅ東", max_size=12),
    st.text(max_size=30),
)


@settings(max_examples=2000, deadline=None)
@given(dense)
def test_pattern_count_gives_findall_s_counts(text):
    assert pattern_count(text) == (len(_NO_SPACE.findall(text)), len(_DOUBLED.findall(text)))


@settings(max_examples=2000, deadline=None)
@given(dense)
def test_terminated_is_the_terminal_regex(text):
    assert terminated(text) == bool(_TERMINAL.search(text))


def test_overlapping_and_edge_cases():
    for text in ("ab.cd.ef", "ab.cd.efg.hi", "abc.de.f", "x..y...z....", "!!?!,,,", "a.\n", ""):
        assert pattern_count(text) == (len(_NO_SPACE.findall(text)), len(_DOUBLED.findall(text)))
        assert terminated(text) == bool(_TERMINAL.search(text))
