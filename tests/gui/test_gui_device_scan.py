"""Devices plugged in while the app runs, on real parts: a new ALSA device (PortAudio rescans)
and a new PulseAudio output (its monitor is a computer-audio source) show up when the window
comes to the front, idle; the user's pick of microphone survives the rescan, gives way to the
system default while its device is gone and comes back with it; the new microphone records its
level in the test meter. Coming to the front again within `RESCAN_GAP_S` rescans nothing."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path
from typing import Any

import pytest
from guihelp import choose_device, wait_ready
from PySide6.QtWidgets import QWidget

from app.gui import device_scan

pytestmark = [pytest.mark.realaudio, pytest.mark.realkeyring]

HEADSET = "lmheadset"  # the ALSA device this test plugs in (a pulse device onto the loop)
OUTPUT = "lmhsout"  # the PulseAudio output it plugs in


def _to_front(qtbot: Any, w: Any, other: QWidget) -> None:
    """Another window takes the focus, then the main window comes back to the front."""
    other.activateWindow()
    qtbot.waitUntil(other.isActiveWindow, timeout=5_000)
    w.activateWindow()
    qtbot.waitUntil(w.isActiveWindow, timeout=5_000)


def _offered(w: Any) -> list[str | None]:
    combo = w.panel.device_combo
    return [combo.itemData(i) for i in range(combo.count())]


def test_devices_plugged_in_later_show_up_when_the_window_comes_to_the_front(
    window: Any, qtbot: Any, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    w = window
    wait_ready(qtbot, w)
    qtbot.waitUntil(lambda: bool(w.panel.system_sources()), timeout=30_000)
    w.activateWindow()
    qtbot.waitUntil(w.isActiveWindow, timeout=5_000)
    assert HEADSET not in _offered(w)
    choose_device(w, "sinemic")
    other = QWidget()
    qtbot.addWidget(other)
    other.show()

    original = Path(os.environ["ALSA_CONFIG_PATH"])
    plugged = tmp_path / "asound.conf"
    plugged.write_text(
        original.read_text()
        + f'pcm.{HEADSET} {{ type pulse device "vmic" hint {{ show on description "Headset" }} }}\n'
    )
    monkeypatch.setenv("ALSA_CONFIG_PATH", str(plugged))  # alsa-lib reads it at each rescan
    module = subprocess.run(
        ["pactl", "load-module", "module-null-sink", f"sink_name={OUTPUT}", "rate=48000"],
        capture_output=True, text=True, check=True,
    ).stdout.strip()  # fmt: skip
    try:
        scans = w.guard.calls.count("devices")
        _to_front(qtbot, w, other)  # within RESCAN_GAP_S of the start-up's scan
        qtbot.wait(500)
        assert w.guard.calls.count("devices") == scans
        assert HEADSET not in _offered(w)

        monkeypatch.setattr(device_scan, "RESCAN_GAP_S", 0.0)
        _to_front(qtbot, w, other)
        qtbot.waitUntil(lambda: HEADSET in _offered(w), timeout=30_000)
        qtbot.waitUntil(
            lambda: f"{OUTPUT}.monitor" in {s.name for s in w.panel.system_sources()},
            timeout=30_000,
        )
        assert w.guard.calls.count("devices") == scans + 1
        assert w.panel.chosen_device() == "sinemic"  # the pick survives the rescan
        assert [d.name for d in w.devices] == _offered(w)[1:]

        # The new microphone works: its level reaches the test meter.
        choose_device(w, HEADSET)
        w.panel.test_button.click()
        qtbot.waitUntil(lambda: w.panel.test_meter.rms_dbfs > -50, timeout=15_000)
        _to_front(qtbot, w, other)  # the microphone is open: no rescan under it
        qtbot.wait(500)
        assert w.guard.calls.count("devices") == scans + 1
        w.panel.test_button.click()

        # Unplugged: the system default shows; plugged back: the pick comes back.
        monkeypatch.setenv("ALSA_CONFIG_PATH", str(original))
        _to_front(qtbot, w, other)
        qtbot.waitUntil(lambda: HEADSET not in _offered(w), timeout=30_000)
        assert w.panel.chosen_device() is None
        monkeypatch.setenv("ALSA_CONFIG_PATH", str(plugged))
        _to_front(qtbot, w, other)
        qtbot.waitUntil(lambda: HEADSET in _offered(w), timeout=30_000)
        assert w.panel.chosen_device() == HEADSET
    finally:
        subprocess.run(["pactl", "unload-module", module], check=True)
