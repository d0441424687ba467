"""Sign in to a LogMeets server: server URL, user, password; a CA file under "Advanced".

When the administrator's managed config sets the server, the dialog asks only for the user and
the password: the server shows as a locked value, and the CA file, pin and organisation key are
the administrator's (the "Advanced" box is hidden; a locked CA file is used as set).

The sign-in runs in two steps (`TaskManager`): the password goes to the server from the network
pool (`log_in`), then the serial worker keeps the session (`finish`: keyring, settings, sync).
The dialog stays responsive, shows "Signing in…", and on failure shows the translated reason in
place, keeping what was typed.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.core import Changes, LoggedIn
from app.gui import fit, theme
from app.gui.messages import describe
from app.gui.tasks import TaskManager

CA_FIELD_CHARS = 32  # the CA file field's least width, in average characters


@dataclass(frozen=True)
class SignInRequest:
    """What the user typed. The password is passed on once and never stored by the GUI."""

    server_url: str
    user: str
    password: str
    ca_file: str | None


class SignInDialog(QDialog):
    """Modal sign-in; `log_in(request)` runs on the network pool, `finish(logged_in)` on the
    serial worker; what the sign-in changed is in `changes` once the dialog is accepted."""

    def __init__(
        self,
        parent: QWidget | None,
        tasks: TaskManager,
        log_in: Callable[[SignInRequest], LoggedIn],
        finish: Callable[[LoggedIn], Changes],
        *,
        server_url: str | None = None,
        user: str | None = None,
        ca_file: str | None = None,
        locked: dict[str, str] | None = None,
    ) -> None:
        super().__init__(parent)
        self._tasks = tasks
        self._log_in = log_in
        self._finish = finish
        self.changes = Changes()
        self.busy = False
        locked = locked or {}

        self.server_label = QLabel()
        self.server_edit = QLineEdit(server_url or "")
        self.server_edit.setPlaceholderText("https://")
        self.server_label.setBuddy(self.server_edit)
        self.managed = "server_url" in locked
        # A managed server: its address as plain text and why it cannot be changed here.
        self.server_value = QLabel(server_url or "")
        self.server_value.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.server_lock = QLabel()
        self.server_lock.setWordWrap(True)
        theme.keep_text_colour(self.server_lock, "muted")
        server_box = QVBoxLayout()
        server_box.setContentsMargins(0, 0, 0, 0)
        server_box.addWidget(self.server_edit)
        server_box.addWidget(self.server_value)
        server_box.addWidget(self.server_lock)
        self.server_edit.setVisible(not self.managed)
        self.server_value.setVisible(self.managed)
        self.server_lock.setVisible(self.managed)
        self.user_label = QLabel()
        self.user_edit = QLineEdit(user or "")
        self.user_label.setBuddy(self.user_edit)
        self.password_label = QLabel()
        self.password_edit = QLineEdit()
        self.password_edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.password_label.setBuddy(self.password_edit)

        # "Advanced" opens the CA row; closed, nothing of it takes room (no empty box).
        self.advanced = QCheckBox()
        self.advanced.setChecked(bool(ca_file))
        self.advanced_box = QWidget()
        self.ca_label = QLabel()
        self._ca_file = ca_file
        self.ca_edit = QLineEdit(ca_file or "")
        # Room for a path a person can check at a glance (it was a few pixels wide).
        self.ca_edit.setMinimumWidth(CA_FIELD_CHARS * self.ca_edit.fontMetrics().averageCharWidth())
        self.ca_label.setBuddy(self.ca_edit)
        self.ca_browse = QPushButton()
        self.ca_browse.clicked.connect(self._browse_ca)
        ca_row = QHBoxLayout()
        ca_row.addWidget(self.ca_edit, 1)
        ca_row.addWidget(self.ca_browse)
        adv_form = QFormLayout(self.advanced_box)
        adv_form.setContentsMargins(fit.em(self), 0, 0, 0)
        adv_form.addRow(self.ca_label, ca_row)
        self.advanced.toggled.connect(self._show_advanced)

        self.error_label = theme.problem_label()
        self.error_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.progress_label = QLabel()
        self.progress_label.setVisible(False)

        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.accepted.connect(self.submit)
        self.buttons.rejected.connect(self.reject)

        form = QFormLayout()
        form.addRow(self.server_label, server_box)
        form.addRow(self.user_label, self.user_edit)
        form.addRow(self.password_label, self.password_edit)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.advanced)
        layout.addWidget(self.advanced_box)
        # The managed server's trust (CA, pin, organisation key) is the administrator's.
        self.advanced.setVisible(not self.managed)
        self._show_advanced(self.advanced.isChecked())
        layout.addWidget(self.error_label)
        layout.addWidget(self.progress_label)
        layout.addWidget(self.buttons)

        self._locked = locked
        for key, edit in (("server_url", self.server_edit), ("ca_file", self.ca_edit)):
            if key in locked:
                edit.setEnabled(False)
        fit.FitOnResize(self)
        self.retranslate()
        if self.managed:
            (self.password_edit if user else self.user_edit).setFocus()
        else:
            (self.password_edit if server_url and user else self.server_edit).setFocus()

    def retranslate(self) -> None:
        """Texts in the current language."""
        self.setWindowTitle(self.tr("Sign in"))
        self.server_label.setText(self.tr("&Server:"))
        self.server_edit.setAccessibleName(self.tr("Server address"))
        self.user_label.setText(self.tr("&User:"))
        self.user_edit.setAccessibleName(self.tr("User name"))
        self.password_label.setText(self.tr("&Password:"))
        self.password_edit.setAccessibleName(self.tr("Password"))
        self.advanced.setText(self.tr("Advanced"))
        self.advanced.setAccessibleName(self.tr("Advanced settings"))
        self.ca_label.setText(self.tr("&CA certificate:"))
        self.ca_edit.setAccessibleName(self.tr("CA certificate file"))
        self.ca_edit.setToolTip(
            self.tr("A PEM file with your organisation's certificate authority")
        )
        self.ca_browse.setText(self.tr("Browse…"))
        self.ca_browse.setAccessibleName(self.tr("Choose CA certificate file"))
        self.progress_label.setText(self.tr("Signing in…"))
        self.progress_label.setAccessibleName(self.tr("Progress"))
        self.error_label.setAccessibleName(self.tr("Error"))
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setText(self.tr("Sign in"))
        ok.setAccessibleName(self.tr("Sign in"))
        cancel = self.buttons.button(QDialogButtonBox.StandardButton.Cancel)
        cancel.setText(self.tr("Cancel"))
        cancel.setAccessibleName(self.tr("Cancel"))
        for key, edit in (("server_url", self.server_edit), ("ca_file", self.ca_edit)):
            if key in self._locked:
                edit.setToolTip(self.tr("Locked: {reason}").format(reason=self._locked[key]))
        self.server_value.setAccessibleName(self.tr("Server address"))
        self.server_lock.setText(self.tr("Set by your administrator; ask them to change it."))
        self.server_lock.setAccessibleName(self.tr("Locked"))
        if self.managed:
            self.server_value.setToolTip(
                self.tr("Locked: {reason}").format(reason=self._locked["server_url"])
            )

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
            self._refit()
        super().changeEvent(event)

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self._refit()

    def _refit(self) -> None:
        """Grows the dialog so that every text shows whole (`app/gui/fit.py`)."""
        if self.isVisible():
            fit.fit(self)

    def request(self) -> SignInRequest:
        """What the form holds now."""
        if "ca_file" in self._locked:
            ca = self._ca_file or ""
        else:
            ca = self.ca_edit.text().strip() if self.advanced.isChecked() else ""
        return SignInRequest(
            server_url=self.server_edit.text().strip(),
            user=self.user_edit.text().strip(),
            password=self.password_edit.text(),
            ca_file=ca or None,
        )

    def submit(self) -> None:
        """Checks the form and starts the sign-in off the GUI thread."""
        if self.busy:
            return
        req = self.request()
        if not req.server_url or not req.user or not req.password:
            self._show_error(self.tr("Enter the server address, your user name and your password."))
            return
        self._set_busy(True)
        self._tasks.run(
            lambda: self._log_in(req),
            success=self._logged_in,
            failure=self._failed,
            network=True,
            owner=self,
        )

    def _logged_in(self, login: LoggedIn) -> None:
        self._tasks.run(
            lambda: self._finish(login), success=self._succeeded, failure=self._failed, owner=self
        )

    def _succeeded(self, changes: Changes) -> None:
        self._set_busy(False)
        self.changes = changes
        self.password_edit.clear()
        self.accept()

    def _failed(self, error: BaseException) -> None:
        self._set_busy(False)
        self._show_error(describe(error))
        self.password_edit.selectAll()
        self.password_edit.setFocus()

    def _show_error(self, text: str) -> None:
        self.error_label.setText(text)
        self.error_label.setVisible(True)
        self._refit()

    def _set_busy(self, busy: bool) -> None:
        self.busy = busy
        self.progress_label.setVisible(busy)
        if busy:
            self.error_label.setVisible(False)
        for w in (self.user_edit, self.password_edit, self.advanced, self.advanced_box):
            w.setEnabled(not busy)
        self.server_edit.setEnabled(not busy and "server_url" not in self._locked)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(not busy)
        self._refit()

    def _show_advanced(self, shown: bool) -> None:
        self.advanced_box.setVisible(shown and not self.managed)
        self._refit()

    def _browse_ca(self) -> None:
        path, _ = QFileDialog.getOpenFileName(
            self,
            self.tr("CA certificate"),
            "",
            self.tr("Certificates (*.pem *.crt);;All files (*)"),
        )
        if path:
            self.ca_edit.setText(path)
