"""Settings page "General": whether the app starts (hidden in the tray) when the user logs in,
and whether it offers to record when a meeting app starts using the microphone."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QCheckBox, QLabel, QVBoxLayout, QWidget

from app.autostart import wanted
from app.gui.settings_pages.base import SettingsPage
from app.settings import Settings


class GeneralPage(SettingsPage):
    """Edits start_at_login and offer_to_record. Unset, the start-at-login box shows what the
    build does by default (on when installed) and saving leaves it unset unless the user
    changes the box."""

    KEYS = ("start_at_login", "offer_to_record")

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.start_at_login = QCheckBox()
        self.help = QLabel()
        self.help.setWordWrap(True)
        self.offer_to_record = QCheckBox()
        layout = QVBoxLayout(self)
        layout.addWidget(self.start_at_login)
        layout.addWidget(self.lock_label("start_at_login"))
        layout.addWidget(self.help)
        layout.addWidget(self.offer_to_record)
        layout.addWidget(self.lock_label("offer_to_record"))
        layout.addStretch(1)
        self._shown = False  # what the box showed when loaded
        self._setting: bool | None = None
        self.retranslate()

    def title(self) -> str:
        return self.tr("General")

    def editor(self, key: str) -> QWidget:
        return self.offer_to_record if key == "offer_to_record" else self.start_at_login

    def load(self, settings: Settings) -> None:
        self._setting = settings.start_at_login
        self._shown = bool(wanted(settings.start_at_login))
        self.start_at_login.setChecked(self._shown)
        self.offer_to_record.setChecked(settings.offer_to_record)
        super().load(settings)

    def values(self) -> dict[str, Any]:
        out: dict[str, Any] = {}
        if not self.is_locked("offer_to_record"):
            out["offer_to_record"] = self.offer_to_record.isChecked()
        checked = self.start_at_login.isChecked()
        if self.is_locked("start_at_login") or (self._setting is None and checked == self._shown):
            return out  # unchanged: an unset setting stays unset (the build's default)
        return {**out, "start_at_login": checked}

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
        self.offer_to_record.setText(
            self.tr("&Offer to record when a meeting app starts using the microphone")
        )
        self.offer_to_record.setAccessibleName(self.tr("Offer to record meetings"))
        super().retranslate()
