"""Hatch build hook: compiles the package's Cython kernels when it can.

``KERNELS`` lists them (the extension module's dotted name and its ``.pyx``
source). With Cython and a C compiler the wheel carries each built module
(``qualitycheck/.../_kernel.*.so``) and is tagged for this platform; an
editable install gets the same files next to their sources (gitignored). Each
kernel compiles on its own: one that fails leaves the others, and its package
falls back to its pure path, whose output is the same
(``docs/performance.md``). When none compiles the hook prints one warning and
the wheel stays pure Python. ``python hatch_build.py`` builds them in place
for development.

``-ffp-contract=off``: a kernel must add and multiply exactly as Python
does, and compilers that target FMA hardware (aarch64, x86-64-v3) may fuse
``total += weight * value`` into one rounding otherwise.
"""

from __future__ import annotations

import os
import shutil
import sys
import tempfile
from pathlib import Path
from typing import Any, NamedTuple

from hatchling.builders.hooks.plugin.interface import BuildHookInterface

ROOT = Path(__file__).resolve().parent


class Kernel(NamedTuple):
    """One extension module: its dotted name and its Cython source (from ROOT)."""

    module: str
    source: str

    @property
    def package_dir(self) -> str:
        return str(Path(self.source).parent.as_posix())

    @property
    def stem(self) -> str:
        return self.module.rsplit(".", 1)[-1]


#: Every compiled kernel; each has a pure-Python path of identical output.
KERNELS = [
    Kernel("qualitycheck.detect.models.mt._kernel", "qualitycheck/detect/models/mt/_kernel.pyx"),
    Kernel(
        "qualitycheck.detect.signals._language_kernel",
        "qualitycheck/detect/signals/_language_kernel.pyx",
    ),
    Kernel(
        "qualitycheck.detect.models.mt._text_kernel",
        "qualitycheck/detect/models/mt/_text_kernel.pyx",
    ),
    Kernel(
        "qualitycheck.detect.models._boilerplate_kernel",
        "qualitycheck/detect/models/_boilerplate_kernel.pyx",
    ),
    Kernel(
        "qualitycheck.detect.models._claims_kernel", "qualitycheck/detect/models/_claims_kernel.pyx"
    ),
    Kernel(
        "qualitycheck.detect.signals._voice_kernel", "qualitycheck/detect/signals/_voice_kernel.pyx"
    ),
    Kernel(
        "qualitycheck.detect.models._voice_sentence_kernel",
        "qualitycheck/detect/models/_voice_sentence_kernel.pyx",
    ),
    Kernel(
        "qualitycheck.detect.signals._scan_kernel", "qualitycheck/detect/signals/_scan_kernel.pyx"
    ),
    Kernel(
        "qualitycheck.detect.signals._hyphen_kernel",
        "qualitycheck/detect/signals/_hyphen_kernel.pyx",
    ),
]


def _flags() -> list[str]:
    if sys.platform == "win32":
        return ["/O2", "/fp:precise"]
    return ["-O2", "-ffp-contract=off"]


def compile_kernel(kernel: Kernel, work: Path) -> Path:
    """Cythonize and compile one kernel under ``work``; the path of the built module."""
    from Cython.Build import cythonize
    from setuptools import Distribution, Extension
    from setuptools.command.build_ext import build_ext

    extension = Extension(kernel.module, [str(ROOT / kernel.source)], extra_compile_args=_flags())
    [extension] = cythonize(
        [extension],
        quiet=True,
        build_dir=str(work / "c"),
        compiler_directives={"language_level": 3},
    )
    command = build_ext(Distribution({"name": "qualitycheck-kernel", "ext_modules": [extension]}))
    command.build_lib = str(work / "lib")
    command.build_temp = str(work / "temp")
    command.ensure_finalized()
    command.run()
    return Path(command.get_ext_fullpath(kernel.module))


def compile_all(work: Path) -> tuple[dict[Kernel, Path], dict[Kernel, str]]:
    """Each kernel compiled in its own folder: the built modules, and why the others failed."""
    built: dict[Kernel, Path] = {}
    failed: dict[Kernel, str] = {}
    for number, kernel in enumerate(KERNELS):
        try:
            built[kernel] = compile_kernel(kernel, work / str(number))
        except (Exception, SystemExit) as exc:
            reason = str(exc).strip().splitlines()[-1:] or [type(exc).__name__]
            failed[kernel] = f"{type(exc).__name__}: {reason[0]}"
    return built, failed


def remove_stale(kernel: Kernel) -> None:
    """Delete an earlier build next to the source (it would outlive its source)."""
    for pattern in (f"{kernel.stem}.*.so", f"{kernel.stem}.*.pyd"):
        for old in (ROOT / kernel.package_dir).glob(pattern):
            old.unlink()


def warning(built: dict[Kernel, Path], failed: dict[Kernel, str]) -> str:
    """One line: a pure wheel when nothing compiled, else which kernels are missing."""
    if not failed:
        return ""
    # Distinct reasons once each (a missing Cython fails every kernel alike).
    reasons = "; ".join(dict.fromkeys(failed.values()))
    if not built:
        return (
            f"qualitycheck: warning: building a pure-Python wheel, the compiled kernels "
            f"did not compile ({reasons})\n"
        )
    names = ", ".join(kernel.module for kernel in failed)
    return (
        f"qualitycheck: warning: {names} did not compile ({reasons}); "
        "the pure-Python path is used instead\n"
    )


def install_beside_source(built: Path, target: Path) -> None:
    """Put a built module next to its source by renaming a copy over it: a
    process that has the old one loaded keeps its file (rewriting it in place
    could crash that process)."""
    partial = target.with_name(f".{target.name}.partial")
    shutil.copy2(built, partial)
    os.replace(partial, target)


class CustomBuildHook(BuildHookInterface):
    PLUGIN_NAME = "custom"

    def initialize(self, version: str, build_data: dict[str, Any]) -> None:
        self._work: Path | None = None
        if self.target_name != "wheel":
            return
        if os.environ.get("QUALITYCHECK_PURE_PYTHON", "") not in ("", "0"):
            return
        self._work = Path(tempfile.mkdtemp(prefix="qualitycheck-kernel-"))
        built, failed = compile_all(self._work)
        sys.stderr.write(warning(built, failed))
        if version == "editable":
            for kernel in failed:
                remove_stale(kernel)
        for kernel, path in built.items():
            target = f"{kernel.package_dir}/{path.name}"
            if version == "editable":
                install_beside_source(path, ROOT / target)
            else:
                build_data["force_include"][str(path)] = target
        if built:
            build_data["pure_python"] = False
            build_data["infer_tag"] = True

    def finalize(self, version: str, build_data: dict[str, Any], artifact_path: str) -> None:
        if getattr(self, "_work", None) is not None:
            shutil.rmtree(str(self._work), ignore_errors=True)


if __name__ == "__main__":
    with tempfile.TemporaryDirectory() as folder:
        built, failed = compile_all(Path(folder))
        for kernel, path in built.items():
            install_beside_source(path, ROOT / kernel.package_dir / path.name)
            print(f"built {kernel.package_dir}/{path.name}")
        for kernel, reason in failed.items():
            print(f"failed {kernel.module}: {reason}")
        sys.exit(1 if failed else 0)
