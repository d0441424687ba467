"""Settings page "Proxy": how uploads and updates find their proxy (the system's settings, a PAC
file, one proxy, or none), and a Test button that sends one request to the server through the
values on the page, before they are saved (network pool)."""

from __future__ import annotations

import dataclasses
from typing import Any

from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.core.proxy import ProxyCheck, build_resolver, check_proxy
from app.gui.messages import describe
from app.gui.settings_pages.base import SettingsPage
from app.gui.tasks import TaskManager
from app.settings import PROXY_MODES, Settings
from uploader import ProxyCredentials


class ProxyPage(SettingsPage):
    """Edits proxy_mode, proxy_pac_url and proxy_server; tests them against the server."""

    KEYS = ("proxy_mode", "proxy_pac_url", "proxy_server")

    def __init__(
        self,
        tasks: TaskManager | None = None,
        credentials: ProxyCredentials | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._tasks = tasks
        self._credentials = credentials
        self._settings = Settings()
        self.mode = QComboBox()
        for mode in PROXY_MODES:
            self.mode.addItem("", mode)
        self.mode.currentIndexChanged.connect(self._mode_changed)
        self.pac = QLineEdit()
        self.pac.setPlaceholderText("http://wpad.example.com/proxy.pac")
        self.server = QLineEdit()
        self.mode_label, self.pac_label, self.server_label = QLabel(), QLabel(), QLabel()
        self.test_button = QPushButton()
        self.test_button.clicked.connect(self.test)
        self.result = QLabel()
        self.result.setWordWrap(True)
        self.help = QLabel()
        self.help.setWordWrap(True)
        form = QFormLayout()
        for label, editor, key in (
            (self.mode_label, self.mode, "proxy_mode"),
            (self.pac_label, self.pac, "proxy_pac_url"),
            (self.server_label, self.server, "proxy_server"),
        ):
            column = QVBoxLayout()
            column.setContentsMargins(0, 0, 0, 0)
            column.addWidget(editor)
            column.addWidget(self.lock_label(key))
            form.addRow(label, column)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.help)
        layout.addWidget(self.test_button)
        layout.addWidget(self.result)
        layout.addStretch(1)
        self.retranslate()

    def title(self) -> str:
        return self.tr("Proxy")

    def editor(self, key: str) -> QWidget:
        return {"proxy_mode": self.mode, "proxy_pac_url": self.pac}.get(key, self.server)

    def load(self, settings: Settings) -> None:
        self._settings = settings
        self.mode.setCurrentIndex(max(0, self.mode.findData(settings.proxy_mode)))
        self.pac.setText(settings.proxy_pac_url or "")
        self.server.setText(settings.proxy_server or "")
        super().load(settings)
        self._mode_changed()

    def values(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "proxy_mode": str(self.mode.currentData()),
            "proxy_pac_url": self.pac.text().strip() or None,
            "proxy_server": self.server.text().strip() or None,
        }
        return {k: v for k, v in out.items() if not self.is_locked(k)}

    def _mode_changed(self) -> None:
        mode = self.mode.currentData()
        self.pac.setEnabled(mode == "pac" and not self.is_locked("proxy_pac_url"))
        self.server.setEnabled(mode == "manual" and not self.is_locked("proxy_server"))

    def test(self) -> None:
        """Sends one request to the server through the values on the page (network pool)."""
        s = self._settings
        url = s.server_url or s.tus_endpoint or s.update_url
        if not url:
            self.result.setText(self.tr("Sign in first: there is no server to test against."))
            return
        if self._tasks is None:
            return
        try:
            candidate = dataclasses.replace(s, **self.values())
        except (TypeError, ValueError):
            return
        credentials = self._credentials
        self.test_button.setEnabled(False)
        self.result.setText(self.tr("Testing…"))

        def op() -> ProxyCheck:
            resolver = build_resolver(candidate, credentials)
            try:
                return check_proxy(resolver, candidate, url)
            finally:
                resolver.close()

        self._tasks.run(op, success=self._tested, failure=self._failed, network=True, owner=self)

    def _tested(self, check: ProxyCheck) -> None:
        self.test_button.setEnabled(True)
        route = check.route if check.route != "DIRECT" else self.tr("directly")
        self.result.setText(
            self.tr("The server answered (HTTP {status}), reached {route}.").format(
                status=check.status, route=route
            )
        )

    def _failed(self, error: BaseException) -> None:
        self.test_button.setEnabled(True)
        self.result.setText(describe(error))

    def retranslate(self) -> None:
        self.mode_label.setText(self.tr("Proxy:"))
        self.mode.setAccessibleName(self.tr("Proxy"))
        for i, text in enumerate(
            (
                self.tr("Use the system's settings"),
                self.tr("Automatic configuration file (PAC)"),
                self.tr("This proxy"),
                self.tr("No proxy"),
            )
        ):
            self.mode.setItemText(i, text)
        self.pac_label.setText(self.tr("PAC address:"))
        self.pac.setAccessibleName(self.tr("PAC address"))
        self.server_label.setText(self.tr("Proxy host:port:"))
        self.server.setAccessibleName(self.tr("Proxy host and port"))
        self.server.setPlaceholderText(self.tr("host:port, e.g. proxy.example.com:3128"))
        self.test_button.setText(self.tr("Test"))
        self.test_button.setAccessibleName(self.tr("Test the proxy"))
        self.result.setAccessibleName(self.tr("Proxy test result"))
        self.help.setText(
            self.tr(
                "Uploads and updates use the same proxy. The server's certificate is still "
                "checked through the proxy; a proxy that asks for a password is signed in to "
                "when it first asks."
            )
        )
        self.help.setAccessibleName(self.tr("Proxy help"))
        super().retranslate()
