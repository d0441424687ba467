"""Offers to record when a meeting app starts using the microphone.

Every `POLL_SECONDS` (3 s) the detector of this OS (`app.meetings`) is asked, on the network
pool (on Linux it runs `pactl`, a subprocess with a timeout), which known meeting apps capture
the microphone.
When one starts while nothing is being recorded, the tray shows "Zoom is using the microphone.
Record this meeting?" (clicking it records) and a bar above the list offers Record / Not now.
Each app is offered once per meeting: again only after it has stopped using the microphone. What
is seen while recording or testing the microphone counts as offered (on macOS our own capture is
indistinguishable from a meeting's). The `offer_to_record` setting turns it off.
"""

from __future__ import annotations

import logging
from typing import Protocol

from PySide6.QtCore import QCoreApplication, QEvent, QObject, QTimer, Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from app.context import Context
from app.gui import record_panel as rp
from app.gui.notices import NoticeBox
from app.gui.record_panel import RecordPanel
from app.gui.tasks import TaskManager
from app.gui.tray import Tray
from app.meetings import POLL_SECONDS, UNKNOWN, MeetingDetector, for_platform

log = logging.getLogger(__name__)

POLL_MS = int(POLL_SECONDS * 1000)


class MeetingWindow(Protocol):
    """What the prompt uses of the main window."""

    ctx: Context
    tasks: TaskManager
    panel: RecordPanel
    tray: Tray
    notice: NoticeBox

    def centralWidget(self) -> QWidget | None: ...
    def record(self) -> None: ...
    def bring_to_front(self) -> None: ...


def offer_text(app: str) -> str:
    """The question, naming the app (`UNKNOWN`: "a meeting app")."""
    if app == UNKNOWN:
        return QCoreApplication.translate(
            "MeetingPrompt", "A meeting app is using the microphone. Record this meeting?"
        )
    return QCoreApplication.translate(
        "MeetingPrompt", "{app} is using the microphone. Record this meeting?"
    ).format(app=app)


class MeetingOfferBar(QFrame):
    """The offer in the window: its text, Record and Not now. Not modal."""

    record_clicked = Signal()
    dismissed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("meetingOffer")
        self.setStyleSheet(
            "#meetingOffer { background: palette(alternate-base); border: 1px solid palette(mid);"
            " border-radius: 4px; }"
        )
        self.app: str | None = None
        self.label = QLabel()
        self.label.setWordWrap(True)
        self.record_button = QPushButton()
        self.not_now_button = QPushButton()
        self.record_button.clicked.connect(self.record_clicked)
        self.not_now_button.clicked.connect(self.dismissed)
        row = QHBoxLayout(self)
        row.addWidget(self.label, 1)
        buttons = QHBoxLayout()
        buttons.addWidget(self.record_button)
        buttons.addWidget(self.not_now_button)
        row.addLayout(buttons)
        self.setVisible(False)
        self.retranslate()

    def offer(self, app: str) -> None:
        """Shows the offer for `app`."""
        self.app = app
        self.retranslate()
        self.setVisible(True)

    def withdraw(self) -> None:
        """Hides the offer."""
        self.app = None
        self.setVisible(False)

    def retranslate(self) -> None:
        """Texts in the current language."""
        self.label.setText(offer_text(self.app) if self.app is not None else "")
        self.record_button.setText(QCoreApplication.translate("MeetingPrompt", "Record"))
        self.not_now_button.setText(QCoreApplication.translate("MeetingPrompt", "Not now"))
        self.record_button.setAccessibleName(
            QCoreApplication.translate("MeetingPrompt", "Record the meeting")
        )
        self.not_now_button.setAccessibleName(
            QCoreApplication.translate("MeetingPrompt", "Do not record the meeting")
        )
        self.setAccessibleName(QCoreApplication.translate("MeetingPrompt", "Meeting detected"))

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)


class MeetingPrompt(QObject):
    """Polls the detector and offers to record (see the module's docstring)."""

    def __init__(self, window: MeetingWindow, detector: MeetingDetector | None = None) -> None:
        central = window.centralWidget()
        super().__init__(central)
        self.w = window
        self.detector = for_platform() if detector is None else detector
        self.offered: frozenset[str] = frozenset()  # until they stop using the microphone
        self.bar = MeetingOfferBar()
        layout = central.layout() if central is not None else None
        if isinstance(layout, QVBoxLayout):  # just under the notice box
            layout.insertWidget(layout.indexOf(window.notice) + 1, self.bar)
        self.bar.record_clicked.connect(self.accept)
        self.bar.dismissed.connect(self.bar.withdraw)
        window.tray.icon.messageClicked.connect(self._notification_clicked)
        self._notified = ""  # the text of our last notification
        self._looking = False  # a poll is running on the pool
        self.looks = 0  # polls answered (for tests and the log)
        self.timer = QTimer(self)
        self.timer.setInterval(POLL_MS)
        self.timer.timeout.connect(self.poll)

    def start(self) -> None:
        """Starts polling (when the window can record); nothing happens where the OS cannot
        tell."""
        if self.detector.available:
            self.timer.start()

    def poll(self) -> None:
        """One look, off the GUI thread; skipped while the setting is off or a look runs."""
        if not self.w.ctx.settings.offer_to_record:
            self.offered = frozenset()
            self.bar.withdraw()
            return
        if self._looking:
            return
        self._looking = True
        self.w.tasks.run(
            self.detector.meeting_apps,
            success=self.seen,
            failure=self._failed,
            network=True,  # never the outbox or the keyring: the pool, not the serial worker
            owner=self,
        )

    def seen(self, apps: frozenset[str]) -> None:
        """What a look found: offers an app that has started since the last look."""
        self._looking = False
        self.looks += 1
        if not self.w.ctx.settings.offer_to_record:
            return
        busy = self.w.panel.phase != rp.IDLE or self.w.panel.test_button.isChecked()
        if busy:
            self.offered |= apps
            self.bar.withdraw()
            return
        self.offered &= apps  # an app that stopped may be offered at its next meeting
        if self.bar.app is not None and self.bar.app not in apps:
            self.bar.withdraw()  # its meeting ended before the user answered
        new = apps - self.offered
        if not new:
            return
        self.offered |= new
        app = min(new, key=lambda a: (a == UNKNOWN, a))  # a named app before "a meeting app"
        log.info("meeting app started using the microphone: %s", app or "unknown")
        self.bar.offer(app)
        self._notified = offer_text(app)
        self.w.tray.notify(
            QCoreApplication.translate("MeetingPrompt", "Meeting detected"), self._notified
        )

    def _failed(self, error: BaseException) -> None:
        self._looking = False
        log.warning("meeting detection failed", exc_info=error)

    def accept(self) -> None:
        """Records the offered meeting, titled after its app when no title was typed."""
        app = self.bar.app
        self.bar.withdraw()
        if self.w.panel.phase != rp.IDLE:
            return
        if app and not self.w.panel.title_edit.text().strip():
            self.w.panel.title_edit.setText(
                QCoreApplication.translate("MeetingPrompt", "{app} meeting").format(app=app)
            )
        self.w.record()

    def _notification_clicked(self) -> None:
        # The tray's notifications share one click signal: only ours, while still offered.
        notes = self.w.tray.notifications
        if self.bar.app is not None and notes and notes[-1][1] == self._notified:
            self.w.bring_to_front()
            self.accept()
