"""Settings page "Updates": whether LogMeets updates itself, and to which versions. Both are
usually fixed by the administrator (managed config), and then shown locked with the reason."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QCheckBox, QComboBox, QFormLayout, QLabel, QVBoxLayout, QWidget

from app.gui.settings_pages.base import SettingsPage
from app.settings import UPDATE_CHANNELS, Settings


class UpdatesPage(SettingsPage):
    """Edits updates ("on"/"off") and update_channel ("stable"/"beta")."""

    KEYS = ("updates", "update_channel")

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.enabled = QCheckBox()
        self.channel = QComboBox()
        for channel in UPDATE_CHANNELS:
            self.channel.addItem("", channel)
        self.channel_label = QLabel()
        self.help = QLabel()
        self.help.setWordWrap(True)
        column = QVBoxLayout()
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(self.channel)
        column.addWidget(self.lock_label("update_channel"))
        form = QFormLayout()
        form.addRow(self.enabled)
        form.addRow(self.lock_label("updates"))
        form.addRow(self.channel_label, column)
        form.addRow(self.help)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addStretch(1)
        self.retranslate()

    def title(self) -> str:
        return self.tr("Updates")

    def editor(self, key: str) -> QWidget:
        return self.enabled if key == "updates" else self.channel

    def load(self, settings: Settings) -> None:
        self.enabled.setChecked(settings.updates == "on")
        self.channel.setCurrentIndex(max(0, self.channel.findData(settings.update_channel)))
        super().load(settings)

    def values(self) -> dict[str, Any]:
        out: dict[str, Any] = {}
        if not self.is_locked("updates"):
            out["updates"] = "on" if self.enabled.isChecked() else "off"
        if not self.is_locked("update_channel"):
            out["update_channel"] = str(self.channel.currentData())
        return out

    def retranslate(self) -> None:
        self.enabled.setText(self.tr("Keep LogMeets up to date"))
        self.enabled.setAccessibleName(self.tr("Keep LogMeets up to date"))
        self.channel_label.setText(self.tr("Versions:"))
        self.channel.setAccessibleName(self.tr("Versions"))
        self.channel.setItemText(0, self.tr("Stable releases"))
        self.channel.setItemText(1, self.tr("Stable and beta releases"))
        self.help.setText(
            self.tr(
                "New versions are checked for at start and every six hours, verified against "
                "LogMeets' signing keys, and installed when LogMeets restarts, never during a "
                "recording."
            )
        )
        self.help.setAccessibleName(self.tr("Updates help"))
        super().retranslate()
