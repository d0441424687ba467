"""Settings page "Network": upload bandwidth limit, and where recordings go (read-only here:
the server is chosen at sign-in)."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QFormLayout, QLabel, QSpinBox, QVBoxLayout, QWidget

from app.gui.settings_pages.base import SettingsPage
from app.settings import Settings


class NetworkPage(SettingsPage):
    """Edits bandwidth_limit_kbps; shows server_url."""

    KEYS = ("bandwidth_limit_kbps",)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.limit = QSpinBox()
        self.limit.setRange(0, 1_000_000)
        self.limit.setSingleStep(256)
        self.server = QLabel()
        self.server.setWordWrap(True)
        self.limit_label = QLabel()
        self.server_label = QLabel()
        self.help = QLabel()
        self.help.setWordWrap(True)
        column = QVBoxLayout()
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(self.limit)
        column.addWidget(self.lock_label("bandwidth_limit_kbps"))
        column.addWidget(self.help)
        form = QFormLayout()
        form.addRow(self.limit_label, column)
        form.addRow(self.server_label, self.server)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addStretch(1)
        self._server_url: str | None = None
        self.retranslate()

    def title(self) -> str:
        return self.tr("Network")

    def editor(self, key: str) -> QWidget:
        return self.limit

    def load(self, settings: Settings) -> None:
        self.limit.setValue(int(settings.bandwidth_limit_kbps))
        self._server_url = settings.server_url
        super().load(settings)
        self.retranslate()

    def values(self) -> dict[str, Any]:
        if self.is_locked("bandwidth_limit_kbps"):
            return {}
        return {"bandwidth_limit_kbps": int(self.limit.value())}

    def retranslate(self) -> None:
        self.limit_label.setText(self.tr("Upload limit:"))
        self.limit.setAccessibleName(self.tr("Upload limit"))
        self.limit.setSpecialValueText(self.tr("No limit"))
        self.limit.setSuffix(self.tr(" kbit/s"))
        self.help.setText(self.tr("Limit uploads so that video calls keep enough bandwidth."))
        self.help.setAccessibleName(self.tr("Upload limit help"))
        self.server_label.setText(self.tr("Server:"))
        self.server.setAccessibleName(self.tr("Server"))
        self.server.setText(self._server_url or self.tr("Not signed in"))
        super().retranslate()
