"""What the main window makes of each core event, routed by the event's type.

The table `HANDLERS` maps every event class the core publishes to one method of `WindowEvents`
(tests/gui/test_gui_events.py checks that none is missing, apart from `IGNORED`). The classes are
imported, never named in strings, so renaming one breaks the import and the type check instead
of silently dropping its handler.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any, TypeVar

from PySide6.QtCore import QCoreApplication

from app.gui import notices
from app.gui import record_panel as rp
from app.gui.status import sync_state_of
from app.gui.window_parts import WindowParts
from outbox import ChunkSealed, ChunkStateChanged, RecordingStateChanged
from recorder import (
    CaptureStarted,
    DeviceLost,
    DeviceRecovered,
    DiskLow,
    DiskTimeLeft,
    LevelChanged,
    OverflowCounted,
    RecordingPosition,
    RecordingStopped,
    SilenceDetected,
    SilenceEnded,
    SystemAudioLost,
    SystemAudioRecovered,
)
from uploader import (
    ChunkConfirmed,
    ChunkErased,
    ManifestSent,
    ReceiptMismatch,
    RecordingProgress,
    SyncState,
    SyncStatus,
    UploadProgress,
    UploadStarted,
)

log = logging.getLogger(__name__)

E = TypeVar("E")


class WindowEvents:
    """The window's reaction to core events, on the GUI thread (see EventBridge)."""

    def __init__(self, window: WindowParts) -> None:
        self.w = window
        self.recovered_seconds = 0.0  # recovered at this start-up, summed for one notice
        self.silence_shown = False  # the notice box holds the silence warning

    def dispatch(self, event: object) -> None:
        """Calls the handler of `event`'s type."""
        handler = HANDLERS.get(type(event))
        if handler is not None:
            handler(self, event)
        elif type(event) not in IGNORED:
            log.warning("no handler for core event %s", type(event).__name__)

    def reload(self, _event: object) -> None:
        """The outbox changed: the list reloads soon (bursts cause one read)."""
        self.w.schedule_reload()

    def manifest_sent(self, e: ManifestSent) -> None:
        self.w.reminders.recording_uploaded(e.recording_id)
        self.w.schedule_reload()

    def level_changed(self, e: LevelChanged) -> None:
        if self.w.panel.phase in (rp.RECORDING, rp.PAUSED, rp.STOPPING):
            meter = self.w.panel.level_meter
            if len(e.channels) > 1:  # one bar per channel: "Mic", "Computer"
                meter.set_levels(
                    [r.peak_dbfs for r in e.channels],
                    rms=[r.rms_dbfs for r in e.channels],
                    clipped=[r.clipped for r in e.channels],
                )
            else:
                meter.set_level(e.peak_dbfs, e.rms_dbfs, e.clipped)

    def system_audio_lost(self, e: SystemAudioLost) -> None:
        if e.code == "system_audio_denied":
            text = QCoreApplication.translate(
                "MainWindow",
                "Computer audio cannot be recorded: allow LogMeets under System Settings > "
                "Privacy and Security > Screen and System Audio Recording. The microphone is "
                "being recorded.",
            )
        else:
            text = QCoreApplication.translate(
                "MainWindow", "Computer audio is not reaching the recording; the microphone is."
            )
        self.w.statusBar().showMessage(text, 10_000)

    def system_audio_recovered(self, e: SystemAudioRecovered) -> None:
        text = QCoreApplication.translate("MainWindow", "Computer audio is being recorded again")
        self.w.statusBar().showMessage(text, 5000)

    def capture_started(self, e: CaptureStarted) -> None:
        text = QCoreApplication.translate("MainWindow", "Recording from {device}")
        self.w.statusBar().showMessage(text.format(device=e.device), 5000)

    def device_lost(self, e: DeviceLost) -> None:
        self.w.tell(notices.device_lost(e.device))

    def device_recovered(self, e: DeviceRecovered) -> None:
        self.w.hide_notice()
        text = QCoreApplication.translate("MainWindow", "Recording continues on {device}")
        self.w.statusBar().showMessage(text.format(device=e.device), 10_000)

    def silence_detected(self, e: SilenceDetected) -> None:
        self.silence_shown = True
        self.w.tell(notices.silence_detected(e.device, float(e.seconds)))

    def silence_ended(self, _e: SilenceEnded) -> None:
        if self.silence_shown:
            self.silence_shown = False
            self.w.hide_notice()
        text = QCoreApplication.translate("MainWindow", "The microphone picks up sound again.")
        self.w.statusBar().showMessage(text, 10_000)

    def disk_low(self, e: DiskLow) -> None:
        self.w.tell(notices.disk_low(e.seconds_left))

    def disk_time_left(self, e: DiskTimeLeft) -> None:
        self.w.panel.set_disk_seconds(float(e.seconds_left))

    def overflow_counted(self, e: OverflowCounted) -> None:
        self.w.panel.set_overflows(int(e.total))

    def recording_position(self, e: RecordingPosition) -> None:
        self.w.recordings.recordings.set_position(e.recording_id, float(e.seconds))

    def recording_stopped(self, e: RecordingStopped) -> None:
        notice = notices.recording_stopped(str(e.reason))
        if notice is not None:
            self.w.tell(notice)
        if self.w.panel.phase in (rp.RECORDING, rp.PAUSED, rp.STARTING):
            self.w.recording_ended_on_its_own()
        else:
            self.w.schedule_reload()

    def chunk_sealed(self, e: ChunkSealed) -> None:
        self.w.schedule_reload()
        if e.recovered:
            self.recovered_seconds += float(e.duration)
            self.w.tell(notices.recovered(self.recovered_seconds))

    def upload_started(self, e: UploadStarted) -> None:
        self.w.recordings.recordings.set_progress(
            e.chunk_id, e.recording_id, int(e.offset), int(e.total)
        )
        self.w.transfer.feed(e)

    def upload_progress(self, e: UploadProgress) -> None:
        self.w.recordings.recordings.set_progress(
            e.chunk_id, e.recording_id, int(e.sent), int(e.total)
        )
        self.w.transfer.feed(e)

    def chunk_confirmed(self, e: ChunkConfirmed) -> None:
        self.w.transfer.feed(e)
        self.w.schedule_reload()

    def sync_status(self, e: SyncStatus) -> None:
        state, reason, retry_in = sync_state_of(e)
        previous, self.w.sync_state = self.w.sync_state, state
        self.w.sync.set_status(state, reason, retry_in)
        self.w.transfer.redraw()
        self.w.proxy_flow.sync_status(e.reason)  # a 407: the proxy sign-in
        if state == SyncState.superseded:
            self.w.banner.setVisible(True)
            if previous != SyncState.superseded:
                self.w.reminders.session_superseded()
        elif state == SyncState.all_confirmed:
            self.w.banner.setVisible(False)
            if previous not in (SyncState.all_confirmed, SyncState.idle):
                self.w.reminders.all_uploaded()
        elif state in (SyncState.syncing, SyncState.idle):
            self.w.banner.setVisible(False)
        self.w.schedule_reload()


def _on(
    cls: type[E], handler: Callable[[WindowEvents, E], None]
) -> tuple[type[Any], Callable[[WindowEvents, Any], None]]:
    """One entry of HANDLERS; the type checker holds `handler` to events of `cls`."""
    return cls, handler


# Every event class the core publishes, with the window's handler.
HANDLERS: dict[type[Any], Callable[[WindowEvents, Any], None]] = dict(
    [
        _on(LevelChanged, WindowEvents.level_changed),
        _on(CaptureStarted, WindowEvents.capture_started),
        _on(DeviceLost, WindowEvents.device_lost),
        _on(DeviceRecovered, WindowEvents.device_recovered),
        _on(SilenceDetected, WindowEvents.silence_detected),
        _on(SilenceEnded, WindowEvents.silence_ended),
        _on(SystemAudioLost, WindowEvents.system_audio_lost),
        _on(SystemAudioRecovered, WindowEvents.system_audio_recovered),
        _on(DiskLow, WindowEvents.disk_low),
        _on(DiskTimeLeft, WindowEvents.disk_time_left),
        _on(OverflowCounted, WindowEvents.overflow_counted),
        _on(RecordingPosition, WindowEvents.recording_position),
        _on(RecordingStopped, WindowEvents.recording_stopped),
        _on(ChunkSealed, WindowEvents.chunk_sealed),
        _on(UploadStarted, WindowEvents.upload_started),
        _on(UploadProgress, WindowEvents.upload_progress),
        _on(SyncStatus, WindowEvents.sync_status),
        # Results that change the list: one (coalesced) reload of the outbox snapshot.
        _on(ChunkStateChanged, WindowEvents.reload),
        _on(RecordingStateChanged, WindowEvents.reload),
        _on(ChunkConfirmed, WindowEvents.chunk_confirmed),
        _on(ChunkErased, WindowEvents.reload),
        _on(ManifestSent, WindowEvents.manifest_sent),
        _on(ReceiptMismatch, WindowEvents.reload),
        _on(RecordingProgress, WindowEvents.reload),
    ]
)

# Event classes the window deliberately does not react to (none today).
IGNORED: frozenset[type[Any]] = frozenset()
