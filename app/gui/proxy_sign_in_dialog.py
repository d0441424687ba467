"""Sign in to a proxy that answered 407: user name and password for `proxy` (host:port).

`save(user, password)` runs on the serial worker (it writes the keyring); on success the dialog
closes, on failure it shows the reason in place and keeps what was typed.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from app.gui import theme
from app.gui.messages import describe
from app.gui.tasks import TaskManager


class ProxySignInDialog(QDialog):
    """Modal; accepted once `save` has kept the credentials."""

    def __init__(
        self,
        parent: QWidget | None,
        tasks: TaskManager,
        proxy: str,
        save: Callable[[str, str], object],
        *,
        user: str = "",
    ) -> None:
        super().__init__(parent)
        self._tasks = tasks
        self._save = save
        self.proxy = proxy
        self.intro = QLabel()
        self.intro.setWordWrap(True)
        self.user_label = QLabel()
        self.user_edit = QLineEdit(user)
        self.user_label.setBuddy(self.user_edit)
        self.password_label = QLabel()
        self.password_edit = QLineEdit()
        self.password_edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.password_label.setBuddy(self.password_edit)
        self.error_label = theme.problem_label()
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.accepted.connect(self.submit)
        self.buttons.rejected.connect(self.reject)
        form = QFormLayout()
        form.addRow(self.user_label, self.user_edit)
        form.addRow(self.password_label, self.password_edit)
        layout = QVBoxLayout(self)
        layout.addWidget(self.intro)
        layout.addLayout(form)
        layout.addWidget(self.error_label)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(440)
        self.retranslate()

    def submit(self) -> None:
        """Keeps the credentials (serial worker); closes when they are kept."""
        user, password = self.user_edit.text().strip(), self.password_edit.text()
        if not user or not password:
            self._show_error(self.tr("Enter the user name and the password for the proxy."))
            return
        self.buttons.setEnabled(False)
        self._tasks.run(
            lambda: self._save(user, password),
            success=lambda _r: self.accept(),
            failure=lambda e: self._show_error(describe(e)),
            owner=self,
        )

    def _show_error(self, text: str) -> None:
        self.buttons.setEnabled(True)
        self.error_label.setText(text)
        self.error_label.setVisible(True)

    def retranslate(self) -> None:
        """Texts in the current language."""
        self.setWindowTitle(self.tr("Sign in to the proxy"))
        self.intro.setText(
            self.tr(
                "The proxy {proxy} of your network asks for a user name and password before "
                "LogMeets can upload. They are kept in your system's key store."
            ).format(proxy=self.proxy)
        )
        self.user_label.setText(self.tr("&User name:"))
        self.password_label.setText(self.tr("&Password:"))
        self.user_edit.setAccessibleName(self.tr("Proxy user name"))
        self.password_edit.setAccessibleName(self.tr("Proxy password"))
        self.error_label.setAccessibleName(self.tr("Error"))
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setText(self.tr("Sign in"))
        cancel = self.buttons.button(QDialogButtonBox.StandardButton.Cancel)
        cancel.setText(self.tr("Cancel"))

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)
