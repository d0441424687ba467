"""The Qt binding must not leak or steal Python references on the GUI's hot paths.

PySide6 6.12.0 (with shiboken6 6.12.0, on CPython 3.11) drops one reference to `None` on every
call of a method that returns void (`setText`, `update`, `QThreadPool.start`,
`processEvents`...) and one to `True` on every `Signal.emit()`. When either count reaches zero
the interpreter aborts ("Fatal Python error: none_dealloc"). The window repaints its level meter
ten times a second, so with that version a recording crashes the app within minutes. 6.11.3 does
not have the bug. This test fails, naming the version, instead of letting a meeting crash.
"""

from __future__ import annotations

import gc
import sys
from typing import Any

import PySide6

from app.gui.event_bridge import EventBridge
from app.gui.level_meter import LevelMeter
from outbox import ChunkSealed, EventBus

CALLS = 400
TOLERANCE = 100  # references held for a moment by queued events, caches and the like


def test_gui_hot_paths_keep_none_and_true_alive(qtbot: Any) -> None:
    meter = LevelMeter()
    qtbot.addWidget(meter)
    bus = EventBus()
    bridge = EventBridge(bus)
    got: list[str] = []
    bridge.core_event.connect(lambda name, _e: got.append(name))
    gc.collect()
    none_before, true_before = sys.getrefcount(None), sys.getrefcount(True)
    for i in range(CALLS):
        meter.set_level(-10.0, -20.0, False)  # calls update(): void
        bus.publish(ChunkSealed(f"c{i}", "r", i, 1.0, False))  # the bridge emits
    qtbot.waitUntil(lambda: len(got) == CALLS, timeout=5000)
    gc.collect()
    none_drift = sys.getrefcount(None) - none_before
    true_drift = sys.getrefcount(True) - true_before
    version = f"PySide6 {PySide6.__version__}"
    assert abs(none_drift) < TOLERANCE, (
        f"{version} lost {-none_drift} references to None in {CALLS} calls: the app would "
        "abort within minutes of recording. Use PySide6-Essentials 6.11.3."
    )
    assert abs(true_drift) < TOLERANCE, (
        f"{version} lost {-true_drift} references to True in {CALLS} signal emits: the app "
        "would abort. Use PySide6-Essentials 6.11.3."
    )
