"""Reminders under the real event loop: a recording that runs past its reminder time (a short
setting), recordings that finished uploading told in one notification together with "all
uploaded", and the "Sign in again" notification whose click opens the sign-in dialog. The core
events come through the real event bus and bridge (the upload and the takeover against a real
server: tests/gui/test_gui_sync.py)."""

from __future__ import annotations

import time
from typing import Any

import pytest
from guihelp import choose_device, wait_ready
from PySide6.QtCore import Qt

from app.gui import record_panel as rp
from outbox import RecordingState
from uploader import ManifestSent, SyncState, SyncStatus

pytestmark = [pytest.mark.realaudio, pytest.mark.realkeyring]


@pytest.fixture()
def gui_ctx(data_dir: Any, managed: Any, write_config: Any, real_keyring: object) -> Any:
    """The window's context with a reminder after 0.05 min (3 s)."""
    from app.context import Context

    write_config(language="en", chunk_seconds=5, recording_reminder_minutes=0.05)
    return Context.create(data_dir, managed)


def titles(w: Any) -> list[str]:
    return [title for title, _ in w.tray.notifications]


@pytest.mark.slow
def test_a_recording_still_running_after_its_time_is_reminded_once(
    window: Any, qtbot: Any, virtual_mic: str
) -> None:
    w = window
    wait_ready(qtbot, w)
    choose_device(w, virtual_mic)
    w.panel.title_edit.setText("Board meeting")
    qtbot.mouseClick(w.panel.record_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: w.panel.phase == rp.RECORDING, timeout=30_000)
    started = time.monotonic()
    qtbot.waitUntil(lambda: "Still recording" in titles(w), timeout=15_000)
    assert time.monotonic() - started >= 2.5  # not before its time
    [text] = [t for title, t in w.tray.notifications if title == "Still recording"]
    assert "“Board meeting” has been recording for" in text and "stop it" in text
    qtbot.wait(3500)
    assert titles(w).count("Still recording") == 1  # once per recording
    qtbot.mouseClick(w.panel.stop_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: w.panel.phase == rp.IDLE, timeout=60_000)

    # A recording stopped before its time is not reminded of.
    qtbot.mouseClick(w.panel.record_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: w.panel.phase == rp.RECORDING, timeout=30_000)
    qtbot.mouseClick(w.panel.stop_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: w.panel.phase == rp.IDLE, timeout=60_000)
    qtbot.wait(4000)
    assert titles(w).count("Still recording") == 1


def test_an_upload_and_all_uploaded_make_one_notification(
    window: Any, qtbot: Any, gui_ctx: Any
) -> None:
    w = window
    wait_ready(qtbot, w)
    box = w.core.outbox
    rec = box.begin_recording(
        title="Weekly sync", sample_rate=48000, channels=1, subtype="PCM_16",
        started_at=time.time(),
    )  # fmt: skip
    w.schedule_reload()
    qtbot.waitUntil(lambda: w.recordings.recordings.recording(rec.id) is not None)
    bus = gui_ctx.events
    bus.publish(SyncStatus(SyncState.syncing))
    bus.publish(ManifestSent(rec.id))
    bus.publish(SyncStatus(SyncState.all_confirmed))
    qtbot.waitUntil(lambda: "All recordings uploaded" in titles(w), timeout=10_000)
    qtbot.wait(2000)
    assert "Recording uploaded" not in titles(w)  # one notification, not two
    [text] = [t for title, t in w.tray.notifications if title == "All recordings uploaded"]
    assert text.startswith("“Weekly sync” has been uploaded.")
    assert "Every recording has reached the server" in text

    # One finished while others still wait: said on its own.
    bus.publish(SyncStatus(SyncState.syncing))
    bus.publish(ManifestSent(rec.id))
    qtbot.waitUntil(lambda: "Recording uploaded" in titles(w), timeout=10_000)
    assert w.tray.notifications[-1] == ("Recording uploaded", "“Weekly sync” has been uploaded.")
    assert box.recording(rec.id).state is RecordingState.RECORDING


def test_sign_in_again_opens_the_dialog_when_clicked(window: Any, qtbot: Any, gui_ctx: Any) -> None:
    w = window
    wait_ready(qtbot, w)
    gui_ctx.events.publish(SyncStatus(SyncState.superseded, "session_superseded"))
    qtbot.waitUntil(lambda: "Sign in again" in titles(w), timeout=10_000)
    [text] = [t for title, t in w.tray.notifications if title == "Sign in again"]
    assert "signed in on another device" in text and "Click here to sign in again" in text
    assert w.banner.isVisible()
    assert w.sign_in_dialog is None
    w.tray.icon.messageClicked.emit()  # the user clicks the notification
    qtbot.waitUntil(lambda: w.sign_in_dialog is not None and w.sign_in_dialog.isVisible())
    w.sign_in_dialog.reject()
    # A later notification's click does not open sign-in again: it shows the window.
    w.tray.notify("Other", "text")
    shown: list[bool] = []
    w.tray.show_requested.connect(lambda: shown.append(True))
    w.tray.icon.messageClicked.emit()
    assert shown == [True]


def test_all_uploaded_is_not_said_while_a_recording_runs(
    window: Any, qtbot: Any, gui_ctx: Any, virtual_mic: str
) -> None:
    w = window
    wait_ready(qtbot, w)
    choose_device(w, virtual_mic)
    qtbot.mouseClick(w.panel.record_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: w.panel.phase == rp.RECORDING, timeout=30_000)
    gui_ctx.events.publish(SyncStatus(SyncState.syncing))
    gui_ctx.events.publish(SyncStatus(SyncState.all_confirmed))  # the parts so far
    qtbot.waitUntil(lambda: w.sync.state == "all_confirmed", timeout=10_000)
    qtbot.wait(2000)
    assert "All recordings uploaded" not in titles(w)
    qtbot.mouseClick(w.panel.stop_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: w.panel.phase == rp.IDLE, timeout=60_000)
