"""A microphone that picks up nothing: the window shows a warning that says what to check, the
tray notifies, and the warning goes once the microphone picks up sound again (a real recording
from a virtual microphone that plays digital silence, then a tone)."""

from __future__ import annotations

import subprocess
from typing import Any

import numpy as np
import pytest
from guihelp import choose_device, wait_ready
from PySide6.QtCore import Qt

from app.gui import record_panel as rp

pytestmark = [pytest.mark.realaudio, pytest.mark.realkeyring, pytest.mark.slow]


@pytest.fixture()
def gui_ctx(data_dir: Any, managed: Any, write_config: Any, real_keyring: object) -> Any:
    """The window's context with a 2 s silence warning."""
    from app.context import Context

    write_config(language="en", chunk_seconds=5, silence_warning_seconds=2)
    return Context.create(data_dir, managed)


def test_a_silent_microphone_is_warned_about_until_sound_returns(
    quiet_mic: str, window: Any, qtbot: Any
) -> None:
    w = window
    wait_ready(qtbot, w)
    choose_device(w, "pulse")
    qtbot.mouseClick(w.panel.record_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: w.panel.phase == rp.RECORDING, timeout=30_000)

    qtbot.waitUntil(lambda: w.notice.isVisible(), timeout=20_000)
    text = w.notice.text()
    assert "picked up nothing for 2 s" in text
    assert all(word in text for word in ("muted", "Privacy and Security", "right microphone"))
    assert ("Microphone silent", text) in w.tray.notifications

    tone = (np.sin(2 * np.pi * 440 * np.arange(4 * 48_000) / 48_000) * 8000).astype("<i2")
    player = subprocess.Popen(
        ["pacat", "--playback", "-d", quiet_mic, "--format=s16le", "--rate=48000",
         "--channels=1", "--raw"], stdin=subprocess.PIPE,
    )  # fmt: skip
    assert player.stdin is not None
    player.stdin.write(tone.tobytes())
    player.stdin.close()
    try:
        qtbot.waitUntil(lambda: not w.notice.isVisible(), timeout=20_000)
        assert "picks up sound again" in w.statusBar().currentMessage()
    finally:
        player.wait(20)
    rid = w.recording_id
    qtbot.mouseClick(w.panel.stop_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: w.panel.phase == rp.IDLE, timeout=60_000)
    [silence] = w.core.outbox.recording(rid).silences
    assert silence.end - silence.start >= 2.0
