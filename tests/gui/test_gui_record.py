"""The real window records from the virtual microphone: start-up order, record, pause, marker,
stop, export to FLAC, quitting with pending uploads (closing the window: test_gui_background.py)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
import pytest
import soundfile as sf
from guihelp import choose_device, wait_ready
from PySide6.QtCore import Qt

from app.gui import record_panel as rp

pytestmark = [pytest.mark.realaudio, pytest.mark.realkeyring]


@pytest.mark.held_start_up
def test_window_is_shown_before_the_slow_start_up_ends(window: Any, qtbot: Any) -> None:
    # start() has returned: the window is up while the keyring self-test, the outbox and the
    # device scan are still running on the workers (held here, as a slow disk or keyring would).
    qtbot.wait(200)  # the event loop runs: nothing it shows may wait for the start-up
    assert window.isVisible()
    assert not window.ready
    assert window.devices == []
    assert window.panel.phase == rp.LOADING
    assert not window.panel.record_button.isEnabled()
    window.guard.gate.set()
    wait_ready(qtbot, window)
    assert window.panel.phase == rp.IDLE
    assert window.panel.record_button.isEnabled()
    assert "open" in window.guard.calls and "devices" in window.guard.calls


def _record(qtbot: Any, w: Any, device: str, title: str = "") -> None:
    wait_ready(qtbot, w)
    choose_device(w, device)
    if title:
        w.panel.title_edit.setText(title)
    qtbot.mouseClick(w.panel.record_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: w.panel.phase == rp.RECORDING, timeout=30_000)


def _stop(qtbot: Any, w: Any) -> None:
    qtbot.mouseClick(w.panel.stop_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: w.panel.phase == rp.IDLE, timeout=60_000)


@pytest.mark.slow
def test_record_pause_marker_stop_and_export(
    window: Any, qtbot: Any, virtual_mic: str, test_signal: np.ndarray, tmp_path: Path
) -> None:
    w = window
    _record(qtbot, w, virtual_mic, title="Weekly sync")
    rid = w.recording_id
    assert rid
    # The meter follows the speech of the virtual microphone.
    qtbot.waitUntil(lambda: w.panel.level_meter.rms_dbfs > -50, timeout=10_000)
    assert w.tray.recording and w.tray.stop_action.isEnabled()
    assert w.recordings.recordings.recording_state(rid).kind == "recording"

    qtbot.wait(1500)
    w.panel.marker_edit.setText("decision: ship it")
    qtbot.keyClick(w.panel.marker_edit, Qt.Key.Key_Return)
    assert w.panel.marker_count_label.text() == "Markers: 1"
    assert w.panel.marker_edit.text() == ""

    qtbot.mouseClick(w.panel.pause_button, Qt.MouseButton.LeftButton)
    assert w.panel.phase == rp.PAUSED
    assert w.panel.pause_button.text() == "Resume"
    frozen = w.panel.elapsed_label.text()
    qtbot.wait(1200)
    assert w.panel.elapsed_label.text() == frozen  # the clock stops while paused
    qtbot.mouseClick(w.panel.pause_button, Qt.MouseButton.LeftButton)
    assert w.panel.phase == rp.RECORDING

    # The marker shortcut adds a numbered marker when the entry is empty.
    w.marker_action.trigger()
    assert w.panel.marker_count_label.text() == "Markers: 2"

    # Record past one 5 s chunk: its row appears in the list while recording goes on.
    qtbot.waitUntil(lambda: len(_chunk_rows(w, rid)) >= 2, timeout=20_000)
    _stop(qtbot, w)
    assert w.recording_id is None
    assert not w.tray.recording

    outbox = w.core.outbox
    rec = outbox.recording(rid)
    assert rec.title == "Weekly sync"
    assert [m.label for m in rec.markers] == ["decision: ship it", "Marker 2"]
    assert any(g.reason == "paused" for g in rec.gaps)
    chunks = outbox.chunks(rid)
    assert len(chunks) >= 2
    qtbot.waitUntil(lambda: len(_chunk_rows(w, rid)) == len(chunks), timeout=5000)
    assert w.recordings.recordings.recording_state(rid).kind == "waiting"  # not signed in

    # Export to FLAC from the context menu: the audio before the pause is the signal itself.
    out = tmp_path / "export.flac"
    w.prompts.export_to = str(out)
    menu = w.recordings.build_menu(rid)
    export = menu.actions()[0]
    assert export.text() == "Export to FLAC…" and export.isEnabled()
    export.trigger()
    qtbot.waitUntil(out.exists, timeout=30_000)
    qtbot.waitUntil(lambda: w.tasks.pending == 0, timeout=30_000)
    audio, rate = sf.read(out, dtype="int16")
    assert rate == 48_000
    n = 48_000  # the first second was recorded before any pause
    assert np.array_equal(audio[:n], test_signal[:n])


def _chunk_rows(w: Any, rid: str) -> list[str]:
    model = w.recordings.recordings
    for row in range(model.rowCount()):
        item = model.item(row, 0)
        if item.data(Qt.ItemDataRole.UserRole + 1) == rid:
            return [item.child(i, 3).text() for i in range(item.rowCount())]
    return []


def test_quitting_with_pending_uploads_says_they_resume(
    window: Any, qtbot: Any, virtual_mic: str
) -> None:
    w = window
    _record(qtbot, w, virtual_mic)
    qtbot.wait(1000)
    _stop(qtbot, w)
    qtbot.waitUntil(lambda: w.pending_parts >= 1, timeout=10_000)
    w.prompts.quit_answer = False
    w.request_quit()
    assert ("quit_with_pending", w.pending_parts) in w.prompts.asked
    assert not w.quitting  # the user chose to stay
    assert "1 part(s) waiting to upload" in w.sync.text() or "waiting" in w.sync.text()


def test_without_a_secure_keyring_the_window_says_so_and_does_not_record(
    monkeypatch: pytest.MonkeyPatch, gui_ctx: Any, qtbot: Any
) -> None:
    from app.gui.main import create_window
    from app.gui.messages import english_catalogue

    monkeypatch.setenv("PYTHON_KEYRING_BACKEND", "keyring.backends.fail.Keyring")
    w = create_window(gui_ctx)
    try:
        w.start()
        qtbot.waitUntil(w.notice.isVisible, timeout=30_000)
        assert not w.ready
        assert not w.panel.record_button.isEnabled() and not w.record_action.isEnabled()
        assert w.panel.phase_label.text() == "Cannot record"
        assert "no_secure_keyring" in english_catalogue()
        assert w.notice.text().startswith("No secure key store is available")
    finally:
        w.quitting = True
        w.tasks.wait_idle(30_000)
        w.core.close()
        w.tray.dispose()
        w.close()


def test_a_recording_cut_by_a_crash_is_recovered_and_announced(
    gui_ctx: Any, qtbot: Any, data_dir: Path
) -> None:
    import os
    import signal
    import subprocess
    import sys
    import time

    from app.gui.main import create_window

    # A real `logmeets record` killed mid-chunk leaves its crash journal behind.
    logmeets = Path(sys.executable).parent / "logmeets"
    env = {**os.environ, "LOGMEETS_HOME": str(data_dir)}
    proc = subprocess.Popen(
        [str(logmeets), "record", "--device", "vmic", "--duration", "60", "--chunk-seconds", "30"],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 30
    while not list(data_dir.rglob("*journal*")) and time.monotonic() < deadline:
        time.sleep(0.2)
    time.sleep(3)  # a few seconds of journal records
    proc.send_signal(signal.SIGKILL)
    proc.wait(10)
    assert list(data_dir.rglob("*journal*")), "the recorder left no journal to recover"

    w = create_window(gui_ctx)
    try:
        w.start()
        qtbot.waitUntil(lambda: w.ready, timeout=60_000)
        qtbot.waitUntil(w.notice.isVisible, timeout=10_000)
        assert "recovered from the crash journal" in w.notice.text()
        assert any(t == "Recording recovered" for t, _ in w.tray.notifications)
        qtbot.waitUntil(lambda: w.recordings.recordings.rowCount() == 1, timeout=10_000)
        chunks = w.core.outbox.chunks()
        assert len(chunks) == 1 and chunks[0].recovered and chunks[0].duration >= 2.0
    finally:
        w.quitting = True
        w.tasks.wait_idle(30_000)
        w.core.close()
        w.tray.dispose()
        w.close()
