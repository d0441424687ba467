"""Signing in and out from the main window, and the account shown in its status bar.

Each step runs where `app/gui/tasks.py` promises: the password goes to the server from the
network pool (`Core.log_in`), the session is kept by the serial worker (`Core.finish_sign_in`:
keyring, settings, sync); signing out takes the sync engine out and reads the token serially,
tells the server from the pool, and has the keyring forget it serially.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QWidget

from app.core import LoggedIn, SignOut
from app.gui.file_names import host_of
from app.gui.sign_in_dialog import SignInDialog, SignInRequest
from app.gui.window_parts import WindowParts
from uploader import UploadError


class AccountFlow:
    """The sign-in dialog, sign-out and the account label of one window."""

    def __init__(self, window: WindowParts, dialog_parent: QWidget) -> None:
        self.w = window
        self._parent = dialog_parent  # the window itself, as a widget

    def sign_in(self) -> None:
        """Opens the sign-in dialog (`window.sign_in_dialog`)."""
        w, core = self.w, self.w.core

        def log_in(r: SignInRequest) -> LoggedIn:
            return core.log_in(r.server_url, r.user, r.password, r.ca_file)

        s = w.ctx.settings
        dialog = SignInDialog(
            self._parent,
            w.tasks,
            log_in,
            core.finish_sign_in,
            server_url=s.server_url,
            user=s.server_user,
            ca_file=s.ca_file,
            locked=dict(s.locked),
        )
        dialog.accepted.connect(self._signed_in)
        dialog.open()
        w.sign_in_dialog = dialog

    def _signed_in(self) -> None:
        w = self.w
        w.banner.setVisible(False)
        if w.sign_in_dialog is not None:
            w.refresh(w.sign_in_dialog.changes)
        w.statusBar().showMessage(QCoreApplication.translate("MainWindow", "Signed in"), 5000)

    def sign_out(self) -> None:
        """Ends the session; recordings stay and upload after the next sign-in."""
        w = self.w
        core, tasks = w.core, w.tasks

        def end(sign_out: SignOut) -> None:
            tasks.run(
                lambda: core.end_session(sign_out),
                success=lambda error: forget(sign_out, error),
                network=True,
            )

        def forget(sign_out: SignOut, error: UploadError | None) -> None:
            if error is not None:
                w.show_error(error)
            tasks.run(lambda: core.forget_session(sign_out), success=w.refresh)

        tasks.run(core.begin_sign_out, success=end)

    def update_account(self) -> None:
        """Shows who is signed in where, and whether "Sign out" applies (no I/O)."""
        w = self.w
        s = w.ctx.settings
        signed_in = bool(s.server_url and s.server_user and w.core.signed_in())
        w.account.set_account(
            s.server_user if signed_in else None, host_of(s.server_url) if signed_in else None
        )
        w.sign_out_action.setEnabled(signed_in)

    def sync_failed(self, error: BaseException) -> None:
        """Uploading could not resume at start-up: the status says to sign in."""
        self.w.sync.set_status("auth_needed", getattr(error, "code", "") or "")
