"""The shape of the outbox package: callers use the names `outbox/__init__.py` exports, the
modules inside import each other one way only (at the top of the file, no cycle), and the helpers
that work on an outbox (reconcile, verify, export) use its public methods only."""

from __future__ import annotations

import ast
import json
import os
import threading
from pathlib import Path

from outbox_helpers import encode_flac

import outbox

REPO = Path(__file__).resolve().parents[2]
PACKAGE = REPO / "outbox"
#: Helpers that take an outbox and must see only its public surface.
OVER_PUBLIC_API = ("reconcile", "verify", "export")


def _modules() -> dict[str, ast.Module]:
    return {
        p.stem: ast.parse(p.read_text(encoding="utf-8"))
        for p in sorted(PACKAGE.glob("*.py"))
        if p.stem != "__init__"
    }


def _outbox_imports(tree: ast.Module) -> set[str]:
    """The outbox modules a module imports (`from outbox import rows` counts as `rows`)."""
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            if node.module == "outbox":
                found |= {a.name for a in node.names}
            elif node.module.startswith("outbox."):
                found.add(node.module.split(".")[1])
        elif isinstance(node, ast.Import):
            found |= {a.name.split(".")[1] for a in node.names if a.name.startswith("outbox.")}
    return found


def test_every_exported_name_exists() -> None:
    missing = [name for name in outbox.__all__ if not hasattr(outbox, name)]
    assert not missing
    for name in ("Outbox", "OutboxError", "ChunkState", "RecordingState", "EventBus"):
        assert name in outbox.__all__


def test_no_caller_reaches_into_an_outbox_module() -> None:
    offenders = []
    for path in sorted(REPO.rglob("*.py")):
        rel = path.relative_to(REPO)
        if rel.parts[0] in {"outbox", ".venv", "build", "dist"} or rel.parts[0].startswith("."):
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom):
                modules = [node.module or ""]
            elif isinstance(node, ast.Import):
                modules = [a.name for a in node.names]
            else:
                continue
            if any(m.startswith("outbox.") for m in modules):
                offenders.append(f"{rel}:{node.lineno}")
    assert not offenders, "import from outbox itself: " + ", ".join(offenders)


def test_modules_import_at_the_top_only() -> None:
    """An import inside a function (or under TYPE_CHECKING) hides a dependency, often a cycle."""
    for name, tree in _modules().items():
        for node in tree.body:
            if isinstance(node, ast.If):  # `if TYPE_CHECKING:` and `if sys.platform ...`
                nested = [n for n in ast.walk(node) if isinstance(n, ast.Import | ast.ImportFrom)]
                assert not any(_outbox_imports(ast.Module([n], [])) for n in nested), name
        for func in ast.walk(tree):
            if isinstance(func, ast.FunctionDef | ast.AsyncFunctionDef):
                lazy = [n for n in ast.walk(func) if isinstance(n, ast.Import | ast.ImportFrom)]
                assert not lazy, f"outbox/{name}.py imports inside {func.name}()"


def test_module_imports_form_no_cycle() -> None:
    graph = {name: _outbox_imports(tree) - {name} for name, tree in _modules().items()}
    done: set[str] = set()

    def visit(name: str, path: tuple[str, ...]) -> None:
        assert name not in path, " -> ".join((*path, name))
        if name in done:
            return
        for dep in graph.get(name, ()):
            visit(dep, (*path, name))
        done.add(name)

    for name in graph:
        visit(name, ())


def test_helpers_use_the_outbox_through_its_public_methods() -> None:
    modules = _modules()
    for name in OVER_PUBLIC_API:
        tree = modules[name]
        assert "store" not in _outbox_imports(tree), f"outbox/{name}.py imports the store"
        private = [
            f"{node.value.id}.{node.attr}"
            for node in ast.walk(tree)
            if isinstance(node, ast.Attribute)
            and isinstance(node.value, ast.Name)
            and node.value.id == "box"
            and node.attr.startswith("_")
        ]
        assert not private, f"outbox/{name}.py calls {private}"


def test_instance_lock_names_its_holder_and_another_thread_may_release_it(
    open_outbox, data_dir: Path
) -> None:  # type: ignore[no-untyped-def]
    box = open_outbox()
    assert (data_dir / outbox.INSTANCE_LOCK_NAME).read_text().strip() == str(os.getpid())
    # The GUI opens the outbox on one thread and may close it on another.
    closer = threading.Thread(target=box.close)
    closer.start()
    closer.join()
    open_outbox().close()


def test_reconcile_notes_why_it_erases_at_start_up(open_outbox, tone_chunks) -> None:  # type: ignore[no-untyped-def]
    box = open_outbox()
    rec = box.begin_recording(
        title="t", sample_rate=48000, channels=1, subtype="PCM_16", started_at=0.0
    )
    gone, whole = (
        box.seal_chunk(rec.id, i, encode_flac(t), started_at=float(i), duration=1.0)
        for i, t in enumerate(tone_chunks(2))
    )
    for c in (gone, whole):
        box.set_upload(c.id, url="https://h/f/" + c.id, offset=0)
        box.mark_uploaded(c.id)
        box.confirm(c.id, sha256=c.sha256, size=c.size)
    box.close()
    gone.path.unlink()  # the erase unlinked it, then a crash before the row changed
    box = open_outbox()
    notes = {
        e["chunk_id"]: e["detail"].get("note")
        for e in map(json.loads, box.audit.path.read_text().splitlines())
        if e["action"] == "chunk_erased"
    }
    assert notes == {gone.id: "file already gone at start-up", whole.id: "at start-up"}
    assert not whole.path.exists()
