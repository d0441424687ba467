"""Small helpers the GUI tests share: waiting for the window and acting as a user would."""

from __future__ import annotations

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
