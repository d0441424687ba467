"""The main window's furniture: the widgets and where they sit, the menus and their shortcuts,
the tray icon, and the texts of all of them in the current language.

`MainWindowLayout` builds and names everything but decides nothing; `MainWindow` (a subclass)
connects the signals to what they do. The texts keep the "MainWindow" context of the catalogues.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QEvent, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QLabel, QMainWindow, QVBoxLayout, QWidget

from app.gui import record_panel as rp
from app.gui.icons import app_icon, recording_icon
from app.gui.notices import NoticeBox
from app.gui.recordings_view import RecordingsView
from app.gui.status import AccountLabel, SupersededBanner, SyncIndicator
from app.gui.transfer_status import TransferStatus
from app.gui.tray import Tray

WINDOW_SIZE = (860, 640)
#: The transport and marker keys (portable text). Each must clash with no Qt standard key
#: (`QKeySequence.StandardKey`) of any platform: tests/gui/test_gui_shortcuts.py checks it.
SHORTCUTS = {"record": "Ctrl+R", "pause": "Ctrl+Shift+P", "stop": "Ctrl+.", "marker": "Ctrl+M"}


class MainWindowLayout(QMainWindow):
    """Recording controls on top, a notice box, the recordings list; account and upload state
    in the status bar; File, Recording and Help menus; the tray icon."""

    def __init__(self) -> None:
        super().__init__()
        self.banner = SupersededBanner()
        self.panel = rp.RecordPanel()
        self.recordings = RecordingsView()
        self.notice = NoticeBox()
        self.recordings_label = QLabel()
        central = QWidget()
        layout = QVBoxLayout(central)
        layout.addWidget(self.banner)
        layout.addWidget(self.panel)
        layout.addWidget(self.notice)
        layout.addWidget(self.recordings_label)
        layout.addWidget(self.recordings, 1)
        self.setCentralWidget(central)
        self.account = AccountLabel()
        self.sync = SyncIndicator()
        self.statusBar().addWidget(self.account, 1)
        self.statusBar().addPermanentWidget(self.sync)
        self.setWindowIcon(app_icon())
        self.resize(*WINDOW_SIZE)

        self.record_action = self._action(SHORTCUTS["record"])
        self.pause_action = self._action(SHORTCUTS["pause"])
        self.stop_action = self._action(SHORTCUTS["stop"])
        self.marker_action = self._action(SHORTCUTS["marker"])
        self.sign_in_action = self._action(None)
        self.sign_out_action = self._action(None)
        self.settings_action = self._action(QKeySequence.StandardKey.Preferences)
        self.quit_action = self._action(QKeySequence.StandardKey.Quit)
        self.about_action = self._action(None)
        self.about_action.setMenuRole(QAction.MenuRole.AboutRole)  # macOS: the app menu
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
        self.help_menu = self.menuBar().addMenu("")
        self.help_menu.addAction(self.about_action)
        self.tray = Tray(self)
        self.transfer = TransferStatus(self.sync, self.tray, self)
        self.retranslate()

    def _action(self, shortcut: str | QKeySequence.StandardKey | None) -> QAction:
        a = QAction(self)
        if shortcut is not None:
            a.setShortcut(QKeySequence(shortcut))
            a.setShortcutContext(Qt.ShortcutContext.ApplicationShortcut)
        self.addAction(a)
        return a

    def show_phase(self, phase: str) -> None:
        """Enables what makes sense in `phase` (panel, menus, tray) and sets the icon."""
        self.panel.set_phase(phase)
        recording = phase in (rp.RECORDING, rp.PAUSED, rp.STOPPING)
        self.record_action.setEnabled(phase == rp.IDLE)
        self.pause_action.setEnabled(phase in (rp.RECORDING, rp.PAUSED))
        self.stop_action.setEnabled(phase in (rp.RECORDING, rp.PAUSED, rp.STARTING))
        self.marker_action.setEnabled(phase in (rp.RECORDING, rp.PAUSED))
        self.tray.set_recording(recording, can_record=phase == rp.IDLE)
        self.setWindowIcon(recording_icon() if recording else app_icon())

    def retranslate(self) -> None:
        """Texts in the current language."""
        self.setWindowTitle(QCoreApplication.translate("MainWindow", "LogMeets Recorder"))
        self.file_menu.setTitle(QCoreApplication.translate("MainWindow", "&File"))
        self.recording_menu.setTitle(QCoreApplication.translate("MainWindow", "&Recording"))
        self.record_action.setText(QCoreApplication.translate("MainWindow", "Record"))
        self.pause_action.setText(QCoreApplication.translate("MainWindow", "Pause / Resume"))
        self.stop_action.setText(QCoreApplication.translate("MainWindow", "Stop"))
        self.marker_action.setText(QCoreApplication.translate("MainWindow", "Add marker"))
        self.sign_in_action.setText(QCoreApplication.translate("MainWindow", "Sign in…"))
        self.sign_out_action.setText(QCoreApplication.translate("MainWindow", "Sign out"))
        self.settings_action.setText(QCoreApplication.translate("MainWindow", "Settings…"))
        self.quit_action.setText(QCoreApplication.translate("MainWindow", "Quit"))
        self.help_menu.setTitle(QCoreApplication.translate("MainWindow", "&Help"))
        self.about_action.setText(
            QCoreApplication.translate("MainWindow", "About LogMeets Recorder…")
        )
        self.recordings_label.setText(QCoreApplication.translate("MainWindow", "Recordings"))
        self.recordings_label.setAccessibleName(
            QCoreApplication.translate("MainWindow", "Recordings")
        )
        self.notice.setAccessibleName(QCoreApplication.translate("MainWindow", "Notice"))
        self.sync.setAccessibleName(QCoreApplication.translate("MainWindow", "Upload state"))
        self.panel.record_button.setToolTip(
            QCoreApplication.translate("MainWindow", "Start a new recording ({key})").format(
                key=self.record_action.shortcut().toString(QKeySequence.SequenceFormat.NativeText)
            )
        )
        self.menuBar().setAccessibleName(QCoreApplication.translate("MainWindow", "Menu bar"))
        if hasattr(self, "tray"):  # a QObject: Qt sends LanguageChange to widgets only
            self.tray.retranslate()
        if hasattr(self, "transfer"):  # the same
            self.transfer.retranslate()
        if hasattr(self, "update_flow"):  # the same, for the update button's owner
            self.update_flow.retranslate()
        self.statusBar().setAccessibleName(QCoreApplication.translate("MainWindow", "Status bar"))

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)
