"""Help › About: the version, the data and log folders (each with an Open button), and "Copy
diagnostics", which puts the text of `app.diagnostics` (the same as `logmeets diagnostics`) on
the clipboard for a support ticket. The text is built on the serial worker (it reads the log
files); the dialog never waits for it."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6 import __version__ as pyside_version
from PySide6.QtCore import QEvent, Qt, QUrl, qVersion
from PySide6.QtGui import QDesktopServices, QGuiApplication
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QGridLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app import __version__
from app.context import Context
from app.diagnostics import build_diagnostics, diagnostics_text
from app.gui.messages import describe
from app.gui.tasks import TaskManager


def open_folder(path: Path) -> bool:
    """Opens `path` in the OS's file manager."""
    return bool(QDesktopServices.openUrl(QUrl.fromLocalFile(str(path))))


class AboutDialog(QDialog):
    """About LogMeets Recorder. `devices()` gives the input devices the window knows."""

    def __init__(
        self,
        parent: QWidget | None,
        ctx: Context,
        tasks: TaskManager,
        devices: Callable[[], list[Any]],
        opener: Callable[[Path], bool] = open_folder,
    ) -> None:
        super().__init__(parent)
        self._ctx = ctx
        self._tasks = tasks
        self._devices = devices
        self._opener = opener
        self.data_dir = ctx.data_dir
        self.log_dir = ctx.log_path.parent
        self.title = QLabel()
        self.title.setWordWrap(True)
        font = self.title.font()
        font.setPointSizeF(font.pointSizeF() * 1.4)
        font.setBold(True)
        self.title.setFont(font)
        self.version = QLabel()
        self.data_label = QLabel()
        self.data_path = QLabel(str(self.data_dir))
        self.log_label = QLabel()
        self.log_path = QLabel(str(self.log_dir))
        for path in (self.data_path, self.log_path):
            path.setWordWrap(True)
            path.setTextInteractionFlags(
                path.textInteractionFlags() | Qt.TextInteractionFlag.TextSelectableByMouse
            )
        self.open_data = QPushButton()
        self.open_data.clicked.connect(lambda: self._opener(self.data_dir))
        self.open_logs = QPushButton()
        self.open_logs.clicked.connect(lambda: self._opener(self.log_dir))
        self.copy_button = QPushButton()
        self.copy_button.clicked.connect(self.copy_diagnostics)
        self.copied = QLabel()
        self.copied.setWordWrap(True)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.buttons.rejected.connect(self.reject)
        grid = QGridLayout()
        grid.addWidget(self.data_label, 0, 0)
        grid.addWidget(self.data_path, 0, 1)
        grid.addWidget(self.open_data, 0, 2)
        grid.addWidget(self.log_label, 1, 0)
        grid.addWidget(self.log_path, 1, 1)
        grid.addWidget(self.open_logs, 1, 2)
        grid.setColumnStretch(1, 1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.title)
        layout.addWidget(self.version)
        layout.addLayout(grid)
        layout.addWidget(self.copy_button)
        layout.addWidget(self.copied)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(520)
        self.retranslate()

    def copy_diagnostics(self) -> None:
        """Builds the diagnostics off the GUI thread and puts them on the clipboard."""
        self.copy_button.setEnabled(False)
        extra = {"Qt": qVersion(), "PySide6": pyside_version}
        self._tasks.run(
            lambda: diagnostics_text(
                build_diagnostics(self._ctx, devices=self._devices, extra=extra)
            ),
            success=self._copy,
            failure=self._failed,
            owner=self,
        )

    def _copy(self, text: str) -> None:
        QGuiApplication.clipboard().setText(text)
        self.copy_button.setEnabled(True)
        self.copied.setText(
            self.tr("Copied. Paste it into your message to IT support; it holds no passwords.")
        )

    def _failed(self, error: BaseException) -> None:
        self.copy_button.setEnabled(True)
        self.copied.setText(describe(error))

    def retranslate(self) -> None:
        """Texts in the current language."""
        self.setWindowTitle(self.tr("About LogMeets Recorder"))
        self.title.setText(self.tr("LogMeets Recorder"))
        self.version.setText(self.tr("Version {version}").format(version=__version__))
        self.data_label.setText(self.tr("Data folder:"))
        self.log_label.setText(self.tr("Log folder:"))
        for button, name in ((self.open_data, "data"), (self.open_logs, "logs")):
            button.setText(self.tr("Open"))
            button.setAccessibleName(
                self.tr("Open data folder") if name == "data" else self.tr("Open log folder")
            )
        self.copy_button.setText(self.tr("Copy diagnostics"))
        self.copy_button.setToolTip(
            self.tr("Versions, system, audio devices, settings and recent errors; no passwords")
        )
        close = self.buttons.button(QDialogButtonBox.StandardButton.Close)
        close.setText(self.tr("Close"))

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)
