"""ARCHITECTURE §2: who may import whom. Checked on the source, so it fails the moment a core
module grows a forbidden import, even one that is only reached at run time."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
OURS = {"app", "recorder", "uploader", "outbox", "crypto", "server"}
ALLOWED = {
    "crypto": set(),
    "outbox": {"crypto"},
    "recorder": {"crypto", "outbox"},
    "uploader": {"crypto", "outbox"},
    "server": {"crypto"},
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
