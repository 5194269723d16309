"""Every compiled kernel's version guard: the wrapper expects the version its
source declares, a changed source gets a new version (so a build of the old
source is recognised as stale), and a stale build is refused with one line."""

from __future__ import annotations

import hashlib
import importlib
import re
import sys
import types
from pathlib import Path

import pytest
from conftest import REPO

from qualitycheck.primitives.accelerators import PURE_PYTHON_ENV

DETECT = REPO / "qualitycheck" / "detect"
MODELS = DETECT / "models"
#: (wrapper module, compiled module, its source, the name its warning uses)
KERNELS = [
    (
        "qualitycheck.detect.models.mt.kernel",
        "qualitycheck.detect.models.mt._kernel",
        MODELS / "mt" / "_kernel.pyx",
        "mt",
    ),
    (
        "qualitycheck.detect.models.mt.text_kernel",
        "qualitycheck.detect.models.mt._text_kernel",
        MODELS / "mt" / "_text_kernel.pyx",
        "mt text",
    ),
    (
        "qualitycheck.detect.models.boilerplate_kernel",
        "qualitycheck.detect.models._boilerplate_kernel",
        MODELS / "_boilerplate_kernel.pyx",
        "boilerplate",
    ),
    (
        "qualitycheck.detect.models.claims_kernel",
        "qualitycheck.detect.models._claims_kernel",
        MODELS / "_claims_kernel.pyx",
        "claims",
    ),
    (
        "qualitycheck.detect.signals.language_kernel",
        "qualitycheck.detect.signals._language_kernel",
        DETECT / "signals" / "_language_kernel.pyx",
        "language",
    ),
    (
        "qualitycheck.detect.signals.voice_kernel",
        "qualitycheck.detect.signals._voice_kernel",
        DETECT / "signals" / "_voice_kernel.pyx",
        "voice",
    ),
    (
        "qualitycheck.detect.models.voice_sentence_words",
        "qualitycheck.detect.models._voice_sentence_kernel",
        MODELS / "_voice_sentence_kernel.pyx",
        "voice sentence",
    ),
    (
        "qualitycheck.detect.signals.scans",
        "qualitycheck.detect.signals._scan_kernel",
        DETECT / "signals" / "_scan_kernel.pyx",
        "text scan",
    ),
    (
        "qualitycheck.detect.signals.hyphen_kernel",
        "qualitycheck.detect.signals._hyphen_kernel",
        DETECT / "signals" / "_hyphen_kernel.pyx",
        "hyphenation",
    ),
]
IDS = [label for *_, label in KERNELS]


def test_every_kernel_source_is_listed():
    assert sorted(DETECT.rglob("_*.pyx")) == sorted(source for _, _, source, _ in KERNELS)


@pytest.mark.parametrize(("wrapper", "compiled", "source", "label"), KERNELS, ids=IDS)
def test_the_wrapper_expects_the_version_the_source_declares(wrapper, compiled, source, label):
    declared = re.search(r"^VERSION = (\d+)$", source.read_text(encoding="utf-8"), re.M)
    assert declared is not None
    assert int(declared.group(1)) == importlib.import_module(wrapper).KERNEL_VERSION


def source_digest(source: Path) -> str:
    """The SHA-256 of a kernel's source followed by each file it includes
    (``include "..."``, in order): a change to a shared include is a change
    to every kernel compiled with it. A source without includes: its own."""
    text = source.read_bytes()
    for name in re.findall(rb'^include "([^"]+)"', text, re.M):
        text += (source.parent / name.decode()).read_bytes()
    return hashlib.sha256(text).hexdigest()


def test_an_include_is_part_of_its_kernels_digest(tmp_path):
    shared = tmp_path / "_shared.pxi"
    shared.write_text("cdef int x = 1\n")
    source = tmp_path / "_kernel.pyx"
    source.write_text('VERSION = 1\ninclude "_shared.pxi"\n')
    before = source_digest(source)
    shared.write_text("cdef int x = 2\n")
    assert source_digest(source) != before


@pytest.mark.parametrize(("wrapper", "compiled", "source", "label"), KERNELS, ids=IDS)
def test_a_changed_source_has_a_new_version(wrapper, compiled, source: Path, label):
    """The version is what tells a stale build from a current one, so each
    change of the source must bump it (here and in the source) and record
    the new source's hash beside it."""
    digest = source_digest(source)
    assert digest == importlib.import_module(wrapper).KERNEL_SOURCE_SHA256, (
        f"{source.name} changed: bump VERSION in it and KERNEL_VERSION in the wrapper, "
        f"and set KERNEL_SOURCE_SHA256 = {digest!r}"
    )


@pytest.mark.parametrize(("wrapper", "compiled", "source", "label"), KERNELS, ids=IDS)
def test_a_stale_build_is_refused_with_one_line(
    monkeypatch, capsys, wrapper, compiled, source, label
):
    kernel = importlib.import_module(wrapper)
    package_name, _, attribute = compiled.rpartition(".")
    stale = types.ModuleType(compiled)
    stale.VERSION = kernel.KERNEL_VERSION + 1  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, compiled, stale)
    monkeypatch.setattr(sys.modules[package_name], attribute, stale, raising=False)
    monkeypatch.delenv(PURE_PYTHON_ENV, raising=False)
    kernel.compiled_module.cache_clear()
    try:
        assert kernel.compiled_module() is None
        warning = capsys.readouterr().err
        assert f"stale compiled {label} kernel" in warning
        assert warning.count("\n") == 1
    finally:
        kernel.compiled_module.cache_clear()


def test_the_build_hook_warns_in_one_line_with_every_distinct_reason():
    sys.path.insert(0, str(REPO))
    try:
        import hatch_build
    finally:
        sys.path.remove(str(REPO))
    first, second = hatch_build.KERNELS[:2]
    assert hatch_build.warning({first: Path("m.so"), second: Path("b.so")}, {}) == ""
    none = hatch_build.warning({}, {first: "no Cython", second: "no Cython"})
    assert none.count("\n") == 1 and "pure-Python wheel" in none
    assert none.count("no Cython") == 1
    some = hatch_build.warning({first: Path("m.so")}, {second: "cc failed"})
    assert some.count("\n") == 1
    assert f"{second.module} did not compile (cc failed)" in some
    assert first.module not in some
