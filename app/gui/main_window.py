"""The main window: recording controls on top, the recordings list below, the connection in the
status bar, a banner when another device took the session over, and the tray.

It is a thin view over `app.gui.core.Core`: every core call goes through `TaskManager` (never
on the GUI thread), and everything the core reports arrives as events through `EventBridge`.
"""

from __future__ import annotations

import logging
import re
import time
from typing import Any

from PySide6.QtCore import QEvent, Qt, QTimer
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence
from PySide6.QtWidgets import QApplication, QLabel, QMainWindow, QVBoxLayout, QWidget

from app.gui import record_panel as rp
from app.gui.core import Core, Snapshot
from app.gui.event_bridge import EventBridge
from app.gui.i18n import Translations, choose_language
from app.gui.icons import app_icon, recording_icon
from app.gui.messages import describe
from app.gui.prompts import CANCEL, KEEP_IN_TRAY, Prompts
from app.gui.recordings_view import RecordingsView
from app.gui.status import AccountLabel, SupersededBanner, SyncIndicator, sync_state_of
from app.gui.tasks import TaskManager
from app.gui.tray import Tray

log = logging.getLogger(__name__)

RELOAD_DELAY_MS = 300  # coalesces bursts of chunk events into one outbox read
DISK_POLL_MS = 30_000
RESULT_EVENTS = {
    "ChunkSealed",
    "ChunkStateChanged",
    "RecordingStateChanged",
    "ChunkConfirmed",
    "ChunkErased",
    "ManifestSent",
    "ReceiptMismatch",
    "RecordingProgress",
}


class MainWindow(QMainWindow):
    """The app's window. Create, then `start()` to begin the slow start-up off the GUI thread."""

    def __init__(self, core: Core, tasks: TaskManager, translations: Translations) -> None:
        super().__init__()
        self.core = core
        self.ctx = core.ctx
        self.tasks = tasks
        self.translations = translations
        self.prompts: Any = Prompts(self)
        self.bridge = EventBridge(self.ctx.events, self)
        self.bridge.core_event.connect(self.on_core_event)
        tasks.default_failure = self.show_error
        tasks.default_owner = self
        self.recording_id: str | None = None
        self.devices: list[Any] = []
        self.ready = False  # outbox open
        self.markers = 0
        self.sync_state = "idle"
        self.quitting = False
        self._elapsed_base = 0.0
        self._run_started: float | None = None
        self._pending = 0
        self._last_error = ""
        self._recovered_seconds = 0.0

        self.banner = SupersededBanner()
        self.panel = rp.RecordPanel()
        self.recordings = RecordingsView()
        self.notice = QLabel()
        self.notice.setWordWrap(True)
        self.notice.setObjectName("notice")
        self.notice.setStyleSheet(
            "#notice { background: #fff4ce; color: #4a3b00; border: 1px solid #e6d08a;"
            " border-radius: 4px; padding: 6px; }"
        )
        self.notice.setVisible(False)
        central = QWidget()
        layout = QVBoxLayout(central)
        layout.addWidget(self.banner)
        layout.addWidget(self.panel)
        layout.addWidget(self.notice)
        self.recordings_label = QLabel()
        layout.addWidget(self.recordings_label)
        layout.addWidget(self.recordings, 1)
        self.setCentralWidget(central)
        self.account = AccountLabel()
        self.sync = SyncIndicator()
        self.statusBar().addWidget(self.account, 1)
        self.statusBar().addPermanentWidget(self.sync)
        self.setWindowIcon(app_icon())
        self.resize(860, 640)

        self._make_actions()
        self.tray = Tray(self)
        self.tray.record_requested.connect(self.record)
        self.tray.stop_requested.connect(self.stop)
        self.tray.show_requested.connect(self.bring_to_front)
        self.tray.quit_requested.connect(self.request_quit)

        p = self.panel
        p.record_clicked.connect(self.record)
        p.pause_clicked.connect(self.toggle_pause)
        p.stop_clicked.connect(self.stop)
        p.marker_requested.connect(self.add_marker)
        p.title_edited.connect(self.set_title)
        p.test_toggled.connect(self.toggle_mic_test)
        self.banner.sign_in_clicked.connect(self.sign_in)
        self.recordings.export_requested.connect(self.export_recording)

        self.elapsed_timer = QTimer(self)
        self.elapsed_timer.setInterval(250)
        self.elapsed_timer.timeout.connect(self._tick)
        self.mic_timer = QTimer(self)
        self.mic_timer.setInterval(100)
        self.mic_timer.timeout.connect(self._mic_tick)
        self.reload_timer = QTimer(self)
        self.reload_timer.setSingleShot(True)
        self.reload_timer.setInterval(RELOAD_DELAY_MS)
        self.reload_timer.timeout.connect(self.reload)
        self.disk_timer = QTimer(self)
        self.disk_timer.setInterval(DISK_POLL_MS)
        self.disk_timer.timeout.connect(self.reload)

        self._update_account()
        self.retranslate()
        self._set_phase(rp.LOADING)

    # ---- start-up -----------------------------------------------------------------------
    def start(self) -> None:
        """Shows the window at once; opens the keyring, outbox and devices in the background."""
        self.show()
        self.tray.show()
        self.tasks.run(self.core.open, success=self._opened, failure=self._open_failed)
        self.tasks.run(self.core.devices, success=self._devices_found, network=True)

    def _opened(self, snapshot: Snapshot) -> None:
        self.ready = True
        self._apply_snapshot(snapshot)
        self._set_phase(rp.IDLE)
        self.disk_timer.start()
        self.tasks.run(
            self.core.resume_sync,
            success=lambda _r: self._update_account(),
            failure=self._sync_failed,
            network=True,
        )

    def _open_failed(self, error: BaseException) -> None:
        self._set_phase(rp.LOADING)
        self.panel.phase_label.setText(self.tr("Cannot record"))
        self.show_notice(describe(error))

    def _devices_found(self, devices: list[Any]) -> None:
        self.devices = devices
        self.panel.set_devices(devices, self.ctx.settings.device)
        if not devices:
            self.show_notice(describe(_Coded("no_microphone")))

    # ---- recording ----------------------------------------------------------------------
    def record(self) -> None:
        """Starts a recording on the chosen microphone."""
        if self.panel.phase != rp.IDLE:
            return
        self._stop_mic_test_ui()
        self._set_phase(rp.STARTING)
        self.hide_notice()
        device, title = self.panel.chosen_device(), self.panel.title_edit.text().strip()
        self.tasks.run(
            lambda: self.core.start_recording(device, title),
            success=self._recording_started,
            failure=self._record_failed,
        )

    def _recording_started(self, recording_id: str) -> None:
        self.recording_id = recording_id
        self.markers = 0
        self.panel.set_marker_count(0)
        self.panel.set_overflows(0)
        self._elapsed_base, self._run_started = 0.0, time.monotonic()
        self.elapsed_timer.start()
        self._set_phase(rp.RECORDING)
        self.recordings.recordings.set_live(recording_id)
        self.schedule_reload()

    def _record_failed(self, error: BaseException) -> None:
        self._set_phase(rp.IDLE)
        self.show_notice(describe(error))

    def toggle_pause(self) -> None:
        """Pauses, or resumes a paused recording."""
        if self.panel.phase == rp.RECORDING:
            self._elapsed_base += time.monotonic() - (self._run_started or time.monotonic())
            self._run_started = None
            self._set_phase(rp.PAUSED)
            self.tasks.run(self.core.pause)
        elif self.panel.phase == rp.PAUSED:
            self._run_started = time.monotonic()
            self._set_phase(rp.RECORDING)
            self.tasks.run(self.core.resume)
        else:
            return
        self.recordings.recordings.set_live(self.recording_id, paused=self.panel.phase == rp.PAUSED)

    def stop(self) -> None:
        """Stops the recording; the window shows "Saving…" until the last chunk is sealed."""
        if self.panel.phase not in (rp.RECORDING, rp.PAUSED, rp.STARTING):
            return
        self._set_phase(rp.STOPPING)
        self.tasks.run(self.core.stop_recording, success=lambda _rid: self._recording_ended())

    def add_marker(self, label: str = "") -> None:
        """Bookmarks this moment (empty label: a numbered marker)."""
        if self.panel.phase not in (rp.RECORDING, rp.PAUSED):
            return
        self.markers += 1
        text = label or self.tr("Marker {n}").format(n=self.markers)
        self.panel.set_marker_count(self.markers)
        self.tasks.run(lambda: self.core.add_marker(text))

    def _marker_shortcut(self) -> None:
        self.add_marker(self.panel.marker_edit.text().strip())
        self.panel.marker_edit.clear()

    def set_title(self, title: str) -> None:
        """Renames the running recording."""
        if self.recording_id is not None and self.panel.phase in (rp.RECORDING, rp.PAUSED):
            self.tasks.run(lambda: self.core.set_title(title.strip()))

    def _recording_ended(self) -> None:
        self.elapsed_timer.stop()
        self.recordings.recordings.set_live(None)
        self.recording_id = None
        self._run_started = None
        self.panel.title_edit.clear()
        self.panel.set_marker_count(0)
        self._set_phase(rp.IDLE)
        self.schedule_reload()
        if self.quitting:
            self._shutdown()

    def _tick(self) -> None:
        running = time.monotonic() - self._run_started if self._run_started else 0.0
        self.panel.set_elapsed(self._elapsed_base + running)

    # ---- microphone test ----------------------------------------------------------------
    def toggle_mic_test(self, on: bool) -> None:
        """Shows the chosen microphone's level without recording."""
        self.panel.test_meter.setVisible(on)
        if on:
            device = self.panel.chosen_device()
            self.tasks.run(
                lambda: self.core.start_mic_test(device),
                success=lambda _name: self.mic_timer.start(),
                failure=self._mic_test_failed,
            )
        else:
            self._stop_mic_test_ui()
            self.tasks.run(self.core.stop_mic_test)

    def _stop_mic_test_ui(self) -> None:
        self.mic_timer.stop()
        self.panel.test_meter.reset()
        self.panel.test_meter.setVisible(False)
        if self.panel.test_button.isChecked():
            self.panel.test_button.blockSignals(True)
            self.panel.test_button.setChecked(False)
            self.panel.test_button.blockSignals(False)

    def _mic_tick(self) -> None:
        reading = self.core.mic_level()
        if reading is not None:
            self.panel.test_meter.set_level(reading.peak_dbfs, reading.rms_dbfs, reading.clipped)

    def _mic_test_failed(self, error: BaseException) -> None:
        self._stop_mic_test_ui()
        self.show_notice(describe(error))

    # ---- core events --------------------------------------------------------------------
    def on_core_event(self, name: str, event: Any) -> None:
        """Every core event, on the GUI thread (see EventBridge)."""
        handler = getattr(self, f"_on_{_snake(name)}", None)
        if handler is not None:
            handler(event)
        elif name in RESULT_EVENTS:
            self.schedule_reload()

    def _on_level_changed(self, e: Any) -> None:
        if self.panel.phase in (rp.RECORDING, rp.PAUSED, rp.STOPPING):
            self.panel.level_meter.set_level(e.peak_dbfs, e.rms_dbfs, e.clipped)

    def _on_capture_started(self, e: Any) -> None:
        self.statusBar().showMessage(
            self.tr("Recording from {device}").format(device=e.device), 5000
        )

    def _on_device_lost(self, e: Any) -> None:
        text = self.tr("The microphone {device} stopped delivering audio. Trying to reconnect…")
        self.show_notice(text.format(device=e.device))
        self.tray.notify(self.tr("Microphone lost"), text.format(device=e.device), warning=True)

    def _on_device_recovered(self, e: Any) -> None:
        self.hide_notice()
        self.statusBar().showMessage(
            self.tr("Recording continues on {device}").format(device=e.device), 10_000
        )

    def _on_disk_low(self, e: Any) -> None:
        text = self.tr("Disk space is low: about {minutes} min of recording left.").format(
            minutes=int(e.seconds_left // 60)
        )
        self.show_notice(text)
        self.tray.notify(self.tr("Disk space low"), text, warning=True)

    def _on_disk_time_left(self, e: Any) -> None:
        self.panel.set_disk_seconds(float(e.seconds_left))

    def _on_overflow_counted(self, e: Any) -> None:
        self.panel.set_overflows(int(e.total))

    def _on_recording_stopped(self, e: Any) -> None:
        reason = str(e.reason)
        texts = {
            "disk_full": self.tr(
                "Recording stopped: the disk is almost full. Everything recorded is saved."
            ),
            "device_gone": self.tr(
                "Recording stopped: the microphone was lost and did not come back. "
                "Everything recorded is saved."
            ),
            "error": self.tr(
                "Recording stopped because of an error. Everything recorded until then is saved."
            ),
            "duration": self.tr("Recording stopped: the set duration was reached."),
        }
        if reason in texts:
            self.show_notice(texts[reason])
            self.tray.notify(
                self.tr("Recording stopped"), texts[reason], warning=reason != "duration"
            )
        if self.panel.phase in (rp.RECORDING, rp.PAUSED, rp.STARTING):
            # Ended on its own: release the recorder's thread off the GUI thread.
            self.tasks.run(self.core.release_recording, success=lambda _r: self._recording_ended())
        else:
            self.schedule_reload()

    def _on_chunk_sealed(self, e: Any) -> None:
        self.schedule_reload()
        if not getattr(e, "recovered", False):
            return
        # Crash recovery at start-up turned an unfinished recording's journal into a chunk.
        self._recovered_seconds += float(e.duration)
        text = self.tr(
            "LogMeets Recorder stopped unexpectedly during a recording. The last {seconds} s "
            "were recovered from the crash journal and will be uploaded with the rest."
        ).format(seconds=round(self._recovered_seconds))
        self.show_notice(text)
        self.tray.notify(self.tr("Recording recovered"), text)

    def _on_upload_progress(self, e: Any) -> None:
        self.recordings.recordings.set_progress(
            e.chunk_id, e.recording_id, int(e.sent), int(e.total)
        )

    def _on_sync_status(self, e: Any) -> None:
        state, reason, retry_in = sync_state_of(e)
        previous, self.sync_state = self.sync_state, state
        self.sync.set_status(state, reason, retry_in)
        if state == "superseded":
            self.banner.setVisible(True)
            if previous != "superseded":
                self.tray.notify(
                    self.tr("Session taken over"),
                    self.tr(
                        "Your account was signed in on another device. "
                        "Sign in again to keep uploading."
                    ),
                    warning=True,
                )
        elif state == "all_confirmed":
            self.banner.setVisible(False)
            if previous not in ("all_confirmed", "idle"):
                self.tray.notify(
                    self.tr("All recordings uploaded"),
                    self.tr("Every recording has reached the server and was confirmed."),
                )
        elif state in ("syncing", "idle"):
            self.banner.setVisible(False)
        self.schedule_reload()

    # ---- outbox snapshot ----------------------------------------------------------------
    def schedule_reload(self) -> None:
        """Reloads the list soon (bursts of events cause one read)."""
        if self.ready and not self.reload_timer.isActive():
            self.reload_timer.start()

    def reload(self) -> None:
        """Reads recordings, chunks and free space off the GUI thread."""
        if self.ready:
            self.tasks.run(
                self.core.snapshot, success=self._apply_snapshot, failure=self._log_failure
            )

    def _apply_snapshot(self, snapshot: Snapshot) -> None:
        self.recordings.recordings.load(snapshot.recordings, snapshot.chunks)
        self._pending = sum(
            1 for c in snapshot.chunks if str(c.state) in ("sealed", "uploading", "uploaded")
        )
        self.sync.set_pending(self._pending)
        if snapshot.free_bytes is not None and self.panel.phase not in (rp.RECORDING, rp.PAUSED):
            self.panel.set_disk_seconds(self.core.seconds_left(snapshot.free_bytes))

    # ---- account ------------------------------------------------------------------------
    def sign_in(self) -> None:
        """Opens the sign-in dialog."""
        from app.gui.sign_in_dialog import SignInDialog

        s = self.ctx.settings
        dialog = SignInDialog(
            self,
            self.tasks,
            self.core.sign_in,
            server_url=s.server_url,
            user=s.server_user,
            ca_file=s.ca_file,
            locked=dict(s.locked),
        )
        dialog.accepted.connect(self._signed_in)
        dialog.open()
        self.sign_in_dialog = dialog

    def _signed_in(self) -> None:
        self.banner.setVisible(False)
        self._update_account()
        self.statusBar().showMessage(self.tr("Signed in"), 5000)

    def sign_out(self) -> None:
        """Forgets the session tokens; recordings stay and upload after the next sign-in."""
        self.tasks.run(self.core.sign_out, success=lambda _r: self._update_account(), network=True)

    def _update_account(self) -> None:
        s = self.ctx.settings
        signed_in = bool(s.server_url and s.server_user and self.core.signed_in())
        self.account.set_account(
            s.server_user if signed_in else None, _host(s.server_url) if signed_in else None
        )
        self.sign_out_action.setEnabled(signed_in)

    def _sync_failed(self, error: BaseException) -> None:
        self.sync.set_status("auth_needed", getattr(error, "code", "") or "")

    # ---- settings -----------------------------------------------------------------------
    def open_settings(self) -> None:
        """Opens the settings dialog."""
        from app.gui.settings_dialog import SettingsDialog

        dialog = SettingsDialog(
            self,
            self.tasks,
            self.ctx.settings,
            self.ctx.data_dir,
            self.devices,
            self.apply_settings,
        )
        dialog.open()
        self.settings_dialog = dialog

    def apply_settings(self, settings: Any) -> None:
        """Takes saved settings: new language at once, the rest from the next recording."""
        self.ctx.settings = settings
        self.translations.apply(choose_language(settings.language))
        if self.panel.phase in (rp.IDLE, rp.LOADING) and self.devices:
            self.panel.set_devices(self.devices, settings.device)
        self.tasks.run(self.core.settings_changed, network=True)

    # ---- actions and texts --------------------------------------------------------------
    def _make_actions(self) -> None:
        def action(shortcut: str | QKeySequence.StandardKey | None, slot: Any) -> QAction:
            a = QAction(self)
            if shortcut is not None:
                a.setShortcut(QKeySequence(shortcut))
                a.setShortcutContext(Qt.ShortcutContext.ApplicationShortcut)
            a.triggered.connect(slot)
            self.addAction(a)
            return a

        self.record_action = action("Ctrl+R", self.record)
        self.pause_action = action("Ctrl+P", self.toggle_pause)
        self.stop_action = action("Ctrl+.", self.stop)
        self.marker_action = action("Ctrl+M", self._marker_shortcut)
        self.sign_in_action = action(None, self.sign_in)
        self.sign_out_action = action(None, self.sign_out)
        self.settings_action = action(QKeySequence.StandardKey.Preferences, self.open_settings)
        self.quit_action = action(QKeySequence.StandardKey.Quit, self.request_quit)
        self.file_menu = self.menuBar().addMenu("")
        self.file_menu.addActions([self.sign_in_action, self.sign_out_action])
        self.file_menu.addSeparator()
        self.file_menu.addAction(self.settings_action)
        self.file_menu.addSeparator()
        self.file_menu.addAction(self.quit_action)
        self.recording_menu = self.menuBar().addMenu("")
        self.recording_menu.addActions(
            [self.record_action, self.pause_action, self.stop_action, self.marker_action]
        )

    def retranslate(self) -> None:
        """Texts in the current language."""
        self.setWindowTitle(self.tr("LogMeets Recorder"))
        self.file_menu.setTitle(self.tr("&File"))
        self.recording_menu.setTitle(self.tr("&Recording"))
        self.record_action.setText(self.tr("Record"))
        self.pause_action.setText(self.tr("Pause / Resume"))
        self.stop_action.setText(self.tr("Stop"))
        self.marker_action.setText(self.tr("Add marker"))
        self.sign_in_action.setText(self.tr("Sign in…"))
        self.sign_out_action.setText(self.tr("Sign out"))
        self.settings_action.setText(self.tr("Settings…"))
        self.quit_action.setText(self.tr("Quit"))
        self.recordings_label.setText(self.tr("Recordings"))
        self.recordings_label.setAccessibleName(self.tr("Recordings"))
        self.notice.setAccessibleName(self.tr("Notice"))
        self.sync.setAccessibleName(self.tr("Upload state"))
        self.panel.record_button.setToolTip(
            self.tr("Start a new recording ({key})").format(
                key=self.record_action.shortcut().toString(QKeySequence.SequenceFormat.NativeText)
            )
        )
        self.menuBar().setAccessibleName(self.tr("Menu bar"))
        if hasattr(self, "tray"):  # a QObject: Qt sends LanguageChange to widgets only
            self.tray.retranslate()
        self.statusBar().setAccessibleName(self.tr("Status bar"))

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def _set_phase(self, phase: str) -> None:
        self.panel.set_phase(phase)
        recording = phase in (rp.RECORDING, rp.PAUSED, rp.STOPPING)
        self.record_action.setEnabled(phase == rp.IDLE)
        self.pause_action.setEnabled(phase in (rp.RECORDING, rp.PAUSED))
        self.stop_action.setEnabled(phase in (rp.RECORDING, rp.PAUSED, rp.STARTING))
        self.marker_action.setEnabled(phase in (rp.RECORDING, rp.PAUSED))
        self.tray.set_recording(recording, can_record=phase == rp.IDLE)
        self.setWindowIcon(recording_icon() if recording else app_icon())

    # ---- notices and errors -------------------------------------------------------------
    def show_notice(self, text: str) -> None:
        """A message above the list that stays until the next action."""
        self._last_error = text
        self.notice.setText(text)
        self.notice.setVisible(True)

    def hide_notice(self) -> None:
        """Removes the notice."""
        self.notice.setVisible(False)

    def show_error(self, error: BaseException) -> None:
        """Default for failed background work: the translated reason in the notice area."""
        log.warning(
            "background task failed: %s",
            getattr(error, "code", type(error).__name__),
            exc_info=error,
        )
        self.show_notice(describe(error))

    def _log_failure(self, error: BaseException) -> None:
        log.warning("outbox read failed", exc_info=error)

    # ---- export -------------------------------------------------------------------------
    def export_recording(self, recording_id: str) -> None:
        """Asks where, then decrypts the local chunks into one FLAC file off the GUI thread."""
        from pathlib import Path

        rec = self.recordings.recordings.recording(recording_id)
        name = (
            re.sub(
                r"[^\w\- ]+", "_", (rec.title if rec and rec.title else "") or "recording"
            ).strip()
            or "recording"
        )
        path = self.prompts.export_path(str(Path.home() / f"{name}.flac"))
        if not path:
            return
        self.tasks.run(
            lambda: self.core.export_flac(recording_id, Path(path)),
            success=lambda _report: self.statusBar().showMessage(
                self.tr("Exported to {path}").format(path=path), 10_000
            ),
        )

    # ---- closing ------------------------------------------------------------------------
    def bring_to_front(self) -> None:
        """Shows the window again (from the tray)."""
        self.showNormal()
        self.raise_()
        self.activateWindow()

    def closeEvent(self, event: QCloseEvent) -> None:
        if self.quitting:
            event.accept()
            return
        event.ignore()
        if self.panel.phase in (rp.RECORDING, rp.PAUSED, rp.STARTING):
            choice = self.prompts.close_while_recording(Tray.available())
            if choice == CANCEL:
                return
            if choice == KEEP_IN_TRAY:
                if Tray.available():
                    self.hide()
                else:
                    self.showMinimized()
                return
        self.request_quit()

    def request_quit(self) -> None:
        """Quits: says that pending uploads resume at the next start; stops a recording first."""
        if self.quitting:
            return
        if self._pending and not self.prompts.quit_with_pending(self._pending):
            return
        self.quitting = True
        if self.panel.phase in (rp.RECORDING, rp.PAUSED, rp.STARTING):
            self.stop()  # _recording_ended() continues with _shutdown()
        elif self.panel.phase != rp.STOPPING:
            self._shutdown()

    def _shutdown(self) -> None:
        self.disk_timer.stop()
        self.mic_timer.stop()
        self.bridge.detach()
        self.tasks.run(
            self.core.close,
            success=lambda _r: self._finish_quit(),
            failure=lambda _e: self._finish_quit(),
        )

    def _finish_quit(self) -> None:
        self.tray.dispose()
        self.close()
        app = QApplication.instance()
        if app is not None:
            app.quit()


class _Coded(Exception):
    """A GUI-side condition shown through the same code -> text table as core errors."""

    def __init__(self, code: str, **fields: Any) -> None:
        super().__init__(code)
        self.code = code
        self.fields = fields


def _snake(name: str) -> str:
    return re.sub(r"(?<!^)(?=[A-Z])", "_", name).lower()


def _host(url: str | None) -> str | None:
    if not url:
        return None
    return re.sub(r"^https?://", "", url).rstrip("/")
