"""The settings dialog: a list of pages (audio, network, proxy, language, general, updates)
over `app.settings`.

Saving writes config.toml through `app.settings.save_user_settings` on the serial worker (disk),
then hands the new `Settings` to `on_saved` on the GUI thread. Locked fields are never sent.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QEvent
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QListWidget,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from app.gui import theme
from app.gui.messages import describe
from app.gui.settings_pages.audio import AudioPage
from app.gui.settings_pages.base import SettingsPage
from app.gui.settings_pages.general import GeneralPage
from app.gui.settings_pages.language import LanguagePage
from app.gui.settings_pages.network import NetworkPage
from app.gui.settings_pages.proxy import ProxyPage
from app.gui.settings_pages.updates import UpdatesPage
from app.gui.tasks import TaskManager
from app.settings import Settings, save_user_settings
from recorder import SystemSource
from uploader import ProxyCredentials


def save_settings(data_dir: Path, managed: Path, changes: dict[str, Any]) -> Settings:
    """Writes the changed values (runs on a worker). Returns the new effective Settings."""
    return save_user_settings(data_dir, managed, **changes)


class SettingsDialog(QDialog):
    """Modal settings; `on_saved(settings)` runs after a successful save. `devices` and
    `system_sources` are what the window found (the Audio page offers them)."""

    def __init__(
        self,
        parent: QWidget | None,
        tasks: TaskManager,
        settings: Settings,
        data_dir: Path,
        devices: list[Any],
        on_saved: Callable[[Settings], None],
        managed: Path,
        proxy_credentials: ProxyCredentials | None = None,
        system_sources: list[SystemSource] | None = None,
    ) -> None:
        super().__init__(parent)
        self._tasks = tasks
        self._settings = settings
        self._data_dir = data_dir
        self._managed = managed
        self._on_saved = on_saved
        self.pages: list[SettingsPage] = [
            AudioPage(devices, system_sources=system_sources),
            NetworkPage(),
            ProxyPage(tasks, proxy_credentials),
            LanguagePage(),
            GeneralPage(),
            UpdatesPage(),
        ]
        self.list = QListWidget()
        self.list.setMaximumWidth(180)
        self.stack = QStackedWidget()
        for page in self.pages:
            page.load(settings)
            self.list.addItem(page.title())
            self.stack.addWidget(page)
        self.list.currentRowChanged.connect(self.stack.setCurrentIndex)
        self.list.setCurrentRow(0)
        self.error_label = theme.problem_label()
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        body = QHBoxLayout()
        body.addWidget(self.list)
        body.addWidget(self.stack, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(body)
        layout.addWidget(self.error_label)
        layout.addWidget(self.buttons)
        self.retranslate()

    def page(self, cls: type[SettingsPage]) -> Any:
        """The page of a given class (for tests and for opening at a page)."""
        return next(p for p in self.pages if isinstance(p, cls))

    def changes(self) -> dict[str, Any]:
        """Values that differ from the current settings (locked ones are never included)."""
        out: dict[str, Any] = {}
        for page in self.pages:
            for key, value in page.values().items():
                if getattr(self._settings, key) != value:
                    out[key] = value
        return out

    def save(self) -> None:
        """Writes the changes off the GUI thread; closes when written."""
        changes = self.changes()
        if not changes:
            self.accept()
            return
        self.buttons.setEnabled(False)
        self._tasks.run(
            lambda: save_settings(self._data_dir, self._managed, changes),
            success=self._saved,
            failure=self._failed,
            owner=self,
        )

    def _saved(self, settings: Settings) -> None:
        self.buttons.setEnabled(True)
        self._on_saved(settings)
        self.accept()

    def _failed(self, error: BaseException) -> None:
        self.buttons.setEnabled(True)
        self.error_label.setText(describe(error))
        self.error_label.setVisible(True)

    def retranslate(self) -> None:
        """Texts in the current language."""
        self.setWindowTitle(self.tr("Settings"))
        self.list.setAccessibleName(self.tr("Settings pages"))
        for row, page in enumerate(self.pages):
            item = self.list.item(row)
            if item is not None:
                item.setText(page.title())
        self.error_label.setAccessibleName(self.tr("Error"))
        save = self.buttons.button(QDialogButtonBox.StandardButton.Save)
        save.setText(self.tr("Save"))
        save.setAccessibleName(self.tr("Save"))
        cancel = self.buttons.button(QDialogButtonBox.StandardButton.Cancel)
        cancel.setText(self.tr("Cancel"))
        cancel.setAccessibleName(self.tr("Cancel"))

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)
