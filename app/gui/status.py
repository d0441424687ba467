"""Connection state at a glance: the account label and the sync indicator of the status bar,
and the banner shown when another device took the session over."""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QWidget

from app.gui import theme
from app.gui.messages import describe_code
from uploader import SyncStatus


class AccountLabel(QLabel):
    """ "user @ server" or "Not signed in"."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._user: str | None = None
        self._server: str | None = None
        self.retranslate()

    def set_account(self, user: str | None, server: str | None) -> None:
        """Shows who is signed in where (None: nobody)."""
        self._user, self._server = user, server
        self.retranslate()

    def retranslate(self) -> None:
        """Texts in the current language."""
        self.setAccessibleName(self.tr("Account"))
        if self._user and self._server:
            self.setText(self.tr("{user} at {server}").format(user=self._user, server=self._server))
            self.setToolTip(self.tr("Signed in; recordings upload to this server"))
        else:
            self.setText(self.tr("Not signed in"))
            self.setToolTip(self.tr("Sign in to upload recordings; you can record without it"))

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)


class SyncIndicator(QLabel):
    """offline / waiting / syncing / all confirmed, from `SyncStatus` events."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.state = "idle"
        self._reason = ""
        self._retry_in: float | None = None
        self._transfer = ""
        self.pending = 0
        self.retranslate()
        theme.on_change(self, self._paint_state)

    def set_status(self, state: str, reason: str = "", retry_in: float | None = None) -> None:
        """Takes one `SyncStatus` (state as a string)."""
        self.state, self._reason, self._retry_in = str(state), reason or "", retry_in
        self.retranslate()

    def set_transfer(self, text: str) -> None:
        """The upload figures ("Uploading: 12.3 MB left, ..."), shown instead of "Syncing…"
        while chunks go out ("": none)."""
        if text != self._transfer:
            self._transfer = text
            self.retranslate()

    def set_pending(self, pending: int) -> None:
        """How many parts wait for upload (shown when sync is idle)."""
        self.pending = pending
        self.retranslate()

    def retranslate(self) -> None:
        """Texts in the current language."""
        self.setAccessibleName(self.tr("Upload state"))
        texts = {
            "syncing": self.tr("Syncing…"),
            "offline": self.tr("Offline: uploads resume when the server is reachable"),
            "auth_needed": self.tr("Sign in to upload"),
            "superseded": self.tr("Signed out: another device took over"),
            "all_confirmed": self.tr("All recordings uploaded"),
        }
        if self.state == "waiting":
            text = (
                self.tr("Waiting, next try in {seconds} s").format(seconds=round(self._retry_in))
                if self._retry_in
                else self.tr("Waiting to upload")
            )
        elif self.state == "syncing" and self._transfer:
            text = self._transfer
        elif self.state in texts:
            text = texts[self.state]
        elif self.pending:
            text = self.tr("{n} part(s) waiting to upload").format(n=self.pending)
        else:
            text = self.tr("Nothing to upload")
        self.setText(text)
        self.setToolTip(describe_code(self._reason) if self._reason else text)
        self._paint_state()

    def _paint_state(self) -> None:
        # The state's colour (theme.STATES): a glance is enough to see "all is well".
        theme.set_text_colour(self, theme.STATES.get(self.state))

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)


class SupersededBanner(QFrame):
    """A clear banner: this account signed in on another device; uploads stopped, chunks kept."""

    sign_in_clicked = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("supersededBanner")
        theme.on_change(self, self._paint)
        self.label = QLabel()
        self.label.setWordWrap(True)
        self.label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.button = QPushButton()
        self.button.clicked.connect(self.sign_in_clicked)
        layout = QHBoxLayout(self)
        layout.addWidget(self.label, 1)
        layout.addWidget(self.button)
        self.setVisible(False)
        self.retranslate()

    def _paint(self) -> None:
        self.setStyleSheet(
            f"#supersededBanner {{ background: {theme.css('alert_bg')};"
            f" border: 1px solid {theme.css('alert_border')}; border-radius: 4px; }}"
            f" #supersededBanner QLabel {{ color: {theme.css('alert_fg')}; }}"
        )

    def retranslate(self) -> None:
        """Texts in the current language."""
        self.label.setText(
            self.tr(
                "Your account was signed in on another device, so uploading from this computer "
                "has stopped. Every recording is kept here, encrypted. Sign in again to continue."
            )
        )
        self.setAccessibleName(self.tr("Session taken over"))
        self.label.setAccessibleName(self.tr("Session taken over"))
        self.button.setText(self.tr("Sign in again…"))
        self.button.setAccessibleName(self.tr("Sign in again"))

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)


def sync_state_of(event: SyncStatus) -> tuple[str, str, float | None]:
    """(state, reason, retry_in) of a SyncStatus event, as plain values."""
    return (str(event.state), event.reason or "", event.retry_in)
