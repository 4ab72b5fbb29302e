"""The import graph of ``src/corridor``, read from the source with :mod:`ast`: no cycle between
modules; the families below the case never import ``case``, ``maps``, ``cli`` or ``testing``; imports
inside functions only for the modules :mod:`corridor._deferred` lists."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from corridor import _deferred

SRC = Path(__file__).resolve().parents[1] / "src"
#: Families that receive what they need and only look down.
LOWER = ("places", "evidence", "transport", "tracks", "store", "reports")
#: What they may not import.
UPPER = ("corridor.case", "corridor.maps", "corridor.cli", "corridor.testing")


def _modules() -> dict[str, Path]:
    found = {}
    for path in sorted((SRC / "corridor").rglob("*.py")):
        parts = list(path.relative_to(SRC).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts.pop()
        found[".".join(parts)] = path
    return found


MODULES = _modules()


def _targets(module: str, node: ast.Import | ast.ImportFrom, package: bool) -> list[str]:
    """The modules an import statement loads (``from a import b`` is ``a.b`` when that is a module)."""
    if isinstance(node, ast.Import):
        return [alias.name for alias in node.names]
    if node.level:
        base = module.split(".")
        base = base[: len(base) - node.level + (1 if package else 0)]
        prefix = ".".join(base + ([node.module] if node.module else []))
    else:
        prefix = node.module or ""
    return [f"{prefix}.{a.name}" if f"{prefix}.{a.name}" in MODULES else prefix for a in node.names]


def _own(name: str) -> str | None:
    """The project module ``name`` lives in, or None for another package."""
    while name and name not in MODULES:
        name = name.rpartition(".")[0]
    return name or None


def _imports() -> list[tuple[str, str, bool, int]]:
    """(importer, imported, inside a function, line) for every import statement of the project."""
    found = []
    for module, path in MODULES.items():
        tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
        package = path.name == "__init__.py"
        inner = set()
        for fn in ast.walk(tree):
            if isinstance(fn, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda)):
                inner.update(id(n) for n in ast.walk(fn) if isinstance(n, (ast.Import, ast.ImportFrom)))
        for node in ast.walk(tree):
            if isinstance(node, (ast.Import, ast.ImportFrom)):
                for target in _targets(module, node, package):
                    found.append((module, target, id(node) in inner, node.lineno))
    return found


IMPORTS = _imports()


def _graph() -> dict[str, set[str]]:
    graph: dict[str, set[str]] = {m: set() for m in MODULES}
    for importer, target, _, _ in IMPORTS:
        own = _own(target)
        if own and own != importer:
            graph[importer].add(own)
        # importing a.b.c runs a and a.b too
        while own and "." in own:
            own = own.rpartition(".")[0]
            if own != importer and not importer.startswith(own + "."):
                graph[importer].add(own)
    return graph


def _cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components of more than one module (Tarjan, iterative)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found = []
    for root in sorted(graph):
        if root in index:
            continue
        work = [(root, iter(sorted(graph[root])))]
        index[root] = low[root] = len(index)
        stack.append(root)
        on_stack.add(root)
        while work:
            node, children = work[-1]
            child = next(children, None)
            if child is not None:
                if child not in index:
                    index[child] = low[child] = len(index)
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(sorted(graph[child]))))
                elif child in on_stack:
                    low[node] = min(low[node], index[child])
                continue
            work.pop()
            if work:
                low[work[-1][0]] = min(low[work[-1][0]], low[node])
            if low[node] == index[node]:
                component = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    component.append(member)
                    if member == node:
                        break
                if len(component) > 1:
                    found.append(sorted(component))
    return found


def test_the_graph_is_read_from_every_module():
    assert len(MODULES) > 50 and "corridor.case" in MODULES
    assert any(target.startswith("corridor.") for _, target, _, _ in IMPORTS)


def test_no_cycle_between_modules():
    cycles = _cycles(_graph())
    assert cycles == [], "import cycles: " + "; ".join(" <-> ".join(c) for c in cycles)


def test_a_cycle_is_found_when_there_is_one():
    """The checker itself: a planted cycle of three modules is reported."""
    assert _cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]


@pytest.mark.parametrize("family", LOWER)
def test_lower_families_only_look_down(family):
    prefix = f"corridor.{family}"
    bad = [
        f"{importer}:{line} imports {target}"
        for importer, target, _, line in IMPORTS
        if (importer == prefix or importer.startswith(prefix + "."))
        and any(target == up or target.startswith(up + ".") for up in UPPER)
    ]
    assert bad == []


@pytest.mark.parametrize("family", LOWER)
def test_lower_families_never_ask_for_the_current_case(family):
    bad = []
    for path in sorted((SRC / "corridor" / family).rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Name) and node.id == "current_case":
                bad.append(f"{path.relative_to(SRC)}:{node.lineno}")
            if isinstance(node, ast.Attribute) and node.attr == "current_case":
                bad.append(f"{path.relative_to(SRC)}:{node.lineno}")
    assert bad == []


def test_imports_inside_functions_are_only_deferred_ones():
    bad = [
        f"{importer}:{line} imports {target} inside a function"
        for importer, target, inner, line in IMPORTS
        if inner and not _deferred.allowed(target, importer)
    ]
    assert bad == [], "move to the module top, or list in corridor._deferred with a reason:\n" + "\n".join(bad)


def test_every_deferred_module_is_deferred_somewhere():
    """The list holds no stale entry: each module it names is imported inside a function."""
    used = {target.split(".")[0] for _, target, inner, _ in IMPORTS if inner}
    assert sorted(set(_deferred.DEFERRED) - used) == []


def test_the_rule_refuses_what_it_should():
    assert _deferred.allowed("searoute.classes", "corridor.transport.sea")
    assert not _deferred.allowed("pandas", "corridor.maps.layers")
    assert not _deferred.allowed("corridor.places.gazetteer", "corridor.transport.routes")
    assert _deferred.allowed("corridor.maps.atlas", "corridor.cli.atlas_cmd")
