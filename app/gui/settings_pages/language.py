"""Settings page "Language": the system's language, English or Japanese."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QComboBox, QFormLayout, QLabel, QVBoxLayout, QWidget

from app.gui.settings_pages.base import SettingsPage
from app.settings import UI_LANGUAGES, Settings

# Each language is named in itself (an autonym), as language pickers do: not translated.
AUTONYMS = {"en": "English", "ja": "日本語"}


class LanguagePage(SettingsPage):
    """Edits language: "system", "en" or "ja"."""

    KEYS = ("language",)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.combo = QComboBox()
        self.combo.addItem("", "system")
        for code in UI_LANGUAGES:
            self.combo.addItem(AUTONYMS[code], code)
        self.label = QLabel()
        self.help = QLabel()
        self.help.setWordWrap(True)
        column = QVBoxLayout()
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(self.combo)
        column.addWidget(self.lock_label("language"))
        column.addWidget(self.help)
        form = QFormLayout()
        form.addRow(self.label, column)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addStretch(1)
        self.retranslate()

    def title(self) -> str:
        return self.tr("Language")

    def editor(self, key: str) -> QWidget:
        return self.combo

    def load(self, settings: Settings) -> None:
        self.combo.setCurrentIndex(max(0, self.combo.findData(settings.language)))
        super().load(settings)

    def values(self) -> dict[str, Any]:
        if self.is_locked("language"):
            return {}
        return {"language": str(self.combo.currentData())}

    def retranslate(self) -> None:
        self.label.setText(self.tr("Language:"))
        self.combo.setAccessibleName(self.tr("Language"))
        self.combo.setItemText(0, self.tr("System language"))
        self.help.setText(self.tr("The window changes language as soon as you save."))
        self.help.setAccessibleName(self.tr("Language help"))
        super().retranslate()
