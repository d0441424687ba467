"""The tray icon: shows whether a recording is running, offers Record / Stop / Show / Quit, and
carries the desktop notifications (device lost, disk low, reminders...); a click on one does
what it offers (sign in again) or shows the window."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMenu, QSystemTrayIcon

from app.gui.icons import app_icon, recording_icon


class Tray(QObject):
    """Owns the QSystemTrayIcon and its menu. Works (silently) where no tray exists."""

    record_requested = Signal()
    stop_requested = Signal()
    show_requested = Signal()
    quit_requested = Signal()

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.recording = False
        self.detail = ""  # a second line of the tooltip (upload figures), "" for none
        self.notifications: list[tuple[str, str]] = []  # the last ones shown, newest last
        self._on_click: Callable[[], None] | None = None  # what a click on the last one does
        self.icon = QSystemTrayIcon(app_icon(), self)
        self.menu = QMenu()
        self.record_action = QAction(self)
        self.stop_action = QAction(self)
        self.show_action = QAction(self)
        self.quit_action = QAction(self)
        self.record_action.triggered.connect(self.record_requested)
        self.stop_action.triggered.connect(self.stop_requested)
        self.show_action.triggered.connect(self.show_requested)
        self.quit_action.triggered.connect(self.quit_requested)
        for action in (self.record_action, self.stop_action, self.show_action):
            self.menu.addAction(action)
        self.menu.addSeparator()
        self.menu.addAction(self.quit_action)
        self.icon.setContextMenu(self.menu)
        self.icon.activated.connect(self._on_activated)
        self.icon.messageClicked.connect(self._message_clicked)
        self.set_recording(False, can_record=False)
        self.retranslate()

    @staticmethod
    def available() -> bool:
        """True if the desktop has a tray (False on the offscreen platform and some desktops)."""
        return QSystemTrayIcon.isSystemTrayAvailable()

    def show(self) -> None:
        """Puts the icon in the tray, where there is one."""
        self.icon.show()

    def retranslate(self) -> None:
        """Texts in the current language."""
        self.record_action.setText(self.tr("Record"))
        self.stop_action.setText(self.tr("Stop recording"))
        self.show_action.setText(self.tr("Show LogMeets Recorder"))
        self.quit_action.setText(self.tr("Quit"))
        self.menu.setAccessibleName(self.tr("Tray menu"))
        tip = (
            self.tr("LogMeets Recorder: recording")
            if self.recording
            else self.tr("LogMeets Recorder")
        )
        self.icon.setToolTip(f"{tip}\n{self.detail}" if self.detail else tip)

    def set_detail(self, text: str) -> None:
        """A second line for the tooltip: what is being uploaded ("" removes it)."""
        if text != self.detail:
            self.detail = text
            self.retranslate()

    def set_recording(self, recording: bool, *, can_record: bool) -> None:
        """Switches the recording indicator (icon and tooltip) and what the menu offers."""
        self.recording = recording
        self.icon.setIcon(recording_icon() if recording else app_icon())
        self.record_action.setEnabled(can_record and not recording)
        self.stop_action.setEnabled(recording)
        self.retranslate()

    def notify(
        self,
        title: str,
        text: str,
        *,
        warning: bool = False,
        on_click: Callable[[], None] | None = None,
    ) -> None:
        """A desktop notification (kept in `notifications` as well, for tests and the log).
        A click on it calls `on_click`, or shows the window."""
        self._on_click = on_click
        self.notifications.append((title, text))
        del self.notifications[:-20]
        kind = (
            QSystemTrayIcon.MessageIcon.Warning
            if warning
            else QSystemTrayIcon.MessageIcon.Information
        )
        if self.icon.isVisible() and QSystemTrayIcon.supportsMessages():
            self.icon.showMessage(title, text, kind, 10_000)

    def _message_clicked(self) -> None:
        if self._on_click is not None:
            self._on_click()
        else:
            self.show_requested.emit()

    def _on_activated(self, reason: QSystemTrayIcon.ActivationReason) -> None:
        if reason in (
            QSystemTrayIcon.ActivationReason.Trigger,
            QSystemTrayIcon.ActivationReason.DoubleClick,
        ):
            self.show_requested.emit()

    def dispose(self) -> None:
        """Removes the icon from the tray (at quit). The menu is left to Python's collector:
        deleting it here would break a LanguageChange that is still on its way."""
        self.icon.hide()
