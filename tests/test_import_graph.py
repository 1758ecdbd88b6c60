"""The package's import graph: no cycles, and no feature reaches into another's private names.

Every ``import`` and ``from … import`` in ``eigenkracht/`` is read with ``ast``, wherever it
stands (inside functions too: a late import is still a dependency). A module imports a
package's ``__init__`` when it imports anything from it, so ``from eigenkracht.cases import
x`` counts as an edge to ``eigenkracht.cases``.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "eigenkracht"


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _modules() -> dict[str, Path]:
    return {_module_name(path): path for path in PACKAGE.rglob("*.py")}


def _resolve(module: str, is_package: bool, level: int, target: str | None) -> str:
    if level == 0:
        return target or ""
    base = module.split(".") if is_package else module.split(".")[:-1]
    base = base[: len(base) - (level - 1)] if level > 1 else base
    return ".".join([*base, target] if target else base)


def _imports(modules: dict[str, Path]) -> dict[str, set[tuple[str, str | None]]]:
    """module -> {(imported module, imported name or None)}"""
    found: dict[str, set[tuple[str, str | None]]] = {}
    for module, path in modules.items():
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        edges: set[tuple[str, str | None]] = set()
        is_package = path.name == "__init__.py"
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                edges.update((alias.name, None) for alias in node.names
                             if alias.name.startswith("eigenkracht"))
            elif isinstance(node, ast.ImportFrom):
                target = _resolve(module, is_package, node.level, node.module)
                if not target.startswith("eigenkracht"):
                    continue
                for alias in node.names:
                    submodule = f"{target}.{alias.name}"
                    if submodule in modules:
                        edges.add((submodule, None))
                    else:
                        edges.add((target, alias.name))
        found[module] = edges
    return found


def _feature(module: str) -> str:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else ""


def _reachable(graph: dict[str, set[str]], start: str) -> set[str]:
    seen: set[str] = set()
    todo = list(graph.get(start, ()))
    while todo:
        node = todo.pop()
        if node not in seen:
            seen.add(node)
            todo.extend(graph.get(node, ()))
    return seen


def _cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The groups of modules that import each other, directly or through others."""
    reach = {module: _reachable(graph, module) for module in graph}
    groups = {frozenset(other for other in reach[module]
                        if module in reach[other]) | {module}
              for module in graph if module in reach[module]}
    return sorted(sorted(group) for group in groups)


@pytest.fixture(scope="module")
def imports():
    return _imports(_modules())


def test_no_module_takes_part_in_an_import_cycle(imports):
    modules = set(imports)
    graph = {module: {target for target, _name in edges if target in modules and target != module}
             for module, edges in imports.items()}
    # A package's __init__ that only re-exports its own modules is not a cycle of features.
    assert _cycles(graph) == []


def test_no_module_imports_a_private_name_of_another_feature(imports):
    leaks = sorted(
        f"{module} imports {name} from {target}"
        for module, edges in imports.items()
        for target, name in edges
        if name and name.startswith("_") and not name.startswith("__")
        and _feature(target) != _feature(module)
    )
    assert leaks == []


def test_no_module_imports_a_private_module_of_another_feature(imports):
    leaks = sorted(
        f"{module} imports {target}"
        for module, edges in imports.items()
        for target, _name in edges
        if _feature(target) != _feature(module)
        and any(part.startswith("_") and not part.startswith("__")
                for part in target.split(".")[2:])
    )
    assert leaks == []
