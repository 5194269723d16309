"""The house plan holds: dependencies point down the declared layers, there is
no import cycle, the package root stays small and no module outgrows one job.

docs/architecture.md draws the same layers; a change that needs an arrow
upwards belongs in a lower layer or behind an interface passed down.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "qualitycheck"

#: Lowest first. A module may import from its own layer or any layer below.
LAYERS: tuple[tuple[str, ...], ...] = (
    ("qualitycheck.errors", "qualitycheck.resources", "qualitycheck.version"),
    ("qualitycheck.primitives",),
    ("qualitycheck.document",),
    ("qualitycheck.readers",),
    ("qualitycheck.detect.signals",),
    ("qualitycheck.detect.rules",),
    ("qualitycheck.detect.models",),
    ("qualitycheck.config",),
    ("qualitycheck.pipeline",),
    ("qualitycheck.gate",),
    ("qualitycheck.renderers",),
    # qualitycheck.dask sits beside tools, under the cli that runs it (check --dask).
    ("qualitycheck.tools", "qualitycheck.dask"),
    ("qualitycheck.cli",),
    ("qualitycheck.api", "qualitycheck.__main__", "qualitycheck"),
)
MAX_ROOT_MODULES = 6
MAX_MODULE_LINES = 450


def module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def modules() -> dict[str, Path]:
    return {module_name(path): path for path in sorted(PACKAGE.rglob("*.py"))}


def layer_of(module: str) -> int:
    best, best_length = -1, -1
    for index, prefixes in enumerate(LAYERS):
        for prefix in prefixes:
            if (module == prefix or module.startswith(prefix + ".")) and len(prefix) > best_length:
                best, best_length = index, len(prefix)
    if best < 0:
        raise AssertionError(f"{module} belongs to no layer: add it to LAYERS")
    return best


def imports(path: Path, module: str, known: dict[str, Path]) -> set[str]:
    """Every qualitycheck module ``path`` imports, lazily or for typing too."""
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*anchor, base] if base else anchor)
            names = [f"{base}.{alias.name}" for alias in node.names]
            names = [name if name in known else base for name in names]
        else:
            continue
        found.update(name for name in names if name.split(".")[0] == "qualitycheck")
    return found - {module}


def graph() -> dict[str, set[str]]:
    known = modules()
    return {name: imports(path, name, known) for name, path in known.items()}


def test_every_import_points_down_the_layers():
    upward = [
        f"{module} (layer {layer_of(module)}) imports {target} (layer {layer_of(target)})"
        for module, targets in graph().items()
        for target in sorted(targets)
        if layer_of(target) > layer_of(module)
    ]
    assert upward == []


def test_there_is_no_import_cycle():
    edges = graph()
    state: dict[str, int] = {}
    cycles: list[list[str]] = []

    def visit(node: str, stack: list[str]) -> None:
        state[node] = 1
        for target in sorted(edges.get(node, ())):
            if state.get(target) == 1:
                cycles.append([*stack[stack.index(target) :], target])
            elif target not in state:
                visit(target, [*stack, target])
        state[node] = 2

    for node in sorted(edges):
        if node not in state:
            visit(node, [node])
    # A package's __init__ importing its own submodules is not a cycle of jobs,
    # but a submodule importing its package __init__ back is.
    assert [" -> ".join(cycle) for cycle in cycles] == []


def test_the_package_root_keeps_only_the_entry_points():
    root = sorted(path.name for path in PACKAGE.glob("*.py"))
    assert len(root) <= MAX_ROOT_MODULES, root


@pytest.mark.parametrize("name", sorted(modules()))
def test_no_module_outgrows_one_job(name):
    lines = modules()[name].read_text(encoding="utf-8").count("\n")
    assert lines <= MAX_MODULE_LINES, f"{name} has {lines} lines"


def compiled_sources() -> dict[str, Path]:
    """Cython sources (built into extension modules by hatch_build.py), and
    the files they include (compiled into each: the same rules hold)."""
    sources = [*PACKAGE.rglob("*.pyx"), *PACKAGE.rglob("*.pxi")]
    return {module_name(path): path for path in sorted(sources)}


def test_the_compiled_sources_are_seen():
    assert "qualitycheck.detect.models.mt._kernel" in compiled_sources()


@pytest.mark.parametrize("name", sorted(compiled_sources()))
def test_compiled_modules_import_nothing_of_the_package_and_stay_small(name):
    """An extension module is a leaf in its layer: the Python wrapper beside it
    passes in what it needs, so the import graph above stays complete."""
    text = compiled_sources()[name].read_text(encoding="utf-8")
    layer_of(name)
    assert not re.findall(r"^\s*c?(?:import|from)\s+qualitycheck\b", text, re.M)
    assert text.count("\n") <= MAX_MODULE_LINES, f"{name} has {text.count(chr(10))} lines"


def test_the_layer_check_sees_a_violation(tmp_path):
    """The check itself can fail: a document module importing the pipeline."""
    assert layer_of("qualitycheck.pipeline.checker") > layer_of("qualitycheck.document.article")
    source = "from qualitycheck.pipeline.checker import Checker\n"
    path = tmp_path / "probe.py"
    path.write_text(source, encoding="utf-8")
    found = imports(path, "qualitycheck.document.probe", modules())
    assert "qualitycheck.pipeline.checker" in found


def test_every_module_is_in_the_folder_table():
    """docs/architecture.md's "One line per folder" names every module (and Cython
    source) in the row of its folder, so the map a contributor reads stays whole
    (rule kinds: one per module, their registry is the map)."""
    text = (PACKAGE.parent / "docs" / "architecture.md").read_text(encoding="utf-8")
    table = text[text.index("## One line per folder") : text.index("## Extension points")]
    rows = {}
    for line in table.splitlines():
        match = re.match(r"\| `([^`]+)` (?:\(root\) )?\| (.*) \|$", line)
        if match:
            rows[match.group(1).rstrip("/")] = match.group(2)
    missing = []
    for path in sorted([*PACKAGE.rglob("*.py"), *PACKAGE.rglob("*.pyx")]):
        relative = path.relative_to(PACKAGE)
        if path.name == "__init__.py" or "kinds" in relative.parts:
            continue
        folders = ["/".join(relative.parts[:end]) for end in range(len(relative.parts) - 1, 0, -1)]
        row = next((rows[f] for f in [*folders, "qualitycheck"] if f in rows), "")
        name = path.stem if path.suffix == ".py" else path.name
        if not re.search(rf"(?<![\w.]){re.escape(name)}(?!\w)", row):
            missing.append(str(relative))
    assert len(rows) > 10
    assert not missing, f"not in docs/architecture.md's folder table: {missing}"
