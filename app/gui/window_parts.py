"""What the main window's helpers (`record_flow`, `quit_flow`, `account_flow`, `window_events`, ...)
may use of it.

A structural type: `MainWindow` satisfies it without naming it, so the helpers never import
`main_window` (the dependency runs one way: the window imports its helpers).
"""

from __future__ import annotations

from typing import Protocol

from PySide6.QtCore import QTimer
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QStatusBar

from app.context import Context
from app.core import Changes, Core
from app.gui.event_bridge import EventBridge
from app.gui.notices import Notice
from app.gui.record_panel import RecordPanel
from app.gui.recordings_view import RecordingsView
from app.gui.reminders import Reminders
from app.gui.sign_in_dialog import SignInDialog
from app.gui.status import AccountLabel, SupersededBanner, SyncIndicator
from app.gui.tasks import TaskManager
from app.gui.transfer_status import TransferStatus
from app.gui.tray import Tray


class Asks(Protocol):
    """The questions the window asks (`prompts.Prompts`; tests script the answers)."""

    def quit_while_recording(self) -> bool: ...
    def quit_with_pending(self, pending: int) -> bool: ...
    def export_path(self, suggested: str) -> str | None: ...
    def forget_recording(self, title: str, damaged: int) -> bool: ...
    def remove_from_history(self, title: str) -> bool: ...


class SyncStatusWatcher(Protocol):
    """Told the reason of every sync status (`proxy_flow.ProxyFlow`: a 407 asks for a sign-in)."""

    def sync_status(self, reason: str) -> None: ...


class WindowParts(Protocol):
    """The main window as its helpers see it."""

    core: Core
    ctx: Context
    tasks: TaskManager
    prompts: Asks
    bridge: EventBridge
    panel: RecordPanel
    recordings: RecordingsView
    banner: SupersededBanner
    account: AccountLabel
    sync: SyncIndicator
    tray: Tray
    reminders: Reminders
    transfer: TransferStatus
    sign_out_action: QAction
    record_action: QAction
    pause_action: QAction
    stop_action: QAction
    marker_action: QAction
    disk_timer: QTimer
    mic_timer: QTimer
    sign_in_dialog: SignInDialog | None
    quitting: bool  # the user asked to quit; the window closes once the core is closed
    pending_parts: int
    sync_state: str
    recording_id: str | None  # the running recording's

    @property
    def proxy_flow(self) -> SyncStatusWatcher: ...
    def statusBar(self) -> QStatusBar: ...
    def hide(self) -> None: ...
    def showMinimized(self) -> None: ...
    def isMinimized(self) -> bool: ...
    def close(self) -> bool: ...
    def stop(self) -> None: ...
    def request_quit(self) -> None: ...
    def refresh(self, changes: Changes) -> None: ...
    def schedule_reload(self) -> None: ...
    def show_phase(self, phase: str) -> None: ...
    def tell(self, notice: Notice) -> None: ...
    def show_notice(self, text: str) -> None: ...
    def hide_notice(self) -> None: ...
    def show_error(self, error: BaseException) -> None: ...
    def recording_ended_on_its_own(self) -> None: ...
