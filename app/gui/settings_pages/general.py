"""Settings page "General": whether the app starts (hidden in the tray) when the user logs in."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QCheckBox, QLabel, QVBoxLayout, QWidget

from app.autostart import wanted
from app.gui.settings_pages.base import SettingsPage
from app.settings import Settings


class GeneralPage(SettingsPage):
    """Edits start_at_login. Unset, the box shows what the build does by default (on when
    installed) and saving leaves it unset unless the user changes the box."""

    KEYS = ("start_at_login",)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.start_at_login = QCheckBox()
        self.help = QLabel()
        self.help.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(self.start_at_login)
        layout.addWidget(self.lock_label("start_at_login"))
        layout.addWidget(self.help)
        layout.addStretch(1)
        self._shown = False  # what the box showed when loaded
        self._setting: bool | None = None
        self.retranslate()

    def title(self) -> str:
        return self.tr("General")

    def editor(self, key: str) -> QWidget:
        return self.start_at_login

    def load(self, settings: Settings) -> None:
        self._setting = settings.start_at_login
        self._shown = bool(wanted(settings.start_at_login))
        self.start_at_login.setChecked(self._shown)
        super().load(settings)

    def values(self) -> dict[str, Any]:
        checked = self.start_at_login.isChecked()
        if self.is_locked("start_at_login") or (self._setting is None and checked == self._shown):
            return {}  # unchanged: an unset setting stays unset (the build's default)
        return {"start_at_login": checked}

    def retranslate(self) -> None:
        self.start_at_login.setText(self.tr("&Start LogMeets Recorder when I log in"))
        self.start_at_login.setAccessibleName(self.tr("Start when I log in"))
        self.help.setText(
            self.tr(
                "It starts in the tray without opening its window, so that recordings left "
                "on this computer are uploaded without you having to remember."
            )
        )
        self.help.setAccessibleName(self.tr("Start at login help"))
        super().retranslate()
