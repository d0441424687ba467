"""docs/architecture.md "Layers": who may import whom, and no import cycle. Checked on the source,
so it fails the moment a module grows a forbidden import. An import inside a function or under
`if TYPE_CHECKING:` counts like one at the top: hiding a two-way dependency does not remove it."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
OURS = {"app", "recorder", "uploader", "outbox", "crypto", "server", "updates"}
ALLOWED = {
    "crypto": set(),
    "outbox": {"crypto"},
    "recorder": {"crypto", "outbox"},
    "uploader": {"crypto", "outbox"},
    "server": {"crypto"},
    # updates fetch with the uploader's TLS rules (uploader.trusted_session), nothing else.
    "updates": {"crypto", "outbox", "uploader"},
}


def imported_roots(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    roots: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            roots |= {a.name.split(".")[0] for a in node.names}
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            roots.add(node.module.split(".")[0])
    return roots


def module_name(path: Path) -> str:
    parts = list(path.relative_to(REPO).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _resolve(target: str, modules: set[str]) -> str | None:
    """The module of ours that `target` (a dotted name, maybe a module attribute) names."""
    while target and target not in modules:
        target = target.rpartition(".")[0]
    return target or None


def imports_of(source: str, name: str, package: str, modules: set[str]) -> set[str]:
    """The modules of ours that module `name` (in `package`) imports anywhere in `source`;
    `from p import m` names p.m when m is a module."""
    edges: set[str] = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            targets = [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                up = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*up, base] if base else up)
            targets = [f"{base}.{a.name}" for a in node.names]
        else:
            continue
        for t in targets:
            resolved = _resolve(t, modules)
            if resolved and resolved != name:
                edges.add(resolved)
    return edges


def import_graph() -> dict[str, set[str]]:
    """Every module of ours -> the modules of ours it imports."""
    files = {module_name(f): f for pkg in sorted(OURS) for f in sorted((REPO / pkg).rglob("*.py"))}
    modules = set(files)
    return {
        name: imports_of(
            path.read_text(encoding="utf-8"),
            name,
            name if path.name == "__init__.py" else name.rpartition(".")[0],
            modules,
        )
        for name, path in files.items()
    }


@pytest.mark.parametrize("package", sorted(ALLOWED))
def test_core_package_imports_only_what_it_may(package: str) -> None:
    files = sorted((REPO / package).rglob("*.py"))
    assert files, f"{package}/ has no modules"
    for f in files:
        roots = imported_roots(f)
        assert not {r for r in roots if r.startswith("PySide6") or r in {"shiboken6"}}, f
        forbidden = (roots & OURS) - ALLOWED[package] - {package}
        assert not forbidden, f"{f.relative_to(REPO)} imports {forbidden}"


def test_only_app_gui_imports_qt() -> None:
    for f in sorted((REPO / "app").rglob("*.py")):
        rel = f.relative_to(REPO).as_posix()
        if "PySide6" in imported_roots(f):
            assert rel.startswith("app/gui/") or rel in {"app/screenshots.py"}, rel


def test_no_import_cycle_even_through_lazy_imports() -> None:
    graph = import_graph()
    state: dict[str, int] = {}  # 1: on the current path, 2: done
    path: list[str] = []

    def visit(node: str) -> None:
        state[node] = 1
        path.append(node)
        for nxt in sorted(graph.get(node, ())):
            if state.get(nxt) == 1:
                cycle = [*path[path.index(nxt) :], nxt]
                pytest.fail("import cycle: " + " -> ".join(cycle))
            if nxt not in state:
                visit(nxt)
        path.pop()
        state[node] = 2

    for node in sorted(graph):
        if node not in state:
            visit(node)


def test_the_graph_sees_lazy_and_type_checking_imports() -> None:
    """The cycle check would be blind if it read only the imports at the top of a module."""
    source = (
        "from typing import TYPE_CHECKING\n"
        "if TYPE_CHECKING:\n    from p import a\n"
        "def f():\n    from . import b\n    import p.c.x\n"
    )
    modules = {"p", "p.a", "p.b", "p.c"}
    assert imports_of(source, "p.d", "p", modules) == {"p.a", "p.b", "p.c"}
