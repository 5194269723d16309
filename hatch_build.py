"""Hatch build hook: compiles the mt model's n-gram kernel when it can.

With Cython and a C compiler the wheel carries
``qualitycheck/detect/models/mt/_kernel.*.so`` and is tagged for this
platform; an editable install gets the same file next to its source
(gitignored). Without them the hook prints one warning and the wheel stays
pure Python: the package falls back to the pure path, whose output is the
same (``docs/performance.md``). ``python hatch_build.py`` builds the kernel in
place for development.

``-ffp-contract=off``: the kernel must add and multiply exactly as Python
does, and compilers that target FMA hardware (aarch64, x86-64-v3) may fuse
``total += weight * value`` into one rounding otherwise.
"""

from __future__ import annotations

import os
import shutil
import sys
import tempfile
from pathlib import Path
from typing import Any

from hatchling.builders.hooks.plugin.interface import BuildHookInterface

ROOT = Path(__file__).resolve().parent
PACKAGE_DIR = "qualitycheck/detect/models/mt"
SOURCE = f"{PACKAGE_DIR}/_kernel.pyx"
MODULE = "qualitycheck.detect.models.mt._kernel"


def _flags() -> list[str]:
    if sys.platform == "win32":
        return ["/O2", "/fp:precise"]
    return ["-O2", "-ffp-contract=off"]


def compile_kernel(work: Path) -> Path:
    """Cythonize and compile the kernel under ``work``; the path of the built module."""
    from Cython.Build import cythonize
    from setuptools import Distribution, Extension
    from setuptools.command.build_ext import build_ext

    extension = Extension(MODULE, [str(ROOT / SOURCE)], extra_compile_args=_flags())
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
    return Path(command.get_ext_fullpath(MODULE))


class CustomBuildHook(BuildHookInterface):
    PLUGIN_NAME = "custom"

    def initialize(self, version: str, build_data: dict[str, Any]) -> None:
        self._work: Path | None = None
        if self.target_name != "wheel":
            return
        if os.environ.get("QUALITYCHECK_PURE_PYTHON", "") not in ("", "0"):
            return
        self._work = Path(tempfile.mkdtemp(prefix="qualitycheck-kernel-"))
        try:
            built = compile_kernel(self._work)
        except (Exception, SystemExit) as exc:
            reason = str(exc).strip().splitlines()[-1:] or [type(exc).__name__]
            sys.stderr.write(
                f"qualitycheck: warning: building a pure-Python wheel, the n-gram kernel "
                f"did not compile ({type(exc).__name__}: {reason[0]})\n"
            )
            if version == "editable":
                # An earlier build next to the source would outlive its source.
                for old in (ROOT / PACKAGE_DIR).glob("_kernel.*.so"):
                    old.unlink()
            return
        target = f"{PACKAGE_DIR}/{built.name}"
        if version == "editable":
            shutil.copy2(built, ROOT / target)
        else:
            build_data["force_include"][str(built)] = target
        build_data["pure_python"] = False
        build_data["infer_tag"] = True

    def finalize(self, version: str, build_data: dict[str, Any], artifact_path: str) -> None:
        if getattr(self, "_work", None) is not None:
            shutil.rmtree(str(self._work), ignore_errors=True)


if __name__ == "__main__":
    with tempfile.TemporaryDirectory() as folder:
        built = compile_kernel(Path(folder))
        shutil.copy2(built, ROOT / PACKAGE_DIR / built.name)
        print(f"built {PACKAGE_DIR}/{built.name}")
