"""Small helpers the GUI tests share: waiting for the window and acting as a user would."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any


def wait_ready(qtbot: Any, w: Any, timeout: int = 30_000) -> None:
    """Until the outbox is open and the devices are listed."""
    qtbot.waitUntil(lambda: w.ready and bool(w.devices), timeout=timeout)


def choose_device(w: Any, name: str) -> None:
    """Picks a microphone in the window's picker, as a user would."""
    combo = w.panel.device_combo
    index = combo.findData(name)
    assert index >= 0, f"{name} not offered: {[combo.itemText(i) for i in range(combo.count())]}"
    combo.setCurrentIndex(index)


@contextmanager
def own_window(ctx: Any) -> Iterator[Any]:
    """A main window of the test's own (created, not started), shut down cleanly at the end."""
    from app.gui.main import create_window

    w = create_window(ctx)
    try:
        yield w
    finally:
        w.quitting = True
        w.tasks.wait_idle(60_000)
        w.core.close()
        w.tray.dispose()
        w.close()
