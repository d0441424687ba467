"""What the record panel's controls do: record, pause, stop, markers, the title, the elapsed
time, the microphone test, and the computer-audio switch (saved as the `system_audio` setting).

The Record menu, the tray's Record and Stop, and the panel's buttons all land here (`connect`).
Every core call runs through the window's `TaskManager`; the texts keep the "MainWindow"
context of the catalogues.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from PySide6.QtCore import QCoreApplication, QObject, QTimer

from app.core import Changes, Outcome
from app.gui import record_panel as rp
from app.gui.messages import describe
from app.gui.window_parts import WindowParts
from app.settings import Settings, save_user_settings


class RecordFlow:
    """One window's recording and microphone test; `on_ended` runs after each recording."""

    def __init__(self, window: WindowParts, on_ended: Callable[[], None]) -> None:
        self.w = window
        self._on_ended = on_ended
        self.markers = 0
        self._elapsed_base = 0.0
        self._run_started: float | None = None
        self.elapsed_timer = _timer(window.panel, 250, self._tick)
        self.mic_timer = _timer(window.panel, 100, self._mic_tick)

    def connect(self) -> None:
        """Connects the Record menu, the tray and the record panel to what they do."""
        w, p = self.w, self.w.panel
        for action, slot in (
            (w.record_action, self.record),
            (w.pause_action, self.toggle_pause),
            (w.stop_action, self.stop),
            (w.marker_action, self._marker_shortcut),
        ):
            action.triggered.connect(slot)
        w.tray.record_requested.connect(self.record)
        w.tray.stop_requested.connect(self.stop)
        p.record_clicked.connect(self.record)
        p.pause_clicked.connect(self.toggle_pause)
        p.stop_clicked.connect(self.stop)
        p.marker_requested.connect(self.add_marker)
        p.title_edited.connect(self.set_title)
        p.test_toggled.connect(self.toggle_mic_test)
        p.system_audio_chosen.connect(self.remember_system_audio)

    # ---- recording ----------------------------------------------------------------------
    def record(self) -> None:
        """Starts a recording on the chosen microphone."""
        w = self.w
        if w.panel.phase != rp.IDLE:
            return
        self._stop_mic_test_ui()
        w.show_phase(rp.STARTING)
        w.hide_notice()
        device, title = w.panel.chosen_device(), w.panel.title_edit.text().strip()
        system = w.panel.system_audio_choice(w.ctx.settings)
        core = w.core
        w.tasks.run(
            lambda: core.start_recording(
                core.recording_options(device=device, title=title, system_audio=system)
            ),
            success=self._recording_started,
            failure=self._record_failed,
        )

    def _recording_started(self, started: Outcome[str]) -> None:
        w = self.w
        w.recording_id = started.value
        self.markers = 0
        w.panel.set_marker_count(0)
        w.panel.set_overflows(0)
        self._elapsed_base, self._run_started = 0.0, time.monotonic()
        self.elapsed_timer.start()
        w.show_phase(rp.RECORDING)
        w.recordings.recordings.set_live(started.value)
        w.reminders.recording_started()
        w.refresh(started.changes)

    def _record_failed(self, error: BaseException) -> None:
        self.w.show_phase(rp.IDLE)
        self.w.show_notice(describe(error))

    def toggle_pause(self) -> None:
        """Pauses, or resumes a paused recording."""
        w = self.w
        if w.panel.phase == rp.RECORDING:
            self._elapsed_base += time.monotonic() - (self._run_started or time.monotonic())
            self._run_started = None
            w.show_phase(rp.PAUSED)
            w.tasks.run(w.core.pause, success=w.refresh)
        elif w.panel.phase == rp.PAUSED:
            self._run_started = time.monotonic()
            w.show_phase(rp.RECORDING)
            w.tasks.run(w.core.resume, success=w.refresh)
        else:
            return
        w.recordings.recordings.set_live(w.recording_id, paused=w.panel.phase == rp.PAUSED)

    def stop(self) -> None:
        """Stops the recording; the window shows "Saving…" until the last chunk is sealed."""
        w = self.w
        if w.panel.phase not in (rp.RECORDING, rp.PAUSED, rp.STARTING):
            return
        w.show_phase(rp.STOPPING)
        w.tasks.run(
            w.core.stop_recording, success=lambda outcome: self._recording_ended(outcome.changes)
        )

    def recording_ended_on_its_own(self) -> None:
        """The recorder stopped by itself (disk full, device gone): release its thread."""
        self.w.tasks.run(self.w.core.release_recording, success=self._recording_ended)

    def add_marker(self, label: str = "") -> None:
        """Bookmarks this moment (empty label: a numbered marker)."""
        w = self.w
        if w.panel.phase not in (rp.RECORDING, rp.PAUSED):
            return
        self.markers += 1
        text = label or QCoreApplication.translate("MainWindow", "Marker {n}").format(
            n=self.markers
        )
        w.panel.set_marker_count(self.markers)
        w.tasks.run(lambda: w.core.add_marker(text))

    def _marker_shortcut(self) -> None:
        self.add_marker(self.w.panel.marker_edit.text().strip())
        self.w.panel.marker_edit.clear()

    def set_title(self, title: str) -> None:
        """Renames the running recording."""
        w = self.w
        if w.recording_id is not None and w.panel.phase in (rp.RECORDING, rp.PAUSED):
            w.tasks.run(lambda: w.core.set_title(title.strip()))

    def _recording_ended(self, changes: Changes) -> None:
        w = self.w
        self.elapsed_timer.stop()
        w.reminders.recording_ended()
        w.recordings.recordings.set_live(None)
        w.recording_id = None
        self._run_started = None
        w.panel.title_edit.clear()
        w.panel.set_marker_count(0)
        w.show_phase(rp.IDLE)
        w.refresh(changes)
        self._on_ended()

    def _tick(self) -> None:
        running = time.monotonic() - self._run_started if self._run_started else 0.0
        self.w.panel.set_elapsed(self._elapsed_base + running)

    # ---- computer audio ----------------------------------------------------------------
    def remember_system_audio(self, value: str) -> None:
        """The switch was flipped: `value` saved as `system_audio` in config.toml on the serial
        worker, through the same function as the Settings dialog, so the next start shows the
        switch as it was left. Only the setting is taken: the rest of the window stays as is."""
        w = self.w
        data_dir, managed = w.ctx.data_dir, w.ctx.managed
        w.tasks.run(
            lambda: save_user_settings(data_dir, managed, system_audio=value),
            success=self._system_audio_saved,
            failure=self._system_audio_not_saved,
        )

    def _system_audio_saved(self, settings: Settings) -> None:
        self.w.ctx.settings = settings  # not shown again: a later flip may be on its way

    def _system_audio_not_saved(self, error: BaseException) -> None:
        self.w.panel.follow_settings(self.w.ctx.settings)  # back to what is saved
        self.w.show_notice(describe(error))

    # ---- microphone test ----------------------------------------------------------------
    def toggle_mic_test(self, on: bool) -> None:
        """Shows the chosen microphone's level without recording."""
        w = self.w
        w.panel.test_meter.setVisible(on)
        if on:
            device = w.panel.chosen_device()
            w.tasks.run(
                lambda: w.core.start_mic_test(device),
                success=lambda _name: self.mic_timer.start(),
                failure=self._mic_test_failed,
            )
        else:
            self._stop_mic_test_ui()
            w.tasks.run(w.core.stop_mic_test)

    def _stop_mic_test_ui(self) -> None:
        panel = self.w.panel
        self.mic_timer.stop()
        panel.test_meter.reset()
        panel.test_meter.setVisible(False)
        if panel.test_button.isChecked():
            panel.test_button.blockSignals(True)
            panel.test_button.setChecked(False)
            panel.test_button.blockSignals(False)

    def _mic_tick(self) -> None:
        reading = self.w.core.mic_level()
        if reading is not None:
            self.w.panel.test_meter.set_level(reading.peak_dbfs, reading.rms_dbfs, reading.clipped)

    def _mic_test_failed(self, error: BaseException) -> None:
        self._stop_mic_test_ui()
        self.w.show_notice(describe(error))


def _timer(parent: QObject, interval_ms: int, slot: Callable[[], None]) -> QTimer:
    timer = QTimer(parent)
    timer.setInterval(interval_ms)
    timer.timeout.connect(slot)
    return timer
