"""The GUI thread never waits: the worst lateness of a 10 ms timer while the real window records
2 minutes from the virtual microphone and uploads to the local server at the same time.

Goal: worst lateness <= 50 ms. Timings on a shared 2-core machine are noisy, so the test prints
the figure next to a baseline measured in the same run (the idle window), the most CPU the GUI
thread itself used between two ticks (its own work, as opposed to waiting for a busy machine or
the GIL), and the load average; it asserts what can be asserted without a clock: uploads
happened during the recording, every chunk reached the server, and (the `window` fixture) no
core call ran on the GUI thread.
"""

from __future__ import annotations

import os
import time
from typing import Any

import pytest
from guihelp import choose_device, wait_ready
from PySide6.QtCore import QObject, Qt, QTimer
from test_gui_sync import chunk_kinds, sign_in

from app.gui import record_panel as rp
from uploader import ChunkConfirmed

pytestmark = [pytest.mark.realaudio, pytest.mark.realkeyring, pytest.mark.slow]

RECORD_SECONDS = 120
# `vmic` plays the test signal looped into PulseAudio's null sink: a steady stream of 20 ms
# callbacks (testmic's file plugin delivers in bursts), the load a real microphone gives.
DEVICE = "vmic"
TICK_MS = 10
GOAL_MS = 50.0


class StallMeter(QObject):
    """A 10 ms timer on the GUI thread; lateness = time between ticks minus the interval."""

    def __init__(self) -> None:
        super().__init__()
        self.timer = QTimer(self)
        self.timer.setTimerType(Qt.TimerType.PreciseTimer)
        self.timer.setInterval(TICK_MS)
        self.timer.timeout.connect(self._tick)
        self.lateness: list[float] = []
        self.busy: list[float] = []  # GUI-thread CPU time between ticks: work the thread did
        self._last = 0.0
        self._last_cpu = 0.0

    def start(self) -> None:
        self.lateness.clear()
        self.busy.clear()
        self._last = time.perf_counter()
        self._last_cpu = time.thread_time()
        self.timer.start()

    def stop(self) -> None:
        self.timer.stop()

    def _tick(self) -> None:
        now, cpu = time.perf_counter(), time.thread_time()
        self.lateness.append(max(0.0, (now - self._last) * 1000 - TICK_MS))
        self.busy.append((cpu - self._last_cpu) * 1000)
        self._last, self._last_cpu = now, cpu

    def worst(self) -> float:
        return max(self.lateness)

    def p99(self) -> float:
        ordered = sorted(self.lateness)
        return ordered[int(0.99 * (len(ordered) - 1))]


def test_event_loop_stall_while_recording_and_uploading(
    window: Any, qtbot: Any, server: Any, virtual_mic: str, capsys: pytest.CaptureFixture[str]
) -> None:
    w = window
    wait_ready(qtbot, w)
    dialog = sign_in(qtbot, w, server)
    qtbot.waitUntil(lambda: dialog.result() == dialog.DialogCode.Accepted, timeout=30_000)

    meter = StallMeter()
    meter.start()
    qtbot.wait(5000)  # baseline: the same window, idle
    meter.stop()
    baseline_worst, baseline_p99 = meter.worst(), meter.p99()

    confirmed_while_recording: list[str] = []

    def on_event(event: object) -> None:
        if isinstance(event, ChunkConfirmed) and w.panel.phase == rp.RECORDING:
            confirmed_while_recording.append(event.chunk_id)

    w.bridge.core_event.connect(on_event)
    assert virtual_mic  # the test environment is up; its looped device is DEVICE
    choose_device(w, DEVICE)
    meter.start()
    w.record_action.trigger()
    qtbot.waitUntil(lambda: w.panel.phase == rp.RECORDING, timeout=30_000)
    rid = str(w.recording_id)
    qtbot.wait(RECORD_SECONDS * 1000)
    w.stop_action.trigger()
    qtbot.waitUntil(lambda: w.panel.phase == rp.IDLE, timeout=60_000)
    meter.stop()
    worst, p99, ticks = meter.worst(), meter.p99(), len(meter.lateness)
    busiest = max(meter.busy)

    with capsys.disabled():
        print(
            f"\nevent-loop stall during {RECORD_SECONDS} s recording + upload: "
            f"worst {worst:.1f} ms, p99 {p99:.1f} ms over {ticks} ticks of {TICK_MS} ms "
            f"(goal <= {GOAL_MS:.0f} ms; idle baseline worst {baseline_worst:.1f} ms, "
            f"p99 {baseline_p99:.1f} ms; worst/baseline {worst / max(baseline_worst, 0.1):.1f}x); "
            f"most GUI-thread CPU between two ticks {busiest:.1f} ms, "
            f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores"
        )

    # Uploading ran alongside recording, and everything reached the server.
    assert confirmed_while_recording, "no chunk was confirmed while recording"
    qtbot.waitUntil(lambda: w.sync.state == "all_confirmed", timeout=120_000)
    # The list re-reads the outbox 300 ms after a burst of events (RELOAD_DELAY_MS), so it may
    # show the last chunk's erase a moment after the sync state says so (as in test_gui_sync).
    qtbot.waitUntil(lambda: set(chunk_kinds(w, rid)) == {"erased"}, timeout=10_000)
    kinds = chunk_kinds(w, rid)
    # 5 s chunks; the device takes a moment to open, so the last part may be short or absent.
    assert len(kinds) >= RECORD_SECONDS // 5 - 1 and set(kinds) == {"erased"}
    assert ticks > 0
