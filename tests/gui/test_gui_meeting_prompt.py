"""The window offers to record when a meeting app starts using the microphone: a real capture
stream in the test environment's PulseAudio that calls itself zoom, seen through the real
`pactl`, under the real Qt event loop. Accepting records; the offer comes once per meeting;
our own recording never triggers it; the setting (Settings › General, lockable) turns it off."""

from __future__ import annotations

import json
import os
import subprocess
import tomllib
from pathlib import Path
from typing import Any

import pytest
from guihelp import choose_device, wait_ready
from meeting_app import meeting_app
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox

from app.gui import record_panel as rp
from app.gui.settings_pages.general import GeneralPage

pytestmark = [pytest.mark.realaudio, pytest.mark.realkeyring]

ZOOM_OFFER = "Zoom is using the microphone. Record this meeting?"
POLL_MS = 150  # the app polls every 3 s; the test need not wait that long


def _ready(qtbot: Any, w: Any) -> Any:
    wait_ready(qtbot, w)
    prompt = w.meeting_prompt
    assert prompt.detector.available  # pactl is there: detection is on
    prompt.timer.setInterval(POLL_MS)
    qtbot.waitUntil(prompt.timer.isActive, timeout=10_000)
    return prompt


def _offers(w: Any, text: str) -> int:
    return sum(1 for _title, t in w.tray.notifications if t == text)


def _our_streams() -> list[str]:
    """The application names of this process's capture streams, as pactl lists them."""
    out = subprocess.run(
        ["pactl", "-f", "json", "list", "source-outputs"], capture_output=True, text=True
    ).stdout
    return [
        s["properties"].get("application.name", "")
        for s in json.loads(out)
        if s["properties"].get("application.process.id") == str(os.getpid())
    ]


def _polls(qtbot: Any, w: Any, n: int = 3) -> None:
    """Until the window has had `n` more answers from the detector."""
    prompt = w.meeting_prompt
    target = prompt.looks + n
    qtbot.waitUntil(lambda: prompt.looks >= target, timeout=15_000)


def test_zoom_starting_is_offered_once_and_accepting_records(
    window: Any, qtbot: Any, virtual_mic: str
) -> None:
    w = window
    prompt = _ready(qtbot, w)
    _polls(qtbot, w)
    assert not prompt.bar.isVisible() and not w.tray.notifications  # nothing uses the mic

    with meeting_app("zoom"):
        qtbot.waitUntil(prompt.bar.isVisible, timeout=10_000)
        assert prompt.bar.label.text() == ZOOM_OFFER
        assert w.tray.notifications[-1] == ("Meeting detected", ZOOM_OFFER)
        _polls(qtbot, w)
        assert _offers(w, ZOOM_OFFER) == 1  # once per meeting, not at every poll

        # Not now: the bar goes, and the same meeting is not offered again.
        qtbot.mouseClick(prompt.bar.not_now_button, Qt.MouseButton.LeftButton)
        assert not prompt.bar.isVisible()
        _polls(qtbot, w)
        assert not prompt.bar.isVisible() and _offers(w, ZOOM_OFFER) == 1

    # The meeting ended; the next one is offered again, and Record records it.
    _polls(qtbot, w)
    assert prompt.offered == frozenset()
    choose_device(w, virtual_mic)
    with meeting_app("zoom"):
        qtbot.waitUntil(prompt.bar.isVisible, timeout=10_000)
        assert _offers(w, ZOOM_OFFER) == 2
        qtbot.mouseClick(prompt.bar.record_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: w.panel.phase == rp.RECORDING, timeout=30_000)
        rid = w.recording_id
        assert rid
        assert w.panel.title_edit.text() == "Zoom meeting"
        assert not prompt.bar.isVisible()
        _polls(qtbot, w)
        qtbot.mouseClick(w.panel.stop_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: w.panel.phase == rp.IDLE, timeout=60_000)
        # Zoom still runs after we stopped: the meeting we recorded is not offered again.
        _polls(qtbot, w)
        assert not prompt.bar.isVisible() and _offers(w, ZOOM_OFFER) == 2
    view = w.recordings.recordings
    qtbot.waitUntil(
        lambda: getattr(view.recording(rid), "title", "") == "Zoom meeting", timeout=10_000
    )


def test_clicking_the_notification_records(window: Any, qtbot: Any, virtual_mic: str) -> None:
    w = window
    prompt = _ready(qtbot, w)
    choose_device(w, virtual_mic)
    with meeting_app("Microsoft Teams", "teams"):
        qtbot.waitUntil(prompt.bar.isVisible, timeout=10_000)
        assert w.tray.notifications[-1][1] == (
            "Microsoft Teams is using the microphone. Record this meeting?"
        )
        w.tray.icon.messageClicked.emit()  # what the desktop sends when the user clicks it
        qtbot.waitUntil(lambda: w.panel.phase == rp.RECORDING, timeout=30_000)
        qtbot.mouseClick(w.panel.stop_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: w.panel.phase == rp.IDLE, timeout=60_000)


def test_our_own_recording_and_mic_test_are_not_meetings(
    window: Any, qtbot: Any, virtual_mic: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    w = window
    prompt = _ready(qtbot, w)
    # Our own streams call themselves zoom (libpulse reads PULSE_PROP_OVERRIDE at each open):
    # only our process id tells them apart.
    monkeypatch.setenv(
        "PULSE_PROP_OVERRIDE", "application.name=zoom application.process.binary=zoom"
    )
    choose_device(w, virtual_mic)
    qtbot.mouseClick(w.panel.test_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: w.panel.test_meter.rms_dbfs > -50, timeout=10_000)
    _polls(qtbot, w)
    assert _our_streams() == ["zoom"]
    assert prompt.offered == frozenset()  # our capture stream is ignored
    qtbot.mouseClick(w.panel.test_button, Qt.MouseButton.LeftButton)

    qtbot.mouseClick(w.panel.record_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: w.panel.phase == rp.RECORDING, timeout=30_000)
    qtbot.waitUntil(lambda: w.panel.level_meter.rms_dbfs > -50, timeout=10_000)
    _polls(qtbot, w)
    assert _our_streams() == ["zoom"]
    assert prompt.offered == frozenset()
    qtbot.mouseClick(w.panel.stop_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: w.panel.phase == rp.IDLE, timeout=60_000)
    _polls(qtbot, w)
    assert not prompt.bar.isVisible() and not w.tray.notifications


def test_turning_the_setting_off_stops_the_offers(window: Any, qtbot: Any, data_dir: Path) -> None:
    w = window
    prompt = _ready(qtbot, w)
    with meeting_app("slack"):
        qtbot.waitUntil(prompt.bar.isVisible, timeout=10_000)
        w.settings_action.trigger()
        dialog, page = w.settings_dialog, w.settings_dialog.page(GeneralPage)
        assert page.offer_to_record.isChecked() and page.offer_to_record.isEnabled()
        page.offer_to_record.setChecked(False)
        dialog.buttons.button(QDialogButtonBox.StandardButton.Save).click()
        qtbot.waitUntil(lambda: not w.ctx.settings.offer_to_record, timeout=10_000)
        qtbot.waitUntil(lambda: not prompt.bar.isVisible(), timeout=5_000)
        stored = tomllib.loads((data_dir / "config.toml").read_text(encoding="utf-8"))
        assert stored["offer_to_record"] is False
        looks = prompt.looks
        with meeting_app("zoom"):
            qtbot.wait(10 * POLL_MS)
            assert not prompt.bar.isVisible() and _offers(w, ZOOM_OFFER) == 0
        assert prompt.looks <= looks + 1  # no pactl at all while off (one may have been running)
    assert len(w.tray.notifications) == 1  # Slack's, before the setting went off


@pytest.fixture()
def offers_locked_off(managed: Path) -> Path:
    managed.write_text("offer_to_record = false\n", encoding="utf-8")
    return managed


def test_the_administrator_can_turn_the_offers_off(
    offers_locked_off: Path, window: Any, qtbot: Any
) -> None:
    w = window
    prompt = _ready(qtbot, w)
    with meeting_app("zoom"):
        qtbot.wait(10 * POLL_MS)
        assert not prompt.bar.isVisible() and not w.tray.notifications
    assert prompt.looks == 0  # never asked the OS
    w.settings_action.trigger()
    page = w.settings_dialog.page(GeneralPage)
    assert not page.offer_to_record.isChecked() and not page.offer_to_record.isEnabled()
    assert str(offers_locked_off) in page.offer_to_record.toolTip()
    assert "offer_to_record" not in w.settings_dialog.changes()
    w.settings_dialog.reject()


@pytest.fixture()
def japanese(write_config: Any) -> None:
    write_config(language="ja", chunk_seconds=5)


def test_the_offer_in_japanese(japanese: None, window: Any, qtbot: Any) -> None:
    w = window
    prompt = _ready(qtbot, w)
    with meeting_app("webex", "CiscoCollabHost"):
        qtbot.waitUntil(prompt.bar.isVisible, timeout=10_000)
        text = "Webex がマイクを使用しています。この会議を録音しますか？"
        assert prompt.bar.label.text() == text
        assert w.tray.notifications[-1] == ("会議を検出しました", text)
        assert prompt.bar.record_button.text() == "録音"
        assert prompt.bar.not_now_button.text() == "今はしない"
        prompt.accept()
        qtbot.waitUntil(lambda: w.panel.phase == rp.RECORDING, timeout=30_000)
        assert w.panel.title_edit.text() == "Webex の会議"
        qtbot.mouseClick(w.panel.stop_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: w.panel.phase == rp.IDLE, timeout=60_000)
