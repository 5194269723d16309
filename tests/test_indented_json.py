"""The JSON and SARIF outputs' encoder gives ``json.dumps(indent=2)``'s text."""

from __future__ import annotations

import enum
import json
import math
from collections import OrderedDict

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from qualitycheck.renderers.indented_json import indented


def reference(value: object, depth: int = 0) -> str:
    """What the renderers wrote before: the standard encoder, re-padded."""
    lines = json.dumps(value, ensure_ascii=False, indent=2).split("\n")
    return "\n".join(" " * depth + line if index else line for index, line in enumerate(lines))


_SCALARS = (
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats(allow_nan=True, allow_infinity=True)
    | st.text()
)
_KEYS = st.text() | st.integers() | st.floats() | st.booleans() | st.none()
_VALUES = st.recursive(
    _SCALARS,
    lambda inner: (
        st.lists(inner, max_size=5)
        | st.lists(inner, max_size=3).map(tuple)
        | st.dictionaries(_KEYS, inner, max_size=5)
    ),
    max_leaves=40,
)


@settings(max_examples=600, derandomize=True, deadline=None)
@given(_VALUES, st.integers(min_value=0, max_value=9))
def test_the_same_text_as_the_standard_encoder(value, depth):
    assert indented(value, depth) == reference(value, depth)


class _Level(enum.IntEnum):
    LOW = 1


class _Name(str):
    pass


class _Ratio(float):
    pass


@pytest.mark.parametrize(
    "value",
    [
        {"nan": math.nan, "inf": math.inf, "-inf": -math.inf, "zero": -0.0, "big": 1e300},
        {"nested": [[], {}, [[]], {"a": []}], "empty": ""},
        OrderedDict([("b", 1), ("a", (2, 3))]),
        {_Level.LOW: _Level.LOW, True: False, None: None, 1.5: _Ratio(0.25)},
        [_Name('named\u2028\x00"\\é'), True, False, None],
        "a line\nwith a newline",
        [],
        {},
        3,
    ],
)
def test_subclasses_special_floats_and_empty_containers(value):
    for depth in (0, 4):
        assert indented(value, depth) == reference(value, depth)


def test_what_the_standard_encoder_refuses_is_refused_alike():
    for value in ({"set": {1}}, [object()], {(1, 2): "tuple key"}):
        with pytest.raises(TypeError):
            reference(value)
        with pytest.raises(TypeError):
            indented(value)
