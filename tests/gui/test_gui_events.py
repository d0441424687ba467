"""The window's reactions to core events are found by the event's type: every event class the
core publishes has a handler (or is ignored on purpose), and the promise of the task manager
holds: outbox and keyring work never runs on the network pool (the `window` fixture fails any
test where it did; the test below shows that it notices)."""

from __future__ import annotations

import ast
import dataclasses
import importlib
import pkgutil
from pathlib import Path
from typing import Any

import pytest
from guihelp import wait_ready

from app.gui.event_bridge import COALESCED
from app.gui.window_events import HANDLERS, IGNORED

REPO = Path(__file__).resolve().parents[2]
CORE = ("outbox", "recorder", "uploader")


def event_classes() -> set[type[Any]]:
    """The dataclasses of every core module whose name says it holds events."""
    found: set[type[Any]] = set()
    for package in CORE:
        pkg = importlib.import_module(package)
        for info in pkgutil.iter_modules(pkg.__path__):
            if "event" not in info.name:
                continue
            module = importlib.import_module(f"{package}.{info.name}")
            for obj in vars(module).values():
                if (
                    isinstance(obj, type)
                    and dataclasses.is_dataclass(obj)
                    and obj.__module__ == module.__name__
                ):
                    found.add(obj)
    return found


def published_names() -> set[str]:
    """Class names constructed right inside a `publish(...)` / `_publish(...)` call."""
    names: set[str] = set()
    for package in CORE:
        for path in (REPO / package).rglob("*.py"):
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
                if (
                    isinstance(node, ast.Call)
                    and isinstance(node.func, ast.Attribute)
                    and node.func.attr in ("publish", "_publish")
                    and node.args
                    and isinstance(node.args[0], ast.Call)
                    and isinstance(node.args[0].func, ast.Name)
                ):
                    names.add(node.args[0].func.id)
    return names


def test_every_core_event_has_a_handler() -> None:
    events = event_classes()
    assert len(events) >= 15, sorted(e.__name__ for e in events)
    missing = {e.__name__ for e in events} - {e.__name__ for e in (*HANDLERS, *IGNORED)}
    assert not missing, f"core events the window would drop silently: {sorted(missing)}"
    assert not set(HANDLERS) & IGNORED


def test_every_published_event_is_an_event_class() -> None:
    # The scan above must see what the core really publishes (SyncStatus goes by a variable).
    names = {e.__name__ for e in event_classes()}
    published = published_names()
    assert len(published) >= 15
    assert published <= names, sorted(published - names)


def test_handlers_and_coalescing_are_keyed_by_class() -> None:
    for table in (HANDLERS, COALESCED):
        assert all(dataclasses.is_dataclass(cls) for cls in table)


@pytest.mark.realkeyring
def test_outbox_or_keyring_work_on_the_network_pool_is_noticed(window: Any, qtbot: Any) -> None:
    w = window
    wait_ready(qtbot, w)
    assert w.workers.violations == []
    outbox = w.core.outbox
    w.tasks.run(outbox.recordings, network=True)
    w.tasks.run(lambda: w.ctx.keystore().get("uploader/refresh_token"), network=True)
    qtbot.waitUntil(lambda: w.tasks.pending == 0, timeout=10_000)
    assert w.workers.violations == ["Outbox.recordings", "KeyStore._get"]
    w.workers.violations.clear()  # seen: the fixture must not fail this test
