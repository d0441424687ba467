"""The main window: what each control does, over the layout of `window_layout.py`.

It is a thin view over `app.core.Core`: every core call goes through `TaskManager` (never on
the GUI thread); core writes return `Changes`, and `refresh(changes)` updates what they name;
core events arrive through `EventBridge` and are routed by type in `window_events.py`. Recording
and the microphone test live in `record_flow.py`, closing and quitting in `quit_flow.py`, the
notice texts in `notices.py`.
"""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtCore import QEvent, QTimer
from PySide6.QtGui import QCloseEvent

from app import autostart
from app.core import Changes, Core, Snapshot
from app.gui import record_panel as rp
from app.gui.about_dialog import AboutDialog
from app.gui.account_flow import AccountFlow
from app.gui.device_scan import DeviceScan
from app.gui.event_bridge import EventBridge
from app.gui.file_names import export_file_name
from app.gui.forget_flow import ForgetFlow
from app.gui.history_flow import HistoryFlow
from app.gui.i18n import Translations, choose_language
from app.gui.meeting_prompt import MeetingPrompt
from app.gui.messages import describe
from app.gui.notices import Notice
from app.gui.prompts import Prompts
from app.gui.proxy_flow import ProxyFlow
from app.gui.quit_flow import QuitFlow
from app.gui.record_flow import RecordFlow
from app.gui.reminders import Reminders
from app.gui.sign_in_dialog import SignInDialog
from app.gui.tasks import TaskManager
from app.gui.update_flow import UpdateFlow
from app.gui.welcome_flow import WelcomeFlow
from app.gui.window_events import WindowEvents
from app.gui.window_layout import MainWindowLayout
from app.gui.window_parts import Asks
from app.settings import Settings
from outbox import ChunkState
from recorder import InputDevice

log = logging.getLogger(__name__)

RELOAD_DELAY_MS = 300  # coalesces bursts of chunk events into one outbox read
DISK_POLL_MS = 30_000
# Chunks that still wait for the server's receipt (asked about when quitting).
PENDING = (ChunkState.SEALED, ChunkState.UPLOADING, ChunkState.UPLOADED)


class MainWindow(MainWindowLayout):
    """The app's window. Create, then `start()` to begin the slow start-up off the GUI thread."""

    def __init__(self, core: Core, tasks: TaskManager, translations: Translations) -> None:
        super().__init__()
        self.core = core
        self.ctx = core.ctx
        self.tasks = tasks
        self.translations = translations
        self.prompts: Asks = Prompts(self)
        self.events = WindowEvents(self)
        self.quit_flow = QuitFlow(self)
        self.recording_id: str | None = None
        self.record_flow = RecordFlow(self, on_ended=self.quit_flow.recording_ended)
        self.mic_timer = self.record_flow.mic_timer
        self.forget_flow = ForgetFlow(self)
        self.history_flow = HistoryFlow(self)
        self.reminders = Reminders(self, parent=self)
        self.account_flow = AccountFlow(self, dialog_parent=self)
        self.update_flow = UpdateFlow(self)
        self.meeting_prompt = MeetingPrompt(self)  # offers to record when a meeting starts
        self.welcome_flow = WelcomeFlow(self, dialog_parent=self)
        self.device_scan = DeviceScan(self)
        self.proxy_flow = ProxyFlow(self, dialog_parent=self)
        self.sign_in_dialog: SignInDialog | None = None  # the last one opened
        self.bridge = EventBridge(self.ctx.events, self)
        self.bridge.core_event.connect(self.events.dispatch)
        tasks.default_failure = self.show_error
        tasks.default_owner = self
        self.devices: list[InputDevice] = []
        self.ready = False  # outbox open
        self.sync_state = "idle"
        self.quitting = False
        self.pending_parts = 0  # chunks without a receipt in the last snapshot

        self.record_flow.connect()
        for action, slot in (
            (self.sign_in_action, self.sign_in),
            (self.sign_out_action, self.sign_out),
            (self.settings_action, self.open_settings),
            (self.quit_action, self.request_quit),
            (self.about_action, self.open_about),
        ):
            action.triggered.connect(slot)
        self.tray.show_requested.connect(self.bring_to_front)
        self.tray.quit_requested.connect(self.request_quit)
        self.banner.sign_in_clicked.connect(self.sign_in)
        self.recordings.export_requested.connect(self.export_recording)
        self.recordings.forget_requested.connect(self.forget_flow.forget)
        self.recordings.remove_requested.connect(self.history_flow.remove)

        self.reload_timer = self._timer(RELOAD_DELAY_MS, self.reload)
        self.reload_timer.setSingleShot(True)
        self.disk_timer = self._timer(DISK_POLL_MS, self.reload)

        self.account_flow.update_account()
        self.show_phase(rp.LOADING)

    def _timer(self, interval_ms: int, slot: object) -> QTimer:
        timer = QTimer(self)
        timer.setInterval(interval_ms)
        timer.timeout.connect(slot)
        return timer

    # ---- start-up -----------------------------------------------------------------------
    def start(self, *, hidden: bool = False) -> None:
        """Shows the window at once (`hidden`: only the tray icon, or the window minimised where
        there is no tray); opens the keyring, outbox and devices in the background."""
        if hidden:
            self.quit_flow.start_hidden()
        else:
            self.show()
        self.tray.show()
        self.tasks.run(self.core.open, success=self._opened, failure=self._open_failed)
        self.sync_start_at_login()
        self.device_scan.start()

    def _opened(self, snapshot: Snapshot) -> None:
        self.ready = True
        self._apply_snapshot(snapshot)
        self.show_phase(rp.IDLE)
        self.disk_timer.start()
        self.update_flow.start()
        self.meeting_prompt.start()
        self.tasks.run(
            self.core.resume_sync,
            success=lambda outcome: self.refresh(outcome.changes),
            failure=self.account_flow.sync_failed,
        )

    def _open_failed(self, error: BaseException) -> None:
        self.show_phase(rp.LOADING)
        self.panel.phase_label.setText(self.tr("Cannot record"))
        self.show_notice(describe(error))
        if not self.isVisible() or self.isMinimized():  # a start at login: nobody sees the window
            self.tray.notify(self.tr("Cannot record"), describe(error), warning=True)

    def first_devices_listed(self) -> None:
        """The first run: the welcome shows now, to pick the microphone, sign in or record."""
        self.welcome_flow.maybe_show()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.ActivationChange and self.isActiveWindow():
            self.device_scan.window_activated()  # a headset plugged in since shows up
        super().changeEvent(event)

    # ---- what changed -------------------------------------------------------------------
    def refresh(self, changes: Changes) -> None:
        """Updates what a core write says it changed."""
        if changes.recordings or changes.chunks:
            self.schedule_reload()
        if changes.session or changes.settings:
            self.account_flow.update_account()

    # ---- recording (record_flow.py) ----------------------------------------------------
    def record(self) -> None:
        """Starts a recording on the chosen microphone (see `RecordFlow.record`)."""
        self.record_flow.record()

    def stop(self) -> None:
        """Stops the recording (see `RecordFlow.stop`)."""
        self.record_flow.stop()

    def add_marker(self, label: str = "") -> None:
        """Bookmarks this moment (see `RecordFlow.add_marker`)."""
        self.record_flow.add_marker(label)

    def recording_ended_on_its_own(self) -> None:
        """The recorder stopped by itself (see `RecordFlow.recording_ended_on_its_own`)."""
        self.record_flow.recording_ended_on_its_own()

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
        self.pending_parts = sum(1 for c in snapshot.chunks if c.state in PENDING)
        self.sync.set_pending(self.pending_parts)
        self.transfer.expect(snapshot.chunks)
        if snapshot.free_bytes is not None and self.panel.phase not in (rp.RECORDING, rp.PAUSED):
            self.panel.set_disk_seconds(self.core.seconds_left(snapshot.free_bytes))

    # ---- account ------------------------------------------------------------------------
    def sign_in(self) -> None:
        """Opens the sign-in dialog (see `AccountFlow.sign_in`)."""
        self.account_flow.sign_in()

    def sign_out(self) -> None:
        """Signs out (see `AccountFlow.sign_out`)."""
        self.account_flow.sign_out()

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
            self.ctx.managed,
            proxy_credentials=self.proxy_flow.credentials(),
            system_sources=self.panel.system_sources(),
        )
        dialog.open()
        self.settings_dialog = dialog

    def open_about(self) -> None:
        """Opens Help › About (version, folders, Copy diagnostics)."""
        self.about_dialog = AboutDialog(self, self.ctx, self.tasks, lambda: list(self.devices))
        self.about_dialog.open()

    def apply_settings(self, settings: Settings) -> None:
        """Takes saved settings: new language and the computer-audio switch at once, the rest
        from the next recording."""
        self.ctx.settings = settings
        self.translations.apply(choose_language(settings.language))
        if self.panel.phase in (rp.IDLE, rp.LOADING) and self.devices:
            self.panel.set_devices(self.devices, settings.device)
        self.panel.follow_settings(settings)  # the computer-audio switch shows the saved choice
        self.tasks.run(self.core.settings_changed, success=self.refresh)
        self.sync_start_at_login()

    def sync_start_at_login(self) -> None:
        """The OS's start-at-login entry made to match the setting, on the serial worker."""
        setting = self.ctx.settings.start_at_login
        self.tasks.run(lambda: autostart.sync_with(setting))  # a refusal: show_error

    # ---- notices and errors -------------------------------------------------------------
    def tell(self, notice: Notice) -> None:
        """Shows a notice in the window and/or as a desktop notification."""
        if notice.in_window:
            self.show_notice(notice.text)
        if notice.title is not None:
            self.tray.notify(
                notice.title, notice.text, warning=notice.warning, on_click=notice.on_click
            )

    def show_notice(self, text: str) -> None:
        """A message above the list that stays until the next action."""
        self.notice.show_text(text)

    def hide_notice(self) -> None:
        """Removes the notice."""
        self.notice.clear()

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
        rec = self.recordings.recordings.recording(recording_id)
        name = export_file_name(rec.title if rec is not None else None)
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
        self.quit_flow.close_requested(event)

    def request_quit(self) -> None:
        """Quits (see `QuitFlow.request_quit`)."""
        self.quit_flow.request_quit()
