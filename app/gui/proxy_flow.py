"""A proxy that answers 407 in the window: the sync engine stops with `proxy_auth_needed`; the
proxy sign-in dialog opens once (not again while the same stop lasts, if cancelled); the
credentials go to the keyring on the serial worker and uploading is retried at once."""

from __future__ import annotations

import logging

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QWidget

from app.core.proxy import proxy_for, sign_in_to_proxy
from app.gui.proxy_sign_in_dialog import ProxySignInDialog
from app.gui.window_parts import WindowParts
from uploader import ProxyCredentials

log = logging.getLogger(__name__)

AUTH_NEEDED = "proxy_auth_needed"


class ProxyFlow(QObject):
    """Opens the proxy sign-in when uploads meet a 407."""

    def __init__(self, window: WindowParts, dialog_parent: QWidget) -> None:
        super().__init__(dialog_parent)
        self.w = window
        self._parent = dialog_parent
        self.dialog: ProxySignInDialog | None = None
        self._asked = False  # asked during the current stop: a cancel is not asked again

    def credentials(self) -> ProxyCredentials | None:
        """The proxy credentials in use (for the Settings › Proxy page's Test)."""
        resolver = self.w.ctx.built_proxy()
        return resolver.credentials if resolver is not None else None

    def sync_status(self, reason: str) -> None:
        """Every sync status: a 407 opens the dialog; anything else ends the stop."""
        if reason != AUTH_NEEDED:
            self._asked = False
            return
        if self._asked or (self.dialog is not None and self.dialog.isVisible()):
            return
        self._asked = True
        self.ask()

    def ask(self) -> None:
        """Opens the proxy sign-in for the proxy the server's requests go through (found on
        the network pool: a PAC file may have to be asked)."""
        resolver = self.w.ctx.built_proxy()
        s = self.w.ctx.settings
        url = s.server_url or s.tus_endpoint
        if resolver is None or not url:
            return
        self.w.tasks.run(
            lambda: proxy_for(resolver, url),
            success=self._open,
            failure=lambda e: log.warning("no route for the proxy sign-in: %s", e),
            network=True,
        )

    def _open(self, proxy: str | None) -> None:
        if not proxy or (self.dialog is not None and self.dialog.isVisible()):
            return
        creds = self.credentials()
        self.dialog = ProxySignInDialog(
            self._parent,
            self.w.tasks,
            proxy,
            lambda user, password: self._save(proxy, user, password),
            user=creds.user if creds else "",
        )
        self.dialog.open()

    def _save(self, proxy: str, user: str, password: str) -> None:
        """Serial worker: the keyring, then the sync engine retries now."""
        ctx = self.w.ctx
        sign_in_to_proxy(ctx.proxy(), ctx.keystore(), proxy, user, password)
        sync = self.w.core.sync
        if sync is not None:
            sync.network_changed()
