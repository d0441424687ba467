"""Every control has an accessible name; the transport and marker actions have shortcuts; the
microphone test shows a level; warnings from the recorder reach the user."""

from __future__ import annotations

from typing import Any

import pytest
from guihelp import choose_device, wait_ready
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractSpinBox,
    QComboBox,
    QLineEdit,
    QWidget,
)

from app.gui.level_meter import LevelMeter
from recorder import DeviceLost, DiskLow, DiskTimeLeft, RecordingStopped

pytestmark = [pytest.mark.realkeyring, pytest.mark.realaudio]

CONTROLS = (QAbstractButton, QLineEdit, QComboBox, QAbstractSpinBox, QAbstractItemView, LevelMeter)


def _inside(w: QWidget, kinds: tuple[type, ...]) -> bool:
    parent = w.parentWidget()
    while parent is not None:
        if isinstance(parent, kinds):
            return True
        parent = parent.parentWidget()
    return False


def unnamed_controls(root: QWidget) -> list[str]:
    """Controls under `root` a screen reader could not name."""
    missing = []
    for w in root.findChildren(QWidget):
        if isinstance(w, CONTROLS) and not w.accessibleName().strip():
            # Qt's own helpers inside composite widgets (spin box arrows, header sections,
            # the line edit of a combo box) take the name of their owner.
            if _inside(w, (QComboBox, QAbstractSpinBox)):
                continue
            if type(w).__name__ in {"QHeaderView", "QScrollBar", "QToolButton"}:
                continue
            missing.append(
                f"{type(w).__name__} {w.objectName()!r} text={getattr(w, 'text', lambda: '')()!r}"
            )
    return missing


def test_every_control_has_an_accessible_name(window: Any, qtbot: Any) -> None:
    w = window
    wait_ready(qtbot, w)
    assert unnamed_controls(w) == []
    w.settings_action.trigger()
    assert unnamed_controls(w.settings_dialog) == []
    w.settings_dialog.reject()
    w.sign_in_action.trigger()
    w.sign_in_dialog.advanced.setChecked(True)
    assert unnamed_controls(w.sign_in_dialog) == []
    w.sign_in_dialog.reject()


def test_shortcuts_for_record_pause_stop_marker(window: Any) -> None:
    w = window
    keys = {
        a.text(): a.shortcut().toString()
        for a in (w.record_action, w.pause_action, w.stop_action, w.marker_action)
    }
    assert keys == {
        "Record": "Ctrl+R",
        "Pause / Resume": "Ctrl+Shift+P",
        "Stop": "Ctrl+.",
        "Add marker": "Ctrl+M",
    }
    assert all(a in w.actions() for a in (w.record_action, w.stop_action))


def test_microphone_test_shows_the_level(window: Any, qtbot: Any, virtual_mic: str) -> None:
    w = window
    wait_ready(qtbot, w)
    choose_device(w, "vmic")  # the looped signal: a steady level
    assert virtual_mic
    w.panel.test_button.click()
    assert w.panel.test_meter.isVisible()
    qtbot.waitUntil(lambda: w.panel.test_meter.rms_dbfs > -50, timeout=15_000)
    w.panel.test_button.click()
    assert not w.panel.test_meter.isVisible()
    qtbot.waitUntil(lambda: w.tasks.pending == 0, timeout=10_000)
    assert w.core._mic_test is None  # the stream is closed


def notified(w: Any, title: str) -> bool:
    """True once the tray showed a notification with `title`."""
    return any(t == title for t, _ in w.tray.notifications)


def test_recorder_warnings_reach_the_user(window: Any, qtbot: Any) -> None:
    # The recorder's own fault tests produce these events from real faults; here they are
    # published on the app's bus to check what the window makes of them.
    w = window
    wait_ready(qtbot, w)
    bus = w.ctx.events
    bus.publish(DiskTimeLeft(5400.0))
    qtbot.waitUntil(lambda: "1 h 30 min" in w.panel.disk_label.text(), timeout=5000)
    bus.publish(DeviceLost("r1", "USB headset", "stream ended"))
    qtbot.waitUntil(lambda: notified(w, "Microphone lost"), timeout=5000)
    assert "USB headset" in w.notice.text() and w.notice.isVisible()
    bus.publish(DiskLow("r1", 300.0))
    qtbot.waitUntil(lambda: notified(w, "Disk space low"), timeout=5000)
    assert "5 min" in w.notice.text()
    bus.publish(RecordingStopped("r1", "disk_full"))
    qtbot.waitUntil(lambda: notified(w, "Recording stopped"), timeout=5000)
    assert "disk is almost full" in w.notice.text()
